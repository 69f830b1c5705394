// The JSON Schemas of schemas/, embedded by cmake/embed_json.cmake; the
// generated json_schemas_embedded.cpp defines the table, sorted by name.
#pragma once

namespace vl {

struct ShippedSchema {
  const char* name;  // the file stem, e.g. "shop_settings"
  const char* text;  // the file's JSON text
};

extern const ShippedSchema kShippedSchemas[];  // ends with {nullptr, nullptr}
extern const int kShippedSchemaCount;

}  // namespace vl
