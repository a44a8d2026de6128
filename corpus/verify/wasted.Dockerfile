# 10 MiB written in one layer and deleted in the next: 10485760 wasted bytes.
FROM busybox:latest
RUN dd if=/dev/zero of=/blob bs=1048576 count=10 && echo kept > /kept.txt
RUN rm /blob
CMD ["cat", "/kept.txt"]
