"""wasi:http/incoming-handler for the Python runtime: a WSGI application in the entrypoint
serves each request, as a WSGI server (gunicorn, waitress) would run it.

The application is the entrypoint module's `app` (Flask, Bottle, Falcon style), else its
`application` (Django's wsgi.py style). The module is loaded once per instance, under its own
name (`server` for server.py), not as `__main__`, so `if __name__ == "__main__": app.run()`
does not start a second server. Request bodies are read as the application reads
`wsgi.input`, response bodies are written as the application yields them.
"""
import io
import sys
import traceback
import urllib.parse

try:  # componentize-py 0.25 (CPython 3.14)
    from componentize_py_types import Err, Ok
except ImportError:  # componentize-py 0.17 (CPython 3.12)
    from wit_world.types import Err, Ok
from wit_world.imports import types

APP_NAMES = ("app", "application")
# Hop-by-hop headers: the host's HTTP server owns the connection, so wasi:http refuses them.
HOP_BY_HOP = {"connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer",
              "host", "http2-settings"}


class RequestBody(io.RawIOBase):
    """`wsgi.input`: the request's body stream, read as the application asks for it."""

    def __init__(self, request):
        self._body = request.consume()
        self._stream = self._body.stream()
        self._done = False

    def readable(self):
        return True

    def readinto(self, buffer):
        if self._done:
            return 0
        try:
            data = self._stream.blocking_read(len(buffer))
        except Err:  # closed: the whole body was read
            self.finish()
            return 0
        buffer[:len(data)] = data
        return len(data)

    def finish(self):
        if not self._done:
            self._done = True
            self._stream.__exit__(None, None, None)
            types.IncomingBody.finish(self._body).__exit__(None, None, None)


class Response:
    """The response: its head is sent with the first body bytes (or at the end), as in WSGI."""

    def __init__(self, out):
        self._out = out
        self.status = None
        self.headers = None
        self._body = None
        self._stream = None

    def start(self, status, headers, exc_info=None):
        if exc_info is not None and self._body is not None:
            raise exc_info[1].with_traceback(exc_info[2])
        self.status, self.headers = status, headers
        return self.write

    def _begin(self):
        if self._body is not None:
            return
        if self.status is None:
            raise RuntimeError("the WSGI application returned a body before calling start_response")
        fields = types.Fields.from_list([(name.lower(), value.encode("latin-1")) for name, value in self.headers
                                         if name.lower() not in HOP_BY_HOP])
        response = types.OutgoingResponse(fields)
        response.set_status_code(int(self.status.split(None, 1)[0]))
        self._body = response.body()
        self._stream = self._body.write()
        types.ResponseOutparam.set(self._out, Ok(response))

    def write(self, data):
        self._begin()
        view = memoryview(data).cast("B")
        while view:
            permit = self._stream.check_write()
            if permit == 0:
                self._stream.subscribe().block()
                continue
            self._stream.write(bytes(view[:permit]))
            view = view[permit:]

    def finish(self):
        self._begin()
        self._stream.blocking_flush()
        self._stream.__exit__(None, None, None)
        types.OutgoingBody.finish(self._body, None)

    @property
    def started(self):
        return self._body is not None

    def fail(self, status, text):
        """A plain-text error, when no head was sent yet."""
        self.status, self.headers = status, [("content-type", "text/plain; charset=utf-8")]
        self.write(text.encode())
        self.finish()


def environ(request, body):
    """The WSGI environ (PEP 3333) of a wasi:http request."""
    method = request.method()
    name = getattr(method, "value", None) or type(method).__name__.split("_", 1)[1].upper()
    target = request.path_with_query() or "/"
    path, _, query = target.partition("?")
    authority = request.authority() or "localhost"
    host, _, port = authority.rpartition(":") if authority.rpartition(":")[2].isdigit() else (authority, "", "")
    scheme = request.scheme()
    https = type(scheme).__name__ == "Scheme_Https"
    env = {
        "REQUEST_METHOD": name,
        "SCRIPT_NAME": "",
        "PATH_INFO": urllib.parse.unquote(path, encoding="latin-1"),
        "QUERY_STRING": query,
        "SERVER_NAME": host or authority,
        "SERVER_PORT": port or ("443" if https else "80"),
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "https" if https else "http",
        "wsgi.input": io.BufferedReader(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    with request.headers() as headers:
        for key, value in headers.entries():
            text = value.decode("latin-1")
            if key == "content-type":
                env["CONTENT_TYPE"] = text
            elif key == "content-length":
                env["CONTENT_LENGTH"] = text
            else:
                field = "HTTP_" + key.upper().replace("-", "_")
                env[field] = env[field] + "," + text if field in env else text
    return env


def find_app(module, entry):
    for name in APP_NAMES:
        app = getattr(module, name, None)
        if callable(app):
            return app
    raise LookupError(f"{entry} defines no WSGI application: name it `app` (app = Flask(__name__)) or `application`")


def serve(app, request, out):
    """Runs one request through the WSGI application; a failure answers 500 and is printed."""
    response = Response(out)
    body = RequestBody(request)
    try:
        result = app(environ(request, body), response.start)
        try:
            for chunk in result:
                if chunk:
                    response.write(chunk)
        finally:
            if hasattr(result, "close"):
                result.close()
        response.finish()
    except BaseException:
        traceback.print_exc()
        if not response.started:
            response.fail("500 Internal Server Error", "500 Internal Server Error\n")
        else:  # the head went out: end the body where it is
            response.finish()
    finally:
        body.finish()
