# A deliberately wrong rewrite: smaller, but it runs something else.
FROM busybox:latest
RUN echo changed > /kept.txt
CMD ["echo", "something else"]
