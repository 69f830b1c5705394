// encrypt, decrypt, vl_set_key, vl_sha256, vl_random_token, vl_uuid through a
// real connection. Ciphertext is checked against OpenSSL directly (both
// directions), so a bug shared by encrypt and decrypt cannot hide.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <cstdlib>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "tests/support/testdb.h"

using vltest::Db;
using vltest::expect_refusals;

namespace {

const std::string kHexKey = "00112233445566778899aabbccddeeff0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const std::string kTextKey = "correct horse battery staple, and then some";
const std::string kOtherKey = "another key that is long enough to be used!";
const std::string kAuth =
    "vaultlister: decrypt: authentication failed (the key and aad the value was encrypted with)";
const std::string kEnvelope =
    "vaultlister: decrypt: ciphertext is not an encrypted value (v2:<kind><binding>:<key "
    "id>:<salt>:<iv>:<tag>:<ciphertext hex> as encrypt writes it, gcm:<iv 24 hex>:<tag 32 "
    "hex>:<ciphertext hex>, or the legacy <iv 32 hex>:<ciphertext hex>)";
const std::string kNoAad =
    "vaultlister: decrypt: no aad for a value bound to its place (the aad it was encrypted with, "
    "e.g. json_array('shops', 'credentials', id))";
const std::string kUnexpectedAad =
    "vaultlister: decrypt: aad given for a value encrypted without one (no aad; re-encrypt it "
    "with its aad to bind it)";
const std::string kWeak =
    " (a passphrase of at least 32 characters with at least 8 different ones, 64 hex digits, or a "
    "32-byte blob)";
const std::string kKeyExpected = "(a 32-byte blob, 64 hex digits, or text of at least 32 characters)";

std::string q(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string hex(const std::vector<unsigned char>& b) {
  static const char* d = "0123456789abcdef";
  std::string out;
  for (unsigned char c : b) {
    out += d[c >> 4];
    out += d[c & 15];
  }
  return out;
}

std::vector<unsigned char> unhex(const std::string& h) {
  std::vector<unsigned char> out;
  for (size_t i = 0; i + 1 < h.size(); i += 2)
    out.push_back(static_cast<unsigned char>(std::stoi(h.substr(i, 2), nullptr, 16)));
  return out;
}

std::vector<unsigned char> bytes(const std::string& s) { return {s.begin(), s.end()}; }

std::vector<std::string> split(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t p; (p = s.find(':', start)) != std::string::npos; start = p + 1)
    out.push_back(s.substr(start, p - start));
  out.push_back(s.substr(start));
  return out;
}

// Opens an envelope with OpenSSL directly; "" plus ok=false when it fails.
std::string openssl_gcm_open(const std::vector<unsigned char>& key, const std::string& env,
                             const std::string& aad, bool* ok) {
  auto p = split(env);
  *ok = false;
  // v2: the header up to the iv is the first part of the aad.
  std::string full_aad = aad;
  if (p.size() == 7 && p[0] == "v2") {
    full_aad = p[0] + ":" + p[1] + ":" + p[2] + ":" + p[3] + ":" + aad;
    p = {"gcm", p[4], p[5], p[6]};
  }
  if (p.size() != 4 || p[0] != "gcm") return "";
  auto iv = unhex(p[1]), tag = unhex(p[2]), ct = unhex(p[3]);
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  std::vector<unsigned char> out(ct.size() + 16);
  int n = 0, total = 0;
  bool good = EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), nullptr, key.data(), iv.data()) == 1;
  if (good && !full_aad.empty())
    good = EVP_DecryptUpdate(c, nullptr, &n, bytes(full_aad).data(), int(full_aad.size())) == 1;
  if (good && !ct.empty()) {
    good = EVP_DecryptUpdate(c, out.data(), &n, ct.data(), int(ct.size())) == 1;
    total = n;
  }
  if (good) good = EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, tag.data()) == 1;
  if (good) good = EVP_DecryptFinal_ex(c, out.data() + total, &n) == 1;
  EVP_CIPHER_CTX_free(c);
  *ok = good;
  return good ? std::string(out.begin(), out.begin() + total) : "";
}

// The legacy app's CBC form, written by OpenSSL directly. padding=false lets
// a test hand-craft the final block (bad padding, non-UTF-8 text).
std::string openssl_cbc_seal(const std::vector<unsigned char>& key, const std::string& plain,
                             bool padding = true) {
  std::vector<unsigned char> iv(16);
  EXPECT_EQ(RAND_bytes(iv.data(), 16), 1);
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  std::vector<unsigned char> out(plain.size() + 32);
  int n = 0, total = 0;
  EVP_EncryptInit_ex(c, EVP_aes_256_cbc(), nullptr, key.data(), iv.data());
  EVP_CIPHER_CTX_set_padding(c, padding ? 1 : 0);
  EVP_EncryptUpdate(c, out.data(), &n, bytes(plain).data(), int(plain.size()));
  total = n;
  EXPECT_EQ(EVP_EncryptFinal_ex(c, out.data() + total, &n), 1);
  total += n;
  EVP_CIPHER_CTX_free(c);
  out.resize(static_cast<size_t>(total));
  return hex(iv) + ":" + hex(out);
}

std::string openssl_gcm_seal(const std::vector<unsigned char>& key, const std::string& plain,
                             const std::string& aad = "") {
  std::vector<unsigned char> iv(12), tag(16);
  EXPECT_EQ(RAND_bytes(iv.data(), 12), 1);
  EVP_CIPHER_CTX* c = EVP_CIPHER_CTX_new();
  std::vector<unsigned char> out(plain.size() + 16);
  int n = 0, total = 0;
  EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), nullptr, key.data(), iv.data());
  if (!aad.empty()) EVP_EncryptUpdate(c, nullptr, &n, bytes(aad).data(), int(aad.size()));
  EVP_EncryptUpdate(c, out.data(), &n, bytes(plain).data(), int(plain.size()));
  total = n;
  EVP_EncryptFinal_ex(c, out.data() + total, &n);
  total += n;
  EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, tag.data());
  EVP_CIPHER_CTX_free(c);
  out.resize(static_cast<size_t>(total));
  return "gcm:" + hex(iv) + ":" + hex(tag) + ":" + hex(out);
}

// The key a v2 's' value needs: scrypt(N=2^15, r=8, p=1) of the whole
// passphrase with the value's salt (docs/secrets.md, Keys), computed here
// with OpenSSL directly.
std::vector<unsigned char> scrypt_key(const std::string& pass, const std::string& env) {
  auto salt = unhex(split(env).at(3));
  std::vector<unsigned char> key(32);
  EXPECT_EQ(EVP_PBE_scrypt(pass.data(), pass.size(), salt.data(), salt.size(), 1 << 15, 8, 1,
                           64u << 20, key.data(), key.size()),
            1);
  return key;
}

// Functions fall back to VAULTLISTER_KEY; each test states what it wants.
class Crypto : public ::testing::Test {
 protected:
  void SetUp() override { unsetenv("VAULTLISTER_KEY"); }
  void TearDown() override { unsetenv("VAULTLISTER_KEY"); }
  Db db;
};


