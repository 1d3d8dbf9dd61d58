// Node built-in modules that need nothing from WASI: events, buffer, stream, util,
// path, url, os, string_decoder, assert, readline. loader.js adds fs,
// process, timers and console on top. Also loaded by the host-side unit tests
// (test/*.test.mjs), so nothing here may touch a WASI import.

import { Buffer as LibraryBuffer, kMaxLength } from '../target/bundle/buffer.js';
import { deps as libraryDeps, load as loadLibraries } from '../target/bundle/stream.js';

// Set by the loader: `rejected` is called with a rejection of a promise returned by a
// listener (Node treats those as unhandled rejections); `nextTick` is process.nextTick.
export const hooks = { rejected: (e) => { throw e; }, nextTick: (fn, ...args) => queueMicrotask(() => fn(...args)) };

// A constructor function rather than a class, as in Node: streams (readable-stream) and older
// libraries call it on their own instances (`EventEmitter.call(this)`).
export function EventEmitter(options) {
  EventEmitter.init.call(this, options);
}
EventEmitter.init = function init() {
  if (!Object.hasOwn(this, '_events') || !this._events) this._events = Object.create(null);
  this._max ??= EventEmitter.defaultMaxListeners;
};
Object.assign(EventEmitter.prototype, {
  _list(name) { this._events ??= Object.create(null); return (this._events[name] ??= []); },
  on(name, fn) {
    if (typeof fn !== 'function') throw new TypeError('The "listener" argument must be of type function');
    if (this._events?.newListener) this.emit('newListener', name, fn.listener ?? fn);
    this._list(name).push(fn);
    return this;
  },
  addListener(name, fn) { return this.on(name, fn); },
  prependListener(name, fn) { this.on(name, fn); const l = this._list(name); l.unshift(l.pop()); return this; },
  once(name, fn) {
    const wrapper = (...args) => { this.removeListener(name, wrapper); return fn.apply(this, args); };
    wrapper.listener = fn;
    return this.on(name, wrapper);
  },
  prependOnceListener(name, fn) {
    const wrapper = (...args) => { this.removeListener(name, wrapper); return fn.apply(this, args); };
    wrapper.listener = fn;
    return this.prependListener(name, wrapper);
  },
  removeListener(name, fn) {
    const l = this._events?.[name];
    if (!l) return this;
    for (let i = l.length - 1; i >= 0; i--) {
      if (l[i] === fn || l[i].listener === fn) {
        l.splice(i, 1);
        if (this._events.removeListener) this.emit('removeListener', name, fn);
        break;
      }
    }
    if (!l.length) delete this._events[name];
    return this;
  },
  off(name, fn) { return this.removeListener(name, fn); },
  removeAllListeners(name) {
    if (name === undefined) this._events = Object.create(null); else if (this._events) delete this._events[name];
    return this;
  },
  emit(name, ...args) {
    const l = this._events?.[name];
    if (!l || !l.length) {
      if (name === 'error') {
        const e = args[0];
        if (e instanceof Error) throw e;
        throw Object.assign(new Error(`Unhandled error. (${inspect(e)})`), { context: e, code: 'ERR_UNHANDLED_ERROR' });
      }
      return false;
    }
    for (const fn of l.slice()) {
      const r = fn.apply(this, args);
      // A listener's promise is dropped by emit: its rejection is unhandled.
      if (r && typeof r.then === 'function') r.then(undefined, (e) => hooks.rejected(e));
    }
    return true;
  },
  listeners(name) { return (this._events?.[name] ?? []).map((f) => f.listener ?? f); },
  rawListeners(name) { return (this._events?.[name] ?? []).slice(); },
  listenerCount(name) { return this._events?.[name]?.length ?? 0; },
  eventNames() { return Reflect.ownKeys(this._events ?? {}); },
  setMaxListeners(n) { this._max = n; return this; },
  getMaxListeners() { return this._max; },
});
EventEmitter.once = function once(emitter, name) {
  return new Promise((resolve, reject) => {
    const onError = (e) => { emitter.removeListener(name, onEvent); reject(e); };
    const onEvent = (...args) => { if (name !== 'error') emitter.removeListener('error', onError); resolve(args); };
    emitter.once(name, onEvent);
    if (name !== 'error') emitter.once('error', onError);
  });
};
EventEmitter.on = function on(emitter, name) {
  const queue = [], waiting = [];
  let error = null;
  const onEvent = (...args) => { if (waiting.length) waiting.shift().resolve({ value: args, done: false }); else queue.push(args); };
  const onError = (e) => { error = e; while (waiting.length) waiting.shift().reject(e); };
  emitter.on(name, onEvent);
  if (name !== 'error') emitter.on('error', onError);
  return {
    next() {
      if (queue.length) return Promise.resolve({ value: queue.shift(), done: false });
      if (error) return Promise.reject(error);
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() {
      emitter.removeListener(name, onEvent);
      emitter.removeListener('error', onError);
      while (waiting.length) waiting.shift().resolve({ value: undefined, done: true });
      return Promise.resolve({ value: undefined, done: true });
    },
    [Symbol.asyncIterator]() { return this; },
  };
};
EventEmitter.listenerCount = (emitter, name) => emitter.listenerCount(name);
EventEmitter.defaultMaxListeners = 10;
EventEmitter.EventEmitter = EventEmitter;
EventEmitter.errorMonitor = Symbol('events.errorMonitor');
EventEmitter.captureRejectionSymbol = Symbol.for('nodejs.rejection');
EventEmitter.captureRejections = false;

// Turns 'data'/'end' events of a readable emitter into an async iterator.
export function iterateStream(stream) {
  const queue = [], waiting = [];
  let done = false, error = null;
  const settle = () => {
    while (waiting.length && (queue.length || done || error)) {
      const w = waiting.shift();
      if (queue.length) w.resolve({ value: queue.shift(), done: false });
      else if (error) w.reject(error);
      else w.resolve({ value: undefined, done: true });
    }
  };
  const onData = (chunk) => { queue.push(chunk); settle(); };
  const onEnd = () => { done = true; settle(); };
  const onError = (e) => { error = e; settle(); };
  const cleanup = () => { stream.removeListener('data', onData); stream.removeListener('end', onEnd); stream.removeListener('error', onError); };
  stream.on('data', onData);
  stream.on('end', onEnd);
  stream.on('error', onError);
  return {
    next() {
      if (queue.length) return Promise.resolve({ value: queue.shift(), done: false });
      if (error) return Promise.reject(error);
      if (done) { cleanup(); return Promise.resolve({ value: undefined, done: true }); }
      return new Promise((resolve, reject) => waiting.push({ resolve, reject }));
    },
    return() { cleanup(); stream.pause?.(); return Promise.resolve({ value: undefined, done: true }); },
    [Symbol.asyncIterator]() { return this; },
  };
}

// --- buffer ------------------------------------------------------------------
// The `buffer` package's Buffer (bundle.mjs), with what Node does and it does not (each found by
// runtimes/test/node_builtins.py against node): the base64url encoding (its base64 decoder
// already reads - and _), hex decoding that stops at the first pair that is not two hex digits
// (parseInt let ' 6' through), empty needles, WHATWG UTF-8 decoding, base64 byte lengths and
// Node's error codes.

export const Buffer = LibraryBuffer;
const BASE64URL = /^base64url$/i;
const libraryFrom = Buffer.from;
const libraryByteLength = Buffer.byteLength;
const libraryIsEncoding = Buffer.isEncoding;
const libraryToString = Buffer.prototype.toString;
const libraryWrite = Buffer.prototype.write;
const urlSafe = (base64) => base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
const HEX = /^hex$/i;
const hexPrefix = (text) => /^(?:[0-9a-fA-F]{2})*/.exec(text)[0];
Buffer.from = function from(value, encodingOrOffset, length) {
  if (typeof value === 'string') {
    if (BASE64URL.test(encodingOrOffset)) return libraryFrom.call(this, value, 'base64');
    if (HEX.test(encodingOrOffset)) return libraryFrom.call(this, hexPrefix(value), 'hex');
  }
  return libraryFrom.call(this, value, encodingOrOffset, length);
};
Buffer.byteLength = function byteLength(value, encoding) {
  return libraryByteLength.call(this, value, BASE64URL.test(encoding) ? 'base64' : encoding);
};
Buffer.isEncoding = function isEncoding(encoding) {
  return BASE64URL.test(encoding) || libraryIsEncoding.call(this, encoding);
};
Buffer.prototype.toString = function toString(encoding, start, end) {
  if (typeof encoding === 'string' && BASE64URL.test(encoding)) return urlSafe(libraryToString.call(this, 'base64', start, end));
  return libraryToString.apply(this, arguments);
};
Buffer.prototype.write = function write(string, offset, length, encoding) {
  const args = Array.from(arguments, (a) => (typeof a === 'string' && BASE64URL.test(a) ? 'base64' : a));
  args[0] = string;
  if (args.slice(1).some((a) => typeof a === 'string' && HEX.test(a))) args[0] = hexPrefix(string);
  return libraryWrite.apply(this, args);
};

// Node's empty-needle search: the (clamped) offset; the library answers -1.
const libraryIndexOf = Buffer.prototype.indexOf;
const libraryLastIndexOf = Buffer.prototype.lastIndexOf;
const isEmptyNeedle = (v) => (typeof v === 'string' || ArrayBuffer.isView(v)) && v.length === 0;
function emptyNeedleOffset(buffer, offset, last) {
  const n = buffer.length;
  let at = offset === undefined || typeof offset === 'string' ? (last ? n : 0) : Math.trunc(Number(offset)) || 0;
  if (at < 0) at = Math.max(0, n + at);
  return Math.min(at, n);
}
Buffer.prototype.indexOf = function indexOf(value, byteOffset, encoding) {
  return isEmptyNeedle(value) ? emptyNeedleOffset(this, byteOffset, false) : libraryIndexOf.call(this, value, byteOffset, encoding);
};
Buffer.prototype.lastIndexOf = function lastIndexOf(value, byteOffset, encoding) {
  return isEmptyNeedle(value) ? emptyNeedleOffset(this, byteOffset, true) : libraryLastIndexOf.call(this, value, byteOffset, encoding);
};
Buffer.prototype.includes = function includes(value, byteOffset, encoding) {
  return this.indexOf(value, byteOffset, encoding) !== -1;
};

// UTF-8 decoding as Node does it (WHATWG: one U+FFFD per maximal bad sequence), and faster.
const utf8Decoder = new TextDecoder();
const UTF8 = /^utf-?8$/i;
const toStringWithLibrary = Buffer.prototype.toString;
Buffer.prototype.toString = function toString(encoding, start, end) {
  if (encoding === undefined || (typeof encoding === 'string' && UTF8.test(encoding))) {
    const from = Math.max(0, start | 0);
    const to = end === undefined ? this.length : Math.min(this.length, end | 0);
    return from >= to ? '' : utf8Decoder.decode(from === 0 && to === this.length ? this : this.subarray(from, to));
  }
  return toStringWithLibrary.apply(this, arguments);
};

// Node's base64 byte length: three bytes per four characters, less the padding.
Buffer.byteLength = function byteLength(value, encoding) {
  if (typeof value === 'string' && typeof encoding === 'string' && /^base64(url)?$/i.test(encoding)) {
    let n = value.length;
    if (n > 0 && value.charCodeAt(n - 1) === 0x3d) n--;
    if (n > 1 && value.charCodeAt(n - 1) === 0x3d) n--;
    return (n * 3) >>> 2;
  }
  return libraryByteLength.call(this, value, encoding);
};

// Node's error codes on the library's errors: reads and writes past the end, unknown encodings.
const ACCESS_SIZE = { 8: 1, 16: 2, 32: 4, Float: 4, Double: 8, BigInt64: 8, BigUInt64: 8 };
for (const name of Object.getOwnPropertyNames(Buffer.prototype)) {
  const m = /^(?:read|write)(?:U?Int(8|16|32)|(Float|Double)|(Big(?:U)?Int64)|U?Int)(?:LE|BE)?$/.exec(name);
  if (!m || typeof Buffer.prototype[name] !== 'function') continue;
  const method = Buffer.prototype[name];
  const size = ACCESS_SIZE[m[1] ?? m[2] ?? m[3]];
  Buffer.prototype[name] = {
    [name](...args) {
      try {
        return method.apply(this, args);
      } catch (e) {
        if (e instanceof RangeError && e.code === undefined) {
          const needed = size ?? args[name.startsWith('read') ? 1 : 2] ?? 1;
          e.code = this.length < needed ? 'ERR_BUFFER_OUT_OF_BOUNDS' : 'ERR_OUT_OF_RANGE';
        }
        throw e;
      }
    },
  }[name];
}
for (const [owner, name] of [[Buffer, 'from'], [Buffer, 'byteLength'], [Buffer.prototype, 'toString'], [Buffer.prototype, 'write']]) {
  const fn = owner[name];
  owner[name] = {
    [name](...args) {
      try {
        return fn.apply(this, args);
      } catch (e) {
        if (e instanceof TypeError && e.code === undefined && /^Unknown encoding/.test(e.message)) e.code = 'ERR_UNKNOWN_ENCODING';
        throw e;
      }
    },
  }[name];
}

// The `buffer` module.
export const buffer = {
  Buffer,
  kMaxLength,
  constants: { MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: (1 << 29) - 24 },
  Blob: globalThis.Blob,
  File: globalThis.File,
  atob: globalThis.atob,
  btoa: globalThis.btoa,
};

// --- stream, string_decoder --------------------------------------------------------
// readable-stream (Node's streams), string_decoder and md5.js, bundled by bundle.mjs, over the
// runtime's own EventEmitter, Buffer and process.nextTick.

// AbortSignal.any as the standard has it: the engine's returns a signal that is already aborted
// (so readable-stream's map() and filter() would abort at once).
if (globalThis.AbortSignal?.any && globalThis.AbortSignal.any([]).aborted) {
  globalThis.AbortSignal.any = function any(signals) {
    const controller = new AbortController();
    const inputs = [...signals];
    const aborted = inputs.find((signal) => signal.aborted);
    if (aborted) { controller.abort(aborted.reason); return controller.signal; }
    const listeners = inputs.map((signal) => {
      const listener = () => controller.abort(signal.reason);
      signal.addEventListener('abort', listener, { once: true });
      return [signal, listener];
    });
    controller.signal.addEventListener('abort', () => {
      for (const [signal, listener] of listeners) signal.removeEventListener('abort', listener);
    }, { once: true });
    return controller.signal;
  };
}

Object.assign(libraryDeps, {
  events: EventEmitter,
  buffer,
  process: {
    nextTick: (fn, ...args) => hooks.nextTick(fn, ...args),
    // Streams look at these (pipe() does not end process.stdout); the process is made at run time.
    get stdout() { return globalThis.process?.stdout; },
    get stderr() { return globalThis.process?.stderr; },
    get env() { return globalThis.process?.env ?? {}; },
  },
  'abort-controller': { AbortController: globalThis.AbortController, AbortSignal: globalThis.AbortSignal },
});
const libraries = loadLibraries();
export const stream = libraries.stream;
export const streamPromises = stream.promises;
export const MD5 = libraries.MD5;

const ENCODINGS = /^(utf-?8|ucs-?2|utf-?16le|latin1|binary|ascii|base64|base64url|hex)$/i;
// The library's decoder with what Node has besides: base64url (base64, made URL-safe), and Node's
// error for an unknown encoding.
export class StringDecoder extends libraries.StringDecoder {
  constructor(encoding) {
    if (encoding !== undefined && encoding !== null && encoding !== '' && !ENCODINGS.test(String(encoding))) {
      throw Object.assign(new TypeError(`Unknown encoding: ${encoding}`), { code: 'ERR_UNKNOWN_ENCODING' });
    }
    const url = BASE64URL.test(encoding);
    super(url ? 'base64' : encoding || undefined);
    if (url) {
      const write = this.write, end = this.end;
      this.encoding = 'base64url';
      this.write = (buf) => urlSafe(write.call(this, buf));
      this.end = (buf) => urlSafe(end.call(this, buf));
    }
  }
}

// --- util --------------------------------------------------------------------

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

// Node-style stack: "Error: message\n    at fn (file:line:col)", from
// SpiderMonkey's "fn@file:line:col" lines. Frames outside the user's files
// (the runtime itself) are left out when there are user frames.
export function formatStack(e) {
  let head;
  try { head = `${e.name ?? 'Error'}${e.message ? `: ${e.message}` : ''}`; } catch { head = String(e); }
  const raw = typeof e.stack === 'string' ? e.stack : '';
  if (/^\s+at /m.test(raw)) return raw; // already Node-shaped
  let frames = raw.split('\n').filter(Boolean).map((line) => {
    const m = /^(.*?)@(.*?)(?::(\d+):(\d+))?$/.exec(line);
    if (!m) return null;
    let fn = m[1].replace(/^async\*/, 'async ').replace(/\/<$/, '');
    const where = m[3] ? `${m[2]}:${m[3]}:${m[4]}` : m[2];
    return { user: m[2].startsWith(formatStack.root), text: fn ? `    at ${fn} (${where})` : `    at ${where}` };
  }).filter(Boolean);
  if (e instanceof SyntaxError && e.fileName && String(e.fileName).startsWith(formatStack.root)) {
    frames.unshift({ user: true, text: `    at ${e.fileName}:${e.lineNumber}:${e.columnNumber ?? 0}` });
  }
  if (frames.some((f) => f.user)) frames = frames.filter((f) => f.user);
  return [head, ...frames.map((f) => f.text)].join('\n');
}
formatStack.root = '/app/';

function quote(s) { return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`; }

export function inspect(value, options = {}) {
  const maxDepth = options.depth === null ? Infinity : (options.depth ?? 2);
  const seen = [];
  const fmt = (v, depth) => {
    switch (typeof v) {
      case 'string': return depth === 0 && options._top ? v : quote(v);
      case 'number': return Object.is(v, -0) ? '-0' : String(v);
      case 'bigint': return `${v}n`;
      case 'boolean': case 'undefined': return String(v);
      case 'symbol': return v.toString();
      case 'function': {
        if (/^class\b/.test(Function.prototype.toString.call(v))) return `[class ${v.name || '(anonymous)'}]`;
        const keys = Object.keys(v);
        const base = `[Function: ${v.name || '(anonymous)'}]`;
        return keys.length && depth <= maxDepth ? `${base} ${fmtObject(v, keys, depth)}` : base;
      }
    }
    if (v === null) return 'null';
    if (typeof v[inspectCustom] === 'function') return String(v[inspectCustom](maxDepth - depth, options, inspect));
    if (seen.includes(v)) return '[Circular *1]';
    if (v instanceof Error) return formatStack(v);
    if (v instanceof Date) return Number.isNaN(+v) ? 'Invalid Date' : v.toISOString();
    if (v instanceof RegExp) return String(v);
    if (v instanceof Promise) return 'Promise { <unknown> }';
    if (v instanceof WeakMap || v instanceof WeakSet) return `${v.constructor.name} { <items unknown> }`;
    if (depth > maxDepth) return Array.isArray(v) ? '[Array]' : `[${v.constructor?.name ?? 'Object'}]`;
    seen.push(v);
    try {
      if (v instanceof Buffer) {
        const shown = Array.from(v.subarray(0, 50), (b) => b.toString(16).padStart(2, '0')).join(' ');
        return `<Buffer${shown ? ' ' + shown : ''}${v.length > 50 ? ` ... ${v.length - 50} more bytes` : ''}>`;
      }
      if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
        return `${v.constructor.name}(${v.length}) ${wrap(Array.from(v.slice(0, 100), (x) => fmt(x, depth + 1)), '[', ']', depth)}`;
      }
      if (Array.isArray(v)) {
        const items = v.slice(0, 100).map((x) => fmt(x, depth + 1));
        if (v.length > 100) items.push(`... ${v.length - 100} more items`);
        return wrap(items, '[', ']', depth);
      }
      if (v instanceof Map) return `Map(${v.size}) ${wrap([...v].map(([k, x]) => `${fmt(k, depth + 1)} => ${fmt(x, depth + 1)}`), '{', '}', depth)}`;
      if (v instanceof Set) return `Set(${v.size}) ${wrap([...v].map((x) => fmt(x, depth + 1)), '{', '}', depth)}`;
      const proto = Object.getPrototypeOf(v);
      const name = proto === null ? '[Object: null prototype]' : proto === Object.prototype ? '' : (proto.constructor?.name ?? '');
      const body = fmtObject(v, Object.keys(v), depth);
      return name ? `${name} ${body}` : body;
    } finally {
      seen.pop();
    }
  };
  const fmtObject = (v, keys, depth) => wrap(keys.map((k) => {
    const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k);
    const desc = Object.getOwnPropertyDescriptor(v, k);
    const val = desc && desc.get && !('value' in desc) ? (desc.set ? '[Getter/Setter]' : '[Getter]') : fmt(v[k], depth + 1);
    return `${key}: ${val}`;
  }), '{', '}', depth);
  const wrap = (items, open, close, depth) => {
    if (!items.length) return open + close;
    const oneLine = `${open} ${items.join(', ')} ${close}`;
    if (oneLine.length <= 72 && !oneLine.includes('\n')) return oneLine;
    const pad = '  '.repeat(depth + 1);
    return `${open}\n${items.map((x) => pad + x.replace(/\n/g, '\n' + pad)).join(',\n')}\n${'  '.repeat(depth)}${close}`;
  };
  return fmt(value, 0);
}
inspect.custom = inspectCustom;

export function format(...args) {
  let out = '';
  let i = 0;
  if (typeof args[0] === 'string') {
    const f = args[0];
    i = 1;
    out = f.replace(/%([sdifjoOc%])/g, (m, c) => {
      if (c === '%') return '%';
      if (i >= args.length) return m;
      const a = args[i++];
      switch (c) {
        case 's': return typeof a === 'string' ? a : typeof a === 'bigint' ? `${a}n` : (typeof a === 'object' && a !== null) ? inspect(a, { depth: 1 }) : String(a);
        case 'd': return typeof a === 'bigint' ? `${a}n` : typeof a === 'object' ? 'NaN' : String(Number(a));
        case 'i': return typeof a === 'bigint' ? `${a}n` : String(parseInt(a, 10));
        case 'f': return String(parseFloat(a));
        case 'j': try { return JSON.stringify(a); } catch { return '[Circular]'; }
        case 'c': return '';
        default: return inspect(a, { depth: c === 'O' ? 2 : 4 });
      }
    });
  }
  for (; i < args.length; i++) {
    const a = args[i];
    out += (out || i > 0 ? ' ' : '') + (typeof a === 'string' ? a : inspect(a));
  }
  return out;
}

export const util = {
  format,
  inspect,
  formatWithOptions: (opts, ...args) => format(...args),
  promisify(fn) {
    if (typeof fn[util.promisify.custom] === 'function') return fn[util.promisify.custom];
    return function (...args) {
      return new Promise((resolve, reject) => fn.call(this, ...args, (err, value) => (err ? reject(err) : resolve(value))));
    };
  },
  callbackify(fn) {
    return function (...args) {
      const cb = args.pop();
      fn.apply(this, args).then((v) => cb(null, v), (e) => cb(e));
    };
  },
  inherits(ctor, superCtor) { Object.setPrototypeOf(ctor.prototype, superCtor.prototype); Object.setPrototypeOf(ctor, superCtor); ctor.super_ = superCtor; },
  deprecate: (fn) => fn,
  debuglog: () => { const f = () => {}; f.enabled = false; return f; },
  isDeepStrictEqual: (a, b) => deepEqual(a, b),
  types: {
    isPromise: (v) => v instanceof Promise,
    isDate: (v) => v instanceof Date,
    isRegExp: (v) => v instanceof RegExp,
    isUint8Array: (v) => v instanceof Uint8Array,
    isNativeError: (v) => v instanceof Error,
  },
  isArray: Array.isArray,
  TextEncoder,
  TextDecoder,
};
util.promisify.custom = Symbol.for('nodejs.util.promisify.custom');

function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (a instanceof Date) return +a === +b;
  if (a instanceof Map || a instanceof Set) return deepEqual([...a], [...b]);
  const ka = Object.keys(a), kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
}

// --- assert ------------------------------------------------------------------

export class AssertionError extends Error {
  constructor(options) {
    super(options.message ?? `${inspect(options.actual)} ${options.operator} ${inspect(options.expected)}`);
    Object.assign(this, { name: 'AssertionError', code: 'ERR_ASSERTION', actual: options.actual, expected: options.expected, operator: options.operator });
  }
}
function check(ok, actual, expected, operator, message) {
  if (ok) return;
  if (message instanceof Error) throw message;
  throw new AssertionError({ message, actual, expected, operator });
}
export function assert(value, message) { check(value, value, true, '==', message ?? 'The expression evaluated to a falsy value'); }
Object.assign(assert, {
  ok: assert,
  equal: (a, b, m) => check(a == b, a, b, '==', m), // eslint-disable-line eqeqeq
  notEqual: (a, b, m) => check(a != b, a, b, '!=', m), // eslint-disable-line eqeqeq
  strictEqual: (a, b, m) => check(Object.is(a, b), a, b, 'strictEqual', m),
  notStrictEqual: (a, b, m) => check(!Object.is(a, b), a, b, 'notStrictEqual', m),
  deepEqual: (a, b, m) => check(deepEqual(a, b), a, b, 'deepEqual', m),
  deepStrictEqual: (a, b, m) => check(deepEqual(a, b), a, b, 'deepStrictEqual', m),
  notDeepStrictEqual: (a, b, m) => check(!deepEqual(a, b), a, b, 'notDeepStrictEqual', m),
  fail: (m) => { throw new AssertionError({ message: m ?? 'Failed', operator: 'fail' }); },
  throws(fn, expected, m) {
    try { fn(); } catch (e) {
      if (typeof expected === 'function' && expected.prototype !== undefined && !(e instanceof expected)) throw e;
      if (expected instanceof RegExp && !expected.test(String(e?.message ?? e))) throw e;
      return;
    }
    throw new AssertionError({ message: typeof expected === 'string' ? expected : m ?? 'Missing expected exception.', operator: 'throws' });
  },
  async rejects(p, expected, m) {
    try { await (typeof p === 'function' ? p() : p); } catch { return; }
    throw new AssertionError({ message: typeof expected === 'string' ? expected : m ?? 'Missing expected rejection.', operator: 'rejects' });
  },
  AssertionError,
});
assert.strict = assert;

// --- path (POSIX; the working directory is given by `cwd`) --------------------

export function makePath(cwd) {
  const normalizeSegments = (p, absolute) => {
    const out = [];
    for (const seg of p.split('/')) {
      if (seg === '..') { if (out.length && out[out.length - 1] !== '..') out.pop(); else if (!absolute) out.push('..'); }
      else if (seg !== '' && seg !== '.') out.push(seg);
    }
    return out.join('/');
  };
  const path = {
    sep: '/',
    delimiter: ':',
    normalize(p) {
      if (p === '') return '.';
      const abs = p.startsWith('/');
      const trailing = p.endsWith('/');
      let r = normalizeSegments(p, abs);
      if (!r && !abs) r = '.';
      if (r && trailing && r !== '.') r += '/';
      return (abs ? '/' : '') + r;
    },
    join: (...parts) => path.normalize(parts.filter((x) => x !== '').join('/') || '.'),
    resolve(...parts) {
      let p = '';
      for (let i = parts.length - 1; i >= 0 && !p.startsWith('/'); i--) if (parts[i]) p = parts[i] + (p ? '/' + p : '');
      if (!p.startsWith('/')) p = cwd() + (p ? '/' + p : '');
      return '/' + normalizeSegments(p, true);
    },
    relative(from, to) {
      const a = path.resolve(from).split('/').filter(Boolean), b = path.resolve(to).split('/').filter(Boolean);
      let i = 0;
      while (i < a.length && i < b.length && a[i] === b[i]) i++;
      return [...Array(a.length - i).fill('..'), ...b.slice(i)].join('/');
    },
    dirname(p) {
      const s = p.replace(/\/+$/, '');
      if (!s) return p.startsWith('/') ? '/' : '.';
      const i = s.lastIndexOf('/');
      return i < 0 ? '.' : (s.slice(0, i).replace(/\/+$/, '') || '/');
    },
    basename(p, ext) {
      const s = p.replace(/\/+$/, '');
      const b = s.slice(s.lastIndexOf('/') + 1);
      return ext && b.endsWith(ext) && b !== ext ? b.slice(0, -ext.length) : b;
    },
    extname(p) {
      const b = path.basename(p);
      const i = b.lastIndexOf('.');
      return i > 0 ? b.slice(i) : '';
    },
    isAbsolute: (p) => p.startsWith('/'),
    parse(p) {
      const root = p.startsWith('/') ? '/' : '';
      const base = path.basename(p), ext = path.extname(p);
      const dir = p.includes('/') ? path.dirname(p) : '';
      return { root, dir, base, ext, name: ext ? base.slice(0, -ext.length) : base };
    },
    format: (o) => {
      const base = o.base ?? `${o.name ?? ''}${o.ext ?? ''}`;
      const dir = o.dir ?? o.root ?? '';
      return dir ? (dir.endsWith('/') ? dir + base : `${dir}/${base}`) : base;
    },
    toNamespacedPath: (p) => p,
  };
  path.posix = path;
  return path;
}

// --- url ---------------------------------------------------------------------

export function makeUrl(path) {
  return {
    URL: globalThis.URL,
    URLSearchParams: globalThis.URLSearchParams,
    fileURLToPath(u) {
      const url = typeof u === 'string' ? new URL(u) : u;
      if (url.protocol !== 'file:') throw Object.assign(new TypeError('The URL must be of scheme file'), { code: 'ERR_INVALID_URL_SCHEME' });
      return decodeURIComponent(url.pathname);
    },
    pathToFileURL(p) {
      const abs = path.resolve(p);
      return new URL('file://' + abs.split('/').map((s) => encodeURIComponent(s)).join('/'));
    },
  };
}

// --- os --------------------------------------------------------

export const os = {
  EOL: '\n',
  platform: () => 'wasi',
  type: () => 'WASI',
  arch: () => 'wasm32',
  release: () => '0.2',
  endianness: () => 'LE',
  hostname: () => 'localhost',
  homedir: () => '/',
  tmpdir: () => '/tmp',
  cpus: () => [],
  availableParallelism: () => 1,
  totalmem: () => 0,
  freemem: () => 0,
  uptime: () => 0,
  loadavg: () => [0, 0, 0],
  networkInterfaces: () => ({}),
  userInfo: () => ({ username: 'wasi', uid: -1, gid: -1, shell: null, homedir: '/' }),
  constants: { signals: {}, errno: {} },
  devNull: '/dev/null',
};

// --- readline ------------------------------------------------------------------

export class Interface extends EventEmitter {
  constructor(input, output, completer, terminal) {
    super();
    const opts = input && typeof input.on === 'function' && !('input' in input) ? { input, output, terminal } : (input ?? {});
    this.input = opts.input;
    this.output = opts.output;
    this.terminal = Boolean(opts.terminal);
    this.line = '';
    this.closed = false;
    this._prompt = opts.prompt ?? '> ';
    this._buffer = '';
    this._decoder = new TextDecoder();
    this._questions = [];
    this._paused = false;
    this._pending = [];
    this._onData = (chunk) => {
      this._buffer += typeof chunk === 'string' ? chunk : this._decoder.decode(chunk, { stream: true });
      let i;
      while ((i = this._buffer.indexOf('\n')) >= 0) {
        const line = this._buffer.slice(0, i).replace(/\r$/, '');
        this._buffer = this._buffer.slice(i + 1);
        this._line(line);
        if (this.closed) return;
      }
    };
    this._onEnd = () => {
      this._buffer += this._decoder.decode();
      if (this._buffer.length) { const line = this._buffer.replace(/\r$/, ''); this._buffer = ''; this._line(line); }
      this.close();
    };
    if (this.input) {
      this.input.on('data', this._onData);
      this.input.on('end', this._onEnd);
      this.input.resume?.();
    }
  }
  _line(line) {
    if (this._paused) { this._pending.push(line); return; }
    const q = this._questions.shift();
    if (q) q(line); else this.emit('line', line);
  }
  setPrompt(p) { this._prompt = p; }
  getPrompt() { return this._prompt; }
  prompt() { if (this.closed) throw Object.assign(new Error('readline was closed'), { code: 'ERR_USE_AFTER_CLOSE' }); this.output?.write(this._prompt); }
  question(query, options, cb) {
    cb = typeof options === 'function' ? options : cb;
    if (this.closed) throw Object.assign(new Error('readline was closed'), { code: 'ERR_USE_AFTER_CLOSE' });
    this.output?.write(query);
    this._questions.push(cb);
  }
  write(data) { if (this.terminal) this._onData(String(data)); }
  pause() { if (!this._paused) { this._paused = true; this.input?.pause?.(); this.emit('pause'); } return this; }
  resume() {
    if (!this._paused) return this;
    this._paused = false;
    this.input?.resume?.();
    this.emit('resume');
    while (!this._paused && this._pending.length) this._line(this._pending.shift());
    return this;
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    if (this.input) {
      this.input.removeListener('data', this._onData);
      this.input.removeListener('end', this._onEnd);
      this.input.pause?.();
    }
    this.emit('close');
  }
  [Symbol.asyncIterator]() {
    const queue = [], waiting = [];
    let done = this.closed;
    const onLine = (line) => { if (waiting.length) waiting.shift()({ value: line, done: false }); else queue.push(line); };
    const onClose = () => { done = true; while (waiting.length) waiting.shift()({ value: undefined, done: true }); };
    this.on('line', onLine);
    this.on('close', onClose);
    const self = this;
    return {
      next() {
        if (queue.length) return Promise.resolve({ value: queue.shift(), done: false });
        if (done) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve) => waiting.push(resolve));
      },
      return() { self.removeListener('line', onLine); self.removeListener('close', onClose); self.close(); return Promise.resolve({ value: undefined, done: true }); },
      [Symbol.asyncIterator]() { return this; },
    };
  }
}

export const readline = {
  Interface,
  createInterface: (input, output, completer, terminal) => new Interface(input, output, completer, terminal),
  clearLine: (stream, dir, cb) => { cb?.(); return true; },
  clearScreenDown: (stream, cb) => { cb?.(); return true; },
  cursorTo: (stream, x, y, cb) => { (typeof y === 'function' ? y : cb)?.(); return true; },
  moveCursor: (stream, dx, dy, cb) => { cb?.(); return true; },
  emitKeypressEvents: () => {},
};

class PromisesInterface extends Interface {
  question(query) { return new Promise((resolve) => super.question(query, resolve)); }
}
export const readlinePromises = {
  Interface: PromisesInterface,
  createInterface: (input, output, completer, terminal) => new PromisesInterface(input, output, completer, terminal),
};
