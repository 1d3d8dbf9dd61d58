#!/usr/bin/env node
// Real MCP servers from the npm registry under `node` and under the JavaScript runtime
// (`fabricks-host run`), driven by the official SDK's Client over StdioClientTransport; every
// reply must be equal. Installs the packages pinned by package-lock.json (npm ci, when the lock
// changed) and builds the apps in the folders next to this file with Maven first.
//
//   node runtimes/test/npm/conversations.mjs [server ...]
//
// Prints one line per step and `N passed, M failed`; a server the runtime cannot run yet fails
// as such (its first failing step says why), it is not skipped.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');

function install() {
  const stamp = path.join(here, 'node_modules', '.package-lock.json');
  const lock = path.join(here, 'package-lock.json');
  if (!fs.existsSync(stamp) || fs.statSync(lock).mtimeMs > fs.statSync(stamp).mtimeMs) {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: here, stdio: 'inherit' });
  }
}

function host() {
  if (process.env.FABRICKS_HOST) return process.env.FABRICKS_HOST;
  const out = execFileSync(path.join(repo, 'fabricks-host', 'build'), { stdio: ['ignore', 'pipe', 'ignore'] });
  return out.toString().trim().split('\n').pop();
}

// Dates and times that differ between two runs, whatever runs them.
const TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})\b|\b\d{1,2}:\d{2}:\d{2}( [AP]M)?\b|\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun) \w{3} \d{2} \d{4} [\d:]{8} GMT[+-]\d{4}( \([^)]*\))?/g;

// Base64 blobs that hold text are compared as text, so that times inside them are normalized too.
function textBlobs(value) {
  if (Array.isArray(value)) return value.map(textBlobs);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => {
    if (k === 'blob' && typeof v === 'string') {
      const text = Buffer.from(v, 'base64').toString('utf8');
      if (!text.includes('\ufffd') && /^[\P{Cc}\n\t\r]*$/u.test(text)) return [k, `base64 of ${JSON.stringify(text)}`];
    }
    return [k, textBlobs(v)];
  }));
}

function normalize(value, replacements) {
  let text = JSON.stringify(textBlobs(value));
  for (const [from, to] of replacements) text = text.split(from).join(to);
  return text.replace(TIME, '<time>');
}

const DATA_URI = `data:text/plain;base64,${Buffer.from('hello from a data URI\n'.repeat(20)).toString('base64')}`;
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

