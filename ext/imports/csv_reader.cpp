#include "ext/imports/csv_reader.h"

#include <csv.h>

#include <memory>
#include <new>

#include "ext/core/error.h"

namespace vl::csv {
namespace {

struct Collector {
  std::vector<Record> records;
  Record current{0, {}};
  size_t line = 1;
  bool failed_alloc = false;
};

void on_field(void* data, size_t len, void* out) {
  auto* c = static_cast<Collector*>(out);
  try {
    if (c->current.fields.empty()) c->current.line = c->line;
    c->current.fields.emplace_back(static_cast<const char*>(data), len);
  } catch (const std::bad_alloc&) {
    c->failed_alloc = true;
  }
}

void on_record(int, void* out) {
  auto* c = static_cast<Collector*>(out);
  try {
    c->records.push_back(std::move(c->current));
  } catch (const std::bad_alloc&) {
    c->failed_alloc = true;
  }
  c->current = Record{0, {}};
}

struct Parser {
  csv_parser p;
  Parser() {
    // Not CSV_STRICT: titles carry stray quotes (12" Vinyl) in unquoted
    // fields and the marketplaces' own readers accept them. A quote left open
    // is checked by hand in read().
    if (csv_init(&p, 0) != 0) throw std::bad_alloc();
  }
  ~Parser() { csv_free(&p); }
};

}  // namespace

bool Record::blank() const {
  for (const auto& f : fields) {
    if (f.find_first_not_of(" \t\r\n") != std::string::npos) return false;
  }
  return true;
}

std::vector<Record> read(std::string_view fn, std::string_view text) {
  if (text.size() >= 3 && text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.remove_prefix(3);
  Parser parser;
  Collector c;
  // Fed one line at a time so that each record knows the line it started on.
  size_t at = 0;
  while (at < text.size()) {
    size_t nl = text.find('\n', at);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    size_t n = csv_parse(&parser.p, text.data() + at, end - at, on_field, on_record, &c);
    if (c.failed_alloc) throw std::bad_alloc();
    if (n != end - at) {
      if (csv_error(&parser.p) == CSV_ENOMEM) throw std::bad_alloc();
      throw Error(fn, "line " + std::to_string(c.line) + ": " + csv_strerror(csv_error(&parser.p)),
                  "a CSV export");
    }
    ++c.line;
    at = end;
  }
  // libcsv reports an unterminated quote from csv_fini only in its strict
  // mode, which we do not want (see Parser); its state says it as well:
  // inside a quoted field (pstate 2, FIELD_BEGUN in libcsv.c) at the end.
  if (parser.p.quoted && parser.p.pstate == 2) {
    throw Error(fn, "a quoted field is not closed before the end of the file", "a CSV export");
  }
  csv_fini(&parser.p, on_field, on_record, &c);
  if (c.failed_alloc) throw std::bad_alloc();
  std::vector<Record> out;
  out.reserve(c.records.size());
  for (auto& r : c.records) {
    if (!r.blank()) out.push_back(std::move(r));
  }
  return out;
}

}  // namespace vl::csv
