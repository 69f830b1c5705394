// encrypt(plaintext [, key [, aad]]), decrypt(ciphertext [, key [, aad]]),
// vl_set_key(key [, previous_key]): the secrets of shops.credentials and the
// OAuth tokens (api.md, Secrets; legacy forms in legacy-databases.md).
//
// Envelopes: `gcm:<iv 24 hex>:<tag 32 hex>:<ciphertext hex>` (AES-256-GCM,
// written and read) and the legacy `<iv 32 hex>:<ciphertext hex>`
// (AES-256-CBC, PKCS#7; read only, because it is unauthenticated).
//
// Every failure to open a value once its envelope has been recognised says
// the same words (kAuthFailed), whatever went wrong: for CBC that is what
// keeps decrypt from being a padding oracle (bad padding, a wrong block
// count, a wrong key and plaintext that is not UTF-8 all look alike), and for
// GCM nothing more can be known anyway. Only key-independent envelope syntax
// gets its own message.
//
// All three are DIRECTONLY (registry.cpp, kSecret): a view or trigger stored
// in a database file could otherwise decrypt secrets, or swap the key, as a
// side effect of an innocent-looking SELECT by the user.
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <memory>
#include <vector>

#include "core/function.h"
#include "core/hex.h"
#include "functions/functions.h"

namespace vl::fn {
namespace {

constexpr size_t kGcmIv = 12, kGcmTag = 16, kCbcIv = 16, kBlock = 16;
constexpr std::string_view kAuthFailed = "authentication failed";
constexpr std::string_view kAuthExpected = "the key and aad the value was encrypted with";
constexpr std::string_view kEnvelopeExpected =
    "gcm:<iv 24 hex>:<tag 32 hex>:<ciphertext hex>, or the legacy <iv 32 hex>:<ciphertext hex>";
constexpr std::string_view kNoKeyExpected =
    "a key argument, vl_set_key(key), or the VAULTLISTER_KEY environment variable";

// The connection's keys (ConnState::keys). Replaced whole by vl_set_key, so
// a call that copied the shared_ptr keeps a consistent pair; Key's destructor
// wipes the bytes when the last owner lets go (replacement or close).
struct KeyRing {
  KeyReadings current;
  std::optional<KeyReadings> previous;
};

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

CipherCtx new_ctx() {
  CipherCtx c(EVP_CIPHER_CTX_new());
  if (!c) throw std::bad_alloc();
  return c;
}

// A key argument: NULL is handled by the caller (it means "the default key").
// Numbers are refused: a key that SQLite would turn into digits is a mistake.
KeyReadings key_arg(std::string_view fn, std::string_view what, sqlite3_value* v) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_BLOB: {
      const auto* p = static_cast<const unsigned char*>(sqlite3_value_blob(v));
      return key_from_blob(fn, what, p, static_cast<size_t>(sqlite3_value_bytes(v)));
    }
    case SQLITE_TEXT: {
      const char* p = reinterpret_cast<const char*>(sqlite3_value_text(v));
      if (p == nullptr) throw std::bad_alloc();
      return key_from_text(fn, what,
                           std::string_view(p, static_cast<size_t>(sqlite3_value_bytes(v))));
    }
    default:
      throw Error(fn, std::string(what) + " is a number", kKeyExpected);
  }
}

// The keys one call may use, in the order decrypt tries them.
struct CallKeys {
  std::shared_ptr<KeyRing> ring;   // the connection's, held for the call
  std::optional<KeyReadings> own;  // from the argument or the environment
  std::vector<const Key*> trial_order() const {
    std::vector<const Key*> out;
    auto add = [&out](const KeyReadings& r) {
      out.push_back(&r.primary);
      if (r.legacy) out.push_back(&*r.legacy);
    };
    if (own) add(*own);
    if (ring) {
      add(ring->current);
      if (ring->previous) add(*ring->previous);
    }
    return out;
  }
  const Key& for_encrypt() const { return own ? own->primary : ring->current.primary; }
};

CallKeys call_keys(sqlite3_context* ctx, std::string_view fn, int argc, sqlite3_value** argv) {
  CallKeys k;
  if (argc >= 2 && !is_null(argv[1])) {
    k.own = key_arg(fn, "key", argv[1]);
    return k;
  }
  ConnState& st = conn_state(ctx);
  if (st.keys) {
    k.ring = std::static_pointer_cast<KeyRing>(st.keys);
    return k;
  }
  if (const char* env = std::getenv("VAULTLISTER_KEY")) {
    k.own = key_from_text(fn, "VAULTLISTER_KEY", env);
    return k;
  }
  throw Error(fn, "no key", kNoKeyExpected);
}

