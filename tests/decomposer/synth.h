/*
 * synth.h - builders for small synthetic seam_models in decomposer tests.
 *
 * Each helper appends one fact to the model and returns its index; the model
 * owns everything (seam_model_free releases it). Allocation failure aborts
 * the test: these are test fixtures, not library code.
 */
#ifndef SEAM_TEST_SYNTH_H
#define SEAM_TEST_SYNTH_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

static inline void synth_need(int ok)
{
    if (!ok) {
        fprintf(stderr, "synth: out of memory\n");
        exit(2);
    }
}

static inline void *synth_grow(void *arr, int n, size_t elem)
{
    /* One element more each time: simple, and the models are tiny. */
    void *p = realloc(arr, (size_t)(n + 1) * elem);
    synth_need(p != NULL);
    memset((char *)p + (size_t)n * elem, 0, elem);
    return p;
}

/* Files must be added in path order (the model keeps them sorted). */
static inline int synth_file(seam_model *m, const char *path)
{
    m->files = synth_grow(m->files, m->nfiles, sizeof *m->files);
    seam_file *f = &m->files[m->nfiles];
    synth_need((f->path = seam_strdup(path)) != NULL);
    f->lines = 10;
    f->is_header = strlen(path) > 2 && strcmp(path + strlen(path) - 2, ".h") == 0;
    return m->nfiles++;
}

static inline int synth_fn(seam_model *m, const char *path, const char *name)
{
    int file = seam_model_find_file(m, path);
    synth_need(file >= 0);
    m->functions = synth_grow(m->functions, m->nfunctions, sizeof *m->functions);
    seam_function *fn = &m->functions[m->nfunctions];
    synth_need((fn->name = seam_strdup(name)) != NULL);
    synth_need((fn->usr = seam_printf("c:@F@%s", name)) != NULL);
    fn->file = file;
    fn->line = m->nfunctions + 1;
    fn->loc = 5;
    return m->nfunctions++;
}

static inline int synth_find_fn(const seam_model *m, const char *name)
{
    for (int i = 0; i < m->nfunctions; i++)
        if (strcmp(m->functions[i].name, name) == 0)
            return i;
    fprintf(stderr, "synth: no function %s\n", name);
    exit(2);
}

static inline int synth_call(seam_model *m, const char *caller, const char *callee, int count)
{
    m->calls = synth_grow(m->calls, m->ncalls, sizeof *m->calls);
    m->calls[m->ncalls].caller = synth_find_fn(m, caller);
    m->calls[m->ncalls].callee = synth_find_fn(m, callee);
    m->calls[m->ncalls].count = count;
    return m->ncalls++;
}

/* A SQL site in function fn: tables as "name", access pairs ended by NULL. */
static inline int synth_sql(seam_model *m, const char *fn, const char *sql, ...)
{
    m->sql_sites = synth_grow(m->sql_sites, m->nsql_sites, sizeof *m->sql_sites);
    seam_sql_site *s = &m->sql_sites[m->nsql_sites];
    s->function = synth_find_fn(m, fn);
    s->file = m->functions[s->function].file;
    s->line = m->nsql_sites + 1;
    synth_need((s->sql = seam_strdup(sql)) != NULL);
    synth_need((s->via = seam_strdup("db_exec")) != NULL);
    synth_need((s->parser = seam_strdup("sqlite")) != NULL);
    va_list ap;
    va_start(ap, sql);
    for (const char *t; (t = va_arg(ap, const char *)) != NULL;) {
        int access = va_arg(ap, int);
        s->tables = synth_grow(s->tables, s->ntables, sizeof *s->tables);
        synth_need((s->tables[s->ntables].table = seam_strdup(t)) != NULL);
        s->tables[s->ntables].access = access;
        s->ntables++;
    }
    va_end(ap);
    return m->nsql_sites++;
}

/* Tables must be added in name order. */
static inline int synth_table(seam_model *m, const char *name)
{
    seam_schema *sc = &m->schema;
    sc->tables = synth_grow(sc->tables, sc->ntables, sizeof *sc->tables);
    synth_need((sc->tables[sc->ntables].name = seam_strdup(name)) != NULL);
    return sc->ntables++;
}

/* Foreign keys must be added in (from_table, name) order. */
static inline int synth_fk(seam_model *m, const char *name, const char *from, const char *from_col,
                           const char *to, const char *to_col)
{
    seam_schema *sc = &m->schema;
    sc->foreign_keys = synth_grow(sc->foreign_keys, sc->nforeign_keys, sizeof *sc->foreign_keys);
    seam_foreign_key *fk = &sc->foreign_keys[sc->nforeign_keys];
    synth_need((fk->name = seam_strdup(name)) != NULL);
    synth_need((fk->from_table = seam_strdup(from)) != NULL);
    synth_need((fk->to_table = seam_strdup(to)) != NULL);
    fk->from_columns = calloc(1, sizeof *fk->from_columns);
    fk->to_columns = calloc(1, sizeof *fk->to_columns);
    synth_need(fk->from_columns && fk->to_columns);
    synth_need((fk->from_columns[0] = seam_strdup(from_col)) != NULL);
    synth_need((fk->to_columns[0] = seam_strdup(to_col)) != NULL);
    fk->ncolumns = 1;
    return sc->nforeign_keys++;
}

/* The service holding file, or NULL: where the decomposer put a test's module. */
static inline const seam_service *synth_service_of(const seam_model *m, const char *file)
{
    for (int i = 0; i < m->nservices; i++)
        for (int f = 0; f < m->services[i].nfiles; f++)
            if (strcmp(m->services[i].files[f], file) == 0)
                return &m->services[i];
    return NULL;
}

#endif
