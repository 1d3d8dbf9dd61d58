#!/usr/bin/env python3
"""End to end: an MCP conversation over Streamable HTTP with an HTTP example, served by
`fabricks-host serve target/fabricks/oci`, and the same conversation with the example run
natively (`python3 server.py`, `node src/server.js`: the oracle): every reply is checked, and
both servers' replies must be equal (session ids aside). Also: the host refuses to serve on a
port the app does not declare. examples/node-http-server/test/http_conversation.py runs this
for the JavaScript example.

Usage: http_conversation.py [--host-only]
Prints `N passed, M failed`; exits non-zero when anything failed.
"""
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.environ.get("HTTP_EXAMPLE") or os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(EXAMPLE))
sys.path.insert(0, os.path.join(REPO, "scripts"))
import fabricks_host  # noqa: E402

# What differs between the examples: where they are, their port, their native command, their tools.
EXAMPLES = {
    "python-http-server": dict(port=8080, native=[sys.executable, "server.py", "8080"], stateful=True,
                               tools={"get_quote", "compute_stats", "divide"},
                               calls=[("get_quote", {"author": "Beck"}, False), ("get_quote", {"index": 2}, False),
                                      ("compute_stats", {"numbers": [2, 4, 4, 4, 5, 5, 7, 9]}, False),
                                      ("divide", {"dividend": 7, "divisor": 2}, False),
                                      ("divide", {"dividend": 1, "divisor": 0}, True)]),
    "node-http-server": dict(port=8081, native=["node", "src/server.js", "8081"], stateful=False,
                             tools={"lookup_element", "statistics", "divide"},
                             calls=[("lookup_element", {"query": "Fe"}, False), ("lookup_element", {"query": "iron"}, False),
                                    ("statistics", {"numbers": [2, 4, 4, 4, 5, 5, 7, 9]}, False),
                                    ("divide", {"a": 7, "b": 2}, False), ("divide", {"a": 1, "b": 0}, True)]),
}
CONFIG = EXAMPLES[os.path.basename(EXAMPLE)]
PORT = CONFIG["port"]
BASE = f"http://127.0.0.1:{PORT}"
passed = failed = 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok    {what}")
    else:
        failed += 1
        print(f"FAIL  {what}{': ' + detail if detail else ''}")
    return ok