const std::string kEnvelopeExpected =
    "(v2:<kind><binding>:<key id>:<salt>:<iv>:<tag>:<ciphertext hex> as encrypt writes it, "
    "gcm:<iv 24 hex>:<tag 32 hex>:<ciphertext hex>, or the legacy <iv 32 hex>:<ciphertext hex>)";

}  // namespace

// ---- encrypt / decrypt: happy paths -------------------------------------

TEST_F(Crypto, EncryptWritesTheGcmEnvelopeThatOpensWithTheHexDecodedKey) {
  std::string env = db.text("SELECT encrypt('{\"token\":\"abc\"}', " + q(kHexKey) + ")");
  EXPECT_TRUE(std::regex_match(env, std::regex("gcm:[0-9a-f]{24}:[0-9a-f]{32}:[0-9a-f]{30}")))
      << env;
  bool ok = false;
  EXPECT_EQ(openssl_gcm_open(unhex(kHexKey), env, "", &ok), "{\"token\":\"abc\"}");
  EXPECT_TRUE(ok);
  EXPECT_EQ(db.text("SELECT decrypt(" + q(env) + ", " + q(kHexKey) + ")"), "{\"token\":\"abc\"}");
}

TEST_F(Crypto, PassphraseGoesThroughScryptWithTheSaltInTheValue) {
  std::string env = db.text("SELECT encrypt('secret', " + q(kTextKey) + ")");
  EXPECT_TRUE(std::regex_match(
      env, std::regex("v2:su:[0-9a-f]{16}:[0-9a-f]{32}:[0-9a-f]{24}:[0-9a-f]{32}:[0-9a-f]{12}")))
      << env;
  bool ok = false;
  EXPECT_EQ(openssl_gcm_open(scrypt_key(kTextKey, env), env, "", &ok), "secret");
  EXPECT_TRUE(ok);
  // Never the old 32-byte reading.
  openssl_gcm_open(bytes(kTextKey.substr(0, 32)), env, "", &ok);
  EXPECT_FALSE(ok);
  EXPECT_EQ(db.text("SELECT decrypt(" + q(env) + ", " + q(kTextKey) + ")"), "secret");
  // A huge passphrase is all used too.
  EXPECT_EQ(db.text("SELECT decrypt(encrypt('s', printf('%.*c', 100000, 'k') || 'abcdefgh'), "
                    "printf('%.*c', 100000, 'k') || 'abcdefgh')"),
            "s");
}

TEST_F(Crypto, TwoPassphrasesSharingTheirFirst32BytesDoNotOpenEachOthersValues) {
  const std::string a = kTextKey;                          // 43 characters
  const std::string b = kTextKey.substr(0, 32) + " -- but not the same";
  ASSERT_EQ(a.substr(0, 32), b.substr(0, 32));
  std::string env_a = db.text("SELECT encrypt('for a', " + q(a) + ")");
  std::string env_b = db.text("SELECT encrypt('for b', " + q(b) + ", 'shop-1')");
  EXPECT_EQ(db.error("SELECT decrypt(" + q(env_a) + ", " + q(b) + ")"), kAuth);
  EXPECT_EQ(db.error("SELECT decrypt(" + q(env_b) + ", " + q(a) + ", 'shop-1')"), kAuth);
  EXPECT_EQ(db.text("SELECT decrypt(" + q(env_a) + ", " + q(a) + ")"), "for a");
  EXPECT_EQ(db.text("SELECT decrypt(" + q(env_b) + ", " + q(b) + ", 'shop-1')"), "for b");
  // The same through the connection key and its previous key.
  db.exec("SELECT vl_set_key(" + q(b) + ")");
  EXPECT_EQ(db.error("SELECT decrypt(" + q(env_a) + ")"), kAuth);
  db.exec("SELECT vl_set_key(" + q(b) + ", " + q(a) + ")");
  EXPECT_EQ(db.text("SELECT decrypt(" + q(env_a) + ")"), "for a");
  // Values the old application wrote (its key: the first 32 bytes) still
  // open with either passphrase: that reading is kept for them only.
  std::string old_gcm = openssl_gcm_seal(bytes(a.substr(0, 32)), "old gcm");
  std::string old_cbc = openssl_cbc_seal(bytes(a.substr(0, 32)), "old cbc");
  db.exec("SELECT vl_legacy_cbc(1)");
  for (const std::string& k : {a, b}) {
    EXPECT_EQ(db.text("SELECT decrypt(" + q(old_gcm) + ", " + q(k) + ")"), "old gcm");
    EXPECT_EQ(db.text("SELECT decrypt(" + q(old_cbc) + ", " + q(k) + ")"), "old cbc");
  }
}

TEST_F(Crypto, OneSaltPerPassphrasePerConnection) {
  // A connection derives once per passphrase: every value it writes carries
  // the same salt (and key id); another connection draws its own salt.
  db.exec("SELECT vl_set_key(" + q(kTextKey) + ")");
  auto envs = db.rows("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 50) "
                      "SELECT encrypt('v' || i, NULL, json_array('t', 'c', i)) FROM n");
  ASSERT_EQ(envs.size(), 50u);
  std::set<std::string> heads;
  for (const auto& e : envs) heads.insert(e.substr(0, 56));  // v2:sb:<key id>:<salt>:
  EXPECT_EQ(heads.size(), 1u);
  Db other;
  std::string theirs = other.text("SELECT encrypt('v', " + q(kTextKey) + ")");
  EXPECT_NE(split(theirs)[3], split(envs[0])[3]);
  EXPECT_NE(split(theirs)[2], split(envs[0])[2]);  // another salt, another derived key
  // Each opens on the other connection (the salt travels with the value).
  EXPECT_EQ(other.text("SELECT decrypt(" + q(envs[7]) + ", " + q(kTextKey) +
                       ", json_array('t', 'c', 8))"),
            "v8");
  EXPECT_EQ(db.text("SELECT decrypt(" + q(theirs) + ")"), "v");
}

