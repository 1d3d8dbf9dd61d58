// A server written against the official SDK as its README shows: McpServer, StdioServerTransport,
// zod schemas. runtimes/test/npm_servers.mjs runs it under node and under the JavaScript runtime.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'sdk-server', version: '1.0.0' });

server.registerTool('add', {
  title: 'Add',
  description: 'Adds two numbers',
  inputSchema: { a: z.number(), b: z.number() },
}, async ({ a, b }) => ({ content: [{ type: 'text', text: String(a + b) }] }));

server.registerTool('words', {
  description: 'Splits text into words (letters and digits of any script)',
  inputSchema: { text: z.string().min(1) },
}, async ({ text }) => ({
  content: [{ type: 'text', text: JSON.stringify(text.match(/[\p{L}\p{N}]+/gu)) }],
}));

server.registerTool('hash', {
  description: 'Digests of the text',
  inputSchema: { text: z.string() },
}, async ({ text }) => {
  const { createHash } = await import('node:crypto');
  return { content: [{ type: 'text', text: createHash('sha256').update(text).digest('hex') }] };
});

server.registerResource('greeting', 'greeting://hello', { mimeType: 'text/plain' },
  async (uri) => ({ contents: [{ uri: uri.href, text: 'Hello from the SDK' }] }));

server.connect(new StdioServerTransport());
