/*
 * owners.c - who owns each table name, looked up fast.
 *
 * Every stage asks "whose table is this?" for every table of every SQL
 * site, and "which function of its owner reads it?" for many; asked of the
 * schema's and the services' lists each time, a plan of a big monolith
 * (thousands of tables, tens of thousands of sites) would take hours. So
 * the names are indexed once, sorted case-insensitively as the schema
 * compares them: a lookup is a binary search.
 *
 * A name's owner: the schema table's owner (the first service listing it,
 * by service order), or, for a name the schema lacks (no database was
 * inspected), the first service listing it.
 */
#include "planner_internal.h"
#include "sort.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int entry_cmp(const void *a, const void *b)
{
    const pl_name *x = a, *y = b;
    int c = strcasecmp(x->name, y->name);
    return c ? c : (x->order > y->order) - (x->order < y->order);
}

int pl_name_index(const pl_ctx *c, const char *name)
{
    int lo = 0, hi = c->nnames - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2, k = strcasecmp(c->names[mid].name, name);
        if (k == 0) {
            /* the first of equal names: the one that wins */
            while (mid > 0 && strcasecmp(c->names[mid - 1].name, name) == 0)
                mid--;
            return mid;
        }
        if (k < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

int pl_owner_of(const pl_ctx *c, const char *table)
{
    int k = table ? pl_name_index(c, table) : -1;
    return k >= 0 ? c->names[k].owner : -1;
}

int pl_reader_of(const pl_ctx *c, const char *table)
{
    int k = table ? pl_name_index(c, table) : -1;
    return k >= 0 ? c->names[k].reader : -1;
}

int pl_site_service(const pl_ctx *c, int site)
{
    int f = c->m->sql_sites[site].function;
    int s = f >= 0 && f < c->m->nfunctions ? c->fn_service[f] : -1;
    return s >= 0 && c->m->services[s].kind == SEAM_SERVICE_KIND_SERVICE ? s : -1;
}

int pl_touches(const pl_ctx *c, int s, const char *table)
{
    const pl_depend *d = &c->dep[s];
    int lo = 0, hi = d->ntouched - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2, k = strcasecmp(d->touched[mid], table);
        if (k == 0)
            return 1;
        if (k < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return 0;
}

static int name_cmp(const void *a, const void *b)
{
    return strcasecmp(*(char *const *)a, *(char *const *)b);
}

int pl_owners_index(pl_ctx *c)
{
    const seam_model *m = c->m;
    int n = m->schema.ntables, order = 0;
    for (int s = 0; s < m->nservices; s++)
        n += m->services[s].ntables;
    c->names = malloc((size_t)(n + 1) * sizeof *c->names);
    if (!c->names)
        return SEAM_ENOMEM;
    /* schema tables first (order decides between equal names), then the services' lists */
    for (int t = 0; t < m->schema.ntables; t++)
        c->names[c->nnames++] = (pl_name){m->schema.tables[t].name, c->table_owner[t], -1, order++};
    for (int s = 0; s < m->nservices; s++)
        for (int k = 0;
             m->services[s].kind == SEAM_SERVICE_KIND_SERVICE && k < m->services[s].ntables; k++)
            c->names[c->nnames++] = (pl_name){m->services[s].tables[k], s, -1, order++};
    seam_sort(c->names, (size_t)c->nnames, sizeof *c->names, entry_cmp);
    return SEAM_OK;
}

/*
 * Per service, the tables its SQL touches (sorted, for pl_touches); per
 * table name, the function of its owner's interface that only reads it,
 * first by name (pl_reader_of). Needs fn_service and the interfaces (depends.c).
 */
int pl_owners_uses(pl_ctx *c)
{
    const seam_model *m = c->m;
    for (int i = 0; i < m->nsql_sites; i++) {
        const seam_sql_site *s = &m->sql_sites[i];
        int a = pl_site_service(c, i);
        for (int t = 0; a >= 0 && t < s->ntables; t++) {
            pl_depend *d = &c->dep[a];
            if (seam_array_reserve(&d->touched, &d->captouched, d->ntouched + 1,
                                   sizeof *d->touched) < 0)
                return SEAM_ENOMEM;
            d->touched[d->ntouched++] = s->tables[t].table;
            /* a reader: the owner's interface function, the table read only */
            int k = pl_name_index(c, s->tables[t].table), f = s->function;
            if (k < 0 || s->tables[t].access != SEAM_READ || c->names[k].owner != a ||
                seam_sort_find_int(d->interface, d->ninterface, f) < 0)
                continue;
            if (c->names[k].reader < 0 ||
                strcmp(m->functions[f].name, m->functions[c->names[k].reader].name) < 0)
                c->names[k].reader = f;
        }
    }
    for (int s = 0; s < m->nservices; s++) {
        pl_depend *d = &c->dep[s];
        seam_sort(d->touched, (size_t)d->ntouched, sizeof *d->touched, name_cmp);
        int u = 0;
        for (int i = 0; i < d->ntouched; i++)
            if (u == 0 || strcasecmp(d->touched[u - 1], d->touched[i]) != 0)
                d->touched[u++] = d->touched[i];
        d->ntouched = u;
    }
    return SEAM_OK;
}
