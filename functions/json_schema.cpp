// vl_json_valid(document, schema) and vl_json_errors(document, schema):
// JSON Schema (draft-04, as RapidJSON implements it) validation of a JSON
// text against a schema given as JSON text or as the name of a schema this
// build ships (data/json-schemas/<name>.json, embedded by cmake/embed_json.cmake).
//
// Contracts and traps:
// - Compiled schemas are cached per connection (ConnState::schemas, at most
//   kCacheEntries, least recently used evicted) and, for a constant schema
//   argument, in the statement's auxdata, so a query over many rows compiles
//   its schema once. The cache is per connection, never process-global:
//   connections run on different threads with no lock between them.
// - The document is never built as a DOM: it streams through the validator
//   (SAX), so a 16 MiB document costs no tree. After the first violation the
//   parse still runs to the end: a malformed document is an error even when
//   it is also invalid.
// - Debian's RapidJSON (1.1.0) validator stops at the first violation, so
//   vl_json_errors lists at most one error; an empty array means valid.
// - Caps against hostile input: documents up to kMaxDocumentBytes and
//   kMaxDepth levels of nesting; schemas up to kMaxSchemaBytes and the same
//   depth (the schema compiler recurses on the C stack).
#include <cstring>
#include <list>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ext/core/function.h"
#include "ext/core/json.h"
#include "ext/core/text.h"
#include "functions/functions.h"
#include "functions/json_schemas_embedded.h"

// RapidJSON 1.1.0's own regex engine crashes on nested repetition such as
// "(a*)*b" (a stack overflow the host cannot survive), and std::regex
// backtracks exponentially on the same pattern. So regex support is compiled
// out, and compile() refuses "pattern" and "patternProperties" instead of
// silently ignoring them.
#define RAPIDJSON_SCHEMA_USE_INTERNALREGEX 0
#define RAPIDJSON_SCHEMA_USE_STDREGEX 0

#include <rapidjson/error/en.h>
#include <rapidjson/pointer.h>
#include <rapidjson/reader.h>
#include <rapidjson/schema.h>

