// The adapter's own part: the read-only preopen /app, served from the source layer.
//
// The generated forwarders (forwarders.c) route every call that borrows a descriptor, directory
// stream, input stream or pollable backed by this file (rep->app set) to the `app_` functions
// here; everything else goes to the host unchanged. Each hook exists only when the runtime
// imports the function (FWD_HAS_...). Like every export, a hook owns its string and list
// arguments and frees them.
//
// The layer knows paths and bytes only: /app holds directories and regular files, link count
// 1, all dated when /app appeared. Paths come from `paths` once, at the first get-directories;
// a file's bytes from `read` at its first stat or read, kept for the life of the instance.
#include <stdlib.h>
#include <string.h>

#include "app_tree.h"
#include "forwarders.h"

typedef exports_wasi_filesystem_types_error_code_t error_code_t;
#define E(name) EXPORTS_WASI_FILESYSTEM_TYPES_ERROR_CODE_##name

typedef enum { OBJ_DESCRIPTOR, OBJ_DIRECTORY_STREAM, OBJ_INPUT_STREAM, OBJ_POLLABLE } obj_kind_t;

typedef struct {
  obj_kind_t kind;
  uint32_t node;
  uint64_t position;  // input streams: the next byte
  uint32_t cursor;    // directory streams: app_tree_next_child's cursor
} obj_t;

typedef struct {
  uint8_t *bytes;
  size_t len;
  int loaded;
} content_t;

static app_tree_t tree;
static content_t *contents;
// The time /app appeared (its first get-directories): the layer records no times, so every node
// is dated then, as a folder unpacked at start would be. Tools that need a date (zipfile refuses
// times before 1980) get one, and nothing keyed by a file's time outlives the instance.
static wasi_clocks_wall_clock_datetime_t appeared;

static obj_t *obj_new(obj_kind_t kind, uint32_t node) {
  obj_t *o = calloc(1, sizeof *o);
  if (!o) abort();
  o->kind = kind;
  o->node = node;
  return o;
}

// The layer's folder of build notes: hidden from /app, as fabricks-host hides it from its /app.
#define BUILD_NOTES ".fabricks/"

static void build_tree(void) {
  adapter_list_string_t paths;
  fabricks_app_source_paths(&paths);
  const char **ptrs = malloc((paths.len + 1) * sizeof *ptrs);
  size_t *lens = malloc((paths.len + 1) * sizeof *lens);
  if (!ptrs || !lens) abort();
  size_t kept = 0;
  for (size_t i = 0; i < paths.len; i++) {
    // what the build wrote for the runtime's loader (e.g. .fabricks/node/modules.json) is no app file
    if (paths.ptr[i].len >= sizeof BUILD_NOTES - 1 && !memcmp(paths.ptr[i].ptr, BUILD_NOTES, sizeof BUILD_NOTES - 1)) continue;
    ptrs[kept] = (const char *)paths.ptr[i].ptr;
    lens[kept++] = paths.ptr[i].len;
  }
  if (app_tree_build(&tree, ptrs, lens, kept) != 0) abort();
  wasi_clocks_wall_clock_now(&appeared);
  free(ptrs);
  free(lens);
  adapter_list_string_free(&paths);
  contents = calloc(tree.count, sizeof *contents);
  if (!contents) abort();
}

static const content_t *content(uint32_t node) {
  content_t *c = &contents[node];
  if (!c->loaded) {
    adapter_string_t path = {(uint8_t *)tree.nodes[node].path, tree.nodes[node].path_len};
    adapter_list_u8_t bytes;
    if (fabricks_app_source_read(&path, &bytes)) {
      c->bytes = bytes.ptr;
      c->len = bytes.len;
    }
    c->loaded = 1;
  }
  return c;
}

static error_code_t status_error(app_status_t s) {
  switch (s) {
    case APP_NO_ENTRY: return E(NO_ENTRY);
    case APP_NOT_DIRECTORY: return E(NOT_DIRECTORY);
    case APP_NOT_PERMITTED: return E(NOT_PERMITTED);
    default: return E(INVALID);
  }
}

