// Tests of the build's ES module transform (fabricks-core's ModuleTransform, run through its
// command line) together with the loader's `__fx` contract, run on the host:
//   node --test runtimes/node/test/
// A tiny in-memory module system evaluates the transformed code the way
// loader.js does (same `__fx` contract), so the tests check behaviour, not text.
// Needs fabricks-core compiled (./mvnw -pl fabricks-core compile).
import test from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const classes = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fabricks-core/target/classes');
if (!fs.existsSync(path.join(classes, 'dev/fabricks/core/js/ModuleTransform.class'))) {
  throw new Error(`${classes} has no ModuleTransform: run ./mvnw -pl fabricks-core compile first`);
}

// Transforms sources {name: text} in one run of the build's transform: {name: {code, esm, live}}.
function transformAll(sources) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'esm-test-'));
  const names = Object.keys(sources);
  const files = names.map((name, i) => {
    const file = path.join(dir, `${i}${path.extname(name) || '.js'}`);
    fs.writeFileSync(file, sources[name]);
    return file;
  });
  const out = execFileSync('java', ['-cp', classes, 'dev.fabricks.core.js.ModuleTransform', ...files], { encoding: 'utf8' });
  fs.rmSync(dir, { recursive: true });
  const results = out.trim().split('\n').map((line) => JSON.parse(line));
  return Object.fromEntries(names.map((name, i) => [name, results[i]]));
}

function transform(source) {
  const r = transformAll({ 'm.js': source })['m.js'];
  if (r.error) throw new SyntaxError(r.error);
  return r;
}

function system(files) {
  const transformed = transformAll(files);
  const cache = new Map();
  const load = (name) => {
    if (cache.has(name)) return cache.get(name);
    if (!(name in files)) throw new Error(`no module ${name}`);
    const record = { exports: {}, esm: false };
    cache.set(name, record);
    const { code, esm, live, error } = transformed[name];
    if (error) throw new SyntaxError(error);
    const lines = files[name].split('\n').length;
    assert.equal(code.split('\n').length, lines, `line count kept for ${name}`);
    const fx = {
      imp: (spec) => {
        const r = load(spec);
        if (r.esm) return r.exports;
        const ns = { ...r.exports, default: r.exports };
        return ns;
      },
      dyn: (spec) => Promise.resolve(fx.imp(spec)),
      exp: (getters) => { for (const k of Object.keys(getters)) Object.defineProperty(record.exports, k, { get: getters[k], enumerable: true }); },
      star: (ns) => { for (const k of Object.keys(ns)) if (k !== 'default' && !Object.hasOwn(record.exports, k)) Object.defineProperty(record.exports, k, { get: () => ns[k], enumerable: true }); },
      meta: { url: `file:///app/${name}` },
      bindings: Object.create(null),
      bind: (ns, names) => {
        for (let i = 0; i < names.length; i += 2) {
          const imported = names[i];
          Object.defineProperty(fx.bindings, names[i + 1], { get: () => ns[imported], enumerable: true });
        }
      },
    };
    record.esm = esm;
    const module = { exports: record.exports };
    // eslint-disable-next-line no-new-func
    if (live) {
      // As loader.js runs a module that imports names: a strict function inside `with (bindings)`.
      // eslint-disable-next-line no-new-func
      new Function('exports', 'require', 'module', '__fabricks_b', `with (__fabricks_b) return function (__fx) {${code}\n}`)(
        record.exports, load, module, fx.bindings).call(undefined, fx);
    } else {
      // eslint-disable-next-line no-new-func
      new Function('exports', 'require', 'module', '__fx', code).call(esm ? undefined : record.exports, record.exports, load, module, fx);
    }
    if (!esm) record.exports = module.exports;
    return record;
  };
  return load;
}

