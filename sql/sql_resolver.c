/*
 * sql_resolver.c - the resolver: which parser reads a SQL text.
 *
 * With a SQLite schema, SQLite itself is asked first: it knows its own syntax
 * and the schema's real names. Anything it cannot prepare (a table missing
 * from the schema, another dialect) goes to libpg_query, which needs no
 * schema. Each parser gets its own masked copy of the text.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"
#include "sql_internal.h"

struct sql_resolver {
    sql_names names;
    sql_schema_cols cols; /* the schema's columns, for unqualified names */
    sqlite3 *db;          /* the schema in memory; NULL unless the dialect is sqlite */
};

int sql_resolver_new(sql_resolver **out, const seam_schema *schema, seam_err *err)
{
    *out = NULL;
    sql_resolver *r = calloc(1, sizeof *r);
    if (!r)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory creating the SQL resolver");
    if (sql_refs_names_init(&r->names, schema) != SEAM_OK ||
        sql_refs_schema_cols_init(&r->cols, schema) != SEAM_OK) {
        sql_refs_names_free(&r->names);
        free(r);
        return seam_err_set(err, SEAM_ENOMEM, "out of memory copying the schema's table names");
    }
    if (schema && schema->dialect == SEAM_DIALECT_SQLITE) {
        int rc = sql_sqlite_open(&r->db, schema, err);
        if (rc) {
            sql_resolver_free(r);
            return rc;
        }
    }
    *out = r;
    return SEAM_OK;
}

void sql_resolver_free(sql_resolver *r)
{
    if (!r)
        return;
    sql_refs_names_free(&r->names);
    sql_refs_schema_cols_free(&r->cols);
    sqlite3_close(r->db);
    free(r);
}

/* SQLite first (when there is a SQLite schema): *done says it prepared everything. */
static int try_sqlite(sql_resolver *r, const char *sql, sql_refs *refs, sql_cols *cols, int *done)
{
    char *masked = NULL;
    int n = -1;
    *done = 0;
    if (!r->db)
        return SEAM_OK;
    int rc = sql_mask(sql, SQL_DIALECT_SQLITE, &masked);
    if (!rc)
        rc = sql_sqlite_tables_cols(r->db, masked, &r->names, refs, cols, &n);
    free(masked);
    *done = n > 0;
    return rc;
}

/* libpg_query; cols: all columns (inserts_only 0) or only INSERT's (1), or none (NULL). */
static int try_pg(sql_resolver *r, const char *sql, sql_refs *refs, sql_cols *cols,
                  int inserts_only, int *done)
{
    char *masked = NULL;
    int n = 0;
    int rc = sql_mask(sql, SQL_DIALECT_PG, &masked);
    if (!rc && refs)
        rc = sql_pg_tables(masked, &r->names, refs, &n);
    if (!rc && cols)
        rc = sql_columns_find(masked, &r->names, &r->cols, inserts_only, cols);
    free(masked);
    *done = n > 0;
    return rc;
}

int sql_resolver_tables(sql_resolver *r, const char *sql, seam_table_ref **tables, int *ntables,
                        const char **parser, seam_err *err)
{
    return sql_resolver_full(r, sql, tables, ntables, NULL, NULL, parser, err);
}

int sql_resolver_full(sql_resolver *r, const char *sql, seam_table_ref **tables, int *ntables,
                      seam_column_ref **columns, int *ncolumns, const char **parser, seam_err *err)
{
    sql_refs refs = {0};
    sql_cols cols = {0};
    sql_cols *want = columns ? &cols : NULL;
    int done = 0;
    *tables = NULL;
    *ntables = 0;
    if (columns) {
        *columns = NULL;
        *ncolumns = 0;
    }
    *parser = "none";
    if (!sql)
        sql = "";
    int rc = try_sqlite(r, sql, &refs, want, &done);
    if (!rc && done) {
        *parser = "sqlite";
        /* SQLite's authorizer does not name the columns an INSERT lists. */
        if (want)
            rc = try_pg(r, sql, NULL, want, 1, &done);
    } else if (!rc) {
        sql_refs_cols_free(&cols);
        rc = try_pg(r, sql, &refs, want, 0, &done);
        if (!rc && done)
            *parser = "pg_query";
        /* A fragment no parser accepts: what the scanner's tokens say. */
        if (!rc && !done) {
            char *masked = NULL;
            rc = sql_mask(sql, SQL_DIALECT_PG, &masked);
            if (!rc)
                rc = sql_tokens_tables(masked, &r->names, &refs, &done);
            free(masked);
            if (!rc && done)
                *parser = "tokens";
        }
    }
    if (rc) {
        sql_refs_free(&refs);
        sql_refs_cols_free(&cols);
        *parser = "none";
        return seam_err_set(err, rc, "out of memory resolving SQL to tables");
    }
    if (want) {
        sql_refs_cols_merge(&cols);
        *columns = cols.v;
        *ncolumns = cols.n;
    }
    sql_refs_take(&refs, tables, ntables);
    return SEAM_OK;
}

int sql_resolver_joins(sql_resolver *r, const char *sql, sql_join **joins, int *njoins,
                       seam_err *err)
{
    return sql_joins_find(sql, &r->names, &r->cols, joins, njoins, err);
}
