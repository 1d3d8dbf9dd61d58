// Fabricks JavaScript runtime, first version: runs the source layer's
// entrypoint as a CommonJS module, with a small Node-like `require`, `fs`,
// `path` and `process`.
//
// componentize-js pre-initialises this module with Wizer at build time, so the
// top level must not touch any import: everything happens inside `run()`.
// Dynamic `import()` traps under StarlingMonkey, hence CommonJS modules,
// evaluated with (indirect) eval.

import { entrypoint, paths, read } from 'fabricks:app/source@0.1.0';
import { getArguments, getEnvironment } from 'wasi:cli/environment@0.2.12';
import { exit } from 'wasi:cli/exit@0.2.12';
import { getStdout } from 'wasi:cli/stdout@0.2.12';
import { getStderr } from 'wasi:cli/stderr@0.2.12';

// The source root as programs see it: `__dirname` of `lib/a.js` is `/app/lib`.
const ROOT = '/app';

// Thrown by `process.exit` should `wasi:cli/exit` ever return.
class ExitSignal { constructor(code) { this.code = code; } }

// --- paths -------------------------------------------------------------------

// Normalises a `/`-separated path, resolving `.` and `..` (never above `/`).
function normalize(p) {
  const out = [];
  for (const seg of p.split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '' && seg !== '.') out.push(seg);
  }
  return '/' + out.join('/');
}

const path = {
  sep: '/',
  resolve: (...parts) => normalize(parts.reduce((acc, p) => (p.startsWith('/') ? p : acc + '/' + p), ROOT)),
  join: (...parts) => normalize(parts.join('/')).slice(parts[0]?.startsWith('/') ? 0 : 1) || '.',
  dirname: (p) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) || '/' : '.'),
  basename: (p, ext) => { const b = p.slice(p.lastIndexOf('/') + 1); return ext && b.endsWith(ext) ? b.slice(0, -ext.length) : b; },
  extname: (p) => { const b = path.basename(p), i = b.lastIndexOf('.'); return i > 0 ? b.slice(i) : ''; },
  isAbsolute: (p) => p.startsWith('/'),
};

// Maps a virtual path (absolute, or relative to the working directory `/app`)
// to the layer's path, or null when it lies outside `/app`.
function layerPath(p) {
  const abs = path.resolve(String(p));
  if (abs === ROOT) return '';
  return abs.startsWith(ROOT + '/') ? abs.slice(ROOT.length + 1) : null;
}

// --- the source layer --------------------------------------------------------