// A refused write, said on the host's stderr like the host's own denials (the host never sees
// it: /app is served here), and the error it gets: read-only, as on a read-only mount. `node` is
// the folder `path` is relative to (the node itself when `path` is empty).
static error_code_t denied(uint32_t node, const uint8_t *path, size_t len) {
#ifdef FWD_HOST_STDERR
  static const char head[] = "fabricks: denied: write to `/app";
  static const char tail[] = "`: /app holds the app's own files, read-only; write to /tmp, or to a folder that a "
                             "[[capabilities.filesystem]] entry with mode = \"rw\" grants\n";
  size_t base = tree.nodes[node].path_len;
  if (len > 1024) len = 1024;
  char *line = malloc(sizeof head + base + len + 2 + sizeof tail);
  if (!line) abort();
  size_t n = sizeof head - 1;
  memcpy(line, head, n);
  if (base) line[n++] = '/', memcpy(line + n, tree.nodes[node].path, base), n += base;
  if (len) line[n++] = '/', memcpy(line + n, path, len), n += len;
  memcpy(line + n, tail, sizeof tail - 1);
  fwd_host_stderr(line, n + sizeof tail - 1);
  free(line);
#else
  (void)node, (void)path, (void)len;
#endif
  return E(READ_ONLY);
}

static obj_t *app_of(const void *rep) { return ((const struct exports_wasi_filesystem_types_descriptor_t *)rep)->app; }
static int is_file(uint32_t node) { return tree.nodes[node].kind == APP_FILE; }

static int resolve(const void *dir, adapter_string_t *path, uint32_t *node, error_code_t *err) {
  app_status_t s = app_tree_resolve(&tree, app_of(dir)->node, (const char *)path->ptr, path->len, node);
  adapter_string_free(path);
  if (s != APP_OK) {
    *err = status_error(s);
    return 0;
  }
  return 1;
}

// --- wasi:filesystem/preopens ----------------------------------------------------------------

void app_wasi_filesystem_preopens_get_directories(exports_wasi_filesystem_preopens_list_tuple2_own_descriptor_string_t *ret) {
  if (!tree.nodes) build_tree();
  fwd_wasi_filesystem_preopens_get_directories(ret);
  // an empty list's pointer is not an allocation (cabi_realloc answers size 0 with the alignment)
  ret->ptr = ret->len ? realloc(ret->ptr, (ret->len + 1) * sizeof *ret->ptr) : malloc(sizeof *ret->ptr);
  if (!ret->ptr) abort();
  char *name = malloc(4);
  if (!name) abort();
  memcpy(name, "/app", 4);
  ret->ptr[ret->len].f0 = wrap_app_wasi_filesystem_types_descriptor(obj_new(OBJ_DESCRIPTOR, 0));
  ret->ptr[ret->len].f1 = (adapter_string_t){(uint8_t *)name, 4};
  ret->len++;
}

// The marker a host looks for: this component serves /app itself.
void exports_fabricks_wasi_adapter_app_files_preopen(adapter_string_t *ret) {
  char *name = malloc(4);
  if (!name) abort();
  memcpy(name, "/app", 4);
  *ret = (adapter_string_t){(uint8_t *)name, 4};
}

// --- descriptors: reading --------------------------------------------------------------------

