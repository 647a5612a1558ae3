/*
 * model_json_fields.c - model.json described record by record (docs/model.md).
 *
 * One table per record type: each row is a JSON key, the kind of its value
 * and where the value lives in the C struct (model_json_internal.h). The
 * writer (model_json_write.c) emits the keys in row order, which is the
 * order docs/model.md promises; the reader (model_json_read.c) fills the
 * structs back from the same rows. A key is added to model.json by adding
 * a row here, at the end of its record.
 *
 * Cross references are written as stable identifiers (a file's path, a
 * function's USR), never as array indices, so two runs diff meaningfully.
 */
#include "model_json_internal.h"

#include <stddef.h>
#include <string.h>

/* Row makers: T is the struct the record fills, m its member, n the member holding a count. */
#define VAL(kind_, T, k, m) {.key = k, .kind = kind_, .offset = offsetof(T, m)}
#define STR(T, k, m) VAL(SEAM_JSON_STR, T, k, m)
#define INT(T, k, m) VAL(SEAM_JSON_INT, T, k, m)
#define BOOL(T, k, m) VAL(SEAM_JSON_BOOL, T, k, m)
#define LL(T, k, m) VAL(SEAM_JSON_LL, T, k, m)
#define FIXED4(T, k, m) VAL(SEAM_JSON_FIXED4, T, k, m)
#define ACCESS(T, k, m) VAL(SEAM_JSON_ACCESS, T, k, m)
#define FILE_OF(T, k, m) VAL(SEAM_JSON_FILE, T, k, m)
#define FUNCTION(T, k, m) VAL(SEAM_JSON_FUNCTION, T, k, m)
#define COUNTED(kind_, T, k, m, n)                                                            \
    {.key = k, .kind = kind_, .offset = offsetof(T, m), .aux = offsetof(T, n)}
#define STRV(T, k, m, n) COUNTED(SEAM_JSON_STRV, T, k, m, n)
#define FUNCTIONS(T, k, m, n) COUNTED(SEAM_JSON_FUNCTIONS, T, k, m, n)
#define ARRAY(T, k, m, n, rec)                                                                 \
    {.key = k, .kind = SEAM_JSON_ARRAY, .offset = offsetof(T, m), .aux = offsetof(T, n),      \
     .record = &rec}
#define OBJECT(T, k, m, rec)                                                                   \
    {.key = k, .kind = SEAM_JSON_OBJECT, .offset = offsetof(T, m), .record = &rec}
/* An object grouping fields of the enclosing struct itself ("source", "split_plan"). */
#define GROUP(k, rec) {.key = k, .kind = SEAM_JSON_OBJECT, .offset = 0, .record = &rec}
#define RECORD(T, name_, rows) {name_, sizeof(T), rows, (int)(sizeof rows / sizeof rows[0])}

/* ---- code facts ------------------------------------------------------ */

static const seam_json_field tool_rows[] = {
    {.key = "name", .kind = SEAM_JSON_CONST, .text = "seam"},
    {.key = "version", .kind = SEAM_JSON_CONST, .text = SEAM_VERSION},
};
static const seam_json_record tool = RECORD(seam_model, "tool", tool_rows);

/* Only SRC's last component: an absolute path would make the bytes depend on where the
 * project was checked out. */
static const seam_json_field source_rows[] = {
    VAL(SEAM_JSON_BASENAME, seam_model, "name", src_root),
    INT(seam_model, "translation_units", translation_units),
    INT(seam_model, "parse_errors", parse_errors),
    STRV(seam_model, "warnings", code_warnings, ncode_warnings),
};
static const seam_json_record source = RECORD(seam_model, "source", source_rows);

static const seam_json_field file_rows[] = {
    {.key = "path", .kind = SEAM_JSON_STR, .offset = offsetof(seam_file, path),
     .flags = SEAM_JSON_REQUIRED},
    INT(seam_file, "lines", lines),
    BOOL(seam_file, "is_header", is_header),
    INT(seam_file, "parse_errors", parse_errors),
};
static const seam_json_record file = RECORD(seam_file, "file", file_rows);

