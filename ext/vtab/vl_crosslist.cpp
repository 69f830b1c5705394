/*
** vl_crosslist: the draft listing one inventory item would get on each
** marketplace, fitted to that marketplace's limits (platform_limits), with
** its condition in the marketplace's words (platform_conditions), the
** estimated fee today (platform_fee_rules) and what must be fixed first.
**
**   SELECT platform, title, condition, estimated_fee, problems
**     FROM vl_crosslist('item-1', 'ebay,mercari');
**
**   -- cross-list an item everywhere it is not listed yet, in one statement:
**   INSERT INTO listings (inventory_id, user_id, platform, title, description,
**                         price, condition_tag)
**   SELECT inventory_id, user_id, platform, title, description, price, condition
**     FROM vl_crosslist('item-1') WHERE NOT already_listed;
**
** Declared schema:
**   CREATE TABLE x(platform TEXT, title TEXT, description TEXT, price REAL,
**                  condition TEXT, estimated_fee REAL,
**                  estimated_net_profit REAL, already_listed INTEGER,
**                  problems TEXT, warnings TEXT, user_id TEXT,
**                  inventory_id HIDDEN, platforms HIDDEN)
**
**   platforms: NULL or absent = every row of platform_limits, by name;
**              otherwise a JSON array of names or a comma-separated list,
**              rows in the order given (duplicates once).
**   problems:  JSON array of what a seller must fix before listing there
**              (no images, missing brand / size / condition, a condition the
**              platform has no word for, a price below its minimum, an item
**              that cannot be listed any more).
**   warnings:  JSON array of what was adapted and is worth a look (title or
**              description shortened, images or quantity over the limit, no
**              fee rule in force today).
**
** Title and description are cut at the last word boundary within the limit
** (counted in Unicode code points), with trailing spaces and punctuation
** removed; a single word longer than the limit is cut at the limit. A NULL
** limit means "not known": the text is kept whole.
** estimated_fee = platform_fee(platform, price, 0) for today (UTC);
** estimated_net_profit = round(price - estimated_fee - cost_price, 2) with a
** NULL cost_price counted as 0, the net_profit formula without shipping.
**
** xBestIndex contract: two HIDDEN arguments; inventory_id is required (a plan
** without a usable equality constraint on it is SQLITE_CONSTRAINT), platforms
** is optional. Plan encoding as in core/vtab.h (idxNum bit i = argument i
** given; values in argv in argument order); constraints are omitted. Rows are
** computed in xFilter from tables of main.
**
** INNOCUOUS: it reads only rows of the file a view could read too.
*/
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "ext/core/function.h"
#include "ext/core/json.h"
#include "ext/core/stmt.h"
#include "ext/core/text.h"
#include "ext/core/vtab.h"
#include "ext/vtab/modules.h"
#include "ext/core/money.h"
#include "ext/fees/fees.h"

namespace vl {
namespace {

constexpr const char* kFn = "vl_crosslist";

// Trailing characters a cut must not leave behind: spaces, separators and
// opening brackets (a closing bracket or quote ends a phrase and stays).
std::string_view strip_tail(std::string_view s) {
  static const char* kMultibyte[] = {"\u2013", "\u2014", "\u2026", "\u00b7", "\u2022"};
  for (bool again = true; again && !s.empty();) {
    again = false;
    char c = s.back();
    if (ascii_space(c) || std::string_view(",.;:!?-/\\|&+([{_~*").find(c) != std::string_view::npos) {
      s.remove_suffix(1);
      again = true;
      continue;
    }
    for (const char* m : kMultibyte) {
      std::string_view mb(m);
      if (s.size() >= mb.size() && s.substr(s.size() - mb.size()) == mb) {
        s.remove_suffix(mb.size());
        again = true;
        break;
      }
    }
  }
  return s;
}

// Fits `s` into `max` code points at a word boundary.
std::string fit(std::string_view s, int64_t max) {
  if (utf8_chars(s) <= static_cast<size_t>(max)) return std::string(s);
  size_t cut = utf8_offset(s, static_cast<size_t>(max));
  std::string_view head = s.substr(0, cut);
  if (!ascii_space(s[cut])) {
    size_t space = std::string_view::npos;
    for (size_t i = head.size(); i-- > 0;)
      if (ascii_space(head[i])) {
        space = i;
        break;
      }
    if (space != std::string_view::npos && !strip_tail(head.substr(0, space)).empty())
      head = head.substr(0, space);
  }
  return std::string(strip_tail(head));
}

std::string json_array(const std::vector<std::string>& items) {
  vl::json::Buffer buf;
  vl::json::Writer w(buf);
  w.StartArray();
  for (const auto& s : items) w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size()));
  w.EndArray();
  return std::string(buf.GetString(), buf.GetSize());
}

