# A rewrite that does not build.
FROM busybox:latest
RUN echo kept > /kept.txt
RUN exit 3
CMD ["cat", "/kept.txt"]
