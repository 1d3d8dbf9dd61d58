// process.stdin, process.stdout and process.stderr as Node's stream classes (readable-stream's
// Readable and Writable), so that pipe(), pipeline(), async iteration, 'drain' and `instanceof`
// work on them as in Node.
//
// - stdout and stderr write each chunk straight into their WASI stream, blocking until it is
//   flushed (`writeAll`, from the loader), inside write(): output is complete even when the
//   program ends with process.exit right after. Like Node's, they are never closed by end() or
//   destroy().
// - stdin is pushed to by the loader's event loop, which polls wasi:cli/stdin while `_wanted`:
//   while the stream is flowing or has 'readable' listeners, and holds less than its
//   highWaterMark. Paused, full, ended or destroyed, it is not read, and the run may end, as in
//   Node.

export function makeStdio({ stream, Buffer }) {
  const { Readable, Writable } = stream;
  const encoder = new TextEncoder();

  class Writer extends Writable {
    constructor(getStream, fd, writeAll) {
      super({ decodeStrings: false });
      this._get = getStream;
      this._stream = null;
      this._writeAll = writeAll;
      this._isStdio = true;
      this.fd = fd;
      this.isTTY = false;
    }
    _write(chunk, encoding, callback) {
      let bytes;
      try {
        this._stream ??= this._get();
        bytes = typeof chunk !== 'string' ? chunk
          : encoding === 'utf8' || encoding === 'utf-8' || !encoding ? encoder.encode(chunk) : Buffer.from(chunk, encoding);
        this._writeAll(this._stream, bytes);
      } catch (e) {
        callback(e);
        return;
      }
      callback();
    }
    _destroy(err, callback) { callback(err); }
    getWindowSize() { return [80, 24]; }
    hasColors() { return false; }
    getColorDepth() { return 1; }
  }

  class Stdin extends Readable {
    constructor() {
      super({ highWaterMark: 65536 });
      this.fd = 0;
      this.isTTY = false;
      this._everRead = false;
    }
    _read() {}
    _destroy(err, callback) { callback(err); }
    ref() { return this; }
    unref() { return this; }
    setRawMode() { return this; }
    // Wanted by the event loop: someone reads and the stream has not ended.
    get _wanted() {
      const wanted = !this._readableState.ended && !this.destroyed && this.readableLength < this.readableHighWaterMark
        && (this.readableFlowing === true || this.listenerCount('readable') > 0);
      if (wanted) this._everRead = true;
      return wanted;
    }
    _push(bytes) { this.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)); }
    _end() { this.push(null); }
  }

  return { Writer, Stdin };
}