namespace vl::fn {
namespace {

constexpr size_t kMaxDocumentBytes = 16u << 20;  // 16 MiB
constexpr size_t kMaxSchemaBytes = 1u << 20;     // 1 MiB
constexpr int kMaxDepth = 256;
constexpr size_t kCacheEntries = 32;
constexpr int kAuxSlot = 1;  // the schema argument

// The schema document allocates from a pool freed whole with it: RapidJSON
// 1.1.0 leaks some of a schema's allocations (Schema::AddUniqueElement) when
// each is freed on its own. Validators and pointers use the throwing
// allocator of core/json.h.
//
// RapidJSON 1.1.0's pointers, validators and schema documents new an
// allocator of their own in a constructor body (or on first use) when given
// none, and an allocation that throws before such an object is complete
// skips the destructor that would delete it: a leak on every out-of-memory
// there (found by tests/faults). Ours are handed an allocator wherever the
// API takes one. Where it does not — GetInvalidDocumentPointer() builds its
// pointer with a pool of its own — the pool's first chunk is a buffer inside
// the pool itself, so a pointer of up to ~200 bytes allocates nothing more.
vl::json::Allocator g_allocator;  // stateless: core/json.h's allocator holds nothing

struct PoolBuffer {
  alignas(8) char bytes[256];
};
class SchemaPool : private PoolBuffer, public rapidjson::MemoryPoolAllocator<vl::json::Allocator> {
 public:
  SchemaPool()
      : PoolBuffer(),
        MemoryPoolAllocator(bytes, sizeof bytes, 64 * 1024, &g_allocator) {}  // RapidJSON's default chunk
};

using SchemaDocument = rapidjson::GenericSchemaDocument<vl::json::Value, SchemaPool>;
using SchemaValidator =
    rapidjson::GenericSchemaValidator<SchemaDocument, rapidjson::BaseReaderHandler<vl::json::Encoding, void>,
                                      vl::json::Allocator>;
using Pointer = rapidjson::GenericPointer<vl::json::Value, vl::json::Allocator>;

struct Compiled {
  vl::json::Document dom;  // the SchemaDocument points into it: declared first, freed last
  // The schema document's pool, ours rather than its own (see SchemaPool):
  // freed with everything in it whether or not the document was completed.
  SchemaPool schema_pool;
  std::unique_ptr<SchemaDocument> schema;
  // Reused for every document validated against this schema (Reset() after
  // each, which frees the same state the destructor would), with the reader,
  // so a row costs no validator or reader construction. Declared after
  // `schema`, so freed before it. `busy` guards against a nested use, which
  // cannot happen: a Compiled lives only in one connection's cache and its
  // statements' auxdata, SQLite runs a connection's functions on one thread
  // at a time, and nothing between lease and return calls back into SQLite.
  mutable std::unique_ptr<SchemaValidator> validator;
  mutable vl::json::Reader reader;
  mutable bool busy = false;
};
using CompiledPtr = std::shared_ptr<const Compiled>;

struct Cache {
  std::list<std::pair<std::string, CompiledPtr>> entries;  // most recent first
};

std::string lower_first(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  while (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

void refuse_nul(const char* fn, const char* what, std::string_view text) {
  if (std::memchr(text.data(), 0, text.size()) != nullptr)
    throw Error(fn, std::string(what) + " contains a NUL character", "JSON text");
}

// Deepest nesting of a parsed value, walked with an explicit stack (a
// recursive walk would be the stack overflow the cap exists to prevent).
// `refs` collects every "$ref" value, and the name "pattern" where it
// appears as a keyword ("patternProperties": check_subschemas).
int depth_of(const vl::json::Value& root, std::vector<std::string>& refs) {
  std::vector<std::pair<const vl::json::Value*, int>> todo{{&root, 1}};
  int deepest = 0;
  while (!todo.empty()) {
    auto [v, d] = todo.back();
    todo.pop_back();
    if (!v->IsObject() && !v->IsArray()) continue;
    if (d > deepest) deepest = d;
    if (deepest > kMaxDepth) return deepest;
    if (v->IsObject()) {
      for (auto& m : v->GetObject()) {
        if (m.name == "$ref" && m.value.IsString()) refs.emplace_back(m.value.GetString(), m.value.GetStringLength());
        if (m.name == "pattern" && m.value.IsString()) refs.emplace_back("pattern");
        todo.emplace_back(&m.value, d + 1);
      }
    } else {
      for (auto& e : v->GetArray()) todo.emplace_back(&e, d + 1);
    }
  }
  return deepest;
}

// RapidJSON 1.1.0 dereferences a null schema (the host process crashes) when
// "not", or an element of "allOf", "anyOf", "oneOf" or of an "items" array,
// holds a value that is not a schema object, and asserts on a
// "patternProperties" that is not an object; draft-04 requires schemas
// there. It compiles every object of the schema text as a schema, wherever
// it sits (so that a $ref may point anywhere), so every object is checked,
// as the "pattern" refusal above does; nesting is already capped at
// kMaxDepth. `at` is the JSON pointer of `v`, for the message.
void check_subschemas(const char* fn, const vl::json::Value& v, const std::string& at) {
  static constexpr std::string_view kExpected = "a JSON Schema object wherever draft-04 takes a schema";
  if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) check_subschemas(fn, v[i], at + "/" + std::to_string(i));
    return;
  }
  if (!v.IsObject()) return;
  for (const auto& m : v.GetObject()) {
    const std::string name(m.name.GetString(), m.name.GetStringLength());
    if (name == "patternProperties")
      throw Error(fn, "schema uses \"patternProperties\", which this build does not support",
                  "a schema without regular expressions; use enum, minLength or maxLength");
    if (name == "not" && !m.value.IsObject())
      throw Error(fn, "schema's \"not\" at #" + at + " is not a schema object", kExpected);
    if ((name == "allOf" || name == "anyOf" || name == "oneOf" || name == "items") && m.value.IsArray()) {
      for (const auto& e : m.value.GetArray()) {
        if (!e.IsObject())
          throw Error(fn, "schema's \"" + name + "\" at #" + at + " holds a value that is not a schema object",
                      kExpected);
      }
    }
    std::string here = at + "/";
    for (char ch : name) here += ch == '~' ? "~0" : ch == '/' ? "~1" : std::string(1, ch);
    check_subschemas(fn, m.value, here);
  }
}

const char* shipped(std::string_view name) {
  for (int i = 0; i < kShippedSchemaCount; ++i) {
    if (name == kShippedSchemas[i].name) return kShippedSchemas[i].text;
  }
  return nullptr;
}

CompiledPtr compile(const char* fn, std::string_view arg) {
  size_t first = arg.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    throw Error(fn, "schema is empty", "a JSON Schema object or the name of a shipped schema");
  std::string_view text = arg;
  if (arg[first] != '{') {
    const char* found = shipped(arg);
    if (found == nullptr) {
      std::string shown(arg.substr(0, 64));
      if (arg.size() > 64 || !valid_utf8(shown.data(), shown.size())) shown = "(a long text)";
      throw Error(fn, "schema is neither a JSON object nor a shipped schema name: '" + shown + "'",
                  "a JSON Schema object, or a name from docs/json-schemas.md such as shop_settings");
    }
    text = found;
  }
  if (text.size() > kMaxSchemaBytes)
    throw Error(fn, "schema is larger than 1 MiB (" + std::to_string(text.size()) + " bytes)",
                "a schema of at most 1048576 bytes");
  refuse_nul(fn, "schema", text);
  auto c = std::make_shared<Compiled>();
  c->dom.Parse(text.data(), text.size());
  if (c->dom.HasParseError()) {
    throw Error(fn,
                "schema is not valid JSON at byte " + std::to_string(c->dom.GetErrorOffset()) +
                    ": " + lower_first(rapidjson::GetParseError_En(c->dom.GetParseError())),
                "a JSON Schema object");
  }
  if (!c->dom.IsObject()) throw Error(fn, "schema is not a JSON object", "a JSON Schema object");
  std::vector<std::string> refs;
  if (depth_of(c->dom, refs) > kMaxDepth)
    throw Error(fn, "schema nests deeper than 256 levels", "at most 256 levels of nesting");
  check_subschemas(fn, c->dom, "");
  // RapidJSON 1.1.0 recurses without end on a $ref cycle ("#", or two
  // definitions naming each other) and treats an unresolvable or remote $ref
  // as "anything goes". Only an acyclic local $ref is safe and meaningful:
  // one into this schema whose target holds no $ref of its own.
  for (const std::string& ref : refs) {
    if (ref == "pattern")
      throw Error(fn, "schema uses \"pattern\", which this build does not support",
                  "a schema without regular expressions; use enum, minLength or maxLength");
    const vl::json::Value* target = nullptr;
    if (ref.size() > 2 && ref[0] == '#' && ref[1] == '/') {
      Pointer ptr(ref.c_str() + 1, ref.size() - 1, &g_allocator);
      if (ptr.IsValid()) target = ptr.Get(c->dom);
    }
    std::vector<std::string> inner;
    if (target == nullptr || !target->IsObject() || (depth_of(*target, inner), !inner.empty())) {
      std::string shown = ref.size() > 64 ? ref.substr(0, 64) + "..." : ref;
      throw Error(fn, "schema has an unsupported $ref '" + shown + "'",
                  "a $ref of the form #/definitions/name to a schema object with no $ref inside");
    }
  }
  c->schema = std::make_unique<SchemaDocument>(c->dom, nullptr, &c->schema_pool);
  return c;
}

// Keeps the schema for the rest of the statement when the argument is
// constant (SQLite drops it otherwise).
void remember(sqlite3_context* ctx, const CompiledPtr& c) {
  // On failure SQLite calls the destructor itself; the caller's copy stays valid.
  sqlite3_set_auxdata(ctx, kAuxSlot, new CompiledPtr(c),
                      [](void* p) { delete static_cast<CompiledPtr*>(p); });
}

// The compiled schema for `arg` when this statement (auxdata) or the
// connection's cache already has it, else null. No UTF-8 check here: a hit is
// text identical to one that passed arg_text when it was compiled, so only a
// miss (compile_schema) reads the argument through arg_text.
CompiledPtr cached_schema(sqlite3_context* ctx, sqlite3_value* arg) {
  if (auto* aux = static_cast<CompiledPtr*>(sqlite3_get_auxdata(ctx, kAuxSlot))) return *aux;
  int type = sqlite3_value_type(arg);
  if (type == SQLITE_BLOB || type == SQLITE_NULL) return nullptr;  // arg_text says why
  ConnState& state = conn_state(ctx);
  if (!state.schemas) return nullptr;
  const char* p = reinterpret_cast<const char*>(sqlite3_value_text(arg));
  if (p == nullptr) throw std::bad_alloc();
  std::string_view text(p, static_cast<size_t>(sqlite3_value_bytes(arg)));
  auto& entries = static_cast<Cache*>(state.schemas.get())->entries;
  for (auto it = entries.begin(); it != entries.end(); ++it) {
    if (it->first.size() == text.size() && it->first == text) {
      entries.splice(entries.begin(), entries, it);
      CompiledPtr found = it->second;
      remember(ctx, found);
      return found;
    }
  }
  return nullptr;
}

CompiledPtr compile_schema(sqlite3_context* ctx, const char* fn, std::string_view arg) {
  ConnState& state = conn_state(ctx);
  if (!state.schemas) state.schemas = std::make_shared<Cache>();
  auto& entries = static_cast<Cache*>(state.schemas.get())->entries;
  CompiledPtr found = compile(fn, arg);
  entries.emplace_front(std::string(arg), found);
  if (entries.size() > kCacheEntries) entries.pop_back();
  remember(ctx, found);
  return found;
}

// The compiled schema's validator and reader for one document, given back
// Reset when the lease ends (also on an exception). Should the schema's pair
// be in use (see Compiled::busy), a fresh pair serves this call.
class Lease {
 public:
  explicit Lease(const Compiled& c) {
    if (!c.busy) {
      if (!c.validator) c.validator = std::make_unique<SchemaValidator>(*c.schema, &g_allocator);
      c.busy = true;
      shared_ = &c;
      validator_ = c.validator.get();
      reader_ = &c.reader;
    } else {
      own_validator_ = std::make_unique<SchemaValidator>(*c.schema, &g_allocator);
      own_reader_ = std::make_unique<vl::json::Reader>();
      validator_ = own_validator_.get();
      reader_ = own_reader_.get();
    }
  }
  ~Lease() {
    if (shared_ != nullptr) {
      validator_->Reset();
      shared_->busy = false;
    }
  }
  Lease(const Lease&) = delete;
  Lease& operator=(const Lease&) = delete;
  SchemaValidator& validator() { return *validator_; }
  vl::json::Reader& reader() { return *reader_; }

