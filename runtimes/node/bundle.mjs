// Bundles the npm libraries the runtime uses into ES modules that componentize-js can take
// (it follows relative imports only): target/bundle/buffer.js, the `buffer` package's Buffer, sha.js and pako;
// target/bundle/stream.js, readable-stream, string_decoder and md5.js;
// target/bundle/normalize.js, unorm's String.prototype.normalize;
// target/bundle/intl.js, FormatJS's Intl polyfills with English locale data;
// target/bundle/regexp.js, regexpu-core's rewritePattern,
// which turns Unicode property escapes (\p{L}, \P{Script=Greek}) and the `v` flag into
// patterns this engine (built without ICU) runs. regexpu-core loads each property's code point
// set with a computed require(); here every set regenerate-unicode-properties ships is listed
// statically instead, so that the bundle holds them all.
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, 'target', 'bundle');
const propertiesRoot = path.join(here, 'node_modules', 'regenerate-unicode-properties');

function propertyTable() {
  const entries = [];
  for (const kind of fs.readdirSync(propertiesRoot, { withFileTypes: true })) {
    if (!kind.isDirectory()) continue;
    const walk = (dir, prefix) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const rel = `${prefix}/${entry.name}`;
        if (entry.isDirectory()) walk(path.join(dir, entry.name), rel);
        else if (entry.name.endsWith('.js')) {
          entries.push(`${JSON.stringify(rel.slice(1, -3))}: () => require(${JSON.stringify(`regenerate-unicode-properties${rel}`)})`);
        }
      }
    };
    walk(path.join(propertiesRoot, kind.name), `/${kind.name}`);
  }
  return `module.exports = {\n${entries.sort().join(',\n')}\n};\n`;
}

const computedRequire = 'require(`regenerate-unicode-properties/${ path }.js`)';
const staticProperties = {
  name: 'static-unicode-properties',
  setup(build) {
    build.onResolve({ filter: /^fabricks:unicode-properties$/ }, () => ({ path: 'unicode-properties', namespace: 'fabricks' }));
    build.onLoad({ filter: /.*/, namespace: 'fabricks' }, () => ({ contents: propertyTable(), loader: 'js', resolveDir: here }));
    build.onLoad({ filter: /regexpu-core[\\/]rewrite-pattern\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      if (!source.includes(computedRequire)) throw new Error(`${args.path}: the computed require to replace is gone`);
      return { contents: source.replace(computedRequire, "require('fabricks:unicode-properties')[path]()"), loader: 'js' };
    });
  },
};

const common = { bundle: true, format: 'esm', platform: 'neutral', mainFields: ['browser', 'main'], target: 'es2022', minify: true,
  legalComments: 'inline', logLevel: 'warning' };

// Buffer: the `buffer` package (Node's Buffer API over Uint8Array, as browserify ships it), and
// in the same bundle, so that all use that one Buffer, sha.js (the SHA-1/SHA-2 hashes behind
// crypto.createHash) and pako (zlib's deflate and inflate, behind zlib).
await esbuild.build({
  ...common,
  stdin: {
    contents: "export { Buffer, kMaxLength } from 'buffer';\nexport { default as shajs } from 'sha.js';\nexport * as pako from 'pako';",
    resolveDir: here,
    loader: 'js',
  },
  alias: { buffer: path.join(here, 'node_modules', 'buffer') },
  outfile: path.join(out, 'buffer.js'),
});

