#!/usr/bin/env python3
"""The MCP-over-HTTP conversation of examples/python-http-server/test/http_conversation.py,
with this example: under fabricks-host and under `node src/server.js`, replies compared.

Usage: http_conversation.py [--host-only]
"""
import os
import runpy
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
os.environ["HTTP_EXAMPLE"] = os.path.dirname(HERE)
sys.argv[0] = os.path.join(HERE, "..", "..", "python-http-server", "test", "http_conversation.py")
runpy.run_path(sys.argv[0], run_name="__main__")