struct Limits {
  std::string platform;
  std::optional<int64_t> title_max, description_max, photos_max, quantity_max;
  int64_t photos_min = 1;
  bool requires_brand = false, requires_size = false;
  std::optional<Cents> min_price;
};

std::optional<int64_t> opt_int(const Stmt& s, int col) {
  if (s.is_null(col)) return std::nullopt;
  return s.int64(col);
}

std::vector<std::string> read_platforms(sqlite3_value* v) {
  std::string_view text = arg_text(kFn, "platforms", v);
  static constexpr const char* kExpected =
      "a JSON array of platform names or a comma-separated list such as 'ebay,mercari'";
  std::vector<std::string> names;
  std::string t = trim(text);
  if (!t.empty() && t.front() == '[') {
    vl::json::Document d;
    d.Parse(t.c_str(), t.size());
    if (d.HasParseError() || !d.IsArray())
      throw Error(kFn, "platforms is not a valid JSON array", kExpected);
    for (const auto& e : d.GetArray()) {
      if (!e.IsString()) throw Error(kFn, "platforms holds a value that is not a string", kExpected);
      names.push_back(ascii_lower(trim(std::string_view(e.GetString(), e.GetStringLength()))));
    }
  } else {
    size_t start = 0;
    while (start <= t.size()) {
      size_t comma = t.find(',', start);
      if (comma == std::string::npos) comma = t.size();
      names.push_back(ascii_lower(trim(std::string_view(t).substr(start, comma - start))));
      start = comma + 1;
    }
  }
  if (names.empty() || (names.size() == 1 && names[0].empty()))
    throw Error(kFn, "platforms is empty", kExpected);
  for (const auto& n : names)
    if (n.empty()) throw Error(kFn, "platforms has an empty name", kExpected);
  return names;
}

// The inventory row a draft is made from.
struct Item {
  std::string user_id, title, status;
  std::optional<std::string> description, brand, size, condition;
  Cents price, cost;  // cost_price NULL reads as 0
  std::optional<int64_t> quantity;
  int64_t photos = 0;  // the images array or image_assets rows, whichever has more
};

Item read_item(sqlite3* db, const std::string& id) {
  Stmt s(db,
         "SELECT user_id, title, description, brand, size, condition, list_price, "
         "cost_price, quantity, status, "
         "max(coalesce(json_array_length(images), 0), "
         "(SELECT count(*) FROM main.image_assets a WHERE a.inventory_id = i.id)) "
         "FROM main.inventory i WHERE id = ?1",
         kFn);
  s.bind(1, id);
  if (!s.step()) {
    throw Error(kFn,
                id.size() <= 64 ? "no inventory item with id '" + id + "'"
                                : std::string("no inventory item with the given id"),
                "the id of a row of inventory");
  }
  Item item;
  item.user_id = s.text(0);
  item.title = s.text(1);
  item.description = s.opt_text(2);
  if (!valid_utf8(item.title.data(), item.title.size()) ||
      (item.description && !valid_utf8(item.description->data(), item.description->size())))
    throw Error(kFn, "the item's title or description is not valid UTF-8",
                "fix the text of the inventory row");
  item.brand = s.opt_text(3);
  item.size = s.opt_text(4);
  item.condition = s.opt_text(5);
  // The fee engine works in int64 cents: amounts past its range are refused, not wrapped.
  if (s.real(6) > 1.0e9 || (!s.is_null(7) && s.real(7) > 1.0e9))
    throw Error(kFn, "the item's list_price or cost_price is too large",
                "an amount of at most 1000000000");
  item.price = Cents::from_double(s.real(6));
  item.cost = s.is_null(7) ? Cents() : Cents::from_double(s.real(7));
  item.quantity = opt_int(s, 8);
  item.status = s.is_null(9) ? "" : s.text(9);
  item.photos = s.int64(10);
  return item;
}

// Every row of platform_limits, by name, and the names in order.
struct PlatformLimits {
  std::map<std::string, Limits> by_name;
  std::vector<std::string> names;
};

