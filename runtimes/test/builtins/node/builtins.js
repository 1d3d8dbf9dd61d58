// Node built-ins against `node` itself: runtimes/test/node_builtins.py runs this file under node
// and under fabricks-host and requires every line to be equal. Many cases, generated from
// tables, rather than a few chosen ones.
const crypto = require('crypto');

function line(name, fn) {
  let value;
  try {
    value = fn();
    if (Buffer.isBuffer(value)) value = `<Buffer ${value.toString('hex')}>`;
    else value = JSON.stringify(value);
  } catch (e) {
    value = `${e.name}${e.code ? ` ${e.code}` : ''}`;
  }
  process.stdout.write(`${name}: ${value}\n`);
}

const texts = ['', 'a', 'hello world', 'héllo wörld', '日本語テキスト', 'emoji 😀🎉 and more', '\u0000\u00ff\u0100', 'x'.repeat(300)];
const encodings = ['utf8', 'utf-8', 'hex', 'base64', 'base64url', 'latin1', 'binary', 'ascii', 'ucs2', 'utf16le'];

// Buffer: encodings both ways
for (const text of texts) {
  for (const enc of encodings) {
    line(`Buffer.from(${JSON.stringify(text.slice(0, 12))}).toString(${enc})`, () => Buffer.from(text).toString(enc));
    line(`Buffer.byteLength(${JSON.stringify(text.slice(0, 12))}, ${enc})`, () => Buffer.byteLength(text, enc));
  }
}
for (const [input, enc] of [['68656c6c6f', 'hex'], ['68 69', 'hex'], ['6g', 'hex'], ['abc', 'hex'], ['aGVsbG8=', 'base64'],
  ['aGVsbG8', 'base64'], ['aGk_-w', 'base64url'], ['a GV s', 'base64'], ['ÿþ', 'latin1'], ['hi', 'ucs2'], ['x', 'nope']]) {
  line(`Buffer.from(${JSON.stringify(input)}, ${enc})`, () => Buffer.from(input, enc));
}

// Buffer: searching
const hay = Buffer.from('the quick brown fox jumps over the lazy dog, the end');
for (const needle of ['the', 'fox', 'dog', 'cat', '', 't', 'end', Buffer.from('over'), 0x20, 111, 300, -1]) {
  for (const offset of [undefined, 0, 5, -10, 100]) {
    const label = typeof needle === 'object' ? `<Buffer ${needle}>` : JSON.stringify(needle);
    line(`indexOf(${label}, ${offset})`, () => hay.indexOf(needle, offset));
    line(`lastIndexOf(${label}, ${offset})`, () => hay.lastIndexOf(needle, offset));
    line(`includes(${label}, ${offset})`, () => hay.includes(needle, offset));
  }
}
line('indexOf hex', () => hay.indexOf('666f78', 0, 'hex'));
line('indexOf ucs2', () => Buffer.from('abc', 'ucs2').indexOf('b', 0, 'ucs2'));

// Buffer: numbers
const nums = Buffer.from([0x01, 0x02, 0x03, 0x04, 0xff, 0xfe, 0x80, 0x00, 0x7f, 0x10, 0x20, 0x30]);
for (const method of ['readUInt8', 'readInt8', 'readUInt16LE', 'readUInt16BE', 'readInt16LE', 'readInt16BE', 'readUInt32LE',
  'readUInt32BE', 'readInt32LE', 'readInt32BE', 'readFloatLE', 'readFloatBE', 'readDoubleLE', 'readDoubleBE']) {
  for (const offset of [0, 1, 4, 8, 11]) line(`${method}(${offset})`, () => nums[method](offset));
}
for (const [method, value] of [['writeUInt8', 255], ['writeInt8', -1], ['writeUInt16LE', 0xbeef], ['writeInt16BE', -2],
  ['writeUInt32BE', 0xdeadbeef], ['writeInt32LE', -123456], ['writeFloatBE', 1.5], ['writeDoubleLE', Math.PI], ['writeUInt8', 256]]) {
  line(`${method}(${value})`, () => { const b = Buffer.alloc(10); const end = b[method](value, 1); return [end, b.toString('hex')]; });
}
line('readBigUInt64LE', () => String(Buffer.from('0102030405060708', 'hex').readBigUInt64LE(0)));
line('readBigInt64BE', () => String(Buffer.from('ff02030405060708', 'hex').readBigInt64BE(0)));
line('readUIntBE(0, 6)', () => Buffer.from('0102030405060708', 'hex').readUIntBE(0, 6));
line('readIntLE(1, 3)', () => Buffer.from('0102ff0405', 'hex').readIntLE(1, 3));

