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

#include "core/function.h"
#include "core/json.h"
#include "core/stmt.h"
#include "core/text.h"
#include "core/vtab.h"
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

struct Crosslist {
  static constexpr const char* kSchema =
      "CREATE TABLE x(platform TEXT, title TEXT, description TEXT, price REAL, condition TEXT, "
      "estimated_fee REAL, estimated_net_profit REAL, already_listed INTEGER, problems TEXT, "
      "warnings TEXT, user_id TEXT, inventory_id HIDDEN, platforms HIDDEN)";
  static constexpr int kVisible = 11;
  static constexpr int kArgs = 2;
  static constexpr int kRequired = 1;

  static void produce(sqlite3* db, void*, sqlite3_value* const* args, std::vector<Row>& out) {
    std::string id(arg_text(kFn, "inventory_id", args[0]));

    Stmt item(db,
              "SELECT user_id, title, description, brand, size, condition, list_price, "
              "cost_price, quantity, status, "
              "max(coalesce(json_array_length(images), 0), "
              "(SELECT count(*) FROM main.image_assets a WHERE a.inventory_id = i.id)) "
              "FROM main.inventory i WHERE id = ?1",
              kFn);
    item.bind(1, id);
    if (!item.step()) {
      throw Error(kFn,
                  id.size() <= 64 ? "no inventory item with id '" + id + "'"
                                  : std::string("no inventory item with the given id"),
                  "the id of a row of inventory");
    }
    std::string user_id = item.text(0);
    std::string title = item.text(1);
    std::optional<std::string> description = item.opt_text(2);
    if (!valid_utf8(title.data(), title.size()) ||
        (description && !valid_utf8(description->data(), description->size())))
      throw Error(kFn, "the item's title or description is not valid UTF-8",
                  "fix the text of the inventory row");
    auto blank = [](const std::optional<std::string>& s) { return !s || trim(*s).empty(); };
    std::optional<std::string> brand = item.opt_text(3), size = item.opt_text(4);
    std::optional<std::string> condition = item.opt_text(5);
    // The fee engine works in int64 cents: amounts past its range are refused, not wrapped.
    if (item.real(6) > 1.0e9 || (!item.is_null(7) && item.real(7) > 1.0e9))
      throw Error(kFn, "the item's list_price or cost_price is too large",
                  "an amount of at most 1000000000");
    Cents price = Cents::from_double(item.real(6));
    Cents cost = item.is_null(7) ? Cents() : Cents::from_double(item.real(7));
    std::optional<int64_t> quantity = opt_int(item, 8);
    std::string status = item.is_null(9) ? "" : item.text(9);
    int64_t photos = item.int64(10);

    std::map<std::string, Limits> limits;
    std::vector<std::string> all;
    {
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
        all.push_back(l.platform);
        limits.emplace(l.platform, std::move(l));
      }
    }
    std::vector<std::string> wanted;
    if (args[1] != nullptr && sqlite3_value_type(args[1]) != SQLITE_NULL) {
      std::set<std::string> seen;
      for (auto& n : read_platforms(args[1])) {
        if (!limits.count(n)) {
          std::string known;
          for (const auto& a : all) known += (known.empty() ? "" : ", ") + a;
          throw Error(kFn,
                      n.size() <= 64 ? "unknown platform '" + n + "'"
                                     : std::string("unknown platform (a name of ") +
                                           std::to_string(n.size()) + " bytes)",
                      known.empty() ? "platform_limits has no rows: add some" : "one of: " + known);
        }
        if (seen.insert(n).second) wanted.push_back(n);
      }
    } else {
      wanted = all;
    }

    std::map<std::string, std::map<std::string, std::string>> words;
    {
      Stmt s(db, "SELECT platform, condition, platform_condition FROM main.platform_conditions", kFn);
      while (s.step()) words[s.text(0)][s.text(1)] = s.text(2);
    }
    std::set<std::string> listed;
    {
      Stmt s(db, "SELECT platform FROM main.listings WHERE inventory_id = ?1", kFn);
      s.bind(1, id);
      while (s.step()) listed.insert(s.text(0));
    }
    std::string today = fees::today_utc();

