FROM busybox:1.36 AS sleeper
CMD ['sleep 1000']

FROM busybox:1.36
HEALTHCHECK CMD ["wget -q -O- http://localhost:8080/health"]
ENTRYPOINT ["echo 'Conteneur démarré'"]