PlatformLimits read_limits(sqlite3* db) {
  PlatformLimits out;
  Stmt s(db,
         "SELECT platform, title_max, description_max, photos_max, photos_min, quantity_max, "
         "requires_brand, requires_size, min_price FROM main.platform_limits ORDER BY platform",
         kFn);
  while (s.step()) {
    Limits l;
    l.platform = s.text(0);
    l.title_max = opt_int(s, 1);
    l.description_max = opt_int(s, 2);
    l.photos_max = opt_int(s, 3);
    l.photos_min = s.int64(4);
    l.quantity_max = opt_int(s, 5);
    l.requires_brand = s.int64(6) != 0;
    l.requires_size = s.int64(7) != 0;
    if (!s.is_null(8)) l.min_price = Cents::from_double(s.real(8));
    out.names.push_back(l.platform);
    out.by_name.emplace(l.platform, std::move(l));
  }
  return out;
}

// The platforms a draft is made for: those the `platforms` argument names
// (each once, in the order given; an unknown one is an error), or all.
std::vector<std::string> wanted_platforms(sqlite3_value* arg, const PlatformLimits& limits) {
  if (arg == nullptr || sqlite3_value_type(arg) == SQLITE_NULL) return limits.names;
  std::vector<std::string> wanted;
  std::set<std::string> seen;
  for (auto& n : read_platforms(arg)) {
    if (!limits.by_name.count(n)) {
      std::string known;
      for (const auto& a : limits.names) known += (known.empty() ? "" : ", ") + a;
      throw Error(kFn,
                  n.size() <= 64 ? "unknown platform '" + n + "'"
                                 : std::string("unknown platform (a name of ") + std::to_string(n.size()) +
                                       " bytes)",
                  known.empty() ? "platform_limits has no rows: add some" : "one of: " + known);
    }
    if (seen.insert(n).second) wanted.push_back(n);
  }
  return wanted;
}

// platform -> our condition -> the platform's word for it (platform_conditions).
using ConditionWords = std::map<std::string, std::map<std::string, std::string>>;

ConditionWords read_condition_words(sqlite3* db) {
  ConditionWords words;
  Stmt s(db, "SELECT platform, condition, platform_condition FROM main.platform_conditions", kFn);
  while (s.step()) words[s.text(0)][s.text(1)] = s.text(2);
  return words;
}

std::set<std::string> listed_platforms(sqlite3* db, const std::string& id) {
  std::set<std::string> listed;
  Stmt s(db, "SELECT platform FROM main.listings WHERE inventory_id = ?1", kFn);
  s.bind(1, id);
  while (s.step()) listed.insert(s.text(0));
  return listed;
}

// What a draft must fix before listing (problems) and what was adapted and is
// worth a look (warnings), each in the order the checks below run.
struct Notes {
  std::vector<std::string> problems, warnings;
};

bool blank(const std::optional<std::string>& s) { return !s || trim(*s).empty(); }

void check_in_stock(const Item& item, Notes& n) {
  if (item.status == "sold" || item.status == "deleted")
    n.problems.push_back("item is " + item.status + " (listings are only for items in stock)");
  else if (item.quantity && *item.quantity <= 0)
    n.problems.push_back("item is sold out (quantity 0)");
}

std::string fitted_title(const Item& item, const Limits& l, Notes& n) {
  std::string t = l.title_max ? fit(item.title, *l.title_max) : item.title;
  if (trim(t).empty()) n.problems.push_back("empty title");
  if (t != item.title)
    n.warnings.push_back("title shortened from " + std::to_string(utf8_chars(item.title)) + " to " +
                         std::to_string(utf8_chars(t)) + " characters");
  return t;
}

Cell fitted_description(const Item& item, const Limits& l, Notes& n) {
  if (!item.description) return Cell();
  const std::string& whole = *item.description;
  std::string d = l.description_max ? fit(whole, *l.description_max) : whole;
  if (d != whole)
    n.warnings.push_back("description shortened from " + std::to_string(utf8_chars(whole)) + " to " +
                         std::to_string(utf8_chars(d)) + " characters");
  return Cell(std::move(d));
}

void check_images(const Item& item, const Limits& l, Notes& n) {
  if (item.photos == 0 && l.photos_min > 0)
    n.problems.push_back("no images");
  else if (item.photos < l.photos_min)
    n.problems.push_back("needs at least " + std::to_string(l.photos_min) + " images, has " +
                         std::to_string(item.photos));
  if (l.photos_max && item.photos > *l.photos_max)
    n.warnings.push_back("only the first " + std::to_string(*l.photos_max) + " of " +
                         std::to_string(item.photos) + " images can be used");
}

void check_required_fields(const Item& item, const Limits& l, Notes& n) {
  if (l.requires_brand && blank(item.brand)) n.problems.push_back("missing brand");
  if (l.requires_size && blank(item.size)) n.problems.push_back("missing size");
}

