#!/usr/bin/env python3
"""End-to-end test: a real MCP conversation with the built component.

Usage: mcp_conversation.py [layout|app.wasm] [--python]

Starts `fabricks-host run <layout>` (default: target/fabricks/oci next to this
folder) and drives it one
request at a time: writes a line, waits for the reply line, parses and checks
it. Ends by closing stdin and expecting exit code 0. `--python` runs
`python3 server.py` instead, to check the test against plain CPython.
Prints `N passed, M failed` and exits non-zero when anything failed.
"""
import json
import os
import queue
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLE = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(EXAMPLE))
REPLY_TIMEOUT = float(os.environ.get("MCP_REPLY_TIMEOUT", "120"))  # a cold wasmtime cache compiles for a while

passed = failed = 0


def check(what, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"ok    {what}")
    else:
        failed += 1
        print(f"FAIL  {what}{': ' + detail if detail else ''}")
    return condition


class Server:
    def __init__(self, cmd):
        self.started = time.monotonic()
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     cwd=EXAMPLE, text=True, encoding="utf-8", bufsize=1)
        self.lines = queue.Queue()
        self.stderr = []
        threading.Thread(target=self._pump, args=(self.proc.stdout, self.lines.put), daemon=True).start()
        threading.Thread(target=self._pump, args=(self.proc.stderr, lambda line: line is not None and self.stderr.append(line)), daemon=True).start()

    @staticmethod
    def _pump(stream, put):
        for line in stream:
            put(line)
        put(None)

    def send(self, message):
        line = message if isinstance(message, str) else json.dumps(message)
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def reply(self, timeout=REPLY_TIMEOUT):
        """The next line from stdout, parsed; None at end of output or on time-out."""
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            return None
        return None if line is None else json.loads(line)

    def request(self, request_id, method, params=None):
        message = {"jsonrpc": "2.0", "id": request_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return self.reply()


def result_of(reply, request_id):
    if not isinstance(reply, dict) or reply.get("jsonrpc") != "2.0" or reply.get("id") != request_id:
        return None
    return reply.get("result")


def error_code(reply, request_id):
    if not isinstance(reply, dict) or reply.get("id") != request_id or "result" in reply:
        return None
    return (reply.get("error") or {}).get("code")


def main(argv):
    if "--python" in argv:
        cmd = [sys.executable, "server.py"]
    else:
        args = [a for a in argv if not a.startswith("--")]
        app = os.path.abspath(args[0]) if args else os.path.join(EXAMPLE, "target", "fabricks", "oci")
        if not os.path.exists(app):
            sys.exit(f"mcp_conversation: {app} not found: build it with mvn package first")
        sys.path.insert(0, os.path.join(REPO, "scripts"))
        import fabricks_host
        cmd = fabricks_host.run_command(app)
    with open(os.path.join(EXAMPLE, "data", "quotes.json"), encoding="utf-8") as f:
        quotes = json.load(f)

    print("$", " ".join(cmd))
    server = Server(cmd)

    # 1. initialize
    reply = server.request(1, "initialize", {"protocolVersion": "2025-06-18", "capabilities": {},
                                             "clientInfo": {"name": "mcp_conversation.py", "version": "1.0"}})
    first_reply = time.monotonic() - server.started
    print(f"      first reply after {first_reply:.2f} s")
    result = result_of(reply, 1) or {}
    check("initialize: protocolVersion 2025-06-18, serverInfo and tools capability",
          result.get("protocolVersion") == "2025-06-18" and result.get("serverInfo", {}).get("name")
          and "tools" in result.get("capabilities", {}), repr(reply))

    # 2. notifications/initialized gets no reply: the next line answers the ping
    server.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
    reply = server.request(2, "ping")
    check("notifications/initialized: no reply (the next line answers ping)", result_of(reply, 2) == {}, repr(reply))

    # 3. tools/list
    reply = server.request(3, "tools/list")
    tools = {t.get("name"): t for t in (result_of(reply, 3) or {}).get("tools", [])}
    check("tools/list: get_quote, compute_stats, divide, each with an object inputSchema",
          {"get_quote", "compute_stats", "divide"} <= set(tools)
          and all(t.get("inputSchema", {}).get("type") == "object" and t.get("description") for t in tools.values()),
          repr(reply))

    # 4. a tool that reads a data file of its own source tree
    reply = server.request(4, "tools/call", {"name": "get_quote", "arguments": {"author": "Beck"}})
    result = result_of(reply, 4) or {}
    beck = next(q for q in quotes if q["author"] == "Kent Beck")
    content = result.get("content") or [{}]
    check("tools/call get_quote: the quote from data/quotes.json",
          result.get("isError") is False and content[0].get("type") == "text" and beck["text"] in content[0].get("text", "")
          and result.get("structuredContent") == beck, repr(reply))

    reply = server.request(5, "tools/call", {"name": "get_quote", "arguments": {"index": len(quotes) + 1}})
    result = result_of(reply, 5) or {}
    check("tools/call get_quote index: wraps around the file's quotes",
          result.get("structuredContent") == quotes[1], repr(reply))

    # 5. a computation
    reply = server.request(6, "tools/call", {"name": "compute_stats", "arguments": {"numbers": [2, 4, 4, 4, 5, 5, 7, 9]}})
    stats = (result_of(reply, 6) or {}).get("structuredContent") or {}
    check("tools/call compute_stats: count 8, mean 5, median 4.5, stdev 2.138",
          stats.get("count") == 8 and stats.get("mean") == 5 and stats.get("median") == 4.5
          and abs(stats.get("stdev", 0) - 2.13809) < 1e-4, repr(reply))

    reply = server.request(7, "tools/call", {"name": "divide", "arguments": {"dividend": 7, "divisor": 2}})
    result = result_of(reply, 7) or {}
    check("tools/call divide 7/2: 3.5", result.get("isError") is False
          and result.get("content", [{}])[0].get("text") == "3.5", repr(reply))

    # 6. a tool error: a result with isError, not a JSON-RPC error
    reply = server.request(8, "tools/call", {"name": "divide", "arguments": {"dividend": 1, "divisor": 0}})
    result = result_of(reply, 8) or {}
    check("tools/call divide 1/0: isError true with a message",
          result.get("isError") is True and "zero" in result.get("content", [{}])[0].get("text", ""), repr(reply))

    # 7. protocol errors
    reply = server.request(9, "tools/call", {"name": "no_such_tool", "arguments": {}})
    check("tools/call of an unknown tool: error -32602", error_code(reply, 9) == -32602, repr(reply))

    reply = server.request(10, "tools/call", {"name": "compute_stats", "arguments": {"numbers": "1 2 3"}})
    check("tools/call with arguments against the schema: error -32602", error_code(reply, 10) == -32602, repr(reply))

    reply = server.request(11, "resources/list")
    check("unknown method: error -32601", error_code(reply, 11) == -32601, repr(reply))

    server.send("{this is not json")
    reply = server.reply()
    check("a line that is not JSON: error -32700 with id null",
          isinstance(reply, dict) and reply.get("id") is None and (reply.get("error") or {}).get("code") == -32700,
          repr(reply))

    server.send({"jsonrpc": "2.0", "method": "notifications/cancelled", "params": {"requestId": 99}})
    reply = server.request("last", "ping")
    check("an unknown notification: no reply; string ids echoed", result_of(reply, "last") == {}, repr(reply))

    # 8. end of input: a clean exit
    server.proc.stdin.close()
    try:
        code = server.proc.wait(timeout=REPLY_TIMEOUT)
    except subprocess.TimeoutExpired:
        server.proc.kill()
        code = "still running"
    extra = server.reply(timeout=5)
    check("stdin closed: exit code 0 and no further output", code == 0 and extra is None,
          f"exit {code}, output {extra!r}, stderr {''.join(server.stderr)!r}")
    if server.stderr and failed:
        print("stderr:", "".join(server.stderr), sep="\n", end="")

    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
