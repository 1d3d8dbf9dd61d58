// Node's `http` server API over the engine's fetch event: `http.createServer(handler).listen(port)`
// records the server, and each wasi:http request reaches its handler as an IncomingMessage and
// a ServerResponse whose end() becomes the web Response. The body is read whole before the
// handler runs and the response is sent when it ends (no streaming either way).
import { Buffer, EventEmitter } from './node.js';

export const STATUS_CODES = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found',
  304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 409: 'Conflict', 413: 'Payload Too Large',
  415: 'Unsupported Media Type', 429: 'Too Many Requests', 500: 'Internal Server Error', 501: 'Not Implemented',
  502: 'Bad Gateway', 503: 'Service Unavailable',
};
export const METHODS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT'];

// The server that listen() was called on last: the one requests go to.
export const listening = { server: null };

export class IncomingMessage extends EventEmitter {
  constructor(request, body) {
    super();
    const url = new URL(request.url);
    this.method = request.method;
    this.url = url.pathname + url.search;
    this.httpVersion = '1.1';
    this.headers = {};
    this.rawHeaders = [];
    for (const [name, value] of request.headers) {
      this.rawHeaders.push(name, value);
      this.headers[name] = name in this.headers ? `${this.headers[name]}, ${value}` : value;
    }
    this.socket = { remoteAddress: '127.0.0.1', remotePort: 0, encrypted: url.protocol === 'https:' };
    this.complete = false;
    this.readable = true;
    this._body = body;
    this._flowing = false;
  }
  // The body arrives in one chunk once a listener can see it.
  on(event, listener) {
    super.on(event, listener);
    if ((event === 'data' || event === 'end' || event === 'readable') && !this._flowing) this._flow();
    return this;
  }
  _flow() {
    this._flowing = true;
    Promise.resolve().then(() => {
      if (this._body.length) this.emit('data', this._encoding ? this._body.toString(this._encoding) : this._body);
      this.complete = true;
      this.readable = false;
      this.emit('end');
      this.emit('close');
    });
  }
  setEncoding(encoding) { this._encoding = encoding; return this; }
  resume() { if (!this._flowing) this._flow(); return this; }
  pause() { return this; }
  pipe(destination) { this.on('data', (c) => destination.write(c)); this.on('end', () => destination.end?.()); return destination; }
  async *[Symbol.asyncIterator]() { this._flowing = true; if (this._body.length) yield this._body; this.complete = true; }
}

export class ServerResponse extends EventEmitter {
  constructor(done) {
    super();
    this.statusCode = 200;
    this.statusMessage = undefined;
    this.headersSent = false;
    this.writableEnded = false;
    this.finished = false;
    this._headers = new Map();
    this._chunks = [];
    this._done = done;
  }
  setHeader(name, value) { this._headers.set(String(name).toLowerCase(), [name, value]); return this; }
  getHeader(name) { return this._headers.get(String(name).toLowerCase())?.[1]; }
  getHeaders() { return Object.fromEntries([...this._headers.values()].map(([n, v]) => [n.toLowerCase(), v])); }
  getHeaderNames() { return [...this._headers.keys()]; }
  hasHeader(name) { return this._headers.has(String(name).toLowerCase()); }
  removeHeader(name) { this._headers.delete(String(name).toLowerCase()); }
  writeHead(status, message, headers) {
    if (typeof message !== 'string') { headers = message; message = undefined; }
    this.statusCode = status;
    if (message) this.statusMessage = message;
    if (Array.isArray(headers)) for (let i = 0; i < headers.length; i += 2) this.setHeader(headers[i], headers[i + 1]);
    else if (headers) for (const [n, v] of Object.entries(headers)) this.setHeader(n, v);
    this.headersSent = true;
    return this;
  }
  flushHeaders() { this.headersSent = true; }
  write(chunk, encoding, cb) {
    if (typeof encoding === 'function') { cb = encoding; encoding = undefined; }
    if (chunk != null) this._chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, encoding || 'utf8') : Buffer.from(chunk));
    this.headersSent = true;
    if (cb) Promise.resolve().then(cb);
    return true;
  }
  end(chunk, encoding, cb) {
    if (typeof chunk === 'function') { cb = chunk; chunk = undefined; }
    if (typeof encoding === 'function') { cb = encoding; encoding = undefined; }
    if (this.writableEnded) return this;
    if (chunk != null) this.write(chunk, encoding);
    this.writableEnded = this.finished = this.headersSent = true;
    const headers = new Headers();
    for (const [name, value] of this._headers.values()) {
      for (const v of Array.isArray(value) ? value : [value]) headers.append(name, String(v));
    }
    const total = this._chunks.reduce((n, c) => n + c.length, 0);
    const body = new Uint8Array(total);
    let offset = 0;
    for (const c of this._chunks) { body.set(c, offset); offset += c.length; }
    const nullBody = this.statusCode === 204 || this.statusCode === 304;
    this._done(new Response(nullBody ? null : body, { status: this.statusCode, headers }));
    Promise.resolve().then(() => { this.emit('finish'); this.emit('close'); if (cb) cb(); });
    return this;
  }
}

export class Server extends EventEmitter {
  constructor(options, handler) {
    super();
    if (typeof options === 'function') handler = options;
    if (handler) this.on('request', handler);
    this.listening = false;
    this._port = 0;
  }
  listen(...args) {
    const cb = args.find((a) => typeof a === 'function');
    const first = args[0];
    this._port = typeof first === 'number' ? first : Number(first?.port ?? first) || 0;
    this.listening = true;
    listening.server = this;
    Promise.resolve().then(() => { this.emit('listening'); if (cb) cb(); });
    return this;
  }
  address() { return this.listening ? { address: '127.0.0.1', family: 'IPv4', port: this._port } : null; }
  close(cb) {
    if (listening.server === this) listening.server = null;
    this.listening = false;
    Promise.resolve().then(() => { this.emit('close'); if (cb) cb(); });
    return this;
  }
  setTimeout() { return this; }
}

export const http = {
  createServer: (options, handler) => new Server(options, handler),
  Server, IncomingMessage, ServerResponse, STATUS_CODES, METHODS,
};

// One web Request through a Node server's 'request' listeners; resolves with the web Response.
export async function serveNode(server, request) {
  const body = Buffer.from(new Uint8Array(await request.arrayBuffer()));
  return new Promise((resolve, reject) => {
    const res = new ServerResponse(resolve);
    const req = new IncomingMessage(request, body);
    try {
      server.emit('request', req, res);
    } catch (e) {
      reject(e);
    }
  });
}