static const seam_json_field function_rows[] = {
    {.key = "id", .kind = SEAM_JSON_STR, .offset = offsetof(seam_function, usr),
     .flags = SEAM_JSON_REQUIRED},
    STR(seam_function, "name", name),
    FILE_OF(seam_function, "file", file),
    INT(seam_function, "line", line),
    BOOL(seam_function, "static", is_static),
    INT(seam_function, "loc", loc),
};
static const seam_json_record function = RECORD(seam_function, "function", function_rows);

static const seam_json_field call_rows[] = {
    FUNCTION(seam_call, "caller", caller),
    FUNCTION(seam_call, "callee", callee),
    INT(seam_call, "count", count),
    INT(seam_call, "line", line),
};
static const seam_json_record call = RECORD(seam_call, "call", call_rows);

static const seam_json_field table_ref_rows[] = {
    STR(seam_table_ref, "name", table),
    ACCESS(seam_table_ref, "access", access),
};
static const seam_json_record table_ref = RECORD(seam_table_ref, "table", table_ref_rows);

static const seam_json_field column_ref_rows[] = {
    STR(seam_column_ref, "table", table),
    STR(seam_column_ref, "column", column),
    ACCESS(seam_column_ref, "access", access),
};
static const seam_json_record column_ref = RECORD(seam_column_ref, "column", column_ref_rows);

/* A site's production figures (seam_sql_site.calls, rows, time_ms). */
static const seam_json_field site_production_rows[] = {
    LL(seam_sql_site, "calls", calls),
    LL(seam_sql_site, "rows", rows),
    FIXED4(seam_sql_site, "time_ms", time_ms),
};
static const seam_json_record site_production =
    RECORD(seam_sql_site, "production", site_production_rows);

/* "production" is written only for a site that pg_stat_statements' statements matched, so
 * a model without statistics reads as before; reading it back sets stats_matched. */
static int site_stats_matched(const void *rec)
{
    return ((const seam_sql_site *)rec)->stats_matched;
}

/* Where a table-name helper's statement is sent (seam_sql_site.sent_*). */
static const seam_json_field site_sent_rows[] = {
    FILE_OF(seam_sql_site, "file", sent_file),
    INT(seam_sql_site, "line", sent_line),
};
static const seam_json_record site_sent = RECORD(seam_sql_site, "sent_at", site_sent_rows);

static int site_has_sent(const void *rec)
{
    return ((const seam_sql_site *)rec)->has_sent;
}

static const seam_json_field sql_site_rows[] = {
    FUNCTION(seam_sql_site, "function", function),
    FILE_OF(seam_sql_site, "file", file),
    INT(seam_sql_site, "line", line),
    STR(seam_sql_site, "sql", sql),
    STR(seam_sql_site, "via", via),
    STR(seam_sql_site, "parser", parser),
    ARRAY(seam_sql_site, "tables", tables, ntables, table_ref),
    STR(seam_sql_site, "how", how),
    STR(seam_sql_site, "confidence", confidence),
    STR(seam_sql_site, "found", found),
    ARRAY(seam_sql_site, "columns", columns, ncolumns, column_ref),
    {.key = "production", .kind = SEAM_JSON_OBJECT, .offset = 0,
     .aux = offsetof(seam_sql_site, stats_matched), .record = &site_production,
     .flags = SEAM_JSON_KNOWN_AT_AUX | SEAM_JSON_SETS_KNOWN, .when = site_stats_matched},
    {.key = "sent_at", .kind = SEAM_JSON_OBJECT, .offset = 0,
     .aux = offsetof(seam_sql_site, has_sent), .record = &site_sent,
     .flags = SEAM_JSON_KNOWN_AT_AUX | SEAM_JSON_SETS_KNOWN, .when = site_has_sent},
};
static const seam_json_record sql_site = RECORD(seam_sql_site, "SQL site", sql_site_rows);

static const seam_json_field func_ref_rows[] = {
    FUNCTION(seam_func_ref, "function", function),
    FILE_OF(seam_func_ref, "file", file),
    FUNCTION(seam_func_ref, "target", target),
    INT(seam_func_ref, "count", count),
    INT(seam_func_ref, "line", line),
};
static const seam_json_record func_ref = RECORD(seam_func_ref, "function ref", func_ref_rows);

