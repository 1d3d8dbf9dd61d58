// The /app tree: directories and files derived from the source layer's sorted path list.
//
// The layer records paths and bytes only (no modes, times, links), so a node is a directory or
// a regular file; every directory is implied by the files below it. Nodes are kept sorted by
// path (UTF-8 bytes), the root is node 0 with the empty path.
#ifndef APP_TREE_H
#define APP_TREE_H

#include <stddef.h>
#include <stdint.h>

typedef enum { APP_DIRECTORY, APP_FILE } app_kind_t;

// Results of path resolution, mapped to wasi:filesystem error codes by the caller.
typedef enum {
  APP_OK = 0,
  APP_NO_ENTRY,       // no such file or directory
  APP_NOT_DIRECTORY,  // a file used as a directory (`main.py/x`, `main.py/`)
  APP_NOT_PERMITTED,  // `..` above /app, or an absolute path: the preopen's sandbox
  APP_INVALID,        // an embedded NUL
} app_status_t;

typedef struct {
  char *path;      // relative to /app, no leading or trailing slash; "" for the root
  size_t path_len;
  const char *name;  // last segment, points into path
  size_t name_len;
  app_kind_t kind;
  uint32_t parent;  // the root is its own parent
} app_node_t;

typedef struct {
  app_node_t *nodes;
  uint32_t count;
} app_tree_t;

// Builds the tree from file paths (any order; duplicates are ignored). Takes copies.
// Returns 0, or -1 when out of memory.
int app_tree_build(app_tree_t *tree, const char *const *paths, const size_t *lens, size_t count);
void app_tree_free(app_tree_t *tree);

// The node with exactly this relative path, or -1.
int64_t app_tree_find(const app_tree_t *tree, const char *path, size_t len);

// Resolves `path` (relative, `/`-separated, `.` and `..` allowed) from directory node `from`.
app_status_t app_tree_resolve(const app_tree_t *tree, uint32_t from, const char *path, size_t len,
                              uint32_t *node);

// The children of directory `dir` in path order: call with *cursor = 0 and repeat while it
// returns 1; each call stores the next child in *child.
int app_tree_next_child(const app_tree_t *tree, uint32_t dir, uint32_t *cursor, uint32_t *child);

#endif
