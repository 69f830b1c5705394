// Marketplace CSV exports: vl::imports::parse_export over libcsv, with the
// platform named by the first byte (or detected), and a fee estimate that is
// a plain function (no database).
#include <cstdint>
#include <string>

#include "ext/core/error.h"
#include "ext/imports/marketplace_csv.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 1 << 20) return 0;
  static const std::string kPlatforms[] = {"", "ebay", "poshmark", "mercari", "depop"};
  const std::string& platform = kPlatforms[data[0] % 5];
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  vl::imports::FeeEstimator fee = [](const std::string&, vl::Cents price, vl::Cents shipping, const std::string&) {
    return (price + shipping).percent(13250) + vl::Cents::of(40);
  };
  try {
    auto lines = vl::imports::parse_export("fuzz", bytes, platform, fee);
    for (const auto& l : lines) {
      if (l.import_key.empty()) __builtin_trap();  // every line must be importable idempotently
    }
  } catch (const vl::Error&) {
  }
  bool ok = false;
  vl::imports::parse_money(bytes.substr(0, 64), &ok);
  vl::imports::parse_date(bytes.substr(0, 64));
  vl::imports::normalize_header(bytes.substr(0, 256));
  return 0;
}