// The platform's word for the item's condition; NULL when the platform has no
// vocabulary or no word for it (the second is a problem, so is no condition).
Cell condition_word(const Item& item, const std::string& platform, const ConditionWords& words, Notes& n) {
  auto vocab = words.find(platform);
  if (vocab == words.end()) return Cell();
  if (!item.condition) {
    n.problems.push_back("missing condition");
    return Cell();
  }
  auto w = vocab->second.find(*item.condition);
  if (w == vocab->second.end()) {
    n.problems.push_back("condition '" + *item.condition + "' has no equivalent on " + platform);
    return Cell();
  }
  return Cell(w->second);
}

void check_price_and_quantity(const Item& item, const Limits& l, Notes& n) {
  if (l.min_price && item.price < *l.min_price)
    n.problems.push_back("price " + item.price.text() + " is below the minimum of " + l.min_price->text());
  if (l.quantity_max && item.quantity && *item.quantity > *l.quantity_max)
    n.warnings.push_back("quantity " + std::to_string(*item.quantity) + ": " + l.platform + " lists at most " +
                         std::to_string(*l.quantity_max) + " per listing");
}

struct FeeEstimate {
  Cell fee, net_profit;
};

FeeEstimate estimate_fee(sqlite3* db, const Item& item, const std::string& platform, const std::string& today,
                         Notes& n) {
  FeeEstimate e;
  try {
    auto rules = fees::load_rules(db, kFn, platform);
    Cents fee = fees::total(fees::apply(kFn, platform, rules, item.price, Cents(), today));
    e.fee = fee.dollars();
    e.net_profit = (item.price - fee - item.cost).dollars();
  } catch (const fees::NoRule&) {
    // A platform with limits but no fee rule for today still gets its
    // draft; the unknown fee is reported, not guessed. Every other failure
    // (a broken platform_fee_rules table, I/O, a lock, corruption) is no
    // such answer: it stops the query as it is.
    n.warnings.push_back("no fee rule in force today: fee and net profit unknown");
  }
  return e;
}

// One row: the draft listing of `item` on the platform of `l`.
Row draft(sqlite3* db, const Item& item, const Limits& l, const ConditionWords& words, bool already_listed,
          const std::string& today) {
  Notes n;
  check_in_stock(item, n);
  std::string title = fitted_title(item, l, n);
  Cell description = fitted_description(item, l, n);
  check_images(item, l, n);
  check_required_fields(item, l, n);
  Cell condition = condition_word(item, l.platform, words, n);
  check_price_and_quantity(item, l, n);
  FeeEstimate fee = estimate_fee(db, item, l.platform, today, n);

  Row r;
  r.emplace_back(l.platform);
  r.emplace_back(std::move(title));
  r.push_back(std::move(description));
  r.emplace_back(item.price.dollars());
  r.push_back(std::move(condition));
  r.push_back(std::move(fee.fee));
  r.push_back(std::move(fee.net_profit));
  r.emplace_back(static_cast<int64_t>(already_listed ? 1 : 0));
  r.emplace_back(json_array(n.problems));
  r.emplace_back(json_array(n.warnings));
  r.emplace_back(item.user_id);
  return r;
}

struct Crosslist {
  static constexpr const char* kSchema =
      "CREATE TABLE x(platform TEXT, title TEXT, description TEXT, price REAL, condition TEXT, "
      "estimated_fee REAL, estimated_net_profit REAL, already_listed INTEGER, problems TEXT, "
      "warnings TEXT, user_id TEXT, inventory_id HIDDEN, platforms HIDDEN)";
  static constexpr int kVisible = 11;
  static constexpr int kArgs = 2;
  static constexpr int kRequired = 1;

  static void produce(sqlite3* db, void*, sqlite3_value* const* args, std::vector<Row>& out) {
    const std::string id(arg_text(kFn, "inventory_id", args[0]));
    const Item item = read_item(db, id);
    const PlatformLimits limits = read_limits(db);
    const std::vector<std::string> wanted = wanted_platforms(args[1], limits);
    const ConditionWords words = read_condition_words(db);
    const std::set<std::string> listed = listed_platforms(db, id);
    const std::string today = fees::today_utc();
    for (const auto& p : wanted)
      out.push_back(draft(db, item, limits.by_name.at(p), words, listed.count(p) > 0, today));
  }
};

}  // namespace

const sqlite3_module* vl_crosslist_module() {
  return rows_module<Crosslist>();
}

}  // namespace vl
