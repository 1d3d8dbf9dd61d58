// Fabricks JavaScript runtime: runs the source layer's entrypoint the way
// `node <entrypoint>` would, for the common cases.
//
// - Modules: CommonJS (`require`, `module.exports`) and ES modules (`import`/
//   `export`, `.mjs`, `.js` under `"type": "module"`, or `.js` with ESM syntax),
//   the latter turned into CommonJS-style code when the app is built (fabricks-core's
//   ModuleTransform; the edits come in the layer's .fabricks/node/modules.json).
//   `node_modules` packages resolve through `exports` (string, subpaths,
//   conditions require/import/node/default, `*` patterns), `main`, `index.js`;
//   JSON files load as data. Dynamic `import()` is rewritten to a synchronous
//   load wrapped in a promise (StarlingMonkey traps on its own `import()`).
// - Built-ins: fs (the WASI preopens through wasi:filesystem: /app, read-only, served
//   from the source layer by the image's WASI adapter; declared mounts and /tmp:
//   lib/mounts.js), path, url,
//   events, buffer (the `buffer` package), stream (+ /promises; readable-stream,
//   and fs.createReadStream/createWriteStream over it: lib/fs-streams.js), util,
//   readline (+ /promises), os, string_decoder (the `string_decoder` package),
//   assert, timers (+ /promises), module, process, crypto
//   (random values, hashes, HMAC: lib/crypto.js), zlib (whole buffers, pako:
//   lib/zlib.js), tty (nothing is a terminal).
// - Regular expressions with Unicode property escapes or the `v` flag, which the
//   engine (no ICU) cannot compile, are rewritten by regexpu-core.
// - process.stdin is read from wasi:cli/stdin by the event loop below;
//   process.stdout/stderr write straight to the WASI streams; all three are
//   stream.Readable/Writable (lib/stdio.js).
// - console.error/warn/trace write to stderr, as in Node. console.log, info,
//   debug, dir and table write to stdout until the program starts reading
//   stdin; from then on it is a stdio protocol server (MCP, LSP) that owns
//   stdout, so they go to stderr and only process.stdout.write reaches stdout.
//
// Event loop: `run` is async; componentize-js keeps the component alive
// until its promise settles. The loop owns the timers (setTimeout & co are
// implemented here so that their deadlines are known), drains microtasks
// between callbacks by awaiting one turn of StarlingMonkey's own loop
// (a native `setTimeout(0)`, about 3.5 µs), and sleeps in wasi:io/poll on
// stdin's pollable and a monotonic-clock pollable for the next timer. The
// run ends when stdin is not being read (ended, paused, or never wanted) and
// no ref'd timer is left, as in Node.
//
// Errors: an uncaught exception, or the rejection of a promise that the
// runtime sees (returned by a listener, a timer callback or the module's
// top-level await), prints a Node-style stack naming the user's files and
// exits with status 1. A rejected promise that nobody returns to the runtime
// (`main();` with no `.catch`) is not seen: StarlingMonkey gives JavaScript no
// hook for unhandled rejections.
//
// componentize-js pre-initialises this module with Wizer at build time, so the
// top level must not call any import: everything happens inside `run()`.

import { entrypoint, paths, read } from 'fabricks:app/source@0.1.0';
import { getArguments, getEnvironment } from 'wasi:cli/environment@0.2.12';
import { exit } from 'wasi:cli/exit@0.2.12';
import { getStdin } from 'wasi:cli/stdin@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { getStderr } from 'wasi:cli/stderr@0.2.12';
import { poll } from 'wasi:io/poll@0.2.12';
import { now, subscribeDuration } from 'wasi:clocks/monotonic-clock@0.2.12';
import { rewritePattern } from './target/bundle/regexp.js';
import './target/bundle/normalize.js'; // String.prototype.normalize (no ICU in the engine)
import './target/bundle/intl.js'; // Intl: FormatJS's polyfills (no ICU in the engine)
import { crypto as cryptoModule } from './lib/crypto.js';
import { zlib as zlibModule } from './lib/zlib.js';
import { makeMounts } from './lib/mounts.js';
import { install as installLocale } from './lib/locale.js';
import { getDirectories } from 'wasi:filesystem/preopens@0.2.12';
import { http as httpModule, listening as httpListening, serveNode } from './lib/http.js';
import {
  EventEmitter, Buffer, util, inspect, format, formatStack, assert, makePath, makeUrl, os, StringDecoder,
  readline, readlinePromises, hooks, stream, streamPromises, buffer as bufferModule,
} from './lib/node.js';
import { makeFileStreams } from './lib/fs-streams.js';
import { makeStdio } from './lib/stdio.js';

// The source root as programs see it: `__dirname` of `lib/a.js` is `/app/lib`.
const ROOT = '/app';
const nativeSetTimeout = globalThis.setTimeout;
const nativeQueueMicrotask = globalThis.queueMicrotask;

// Thrown by `process.exit` should `wasi:cli/exit` ever return.
class ExitSignal { constructor(code) { this.code = code; } }

const path = makePath(() => ROOT);
const url = makeUrl(path);
const decoder = new TextDecoder();
const encoder = new TextEncoder();
const nowMs = () => Number(now()) / 1e6;

// --- the app's files ----------------------------------------------------------
//
// /app is a read-only folder of the WASI filesystem, served from the source layer by the runtime
// image's WASI adapter (runtimes/adapter): `fs` reads it like any other preopen (lib/mounts.js).
// The module loader asks the source layer itself (fabricks:app/source, the same files): one
// `paths` call lists them all, and a module's text is one `read`, where resolving through `fs`
// would stat every candidate file (`x`, `x.js`, `x.json`, `x/package.json`, ...) through WASI
// and build a Stats object for each, which made a start with the MCP SDK's ~90 modules
// measurably slower (bench/adapter). The build's notes for the loader (MANIFEST below) live in
// the layer only: the adapter keeps `.fabricks/` out of /app.

// Maps a virtual path (absolute, or relative to the working directory `/app`)
// to its path under /app, or null when it lies outside `/app`.
function layerPath(p) {
  if (p instanceof URL) p = url.fileURLToPath(p);
  const abs = path.resolve(String(p));
  if (abs === ROOT) return '';
  return abs.startsWith(ROOT + '/') ? abs.slice(ROOT.length + 1) : null;
}
const MANIFEST = '.fabricks/node/modules.json';

// --- fs ------------------------------------------------------------------------

function fsError(code, errno, message, p, syscall) {
  const e = new Error(`${code}: ${message}, ${syscall} '${p}'`);
  Object.assign(e, { code, errno, syscall, path: String(p) });
  return e;
}
const enoent = (p, syscall) => fsError('ENOENT', -2, 'no such file or directory', p, syscall);
const erofs = (p, syscall) => fsError('EROFS', -30, 'read-only file system', p, syscall);

