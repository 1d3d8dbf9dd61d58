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
for (const alg of ['md5', 'MD5', 'sha1', 'sha256', 'sha512', 'sha384', 'sha224', 'SHA256', 'no-such-hash']) {
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

// Locale formats: node's en-US defaults (both run in UTC)
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

// Intl (FormatJS's polyfills in the runtime, ICU in node), English locales, UTC
const when = new Date(Date.UTC(2026, 11, 2, 14, 8, 52, 345));
for (const [locale, options] of [['en-US', undefined], ['en', { style: 'currency', currency: 'USD' }],
  ['en-US', { style: 'currency', currency: 'EUR', currencyDisplay: 'name' }], ['en', { style: 'percent', maximumFractionDigits: 1 }],
  ['en', { maximumSignificantDigits: 3 }], ['en', { minimumFractionDigits: 2, maximumFractionDigits: 2 }],
  ['en', { notation: 'compact' }], ['en', { notation: 'compact', compactDisplay: 'long' }], ['en', { notation: 'scientific' }],
  ['en', { notation: 'engineering' }], ['en', { style: 'unit', unit: 'kilobyte' }], ['en', { style: 'unit', unit: 'mile-per-hour', unitDisplay: 'long' }],
  ['en', { signDisplay: 'always' }], ['en', { useGrouping: false }], ['en-GB', undefined]]) {
  for (const x of [0, -1, 1234567.891, 0.256, 1e6, -0.005, 12]) {
    line(`NumberFormat ${locale} ${JSON.stringify(options)} ${x}`, () => new Intl.NumberFormat(locale, options).format(x));
  }
}
line('NumberFormat formatToParts', () => new Intl.NumberFormat('en', { style: 'currency', currency: 'USD' }).formatToParts(-1234.5));
line('NumberFormat resolvedOptions', () => new Intl.NumberFormat('en-US').resolvedOptions().locale);
for (const options of [undefined, { timeZone: 'UTC' }, { dateStyle: 'short' }, { dateStyle: 'medium' }, { dateStyle: 'long' },
  { timeStyle: 'short' }, { timeStyle: 'medium' }, { month: 'long', day: 'numeric' }, { weekday: 'short', hour: '2-digit', minute: '2-digit' },
  { year: '2-digit', month: '2-digit', day: '2-digit' }, { hour: 'numeric', hour12: false }, { hour: 'numeric', minute: 'numeric', second: 'numeric', fractionalSecondDigits: 3 },
  { era: 'short', year: 'numeric' }, { month: 'narrow' }, { timeZoneName: 'short' }]) {
  for (const locale of ['en-US', 'en-GB']) {
    line(`DateTimeFormat ${locale} ${JSON.stringify(options)}`, () => new Intl.DateTimeFormat(locale, options).format(when));
  }
}
line('DateTimeFormat default time zone', () => new Intl.DateTimeFormat().resolvedOptions().timeZone);
line('DateTimeFormat formatToParts', () => new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' }).formatToParts(when));
line('toLocaleDateString with options', () => when.toLocaleDateString('en-US', { weekday: 'long', year: 'numeric', month: 'short', day: 'numeric' }));
line('toLocaleTimeString with options', () => [when.toLocaleTimeString('en-US', { hour12: false }), when.toLocaleTimeString('en-GB')]);
line('toLocaleString with options', () => [when.toLocaleString('en-US', { timeZone: 'UTC' }), when.toLocaleString('en-GB'), when.toLocaleString('en-US', { month: 'long' })]);
line('Number toLocaleString with options', () => [(1234.5).toLocaleString('en-US', { minimumFractionDigits: 2 }), (0.5).toLocaleString('en', { style: 'percent' })]);
for (const n of [0, 1, 2, 3, 4, 11, 12, 21, 22, 23, 101, 1.5]) {
  line(`PluralRules en ${n}`, () => [new Intl.PluralRules('en').select(n), new Intl.PluralRules('en', { type: 'ordinal' }).select(n)]);
}
for (const type of ['conjunction', 'disjunction', 'unit']) {
  for (const style of ['long', 'short', 'narrow']) {
    line(`ListFormat ${type} ${style}`, () => [[], ['a'], ['a', 'b'], ['a', 'b', 'c']].map((l) => new Intl.ListFormat('en', { type, style }).format(l)));
  }
}
for (const [v, unit] of [[-1, 'day'], [1, 'day'], [0, 'day'], [-3, 'hour'], [2, 'week'], [-1, 'month'], [5, 'year'], [-30, 'second']]) {
  line(`RelativeTimeFormat ${v} ${unit}`, () => [new Intl.RelativeTimeFormat('en').format(v, unit),
    new Intl.RelativeTimeFormat('en', { numeric: 'auto' }).format(v, unit), new Intl.RelativeTimeFormat('en', { style: 'short' }).format(v, unit)]);
}
for (const text of ['Hello, world!', 'a👍🏽b', 'e\u0301 café', '日本語のテキスト', "don't stop-me now", '🇯🇵🇺🇸 flags']) {
  for (const granularity of ['grapheme', 'word', 'sentence']) {
    line(`Segmenter ${granularity} ${JSON.stringify(text)}`, () => [...new Intl.Segmenter('en', { granularity }).segment(text)]
      .map((s) => (granularity === 'word' ? [s.segment, s.isWordLike] : s.segment)));
  }
}
line('getCanonicalLocales', () => Intl.getCanonicalLocales(['EN-us', 'en-gb']));
line('Locale', () => { const l = new Intl.Locale('en-Latn-US', { hourCycle: 'h23' }); return [l.language, l.script, l.region, l.hourCycle, l.baseName, l.toString()]; });
line('Intl members', () => ['NumberFormat', 'DateTimeFormat', 'PluralRules', 'ListFormat', 'RelativeTimeFormat', 'Segmenter', 'Locale'].map((k) => typeof Intl[k]));

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
// The cases that wait (streams, files) run after this one, in turn: see the end of this file.
const gzipDone = new Promise((resolve) => zlib.gzip(sample, (error, result) => { line('gzip callback', () => [error, zlib.gunzipSync(result).length]); resolve(); }));

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

// md5
for (const input of ['', 'a', 'abc', 'message digest', 'abcdefghijklmnopqrstuvwxyz', '1234567890'.repeat(8), 'x'.repeat(55), 'x'.repeat(56),
  'x'.repeat(64), 'héllo wörld 😀', 'y'.repeat(100000)]) {
  line(`md5 hex ${input.length}`, () => crypto.createHash('md5').update(input).digest('hex'));
  line(`md5 base64 ${input.length}`, () => crypto.createHash('md5').update(input).digest('base64'));
}
line('md5 buffer', () => crypto.createHash('md5').update(Buffer.from([0, 1, 2, 255])).digest());
line('md5 latin1 input', () => crypto.createHash('md5').update('ÿþ', 'latin1').digest('hex'));
line('md5 in parts', () => { const h = crypto.createHash('md5'); for (let i = 0; i < 100; i++) h.update('part ' + i); return h.digest('hex'); });
line('md5 Uint8Array', () => crypto.createHash('md5').update(new Uint8Array(70).fill(7)).digest('base64url'));
line('md5 digest twice', () => { const h = crypto.createHash('md5'); h.digest(); return h.digest(); });
line('hmac md5 empty key', () => crypto.createHmac('md5', '').update('').digest('hex'));
line('hmac md5 buffer key', () => crypto.createHmac('md5', Buffer.from('0b'.repeat(16), 'hex')).update('Hi There').digest('hex'));
line('hmac md5 key of 64', () => crypto.createHmac('md5', 'k'.repeat(64)).update('data').digest('hex'));
line('getHashes has md5', () => crypto.getHashes().includes('md5'));

// string_decoder
const { StringDecoder } = require('string_decoder');
for (const [enc, chunks] of [['utf8', [[0xe2], [0x82], [0xac]]], ['utf8', [[0xe2, 0x82], [0x41]]], ['utf8', [[0xf0, 0x9f], [0x98, 0x80, 0xff]]],
  ['utf8', [[0xc3]]], ['utf-8', [[0xed, 0xa0, 0x80]]], ['base64', [[1, 2], [3, 4], [5]]], ['base64url', [[0xfb, 0xff], [0xfe, 1]]],
  ['hex', [[1, 2], [0xff]]], ['utf16le', [[0x3d], [0xd8, 0x00], [0xde]]], ['ucs2', [[0x61, 0x00, 0x62]]], ['latin1', [[0xff, 0x41]]],
  ['binary', [[0xe9]]], ['ascii', [[0x41, 0x42]]], ['UTF8', [[0x68, 0x69]]], ['nope', [[1]]]]) {
  line(`StringDecoder(${enc}) ${JSON.stringify(chunks)}`, () => {
    const d = new StringDecoder(enc);
    const out = chunks.map((c) => d.write(Buffer.from(c)));
    out.push(d.end());
    return [d.encoding, out];
  });
}
line('StringDecoder end with a buffer', () => { const d = new StringDecoder('utf8'); return [d.write(Buffer.from([0xe2, 0x82])), d.end(Buffer.from([0xac]))]; });
line('StringDecoder default', () => new StringDecoder().encoding);

// stream: the module
const stream = require('stream');
line('stream exports', () => [typeof stream, stream === stream.Stream, require('node:stream') === stream, typeof stream.Readable,
  typeof stream.Writable, typeof stream.Duplex, typeof stream.Transform, typeof stream.PassThrough, typeof stream.pipeline,
  typeof stream.finished, typeof stream.promises.pipeline, require('stream/promises') === stream.promises, typeof stream.addAbortSignal,
  typeof stream.compose]);
line('stream classes', () => [new stream.PassThrough() instanceof stream.Transform, new stream.Transform() instanceof stream.Duplex,
  new stream.Duplex() instanceof stream.Readable, new stream.Readable() instanceof stream.Stream,
  new stream.Readable() instanceof require('events'), new stream.Duplex() instanceof stream.Writable]);
line('Readable state', () => { const r = new stream.Readable({ read() {} }); return [r.readable, r.readableFlowing, r.readableHighWaterMark, r.readableObjectMode, r.destroyed, r.readableEnded]; });
line('Writable state', () => { const w = new stream.Writable({ write(c, e, cb) { cb(); } }); return [w.writable, w.writableHighWaterMark, w.writableLength, w.writableObjectMode, w.writableFinished]; });
line('object mode state', () => { const r = new stream.Readable({ objectMode: true, read() {} }); return [r.readableHighWaterMark, r.readableObjectMode]; });
line('push and read', () => { const r = new stream.Readable({ read() {} }); r.push('ab'); r.push(Buffer.from('cd')); return [r.readableLength, String(r.read(3)), String(r.read()), r.read()]; });
line('getDefaultHighWaterMark', () => [stream.getDefaultHighWaterMark?.(false), stream.getDefaultHighWaterMark?.(true)]);

// Cases that wait, one after the other, each printed as it settles.
async function lineAsync(name, fn) {
  let value;
  try {
    value = await fn();
    if (Buffer.isBuffer(value)) value = `<Buffer ${value.toString('hex')}>`;
    else value = JSON.stringify(value);
  } catch (e) {
    value = `threw ${e.name}${e.code ? ` ${e.code}` : ''}: ${e.message}`;
  }
  process.stdout.write(`${name}: ${value}\n`);
}
const collect = (into, objectMode = false) => new stream.Writable({
  objectMode,
  write(chunk, encoding, callback) { into.push(objectMode ? chunk : String(chunk)); callback(); },
});
const upper = () => new stream.Transform({ transform(chunk, encoding, callback) { callback(null, String(chunk).toUpperCase()); } });
const fs = require('fs');
const path = require('path');
const sampleFile = path.join(__dirname, 'stream-sample.txt');
const sampleText = fs.readFileSync(sampleFile, 'utf8');
const sampleBytes = fs.readFileSync(sampleFile);
const chunksOf = (s, options) => new Promise((resolve, reject) => {
  const chunks = [];
  s.on('data', (c) => chunks.push(c)).on('error', reject).on('end', () => resolve(chunks));
});
const events = (emitter, names) => {
  const seen = [];
  for (const n of names) emitter.on(n, (x) => seen.push(n === 'error' ? `error ${x.code ?? x.message}` : n));
  return seen;
};
const tmp = (name) => path.join(require('os').tmpdir(), `fabricks-builtins-${process.pid}-${crypto.randomUUID()}-${name}`);

async function waitingCases() {
  await gzipDone;
  const { pipeline, finished, Readable, Writable, Transform, PassThrough, Duplex } = stream;
  const sp = require('stream/promises');

  const tick = () => new Promise((resolve) => setImmediate(resolve));
  await lineAsync('push after EOF', async () => {
    const r = new Readable({ read() {} });
    const seen = events(r, ['error', 'close']);
    r.push(null);
    r.push('x');
    await tick();
    return seen;
  });
  await lineAsync('write after end', async () => {
    const w = new Writable({ write(c, e, cb) { cb(); } });
    const seen = events(w, ['error', 'close', 'finish']);
    w.end();
    w.write('x', (e) => seen.push(`callback ${e?.code}`));
    await tick();
    return seen;
  });
  await lineAsync('invalid chunk', async () => {
    const r = new Readable({ read() {} });
    const seen = events(r, ['error', 'close']);
    r.push(42);
    await tick();
    return seen;
  });
  await lineAsync('pipeline from → transform → writable', () => new Promise((resolve) => {
    const out = [];
    pipeline(Readable.from(['a', 'b', 'c']), upper(), collect(out), (err) => resolve([err ?? null, out]));
  }));
  await lineAsync('pipeline of buffers', () => new Promise((resolve) => {
    const out = [];
    pipeline(Readable.from([Buffer.from('hé'), Buffer.from('llo')]), new PassThrough(), collect(out), (err) => resolve([err ?? null, out]));
  }));
  await lineAsync('object mode through a transform', () => new Promise((resolve) => {
    const out = [];
    const double = new Transform({ objectMode: true, transform(o, e, cb) { cb(null, { ...o, n: o.n * 2 }); } });
    pipeline(Readable.from([{ n: 1 }, { n: 2 }, { n: 3 }]), double, collect(out, true), (err) => resolve([err ?? null, out]));
  }));
  await lineAsync('object mode values', () => new Promise((resolve) => {
    const out = [];
    const r = new Readable({ objectMode: true, read() {} });
    for (const v of [1, 'two', [3], { four: 4 }, false, 0, '']) r.push(v);
    r.push(null);
    r.on('data', (v) => out.push(v)).on('end', () => resolve(out));
  }));
  await lineAsync('transform flush', () => new Promise((resolve) => {
    const out = [];
    const t = new Transform({
      transform(c, e, cb) { this.total = (this.total ?? 0) + c.length; cb(); },
      flush(cb) { this.push(`total ${this.total}`); cb(); },
    });
    pipeline(Readable.from(['abc', 'de', 'f']), t, collect(out), (err) => resolve([err ?? null, out]));
  }));
  await lineAsync('backpressure: write() false and drain', () => new Promise((resolve) => {
    const log = [];
    const w = new Writable({ highWaterMark: 3, write(chunk, enc, cb) { log.push(`write ${chunk}`); setImmediate(cb); } });
    w.on('drain', () => log.push('drain'));
    w.on('finish', () => log.push('finish'));
    log.push(`returned ${w.write('ab')}`, `length ${w.writableLength}`);
    log.push(`returned ${w.write('cd')}`, `length ${w.writableLength}`, `needDrain ${w.writableNeedDrain}`);
    w.once('drain', () => {
      log.push(`after drain ${w.write('e')}`);
      w.end('f', () => { log.push('end callback'); resolve(log); });
    });
  }));
  await lineAsync('backpressure: push() false at highWaterMark', () => {
    const r = new Readable({ highWaterMark: 4, read() {} });
    return [r.push('ab'), r.push('c'), r.push('d'), r.push('ef'), r.readableLength];
  });
  await lineAsync('backpressure: reads follow a slow consumer', () => new Promise((resolve) => {
    const log = [];
    let n = 0;
    const r = new Readable({ highWaterMark: 2, read() { n++; log.push(`read ${n}`); this.push(n <= 5 ? String(n) : null); } });
    const w = new Writable({ highWaterMark: 1, write(chunk, enc, cb) { log.push(`write ${chunk}`); setTimeout(cb, 1); } });
    pipeline(r, w, (err) => { log.push(`done ${err ?? null}`); resolve(log); });
  }));
  await lineAsync('backpressure: object mode highWaterMark 1', () => new Promise((resolve) => {
    const pushed = [];
    const r = new Readable({ objectMode: true, highWaterMark: 1, read() {} });
    pushed.push(r.push({ a: 1 }), r.push({ b: 2 }), r.readableLength);
    resolve(pushed);
  }));
  await lineAsync('error through pipeline', () => new Promise((resolve) => {
    const out = [];
    const source = Readable.from(['ok', 'bad', 'never']);
    const t = new Transform({ transform(c, e, cb) { if (String(c) === 'bad') cb(new Error('bad chunk')); else cb(null, c); } });
    const sink = collect(out);
    pipeline(source, t, sink, (err) => resolve([err?.message, out, source.destroyed, t.destroyed, sink.destroyed]));
  }));
  await lineAsync('error from the source', () => new Promise((resolve) => {
    const r = new Readable({ read() { this.destroy(new Error('source failed')); } });
    pipeline(r, new PassThrough(), collect([]), (err) => resolve(err?.message));
  }));
  await lineAsync('error from the destination', () => new Promise((resolve) => {
    const w = new Writable({ write(c, e, cb) { cb(new Error('sink failed')); } });
    const r = Readable.from(['x', 'y']);
    pipeline(r, w, (err) => resolve([err?.message, r.destroyed, w.errored?.message]));
  }));
  await lineAsync('destroy with an error: events', () => new Promise((resolve) => {
    const r = new Readable({ read() {} });
    const seen = events(r, ['error', 'close', 'end']);
    r.destroy(new Error('gone'));
    r.on('close', () => resolve([seen, r.destroyed, r.errored?.message]));
  }));
  await lineAsync('events of a readable and a writable', () => new Promise((resolve) => {
    const r = Readable.from(['a', 'b']);
    const w = collect([]);
    const rs = events(r, ['end', 'close']);
    const ws = events(w, ['finish', 'close', 'pipe', 'unpipe']);
    r.pipe(w);
    w.on('close', () => setImmediate(() => resolve([rs, ws])));
  }));
  await lineAsync('finished on a writable', () => new Promise((resolve) => {
    const w = collect([]);
    finished(w, (err) => resolve(['finished', err ?? null, w.writableFinished]));
    w.write('x');
    w.end();
  }));
  await lineAsync('finished on a destroyed readable', () => new Promise((resolve) => {
    const r = new Readable({ read() {} });
    finished(r, (err) => resolve([err?.message, err?.code ?? null]));
    r.destroy(new Error('early'));
  }));
  await lineAsync('finished on a premature close', () => new Promise((resolve) => {
    const r = new Readable({ read() {} });
    finished(r, (err) => resolve([err?.message, err?.code]));
    r.destroy();
  }));
  await lineAsync('stream/promises pipeline', async () => {
    const out = [];
    const result = await sp.pipeline(Readable.from(['p', 'q']), upper(), collect(out));
    return [result ?? null, out];
  });
  await lineAsync('stream/promises pipeline rejects', async () => {
    try {
      await sp.pipeline(Readable.from(['p']), new Transform({ transform(c, e, cb) { cb(new Error('rejected here')); } }), collect([]));
      return 'resolved';
    } catch (e) { return ['rejected', e.message]; }
  });
  await lineAsync('stream/promises finished', async () => {
    const r = Readable.from(['z']);
    r.resume();
    await sp.finished(r);
    return [r.readableEnded, r.destroyed];
  });
  await lineAsync('pipeline with an async generator', () => new Promise((resolve) => {
    const out = [];
    pipeline(Readable.from(['1', '2', '3']), async function* (source) { for await (const c of source) yield `<${c}>`; }, collect(out),
      (err) => resolve([err ?? null, out]));
  }));
  await lineAsync('async iteration', async () => {
    const seen = [];
    for await (const chunk of Readable.from(['x', 'y', 'z'])) seen.push(chunk);
    return seen;
  });
  await lineAsync('async iteration of bytes', async () => {
    const r = new Readable({ read() {} });
    r.push('ab');
    r.push('cd');
    r.push(null);
    const seen = [];
    for await (const chunk of r) seen.push(chunk.toString('hex'));
    return seen;
  });
  await lineAsync('async iteration, break early', async () => {
    const r = Readable.from([1, 2, 3, 4]);
    const seen = [];
    for await (const v of r) { seen.push(v); if (v === 2) break; }
    return [seen, r.destroyed];
  });
  await lineAsync('async iteration of an erroring stream', async () => {
    const r = new Readable({ read() { this.destroy(new Error('mid-stream')); } });
    try { for await (const c of r) void c; return 'no error'; } catch (e) { return e.message; }
  });
  await lineAsync('Readable.from an async generator', async () => {
    async function* gen() { yield 'g1'; await null; yield 'g2'; }
    const seen = [];
    for await (const v of Readable.from(gen())) seen.push(v);
    return seen;
  });
  await lineAsync('Readable.from a string and a buffer', async () => {
    const a = [];
    for await (const v of Readable.from('whole string')) a.push(v);
    for await (const v of Readable.from(Buffer.from('buf'))) a.push(String(v));
    return a;
  });
  await lineAsync('Readable operators', async () => [
    await Readable.from([1, 2, 3, 4]).map((x) => x * 10).toArray(),
    await Readable.from([1, 2, 3, 4]).filter((x) => x % 2 === 0).toArray(),
    await Readable.from([1, 2, 3]).reduce((a, b) => a + b, 0),
  ]);
  await lineAsync('setEncoding splits no character', () => new Promise((resolve) => {
    const r = new Readable({ read() {} });
    r.setEncoding('utf8');
    const euro = Buffer.from('€😀');
    for (const b of euro) r.push(Buffer.from([b]));
    r.push(null);
    chunksOf(r).then((c) => resolve([c.join(''), r.readableEncoding]));
  }));
  await lineAsync('setEncoding base64', async () => {
    const r = Readable.from([Buffer.from([1]), Buffer.from([2, 3, 4]), Buffer.from([5])], { objectMode: false });
    r.setEncoding('base64');
    return (await chunksOf(r)).join('');
  });
  await lineAsync('writable decodeStrings and writev', () => new Promise((resolve) => {
    const batches = [];
    const w = new Writable({
      writev(chunks, cb) { batches.push(chunks.map((c) => [String(c.chunk), c.encoding])); cb(); },
    });
    w.cork();
    w.write('a');
    w.write(Buffer.from('b'));
    w.write('63', 'hex');
    process.nextTick(() => { w.uncork(); w.end(() => resolve(batches)); });
  }));
  await lineAsync('writable without decodeStrings', () => new Promise((resolve) => {
    const seen = [];
    const w = new Writable({ decodeStrings: false, write(c, e, cb) { seen.push([typeof c, e]); cb(); } });
    w.write('text');
    w.write(Buffer.from('x'));
    w.end(() => resolve(seen));
  }));
  await lineAsync('duplex', () => new Promise((resolve) => {
    const written = [], read = [];
    const d = new Duplex({
      read() { this.push('from duplex'); this.push(null); },
      write(c, e, cb) { written.push(String(c)); cb(); },
    });
    let pending = 2;
    const done = () => { if (--pending === 0) resolve([read, written]); };
    d.on('data', (c) => read.push(String(c))).on('end', done).on('finish', done);
    d.end('to duplex');
  }));
  await lineAsync('pipe() to several', () => new Promise((resolve) => {
    const a = [], b = [];
    const r = Readable.from(['1', '2']);
    const wa = collect(a), wb = collect(b);
    r.pipe(wa);
    r.pipe(wb);
    let n = 0;
    const done = () => { if (++n === 2) resolve([a, b]); };
    wa.on('finish', done);
    wb.on('finish', done);
  }));
  await lineAsync('compose', async () => {
    if (typeof stream.compose !== 'function') return 'none';
    const both = stream.compose(upper(), new Transform({ transform(c, e, cb) { cb(null, `[${c}]`); } }));
    const out = [];
    await sp.pipeline(Readable.from(['a', 'b']), both, collect(out));
    return out;
  });
  await lineAsync('addAbortSignal', () => new Promise((resolve) => {
    const controller = new AbortController();
    const r = stream.addAbortSignal(controller.signal, new Readable({ read() {} }));
    r.on('error', (e) => resolve([e.name, e.code]));
    controller.abort();
  }));
  await lineAsync('isReadable, isErrored, isDisturbed', () => {
    const r = Readable.from(['x']);
    return [stream.isReadable?.(r), stream.isErrored?.(r), stream.isDisturbed?.(r)];
  });
  await lineAsync('stdio streams', () => [process.stdout instanceof Writable, process.stderr instanceof Writable, process.stdin instanceof Readable,
    process.stdout.writable, process.stdout.writableHighWaterMark, process.stdout._isStdio, process.stdout.fd, process.stderr.fd, process.stdin.fd]);
  await lineAsync('pipe() into process.stdout', async () => {
    const source = Readable.from(['piped line 1\n', 'piped line 2\n']);
    source.pipe(process.stdout);
    await sp.finished(source);
    return [process.stdout.writableEnded, process.stdout.listenerCount('unpipe')];
  });
  await lineAsync('process.stdout.write callback', () => new Promise((resolve) => {
    const returned = process.stdout.write('written with a callback\n', (err) => resolve([returned, err ?? null]));
  }));
  await lineAsync('ES module imports of stream', async () => {
    const m = await import('./stream-esm.mjs');
    return [m.checks, await m.run()];
  });

  // fs.createReadStream on a file in the app's folder
  await lineAsync('createReadStream whole file', async () => {
    const chunks = await chunksOf(fs.createReadStream(sampleFile));
    return [chunks.length, Buffer.concat(chunks).equals(sampleBytes), Buffer.isBuffer(chunks[0])];
  });
  for (const range of [{ start: 3, end: 10 }, { start: 0, end: 0 }, { start: 30 }, { end: 40 }, { start: 2231 }, { start: 2232 },
    { start: 5000 }, { start: 31, end: 70 }, { start: 2000, end: 99999 }, { start: 2, end: 2 }]) {
    await lineAsync(`createReadStream ${JSON.stringify(range)}`, async () => Buffer.concat(await chunksOf(fs.createReadStream(sampleFile, range))).toString('hex'));
  }
  for (const options of [{ highWaterMark: 16 }, { highWaterMark: 1000 }, { highWaterMark: 100, start: 50, end: 349 }, { highWaterMark: 7, start: 29, end: 90, encoding: 'utf8' },
    { highWaterMark: 5, start: 30, end: 80, encoding: 'base64' }, { highWaterMark: 9, end: 30, encoding: 'hex' }, { encoding: 'latin1', start: 30, end: 45 },
    'utf8', { encoding: 'utf8', highWaterMark: 3, start: 68, end: 75 }]) {
    await lineAsync(`createReadStream chunks ${JSON.stringify(options)}`, async () => {
      const chunks = await chunksOf(fs.createReadStream(sampleFile, options));
      return chunks.map((c) => (typeof c === 'string' ? c : c.length));
    });
  }
  await lineAsync('createReadStream utf8 equals readFileSync', async () => (await chunksOf(fs.createReadStream(sampleFile, { encoding: 'utf8', highWaterMark: 11 }))).join('') === sampleText);
  await lineAsync('createReadStream events and state', () => new Promise((resolve) => {
    const r = fs.createReadStream(sampleFile, { start: 10, end: 19 });
    const state = [r.pending, r.bytesRead, r.path === sampleFile, r.flags, r.start, r.end, r.readableHighWaterMark];
    const seen = events(r, ['open', 'ready', 'end', 'close']);
    r.on('data', () => seen.push('data'));
    r.on('close', () => resolve([state, seen, r.bytesRead, r.destroyed, r.pending]));
  }));
  await lineAsync('createReadStream of a missing file', () => new Promise((resolve) => {
    const r = fs.createReadStream(path.join(__dirname, 'no-such-file.txt'));
    const seen = events(r, ['open', 'error', 'close']);
    r.on('error', (e) => seen.push(e.syscall, e.errno, e.message.replace(__dirname, '<dir>')));
    r.on('close', () => resolve(seen));
  }));
  await lineAsync('createReadStream of a folder', () => new Promise((resolve) => {
    const r = fs.createReadStream(__dirname);
    r.on('error', (e) => resolve(e.code));
    r.on('data', () => resolve('data'));
  }));
  for (const [label, options] of [['start > end', { start: 5, end: 2 }], ['negative start', { start: -1 }], ['string start', { start: '1' }],
    ['fractional end', { end: 1.5 }]]) {
    line(`createReadStream ${label}`, () => fs.createReadStream(sampleFile, options).constructor.name);
  }
  line('createReadStream of a number', () => fs.createReadStream(5));
  await lineAsync('createReadStream of a file URL', async () => (await chunksOf(fs.createReadStream(require('url').pathToFileURL(sampleFile), { end: 8, encoding: 'utf8' }))).join(''));
  await lineAsync('createReadStream close() early', () => new Promise((resolve) => {
    const r = fs.createReadStream(sampleFile, { highWaterMark: 8 });
    r.once('data', (c) => { r.close((err) => resolve([c.length, err ?? null, r.destroyed])); });
  }));
  await lineAsync('createReadStream pause and resume', () => new Promise((resolve) => {
    const r = fs.createReadStream(sampleFile, { highWaterMark: 500 });
    const sizes = [];
    r.on('data', (c) => { sizes.push(c.length); r.pause(); setTimeout(() => r.resume(), 2); });
    r.on('end', () => resolve(sizes));
  }));
  await lineAsync('createReadStream through pipeline', async () => {
    const out = [];
    await sp.pipeline(fs.createReadStream(sampleFile, { start: 0, end: 28, highWaterMark: 10 }), upper(), collect(out));
    return out;
  });
  await lineAsync('createReadStream async iteration', async () => {
    let n = 0, bytes = 0;
    for await (const c of fs.createReadStream(sampleFile, { highWaterMark: 256 })) { n++; bytes += c.length; }
    return [n, bytes];
  });
  await lineAsync('createReadStream into readline', async () => {
    const rl = require('readline').createInterface({ input: fs.createReadStream(sampleFile, { highWaterMark: 13 }), crlfDelay: Infinity });
    const lines = [];
    for await (const l of rl) lines.push(l);
    return [lines.length, lines[1], lines[lines.length - 1]];
  });
  await lineAsync('createReadStream read() in paused mode', () => new Promise((resolve) => {
    const r = fs.createReadStream(sampleFile, { start: 0, end: 99, highWaterMark: 40 });
    const got = [];
    r.on('readable', () => { let c; while ((c = r.read(15)) !== null) got.push(c.length); });
    r.on('end', () => resolve(got));
  }));
  await lineAsync('FileHandle.createReadStream', async () => {
    const handle = await fs.promises.open(sampleFile);
    const chunks = await chunksOf(handle.createReadStream({ start: 4, end: 8, encoding: 'utf8' }));
    return chunks;
  });
  await lineAsync('fs.ReadStream class', () => [typeof fs.ReadStream, fs.createReadStream(sampleFile) instanceof fs.ReadStream,
    fs.createReadStream(sampleFile) instanceof stream.Readable, typeof fs.WriteStream]);

  // fs.createWriteStream into the temporary folder
  await lineAsync('createWriteStream write and end', async () => {
    const file = tmp('write.txt');
    const w = fs.createWriteStream(file);
    const seen = events(w, ['open', 'ready', 'finish', 'close']);
    w.write('hello ');
    w.write(Buffer.from('wörld'));
    w.end('\n');
    await new Promise((r) => w.on('close', r));
    const text = fs.readFileSync(file, 'utf8');
    fs.unlinkSync(file);
    return [seen, text, w.bytesWritten];
  });
  await lineAsync('createWriteStream flags a appends', async () => {
    const file = tmp('append.txt');
    fs.writeFileSync(file, 'first\n');
    for (const line of ['second\n', 'third\n']) {
      const w = fs.createWriteStream(file, { flags: 'a' });
      w.end(line);
      await new Promise((r) => w.on('close', r));
    }
    const text = fs.readFileSync(file, 'utf8');
    fs.unlinkSync(file);
    return text;
  });
  await lineAsync('createWriteStream start with r+', async () => {
    const file = tmp('rplus.txt');
    fs.writeFileSync(file, 'abcdefghij');
    const w = fs.createWriteStream(file, { flags: 'r+', start: 3 });
    w.end('XYZ');
    await sp.finished(w);
    await new Promise((r) => (w.closed ? r() : w.on('close', r)));
    const text = fs.readFileSync(file, 'utf8');
    fs.unlinkSync(file);
    return text;
  });
  await lineAsync('createWriteStream w truncates', async () => {
    const file = tmp('trunc.txt');
    fs.writeFileSync(file, 'a long first content');
    const w = fs.createWriteStream(file);
    w.end('short');
    await new Promise((r) => w.on('close', r));
    const text = fs.readFileSync(file, 'utf8');
    fs.unlinkSync(file);
    return text;
  });
  await lineAsync('createWriteStream encoding option', async () => {
    const file = tmp('enc.txt');
    const w = fs.createWriteStream(file, { encoding: 'hex' });
    w.write('68656c6c6f');
    w.end();
    await new Promise((r) => w.on('close', r));
    const text = fs.readFileSync(file, 'utf8');
    fs.unlinkSync(file);
    return text;
  });
  await lineAsync('createWriteStream in a missing folder', () => new Promise((resolve) => {
    const w = fs.createWriteStream(path.join(require('os').tmpdir(), `fabricks-no-such-folder-${crypto.randomUUID()}`, 'x.txt'));
    const seen = events(w, ['open', 'error', 'close']);
    w.on('close', () => resolve(seen));
  }));
  await lineAsync('pipeline createReadStream → createWriteStream', async () => {
    const file = tmp('copy.txt');
    await sp.pipeline(fs.createReadStream(sampleFile, { highWaterMark: 100 }), fs.createWriteStream(file));
    const same = fs.readFileSync(file).equals(sampleBytes);
    fs.unlinkSync(file);
    return same;
  });
  await lineAsync('createWriteStream backpressure', async () => {
    const file = tmp('bp.txt');
    const w = fs.createWriteStream(file, { highWaterMark: 10 });
    const returns = [w.write('12345'), w.write('67890'), w.write('x')];
    await new Promise((r) => w.once('drain', r));
    w.end();
    await new Promise((r) => w.on('close', r));
    const text = fs.readFileSync(file, 'utf8');
    fs.unlinkSync(file);
    return [returns, text];
  });
  await lineAsync('write stream of a created file reads back by stream', async () => {
    const file = tmp('roundtrip.bin');
    const bytes = crypto.randomBytes(200000);
    const w = fs.createWriteStream(file);
    for (let i = 0; i < bytes.length; i += 30000) w.write(bytes.subarray(i, i + 30000));
    w.end();
    await new Promise((r) => w.on('close', r));
    const chunks = await chunksOf(fs.createReadStream(file));
    fs.unlinkSync(file);
    return [chunks.map((c) => c.length), Buffer.concat(chunks).equals(bytes)];
  });
}
waitingCases().catch((e) => { process.stdout.write(`waiting cases failed: ${e.stack}\n`); process.exitCode = 1; });
