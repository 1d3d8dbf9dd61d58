"""One way of moving many bytes through stdin, stdout or stderr, named by argv[1]; the size in
argv[2]. runtimes/test/stdio_bytes.py runs it under `python3` and under fabricks-host and
compares every byte."""
import hashlib
import os
import sys

case, size = sys.argv[1], int(sys.argv[2])
MiB = 1 << 20

if case == "print-line":          # one print() of one line
    print("x" * (size - 1))
elif case == "buffer-write":      # one binary write
    sys.stdout.buffer.write(bytes(range(256)) * (size // 256))
elif case == "os-write":          # one os.write; what it returns goes to stderr
    print(os.write(1, b"y" * size), file=sys.stderr)
elif case == "stderr-write":      # one text write to stderr
    sys.stderr.write("z" * size)
elif case == "stream-out":        # many 1 MiB writes
    block = bytes(range(256)) * (MiB // 256)
    for _ in range(size // MiB):
        sys.stdout.buffer.write(block)
elif case == "stdin-line":        # one long line in, its length and hash out
    line = sys.stdin.readline()
    print(len(line), hashlib.sha256(line.encode()).hexdigest())
elif case == "stream-in":         # everything in, its length and hash out
    h, n = hashlib.sha256(), 0
    while chunk := sys.stdin.buffer.read(MiB):
        h.update(chunk)
        n += len(chunk)
    print(n, h.hexdigest())
else:
    sys.exit(f"unknown case {case}")
