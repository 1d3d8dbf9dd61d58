#!/usr/bin/env python3
"""Drives a real MCP conversation with the built server, request by request.

Usage: mcp_conversation.py [layout|app.wasm]     (default: target/fabricks/oci)
       mcp_conversation.py --cmd node src/server.js   (the same conversation against plain Node)

The server runs under fabricks-host as a subprocess. Each
step writes one line to its stdin and waits (with a time-out) for the reply on
stdout, which must be exactly one JSON-RPC message per line. Prints one line
per check and a final `N passed, M failed`; exits non-zero on any failure.
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
FIRST_REPLY_TIMEOUT = 120.0  # the first run compiles the component (cache cold)
REPLY_TIMEOUT = 10.0

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok    {name}")
    else:
        failed += 1
        print(f"FAIL  {name}{': ' + detail if detail else ''}")
    return ok


class Server:
    def __init__(self, cmd):
        self.started = time.monotonic()
        self.proc = subprocess.Popen(cmd, cwd=EXAMPLE, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.lines = queue.Queue()
        self.stderr = []
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()

    def _read_stdout(self):
        for raw in self.proc.stdout:
            self.lines.put(raw.decode("utf-8", "replace"))
        self.lines.put(None)  # EOF

    def _read_stderr(self):
        for raw in self.proc.stderr:
            self.stderr.append(raw.decode("utf-8", "replace"))

    def send(self, message):
        line = message if isinstance(message, str) else json.dumps(message)
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def receive(self, timeout=REPLY_TIMEOUT):
        """The next stdout line parsed as JSON; None at EOF; raises on time-out or non-JSON."""
        try:
            line = self.lines.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"no reply within {timeout:.0f} s")
        if line is None:
            return None
        try:
            return json.loads(line)
        except ValueError:
            raise ValueError(f"stdout line is not JSON (console.log on stdout?): {line!r}")

    def request(self, id, method, params=None, timeout=REPLY_TIMEOUT):
        message = {"jsonrpc": "2.0", "id": id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        reply = self.receive(timeout)
        if reply is None:
            raise EOFError(f"server closed stdout instead of answering {method}")
        return reply


def step(name, fn):
    try:
        fn()
    except Exception as e:  # a step that cannot even run counts as a failure
        check(name, False, f"{type(e).__name__}: {e}")


def main(argv):
    if argv[:1] == ["--cmd"]:
        cmd = argv[1:]
    else:
        app = argv[0] if argv else os.path.join(EXAMPLE, "target", "fabricks", "oci")
        if not os.path.exists(app):
            print(f"{app} is missing: run ./mvnw -f examples/node-mcp-server/pom.xml package first")
            print("0 passed, 1 failed")
            return 1
        sys.path.insert(0, os.path.join(REPO, "scripts"))
        import fabricks_host
        cmd = fabricks_host.run_command(app)
    server = Server(cmd)
    timings = {}

    def initialize():
        reply = server.request(1, "initialize", {
            "protocolVersion": "2025-06-18",
            "capabilities": {},
            "clientInfo": {"name": "mcp_conversation.py", "version": "1.0"},
        }, timeout=FIRST_REPLY_TIMEOUT)
        timings["first reply"] = time.monotonic() - server.started
        result = reply.get("result", {})
        check("initialize: reply to id 1", reply.get("id") == 1 and reply.get("jsonrpc") == "2.0", str(reply))
        check("initialize: protocolVersion 2025-06-18", result.get("protocolVersion") == "2025-06-18", str(result))
        check("initialize: tools capability", "tools" in result.get("capabilities", {}), str(result))
        check("initialize: serverInfo", result.get("serverInfo", {}).get("name") == "node-mcp-server", str(result))

    def initialized_then_ping():
        # A notification gets no reply: the next line must be the ping's answer.
        server.send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        reply = server.request(2, "ping")
        check("notifications/initialized: no reply (next line answers ping)", reply.get("id") == 2, str(reply))
        check("ping: empty result", reply.get("result") == {}, str(reply))

    def tools_list():
        reply = server.request(3, "tools/list")
        tools = reply.get("result", {}).get("tools", [])
        names = {t.get("name") for t in tools}
        check("tools/list: at least three tools", len(tools) >= 3, str(names))
        check("tools/list: lookup_element, statistics, divide",
              {"lookup_element", "statistics", "divide"} <= names, str(names))
        check("tools/list: every tool has an object inputSchema",
              all(t.get("inputSchema", {}).get("type") == "object" for t in tools), json.dumps(tools)[:300])

    def call_data_file():
        reply = server.request(4, "tools/call", {"name": "lookup_element", "arguments": {"query": "fe"}})
        result = reply.get("result", {})
        text = (result.get("content") or [{}])[0].get("text", "")
        check("tools/call lookup_element: read from data/elements.json",
              "Iron (Fe): atomic number 26" in text and not result.get("isError"), str(reply))
        check("tools/call lookup_element: structuredContent", result.get("structuredContent", {}).get("mass") == 55.845,
              str(result))

    def call_compute():
        reply = server.request(5, "tools/call", {"name": "statistics", "arguments": {"numbers": [3, 1, 4, 1, 5, 9, 2, 6]}})
        s = reply.get("result", {}).get("structuredContent", {})
        check("tools/call statistics: computed",
              s.get("count") == 8 and s.get("sum") == 31 and s.get("median") == 3.5 and s.get("max") == 9
              and abs(s.get("mean", 0) - 3.875) < 1e-9 and abs(s.get("stddev", 0) - 2.5707) < 1e-3, str(reply))
        reply = server.request(6, "tools/call", {"name": "divide", "arguments": {"a": 10, "b": 4}})
        check("tools/call divide 10/4: 2.5", reply.get("result", {}).get("content", [{}])[0].get("text") == "2.5", str(reply))

    def call_is_error():
        reply = server.request(7, "tools/call", {"name": "divide", "arguments": {"a": 1, "b": 0}})
        result = reply.get("result", {})
        check("tools/call divide by zero: isError true in a result",
              result.get("isError") is True and "zero" in result.get("content", [{}])[0].get("text", ""), str(reply))

    def call_errors():
        reply = server.request(8, "tools/call", {"name": "no_such_tool", "arguments": {}})
        check("tools/call unknown tool: error -32602", reply.get("error", {}).get("code") == -32602, str(reply))
        reply = server.request(9, "tools/call", {"name": "divide", "arguments": {"a": "x", "b": 1}})
        check("tools/call bad arguments: error -32602", reply.get("error", {}).get("code") == -32602, str(reply))

    def unknown_method():
        reply = server.request(10, "resources/list")
        check("unknown method resources/list: error -32601",
              reply.get("id") == 10 and reply.get("error", {}).get("code") == -32601, str(reply))

    def parse_error():
        server.send("{not json")
        reply = server.receive()
        check("malformed line: error -32700 with id null",
              reply.get("id") is None and reply.get("error", {}).get("code") == -32700, str(reply))

    def end_of_input():
        server.proc.stdin.close()
        try:
            code = server.proc.wait(timeout=REPLY_TIMEOUT)
        except subprocess.TimeoutExpired:
            server.proc.kill()
            check("end of stdin: process exits", False, "still running after stdin closed")
            return
        extra = server.receive(timeout=5)
        check("end of stdin: nothing more on stdout", extra is None, str(extra))
        check("end of stdin: exit status 0", code == 0, f"exit {code}")
        log = "".join(server.stderr)
        check("logs went to stderr", "stdin closed; exiting" in log and "client initialized" in log, log[-500:])

    for name, fn in [("initialize", initialize), ("initialized + ping", initialized_then_ping),
                     ("tools/list", tools_list), ("tools/call (data file)", call_data_file),
                     ("tools/call (compute)", call_compute), ("tools/call (isError)", call_is_error),
                     ("tools/call (protocol errors)", call_errors), ("unknown method", unknown_method),
                     ("parse error", parse_error), ("end of input", end_of_input)]:
        step(name, fn)
    if server.proc.poll() is None:
        server.proc.kill()
    if "first reply" in timings:
        print(f"time to first reply (process start to initialize result): {timings['first reply']:.2f} s")
    if failed:
        print("--- server stderr ---\n" + "".join(server.stderr)[-3000:])
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
