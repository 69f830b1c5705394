// Keys and hex (ext/core/hex.h): the three readings of a key argument and the
// hex codec every envelope goes through. Input: the key text (first byte
// selects text or blob reading).
#include <cstdint>
#include <string>
#include <vector>

#include "ext/core/error.h"
#include "ext/core/hex.h"
#include "ext/secrets/keys.h"
#include "ext/secrets/openssl_error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  if (vl::is_hex(text)) {
    std::vector<unsigned char> out(text.size() / 2);
    if (!vl::hex_decode(text, out.data())) __builtin_trap();  // is_hex promised it decodes
    if (vl::hex_encode(out.data(), out.size()).size() != text.size()) __builtin_trap();
  } else if (text.size() % 2 == 0 && !text.empty()) {
    std::vector<unsigned char> out(text.size() / 2);
    vl::hex_decode(text, out.data());
  }
  try {
    if (size > 0 && (data[0] & 1)) {
      vl::KeyReadings k = vl::key_from_blob("fuzz", "key", data + 1, size - 1);
      if (size - 1 != vl::Key::kSize) __builtin_trap();  // only 32 bytes are a blob key
    } else {
      vl::KeyReadings k = vl::key_from_text("fuzz", "key", text);
      (void)k;
    }
  } catch (const vl::Error& e) {
    // A refusal never echoes the key: its message stays short whatever the
    // key's length (a few hundred bytes of fixed text and a count).
    if (std::string_view(e.what()).size() > 400) __builtin_trap();
  }
  return 0;
}
