"""MCP over stdio: newline-delimited JSON-RPC 2.0 (protocol revision 2025-06-18)."""
import json
import sys
import traceback

from . import __version__
from .tools import TOOLS, ToolError, call_tool

PROTOCOL_VERSION = "2025-06-18"
SERVER_INFO = {"name": "fabricks-python-mcp-server", "title": "Fabricks Python MCP server", "version": __version__}

# JSON-RPC 2.0 error codes
PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS, INTERNAL_ERROR = -32700, -32600, -32601, -32602, -32603


class RpcError(Exception):
    def __init__(self, code, message, data=None):
        super().__init__(message)
        self.code, self.message, self.data = code, message, data


def initialize(params):
    # Answer with the client's version when we speak it, else with ours.
    requested = params.get("protocolVersion")
    return {
        "protocolVersion": requested if requested == PROTOCOL_VERSION else PROTOCOL_VERSION,
        "capabilities": {"tools": {"listChanged": False}},
        "serverInfo": SERVER_INFO,
        "instructions": "Tools: quotes from a bundled file, statistics over numbers, and division.",
    }


def tools_list(params):
    return {"tools": [tool.describe() for tool in TOOLS.values()]}


def tools_call(params):
    name = params.get("name")
    if name not in TOOLS:
        raise RpcError(INVALID_PARAMS, f"Unknown tool: {name}")
    arguments = params.get("arguments") or {}
    if not isinstance(arguments, dict):
        raise RpcError(INVALID_PARAMS, "arguments must be an object")
    try:
        return call_tool(name, arguments)
    except ToolError as e:  # bad arguments: a protocol error, as the spec says
        raise RpcError(INVALID_PARAMS, str(e)) from None


METHODS = {
    "initialize": initialize,
    "ping": lambda params: {},
    "tools/list": tools_list,
    "tools/call": tools_call,
}


def handle(message):
    """The reply to one message (a dict), or None for notifications."""
    if not isinstance(message, dict) or message.get("jsonrpc") != "2.0" or not isinstance(message.get("method"), str):
        return error_reply(message.get("id") if isinstance(message, dict) else None, INVALID_REQUEST, "Invalid Request")
    method, params = message["method"], message.get("params") or {}
    if "id" not in message:
        return None  # notifications/initialized, notifications/cancelled, ...: nothing to answer
    request_id = message["id"]
    handler = METHODS.get(method)
    if handler is None:
        return error_reply(request_id, METHOD_NOT_FOUND, f"Method not found: {method}")
    if not isinstance(params, dict):
        return error_reply(request_id, INVALID_PARAMS, "params must be an object")
    try:
        return {"jsonrpc": "2.0", "id": request_id, "result": handler(params)}
    except RpcError as e:
        return error_reply(request_id, e.code, e.message, e.data)
    except Exception as e:
        traceback.print_exc(file=sys.stderr)
        return error_reply(request_id, INTERNAL_ERROR, f"Internal error: {e}")


def error_reply(request_id, code, message, data=None):
    error = {"code": code, "message": message}
    if data is not None:
        error["data"] = data
    return {"jsonrpc": "2.0", "id": request_id, "error": error}


def serve(stdin, stdout):
    """Answers messages until stdin ends; returns the exit status."""
    while True:
        line = stdin.readline()
        if not line:
            return 0  # end of input: the client is gone
        line = line.strip()
        if not line:
            continue
        try:
            message = json.loads(line)
        except ValueError as e:
            reply = error_reply(None, PARSE_ERROR, f"Parse error: {e}")
        else:
            reply = handle(message)
        if reply is not None:
            stdout.write(json.dumps(reply, separators=(",", ":")) + "\n")
            stdout.flush()
