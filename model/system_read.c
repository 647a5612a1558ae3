/*
 * system_read.c - the database's own objects among the tables the code's SQL
 * touches: PostgreSQL's catalogs (pg_catalog.*, information_schema.*),
 * SQLite's bookkeeping tables (sqlite_*), and, when a schema was read, any
 * name qualified by a schema it does not hold (an extension's catalog).
 *
 * seam_system_read_fold takes them out of the SQL sites' table and column
 * references and lists them as model->system_reads, one record per object
 * with the sites reading it. Everything after it (the decomposer's tables,
 * owners, shared tables, the plan) sees only application tables, so a
 * catalog is never owned, moved or planned.
 */
#include "system_read.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One (object, site) pair while the list is rebuilt. */
typedef struct sr_pair {
    char *name;
    int site;
} sr_pair;

static int starts_with(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

/* 1 when table is spelled as a system object: its schema part is pg_catalog or
 * information_schema, or it is an unqualified pg_* name, or its name is sqlite_*. */
static int spelled_system(const char *table)
{
    const char *dot = strrchr(table, '.');
    const char *base = dot ? dot + 1 : table;
    size_t qual = dot ? (size_t)(dot - table) : 0;
    return (qual == 10 && starts_with(table, "pg_catalog.")) ||
           (qual == 18 && starts_with(table, "information_schema.")) ||
           (!dot && starts_with(table, "pg_")) || starts_with(base, "sqlite_");
}

/* The one spelling of a system object (spelled_system(table) holds); NULL when out of memory. */
static char *fold(const char *table)
{
    const char *dot = strrchr(table, '.');
    const char *base = dot ? dot + 1 : table;
    /* SQLite's tables live in every attached database (main, temp, ...); sqlite_schema is
     * the newer name of sqlite_master (and sqlite_temp_schema of sqlite_temp_master). */
    if (starts_with(base, "sqlite_")) {
        if (strcasecmp(base, "sqlite_schema") == 0)
            return seam_strdup("sqlite_master");
        if (strcasecmp(base, "sqlite_temp_schema") == 0)
            return seam_strdup("sqlite_temp_master");
        return seam_strdup(base);
    }
    /* pg_class and pg_catalog.pg_class are the same catalog: the qualified form names it. */
    if (!dot)
        return seam_printf("pg_catalog.%s", table);
    return seam_strdup(table);
}

/*
 * 1 when table is qualified by a schema the database read does not hold: an
 * extension's catalog (timescaledb_information.jobs, _timescaledb_catalog.*)
 * or another database's object, never one of the application's tables. Only
 * said with a schema that was read (tables and the list of its schemas).
 */
static int outside_schemas(const char *table, const seam_schema *schema)
{
    const char *dot = strrchr(table, '.');
    if (!dot || !schema || schema->ntables == 0 || schema->nschemas == 0)
        return 0;
    size_t qual = (size_t)(dot - table);
    for (int i = 0; i < schema->nschemas; i++)
        if (strlen(schema->schemas[i]) == qual && strncasecmp(schema->schemas[i], table, qual) == 0)
            return 0;
    return strncasecmp(table, "public.", 7) != 0 && strncasecmp(table, "main.", 5) != 0;
}

int seam_system_read_name(const char *table, const seam_schema *schema, char **out)
{
    *out = NULL;
    /* The spelling test first: the schema lookup is linear. A name the schema holds is the
     * application's table, whatever it looks like. */
    if (!table || !(spelled_system(table) || outside_schemas(table, schema)) ||
        (schema && seam_schema_find_table(schema, table) >= 0))
        return SEAM_OK;
    *out = fold(table);
    return *out ? SEAM_OK : SEAM_ENOMEM;
}

static int cmp_pair(const void *a, const void *b)
{
    const sr_pair *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->site > y->site) - (x->site < y->site);
}

static int add_pair(sr_pair **v, int *n, int *cap, char *name, int site)
{
    if (seam_array_reserve(v, cap, *n + 1, sizeof **v)) {
        free(name);
        return SEAM_ENOMEM;
    }
    (*v)[*n].name = name;
    (*v)[*n].site = site;
    (*n)++;
    return SEAM_OK;
}

/* Moves the system objects of site i out of its table and column references into pairs. */
static int fold_site(seam_model *m, int i, sr_pair **v, int *n, int *cap)
{
    seam_sql_site *s = &m->sql_sites[i];
    int keep = 0;
    for (int t = 0; t < s->ntables; t++) {
        char *name;
        if (seam_system_read_name(s->tables[t].table, &m->schema, &name))
            return SEAM_ENOMEM;
        if (!name) {
            s->tables[keep++] = s->tables[t];
            continue;
        }
        free(s->tables[t].table);
        if (add_pair(v, n, cap, name, i))
            return SEAM_ENOMEM;
    }
    s->ntables = keep;
    keep = 0;
    for (int c = 0; c < s->ncolumns; c++) {
        char *name;
        if (seam_system_read_name(s->columns[c].table, &m->schema, &name))
            return SEAM_ENOMEM;
        if (!name) {
            s->columns[keep++] = s->columns[c];
            continue;
        }
        free(name);
        free(s->columns[c].table);
        free(s->columns[c].column);
    }
    s->ncolumns = keep;
    return SEAM_OK;
}

int seam_system_read_fold(seam_model *m, seam_err *err)
{
    sr_pair *v = NULL;
    int n = 0, cap = 0, rc = SEAM_OK;

    /* Reads listed by an earlier run (a model.json read back) are kept. */
    for (int r = 0; r < m->nsystem_reads && !rc; r++)
        for (int k = 0; k < m->system_reads[r].nsites && !rc; k++) {
            char *name = seam_strdup(m->system_reads[r].name);
            rc = name ? add_pair(&v, &n, &cap, name, m->system_reads[r].sites[k]) : SEAM_ENOMEM;
        }
    for (int i = 0; i < m->nsql_sites && !rc; i++)
        rc = fold_site(m, i, &v, &n, &cap);
    if (rc)
        goto out;
    if (n > 1)
        qsort(v, (size_t)n, sizeof *v, cmp_pair);

    /* One record per object, its sites ascending and distinct. */
    seam_system_read *reads = NULL;
    int nreads = 0, rcap = 0;
    for (int k = 0; k < n && !rc; k++) {
        seam_system_read *last = nreads ? &reads[nreads - 1] : NULL;
        if (!last || strcmp(last->name, v[k].name) != 0) {
            if (seam_array_reserve(&reads, &rcap, nreads + 1, sizeof *reads)) {
                rc = SEAM_ENOMEM;
                break;
            }
            last = &reads[nreads++];
            last->name = v[k].name;
            v[k].name = NULL;
        } else if (last->nsites && last->sites[last->nsites - 1] == v[k].site) {
            continue;
        }
        int *grown = realloc(last->sites, (size_t)(last->nsites + 1) * sizeof *grown);
        if (!grown) {
            rc = SEAM_ENOMEM;
            break;
        }
        last->sites = grown;
        last->sites[last->nsites++] = v[k].site;
    }
    for (int r = 0; r < m->nsystem_reads; r++) {
        free(m->system_reads[r].name);
        free(m->system_reads[r].sites);
    }
    free(m->system_reads);
    m->system_reads = reads;
    m->nsystem_reads = nreads;
out:
    for (int k = 0; k < n; k++)
        free(v[k].name);
    free(v);
    if (rc)
        return seam_err_set(err, rc, "model: out of memory listing system reads");
    return SEAM_OK;
}
