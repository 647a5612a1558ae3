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
    sqlite3 *db; /* the schema in memory; NULL unless the dialect is sqlite */
};

int sql_resolver_new(sql_resolver **out, const seam_schema *schema, seam_err *err)
{
    *out = NULL;
    sql_resolver *r = calloc(1, sizeof *r);
    if (!r)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory creating the SQL resolver");
    if (sql_names_init(&r->names, schema) != SEAM_OK) {
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
    sqlite3_close(r->db);
    free(r);
}

/* SQLite first (when there is a SQLite schema): *done says it prepared everything. */
static int try_sqlite(sql_resolver *r, const char *sql, sql_refs *refs, int *done)
{
    char *masked = NULL;
    int n = -1;
    *done = 0;
    if (!r->db)
        return SEAM_OK;
    int rc = sql_mask(sql, SQL_DIALECT_SQLITE, &masked);
    if (!rc)
        rc = sql_sqlite_tables(r->db, masked, &r->names, refs, &n);
    free(masked);
    *done = n > 0;
    return rc;
}

static int try_pg(sql_resolver *r, const char *sql, sql_refs *refs, int *done)
{
    char *masked = NULL;
    int n = 0;
    int rc = sql_mask(sql, SQL_DIALECT_PG, &masked);
    if (!rc)
        rc = sql_pg_tables(masked, &r->names, refs, &n);
    free(masked);
    *done = n > 0;
    return rc;
}

int sql_resolver_tables(sql_resolver *r, const char *sql, seam_table_ref **tables, int *ntables,
                        const char **parser, seam_err *err)
{
    sql_refs refs = {0};
    int done = 0;
    *tables = NULL;
    *ntables = 0;
    *parser = "none";
    if (!sql)
        sql = "";
    int rc = try_sqlite(r, sql, &refs, &done);
    if (!rc && done) {
        *parser = "sqlite";
    } else if (!rc) {
        rc = try_pg(r, sql, &refs, &done);
        if (!rc && done)
            *parser = "pg_query";
    }
    if (rc) {
        sql_refs_free(&refs);
        *parser = "none";
        return seam_err_set(err, rc, "out of memory resolving SQL to tables");
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

/* A copy of the resolution of an earlier site with the same text. */
static int copy_resolution(const seam_sql_site *from, seam_table_ref **tables, int *ntables,
                           const char **parser)
{
    *tables = NULL;
    *ntables = 0;
    *parser = from->parser;
    if (from->ntables == 0)
        return SEAM_OK;
    if (!(*tables = calloc((size_t)from->ntables, sizeof **tables)))
        return SEAM_ENOMEM;
    for (int t = 0; t < from->ntables; t++) {
        (*tables)[t].access = from->tables[t].access;
        if (!((*tables)[t].table = seam_strdup(from->tables[t].table))) {
            *ntables = t;
            return SEAM_ENOMEM;
        }
    }
    *ntables = from->ntables;
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
        seam_table_ref *tables = NULL;
        int ntables = 0;
        const char *parser = NULL;
        void *prev;
        if (site->sql && strmap_get(&seen, site->sql, &prev)) {
            if (copy_resolution(&model->sql_sites[(intptr_t)prev], &tables, &ntables, &parser) <
                0) {
                free_table_refs(tables, ntables);
                rc = seam_err_set(err, SEAM_ENOMEM, "out of memory resolving SQL site %d", i);
                break;
            }
        } else {
            rc = sql_resolver_tables(r, site->sql, &tables, &ntables, &parser, err);
            if (rc)
                break;
            if (site->sql && strmap_put(&seen, site->sql, (void *)(intptr_t)i) < 0) {
                free_table_refs(tables, ntables);
                rc = seam_err_set(err, SEAM_ENOMEM, "out of memory resolving SQL site %d", i);
                break;
            }
        }
        char *p = seam_strdup(parser);
        if (!p) {
            free_table_refs(tables, ntables);
            rc = seam_err_set(err, SEAM_ENOMEM, "out of memory resolving SQL site %d", i);
            break;
        }
        free_table_refs(site->tables, site->ntables);
        free(site->parser);
        site->tables = tables;
        site->ntables = ntables;
        site->parser = p;
    }
    strmap_free(&seen, NULL);
    sql_resolver_free(r);
    return rc;
}
