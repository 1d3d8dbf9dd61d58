"""Fabricks Python runtime: runs the source layer's entrypoint like `cd /app && python main.py`.

componentize-py snapshots this module after running its top level at build
time. The CPython standard library exists only then: at run time `import x`
works only for modules already in `sys.modules`. So the top level imports as
much of the standard library as it can, and everything that touches the source
layer (a trapping stub while snapshotting) happens inside `Run.run()`.

At run time the program's files are a real read-only folder, /app (the working directory),
which the runtime image's WASI adapter (runtimes/adapter) serves from the source layer under any
WASI host: nothing is patched for it. CPython's own path finders import from it, and every file
API, C-level ones included (os.open, io.FileIO, sqlite3, os.scandir), reads real files. Other
paths go to the host's WASI filesystem, which grants nothing unless the host preopens folders.
"""
import sys

# --- build time: the standard library -----------------------------------------

# Never imported: they print or open a browser at import time, or are the
# standard library's own tests and the IDLE/Tk demos (no Tk in WebAssembly).
_SKIP_TOP = {"__main__", "antigravity", "this", "idlelib", "test", "turtledemo"}
_SKIP_PART = {"__main__", "test", "tests", "idle_test"}

# Names that failed to import while building, with the reason (diagnostics:
# `sys.modules["loader"].PREIMPORT_FAILED` from a program).
PREIMPORT_FAILED = {}
# The build's sys.path (diagnostics: nothing but componentize-py's and the stdlib's).
BUILD_SYS_PATH = list(sys.path)


def _try_import(name):
    try:
        __import__(name)
        return True
    except BaseException as e:  # SystemExit and friends too: a module is not a reason to stop
        PREIMPORT_FAILED[name] = f"{type(e).__name__}: {e}"
        return False


def _preimport():
    import pkgutil

    def walk(pkg):
        # Submodules are only reachable at run time when imported now:
        # `import email` alone leaves `email.mime.text` behind.
        for info in pkgutil.iter_modules(getattr(sys.modules[pkg], "__path__", None) or [], pkg + "."):
            part = info.name.rpartition(".")[2]
            if part in _SKIP_PART or part.startswith("test_"):
                continue
            if _try_import(info.name) and info.ispkg:
                walk(info.name)

    for name in sorted(sys.stdlib_module_names):
        if name in _SKIP_TOP or name.startswith(("__hello", "__phello")):
            continue
        if _try_import(name) and hasattr(sys.modules[name], "__path__"):
            walk(name)


import fabricks_stubs  # noqa: E402  (ssl, pwd, grp, termios: before the standard library needs them)
fabricks_stubs.install()
_preimport()


