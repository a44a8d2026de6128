"""DF1xx: base images and stages."""
