// Feature test program for the runtime (run by test/smoke with a mode argument).
import fs, { readFileSync } from 'node:fs';
import path from 'path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import readline from 'node:readline';
import { EventEmitter, once } from 'node:events';
import dualDefault, { flavour } from 'dual';
import subA from 'dual/sub/a';
import legacy from 'legacy';
import scoped from '@scope/pkg';
import * as cjs from './lib/cjs.cjs';
import { name as dirName } from './lib/dir/index.js';
import data from './data/x.json' with { type: 'json' };

const out = (line) => process.stdout.write(line + '\n');
const mode = process.argv[2] ?? 'modules';
const here = path.dirname(fileURLToPath(import.meta.url));

if (mode === 'modules') {
  const require = createRequire(import.meta.url);
  const checks = {
    'import.meta.url': import.meta.url === 'file:///app/main.js',
    'import condition': flavour === 'import' && dualDefault === 'dual-default',
    'subpath pattern': subA === 'sub-a',
    'main + nested node_modules': legacy() === 'legacy+inner',
    'scoped package, string exports': scoped() === 'scoped',
    'cjs from esm (require condition, dir index, json)': cjs.fromCjs === 'require,dir-index,42' && cjs.default.kind === 'cjs',
    'esm dir import': dirName === 'dir-index',
    'json import': data.answer === 42,
    'fs with a path from import.meta.url': JSON.parse(readFileSync(path.join(here, 'data', 'x.json'), 'utf8')).answer === 42,
    'fs.readdirSync': fs.readdirSync(here).includes('lib') && fs.statSync(here + '/lib').isDirectory(),
    "the build's notes are no app files": !fs.readdirSync(here).includes('.fabricks') && !fs.existsSync(here + '/.fabricks/node/modules.json'),
    'the app reads its modules as written': readFileSync(fileURLToPath(import.meta.url), 'utf8').startsWith('// Feature test program'),
    'regex literal with a Unicode property': /^\p{Lu}\p{Ll}+$/u.test('Ärger') && /[\p{L}--[a-z]]/v.test('Z') && !/[\p{L}--[a-z]]/v.test('z'),
    'createRequire': require('./data/x.json').answer === 42 && require('dual').flavour === 'require',
    'require.resolve': require.resolve('legacy') === '/app/node_modules/legacy/lib/main.js',
    'Buffer': Buffer.from('aGk=', 'base64').toString() === 'hi' && Buffer.from('hi').toString('hex') === '6869',
    'EventEmitter': typeof EventEmitter === 'function' && typeof once === 'function',
    'missing module': (() => { try { require('nope'); return false; } catch (e) { return e.code === 'MODULE_NOT_FOUND'; } })(),
  };
  const dyn = await import('./lib/dir/index.js');
  checks['dynamic import + top-level await'] = dyn.name === 'dir-index';
  for (const [name, ok] of Object.entries(checks)) out(`${ok ? 'ok' : 'not ok'} - ${name}`);
} else if (mode === 'timers') {
  const order = [];
  setTimeout(() => order.push('timeout 30'), 30);
  setTimeout(() => order.push('timeout 10'), 10);
  const cleared = setTimeout(() => order.push('cleared'), 5);
  clearTimeout(cleared);
  let n = 0;
  const iv = setInterval(() => { order.push(`interval ${++n}`); if (n === 3) clearInterval(iv); }, 1);
  setImmediate(() => order.push('immediate'));
  process.nextTick(() => order.push('nextTick'));
  Promise.resolve().then(() => order.push('promise'));
  queueMicrotask(() => order.push('microtask'));
  setTimeout(() => {}, 100000).unref();
  order.push('sync');
  process.on('exit', (code) => out(`${order.join(', ')} | exit ${code}`));
} else if (mode === 'stdin-data') {
  process.stdin.setEncoding('utf8');
  let text = '';
  process.stdin.on('data', (chunk) => { text += chunk; });
  process.stdin.on('end', () => out(`data: ${JSON.stringify(text.toUpperCase())}`));
} else if (mode === 'stdin-iter') {
  let bytes = 0;
  for await (const chunk of process.stdin) bytes += chunk.length;
  out(`iterated ${bytes} bytes`);
} else if (mode === 'readline') {
  const rl = readline.createInterface({ input: process.stdin });
  const lines = [];
  for await (const line of rl) {
    await new Promise((r) => setTimeout(r, 1));
    lines.push(line);
  }
  out(`lines: ${JSON.stringify(lines)}`);
} else if (mode === 'async-throw') {
  const e = new EventEmitter();
  e.on('go', async () => { await null; throw new Error('thrown in an async listener'); });
  setTimeout(() => e.emit('go'), 1);
} else if (mode === 'timer-throw') {
  setTimeout(function tick() { null.boom; }, 1);
} else if (mode === 'exit-code') {
  process.exitCode = 3;
  console.log('console.log goes to stdout');
} else if (mode === 'protocol') {
  // a stdio protocol server: once it reads stdin, console.log must not reach stdout
  process.stdin.on('data', (chunk) => process.stdout.write('got ' + chunk.length + '\n'));
  console.log('console.log goes to stderr');
}