def _patch_for_wasi():
    """Where CPython's library assumes an OS that WASI is not, as `python` behaves on Linux.

    - asyncio's event loop makes a self-pipe with socket.socketpair(), which on WASI listens on
      a loopback port (denied, and pointless: its only use is waking the loop from signal handlers
      and other threads, and WASI has neither). The loop runs without one.
    - WASI reports the standard streams with no file type (st_mode 0); os.fstat calls them pipes,
      which is what they are under a host, so that asyncio's pipe transports (reading stdin
      through asyncio streams) accept them; os.set_blocking on them is accepted (see below).
    - time.process_time(), os.get_terminal_size, asyncio.current_task in 3.12 (see below).
    """
    import asyncio.selector_events as selector_events
    import stat

    def make_self_pipe(self):
        self._ssock = self._csock = None

    def close_self_pipe(self):
        self._ssock = self._csock = None

    def write_to_self(self):
        pass

    selector_events.BaseSelectorEventLoop._make_self_pipe = make_self_pipe
    selector_events.BaseSelectorEventLoop._close_self_pipe = close_self_pipe
    selector_events.BaseSelectorEventLoop._write_to_self = write_to_self

    wasi_fstat = os.fstat

    def fstat(fd):
        st = wasi_fstat(fd)
        if fd in (0, 1, 2) and stat.S_IFMT(st.st_mode) == 0:
            extra = {name: getattr(st, name) for name in ("st_atime", "st_mtime", "st_ctime",
                                                          "st_atime_ns", "st_mtime_ns", "st_ctime_ns")
                     if hasattr(st, name)}
            st = os.stat_result((st.st_mode | stat.S_IFIFO,) + tuple(st)[1:10], extra)
        return st
    fstat.__doc__ = wasi_fstat.__doc__
    os.fstat = fstat

    # The standard streams cannot be made non-blocking (EINVAL; EBADF in 3.12). The loop reads them only when
    # select() says they are ready, and then a blocking read returns what is there, as a
    # non-blocking one would: accepting the request keeps asyncio's pipe transports working.
    wasi_set_blocking = os.set_blocking

    def set_blocking(fd, blocking):
        try:
            wasi_set_blocking(fd, blocking)
        except OSError as e:
            if fd not in (0, 1, 2) or e.errno not in (errno.EINVAL, errno.EBADF, errno.ENOTSUP):
                raise
    set_blocking.__doc__ = wasi_set_blocking.__doc__
    os.set_blocking = set_blocking

    # WASI has no CPU clock: wasi-libc counts process time from its own start, which happened
    # while the runtime was snapshotted at build time, so time.process_time() came out negative.
    # Process and thread time count from this run's start instead (one thread, so they agree).
    import time
    start_ns = time.monotonic_ns()

    def process_time_ns():
        return time.monotonic_ns() - start_ns

    def process_time():
        return process_time_ns() / 1e9

    time.process_time, time.process_time_ns = process_time, process_time_ns
    time.thread_time, time.thread_time_ns = process_time, process_time_ns

    # CPython 3.14's WASI build has no os.get_terminal_size: like `python` with stdout on a pipe,
    # it raises OSError (ENOTTY), and shutil.get_terminal_size falls back as usual.
    if not hasattr(os, "get_terminal_size"):
        def get_terminal_size(fd=1, /):
            raise OSError(errno.ENOTTY, "Inappropriate ioctl for device")
        os.get_terminal_size = get_terminal_size

    # In the 3.12 snapshot, tasks run as the C _asyncio.Task (which records the running task in
    # C) while asyncio.current_task stayed the pure-Python one (which looks elsewhere), so
    # current_task() was None inside a task and asyncio.timeout/wait_for failed. Use the C one.
    import asyncio
    import asyncio.tasks as tasks
    c_asyncio = sys.modules.get("_asyncio")
    c_current = getattr(c_asyncio, "current_task", None)
    if c_current is not None and asyncio.Task is getattr(c_asyncio, "Task", None) and tasks.current_task is not c_current:
        asyncio.current_task = tasks.current_task = c_current

import builtins
import errno
import importlib.machinery
import importlib.util
import io
import linecache
import os
import posixpath
import stat as stat_module
import traceback
import types

try:
    from componentize_py_types import Err
except ImportError:  # componentize-py 0.17 and older (CPython 3.12)
    from wit_world.types import Err
from wit_world import exports
import fabricks_http
from wit_world.imports import source

ROOT = "/app"


# --- the standard library's sources ----------------------------------------------


def _stdlib_sources():
    """The sources of the standard library modules imported above, deflated into one zip.

    The runtime carries the standard library compiled, not as files: inspect.getsource, source
    lines in tracebacks and programs that read a module's file as text need the text. Kept in
    the snapshot (a few MiB, read only when asked for); served to linecache and, for reading,
    to open() and io.open_code() at the modules' own file names. Frozen modules (os, codecs, ...)
    are named under sys._stdlib_dir, the others under the folder the build reads them from.
    A CPython without zlib (componentize-py 0.17's 3.12) carries none: stored, they would add
    more than half the runtime's size.
    """
    import json
    import zipfile
    roots = tuple(dict.fromkeys((os.path.dirname(os.__file__) + "/",
                                 os.path.dirname(os.path.dirname(json.__file__)) + "/")))
    if "zlib" not in sys.modules:
        return roots, b""
    build_root = roots[-1]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        names = {}
        for module in list(sys.modules.values()):
            rel = _stdlib_relative(getattr(module, "__file__", None), roots)
            if rel is not None and rel.endswith(".py"):
                names[rel] = build_root + rel
        for rel in sorted(names):
            archive.write(names[rel], rel)
    return roots, buffer.getvalue()


def _stdlib_relative(path, roots):
    if isinstance(path, bytes):
        path = os.fsdecode(path)
    if isinstance(path, str):
        for root in roots:
            if path.startswith(root):
                return posixpath.normpath(path[len(root):])
    return None


STDLIB_ROOTS, STDLIB_SOURCES = _stdlib_sources()
_stdlib_archive = None


def stdlib_source(path):
    """The bytes of a standard library file by its name (str or bytes), or None."""
    global _stdlib_archive
    rel = _stdlib_relative(path, STDLIB_ROOTS)
    if rel is None or not STDLIB_SOURCES:
        return None
    if _stdlib_archive is None:
        import zipfile
        _stdlib_archive = zipfile.ZipFile(io.BytesIO(STDLIB_SOURCES))
    try:
        return _stdlib_archive.read(rel)
    except KeyError:
        return None


# --- the standard library's sources, for reading ---------------------------------