test('import forms', () => {
  const load = system({
    'lib.js': 'export const a = 1;\nexport let b = 2, c = 3;\nexport function f() { return "f"; }\nexport default "def";\n',
    'cjs.js': 'module.exports = { x: 10, y: 20 };',
    'main.js': [
      "import def, { a, b as bee, f } from 'lib.js';",
      "import * as ns from 'lib.js';",
      "import cjs, { x } from 'cjs.js';",
      "import 'cjs.js';",
      'export const result = [def, a, bee, f(), ns.c, ns.default, cjs.y, x];',
    ].join('\n'),
  });
  assert.deepEqual(load('main.js').exports.result, ['def', 1, 2, 'f', 3, 'def', 20, 10]);
});

test('export forms', () => {
  const load = system({
    'dep.js': 'export const d1 = "d1";\nexport const d2 = "d2";\nexport default "depdef";\n',
    'main.js': [
      'const a = 1, b = 2;',
      'export { a, b as c };',
      'export class K { hi() { return "k"; } }',
      'export async function af() {}',
      'export function* gen() { yield 1; }',
      "export * from 'dep.js';",
      "export { d1 as renamed, default as depDefault } from 'dep.js';",
      "export * as depNs from 'dep.js';",
      'export const { p, q: [r, ...rest] } = { p: "p", q: [1, 2, 3] };',
      'export var multi = { a: [1, 2] }, other = `t${a}`',
      'export default function () { return "anon"; }',
    ].join('\n'),
  });
  const m = load('main.js').exports;
  assert.equal(m.a, 1);
  assert.equal(m.c, 2);
  assert.equal(new m.K().hi(), 'k');
  assert.equal(typeof m.af, 'function');
  assert.deepEqual([...m.gen()], [1]);
  assert.equal(m.d1, 'd1');
  assert.equal(m.d2, 'd2');
  assert.equal(m.renamed, 'd1');
  assert.equal(m.depDefault, 'depdef');
  assert.equal(m.depNs.d2, 'd2');
  assert.equal(m.p, 'p');
  assert.equal(m.r, 1);
  assert.deepEqual(m.rest, [2, 3]);
  assert.deepEqual(m.multi, { a: [1, 2] });
  assert.equal(m.other, 't1');
  assert.equal(m.default(), 'anon');
  assert.ok(!('default' in load('dep.js').exports) || load('dep.js').exports.default === 'depdef');
  assert.ok(!Object.keys(m).includes('default') || m.default !== 'depdef', 'export * does not re-export default');
});

test('export default forms', () => {
  const cases = {
    'export default class Named {}': (d) => d.name === 'Named',
    'export default class extends Array {}': (d) => new d() instanceof Array,
    'export default async function named() {}': (d) => d.name === 'named',
    'export default 40 + 2': (d) => d === 42,
    'export default {\n  a: 1\n}\nexport const after = 1': (d) => d.a === 1,
    'export default (x) => x * 2': (d) => d(2) === 4,
  };
  for (const [src, ok] of Object.entries(cases)) {
    const load = system({ 'm.js': src });
    assert.ok(ok(load('m.js').exports.default), src);
  }
});

test('exports are live on the exporter side', () => {
  const load = system({
    'counter.js': 'export let count = 0;\nexport function inc() { count++; }',
    'main.js': "import * as c from 'counter.js';\nc.inc(); c.inc();\nexport const seen = c.count;",
  });
  assert.equal(load('main.js').exports.seen, 2);
});

test('hoisting: imports run before the body, function exports work in cycles', () => {
  const load = system({
    'a.js': "export function fa() { return 'a'; }\nimport { fb } from 'b.js';\nexport const both = fa() + fb();",
    'b.js': "import { fa } from 'a.js';\nexport function fb() { return 'b'; }\nexport const early = fa();",
  });
  assert.equal(load('a.js').exports.both, 'ab');
  assert.equal(load('b.js').exports.early, 'a');
});

