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
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <cstring>
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

struct CtxFree {
  void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

CipherCtx new_ctx() {
  CipherCtx c(EVP_CIPHER_CTX_new());
  if (!c) throw std::bad_alloc();
  return c;
}

// The connection's keys (ConnState::keys). Replaced whole by vl_set_key, so
// a call that copied the shared_ptr keeps a consistent pair; Key's destructor
// wipes the bytes when the last owner lets go (replacement or close).
//
// With each key the ring keeps AES-256-GCM contexts keyed once (created on
// first use): a call only gives the context its IV, so the AES key schedule
// and the GHASH table are not recomputed per value. They are as secret as the
// key; EVP_CIPHER_CTX_free has OpenSSL's GCM implementation wipe them
// (OPENSSL_clear_free), and they are freed with the ring, like the keys.
//
// Thread safety: a cached context is mutable state shared by every call on
// the connection, with no lock. That is sound because SQLite runs one
// connection's functions on one thread at a time (in serialized mode the
// connection mutex is held for the whole sqlite3_step; in multi-thread mode a
// connection must not be used from two threads at once), nothing between a
// context's IV and its tag calls back into SQLite (so no nested call can use
// it halfway), and a ring belongs to one connection (ConnState), never shared
// with another. A process-global cache would need a lock; this one must not
// leave its connection.
struct KeyRing {
  KeyReadings current;
  std::optional<KeyReadings> previous;
  CipherCtx encrypt_ctx;  // for current.primary
  // Decrypt contexts in trial order: current primary, current legacy,
  // previous primary, previous legacy.
  CipherCtx decrypt_ctx[4];
};

// A key and the slot of its cached context. `slot` belongs to the ring, or to
// the call for a key given as an argument or read from the environment.
struct Trial {
  const Key* key;
  CipherCtx* slot;
};

// The context in *slot, created and keyed for `key` (GCM, 12-byte IV) when
// the slot is empty. nullptr when OpenSSL refuses.
EVP_CIPHER_CTX* keyed_gcm(CipherCtx* slot, const Key& key, int enc) {
  if (!*slot) {
    CipherCtx c = new_ctx();
    if (EVP_CipherInit_ex(c.get(), EVP_aes_256_gcm(), nullptr, nullptr, nullptr, enc) != 1 ||
        EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_SET_IVLEN, kGcmIv, nullptr) != 1 ||
        EVP_CipherInit_ex(c.get(), nullptr, nullptr, key.data(), nullptr, enc) != 1)
      return nullptr;
    *slot = std::move(c);
  }
  return slot->get();
}

// Result text in memory from sqlite3_malloc64, handed to SQLite without a
// copy (sqlite3_result_text64 with a destructor). Plaintext is wiped before
// it is freed, by us on failure and by SQLite's call of wipe_free otherwise.
void wipe_free(void* p) {
  if (p == nullptr) return;
  OPENSSL_cleanse(p, static_cast<size_t>(sqlite3_msize(p)));
  sqlite3_free(p);
}
struct SqliteFree {
  void operator()(char* p) const { sqlite3_free(p); }
};
struct SqliteWipeFree {
  void operator()(char* p) const { wipe_free(p); }
};
using ResultBuf = std::unique_ptr<char, SqliteFree>;
using SecretResultBuf = std::unique_ptr<char, SqliteWipeFree>;

template <class Buf>
Buf result_alloc(size_t n) {
  // +1: never a zero-byte request (sqlite3_malloc64(0) is NULL), and room
  // for a terminating NUL.
  Buf b(static_cast<char*>(sqlite3_malloc64(n + 1)));
  if (!b) throw std::bad_alloc();
  return b;
}

