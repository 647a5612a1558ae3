/*
 * inspect_internal.h - what the inspector's files share; not a public API.
 *
 * The readers (inspect_sqlite*.c for SQLite files, and for SQLite DDL that
 * inspect_ddl_sqlite.c loaded; inspect_pg*.c and inspect_session.c for live
 * PostgreSQL; the other inspect_ddl_*.c for PostgreSQL DDL) append raw
 * facts to a seam_schema with the helpers of inspect_schema.c; inspector.c
 * then calls inspect_schema_finish() once to resolve names and
 * put everything in model.h's order.
 *
 * Names inside the inspector are seam's table names: "orders" for the
 * default schema (public, main), "sales.orders" otherwise. Raw table
 * references (a view's dependencies, the tables a trigger body or a
 * pg_stat_statements query touches) are appended as written and resolved by
 * inspect_schema_finish (see there).
 */
#ifndef SEAM_INSPECT_INTERNAL_H
#define SEAM_INSPECT_INTERNAL_H

#include "inspector.h"
#include "model.h"

#include <sqlite3.h>

/* Readers. shown is the source as it may appear in messages (redacted). */
int inspect_sqlite_read(const char *path, const inspector_options *o, const char *shown,
                        seam_schema *s, seam_err *err);
int inspect_pg_read(const char *conninfo, const inspector_options *o, const char *shown,
                    seam_schema *s, seam_err *err);

/*
 * Reads everything SQLite can tell from an open connection (file or the
 * in-memory database a DDL file was loaded into). The connection must be
 * readable; nothing is written through it. Returns 0 or a SQLite result code
 * (the caller words the message with sqlite3_errmsg).
 */
int inspect_sqlite_read_db(sqlite3 *db, seam_schema *s);

/*
 * Indexes, unique constraints, views, triggers (inspect_sqlite_objects.c);
 * s->tables sorted; shadow is inspect_sqlite_shadow_tables' list.
 */
int inspect_sqlite_objects(sqlite3 *db, seam_schema *s, const char *shadow);

/*
 * The shadow tables of db's virtual tables (an FTS index's _data, _idx...),
 * which are not the user's tables, as a JSON array of names ("[]" when db
 * has no virtual table), for json_each. NULL on allocation failure.
 */
char *inspect_sqlite_shadow_tables(sqlite3 *db);

/*
 * A fresh private in-memory database that cannot reach the disk: ATTACH and
 * DETACH refused, no attached database allowed, defensive mode. SQLITE_OK,
 * or the open's result code with *out NULL.
 */
int inspect_sqlite_scratch(sqlite3 **out);

/* The scratch databases' authorizer (arg unused): SQLITE_DENY for ATTACH and DETACH. */
int inspect_sqlite_refuse_attach(void *arg, int code, const char *a1, const char *a2,
                                 const char *db, const char *ctx);

/* Loads a SQLite DDL file into a fresh in-memory database (inspect_ddl_sqlite.c). */
int inspect_ddl_sqlite_load(const char *path, const char *text, sqlite3 **out, long *fail_offset,
                            seam_err *err);

/*
 * Reads a PostgreSQL DDL file's text into s (inspect_ddl_postgres.c), keeping the
 * schemas o->schemas lists. On a syntax error, *fail_offset is where.
 */
int inspect_ddl_postgres_read(const char *path, const char *text, const inspector_options *o,
                              seam_schema *s, long *fail_offset, seam_err *err);

/* 1-based line of byte offset off in text. */
int inspect_line_of(const char *text, long off);

/* --- tables a piece of SQL touches, through sql/ (inspect_pgparse.c) ------------------- */

/*
 * Appends to *refs the tables that SQL text sql touches, as raw seam names
 * with access bits, as sql/'s one libpg_query walk reads them
 * (sql_pg_text_tables: INSERT/UPDATE/DELETE/MERGE/COPY FROM targets are
 * writes, everything else reads; CTE names are not tables). Text that does
 * not parse adds nothing. Returns 0 or SEAM_ENOMEM.
 */
int inspect_sql_refs(const char *sql, seam_table_ref **refs, int *n);

/*
 * The same for a function body (sql_body_tables): "plpgsql" bodies are
 * parsed with pg_query_parse_plpgsql and every embedded statement or
 * expression with pg_query_parse; "sql" bodies as SQL. Other languages add
 * nothing.
 */
int inspect_body_refs(const char *language, const char *body, seam_table_ref **refs, int *n);

