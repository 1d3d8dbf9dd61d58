// Node's `zlib` for whole buffers, by pako (a port of zlib's deflate and inflate, bundle.mjs):
// deflate/inflate, raw, gzip/gunzip, unzip, in sync, callback and promise-returning forms, with
// Node's options (level, windowBits, memLevel, strategy). Compressed bytes equal Node's for small
// inputs; for large ones Node's own zlib (Chromium's fork) may choose other matches, so bytes can
// differ while both decompress to the same data. Streams (createGzip & co.) and brotli are not
// provided: calling them throws saying so.
import { Buffer, pako } from '../target/bundle/buffer.js';

const constants = {
  Z_NO_FLUSH: 0, Z_PARTIAL_FLUSH: 1, Z_SYNC_FLUSH: 2, Z_FULL_FLUSH: 3, Z_FINISH: 4, Z_BLOCK: 5,
  Z_OK: 0, Z_STREAM_END: 1, Z_NEED_DICT: 2, Z_ERRNO: -1, Z_STREAM_ERROR: -2, Z_DATA_ERROR: -3,
  Z_MEM_ERROR: -4, Z_BUF_ERROR: -5, Z_VERSION_ERROR: -6, Z_NO_COMPRESSION: 0, Z_BEST_SPEED: 1,
  Z_BEST_COMPRESSION: 9, Z_DEFAULT_COMPRESSION: -1, Z_FILTERED: 1, Z_HUFFMAN_ONLY: 2, Z_RLE: 3,
  Z_FIXED: 4, Z_DEFAULT_STRATEGY: 0, ZLIB_VERNUM: 4865, Z_MIN_WINDOWBITS: 8, Z_MAX_WINDOWBITS: 15,
  Z_DEFAULT_WINDOWBITS: 15, Z_MIN_LEVEL: -1, Z_MAX_LEVEL: 9, Z_DEFAULT_LEVEL: -1, Z_MIN_MEMLEVEL: 1,
  Z_MAX_MEMLEVEL: 9, Z_DEFAULT_MEMLEVEL: 8,
};

function input(data) {
  if (typeof data === 'string') return Buffer.from(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  const e = new TypeError('The "buffer" argument must be of type string or an instance of Buffer, TypedArray, DataView, or ArrayBuffer.');
  e.code = 'ERR_INVALID_ARG_TYPE';
  throw e;
}

// Only what the caller set: pako's defaults are Node's, and an explicit windowBits would turn off
// pako's gzip detection when inflating.
const pakoOptions = (options = {}) => Object.fromEntries(
  ['level', 'windowBits', 'memLevel', 'strategy'].filter((k) => options[k] !== undefined).map((k) => [k, options[k]]));

// pako throws strings or its own messages; Node throws an Error carrying zlib's code.
function run(fn, data, options) {
  try {
    return Buffer.from(fn(input(data), pakoOptions(options)));
  } catch (e) {
    const err = new Error(typeof e === 'string' ? e : e?.message ?? String(e));
    err.errno = constants.Z_DATA_ERROR;
    err.code = 'Z_DATA_ERROR';
    throw err;
  }
}

const unzip = (data, options) => {
  const bytes = input(data);
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? pako.ungzip(bytes, options) : pako.inflate(bytes, options);
};
const kinds = {
  deflate: [(d, o) => pako.deflate(d, o), false],
  inflate: [(d, o) => pako.inflate(d, o), true],
  deflateRaw: [(d, o) => pako.deflateRaw(d, o), false],
  inflateRaw: [(d, o) => pako.inflateRaw(d, o), true],
  gzip: [(d, o) => pako.gzip(d, o), false],
  gunzip: [(d, o) => pako.ungzip(d, o), true],
  unzip: [unzip, true],
};

export const zlib = { constants, ...constants };
for (const [name, [fn, inflating]] of Object.entries(kinds)) {
  const sync = (data, options) => {
    const out = run(fn, data, options);
    if (out.length === 0 && inflating && input(data).length === 0) {
      const e = new Error('unexpected end of file');
      e.errno = constants.Z_BUF_ERROR;
      e.code = 'Z_BUF_ERROR';
      throw e;
    }
    return out;
  };
  zlib[`${name}Sync`] = sync;
  zlib[name] = (data, options, callback) => {
    if (typeof options === 'function') { callback = options; options = undefined; }
    let result, error = null;
    try { result = sync(data, options); } catch (e) { error = e; }
    queueMicrotask(() => callback(error, result));
  };
}
for (const name of ['createGzip', 'createGunzip', 'createDeflate', 'createInflate', 'createDeflateRaw', 'createInflateRaw',
  'createUnzip', 'createBrotliCompress', 'createBrotliDecompress', 'brotliCompress', 'brotliCompressSync',
  'brotliDecompress', 'brotliDecompressSync']) {
  zlib[name] = () => {
    const e = new Error(`zlib.${name}() is not available in the Fabricks runtime (whole-buffer deflate, inflate and gzip are)`);
    e.code = 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM';
    throw e;
  };
}