static const seam_json_field global_rows[] = {
    STR(seam_global, "id", usr),
    STR(seam_global, "name", name),
    FILE_OF(seam_global, "file", file),
    INT(seam_global, "line", line),
    BOOL(seam_global, "static", is_static),
};
static const seam_json_record global = RECORD(seam_global, "global", global_rows);

static const seam_json_field global_use_rows[] = {
    FUNCTION(seam_global_use, "function", function),
    VAL(SEAM_JSON_GLOBAL, seam_global_use, "global", global),
    ACCESS(seam_global_use, "access", access),
};
static const seam_json_record global_use = RECORD(seam_global_use, "global use", global_use_rows);

static const seam_json_field type_rows[] = {
    STR(seam_type, "id", usr),
    STR(seam_type, "name", name),
    STR(seam_type, "kind", kind),
    FILE_OF(seam_type, "file", file),
    INT(seam_type, "line", line),
};
static const seam_json_record type = RECORD(seam_type, "type", type_rows);

static const seam_json_field type_use_rows[] = {
    FUNCTION(seam_type_use, "function", function),
    VAL(SEAM_JSON_TYPE, seam_type_use, "type", type),
};
static const seam_json_record type_use = RECORD(seam_type_use, "type use", type_use_rows);

static const seam_json_field include_rows[] = {
    FILE_OF(seam_include, "from", from),
    FILE_OF(seam_include, "to", to),
};
static const seam_json_record include = RECORD(seam_include, "include", include_rows);

static const seam_json_field component_rows[] = {
    STR(seam_component, "name", name),
    STR(seam_component, "kind", kind),
    STR(seam_component, "build_file", build_file),
    STRV(seam_component, "files", files, nfiles),
};
static const seam_json_record component = RECORD(seam_component, "component", component_rows);

static const seam_json_field tu_rows[] = {
    STR(seam_tu, "file", file),
    BOOL(seam_tu, "parsed", parsed),
    INT(seam_tu, "errors", errors),
    STRV(seam_tu, "diagnostics", diagnostics, ndiagnostics),
};
static const seam_json_record tu = RECORD(seam_tu, "translation unit", tu_rows);

/* ---- schema ---------------------------------------------------------- */

static const seam_json_field column_rows[] = {
    STR(seam_column, "name", name),
    STR(seam_column, "type", type),
    BOOL(seam_column, "not_null", not_null),
    STR(seam_column, "default", default_value),
    STR(seam_column, "identity", identity),
    STR(seam_column, "generated", generated),
    STR(seam_column, "generated_expr", generated_expr),
    STR(seam_column, "comment", comment),
};
static const seam_json_record column = RECORD(seam_column, "column", column_rows);

static const seam_json_field unique_rows[] = {
    STR(seam_unique, "name", name),
    STRV(seam_unique, "columns", columns, ncolumns),
};
static const seam_json_record unique = RECORD(seam_unique, "unique constraint", unique_rows);

static const seam_json_field stats_rows[] = {
    LL(seam_table_stats, "seq_scan", seq_scan),
    LL(seam_table_stats, "seq_tup_read", seq_tup_read),
    LL(seam_table_stats, "idx_scan", idx_scan),
    LL(seam_table_stats, "idx_tup_fetch", idx_tup_fetch),
    LL(seam_table_stats, "n_tup_ins", n_tup_ins),
    LL(seam_table_stats, "n_tup_upd", n_tup_upd),
    LL(seam_table_stats, "n_tup_del", n_tup_del),
    LL(seam_table_stats, "n_live_tup", n_live_tup),
    LL(seam_table_stats, "n_dead_tup", n_dead_tup),
};
static const seam_json_record stats = RECORD(seam_table_stats, "stats", stats_rows);

/* A table's production figures (seam_table.calls, rows, time_ms). */
static const seam_json_field table_production_rows[] = {
    LL(seam_table, "calls", calls),
    LL(seam_table, "rows", rows),
    FIXED4(seam_table, "time_ms", time_ms),
};
static const seam_json_record table_production =
    RECORD(seam_table, "production", table_production_rows);

