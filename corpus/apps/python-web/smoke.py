"""Smoke test: serve the app on localhost in a thread, request three URLs, print the replies."""

import json
import threading
import urllib.error
import urllib.request

from app import app
from werkzeug.serving import make_server

server = make_server("127.0.0.1", 8000, app)
thread = threading.Thread(target=server.serve_forever, daemon=True)
thread.start()

for path in (
    "/health",
    "/convert?value=10&from=km&to=mi",
    "/convert?value=100&from=c&to=f",
    "/convert?value=1&from=kg&to=ft",
):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:8000{path}", timeout=10) as reply:
            status, body = reply.status, reply.read()
    except urllib.error.HTTPError as err:
        status, body = err.code, err.read()
    print(status, path, json.dumps(json.loads(body), sort_keys=True))

server.shutdown()
thread.join()
