#include "app_tree.h"

#include <stdlib.h>
#include <string.h>

static int compare_bytes(const char *a, size_t alen, const char *b, size_t blen) {
  int c = memcmp(a, b, alen < blen ? alen : blen);
  if (c != 0) return c;
  return alen < blen ? -1 : alen > blen ? 1 : 0;
}

static int compare_nodes(const void *a, const void *b) {
  const app_node_t *x = a, *y = b;
  return compare_bytes(x->path, x->path_len, y->path, y->path_len);
}

static char *copy(const char *s, size_t len) {
  char *out = malloc(len + 1);
  if (out) {
    memcpy(out, s, len);
    out[len] = 0;
  }
  return out;
}

int app_tree_build(app_tree_t *tree, const char *const *paths, const size_t *lens, size_t count) {
  // Each file brings itself and its ancestors: at most one node per `/` plus one.
  size_t capacity = 1;
  for (size_t i = 0; i < count; i++) {
    capacity++;
    for (size_t j = 0; j < lens[i]; j++) capacity += paths[i][j] == '/';
  }
  app_node_t *nodes = calloc(capacity, sizeof *nodes);
  if (!nodes) return -1;
  size_t n = 0;
  nodes[n++] = (app_node_t){.path = copy("", 0), .kind = APP_DIRECTORY};
  for (size_t i = 0; i < count; i++) {
    for (size_t j = 0; j < lens[i]; j++) {
      if (paths[i][j] == '/') nodes[n++] = (app_node_t){.path = copy(paths[i], j), .path_len = j, .kind = APP_DIRECTORY};
    }
    nodes[n++] = (app_node_t){.path = copy(paths[i], lens[i]), .path_len = lens[i], .kind = APP_FILE};
  }
  for (size_t i = 0; i < n; i++)
    if (!nodes[i].path) return free(nodes), -1;
  qsort(nodes, n, sizeof *nodes, compare_nodes);
  size_t kept = 0;  // drop duplicates; a path that is both a file and a directory stays a directory
  for (size_t i = 0; i < n; i++) {
    if (kept && compare_nodes(&nodes[kept - 1], &nodes[i]) == 0) {
      if (nodes[i].kind == APP_DIRECTORY) nodes[kept - 1].kind = APP_DIRECTORY;
      free(nodes[i].path);
      continue;
    }
    nodes[kept++] = nodes[i];
  }
  tree->nodes = nodes;
  tree->count = (uint32_t)kept;
  for (uint32_t i = 0; i < tree->count; i++) {
    app_node_t *node = &nodes[i];
    const char *slash = NULL;
    for (size_t j = node->path_len; j > 0; j--)
      if (node->path[j - 1] == '/') { slash = node->path + j - 1; break; }
    size_t parent_len = slash ? (size_t)(slash - node->path) : 0;
    node->name = slash ? slash + 1 : node->path;
    node->name_len = node->path_len - (slash ? parent_len + 1 : 0);
    node->parent = i == 0 ? 0 : (uint32_t)app_tree_find(tree, node->path, parent_len);
  }
  return 0;
}

void app_tree_free(app_tree_t *tree) {
  for (uint32_t i = 0; i < tree->count; i++) free(tree->nodes[i].path);
  free(tree->nodes);
  tree->nodes = NULL;
  tree->count = 0;
}

int64_t app_tree_find(const app_tree_t *tree, const char *path, size_t len) {
  uint32_t lo = 0, hi = tree->count;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    int c = compare_bytes(tree->nodes[mid].path, tree->nodes[mid].path_len, path, len);
    if (c == 0) return mid;
    if (c < 0) lo = mid + 1; else hi = mid;
  }
  return -1;
}

static app_status_t child_of(const app_tree_t *tree, uint32_t dir, const char *name, size_t len, uint32_t *out) {
  const app_node_t *d = &tree->nodes[dir];
  size_t total = d->path_len + (d->path_len ? 1 : 0) + len;
  char stack[256];
  char *buf = total <= sizeof stack ? stack : malloc(total);
  if (!buf) return APP_NO_ENTRY;
  memcpy(buf, d->path, d->path_len);
  if (d->path_len) buf[d->path_len] = '/';
  memcpy(buf + total - len, name, len);
  int64_t found = app_tree_find(tree, buf, total);
  if (buf != stack) free(buf);
  if (found < 0) return APP_NO_ENTRY;
  *out = (uint32_t)found;
  return APP_OK;
}

app_status_t app_tree_resolve(const app_tree_t *tree, uint32_t from, const char *path, size_t len, uint32_t *node) {
  if (len && path[0] == '/') return APP_NOT_PERMITTED;
  if (memchr(path, 0, len)) return APP_INVALID;
  uint32_t at = from;
  size_t i = 0;
  while (i < len) {
    size_t j = i;
    while (j < len && path[j] != '/') j++;
    const char *seg = path + i;
    size_t seg_len = j - i;
    if (tree->nodes[at].kind != APP_DIRECTORY) return APP_NOT_DIRECTORY;
    if (seg_len == 0 || (seg_len == 1 && seg[0] == '.')) {
      // `a//b`, `./a`: nothing to do
    } else if (seg_len == 2 && seg[0] == '.' && seg[1] == '.') {
      if (at == 0) return APP_NOT_PERMITTED;
      at = tree->nodes[at].parent;
    } else {
      app_status_t status = child_of(tree, at, seg, seg_len, &at);
      if (status != APP_OK) return status;
    }
    i = j + 1;
  }
  if (len && path[len - 1] == '/' && tree->nodes[at].kind != APP_DIRECTORY) return APP_NOT_DIRECTORY;
  *node = at;
  return APP_OK;
}

// The index of the first path >= `path` + "/": where the paths below `path` start.
static uint32_t first_below(const app_tree_t *tree, const char *path, size_t len) {
  uint32_t lo = 0, hi = tree->count;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    const app_node_t *n = &tree->nodes[mid];
    int c = memcmp(n->path, path, n->path_len < len ? n->path_len : len);
    if (c == 0) c = n->path_len <= len ? -1 : (unsigned char)n->path[len] < '/' ? -1 : 1;
    if (c < 0) lo = mid + 1; else hi = mid;
  }
  return lo;
}

static int is_below(const app_node_t *n, const app_node_t *d) {
  if (d->path_len == 0) return n->path_len > 0;
  return n->path_len > d->path_len && memcmp(n->path, d->path, d->path_len) == 0 && n->path[d->path_len] == '/';
}

int app_tree_next_child(const app_tree_t *tree, uint32_t dir, uint32_t *cursor, uint32_t *child) {
  // Descendants of `dir` are contiguous in byte order from the first path starting with
  // `dir/` (`a-b` sorts between `a` and `a/x`, so they need not follow `dir` directly).
  const app_node_t *d = &tree->nodes[dir];
  uint32_t i = *cursor ? *cursor : dir == 0 ? 1 : first_below(tree, d->path, d->path_len);
  for (; i < tree->count && is_below(&tree->nodes[i], d); i++) {
    if (tree->nodes[i].parent == dir) {
      *child = i;
      *cursor = i + 1;
      return 1;
    }
  }
  *cursor = tree->count;
  return 0;
}