def http(method, path, body=None, headers=None):
    """(status, headers, parsed JSON or None) of one request."""
    data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
    request = urllib.request.Request(BASE + path, data=data, method=method, headers={
        "Accept": "application/json, text/event-stream", "Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            status, head, raw = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as e:
        status, head, raw = e.code, dict(e.headers), e.read()
    return status, {k.lower(): v for k, v in head.items()}, json.loads(raw) if raw else None


def start(cmd):
    proc = subprocess.Popen(cmd, cwd=EXAMPLE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"http_conversation: {' '.join(cmd)} ended: {proc.stderr.read()}")
        try:
            if http("GET", "/health")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    sys.exit(f"http_conversation: {' '.join(cmd)} did not answer /health in 120 s")


def stop(proc):
    proc.send_signal(2)  # Ctrl-C: the host drains and exits 0
    try:
        return proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        return proc.wait()


def conversation():
    """The steps, each (name, status, headers, body); asserting what every MCP server must do."""
    steps = []

    def step(name, method, path, body=None, headers=None):
        status, head, reply = http(method, path, body, headers)
        steps.append((name, status, {k: head[k] for k in ("content-type", "allow") if k in head}, reply))
        return status, head, reply

    status, head, reply = step("initialize", "POST", "/mcp", {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "http_conversation.py", "version": "1"}}})
    session = head.get("mcp-session-id")
    stateful = CONFIG["stateful"]
    check(f"initialize: 200, protocolVersion 2025-06-18, {'a session id' if stateful else 'no session (stateless)'}",
          status == 200 and (reply or {}).get("result", {}).get("protocolVersion") == "2025-06-18" and bool(session) == stateful,
          f"{status} {head} {reply}")
    s = {"MCP-Protocol-Version": "2025-06-18", **({"Mcp-Session-Id": session} if session else {})}
    status, _, reply = step("initialized", "POST", "/mcp", {"jsonrpc": "2.0", "method": "notifications/initialized"}, s)
    check("notifications/initialized: 202 and no body", status == 202 and reply is None, f"{status} {reply}")
    status, _, reply = step("tools/list", "POST", "/mcp", {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}, s)
    names = {t["name"] for t in (reply or {}).get("result", {}).get("tools", [])}
    check(f"tools/list: {', '.join(sorted(CONFIG['tools']))}", names == CONFIG["tools"], repr(reply))
    for i, (name, arguments, want_error) in enumerate(CONFIG["calls"], start=3):
        status, _, reply = step(f"tools/call {name} {arguments}", "POST", "/mcp",
                                {"jsonrpc": "2.0", "id": i, "method": "tools/call", "params": {"name": name, "arguments": arguments}}, s)
        result = (reply or {}).get("result", {})
        check(f"tools/call {name} {arguments}: 200 and a result{' with isError' if want_error else ''}",
              status == 200 and bool(result.get("isError")) is want_error and result.get("content"), repr(reply))
    status, _, reply = step("unknown tool", "POST", "/mcp", {"jsonrpc": "2.0", "id": 20, "method": "tools/call",
                                                             "params": {"name": "nope", "arguments": {}}}, s)
    check("tools/call of an unknown tool: an error reply", isinstance((reply or {}).get("error", {}).get("code"), int)
          or (reply or {}).get("result", {}).get("isError") is True, repr(reply))
    status, _, reply = step("not JSON", "POST", "/mcp", b"{not json", s)
    check("a body that is not JSON: 400 and error -32700", status == 400 and reply["error"]["code"] == -32700, repr(reply))
    status, _, reply = step("no session", "POST", "/mcp", {"jsonrpc": "2.0", "id": 21, "method": "tools/list"})
    if stateful:
        check("a request without Mcp-Session-Id: 400", status == 400, f"{status} {reply}")
    else:
        check("a stateless server answers without a session: 200", status == 200 and "result" in (reply or {}), f"{status} {reply}")
    status, _, reply = step("bad version", "POST", "/mcp", {"jsonrpc": "2.0", "id": 22, "method": "tools/list"},
                            {**s, "MCP-Protocol-Version": "1999-01-01"})
    check("an unsupported MCP-Protocol-Version: 400", status == 400, f"{status} {reply}")
    status, _, reply = step("foreign origin", "POST", "/mcp", {"jsonrpc": "2.0", "id": 23, "method": "tools/list"},
                            {**s, "Origin": "http://evil.example"})
    check("an Origin that is not local: 403", status == 403, f"{status} {reply}")
    status, head, reply = step("GET /mcp", "GET", "/mcp", None, s)
    check("GET /mcp: 405 with Allow", status == 405 and "POST" in head.get("allow", ""), f"{status} {head}")
    status, _, reply = step("health", "GET", "/health")
    want_health = {"status": "ok", "sessions": 1} if stateful else {"status": "ok"}
    check(f"GET /health: 200 and {want_health}", status == 200 and reply == want_health, repr(reply))
    if stateful:
        status, _, reply = step("DELETE", "DELETE", "/mcp", None, s)
        check("DELETE /mcp: 204, the session ends", status == 204, f"{status} {reply}")
        status, _, reply = step("after DELETE", "POST", "/mcp", {"jsonrpc": "2.0", "id": 24, "method": "tools/list"}, s)
        check("a request in the ended session: 404", status == 404, f"{status} {reply}")
    status, _, reply = step("unknown route", "GET", "/nope")
    check("an unknown route: 404", status == 404, f"{status} {reply}")
    return steps


def comparable(step):
    """A step as compared between the servers: the text of a JSON parse error is the engine's own
    (SpiderMonkey's under the JavaScript runtime, V8's under node), the rest must be equal."""
    name, status, head, reply = step
    if name == "not JSON" and isinstance(reply, dict) and "error" in reply:
        reply = {**reply, "error": {**reply["error"], "message": reply["error"]["message"].split(":")[0]}}
    return name, status, head, reply


def main():
    layout = os.path.join(EXAMPLE, "target", "fabricks", "oci")
    if not os.path.exists(layout):
        print(f"{layout} is missing: build it with ./mvnw -f examples/{os.path.basename(EXAMPLE)}/pom.xml package")
        print("0 passed, 1 failed")
        return 1
    host = fabricks_host.executable()
    print(f"==> {host} serve {layout}")
    proc = start([host, "serve", layout])
    try:
        under_host = conversation()
    finally:
        code = stop(proc)
    check("Ctrl-C: the host stops with exit status 0", code == 0, f"exit {code}")

    if "--host-only" not in sys.argv:
        print(f"==> {' '.join(CONFIG['native'])} (the oracle)")
        proc = start(CONFIG["native"])
        try:
            native = conversation()
        finally:
            stop(proc)
        differing = [a[0] for a, b in zip(under_host, native) if comparable(a) != comparable(b)]
        check(f"fabricks-host and {os.path.basename(CONFIG['native'][0])} give the same {len(native)} replies", not differing and len(native) == len(under_host),
              f"they differ at {differing}")

    print(f"==> {host} serve --port 9999 (a port the app does not declare)")
    refused = subprocess.run([host, "serve", "--port", "9999", layout], capture_output=True, text=True, timeout=60)
    check("serve on an undeclared port: refused with the key that grants it",
          refused.returncode == 2 and "[capabilities.network] listen = [9999]" in refused.stderr, refused.stderr)
    try:
        urllib.request.urlopen("http://127.0.0.1:9999/health", timeout=5)
        check("nothing answers on the undeclared port", False, "something answered")
    except OSError:
        check("nothing answers on the undeclared port", True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
