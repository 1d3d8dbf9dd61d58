// The adapter's test program: a wasi:cli/run component that uses WASI 0.2 the way a language
// runtime's libc does. Modes (first argument):
//   check             the /app preopen, a host preopen, stdin, clocks, sockets; prints a transcript
//   big               writes 1 MiB to stdout with one call of write_all()
//   bench-write N     N writes of 6 bytes to stdout (blocking-write-and-flush), the time on stderr
//   bench-read N F    N times: open /app/F, read it through read-via-stream, drop; the time on stderr
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

typedef wasi_filesystem_types_own_descriptor_t own_descriptor_t;
typedef wasi_filesystem_types_borrow_descriptor_t descriptor_t;

static wasi_io_streams_own_output_stream_t out_stream;

// Writes all of buf: loops on check-write and writes what the stream accepts.
static void write_all(wasi_io_streams_own_output_stream_t s, const void *buf, size_t len) {
  wasi_io_streams_borrow_output_stream_t b = wasi_io_streams_borrow_output_stream(s);
  const uint8_t *p = buf;
  wasi_io_streams_stream_error_t err;
  while (len) {
    uint64_t permit;
    if (!wasi_io_streams_method_output_stream_check_write(b, &permit, &err)) abort();
    if (permit == 0) {
      wasi_io_streams_own_pollable_t ready = wasi_io_streams_method_output_stream_subscribe(b);
      wasi_io_poll_method_pollable_block(wasi_io_poll_borrow_pollable(ready));
      wasi_io_poll_pollable_drop_own(ready);
      continue;
    }
    size_t n = permit < len ? (size_t)permit : len;
    test_list_u8_t chunk = {(uint8_t *)p, n};
    if (!wasi_io_streams_method_output_stream_write(b, &chunk, &err)) abort();
    p += n;
    len -= n;
  }
  if (!wasi_io_streams_method_output_stream_blocking_flush(b, &err)) abort();
}

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void say(const char *fmt, ...) {
  char line[1024];
  __builtin_va_list ap;
  __builtin_va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  __builtin_va_end(ap);
  write_all(out_stream, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

static test_string_t str(const char *s) { return (test_string_t){(uint8_t *)s, strlen(s)}; }

static int open_at(descriptor_t dir, const char *path, uint8_t oflags, uint8_t flags, own_descriptor_t *out) {
  test_string_t p = str(path);
  wasi_filesystem_types_error_code_t err;
  if (wasi_filesystem_types_method_descriptor_open_at(dir, WASI_FILESYSTEM_TYPES_PATH_FLAGS_SYMLINK_FOLLOW, &p,
                                                      oflags, flags, out, &err))
    return -1;
  return err;
}

// Reads a whole file through read-via-stream from `offset`.
static size_t read_stream(descriptor_t d, uint64_t offset, uint8_t *buf, size_t cap, int *error) {
  wasi_filesystem_types_own_input_stream_t in;
  wasi_filesystem_types_error_code_t code;
  *error = -1;
  if (!wasi_filesystem_types_method_descriptor_read_via_stream(d, offset, &in, &code)) {
    *error = code;
    return 0;
  }
  size_t got = 0;
  for (;;) {
    test_list_u8_t chunk;
    wasi_io_streams_stream_error_t err;
    if (!wasi_io_streams_method_input_stream_blocking_read(wasi_io_streams_borrow_input_stream(in), 65536, &chunk, &err))
      break;  // closed: the end of the file
    size_t n = chunk.len < cap - got ? chunk.len : cap - got;
    memcpy(buf + got, chunk.ptr, n);
    got += n;
    test_list_u8_free(&chunk);
  }
  wasi_io_streams_input_stream_drop_own(in);
  return got;
}

static const char *type_name(wasi_filesystem_types_descriptor_type_t t) {
  switch (t) {
    case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY: return "directory";
    case WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_REGULAR_FILE: return "file";
    default: return "other";
  }
}

static void check(descriptor_t app, descriptor_t data) {
  test_string_t entry;
  fabricks_app_source_entrypoint(&entry);
  say("entrypoint: %.*s\n", (int)entry.len, entry.ptr);
  test_string_free(&entry);

  own_descriptor_t f;
  int e = open_at(app, "hello.txt", 0, WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_READ, &f);
  say("open /app/hello.txt: %d\n", e);
  descriptor_t fb = wasi_filesystem_types_borrow_descriptor(f);
  static uint8_t buf[1 << 16];
  size_t n = read_stream(fb, 0, buf, sizeof buf, &e);
  say("read-via-stream: %d %zu bytes: %.*s", e, n, (int)n, buf);
  n = read_stream(fb, 6, buf, sizeof buf, &e);
  say("read-via-stream from 6: %.*s", (int)n, buf);
  n = read_stream(fb, 1000, buf, sizeof buf, &e);
  say("read-via-stream past the end: %d %zu bytes\n", e, n);
  test_tuple2_list_u8_bool_t r;
  wasi_filesystem_types_error_code_t code;
  if (wasi_filesystem_types_method_descriptor_read(fb, 5, 0, &r, &code)) {
    say("read 5 at 0: %.*s eof=%d\n", (int)r.f0.len, r.f0.ptr, r.f1);
    test_list_u8_free(&r.f0);
  }
  if (wasi_filesystem_types_method_descriptor_read(fb, 5, 1 << 20, &r, &code)) {
    say("read 5 past the end: %zu bytes eof=%d\n", r.f0.len, r.f1);
    test_list_u8_free(&r.f0);
  }
  wasi_filesystem_types_descriptor_stat_t st;
  if (wasi_filesystem_types_method_descriptor_stat(fb, &st, &code)) {
    // /app's files are dated when /app appears (the layer records no times): set, in the past
    wasi_clocks_wall_clock_datetime_t now;
    wasi_clocks_wall_clock_now(&now);
    int dated = st.data_modification_timestamp.is_some && st.data_access_timestamp.is_some &&
                st.status_change_timestamp.is_some && st.data_modification_timestamp.val.seconds > 0 &&
                st.data_modification_timestamp.val.seconds <= now.seconds;
    say("stat: %s size=%llu links=%llu dated=%s\n", type_name(st.type), (unsigned long long)st.size,
        (unsigned long long)st.link_count, dated ? "yes" : "no");
  }
  test_string_t p = str("sub/../sub/deep.txt");
  if (wasi_filesystem_types_method_descriptor_stat_at(app, 0, &p, &st, &code))
    say("stat-at sub/../sub/deep.txt: %s size=%llu\n", type_name(st.type), (unsigned long long)st.size);
  p = str("sub");
  if (wasi_filesystem_types_method_descriptor_stat_at(app, 0, &p, &st, &code)) say("stat-at sub: %s\n", type_name(st.type));
  wasi_filesystem_types_metadata_hash_value_t h1, h2;
  own_descriptor_t f2;
  open_at(app, "./sub/../hello.txt", 0, WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_READ, &f2);
  wasi_filesystem_types_method_descriptor_metadata_hash(fb, &h1, &code);
  wasi_filesystem_types_method_descriptor_metadata_hash(wasi_filesystem_types_borrow_descriptor(f2), &h2, &code);
  say("metadata-hash equal for the same file: %d\n", h1.lower == h2.lower && h1.upper == h2.upper);
  wasi_filesystem_types_descriptor_drop_own(f2);

  say("open ../etc/passwd: %d (not-permitted %d)\n", open_at(app, "../etc/passwd", 0, 1, &f2),
      WASI_FILESYSTEM_TYPES_ERROR_CODE_NOT_PERMITTED);
  say("open nope.txt: %d (no-entry %d)\n", open_at(app, "nope.txt", 0, 1, &f2), WASI_FILESYSTEM_TYPES_ERROR_CODE_NO_ENTRY);
  say("open hello.txt/x: %d\n", open_at(app, "hello.txt/x", 0, 1, &f2));
  say("create /app/new.txt: %d (read-only %d)\n",
      open_at(app, "new.txt", WASI_FILESYSTEM_TYPES_OPEN_FLAGS_CREATE, 3, &f2), WASI_FILESYSTEM_TYPES_ERROR_CODE_READ_ONLY);
  say("open /app/hello.txt for writing: %d\n", open_at(app, "hello.txt", 0, 3, &f2));
  wasi_filesystem_types_own_output_stream_t os;
  say("write-via-stream on /app/hello.txt: %d\n",
      wasi_filesystem_types_method_descriptor_write_via_stream(fb, 0, &os, &code) ? -1 : code);
  p = str("hello.txt");
  say("unlink /app/hello.txt: %d\n", wasi_filesystem_types_method_descriptor_unlink_file_at(app, &p, &code) ? -1 : code);
  wasi_filesystem_types_descriptor_drop_own(f);
  if (open_at(app, "empty.txt", 0, 1, &f) < 0) {
    n = read_stream(wasi_filesystem_types_borrow_descriptor(f), 0, buf, sizeof buf, &e);
    say("read-via-stream empty.txt: %d %zu bytes\n", e, n);
    if (wasi_filesystem_types_method_descriptor_read(wasi_filesystem_types_borrow_descriptor(f), 10, 0, &r, &code)) {
      say("read 10 of empty.txt: %zu bytes eof=%d\n", r.f0.len, r.f1);
      test_list_u8_free(&r.f0);
    }
    wasi_filesystem_types_descriptor_drop_own(f);
  }

  const char *dirs[] = {"", "sub"};
  for (int i = 0; i < 2; i++) {
    own_descriptor_t d;
    descriptor_t db = app;
    if (*dirs[i]) {
      open_at(app, dirs[i], WASI_FILESYSTEM_TYPES_OPEN_FLAGS_DIRECTORY, 1, &d);
      db = wasi_filesystem_types_borrow_descriptor(d);
    }
    wasi_filesystem_types_own_directory_entry_stream_t ds;
    if (!wasi_filesystem_types_method_descriptor_read_directory(db, &ds, &code)) { say("read-directory: %d\n", code); continue; }
    say("read-directory /app/%s:", dirs[i]);
    wasi_filesystem_types_option_directory_entry_t ent;
    while (wasi_filesystem_types_method_directory_entry_stream_read_directory_entry(
               wasi_filesystem_types_borrow_directory_entry_stream(ds), &ent, &code) && ent.is_some) {
      say(" %.*s(%s)", (int)ent.val.name.len, ent.val.name.ptr, type_name(ent.val.type));
      test_string_free(&ent.val.name);
    }
    say("\n");
    wasi_filesystem_types_directory_entry_stream_drop_own(ds);
    if (*dirs[i]) wasi_filesystem_types_descriptor_drop_own(d);
  }

  // A host preopen (/data, or the private /tmp fabricks-host gives): writes go through.
  own_descriptor_t w;
  e = data.__handle < 0 ? -2 : open_at(data, "out.txt", WASI_FILESYSTEM_TYPES_OPEN_FLAGS_CREATE | WASI_FILESYSTEM_TYPES_OPEN_FLAGS_TRUNCATE, 3, &w);
  say("create out.txt in the host preopen: %d\n", e);
  if (e == -1) {
    if (wasi_filesystem_types_method_descriptor_write_via_stream(wasi_filesystem_types_borrow_descriptor(w), 0, &os, &code)) {
      write_all(os, "written through the host\n", 25);
      wasi_io_streams_output_stream_drop_own(os);
    }
    n = read_stream(wasi_filesystem_types_borrow_descriptor(w), 0, buf, sizeof buf, &e);
    say("read back: %.*s", (int)n, buf);
    wasi_filesystem_types_descriptor_drop_own(w);
  }

  // stdin
  wasi_cli_stdin_own_input_stream_t in = wasi_cli_stdin_get_stdin();
  size_t total = 0;
  test_list_u8_t chunk;
  wasi_io_streams_stream_error_t serr;
  while (wasi_io_streams_method_input_stream_blocking_read(wasi_io_streams_borrow_input_stream(in), 4096, &chunk, &serr)) {
    if (total == 0 && chunk.len) say("stdin starts: %.*s", (int)(chunk.len < 20 ? chunk.len : 20), chunk.ptr);
    total += chunk.len;
    test_list_u8_free(&chunk);
  }
  wasi_io_streams_input_stream_drop_own(in);
  say("stdin: %zu bytes\n", total);

  // the monotonic clock
  uint64_t t0 = wasi_clocks_monotonic_clock_now();
  wasi_io_poll_own_pollable_t sleep = wasi_clocks_monotonic_clock_subscribe_duration(20 * 1000000ull);
  wasi_io_poll_method_pollable_block(wasi_io_poll_borrow_pollable(sleep));
  wasi_io_poll_pollable_drop_own(sleep);
  say("slept 20 ms: %s\n", wasi_clocks_monotonic_clock_now() - t0 >= 20 * 1000000ull ? "yes" : "no");

  // sockets: forwarded, whatever the host allows
  wasi_sockets_tcp_create_socket_own_tcp_socket_t sock;
  wasi_sockets_tcp_create_socket_error_code_t serr2;
  if (wasi_sockets_tcp_create_socket_create_tcp_socket(WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV4, &sock, &serr2)) {
    wasi_sockets_tcp_own_pollable_t ready = wasi_sockets_tcp_method_tcp_socket_subscribe(wasi_sockets_tcp_borrow_tcp_socket(sock));
    wasi_io_poll_pollable_drop_own(ready);
    wasi_sockets_tcp_tcp_socket_drop_own(sock);
    say("tcp socket: created\n");
  } else {
    say("tcp socket: error %d\n", serr2);
  }
  wasi_sockets_instance_network_own_network_t net = wasi_sockets_instance_network_instance_network();
  p = str("localhost");
  wasi_sockets_ip_name_lookup_own_resolve_address_stream_t rs;
  wasi_sockets_ip_name_lookup_error_code_t lerr;
  if (wasi_sockets_ip_name_lookup_resolve_addresses(wasi_sockets_network_borrow_network(net), &p, &rs, &lerr)) {
    wasi_sockets_ip_name_lookup_own_pollable_t ready = wasi_sockets_ip_name_lookup_method_resolve_address_stream_subscribe(
        wasi_sockets_ip_name_lookup_borrow_resolve_address_stream(rs));
    wasi_io_poll_method_pollable_block(wasi_io_poll_borrow_pollable(ready));
    wasi_io_poll_pollable_drop_own(ready);
    wasi_sockets_ip_name_lookup_resolve_address_stream_drop_own(rs);
    say("resolve localhost: started\n");
  } else {
    say("resolve localhost: error %d\n", lerr);
  }
  wasi_sockets_network_network_drop_own(net);
  wasi_sockets_udp_create_socket_own_udp_socket_t udp;
  if (wasi_sockets_udp_create_socket_create_udp_socket(WASI_SOCKETS_NETWORK_IP_ADDRESS_FAMILY_IPV4, &udp, &serr2)) {
    wasi_sockets_udp_own_pollable_t ready = wasi_sockets_udp_method_udp_socket_subscribe(wasi_sockets_udp_borrow_udp_socket(udp));
    wasi_io_poll_pollable_drop_own(ready);
    wasi_sockets_udp_udp_socket_drop_own(udp);
    say("udp socket: created\n");
  } else {
    say("udp socket: error %d\n", serr2);
  }
}

bool exports_wasi_cli_run_run(void) {
  out_stream = wasi_cli_stdout_get_stdout();
  test_list_string_t args;
  wasi_cli_environment_get_arguments(&args);
  char mode[32] = "check";
  if (args.len > 1) snprintf(mode, sizeof mode, "%.*s", (int)args.ptr[1].len, args.ptr[1].ptr);
  char count_buf[24] = "0", file[256] = "hello.txt";  // arguments are not NUL-terminated
  if (args.len > 2) snprintf(count_buf, sizeof count_buf, "%.*s", (int)args.ptr[2].len, args.ptr[2].ptr);
  long count = strtol(count_buf, NULL, 10);
  if (args.len > 3) snprintf(file, sizeof file, "%.*s", (int)args.ptr[3].len, args.ptr[3].ptr);

  wasi_filesystem_preopens_list_tuple2_own_descriptor_string_t pre;
  wasi_filesystem_preopens_get_directories(&pre);
  descriptor_t app = {-1}, data = {-1};
  if (strcmp(mode, "check") == 0) say("preopens:");
  for (size_t i = 0; i < pre.len; i++) {
    test_string_t *name = &pre.ptr[i].f1;
    if (strcmp(mode, "check") == 0) say(" %.*s", (int)name->len, name->ptr);
    if (name->len == 4 && memcmp(name->ptr, "/app", 4) == 0) app = wasi_filesystem_types_borrow_descriptor(pre.ptr[i].f0);
    if ((name->len == 5 && memcmp(name->ptr, "/data", 5) == 0) || (name->len == 4 && memcmp(name->ptr, "/tmp", 4) == 0)) data = wasi_filesystem_types_borrow_descriptor(pre.ptr[i].f0);
  }
  if (strcmp(mode, "check") == 0) {
    say("\n");
    check(app, data);
  } else if (strcmp(mode, "big") == 0) {
    size_t len = 1 << 20;
    uint8_t *big = malloc(len);
    for (size_t i = 0; i < len; i++) big[i] = (uint8_t)('a' + i % 26);
    write_all(out_stream, big, len);
  } else if (strcmp(mode, "bench-write") == 0) {
    uint64_t t0 = wasi_clocks_monotonic_clock_now();
    wasi_io_streams_borrow_output_stream_t b = wasi_io_streams_borrow_output_stream(out_stream);
    for (long i = 0; i < count; i++) {
      test_list_u8_t line = {(uint8_t *)"12345\n", 6};
      wasi_io_streams_stream_error_t err;
      if (!wasi_io_streams_method_output_stream_blocking_write_and_flush(b, &line, &err)) abort();
    }
    uint64_t t1 = wasi_clocks_monotonic_clock_now();
    char line[64];
    int n = snprintf(line, sizeof line, "%llu ns for %ld writes\n", (unsigned long long)(t1 - t0), count);
    write_all(wasi_cli_stderr_get_stderr(), line, (size_t)n);
  } else if (strcmp(mode, "bench-read") == 0) {
    static uint8_t buf[1 << 20];
    uint64_t t0 = wasi_clocks_monotonic_clock_now();
    size_t total = 0;
    for (long i = 0; i < count; i++) {
      own_descriptor_t f;
      if (open_at(app, file, 0, 1, &f) >= 0) abort();
      int e;
      total += read_stream(wasi_filesystem_types_borrow_descriptor(f), 0, buf, sizeof buf, &e);
      wasi_filesystem_types_descriptor_drop_own(f);
    }
    uint64_t t1 = wasi_clocks_monotonic_clock_now();
    char line[96];
    int n = snprintf(line, sizeof line, "%llu ns for %ld reads, %zu bytes\n", (unsigned long long)(t1 - t0), count, total);
    write_all(wasi_cli_stderr_get_stderr(), line, (size_t)n);
  }
  return true;
}
