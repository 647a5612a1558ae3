/*
 * analyzer.c - the public entry points: analyzer_run = analyzer_collect (the
 * parse phase, collect.c) + analyzer_build (the whole-program phase), and
 * analyzer_resolve_sql, which asks sql/ for the tables of every SQL site
 * (and guesses.c which of a guess's names count).
 */
#include "analyzer.h"

#include "analyzer_internal.h"
#include "file.h"
#include "sql.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int model_has_code(const seam_model *m)
{
    return m->nfiles || m->nfunctions || m->ncalls || m->nsql_sites || m->ntus || m->nglobals ||
           m->ntypes;
}

int analyzer_build(const analyzer_facts *f, seam_model *model, seam_err *err)
{
    if (model_has_code(model))
        return seam_err_set(err, SEAM_EUSAGE, "analyzer: the model already holds code facts");
    free(model->src_root);
    if (!(model->src_root = seam_strdup(f->root)))
        return seam_err_set(err, SEAM_ENOMEM, "out of memory");
    program prog;
    int rc = program_build(&prog, f, model, err);
    if (rc == 0)
        rc = wrappers_find_sql(&prog, f, f->sql_fns, f->nsql_fns, f->table_fns, f->ntable_fns,
                               err);
    program_free(&prog);
    /* the compile database's targets first: components_read sorts them in with its own */
    if (rc == 0 && components_read_targets(model, f->targets, f->ntargets) < 0)
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory reading the build's components");
    if (rc == 0)
        rc = components_read(model, f->root, err);
    return rc;
}

int analyzer_run(const analyzer_options *opts, seam_model *model, seam_err *err)
{
    if (model_has_code(model))
        return seam_err_set(err, SEAM_EUSAGE, "analyzer: the model already holds code facts");
    analyzer_facts *f = NULL;
    int rc = analyzer_collect(opts, &f, err);
    if (rc == 0)
        rc = analyzer_build(f, model, err);
    /* the targets of a CMake build, where its file API left a reply */
    if (rc == 0)
        rc = components_read_cmake(model, opts->build_dir ? opts->build_dir : opts->src_dir,
                                   NULL, opts->max_input ? opts->max_input : SEAM_FILE_MAX_DEFAULT,
                                   err);
    analyzer_facts_free(f);
    return rc;
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

/*
 * A --table-fn site with no statement seen: the name alone, read and
 * written. Only its spelling is resolved (the schema's, or its prefixed
 * name), as the table of "SELECT * FROM name" would be.
 */
static int resolve_table_argument(sql_resolver *r, seam_sql_site *site, seam_err *err)
{
    char *probe = seam_printf("SELECT * FROM %s", site->tables[0].table);
    seam_table_ref *t = NULL;
    int n = 0;
    const char *parser;
    int rc = probe ? sql_resolver_tables(r, probe, &t, &n, &parser, err)
                   : seam_err_set(err, SEAM_ENOMEM, "out of memory resolving a table argument");
    free(probe);
    if (rc == 0 && n == 1) {
        free(site->tables[0].table);
        site->tables[0].table = t[0].table;
        t[0].table = NULL;
    }
    free_table_refs(t, n);
    return rc;
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
        if (site->parser && strcmp(site->parser, "table_argument") == 0 && site->ntables == 1) {
            rc = resolve_table_argument(r, site, err);
            continue;
        }
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
    /* Once every site is resolved: a guess's support may come from any other site. */
    return rc ? rc : guesses_filter(model, err);
}
