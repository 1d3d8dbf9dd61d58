// An MCP server over stdio: newline-delimited JSON-RPC 2.0 on stdin/stdout.
// stdout carries protocol messages only; logs go to stderr (console.error).
//
//   node src/server.js            (plain Node)
//   python3 ../../scripts/run-component.py target/fabricks/node-mcp-server.wasm
import readline from 'node:readline';
import { createServer } from 'tiny-jsonrpc';
import pkg from '../package.json' with { type: 'json' };
import { callTool, describeTools } from './tools.js';

const PROTOCOL_VERSION = '2025-06-18';
const SUPPORTED_VERSIONS = [PROTOCOL_VERSION, '2025-03-26', '2024-11-05'];

let clientReady = false;
const log = (message) => console.error(`[${pkg.name}] ${message}`);

const server = createServer({
  send: (message) => process.stdout.write(JSON.stringify(message) + '\n'),
  log,
  methods: {
    initialize({ protocolVersion, clientInfo }) {
      log(`client ${clientInfo?.name ?? '?'} ${clientInfo?.version ?? ''} asks for protocol ${protocolVersion}`);
      return {
        protocolVersion: SUPPORTED_VERSIONS.includes(protocolVersion) ? protocolVersion : PROTOCOL_VERSION,
        capabilities: { tools: { listChanged: false } },
        serverInfo: { name: pkg.name, title: 'Fabricks MCP example', version: pkg.version },
        instructions: 'Tools: lookup_element (reads a data file), statistics, divide.',
      };
    },
    ping: () => ({}),
    'tools/list': () => ({ tools: describeTools() }),
    'tools/call': ({ name, arguments: args = {} }) => callTool(name, args),
  },
  notifications: {
    'notifications/initialized': () => { clientReady = true; log('client initialized'); },
    'notifications/cancelled': ({ requestId }) => log(`client cancelled request ${requestId}`),
  },
});

const rl = readline.createInterface({ input: process.stdin, terminal: false });
rl.on('line', (line) => {
  if (line.trim()) return server.handle(line);
});
rl.on('close', () => {
  log(`stdin closed${clientReady ? '' : ' before initialization'}; exiting`);
});
log(`ready (pid ${process.pid}, ${process.platform})`);