    for (const auto& p : wanted) {
      const Limits& l = limits.at(p);
      std::vector<std::string> problems, warnings;

      if (status == "sold" || status == "deleted")
        problems.push_back("item is " + status + " (listings are only for items in stock)");
      else if (quantity && *quantity <= 0)
        problems.push_back("item is sold out (quantity 0)");

      std::string t = l.title_max ? fit(title, *l.title_max) : title;
      if (trim(t).empty()) problems.push_back("empty title");
      if (t != title)
        warnings.push_back("title shortened from " + std::to_string(utf8_chars(title)) + " to " +
                           std::to_string(utf8_chars(t)) + " characters");
      Cell desc_cell;
      if (description) {
        std::string d = l.description_max ? fit(*description, *l.description_max) : *description;
        if (d != *description)
          warnings.push_back("description shortened from " +
                             std::to_string(utf8_chars(*description)) + " to " +
                             std::to_string(utf8_chars(d)) + " characters");
        desc_cell = std::move(d);
      }

      if (photos == 0 && l.photos_min > 0)
        problems.push_back("no images");
      else if (photos < l.photos_min)
        problems.push_back("needs at least " + std::to_string(l.photos_min) + " images, has " +
                           std::to_string(photos));
      if (l.photos_max && photos > *l.photos_max)
        warnings.push_back("only the first " + std::to_string(*l.photos_max) + " of " +
                           std::to_string(photos) + " images can be used");
      if (l.requires_brand && blank(brand)) problems.push_back("missing brand");
      if (l.requires_size && blank(size)) problems.push_back("missing size");

      Cell cond_cell;
      auto vocab = words.find(p);
      if (vocab != words.end()) {
        if (!condition) {
          problems.push_back("missing condition");
        } else {
          auto w = vocab->second.find(*condition);
          if (w == vocab->second.end())
            problems.push_back("condition '" + *condition + "' has no equivalent on " + p);
          else
            cond_cell = w->second;
        }
      }
      if (l.min_price && price < *l.min_price)
        problems.push_back("price " + price.text() + " is below the minimum of " +
                           l.min_price->text());
      if (l.quantity_max && quantity && *quantity > *l.quantity_max)
        warnings.push_back("quantity " + std::to_string(*quantity) + ": " + p + " lists at most " +
                           std::to_string(*l.quantity_max) + " per listing");

      Cell fee_cell, net_cell;
      try {
        auto rules = fees::load_rules(db, kFn, p);
        Cents fee = fees::total(fees::apply(kFn, p, rules, price, Cents(), today));
        fee_cell = fee.dollars();
        net_cell = (price - fee - cost).dollars();
      } catch (const fees::NoRule&) {
        // A platform with limits but no fee rule for today still gets its
        // draft; the unknown fee is reported, not guessed. Every other failure
        // (a broken platform_fee_rules table, I/O, a lock, corruption) is no
        // such answer: it stops the query as it is.
        warnings.push_back("no fee rule in force today: fee and net profit unknown");
      }

      Row r;
      r.emplace_back(p);
      r.emplace_back(std::move(t));
      r.push_back(std::move(desc_cell));
      r.emplace_back(price.dollars());
      r.push_back(std::move(cond_cell));
      r.push_back(std::move(fee_cell));
      r.push_back(std::move(net_cell));
      r.emplace_back(static_cast<int64_t>(listed.count(p) ? 1 : 0));
      r.emplace_back(json_array(problems));
      r.emplace_back(json_array(warnings));
      r.emplace_back(user_id);
      out.push_back(std::move(r));
    }
  }
};

}  // namespace

const sqlite3_module* vl_crosslist_module() {
  return rows_module<Crosslist>();
}

}  // namespace vl
