"""File and OS behaviours over the app's own files, one line each; runtimes/test/python_os.py runs
it under `python3` (in this folder) and under fabricks-host (in /app) and requires equal output.
Paths are printed relative to the working directory, errors by their errno name."""
import errno
import glob
import importlib.resources
import inspect
import io
import json
import os
import pathlib
import runpy
import shutil
import stat
import sys
import tempfile
import time


def line(name, value):
    print(f"{name}: {value}", flush=True)


def case(name, function):
    try:
        value = function()
    except Exception as e:
        value = f"{type(e).__name__} {errno.errorcode.get(getattr(e, 'errno', None) or 0, '')}".rstrip()
    line(name, value)


def _raises(kind, function, *args):
    try:
        function(*args)
    except kind as e:
        return e
    raise AssertionError(f"{function.__name__} did not raise {kind.__name__}")


def walk(top, **kwargs):
    return [(d, sorted(subdirs), sorted(files)) for d, subdirs, files in sorted(os.walk(top, **kwargs))]


# Listing the app's folders
case("__file__ relative", lambda: os.path.relpath(__file__))
case("cwd is absolute", lambda: os.path.isabs(os.getcwd()))
case("os.listdir", lambda: sorted(os.listdir("data")))
case("os.walk", lambda: walk("data"))
case("os.walk bottom-up", lambda: [d for d, _, _ in os.walk("data", topdown=False)])
case("glob recursive", lambda: sorted(glob.glob("data/**/*.txt", recursive=True)))
case("glob in the working directory", lambda: sorted(glob.glob("*.py")))
case("pathlib rglob", lambda: sorted(str(p) for p in pathlib.Path("data").rglob("*")))
case("pathlib iterdir", lambda: sorted(p.name for p in pathlib.Path(".").iterdir() if p.name in ("data", "respkg", "files.py")))
case("os.scandir", lambda: sorted((e.name, e.is_file(), e.is_dir()) for e in os.scandir("data")))
case("os.scandir stat size", lambda: sorted((e.name, e.stat().st_size) for e in os.scandir("data") if e.is_file()))

# Metadata
case("os.path.getsize", lambda: os.path.getsize("data/sub/b.txt"))
case("os.stat is a regular file", lambda: stat.S_ISREG(os.stat("data/a.txt").st_mode))
case("os.stat of a folder", lambda: stat.S_ISDIR(os.stat("data/sub").st_mode))
case("os.access R_OK, F_OK", lambda: (os.access("data/a.txt", os.R_OK), os.access("data/a.txt", os.F_OK)))
case("os.access of a missing file", lambda: os.access("data/missing.txt", os.F_OK))
case("mtime in the past", lambda: 0 < os.stat("data/a.txt").st_mtime <= time.time())
case("os.path.exists, isdir, isfile", lambda: (os.path.exists("data/a.txt"), os.path.isdir("data"), os.path.isfile("data")))
case("os.stat of a missing file", lambda: os.stat("data/missing.txt"))
case("os.path.realpath", lambda: os.path.relpath(os.path.realpath("data/sub/../a.txt")))

# C-level reads
case("os.open, os.read", lambda: os.read(os.open("data/a.txt", os.O_RDONLY), 100))


def seek_and_read():
    fd = os.open("data/sub/b.txt", os.O_RDONLY)
    try:
        return os.lseek(fd, 5, os.SEEK_SET), os.read(fd, 6), os.lseek(fd, 0, os.SEEK_END), os.fstat(fd).st_size
    finally:
        os.close(fd)


case("os.lseek, os.fstat", seek_and_read)
case("io.FileIO", lambda: io.FileIO("data/a.txt").read())


def readinto():
    buffer = bytearray(4)
    with open("data/sub/b.txt", "rb", buffering=0) as f:
        return f.readinto(buffer), bytes(buffer)


case("FileIO.readinto", readinto)


def past_the_end():
    with open("data/a.txt", "rb") as f:
        f.seek(1000)
        return f.tell(), f.read()


case("seek past the end", past_the_end)
case("open() of a folder", lambda: open("data"))
case("open() of a missing file", lambda: open("data/missing.txt"))
case("readlines", lambda: open("data/sub/b.txt").readlines())
case("runpy.run_path", lambda: runpy.run_path("data/script.py")["RESULT"])
case("runpy.run_path as __main__", lambda: runpy.run_path("data/script.py", run_name="__main__")["__name__"])


def zip_import():
    sys.path.insert(0, os.path.join("data", "lib.zip"))
    try:
        import zmod
        return zmod.hello()
    finally:
        sys.path.pop(0)


case("zipimport from a shipped zip", zip_import)


def sqlite_rows(uri):
    import sqlite3
    with sqlite3.connect(uri, uri=True) as db:
        return db.execute("select id, body from notes order by id").fetchall()


case("sqlite3 immutable=1", lambda: sqlite_rows("file:data/notes.sqlite?immutable=1"))

# Package data
case("importlib.resources read_text", lambda: importlib.resources.files("respkg").joinpath("data.txt").read_text())


def as_file():
    with importlib.resources.as_file(importlib.resources.files("respkg") / "data.txt") as path:
        with open(path) as f:
            return os.path.basename(path), f.read()


case("importlib.resources.as_file", as_file)

# Writing: the private /tmp (here: the system's temporary folder)
case("tempfile.gettempdir is absolute", lambda: os.path.isabs(tempfile.gettempdir()))