const SERVERS = {
  sdk: {
    entry: 'sdk-server/server.mjs',
    calls: [
      ['add', { a: 2, b: 40 }],
      ['words', { text: 'Grüße, 世界! ok-42 Ünïcödé' }],
      ['hash', { text: 'fabricks' }],
      ['add', { a: 'not a number', b: 1 }],
    ],
    resources: true,
  },
  everything: {
    entry: 'node_modules/@modelcontextprotocol/server-everything/dist/index.js',
    calls: [
      ['echo', { message: 'hello, world' }],
      ['get-sum', { a: 1.5, b: 2 }],
      ['get-annotated-message', { messageType: 'error' }],
      ['get-annotated-message', { messageType: 'success', includeImage: true }],
      ['get-resource-links', { count: 2 }],
      ['get-resource-reference', { resourceType: 'Text', resourceId: 2 }],
      ['get-resource-reference', { resourceType: 'Blob', resourceId: 3 }],
      ['get-structured-content', { location: 'Chicago' }],
      ['get-tiny-image', {}],
      ['gzip-file-as-resource', { name: 'hello.txt.gz', data: DATA_URI }],
      ['trigger-long-running-operation', { duration: 1, steps: 2 }],
      ['toggle-simulated-logging', {}],
      ['toggle-subscriber-updates', {}],
    ],
    // get-env shows the environment, which differs by design: nothing is granted to the Wasm run.
    checkEnv: 'get-env',
    resources: true,
    prompts: true,
  },
  memory: {
    entry: 'node_modules/@modelcontextprotocol/server-memory/dist/index.js',
    env: (dir) => ({ MEMORY_FILE_PATH: `${dir}/memory.jsonl` }),
    calls: [
      ['create_entities', { entities: [{ name: 'Ada', entityType: 'person', observations: ['wrote the first program'] },
        { name: 'Engine', entityType: 'machine', observations: ['analytical'] }] }],
      ['create_relations', { relations: [{ from: 'Ada', to: 'Engine', relationType: 'programmed' }] }],
      ['add_observations', { observations: [{ entityName: 'Ada', contents: ['born 1815', 'mathematician'] }] }],
      ['search_nodes', { query: 'math' }],
      ['open_nodes', { names: ['Engine'] }],
      ['delete_observations', { deletions: [{ entityName: 'Ada', observations: ['born 1815'] }] }],
      ['read_graph', {}],
      ['delete_relations', { relations: [{ from: 'Ada', to: 'Engine', relationType: 'programmed' }] }],
      ['delete_entities', { entityNames: ['Engine'] }],
      ['read_graph', {}],
    ],
    // The graph after the calls: Ada, without the deleted observation, and no Engine nor relation.
    files: [['memory.jsonl', `${JSON.stringify({ type: 'entity', name: 'Ada', entityType: 'person', observations: ['wrote the first program', 'mathematician'] })}`]],
  },
  'sequential-thinking': {
    entry: 'node_modules/@modelcontextprotocol/server-sequential-thinking/dist/index.js',
    calls: [
      ['sequentialthinking', { thought: 'First, list the facts.', nextThoughtNeeded: true, thoughtNumber: 1, totalThoughts: 3 }],
      ['sequentialthinking', { thought: 'Revise: one fact was wrong.', nextThoughtNeeded: true, thoughtNumber: 2, totalThoughts: 3, isRevision: true, revisesThought: 1 }],
      ['sequentialthinking', { thought: 'Branch out.', nextThoughtNeeded: false, thoughtNumber: 3, totalThoughts: 3, branchFromThought: 2, branchId: 'b1' }],
      ['sequentialthinking', { thought: 'bad', nextThoughtNeeded: true, thoughtNumber: 0, totalThoughts: 1 }],
    ],
  },
  filesystem: {
    entry: 'node_modules/@modelcontextprotocol/server-filesystem/dist/index.js',
    args: (dir) => [dir],
    prepare: (dir) => {
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'one\ntwo\nthree\nfour\n');
      fs.mkdirSync(path.join(dir, 'sub'));
      fs.writeFileSync(path.join(dir, 'sub', 'deep.md'), '# deep\n');
      fs.writeFileSync(path.join(dir, 'pixel.png'), PNG);
    },
    calls: (dir) => [
      ['list_allowed_directories', {}],
      ['read_text_file', { path: `${dir}/notes.txt` }],
      ['read_text_file', { path: `${dir}/notes.txt`, head: 2 }],
      ['read_text_file', { path: `${dir}/notes.txt`, tail: 1 }],
      ['read_media_file', { path: `${dir}/pixel.png` }],
      ['write_file', { path: `${dir}/new.txt`, content: 'written\nby the server\n' }],
      ['edit_file', { path: `${dir}/new.txt`, edits: [{ oldText: 'written', newText: 'edited' }] }],
      ['read_multiple_files', { paths: [`${dir}/new.txt`, `${dir}/sub/deep.md`, `${dir}/missing.txt`] }],
      ['create_directory', { path: `${dir}/made/deeper` }],
      ['move_file', { source: `${dir}/new.txt`, destination: `${dir}/made/moved.txt` }],
      ['list_directory', { path: dir }],
      ['list_directory_with_sizes', { path: dir, sortBy: 'size' }],
      ['directory_tree', { path: dir }],
      ['search_files', { path: dir, pattern: '**/*.md' }],
      ['get_file_info', { path: `${dir}/notes.txt` }],
      ['read_text_file', { path: '/etc/passwd' }],
    ],
    // write_file, then edit_file, then move_file: the edited text at the new place, nothing at the old.
    files: [['notes.txt', 'one\ntwo\nthree\nfour\n'], ['made/moved.txt', 'edited\nby the server\n'], ['new.txt', null]],
  },
};