TEST_F(Crypto, WeakPassphrasesAreRefused) {
  const std::string weak_a(40, 'a');
  std::string two;
  for (int i = 0; i < 20; ++i) two += "ab";
  const std::string seven = "abcdefgabcdefgabcdefgabcdefgabcdefg";
  vltest::expect_refusals(
      db, {{"SELECT encrypt('x', " + q(weak_a) + ")",
            "vaultlister: encrypt: key is a weak passphrase: 1 different character" + kWeak},
           {"SELECT encrypt('x', " + q(two) + ")",
            "vaultlister: encrypt: key is a weak passphrase: 2 different characters" + kWeak},
           {"SELECT encrypt('x', " + q(seven) + ")",
            "vaultlister: encrypt: key is a weak passphrase: 7 different characters" + kWeak},
           {"SELECT vl_set_key(" + q(seven) + ")",
            "vaultlister: vl_set_key: key is a weak passphrase: 7 different characters" + kWeak},
           {"SELECT vl_set_key(" + q(kTextKey) + ", " + q(weak_a) + ")",
            "vaultlister: vl_set_key: previous_key is a weak passphrase: 1 different character" + kWeak}});
  // Eight different characters are enough; multi-byte characters count once.
  EXPECT_EQ(db.text("SELECT decrypt(encrypt('ok', 'abcdefghabcdefghabcdefghabcdefgh'), "
                    "'abcdefghabcdefghabcdefghabcdefgh')"),
            "ok");
  EXPECT_EQ(db.error("SELECT encrypt('x', 'ééééééééééééééééééééééééééééééééé')"),
            "vaultlister: encrypt: key is a weak passphrase: 1 different character" + kWeak);
  // A weak key of the old app still opens its values as a blob of its bytes.
  std::string old = openssl_gcm_seal(bytes(weak_a.substr(0, 32)), "old");
  EXPECT_EQ(db.text("SELECT decrypt(" + q(old) + ", CAST(" + q(weak_a.substr(0, 32)) + " AS BLOB))"),
            "old");
  // The weakness check never names the key.
  setenv("VAULTLISTER_KEY", weak_a.c_str(), 1);
  EXPECT_EQ(db.error("SELECT encrypt('x')"),
            "vaultlister: encrypt: VAULTLISTER_KEY is a weak passphrase: 1 different character" + kWeak);
}

TEST_F(Crypto, TheV2HeaderIsAuthenticated) {
  std::string env = db.text("SELECT encrypt('hdr', " + q(kTextKey) + ", 'shop-1')");
  auto p = split(env);
  ASSERT_EQ(p.size(), 7u);
  auto join = [](std::vector<std::string> v) {
    std::string out = v[0];
    for (size_t i = 1; i < v.size(); ++i) out += ":" + v[i];
    return out;
  };
  // Another key id or salt: no key of the call matches, so none opens it.
  for (int part : {2, 3}) {
    auto bad = p;
    bad[part][0] = bad[part][0] == '0' ? '1' : '0';
    EXPECT_EQ(db.error("SELECT decrypt(" + q(join(bad)) + ", " + q(kTextKey) + ", 'shop-1')"), kAuth)
        << part;
  }
  // A binding flipped to 'u' is refused by shape with an aad, and fails
  // authentication without one (the header is in the tag).
  auto unbound = p;
  unbound[1] = "su";
  EXPECT_EQ(db.error("SELECT decrypt(" + q(join(unbound)) + ", " + q(kTextKey) + ", 'shop-1')"),
            kUnexpectedAad);
  EXPECT_EQ(db.error("SELECT decrypt(" + q(join(unbound)) + ", " + q(kTextKey) + ")"), kAuth);
  // A raw-key header on a passphrase value: not the kind of key given.
  auto raw = p;
  raw[1] = "rb";
  raw[3] = "";
  EXPECT_EQ(db.error("SELECT decrypt(" + q(join(raw)) + ", " + q(kTextKey) + ", 'shop-1')"), kAuth);
  EXPECT_EQ(db.error("SELECT decrypt(" + q(env) + ", " + q(kTextKey) + ")"), kNoAad);
  EXPECT_EQ(db.text("SELECT decrypt(" + q(env) + ", " + q(kTextKey) + ", 'shop-1')"), "hdr");
}

TEST_F(Crypto, CopyingAValueIntoAnotherRowFailsOnTheDocumentedPath) {
  db.exec("SELECT vl_migrate()");
  db.exec("INSERT INTO users(id, email, password_hash, username) VALUES ('u1', 'a@x.test', 'h', 'a')");
  db.exec("SELECT vl_set_key(" + q(kTextKey) + ")");
  db.exec("INSERT INTO shops(id, user_id, platform, credentials) VALUES "
          "('sh1', 'u1', 'ebay', encrypt('{\"token\":\"one\"}', NULL, json_array('shops', 'credentials', 'sh1'))), "
          "('sh2', 'u1', 'etsy', encrypt('{\"token\":\"two\"}', NULL, json_array('shops', 'credentials', 'sh2')))");
  const std::string read =
      "SELECT decrypt(credentials, NULL, json_array('shops', 'credentials', id)) FROM shops WHERE id = ";
  EXPECT_EQ(db.text(read + "'sh2'"), "{\"token\":\"two\"}");
  db.exec("UPDATE shops SET credentials = (SELECT credentials FROM shops WHERE id = 'sh1') WHERE id = 'sh2'");
  EXPECT_EQ(db.error(read + "'sh2'"), kAuth);
  EXPECT_EQ(db.text(read + "'sh1'"), "{\"token\":\"one\"}");
  // Without the aad the bound value is refused by its shape.
  EXPECT_EQ(db.error("SELECT decrypt(credentials) FROM shops WHERE id = 'sh1'"), kNoAad);
  EXPECT_EQ(db.text("SELECT status FROM vl_health WHERE name = 'unbound_secrets'"), "ok");
}

TEST_F(Crypto, BlobKeyIsUsedAsItsBytes) {
  std::string env = db.text("SELECT encrypt('secret', x'" + kHexKey + "')");
  bool ok = false;
  EXPECT_EQ(openssl_gcm_open(unhex(kHexKey), env, "", &ok), "secret");
  EXPECT_TRUE(ok);
  // The blob and its 64 hex digits are the same key.
  EXPECT_EQ(db.text("SELECT decrypt(" + q(env) + ", " + q(kHexKey) + ")"), "secret");
}

TEST_F(Crypto, UpperCaseHexKeyIsTheSameKey) {
  std::string upper;
  for (char c : kHexKey) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(db.text("SELECT decrypt(encrypt('v', " + q(upper) + "), " + q(kHexKey) + ")"), "v");
}

TEST_F(Crypto, DecryptsGcmWrittenWithTheLegacyReadingOfAHexKey) {
  // Older app versions used the first 32 characters of the same value.
  std::string env = openssl_gcm_seal(bytes(kHexKey.substr(0, 32)), "{\"a\":1}");
  EXPECT_EQ(db.text("SELECT decrypt(" + q(env) + ", " + q(kHexKey) + ")"), "{\"a\":1}");
  // ...but encrypt never writes with the legacy reading.
  std::string ours = db.text("SELECT encrypt('x', " + q(kHexKey) + ")");
  bool ok = true;
  openssl_gcm_open(bytes(kHexKey.substr(0, 32)), ours, "", &ok);
  EXPECT_FALSE(ok);
}

TEST_F(Crypto, DecryptsLegacyCbcWithEitherKeyReading) {
  db.exec("SELECT vl_legacy_cbc(1)");
  std::string a = openssl_cbc_seal(unhex(kHexKey), "{\"user\":\"ünïcødé\"}");
  std::string b = openssl_cbc_seal(bytes(kHexKey.substr(0, 32)), "older");
  std::string c = openssl_cbc_seal(bytes(kTextKey.substr(0, 32)), "text-keyed");
  std::string full_block = openssl_cbc_seal(unhex(kHexKey), "exactly 16 bytes");
  EXPECT_EQ(db.text("SELECT decrypt(" + q(a) + ", " + q(kHexKey) + ")"), "{\"user\":\"ünïcødé\"}");
  EXPECT_EQ(db.text("SELECT decrypt(" + q(b) + ", " + q(kHexKey) + ")"), "older");
  EXPECT_EQ(db.text("SELECT decrypt(" + q(c) + ", " + q(kTextKey) + ")"), "text-keyed");
  EXPECT_EQ(db.text("SELECT decrypt(" + q(full_block) + ", " + q(kHexKey) + ")"),
            "exactly 16 bytes");
}

