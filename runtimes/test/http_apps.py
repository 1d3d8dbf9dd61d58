#!/usr/bin/env python3
"""The ways of writing an HTTP app that the JavaScript runtime serves besides `http.createServer`
(examples/node-http-server): `export default { fetch }` and `addEventListener('fetch')`, each
served by `fabricks-host serve` and asked real HTTP requests: method, path, query, body, status,
headers, and a 500 when the app throws, after which the server goes on.
Build first: ./mvnw -f examples/pom.xml package. Prints `N passed, M failed`.
"""
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "scripts"))
import fabricks_host  # noqa: E402

passed = failed = 0


def check(what, ok, detail=""):
    global passed, failed
    passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
    print(f"{'ok  ' if ok else 'FAIL'} {what}{'' if ok else ': ' + detail}")


def ask(port, method, path, body=None):
    req = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=body, method=method,
                                 headers={"Content-Type": "text/plain"} if body else {})
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def serve(app, port):
    proc = subprocess.Popen([fabricks_host.executable(), "serve", os.path.join(HERE, "http", app, "target/fabricks/oci")],
                            stderr=subprocess.PIPE, text=True)
    for _ in range(600):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
            break
        except urllib.error.HTTPError:
            break
        except OSError:
            time.sleep(0.1)
    return proc


def main():
    for app, port, style in (("node-fetch", 8082, "export default"), ("node-listener", 8083, "listener")):
        proc = serve(app, port)
        try:
            status, head, raw = ask(port, "POST", "/created?x=1&y=two", b"hello body")
            reply = json.loads(raw or b"{}")
            want_status = 201 if style == "export default" else 200
            check(f"{app}: POST with a query and a body reaches the app",
                  status == want_status and reply.get("style") == style and reply.get("method") == "POST"
                  and reply.get("path") == "/created" and reply.get("body") == "hello body"
                  and head.get("x-app") in ("fetch", "listener") and "json" in head.get("content-type", ""), f"{status} {head} {raw!r}")
            if style == "export default":
                check(f"{app}: the query string", reply.get("query") == "?x=1&y=two", repr(reply))
            status, _, raw = ask(port, "GET", "/again")
            check(f"{app}: a second request (a new instance)", status == 200 and json.loads(raw)["path"] == "/again", f"{status} {raw!r}")
            if style == "listener":
                status, _, raw = ask(port, "GET", "/throw")
                check(f"{app}: a listener that throws answers 500", status == 500, f"{status} {raw!r}")
                status, _, raw = ask(port, "GET", "/after")
                check(f"{app}: ... and the server goes on", status == 200, f"{status} {raw!r}")
        finally:
            proc.send_signal(2)
            code = proc.wait(timeout=20)
        check(f"{app}: Ctrl-C stops the host with 0", code == 0, f"exit {code}: {proc.stderr.read()[-500:]}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
