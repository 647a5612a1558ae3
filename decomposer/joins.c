/*
 * joins.c - the tables the code's SQL joins, and the foreign keys they imply.
 *
 * Every SQL site's text goes through sql/'s join finder
 * (sql_resolver_joins: libpg_query, placeholders masked as for table
 * resolution), giving column equalities between two different tables:
 * "JOIN customers c ON c.id = o.customer_id", "WHERE p.order_id = o.id".
 *
 * A join between tables that a declared foreign key links (either way, any
 * columns) is the schema's own relation, already an fk edge. A join between
 * tables no declared key links, on columns that cover a KEY of one of them,
 * is an IMPLIED foreign key (group_implied): legacy schemas often declare
 * none, and schema tools miss them. The key side is the referenced one
 * ("orders.customer_id -> customers.id"); composite keys are matched whole
 * ("reservations(product_id, warehouse_id) -> stock_levels(product_id,
 * warehouse_id)"). Implied keys are grouped by (tables, columns) with the
 * sites that imply them, and each is one implied_fk edge (raw 1, like a
 * declared key: a key is a key, however many queries use it).
 */
#include "decomposer_internal.h"
#include "sql.h"
#include "sort.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/*
 * The keys of table t: its primary key and unique constraints as the schema
 * has them; with none known (no such table, or neither declared), the single
 * column "id", the legacy convention. Calls fn(key columns, count, ctx) for
 * each until it returns nonzero; returns that value.
 */
static int for_each_key(const dc_graph *g, int t, int (*fn)(char *const *, int, void *), void *ctx)
{
    const seam_schema *s = &g->model->schema;
    int st = seam_schema_find_table(s, g->tables[t]);
    if (st >= 0 && (s->tables[st].nprimary_key > 0 || s->tables[st].nuniques > 0)) {
        const seam_table *tb = &s->tables[st];
        int r = tb->nprimary_key > 0 ? fn(tb->primary_key, tb->nprimary_key, ctx) : 0;
        for (int u = 0; !r && u < tb->nuniques; u++)
            if (tb->uniques[u].ncolumns > 0)
                r = fn(tb->uniques[u].columns, tb->uniques[u].ncolumns, ctx);
        return r;
    }
    static char id[] = "id";
    char *const key[] = {id};
    return fn(key, 1, ctx);
}

/* Matching one side of a site's joins between two tables against a key of that side. */
typedef struct key_match {
    const dc_join *const *pairs; /* the site's joins between the two tables */
    int npairs;
    int side;               /* 0: the key is ta's (match ca), 1: tb's (match cb) */
    char *key_cols, *other; /* on success: "c1, c2" of the key side and of the other (owned) */
} key_match;

static char *append_col(char *list, const char *col)
{
    char *next = seam_printf("%s%s%s", list ? list : "", list ? ", " : "", col);
    free(list);
    return next;
}

/* 1 when every key column is joined (then the columns in key order are kept), else 0. */
static int match_key(char *const *key, int n, void *ctx)
{
    key_match *km = ctx;
    char *kc = NULL, *oc = NULL;
    for (int k = 0; k < n; k++) {
        const dc_join *hit = NULL;
        for (int i = 0; i < km->npairs && !hit; i++) {
            const char *col = km->side ? km->pairs[i]->cb : km->pairs[i]->ca;
            if (key[k] && strcasecmp(col, key[k]) == 0)
                hit = km->pairs[i];
        }
        if (!hit) {
            free(kc);
            free(oc);
            return 0;
        }
        kc = append_col(kc, km->side ? hit->cb : hit->ca);
        oc = append_col(oc, km->side ? hit->ca : hit->cb);
        if (!kc || !oc) {
            free(kc);
            free(oc);
            return -1;
        }
    }
    km->key_cols = kc;
    km->other = oc;
    return 1;
}

static int declared_between(const dc_graph *g, int a, int b)
{
    const seam_schema *s = &g->model->schema;
    for (int i = 0; i < s->nforeign_keys; i++) {
        int from = dc_facts_find_table(g, s->foreign_keys[i].from_table);
        int to = dc_facts_find_table(g, s->foreign_keys[i].to_table);
        if ((from == a && to == b) || (from == b && to == a))
            return 1;
    }
    return 0;
}

