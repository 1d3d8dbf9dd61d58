// An MCP server over Streamable HTTP (protocol revision 2025-06-18) with Node's http module,
// stateless: every POST to /mcp stands alone (no Mcp-Session-Id, which the transport makes
// optional), so any instance can answer any request. A request gets its reply as
// application/json, a notification or response 202 Accepted. GET and DELETE /mcp: 405 (no event
// stream, no session). GET /health is an ordinary route. A request whose Origin is not a local
// page gets 403.
//
//   node src/server.js [PORT]                      (plain Node, default 8081)
//   fabricks-host serve target/fabricks/oci        (the port fabricks.toml declares)
import http from 'node:http';
import pkg from '../package.json' with { type: 'json' };
import { callTool, describeTools } from '../../node-mcp-server/src/tools.js';

const PROTOCOL_VERSION = '2025-06-18';
const SUPPORTED_VERSIONS = [PROTOCOL_VERSION, '2025-03-26'];
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

const methods = {
  initialize: ({ protocolVersion }) => ({
    protocolVersion: SUPPORTED_VERSIONS.includes(protocolVersion) ? protocolVersion : PROTOCOL_VERSION,
    capabilities: { tools: { listChanged: false } },
    serverInfo: { name: pkg.name, title: 'Fabricks MCP example over HTTP', version: pkg.version },
    instructions: 'Tools: lookup_element (reads a data file), statistics, divide.',
  }),
  ping: () => ({}),
  'tools/list': () => ({ tools: describeTools() }),
  'tools/call': ({ name, arguments: args = {} }) => callTool(name, args),
};

async function rpc(message) {
  if (message === null || typeof message !== 'object' || message.jsonrpc !== '2.0' || typeof message.method !== 'string') {
    return { jsonrpc: '2.0', id: message?.id ?? null, error: { code: -32600, message: 'Invalid Request' } };
  }
  if (!('id' in message)) return null;
  const method = methods[message.method];
  if (!method) return { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: `Method not found: ${message.method}` } };
  try {
    return { jsonrpc: '2.0', id: message.id, result: await method(message.params ?? {}) };
  } catch (e) {
    return { jsonrpc: '2.0', id: message.id, error: { code: e.code ?? -32603, message: e.message } };
  }
}

function send(res, status, body, headers = {}) {
  const data = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    'Content-Length': Buffer.byteLength(data), ...headers });
  res.end(data);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(Buffer.from(c)));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function mcp(req, res) {
  if (req.method !== 'POST') {
    return send(res, 405, { error: `${req.method} /mcp is not served: a stateless server has no stream and no session` },
      { Allow: 'POST' });
  }
  const version = req.headers['mcp-protocol-version'];
  if (version !== undefined && !SUPPORTED_VERSIONS.includes(version)) {
    return send(res, 400, { error: `unsupported MCP-Protocol-Version ${version}` });
  }
  let message;
  try {
    message = JSON.parse(await readBody(req));
  } catch (e) {
    return send(res, 400, { jsonrpc: '2.0', id: null, error: { code: -32700, message: `Parse error: ${e.message}` } });
  }
  const reply = await rpc(message);
  if (reply === null) return send(res, 202);
  return send(res, 200, reply);
}

export const server = http.createServer((req, res) => {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    let host = null;
    try { host = new URL(origin).hostname; } catch {}
    if (!LOCAL_HOSTS.has(host)) return send(res, 403, { error: `Origin ${origin} is not allowed` });
  }
  const path = req.url.split('?')[0];
  if (path === '/mcp') {
    mcp(req, res).catch((e) => send(res, 500, { error: e.message }));
  } else if (path === '/health' && (req.method === 'GET' || req.method === 'HEAD')) {
    send(res, 200, { status: 'ok' });
  } else {
    send(res, 404, { error: `no route for ${path}` });
  }
});

const port = Number(process.argv[2] ?? 8081);
server.listen(port, '127.0.0.1', () => console.error(`serving http://127.0.0.1:${port}/mcp`));