// Buffer: slicing, copying, comparing, filling
const b = Buffer.from('abcdefghij');
line('subarray(2, 5)', () => b.subarray(2, 5).toString());
line('slice(-3)', () => b.slice(-3).toString());
line('slice shares memory', () => { const c = Buffer.from('abc'); c.slice(1)[0] = 0x5a; return c.toString(); });
line('copy', () => { const t = Buffer.alloc(6, '.'); const n = b.copy(t, 1, 2, 6); return [n, t.toString()]; });
line('compare', () => [Buffer.compare(Buffer.from('a'), Buffer.from('b')), Buffer.from('b').compare(Buffer.from('a')), Buffer.from('ab').compare(Buffer.from('ab'))]);
line('equals', () => [Buffer.from('x').equals(Buffer.from('x')), Buffer.from('x').equals(Buffer.from('y'))]);
line('concat', () => Buffer.concat([Buffer.from('ab'), Buffer.from('cd'), new Uint8Array([101])]).toString());
line('concat with length', () => Buffer.concat([Buffer.from('abc'), Buffer.from('def')], 4).toString());
line('alloc fill string', () => Buffer.alloc(7, 'ab').toString());
line('alloc fill hex', () => Buffer.alloc(4, 'ff00', 'hex'));
line('fill', () => Buffer.alloc(6).fill('xy', 1, 5).toString('hex'));
line('write', () => { const w = Buffer.alloc(8); return [w.write('héllo', 1), w.toString('hex')]; });
line('write hex', () => { const w = Buffer.alloc(4); return [w.write('a1b2zz', 'hex'), w.toString('hex')]; });
line('toJSON', () => Buffer.from('hi').toJSON());
line('JSON.stringify', () => JSON.stringify({ b: Buffer.from([1, 2]) }));
line('isBuffer', () => [Buffer.isBuffer(Buffer.alloc(1)), Buffer.isBuffer(new Uint8Array(1)), Buffer.isBuffer('x')]);
line('isEncoding', () => encodings.concat(['UTF8', 'nope', '']).map((e) => Buffer.isEncoding(e)));
line('instanceof Uint8Array', () => Buffer.alloc(1) instanceof Uint8Array);
line('from ArrayBuffer view', () => { const ab = new ArrayBuffer(8); new Uint8Array(ab)[2] = 7; return Buffer.from(ab, 2, 3); });
line('from array', () => Buffer.from([1, 256, -1, 3.7]));
line('swap16', () => Buffer.from('01020304', 'hex').swap16());
line('swap32', () => Buffer.from('01020304', 'hex').swap32());
line('toString range', () => b.toString('utf8', 2, 4));
line('iteration', () => [...Buffer.from('ab').entries()]);
line('utf8 replacement', () => Buffer.from([0xe2, 0x82]).toString());