/* "production" is written only when pg_stat_statements was read (then a table without
 * statements shows 0 calls); reading it back sets has_production. */
static int table_has_production(const void *rec)
{
    return ((const seam_table *)rec)->has_production;
}

/* row_estimate and size_bytes are null when they were not read; row_estimate's presence
 * says whether both were. */
static const seam_json_field table_rows[] = {
    STR(seam_table, "name", name),
    ARRAY(seam_table, "columns", columns, ncolumns, column),
    STRV(seam_table, "primary_key", primary_key, nprimary_key),
    STR(seam_table, "primary_key_name", primary_key_name),
    ARRAY(seam_table, "unique_constraints", uniques, nuniques, unique),
    STRV(seam_table, "partitions", partitions, npartitions),
    STR(seam_table, "comment", comment),
    {.key = "row_estimate", .kind = SEAM_JSON_LL, .offset = offsetof(seam_table, row_estimate),
     .aux = offsetof(seam_table, has_estimates),
     .flags = SEAM_JSON_KNOWN_AT_AUX | SEAM_JSON_SETS_KNOWN},
    {.key = "size_bytes", .kind = SEAM_JSON_LL, .offset = offsetof(seam_table, size_bytes),
     .aux = offsetof(seam_table, has_estimates), .flags = SEAM_JSON_KNOWN_AT_AUX},
    {.key = "stats", .kind = SEAM_JSON_OBJECT, .offset = offsetof(seam_table, stats),
     .aux = offsetof(seam_table, has_stats), .record = &stats,
     .flags = SEAM_JSON_KNOWN_AT_AUX | SEAM_JSON_SETS_KNOWN},
    {.key = "production", .kind = SEAM_JSON_OBJECT, .offset = 0,
     .aux = offsetof(seam_table, has_production), .record = &table_production,
     .flags = SEAM_JSON_KNOWN_AT_AUX | SEAM_JSON_SETS_KNOWN, .when = table_has_production},
};
static const seam_json_record table = RECORD(seam_table, "table", table_rows);

static const seam_json_field foreign_key_rows[] = {
    STR(seam_foreign_key, "name", name),
    STR(seam_foreign_key, "from_table", from_table),
    STRV(seam_foreign_key, "from_columns", from_columns, ncolumns),
    STR(seam_foreign_key, "to_table", to_table),
    {.key = "to_columns", .kind = SEAM_JSON_STRV, .offset = offsetof(seam_foreign_key, to_columns),
     .aux = offsetof(seam_foreign_key, ncolumns), .flags = SEAM_JSON_SAME_COUNT},
    STR(seam_foreign_key, "on_delete", on_delete),
    STR(seam_foreign_key, "on_update", on_update),
    BOOL(seam_foreign_key, "deferrable", deferrable),
    BOOL(seam_foreign_key, "initially_deferred", initially_deferred),
};
static const seam_json_record foreign_key =
    RECORD(seam_foreign_key, "foreign key", foreign_key_rows);

static const seam_json_field index_rows[] = {
    STR(seam_index, "name", name),
    STR(seam_index, "table", table),
    STRV(seam_index, "columns", columns, ncolumns),
    BOOL(seam_index, "unique", unique),
    BOOL(seam_index, "primary", primary),
    STR(seam_index, "method", method),
    BOOL(seam_index, "partial", partial),
    STR(seam_index, "predicate", predicate),
};
static const seam_json_record index_ = RECORD(seam_index, "index", index_rows);

static const seam_json_field view_rows[] = {
    STR(seam_view, "name", name),
    BOOL(seam_view, "materialized", materialized),
    STRV(seam_view, "tables", tables, ntables),
    STR(seam_view, "comment", comment),
};
static const seam_json_record view = RECORD(seam_view, "view", view_rows);

