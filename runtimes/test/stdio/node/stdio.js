// One way of moving many bytes through stdin, stdout or stderr, named by argv[2]; the size in
// argv[3]. runtimes/test/stdio_bytes.py runs it under `node` and under fabricks-host.
const [case_, sizeText] = process.argv.slice(2);
const size = Number(sizeText);
const MiB = 1 << 20;

function block(n) {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = i & 255;
  return b;
}

function readAll(onChunk, onEnd) {
  process.stdin.on('data', onChunk);
  process.stdin.on('end', onEnd);
}

if (case_ === 'print-line') console.log('x'.repeat(size - 1));
else if (case_ === 'buffer-write') process.stdout.write(block(size));
else if (case_ === 'stderr-write') process.stderr.write('z'.repeat(size));
else if (case_ === 'stream-out') {
  const b = block(MiB);
  for (let i = 0; i < size / MiB; i++) process.stdout.write(b);
} else if (case_ === 'stream-in' || case_ === 'stdin-line') {
  // Its length and a sample of its bytes (every 4096th): a hash of a GiB would take minutes in
  // an interpreter, and the sample catches lost, repeated or reordered blocks.
  let n = 0;
  let sample = 0;
  const line = case_ === 'stdin-line';
  readAll((c) => {
    const b = Buffer.from(c);
    for (let i = (4096 - (n % 4096)) % 4096; i < b.length; i += 4096) sample = (sample * 31 + b[i] + 1) >>> 0;
    n += b.length;
  }, () => process.stdout.write(`${n} ${sample}${line ? ' line' : ''}\n`));
} else {
  process.stderr.write(`unknown case ${case_}\n`);
  process.exit(1);
}