 private:
  const Compiled* shared_ = nullptr;
  SchemaValidator* validator_ = nullptr;
  vl::json::Reader* reader_ = nullptr;
  std::unique_ptr<SchemaValidator> own_validator_;
  std::unique_ptr<vl::json::Reader> own_reader_;
};

struct Violation {
  std::string pointer;  // JSON pointer into the document, "" for the root
  std::string keyword;
  std::string schema_pointer;
};

// Forwards SAX events to the validator until its first violation (recorded
// then), keeps the reader going to the end so malformed text is still caught,
// and stops at the nesting cap.
class Feeder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, Feeder> {
 public:
  explicit Feeder(SchemaValidator& v) : v_(v) {}
  bool too_deep = false;
  bool failed = false;
  bool started = false;  // any event seen
  Violation violation;

  bool Null() { return step(!failed && v_.Null()); }
  bool Bool(bool b) { return step(!failed && v_.Bool(b)); }
  bool Int(int i) { return step(!failed && v_.Int(i)); }
  bool Uint(unsigned u) { return step(!failed && v_.Uint(u)); }
  bool Int64(int64_t i) { return step(!failed && v_.Int64(i)); }
  bool Uint64(uint64_t u) { return step(!failed && v_.Uint64(u)); }
  bool Double(double d) { return step(!failed && v_.Double(d)); }
  bool RawNumber(const char* s, rapidjson::SizeType n, bool c) {
    return step(!failed && v_.RawNumber(s, n, c));
  }
  bool String(const char* s, rapidjson::SizeType n, bool c) {
    return step(!failed && v_.String(s, n, c));
  }
  bool Key(const char* s, rapidjson::SizeType n, bool c) { return step(!failed && v_.Key(s, n, c)); }
  bool StartObject() {
    if (++depth_ > kMaxDepth) return !(too_deep = true);
    return step(!failed && v_.StartObject());
  }
  bool EndObject(rapidjson::SizeType n) {
    --depth_;
    return step(!failed && v_.EndObject(n));
  }
  bool StartArray() {
    if (++depth_ > kMaxDepth) return !(too_deep = true);
    return step(!failed && v_.StartArray());
  }
  bool EndArray(rapidjson::SizeType n) {
    --depth_;
    return step(!failed && v_.EndArray(n));
  }

