/*
 * joins.c - the tables the code's SQL joins, and the foreign keys they imply.
 *
 * Every SQL site's text goes through the analyzer's join finder
 * (sql_joins_find: libpg_query, placeholders masked as for table
 * resolution), giving column equalities between two different tables:
 * "JOIN customers c ON c.id = o.customer_id", "WHERE p.order_id = o.id".
 *
 * A join between tables that a declared foreign key links (either way, any
 * columns) is the schema's own relation, already an fk edge. A join between
 * tables no declared key links is an IMPLIED foreign key: legacy schemas
 * often declare none, and schema tools miss them. Implied keys are grouped
 * by (tables, columns) with the sites that imply them, and each is one
 * implied_fk edge (raw 1, like a declared key: a key is a key, however many
 * queries use it).
 *
 * Direction: the side whose column is its table's whole primary key is the
 * referenced one ("orders.customer_id -> customers.id"); when the schema
 * does not say (no such table or key), a column named "id" is taken as the
 * referenced one; otherwise the pair stays in name order.
 */
#include "dc.h"
#include "sql_tables.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* 1 when column is the whole primary key of table t (or, with no key known, is "id"). */
static int is_key(const dc_graph *g, int t, const char *column)
{
    const seam_schema *s = &g->model->schema;
    int st = seam_schema_find_table(s, g->tables[t]);
    if (st >= 0 && s->tables[st].nprimary_key > 0)
        return s->tables[st].nprimary_key == 1 && s->tables[st].primary_key[0] &&
               strcasecmp(s->tables[st].primary_key[0], column) == 0;
    return strcasecmp(column, "id") == 0;
}

static int declared_between(const dc_graph *g, int a, int b)
{
    const seam_schema *s = &g->model->schema;
    for (int i = 0; i < s->nforeign_keys; i++) {
        int from = dc_graph_find_table(g, s->foreign_keys[i].from_table);
        int to = dc_graph_find_table(g, s->foreign_keys[i].to_table);
        if ((from == a && to == b) || (from == b && to == a))
            return 1;
    }
    return 0;
}

static int add_site_joins(dc_graph *g, int site, int *cap, seam_err *err)
{
    const seam_sql_site *s = &g->model->sql_sites[site];
    sql_join *j = NULL;
    int n = 0;
    int rc = sql_joins_find(s->sql, &g->model->schema, &j, &n, err);
    if (rc)
        return rc;
    for (int i = 0; i < n && rc == SEAM_OK; i++) {
        int ta = dc_graph_find_table(g, j[i].left_table);
        int tb = dc_graph_find_table(g, j[i].right_table);
        if (ta < 0 || tb < 0 || ta == tb)
            continue; /* a view, a CTE-like name we do not know, or one table */
        const char *ca = j[i].left_column, *cb = j[i].right_column;
        if (ta > tb) {
            int t = ta;
            const char *c = ca;
            ta = tb, ca = cb, tb = t, cb = c;
        }
        if (seam_array_reserve(&g->joins, cap, g->njoins + 1, sizeof *g->joins)) {
            rc = SEAM_ENOMEM;
            break;
        }
        dc_join *d = &g->joins[g->njoins];
        d->site = site;
        d->ta = ta;
        d->tb = tb;
        d->ca = seam_strdup(ca);
        d->cb = seam_strdup(cb);
        d->declared = declared_between(g, ta, tb);
        g->njoins++;
        if (!d->ca || !d->cb)
            rc = SEAM_ENOMEM;
    }
    sql_joins_free(j, n);
    if (rc)
        return seam_err_set(err, rc, "decomposer: out of memory collecting SQL joins");
    return SEAM_OK;
}

/* Orders two joins by implied key identity: tables, then columns. */
static int cmp_key(const dc_join *a, const dc_join *b)
{
    if (a->ta != b->ta)
        return (a->ta > b->ta) - (a->ta < b->ta);
    if (a->tb != b->tb)
        return (a->tb > b->tb) - (a->tb < b->tb);
    int c = strcmp(a->ca, b->ca);
    return c ? c : strcmp(a->cb, b->cb);
}

static int cmp_join_ptr(const void *x, const void *y)
{
    const dc_join *a = *(dc_join *const *)x, *b = *(dc_join *const *)y;
    int c = cmp_key(a, b);
    return c ? c : (a->site > b->site) - (a->site < b->site);
}

static int cmp_implied(const void *x, const void *y)
{
    const dc_implied *a = x, *b = y;
    if (a->from != b->from)
        return (a->from > b->from) - (a->from < b->from);
    if (a->to != b->to)
        return (a->to > b->to) - (a->to < b->to);
    int c = strcmp(a->from_col, b->from_col);
    return c ? c : strcmp(a->to_col, b->to_col);
}

static int group_implied(dc_graph *g)
{
    dc_join **v = calloc((size_t)g->njoins + 1, sizeof *v);
    int nv = 0;
    if (!v)
        return SEAM_ENOMEM;
    for (int i = 0; i < g->njoins; i++)
        if (!g->joins[i].declared)
            v[nv++] = &g->joins[i];
    qsort(v, (size_t)nv, sizeof *v, cmp_join_ptr);
    int cap = 0, rc = SEAM_OK;
    for (int i = 0; i < nv && rc == SEAM_OK;) {
        int j = i;
        while (j < nv && cmp_key(v[i], v[j]) == 0)
            j++;
        if (seam_array_reserve(&g->implied, &cap, g->nimplied + 1, sizeof *g->implied)) {
            rc = SEAM_ENOMEM;
            break;
        }
        dc_implied *im = &g->implied[g->nimplied++];
        const dc_join *d = v[i];
        /* The referenced side is the key side; ta first when that cannot be told. */
        int swap = !is_key(g, d->tb, d->cb) && is_key(g, d->ta, d->ca);
        im->from = swap ? d->tb : d->ta;
        im->to = swap ? d->ta : d->tb;
        im->from_col = swap ? d->cb : d->ca;
        im->to_col = swap ? d->ca : d->cb;
        im->sites = calloc((size_t)(j - i) + 1, sizeof *im->sites);
        if (!im->sites) {
            rc = SEAM_ENOMEM;
            break;
        }
        for (int k = i; k < j; k++)
            if (im->nsites == 0 || im->sites[im->nsites - 1] != v[k]->site)
                im->sites[im->nsites++] = v[k]->site;
        i = j;
    }
    free(v);
    if (rc == SEAM_OK && g->nimplied > 1)
        qsort(g->implied, (size_t)g->nimplied, sizeof *g->implied, cmp_implied);
    return rc;
}

int dc_joins_collect(dc_graph *g, seam_err *err)
{
    int cap = 0;
    for (int i = 0; i < g->model->nsql_sites; i++) {
        int rc = add_site_joins(g, i, &cap, err);
        if (rc)
            return rc;
    }
    if (group_implied(g))
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory grouping implied keys");
    return SEAM_OK;
}

int dc_joins_edges(const dc_graph *g, dc_kedges *out)
{
    for (int i = 0; i < g->nimplied; i++)
        if (dc_kedges_push(out, g->nmodules + g->implied[i].from, g->nmodules + g->implied[i].to,
                           DECOMPOSER_IMPLIED_FK, 1.0))
            return SEAM_ENOMEM;
    return SEAM_OK;
}