def temp_files():
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "out.txt")
        with open(path, "w") as f:
            f.write("written\n")
        shutil.copy("data/sub/b.txt", os.path.join(folder, "copy.txt"))
        shutil.copytree("data", os.path.join(folder, "tree"))
        os.rename(path, os.path.join(folder, "renamed.txt"))
        os.mkdir(os.path.join(folder, "new"))
        result = (sorted(os.listdir(folder)), open(os.path.join(folder, "copy.txt")).read(),
                  sorted(os.listdir(os.path.join(folder, "tree"))))
    return result, os.path.exists(folder)


case("tempfile.TemporaryDirectory, shutil.copy, copytree, rename", temp_files)


def named_temporary_file():
    with tempfile.NamedTemporaryFile("w+b") as f:
        f.write(b"x" * 100_000)
        f.seek(0)
        return len(f.read()), os.path.getsize(f.name)


case("tempfile.NamedTemporaryFile", named_temporary_file)


def sqlite_in_tmp():
    import sqlite3
    with tempfile.TemporaryDirectory() as folder:
        with sqlite3.connect(os.path.join(folder, "t.db")) as db:
            db.execute("create table t(x)")
            db.executemany("insert into t values (?)", [(i,) for i in range(100)])
            return db.execute("select count(*), sum(x) from t").fetchone()


case("sqlite3 read-write in a temporary folder", sqlite_in_tmp)

# The standard library's own sources
case("inspect.getsource of a standard library function", lambda: inspect.getsource(json.dumps).splitlines()[0])
case("a standard library module's file as text", lambda: open(json.__file__).readline().strip())


def stdlib_module_again():
    import html.parser
    import importlib.util
    spec = importlib.util.spec_from_file_location("parser_copy", html.parser.__file__)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.HTMLParser.__name__, module.__name__


case("a standard library module loaded again from its file", stdlib_module_again)

# Modules imported merely to exist
import getpass  # noqa: E402
import grp  # noqa: E402
import pwd  # noqa: E402
import ssl  # noqa: E402
import termios  # noqa: E402
import tty  # noqa: E402

case("pwd.getpwnam of an unknown user", lambda: pwd.getpwnam("no-such-user-fabricks"))
case("pwd.getpwnam message", lambda: str(_raises(KeyError, pwd.getpwnam, "no-such-user-fabricks")))
case("grp.getgrnam message", lambda: str(_raises(KeyError, grp.getgrnam, "no-such-group-fabricks")))
case("termios.tcgetattr on a pipe", lambda: _raises(termios.error, termios.tcgetattr, sys.stdin.fileno()).args[0] == errno.ENOTTY)
case("tty and getpass import", lambda: (callable(tty.setraw), callable(getpass.getpass)))


def default_context():
    context = ssl.create_default_context()
    return context.verify_mode, context.check_hostname, context.protocol


case("ssl.create_default_context", default_context)
case("ssl.Purpose", lambda: (ssl.Purpose.SERVER_AUTH.oid, ssl.Purpose.CLIENT_AUTH.shortname))
case("ssl error classes", lambda: [c.__name__ for c in ssl.SSLCertVerificationError.__mro__])
case("ssl constants", lambda: (int(ssl.CERT_REQUIRED), int(ssl.PROTOCOL_TLS_CLIENT), ssl.HAS_SNI, int(ssl.OP_NO_SSLv3)))


# Writing into a folder given on the command line: a read-write mount under fabricks-host
# (--mount /data=DIR), DIR itself under python3. The harness checks what is left there.
def writable_folder(folder):
    path = os.path.join(folder, "notes.txt")
    with open(path, "w") as f:
        f.write("first\n")
    with open(path, "a") as f:
        f.write("appended\n")
    os.makedirs(os.path.join(folder, "sub", "deeper"), exist_ok=True)
    os.rename(path, os.path.join(folder, "sub", "moved.txt"))
    with open(os.path.join(folder, "gone.txt"), "wb") as f:
        f.write(b"\0" * 70_000)
    size = os.path.getsize(os.path.join(folder, "gone.txt"))
    os.remove(os.path.join(folder, "gone.txt"))
    import sqlite3
    with sqlite3.connect(os.path.join(folder, "kept.db")) as db:
        db.execute("create table t(x)")
        db.execute("insert into t values ('kept')")
    return size, walk(folder)[0][1:], open(os.path.join(folder, "sub", "moved.txt")).read()


# Writing where the app may not (its own folder): the harness compares these with what a
# read-only file system gives, not with python3 (which may write there).
def read_only_checks():
    def attempt(name, function):
        try:
            function()
            line(name, "allowed")
        except OSError as e:
            line(name, f"{type(e).__name__} {errno.errorcode.get(e.errno, e.errno)}")
    attempt("open for writing", lambda: open("data/new.txt", "w"))
    attempt("open for appending", lambda: open("data/a.txt", "a"))
    attempt("os.mkdir", lambda: os.mkdir("data/newdir"))
    attempt("os.remove", lambda: os.remove("data/a.txt"))
    attempt("os.rename", lambda: os.rename("data/a.txt", "data/b.txt"))
    line("os.access W_OK", os.access("data/a.txt", os.W_OK))
    try:
        import sqlite3
        sqlite3.connect("data/notes.sqlite").execute("select 1 from notes").fetchall()
        line("sqlite3 without immutable=1", "allowed")
    except Exception as e:
        line("sqlite3 without immutable=1", type(e).__name__)


if len(sys.argv) > 1 and sys.argv[1] == "--read-only-checks":
    read_only_checks()
elif len(sys.argv) > 1:
    case("writing into a read-write folder", lambda: writable_folder(sys.argv[1]))