static const seam_json_field trigger_rows[] = {
    STR(seam_trigger, "name", name),
    STR(seam_trigger, "table", table),
    STR(seam_trigger, "timing", timing),
    STRV(seam_trigger, "events", events, nevents),
    BOOL(seam_trigger, "for_each_row", for_each_row),
    BOOL(seam_trigger, "enabled", enabled),
    STR(seam_trigger, "function", function),
    STR(seam_trigger, "language", language),
    ARRAY(seam_trigger, "tables", tables, ntables, table_ref),
};
static const seam_json_record trigger = RECORD(seam_trigger, "trigger", trigger_rows);

static const seam_json_field sequence_rows[] = {
    STR(seam_sequence, "name", name),
    STR(seam_sequence, "type", type),
    STR(seam_sequence, "owner_table", owner_table),
    STR(seam_sequence, "owner_column", owner_column),
};
static const seam_json_record sequence = RECORD(seam_sequence, "sequence", sequence_rows);

static const seam_json_field query_stat_rows[] = {
    STR(seam_query_stat, "query", query),
    LL(seam_query_stat, "calls", calls),
    ARRAY(seam_query_stat, "tables", tables, ntables, table_ref),
    LL(seam_query_stat, "rows", rows),
    FIXED4(seam_query_stat, "time_ms", time_ms),
    INT(seam_query_stat, "sites", sites),
};
static const seam_json_record query_stat = RECORD(seam_query_stat, "query", query_stat_rows);

static const seam_json_field schema_rows[] = {
    VAL(SEAM_JSON_DIALECT, seam_schema, "dialect", dialect),
    STR(seam_schema, "source", source),
    ARRAY(seam_schema, "tables", tables, ntables, table),
    ARRAY(seam_schema, "foreign_keys", foreign_keys, nforeign_keys, foreign_key),
    STRV(seam_schema, "schemas", schemas, nschemas),
    ARRAY(seam_schema, "indexes", indexes, nindexes, index_),
    ARRAY(seam_schema, "views", views, nviews, view),
    ARRAY(seam_schema, "triggers", triggers, ntriggers, trigger),
    ARRAY(seam_schema, "sequences", sequences, nsequences, sequence),
    ARRAY(seam_schema, "query_stats", query_stats, nquery_stats, query_stat),
    STRV(seam_schema, "skipped", skipped, nskipped),
    STRV(seam_schema, "warnings", warnings, nwarnings),
};
const seam_json_record seam_model_json_fields_schema = RECORD(seam_schema, "schema", schema_rows);

/* ---- decomposition and plan ------------------------------------------ */

static const seam_json_field dependency_rows[] = {
    STR(seam_dependency, "service", service),
    FIXED4(seam_dependency, "weight", weight),
    INT(seam_dependency, "calls", calls),
    INT(seam_dependency, "refs", refs),
    INT(seam_dependency, "sql_sites", sql_sites),
};
static const seam_json_record dependency = RECORD(seam_dependency, "dependency", dependency_rows);

/* "reason" exists only for shared libraries: a service needs none. */
static int service_is_shared_library(const void *rec)
{
    const seam_service *s = rec;
    return s->kind == SEAM_SERVICE_KIND_SHARED_LIBRARY;
}

/* A truth file written by hand may leave "kind" out: it is a service. */
static const seam_json_field service_rows[] = {
    STR(seam_service, "name", name),
    VAL(SEAM_JSON_SERVICE_KIND, seam_service, "kind", kind),
    {.key = "reason", .kind = SEAM_JSON_STR, .offset = offsetof(seam_service, reason),
     .when = service_is_shared_library},
    STRV(seam_service, "files", files, nfiles),
    STRV(seam_service, "tables", tables, ntables),
    FUNCTIONS(seam_service, "functions", functions, nfunctions),
    FUNCTIONS(seam_service, "interface", interface, ninterface),
    STRV(seam_service, "tables_read", tables_read, ntables_read),
    ARRAY(seam_service, "outbound", outbound, noutbound, dependency),
    ARRAY(seam_service, "inbound", inbound, ninbound, dependency),
    INT(seam_service, "loc", loc),
    FIXED4(seam_service, "cohesion", cohesion),
    FIXED4(seam_service, "coupling", coupling),
};
static const seam_json_record service = RECORD(seam_service, "service", service_rows);