_real_open = io.open
_real_open_code = io.open_code
_real_updatecache = linecache.updatecache


def _read_only_file(data, name, mode, encoding, errors, newline):
    raw = io.BytesIO(data)
    raw.name = name
    if "b" in mode:
        return raw
    return io.TextIOWrapper(raw, encoding or "utf-8", errors, newline)


def _stdlib_open(file, mode="r", buffering=-1, encoding=None, errors=None, newline=None, closefd=True, opener=None):
    """open() that also reads the standard library's sources (see _stdlib_sources)."""
    if not isinstance(file, int) and not any(c in mode for c in "wax+"):
        try:
            data = stdlib_source(os.fspath(file))
        except TypeError:
            data = None
        if data is not None:
            return _read_only_file(data, file, mode, encoding, errors, newline)
    return _real_open(file, mode, buffering, encoding, errors, newline, closefd, opener)


def _open_code(path):
    data = stdlib_source(path)
    return _real_open_code(path) if data is None else _read_only_file(data, path, "rb", None, None, None)


def _updatecache(filename, module_globals=None):
    lines = _real_updatecache(filename, module_globals)
    data = None if lines else stdlib_source(filename)
    if data is None:
        return lines
    text = importlib.util.decode_source(data)
    lines = text.splitlines(True)
    if lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    linecache.cache[filename] = (len(text), None, lines, filename)
    return lines


def _install_stdlib_sources():
    builtins.open = io.open = _stdlib_open
    io.open_code = _open_code
    linecache.updatecache = _updatecache
    # importlib reads through _io.open_code, not io.open_code: loading a standard library module
    # again from its file (markdown does so with html.parser) needs its loader to find the text.
    file_loader = importlib.machinery.SourceFileLoader.__mro__[1]
    real_get_data = file_loader.get_data
    if not getattr(real_get_data, "stdlib_sources", False):
        def get_data(self, path):
            data = stdlib_source(path)
            return real_get_data(self, path) if data is None else data
        get_data.stdlib_sources = True
        file_loader.get_data = get_data


# --- wasi:cli/run ----------------------------------------------------------------


def _without_loader_frames(e, seen=None):
    # `python main.py` shows only the program's frames (CPython hides
    # importlib's): unlink the loader's and importlib's frames from the
    # traceback and the chained ones.
    seen = set() if seen is None else seen
    if e is None or id(e) in seen:
        return
    seen.add(id(e))
    kept = []
    tb = e.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name != __file__ and not name.startswith("<frozen importlib._bootstrap"):
            kept.append(tb)
        tb = tb.tb_next
    for a, b in zip(kept, kept[1:] + [None]):
        a.tb_next = b
    e.__traceback__ = kept[0] if kept else None
    _without_loader_frames(e.__cause__, seen)
    _without_loader_frames(e.__context__, seen)


def _print_exception(e):
    _without_loader_frames(e)
    traceback.print_exception(e)


def _flush():
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass


def _whole_writes(fd_write):
    """os.write for the standard streams: every byte, or an exception (see _reopen_stdio)."""
    def write(fd, data, /):
        if fd not in (1, 2):
            return fd_write(fd, data)
        view = memoryview(data).cast("B")
        total = 0
        while total < len(view):
            n = fd_write(fd, view[total:total + STDIO_CHUNK])
            if n <= 0:
                raise OSError(errno.EIO, f"write to fd {fd} made no progress")
            total += n
        return total
    write.__doc__ = fd_write.__doc__
    return write


STDIO_CHUNK = 1 << 16


def _reopen_stdio():
    """The standard streams as CPython sets them up, which componentize-py's do not do.

    There, sys.stdout and sys.stderr are TextIOWrappers straight over a raw FileIO, and one WASI
    stream write takes at most 64 KiB: a raw write of more is partial, which TextIOWrapper does
    not retry, so the rest of a large print() vanished while the program went on. With a
    BufferedWriter in between (as in `python` itself) every byte is written or an exception is
    raised; os.write on fds 1 and 2 loops the same way, as a blocking pipe write does natively.
    Line protocols (JSON-RPC over stdio) must not wait for a full buffer: stdout is line-buffered,
    stderr writes through.
    """
    def reopened(fd, old, reader):
        raw = io.FileIO(fd, "r" if reader else "w", closefd=False)
        buffer = io.BufferedReader(raw) if reader else io.BufferedWriter(raw)
        return io.TextIOWrapper(buffer, encoding=old.encoding or "utf-8", errors=old.errors or "strict",
                                line_buffering=not reader, write_through=(fd == 2))
    old_out, old_err = sys.stdout, sys.stderr
    for stream in (old_out, old_err):
        try:
            stream.flush()
        except Exception:
            pass
    sys.stdin = sys.__stdin__ = reopened(0, sys.stdin, True)
    sys.stdout = sys.__stdout__ = reopened(1, old_out, False)
    sys.stderr = sys.__stderr__ = reopened(2, old_err, False)
    if not getattr(os.write, "whole_writes", False):
        os.write = _whole_writes(os.write)
        os.write.whole_writes = True


