# syntax=docker/dockerfile:1
FROM debian:bookworm-slim
RUN <<EOT
set -eux
apt-get update
apt-get install --no-install-recommends ca-certificates
rm -rf /var/lib/apt/lists/*
EOT