/* Fractions are printed with exactly 4 decimals: cJSON would print %1.15g/%1.17g, whose
 * last digits are noise that differs across libm versions. */
static const seam_json_field metrics_rows[] = {
    FIXED4(seam_metrics, "modularity", modularity),
    INT(seam_metrics, "services", services),
    INT(seam_metrics, "cross_service_calls", cross_service_calls),
    INT(seam_metrics, "internal_calls", internal_calls),
    INT(seam_metrics, "cross_service_fks", cross_service_fks),
    INT(seam_metrics, "shared_tables", shared_tables),
    FIXED4(seam_metrics, "mq", mq),
    FIXED4(seam_metrics, "sm", sm),
    FIXED4(seam_metrics, "icp", icp),
    FIXED4(seam_metrics, "ifn", ifn),
    FIXED4(seam_metrics, "ned", ned),
    FIXED4(seam_metrics, "resolution", resolution),
    FIXED4(seam_metrics, "objective", objective),
    INT(seam_metrics, "sql_joins", sql_joins),
    INT(seam_metrics, "cross_service_joins", cross_service_joins),
    INT(seam_metrics, "implied_fks", implied_fks),
    INT(seam_metrics, "dead_functions", dead_functions),
    INT(seam_metrics, "commits_read", commits_read),
    INT(seam_metrics, "commits_used", commits_used),
};
static const seam_json_record metrics = RECORD(seam_metrics, "metrics", metrics_rows);

static const seam_json_field plan_site_rows[] = {
    FILE_OF(seam_plan_site, "file", file),
    INT(seam_plan_site, "line", line),
    FUNCTION(seam_plan_site, "function", function),
    STR(seam_plan_site, "sql", sql),
};
static const seam_json_record plan_site = RECORD(seam_plan_site, "code site", plan_site_rows);

/* A step's effort: rows and bytes are null when the inspector had no estimates. */
static const seam_json_field plan_effort_rows[] = {
    INT(seam_plan_step, "sites", effort_sites),
    INT(seam_plan_step, "tables", effort_tables),
    {.key = "rows", .kind = SEAM_JSON_LL, .offset = offsetof(seam_plan_step, effort_rows),
     .aux = offsetof(seam_plan_step, has_size), .flags = SEAM_JSON_KNOWN_AT_AUX | SEAM_JSON_SETS_KNOWN},
    {.key = "bytes", .kind = SEAM_JSON_LL, .offset = offsetof(seam_plan_step, effort_bytes),
     .aux = offsetof(seam_plan_step, has_size), .flags = SEAM_JSON_KNOWN_AT_AUX | SEAM_JSON_SETS_KNOWN},
};
static const seam_json_record plan_effort = RECORD(seam_plan_step, "effort", plan_effort_rows);

static const seam_json_field plan_step_rows[] = {
    INT(seam_plan_step, "order", order),
    STR(seam_plan_step, "kind", kind),
    STR(seam_plan_step, "service", service),
    STR(seam_plan_step, "detail", detail),
    STR(seam_plan_step, "id", id),
    INT(seam_plan_step, "stage", stage),
    STRV(seam_plan_step, "depends_on", depends_on, ndepends_on),
    STR(seam_plan_step, "sql", sql),
    STR(seam_plan_step, "sql_note", sql_note),
    ARRAY(seam_plan_step, "code_sites", code_sites, ncode_sites, plan_site),
    STR(seam_plan_step, "rationale", rationale),
    GROUP("effort", plan_effort),
    STR(seam_plan_step, "risk", risk),
};
static const seam_json_record plan_step = RECORD(seam_plan_step, "plan step", plan_step_rows);

static const seam_json_field split_plan_rows[] = {
    ARRAY(seam_model, "steps", plan, nplan, plan_step),
    INT(seam_model, "version", plan_version),
};
static const seam_json_record split_plan = RECORD(seam_model, "split plan", split_plan_rows);

/* The other end of the edge is a table ("table") or a module ("module"). */
static const seam_json_field why_rows[] = {
    {.key = "table", .kind = SEAM_JSON_TAGGED, .offset = offsetof(seam_why, target),
     .aux = offsetof(seam_why, is_table), .text = "module"},
    FIXED4(seam_why, "weight", weight),
    STR(seam_why, "kinds", kinds),
};
static const seam_json_record why = RECORD(seam_why, "why", why_rows);

