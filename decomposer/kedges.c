/*
 * kedges.c - the list of per-kind edges every edge source appends to
 * (symbols.c, joins.c, naming_edges.c, cochange.c, graph.c's own kinds), and
 * its order: (a, b, kind), the order graph.c merges and explain.c searches.
 */
#include "decomposer_internal.h"

#include <stdlib.h>

int dc_kedges_push(dc_kedges *l, int a, int b, int kind, double raw)
{
    if (seam_array_reserve(&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return SEAM_ENOMEM;
    dc_kedge *e = &l->v[l->n++];
    e->a = a < b ? a : b;
    e->b = a < b ? b : a;
    e->kind = kind;
    e->raw = raw;
    e->w = 0;
    return SEAM_OK;
}

int dc_kedges_cmp(const void *x, const void *y)
{
    const dc_kedge *p = x, *q = y;
    if (p->a != q->a)
        return (p->a > q->a) - (p->a < q->a);
    if (p->b != q->b)
        return (p->b > q->b) - (p->b < q->b);
    return (p->kind > q->kind) - (p->kind < q->kind);
}
