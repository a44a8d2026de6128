"""The semantic model of a Dockerfile: stages, variables, images, shell commands."""