class Stats {
  constructor(file, size) { this._file = file; this.size = size; this.mode = file ? 0o100444 : 0o40555; }
  isFile() { return this._file; }
  isDirectory() { return !this._file; }
  isSymbolicLink() { return false; }
  get mtime() { return new Date(0); }
  get mtimeMs() { return 0; }
}
class Dirent {
  constructor(name, parentPath, file) { this.name = name; this.parentPath = parentPath; this.path = parentPath; this._file = file; }
  isFile() { return this._file; }
  isDirectory() { return !this._file; }
  isSymbolicLink() { return false; }
}

let mounts = makeMounts({ getDirectories: warmUpPreopens, fsError, Buffer, Stats, Dirent }); // see warmUpFs()
// An absolute path on a preopen (/app, a declared mount, /tmp), or null: nothing else exists.
function mountPath(p) {
  if (p instanceof URL) p = url.fileURLToPath(p);
  const abs = path.resolve(String(p));
  if (mounts.find(abs)) return abs;
  if (layerPath(abs) !== null) {
    throw new Error(`${ROOT} is not a folder here: this runtime's fs reads the app's files from ${ROOT}, which the runtime ` +
      "image's WASI adapter serves from the source layer. The component was not composed with its adapter " +
      '(runtimes/adapter/compose), or the host hides /app');
  }
  return null;
}
// The module loader's index of the layer: its files, and the folders that hold them.
let files = null; // Set of layer paths
let dirs = null;  // Set of folder paths ('' is the root)
const PREPARATION_DIR = '.fabricks/';
function index() {
  if (files) return;
  files = new Set();
  dirs = new Set(['']);
  for (const p of paths()) {
    if (p.startsWith(PREPARATION_DIR)) continue;
    files.add(p);
    for (let i = p.lastIndexOf('/'); i > 0 && !dirs.has(p.slice(0, i)); i = p.lastIndexOf('/', i - 1)) dirs.add(p.slice(0, i));
  }
}
const isFile = (rel) => { index(); return rel !== null && files.has(rel); };
const isDir = (rel) => { index(); return rel !== null && dirs.has(rel); };
const readText = (rel) => decoder.decode(read(rel));

const encodingOf = (options) => (typeof options === 'string' ? options : options?.encoding);
const dataOf = (data, options) => (typeof data === 'string' ? Buffer.from(data, encodingOf(options) ?? 'utf8') : Buffer.from(data.buffer ?? data, data.byteOffset ?? 0, data.byteLength ?? data.length));
// The preopen path of `p`, or ENOENT for syscall.
function onMount(p, syscall) {
  const abs = mountPath(p);
  if (!abs) throw enoent(p, syscall);
  return abs;
}

const fs = {
  constants: { F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1, COPYFILE_EXCL: 1 },
  existsSync: (p) => {
    try {
      const abs = mountPath(p);
      if (!abs) return false;
      mounts.stat(abs, p);
      return true;
    } catch { return false; }
  },
  readFileSync(p, options) {
    const encoding = encodingOf(options);
    const bytes = mounts.readFile(onMount(p, 'open'), p);
    return encoding ? bytes.toString(encoding) : bytes;
  },
  statSync(p, options) {
    try { return mounts.stat(onMount(p, 'stat'), p); } catch (e) { if (options?.throwIfNoEntry === false && e.code === 'ENOENT') return undefined; throw e; }
  },
  lstatSync(p, options) {
    try { return mounts.stat(onMount(p, 'lstat'), p, false); } catch (e) { if (options?.throwIfNoEntry === false && e.code === 'ENOENT') return undefined; throw e; }
  },
  readdirSync(p, options) {
    return mounts.readdir(onMount(p, 'scandir'), p, options?.withFileTypes);
  },
  accessSync(p, mode = 0) {
    if (!fs.existsSync(p)) throw enoent(p, 'access');
    // WASI has no access(): /app is the one folder known to be read-only.
    if ((mode & 2) && layerPath(p) !== null) throw erofs(p, 'access');
  },
  realpathSync: (p) => { if (!fs.existsSync(p)) throw enoent(p, 'realpath'); return path.resolve(String(p)); },
  writeFileSync(p, data, options) {
    mounts.writeFile(onMount(p, 'open'), p, dataOf(data, options), options?.flag ?? 'w');
  },
  appendFileSync(p, data, options) {
    mounts.writeFile(onMount(p, 'open'), p, dataOf(data, options), options?.flag ?? 'a');
  },
  copyFileSync(from, to, mode = 0) {
    const abs = onMount(to, 'copyfile');
    mounts.writeFile(abs, to, fs.readFileSync(from), mode & 1 ? 'wx' : 'w');
  },
  mkdirSync(p, options) {
    const recursive = typeof options === 'object' && options?.recursive;
    return mounts.mkdir(onMount(p, 'mkdir'), p, recursive);
  },
  renameSync(from, to) {
    mounts.rename(onMount(from, 'rename'), onMount(to, 'rename'), from, to);
  },
  unlinkSync(p) {
    mounts.unlink(onMount(p, 'unlink'), p);
  },
  rmdirSync(p) {
    mounts.rmdir(onMount(p, 'rmdir'), p);
  },
  rmSync(p, options) {
    const abs = onMount(p, 'rm');
    let stat;
    try { stat = mounts.stat(abs, p, false); } catch (e) { if (options?.force && e.code === 'ENOENT') return; throw e; }
    if (!stat.isDirectory()) { mounts.unlink(abs, p); return; }
    if (!options?.recursive) throw fsError('ERR_FS_EISDIR', -21, 'Path is a directory', p, 'rm');
    for (const name of mounts.readdir(abs, p)) fs.rmSync(`${abs}/${name}`, options);
    mounts.rmdir(abs, p);
  },
};
fs.realpathSync.native = fs.realpathSync;
// Callback and promise forms of the synchronous functions.
const fsPromises = {};
for (const name of ['readFile', 'stat', 'lstat', 'readdir', 'access', 'realpath', 'writeFile', 'appendFile', 'mkdir', 'rm', 'unlink',
  'rename', 'rmdir', 'copyFile']) {
  const sync = fs[name + 'Sync'];
  fsPromises[name] = (...args) => new Promise((resolve) => resolve(sync(...args)));
  fs[name] = (...args) => {
    const cb = args.pop();
    let result, error = null;
    try { result = sync(...args); } catch (e) { error = e; }
    immediate(() => cb(error, result));
  };
}
fs.exists = (p, cb) => immediate(() => cb(fs.existsSync(p)));
fsPromises.open = async (p, flag = 'r') => mounts.open(onMount(p, 'open'), p, typeof flag === 'string' ? flag : 'r');
// No permission bits in WASI: chmod is a no-op on a file that exists, and fails on /app.
fs.chmodSync = (p) => {
  fs.statSync(p);
  if (layerPath(p) !== null) throw erofs(p, 'chmod');
};
fsPromises.chmod = async (p, mode) => fs.chmodSync(p, mode);
fs.chmod = (p, mode, cb) => { let error = null; try { fs.chmodSync(p, mode); } catch (e) { error = e; } immediate(() => cb(error)); };
fs.promises = fsPromises;
// fs.createReadStream and fs.createWriteStream: streams over the handles of fs.promises.open.
Object.assign(fs, makeFileStreams({ stream, Buffer, open: (p, flags) => fsPromises.open(p, flags), toPath: url.fileURLToPath, defer: (fn, ...args) => microtask(fn, ...args) }));
{
  const open = fsPromises.open;
  fsPromises.open = async (...args) => {
    const handle = await open(...args);
    const withHandle = (options) => ({ ...(typeof options === 'string' ? { encoding: options } : options), fd: handle });
    handle.createReadStream ??= (options) => fs.createReadStream(null, withHandle(options));
    handle.createWriteStream ??= (options) => fs.createWriteStream(null, withHandle(options));
    return handle;
  };
}