// aad: text (numbers read as text, so a shop id binds as its digits) or a
// blob's bytes. NULL or absent means none; GCM treats an empty aad the same.
std::string_view aad_arg(std::string_view fn, int argc, sqlite3_value** argv) {
  if (argc < 3 || is_null(argv[2])) return {};
  if (sqlite3_value_type(argv[2]) == SQLITE_BLOB) {
    const char* p = static_cast<const char*>(sqlite3_value_blob(argv[2]));
    return std::string_view(p ? p : "", static_cast<size_t>(sqlite3_value_bytes(argv[2])));
  }
  return arg_text(fn, "aad", argv[2]);
}

const unsigned char* bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

// OpenSSL's update calls take an int length; SQLite's own limit keeps values
// far below that, but say so rather than truncate.
int int_len(std::string_view fn, size_t n) {
  if (n > 0x7fffffff) throw Error(fn, "value is too long", "less than 2 GiB");
  return static_cast<int>(n);
}

std::string gcm_encrypt(const Key& key, std::string_view plain, std::string_view aad) {
  unsigned char iv[kGcmIv];
  if (RAND_bytes(iv, sizeof iv) != 1)
    throw Error("encrypt", "the random generator failed", "a working OpenSSL CSPRNG");
  CipherCtx c = new_ctx();
  std::vector<unsigned char> out(plain.size() + kBlock);
  int n = 0, total = 0;
  bool ok = EVP_EncryptInit_ex(c.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) == 1 &&
            EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_SET_IVLEN, kGcmIv, nullptr) == 1 &&
            EVP_EncryptInit_ex(c.get(), nullptr, nullptr, key.data(), iv) == 1;
  if (ok && !aad.empty())
    ok = EVP_EncryptUpdate(c.get(), nullptr, &n, bytes(aad), int_len("encrypt", aad.size())) == 1;
  if (ok && !plain.empty()) {
    ok = EVP_EncryptUpdate(c.get(), out.data(), &n, bytes(plain),
                           int_len("encrypt", plain.size())) == 1;
    total = n;
  }
  if (ok) {
    ok = EVP_EncryptFinal_ex(c.get(), out.data() + total, &n) == 1;
    total += n;
  }
  unsigned char tag[kGcmTag];
  if (ok) ok = EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_GET_TAG, kGcmTag, tag) == 1;
  if (!ok) throw Error("encrypt", "OpenSSL could not encrypt", "AES-256-GCM from OpenSSL 3");
  std::string env;
  env.reserve(4 + 2 * (kGcmIv + kGcmTag) + 2 + 2 * static_cast<size_t>(total));
  env += "gcm:";
  env += hex_encode(iv, sizeof iv);
  env += ':';
  env += hex_encode(tag, sizeof tag);
  env += ':';
  env += hex_encode(out.data(), static_cast<size_t>(total));
  return env;
}

struct Envelope {
  bool gcm = false;
  std::vector<unsigned char> iv, tag, body;
};

bool decode_into(std::string_view hex, std::vector<unsigned char>* out) {
  out->resize(hex.size() / 2);
  return hex_decode(hex, out->data());
}

// Syntax only: nothing here depends on the key, so its own message is safe.
Envelope parse_envelope(std::string_view s) {
  Envelope e;
  std::vector<std::string_view> parts;
  std::string_view rest = s;
  if (rest.substr(0, 4) == "gcm:") {
    e.gcm = true;
    rest.remove_prefix(4);
  }
  for (size_t p; (p = rest.find(':')) != std::string_view::npos;) {
    parts.push_back(rest.substr(0, p));
    rest.remove_prefix(p + 1);
  }
  parts.push_back(rest);
  bool ok;
  if (e.gcm) {
    ok = parts.size() == 3 && parts[0].size() == 2 * kGcmIv && parts[1].size() == 2 * kGcmTag &&
         decode_into(parts[0], &e.iv) && decode_into(parts[1], &e.tag) &&
         decode_into(parts[2], &e.body);
  } else {
    ok = parts.size() == 2 && parts[0].size() == 2 * kCbcIv && !parts[1].empty() &&
         decode_into(parts[0], &e.iv) && decode_into(parts[1], &e.body);
  }
  if (!ok) throw Error("decrypt", "ciphertext is not an encrypted value", kEnvelopeExpected);
  return e;
}

bool gcm_open(const Key& key, const Envelope& e, std::string_view aad, SecretBuffer* out) {
  CipherCtx c = new_ctx();
  out->reset(e.body.size() + kBlock);
  int n = 0, total = 0;
  if (EVP_DecryptInit_ex(c.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_SET_IVLEN, kGcmIv, nullptr) != 1 ||
      EVP_DecryptInit_ex(c.get(), nullptr, nullptr, key.data(), e.iv.data()) != 1)
    return false;
  if (!aad.empty() &&
      EVP_DecryptUpdate(c.get(), nullptr, &n, bytes(aad), int_len("decrypt", aad.size())) != 1)
    return false;
  if (!e.body.empty()) {
    if (EVP_DecryptUpdate(c.get(), out->data(), &n, e.body.data(),
                          int_len("decrypt", e.body.size())) != 1)
      return false;
    total = n;
  }
  // SET_TAG takes a non-const pointer; OpenSSL copies the tag.
  std::vector<unsigned char> tag = e.tag;
  if (EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_SET_TAG, kGcmTag, tag.data()) != 1) return false;
  if (EVP_DecryptFinal_ex(c.get(), out->data() + total, &n) != 1) return false;
  out->shrink(static_cast<size_t>(total + n));
  return true;
}

