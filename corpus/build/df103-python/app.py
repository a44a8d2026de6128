import json
import sys

print(json.dumps({"python": sys.version_info[:2], "ok": True}))
