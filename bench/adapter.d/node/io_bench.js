// Per-call costs inside the runtime (see bench/adapter): N writes to stdout, N reads of a small
// and a 4 KiB file of the app. Prints one JSON line of microseconds per call to stderr.
const fs = require('fs');

const n = Number(process.argv[2] ?? 2000);
const line = Buffer.from('0123456789abcde\n');
let start = performance.now();
for (let i = 0; i < n; i++) process.stdout.write(line);
const result = { write: ((performance.now() - start) / n) * 1000 };
for (const name of ['small.txt', '4k.bin']) {
  const path = `/app/data/${name}`;
  const size = fs.statSync(path).size;
  start = performance.now();
  for (let i = 0; i < n; i++) {
    if (fs.readFileSync(path).length !== size) throw new Error(`short read of ${path}`);
  }
  result[`read ${name}`] = ((performance.now() - start) / n) * 1000;
}
process.stderr.write(JSON.stringify(result) + '\n');
