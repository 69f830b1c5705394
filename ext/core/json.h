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
