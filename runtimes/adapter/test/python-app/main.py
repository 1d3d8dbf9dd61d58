# The adapter's end-to-end test in CPython: the runtime's own C-level file I/O sees /app (served by
# the adapter from the source layer); everything else is the host's.
import errno
import os
import sys
import time

print("preopens include /app:", os.path.isdir("/app"))
# The loader patches none of os.stat, os.listdir, os.scandir, os.open: CPython's own file I/O
# reads /app
print("the loader serves no files:", not hasattr(sys.modules["loader"], "LAYER"),
      all(getattr(f, "__module__", None) != "loader" for f in (os.stat, os.listdir, os.scandir, os.open)))
fd = os.open("/app/data/hello.txt", os.O_RDONLY)
print("os.open+os.read:", os.read(fd, 5), os.fstat(fd).st_size)
os.close(fd)
with open("/app/data/hello.txt") as f:
    print("open+read:", f.read().strip())
with open("/app/data/hello.txt", "rb") as f:
    f.seek(6)
    print("seek 6 + read 4:", f.read(4))
    f.seek(1000)
    print("read past the end:", f.read())
st = os.stat("/app/data/hello.txt")
print("stat: size", st.st_size, "regular", os.path.isfile("/app/data/hello.txt"), "nlink", st.st_nlink)
print("listdir /app:", sorted(os.listdir("/app")))
print("listdir /app/data:", sorted(os.listdir("/app/data")))
print("scandir kinds:", sorted((e.name, e.is_dir()) for e in os.scandir("/app")))
print("..:", open("/app/data/../data/deep.txt").read().strip())
print("samefile:", os.path.samefile("/app/data/hello.txt", "/app/data/../data/hello.txt"))
for what, action in [("create", lambda: open("/app/new.txt", "w")),
                     ("open for append", lambda: open("/app/data/hello.txt", "a")),
                     ("mkdir", lambda: os.mkdir("/app/newdir")),
                     ("unlink", lambda: os.unlink("/app/data/hello.txt")),
                     ("rename", lambda: os.rename("/app/data/hello.txt", "/app/data/x.txt"))]:
    try:
        action()
        print(what, "in /app: succeeded")
    except OSError as e:
        print(what, "in /app:", errno.errorcode.get(e.errno, e.errno))
try:
    open("/app/nope.txt")
except OSError as e:
    print("missing file:", errno.errorcode.get(e.errno, e.errno))
host = "/data" if os.path.isdir("/data") else "/tmp"
with open(host + "/out.txt", "w") as f:
    f.write("written through the host\n")
print("host preopen:", open(host + "/out.txt").read().strip())
print("stdin:", sys.stdin.read().strip())
t0 = time.monotonic()
time.sleep(0.02)
print("slept 20 ms:", time.monotonic() - t0 >= 0.02)
if len(sys.argv) > 1 and sys.argv[1] == "big":
    sys.stdout.flush()
    sys.stdout.write("x" * (1 << 20))
    sys.stdout.write("\n")
