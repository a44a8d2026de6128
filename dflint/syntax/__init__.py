"""Dockerfile syntax: the grammar, the lossless typed tree, and BuildKit's semantics."""
