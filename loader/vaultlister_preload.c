/* vaultlister_preload.so — registers the vaultlister extension in a process that links the
 * system libsqlite3, without changing that program:
 *
 *     LD_PRELOAD=/usr/local/lib/vaultlister_preload.so some-program ...
 *
 * Every connection the program then opens (sqlite3_open, sqlite3_open16, sqlite3_open_v2) has
 * the vaultlister functions and modules, exactly as if it had run `.load vaultlister`. This is
 * how a dqlite node (dqlite-demo, or any go-dqlite / libdqlite application) gets the extension:
 * dqlite cannot call load_extension() from SQL.
 *
 * Why lazily, on the first open: sqlite3_auto_extension() initializes SQLite, and a program
 * that calls sqlite3_config() at start-up (go-dqlite does: it selects the threading mode) fails
 * if SQLite is already initialized. Waiting until the program opens its first connection means
 * its configuration is done. pthread_once makes the registration happen exactly once even when
 * the first opens race on several threads.
 *
 * Which library: $VAULTLISTER_EXTENSION (a path, with or without ".so"), else vaultlister.so
 * next to this file. If it cannot be loaded, the open itself fails with SQLITE_ERROR and a
 * message on stderr: a node silently running without the extension would write rows that its
 * peers' triggers were supposed to check.
 *
 * This file links libsqlite3 (it lives in a host that has it); vaultlister.so itself never does. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int (*open_v2_fn)(const char*, sqlite3**, int, const char*);
typedef int (*open_fn)(const char*, sqlite3**);
typedef int (*open16_fn)(const void*, sqlite3**);
typedef int (*init_fn)(sqlite3*, char**, const sqlite3_api_routines*);

static pthread_once_t g_once = PTHREAD_ONCE_INIT;
static int g_status = SQLITE_ERROR; /* result of the one registration */
static open_v2_fn g_open_v2;        /* the host's own entry points, past this library */
static open_fn g_open;
static open16_fn g_open16;

/* Returns a dlopen handle for the extension, or NULL with the reason on stderr. */
static void* open_extension(void) {
  const char* env = getenv("VAULTLISTER_EXTENSION");
  char path[4096];
  if (env && *env) {
    size_t n = strlen(env);
    int has_suffix = n > 3 && strcmp(env + n - 3, ".so") == 0;
    if (snprintf(path, sizeof path, "%s%s", env, has_suffix ? "" : ".so") >= (int)sizeof path) {
      fprintf(stderr, "vaultlister: preload: VAULTLISTER_EXTENSION is too long\n");
      return NULL;
    }
  } else {
    Dl_info self;
    if (!dladdr((void*)&open_extension, &self) || !self.dli_fname) {
      fprintf(stderr, "vaultlister: preload: cannot find my own path (set VAULTLISTER_EXTENSION)\n");
      return NULL;
    }
    const char* slash = strrchr(self.dli_fname, '/');
    int dir_len = slash ? (int)(slash - self.dli_fname) : 1;
    const char* dir = slash ? self.dli_fname : ".";
    if (snprintf(path, sizeof path, "%.*s/vaultlister.so", dir_len, dir) >= (int)sizeof path) {
      fprintf(stderr, "vaultlister: preload: path too long\n");
      return NULL;
    }
  }
  void* handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  if (!handle) fprintf(stderr, "vaultlister: preload: cannot load %s: %s\n", path, dlerror());
  return handle;
}

/* Runs once, on the first open of any kind. */
static void setup(void) {
  g_open_v2 = (open_v2_fn)dlsym(RTLD_NEXT, "sqlite3_open_v2");
  g_open = (open_fn)dlsym(RTLD_NEXT, "sqlite3_open");
  g_open16 = (open16_fn)dlsym(RTLD_NEXT, "sqlite3_open16");
  if (!g_open_v2 || !g_open || !g_open16) {
    fprintf(stderr, "vaultlister: preload: the host's libsqlite3 open functions were not found\n");
    return;
  }
  void* handle = open_extension();
  if (!handle) return;
  init_fn init = (init_fn)dlsym(handle, "sqlite3_vaultlister_init");
  if (!init) {
    fprintf(stderr, "vaultlister: preload: sqlite3_vaultlister_init not found: %s\n", dlerror());
    return;
  }
  /* The handle stays open for the life of the process: every later connection calls init. */
  g_status = sqlite3_auto_extension((void (*)(void))init);
  if (g_status != SQLITE_OK)
    fprintf(stderr, "vaultlister: preload: sqlite3_auto_extension failed (%s)\n",
            sqlite3_errstr(g_status));
}

static int ready(sqlite3** out) {
  pthread_once(&g_once, setup);
  if (g_status != SQLITE_OK && out) *out = NULL;
  return g_status == SQLITE_OK;
}

__attribute__((visibility("default"))) int sqlite3_open_v2(const char* filename, sqlite3** db,
                                                            int flags, const char* vfs) {
  return ready(db) ? g_open_v2(filename, db, flags, vfs) : SQLITE_ERROR;
}

__attribute__((visibility("default"))) int sqlite3_open(const char* filename, sqlite3** db) {
  return ready(db) ? g_open(filename, db) : SQLITE_ERROR;
}

__attribute__((visibility("default"))) int sqlite3_open16(const void* filename, sqlite3** db) {
  return ready(db) ? g_open16(filename, db) : SQLITE_ERROR;
}
