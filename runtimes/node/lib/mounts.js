// `fs` on the WASI preopens (the app's /app, served by the runtime image's adapter, the declared
// [[capabilities.filesystem]] mounts and the private /tmp), through wasi:filesystem: reads,
// writes, folders, renames and stats as Node does them, with Node's error codes.
// The WASI functions are passed in by the loader (they are imports of the component), so this
// file needs nothing from WASI at build time.

const ERRORS = {
  'no-entry': ['ENOENT', -2, 'no such file or directory'],
  exist: ['EEXIST', -17, 'file already exists'],
  'not-directory': ['ENOTDIR', -20, 'not a directory'],
  'is-directory': ['EISDIR', -21, 'illegal operation on a directory'],
  'read-only': ['EROFS', -30, 'read-only file system'],
  'not-permitted': ['EPERM', -1, 'operation not permitted'],
  access: ['EACCES', -13, 'permission denied'],
  'not-empty': ['ENOTEMPTY', -39, 'directory not empty'],
  invalid: ['EINVAL', -22, 'invalid argument'],
  'name-too-long': ['ENAMETOOLONG', -36, 'name too long'],
  'insufficient-space': ['ENOSPC', -28, 'no space left on device'],
  loop: ['ELOOP', -40, 'too many symbolic links encountered'],
  busy: ['EBUSY', -16, 'resource busy or locked'],
};

