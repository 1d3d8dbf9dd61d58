#!/usr/bin/env python3
"""An MCP server over Streamable HTTP (protocol revision 2025-06-18), as a WSGI application.

JSON-RPC messages are POSTed to /mcp; a request gets its JSON-RPC reply as application/json,
a notification or response 202 Accepted. `initialize` opens a session whose id comes back in
Mcp-Session-Id and must accompany every later request; DELETE /mcp ends it. GET /mcp offers no
event stream (405). GET /health is an ordinary route. Requests whose Origin is not a local page
are refused (403), as the transport asks of local servers.

`python3 server.py [PORT]` serves it with the standard library's wsgiref; under Fabricks the
host serves `app` (fabricks-host serve, on the port fabricks.toml declares).
"""
import json
import os
import sys
import urllib.parse
import uuid

sys.path.insert(0, os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python-mcp-server")))

from mcp_server import PROTOCOL_VERSION  # noqa: E402
from mcp_server.protocol import PARSE_ERROR, error_reply, handle  # noqa: E402

SUPPORTED_VERSIONS = {PROTOCOL_VERSION, "2025-03-26"}
LOCAL_HOSTS = {"localhost", "127.0.0.1", "[::1]"}
sessions = set()


def respond(start_response, status, body=None, headers=()):
    data = b"" if body is None else json.dumps(body, separators=(",", ":")).encode()
    head = [("Content-Type", "application/json")] if body is not None else []
    start_response(status, head + [("Content-Length", str(len(data)))] + list(headers))
    return [data]


def mcp(environ, start_response):
    method = environ["REQUEST_METHOD"]
    session = environ.get("HTTP_MCP_SESSION_ID")
    if method == "GET":
        return respond(start_response, "405 Method Not Allowed", {"error": "this server offers no event stream"},
                       [("Allow", "POST, DELETE")])
    if method == "DELETE":
        if session not in sessions:
            return respond(start_response, "404 Not Found", {"error": "no such session"})
        sessions.discard(session)
        return respond(start_response, "204 No Content")
    if method != "POST":
        return respond(start_response, "405 Method Not Allowed", {"error": f"{method} is not served"},
                       [("Allow", "POST, DELETE")])
    version = environ.get("HTTP_MCP_PROTOCOL_VERSION")
    if version is not None and version not in SUPPORTED_VERSIONS:
        return respond(start_response, "400 Bad Request", {"error": f"unsupported MCP-Protocol-Version {version}"})
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else environ["wsgi.input"].read()
    try:
        message = json.loads(raw)
    except ValueError as e:
        return respond(start_response, "400 Bad Request", error_reply(None, PARSE_ERROR, f"Parse error: {e}"))
    is_initialize = isinstance(message, dict) and message.get("method") == "initialize"
    if not is_initialize:
        if session is None:
            return respond(start_response, "400 Bad Request", {"error": "Mcp-Session-Id is required after initialize"})
        if session not in sessions:
            return respond(start_response, "404 Not Found", {"error": "no such session: initialize again"})
    reply = handle(message)
    if reply is None:
        return respond(start_response, "202 Accepted")
    headers = []
    if is_initialize and "result" in reply:
        session = uuid.uuid4().hex
        sessions.add(session)
        headers.append(("Mcp-Session-Id", session))
    return respond(start_response, "200 OK", reply, headers)


def app(environ, start_response):
    origin = environ.get("HTTP_ORIGIN")
    if origin is not None and urllib.parse.urlsplit(origin).hostname not in {h.strip("[]") for h in LOCAL_HOSTS}:
        return respond(start_response, "403 Forbidden", {"error": f"Origin {origin} is not allowed"})
    path = environ["PATH_INFO"]
    if path == "/mcp":
        return mcp(environ, start_response)
    if path == "/health" and environ["REQUEST_METHOD"] in ("GET", "HEAD"):
        return respond(start_response, "200 OK", {"status": "ok", "sessions": len(sessions)})
    return respond(start_response, "404 Not Found", {"error": f"no route for {path}"})


if __name__ == "__main__":
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class QuietHandler(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8080
    with make_server("127.0.0.1", port, app, handler_class=QuietHandler) as server:
        print(f"serving http://127.0.0.1:{port}/mcp", file=sys.stderr)
        server.serve_forever()
