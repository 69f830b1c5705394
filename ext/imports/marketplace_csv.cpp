#include "ext/imports/marketplace_csv.h"

#include <cctype>
#include <cmath>
#include <cstdlib>
#include <map>
#include <utility>

#include "ext/core/error.h"
#include "ext/core/text.h"
#include "ext/imports/csv_reader.h"

namespace vl::imports {
namespace {

// Logical columns an export can have. Each platform maps its own header
// names (and their known aliases) onto these.
enum Col {
  kOrder, kItem, kSku, kTitle, kDate, kQuantity, kPrice, kShipping, kBuyer,
  kEarnings, kShipDiscount, kLabelFee, kPackagingFee,
  kCompletedDate, kStatus, kSellerShipping, kSellingFee, kProcessingFee, kAdjustmentFee,
  kPenaltyFee, kNetProceeds, kTax, kSellerTax, kColCount
};

struct ColumnSpec {
  Col col;
  std::vector<const char*> aliases;  // normalized header texts
  bool required;
};

struct Format {
  const char* platform;
  std::vector<const char*> signature;  // any one of these marks the header row
  std::vector<ColumnSpec> columns;
};

const std::vector<Format>& formats() {
  static const std::vector<Format> f = {
      {"ebay",
       {"sales record number"},
       {{kOrder, {"order number", "order id"}, true},
        {kItem, {"item number"}, false},
        {kSku, {"custom label"}, false},
        {kTitle, {"item title"}, true},
        {kDate, {"sale date"}, true},
        {kQuantity, {"quantity"}, false},
        {kPrice, {"sold for", "sale price"}, true},
        {kShipping, {"shipping and handling"}, false},
        {kTax, {"ebay collected tax", "us tax"}, false},
        {kSellerTax, {"seller collected tax"}, false},
        {kBuyer, {"buyer username", "user id"}, false}}},
      {"poshmark",
       {"your earnings", "net earnings"},
       {{kOrder, {"order id"}, true},
        {kDate, {"order date"}, true},
        {kSku, {"sku"}, false},
        {kTitle, {"listing title"}, true},
        {kPrice, {"order price"}, true},
        {kEarnings, {"your earnings", "net earnings"}, true},
        {kShipDiscount, {"seller shipping discount"}, false},
        {kLabelFee, {"upgraded shipping label fee"}, false},
        {kPackagingFee, {"packaging fee"}, false},
        {kTax, {"sales tax paid by buyer"}, false},
        {kBuyer, {"buyer username"}, false}}},
      {"mercari",
       {"mercari selling fee", "net seller proceeds"},
       {{kItem, {"item id"}, true},
        {kDate, {"sold date"}, true},
        {kCompletedDate, {"completed date"}, false},
        {kTitle, {"item title"}, true},
        {kStatus, {"order status"}, true},
        {kPrice, {"item price"}, true},
        {kShipping, {"buyer shipping fee"}, false},
        {kSellerShipping, {"seller shipping fee"}, false},
        {kSellingFee, {"mercari selling fee"}, false},
        {kProcessingFee, {"payment processing fee", "payment processing fee charged to seller"}, false},
        {kAdjustmentFee, {"shipping adjustment fee"}, false},
        {kPenaltyFee, {"penalty fee"}, false},
        {kNetProceeds, {"net seller proceeds"}, false},
        {kTax, {"sales tax charged to buyer"}, false}}},
  };
  return f;
}

// How many records from the top are searched for the header: eBay puts it on
// line 2, Poshmark after a two- or three-line preamble.
constexpr size_t kHeaderSearch = 15;

struct Header {
  const Format* format = nullptr;
  size_t record = 0;               // index of the header record
  int index[kColCount];            // field index per column, -1 if absent
  std::string name[kColCount];     // the header text as the file spells it
};

// Exact alias first, then an alias followed by more words ("sold for usd").
int find_column(const std::vector<std::string>& normalized, const ColumnSpec& spec) {
  for (const char* alias : spec.aliases) {
    for (size_t i = 0; i < normalized.size(); ++i)
      if (normalized[i] == alias) return static_cast<int>(i);
  }
  for (const char* alias : spec.aliases) {
    std::string prefix = std::string(alias) + " ";
    for (size_t i = 0; i < normalized.size(); ++i)
      if (normalized[i].rfind(prefix, 0) == 0) return static_cast<int>(i);
  }
  return -1;
}

bool has_signature(const std::vector<std::string>& normalized, const Format& f) {
  for (const char* s : f.signature)
    for (const auto& n : normalized)
      if (n == s || n.rfind(std::string(s) + " ", 0) == 0) return true;
  return false;
}

Header find_header(std::string_view fn, const std::vector<csv::Record>& records,
                   const std::string& platform) {
  for (size_t r = 0; r < records.size() && r < kHeaderSearch; ++r) {
    std::vector<std::string> normalized;
    for (const auto& f : records[r].fields) normalized.push_back(normalize_header(f));
    for (const Format& f : formats()) {
      if (!platform.empty() && platform != f.platform) continue;
      if (!has_signature(normalized, f)) continue;
      Header h;
      h.format = &f;
      h.record = r;
      for (int& i : h.index) i = -1;
      std::string missing;
      for (const ColumnSpec& spec : f.columns) {
        int i = find_column(normalized, spec);
        h.index[spec.col] = i;
        if (i >= 0) h.name[spec.col] = records[r].fields[static_cast<size_t>(i)];
        if (i < 0 && spec.required) {
          if (!missing.empty()) missing += ", ";
          missing += "'" + std::string(spec.aliases[0]) + "'";
        }
      }
      if (!missing.empty()) {
        throw Error(fn,
                    "line " + std::to_string(records[r].line) + ": the " + f.platform +
                        " header lacks required columns " + missing,
                    "an unmodified export from the marketplace");
      }
      return h;
    }
  }
  if (!platform.empty()) {
    throw Error(fn, "no " + platform + " header row in the first " + std::to_string(kHeaderSearch) + " lines",
                platform + " sales export");
  }
  throw Error(fn, "no known header row in the first " + std::to_string(kHeaderSearch) + " lines",
              "an eBay orders report, a Poshmark sales report or a Mercari sales CSV");
}

// eBay splits the buyer's sales tax into what eBay collected and remitted and
// what the seller collected: the sale's tax is both; absent when neither is.
std::optional<Cents> sum_of(std::optional<Cents> a, std::optional<Cents> b) {
  if (!a && !b) return std::nullopt;
  return a.value_or(Cents()) + b.value_or(Cents());
}

// One data record read through a header.
class Row {
 public:
  Row(std::string_view fn, const Header& h, const csv::Record& r) : fn_(fn), h_(h), r_(r) {}
  std::string text(Col c) const {
    int i = h_.index[c];
    if (i < 0 || static_cast<size_t>(i) >= r_.fields.size()) return "";
    std::string t = trim(r_.fields[static_cast<size_t>(i)]);
    return t == "--" ? "" : t;
  }
  std::optional<std::string> opt_text(Col c) const {
    std::string t = text(c);
    if (t.empty()) return std::nullopt;
    return t;
  }
  std::optional<Cents> money(Col c) const {
    bool ok = true;
    std::string t = text(c);
    auto v = parse_money(t, &ok);
    if (!ok) fail(c, "'" + t + "' is not an amount", "an amount such as $1,234.50");
    if (!v) return std::nullopt;
    if (std::fabs(*v) > Cents::kMaxDollars)
      fail(c, "'" + t + "' is too large", "an amount of at most 1000000000");
    return Cents::from_double(*v);
  }
  // Absent is zero.
  Cents money_or_0(Col c) const { return money(c).value_or(Cents()); }
  Cents required_money(Col c) const {
    auto v = money(c);
    if (!v) fail(c, "the amount is missing", "an amount");
    return *v;
  }
  std::string date(Col c) const {
    std::string t = text(c);
    if (t.empty()) fail(c, "the date is missing", "a date");
    auto d = parse_date(t);
    if (!d) fail(c, "'" + t + "' is not a date", "a date such as 2026-09-27, 09/27/2026 or Sep-27-26");
    return *d;
  }
  long long quantity() const {
    std::string t = text(kQuantity);
    if (t.empty()) return 1;
    char* end = nullptr;
    long long q = std::strtoll(t.c_str(), &end, 10);
    if (*end != '\0' || q < 1 || q > 100000) fail(kQuantity, "'" + t + "' is not a quantity", "a whole number of at least 1");
    return q;
  }
  [[noreturn]] void fail(Col c, const std::string& what, const std::string& expected) const {
    throw Error(fn_, "line " + std::to_string(r_.line) + ", column '" + h_.name[c] + "': " + what, expected);
  }
  size_t line() const { return r_.line; }