TEST_F(Crypto, AadBindsTheValueToItsRow) {
  std::string env = db.text("SELECT encrypt('creds', " + q(kHexKey) + ", 'shop-42')");
  bool ok = false;
  EXPECT_EQ(openssl_gcm_open(unhex(kHexKey), env, "shop-42", &ok), "creds");
  EXPECT_TRUE(ok);
  EXPECT_EQ(db.text("SELECT decrypt(" + q(env) + ", " + q(kHexKey) + ", 'shop-42')"), "creds");
  EXPECT_EQ(db.error("SELECT decrypt(" + q(env) + ", " + q(kHexKey) + ", 'shop-43')"), kAuth);
  // The envelope says it is bound: without an aad it is refused by shape.
  EXPECT_EQ(db.error("SELECT decrypt(" + q(env) + ", " + q(kHexKey) + ")"), kNoAad);
  // An integer aad binds as its digits, a blob as its bytes.
  EXPECT_EQ(db.text("SELECT decrypt(encrypt('c', " + q(kHexKey) + ", 42), " + q(kHexKey) +
                    ", '42')"),
            "c");
  EXPECT_EQ(db.text("SELECT decrypt(encrypt('c', " + q(kHexKey) + ", x'00ff'), " + q(kHexKey) +
                    ", x'00ff')"),
            "c");
  // GCM cannot tell an empty aad from none.
  EXPECT_EQ(db.text("SELECT decrypt(encrypt('c', " + q(kHexKey) + ", ''), " + q(kHexKey) + ")"),
            "c");
}

TEST_F(Crypto, EveryCallGetsAFreshIv) {
  std::set<std::string> ivs;
  for (const auto& env : db.rows("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n "
                                 "WHERE i < 200) SELECT encrypt('same', " +
                                 q(kHexKey) + ") FROM n"))
    ivs.insert(split(env)[1]);
  EXPECT_EQ(ivs.size(), 200u);
}

TEST_F(Crypto, EmptyAndNullPlaintext) {
  std::string env = db.text("SELECT encrypt('', " + q(kHexKey) + ")");
  EXPECT_TRUE(std::regex_match(env, std::regex("gcm:[0-9a-f]{24}:[0-9a-f]{32}:"))) << env;
  EXPECT_EQ(db.text("SELECT decrypt(" + q(env) + ", " + q(kHexKey) + ") = ''"), "1");
  // NULL in, NULL out: a row without credentials stays without them, even
  // when no key is configured.
  EXPECT_EQ(db.text("SELECT encrypt(NULL)"), "NULL");
  EXPECT_EQ(db.text("SELECT decrypt(NULL)"), "NULL");
}

TEST_F(Crypto, LongValuesRoundTrip) {
  db.exec("CREATE TABLE t(v TEXT); INSERT INTO t VALUES (printf('%.*c', 3000000, 'x') || 'é')");
  EXPECT_EQ(db.text("SELECT decrypt(encrypt(v, " + q(kHexKey) + "), " + q(kHexKey) +
                    ") = v FROM t"),
            "1");
}

// ---- refusals -------------------------------------------------------------

TEST_F(Crypto, WrongKeyIsRefusedForBothForms) {
  db.exec("SELECT vl_legacy_cbc(1)");
  std::string gcm = db.text("SELECT encrypt('secret', " + q(kHexKey) + ")");
  std::string cbc = openssl_cbc_seal(unhex(kHexKey), "secret");
  EXPECT_EQ(db.error("SELECT decrypt(" + q(gcm) + ", " + q(kOtherKey) + ")"), kAuth);
  EXPECT_EQ(db.error("SELECT decrypt(" + q(cbc) + ", " + q(kOtherKey) + ")"), kAuth);
}

