/*
 * dead.c - functions no entry point reaches.
 *
 * Entry points, as the issue and the linker see them: every function named
 * main; every exported (non-static) function, since something outside the
 * analyzed files may call it; and every function referenced at file scope
 * (a dispatch table such as {"get", get_command}, a callback table). From
 * there, calls and the function references written inside function bodies
 * (a callback passed along) are followed. What is left is dead: static
 * functions that nothing live calls or references.
 *
 * A reference held by a dead function does not make its target live, and a
 * function the analyzer could not see referenced (through a macro it did not
 * expand, say) may be reported dead: the list is a review list, with a
 * reason per function.
 */
#include "decomposer_internal.h"
#include "sort.h"

#include <stdlib.h>
#include <string.h>

typedef struct arc {
    int from, to;
} arc;

static int cmp_arc(const void *x, const void *y)
{
    const arc *a = x, *b = y;
    if (a->from != b->from)
        return (a->from > b->from) - (a->from < b->from);
    return (a->to > b->to) - (a->to < b->to);
}

int dc_dead_find(const dc_graph *g, seam_model *out, seam_err *err)
{
    const seam_model *m = g->model;
    int nf = m->nfunctions, na = 0, rc = SEAM_OK;
    arc *arcs = calloc((size_t)m->ncalls + (size_t)m->nfunc_refs + 1, sizeof *arcs);
    int *first = calloc((size_t)nf + 2, sizeof *first);
    char *live = calloc((size_t)nf + 1, 1);
    char *mentioned = calloc((size_t)nf + 1, 1); /* called or referenced at all */
    int *queue = calloc((size_t)nf + 1, sizeof *queue);
    if (!arcs || !first || !live || !mentioned || !queue)
        goto oom;
    for (int i = 0; i < m->ncalls; i++) {
        arcs[na].from = m->calls[i].caller;
        arcs[na++].to = m->calls[i].callee;
        mentioned[m->calls[i].callee] = 1;
    }
    int head = 0, tail = 0;
    for (int i = 0; i < m->nfunc_refs; i++) {
        const seam_func_ref *r = &m->func_refs[i];
        mentioned[r->target] = 1;
        if (r->function >= 0) {
            arcs[na].from = r->function;
            arcs[na++].to = r->target;
        } else if (!live[r->target]) {
            live[r->target] = 1;
            queue[tail++] = r->target;
        }
    }
    for (int f = 0; f < nf; f++) {
        const seam_function *fn = &m->functions[f];
        if (!live[f] && (!fn->is_static || (fn->name && strcmp(fn->name, "main") == 0))) {
            live[f] = 1;
            queue[tail++] = f;
        }
    }
    seam_sort(arcs, (size_t)na, sizeof *arcs, cmp_arc);
    /* first[f] .. first[f + 1]: the arcs leaving f (counting sort offsets). */
    for (int i = 0; i < na; i++)
        first[arcs[i].from + 1]++;
    for (int f = 0; f < nf; f++)
        first[f + 1] += first[f];
    while (head < tail) {
        int f = queue[head++];
        for (int i = first[f]; i < first[f + 1]; i++)
            if (!live[arcs[i].to]) {
                live[arcs[i].to] = 1;
                queue[tail++] = arcs[i].to;
            }
    }
    int n = 0;
    for (int f = 0; f < nf; f++)
        n += !live[f];
    out->dead_functions = calloc((size_t)n + 1, sizeof *out->dead_functions);
    if (!out->dead_functions)
        goto oom;
    for (int f = 0; f < nf; f++) {
        if (live[f])
            continue;
        seam_dead_function *d = &out->dead_functions[out->ndead_functions++];
        d->function = f;
        d->reason = seam_strdup(mentioned[f] ? "static, called or referenced only from dead code"
                                             : "static, never called or referenced");
        if (!d->reason)
            goto oom;
    }
    goto done;
oom:
    rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory finding dead code");
done:
    free(arcs);
    free(first);
    free(live);
    free(mentioned);
    free(queue);
    return rc;
}