 private:
  std::string_view fn_;
  const Header& h_;
  const csv::Record& r_;
};

bool is_footer(const csv::Record& r) {
  for (const auto& f : r.fields) {
    if (f.find("record(s) downloaded") != std::string::npos) return true;
  }
  std::string first = normalize_header(r.fields.empty() ? "" : r.fields[0]);
  return first.rfind("seller id", 0) == 0;
}

}  // namespace

const std::vector<std::string>& known_platforms() {
  static const std::vector<std::string> p = {"ebay", "poshmark", "mercari"};
  return p;
}

std::string normalize_header(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    bool digit = c >= '0' && c <= '9';
    bool upper = c >= 'A' && c <= 'Z';
    if (digit || upper || (c >= 'a' && c <= 'z')) {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += upper ? static_cast<char>(c - 'A' + 'a') : c;
    } else {
      space = true;
    }
  }
  return out;
}

std::optional<double> parse_money(std::string_view text, bool* ok) {
  *ok = true;
  std::string t = trim(text);
  if (t.empty() || t == "--") return std::nullopt;
  bool negative = false;
  if (t.size() >= 2 && t.front() == '(' && t.back() == ')') {
    negative = true;
    t = t.substr(1, t.size() - 2);
  }
  std::string digits;
  for (size_t i = 0; i < t.size(); ++i) {
    char c = t[i];
    if (c == '$' || c == ',' || c == ' ') continue;
    if (c == '-' && digits.empty() && !negative) {
      negative = true;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') {
      digits += c;
      continue;
    }
    // A currency code after the amount ("25.00 USD").
    if (t.compare(i, 3, "USD") == 0 && i + 3 == t.size()) break;
    *ok = false;
    return std::nullopt;
  }
  if (digits.empty() || digits.size() > 18) {
    *ok = false;
    return std::nullopt;
  }
  char* end = nullptr;
  double v = std::strtod(digits.c_str(), &end);
  if (*end != '\0') {
    *ok = false;
    return std::nullopt;
  }
  return negative ? -v : v;
}

