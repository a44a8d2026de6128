FROM alpine:latest AS tools
RUN apk update && apk add curl git \
	openssh-client
RUN gem install rake && sudo apt-get install --no-install-recommends make

FROM tools
ONBUILD RUN apk add --virtual .deps gcc musl-dev