TEST_F(Crypto, EveryBitFlipOfIvTagCiphertextOrAadIsRefused) {
  const std::string aad = "shop-7";
  std::string env = db.text("SELECT encrypt('hi!', " + q(kHexKey) + ", " + q(aad) + ")");
  auto p = split(env);
  ASSERT_EQ(p.size(), 7u);  // v2:rb:<key id>::<iv>:<tag>:<ct>
  int tried = 0;
  for (int part = 4; part <= 6; ++part) {
    auto raw = unhex(p[part]);
    for (size_t bit = 0; bit < raw.size() * 8; ++bit) {
      auto flipped = raw;
      flipped[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
      auto parts = p;
      parts[part] = hex(flipped);
      std::string bad = parts[0];
      for (size_t i = 1; i < parts.size(); ++i) bad += ":" + parts[i];
      ASSERT_EQ(db.error("SELECT decrypt(" + q(bad) + ", " + q(kHexKey) + ", " + q(aad) + ")"),
                kAuth)
          << "part " << part << " bit " << bit;
      ++tried;
    }
  }
  for (size_t bit = 0; bit < aad.size() * 8; ++bit) {
    auto flipped = bytes(aad);
    flipped[bit / 8] ^= static_cast<unsigned char>(1u << (bit % 8));
    ASSERT_EQ(db.error("SELECT decrypt(" + q(env) + ", " + q(kHexKey) + ", x'" + hex(flipped) +
                       "')"),
              kAuth)
        << "aad bit " << bit;
    ++tried;
  }
  EXPECT_EQ(tried, 96 + 128 + 24 + 48);
  // And the untouched value still opens.
  EXPECT_EQ(db.text("SELECT decrypt(" + q(env) + ", " + q(kHexKey) + ", " + q(aad) + ")"), "hi!");
}

TEST_F(Crypto, CbcFailuresAllSayTheSameThing) {
  db.exec("SELECT vl_legacy_cbc(1)");
  auto key = unhex(kHexKey);
  // Bad padding: a final block ending in 0x00.
  std::string bad_pad = openssl_cbc_seal(key, std::string(15, 'a') + std::string(1, '\0'), false);
  // Valid padding, plaintext that is not UTF-8.
  std::string not_utf8 = openssl_cbc_seal(key, std::string(15, '\xff'), true);
  // A block count that CBC cannot have.
  std::string short_body = bad_pad.substr(0, bad_pad.size() - 2);
  std::string wrong_key = openssl_cbc_seal(bytes(kOtherKey.substr(0, 32)), "abc");
  for (const auto& v : {bad_pad, not_utf8, short_body, wrong_key})
    EXPECT_EQ(db.error("SELECT decrypt(" + q(v) + ", " + q(kHexKey) + ")"), kAuth) << v;
}

TEST_F(Crypto, CbcIsDecryptOnlyAndTakesNoAad) {
  db.exec("SELECT vl_legacy_cbc(1)");
  std::string cbc = openssl_cbc_seal(unhex(kHexKey), "old");
  EXPECT_EQ(db.error("SELECT decrypt(" + q(cbc) + ", " + q(kHexKey) + ", 'shop-1')"),
            "vaultlister: decrypt: aad given for a legacy cbc value (no aad: legacy values were "
            "written without one)");
  // Re-encrypting moves a legacy value to GCM.
  std::string env = db.text("SELECT encrypt(decrypt(" + q(cbc) + ", " + q(kHexKey) + "), " +
                            q(kHexKey) + ")");
  EXPECT_EQ(env.substr(0, 4), "gcm:");
}

TEST_F(Crypto, MalformedEnvelopesAreRefused) {
  const std::string iv12(24, 'a'), tag(32, 'b'), iv16(32, 'c');
  for (const std::string& v :
       {std::string(""), std::string("plain text"), std::string("gcm:"),
        "gcm:" + iv12 + ":" + tag, "gcm:" + iv12 + ":" + tag + ":abc",
        "gcm:" + iv12 + ":" + tag + ":zz", "gcm:" + iv12.substr(2) + ":" + tag + ":00",
        "gcm:" + iv12 + ":" + tag.substr(2) + ":00", "gcm:" + iv12 + ":" + tag + ":00:00",
        iv16 + ":", iv16, iv16.substr(2) + ":00", iv16 + ":0g", "GCM:" + iv12 + ":" + tag + ":00",
        std::string("{\"plain\":\"json\"}")}) {
    EXPECT_EQ(db.error("SELECT decrypt(" + q(v) + ", " + q(kHexKey) + ")"), kEnvelope) << v;
  }
}

TEST_F(Crypto, KeysAreRefusedWithoutEverBeingShown) {
  EXPECT_EQ(db.error("SELECT encrypt('x', 'hunter2')"),
            "vaultlister: encrypt: key is too short: 7 characters " + kKeyExpected);
  EXPECT_EQ(db.error("SELECT decrypt(encrypt('x', " + q(kHexKey) + "), '')"),
            "vaultlister: decrypt: key is too short: 0 characters " + kKeyExpected);
  // 31 characters; 32 two-byte characters are 32 characters and are fine
  // (8 different ones: not a weak passphrase).
  EXPECT_EQ(db.error("SELECT encrypt('x', " + q(std::string(31, 'k')) + ")"),
            "vaultlister: encrypt: key is too short: 31 characters " + kKeyExpected);
  EXPECT_EQ(db.error("SELECT encrypt('x', printf('%.*c', 16, 'é'))"),
            "vaultlister: encrypt: key is too short: 16 characters " + kKeyExpected);
  EXPECT_EQ(db.text("SELECT length(encrypt('x', 'éàüöçñøåéàüöçñøåéàüöçñøåéàüöçñøå'))"), "116");
  EXPECT_EQ(db.error("SELECT encrypt('x', x'" + kHexKey.substr(2) + "')"),
            "vaultlister: encrypt: key is a blob of 31 bytes " + kKeyExpected);
  EXPECT_EQ(db.error("SELECT encrypt('x', zeroblob(0))"),
            "vaultlister: encrypt: key is a blob of 0 bytes " + kKeyExpected);
  EXPECT_EQ(db.error("SELECT encrypt('x', 12345678901234567890123456789012345)"),
            "vaultlister: encrypt: key is a number " + kKeyExpected);
  EXPECT_EQ(db.error("SELECT encrypt('x', CAST(x'ff" + std::string(64, '6') + "' AS TEXT))"),
            "vaultlister: encrypt: key is not valid UTF-8 " + kKeyExpected);
  // A refused key never shows up in the message, whatever the reason.
  std::string err = db.error("SELECT decrypt('gcm:x', 'hunter2-secret')");
  EXPECT_EQ(err.find("hunter2"), std::string::npos) << err;
  err = db.error("SELECT decrypt(encrypt('x', " + q(kHexKey) + "), " + q(kOtherKey) + ")");
  EXPECT_EQ(err.find(kOtherKey.substr(0, 8)), std::string::npos) << err;
}

TEST_F(Crypto, ArgumentTypesAndArity) {
  EXPECT_EQ(db.error("SELECT encrypt()"),
            "vaultlister: encrypt: wrong number of arguments: 0 (encrypt(plaintext [, key [, aad]]))");
  EXPECT_EQ(db.error("SELECT encrypt('a', 'b', 'c', 'd')"),
            "vaultlister: encrypt: wrong number of arguments: 4 (encrypt(plaintext [, key [, aad]]))");
  EXPECT_EQ(db.error("SELECT decrypt()"),
            "vaultlister: decrypt: wrong number of arguments: 0 (decrypt(ciphertext [, key [, aad]]))");
  EXPECT_EQ(db.error("SELECT vl_set_key()"),
            "vaultlister: vl_set_key: wrong number of arguments: 0 (vl_set_key(key [, previous_key]))");
  EXPECT_EQ(db.error("SELECT vl_set_key(1, 2, 3)"),
            "vaultlister: vl_set_key: wrong number of arguments: 3 (vl_set_key(key [, previous_key]))");
  EXPECT_EQ(db.error("SELECT encrypt(x'00', " + q(kHexKey) + ")"),
            "vaultlister: encrypt: plaintext is a blob (text)");
  EXPECT_EQ(db.error("SELECT encrypt(CAST(x'c0af' AS TEXT), " + q(kHexKey) + ")"),
            "vaultlister: encrypt: plaintext is not valid UTF-8 (UTF-8 text)");
  EXPECT_EQ(db.error("SELECT decrypt(x'00', " + q(kHexKey) + ")"),
            "vaultlister: decrypt: ciphertext is a blob (text)");
  EXPECT_EQ(db.error("SELECT decrypt(CAST(x'ff' AS TEXT), " + q(kHexKey) + ")"),
            "vaultlister: decrypt: ciphertext is not valid UTF-8 (UTF-8 text)");
  EXPECT_EQ(db.error("SELECT encrypt('x', " + q(kHexKey) + ", CAST(x'ff' AS TEXT))"),
            "vaultlister: encrypt: aad is not valid UTF-8 (UTF-8 text)");
  // A number plaintext is encrypted as its text.
  EXPECT_EQ(db.text("SELECT decrypt(encrypt(42, " + q(kHexKey) + "), " + q(kHexKey) + ")"), "42");
}

TEST_F(Crypto, PlaintextTooLongForTheConnectionIsRefused) {
  sqlite3_limit(db.get(), SQLITE_LIMIT_LENGTH, 1000000);
  EXPECT_EQ(db.error("SELECT encrypt(printf('%.*c', 600000, 'x'), " + q(kHexKey) + ")"),
            "vaultlister: encrypt: plaintext is too long: 600000 bytes (at most 499969 bytes, so "
            "that its encrypted form fits SQLITE_LIMIT_LENGTH)");
  std::string env = db.text("SELECT encrypt(printf('%.*c', 499969, 'x'), " + q(kHexKey) + ")");
  EXPECT_EQ(env.size(), 1000000u);  // the limit itself is allowed
}

TEST_F(Crypto, DecryptedBytesThatAreNotTextAreRefused) {
  std::string env = openssl_gcm_seal(unhex(kHexKey), "\xff\xfe binary");
  EXPECT_EQ(db.error("SELECT decrypt(" + q(env) + ", " + q(kHexKey) + ")"),
            "vaultlister: decrypt: the decrypted value is not valid UTF-8 (a value encrypted "
            "from text)");
}

// ---- the default key: vl_set_key, then VAULTLISTER_KEY --------------------

TEST_F(Crypto, NoKeyAnywhereIsRefused) {
  const std::string msg =
      ": no key (a key argument, vl_set_key(key), or the VAULTLISTER_KEY environment variable)";
  EXPECT_EQ(db.error("SELECT encrypt('x')"), "vaultlister: encrypt" + msg);
  EXPECT_EQ(db.error("SELECT decrypt(encrypt('x', " + q(kHexKey) + "))"),
            "vaultlister: decrypt" + msg);
  // A NULL key argument means "the default key".
  EXPECT_EQ(db.error("SELECT encrypt('x', NULL, 'aad')"), "vaultlister: encrypt" + msg);
}

TEST_F(Crypto, EnvironmentKeyIsTheLastResort) {
  setenv("VAULTLISTER_KEY", kHexKey.c_str(), 1);
  std::string env = db.text("SELECT encrypt('from env')");
  bool ok = false;
  EXPECT_EQ(openssl_gcm_open(unhex(kHexKey), env, "", &ok), "from env");
  EXPECT_EQ(db.text("SELECT decrypt(encrypt('e', NULL, 'a'), NULL, 'a')"), "e");
  setenv("VAULTLISTER_KEY", "short", 1);
  EXPECT_EQ(db.error("SELECT encrypt('x')"),
            "vaultlister: encrypt: VAULTLISTER_KEY is too short: 5 characters " + kKeyExpected);
  // vl_set_key wins over the environment.
  setenv("VAULTLISTER_KEY", kOtherKey.c_str(), 1);
  EXPECT_EQ(db.text("SELECT vl_set_key(" + q(kHexKey) + ")"), "1");
  EXPECT_EQ(db.text("SELECT decrypt(" + q(env) + ")"), "from env");
  EXPECT_EQ(db.text("SELECT vl_set_key(NULL)"), "0");
  EXPECT_EQ(db.error("SELECT decrypt(" + q(env) + ")"), kAuth);
}

TEST_F(Crypto, SetKeyThenRotateWithUpdate) {
  db.exec("CREATE TABLE shops(id INTEGER PRIMARY KEY, credentials TEXT)");
  EXPECT_EQ(db.text("SELECT vl_set_key(" + q(kTextKey) + ")"), "1");
  db.exec("INSERT INTO shops(credentials) VALUES (encrypt('{\"a\":1}')), (encrypt('{\"b\":2}')), "
          "(NULL)");
  std::string legacy = openssl_cbc_seal(bytes(kTextKey.substr(0, 32)), "{\"c\":3}");
  db.exec("INSERT INTO shops(credentials) VALUES (" + q(legacy) + ")");
  // New key, old one kept as previous: decrypt falls back to it.
  EXPECT_EQ(db.text("SELECT vl_set_key(x'" + kHexKey + "', " + q(kTextKey) + ")"), "2");
  db.exec("SELECT vl_legacy_cbc(1)");  // row 4 is legacy CBC
  db.exec("UPDATE shops SET credentials = encrypt(decrypt(credentials))");
  // Only the new key now: every value opens, and with the old key none does.
  EXPECT_EQ(db.text("SELECT vl_set_key(" + q(kHexKey) + ")"), "1");
  EXPECT_EQ(db.table("SELECT id, decrypt(credentials) FROM shops ORDER BY id"),
            "1|{\"a\":1}\n2|{\"b\":2}\n3|NULL\n4|{\"c\":3}");
  EXPECT_EQ(db.integer("SELECT count(*) FROM shops WHERE credentials LIKE 'gcm:%'"), 3);
  EXPECT_EQ(db.error("SELECT decrypt(credentials, " + q(kTextKey) + ") FROM shops WHERE id = 1"),
            kAuth);
}

// The ring keeps keyed GCM contexts between calls: many rows, rows under
// different keys (a failed trial must not spoil the context for the next
// row), aad and none alternating, and a replaced ring, all stay right.
TEST_F(Crypto, CachedContextsSurviveManyRowsFailuresAndRingChanges) {
  db.exec("CREATE TABLE v(i INTEGER PRIMARY KEY, plain TEXT, c TEXT)");
  db.exec("SELECT vl_set_key(" + q(kTextKey) + ")");
  db.exec("INSERT INTO v(i, plain) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
          "WHERE i < 300) SELECT i, printf('{\"t\":\"%0*d\"}', i, i) FROM n");
  db.exec("UPDATE v SET c = CASE WHEN i % 3 = 0 THEN encrypt(plain, NULL, i) ELSE encrypt(plain) END "
          "WHERE i % 2 = 0");
  db.exec("SELECT vl_set_key(" + q(kHexKey) + ", " + q(kTextKey) + ")");
  db.exec("UPDATE v SET c = encrypt(plain) WHERE i % 2 = 1");
  // Odd rows open with the current key, even rows only after the current
  // key's tag check failed (previous key), in one statement, interleaved.
  EXPECT_EQ(db.integer("SELECT count(*) FROM v WHERE decrypt(c, NULL, CASE WHEN i % 2 = 0 AND "
                       "i % 3 = 0 THEN i END) = plain"),
            300);
  EXPECT_EQ(db.error("SELECT decrypt(c) FROM v WHERE i = 6"), kNoAad);  // aad missing
  EXPECT_EQ(db.integer("SELECT count(*) FROM v WHERE decrypt(c, NULL, CASE WHEN i % 2 = 0 AND "
                       "i % 3 = 0 THEN i END) = plain"),
            300);
  // A new ring: the old contexts go with the old ring.
  db.exec("SELECT vl_set_key(" + q(kHexKey) + ")");
  EXPECT_EQ(db.integer("SELECT count(*) FROM v WHERE i % 2 = 1 AND decrypt(c) = plain"), 150);
  EXPECT_EQ(db.error("SELECT decrypt(c) FROM v WHERE i = 2"), kAuth);
  // Explicit keys beside the ring, in the same statement.
  EXPECT_EQ(db.integer("SELECT count(*) FROM v WHERE decrypt(encrypt(plain, " + q(kTextKey) +
                       "), " + q(kTextKey) + ") = plain AND decrypt(encrypt(plain)) = plain"),
            300);
  bool ok = false;
  std::string env = db.text("SELECT encrypt(plain) FROM v WHERE i = 300");
  EXPECT_EQ(openssl_gcm_open(unhex(kHexKey), env, "", &ok), db.text("SELECT plain FROM v WHERE i = 300"));
  EXPECT_TRUE(ok);
}

TEST_F(Crypto, EncryptNeverUsesThePreviousKey) {
  db.exec("SELECT vl_set_key(" + q(kHexKey) + ", " + q(kTextKey) + ")");
  std::string env = db.text("SELECT encrypt('n')");
  bool ok = false;
  EXPECT_EQ(openssl_gcm_open(unhex(kHexKey), env, "", &ok), "n");
  EXPECT_TRUE(ok);
}

TEST_F(Crypto, SetKeyRefusals) {
  EXPECT_EQ(db.error("SELECT vl_set_key('short')"),
            "vaultlister: vl_set_key: key is too short: 5 characters " + kKeyExpected);
  EXPECT_EQ(db.error("SELECT vl_set_key(" + q(kHexKey) + ", 'short')"),
            "vaultlister: vl_set_key: previous_key is too short: 5 characters " + kKeyExpected);
  EXPECT_EQ(db.error("SELECT vl_set_key(NULL, " + q(kHexKey) + ")"),
            "vaultlister: vl_set_key: previous_key given without a key (a key, or NULL alone to "
            "clear)");
  EXPECT_EQ(db.error("SELECT vl_set_key(x'00')"),
            "vaultlister: vl_set_key: key is a blob of 1 bytes " + kKeyExpected);
  // A refused vl_set_key leaves the ring as it was.
  EXPECT_EQ(db.error("SELECT encrypt('x')").find("no key"), 22u);
}

TEST_F(Crypto, KeysAreNotInVlInfo) {
  db.exec("SELECT vl_set_key(" + q(kHexKey) + ", " + q(kTextKey) + ")");
  std::string info = db.text("SELECT vl_info()");
  EXPECT_EQ(info.find(kHexKey.substr(0, 16)), std::string::npos) << info;
  EXPECT_EQ(info.find(kTextKey.substr(0, 8)), std::string::npos) << info;
}

TEST_F(Crypto, EachConnectionHasItsOwnKey) {
  Db other;
  db.exec("SELECT vl_set_key(" + q(kHexKey) + ")");
  EXPECT_EQ(other.error("SELECT encrypt('x')").substr(0, 33), "vaultlister: encrypt: no key (a k");
}

// ---- DIRECTONLY -------------------------------------------------------------

TEST_F(Crypto, StoredViewsAndTriggersCannotCallSecretFunctions) {
  std::string path = vltest::temp_path("crypto-directonly.db");
  {
    Db plain(path, /*load=*/false);
    plain.exec("CREATE TABLE shops(id INTEGER PRIMARY KEY, credentials TEXT);"
               "CREATE TABLE leak(v TEXT);"
               "CREATE VIEW peek AS SELECT decrypt(credentials) AS c FROM shops;"
               "CREATE VIEW seal AS SELECT encrypt('x') AS c;"
               "CREATE VIEW swap AS SELECT vl_set_key('attacker key attacker key attacker') AS c;"
               "CREATE VIEW hash AS SELECT vl_sha256('abc') AS c;"
               "CREATE TRIGGER steal AFTER INSERT ON shops BEGIN "
               "  INSERT INTO leak VALUES (decrypt(new.credentials)); END;");
  }
  Db db2(path);
  db2.exec("SELECT vl_set_key(" + q(kHexKey) + ")");
  db2.exec("PRAGMA trusted_schema = OFF");
  std::string env = db2.text("SELECT encrypt('secret')");
  // The trigger is refused when the INSERT is prepared, so nothing leaks.
  EXPECT_EQ(db2.error("INSERT INTO shops(credentials) VALUES (" + q(env) + ")"),
            "unsafe use of decrypt()");
  EXPECT_EQ(db2.integer("SELECT count(*) FROM leak"), 0);
  EXPECT_EQ(db2.error("SELECT * FROM peek"), "unsafe use of decrypt()");
  EXPECT_EQ(db2.error("SELECT * FROM seal"), "unsafe use of encrypt()");
  EXPECT_EQ(db2.error("SELECT * FROM swap"), "unsafe use of vl_set_key()");
  // DIRECTONLY holds even when the schema is trusted.
  db2.exec("PRAGMA trusted_schema = ON");
  EXPECT_EQ(db2.error("SELECT * FROM peek"), "unsafe use of decrypt()");
  // A pure function stays usable from a stored view under trusted_schema=OFF.
  db2.exec("PRAGMA trusted_schema = OFF");
  EXPECT_EQ(db2.text("SELECT c FROM hash"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// ---- vl_sha256 ----------------------------------------------------------------

TEST(VlSha256, KnownVectorsTextAndBlob) {
  Db db;
  EXPECT_EQ(db.text("SELECT vl_sha256('abc')"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(db.text("SELECT vl_sha256('')"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(db.text("SELECT vl_sha256(zeroblob(0))"),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(db.text("SELECT vl_sha256(x'616263')"), db.text("SELECT vl_sha256('abc')"));
  EXPECT_EQ(db.text("SELECT vl_sha256(42)"), db.text("SELECT vl_sha256('42')"));
  EXPECT_EQ(db.text("SELECT vl_sha256(NULL)"), "NULL");
  // Invalid UTF-8 text is refused; the same bytes as a blob hash fine.
  EXPECT_EQ(db.error("SELECT vl_sha256(CAST(x'ff' AS TEXT))"),
            "vaultlister: vl_sha256: value is not valid UTF-8 (UTF-8 text)");
  EXPECT_EQ(db.text("SELECT vl_sha256(x'ff')"),
            "a8100ae6aa1940d0b663bb31cd466142ebbdbd5187131b92d93818987832eb89");
  EXPECT_EQ(db.error("SELECT vl_sha256()"),
            "vaultlister: vl_sha256: wrong number of arguments: 0 (vl_sha256(text_or_blob))");
  EXPECT_EQ(db.error("SELECT vl_sha256('a', 'b')"),
            "vaultlister: vl_sha256: wrong number of arguments: 2 (vl_sha256(text_or_blob))");
}

TEST(VlSha256, HugeInputMatchesOpenSsl) {
  Db db;
  std::vector<unsigned char> zeros(20 * 1024 * 1024, 0), md(32);
  unsigned int len = 0;
  EVP_Digest(zeros.data(), zeros.size(), md.data(), &len, EVP_sha256(), nullptr);
  EXPECT_EQ(db.text("SELECT vl_sha256(zeroblob(20 * 1024 * 1024))"), hex(md));
}

// ---- vl_random_token --------------------------------------------------------

TEST(VlRandomToken, LengthAlphabetAndUniqueness) {
  Db db;
  std::regex url_safe("[A-Za-z0-9_-]*");
  for (int n : {1, 2, 3, 16, 32, 33, 1024}) {
    std::string t = db.text("SELECT vl_random_token(" + std::to_string(n) + ")");
    EXPECT_EQ(t.size(), static_cast<size_t>((4 * n + 2) / 3)) << n;
    EXPECT_TRUE(std::regex_match(t, url_safe)) << t;
  }
  std::set<std::string> seen;
  for (const auto& t : db.rows("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n "
                               "WHERE i < 500) SELECT vl_random_token(16) FROM n"))
    seen.insert(t);
  EXPECT_EQ(seen.size(), 500u);
  // Over many tokens both URL-safe extra characters appear, no '+' '/' '='.
  std::string all;
  for (const auto& t : db.rows("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n "
                               "WHERE i < 50) SELECT vl_random_token(300) FROM n"))
    all += t;
  EXPECT_NE(all.find('-'), std::string::npos);
  EXPECT_NE(all.find('_'), std::string::npos);
  EXPECT_EQ(all.find_first_of("+/="), std::string::npos);
  EXPECT_EQ(db.text("SELECT length(vl_random_token('24'))"), "32");
}

TEST(VlRandomToken, Refusals) {
  Db db;
  const std::string range = " (an integer from 1 to 1024)";
  EXPECT_EQ(db.error("SELECT vl_random_token(0)"),
            "vaultlister: vl_random_token: nbytes is out of range: 0" + range);
  EXPECT_EQ(db.error("SELECT vl_random_token(-5)"),
            "vaultlister: vl_random_token: nbytes is out of range: -5" + range);
  EXPECT_EQ(db.error("SELECT vl_random_token(1025)"),
            "vaultlister: vl_random_token: nbytes is out of range: 1025" + range);
  EXPECT_EQ(db.error("SELECT vl_random_token(1000000000000)"),
            "vaultlister: vl_random_token: nbytes is out of range: 1000000000000" + range);
  EXPECT_EQ(db.error("SELECT vl_random_token(NULL)"),
            "vaultlister: vl_random_token: nbytes is NULL" + range);
  EXPECT_EQ(db.error("SELECT vl_random_token(1.5)"),
            "vaultlister: vl_random_token: nbytes is not a whole number (an integer)");
  EXPECT_EQ(db.error("SELECT vl_random_token('')"),
            "vaultlister: vl_random_token: nbytes is text that is not a number (a number)");
  EXPECT_EQ(db.error("SELECT vl_random_token(CAST(x'ff' AS TEXT))"),
            "vaultlister: vl_random_token: nbytes is text that is not a number (a number)");
  EXPECT_EQ(db.error("SELECT vl_random_token(x'10')"),
            "vaultlister: vl_random_token: nbytes is a blob (a number)");
  EXPECT_EQ(db.error("SELECT vl_random_token()"),
            "vaultlister: vl_random_token: wrong number of arguments: 0 (vl_random_token(nbytes))");
}

// ---- vl_uuid ------------------------------------------------------------------

TEST(VlUuid, Version4FormAndUniqueness) {
  Db db;
  std::regex v4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> seen;
  for (const auto& u : db.rows("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n "
                               "WHERE i < 1000) SELECT vl_uuid() FROM n")) {
    EXPECT_TRUE(std::regex_match(u, v4)) << u;
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_EQ(db.error("SELECT vl_uuid(1)"),
            "vaultlister: vl_uuid: wrong number of arguments: 1 (vl_uuid() takes no arguments)");
  EXPECT_EQ(db.error("SELECT vl_uuid(NULL)"),
            "vaultlister: vl_uuid: wrong number of arguments: 1 (vl_uuid() takes no arguments)");
}

TEST(SecretFlags, RegisteredAsTheRegistrySays) {
  Db db;
  // Where SQLite does not refuse a non-deterministic DIRECTONLY function in a CHECK (3.40), the
  // library adds DETERMINISTIC to decrypt and vl_set_key (ext/schema_origin.h). Asked the same way.
  const std::string det = vltest::directonly_marked_deterministic();
  // pragma_function_list's flags column exists from 3.31; bit 0x80000 is
  // SQLITE_DIRECTONLY, 0x800 DETERMINISTIC, 0x200000 INNOCUOUS.
  EXPECT_EQ(db.table("SELECT name, (flags & 0x80000) != 0, (flags & 0x800) != 0, "
                     "(flags & 0x200000) != 0 FROM pragma_function_list WHERE name IN "
                     "('encrypt','decrypt','vl_set_key','vl_sha256','vl_random_token','vl_uuid') "
                     "ORDER BY name"),
            std::string("decrypt|1|") + det + "|0\nencrypt|1|0|0\nvl_random_token|0|0|1\nvl_set_key|1|" + det +
                "|0\nvl_sha256|0|1|1\nvl_uuid|0|0|1");
}

TEST(CryptoEdges, BlobAadAndEnvelopeShapes) {
  Db db;
  db.exec("SELECT vl_set_key('a passphrase of at least thirty-two characters', NULL)");
  db.exec("SELECT vl_legacy_cbc(1)");  // the CBC shapes below are read
  // A blob aad counts by its bytes; an empty one is no aad at all.
  EXPECT_EQ(db.text("SELECT decrypt(encrypt('x', NULL, x''), NULL, x'') || decrypt(encrypt('x', NULL, x''))"), "xx");
  EXPECT_EQ(db.text("SELECT decrypt(encrypt('y', NULL, x'0102'), NULL, x'0102')"), "y");
  const std::string not_envelope = "vaultlister: decrypt: ciphertext is not an encrypted value " + kEnvelopeExpected;
  const std::string auth = "vaultlister: decrypt: authentication failed (the key and aad the value was encrypted with)";
  expect_refusals(
      db, {
              {"SELECT decrypt(encrypt('y', NULL, x'0102'), NULL, x'0103')", auth},
              {"SELECT decrypt('gcm:000102030405060708090a0b:000102030405060708090a0b0c0d0e0f:abc')", not_envelope},
              {"SELECT decrypt('gcm:00010203040506070809zz0b:000102030405060708090a0b0c0d0e0f:abcd')", not_envelope},
              {"SELECT decrypt('gcm:000102030405060708090a0b:000102030405060708090a0b0c0d0ezz:abcd')", not_envelope},
              {"SELECT decrypt('gcm:000102030405060708090a0b:000102030405060708090a0b0c0d0e0f:abzz')", not_envelope},
              {"SELECT decrypt('000102030405060708090a0b0c0d0ezz:abcd')", not_envelope},
              {"SELECT decrypt('000102030405060708090a0b0c0d0e0f:')", not_envelope},
              {"SELECT decrypt('000102030405060708090a0b0c0d0e0f:abc')", not_envelope},
              {"SELECT decrypt('000102030405060708090a0b0c0d0e0f:abzz')", not_envelope},
              {"SELECT decrypt('a:b:c:d')", not_envelope},
              {"SELECT decrypt('gcm:a:b:c:d')", not_envelope},
              // Well-formed, but a CBC body that is not whole blocks, and a
              // GCM value whose tag does not match: both just fail to open.
              {"SELECT decrypt('000102030405060708090a0b0c0d0e0f:abcd')", auth},
              {"SELECT decrypt('gcm:000102030405060708090a0b:000102030405060708090a0b0c0d0e0f:')", auth},
          });
  // vl_set_key(key, NULL): one key, as without the second argument.
  EXPECT_EQ(db.integer("SELECT vl_set_key('another passphrase of thirty-two characters!', NULL)"), 1);
  // Tokens of 1 and 2 bytes: base64url without padding.
  EXPECT_EQ(db.text("SELECT length(vl_random_token(1)) || length(vl_random_token(2)) || length(vl_random_token(3))"),
            "234");
}