class NoAppFolder(RuntimeError):
    pass


def _check_app_dir():
    """/app must be a folder: the runtime image's WASI adapter serves it from the source layer."""
    try:
        if stat_module.S_ISDIR(os.stat(ROOT).st_mode):
            return
    except OSError:
        pass
    raise NoAppFolder(f"{ROOT} is not a folder: this runtime reads the app's files from /app, which the runtime "
                      "image's WASI adapter serves from the source layer. The component was not composed with "
                      "its adapter (runtimes/adapter/compose), or the host hides /app")


def _prepare():
    """What every start does, for `run` and for HTTP: /app, the streams, sys.path.
    Returns the entrypoint (relative) and its file name."""
    entry = source.entrypoint()
    filename = ROOT + "/" + entry
    _check_app_dir()
    os.chdir(ROOT)
    # /app is read-only: no __pycache__ writes to attempt on every import.
    sys.dont_write_bytecode = True
    folders = [d for d in ("vendor", "site-packages") if os.path.isdir(ROOT + "/" + d)]
    _install_stdlib_sources()
    _patch_for_wasi()
    _reopen_stdio()
    sys.argv = [filename] + sys.argv[1:]  # the host's argv[0] is the component's name
    sys.path[:] = [posixpath.dirname(filename)] + [ROOT + "/" + d for d in folders]
    sys.path_importer_cache.clear()
    return entry, filename


def _entry_loader(name, filename):
    return importlib.machinery.SourceFileLoader(name, filename)


def _entry_code(filename):
    """The entrypoint compiled under its /app name; FileNotFoundError as `python` words it."""
    try:
        with _real_open(filename, "rb") as f:
            data = f.read()
    except FileNotFoundError:
        raise FileNotFoundError(errno.ENOENT, f"can't open file {filename!r}", filename) from None
    return compile(data, filename, "exec", dont_inherit=True)


def main():
    """Runs the entrypoint as __main__; returns the exit status (0 = success)."""
    entry, filename = _prepare()

    main_module = types.ModuleType("__main__")
    main_module.__dict__.update(__file__=filename, __builtins__=builtins, __spec__=None,
                                __loader__=_entry_loader("__main__", filename), __cached__=None)
    saved_main = sys.modules.get("__main__")
    sys.modules["__main__"] = main_module
    status = 0
    try:
        exec(_entry_code(filename), main_module.__dict__)
    except SystemExit as e:
        code = e.code
        if code is None:
            status = 0
        elif isinstance(code, int):
            status = code
        else:
            print(code, file=sys.stderr)
            status = 1
    except BaseException as e:
        _print_exception(e)
        status = 1
    finally:
        try:
            import atexit
            atexit._run_exitfuncs()
        except BaseException:
            pass
        _flush()
        if saved_main is not None:
            sys.modules["__main__"] = saved_main
    return status


_HTTP_APP = None  # (the WSGI application, or the error that prevents it), once per instance


def _http_app():
    """The entrypoint loaded as a module under its own name, and its WSGI application."""
    global _HTTP_APP
    if _HTTP_APP is None:
        try:
            entry, filename = _prepare()
            name = posixpath.splitext(posixpath.basename(entry))[0]
            module = types.ModuleType(name)
            module.__dict__.update(__file__=filename, __builtins__=builtins, __spec__=None,
                                   __loader__=_entry_loader(name, filename), __cached__=None)
            sys.modules[name] = module
            exec(_entry_code(filename), module.__dict__)
            _HTTP_APP = (fabricks_http.find_app(module, entry), None)
        except BaseException as e:
            _print_exception(e)
            _HTTP_APP = (None, e)
    return _HTTP_APP


class IncomingHandler(exports.IncomingHandler):
    def handle(self, request, response_out):
        app, error = _http_app()
        if app is None:
            response = fabricks_http.Response(response_out)
            response.fail("500 Internal Server Error", f"the app did not start: {type(error).__name__}: {error}\n")
            return
        fabricks_http.serve(app, request, response_out)
        _flush()


class Run(exports.Run):
    def run(self):
        # wasi:cli/run@0.2 returns ok or err: the host sees exit code 0 or 1
        # (wasi:cli/exit#exit-with-code is unstable WASI, off in wasmtime).
        if main() != 0:
            raise Err(None)
