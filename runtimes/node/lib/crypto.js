// Node's `crypto`, as far as programs use it without TLS or key material: random bytes, UUIDs
// and integers from the engine's Web Crypto (wasi:random underneath), hashes from sha.js and
// md5.js (bundle.mjs), HMAC over them, timingSafeEqual, and `webcrypto`/`subtle` as the engine has
// them. HMAC is ours (RFC 2104, a few lines over the hashes) rather than create-hmac, which would
// bring a stream implementation along. Ciphers, signatures and key objects are not provided:
// calling one throws an Error that says so.
import { Buffer, shajs } from '../target/bundle/buffer.js';
import { MD5 } from './node.js';

const web = globalThis.crypto;
const MAX_RANDOM = 65536; // getRandomValues fills at most this many bytes per call

function toBytes(data, encoding) {
  if (typeof data === 'string') return Buffer.from(data, encoding ?? 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  const e = new TypeError(`The "data" argument must be of type string or an instance of Buffer, TypedArray, or DataView. Received ${data === null ? 'null' : typeof data}`);
  e.code = 'ERR_INVALID_ARG_TYPE';
  throw e;
}

function randomFillSync(buffer, offset = 0, size = buffer.byteLength - offset) {
  const bytes = new Uint8Array(buffer.buffer ?? buffer, (buffer.byteOffset ?? 0) + offset, size);
  for (let i = 0; i < bytes.length; i += MAX_RANDOM) web.getRandomValues(bytes.subarray(i, i + MAX_RANDOM));
  return buffer;
}

function randomBytes(size, callback) {
  if (!Number.isInteger(size) || size < 0) {
    const e = new RangeError(`The value of "size" is out of range. It must be >= 0 && <= 2147483647. Received ${size}`);
    e.code = 'ERR_OUT_OF_RANGE';
    throw e;
  }
  const bytes = randomFillSync(Buffer.alloc(size));
  if (typeof callback === 'function') {
    queueMicrotask(() => callback(null, bytes));
    return undefined;
  }
  return bytes;
}

function randomInt(min, max, callback) {
  if (max === undefined || typeof max === 'function') { callback = max; max = min; min = 0; }
  const range = max - min;
  if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || range <= 0) {
    const e = new RangeError(`The value of "max" is out of range. It must be greater than the value of "min" (${min}). Received ${max}`);
    e.code = 'ERR_OUT_OF_RANGE';
    throw e;
  }
  // Rejection sampling over 48 random bits, as Node does, so every value is equally likely.
  const limit = 2 ** 48 - (2 ** 48 % range);
  let value;
  do {
    const b = randomBytes(6);
    value = b.readUIntBE(0, 6);
  } while (value >= limit);
  const result = min + (value % range);
  if (typeof callback === 'function') { queueMicrotask(() => callback(null, result)); return undefined; }
  return result;
}

const ALGORITHMS = { md5: 'md5', sha1: 'sha1', 'sha-1': 'sha1', sha224: 'sha224', 'sha-224': 'sha224', sha256: 'sha256',
  'sha-256': 'sha256', sha384: 'sha384', 'sha-384': 'sha384', sha512: 'sha512', 'sha-512': 'sha512' };
const BLOCK_SIZE = { md5: 64, sha1: 64, sha224: 64, sha256: 64, sha384: 128, sha512: 128 };

function algorithm(name) {
  const found = ALGORITHMS[String(name).toLowerCase()];
  if (!found) {
    // Node's words (OpenSSL's); this runtime has md5, sha1, sha224, sha256, sha384 and sha512.
    throw new Error('Digest method not supported');
  }
  return found;
}

const hashOf = (alg) => (alg === 'md5' ? new MD5() : shajs(alg));

function output(bytes, encoding) {
  return encoding === undefined || encoding === 'buffer' ? bytes : bytes.toString(encoding);
}

// Node's error for a Hash or Hmac used after digest().
function finalized() {
  const e = new Error('Digest already called');
  e.code = 'ERR_CRYPTO_HASH_FINALIZED';
  return e;
}

class Hash {
  constructor(name, state) {
    this._name = algorithm(name);
    this._hash = state ?? hashOf(this._name);
    this._done = false;
  }

  update(data, encoding) {
    if (this._done) throw finalized();
    this._hash.update(toBytes(data, encoding));
    return this;
  }

  digest(encoding) {
    if (this._done) throw finalized();
    this._done = true;
    return output(Buffer.from(this._hash.digest()), encoding);
  }
}

class Hmac {
  constructor(name, key, encoding) {
    if (!ALGORITHMS[String(name).toLowerCase()]) {
      const e = new TypeError(`Invalid digest: ${name}`);
      e.code = 'ERR_CRYPTO_INVALID_DIGEST';
      throw e;
    }
    const alg = algorithm(name);
    const block = BLOCK_SIZE[alg];
    let k = toBytes(key, encoding);
    if (k.length > block) k = Buffer.from(hashOf(alg).update(k).digest());
    const padded = Buffer.alloc(block);
    k.copy(padded);
    this._alg = alg;
    this._outer = Buffer.from(padded.map((b) => b ^ 0x5c));
    this._inner = hashOf(alg).update(Buffer.from(padded.map((b) => b ^ 0x36)));
    this._done = false;
  }

  update(data, encoding) {
    if (this._done) throw finalized();
    this._inner.update(toBytes(data, encoding));
    return this;
  }

  digest(encoding) {
    this._done = true;
    const inner = this._inner.digest();
    return output(Buffer.from(hashOf(this._alg).update(this._outer).update(inner).digest()), encoding);
  }
}

function timingSafeEqual(a, b) {
  const x = toBytes(a);
  const y = toBytes(b);
  if (x.length !== y.length) {
    const e = new RangeError('Input buffers must have the same byte length');
    e.code = 'ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH';
    throw e;
  }
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i] ^ y[i];
  return diff === 0;
}

function notProvided(name) {
  return () => {
    const e = new Error(`crypto.${name}() is not available in the Fabricks runtime (it offers random values, hashes and HMAC; no ciphers, signatures or keys)`);
    e.code = 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM';
    throw e;
  };
}

export const crypto = {
  randomBytes,
  pseudoRandomBytes: randomBytes,
  randomFillSync,
  randomFill(buffer, ...args) {
    const callback = args.pop();
    randomFillSync(buffer, ...args);
    queueMicrotask(() => callback(null, buffer));
  },
  randomInt,
  randomUUID: () => web.randomUUID(),
  getRandomValues: (array) => web.getRandomValues(array),
  createHash: (name, options) => new Hash(name),
  createHmac: (name, key) => new Hmac(name, key),
  hash: (name, data, encoding = 'hex') => new Hash(name).update(data).digest(encoding),
  getHashes: () => Object.keys(BLOCK_SIZE),
  timingSafeEqual,
  webcrypto: web,
  subtle: web.subtle,
  constants: {},
  Hash,
  Hmac,
};
for (const name of ['createCipheriv', 'createDecipheriv', 'createSign', 'createVerify', 'generateKeyPair',
  'generateKeyPairSync', 'createPrivateKey', 'createPublicKey', 'createSecretKey', 'pbkdf2', 'pbkdf2Sync',
  'scrypt', 'scryptSync', 'createECDH', 'createDiffieHellman', 'publicEncrypt', 'privateDecrypt', 'sign', 'verify']) {
  crypto[name] = notProvided(name);
}
