/*
 * sql_internal.h - the pieces behind sql.h, private to sql/.
 *
 *   sql_mask.c    rewrites C-side placeholders so a SQL parser accepts the text
 *   sql_refs.c    collects table references, names them, sorts and merges them
 *   sql_pg.c      libpg_query: parse tree JSON -> references
 *   sql_columns.c libpg_query: parse tree JSON -> columns
 *   sql_tokens.c  libpg_query's scanner: tokens -> references, when nothing parses
 *   sql_sqlite.c  SQLite: prepare against the schema, authorizer -> references
 *   sql_body.c    a stored function's body -> references (through sql_pg.c)
 *   sql_joins.c   join equalities (through sql_mask.c and libpg_query)
 *   sql_resolver.c the public resolver choosing between the parsers
 *   sql_fingerprint.c statements' fingerprints (through sql_mask.c and libpg_query)
 *   sql_stats.c   pg_stat_statements' statements matched to SQL sites by fingerprint
 */
#ifndef SEAM_SQL_INTERNAL_H
#define SEAM_SQL_INTERNAL_H

#include <sqlite3.h>

#include "model.h"
#include "sql.h"

/* ---- masking (sql_mask.c) ---- */

typedef enum sql_dialect { SQL_DIALECT_PG, SQL_DIALECT_SQLITE } sql_dialect;

/*
 * Copies sql into *out (malloc'd, caller frees) with placeholders that the
 * dialect's parser would reject replaced, outside string literals, quoted
 * identifiers and comments:
 *   both: printf conversions (%d, %5d, %lld, %zu, %.*s, %1$s, SQLite's %q %Q
 *     %z %w) become $N (PG) or ? (SQLite); "%%" becomes "%".
 *   PG only: ?, ?NNN, :name, @name and $name become $N ($1 and ::casts
 *     stay); `ident` and [ident] (when not a subscript) become "ident";
 *     SQLite's INSERT/UPDATE OR <conflict> loses the OR clause; a leading
 *     REPLACE INTO becomes INSERT INTO; "IS [NOT] <placeholder>" becomes
 *     "IS [NOT] DISTINCT FROM $N".
 * Returns 0, or SEAM_ENOMEM.
 */
int sql_mask(const char *sql, sql_dialect dialect, char **out);

/* ---- table names and reference lists (sql_refs.c) ---- */

/* The schema's table names, sorted case-insensitively for lookup. Owns its strings. */
typedef struct sql_names {
    char **v;
    int n;
    char *prefix; /* the configured table prefix most of the names carry ("nagios_"), or NULL */
} sql_names;

/* Copies the table names of schema (NULL: none). Returns 0 or SEAM_ENOMEM. */
int sql_refs_names_init(sql_names *nm, const seam_schema *schema);
void sql_refs_names_free(sql_names *nm);

/* A growing list of references; v[i].table is owned by the list. */
typedef struct sql_refs {
    seam_table_ref *v;
    int n;
    int cap;
} sql_refs;

/*
 * Appends a reference to schema.name (schema NULL, "public" or "main": the
 * default schema, so just name). The stored name is the schema's spelling when
 * nm has the table (exact match first, then case-insensitive), else the name as
 * written, lower-cased when fold is nonzero. Names containing '%' are printf
 * placeholders that sat in an identifier position, not tables: skipped.
 * Returns 0 or SEAM_ENOMEM.
 */
int sql_refs_add(sql_refs *refs, const sql_names *nm, const char *schema, const char *name,
                 int fold, int access);

/* Sorts by table name and merges duplicates, OR-ing their access bits. */
void sql_refs_merge(sql_refs *refs);

/*
 * Sorts and merges refs (sql_refs_merge), then hands its array over: *tables
 * (NULL when empty) and *ntables; refs is left empty.
 */
void sql_refs_take(sql_refs *refs, seam_table_ref **tables, int *ntables);

/* Frees every name and the array; leaves an empty list. */
void sql_refs_free(sql_refs *refs);

