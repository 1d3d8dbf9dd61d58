// fs.ReadStream and fs.WriteStream (fs.createReadStream, fs.createWriteStream) as Node has them:
// readable-stream's Readable and Writable over a file handle, the one fs.promises.open gives (the
// source layer's files under /app, read-only; the host's preopens through lib/mounts.js). Node's
// own classes live in its internals, which readable-stream does not carry: these follow them
// (options path, flags, mode, start, end, encoding, highWaterMark, autoClose, emitClose, fd as a
// FileHandle; events open, ready, close; bytesRead, bytesWritten, pending, close()).

function argTypeError(name, expected, value) {
  const received = value === null || value === undefined ? ` Received ${value}`
    : typeof value === 'object' || typeof value === 'function' ? ` Received an instance of ${value.constructor?.name ?? 'Object'}`
      : ` Received type ${typeof value} (${typeof value === 'string' ? `'${value}'` : String(value)})`;
  const e = new TypeError(`The "${name}" argument must be ${expected}.${received}`);
  e.code = 'ERR_INVALID_ARG_TYPE';
  return e;
}
function rangeError(name, range, value) {
  const e = new RangeError(`The value of "${name}" is out of range. It must be ${range}. Received ${value}`);
  e.code = 'ERR_OUT_OF_RANGE';
  return e;
}
function validateInteger(value, name) {
  if (typeof value !== 'number') throw argTypeError(name, 'of type number', value);
  if (!Number.isInteger(value)) throw rangeError(name, 'an integer', value);
  if (value < 0 || value > Number.MAX_SAFE_INTEGER) throw rangeError(name, `>= 0 && <= ${Number.MAX_SAFE_INTEGER}`, value);
}

