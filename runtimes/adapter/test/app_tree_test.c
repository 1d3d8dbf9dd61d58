// Native unit test of the /app tree: cc -I../src app_tree_test.c ../src/app_tree.c
#include <stdio.h>
#include <string.h>

#include "app_tree.h"

static int failures;
#define CHECK(cond) do { if (!(cond)) { printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); failures++; } } while (0)

static app_status_t resolve(const app_tree_t *t, uint32_t from, const char *p, uint32_t *node) {
  return app_tree_resolve(t, from, p, strlen(p), node);
}

static const char *children(const app_tree_t *t, uint32_t dir) {
  static char out[512];
  out[0] = 0;
  uint32_t cursor = 0, child;
  while (app_tree_next_child(t, dir, &cursor, &child)) {
    strncat(out, t->nodes[child].name, t->nodes[child].name_len);
    strcat(out, t->nodes[child].kind == APP_DIRECTORY ? "/ " : " ");
  }
  return out;
}

int main(void) {
  const char *paths[] = {"main.py", "a-b", "a/x.py", "a/b/c.txt", "a.txt", "data/x.db", "main.py"};
  size_t lens[7];
  for (int i = 0; i < 7; i++) lens[i] = strlen(paths[i]);
  app_tree_t t;
  CHECK(app_tree_build(&t, paths, lens, 7) == 0);
  CHECK(t.count == 10);  // the root, a, a-b, a.txt, a/b, a/b/c.txt, a/x.py, data, data/x.db, main.py
  uint32_t n, a;
  CHECK(resolve(&t, 0, "a", &a) == APP_OK && t.nodes[a].kind == APP_DIRECTORY);
  CHECK(resolve(&t, 0, "a/b/c.txt", &n) == APP_OK && t.nodes[n].kind == APP_FILE);
  CHECK(resolve(&t, a, "b/../x.py", &n) == APP_OK && strcmp(t.nodes[n].path, "a/x.py") == 0);
  CHECK(resolve(&t, a, "..", &n) == APP_OK && n == 0);
  CHECK(resolve(&t, 0, "./a//b/", &n) == APP_OK && strcmp(t.nodes[n].path, "a/b") == 0);
  CHECK(resolve(&t, 0, "", &n) == APP_OK && n == 0);
  CHECK(resolve(&t, 0, "..", &n) == APP_NOT_PERMITTED);
  CHECK(resolve(&t, a, "../../etc/passwd", &n) == APP_NOT_PERMITTED);
  CHECK(resolve(&t, 0, "/etc", &n) == APP_NOT_PERMITTED);
  CHECK(resolve(&t, 0, "nope", &n) == APP_NO_ENTRY);
  CHECK(resolve(&t, 0, "a/nope/x", &n) == APP_NO_ENTRY);
  CHECK(resolve(&t, 0, "main.py/x", &n) == APP_NOT_DIRECTORY);
  CHECK(resolve(&t, 0, "main.py/", &n) == APP_NOT_DIRECTORY);
  CHECK(app_tree_resolve(&t, 0, "a\0b", 3, &n) == APP_INVALID);
  CHECK(strcmp(children(&t, 0), "a/ a-b a.txt data/ main.py ") == 0);
  CHECK(strcmp(children(&t, a), "b/ x.py ") == 0);
  CHECK(resolve(&t, 0, "main.py", &n) == APP_OK && strcmp(children(&t, n), "") == 0);
  CHECK(t.nodes[a].parent == 0 && t.nodes[0].parent == 0);
  app_tree_free(&t);
  CHECK(app_tree_build(&t, NULL, NULL, 0) == 0 && t.count == 1 && strcmp(children(&t, 0), "") == 0);
  app_tree_free(&t);
  printf("app_tree_test: %s\n", failures ? "FAILED" : "ok");
  return failures != 0;
}
