"""A small Model Context Protocol server: protocol in `protocol`, tools in `tools`."""
__version__ = "0.1.0"

from .protocol import PROTOCOL_VERSION, serve  # noqa: E402

__all__ = ["PROTOCOL_VERSION", "serve", "__version__"]