let files = null; // Set of layer paths, listed once
let dirs = null;  // Set of directories implied by those paths
function index() {
  if (!files) {
    files = new Set(paths());
    dirs = new Set(['']);
    for (const f of files) for (let i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
  }
}
const isFile = (rel) => { index(); return rel !== null && files.has(rel); };
const isDir = (rel) => { index(); return rel !== null && dirs.has(rel); };

function enoent(p, syscall) {
  const e = new Error(`ENOENT: no such file or directory, ${syscall} '${p}'`);
  Object.assign(e, { code: 'ENOENT', errno: -2, syscall, path: String(p) });
  return e;
}

const decoder = new TextDecoder();

const fs = {
  existsSync: (p) => { const rel = layerPath(p); return isFile(rel) || isDir(rel); },
  readFileSync(p, options) {
    const encoding = typeof options === 'string' ? options : options?.encoding;
    const rel = layerPath(p);
    const bytes = isFile(rel) ? read(rel) : undefined;
    if (bytes === undefined || bytes === null) throw enoent(p, 'open');
    // Without an encoding Node returns a Buffer; a Uint8Array is the closest here.
    return encoding ? decoder.decode(bytes) : bytes;
  },
};

// --- process -----------------------------------------------------------------

// Writes go straight to the WASI streams, blocking until flushed, so that
// output is complete even when the program ends with `process.exit`.
function writer(getStream) {
  let stream = null;
  const encoder = new TextEncoder();
  return {
    write(chunk) {
      stream ??= getStream();
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      // blocking-write-and-flush accepts at most 4096 bytes per call.
      for (let i = 0; i < bytes.length; i += 4096) stream.blockingWriteAndFlush(bytes.subarray(i, i + 4096));
      return true;
    },
  };
}

function makeProcess(mainFile) {
  const [arg0 = 'node', ...args] = getArguments();
  return {
    // Node's shape: [runtime, script, ...user args], so `argv.slice(2)` works.
    argv: [arg0, mainFile, ...args],
    env: Object.fromEntries(getEnvironment()),
    exitCode: undefined,
    platform: 'wasi',
    cwd: () => ROOT,
    stdout: writer(getStdout),
    stderr: writer(getStderr),
    exit(code = this.exitCode ?? 0) {
      // wasi:cli/exit@0.2 only tells success from failure: non-zero becomes 1
      // (exit-with-code is unstable WASI and off by default in wasmtime).
      exit(code ? { tag: 'err' } : { tag: 'ok' });
      throw new ExitSignal(code);
    },
  };
}

// --- modules -----------------------------------------------------------------

const builtins = { fs, path };
const cache = new Map(); // layer path -> module

// Resolves `request` from the directory `fromDir` (a virtual path) to a layer
// path, the way Node does for relative and absolute requests.
function resolve(request, fromDir) {
  if (!/^(\.\.?(\/|$)|\/)/.test(request)) return null;
  const base = layerPath(path.resolve(fromDir, request));
  if (base === null) return null;
  for (const c of [base, base + '.js', base + '.json', base + '/index.js', base + '/index.json']) {
    if (isFile(c)) return c;
  }
  return null;
}

function makeRequire(fromDir) {
  return function require(request) {
    const name = String(request).replace(/^node:/, '');
    if (Object.hasOwn(builtins, name)) return builtins[name];
    const rel = resolve(String(request), fromDir);
    if (rel === null) {
      const e = new Error(`Cannot find module '${request}' from '${fromDir}'`);
      e.code = 'MODULE_NOT_FOUND';
      throw e;
    }
    return load(rel).exports;
  };
}

function load(rel) {
  const cached = cache.get(rel);
  if (cached) return cached;
  const filename = ROOT + '/' + rel;
  const module = { id: filename, filename, exports: {}, loaded: false };
  // Cached before evaluation so that require cycles see partial exports, as in Node.
  cache.set(rel, module);
  const text = decoder.decode(read(rel));
  if (rel.endsWith('.json')) {
    module.exports = JSON.parse(text);
  } else {
    // Node's wrapper, kept on the code's first line so that stack traces show
    // the file's own line numbers (`new Function` would add two lines), and
    // evaluated by indirect eval in global scope. `sourceURL` names the file.
    const code = text.replace(/^#!.*/, '');
    const fn = (0, eval)(`(function (require, module, exports, __filename, __dirname) {${code}\n})\n//# sourceURL=${filename}`);
    const dirname = path.dirname(filename);
    fn.call(module.exports, makeRequire(dirname), module, module.exports, filename, dirname);
  }
  module.loaded = true;
  return module;
}

// --- wasi:cli/run ------------------------------------------------------------

export const run = {
  run() {
    const main = entrypoint();
    const process = makeProcess(ROOT + '/' + main);
    globalThis.process = process;
    try {
      const rel = layerPath(ROOT + '/' + main);
      if (!isFile(rel)) throw new Error(`entrypoint '${main}' is not in the source layer`);
      load(rel);
    } catch (e) {
      if (e instanceof ExitSignal) {
        if (e.code) throw new Error(`exit code ${e.code}`);
        return;
      }
      // SpiderMonkey's `stack` lacks the message: print both.
      process.stderr.write(`Uncaught ${e}\n${e?.stack ?? ''}`);
      throw e; // makes `run` return an error result: non-zero exit
    }
    if (process.exitCode) process.exit(process.exitCode);
  },
};
