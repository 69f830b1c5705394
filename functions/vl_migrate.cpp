// vl_migrate([schema]), vl_schema_version([schema]),
// vl_install_triggers([schema]): the SQL face of ext/schema/migrator.
#include "ext/core/function.h"
#include "functions/functions.h"
#include "ext/schema/migrator.h"

namespace vl::fn {
namespace {
std::string schema_arg(std::string_view fn, int argc, sqlite3_value** argv) {
  if (argc == 0) return "main";
  return std::string(arg_text(fn, "schema", argv[0]));
}
}  // namespace

void vl_migrate(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity("vl_migrate", argc, 0, 1, "vl_migrate([schema])");
  std::string schema = schema_arg("vl_migrate", argc, argv);
  result_text(ctx, schema::to_json(schema::migrate(sqlite3_context_db_handle(ctx), schema)));
}

void vl_schema_version(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity("vl_schema_version", argc, 0, 1, "vl_schema_version([schema])");
  std::string schema = schema_arg("vl_schema_version", argc, argv);
  sqlite3_result_int(ctx, schema::schema_version(sqlite3_context_db_handle(ctx),
                                                 "vl_schema_version", schema));
}

void vl_install_triggers(sqlite3_context* ctx, int argc, sqlite3_value** argv) {
  check_arity("vl_install_triggers", argc, 0, 1, "vl_install_triggers([schema])");
  std::string schema = schema_arg("vl_install_triggers", argc, argv);
  sqlite3_result_int(ctx, schema::install_triggers(sqlite3_context_db_handle(ctx), schema));
}

}  // namespace vl::fn
