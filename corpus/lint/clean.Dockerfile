FROM python:3.12-slim
ENV PIP_NO_CACHE_DIR=1
RUN pip install flask==3.0.3
RUN --mount=type=cache,target=/var/cache/apk apk add jq=1.7.1-r0
USER 10001
CMD ["python", "-m", "flask", "run"]
