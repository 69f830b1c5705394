// The encrypt() baseline: what a competent engineer writes in C++ over raw OpenSSL EVP to turn
// the same plaintexts into the same text form encrypt() returns, gcm:<iv hex>:<tag hex>:<ct hex>
// (AES-256-GCM, a fresh random 12-byte IV per value from RAND_bytes, 16-byte tag).
// One EVP_CIPHER_CTX is reused for every value (key set once, only the IV changes), and the
// output string is reused, so the loop is the cipher plus the hex encoding and nothing else.
//
// usage: evp_baseline <plaintexts file: one value a line> <key: 64 hex digits> [runs]
// prints one JSON object: {"values": n, "runs_s": [...], "median_s": x, "openssl": "..."}
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace {

void die(const char* what) {
  std::fprintf(stderr, "evp_baseline: %s\n", what);
  std::exit(1);
}

void hex(std::string& out, const unsigned char* p, size_t n) {
  static const char* d = "0123456789abcdef";
  for (size_t i = 0; i < n; ++i) {
    out.push_back(d[p[i] >> 4]);
    out.push_back(d[p[i] & 15]);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) die("usage: evp_baseline <plaintexts> <key hex> [runs]");
  std::ifstream in(argv[1]);
  std::vector<std::string> values;
  for (std::string line; std::getline(in, line);) values.push_back(line);
  std::string key_hex = argv[2];
  if (key_hex.size() != 64) die("key must be 64 hex digits");
  unsigned char key[32];
  for (int i = 0; i < 32; ++i) key[i] = static_cast<unsigned char>(std::stoi(key_hex.substr(2 * i, 2), nullptr, 16));
  int runs = argc > 3 ? std::atoi(argv[3]) : 5;

  EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
  if (!ctx || EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, key, nullptr) != 1) die("init");
  std::vector<unsigned char> ct;
  std::string out;
  size_t checksum = 0;
  std::vector<double> times;
  for (int r = 0; r < runs + 1; ++r) {  // run 0 is the warm-up
    auto t0 = std::chrono::steady_clock::now();
    for (const std::string& v : values) {
      unsigned char iv[12], tag[16];
      if (RAND_bytes(iv, sizeof iv) != 1) die("RAND_bytes");
      ct.resize(v.size() + 16);
      int n = 0, fin = 0;
      if (EVP_EncryptInit_ex(ctx, nullptr, nullptr, nullptr, iv) != 1 ||
          EVP_EncryptUpdate(ctx, ct.data(), &n, reinterpret_cast<const unsigned char*>(v.data()),
                            static_cast<int>(v.size())) != 1 ||
          EVP_EncryptFinal_ex(ctx, ct.data() + n, &fin) != 1 ||
          EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, tag) != 1)
        die("encrypt");
      out.assign("gcm:");
      hex(out, iv, 12);
      out.push_back(':');
      hex(out, tag, 16);
      out.push_back(':');
      hex(out, ct.data(), static_cast<size_t>(n + fin));
      checksum += out.size();
    }
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (r > 0) times.push_back(s);
  }
  EVP_CIPHER_CTX_free(ctx);
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  std::printf("{\"values\": %zu, \"output_chars\": %zu, \"runs_s\": [", values.size(), checksum / (runs + 1));
  for (size_t i = 0; i < times.size(); ++i) std::printf("%s%.6f", i ? ", " : "", times[i]);
  std::printf("], \"median_s\": %.6f, \"openssl\": \"%s\"}\n", sorted[sorted.size() / 2],
              OpenSSL_version(OPENSSL_VERSION));
  return 0;
}