// Streams: readable-stream (Node's own lib/stream.js and lib/internal/streams, as the Node project
// publishes them for other engines), string_decoder (Node's, likewise) and md5.js (crypto-browserify's
// MD5, a Transform over hash-base). What they would take from Node itself (events, buffer, process,
// abort-controller) is not bundled: each becomes a property of `deps`, which lib/node.js fills with
// the runtime's own EventEmitter, Buffer and nextTick before it calls `load()`, so that there is
// one EventEmitter and one Buffer. `load()` runs the libraries' code, which the bundle keeps lazy.
const runtimeModules = {
  name: 'runtime-modules',
  setup(build) {
    build.onResolve({ filter: /^fabricks:deps$/ }, () => ({ path: 'deps', namespace: 'fabricks-deps' }));
    build.onResolve({ filter: /^(events|buffer|process|abort-controller)\/?$/ }, (args) => ({ path: args.path.replace(/\/$/, ''), namespace: 'fabricks-deps' }));
    // Node's errors carry `code` as their own property (JSON.stringify and util.inspect show it);
    // readable-stream's have it on the prototype.
    build.onLoad({ filter: /readable-stream[\\/]lib[\\/]ours[\\/]errors\.js$/ }, async (args) => {
      const source = await fs.promises.readFile(args.path, 'utf8');
      const constructor = 'super(getMessage(code, message, args))';
      if (!source.includes(constructor)) throw new Error(`${args.path}: the NodeError constructor to patch is gone`);
      return { contents: source.replace(constructor, `${constructor}\n      this.code = code`), loader: 'js' };
    });
    build.onLoad({ filter: /.*/, namespace: 'fabricks-deps' }, (args) => ({
      contents: args.path === 'deps' ? 'module.exports = {};' : `module.exports = require('fabricks:deps')[${JSON.stringify(args.path)}];`,
      loader: 'js',
      resolveDir: here,
    }));
  },
};
await esbuild.build({
  ...common,
  stdin: {
    contents: `export const deps = require('fabricks:deps');
export const load = () => ({
  stream: require('readable-stream'),
  StringDecoder: require('string_decoder').StringDecoder,
  MD5: require('md5.js'),
});`,
    resolveDir: here,
    loader: 'js',
  },
  // readable-stream's lib/stream.js is Node's `stream` (the package's main is its Readable); hash-base,
  // which asks for readable-stream 2, gets that one too.
  alias: { 'readable-stream': path.join(here, 'node_modules', 'readable-stream', 'lib', 'stream.js') },
  plugins: [runtimeModules],
  outfile: path.join(out, 'stream.js'),
});

// String.prototype.normalize, which the engine lacks without ICU: unorm defines it when missing.
await esbuild.build({
  ...common,
  stdin: { contents: "import 'unorm';", resolveDir: here, loader: 'js' },
  outfile: path.join(out, 'normalize.js'),
});

await esbuild.build({
  ...common,
  stdin: { contents: "export { default as rewritePattern } from 'regexpu-core';", resolveDir: here, loader: 'js' },
  outfile: path.join(out, 'regexp.js'),
  plugins: [staticProperties],
});

// Intl, which the engine lacks without ICU: FormatJS's polyfills (getCanonicalLocales, Locale,
// PluralRules, NumberFormat, DateTimeFormat, ListFormat, RelativeTimeFormat, Segmenter), which
// install themselves on an existing Intl object (the banner makes one), with English data.
// English as spoken in the US (node's default) and Britain (others fall back to it). Times get a
// plain space before AM/PM, as node prints them (V8 replaced CLDR's U+202F in its ICU data).
const intlParts = [['intl-getcanonicallocales'], ['intl-locale'], ['intl-pluralrules', ['en']],
  ['intl-numberformat', ['en', 'en-GB']], ['intl-datetimeformat', ['en', 'en-GB']],
  ['intl-listformat', ['en', 'en-GB']], ['intl-relativetimeformat', ['en', 'en-GB']], ['intl-segmenter']];
const plainSpaceTimes = {
  name: 'plain-space-times',
  setup(build) {
    build.onLoad({ filter: /intl-datetimeformat[\\/]locale-data[\\/].*\.js$/ }, async (args) => ({
      contents: (await fs.promises.readFile(args.path, 'utf8')).replace(/\u202f|\\u202f/gi, ' '),
      loader: 'js',
    }));
  },
};
await esbuild.build({
  ...common,
  banner: { js: 'if (typeof globalThis.Intl === "undefined") globalThis.Intl = {};' },
  stdin: {
    contents: intlParts.map(([name, locales = []]) => `import '@formatjs/${name}/polyfill-force.js';\n`
      + locales.map((l) => `import '@formatjs/${name}/locale-data/${l}.js';\n`).join('')).join(''),
    resolveDir: here,
    loader: 'js',
  },
  plugins: [plainSpaceTimes],
  outfile: path.join(out, 'intl.js'),
});