// componentize-js snapshots this module after its top level ran (Wizer), and SpiderMonkey compiles
// a function when it first runs. The fs functions over /app would otherwise be compiled (and their
// objects shaped) on the first file read of every run: about 0.5 ms of each start of a program
// that reads a file (bench/adapter). So they run here once, over a made-up preopen (WASI imports
// cannot be called before the snapshot), and `mounts` is then made anew for the real preopens.
function warmUpPreopens() {
  const time = { seconds: 0n, nanoseconds: 0 };
  const fileStat = { type: 'regular-file', size: 2n, linkCount: 1n, dataModificationTimestamp: time };
  const file = { stat: () => fileStat, read: (n, at) => [new Uint8Array(at === 0n ? 2 : 0), at !== 0n], [Symbol.dispose]() {} };
  const entries = [{ type: 'regular-file', name: 'a.txt' }];
  const dir = {
    stat: () => ({ ...fileStat, type: 'directory', size: 0n }),
    statAt: (flags, rel) => { if (rel !== 'a.txt') throw { payload: 'no-entry' }; return fileStat; },
    openAt: (flags, rel, openFlags) => { if (rel !== 'a.txt') throw { payload: 'no-entry' }; return openFlags.directory ? dir : file; },
    readDirectory: () => ({ readDirectoryEntry: () => entries.shift() }),
    [Symbol.dispose]() {},
  };
  return [[dir, ROOT]];
}
function warmUpFs() {
  for (let round = 0; round < 2; round++) {
    fs.existsSync(`${ROOT}/a.txt`);
    fs.existsSync(`${ROOT}/missing.txt`);
    fs.statSync(ROOT);
    fs.statSync(`${ROOT}/a.txt`).isFile();
    fs.statSync(`${ROOT}/missing.txt`, { throwIfNoEntry: false });
    fs.readFileSync(`${ROOT}/a.txt`, 'utf8');
    fs.readFileSync(`${ROOT}/a.txt`);
    try { fs.readFileSync(`${ROOT}/missing.txt`); } catch { /* ENOENT, as a program would see it */ }
  }
  fs.readdirSync(ROOT, { withFileTypes: true });
  mounts = makeMounts({ getDirectories, fsError, Buffer, Stats, Dirent });
}
warmUpFs();

// --- timers --------------------------------------------------------------------

let timerSeq = 0;
const timers = new Map(); // id -> Timeout
const immediates = [];

class Timeout {
  constructor(fn, ms, args, repeat) {
    if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function');
    ms = Number(ms);
    this._ms = ms >= 1 && ms <= 2147483647 ? ms : 1;
    this._fn = fn;
    this._args = args;
    this._repeat = repeat;
    this._ref = true;
    this._id = ++timerSeq;
    this._when = nowMs() + this._ms;
    timers.set(this._id, this);
  }
  ref() { this._ref = true; return this; }
  unref() { this._ref = false; return this; }
  hasRef() { return this._ref; }
  refresh() { this._when = nowMs() + this._ms; if (!timers.has(this._id)) timers.set(this._id, this); return this; }
  close() { timers.delete(this._id); return this; }
  [Symbol.toPrimitive]() { return this._id; }
  [Symbol.dispose]() { this.close(); }
}
class Immediate {
  constructor(fn, args) { this._fn = fn; this._args = args; this._cleared = false; }
  ref() { return this; }
  unref() { return this; }
  hasRef() { return true; }
}
function clearTimer(t) {
  if (t == null) return;
  timers.delete(typeof t === 'object' ? t._id : Number(t));
}
function immediate(fn, ...args) {
  if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function');
  const im = new Immediate(fn, args);
  immediates.push(im);
  return im;
}
const timersModule = {
  setTimeout: (fn, ms, ...args) => new Timeout(fn, ms, args, false),
  setInterval: (fn, ms, ...args) => new Timeout(fn, ms, args, true),
  setImmediate: immediate,
  clearTimeout: clearTimer,
  clearInterval: clearTimer,
  clearImmediate: (im) => { if (im) im._cleared = true; },
};
const timersPromises = {
  setTimeout: (ms, value) => new Promise((resolve) => timersModule.setTimeout(resolve, ms, value)),
  setImmediate: (value) => new Promise((resolve) => immediate(resolve, value)),
  async *setInterval(ms, value) { for (;;) { await timersPromises.setTimeout(ms); yield value; } },
  scheduler: { wait: (ms) => timersPromises.setTimeout(ms), yield: () => timersPromises.setImmediate() },
};
timersModule.promises = timersPromises;

// A microtask whose callback's errors count as uncaught exceptions.
function microtask(fn, ...args) {
  nativeQueueMicrotask(() => invoke(fn, undefined, args));
}

// --- process -------------------------------------------------------------------

// Every byte of `bytes` into a WASI output stream, as large as the stream permits at a time
// (check-write), then flushed. blocking-write-and-flush takes at most 4096 bytes a call, and
// every call leaves its copy of the bytes in the engine's memory until a collection that
// rarely comes: a GiB written that way took a GiB of memory.
function writeAll(stream, bytes) {
  let offset = 0;
  while (offset < bytes.length) {
    const permit = Number(stream.checkWrite());
    if (permit === 0) {
      const ready = stream.subscribe();
      ready.block();
      ready[Symbol.dispose]?.();
      continue;
    }
    const n = Math.min(permit, bytes.length - offset);
    stream.write(bytes.subarray(offset, offset + n));
    offset += n;
  }
  stream.blockingFlush();
}

// process.stdin, stdout and stderr: stream.Readable and stream.Writable (lib/stdio.js); stdout and
// stderr write through writeAll above, stdin is pushed to by the event loop.
const { Writer, Stdin } = makeStdio({ stream, Buffer });

let process = null;
let exiting = false;