let passed = 0;
let failed = 0;
const check = (ok, label, detail = '') => {
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${ok || !detail ? '' : `\n       ${detail}`}`);
  return ok;
};

async function converse(Client, StdioClientTransport, server, command, args, env, dir) {
  const client = new Client({ name: 'fabricks-test', version: '1.0.0' });
  const transport = new StdioClientTransport({ command, args, env, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (d) => { stderr += d; });
  const replies = [];
  const record = (label, value) => replies.push([label, value]);
  const step = async (label, fn) => {
    try {
      record(label, await fn());
    } catch (e) {
      record(label, { error: `${e.constructor.name}: ${e.message}` });
    }
  };
  const started = Date.now();
  try {
    await client.connect(transport, { timeout: 60000 });
  } catch (e) {
    return { failedToStart: `${e.message}\n       stderr: ${stderr.slice(-1500)}`, replies, stderr };
  }
  record('initialize: server', client.getServerVersion());
  record('initialize: capabilities', client.getServerCapabilities());
  const startupMs = Date.now() - started;
  await step('tools/list', () => client.listTools());
  const calls = typeof server.calls === 'function' ? server.calls(dir) : server.calls;
  for (const [name, args] of calls) {
    await step(`tools/call ${name} ${JSON.stringify(args).slice(0, 60)}`, () => client.callTool({ name, arguments: args }, undefined, { timeout: 60000 }));
  }
  if (server.checkEnv) await step(`tools/call ${server.checkEnv}`, () => client.callTool({ name: server.checkEnv, arguments: {} }));
  if (server.resources) {
    await step('resources/list', () => client.listResources());
    await step('resources/read', async () => {
      const list = await client.listResources();
      return list.resources[0] ? client.readResource({ uri: list.resources[0].uri }) : null;
    });
  }
  if (server.prompts) await step('prompts/list', () => client.listPrompts());
  await client.close();
  return { replies, startupMs, stderr };
}

// stdin closed: the server must end by itself with status 0 (no signal).
function exitsWhenStdinCloses(command, args, env) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'ignore', 'ignore'] });
    const timer = setTimeout(() => { child.kill('SIGKILL'); resolve('still running after 30 s'); }, 30000);
    child.on('exit', (code, signal) => { clearTimeout(timer); resolve(signal ? `killed by ${signal}` : code); });
    child.stdin.end(`${JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } })}\n`);
  });
}

async function main() {
  install();
  const { Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StdioClientTransport } = await import('@modelcontextprotocol/sdk/client/stdio.js');
  const exe = host();
  const wanted = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(SERVERS);
  for (const name of wanted) {
    const server = SERVERS[name];
    const app = path.join(here, name);
    console.log(`--- ${name}`);
    execFileSync(path.join(repo, 'mvnw'), ['-B', '-q', '-f', path.join(app, 'pom.xml'), 'package'], { stdio: 'inherit' });
    const nativeDir = fs.mkdtempSync(path.join(os.tmpdir(), `npm-${name}-native-`));
    const wasmDir = fs.mkdtempSync(path.join(os.tmpdir(), `npm-${name}-wasm-`));
    server.prepare?.(nativeDir);
    server.prepare?.(wasmDir);
    const baseEnv = { PATH: process.env.PATH, HOME: process.env.HOME };
    const nativeEnv = { ...baseEnv, ...(server.env?.(nativeDir) ?? {}) };
    const wasmEnv = { ...baseEnv, ...(server.env?.('/data') ?? {}) };
    const nativeArgs = [path.join(here, server.entry), ...(server.args?.(nativeDir) ?? [])];
    const mount = server.prepare || server.env ? ['--mount', `/data=${wasmDir}`] : [];
    const wasmArgs = ['run', path.join(app, 'target', 'fabricks', 'oci'), ...mount, '--', ...(server.args?.('/data') ?? [])];

    const native = await converse(Client, StdioClientTransport, server, process.execPath, nativeArgs, nativeEnv, nativeDir);
    const wasm = await converse(Client, StdioClientTransport, server, exe, wasmArgs, wasmEnv, '/data');
    if (native.failedToStart) { check(false, `${name}: starts under node`, native.failedToStart); continue; }
    if (!check(!wasm.failedToStart, `${name}: answers initialize under fabricks-host`, wasm.failedToStart)) continue;
    const replacements = [[nativeDir, '/data'], [fs.realpathSync(nativeDir), '/data']];
    for (let i = 0; i < native.replies.length; i++) {
      const [label, want] = native.replies[i];
      const got = wasm.replies[i]?.[1];
      if (server.checkEnv && label === `tools/call ${server.checkEnv}`) {
        const text = JSON.stringify(got);
        check(!text.includes(process.env.HOME ?? '\0') && !text.includes('PATH'), `${name}: ${label} shows no host environment`, text.slice(0, 300));
        continue;
      }
      const a = normalize(want, replacements);
      const b = normalize(got, []);
      check(a === b, `${name}: ${label}`, `node: ${a.slice(0, 400)}\n       wasm: ${b.slice(0, 400)}`);
    }
    // Files the server wrote into the read-write mount, on the host side: what node wrote, and what
    // the calls must have left there (null: no such file).
    for (const [file, expected] of server.files ?? []) {
      const read = (dir) => (fs.existsSync(path.join(dir, file)) ? fs.readFileSync(path.join(dir, file), 'utf8') : null);
      const a = read(nativeDir)?.split(nativeDir).join('/data').replace(TIME, '<time>') ?? null;
      const b = read(wasmDir)?.replace(TIME, '<time>') ?? null;
      const show = (text) => (text === null ? '(missing)' : JSON.stringify(text.slice(0, 200)));
      check(a === b && b === expected, `${name}: ${file} in the read-write mount ${expected === null ? 'is gone' : 'holds what the calls wrote'}`,
        `expected: ${show(expected)}\n       node: ${show(a)}\n       wasm: ${show(b)}`);
    }
    const status = await exitsWhenStdinCloses(exe, wasmArgs, wasmEnv);
    check(status === 0, `${name}: stdin closed → exit 0 under fabricks-host`, `got ${status}`);
    console.log(`       time to initialize: node ${native.startupMs} ms, fabricks-host ${wasm.startupMs} ms`);
    fs.rmSync(nativeDir, { recursive: true, force: true });
    fs.rmSync(wasmDir, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

await main();