 private:
  // `ok` is false both for a fresh violation and for every event after one;
  // only the first records where it was.
  bool step(bool ok) {
    started = true;
    if (ok || failed) return true;
    failed = true;
    vl::json::Buffer sb;
    v_.GetInvalidDocumentPointer().Stringify(sb);
    violation.pointer.assign(sb.GetString(), sb.GetSize());
    sb.Clear();
    v_.GetInvalidSchemaPointer().Stringify(sb);
    violation.schema_pointer.assign(sb.GetString(), sb.GetSize());
    const char* kw = v_.GetInvalidSchemaKeyword();
    violation.keyword = kw != nullptr ? kw : "";
    return true;
  }
  SchemaValidator& v_;
  int depth_ = 0;
};

struct Outcome {
  bool valid = true;
  std::string pointer;
  std::string reason;
};

// The reason quotes the schema's own words, the failed keyword and its value
// (shortened), and where in the schema it sits: `fails "type": "integer" at
// schema #/properties/qty` tells what was wanted without a table of messages.
std::string describe(const Compiled& c, const Violation& v) {
  std::string reason = "fails \"" + v.keyword + "\"";
  Pointer at(v.schema_pointer.c_str(), v.schema_pointer.size(), &g_allocator);
  const vl::json::Value* schema = at.IsValid() ? at.Get(c.dom) : nullptr;
  if (schema != nullptr && schema->IsObject()) {
    auto m = schema->FindMember(v.keyword.c_str());
    if (m != schema->MemberEnd()) {
      vl::json::Buffer sb;
      vl::json::Writer w(sb);
      m->value.Accept(w);
      std::string value(sb.GetString(), sb.GetSize());
      if (value.size() > 120) {
        value = value.substr(0, utf8_floor(value, 117)) + "...";
      }
      reason += ": " + value;
    }
  }
  vl::json::Buffer where;
  at.StringifyUriFragment(where);
  reason += std::string(" at schema ") + (at.IsValid() ? where.GetString() : "#");
  return reason;
}

Outcome validate(sqlite3_context* ctx, const char* fn, int argc, sqlite3_value** argv) {
  if (argc != 2) check_arity(fn, argc, 2, 2, std::string(fn) + "(document, schema)");
  std::string_view doc = arg_text(fn, "document", argv[0]);
  CompiledPtr compiled = cached_schema(ctx, argv[1]);
  std::string_view schema_arg;
  if (!compiled) schema_arg = arg_text(fn, "schema", argv[1]);
  if (doc.size() > kMaxDocumentBytes)
    throw Error(fn, "document is larger than 16 MiB (" + std::to_string(doc.size()) + " bytes)",
                "a document of at most 16777216 bytes");
  refuse_nul(fn, "document", doc);
  if (!compiled) compiled = compile_schema(ctx, fn, schema_arg);

  Lease lease(*compiled);
  Feeder feeder(lease.validator());
  rapidjson::StringStream in(doc.data());  // SQLite's text is NUL-terminated; no NUL inside
  // The recursive parser (faster than kParseIterativeFlag's state machine):
  // it calls StartObject/StartArray before descending, and Feeder refuses
  // level kMaxDepth + 1 there, so the C stack holds at most kMaxDepth + 1
  // levels of ParseValue/ParseObject/ParseArray frames (under 100 bytes a
  // level here; 100,000 '[' are refused on a thread with a 64 KiB stack).
  rapidjson::ParseResult r = lease.reader().Parse<rapidjson::kParseNoFlags>(in, feeder);
  if (r.IsError() && r.Code() == rapidjson::kParseErrorValueInvalid && !feeder.too_deep &&
      !feeder.started) {
    // The one way the two parsers' errors differ: a document whose first
    // token is ']', '}', ',' or ':' is "the document is empty" to the
    // iterative parser, which this function always reported; keep the words.
    size_t first = doc.find_first_not_of(" \n\r\t");
    if (first == r.Offset() && first != std::string_view::npos &&
        std::string_view("]},:").find(doc[first]) != std::string_view::npos)
      r.Set(rapidjson::kParseErrorDocumentEmpty, r.Offset());
  }
  if (feeder.too_deep)
    throw Error(fn, "document nests deeper than 256 levels", "at most 256 levels of nesting");
  if (r.IsError()) {
    throw Error(fn,
                "document is not valid JSON at byte " + std::to_string(r.Offset()) + ": " +
                    lower_first(rapidjson::GetParseError_En(r.Code())),
                "a JSON document");
  }
  Outcome out;
  out.valid = !feeder.failed;
  if (!out.valid) {
    out.pointer = std::move(feeder.violation.pointer);
    out.reason = describe(*compiled, feeder.violation);
  }
  return out;
}

}  // namespace
}  // namespace vl::fn

namespace vl::fn {

void vl_json_valid(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  sqlite3_result_int(ctx, validate(ctx, "vl_json_valid", argc, argv).valid ? 1 : 0);
}

void vl_json_errors(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  Outcome out = validate(ctx, "vl_json_errors", argc, argv);
  vl::json::Buffer sb;
  vl::json::Writer w(sb);
  w.StartArray();
  if (!out.valid) {
    w.StartObject();
    w.Key("pointer");
    w.String(out.pointer.c_str(), static_cast<rapidjson::SizeType>(out.pointer.size()));
    w.Key("reason");
    w.String(out.reason.c_str(), static_cast<rapidjson::SizeType>(out.reason.size()));
    w.EndObject();
  }
  w.EndArray();
  result_text(ctx, std::string_view(sb.GetString(), sb.GetSize()));
}

}  // namespace vl::fn