/* Site site's joins j (n of them) as graph joins between known tables. */
static int add_site_joins(dc_graph *g, int site, const sql_join *j, int n, int *cap)
{
    int rc = SEAM_OK;
    for (int i = 0; i < n && rc == SEAM_OK; i++) {
        int ta = dc_facts_find_table(g, j[i].left_table);
        int tb = dc_facts_find_table(g, j[i].right_table);
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
    return rc;
}

/* A site's text, for finding the joins of each distinct text once. */
typedef struct site_text {
    const char *sql;
    int site;
} site_text;

static int cmp_site_text(const void *x, const void *y)
{
    const site_text *a = x, *b = y;
    int c = strcmp(a->sql, b->sql);
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

/* One site's implied key between ta and tb, appended to *cand (one site each), if any. */
static int site_candidate(dc_graph *g, const dc_join *const *pairs, int n, dc_implied **cand,
                          int *ncand, int *cap)
{
    key_match km = {pairs, n, 1, NULL, NULL};
    int ta = pairs[0]->ta, tb = pairs[0]->tb;
    /* The referenced side is the key side: tb's keys first, then ta's. */
    int r = for_each_key(g, tb, match_key, &km);
    if (r == 0) {
        km.side = 0;
        r = for_each_key(g, ta, match_key, &km);
    }
    if (r < 0)
        return SEAM_ENOMEM;
    if (r == 0)
        return SEAM_OK; /* no side's key is joined: a join on a shared column, not a key */
    if (seam_array_reserve(cand, cap, *ncand + 1, sizeof **cand) ||
        !((*cand)[*ncand].sites = malloc(sizeof(int)))) {
        free(km.key_cols);
        free(km.other);
        return SEAM_ENOMEM;
    }
    dc_implied *im = &(*cand)[(*ncand)++];
    im->from = km.side ? ta : tb;
    im->to = km.side ? tb : ta;
    im->from_col = km.other;
    im->to_col = km.key_cols;
    im->sites[0] = pairs[0]->site;
    im->nsites = 1;
    return SEAM_OK;
}

/*
 * Implied keys: per SQL site and table pair with no declared key, the join
 * columns covering a key of one side (its primary key or a unique
 * constraint; "id" when the schema knows neither) make one candidate; equal
 * candidates of different sites merge into one implied key with all their
 * sites. Joins on a column both tables merely share (two tables referencing
 * a third) cover no key and imply nothing.
 */
static int group_implied(dc_graph *g)
{
    dc_implied *cand = NULL;
    int ncand = 0, cap = 0, icap = 0, rc = SEAM_OK;
    const dc_join **pairs = calloc((size_t)g->njoins + 1, sizeof *pairs);
    if (!pairs)
        return SEAM_ENOMEM;
    /* Joins are in site order; within a site, group by table pair (a few: quadratic is fine). */
    for (int i = 0; i < g->njoins && rc == SEAM_OK;) {
        int j = i;
        while (j < g->njoins && g->joins[j].site == g->joins[i].site)
            j++;
        char *done = calloc((size_t)(j - i) + 1, 1);
        if (!done) {
            rc = SEAM_ENOMEM;
            break;
        }
        for (int a = i; a < j && rc == SEAM_OK; a++) {
            if (done[a - i] || g->joins[a].declared)
                continue;
            int n = 0;
            for (int b = a; b < j; b++)
                if (g->joins[b].ta == g->joins[a].ta && g->joins[b].tb == g->joins[a].tb) {
                    pairs[n++] = &g->joins[b];
                    done[b - i] = 1;
                }
            rc = site_candidate(g, pairs, n, &cand, &ncand, &cap);
        }
        free(done);
        i = j;
    }
    free(pairs);
    if (rc == SEAM_OK && ncand > 1)
        seam_sort(cand, (size_t)ncand, sizeof *cand, cmp_implied);
    /* Merge equal candidates: sites ascend within equal keys (stable by site order). */
    for (int i = 0; i < ncand && rc == SEAM_OK;) {
        int j = i;
        while (j < ncand && cmp_implied(&cand[i], &cand[j]) == 0)
            j++;
        int *sites = calloc((size_t)(j - i) + 1, sizeof *sites), n = 0;
        if (!sites || seam_array_reserve(&g->implied, &icap, g->nimplied + 1, sizeof *g->implied)) {
            free(sites);
            rc = SEAM_ENOMEM;
            break;
        }
        for (int k = i; k < j; k++)
            sites[n++] = cand[k].sites[0];
        int u = seam_sort_unique_int(sites, n);
        dc_implied *im = &g->implied[g->nimplied++];
        *im = cand[i];
        im->sites = sites;
        im->nsites = u;
        cand[i].from_col = cand[i].to_col = NULL; /* moved */
        i = j;
    }
    for (int i = 0; i < ncand; i++) {
        free(cand[i].from_col);
        free(cand[i].to_col);
        free(cand[i].sites);
    }
    free(cand);
    return rc;
}

/*
 * The joins of every site, in site order (group_implied wants them so). Code sends the
 * same statement from many places: each distinct text is parsed once.
 */
static int collect_site_joins(dc_graph *g, seam_err *err)
{
    int ns = g->model->nsql_sites, cap = 0;
    site_text *order = calloc((size_t)ns + 1, sizeof *order);
    int *text_of = calloc((size_t)ns + 1, sizeof *text_of);
    sql_join **found = calloc((size_t)ns + 1, sizeof *found);
    int *nfound = calloc((size_t)ns + 1, sizeof *nfound);
    sql_resolver *r = NULL;
    int rc = !order || !text_of || !found || !nfound ? SEAM_ENOMEM
                                                     : sql_resolver_new(&r, &g->model->schema, err);
    for (int i = 0; rc == SEAM_OK && i < ns; i++)
        order[i] = (site_text){g->model->sql_sites[i].sql ? g->model->sql_sites[i].sql : "", i};
    if (rc == SEAM_OK)
        seam_sort(order, (size_t)ns, sizeof *order, cmp_site_text);
    int ntexts = 0;
    for (int i = 0; rc == SEAM_OK && i < ns; i++) {
        if (i == 0 || strcmp(order[i].sql, order[i - 1].sql) != 0) {
            rc = sql_resolver_joins(r, order[i].sql, &found[ntexts], &nfound[ntexts], err);
            ntexts++;
        }
        text_of[order[i].site] = ntexts - 1;
    }
    for (int i = 0; rc == SEAM_OK && i < ns; i++)
        rc = add_site_joins(g, i, found[text_of[i]], nfound[text_of[i]], &cap);
    for (int k = 0; found && nfound && k < ntexts; k++)
        sql_joins_free(found[k], nfound[k]);
    sql_resolver_free(r);
    free(order);
    free(text_of);
    free(found);
    free(nfound);
    if (rc == SEAM_ENOMEM)
        return seam_err_set(err, rc, "decomposer: out of memory collecting SQL joins");
    return rc;
}

int dc_joins_collect(dc_graph *g, seam_err *err)
{
    int rc = collect_site_joins(g, err);
    if (rc)
        return rc;
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
