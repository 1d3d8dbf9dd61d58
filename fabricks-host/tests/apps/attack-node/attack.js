// Tries one thing named by process.argv[2] and prints `OK <detail>` or `DENIED <error>`.
// The suite (fabricks-host/tests/attacks.py) runs it under fabricks-host.
const fs = require('fs');

function attempt(action) {
  let detail;
  try {
    detail = action();
  } catch (e) {
    console.log(`DENIED ${e && e.name}: ${e && e.message}`);
    return;
  }
  if (detail && typeof detail.then === 'function') {
    detail.then((d) => console.log(`OK ${d}`), (e) => console.log(`DENIED ${e && e.name}: ${e && e.message}`));
  } else {
    console.log(`OK ${detail}`);
  }
}

function allocate() {
  const chunks = [];
  for (;;) {
    const a = new Uint8Array(16 << 20);
    for (let i = 0; i < a.length; i += 4096) a[i] = 1;
    chunks.push(a);
  }
}

function stdout(total) {
  const chunk = 'x'.repeat(1 << 16);
  for (let written = 0; written < total; written += chunk.length) process.stdout.write(chunk);
  return undefined;
}

const actions = {
  'read-etc-passwd': () => fs.readFileSync('/etc/passwd', 'utf8'),
  'env-ungranted': () => { if (process.env.FABRICKS_SECRET === undefined) throw new Error('FABRICKS_SECRET is not set'); return process.env.FABRICKS_SECRET; },
  'env-granted': () => process.env.FABRICKS_GRANTED,
  'env-all': () => Object.keys(process.env).sort().join(','),
  'write-app': () => { fs.writeFileSync('/app/data/shipped.txt', 'changed'); return 'written'; },
  'app-read': () => fs.readFileSync('data/shipped.txt', 'utf8').trim(),
  'process': () => require('child_process').execSync('echo escaped'),
  'thread': () => new (require('worker_threads').Worker)('attack.js'),
  'net': () => require('net').connect(39172, '127.0.0.1'),
  'fetch-ungranted': () => fetch('http://127.0.0.1:39172/').then((r) => r.status),
  'memory': allocate,
  'spin': () => { for (;;) {} },
  'stdout-1g': () => stdout(1 << 30),
};

attempt(actions[process.argv[2]]);