function makeProcess(mainFile) {
  const [arg0 = 'node', ...args] = getArguments();
  const start = nowMs();
  const proc = new EventEmitter();
  const hrtime = (prev) => {
    const ns = now();
    const t = [Number(ns / 1000000000n), Number(ns % 1000000000n)];
    if (!prev) return t;
    let s = t[0] - prev[0], n = t[1] - prev[1];
    if (n < 0) { s--; n += 1e9; }
    return [s, n];
  };
  hrtime.bigint = () => now();
  return Object.assign(proc, {
    // Node's shape: [runtime, script, ...user args], so `argv.slice(2)` works.
    argv: [arg0, mainFile, ...args],
    argv0: arg0,
    execArgv: [],
    execPath: '/usr/local/bin/node',
    env: Object.fromEntries(getEnvironment()),
    exitCode: undefined,
    platform: 'wasi',
    arch: 'wasm32',
    pid: 1,
    ppid: 0,
    title: 'node',
    version: 'v22.0.0',
    versions: { node: '22.0.0', fabricks: '0.1.0' },
    release: { name: 'node' },
    features: {},
    config: { variables: {} },
    cwd: () => ROOT,
    chdir: () => { throw new Error('process.chdir() is not supported in the Fabricks runtime'); },
    umask: () => 0o22,
    uptime: () => (nowMs() - start) / 1000,
    hrtime,
    memoryUsage: Object.assign(() => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }), { rss: () => 0 }),
    cpuUsage: () => ({ user: 0, system: 0 }),
    nextTick: (fn, ...args) => microtask(fn, ...args),
    emitWarning: (w, type) => console.error(`(node) ${typeof w === 'string' ? `${type ?? 'Warning'}: ${w}` : formatStack(w)}`),
    stdin: new Stdin(),
    stdout: new Writer(getStdout, 1, writeAll),
    stderr: new Writer(getStderr, 2, writeAll),
    kill: () => { throw new Error('process.kill() is not supported in the Fabricks runtime'); },
    abort: () => finish(1),
    exit(code) {
      if (code !== undefined) this.exitCode = code;
      finish(this.exitCode ?? 0);
    },
  });
}

// Ends the run: emits 'exit', then exits through wasi:cli/exit, which only
// tells success from failure (exit-with-code is unstable WASI and off by
// default in wasmtime): any non-zero code becomes 1.
function finish(code) {
  code = Number(code) || 0;
  if (!exiting) {
    exiting = true;
    process.exitCode = code;
    try { process.emit('exit', code); } catch (e) { printError(e); code = 1; }
    code = Number(process.exitCode) || code;
  }
  exit(code ? { tag: 'err' } : { tag: 'ok' });
  throw new ExitSignal(code);
}

// --- console -----------------------------------------------------------------------

const consoleState = { indent: '', counts: new Map(), times: new Map() };
function indented(args) {
  const text = format(...args);
  return consoleState.indent ? consoleState.indent + text.replace(/\n/g, '\n' + consoleState.indent) : text;
}
// stderr: errors, warnings and traces, always.
function log(...args) {
  const text = indented(args) + '\n';
  if (process) process.stderr.write(text);
  else getStderr().blockingWriteAndFlush(encoder.encode(text));
}
// stdout, unless the program reads stdin: then stdout is its protocol channel.
function print(...args) {
  if (!process || process.stdin._everRead || process.stdin._wanted) return log(...args);
  process.stdout.write(indented(args) + '\n');
}
const console = {
  log: print, info: print, debug: print, warn: log, error: log,
  trace: (...args) => log(formatStack(Object.assign(new Error(format(...args)), { name: 'Trace' }))),
  dir: (obj, options) => print(inspect(obj, options)),
  dirxml: print,
  table: print,
  assert: (ok, ...args) => { if (!ok) log('Assertion failed' + (args.length ? ': ' + format(...args) : '')); },
  count: (label = 'default') => { const n = (consoleState.counts.get(label) ?? 0) + 1; consoleState.counts.set(label, n); log(`${label}: ${n}`); },
  countReset: (label = 'default') => consoleState.counts.delete(label),
  group: (...args) => { if (args.length) log(...args); consoleState.indent += '  '; },
  groupEnd: () => { consoleState.indent = consoleState.indent.slice(2); },
  time: (label = 'default') => consoleState.times.set(label, nowMs()),
  timeLog: (label = 'default', ...args) => log(`${label}: ${(nowMs() - consoleState.times.get(label)).toFixed(3)}ms`, ...args),
  timeEnd: (label = 'default') => { console.timeLog(label); consoleState.times.delete(label); },
};
console.groupCollapsed = console.group;

// --- errors ----------------------------------------------------------------------

function printError(e, prefix = 'Uncaught') {
  let text;
  try { text = e instanceof Error ? formatStack(e) : inspect(e); } catch { text = String(e); }
  log(`${prefix} ${text}`);
}

// An exception nobody caught: 'uncaughtException' listeners, or exit 1.
function uncaught(e) {
  if (e instanceof ExitSignal) throw e;
  if (process && process.listenerCount('uncaughtException')) {
    try { process.emit('uncaughtException', e, 'uncaughtException'); return; } catch (e2) { e = e2; }
  }
  printError(e);
  finish(1);
}
// A rejection the runtime saw go unhandled: 'unhandledRejection' listeners, or exit 1.
function unhandled(e, promise) {
  if (e instanceof ExitSignal) return;
  if (process && process.listenerCount('unhandledRejection')) {
    try { process.emit('unhandledRejection', e, promise); return; } catch (e2) { uncaught(e2); return; }
  }
  printError(e, 'Uncaught (in promise)');
  finish(1);
}
hooks.rejected = unhandled;
hooks.nextTick = microtask;

// Calls a callback on behalf of the event loop.
function invoke(fn, self, args) {
  try {
    const r = fn.apply(self, args);
    if (r && typeof r.then === 'function') r.then(undefined, (e) => unhandled(e, r));
  } catch (e) {
    uncaught(e);
  }
}

// --- modules -------------------------------------------------------------------

const stats = { modules: 0, bytes: 0, loadMs: 0 };
const packageJsons = new Map(); // layer dir -> parsed package.json | null
function packageJson(relDir) {
  if (!packageJsons.has(relDir)) {
    const p = relDir ? `${relDir}/package.json` : 'package.json';
    let value = null;
    if (isFile(p)) {
      try { value = JSON.parse(readText(p)); } catch (e) { throw new Error(`invalid package.json at ${ROOT}/${p}: ${e.message}`); }
    }
    packageJsons.set(relDir, value);
  }
  return packageJsons.get(relDir);
}
// The nearest package.json's "type" for a file.
function packageType(rel) {
  for (let dir = rel.includes('/') ? rel.slice(0, rel.lastIndexOf('/')) : ''; ; dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '') {
    const pkg = packageJson(dir);
    if (pkg) return pkg.type ?? 'commonjs';
    if (dir === '') return 'commonjs';
  }
}