export function makeMounts({ getDirectories, fsError, Buffer, Stats, Dirent }) {
  let preopens = null; // [[guest path, descriptor]], longest first
  const list = () => {
    if (preopens === null) {
      preopens = getDirectories().map(([descriptor, guest]) => [guest.replace(/\/+$/, '') || '/', descriptor])
        .sort((a, b) => b[0].length - a[0].length);
    }
    return preopens;
  };

  // The preopen holding an absolute path, and the path relative to it ('.' for the folder itself).
  function find(abs) {
    for (const [guest, descriptor] of list()) {
      if (abs === guest) return { descriptor, rel: '.', guest };
      if (abs.startsWith(guest === '/' ? '/' : `${guest}/`)) return { descriptor, rel: abs.slice(guest.length).replace(/^\/+/, ''), guest };
    }
    return null;
  }

  const wasiError = (e, p, syscall) => {
    const code = typeof e?.payload === 'string' ? e.payload : null;
    if (code === null) return e;
    const [name, errno, message] = ERRORS[code] ?? ['EIO', -5, `i/o error (${code})`];
    return fsError(name, errno, message, p, syscall);
  };
  const attempt = (p, syscall, fn) => {
    try { return fn(); } catch (e) { throw wasiError(e, p, syscall); }
  };

  function stats(stat) {
    const file = stat.type !== 'directory';
    const s = new Stats(file, Number(stat.size));
    const time = (t) => (t ? Number(t.seconds) * 1000 + Math.floor(t.nanoseconds / 1e6) : 0);
    const mtimeMs = time(stat.dataModificationTimestamp);
    const atimeMs = time(stat.dataAccessTimestamp) || mtimeMs;
    const ctimeMs = time(stat.statusChangeTimestamp) || mtimeMs;
    Object.defineProperties(s, {
      mtimeMs: { value: mtimeMs }, atimeMs: { value: atimeMs }, ctimeMs: { value: ctimeMs }, birthtimeMs: { value: ctimeMs },
      mtime: { value: new Date(mtimeMs) }, atime: { value: new Date(atimeMs) }, ctime: { value: new Date(ctimeMs) },
      birthtime: { value: new Date(ctimeMs) }, mode: { value: file ? 0o100644 : 0o40755 }, nlink: { value: Number(stat.linkCount ?? 1) },
      isSymbolicLink: { value: () => stat.type === 'symbolic-link' },
    });
    return s;
  }

  const FOLLOW = { symlinkFollow: true };
  function open(m, p, syscall, openFlags, flags) {
    return attempt(p, syscall, () => (m.rel === '.' && !openFlags.create ? m.descriptor : m.descriptor.openAt(FOLLOW, m.rel, openFlags, flags)));
  }

  function readAll(d) {
    const chunks = [];
    let offset = 0n;
    for (;;) {
      const [bytes, end] = d.read(1n << 20n, offset);
      if (bytes.length) { chunks.push(bytes); offset += BigInt(bytes.length); }
      if (end || bytes.length === 0) break;
    }
    return Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));
  }

  function writeAll(d, bytes, offset) {
    let at = 0;
    while (at < bytes.length) {
      const n = Number(d.write(bytes.subarray(at, at + (1 << 20)), BigInt(offset + at)));
      if (n <= 0) throw new Error('write made no progress');
      at += n;
    }
  }

  const flagsOf = (flag = 'r') => ({
    r: [{}, { read: true }],
    'r+': [{}, { read: true, write: true }],
    w: [{ create: true, truncate: true }, { write: true }],
    wx: [{ create: true, exclusive: true }, { write: true }],
    'w+': [{ create: true, truncate: true }, { read: true, write: true }],
    'wx+': [{ create: true, exclusive: true }, { read: true, write: true }],
    a: [{ create: true }, { write: true }],
    ax: [{ create: true, exclusive: true }, { write: true }],
    'a+': [{ create: true }, { read: true, write: true }],
    'ax+': [{ create: true, exclusive: true }, { read: true, write: true }],
  })[flag] ?? [{}, { read: true }];

  const api = {
    find,
    readFile(abs, p) {
      const m = find(abs);
      const d = open(m, p, 'open', {}, { read: true });
      try { return attempt(p, 'read', () => readAll(d)); } finally { if (d !== m.descriptor) d[Symbol.dispose]?.(); }
    },
    writeFile(abs, p, data, flag = 'w') {
      const m = find(abs);
      const [openFlags, flags] = flagsOf(flag);
      const d = open(m, p, 'open', openFlags, flags);
      try {
        const offset = flag.startsWith('a') ? Number(attempt(p, 'stat', () => d.stat()).size) : 0;
        attempt(p, 'write', () => writeAll(d, data, offset));
      } finally { d[Symbol.dispose]?.(); }
    },
    stat(abs, p, follow = true) {
      const m = find(abs);
      return stats(attempt(p, follow ? 'stat' : 'lstat', () => (m.rel === '.' ? m.descriptor.stat() : m.descriptor.statAt(follow ? FOLLOW : {}, m.rel))));
    },
    readdir(abs, p, withFileTypes) {
      const m = find(abs);
      const d = open(m, p, 'scandir', { directory: true }, { read: true });
      const entries = [];
      attempt(p, 'scandir', () => {
        const stream = d.readDirectory();
        for (let e = stream.readDirectoryEntry(); e !== undefined && e !== null; e = stream.readDirectoryEntry()) entries.push(e);
      });
      if (d !== m.descriptor) d[Symbol.dispose]?.();
      entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return withFileTypes ? entries.map((e) => new Dirent(e.name, abs, e.type !== 'directory')) : entries.map((e) => e.name);
    },
    mkdir(abs, p, recursive) {
      const m = find(abs);
      if (!recursive) { attempt(p, 'mkdir', () => m.descriptor.createDirectoryAt(m.rel)); return undefined; }
      const parts = m.rel === '.' ? [] : m.rel.split('/');
      let first;
      for (let i = 1; i <= parts.length; i++) {
        const sub = parts.slice(0, i).join('/');
        try {
          m.descriptor.createDirectoryAt(sub);
          first ??= `${m.guest}/${sub}`;
        } catch (e) {
          if (e?.payload !== 'exist') throw wasiError(e, p, 'mkdir');
        }
      }
      return first;
    },
    rename(fromAbs, toAbs, from, to) {
      const a = find(fromAbs);
      const b = find(toAbs);
      if (!b) throw fsError('EXDEV', -18, 'cross-device link not permitted', from, 'rename');
      attempt(from, 'rename', () => a.descriptor.renameAt(a.rel, b.descriptor, b.rel));
    },
    // fs.promises.open: a FileHandle on a preopen's file (read, write, stat, readFile, close).
    open(abs, p, flag = 'r') {
      const m = find(abs);
      const [openFlags, flags] = flagsOf(flag);
      const d = open(m, p, 'open', openFlags, flags);
      let position = flag.startsWith('a') ? Number(attempt(p, 'stat', () => d.stat()).size) : 0;
      let closed = false;
      const live = () => { if (closed) throw fsError('EBADF', -9, 'bad file descriptor', p, 'read'); };
      return {
        fd: -1,
        async read(buffer, offset = 0, length = buffer.byteLength - offset, at = null) {
          live();
          if (typeof buffer === 'object' && !ArrayBuffer.isView(buffer)) ({ buffer, offset = 0, length = buffer.byteLength - offset, position: at = null } = buffer);
          const from = at === null || at === undefined ? position : Number(at);
          const [bytes] = attempt(p, 'read', () => d.read(BigInt(length), BigInt(from)));
          new Uint8Array(buffer.buffer, buffer.byteOffset + offset, bytes.length).set(bytes);
          if (at === null || at === undefined) position += bytes.length;
          return { bytesRead: bytes.length, buffer };
        },
        async write(data, offset, length, at) {
          live();
          const bytes = typeof data === 'string' ? Buffer.from(data, typeof offset === 'string' ? offset : 'utf8')
            : Buffer.from(data.buffer, data.byteOffset + (offset ?? 0), length ?? data.byteLength - (offset ?? 0));
          const where = typeof at === 'number' ? at : position;
          attempt(p, 'write', () => writeAll(d, bytes, where));
          if (typeof at !== 'number') position += bytes.length;
          return { bytesWritten: bytes.length, buffer: data };
        },
        async readFile(options) {
          live();
          const bytes = attempt(p, 'read', () => readAll(d));
          const encoding = typeof options === 'string' ? options : options?.encoding;
          return encoding ? bytes.toString(encoding) : bytes;
        },
        async stat() { live(); return stats(attempt(p, 'fstat', () => d.stat())); },
        async close() { if (!closed) { closed = true; if (d !== m.descriptor) d[Symbol.dispose]?.(); } },
        [Symbol.asyncDispose]() { return this.close(); },
      };
    },
    unlink(abs, p) {
      const m = find(abs);
      attempt(p, 'unlink', () => m.descriptor.unlinkFileAt(m.rel));
    },
    rmdir(abs, p) {
      const m = find(abs);
      attempt(p, 'rmdir', () => m.descriptor.removeDirectoryAt(m.rel));
    },
  };
  return api;
}
