#include "imports/source.h"

#include <memory>
#include <new>

#include "core/error.h"
#include "core/file.h"
#include "core/function.h"
#include "core/stmt.h"

namespace vl::imports {

std::string read_source(std::string_view fn, sqlite3_value* source) {
  if (source == nullptr || sqlite3_value_type(source) == SQLITE_NULL)
    throw Error(fn, "source is NULL", "a file path or the file's bytes");
  if (sqlite3_value_type(source) == SQLITE_BLOB) {
    size_t n = static_cast<size_t>(sqlite3_value_bytes(source));
    if (n > kMaxExportBytes)
      throw Error(fn, "source is larger than " + std::to_string(kMaxExportBytes) + " bytes", "a smaller export");
    if (n == 0) return std::string();
    const void* p = sqlite3_value_blob(source);
    if (p == nullptr) throw std::bad_alloc();  // SQLite could not produce the bytes
    return std::string(static_cast<const char*>(p), n);
  }
  std::string path(arg_text(fn, "source", source));
  return read_regular_file(fn, path, kMaxExportBytes);
}

std::string platform_arg(std::string_view fn, sqlite3_value* platform) {
  if (platform == nullptr || sqlite3_value_type(platform) == SQLITE_NULL) return "";
  std::string p(arg_text(fn, "platform", platform));
  for (const auto& known : known_platforms())
    if (p == known) return p;
  throw Error(fn, "unknown platform '" + p + "'", "ebay, poshmark or mercari");
}

std::vector<SaleLine> parse_source(std::string_view fn, sqlite3* db, sqlite3_value* source,
                                   sqlite3_value* platform) {
  std::string plat = platform_arg(fn, platform);
  std::string bytes = read_source(fn, source);
  if (!valid_utf8(bytes.data(), bytes.size()))
    throw Error(fn, "source is not valid UTF-8", "a UTF-8 CSV export");
  // Prepared once per parse, only when an eBay line needs it.
  std::unique_ptr<Stmt> fee_stmt;
  FeeEstimator fee = [&](const std::string& p, double price, double shipping, const std::string& date) {
    if (!fee_stmt) fee_stmt = std::make_unique<Stmt>(db, "SELECT platform_fee(?1, ?2, ?3, ?4)", fn);
    fee_stmt->reset();
    fee_stmt->bind(1, p).bind(2, price).bind(3, shipping).bind(4, date);
    // One row: platform_fee of a number is a number, or an error that
    // step() throws (no rule in force that day, for one).
    fee_stmt->step();
    double v = fee_stmt->real(0);
    fee_stmt->reset();
    return v;
  };
  return parse_export(fn, bytes, plat, fee);
}

}  // namespace vl::imports
