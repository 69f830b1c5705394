/* A program that embeds dqlite itself (libdqlite's C API) and registers vaultlister with one
 * call, instead of LD_PRELOAD. docs/multi-node.md shows this code; tests/dqlite/run.sh compiles
 * it, starts it as a one-node cluster and speaks SQL to it with the dqlite shell.
 *
 * usage: embedded_node <address> <data dir> <path of vaultlister.so>
 * Runs until killed. */
#include <dlfcn.h>
#include <dqlite.h>
#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

/* Every SQLite connection opened after this call (dqlite's own included) gets the extension.
 * Call it once the node has started: by then the host has configured SQLite (go-dqlite's
 * sqlite3_config fails once SQLite is initialized, and sqlite3_auto_extension initializes it). */
static int register_vaultlister(const char* path) {
  void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL); /* kept open for the process's life */
  if (!handle) {
    fprintf(stderr, "vaultlister: %s\n", dlerror());
    return SQLITE_ERROR;
  }
  void (*init)(void) = (void (*)(void))dlsym(handle, "sqlite3_vaultlister_init");
  return init ? sqlite3_auto_extension(init) : SQLITE_ERROR;
}

int main(int argc, char** argv) {
  if (argc != 4) {
    fprintf(stderr, "usage: %s <address> <data dir> <vaultlister.so>\n", argv[0]);
    return 2;
  }
  dqlite_node* node;
  if (dqlite_node_create(1, argv[1], argv[2], &node) != 0 ||
      dqlite_node_set_bind_address(node, argv[1]) != 0 || dqlite_node_start(node) != 0) {
    fprintf(stderr, "dqlite: cannot start the node on %s\n", argv[1]);
    return 1;
  }
  if (register_vaultlister(argv[3]) != SQLITE_OK) return 1;
  fprintf(stderr, "node running on %s with vaultlister registered\n", argv[1]);
  for (;;) pause();
}