std::optional<std::string> parse_date(std::string_view raw) {
  std::string t = trim(raw);
  static const char* months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  int y = 0, m = 0, d = 0;
  auto num = [](const std::string& s, size_t at, size_t n, int* out) {
    if (at + n > s.size()) return false;
    int v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
      v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
  };
  auto month_of = [&](const std::string& s) {
    std::string l = ascii_lower(s.substr(0, 3));
    for (int i = 0; i < 12; ++i)
      if (l == months[i]) return i + 1;
    return 0;
  };
  if (t.size() >= 10 && num(t, 0, 4, &y) && t[4] == '-' && num(t, 5, 2, &m) && t[7] == '-' &&
      num(t, 8, 2, &d) && (t.size() == 10 || t[10] == 'T' || t[10] == ' ')) {
    // ISO date, optionally with a time: the sale's calendar day is kept.
  } else if (t.find('/') != std::string::npos) {
    // MM/DD/YYYY or M/D/YY (Poshmark, US exports).
    size_t a = t.find('/'), b = t.find('/', a + 1);
    if (b == std::string::npos) return std::nullopt;
    std::string ms = t.substr(0, a), ds = t.substr(a + 1, b - a - 1), ys = t.substr(b + 1);
    ys = ys.substr(0, ys.find(' '));
    if (ms.empty() || ms.size() > 2 || ds.empty() || ds.size() > 2 ||
        !(ys.size() == 2 || ys.size() == 4))
      return std::nullopt;
    if (!num(ms, 0, ms.size(), &m) || !num(ds, 0, ds.size(), &d) || !num(ys, 0, ys.size(), &y))
      return std::nullopt;
    if (ys.size() == 2) y += 2000;
  } else if (t.size() >= 9 && std::isalpha(static_cast<unsigned char>(t[0])) && t[3] == '-') {
    // eBay: Sep-27-26 or Sep-27-2026.
    m = month_of(t);
    size_t b = t.find('-', 4);
    if (m == 0 || b == std::string::npos) return std::nullopt;
    std::string ds = t.substr(4, b - 4), ys = t.substr(b + 1);
    ys = ys.substr(0, ys.find(' '));
    if (ds.empty() || ds.size() > 2 || !(ys.size() == 2 || ys.size() == 4)) return std::nullopt;
    if (!num(ds, 0, ds.size(), &d) || !num(ys, 0, ys.size(), &y)) return std::nullopt;
    if (ys.size() == 2) y += 2000;
  } else if (t.size() >= 10 && std::isalpha(static_cast<unsigned char>(t[0]))) {
    // "Sep 27, 2026".
    m = month_of(t);
    size_t sp = t.find(' '), comma = t.find(',');
    if (m == 0 || sp == std::string::npos || comma == std::string::npos || comma <= sp + 1) return std::nullopt;
    std::string ds = t.substr(sp + 1, comma - sp - 1), ys = trim(t.substr(comma + 1));
    if (ds.size() > 2 || ys.size() != 4 || !num(ds, 0, ds.size(), &d) || !num(ys, 0, 4, &y))
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (y < 1990 || y > 2200 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
      (m == 2 && d == 29 && !leap))
    return std::nullopt;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return std::string(buf);
}

std::vector<SaleLine> parse_export(std::string_view fn, std::string_view bytes,
                                   const std::string& platform, const FeeEstimator& fee) {
  if (!platform.empty()) {
    bool known = false;
    for (const auto& p : known_platforms()) known |= p == platform;
    if (!known) throw Error(fn, "unknown platform '" + platform + "'", "ebay, poshmark or mercari");
  }
  auto records = csv::read(fn, bytes);
  Header h = find_header(fn, records, platform);
  const std::string plat = h.format->platform;
  std::vector<SaleLine> out;
  // eBay multi-item orders: an order row (no item title) carries the buyer,
  // date and order shipping; the item rows under it may leave them blank.
  // The order's shipping and tax go to its first item row that has none of
  // its own, so the order's amounts are counted once.
  struct OrderInfo {
    std::optional<std::string> buyer;
    std::string date;
    std::optional<Cents> shipping, tax;
  };
  std::map<std::string, OrderInfo> orders;
  std::map<std::string, int> seen_keys;

  for (size_t r = h.record + 1; r < records.size(); ++r) {
    const csv::Record& rec = records[r];
    if (is_footer(rec)) continue;
    Row row(fn, h, rec);
    SaleLine s;
    s.platform = plat;
    s.line = rec.line;
    if (plat == "ebay") {
      s.order_id = row.text(kOrder);
      s.title = row.text(kTitle);
      if (s.title.empty() && row.text(kItem).empty()) {
        if (s.order_id.empty()) continue;  // a filler row (eBay's line of commas)
        OrderInfo info;
        info.buyer = row.opt_text(kBuyer);
        if (!row.text(kDate).empty()) info.date = row.date(kDate);
        info.shipping = row.money(kShipping);
        info.tax = sum_of(row.money(kTax), row.money(kSellerTax));
        orders[s.order_id] = info;
        continue;
      }
      if (s.order_id.empty()) row.fail(kOrder, "the order number is missing", "an order number");
      OrderInfo* info = orders.count(s.order_id) ? &orders[s.order_id] : nullptr;
      s.item_id = row.opt_text(kItem);
      s.sku = row.opt_text(kSku);
      s.buyer = row.opt_text(kBuyer);
      if (!s.buyer && info) s.buyer = info->buyer;
      s.sold_at = (row.text(kDate).empty() && info && !info->date.empty()) ? info->date : row.date(kDate);
      s.quantity = row.quantity();
      s.sale_price = row.required_money(kPrice);
      s.shipping_charged = row.money(kShipping);
      s.tax_amount = sum_of(row.money(kTax), row.money(kSellerTax));
      if (info && !s.shipping_charged) std::swap(s.shipping_charged, info->shipping);
      if (info && !s.tax_amount) std::swap(s.tax_amount, info->tax);
      s.status = "completed";
      // The orders report carries no fees: estimate them from the dated
      // schedule for the sale's day, and say so.
      Cents shipping = s.shipping_charged.value_or(Cents());
      s.platform_fee = fee(plat, s.sale_price, shipping, s.sold_at);
      s.fee_estimated = true;
      s.net_proceeds = s.sale_price + shipping - *s.platform_fee;
    } else if (plat == "poshmark") {
      s.order_id = row.text(kOrder);
      if (s.order_id.empty()) row.fail(kOrder, "the order id is missing", "an order id");
      s.title = row.text(kTitle);
      s.sku = row.opt_text(kSku);
      s.buyer = row.opt_text(kBuyer);
      s.sold_at = row.date(kDate);
      s.sale_price = row.required_money(kPrice);
      Cents earnings = row.required_money(kEarnings);
      Cents discount = row.money_or_0(kShipDiscount);
      Cents label = row.money_or_0(kLabelFee);
      Cents packaging = row.money_or_0(kPackagingFee);
      // Poshmark reports no fee column: its fee is what the order brought in
      // minus what the seller earned, less the seller's own shipping and
      // packaging charges that were also taken out of the earnings.
      s.seller_shipping_cost = discount + label + packaging;
      s.platform_fee = std::max(Cents(), s.sale_price - earnings - discount - label - packaging);
      s.net_proceeds = earnings;
      s.tax_amount = row.money(kTax);
      s.status = "completed";
    } else {  // mercari
      s.item_id = row.opt_text(kItem);
      if (!s.item_id) row.fail(kItem, "the item id is missing", "an item id such as m12345678901");
      s.order_id = *s.item_id;
      s.title = row.text(kTitle);
      s.sold_at = row.date(kDate);
      s.sale_price = row.required_money(kPrice);
      s.shipping_charged = row.money(kShipping);
      s.seller_shipping_cost = row.money(kSellerShipping);
      s.platform_fee = row.money_or_0(kSellingFee) + row.money_or_0(kProcessingFee) +
                       row.money_or_0(kAdjustmentFee) + row.money_or_0(kPenaltyFee);
      s.net_proceeds = row.money(kNetProceeds);
      s.tax_amount = row.money(kTax);
      std::string st = ascii_lower(row.text(kStatus));
      if (st.empty()) row.fail(kStatus, "the order status is missing", "Completed or Canceled");
      s.status = (st == "canceled" || st == "cancelled") ? "cancelled" : st;
    }
    if (s.title.empty()) row.fail(kTitle, "the title is missing", "the item's title");
    std::string item = s.item_id ? *s.item_id : s.sku ? *s.sku : normalize_header(s.title);
    std::string key = plat + ":" + s.order_id + ":" + item;
    int n = ++seen_keys[key];
    s.import_key = n == 1 ? key : key + "#" + std::to_string(n);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace vl::imports