// Every way this can fail returns the same false (see the file comment).
bool cbc_open(const Key& key, const Envelope& e, SecretBuffer* out) {
  if (e.body.empty() || e.body.size() % kBlock != 0) return false;
  CipherCtx c = new_ctx();
  out->reset(e.body.size() + kBlock);
  int n = 0, total = 0;
  if (EVP_DecryptInit_ex(c.get(), EVP_aes_256_cbc(), nullptr, key.data(), e.iv.data()) != 1 ||
      EVP_DecryptUpdate(c.get(), out->data(), &n, e.body.data(),
                        int_len("decrypt", e.body.size())) != 1)
    return false;
  total = n;
  if (EVP_DecryptFinal_ex(c.get(), out->data() + total, &n) != 1) return false;
  out->shrink(static_cast<size_t>(total + n));
  // Unauthenticated: a wrong key passes the padding check about once in 256
  // tries, and then yields bytes that are almost never UTF-8.
  return valid_utf8(reinterpret_cast<const char*>(out->data()), out->size());
}

// The longest text the connection accepts, so an oversized envelope is our
// error instead of SQLite's "string or blob too big".
size_t length_limit(sqlite3_context* ctx) {
  sqlite3* db = sqlite3_context_db_handle(ctx);
  return static_cast<size_t>(sqlite3_limit(db, SQLITE_LIMIT_LENGTH, -1));
}

}  // namespace

void encrypt(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity("encrypt", argc, 1, 3, "encrypt(plaintext [, key [, aad]])");
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  std::string_view plain = arg_text("encrypt", "plaintext", argv[0]);
  size_t envelope = 4 + 2 * (kGcmIv + kGcmTag) + 2 + 2 * plain.size();
  if (envelope > length_limit(ctx)) {
    throw Error("encrypt", "plaintext is too long: " + std::to_string(plain.size()) + " bytes",
                "at most " + std::to_string((length_limit(ctx) - 62) / 2) +
                    " bytes, so that its encrypted form fits SQLITE_LIMIT_LENGTH");
  }
  CallKeys keys = call_keys(ctx, "encrypt", argc, argv);
  std::string_view aad = aad_arg("encrypt", argc, argv);
  result_text(ctx, gcm_encrypt(keys.for_encrypt(), plain, aad));
}

void decrypt(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity("decrypt", argc, 1, 3, "decrypt(ciphertext [, key [, aad]])");
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  Envelope e = parse_envelope(arg_text("decrypt", "ciphertext", argv[0]));
  CallKeys keys = call_keys(ctx, "decrypt", argc, argv);
  std::string_view aad = aad_arg("decrypt", argc, argv);
  if (!e.gcm && !aad.empty()) {
    throw Error("decrypt", "aad given for a legacy cbc value",
                "no aad: legacy values were written without one");
  }
  SecretBuffer plain;
  for (const Key* k : keys.trial_order()) {
    if (e.gcm ? gcm_open(*k, e, aad, &plain) : cbc_open(*k, e, &plain)) {
      // GCM proved the bytes are what was encrypted; only text goes in.
      if (!valid_utf8(reinterpret_cast<const char*>(plain.data()), plain.size()))
        throw Error("decrypt", "the decrypted value is not valid UTF-8",
                    "a value encrypted from text");
      return result_text(ctx, plain.view());
    }
  }
  throw Error("decrypt", kAuthFailed, kAuthExpected);
}

void vl_set_key(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity("vl_set_key", argc, 1, 2, "vl_set_key(key [, previous_key])");
  ConnState& st = conn_state(ctx);
  bool has_previous = argc == 2 && !is_null(argv[1]);
  if (is_null(argv[0])) {
    if (has_previous)
      throw Error("vl_set_key", "previous_key given without a key",
                  "a key, or NULL alone to clear");
    st.keys.reset();
    return sqlite3_result_int(ctx, 0);
  }
  auto ring = std::make_shared<KeyRing>();
  ring->current = key_arg("vl_set_key", "key", argv[0]);
  if (has_previous) ring->previous = key_arg("vl_set_key", "previous_key", argv[1]);
  st.keys = ring;  // the old ring, if no call holds it, is wiped here
  sqlite3_result_int(ctx, has_previous ? 2 : 1);
}

}  // namespace vl::fn
