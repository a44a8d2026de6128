# A build that takes a while, to interrupt.
FROM busybox:latest
RUN echo started && sleep 60