/* Appends every table under a libpg_query JSON node (cJSON *) as a read (sql_pg_tree_tables). */
int inspect_json_refs(const void *node, seam_table_ref **refs, int *n);

/* seam's name for schema.rel (schema may be NULL: unqualified). Caller frees. */
char *inspect_seam_name(const char *schema, const char *rel);

/* --- building a schema (inspect_schema.c) ----------------------------------------------- */

/* Appends a copy of str to the string vector *v of *n entries. 0 or SEAM_ENOMEM. */
int inspect_schema_strv_push(char ***v, int *n, const char *str);

/* Appends a printf-formatted line to *v (skipped, warnings). 0 or SEAM_ENOMEM. */
int inspect_schema_note(char ***v, int *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Replaces *field with a copy of value (NULL clears it). 0 or SEAM_ENOMEM. */
int inspect_schema_set(char **field, const char *value);

/* Appends a table with no columns; NULL on allocation failure. */
seam_table *inspect_schema_table_add(seam_schema *s, const char *name);

/* Appends a column to t; NULL on allocation failure. */
seam_column *inspect_schema_column_append(seam_table *t, const char *name, const char *type,
                                          int not_null);

/* Appends a column to t. 0 or SEAM_ENOMEM. */
int inspect_schema_column_add(seam_table *t, const char *name, const char *type, int not_null);

/* Appends a unique constraint with no columns to t; NULL on allocation failure. */
seam_unique *inspect_schema_unique_add(seam_table *t, const char *name);

/* Appends a foreign key with no columns; name may be NULL (named by finish). */
seam_foreign_key *inspect_schema_fk_add(seam_schema *s, const char *name, const char *from_table,
                                        const char *to_table);

/* Appends one (from, to) column pair to fk. 0 or SEAM_ENOMEM. */
int inspect_schema_fk_add_column(seam_foreign_key *fk, const char *from_col, const char *to_col);

seam_index *inspect_schema_index_add(seam_schema *s, const char *name, const char *table);
seam_view *inspect_schema_view_add(seam_schema *s, const char *name, int materialized);
seam_trigger *inspect_schema_trigger_add(seam_schema *s, const char *name, const char *table);
seam_sequence *inspect_schema_sequence_add(seam_schema *s, const char *name);
seam_query_stat *inspect_schema_query_stat_add(seam_schema *s, const char *query, long long calls);

/* Adds (name, access) to a ref vector, merging access when name is there. 0 or SEAM_ENOMEM. */
int inspect_schema_ref_add(seam_table_ref **refs, int *n, const char *name, int access);

/* Frees a ref vector. */
void inspect_schema_refs_free(seam_table_ref *refs, int n);

/* Sorts tables by name (strcmp). Called before lookups with inspect_schema_table_find. */
void inspect_schema_tables_sort(seam_schema *s);

/* Index of the table named exactly name in sorted s->tables, or -1. */
int inspect_schema_table_find(const seam_schema *s, const char *name);

/*
 * A foreign key action as PostgreSQL's catalog codes it (confdeltype,
 * libpg_query's fk_del_action: 'a', 'r', 'c', 'n', 'd') in words: "NO
 * ACTION", "RESTRICT", ...; NULL or an unknown code is NO ACTION.
 */
const char *inspect_fk_action(const char *code);

/*
 * PostgreSQL's name for an unnamed constraint or sequence: makeObjectName()
 * of name1, the parts joined by '_' as name2 (may be none), and label,
 * truncated to 63 bytes as PostgreSQL does. Caller frees; NULL on OOM.
 */
char *inspect_schema_pg_object_name(const char *name1, char *const *parts, int nparts,
                                    const char *label);

/*
 * Puts s in model.h's order and resolves references:
 *   - tables by name; each table's unique constraints by name;
 *   - foreign keys with the same from_table, columns and to_table merged
 *     (the smallest name kept), unnamed ones named "<from_table>_<cols>_fkey"
 *     (a number appended when taken), then sorted by (from_table, name);
 *   - views by name; a view's raw dependencies (tables and views, as
 *     written) become the base tables it reads, through other views;
 *   - trigger and query references resolved to the schema's tables (a view
 *     stands for its base tables, read), unknown names dropped, queries that
 *     touch no table dropped; then triggers by (table, name), query stats
 *     by calls descending then query, indexes by (table, name), sequences
 *     and schemas by name.
 * A raw name resolves to the table or view spelled exactly so, else, when
 * it has no schema part, to the one table (or view) of that name in another
 * schema. 0 or SEAM_ENOMEM.
 */
int inspect_schema_finish(seam_schema *s);

#endif