/* A module's "reason" is written only when it was set aside as a shared library. */
static int module_has_reason(const void *rec)
{
    return ((const seam_module *)rec)->reason != NULL;
}

static const seam_json_field module_rows[] = {
    STR(seam_module, "name", name),
    STRV(seam_module, "files", files, nfiles),
    STR(seam_module, "service", service),
    {.key = "reason", .kind = SEAM_JSON_STR, .offset = offsetof(seam_module, reason),
     .when = module_has_reason},
    ARRAY(seam_module, "why", why, nwhy, why),
};
static const seam_json_record module = RECORD(seam_module, "module", module_rows);

static const seam_json_field implied_fk_rows[] = {
    STR(seam_implied_fk, "from_table", from_table),
    STR(seam_implied_fk, "from_column", from_column),
    STR(seam_implied_fk, "to_table", to_table),
    STR(seam_implied_fk, "to_column", to_column),
    COUNTED(SEAM_JSON_SITES, seam_implied_fk, "sites", sites, nsites),
};
static const seam_json_record implied_fk =
    RECORD(seam_implied_fk, "implied foreign key", implied_fk_rows);

static const seam_json_field shared_table_rows[] = {
    STR(seam_shared_table, "table", table),
    STR(seam_shared_table, "owner", owner),
    STRV(seam_shared_table, "writers", writers, nwriters),
    STRV(seam_shared_table, "readers", readers, nreaders),
};
static const seam_json_record shared_table =
    RECORD(seam_shared_table, "shared table", shared_table_rows);

static const seam_json_field dead_function_rows[] = {
    FUNCTION(seam_dead_function, "function", function),
    STR(seam_dead_function, "reason", reason),
};
static const seam_json_record dead_function =
    RECORD(seam_dead_function, "dead function", dead_function_rows);

static const seam_json_field edge_kind_rows[] = {
    STR(seam_edge_kind, "kind", kind),
    FIXED4(seam_edge_kind, "factor", factor),
    INT(seam_edge_kind, "edges", edges),
    FIXED4(seam_edge_kind, "mean_raw", mean_raw),
};
static const seam_json_record edge_kind = RECORD(seam_edge_kind, "edge kind", edge_kind_rows);

static const seam_json_field system_read_rows[] = {
    STR(seam_system_read, "name", name),
    COUNTED(SEAM_JSON_SITES, seam_system_read, "sites", sites, nsites),
};
static const seam_json_record system_read =
    RECORD(seam_system_read, "system read", system_read_rows);

/* Production statements' coverage is written only when there were statistics. */
static int coverage_has_statements(const void *rec)
{
    return ((const seam_coverage *)rec)->statements > 0;
}

static const seam_json_field coverage_rows[] = {
    INT(seam_coverage, "sql_sites", sql_sites),
    INT(seam_coverage, "resolved", resolved),
    INT(seam_coverage, "unresolved", unresolved),
    INT(seam_coverage, "high_confidence", high),
    INT(seam_coverage, "low_confidence", low),
    INT(seam_coverage, "schema_tables", schema_tables),
    INT(seam_coverage, "tables_reached", tables_reached),
    COUNTED(SEAM_JSON_SITES, seam_coverage, "unresolved_sites", unresolved_sites,
            nunresolved_sites),
    STRV(seam_coverage, "unreached_tables", unreached_tables, nunreached_tables),
    {.key = "statements", .kind = SEAM_JSON_INT, .offset = offsetof(seam_coverage, statements),
     .when = coverage_has_statements},
    {.key = "statements_matched", .kind = SEAM_JSON_INT,
     .offset = offsetof(seam_coverage, statements_matched), .when = coverage_has_statements},
    INT(seam_coverage, "resolved_at_callers", at_callers),
};
static const seam_json_record coverage = RECORD(seam_coverage, "coverage", coverage_rows);

