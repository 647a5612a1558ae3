/*
 * sql_tables.c - the resolver: which parser reads a SQL text, and the model
 * pass that resolves every SQL site (analyzer_resolve_sql).
 *
 * With a SQLite schema, SQLite itself is asked first: it knows its own syntax
 * and the schema's real names. Anything it cannot prepare (a table missing
 * from the schema, another dialect) goes to libpg_query, which needs no
 * schema. Each parser gets its own masked copy of the text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer.h"
#include "analyzer_int.h"
#include "sql_internal.h"
#include "sql_tables.h"

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
    if (sql_names_init(&r->names, schema) != SEAM_OK ||
        sql_schema_cols_init(&r->cols, schema) != SEAM_OK) {
        sql_names_free(&r->names);
        free(r);
        return seam_err_set(err, SEAM_ENOMEM, "out of memory copying the schema's table names");
    }
    if (schema && schema->dialect && strcmp(schema->dialect, "sqlite") == 0) {
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
    sql_names_free(&r->names);
    sql_schema_cols_free(&r->cols);
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
        rc = sql_pg_columns(masked, &r->names, &r->cols, inserts_only, cols);
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
        sql_cols_free(&cols);
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
        sql_cols_free(&cols);
        *parser = "none";
        return seam_err_set(err, rc, "out of memory resolving SQL to tables");
    }
    if (want) {
        sql_cols_merge(&cols);
        *columns = cols.v;
        *ncolumns = cols.n;
    }
    sql_refs_merge(&refs);
    if (refs.n == 0) {
        sql_refs_free(&refs);
        return SEAM_OK;
    }
    *tables = refs.v;
    *ntables = refs.n;
    return SEAM_OK;
}

static void free_table_refs(seam_table_ref *t, int n)
{
    for (int i = 0; i < n; i++)
        free(t[i].table);
    free(t);
}

static void free_column_refs(seam_column_ref *c, int n)
{
    for (int i = 0; i < n; i++) {
        free(c[i].table);
        free(c[i].column);
    }
    free(c);
}

/* What one site resolved to: moved into the site, or freed. */
typedef struct resolution {
    seam_table_ref *tables;
    int ntables;
    seam_column_ref *columns;
    int ncolumns;
    const char *parser;
} resolution;

static void resolution_free(resolution *z)
{
    free_table_refs(z->tables, z->ntables);
    free_column_refs(z->columns, z->ncolumns);
    memset(z, 0, sizeof *z);
}

/* A copy of the resolution of an earlier site with the same text. */
static int copy_resolution(const seam_sql_site *from, resolution *z)
{
    memset(z, 0, sizeof *z);
    z->parser = from->parser;
    if (from->ntables > 0 && !(z->tables = calloc((size_t)from->ntables, sizeof *z->tables)))
        return SEAM_ENOMEM;
    for (int t = 0; t < from->ntables; t++, z->ntables++) {
        z->tables[t].access = from->tables[t].access;
        if (!(z->tables[t].table = seam_strdup(from->tables[t].table)))
            return SEAM_ENOMEM;
    }
    if (from->ncolumns > 0 && !(z->columns = calloc((size_t)from->ncolumns, sizeof *z->columns)))
        return SEAM_ENOMEM;
    for (int c = 0; c < from->ncolumns; c++, z->ncolumns++) {
        z->columns[c].access = from->columns[c].access;
        if (!(z->columns[c].table = seam_strdup(from->columns[c].table)) ||
            !(z->columns[c].column = seam_strdup(from->columns[c].column)))
            return SEAM_ENOMEM;
    }
    return SEAM_OK;
}

int analyzer_resolve_sql(seam_model *model, seam_err *err)
{
    sql_resolver *r = NULL;
    int rc = sql_resolver_new(&r, &model->schema, err);
    if (rc)
        return rc;
    /* The same statement is often sent from many places: parse each text once. */
    strmap seen = {0};
    for (int i = 0; i < model->nsql_sites && !rc; i++) {
        seam_sql_site *site = &model->sql_sites[i];
        resolution z;
        memset(&z, 0, sizeof z);
        void *prev;
        if (site->sql && strmap_get(&seen, site->sql, &prev)) {
            rc = copy_resolution(&model->sql_sites[(intptr_t)prev], &z);
        } else {
            rc = sql_resolver_full(r, site->sql, &z.tables, &z.ntables, &z.columns, &z.ncolumns,
                                   &z.parser, err);
            if (rc == 0 && site->sql && strmap_put(&seen, site->sql, (void *)(intptr_t)i) < 0)
                rc = SEAM_ENOMEM;
        }
        char *p = rc == 0 ? seam_strdup(z.parser) : NULL;
        if (!p) {
            resolution_free(&z);
            rc = seam_err_set(err, SEAM_ENOMEM, "out of memory resolving SQL site %d", i);
            break;
        }
        free_table_refs(site->tables, site->ntables);
        free_column_refs(site->columns, site->ncolumns);
        free(site->parser);
        site->tables = z.tables;
        site->ntables = z.ntables;
        site->columns = z.columns;
        site->ncolumns = z.ncolumns;
        site->parser = p;
    }
    strmap_free(&seen, NULL);
    sql_resolver_free(r);
    return rc;
}
