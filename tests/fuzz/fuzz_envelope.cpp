// Envelopes: decrypt() on arbitrary text, the v2 form, the gcm:<iv>:<tag>:<ct>
// form and the legacy <iv>:<ct> form (with legacy reading off, then on), with
// an optional key and aad. Input: "<value>\x1f<key>\x1f<aad>".
#include <cstdint>
#include <string>

#include "tests/fuzz/fuzz_sql.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 8192) return 0;
  static sqlite3* db = vlfuzz::open_memory(false);
  std::string part[3];
  int n = vlfuzz::split(data, size, part, 3);
  if (n < 2) part[1] = "a passphrase of at least thirty-two characters";
  vlfuzz::run(db, "SELECT vl_legacy_cbc(0)", part, 0);
  vlfuzz::run(db, "SELECT decrypt(?1, ?2, ?3)", part, 3);
  vlfuzz::run(db, "SELECT vl_legacy_cbc(1)", part, 0);
  vlfuzz::run(db, "SELECT decrypt(?1, ?2, ?3)", part, 3);
  vlfuzz::run(db, "SELECT decrypt(encrypt(?1, ?2, ?3), ?2, ?3) IS ?1", part, 3);
  return 0;
}