const builtins = {
  fs, 'fs/promises': fsPromises, path, 'path/posix': path, url, events: EventEmitter, buffer: bufferModule,
  util, readline, 'readline/promises': readlinePromises, os, string_decoder: { StringDecoder }, assert,
  'assert/strict': assert, timers: timersModule, 'timers/promises': timersPromises,
  http: httpModule,
  crypto: cryptoModule,
  zlib: zlibModule,
  stream, 'stream/promises': streamPromises,
  // Web streams are the engine's own.
  'stream/web': Object.fromEntries(['ReadableStream', 'ReadableStreamDefaultReader', 'ReadableStreamBYOBReader', 'ReadableByteStreamController',
    'ReadableStreamDefaultController', 'WritableStream', 'WritableStreamDefaultWriter', 'WritableStreamDefaultController', 'TransformStream',
    'TransformStreamDefaultController', 'ByteLengthQueuingStrategy', 'CountQueuingStrategy', 'TextEncoderStream', 'TextDecoderStream',
    'CompressionStream', 'DecompressionStream'].filter((name) => globalThis[name]).map((name) => [name, globalThis[name]])),
  // The standard streams are never terminals here (process.stdout.isTTY is false too): colour
  // libraries (chalk, supports-color) then print plain text, as node does into a pipe.
  tty: {
    isatty: (fd) => false,
    ReadStream: class ReadStream extends EventEmitter { constructor(fd) { super(); this.fd = fd; this.isTTY = false; } },
    WriteStream: class WriteStream extends EventEmitter { constructor(fd) { super(); this.fd = fd; this.isTTY = false; } },
  },
  process: null, // set in run()
  module: null,  // set below
};
const builtinModules = Object.keys(builtins);
const unsupported = new Set(['child_process', 'cluster', 'dgram', 'dns', 'http2', 'https', 'inspector',
  'net', 'perf_hooks', 'tls', 'v8', 'vm', 'worker_threads', 'async_hooks', 'diagnostics_channel']);

function notFound(request, fromDir, extra = '') {
  const e = new Error(`Cannot find module '${request}' from '${fromDir}'${extra}`);
  e.code = 'MODULE_NOT_FOUND';
  return e;
}

// File resolution: exact, then with extensions, then as a directory.
function resolveFile(rel) {
  for (const c of [rel, rel + '.js', rel + '.json', rel + '.mjs', rel + '.cjs']) if (isFile(c)) return c;
  return null;
}
function resolveDir(rel) {
  const pkg = packageJson(rel);
  if (pkg && typeof pkg.main === 'string' && pkg.main) {
    const main = layerPath(`${ROOT}/${rel}/${pkg.main}`);
    const found = main !== null && (resolveFile(main) ?? resolveIndex(main));
    if (found) return found;
  }
  return resolveIndex(rel);
}
function resolveIndex(rel) {
  const base = rel ? rel + '/' : '';
  for (const c of ['index.js', 'index.json', 'index.mjs', 'index.cjs']) if (isFile(base + c)) return base + c;
  return null;
}

// package.json "exports"/"imports" target lookup.
function exportsTarget(map, subpath, conditions) {
  if (typeof map === 'string' || Array.isArray(map) || (map && !Object.keys(map).some((k) => k.startsWith('.') || k.startsWith('#')))) {
    map = { '.': map };
  }
  if (!map) return undefined;
  if (Object.hasOwn(map, subpath) && !subpath.includes('*')) return conditionTarget(map[subpath], conditions, null);
  let best = null;
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star >= 0) {
      const pre = key.slice(0, star), post = key.slice(star + 1);
      if (subpath.startsWith(pre) && subpath.endsWith(post) && subpath.length >= key.length - 1 && (!best || pre.length > best.pre.length)) {
        best = { key, pre, match: subpath.slice(pre.length, subpath.length - post.length) };
      }
    } else if (key.endsWith('/') && subpath.startsWith(key) && (!best || key.length > best.pre.length)) {
      best = { key, pre: key, folder: subpath.slice(key.length) };
    }
  }
  if (!best) return undefined;
  const t = conditionTarget(map[best.key], conditions, best.match ?? null);
  return t && best.folder !== undefined ? t + best.folder : t;
}
function conditionTarget(t, conditions, match) {
  if (typeof t === 'string') return match === null ? t : t.replaceAll('*', match);
  if (Array.isArray(t)) {
    for (const x of t) { const r = conditionTarget(x, conditions, match); if (r) return r; }
    return undefined;
  }
  if (t && typeof t === 'object') {
    for (const key of Object.keys(t)) {
      if (key === 'default' || conditions.includes(key)) {
        const r = conditionTarget(t[key], conditions, match);
        if (r !== undefined) return r;
      }
    }
  }
  return undefined; // null: excluded
}

