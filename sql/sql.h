/*
 * sql.h - SQL to tables: which tables a SQL statement reads and writes, the
 * columns and join equalities it names, and the fingerprint that identifies a
 * statement whatever its values. Used by the analyzer (SQL sites), the
 * decomposer (implied foreign keys), the schema reader (views, function
 * bodies, pg_stat_statements) and the CLI (production statements matched to
 * SQL sites).
 *
 * Two real parsers, no hand-written grammar:
 *   - libpg_query (PostgreSQL 15's parser): the parse tree as JSON, walked for
 *     RangeVar nodes; INSERT/UPDATE/DELETE targets are writes, the rest reads;
 *     CTE names are not tables.
 *   - SQLite: the statement is prepared (never stepped) against an in-memory
 *     database holding the schema's tables, and the authorizer callback reports
 *     SQLITE_READ / SQLITE_INSERT / SQLITE_UPDATE / SQLITE_DELETE per table.
 * printf placeholders (%d, %s, %lld, ...) and ?/:name parameters are masked to
 * $N parameters before libpg_query sees the text.
 *
 * What counts as what:
 *   write  the target of INSERT/UPDATE/DELETE/MERGE (also in a WITH), TRUNCATE,
 *          COPY ... FROM, SELECT INTO / CREATE TABLE AS, and DDL naming a table
 *          (CREATE/ALTER/DROP TABLE, CREATE INDEX);
 *   read   every other table: FROM and JOIN items, subqueries, the sources of
 *          INSERT ... SELECT, UPDATE ... FROM, DELETE ... USING, COPY ... TO.
 *   SQLite's authorizer also reports the rows an UPDATE/DELETE's WHERE or an
 *   UPSERT's DO UPDATE reads, so such a target comes back read+write there.
 *   Not tables: CTE names in their scope, current_user spelled `user`, a
 *   printf conversion alone in a table's place ("FROM %s"), sqlite_* tables
 *   and SQLite temp tables. A %c is a delimiter the code picks (a space here).
 *   A %s written against a name ("%s_jobs",
 *   "\"%s.jobs\"", "log_%s") is a piece filled at run time: the name is the
 *   known rest ("jobs", "log"), and with a schema whose tables mostly carry
 *   one prefix ("app_"), a name missing from the schema is tried with it.
 * Names: "public.x" and "main.x" are "x"; other schemas stay qualified
 * ("sales.orders"). Unquoted names are lower case, quoted ones as written.
 * Limits: a parse tree nested deeper than cJSON's limit of 1000 levels (some
 * 400 chained operators) resolves as "none" on the libpg_query path.
 */
#ifndef SEAM_SQL_H
#define SEAM_SQL_H

#include <stdint.h>

#include "model.h"

typedef struct sql_resolver sql_resolver; /* opaque */

/*
 * Length of the printf conversion at s (s[0] == '%'), or 0 when it is none
 * (SQL's modulo): %[n$][flags][width][.prec][length]conv, "%-10.*lld" is 8.
 * The one printf grammar of seam: the masking here and the analyzer's
 * filling of formats use it. Thread-safe.
 */
size_t sql_mask_printf_len(const char *s);

/*
 * Creates a resolver for a schema (may be NULL or empty: libpg_query only).
 * With schema->dialect "sqlite", statements are tried with SQLite first and
 * libpg_query second; otherwise libpg_query alone. The resolver borrows
 * nothing from schema after it returns. *out is owned by the caller: free it
 * with sql_resolver_free. A resolver holds a SQLite connection: use it from one
 * thread at a time (separate resolvers may run in parallel). Returns 0, or
 * SEAM_ENOMEM / SEAM_ERROR when the in-memory SQLite database cannot be made.
 */
int sql_resolver_new(sql_resolver **out, const seam_schema *schema, seam_err *err);
void sql_resolver_free(sql_resolver *r);

/*
 * Resolves one statement (or several separated by ';'). On success *tables is
 * a malloc'd array of *ntables refs sorted by table name, one per table, with
 * access bits merged (caller frees each .table and the array), and *parser
 * is a static string: "sqlite", "pg_query", "tokens", or "none" when nothing
 * was found (then *ntables is 0 and *tables NULL). "sqlite" means SQLite
 * prepared every statement; otherwise libpg_query parses the whole text, or,
 * when that fails, each statement alone (its own scanner splits them), and
 * "pg_query" means at least one statement parsed. "tokens": no statement
 * parsed (a fragment completed at run time), and the tables are the names
 * libpg_query's scanner shows after FROM/JOIN/USING (read) and INTO, UPDATE,
 * DELETE FROM, TRUNCATE (written), CTE names excepted. Table names are resolved to the schema's
 * spelling when the schema has them (exact match first, then ignoring case).
 * sql NULL is treated as "". Any input is safe; the only failure is
 * SEAM_ENOMEM.
 */
