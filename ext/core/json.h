// RapidJSON, configured once for the whole library. Include this header,
// never <rapidjson/...> directly, so the settings below hold everywhere.
#pragma once

#include <stdexcept>

// RapidJSON's default assertion aborts the host process; a failed invariant
// must become an SQL error instead.
#ifndef RAPIDJSON_ASSERT
#define RAPIDJSON_ASSERT(x) \
  do {                      \
    if (!(x)) throw std::logic_error("rapidjson: assertion failed: " #x); \
  } while (0)
#endif
#define RAPIDJSON_HAS_STDSTRING 1
// Iterative parsing: nesting depth is bounded by the heap, not the stack, so
// a hostile document of deep brackets cannot overflow the host's stack.
#define RAPIDJSON_PARSE_DEFAULT_FLAGS (rapidjson::kParseIterativeFlag)

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdlib>
#include <new>

namespace vl::json {

// RapidJSON 1.1.0's CrtAllocator hands malloc's NULL straight to code that
// writes through it, so an out-of-memory became a crash. This allocator
// throws std::bad_alloc instead, which every SQLite callback of ours catches
// and turns into SQLITE_NOMEM. Use the types below, never rapidjson's
// defaults.
class Allocator {
 public:
  static const bool kNeedFree = true;
  void* Malloc(size_t size) {
    if (size == 0) return nullptr;
    void* p = std::malloc(size);
    if (p == nullptr) throw std::bad_alloc();
    return p;
  }
  void* Realloc(void* original, size_t, size_t size) {
    if (size == 0) {
      std::free(original);
      return nullptr;
    }
    void* p = std::realloc(original, size);
    if (p == nullptr) throw std::bad_alloc();
    return p;
  }
  static void Free(void* p) { std::free(p); }
};

using Encoding = rapidjson::UTF8<>;
using PoolAllocator = rapidjson::MemoryPoolAllocator<Allocator>;
using Buffer = rapidjson::GenericStringBuffer<Encoding, Allocator>;
using Writer = rapidjson::Writer<Buffer, Encoding, Encoding, Allocator>;
using Document = rapidjson::GenericDocument<Encoding, PoolAllocator, Allocator>;
using Value = Document::ValueType;
using Reader = rapidjson::GenericReader<Encoding, Encoding, Allocator>;

}  // namespace vl::json
