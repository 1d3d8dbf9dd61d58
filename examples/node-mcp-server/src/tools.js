// The server's tools: each has a JSON Schema for its input and a handler that
// returns an MCP CallToolResult.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ErrorCodes, JsonRpcError } from 'tiny-jsonrpc';

// The data folder, found from this module's own location as in any ES module.
const here = path.dirname(fileURLToPath(import.meta.url));
const dataDir = path.join(here, '..', 'data');

let elements = null; // read on first use
function loadElements() {
  elements ??= JSON.parse(fs.readFileSync(path.join(dataDir, 'elements.json'), 'utf8'));
  return elements;
}

const text = (value) => ({ type: 'text', text: typeof value === 'string' ? value : JSON.stringify(value) });

export const tools = [
  {
    name: 'lookup_element',
    title: 'Chemical element lookup',
    description: 'Looks a chemical element up by symbol or name in the data/elements.json table shipped with the server.',
    inputSchema: {
      type: 'object',
      properties: { query: { type: 'string', description: 'Symbol (Fe) or name (iron), any case' } },
      required: ['query'],
      additionalProperties: false,
    },
    handler({ query }) {
      const q = query.trim().toLowerCase();
      const found = loadElements().find((e) => e.symbol.toLowerCase() === q || e.name.toLowerCase() === q);
      if (!found) {
        return { content: [text(`No element '${query}' in the table (it knows ${loadElements().length}).`)], isError: true };
      }
      return {
        content: [text(`${found.name} (${found.symbol}): atomic number ${found.number}, mass ${found.mass}, ${found.category}`)],
        structuredContent: found,
      };
    },
  },
  {
    name: 'statistics',
    title: 'Descriptive statistics',
    description: 'Count, sum, mean, median, population standard deviation, min and max of a list of numbers.',
    inputSchema: {
      type: 'object',
      properties: { numbers: { type: 'array', items: { type: 'number' }, minItems: 1 } },
      required: ['numbers'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: Object.fromEntries(['count', 'sum', 'mean', 'median', 'stddev', 'min', 'max'].map((k) => [k, { type: 'number' }])),
      required: ['count', 'sum', 'mean', 'median', 'stddev', 'min', 'max'],
    },
    async handler({ numbers }) {
      const sorted = [...numbers].sort((a, b) => a - b);
      const count = sorted.length;
      const sum = sorted.reduce((a, b) => a + b, 0);
      const mean = sum / count;
      const median = count % 2 ? sorted[(count - 1) / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
      const stddev = Math.sqrt(sorted.reduce((acc, x) => acc + (x - mean) ** 2, 0) / count);
      const result = { count, sum, mean, median, stddev, min: sorted[0], max: sorted[count - 1] };
      return { content: [text(result)], structuredContent: result };
    },
  },
  {
    name: 'divide',
    title: 'Division',
    description: 'Divides a by b. Dividing by zero is reported as a tool error (isError), not a protocol error.',
    inputSchema: {
      type: 'object',
      properties: { a: { type: 'number' }, b: { type: 'number' } },
      required: ['a', 'b'],
      additionalProperties: false,
    },
    handler({ a, b }) {
      if (b === 0) return { content: [text(`Cannot divide ${a} by zero.`)], isError: true };
      return { content: [text(String(a / b))], structuredContent: { quotient: a / b } };
    },
  },
];

// Just enough JSON Schema checking for these tools' schemas.
function validate(schema, args) {
  if (typeof args !== 'object' || args === null || Array.isArray(args)) return 'arguments must be an object';
  for (const key of schema.required ?? []) if (!(key in args)) return `missing required argument '${key}'`;
  for (const [key, value] of Object.entries(args)) {
    const prop = schema.properties[key];
    if (!prop) return `unknown argument '${key}'`;
    if (prop.type === 'array') {
      if (!Array.isArray(value)) return `'${key}' must be an array`;
      if (prop.minItems && value.length < prop.minItems) return `'${key}' needs at least ${prop.minItems} item(s)`;
      if (value.some((x) => typeof x !== prop.items.type || !Number.isFinite(x))) return `'${key}' must hold ${prop.items.type}s`;
    } else if (typeof value !== prop.type || (prop.type === 'number' && !Number.isFinite(value))) {
      return `'${key}' must be a ${prop.type}`;
    }
  }
  return null;
}

export async function callTool(name, args) {
  const tool = tools.find((t) => t.name === name);
  if (!tool) throw new JsonRpcError(ErrorCodes.INVALID_PARAMS, `Unknown tool: ${name}`);
  const problem = validate(tool.inputSchema, args);
  if (problem) throw new JsonRpcError(ErrorCodes.INVALID_PARAMS, `Invalid arguments for ${name}: ${problem}`);
  return tool.handler(args);
}

export function describeTools() {
  return tools.map(({ handler, ...description }) => description);
}