int sql_resolver_tables(sql_resolver *r, const char *sql, seam_table_ref **tables, int *ntables,
                        const char **parser, seam_err *err);

/*
 * sql_resolver_tables plus the columns the text reads and writes: *columns
 * is a malloc'd array of *ncolumns refs sorted by (table, column), access
 * merged (caller frees each .table, .column and the array); NULL and 0 when
 * none. The only failure is SEAM_ENOMEM.
 */
int sql_resolver_full(sql_resolver *r, const char *sql, seam_table_ref **tables, int *ntables,
                      seam_column_ref **columns, int *ncolumns, const char **parser, seam_err *err);

/*
 * The column equalities a SQL text joins two different tables on (sql_joins.c):
 * "JOIN b ON a.x = b.y", "WHERE a.x = b.y" (also from a subquery to an outer
 * table), "JOIN b USING (x)". Qualifiers resolve through each query's FROM
 * items (aliases included, CTEs and subqueries are not tables); an
 * unqualified column resolves when exactly one table in scope has it in
 * the schema. Text is masked and parsed as for the resolver
 * (libpg_query); text it cannot parse yields no joins.
 */
typedef struct sql_join {
    char *left_table, *left_column;   /* (left_table, left_column) sorts before the right side */
    char *right_table, *right_column; /* tables named as the schema spells them, else as written */
} sql_join;

/*
 * The joins of sql with r's schema (the one sql_resolver_new was given). On
 * success *joins is a malloc'd array of *njoins distinct equalities sorted
 * by (left table, left column, right table, right column); free it with
 * sql_joins_free. sql NULL is "". The only failure is SEAM_ENOMEM.
 */
int sql_resolver_joins(sql_resolver *r, const char *sql, sql_join **joins, int *njoins,
                       seam_err *err);
void sql_joins_free(sql_join *joins, int njoins);

/*
 * For the schema reader, which resolves names against the catalog itself:
 * the same libpg_query walk as the resolver's (writes and reads as above,
 * CTE names in scope are not tables), with names as written ("public." and
 * "main." dropped, other schemas kept) and no masking. On success *tables is
 * a malloc'd array of *ntables refs sorted by name, access merged (caller
 * frees each .table and the array), NULL and 0 when none. Text libpg_query
 * rejects adds nothing. The only failure is SEAM_ENOMEM.
 */
struct cJSON;

/* Tables in PostgreSQL SQL text (NULL is ""); a text that fails whole is tried statement by
 * statement. */
int sql_pg_text_tables(const char *sql, seam_table_ref **tables, int *ntables, seam_err *err);

/* Tables under a node of libpg_query's JSON parse tree (as cJSON), e.g. a view's query. */
int sql_pg_tree_tables(const struct cJSON *node, seam_table_ref **tables, int *ntables,
                       seam_err *err);

/*
 * Tables a stored function's body touches (sql_body.c): a "plpgsql" body is
 * parsed with pg_query_parse_plpgsql and each embedded statement, or
 * expression ("SELECT " put in front), walked; a "sql" body is SQL text.
 * Other languages, and NULL, add nothing.
 */
int sql_body_tables(const char *language, const char *body, seam_table_ref **tables, int *ntables,
                    seam_err *err);

/*
 * The fingerprints of a SQL text's statements (sql_fingerprint.c), one per
 * statement in text order: libpg_query's fingerprint, which leaves constants
 * and parameters out, of the text masked as the resolver masks it (printf
 * conversions, ?, :name become $N). A statement written in C ("... WHERE id =
 * %d", "... VALUES (?, ?)", "... = 'open'") and pg_stat_statements' normalized
 * text of it ("... WHERE id = $1") get the same fingerprint; a different table,
 * column or shape gives another. A text that does not parse whole (a table name
 * left to a %s, a fragment) has none: *fps NULL and *nfps 0. On success *fps
 * is malloc'd (caller frees). sql NULL is "". The only failure is SEAM_ENOMEM.
 */
int sql_fingerprint(const char *sql, uint64_t **fps, int *nfps, seam_err *err);

/*
 * Production evidence (sql_stats.c): matches m's SQL sites to the statements
 * pg_stat_statements counted (m->schema.query_stats) by fingerprint. A site
 * gets the sums of calls, rows and time_ms over the statements sharing one of
 * its fingerprints, and stats_matched 1; sites sharing a statement each get its
 * full figures. Each statement's `sites` counts the sites it matched. What an
 * earlier call set is cleared first; with no statements every figure is 0.
 * Returns 0, or SEAM_ENOMEM.
 */
int sql_stats_match(seam_model *m, seam_err *err);

#endif
