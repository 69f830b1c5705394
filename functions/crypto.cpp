// encrypt(plaintext [, key [, aad]]), decrypt(ciphertext [, key [, aad]]),
// vl_set_key(key [, previous_key]), vl_legacy_cbc(on): the secrets of
// shops.credentials and the OAuth tokens (api.md, Secrets; docs/secrets.md;
// legacy forms in legacy-databases.md).
//
// Envelopes:
//   v2:<kind><binding>:<key id>:<salt>:<iv>:<tag>:<ciphertext>   (written)
//     kind 'r': a raw key (32-byte blob or 64 hex digits), used as it is,
//       salt empty; kind 's': a passphrase through scrypt (N=2^15, r=8, p=1)
//       with the 16-byte salt given (32 hex).
//     binding 'b': encrypted with an aad (the documented one names table,
//       column and row); 'u': without.
//     key id: 16 hex, the first 8 bytes of SHA-256 over a label and the AES
//       key (derived, for 's'): which key opens it, told without the key.
//     The header (everything before the iv) is authenticated as the first
//       bytes of the GCM aad, so none of it can be changed unnoticed.
//   gcm:<iv 24 hex>:<tag 32 hex>:<ciphertext hex>   AES-256-GCM, what Node's
//     crypto writes: still written for a raw key without aad, read with a raw
//     key or the old application's 32-byte reading of a text key.
//   <iv 32 hex>:<ciphertext hex>   the legacy AES-256-CBC (PKCS#7), read only,
//     and only after vl_legacy_cbc(1) on this connection.
//
// CBC is off by default because it is unauthenticated: success versus failure
// of decrypt on a tampered CBC value is a padding oracle, whatever the
// message says (a timing-free yes/no per call is enough). The refusal depends
// on the envelope's shape only, not on the key. Turn it on for the one-time
// conversion to GCM (docs/secrets.md), then off again.
//
// A passphrase is derived once per (passphrase, salt) per connection and the
// result kept in the connection's Secrets (wiped when dropped); a connection
// writes every value with one salt per passphrase, drawn at its first use, so
// a bulk encrypt or decrypt derives once, never per row.
//
// All four are DIRECTONLY (registry.cpp, kSecret): a view or trigger stored
// in a database file could otherwise decrypt secrets, swap the key or turn
// the CBC oracle on as a side effect of an innocent-looking SELECT.
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "ext/core/function.h"
#include "ext/core/hex.h"
#include "ext/secrets/keys.h"
#include "ext/secrets/openssl_error.h"
#include "ext/secrets/sha256.h"
#include "functions/functions.h"
#include "ext/schema_origin.h"

