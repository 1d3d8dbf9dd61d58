"""Per-call costs inside the runtime (see bench/adapter): N writes to stdout, N open+read+close
of a small and a 4 KiB file of the app. Prints one JSON line of microseconds per call to stderr."""
import json
import os
import sys
import time

n = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
line = b"0123456789abcde\n"
start = time.perf_counter()
for _ in range(n):
    os.write(1, line)
write_us = (time.perf_counter() - start) / n * 1e6
result = {"write": write_us}
for name in ("small.txt", "4k.bin"):
    path = "/app/data/" + name
    size = os.path.getsize(path)
    start = time.perf_counter()
    for _ in range(n):
        with open(path, "rb") as f:
            if len(f.read()) != size:
                sys.exit(f"short read of {path}")
    result["read " + name] = (time.perf_counter() - start) / n * 1e6
print(json.dumps(result), file=sys.stderr)
