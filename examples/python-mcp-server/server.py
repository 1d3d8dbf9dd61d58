#!/usr/bin/env python3
"""An MCP server over stdio, in pure Python: `python3 server.py` runs it too.

Reads JSON-RPC 2.0 messages, one per line, from stdin and writes the replies,
one per line, to stdout until stdin ends.
"""
import sys

from mcp_server import serve

if __name__ == "__main__":
    sys.exit(serve(sys.stdin, sys.stdout))
