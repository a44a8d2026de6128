FROM debian:bookworm
ENV LANG C.UTF-8
LABEL maintainer
RUN echo unreachable
