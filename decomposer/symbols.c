/*
 * symbols.c - edges from what modules share besides calls: function
 * references, global variables and types (the analyzer's code facts).
 *
 *   ref     module-module  log2(1 + r), r = references from one module to the
 *                          other's functions, both directions (a callback
 *                          registered, a dispatch table entry: a call made
 *                          later, so it weighs like a call)
 *   global  module-module  log2(1 + s), s summed over the globals both touch:
 *                          2 when both write it (shared mutable state: the
 *                          strongest coupling there is), 1 when one writes
 *                          and the other only reads it. A global's defining
 *                          module counts as a writer (it initialises it). Two
 *                          readers are not tied to each other: both depend on
 *                          the writer. A global read by more than half of all
 *                          modules is infrastructure (a configuration), not a
 *                          domain's state: its reader edges are skipped.
 *   type    module-module  log2(1 + t), t = distinct types defined in one
 *                          module that functions of the other use (weak: a
 *                          shared struct is a compile-time contract)
 *
 * Edges inside one module say nothing about where to cut and are skipped.
 */
#include "decomposer_internal.h"
#include "sort.h"

#include <math.h>
#include <stdlib.h>

static int module_of_function(const dc_graph *g, int fn)
{
    return g->file_module[g->model->functions[fn].file];
}

/*
 * One edge of kind per node pair of tmp onto l, log2(1 + the pair's raw values
 * summed): the graph's merge sums per pair too, but takes the log for calls
 * only, so these kinds sum here first. Sorts tmp.
 */
static int push_log_sums(dc_kedges *tmp, dc_kedges *l, int kind)
{
    seam_sort(tmp->v, (size_t)tmp->n, sizeof *tmp->v, dc_kedges_cmp);
    for (int i = 0; i < tmp->n;) {
        int j = i;
        double sum = 0;
        while (j < tmp->n && tmp->v[j].a == tmp->v[i].a && tmp->v[j].b == tmp->v[i].b)
            sum += tmp->v[j++].raw;
        if (dc_kedges_push(l, tmp->v[i].a, tmp->v[i].b, kind, log2(1.0 + sum)))
            return SEAM_ENOMEM;
        i = j;
    }
    return SEAM_OK;
}

static int ref_edges(const dc_graph *g, dc_kedges *l)
{
    const seam_model *m = g->model;
    dc_kedges tmp = {NULL, 0, 0};
    int rc = SEAM_OK;
    for (int i = 0; i < m->nfunc_refs && rc == SEAM_OK; i++) {
        const seam_func_ref *r = &m->func_refs[i];
        int from = g->file_module[r->file], to = module_of_function(g, r->target);
        if (from != to && r->count > 0)
            rc = dc_kedges_push(&tmp, from, to, DECOMPOSER_REF, r->count);
    }
    if (rc == SEAM_OK)
        rc = push_log_sums(&tmp, l, DECOMPOSER_REF);
    free(tmp.v);
    return rc;
}

/* Per global: its touching modules with access bits, as (global, module) pairs. */
static int global_edges(const dc_graph *g, dc_kedges *l)
{
    const seam_model *m = g->model;
    seam_int_pair *u = calloc((size_t)m->nglobal_uses + (size_t)m->nglobals + 1, sizeof *u);
    int *acc = NULL, nu = 0, rc = SEAM_OK;
    dc_kedges tmp = {NULL, 0, 0};
    if (!u)
        return SEAM_ENOMEM;
    /* a = global, b = module * 2 + writes: sorting groups a global's modules. */
    for (int i = 0; i < m->nglobals; i++) {
        u[nu].a = i;
        u[nu++].b = g->file_module[m->globals[i].file] * 2 + 1;
    }
    for (int i = 0; i < m->nglobal_uses; i++) {
        const seam_global_use *gu = &m->global_uses[i];
        u[nu].a = gu->global;
        u[nu++].b = module_of_function(g, gu->function) * 2 + ((gu->access & SEAM_WRITE) ? 1 : 0);
    }
    seam_sort(u, (size_t)nu, sizeof *u, seam_cmp_int_pair);
    acc = calloc((size_t)g->nmodules + 1, sizeof *acc);
    int *mods = calloc((size_t)g->nmodules + 1, sizeof *mods);
    if (!acc || !mods) {
        free(mods);
        rc = SEAM_ENOMEM;
        goto done;
    }
    for (int i = 0; i < nu && rc == SEAM_OK;) {
        int j = i, nm = 0;
        /* Distinct modules of this global, each with 1 (reads) or 2 (writes). */
        for (; j < nu && u[j].a == u[i].a; j++) {
            int mod = u[j].b / 2, w = u[j].b % 2 ? 2 : 1;
            if (nm && mods[nm - 1] == mod) {
                if (w > acc[mod])
                    acc[mod] = w;
            } else {
                mods[nm++] = mod;
                acc[mod] = w;
            }
        }
        int readers = 0;
        for (int k = 0; k < nm; k++)
            readers += acc[mods[k]] == 1;
        int infrastructure = 2 * readers > g->nmodules;
        for (int a = 0; a < nm && rc == SEAM_OK; a++)
            for (int b = a + 1; b < nm && rc == SEAM_OK; b++) {
                int wa = acc[mods[a]], wb = acc[mods[b]];
                double s = (wa == 2 && wb == 2) ? 2.0 : (wa == 2 || wb == 2) ? 1.0 : 0.0;
                if (s == 1.0 && infrastructure)
                    s = 0;
                if (s > 0)
                    rc = dc_kedges_push(&tmp, mods[a], mods[b], DECOMPOSER_GLOBAL, s);
            }
        i = j;
    }
    free(mods);
    if (rc == SEAM_OK)
        rc = push_log_sums(&tmp, l, DECOMPOSER_GLOBAL);
done:
    free(tmp.v);
    free(u);
    free(acc);
    return rc;
}

/* Distinct (user module, type) pairs, then per (user, definer) module pair the count. */
static int type_edges(const dc_graph *g, dc_kedges *l)
{
    const seam_model *m = g->model;
    seam_int_pair *u = calloc((size_t)m->ntype_uses + 1, sizeof *u);
    int nu = 0, rc = SEAM_OK;
    dc_kedges tmp = {NULL, 0, 0};
    if (!u)
        return SEAM_ENOMEM;
    for (int i = 0; i < m->ntype_uses; i++) {
        u[nu].a = module_of_function(g, m->type_uses[i].function);
        u[nu++].b = m->type_uses[i].type;
    }
    seam_sort(u, (size_t)nu, sizeof *u, seam_cmp_int_pair);
    for (int i = 0; i < nu && rc == SEAM_OK; i++) {
        if (i && u[i].a == u[i - 1].a && u[i].b == u[i - 1].b)
            continue;
        int definer = g->file_module[m->types[u[i].b].file];
        if (definer != u[i].a)
            rc = dc_kedges_push(&tmp, u[i].a, definer, DECOMPOSER_TYPE, 1.0);
    }
    if (rc == SEAM_OK)
        rc = push_log_sums(&tmp, l, DECOMPOSER_TYPE);
    free(tmp.v);
    free(u);
    return rc;
}

int dc_symbols_edges(const dc_graph *g, dc_kedges *out, seam_err *err)
{
    if (ref_edges(g, out) || global_edges(g, out) || type_edges(g, out))
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory weighing shared symbols");
    return SEAM_OK;
}