// `defer(fn, ...args)` calls back the way process.nextTick does (its errors are uncaught exceptions):
// nothing here calls a stream back from inside a promise reaction, where a throw would be lost.
export function makeFileStreams({ stream, Buffer, open, toPath, defer }) {
  const { Readable, Writable, finished } = stream;
  const kHandle = Symbol('kHandle');
  const kBusy = Symbol('kBusy');
  const kIoDone = Symbol('kIoDone');

  // fn(error, value) once `promise` settles.
  const settle = (promise, fn) => {
    Promise.resolve(promise).then((value) => defer(fn, null, value), (e) => defer(fn, e ?? new Error('failed'), undefined));
  };
  const isHandle = (fd) => fd !== null && typeof fd === 'object' && typeof fd.read === 'function' && typeof fd.close === 'function';

  function optionsOf(options) {
    if (options === undefined || options === null) return {};
    if (typeof options === 'string') return { encoding: options };
    if (typeof options !== 'object') throw argTypeError('options', 'one of type string or an instance of Object', options);
    return { ...options };
  }

  // path (or fd), flags, mode, start, the handle once opened; shared by both classes.
  function setUp(self, path, options, defaultFlags) {
    self[kBusy] = false;
    if (options.fd !== undefined && options.fd !== null) {
      if (!isHandle(options.fd)) {
        const e = new Error('fs streams over a numeric fd are not available in the Fabricks runtime (pass a FileHandle or a path)');
        e.code = 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM';
        throw e;
      }
      self[kHandle] = options.fd;
      self.fd = options.fd.fd;
    } else {
      self[kHandle] = null;
      self.fd = null;
      if (path instanceof URL) path = toPath(path);
      if (typeof path !== 'string' && !(path instanceof Uint8Array)) throw argTypeError('path', 'of type string or an instance of Buffer or URL', path);
      self.path = typeof path === 'string' ? path : Buffer.from(path).toString();
      self.flags = options.flags === undefined ? defaultFlags : options.flags;
      self.mode = options.mode === undefined ? 0o666 : options.mode;
    }
    self.start = options.start;
    self.pos = undefined;
    if (self.start !== undefined) {
      validateInteger(self.start, 'start');
      self.pos = self.start;
    }
    options.autoDestroy = options.autoClose === undefined ? true : options.autoClose;
  }

  function construct(callback) {
    if (this[kHandle]) { callback(); return; }
    let opening;
    try { opening = open(this.path, this.flags); } catch (e) { opening = Promise.reject(e); }
    settle(opening, (e, handle) => {
      if (e) { callback(e); return; }
      this[kHandle] = handle;
      this.fd = handle.fd;
      callback();
      this.emit('open', this.fd);
      this.emit('ready');
    });
  }

  function closeHandle(self, err, cb) {
    const handle = self[kHandle];
    if (!handle) { cb(err); return; }
    self[kHandle] = null;
    self.fd = null;
    let closing;
    try { closing = handle.close(); } catch (e) { closing = Promise.reject(e); }
    settle(closing, (e) => cb(err || e));
  }

  function destroy(err, cb) {
    if (this[kBusy]) this.once(kIoDone, (er) => closeHandle(this, err || er, cb));
    else closeHandle(this, err, cb);
  }

  // ---- ReadStream

  function ReadStream(path, options) {
    if (!(this instanceof ReadStream)) return new ReadStream(path, options);
    options = optionsOf(options);
    if (options.highWaterMark === undefined) options.highWaterMark = 64 * 1024;
    setUp(this, path, options, 'r');
    this.end = options.end;
    this.bytesRead = 0;
    if (this.end === undefined) {
      this.end = Infinity;
    } else if (this.end !== Infinity) {
      validateInteger(this.end, 'end');
      if (this.start !== undefined && this.start > this.end) throw rangeError('start', `<= "end" (here: ${this.end})`, this.start);
    }
    Readable.call(this, options);
  }
  Object.setPrototypeOf(ReadStream.prototype, Readable.prototype);
  Object.setPrototypeOf(ReadStream, Readable);

  ReadStream.prototype._construct = construct;
  ReadStream.prototype._read = function _read(n) {
    n = this.pos !== undefined ? Math.min(this.end - this.pos + 1, n) : Math.min(this.end - this.bytesRead + 1, n);
    if (n <= 0) { this.push(null); return; }
    const buf = Buffer.allocUnsafeSlow(n);
    this[kBusy] = true;
    let reading;
    try { reading = this[kHandle].read(buf, 0, n, this.pos ?? null); } catch (e) { reading = Promise.reject(e); }
    settle(reading, (er, result) => {
      const bytesRead = er ? 0 : result.bytesRead;
      this[kBusy] = false;
      if (this.destroyed) { this.emit(kIoDone, er); return; }
      if (er) { this.destroy(er); return; }
      if (bytesRead > 0) {
        if (this.pos !== undefined) this.pos += bytesRead;
        this.bytesRead += bytesRead;
        this.push(bytesRead === buf.length ? buf : Buffer.from(buf.subarray(0, bytesRead)));
      } else {
        this.push(null);
      }
    });
  };
  ReadStream.prototype._destroy = destroy;
  ReadStream.prototype.close = function close(cb) {
    if (typeof cb === 'function') finished(this, cb);
    this.destroy();
  };
  Object.defineProperty(ReadStream.prototype, 'pending', { get() { return this.fd === null; }, configurable: true });
  Object.defineProperty(ReadStream.prototype, 'autoClose', {
    get() { return this._readableState.autoDestroy; },
    set(value) { this._readableState.autoDestroy = value; },
  });

  // ---- WriteStream

  function WriteStream(path, options) {
    if (!(this instanceof WriteStream)) return new WriteStream(path, options);
    options = optionsOf(options);
    options.decodeStrings = true; // only buffers reach _write
    setUp(this, path, options, 'w');
    this.bytesWritten = 0;
    Writable.call(this, options);
    if (options.encoding) this.setDefaultEncoding(options.encoding);
  }
  Object.setPrototypeOf(WriteStream.prototype, Writable.prototype);
  Object.setPrototypeOf(WriteStream, Writable);

  WriteStream.prototype._construct = construct;
  WriteStream.prototype._write = function _write(data, encoding, cb) {
    this[kBusy] = true;
    const at = this.pos;
    if (this.pos !== undefined) this.pos += data.length;
    let writing;
    try { writing = this[kHandle].write(data, 0, data.length, at); } catch (e) { writing = Promise.reject(e); }
    settle(writing, (er, result) => {
      this[kBusy] = false;
      if (!er) this.bytesWritten += result.bytesWritten;
      if (this.destroyed) {
        cb(er);
        this.emit(kIoDone, er);
        return;
      }
      cb(er);
    });
  };
  WriteStream.prototype._destroy = destroy;
  WriteStream.prototype.close = function close(cb) {
    if (cb) {
      if (this.closed) { defer(cb); return; }
      this.on('close', cb);
    }
    // An ended stream closes once finished (autoClose); one not ended is ended first.
    if (!this.autoClose) this.on('finish', this.destroy);
    this.end();
  };
  WriteStream.prototype.destroySoon = WriteStream.prototype.end;
  Object.defineProperty(WriteStream.prototype, 'pending', { get() { return this.fd === null; }, configurable: true });
  Object.defineProperty(WriteStream.prototype, 'autoClose', {
    get() { return this._writableState.autoDestroy; },
    set(value) { this._writableState.autoDestroy = value; },
  });

  return {
    ReadStream,
    WriteStream,
    createReadStream: (path, options) => new ReadStream(path, options),
    createWriteStream: (path, options) => new WriteStream(path, options),
  };
}
