"""Tries one thing named by argv[1] and prints `OK <detail>` or `DENIED <error>`.

The suite (fabricks-host/tests/attacks.py) runs it under fabricks-host and checks both the
program's line and the host's one-line denial on stderr.
"""
import os
import socket
import sys


def attempt(action):
    try:
        detail = action()
    except BaseException as e:  # noqa: BLE001 - a denial may come as any exception
        if isinstance(e, SystemExit):
            raise
        print(f"DENIED {type(e).__name__}: {e}", flush=True)
        return
    print(f"OK {detail}", flush=True)


def read(path):
    with open(path, "rb") as f:
        return f.read(200)


def write(path, text="written by the app"):
    with open(path, "w") as f:
        f.write(text)
    return path


def connect(host, port):
    s = socket.create_connection((host, port), timeout=5)
    s.sendall(b"ping\n")
    reply = s.recv(100)
    s.close()
    return reply.decode().strip()


def listen(port):
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.bind(("127.0.0.1", port))
    s.listen(1)
    name = s.getsockname()
    s.close()
    return f"listening on {name[0]}:{name[1]}"


def udp(host, port):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.sendto(b"x", (host, port))
    return "sent"


def allocate():
    chunks = []
    while True:
        chunks.append(bytearray(16 << 20))
        chunks[-1][::4096] = b"x" * len(chunks[-1][::4096])


def spin():
    n = 0
    while True:
        n += 1


def thread():
    import threading
    t = threading.Thread(target=lambda: None)
    t.start()
    t.join()
    return "a thread ran"


def process():
    import subprocess
    return subprocess.run(["/bin/sh", "-c", "echo escaped"], capture_output=True).stdout


def stdout_bytes(total):
    chunk = b"x" * (1 << 16)
    out = sys.stdout.buffer
    written = 0
    while written < total:
        out.write(chunk)
        written += len(chunk)
    out.flush()
    return None


def fill_tmp():
    chunk = b"y" * (1 << 20)
    with open("/tmp/fill", "wb") as f:
        while True:
            f.write(chunk)
            f.flush()


def c_level_read(path):
    fd = os.open(path, os.O_RDONLY)
    data = os.read(fd, 100)
    os.close(fd)
    return data.decode().strip()


def tmp_roundtrip():
    write("/tmp/scratch.txt", "temp data")
    return read("/tmp/scratch.txt").decode()


ACTIONS = {
    "read-etc-passwd": lambda: read("/etc/passwd"),
    "read-host-root": lambda: os.listdir("/"),
    "env-ungranted": lambda: os.environ["FABRICKS_SECRET"],
    "env-granted": lambda: os.environ["FABRICKS_GRANTED"],
    "env-all": lambda: ",".join(sorted(os.environ)),
    "read-ro": lambda: read("/ro/hello.txt").decode().strip(),
    "write-ro": lambda: write("/ro/new.txt"),
    "write-rw": lambda: write("/rw/out.txt"),
    "remove-ro": lambda: os.remove("/ro/hello.txt"),
    "mkdir-ro": lambda: os.mkdir("/ro/newdir"),
    "escape-dotdot": lambda: read("/rw/../../../etc/passwd"),
    "escape-dotdot-list": lambda: os.listdir("/rw/../.."),
    "escape-symlink": lambda: read("/rw/link-to-etc/passwd"),
    "escape-symlink-file": lambda: read("/rw/passwd-link"),
    "connect-ungranted-port": lambda: connect("127.0.0.1", 39172),
    "connect-ungranted-host": lambda: connect("127.0.0.2", 39171),
    "connect-granted": lambda: connect("127.0.0.1", 39171),
    "connect-granted-name": lambda: connect("localhost", 39171),
    "http-ungranted": lambda: __import__("urllib.request").request.urlopen("http://127.0.0.1:39172/", timeout=5).read(),
    "listen-ungranted": lambda: listen(39173),
    "listen-granted": lambda: listen(39170),
    "dns-ungranted": lambda: socket.getaddrinfo("example.com", 443),
    "udp-ungranted": lambda: udp("127.0.0.1", 39172),
    "memory": allocate,
    "spin": spin,
    "thread": thread,
    "process": process,
    "stdout-1g": lambda: stdout_bytes(1 << 30),
    "tmp-roundtrip": tmp_roundtrip,
    "tmp-fill": fill_tmp,
    "app-c-level": lambda: c_level_read("/app/data/shipped.txt"),
    "app-write": lambda: write("/app/data/shipped.txt"),
}

if __name__ == "__main__":
    attempt(ACTIONS[sys.argv[1]])