// Resolves `request` from the virtual directory `fromDir` to a layer path or
// a builtin name ('node:x'). `kind` is 'require' or 'import'.
function resolve(request, fromDir, kind) {
  request = String(request);
  const bare = request.replace(/^node:/, '');
  if (Object.hasOwn(builtins, bare)) return 'node:' + bare;
  if (unsupported.has(bare)) {
    throw notFound(request, fromDir, `: the Node built-in '${bare}' is not available in the Fabricks runtime`);
  }
  if (request.startsWith('file:')) request = url.fileURLToPath(request);
  const conditions = kind === 'import' ? ['import', 'node', 'module-sync'] : ['require', 'node', 'module-sync'];
  if (/^(\.\.?(\/|$)|\/)/.test(request)) {
    const rel = layerPath(path.resolve(fromDir, request));
    const found = rel !== null && (resolveFile(rel) ?? (isDir(rel) ? resolveDir(rel) : null));
    if (found) return found;
    throw notFound(request, fromDir);
  }
  if (request.startsWith('#')) {
    for (let dir = layerPath(fromDir); dir !== null; dir = dir ? (dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '') : null) {
      const pkg = packageJson(dir);
      if (pkg) {
        const t = pkg.imports ? exportsTarget(pkg.imports, request, conditions) : undefined;
        if (t === undefined) throw notFound(request, fromDir, ` (not in "imports" of ${ROOT}/${dir ? dir + '/' : ''}package.json)`);
        return t.startsWith('./') ? resolve(`${ROOT}/${dir ? dir + '/' : ''}${t}`, fromDir, kind) : resolve(t, `${ROOT}/${dir}`, kind);
      }
      if (dir === '') break;
    }
    throw notFound(request, fromDir);
  }
  const parts = request.split('/');
  const name = request.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
  const sub = request.slice(name.length);
  // Walk up node_modules folders from fromDir to the root, as Node does.
  for (let dir = layerPath(fromDir); dir !== null; dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : (dir ? '' : null)) {
    if (dir === 'node_modules' || dir.endsWith('/node_modules')) continue;
    const pkgDir = `${dir ? dir + '/' : ''}node_modules/${name}`;
    if (!isDir(pkgDir)) continue;
    const pkg = packageJson(pkgDir);
    if (pkg && pkg.exports !== undefined && pkg.exports !== null) {
      const t = exportsTarget(pkg.exports, '.' + sub, conditions);
      if (t === undefined) {
        throw Object.assign(notFound(request, fromDir, `: package subpath '.${sub}' is not defined by "exports" in ${ROOT}/${pkgDir}/package.json`), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
      }
      const rel = layerPath(`${ROOT}/${pkgDir}/${t}`);
      const found = rel !== null && (resolveFile(rel) ?? (isDir(rel) ? resolveDir(rel) : null));
      if (found) return found;
      throw notFound(request, fromDir, ` (${ROOT}/${pkgDir}/package.json "exports" points to the missing '${t}')`);
    }
    const rel = sub ? `${pkgDir}${sub}` : pkgDir;
    const found = resolveFile(rel) ?? (isDir(rel) ? resolveDir(rel) : null);
    if (found) return found;
  }
  throw notFound(request, fromDir);
}

const cache = new Map(); // layer path -> module
const requireCache = Object.create(null); // require.cache: filename -> module

// `resolved`: the build's resolutions of the module's own requests (a Map), or undefined.
function makeRequire(fromDir, kind = 'require', resolved = undefined) {
  const require = function require(request) {
    return loadResolved(resolved?.get(request) ?? resolve(request, fromDir, kind)).exports;
  };
  require.resolve = (request) => { const r = resolve(request, fromDir, 'require'); return r.startsWith('node:') ? r.slice(5) : `${ROOT}/${r}`; };
  require.resolve.paths = () => [];
  require.cache = requireCache;
  Object.defineProperty(require, 'main', { get: () => mainModule, enumerable: true });
  return require;
}

function loadResolved(resolved) {
  if (resolved.startsWith('node:')) {
    const name = resolved.slice(5);
    return builtinRecords.get(name) ?? builtinRecords.set(name, { exports: builtins[name], builtin: true }).get(name);
  }
  return load(resolved);
}
const builtinRecords = new Map();

// The namespace an `import` sees: the exports of an ES module, or for
// CommonJS (and built-ins) `default` = module.exports plus its own keys, as in Node.
function namespaceOf(record) {
  if (record.esm) return record.exports;
  if (!record.ns || record.nsFor !== record.exports) {
    const ex = record.exports;
    const ns = Object.create(null);
    if (ex !== null && (typeof ex === 'object' || typeof ex === 'function')) {
      // Built-ins: static methods too (events' `once` and `on` are not enumerable).
      const keys = record.builtin ? Object.getOwnPropertyNames(ex).filter((k) => !['prototype', 'length', 'name', 'caller', 'arguments'].includes(k)) : Object.keys(ex);
      for (const k of keys) if (k !== 'default') Object.defineProperty(ns, k, { get: () => record.exports[k], enumerable: true });
    }
    ns.default = ex;
    record.ns = ns;
    record.nsFor = ex;
  }
  return record.ns;
}

let mainModule = null;

function load(rel) {
  const cached = cache.get(rel);
  if (cached) return cached;
  const t0 = nowMs();
  const filename = ROOT + '/' + rel;
  const dirname = path.dirname(filename);
  const module = {
    id: filename, filename, path: dirname, exports: {}, loaded: false, children: [], paths: [], esm: false,
    require: null,
  };
  mainModule ??= module;
  module.require = makeRequire(dirname, 'require', resolutions(rel, 'requires'));
  // Cached before evaluation so that cycles see partial exports, as in Node.
  cache.set(rel, module);
  requireCache[filename] = module;
  const text = readText(rel);
  stats.modules++;
  stats.bytes += text.length;
  if (rel.endsWith('.json')) {
    try { module.exports = JSON.parse(text); } catch (e) { throw new SyntaxError(`${filename}: ${e.message}`); }
    module.loaded = true;
    return module;
  }
  const code = text.startsWith('#!') ? text.replace(/^#!.*/, '') : text;
  const result = prepared(rel, code, filename);
  // The wrapper stays on the code's first line so that stack traces show the
  // file's own line numbers, and is evaluated by indirect eval in global
  // scope; `sourceURL` names the file.
  const fx = makeFx(module, dirname, filename, resolutions(rel, 'imports'));
  // A syntax error in eval'd code carries the eval's line: name the file.
  const located = (e) => {
    if (e instanceof SyntaxError && !e.fabricksFile) {
      e.fabricksFile = filename;
      e.message += ` (${filename}:${e.lineNumber ?? '?'}:${e.columnNumber ?? '?'})`;
    }
    return e;
  };
  let fn;
  if (result.esm) {
    module.esm = true;
    Object.defineProperty(module.exports, '__esModule', { value: true });
    // ES modules get no require/module/exports/__filename/__dirname of their
    // own in Node; here an outer function offers them (handy, and harmless:
    // the module's own `const __dirname = ...` shadows them).
    // A module importing names runs in a strict function inside `with (bindings)`, whose
    // getters make the imports live (ModuleTransform); the others need no `with`.
    const compile = (prefix) => (0, eval)(result.live
      ? `(function (exports, require, module, __filename, __dirname) {return function (__fabricks_b) {with (__fabricks_b) return ${prefix} (__fx) {${result.code}\n}}})\n//# sourceURL=${filename}`
      : `(function (exports, require, module, __filename, __dirname) {return ${prefix} (__fx) {${result.code}\n}})\n//# sourceURL=${filename}`,
    )(module.exports, module.require, module, filename, dirname);
    try {
      fn = compile('function');
    } catch (e) {
      // Top-level await: only valid in an async function.
      if (!(e instanceof SyntaxError) || !/\bawait\b/.test(code)) throw located(e);
      try { fn = compile('async function'); } catch { throw located(e); }
      module.async = true;
    }
    const r = (result.live ? fn(fx.bindings) : fn).call(undefined, fx);
    if (module.async) {
      module.promise = r;
      r.then(() => { module.loaded = true; }, () => {});
    }
  } else {
    try {
      fn = (0, eval)(`(function (exports, require, module, __filename, __dirname, __fx) {${result.code}\n})\n//# sourceURL=${filename}`);
    } catch (e) {
      throw located(e);
    }
    fn.call(module.exports, module.exports, module.require, module, filename, dirname, fx);
  }
  if (!module.async) module.loaded = true;
  stats.loadMs += nowMs() - t0;
  return module;
}

// The build transformed the app's ES modules (import/export declarations into `__fx` calls,
// import.meta, import(), regular expressions the engine cannot compile: see fabricks-core's
// ModuleTransform) and wrote, in MANIFEST, which files are ES modules, each changed file's edits
// and where each file's requests resolve; a file it did not list runs as CommonJS, unchanged.
let manifest;
function preparation() {
  if (manifest === undefined) {
    manifest = null;
    let bytes = null;
    try { bytes = read(MANIFEST); } catch { /* a layer not made by the build */ }
    if (bytes) {
      const m = JSON.parse(decoder.decode(bytes));
      if (m.format !== 1) throw new Error(`${ROOT}/${MANIFEST}: format ${m.format}, this runtime reads format 1; build the app with the Fabricks version this runtime came with`);
      manifest = { esm: new Set(m.esm), live: new Set(m.live), edits: m.edits, imports: m.imports, requires: m.requires };
    }
  }
  return manifest;
}
const BLANK = /[^\n\r\u2028\u2029]/g;
// The build's resolution of a file's requests of one kind ('imports' or 'requires') to layer
// paths, as resolve() would find them (the build leaves out built-in names and misses).
function resolutions(rel, kind) {
  const list = preparation()?.[kind]?.[rel];
  if (!list) return undefined;
  const map = new Map();
  for (let k = 0; k < list.length; k += 2) map.set(list[k], list[k + 1]);
  return map;
}
function prepared(rel, code, filename) {
  const m = preparation();
  if (m === null) {
    if (rel.endsWith('.mjs') || (!rel.endsWith('.cjs') && packageType(rel) === 'module')) {
      throw new Error(`${filename} is an ES module, and the build did not prepare it: build the app with \`mvn package\` (fabricks-maven-plugin), which transforms ES modules for this runtime`);
    }
    return { code, esm: false, live: false };
  }
  const edits = Object.hasOwn(m.edits, rel) ? m.edits[rel] : null;
  if (edits !== null) {
    let out = '';
    let at = 0;
    for (let k = 0; k < edits.length; k += 3) {
      const s = edits[k], e = edits[k + 1] < 0 ? code.length : edits[k + 1], text = edits[k + 2];
      // text: the replacement; 1: as many spaces; null: blanked, its line breaks kept
      out += code.slice(at, s) + (text === 1 ? ' '.repeat(e - s) : text === null ? code.slice(s, e).replace(BLANK, ' ') : text);
      at = e;
    }
    code = out + code.slice(at);
  }
  return { code, esm: m.esm.has(rel), live: m.live.has(rel) };
}

// --- regular expressions ------------------------------------------------------------
// The engine is built without ICU: Unicode property escapes (\p{L}, \P{Script=Greek}) and the
// `v` flag do not compile. regexpu-core (bundled by bundle.mjs) rewrites such patterns into
// explicit code point classes with the `u` flag, for literals at load time and for patterns
// given to RegExp at run time; the rewrites are cached by pattern and flags.
const NativeRegExp = globalThis.RegExp;
const rewrittenPatterns = new Map();
const PROPERTY_ESCAPE = /\\[pP]\{/;

function unicodePattern(pattern, flags) {
  if (!flags.includes('v') && !(flags.includes('u') && PROPERTY_ESCAPE.test(pattern))) return null;
  const key = `${flags}/${pattern}`;
  let found = rewrittenPatterns.get(key);
  if (found === undefined) {
    const body = rewritePattern(pattern, flags, { unicodePropertyEscapes: 'transform', unicodeSetsFlag: 'transform' });
    found = [body, flags.replace('v', 'u')];
    rewrittenPatterns.set(key, found);
  }
  return found;
}

// A literal the build found the engine cannot compile, as `__fx.re(body, flags)`: a new object at
// each evaluation, as a literal gives.
function regexLiteral(body, flags) {
  const rewritten = unicodePattern(body, flags);
  return rewritten === null ? new NativeRegExp(body, flags) : new NativeRegExp(rewritten[0], rewritten[1]);
}

const RegExpWithUnicodeProperties = new Proxy(NativeRegExp, {
  construct(target, args, newTarget) {
    const [pattern, flags] = args;
    const rewritten = typeof pattern === 'string' && typeof flags === 'string' ? unicodePattern(pattern, flags) : null;
    return Reflect.construct(target, rewritten ?? args, newTarget === RegExpWithUnicodeProperties ? target : newTarget);
  },
  apply(target, self, args) {
    const [pattern, flags] = args;
    const rewritten = typeof pattern === 'string' && typeof flags === 'string' ? unicodePattern(pattern, flags) : null;
    return Reflect.apply(target, self, rewritten ?? args);
  },
});
NativeRegExp.prototype.constructor = RegExpWithUnicodeProperties;

// What transformed code calls: `__fx.imp(spec)` etc. (see fabricks-core's ModuleTransform).
function makeFx(module, dirname, filename, resolved) {
  const imp = (spec) => {
    const record = loadResolved(resolved?.get(spec) ?? resolve(spec, dirname, 'import'));
    if (record.async && !record.loaded && record !== module) {
      // A dependency with top-level await: its exports may still be filling in.
      record.promise.then(undefined, (e) => unhandled(e, record.promise));
    }
    return namespaceOf(record);
  };
  const bindings = Object.create(null);
  return {
    imp,
    bindings,
    // Imported names as getters of the exporting module's namespace: live bindings.
    bind(ns, names) {
      for (let i = 0; i < names.length; i += 2) {
        const imported = names[i];
        Object.defineProperty(bindings, names[i + 1], { get: () => ns[imported], enumerable: true });
      }
    },
    dyn: (spec) => { try { return Promise.resolve(imp(spec)); } catch (e) { return Promise.reject(e); } },
    re: regexLiteral,
    exp(getters) {
      for (const name of Object.keys(getters)) {
        Object.defineProperty(module.exports, name, { get: getters[name], enumerable: true, configurable: true });
      }
    },
    star(ns) {
      for (const name of Object.keys(ns)) {
        if (name !== 'default' && !Object.hasOwn(module.exports, name)) {
          Object.defineProperty(module.exports, name, { get: () => ns[name], enumerable: true, configurable: true });
        }
      }
    },
    meta: {
      url: url.pathToFileURL(filename).href,
      filename,
      dirname,
      resolve: (spec) => {
        const r = resolve(spec, dirname, 'import');
        return r.startsWith('node:') ? r : url.pathToFileURL(`${ROOT}/${r}`).href;
      },
    },
  };
}

builtins.module = {
  createRequire: (from) => {
    const file = String(from instanceof URL || String(from).startsWith('file:') ? url.fileURLToPath(from) : from);
    return makeRequire(file.endsWith('/') ? file : path.dirname(file));
  },
  builtinModules,
  isBuiltin: (name) => Object.hasOwn(builtins, String(name).replace(/^node:/, '')),
};
builtins.module.Module = builtins.module;

// --- globals (set at build time: nothing here calls an import) ------------------

installLocale();

// fetch() of data: URLs, which node answers itself and the engine would send to the host.
const engineFetch = globalThis.fetch;
function dataUrlResponse(href) {
  const comma = href.indexOf(',');
  if (comma < 0) throw new TypeError('fetch failed: invalid data: URL');
  const meta = href.slice(5, comma);
  const base64 = /;base64$/i.test(meta);
  const type = (base64 ? meta.slice(0, -7) : meta) || 'text/plain;charset=US-ASCII';
  const body = href.slice(comma + 1);
  const bytes = base64 ? Buffer.from(decodeURIComponent(body), 'base64') : Buffer.from(decodeURIComponent(body), 'latin1');
  return new Response(bytes, { status: 200, headers: { 'content-type': type } });
}
const fetchWithDataUrls = function fetch(resource, options) {
  const href = typeof resource === 'string' ? resource : resource instanceof URL ? resource.href : resource?.url;
  if (typeof href === 'string' && /^data:/i.test(href)) {
    try { return Promise.resolve(dataUrlResponse(href)); } catch (e) { return Promise.reject(e); }
  }
  return inFlight(engineFetch(resource, options));
};

// Requests the engine carries out itself: the program is not done while one is under way, as in
// node, even when no timer or stream holds the event loop (eventLoop waits for them).
let fetchesInFlight = 0;
let fetchSettled = null;
function inFlight(promise) {
  fetchesInFlight++;
  const done = () => { fetchesInFlight--; fetchSettled?.(); };
  promise.then(done, done);
  return promise;
}

Object.assign(globalThis, {
  global: globalThis,
  fetch: fetchWithDataUrls,
  RegExp: RegExpWithUnicodeProperties,
  console,
  Buffer,
  setTimeout: timersModule.setTimeout,
  setInterval: timersModule.setInterval,
  setImmediate: timersModule.setImmediate,
  clearTimeout: timersModule.clearTimeout,
  clearInterval: timersModule.clearInterval,
  clearImmediate: timersModule.clearImmediate,
  queueMicrotask: (fn) => { if (typeof fn !== 'function') throw new TypeError('The "callback" argument must be of type function'); microtask(fn); },
});

// --- the event loop -------------------------------------------------------------------

// One turn of StarlingMonkey's loop: every queued microtask runs first.
const turn = () => new Promise((resolve) => nativeSetTimeout(resolve, 0));

let stdinStream = null;
let stdinPollable = null;
function readStdin() {
  stdinStream ??= getStdin();
  let bytes;
  try {
    bytes = stdinStream.read(65536n);
  } catch (e) {
    // stream-error: closed (end of input) or last-operation-failed.
    if (e?.payload?.tag !== 'closed') {
      const err = new Error(`stdin: ${e?.payload?.val?.toDebugString?.() ?? 'read failed'}`);
      if (process.stdin.listenerCount('error')) { process.stdin.destroy(err); return; }
    }
    process.stdin._end();
    return;
  }
  if (bytes.length) process.stdin._push(bytes);
}

async function eventLoop() {
  for (;;) {
    await turn();
    if (immediates.length) {
      for (const im of immediates.splice(0)) {
        if (im._cleared) continue;
        invoke(im._fn, undefined, im._args);
        await turn();
      }
      continue;
    }
    const t = nowMs();
    const due = [...timers.values()].filter((tm) => tm._when <= t).sort((a, b) => a._when - b._when || a._id - b._id);
    if (due.length) {
      for (const tm of due) {
        if (!timers.has(tm._id)) continue; // cleared by an earlier callback
        if (tm._repeat) tm._when = Math.max(nowMs(), tm._when + tm._ms);
        else timers.delete(tm._id);
        invoke(tm._fn, tm, tm._args);
        await turn();
      }
      continue;
    }
    const reading = process.stdin._wanted;
    let next = Infinity;
    for (const tm of timers.values()) if ((tm._ref || reading) && tm._when < next) next = tm._when;
    if (!reading && next === Infinity && fetchesInFlight > 0) {
      // Only requests are pending: awaiting lets the engine deliver their responses.
      await new Promise((resolve) => { fetchSettled = resolve; });
      fetchSettled = null;
      continue;
    }
    if (!reading && next === Infinity) {
      if (process.listenerCount('beforeExit') && !exiting) {
        invoke(() => process.emit('beforeExit', Number(process.exitCode) || 0));
        await turn();
        if (immediates.length || [...timers.values()].some((tm) => tm._ref) || process.stdin._wanted) continue;
      }
      return;
    }
    const pollables = [];
    if (reading) {
      stdinStream ??= getStdin();
      stdinPollable ??= stdinStream.subscribe();
      pollables.push(stdinPollable);
    }
    let clock = null;
    if (next !== Infinity) {
      clock = subscribeDuration(BigInt(Math.max(0, Math.ceil((next - nowMs()) * 1e6))));
      pollables.push(clock);
    }
    const ready = poll(pollables);
    clock?.[Symbol.dispose]?.();
    if (reading && ready.includes(0)) {
      try { readStdin(); } catch (e) { uncaught(e); }
    }
  }
}

// --- starting the program --------------------------------------------------------

// Sets up `process` and loads the entrypoint: the module record (its exports, and the promise
// of a top-level await).
function startProgram() {
  const main = entrypoint();
  process = makeProcess(ROOT + '/' + main);
  globalThis.process = process;
  builtins.process = process;
  const rel = layerPath(ROOT + '/' + main);
  if (!isFile(rel)) throw new Error(`entrypoint '${main}' is not in the source layer`);
  const t0 = nowMs();
  const record = load(rel);
  if (process.env.FABRICKS_NODE_TRACE) {
    log(`fabricks: loaded ${stats.modules} modules (${stats.bytes} chars) in ${(nowMs() - t0).toFixed(1)} ms`);
  }
  return record;
}

// --- wasi:http/incoming-handler: the engine's fetch event ----------------------------
//
// An HTTP app is the entrypoint's `export default { fetch(request) }` (or module.exports.fetch),
// its own `addEventListener('fetch', …)`, or a Node `http.createServer(…).listen(…)`, tried in
// that order. The program is loaded on the first request, once per instance.

const userFetchListeners = [];
const nativeAddEventListener = globalThis.addEventListener.bind(globalThis);
globalThis.addEventListener = (type, listener, options) => {
  if (type === 'fetch') userFetchListeners.push(listener);
  else nativeAddEventListener(type, listener, options);
};
let httpProgram = null;

async function serveFetch(request) {
  try {
    httpProgram ??= (async () => {
      const record = startProgram();
      if (record.async) await record.promise;
      return record;
    })();
    const record = await httpProgram;
    const exported = record.exports?.default ?? record.exports;
    if (exported && typeof exported.fetch === 'function') return await exported.fetch(request);
    if (userFetchListeners.length) {
      return await new Promise((resolve, reject) => {
        let answered = false;
        const event = {
          type: 'fetch', request,
          respondWith(response) { answered = true; Promise.resolve(response).then(resolve, reject); },
          waitUntil() {},
        };
        for (const listener of userFetchListeners) listener(event);
        if (!answered) reject(new Error("no 'fetch' listener called event.respondWith()"));
      });
    }
    if (httpListening.server) return await serveNode(httpListening.server, request);
    return new Response(`${entrypoint()} serves no HTTP: export default { fetch(request) { … } }, ` +
      "call addEventListener('fetch', …), or http.createServer(…).listen(…)\n", { status: 500 });
  } catch (e) {
    log(formatStack(e));
    return new Response('500 Internal Server Error\n', { status: 500, headers: { 'content-type': 'text/plain' } });
  }
}
nativeAddEventListener('fetch', (event) => event.respondWith(serveFetch(event.request)));

// --- wasi:cli/run ------------------------------------------------------------------

export const run = {
  async run() {
    let tlaSettled = true;
    try {
      const record = startProgram();
      if (record.async) {
        tlaSettled = false;
        record.promise.then(() => { tlaSettled = true; }, (e) => unhandled(e, record.promise));
      }
      await eventLoop();
      if (!tlaSettled) {
        log('Warning: Detected unsettled top-level await');
        process.exitCode = 13;
      }
    } catch (e) {
      if (e instanceof ExitSignal) return;
      uncaught(e);
    }
    finish(process.exitCode ?? 0);
  },
};
