# dflint: ignore-file=DF102
FROM ubuntu:latest
# hadolint ignore=DL3015
RUN apt-get update && apt-get install -y curl
# a reviewed exception:
# dflint: ignore=DF207
RUN pip install flask==3.0.3

# dflint: ignore=DF207
RUN pip install gunicorn==22.0.0
# hadolint global ignore=DL3006
FROM debian
# dflint: ignore=DF999,apk-add-cache
RUN apk add jq
# dflint: ignore-file