static void stat_of(uint32_t node, exports_wasi_filesystem_types_descriptor_stat_t *st) {
  memset(st, 0, sizeof *st);
  st->data_access_timestamp = st->data_modification_timestamp = st->status_change_timestamp =
      (exports_wasi_filesystem_types_option_datetime_t){true, appeared};
  st->type = is_file(node) ? EXPORTS_WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_REGULAR_FILE
                           : EXPORTS_WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY;
  st->link_count = 1;
  st->size = is_file(node) ? content(node)->len : 0;
}

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_stat
bool app_wasi_filesystem_types_method_descriptor_stat(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                      exports_wasi_filesystem_types_descriptor_stat_t *ret, error_code_t *err) {
  (void)err;
  stat_of(app_of(self)->node, ret);
  return true;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_stat_at
bool app_wasi_filesystem_types_method_descriptor_stat_at(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                         exports_wasi_filesystem_types_path_flags_t path_flags, adapter_string_t *path,
                                                         exports_wasi_filesystem_types_descriptor_stat_t *ret, error_code_t *err) {
  (void)path_flags;
  uint32_t node;
  if (!resolve(self, path, &node, err)) return false;
  stat_of(node, ret);
  return true;
}
#endif

static void hash_of(uint32_t node, exports_wasi_filesystem_types_metadata_hash_value_t *ret) {
  ret->lower = 0x9e3779b97f4a7c15ull * (node + 1);
  ret->upper = 0x2f617070;  // "/app"
}

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_metadata_hash
bool app_wasi_filesystem_types_method_descriptor_metadata_hash(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                               exports_wasi_filesystem_types_metadata_hash_value_t *ret, error_code_t *err) {
  (void)err;
  hash_of(app_of(self)->node, ret);
  return true;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_metadata_hash_at
bool app_wasi_filesystem_types_method_descriptor_metadata_hash_at(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                                  exports_wasi_filesystem_types_path_flags_t path_flags, adapter_string_t *path,
                                                                  exports_wasi_filesystem_types_metadata_hash_value_t *ret, error_code_t *err) {
  (void)path_flags;
  uint32_t node;
  if (!resolve(self, path, &node, err)) return false;
  hash_of(node, ret);
  return true;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_open_at
bool app_wasi_filesystem_types_method_descriptor_open_at(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                         exports_wasi_filesystem_types_path_flags_t path_flags, adapter_string_t *path,
                                                         exports_wasi_filesystem_types_open_flags_t open_flags,
                                                         exports_wasi_filesystem_types_descriptor_flags_t flags,
                                                         exports_wasi_filesystem_types_own_descriptor_t *ret, error_code_t *err) {
  (void)path_flags;
  // resolve() frees the path: keep it for a denial line
  adapter_string_t shown = {malloc(path->len + 1), path->len};
  if (!shown.ptr) abort();
  memcpy(shown.ptr, path->ptr, path->len);
  uint32_t node;
  bool ok = false;
  if (!resolve(self, path, &node, err)) {
    if (*err == E(NO_ENTRY) && (open_flags & EXPORTS_WASI_FILESYSTEM_TYPES_OPEN_FLAGS_CREATE)) *err = denied(app_of(self)->node, shown.ptr, shown.len);
  } else if ((open_flags & EXPORTS_WASI_FILESYSTEM_TYPES_OPEN_FLAGS_CREATE) && (open_flags & EXPORTS_WASI_FILESYSTEM_TYPES_OPEN_FLAGS_EXCLUSIVE)) {
    *err = E(EXIST);
  } else if ((open_flags & EXPORTS_WASI_FILESYSTEM_TYPES_OPEN_FLAGS_DIRECTORY) && is_file(node)) {
    *err = E(NOT_DIRECTORY);
  } else if ((open_flags & EXPORTS_WASI_FILESYSTEM_TYPES_OPEN_FLAGS_TRUNCATE) ||
             (flags & (EXPORTS_WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_WRITE | EXPORTS_WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_MUTATE_DIRECTORY))) {
    *err = is_file(node) || !(flags & EXPORTS_WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_WRITE) ? denied(app_of(self)->node, shown.ptr, shown.len) : E(IS_DIRECTORY);
  } else {
    *ret = wrap_app_wasi_filesystem_types_descriptor(obj_new(OBJ_DESCRIPTOR, node));
    ok = true;
  }
  free(shown.ptr);
  return ok;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_read_via_stream
bool app_wasi_filesystem_types_method_descriptor_read_via_stream(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                                 exports_wasi_filesystem_types_filesize_t offset,
                                                                 exports_wasi_filesystem_types_own_input_stream_t *ret, error_code_t *err) {
  uint32_t node = app_of(self)->node;
  if (!is_file(node)) {
    *err = E(IS_DIRECTORY);
    return false;
  }
  obj_t *o = obj_new(OBJ_INPUT_STREAM, node);
  o->position = offset;  // past the end: the first read reports closed
  *ret = wrap_app_wasi_io_streams_input_stream(o);
  return true;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_read
bool app_wasi_filesystem_types_method_descriptor_read(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                      exports_wasi_filesystem_types_filesize_t length,
                                                      exports_wasi_filesystem_types_filesize_t offset, adapter_tuple2_list_u8_bool_t *ret,
                                                      error_code_t *err) {
  uint32_t node = app_of(self)->node;
  if (!is_file(node)) {
    *err = E(IS_DIRECTORY);
    return false;
  }
  const content_t *c = content(node);
  uint64_t start = offset < c->len ? offset : c->len;
  uint64_t n = c->len - start < length ? c->len - start : length;
  ret->f0.ptr = n ? malloc(n) : NULL;  // the bindings free non-empty lists only
  if (n && !ret->f0.ptr) abort();
  if (n) memcpy(ret->f0.ptr, c->bytes + start, n);
  ret->f0.len = n;
  ret->f1 = start + n >= c->len;
  return true;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_read_directory
bool app_wasi_filesystem_types_method_descriptor_read_directory(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                                exports_wasi_filesystem_types_own_directory_entry_stream_t *ret,
                                                                error_code_t *err) {
  uint32_t node = app_of(self)->node;
  if (is_file(node)) {
    *err = E(NOT_DIRECTORY);
    return false;
  }
  *ret = wrap_app_wasi_filesystem_types_directory_entry_stream(obj_new(OBJ_DIRECTORY_STREAM, node));
  return true;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_directory_entry_stream_read_directory_entry
bool app_wasi_filesystem_types_method_directory_entry_stream_read_directory_entry(
    exports_wasi_filesystem_types_borrow_directory_entry_stream_t self, exports_wasi_filesystem_types_option_directory_entry_t *ret,
    error_code_t *err) {
  (void)err;
  obj_t *o = app_of(self);
  uint32_t child;
  ret->is_some = app_tree_next_child(&tree, o->node, &o->cursor, &child);
  if (ret->is_some) {
    const app_node_t *n = &tree.nodes[child];
    ret->val.type = n->kind == APP_FILE ? EXPORTS_WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_REGULAR_FILE
                                        : EXPORTS_WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY;
    ret->val.name.ptr = malloc(n->name_len);  // names are never empty
    if (!ret->val.name.ptr) abort();
    memcpy(ret->val.name.ptr, n->name, n->name_len);
    ret->val.name.len = n->name_len;
  }
  return true;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_get_type
bool app_wasi_filesystem_types_method_descriptor_get_type(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                          exports_wasi_filesystem_types_descriptor_type_t *ret, error_code_t *err) {
  (void)err;
  *ret = is_file(app_of(self)->node) ? EXPORTS_WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_REGULAR_FILE
                                     : EXPORTS_WASI_FILESYSTEM_TYPES_DESCRIPTOR_TYPE_DIRECTORY;
  return true;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_get_flags
bool app_wasi_filesystem_types_method_descriptor_get_flags(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                           exports_wasi_filesystem_types_descriptor_flags_t *ret, error_code_t *err) {
  (void)self, (void)err;
  *ret = EXPORTS_WASI_FILESYSTEM_TYPES_DESCRIPTOR_FLAGS_READ;
  return true;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_advise
bool app_wasi_filesystem_types_method_descriptor_advise(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                        exports_wasi_filesystem_types_filesize_t offset,
                                                        exports_wasi_filesystem_types_filesize_t length,
                                                        exports_wasi_filesystem_types_advice_t advice, error_code_t *err) {
  (void)self, (void)offset, (void)length, (void)advice, (void)err;
  return true;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_sync
bool app_wasi_filesystem_types_method_descriptor_sync(exports_wasi_filesystem_types_borrow_descriptor_t self, error_code_t *err) {
  (void)self, (void)err;
  return true;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_sync_data
bool app_wasi_filesystem_types_method_descriptor_sync_data(exports_wasi_filesystem_types_borrow_descriptor_t self, error_code_t *err) {
  (void)self, (void)err;
  return true;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_readlink_at
bool app_wasi_filesystem_types_method_descriptor_readlink_at(exports_wasi_filesystem_types_borrow_descriptor_t self, adapter_string_t *path,
                                                             adapter_string_t *ret, error_code_t *err) {
  (void)ret;
  uint32_t node;
  if (!resolve(self, path, &node, err)) return false;
  *err = E(INVALID);  // no links in /app
  return false;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_is_same_object
bool app_wasi_filesystem_types_method_descriptor_is_same_object(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                                exports_wasi_filesystem_types_borrow_descriptor_t other) {
  return self->app && other->app && app_of(self)->node == app_of(other)->node;
}
#endif

// --- descriptors: everything that would write is read-only -----------------------------------

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_write_via_stream
bool app_wasi_filesystem_types_method_descriptor_write_via_stream(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                                  exports_wasi_filesystem_types_filesize_t offset,
                                                                  exports_wasi_filesystem_types_own_output_stream_t *ret, error_code_t *err) {
  (void)offset, (void)ret;
  *err = denied(app_of(self)->node, NULL, 0);
  return false;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_append_via_stream
bool app_wasi_filesystem_types_method_descriptor_append_via_stream(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                                   exports_wasi_filesystem_types_own_output_stream_t *ret, error_code_t *err) {
  (void)ret;
  *err = denied(app_of(self)->node, NULL, 0);
  return false;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_set_size
bool app_wasi_filesystem_types_method_descriptor_set_size(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                          exports_wasi_filesystem_types_filesize_t size, error_code_t *err) {
  (void)size;
  *err = denied(app_of(self)->node, NULL, 0);
  return false;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_set_times
bool app_wasi_filesystem_types_method_descriptor_set_times(exports_wasi_filesystem_types_borrow_descriptor_t self,
                                                           exports_wasi_filesystem_types_new_timestamp_t *atime,
                                                           exports_wasi_filesystem_types_new_timestamp_t *mtime, error_code_t *err) {
  (void)atime, (void)mtime;
  *err = denied(app_of(self)->node, NULL, 0);
  return false;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_write
bool app_wasi_filesystem_types_method_descriptor_write(exports_wasi_filesystem_types_borrow_descriptor_t self, adapter_list_u8_t *buffer,
                                                       exports_wasi_filesystem_types_filesize_t offset,
                                                       exports_wasi_filesystem_types_filesize_t *ret, error_code_t *err) {
  (void)offset, (void)ret;
  adapter_list_u8_free(buffer);
  *err = denied(app_of(self)->node, NULL, 0);
  return false;
}
#endif

#define READ_ONLY_AT(fn, ...)                                                                      \
  bool app_wasi_filesystem_types_method_descriptor_##fn(exports_wasi_filesystem_types_borrow_descriptor_t self, \
                                                        __VA_ARGS__, error_code_t *err)

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_create_directory_at
READ_ONLY_AT(create_directory_at, adapter_string_t *path) {
  (void)self;
  *err = denied(app_of(self)->node, path->ptr, path->len);
  adapter_string_free(path);
  return false;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_remove_directory_at
READ_ONLY_AT(remove_directory_at, adapter_string_t *path) {
  (void)self;
  *err = denied(app_of(self)->node, path->ptr, path->len);
  adapter_string_free(path);
  return false;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_unlink_file_at
READ_ONLY_AT(unlink_file_at, adapter_string_t *path) {
  (void)self;
  *err = denied(app_of(self)->node, path->ptr, path->len);
  adapter_string_free(path);
  return false;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_set_times_at
READ_ONLY_AT(set_times_at, exports_wasi_filesystem_types_path_flags_t path_flags, adapter_string_t *path,
             exports_wasi_filesystem_types_new_timestamp_t *atime, exports_wasi_filesystem_types_new_timestamp_t *mtime) {
  (void)self, (void)path_flags, (void)atime, (void)mtime;
  *err = denied(app_of(self)->node, path->ptr, path->len);
  adapter_string_free(path);
  return false;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_symlink_at
READ_ONLY_AT(symlink_at, adapter_string_t *old_path, adapter_string_t *new_path) {
  (void)self;
  *err = denied(app_of(self)->node, new_path->ptr, new_path->len);
  adapter_string_free(old_path);
  adapter_string_free(new_path);
  return false;
}
#endif

// link-at and rename-at with one side on the host: /app is another file system.
#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_link_at
READ_ONLY_AT(link_at, exports_wasi_filesystem_types_path_flags_t old_path_flags, adapter_string_t *old_path,
             exports_wasi_filesystem_types_borrow_descriptor_t new_descriptor, adapter_string_t *new_path) {
  (void)old_path_flags;
  *err = self->app && new_descriptor->app ? denied(app_of(new_descriptor)->node, new_path->ptr, new_path->len) : E(CROSS_DEVICE);
  adapter_string_free(old_path);
  adapter_string_free(new_path);
  return false;
}
#endif

#ifdef FWD_HAS_wasi_filesystem_types_method_descriptor_rename_at
READ_ONLY_AT(rename_at, adapter_string_t *old_path, exports_wasi_filesystem_types_borrow_descriptor_t new_descriptor,
             adapter_string_t *new_path) {
  *err = self->app && new_descriptor->app ? denied(app_of(self)->node, old_path->ptr, old_path->len) : E(CROSS_DEVICE);
  adapter_string_free(old_path);
  adapter_string_free(new_path);
  return false;
}
#endif

// --- input streams over /app files, and their pollables (always ready) -----------------------

typedef exports_wasi_io_streams_stream_error_t stream_error_t;

static size_t stream_take(obj_t *o, uint64_t len, const uint8_t **at) {
  const content_t *c = content(o->node);
  if (o->position >= c->len) return 0;
  uint64_t left = c->len - o->position;
  size_t n = (size_t)(left < len ? left : len);
  *at = c->bytes + o->position;
  o->position += n;
  return n;
}

static bool stream_read(exports_wasi_io_streams_borrow_input_stream_t self, uint64_t len, adapter_list_u8_t *ret, stream_error_t *err) {
  obj_t *o = app_of(self);
  const content_t *c = content(o->node);
  if (o->position >= c->len) {
    err->tag = EXPORTS_WASI_IO_STREAMS_STREAM_ERROR_CLOSED;
    return false;
  }
  const uint8_t *at;
  size_t n = stream_take(o, len, &at);
  ret->ptr = n ? malloc(n) : NULL;
  if (n && !ret->ptr) abort();
  if (n) memcpy(ret->ptr, at, n);
  ret->len = n;
  return true;
}

static bool stream_skip(exports_wasi_io_streams_borrow_input_stream_t self, uint64_t len, uint64_t *ret, stream_error_t *err) {
  obj_t *o = app_of(self);
  if (o->position >= content(o->node)->len) {
    err->tag = EXPORTS_WASI_IO_STREAMS_STREAM_ERROR_CLOSED;
    return false;
  }
  const uint8_t *at;
  *ret = stream_take(o, len, &at);
  return true;
}

#ifdef FWD_HAS_wasi_io_streams_method_input_stream_read
bool app_wasi_io_streams_method_input_stream_read(exports_wasi_io_streams_borrow_input_stream_t self, uint64_t len, adapter_list_u8_t *ret,
                                                  stream_error_t *err) {
  return stream_read(self, len, ret, err);
}
#endif

#ifdef FWD_HAS_wasi_io_streams_method_input_stream_blocking_read
bool app_wasi_io_streams_method_input_stream_blocking_read(exports_wasi_io_streams_borrow_input_stream_t self, uint64_t len,
                                                           adapter_list_u8_t *ret, stream_error_t *err) {
  return stream_read(self, len, ret, err);
}
#endif

#ifdef FWD_HAS_wasi_io_streams_method_input_stream_skip
bool app_wasi_io_streams_method_input_stream_skip(exports_wasi_io_streams_borrow_input_stream_t self, uint64_t len, uint64_t *ret,
                                                  stream_error_t *err) {
  return stream_skip(self, len, ret, err);
}
#endif

#ifdef FWD_HAS_wasi_io_streams_method_input_stream_blocking_skip
bool app_wasi_io_streams_method_input_stream_blocking_skip(exports_wasi_io_streams_borrow_input_stream_t self, uint64_t len,
                                                           uint64_t *ret, stream_error_t *err) {
  return stream_skip(self, len, ret, err);
}
#endif

#ifdef FWD_HAS_wasi_io_streams_method_input_stream_subscribe
exports_wasi_io_streams_own_pollable_t app_wasi_io_streams_method_input_stream_subscribe(exports_wasi_io_streams_borrow_input_stream_t self) {
  (void)self;
  return wrap_app_wasi_io_poll_pollable(obj_new(OBJ_POLLABLE, 0));
}
#endif

#if defined(FWD_HAS_wasi_io_streams_method_output_stream_splice) || defined(FWD_HAS_wasi_io_streams_method_output_stream_blocking_splice)
#if !defined(FWD_HAS_wasi_io_streams_method_output_stream_check_write) || !defined(FWD_HAS_wasi_io_streams_method_output_stream_write) || \
    !defined(FWD_HAS_wasi_io_streams_method_output_stream_subscribe) || !defined(FWD_HAS_wasi_io_streams_method_output_stream_blocking_flush) || \
    !defined(FWD_HAS_wasi_io_poll_method_pollable_block)
// The adapter's WIT holds the functions the runtime imports; splicing /app streams needs these too.
#error "the runtime imports splice without check-write, write, subscribe, blocking-flush and block"
#endif
// splice from an /app stream into a host stream: what the host stream accepts now (or, when
// blocking, after waiting for it), at most len.
static bool splice(exports_wasi_io_streams_borrow_output_stream_t self, exports_wasi_io_streams_borrow_input_stream_t src, uint64_t len,
                   uint64_t *ret, stream_error_t *err, int blocking) {
  obj_t *o = app_of(src);
  if (o->position >= content(o->node)->len) {
    err->tag = EXPORTS_WASI_IO_STREAMS_STREAM_ERROR_CLOSED;
    return false;
  }
  uint64_t permit;
  for (;;) {
    if (!fwd_wasi_io_streams_method_output_stream_check_write(self, &permit, err)) return false;
    if (permit || !blocking) break;
    exports_wasi_io_streams_own_pollable_t ready = fwd_wasi_io_streams_method_output_stream_subscribe(self);
    fwd_wasi_io_poll_method_pollable_block(exports_wasi_io_poll_pollable_rep(ready));
    exports_wasi_io_poll_pollable_drop_own(ready);
  }
  const uint8_t *at;
  size_t n = stream_take(o, permit < len ? permit : len, &at);
  adapter_list_u8_t chunk = {n ? malloc(n) : NULL, n};
  if (n && !chunk.ptr) abort();
  if (n) memcpy(chunk.ptr, at, n);
  if (!fwd_wasi_io_streams_method_output_stream_write(self, &chunk, err)) return false;  // frees chunk
  if (blocking && !fwd_wasi_io_streams_method_output_stream_blocking_flush(self, err)) return false;
  *ret = n;
  return true;
}

#ifdef FWD_HAS_wasi_io_streams_method_output_stream_splice
bool app_wasi_io_streams_method_output_stream_splice(exports_wasi_io_streams_borrow_output_stream_t self,
                                                     exports_wasi_io_streams_borrow_input_stream_t src, uint64_t len, uint64_t *ret,
                                                     stream_error_t *err) {
  return splice(self, src, len, ret, err, 0);
}
#endif

#ifdef FWD_HAS_wasi_io_streams_method_output_stream_blocking_splice
bool app_wasi_io_streams_method_output_stream_blocking_splice(exports_wasi_io_streams_borrow_output_stream_t self,
                                                              exports_wasi_io_streams_borrow_input_stream_t src, uint64_t len,
                                                              uint64_t *ret, stream_error_t *err) {
  return splice(self, src, len, ret, err, 1);
}
#endif
#endif  // splice

#ifdef FWD_HAS_wasi_io_poll_method_pollable_ready
bool app_wasi_io_poll_method_pollable_ready(exports_wasi_io_poll_borrow_pollable_t self) {
  (void)self;
  return true;
}
#endif

#ifdef FWD_HAS_wasi_io_poll_method_pollable_block
void app_wasi_io_poll_method_pollable_block(exports_wasi_io_poll_borrow_pollable_t self) { (void)self; }
#endif

#ifdef FWD_HAS_wasi_io_poll_poll
// Some of the pollables are ours and ready: report those without asking the host.
void app_wasi_io_poll_poll(exports_wasi_io_poll_list_borrow_pollable_t *in, adapter_list_u32_t *ret) {
  ret->ptr = malloc((in->len ? in->len : 1) * sizeof *ret->ptr);
  if (!ret->ptr) abort();
  ret->len = 0;
  for (size_t i = 0; i < in->len; i++)
    if (in->ptr[i]->app) ret->ptr[ret->len++] = (uint32_t)i;
  exports_wasi_io_poll_list_borrow_pollable_free(in);
}
#endif

// --- drops ------------------------------------------------------------------------------------

void app_drop_wasi_io_poll_pollable(void *app) { free(app); }
void app_drop_wasi_io_streams_input_stream(void *app) { free(app); }
void app_drop_wasi_filesystem_types_descriptor(void *app) { free(app); }
void app_drop_wasi_filesystem_types_directory_entry_stream(void *app) { free(app); }
