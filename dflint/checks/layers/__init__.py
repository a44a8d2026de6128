"""DF2xx: layers and image size."""
