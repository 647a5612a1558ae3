/*
 * steps.c - the plan's step list: every stage appends steps here, names the
 * steps each one comes after, and lists the code it changes; at the end the
 * steps are numbered and each one's code sites sorted.
 *
 * Steps are referred to by index, never by pointer: the array grows as the
 * stages append. A step's id is "<kind>:<service>[:<object>]", stable across
 * runs and readable in depends_on; a repeat gets "#2", "#3".
 */
#include "planner_internal.h"
#include "sort.h"

#include <stdlib.h>
#include <string.h>

int pl_step_find(const pl_ctx *c, const char *id)
{
    for (int i = 0; i < c->m->nplan; i++)
        if (strcmp(c->m->plan[i].id, id) == 0)
            return i;
    return -1;
}

int pl_step_add(pl_ctx *c, int stage, const char *kind, const char *service, const char *object,
                char *detail)
{
    seam_model *m = c->m;
    char *id = object ? seam_printf("%s:%s:%s", kind, service, object)
                      : seam_printf("%s:%s", kind, service);
    for (int k = 2; id && pl_step_find(c, id) >= 0; k++) {
        char *again = object ? seam_printf("%s:%s:%s#%d", kind, service, object, k)
                             : seam_printf("%s:%s#%d", kind, service, k);
        free(id);
        id = again;
    }
    if (!detail || !id || seam_array_reserve(&m->plan, &c->cap, m->nplan + 1, sizeof *m->plan)) {
        free(detail);
        free(id);
        return -1;
    }
    seam_plan_step *st = &m->plan[m->nplan];
    memset(st, 0, sizeof *st);
    st->stage = stage;
    st->id = id;
    st->detail = detail;
    st->kind = seam_strdup(kind);
    st->service = seam_strdup(service);
    st->risk = seam_strdup("low");
    m->nplan++; /* counted before checking, so that seam_model_free releases it */
    return st->kind && st->service && st->risk ? m->nplan - 1 : -1;
}

int pl_step_after(pl_ctx *c, int step, const char *id)
{
    seam_plan_step *st = &c->m->plan[step];
    if (!id || strcmp(st->id, id) == 0)
        return SEAM_OK;
    for (int i = 0; i < st->ndepends_on; i++)
        if (strcmp(st->depends_on[i], id) == 0)
            return SEAM_OK;
    char **v = realloc(st->depends_on, (size_t)(st->ndepends_on + 1) * sizeof *v);
    if (!v)
        return SEAM_ENOMEM;
    st->depends_on = v;
    if (!(v[st->ndepends_on] = seam_strdup(id)))
        return SEAM_ENOMEM;
    st->ndepends_on++;
    return SEAM_OK;
}

int pl_step_after_table(pl_ctx *c, int step, const char *table)
{
    int o = pl_owner_of(c, table);
    if (o < 0)
        return SEAM_OK;
    char *id = seam_printf("move_table:%s:%s", c->m->services[o].name, table);
    int rc = !id ? SEAM_ENOMEM : pl_step_find(c, id) >= 0 ? pl_step_after(c, step, id) : SEAM_OK;
    free(id);
    return rc;
}

/* Appends a code site (sql taken when not NULL). */
static int site_push(seam_plan_step *st, seam_plan_site site)
{
    /* repeats are dropped when the steps are finished: a step may list thousands */
    seam_plan_site *v = realloc(st->code_sites, (size_t)(st->ncode_sites + 1) * sizeof *v);
    if (!v) {
        free(site.sql);
        return SEAM_ENOMEM;
    }
    st->code_sites = v;
    v[st->ncode_sites++] = site;
    st->effort_sites = st->ncode_sites;
    return SEAM_OK;
}

int pl_step_site(pl_ctx *c, int step, int site)
{
    const seam_sql_site *s = &c->m->sql_sites[site];
    char *sql = s->sql ? seam_strdup(s->sql) : NULL;
    if (s->sql && !sql)
        return SEAM_ENOMEM;
    return site_push(&c->m->plan[step], (seam_plan_site){s->file, s->line, s->function, sql});
}

int pl_step_function(pl_ctx *c, int step, int f)
{
    const seam_function *fn = &c->m->functions[f];
    return site_push(&c->m->plan[step], (seam_plan_site){fn->file, fn->line, f, NULL});
}

/* Replaces *slot with text (taken). */
static int set_text(char **slot, char *text)
{
    if (!text)
        return SEAM_ENOMEM;
    free(*slot);
    *slot = text;
    return SEAM_OK;
}

int pl_step_sql(pl_ctx *c, int step, char *sql)
{
    return set_text(&c->m->plan[step].sql, sql);
}

int pl_step_note(pl_ctx *c, int step, char *note)
{
    return set_text(&c->m->plan[step].sql_note, note);
}

int pl_step_why(pl_ctx *c, int step, char *rationale)
{
    return set_text(&c->m->plan[step].rationale, rationale);
}

int pl_step_risk(pl_ctx *c, int step, const char *risk)
{
    return set_text(&c->m->plan[step].risk, seam_strdup(risk));
}

void pl_step_table(pl_ctx *c, int step, const char *table)
{
    seam_plan_step *st = &c->m->plan[step];
    st->effort_tables++;
    int t = seam_schema_find_table(&c->m->schema, table);
    if (t < 0 || !c->m->schema.tables[t].has_estimates)
        return;
    const seam_table *tb = &c->m->schema.tables[t];
    st->has_size = 1;
    st->effort_rows += tb->row_estimate > 0 ? tb->row_estimate : 0;
    st->effort_bytes += tb->size_bytes > 0 ? tb->size_bytes : 0;
}

/* model->files is sorted by path, so file indices sort as paths do. */
static int site_cmp(const void *a, const void *b)
{
    const seam_plan_site *x = a, *y = b;
    if (x->file != y->file)
        return (x->file > y->file) - (x->file < y->file);
    if (x->line != y->line)
        return (x->line > y->line) - (x->line < y->line);
    if (x->function != y->function)
        return (x->function > y->function) - (x->function < y->function);
    return strcmp(x->sql ? x->sql : "", y->sql ? y->sql : "");
}

void pl_steps_finish(pl_ctx *c)
{
    for (int i = 0; i < c->m->nplan; i++) {
        seam_plan_step *st = &c->m->plan[i];
        st->order = i + 1;
        seam_sort(st->code_sites, (size_t)st->ncode_sites, sizeof *st->code_sites, site_cmp);
        int u = 0;
        for (int k = 0; k < st->ncode_sites; k++) {
            if (u > 0 && site_cmp(&st->code_sites[u - 1], &st->code_sites[k]) == 0) {
                free(st->code_sites[k].sql);
                continue;
            }
            st->code_sites[u++] = st->code_sites[k];
        }
        st->ncode_sites = st->effort_sites = u;
    }
}