test('imported bindings are live: reassignment, cycles read lazily, shadowing, no assignment', () => {
  const load = system({
    'counter.js': 'export let count = 0;\nexport function inc() { count++; }',
    'main.js': [
      "import { count, inc } from 'counter.js';",
      'const before = count; inc(); inc();',
      'export const seen = [before, count];',
      'export const shadowed = ((count) => count)(41) + 1;',
      'export const block = (() => { let inc = 5; return inc; })();',
      "let threw = 'no'; try { count = 9; } catch (e) { threw = e.constructor.name; }",
      'export { threw };',
    ].join('\n'),
    // A cycle as in zod 4: each module reads the other's const only when a function runs.
    'core.js': "import { merge } from 'util.js';\nexport const config = { a: 1 };\nexport function make() { return merge(config); }",
    'util.js': "import { config } from 'core.js';\nexport function merge(x) { return { ...config, ...x, b: 2 }; }\nexport const early = typeof merge;",
    'tdz.js': "import { late } from 'tdz2.js';\nexport const a = 1;",
    'tdz2.js': "import { a } from 'tdz.js';\nexport const late = a;",
  });
  const main = load('main.js').exports;
  assert.deepEqual(main.seen, [0, 2]);
  assert.equal(main.shadowed, 42);
  assert.equal(main.block, 5);
  assert.equal(main.threw, 'TypeError');
  assert.deepEqual(load('core.js').exports.make(), { a: 1, b: 2 });
  assert.throws(() => load('tdz.js'), ReferenceError, 'reading a binding before its module set it: TDZ, as in Node');
});

test('import.meta, dynamic import, strict mode, this', async () => {
  const load = system({
    'dep.js': 'export const v = 7;',
    'main.js': [
      'export const url = import.meta.url;',
      "export const p = import('dep.js');",
      'export const self = this;',
      'export const strict = (function () { return this === undefined; })();',
    ].join('\n'),
  });
  const m = load('main.js').exports;
  assert.equal(m.url, 'file:///app/main.js');
  assert.equal((await m.p).v, 7);
  assert.equal(m.self, undefined);
  assert.equal(m.strict, true);
});

test('CommonJS stays CommonJS (import() and import.meta rewritten only)', () => {
  const src = "const x = require('y');\nmodule.exports = () => import('z');\nconst s = 'import x from \"q\"';";
  const { code, esm } = transform(src);
  assert.equal(esm, false);
  assert.ok(code.includes("__fx.dyn('z')"));
  assert.ok(code.includes('\'import x from "q"\''));
  assert.equal(transform('module.exports = 1;').code, 'module.exports = 1;');
});

test('tokenizer: strings, templates, regexes and comments hide keywords', () => {
  const src = [
    '// import a from "a"',
    '/* export const b = 1 */',
    'const s = "export default 1";',
    'const t = `x ${ `import y from "y"` } export { z }`;',
    'const r = /export {a}/g, d = 4 / 2 / 1;',
    'const o = { import: 1, export: 2 }; o.import; o.export;',
    'class C { import() { return 1; } }',
    'export const ok = [s, t, r.source, d, o.import, new C().import()];',
  ].join('\n');
  const load = system({ 'm.js': src });
  const ok = load('m.js').exports.ok;
  assert.deepEqual(ok, ['export default 1', 'x import y from "y" export { z }', 'export {a}', 2, 1, 1]);
});

test('import attributes and side-effect imports', () => {
  const load = system({
    'data.json': 'module.exports = { n: 5 };',
    'main.js': "import data from 'data.json' with { type: 'json' };\nimport 'data.json'\nexport const n = data.n;",
  });
  assert.equal(load('main.js').exports.n, 5);
});

test('line numbers are kept', () => {
  const src = "import {\n  a,\n  b,\n} from 'x.js';\nexport {\n  a,\n};\nthrow new Error('line 8');";
  const { code } = transform(src);
  assert.equal(code.split('\n').length, 8);
  assert.ok(code.split('\n')[7].startsWith("throw new Error('line 8')"));
});

test('syntax errors in declarations are reported with a line', () => {
  assert.throws(() => transform('\n\nimport { a } "x";'), /line 3/);
});
