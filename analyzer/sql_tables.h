/*
 * sql_tables.h - which tables a SQL statement reads and writes.
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
 */
#ifndef SEAM_SQL_TABLES_H
#define SEAM_SQL_TABLES_H

#include "model.h"

typedef struct sql_resolver sql_resolver; /* opaque */

/*
 * Creates a resolver for a schema (may be NULL or empty: libpg_query only).
 * With schema->dialect "sqlite", statements are tried with SQLite first and
 * libpg_query second; otherwise libpg_query alone. The resolver borrows
 * nothing from schema after it returns. *out is owned by the caller: free it
 * with sql_resolver_free.
 */
int sql_resolver_new(sql_resolver **out, const seam_schema *schema, seam_err *err);
void sql_resolver_free(sql_resolver *r);

/*
 * Resolves one statement (or several separated by ';'). On success *tables is
 * a malloc'd array of *ntables refs sorted by table name, one per table, with
 * access bits merged (caller frees each .table and the array), and *parser
 * is a static string: "sqlite", "pg_query", or "none" when nothing parsed
 * (then *ntables is 0). Table names are lower case, and resolved to the
 * schema's spelling when the schema has them.
 */
int sql_resolver_tables(sql_resolver *r, const char *sql, seam_table_ref **tables, int *ntables,
                        const char **parser, seam_err *err);

#endif
