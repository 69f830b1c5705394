# Trigger families written once: sql/triggers/*.sql may hold directive lines, SQL comments that
# this script replaces with the triggers they stand for, at build time (included by
# embed_sql.cmake, which embeds and hashes the expanded text: what vl_migrate installs).
# Nothing here runs in the field; the installed SQL is plain SQLite, built-ins only.
#
# A directive is one comment line; it continues on the following lines that start with
# "--    " (four spaces), which are joined to it with one space.
#
#   -- @touch: <table> <table> ...
#        <table>_touch: AFTER UPDATE refreshes updated_at (10_common.sql explains the WHEN).
#   -- @amounts: <table> <column>=money|whole ...
#        <table>_amounts_ins and <table>_amounts_upd (UPDATE OF the columns): BEFORE triggers
#        whose WHEN clause tests every column and whose body raises one message per column.
#        money: a number >= 0 or NULL; whole: an integer >= 0 or NULL.
#   -- @outbox: <event> | <trigger event> | <condition or empty> | <json_object pairs>
#        outbox_<event with . as _>: one webhook_deliveries row per active webhook of
#        new.user_id subscribed to <event> (80_outbox.sql explains the match). The payload is
#        json_object('event', '<event>', <pairs>).
#
# Shapes below are the hand-written ones they replaced, character for character where the
# directive carries the same text (tests/sql/rules_common_test.cpp checks the families' names).

# Predicate and message of one amount column.
function(_vl_amount_parts table spec pred_var msg_var col_var)
  if(NOT spec MATCHES "^([a-z_]+)=(money|whole)$")
    message(FATAL_ERROR "@amounts: ${table}: '${spec}' is not <column>=money|whole")
  endif()
  set(c "${CMAKE_MATCH_1}")
  if(CMAKE_MATCH_2 STREQUAL "money")
    set(${pred_var} "new.${c} < 0 OR typeof(new.${c}) IN ('text', 'blob')" PARENT_SCOPE)
    set(${msg_var} "vaultlister: ${table}: ${c} must be a number >= 0 (got a negative or non-numeric value)" PARENT_SCOPE)
  else()
    set(${pred_var} "new.${c} < 0 OR typeof(new.${c}) NOT IN ('integer', 'null')" PARENT_SCOPE)
    set(${msg_var} "vaultlister: ${table}: ${c} must be a whole number >= 0 (got a negative or non-numeric value)" PARENT_SCOPE)
  endif()
  set(${col_var} "${c}" PARENT_SCOPE)
endfunction()

function(_vl_expand_touch args out_var)
  string(REGEX MATCHALL "[^ ]+" tables "${args}")
  set(out "")
  set(sep "")
  foreach(t IN LISTS tables)
    string(APPEND out "${sep}CREATE TRIGGER {schema}.${t}_touch AFTER UPDATE ON ${t}\n"
      "WHEN new.updated_at IS old.updated_at AND old.updated_at IS NOT CURRENT_TIMESTAMP BEGIN\n"
      "  UPDATE ${t} SET updated_at = CURRENT_TIMESTAMP WHERE rowid = new.rowid;\nEND;\n")
    set(sep "\n")
  endforeach()
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

function(_vl_expand_amounts args out_var)
  string(REGEX MATCHALL "[^ ]+" words "${args}")
  list(POP_FRONT words table)
  set(when "")
  set(body "")
  set(cols "")
  foreach(spec IN LISTS words)
    _vl_amount_parts("${table}" "${spec}" pred msg col)
    if(when STREQUAL "")
      set(when "WHEN ${pred}")
      set(cols "${col}")
    else()
      string(APPEND when "\n  OR ${pred}")
      string(APPEND cols ", ${col}")
    endif()
    string(APPEND body "  SELECT RAISE(ABORT, '${msg}')\n  WHERE ${pred};\n")
  endforeach()
  if(cols STREQUAL "")
    message(FATAL_ERROR "@amounts: ${table}: no columns")
  endif()
  set(out "CREATE TRIGGER {schema}.${table}_amounts_ins BEFORE INSERT ON ${table}\n${when} BEGIN\n${body}END;\n\n")
  string(APPEND out "CREATE TRIGGER {schema}.${table}_amounts_upd BEFORE UPDATE OF ${cols} ON ${table}\n${when} BEGIN\n${body}END;\n")
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

# The event match: exact text search when the events array is flat, json_each otherwise.
set(_vl_outbox_match [=[
  FROM webhooks w
  WHERE w.user_id = new.user_id AND w.is_active = 1
    AND CASE WHEN substr(w.events, 1, 1) = '[' AND instr(substr(w.events, 2), '[') = 0
               AND instr(w.events, '{') = 0 AND instr(w.events, '\') = 0
               AND instr(w.events, '''') = 0 AND instr(w.events, '/') = 0
          THEN instr(w.events, '"@EVENT@"') > 0
          ELSE EXISTS (SELECT 1 FROM json_each(w.events) e WHERE e.value = '@EVENT@') END;
]=])

function(_vl_expand_outbox args out_var)
  if(NOT args MATCHES "^([a-z_]+\\.[a-z_]+) *\\| *([^|]*[^| ]) *\\| *([^|]*)\\| *(.+)$")
    message(FATAL_ERROR "@outbox: '${args}' is not <event> | <trigger event> | <condition> | <pairs>")
  endif()
  set(event "${CMAKE_MATCH_1}")
  set(on "${CMAKE_MATCH_2}")
  string(STRIP "${CMAKE_MATCH_3}" cond)
  set(pairs "${CMAKE_MATCH_4}")
  string(REPLACE "." "_" name "${event}")
  set(has "EXISTS (SELECT 1 FROM webhooks WHERE user_id = new.user_id AND is_active = 1)")
  if(cond STREQUAL "")
    set(when "WHEN ${has}")
  else()
    set(when "WHEN ${cond} AND\n  ${has}")
  endif()
  string(REPLACE "@EVENT@" "${event}" match "${_vl_outbox_match}")
  set(out "CREATE TRIGGER {schema}.outbox_${name} ${on}\n${when} BEGIN\n")
  string(APPEND out "  INSERT INTO webhook_deliveries(webhook_id, event_type, payload)\n"
    "  SELECT w.id, '${event}', json_object('event', '${event}', ${pairs})\n${match}END;\n")
  set(${out_var} "${out}" PARENT_SCOPE)
endfunction()

# Replaces every directive of `text` (read from `path`, named in errors) in place.
function(vl_expand_sql_families text_var path)
  set(text "${${text_var}}")
  string(REGEX MATCHALL "-- @[a-z]+: [^\n]*(\n--    [^\n]*)*" directives "${text}")
  foreach(d IN LISTS directives)
    string(REGEX REPLACE "\n--    +" " " line "${d}")
    if(NOT line MATCHES "^-- @(touch|amounts|outbox): (.*)$")
      message(FATAL_ERROR "${path}: unknown directive: ${line}")
    endif()
    set(kind "${CMAKE_MATCH_1}")
    string(STRIP "${CMAKE_MATCH_2}" args)
    cmake_language(CALL _vl_expand_${kind} "${args}" generated)
    string(REPLACE "${d}\n" "${generated}" text "${text}")
  endforeach()
  set(${text_var} "${text}" PARENT_SCOPE)
endfunction()
