// Unit tests of the WASI-free built-ins (lib/node.js), run on the host:
//   node --test runtimes/node/test/
import test from 'node:test';
import assert from 'node:assert/strict';
import {
  EventEmitter, Buffer, format, inspect, makePath, makeUrl, readline, StringDecoder, hooks, iterateStream,
} from '../lib/node.js';

test('EventEmitter', () => {
  const e = new EventEmitter();
  const seen = [];
  e.on('x', (v) => seen.push(['on', v]));
  e.once('x', (v) => seen.push(['once', v]));
  e.prependListener('x', (v) => seen.push(['first', v]));
  assert.equal(e.emit('x', 1), true);
  e.emit('x', 2);
  assert.deepEqual(seen, [['first', 1], ['on', 1], ['once', 1], ['first', 2], ['on', 2]]);
  assert.equal(e.listenerCount('x'), 2);
  assert.throws(() => e.emit('error', new Error('boom')), /boom/);
  assert.equal(EventEmitter.EventEmitter, EventEmitter);
});

test('EventEmitter: a rejected listener promise goes to hooks.rejected', async () => {
  const seen = [];
  const saved = hooks.rejected;
  hooks.rejected = (e) => seen.push(e.message);
  const e = new EventEmitter();
  e.on('x', async () => { throw new Error('async listener'); });
  e.emit('x');
  await new Promise((r) => setTimeout(r, 0));
  hooks.rejected = saved;
  assert.deepEqual(seen, ['async listener']);
});

test('Buffer', () => {
  const b = Buffer.from('héllo', 'utf8');
  assert.equal(b.length, 6);
  assert.equal(b.toString(), 'héllo');
  assert.equal(b.toString('base64'), globalThis.Buffer.from('héllo').toString('base64'));
  assert.equal(Buffer.from(b.toString('base64'), 'base64').toString(), 'héllo');
  assert.equal(b.toString('hex'), globalThis.Buffer.from('héllo').toString('hex'));
  assert.equal(Buffer.from('68 69', 'hex').toString(), 'h');
  assert.equal(Buffer.from('aGk', 'base64url').toString(), 'hi');
  assert.ok(b.subarray(1) instanceof Buffer);
  assert.equal(Buffer.concat([Buffer.from('a'), Buffer.from('b')]).toString(), 'ab');
  assert.equal(Buffer.byteLength('é'), 2);
  assert.deepEqual(Buffer.from('hi').toJSON(), { type: 'Buffer', data: [104, 105] });
});

test('format and inspect', () => {
  assert.equal(format('a %s b %d %j %%', 'x', 42, { k: 1 }), 'a x b 42 {"k":1} %');
  assert.equal(format('x', 1, 'y', { a: [1, 'two'] }), "x 1 y { a: [ 1, 'two' ] }");
  assert.equal(inspect({ a: { b: { c: { d: 1 } } } }), '{ a: { b: { c: [Object] } } }');
  assert.equal(inspect(new Map([['k', 1]])), "Map(1) { 'k' => 1 }");
  const circular = { name: 'c' };
  circular.self = circular;
  assert.equal(inspect(circular), "{ name: 'c', self: [Circular *1] }");
  assert.equal(inspect(Buffer.from('hi')), '<Buffer 68 69>');
});

test('path and url', () => {
  const path = makePath(() => '/app');
  assert.equal(path.join('/app/src', '../data', 'x.json'), '/app/data/x.json');
  assert.equal(path.resolve('data', 'x'), '/app/data/x');
  assert.equal(path.resolve('/a/b', '../c'), '/a/c');
  assert.equal(path.dirname('/app/src/x.js'), '/app/src');
  assert.equal(path.basename('/app/src/x.js', '.js'), 'x');
  assert.equal(path.extname('a/b.tar.gz'), '.gz');
  assert.equal(path.relative('/app/src', '/app/data/x'), '../data/x');
  assert.equal(path.normalize('a//b/../c/'), 'a/c/');
  const url = makeUrl(path);
  assert.equal(url.fileURLToPath('file:///app/src/a%20b.js'), '/app/src/a b.js');
  assert.equal(url.pathToFileURL('/app/a b.js').href, 'file:///app/a%20b.js');
});

test('readline over an emitter: lines, CRLF, last line without newline, close', async () => {
  const input = new EventEmitter();
  input.pause = () => {};
  input.resume = () => {};
  const rl = readline.createInterface({ input });
  const lines = [];
  let closed = false;
  rl.on('line', (l) => lines.push(l));
  rl.on('close', () => { closed = true; });
  input.emit('data', Buffer.from('one\r\ntw'));
  input.emit('data', 'o\nthr');
  input.emit('data', Buffer.from([0xc3])); // half of 'é'
  input.emit('data', Buffer.from([0xa9]));
  input.emit('end');
  assert.deepEqual(lines, ['one', 'two', 'thré']);
  assert.ok(closed);
});

test('readline async iteration', async () => {
  const input = new EventEmitter();
  const rl = readline.createInterface({ input });
  const it = rl[Symbol.asyncIterator]();
  input.emit('data', 'a\nb\n');
  input.emit('end');
  const got = [];
  for await (const line of { [Symbol.asyncIterator]: () => it }) got.push(line);
  assert.deepEqual(got, ['a', 'b']);
});

test('stream iteration and StringDecoder', async () => {
  const s = new EventEmitter();
  const it = iterateStream(s);
  s.emit('data', 'x');
  s.emit('data', 'y');
  s.emit('end');
  const got = [];
  for await (const c of { [Symbol.asyncIterator]: () => it }) got.push(c);
  assert.deepEqual(got, ['x', 'y']);
  const d = new StringDecoder('utf8');
  assert.equal(d.write(Buffer.from([0xe2, 0x82])) + d.write(Buffer.from([0xac])), '€');
});

test('stream: readable-stream over the runtime EventEmitter, Buffer and nextTick', async () => {
  const { stream, streamPromises, EventEmitter: Emitter, Buffer: RuntimeBuffer, hooks: runtimeHooks } = await import('../lib/node.js');
  const ticks = [];
  const saved = runtimeHooks.nextTick;
  runtimeHooks.nextTick = (fn, ...args) => { ticks.push(fn.name); queueMicrotask(() => fn(...args)); };
  try {
    const seen = [];
    const upper = new stream.Transform({ transform(c, e, cb) { cb(null, String(c).toUpperCase()); } });
    const sink = new stream.Writable({ write(c, e, cb) { seen.push(c); cb(); } });
    await streamPromises.pipeline(stream.Readable.from(['a', 'b']), upper, sink);
    assert.deepEqual(seen.map(String), ['A', 'B']);
    assert.ok(seen[0] instanceof RuntimeBuffer);
    assert.ok(sink instanceof Emitter);
    assert.ok(ticks.length > 0);
  } finally {
    runtimeHooks.nextTick = saved;
  }
});