// A key argument: NULL is handled by the caller (it means "the default key").
// Numbers are refused: a key that SQLite would turn into digits is a mistake.
KeyReadings key_arg(std::string_view fn, std::string_view what, sqlite3_value* v) {
  switch (sqlite3_value_type(v)) {
    case SQLITE_BLOB: {
      const auto* p = static_cast<const unsigned char*>(sqlite3_value_blob(v));
      size_t n = static_cast<size_t>(sqlite3_value_bytes(v));
      if (p == nullptr && n > 0) throw std::bad_alloc();
      return key_from_blob(fn, what, p, n);
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
  CipherCtx own_ctx[2];            // contexts for `own`, freed with the call

  // Fills out (room for 4) and returns how many.
  size_t trial_order(Trial* out) {
    size_t n = 0;
    if (own) {
      out[n++] = {&own->primary, &own_ctx[0]};
      if (own->legacy) out[n++] = {&*own->legacy, &own_ctx[1]};
    }
    if (ring) {
      out[n++] = {&ring->current.primary, &ring->decrypt_ctx[0]};
      if (ring->current.legacy) out[n++] = {&*ring->current.legacy, &ring->decrypt_ctx[1]};
      if (ring->previous) {
        out[n++] = {&ring->previous->primary, &ring->decrypt_ctx[2]};
        if (ring->previous->legacy) out[n++] = {&*ring->previous->legacy, &ring->decrypt_ctx[3]};
      }
    }
    return n;
  }
  Trial for_encrypt() {
    if (own) return {&own->primary, &own_ctx[0]};
    return {&ring->current.primary, &ring->encrypt_ctx};
  }
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
    size_t n = static_cast<size_t>(sqlite3_value_bytes(argv[2]));
    if (p == nullptr && n > 0) throw std::bad_alloc();
    return std::string_view(p ? p : "", n);
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

// Writes `gcm:<iv>:<tag>:<ciphertext>` (kGcmHead + 2 * plain.size() chars)
// straight into one result buffer: the ciphertext is encrypted into the
// buffer's tail and hex-encoded forward from there in place.
constexpr size_t kGcmHead = 4 + 2 * kGcmIv + 1 + 2 * kGcmTag + 1;  // 62

ResultBuf gcm_encrypt(Trial t, std::string_view plain, std::string_view aad) {
  unsigned char iv[kGcmIv];
  if (RAND_bytes(iv, sizeof iv) != 1)
    throw Error("encrypt", "the random generator failed", "a working OpenSSL CSPRNG");
  const size_t n = plain.size();
  ResultBuf buf = result_alloc<ResultBuf>(kGcmHead + 2 * n);
  char* out = buf.get();
  auto* ct = reinterpret_cast<unsigned char*>(out + kGcmHead + n);
  ERR_clear_error();
  EVP_CIPHER_CTX* c = keyed_gcm(t.slot, *t.key, 1);
  int len = 0, total = 0;
  bool ok = c != nullptr && EVP_EncryptInit_ex(c, nullptr, nullptr, nullptr, iv) == 1;
  if (ok && !aad.empty())
    ok = EVP_EncryptUpdate(c, nullptr, &len, bytes(aad), int_len("encrypt", aad.size())) == 1;
  if (ok && n != 0) {
    ok = EVP_EncryptUpdate(c, ct, &len, bytes(plain), int_len("encrypt", n)) == 1;
    total = len;
  }
  if (ok) {
    ok = EVP_EncryptFinal_ex(c, ct + total, &len) == 1;  // GCM: no bytes
    total += len;
  }
  unsigned char tag[kGcmTag];
  if (ok) ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, kGcmTag, tag) == 1;
  if (!ok || static_cast<size_t>(total) != n) {
    t.slot->reset();  // a context in an unknown state is not reused
    openssl_failed("encrypt", "OpenSSL could not encrypt", "AES-256-GCM from OpenSSL 3");
  }
  std::memcpy(out, "gcm:", 4);
  char* w = hex_encode_to(iv, sizeof iv, out + 4);
  *w++ = ':';
  w = hex_encode_to(tag, sizeof tag, w);
  *w++ = ':';
  w = hex_encode_to(ct, n, w);  // the source sits n bytes past w: safe in place
  *w = '\0';
  return buf;
}

struct Envelope {
  bool gcm = false;
  unsigned char iv[kCbcIv];  // kGcmIv used for gcm
  unsigned char tag[kGcmTag];
  std::vector<unsigned char> body;
};

// Syntax only: nothing here depends on the key, so its own message is safe.
void parse_envelope(std::string_view s, Envelope* e) {
  std::string_view parts[3];
  size_t count = 0;
  std::string_view rest = s;
  if (rest.substr(0, 4) == "gcm:") {
    e->gcm = true;
    rest.remove_prefix(4);
  }
  for (size_t p; (p = rest.find(':')) != std::string_view::npos;) {
    if (count == 2) {  // a third ':' (a fourth with "gcm:"): too many parts
      count = 4;
      break;
    }
    parts[count++] = rest.substr(0, p);
    rest.remove_prefix(p + 1);
  }
  if (count < 3) parts[count++] = rest;
  bool ok;
  if (e->gcm) {
    ok = count == 3 && parts[0].size() == 2 * kGcmIv && parts[1].size() == 2 * kGcmTag &&
         parts[2].size() % 2 == 0 && hex_decode_unchecked(parts[0], e->iv) &&
         hex_decode_unchecked(parts[1], e->tag);
    if (ok) {
      e->body.resize(parts[2].size() / 2);
      ok = hex_decode_unchecked(parts[2], e->body.data());
    }
  } else {
    ok = count == 2 && parts[0].size() == 2 * kCbcIv && !parts[1].empty() &&
         parts[1].size() % 2 == 0 && hex_decode_unchecked(parts[0], e->iv);
    if (ok) {
      e->body.resize(parts[1].size() / 2);
      ok = hex_decode_unchecked(parts[1], e->body.data());
    }
  }
  if (!ok) throw Error("decrypt", "ciphertext is not an encrypted value", kEnvelopeExpected);
}

// Decrypts into out (room for e.body.size() bytes). False when the tag does
// not match (or OpenSSL fails); out then holds bytes to be wiped.
bool gcm_open(Trial t, const Envelope& e, std::string_view aad, unsigned char* out,
              size_t* out_len) {
  ERR_clear_error();
  EVP_CIPHER_CTX* c = keyed_gcm(t.slot, *t.key, 0);
  int n = 0, total = 0;
  bool ok = c != nullptr && EVP_DecryptInit_ex(c, nullptr, nullptr, nullptr, e.iv) == 1;
  if (ok && !aad.empty())
    ok = EVP_DecryptUpdate(c, nullptr, &n, bytes(aad), int_len("decrypt", aad.size())) == 1;
  if (ok && !e.body.empty()) {
    ok = EVP_DecryptUpdate(c, out, &n, e.body.data(), int_len("decrypt", e.body.size())) == 1;
    total = n;
  }
  // SET_TAG takes a non-const pointer; OpenSSL copies the tag.
  unsigned char tag[kGcmTag];
  std::memcpy(tag, e.tag, kGcmTag);
  if (ok) ok = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, kGcmTag, tag) == 1;
  if (!ok) {
    // Not a wrong tag (only the final step depends on the key): OpenSSL
    // itself failed. Start afresh next time, and say what happened.
    t.slot->reset();
    openssl_failed("decrypt", "OpenSSL could not decrypt", "AES-256-GCM from OpenSSL 3");
  }
  // A wrong key or aad fails here, and the context stays good for the next
  // IV: the one expected failure of trying the keys in turn.
  if (EVP_DecryptFinal_ex(c, out + total, &n) != 1) return false;
  *out_len = static_cast<size_t>(total + n);
  return true;
}

// Every way this can fail returns the same false (see the file comment).
// out has room for e.body.size() + kBlock bytes.
bool cbc_open(const Key& key, const Envelope& e, unsigned char* out, size_t* out_len) {
  if (e.body.empty() || e.body.size() % kBlock != 0) return false;
  ERR_clear_error();
  CipherCtx c = new_ctx();
  int n = 0, total = 0;
  // Init and Update do not depend on the key being right; only the padding
  // check in Final does, and that is the one uniform false below.
  if (EVP_DecryptInit_ex(c.get(), EVP_aes_256_cbc(), nullptr, key.data(), e.iv) != 1 ||
      EVP_DecryptUpdate(c.get(), out, &n, e.body.data(), int_len("decrypt", e.body.size())) != 1)
    openssl_failed("decrypt", "OpenSSL could not decrypt", "AES-256-CBC from OpenSSL 3");
  total = n;
  if (EVP_DecryptFinal_ex(c.get(), out + total, &n) != 1) return false;
  *out_len = static_cast<size_t>(total + n);
  // Unauthenticated: a wrong key passes the padding check about once in 256
  // tries, and then yields bytes that are almost never UTF-8.
  return valid_utf8(reinterpret_cast<const char*>(out), *out_len);
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
  ResultBuf env = gcm_encrypt(keys.for_encrypt(), plain, aad);
  // SQLite owns the buffer from here, and frees it even if it refuses it.
  sqlite3_result_text64(ctx, env.release(), kGcmHead + 2 * plain.size(), sqlite3_free,
                        SQLITE_UTF8);
}

void decrypt(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity("decrypt", argc, 1, 3, "decrypt(ciphertext [, key [, aad]])");
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  Envelope e;
  parse_envelope(arg_text("decrypt", "ciphertext", argv[0]), &e);
  CallKeys keys = call_keys(ctx, "decrypt", argc, argv);
  std::string_view aad = aad_arg("decrypt", argc, argv);
  if (!e.gcm && !aad.empty()) {
    throw Error("decrypt", "aad given for a legacy cbc value",
                "no aad: legacy values were written without one");
  }
  // Decrypted straight into the result buffer; wiped when freed, by us if
  // this throws, by SQLite (wipe_free) once it is the result.
  SecretResultBuf plain = result_alloc<SecretResultBuf>(e.body.size() + (e.gcm ? 0 : kBlock));
  auto* out = reinterpret_cast<unsigned char*>(plain.get());
  Trial trials[4];
  size_t count = keys.trial_order(trials);
  for (size_t i = 0; i < count; ++i) {
    size_t len = 0;
    if (e.gcm ? gcm_open(trials[i], e, aad, out, &len) : cbc_open(*trials[i].key, e, out, &len)) {
      // GCM proved the bytes are what was encrypted; only text goes in.
      if (!valid_utf8(plain.get(), len))
        throw Error("decrypt", "the decrypted value is not valid UTF-8",
                    "a value encrypted from text");
      plain.get()[len] = '\0';
      return sqlite3_result_text64(ctx, plain.release(), len, wipe_free, SQLITE_UTF8);
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