/* Columns, named like tables (sql_refs.c); v[i] owned by the list. */
typedef struct sql_cols {
    seam_column_ref *v;
    int n;
    int cap;
} sql_cols;

/* Appends table.column (table named as sql_refs_add would; fold lower-cases the column too). */
int sql_refs_cols_add(sql_cols *cols, const sql_names *nm, const char *schema, const char *table,
                      const char *column, int fold, int access);
/* Sorts by (table, column) and merges duplicates, OR-ing access. */
void sql_refs_cols_merge(sql_cols *cols);
void sql_refs_cols_free(sql_cols *cols);

/* The schema's columns, for unqualified column names (sorted "table\x1fcolumn" keys). */
typedef struct sql_schema_cols {
    char **v;
    int n;
} sql_schema_cols;

int sql_refs_schema_cols_init(sql_schema_cols *sc, const seam_schema *schema);
void sql_refs_schema_cols_free(sql_schema_cols *sc);
/* Whether the schema's table [schema.]table has column (case-insensitive). */
int sql_refs_schema_has_column(const sql_schema_cols *sc, const char *schema,
                               const char *table, const char *column);

/* ---- columns from libpg_query (sql_columns.c) ---- */

/*
 * Appends the columns sql (masked for SQL_DIALECT_PG) reads and writes to
 * out; with inserts_only, only the columns INSERT lists. Text libpg_query
 * rejects adds nothing. Returns 0 or SEAM_ENOMEM.
 */
int sql_columns_find(const char *sql, const sql_names *nm, const sql_schema_cols *sc,
                   int inserts_only, sql_cols *out);

/* ---- joins (sql_joins.c) ---- */

/* sql_resolver_joins's work, with the resolver's table names and schema columns. */
int sql_joins_find(const char *sql, const sql_names *nm, const sql_schema_cols *cols,
                   sql_join **joins, int *njoins, seam_err *err);

/* ---- the scanner fallback (sql_tokens.c) ---- */

/*
 * Tables of text no parser accepts (sql masked for SQL_DIALECT_PG), read from
 * libpg_query's token stream; *found says whether any was. Returns 0 or
 * SEAM_ENOMEM.
 */
int sql_tokens_tables(const char *sql, const sql_names *nm, sql_refs *refs, int *found);

/* ---- libpg_query (sql_pg.c) ---- */

/*
 * Parses sql (already masked for SQL_DIALECT_PG) and appends the tables it
 * reads and writes to refs. *nstmts is the number of statements libpg_query
 * accepted; when the whole text fails, each statement (split by libpg_query's
 * scanner) is tried alone and the ones that parse count. Returns 0 or
 * SEAM_ENOMEM.
 */
int sql_pg_tables(const char *sql, const sql_names *nm, sql_refs *refs, int *nstmts);

/* ---- SQLite (sql_sqlite.c) ---- */

/*
 * Opens an in-memory database holding one empty table per schema table (with
 * its columns), so that statements can be prepared against it. *db is owned by
 * the caller (sqlite3_close). Returns 0, or SEAM_ENOMEM / SEAM_ERROR.
 */
int sql_sqlite_open(sqlite3 **db, const seam_schema *schema, seam_err *err);

/*
 * Prepares every statement of sql (already masked for SQL_DIALECT_SQLITE)
 * against db, never stepping it, and appends what the authorizer reports to
 * refs. *nstmts is the number of statements prepared, or -1 when any statement
 * failed to prepare (then refs is left unchanged). Returns 0 or SEAM_ENOMEM.
 */
int sql_sqlite_tables(sqlite3 *db, const char *sql, const sql_names *nm, sql_refs *refs,
                      int *nstmts);

/* The same, also appending the columns the authorizer reports read or updated to cols. */
int sql_sqlite_tables_cols(sqlite3 *db, const char *sql, const sql_names *nm, sql_refs *refs,
                           sql_cols *cols, int *nstmts);

#endif
