"""wasi:cli/run for the monolithic build of examples/python-mcp-server (bench/python-mcp).

componentize-py snapshots this module after running its top level, so the
server's modules are imported here, at build time, straight from its -p path:
no fabricks source layer and no loader. Like `python3 server.py`, `run` serves
JSON-RPC lines from stdin until it ends.

componentize-py bundles the Python modules of its -p paths, not data files, and
the component gets no host directories: the quotes that the server's
get_quote tool reads from data/quotes.json are read now and kept in memory.
"""
import json
import sys

from mcp_server import serve, tools
from wit_world import exports

try:
    from componentize_py_types import Err
except ImportError:  # componentize-py 0.17 and older
    from wit_world.types import Err

with open(tools.QUOTES_FILE, encoding="utf-8") as _f:
    _QUOTES = _f.read()
tools.load_quotes = lambda: json.loads(_QUOTES)


class Run(exports.Run):
    def run(self):
        if serve(sys.stdin, sys.stdout) != 0:
            raise Err(None)
