# The same file made and deleted in one layer: nothing wasted.
FROM busybox:latest
RUN dd if=/dev/zero of=/blob bs=1048576 count=10 && echo kept > /kept.txt && rm /blob
CMD ["cat", "/kept.txt"]