// crypto
for (const alg of ['sha1', 'sha256', 'sha512', 'sha384', 'sha224', 'SHA256', 'no-such-hash']) {
  for (const text of ['', 'abc', 'héllo', 'x'.repeat(1000)]) {
    line(`createHash(${alg}) ${text.length}`, () => crypto.createHash(alg).update(text).digest('hex'));
  }
  line(`createHmac(${alg})`, () => crypto.createHmac(alg, 'key').update('message').digest('base64'));
  line(`createHmac(${alg}) long key`, () => crypto.createHmac(alg, 'k'.repeat(200)).update('m').digest('hex'));
}
line('hash in parts', () => crypto.createHash('sha256').update('ab').update(Buffer.from('cd')).update('6566', 'hex').digest('hex'));
line('digest buffer', () => crypto.createHash('sha1').update('x').digest());
line('digest twice', () => { const h = crypto.createHash('sha1'); h.digest(); return h.digest(); });
line('randomBytes length', () => crypto.randomBytes(40).length);
line('randomBytes big', () => crypto.randomBytes(100000).length);
line('randomBytes differ', () => !crypto.randomBytes(16).equals(crypto.randomBytes(16)));
line('randomBytes bad size', () => crypto.randomBytes(-1));
line('randomUUID format', () => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID()));
line('randomInt range', () => { for (let i = 0; i < 200; i++) { const v = crypto.randomInt(3, 9); if (v < 3 || v >= 9) return v; } return 'ok'; });
line('getRandomValues', () => crypto.getRandomValues(new Uint8Array(8)).length);
line('webcrypto.getRandomValues', () => crypto.webcrypto.getRandomValues(new Uint32Array(4)).length);
line('timingSafeEqual', () => [crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ab')), crypto.timingSafeEqual(Buffer.from('ab'), Buffer.from('ac'))]);
line('timingSafeEqual lengths', () => crypto.timingSafeEqual(Buffer.from('a'), Buffer.from('ab')));
line('getHashes has sha256', () => crypto.getHashes().includes('sha256'));

// Locale formats without ICU: node's en-US defaults (both run in UTC)
for (const ms of [Date.UTC(2026, 11, 2, 2, 8, 52), Date.UTC(1999, 0, 1, 0, 0, 0), Date.UTC(2024, 6, 4, 12, 30, 5), Date.UTC(2024, 1, 29, 23, 59, 59), NaN]) {
  const d = new Date(ms);
  line(`toLocaleTimeString ${ms}`, () => d.toLocaleTimeString());
  line(`toLocaleDateString ${ms}`, () => d.toLocaleDateString());
  line(`toLocaleString ${ms}`, () => d.toLocaleString());
}
for (const x of [0, -0, 7, -7.5, 1234, 1234567.891, 0.0005, 0.1234567, -98765.4321, 1e21, 123456789012345680000, NaN, Infinity, -Infinity]) {
  line(`(${x}).toLocaleString()`, () => x.toLocaleString());
}
line('BigInt toLocaleString', () => [12345678901234567890n.toLocaleString(), (-1234n).toLocaleString()]);

// zlib (whole buffers)
const zlib = require('zlib');
const sample = Buffer.from('hello from a data URI\n'.repeat(20));
for (const [pack, unpack] of [['gzipSync', 'gunzipSync'], ['deflateSync', 'inflateSync'], ['deflateRawSync', 'inflateRawSync'], ['gzipSync', 'unzipSync'], ['deflateSync', 'unzipSync']]) {
  line(`${pack} bytes`, () => zlib[pack](sample));
  line(`${pack} level 1 bytes`, () => zlib[pack](Buffer.from('abcabcabc'), { level: 1 }));
  line(`${pack} → ${unpack}`, () => zlib[unpack](zlib[pack](sample)).equals(sample));
  line(`${unpack} of a random megabyte`, () => { const r = crypto.randomBytes(1 << 20); return zlib[unpack](zlib[pack](r)).equals(r); });
}
line('gunzipSync of bad data', () => zlib.gunzipSync(Buffer.from('not gzip at all')));
line('inflateSync of bad data', () => zlib.inflateSync(Buffer.from([1, 2, 3, 4])));
line('gzipSync of a string', () => zlib.gunzipSync(zlib.gzipSync('text')).toString());
line('constants', () => [zlib.constants.Z_BEST_COMPRESSION, zlib.Z_SYNC_FLUSH, zlib.constants.Z_DATA_ERROR]);
zlib.gzip(sample, (error, result) => line('gzip callback', () => [error, zlib.gunzipSync(result).length]));

// Regular expressions with Unicode properties (the engine has no ICU)
const words = 'Grüße, 世界! ok-42 Ünïcödé ελληνικά русский ١٢٣';
for (const [source, flags] of [['[\\p{L}\\p{N}]+', 'gu'], ['\\p{Lu}', 'gu'], ['\\P{ASCII}+', 'gu'], ['\\p{Script=Greek}+', 'gu'],
  ['\\p{Script=Cyrillic}+', 'u'], ['\\p{Nd}+', 'gu'], ['[^\\p{L}\\s]+', 'gu'], ['\\p{Emoji_Presentation}', 'gu'], ['[\\p{L}--[a-z]]+', 'gv']]) {
  line(`new RegExp(${source}, ${flags})`, () => words.concat(' 😀').match(new RegExp(source, flags)));
}
line('literal \\p{L}', () => words.match(/\p{L}+/gu));
line('literal \\P{L}', () => words.match(/\P{L}+/gu));
line('literal \\p{Letter} test', () => [/^\p{Letter}+$/u.test('Ünï'), /^\p{Letter}+$/u.test('a1')]);
line('regex source kept', () => typeof /\p{L}/u.source);
line('RegExp instanceof', () => [new RegExp('a') instanceof RegExp, /a/ instanceof RegExp, RegExp('b', 'g').flags]);
line('RegExp subclass', () => { class R extends RegExp {} return new R('\\p{Lu}', 'u').test('A'); });
