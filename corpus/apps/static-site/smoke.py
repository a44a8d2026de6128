"""Smoke test: serve /srv/site on localhost, fetch the index and one page, print them."""

import functools
import http.server
import threading
import urllib.request

SITE = "/srv/site"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 8000), functools.partial(QuietHandler, directory=SITE))
thread = threading.Thread(target=server.serve_forever, daemon=True)
thread.start()

for path in ("/", "/birds.html"):
    with urllib.request.urlopen(f"http://127.0.0.1:8000{path}", timeout=10) as reply:
        print(f"== GET {path} -> {reply.status} {reply.headers['Content-Type']}")
        print(reply.read().decode("utf-8"), end="")

server.shutdown()
thread.join()
