/*
 * model.c - construction, destruction and lookup for the data model.
 */
#include "model.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int seam_err_set(seam_err *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        /*
         * An error is one line, whatever the message quotes: a parser's
         * message can carry the rest of a file (SQLite's "unrecognized
         * token"), a name can carry a newline. Line breaks become spaces.
         */
        for (char *p = err->msg; *p; p++)
            if (*p == '\n' || *p == '\r')
                *p = ' ';
        err->code = code;
    }
    return code;
}

void seam_err_clear(seam_err *err)
{
    if (err) {
        err->code = 0;
        err->msg[0] = '\0';
    }
}

void seam_model_init(seam_model *m)
{
    memset(m, 0, sizeof *m);
}

static void free_strv(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static void free_refs(seam_table_ref *refs, int n)
{
    for (int i = 0; i < n; i++)
        free(refs[i].table);
    free(refs);
}

void seam_column_free(seam_column *col)
{
    if (!col)
        return;
    free(col->name);
    free(col->type);
    free(col->default_value);
    free(col->identity);
    free(col->generated);
    free(col->generated_expr);
    free(col->comment);
    memset(col, 0, sizeof *col);
}

void seam_foreign_key_free(seam_foreign_key *fk)
{
    if (!fk)
        return;
    free(fk->name);
    free(fk->from_table);
    free(fk->to_table);
    free_strv(fk->from_columns, fk->ncolumns);
    free_strv(fk->to_columns, fk->ncolumns);
    free(fk->on_delete);
    free(fk->on_update);
    memset(fk, 0, sizeof *fk);
}

void seam_table_free(seam_table *t)
{
    if (!t)
        return;
    free(t->name);
    for (int c = 0; c < t->ncolumns; c++)
        seam_column_free(&t->columns[c]);
    free(t->columns);
    free_strv(t->primary_key, t->nprimary_key);
    free(t->primary_key_name);
    for (int u = 0; u < t->nuniques; u++) {
        free(t->uniques[u].name);
        free_strv(t->uniques[u].columns, t->uniques[u].ncolumns);
    }
    free(t->uniques);
    free_strv(t->partitions, t->npartitions);
    free(t->comment);
    memset(t, 0, sizeof *t);
}

void seam_index_free(seam_index *ix)
{
    if (!ix)
        return;
    free(ix->name);
    free(ix->table);
    free_strv(ix->columns, ix->ncolumns);
    free(ix->method);
    free(ix->predicate);
    memset(ix, 0, sizeof *ix);
}

void seam_view_free(seam_view *v)
{
    if (!v)
        return;
    free(v->name);
    free_strv(v->tables, v->ntables);
    free(v->comment);
    memset(v, 0, sizeof *v);
}

void seam_trigger_free(seam_trigger *tg)
{
    if (!tg)
        return;
    free(tg->name);
    free(tg->table);
    free(tg->timing);
    free_strv(tg->events, tg->nevents);
    free(tg->function);
    free(tg->language);
    free_refs(tg->tables, tg->ntables);
    memset(tg, 0, sizeof *tg);
}

void seam_sequence_free(seam_sequence *sq)
{
    if (!sq)
        return;
    free(sq->name);
    free(sq->type);
    free(sq->owner_table);
    free(sq->owner_column);
    memset(sq, 0, sizeof *sq);
}

void seam_schema_free(seam_schema *s)
{
    if (!s)
        return;
    for (int i = 0; i < s->ntables; i++)
        seam_table_free(&s->tables[i]);
    free(s->tables);
    for (int i = 0; i < s->nforeign_keys; i++)
        seam_foreign_key_free(&s->foreign_keys[i]);
    free(s->foreign_keys);
    free_strv(s->schemas, s->nschemas);
    for (int i = 0; i < s->nindexes; i++)
        seam_index_free(&s->indexes[i]);
    free(s->indexes);
    for (int i = 0; i < s->nviews; i++)
        seam_view_free(&s->views[i]);
    free(s->views);
    for (int i = 0; i < s->ntriggers; i++)
        seam_trigger_free(&s->triggers[i]);
    free(s->triggers);
    for (int i = 0; i < s->nsequences; i++)
        seam_sequence_free(&s->sequences[i]);
    free(s->sequences);
    for (int i = 0; i < s->nquery_stats; i++) {
        free(s->query_stats[i].query);
        free_refs(s->query_stats[i].tables, s->query_stats[i].ntables);
    }
    free(s->query_stats);
    free_strv(s->skipped, s->nskipped);
    free_strv(s->warnings, s->nwarnings);
    free(s->source);
    memset(s, 0, sizeof *s);
}

/* Code facts other than files, functions, calls and SQL sites. */
static void free_code_facts(seam_model *m)
{
    free(m->func_refs);
    for (int i = 0; i < m->nglobals; i++) {
        free(m->globals[i].usr);
        free(m->globals[i].name);
    }
    free(m->globals);
    free(m->global_uses);
    for (int i = 0; i < m->ntypes; i++) {
        free(m->types[i].usr);
        free(m->types[i].name);
        free(m->types[i].kind);
    }
    free(m->types);
    free(m->type_uses);
    free(m->includes);
    for (int i = 0; i < m->ncomponents; i++) {
        free(m->components[i].name);
        free(m->components[i].kind);
        free(m->components[i].build_file);
        free_strv(m->components[i].files, m->components[i].nfiles);
    }
    free(m->components);
    for (int i = 0; i < m->ntus; i++) {
        free(m->tus[i].file);
        free_strv(m->tus[i].diagnostics, m->tus[i].ndiagnostics);
    }
    free(m->tus);
    free_strv(m->code_warnings, m->ncode_warnings);
}

static void free_dependencies(struct seam_dependency *d, int n)
{
    for (int i = 0; i < n; i++)
        free(d[i].service);
    free(d);
}

/* The decomposition: services' derived facts, modules, findings. */
static void free_decomposition(seam_model *m)
{
    for (int i = 0; i < m->nservices; i++) {
        seam_service *s = &m->services[i];
        free(s->functions);
        free(s->interface);
        free_strv(s->tables_read, s->ntables_read);
        free_dependencies(s->outbound, s->noutbound);
        free_dependencies(s->inbound, s->ninbound);
    }
    for (int i = 0; i < m->nmodules; i++) {
        seam_module *mod = &m->modules[i];
        free(mod->name);
        free_strv(mod->files, mod->nfiles);
        free(mod->service);
        free(mod->reason);
        for (int k = 0; k < mod->nwhy; k++) {
            free(mod->why[k].target);
            free(mod->why[k].kinds);
        }
        free(mod->why);
    }
    free(m->modules);
    for (int i = 0; i < m->nimplied_fks; i++) {
        seam_implied_fk *f = &m->implied_fks[i];
        free(f->from_table);
        free(f->from_column);
        free(f->to_table);
        free(f->to_column);
        free(f->sites);
    }
    free(m->implied_fks);
    for (int i = 0; i < m->nshared_tables; i++) {
        seam_shared_table *t = &m->shared_tables[i];
        free(t->table);
        free(t->owner);
        free_strv(t->writers, t->nwriters);
        free_strv(t->readers, t->nreaders);
    }
    free(m->shared_tables);
    for (int i = 0; i < m->ndead_functions; i++)
        free(m->dead_functions[i].reason);
    free(m->dead_functions);
    for (int i = 0; i < m->nedge_kinds; i++)
        free(m->edge_kinds[i].kind);
    free(m->edge_kinds);
    for (int i = 0; i < m->nsystem_reads; i++) {
        free(m->system_reads[i].name);
        free(m->system_reads[i].sites);
    }
    free(m->system_reads);
    for (int i = 0; i < m->nunowned_tables; i++) {
        free(m->unowned_tables[i].table);
        free(m->unowned_tables[i].reason);
    }
    free(m->unowned_tables);
    free(m->coverage.unresolved_sites);
    free_strv(m->coverage.unreached_tables, m->coverage.nunreached_tables);
}

void seam_model_free(seam_model *m)
{
    if (!m)
        return;
    free(m->src_root);
    for (int i = 0; i < m->nfiles; i++)
        free(m->files[i].path);
    free(m->files);
    for (int i = 0; i < m->nfunctions; i++) {
        free(m->functions[i].usr);
        free(m->functions[i].name);
    }
    free(m->functions);
    free(m->calls);
    for (int i = 0; i < m->nsql_sites; i++) {
        seam_sql_site *s = &m->sql_sites[i];
        free(s->sql);
        free(s->via);
        free(s->parser);
        for (int t = 0; t < s->ntables; t++)
            free(s->tables[t].table);
        free(s->tables);
        free(s->how);
        free(s->confidence);
        free(s->found);
        for (int c = 0; c < s->ncolumns; c++) {
            free(s->columns[c].table);
            free(s->columns[c].column);
        }
        free(s->columns);
    }
    free(m->sql_sites);
    free_code_facts(m);
    free_decomposition(m);
    seam_schema_free(&m->schema);
    for (int i = 0; i < m->nservices; i++) {
        free(m->services[i].name);
        free(m->services[i].reason);
        free_strv(m->services[i].files, m->services[i].nfiles);
        free_strv(m->services[i].tables, m->services[i].ntables);
    }
    free(m->services);
    seam_plan_free(m->plan, m->nplan);
    memset(m, 0, sizeof *m);
}

void seam_plan_free(seam_plan_step *steps, int n)
{
    for (int i = 0; steps && i < n; i++) {
        seam_plan_step *st = &steps[i];
        free(st->kind);
        free(st->service);
        free(st->detail);
        free(st->id);
        free_strv(st->depends_on, st->ndepends_on);
        free(st->sql);
        free(st->sql_note);
        for (int k = 0; k < st->ncode_sites; k++)
            free(st->code_sites[k].sql);
        free(st->code_sites);
        free(st->rationale);
        free(st->risk);
    }
    free(steps);
}

int seam_model_find_file(const seam_model *m, const char *path)
{
    int lo = 0, hi = m->nfiles - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(m->files[mid].path, path);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

int seam_schema_find_table(const seam_schema *s, const char *name)
{
    for (int i = 0; i < s->ntables; i++)
        if (strcasecmp(s->tables[i].name, name) == 0)
            return i;
    return -1;
}

int seam_array_reserve(void *arr, int *cap, int need, size_t elem)
{
    void **p = arr;
    if (need <= *cap)
        return SEAM_OK;
    int ncap = *cap ? *cap : 8;
    while (ncap < need)
        ncap *= 2;
    void *np = realloc(*p, (size_t)ncap * elem);
    if (!np)
        return SEAM_ENOMEM;
    memset((char *)np + (size_t)*cap * elem, 0, (size_t)(ncap - *cap) * elem);
    *p = np;
    *cap = ncap;
    return SEAM_OK;
}

char *seam_strdup(const char *s)
{
    return s ? strdup(s) : NULL;
}

char *seam_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *buf = malloc((size_t)n + 1);
    if (!buf)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(buf, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return buf;
}

const char *seam_service_kind_name(seam_service_kind kind)
{
    switch (kind) {
    case SEAM_SERVICE_KIND_SERVICE:
        return "service";
    case SEAM_SERVICE_KIND_SHARED_LIBRARY:
        return "shared_library";
    }
    return NULL;
}

int seam_service_kind_parse(const char *name)
{
    if (name && strcmp(name, "service") == 0)
        return SEAM_SERVICE_KIND_SERVICE;
    if (name && strcmp(name, "shared_library") == 0)
        return SEAM_SERVICE_KIND_SHARED_LIBRARY;
    return -1;
}

const char *seam_dialect_name(seam_dialect dialect)
{
    switch (dialect) {
    case SEAM_DIALECT_SQLITE:
        return "sqlite";
    case SEAM_DIALECT_POSTGRESQL:
        return "postgresql";
    case SEAM_DIALECT_NONE:
        break;
    }
    return NULL;
}

int seam_dialect_parse(const char *name)
{
    if (name && strcmp(name, "sqlite") == 0)
        return SEAM_DIALECT_SQLITE;
    if (name && strcmp(name, "postgresql") == 0)
        return SEAM_DIALECT_POSTGRESQL;
    return -1;
}
