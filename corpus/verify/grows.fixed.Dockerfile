# A "fix" that makes the image bigger: it keeps 3 MiB more.
FROM busybox:latest
RUN dd if=/dev/zero of=/blob bs=1048576 count=10 && echo kept > /kept.txt
RUN dd if=/dev/urandom of=/extra bs=1048576 count=3
CMD ["cat", "/kept.txt"]