namespace vl::fn {
namespace {

constexpr size_t kGcmIv = 12, kGcmTag = 16, kCbcIv = 16, kBlock = 16, kSalt = 16, kKeyId = 8;
constexpr std::string_view kAuthFailed = "authentication failed";
constexpr std::string_view kAuthExpected = "the key and aad the value was encrypted with";
constexpr std::string_view kEnvelopeExpected =
    "v2:<kind><binding>:<key id>:<salt>:<iv>:<tag>:<ciphertext hex> as encrypt writes it, "
    "gcm:<iv 24 hex>:<tag 32 hex>:<ciphertext hex>, or the legacy <iv 32 hex>:<ciphertext hex>";
constexpr std::string_view kCbcOff = "legacy AES-CBC values are not read by default";
constexpr std::string_view kCbcOffExpected =
    "SELECT vl_legacy_cbc(1) first, for the one-time conversion to GCM in docs/secrets.md";
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

// The connection's keys. Replaced whole by vl_set_key, so a call that copied
// the shared_ptr keeps a consistent pair; Key's destructor wipes the bytes
// when the last owner lets go (replacement or close).
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
// it halfway), and a ring belongs to one connection (Secrets), never shared
// with another. A process-global cache would need a lock; this one must not
// leave its connection.
struct KeyRing {
  KeyReadings current;
  std::optional<KeyReadings> previous;
  std::string current_id, previous_id;  // key ids of the raw primaries
  CipherCtx encrypt_ctx;  // for current.primary
  // Decrypt contexts in trial order: current primary, current legacy,
  // previous primary, previous legacy.
  CipherCtx decrypt_ctx[4];
};

// A passphrase derived with one salt: the AES key, its key id and its
// contexts. `pass_hash` (SHA-256 of the passphrase) finds it again; it is
// wiped with the entry, since it would let a guess be checked cheaply.
struct Derived {
  std::array<unsigned char, 32> pass_hash{};
  std::array<unsigned char, kSalt> salt{};
  bool for_encrypt = false;  // the salt this connection writes new values with
  Key key;
  std::string key_id;  // 16 hex
  CipherCtx encrypt_ctx, decrypt_ctx;
  ~Derived() { OPENSSL_cleanse(pass_hash.data(), pass_hash.size()); }
};

// Everything secret a connection holds (ConnState::keys): the ring set by
// vl_set_key, the vl_legacy_cbc switch and the derived passphrases. Derived
// keys are dropped (and wiped) when vl_set_key changes the keys and when the
// connection closes; at most kMaxDerived are kept.
struct Secrets {
  std::shared_ptr<KeyRing> ring;
  bool legacy_cbc = false;
  std::vector<std::unique_ptr<Derived>> derived;
};
constexpr size_t kMaxDerived = 16;

Secrets& secrets(ConnState& st) {
  if (!st.keys) st.keys = std::make_shared<Secrets>();
  return *std::static_pointer_cast<Secrets>(st.keys);
}

// A key and the slot of its cached context. `slot` belongs to the ring, a
// Derived entry, or the call (a raw key given as an argument or read from the
// environment).
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
// copy (sqlite3_result_text64 with a destructor). Plaintext lives in a
// SecretBuffer::for_result (ext/secrets/keys.h) and is wiped before it is
// freed, by us on failure and by SQLite's call of sqlite_wipe_free otherwise;
// ciphertext is not secret and is only freed.
struct SqliteFree {
  void operator()(char* p) const { sqlite3_free(p); }
};
using ResultBuf = std::unique_ptr<char, SqliteFree>;

ResultBuf result_alloc(size_t n) {
  // +1: never a zero-byte request (sqlite3_malloc64(0) is NULL), and room
  // for a terminating NUL.
  ResultBuf b(static_cast<char*>(sqlite3_malloc64(n + 1)));
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

// The key id of an AES key: 16 hex of SHA-256("vaultlister key id" || key).
// A hash of 256 random (or scrypt-derived) bits: it tells which key a value
// needs and reveals nothing a guess could use more cheaply than the tag.
std::string key_id(std::string_view fn, const Key& key) {
  static constexpr char kLabel[] = "vaultlister key id";
  SecretBuffer in(sizeof kLabel - 1 + Key::kSize);
  std::memcpy(in.data(), kLabel, sizeof kLabel - 1);
  std::memcpy(in.data() + sizeof kLabel - 1, key.data(), Key::kSize);
  unsigned char md[32];
  sha256(fn, "OpenSSL could not hash", in.data(), in.size(), md);
  return hex_encode(md, kKeyId);
}

// The key a passphrase gives with `salt` (nullptr: the salt this connection
// writes with, drawn on first use), derived at most once per connection.
// The pointer stays valid until the next derive() or vl_set_key.
Derived* derive(std::string_view fn, Secrets& sec, const SecretBuffer& pass,
                const unsigned char* salt) {
  std::array<unsigned char, 32> h;
  sha256(fn, "OpenSSL could not hash", pass.data(), pass.size(), h.data());
  Derived* found = nullptr;
  for (auto& d : sec.derived) {
    if (d->pass_hash != h) continue;
    if (salt ? std::memcmp(d->salt.data(), salt, kSalt) == 0 : d->for_encrypt) found = d.get();
  }
  if (found == nullptr) {
    auto d = std::make_unique<Derived>();
    d->pass_hash = h;
    if (salt != nullptr) {
      std::memcpy(d->salt.data(), salt, kSalt);
    } else {
      if (RAND_bytes(d->salt.data(), kSalt) != 1)
        throw Error(fn, "the random generator failed", "a working OpenSSL CSPRNG");
      d->for_encrypt = true;
    }
    key_from_passphrase(fn, pass, d->salt.data(), kSalt, &d->key);
    d->key_id = key_id(fn, d->key);
    // A file full of distinct salts must not grow this without bound.
    if (sec.derived.size() >= kMaxDerived) sec.derived.erase(sec.derived.begin());
    sec.derived.push_back(std::move(d));
    found = sec.derived.back().get();
  }
  OPENSSL_cleanse(h.data(), h.size());
  return found;
}

// One set of key readings and where its raw key's context and id live.
struct Reading {
  const KeyReadings* keys;
  CipherCtx* primary_slot;
  const std::string* primary_id;  // nullptr: compute (a call's own raw key)
};

// The keys one call may use.
struct CallKeys {
  Secrets* sec = nullptr;
  std::shared_ptr<KeyRing> ring;   // the connection's, held for the call
  std::optional<KeyReadings> own;  // from the argument or the environment
  CipherCtx own_ctx[2];            // contexts for `own`, freed with the call
  std::string own_id;              // key id of own->primary, when computed

  // The readings in the order decrypt tries them: own, current, previous.
  size_t readings(Reading* out) {
    size_t n = 0;
    if (own) out[n++] = {&*own, &own_ctx[0], nullptr};
    if (ring) {
      out[n++] = {&ring->current, &ring->decrypt_ctx[0], &ring->current_id};
      if (ring->previous) out[n++] = {&*ring->previous, &ring->decrypt_ctx[2], &ring->previous_id};
    }
    return n;
  }
  // For the legacy envelopes: raw keys and the old 32-byte readings, in
  // order. Fills out (room for 4) and returns how many.
  size_t legacy_trials(Trial* out) {
    size_t n = 0;
    auto add = [&](const KeyReadings& k, CipherCtx* slots, size_t step) {
      if (k.raw) out[n++] = {&k.primary, &slots[0]};
      if (k.legacy) out[n++] = {&*k.legacy, &slots[step]};
    };
    if (own) add(*own, own_ctx, 1);
    if (ring) {
      add(ring->current, &ring->decrypt_ctx[0], 1);
      if (ring->previous) add(*ring->previous, &ring->decrypt_ctx[2], 1);
    }
    return n;
  }
};

CallKeys call_keys(sqlite3_context* ctx, std::string_view fn, int argc, sqlite3_value** argv) {
  CallKeys k;
  ConnState& st = conn_state(ctx);
  k.sec = &secrets(st);
  if (argc >= 2 && !is_null(argv[1])) {
    k.own = key_arg(fn, "key", argv[1]);
    return k;
  }
  if (k.sec->ring) {
    k.ring = k.sec->ring;
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

// Writes `<header><iv>:<tag>:<ciphertext>` (header.size() + kTail + 2 *
// plain.size() chars) straight into one result buffer: the ciphertext is
// encrypted into the buffer's tail and hex-encoded forward from there in
// place. A v2 header is also the first part of the GCM aad; the legacy
// "gcm:" header is not (Node's form authenticates only the caller's aad).
constexpr size_t kTail = 2 * kGcmIv + 1 + 2 * kGcmTag + 1;  // 58

ResultBuf gcm_encrypt(Trial t, std::string_view header, bool header_is_aad,
                      std::string_view plain, std::string_view aad) {
  unsigned char iv[kGcmIv];
  if (RAND_bytes(iv, sizeof iv) != 1)
    throw Error("encrypt", "the random generator failed", "a working OpenSSL CSPRNG");
  const size_t n = plain.size();
  const size_t head = header.size() + kTail;
  ResultBuf buf = result_alloc(head + 2 * n);
  char* out = buf.get();
  auto* ct = reinterpret_cast<unsigned char*>(out + head + n);
  ERR_clear_error();
  EVP_CIPHER_CTX* c = keyed_gcm(t.slot, *t.key, 1);
  int len = 0, total = 0;
  bool ok = c != nullptr && EVP_EncryptInit_ex(c, nullptr, nullptr, nullptr, iv) == 1;
  if (ok && header_is_aad)
    ok = EVP_EncryptUpdate(c, nullptr, &len, bytes(header), int_len("encrypt", header.size())) == 1;
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
  std::memcpy(out, header.data(), header.size());
  char* w = hex_encode_to(iv, sizeof iv, out + header.size());
  *w++ = ':';
  w = hex_encode_to(tag, sizeof tag, w);
  *w++ = ':';
  w = hex_encode_to(ct, n, w);  // the source sits n bytes past w: safe in place
  *w = '\0';
  return buf;
}

enum class Form { kV2, kGcm, kCbc };

struct Envelope {
  Form form = Form::kGcm;
  // v2 only
  bool passphrase = false, bound = false;
  std::string_view header;  // authenticated first part of the aad
  std::string_view key_id;  // 16 hex
  unsigned char salt[kSalt];
  unsigned char iv[kCbcIv];  // kGcmIv used for GCM
  unsigned char tag[kGcmTag];
  std::vector<unsigned char> body;
};

// Syntax only: nothing here depends on the key, so its own message is safe.
void parse_envelope(std::string_view s, Envelope* e) {
  std::string_view parts[6];
  size_t count = 0, want = 2;
  std::string_view rest = s;
  if (rest.substr(0, 3) == "v2:") {
    e->form = Form::kV2;
    want = 6;
    rest.remove_prefix(3);
  } else if (rest.substr(0, 4) == "gcm:") {
    e->form = Form::kGcm;
    want = 3;
    rest.remove_prefix(4);
  } else {
    e->form = Form::kCbc;
  }
  for (size_t p; (p = rest.find(':')) != std::string_view::npos;) {
    if (count == want - 1) {  // one ':' too many
      count = want + 1;
      break;
    }
    parts[count++] = rest.substr(0, p);
    rest.remove_prefix(p + 1);
  }
  if (count < want) parts[count++] = rest;
  bool ok = count == want;
  // The iv, tag and ciphertext are the last three parts (two for CBC).
  std::string_view* tail = ok ? &parts[want - (e->form == Form::kCbc ? 2 : 3)] : nullptr;
  if (ok && e->form == Form::kV2) {
    const std::string_view mode = parts[0];
    ok = mode.size() == 2 && (mode[0] == 'r' || mode[0] == 's') &&
         (mode[1] == 'b' || mode[1] == 'u') && parts[1].size() == 2 * kKeyId && is_hex(parts[1]);
    if (ok) {
      e->passphrase = mode[0] == 's';
      e->bound = mode[1] == 'b';
      e->key_id = parts[1];
      ok = e->passphrase ? parts[2].size() == 2 * kSalt && hex_decode_unchecked(parts[2], e->salt)
                         : parts[2].empty();
      e->header = s.substr(0, static_cast<size_t>(tail->data() - s.data()));
    }
  }
  if (ok && e->form != Form::kCbc) {
    ok = tail[0].size() == 2 * kGcmIv && tail[1].size() == 2 * kGcmTag &&
         tail[2].size() % 2 == 0 && hex_decode_unchecked(tail[0], e->iv) &&
         hex_decode_unchecked(tail[1], e->tag);
    if (ok) {
      e->body.resize(tail[2].size() / 2);
      ok = hex_decode_unchecked(tail[2], e->body.data());
    }
  } else if (ok) {
    ok = tail[0].size() == 2 * kCbcIv && !tail[1].empty() && tail[1].size() % 2 == 0 &&
         hex_decode_unchecked(tail[0], e->iv);
    if (ok) {
      e->body.resize(tail[1].size() / 2);
      ok = hex_decode_unchecked(tail[1], e->body.data());
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
  if (ok && !e.header.empty())
    ok = EVP_DecryptUpdate(c, nullptr, &n, bytes(e.header), int_len("decrypt", e.header.size())) == 1;
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
  // First: on hosts where a CHECK could call encrypt, a file whose tables do
  // gets no call at all (schema_origin.h, gap 3).
  refuse_in_table_sql(ctx, "encrypt");
  check_arity("encrypt", argc, 1, 3, "encrypt(plaintext [, key [, aad]])");
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  std::string_view plain = arg_text("encrypt", "plaintext", argv[0]);
  CallKeys keys = call_keys(ctx, "encrypt", argc, argv);
  std::string_view aad = aad_arg("encrypt", argc, argv);
  const KeyReadings& k = keys.own ? *keys.own : keys.ring->current;

  // Which key, and the header that says so.
  Trial t;
  std::string v2_header;
  if (k.raw) {
    t = keys.own ? Trial{&k.primary, &keys.own_ctx[0]}
                 : Trial{&k.primary, &keys.ring->encrypt_ctx};
    if (!aad.empty())
      v2_header = "v2:rb:" + (keys.own ? key_id("encrypt", k.primary) : keys.ring->current_id) + "::";
  } else {
    Derived* d = derive("encrypt", *keys.sec, *k.passphrase, nullptr);
    t = {&d->key, &d->encrypt_ctx};
    v2_header = std::string("v2:s") + (aad.empty() ? 'u' : 'b') + ":" + d->key_id + ":" +
                hex_encode(d->salt.data(), kSalt) + ":";
  }
  // A raw key without aad: Node's form, which has nothing to say that it does not.
  const bool v2 = !v2_header.empty();
  const std::string_view header = v2 ? std::string_view(v2_header) : std::string_view("gcm:");

  size_t envelope = header.size() + kTail + 2 * plain.size();
  if (envelope > length_limit(ctx)) {
    throw Error("encrypt", "plaintext is too long: " + std::to_string(plain.size()) + " bytes",
                "at most " +
                    std::to_string((length_limit(ctx) - header.size() - kTail) / 2) +
                    " bytes, so that its encrypted form fits SQLITE_LIMIT_LENGTH");
  }
  ResultBuf env = gcm_encrypt(t, header, v2, plain, aad);
  // SQLite owns the buffer from here, and frees it even if it refuses it.
  sqlite3_result_text64(ctx, env.release(), envelope, sqlite3_free, SQLITE_UTF8);
}

void decrypt(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity("decrypt", argc, 1, 3, "decrypt(ciphertext [, key [, aad]])");
  if (is_null(argv[0])) return sqlite3_result_null(ctx);
  Envelope e;
  parse_envelope(arg_text("decrypt", "ciphertext", argv[0]), &e);
  std::string_view aad = aad_arg("decrypt", argc, argv);
  // Key-independent refusals first: they depend on the envelope alone.
  if (e.form == Form::kCbc) {
    if (!secrets(conn_state(ctx)).legacy_cbc) throw Error("decrypt", kCbcOff, kCbcOffExpected);
    if (!aad.empty())
      throw Error("decrypt", "aad given for a legacy cbc value",
                  "no aad: legacy values were written without one");
  }
  if (e.form == Form::kV2 && e.bound && aad.empty())
    throw Error("decrypt", "no aad for a value bound to its place",
                "the aad it was encrypted with, e.g. json_array('shops', 'credentials', id)");
  if (e.form == Form::kV2 && !e.bound && !aad.empty())
    throw Error("decrypt", "aad given for a value encrypted without one",
                "no aad; re-encrypt it with its aad to bind it");
  CallKeys keys = call_keys(ctx, "decrypt", argc, argv);
  // Decrypted straight into the result buffer; wiped when freed, by us if
  // this throws, by SQLite (sqlite_wipe_free) once it is the result.
  SecretBuffer plain = SecretBuffer::for_result(e.body.size() + (e.form == Form::kCbc ? kBlock : 0));
  unsigned char* out = plain.data();
  size_t len = 0;
  bool opened = false;
  if (e.form == Form::kV2) {
    // The key id picks the key: only a key whose id matches is tried.
    Reading r[3];
    size_t count = keys.readings(r);
    for (size_t i = 0; i < count && !opened; ++i) {
      const KeyReadings& k = *r[i].keys;
      if (k.raw != !e.passphrase) continue;
      Trial t;
      if (k.raw) {
        std::string id = r[i].primary_id ? *r[i].primary_id : key_id("decrypt", k.primary);
        if (id != e.key_id) continue;
        t = {&k.primary, r[i].primary_slot};
      } else {
        Derived* d = derive("decrypt", *keys.sec, *k.passphrase, e.salt);
        if (d->key_id != e.key_id) continue;
        t = {&d->key, &d->decrypt_ctx};
      }
      opened = gcm_open(t, e, aad, out, &len);
    }
  } else {
    Trial trials[6];
    size_t count = keys.legacy_trials(trials);
    for (size_t i = 0; i < count && !opened; ++i) {
      opened = e.form == Form::kGcm ? gcm_open(trials[i], e, aad, out, &len)
                                    : cbc_open(*trials[i].key, e, out, &len);
    }
  }
  if (!opened) throw Error("decrypt", kAuthFailed, kAuthExpected);
  // GCM proved the bytes are what was encrypted; only text goes in.
  if (!valid_utf8(reinterpret_cast<const char*>(out), len))
    throw Error("decrypt", "the decrypted value is not valid UTF-8", "a value encrypted from text");
  plain.shrink(len);
  sqlite3_result_text64(ctx, plain.release_to_sqlite(), len, SecretBuffer::sqlite_wipe_free, SQLITE_UTF8);
}

void vl_set_key(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity("vl_set_key", argc, 1, 2, "vl_set_key(key [, previous_key])");
  Secrets& sec = secrets(conn_state(ctx));
  bool has_previous = argc == 2 && !is_null(argv[1]);
  if (is_null(argv[0])) {
    if (has_previous)
      throw Error("vl_set_key", "previous_key given without a key",
                  "a key, or NULL alone to clear");
    sec.ring.reset();
    sec.derived.clear();
    return sqlite3_result_int(ctx, 0);
  }
  auto ring = std::make_shared<KeyRing>();
  ring->current = key_arg("vl_set_key", "key", argv[0]);
  if (ring->current.raw) ring->current_id = key_id("vl_set_key", ring->current.primary);
  if (has_previous) {
    ring->previous = key_arg("vl_set_key", "previous_key", argv[1]);
    if (ring->previous->raw) ring->previous_id = key_id("vl_set_key", ring->previous->primary);
  }
  sec.ring = ring;  // the old ring, if no call holds it, is wiped here
  // Keys derived from other passphrases are not needed any more; those of
  // the new ones are derived again on first use.
  sec.derived.clear();
  sqlite3_result_int(ctx, has_previous ? 2 : 1);
}

void vl_legacy_cbc(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity("vl_legacy_cbc", argc, 1, 1, "vl_legacy_cbc(on)");
  sqlite3_value* v = argv[0];
  int t = sqlite3_value_type(v);
  int64_t on = t == SQLITE_INTEGER ? sqlite3_value_int64(v) : -1;
  if (on != 0 && on != 1) throw Error("vl_legacy_cbc", "on must be 0 or 1",
                "1 to read legacy AES-CBC values on this connection, 0 to stop");
  secrets(conn_state(ctx)).legacy_cbc = on == 1;
  sqlite3_result_int(ctx, static_cast<int>(on));
}

}  // namespace vl::fn