/* row_estimate and size_bytes are null when the schema had no estimates, stats null when
 * it had no activity counters, production_calls null without pg_stat_statements, as in a
 * schema table. */
static const seam_json_field unowned_table_rows[] = {
    STR(seam_unowned_table, "table", table),
    STR(seam_unowned_table, "reason", reason),
    {.key = "row_estimate", .kind = SEAM_JSON_LL,
     .offset = offsetof(seam_unowned_table, row_estimate),
     .aux = offsetof(seam_unowned_table, has_estimates),
     .flags = SEAM_JSON_KNOWN_AT_AUX | SEAM_JSON_SETS_KNOWN},
    {.key = "size_bytes", .kind = SEAM_JSON_LL, .offset = offsetof(seam_unowned_table, size_bytes),
     .aux = offsetof(seam_unowned_table, has_estimates), .flags = SEAM_JSON_KNOWN_AT_AUX},
    {.key = "stats", .kind = SEAM_JSON_OBJECT, .offset = offsetof(seam_unowned_table, stats),
     .aux = offsetof(seam_unowned_table, has_stats), .record = &stats,
     .flags = SEAM_JSON_KNOWN_AT_AUX | SEAM_JSON_SETS_KNOWN},
    {.key = "production_calls", .kind = SEAM_JSON_LL,
     .offset = offsetof(seam_unowned_table, calls),
     .aux = offsetof(seam_unowned_table, has_production),
     .flags = SEAM_JSON_KNOWN_AT_AUX | SEAM_JSON_SETS_KNOWN},
};
static const seam_json_record unowned_table =
    RECORD(seam_unowned_table, "unowned table", unowned_table_rows);

/* ---- the document ---------------------------------------------------- */

/* The top-level keys in docs/model.md's order: the first ten as in version 0.1.0, then
 * the further code facts, then the further decomposition results, then the system reads
 * and the SQL coverage, then the build's components, then the tables no service owns. */
static const seam_json_field model_rows[] = {
    GROUP("tool", tool),
    GROUP("source", source),
    {.key = "files", .kind = SEAM_JSON_ARRAY, .offset = offsetof(seam_model, files),
     .aux = offsetof(seam_model, nfiles), .record = &file, .flags = SEAM_JSON_SORTED},
    ARRAY(seam_model, "functions", functions, nfunctions, function),
    ARRAY(seam_model, "calls", calls, ncalls, call),
    ARRAY(seam_model, "sql_sites", sql_sites, nsql_sites, sql_site),
    OBJECT(seam_model, "schema", schema, seam_model_json_fields_schema),
    ARRAY(seam_model, "services", services, nservices, service),
    OBJECT(seam_model, "metrics", metrics, metrics),
    GROUP("split_plan", split_plan),
    ARRAY(seam_model, "function_refs", func_refs, nfunc_refs, func_ref),
    ARRAY(seam_model, "globals", globals, nglobals, global),
    ARRAY(seam_model, "global_uses", global_uses, nglobal_uses, global_use),
    ARRAY(seam_model, "types", types, ntypes, type),
    ARRAY(seam_model, "type_uses", type_uses, ntype_uses, type_use),
    ARRAY(seam_model, "includes", includes, nincludes, include),
    ARRAY(seam_model, "translation_units", tus, ntus, tu),
    ARRAY(seam_model, "modules", modules, nmodules, module),
    ARRAY(seam_model, "implied_foreign_keys", implied_fks, nimplied_fks, implied_fk),
    ARRAY(seam_model, "shared_tables", shared_tables, nshared_tables, shared_table),
    ARRAY(seam_model, "dead_functions", dead_functions, ndead_functions, dead_function),
    ARRAY(seam_model, "edge_kinds", edge_kinds, nedge_kinds, edge_kind),
    ARRAY(seam_model, "system_reads", system_reads, nsystem_reads, system_read),
    OBJECT(seam_model, "coverage", coverage, coverage),
    ARRAY(seam_model, "components", components, ncomponents, component),
    ARRAY(seam_model, "unowned_tables", unowned_tables, nunowned_tables, unowned_table),
};
const seam_json_record seam_model_json_fields_model = RECORD(seam_model, "model", model_rows);
