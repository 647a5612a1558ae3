/*
 * explain.c - what each proposed service is made of and why, in the model.
 *
 * For every service: its functions; its interface (its functions that code of
 * another service calls or references: the candidate API); the tables of
 * other services its SQL reads; its dependencies on each other service, out
 * and in (call expressions, function references, SQL sites on the other's
 * tables, and the coupling-graph weight between the two); its lines.
 *
 * For every module: its service and "why here": the three strongest edges
 * from it to nodes of its own service (modules, or tables the service owns),
 * each with its make-up by kind. For the schema: implied foreign keys with
 * the SQL sites implying them, and tables that SQL of several services
 * touches, with writers and readers; tables no service owns, with their size
 * and activity. And the edge kinds as they were used.
 *
 * All lists are built in a fixed order (indices ascending, names sorted), so
 * the output is the same for the same input.
 */
#include "decomposer_internal.h"
#include "sort.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define WHY_MAX 3

/* Service of a node: module by its service (-1 shared), table by owner. */
static int node_service(const dc_graph *g, const dc_partition *p, int node)
{
    return node < g->nmodules ? p->module_service[node] : p->table_service[node - g->nmodules];
}

static int fn_service(const dc_graph *g, const dc_partition *p, int fn)
{
    return p->module_service[g->file_module[g->model->functions[fn].file]];
}

/* ---- per service ---- */

static int add_int(int **v, int *n, int *cap, int x)
{
    if (seam_array_reserve(v, cap, *n + 1, sizeof **v))
        return SEAM_ENOMEM;
    (*v)[(*n)++] = x;
    return SEAM_OK;
}

/*
 * Functions and interface of every service in one pass each: functions[s] of
 * partition service s (index p->nservices: the shared libraries), ascending;
 * the interface of s is its functions called or referenced from another
 * (non-shared) service.
 */
static int all_functions(const dc_graph *g, const dc_partition *p, seam_model *model,
                         const int *index)
{
    const seam_model *m = g->model;
    int ns = p->nservices;
    int *cap = calloc((size_t)ns + 2, sizeof *cap), *icap = calloc((size_t)ns + 2, sizeof *icap);
    char *hit = calloc((size_t)m->nfunctions + 1, 1);
    int rc = cap && icap && hit ? SEAM_OK : SEAM_ENOMEM;
    for (int i = 0; rc == SEAM_OK && i < m->ncalls; i++) {
        int from = fn_service(g, p, m->calls[i].caller);
        int to = fn_service(g, p, m->calls[i].callee);
        if (from >= 0 && to >= 0 && from != to)
            hit[m->calls[i].callee] = 1;
    }
    for (int i = 0; rc == SEAM_OK && i < m->nfunc_refs; i++) {
        int from = p->module_service[g->file_module[m->func_refs[i].file]];
        int to = fn_service(g, p, m->func_refs[i].target);
        if (from >= 0 && to >= 0 && from != to)
            hit[m->func_refs[i].target] = 1;
    }
    for (int f = 0; rc == SEAM_OK && f < m->nfunctions; f++) {
        int mod = g->file_module[m->functions[f].file], s = p->module_service[mod];
        if (s < 0 && !g->shared[mod])
            continue;
        int k = s < 0 ? ns : s;
        if (k == ns && !g->nshared)
            continue;
        seam_service *out = &model->services[index[k]];
        rc = add_int(&out->functions, &out->nfunctions, &cap[k], f);
        if (!rc && hit[f] && s >= 0)
            rc = add_int(&out->interface, &out->ninterface, &icap[k], f);
    }
    free(cap);
    free(icap);
    free(hit);
    return rc;
}

/* Tables of other services each service reads: (service, table) pairs, sorted and unique. */
static int all_tables_read(const dc_graph *g, const dc_partition *p, seam_model *model,
                           const int *index)
{
    seam_int_pair *v = calloc((size_t)g->naccess + 1, sizeof *v);
    int n = 0, rc = SEAM_OK;
    if (!v)
        return SEAM_ENOMEM;
    for (int i = 0; i < g->naccess; i++) {
        const dc_access *a = &g->access[i];
        int s = p->module_service[a->module];
        if (s >= 0 && a->reads > 0 && p->table_service[a->table] != s) {
            v[n].a = s;
            v[n++].b = a->table;
        }
    }
    seam_sort(v, (size_t)n, sizeof *v, seam_cmp_int_pair);
    for (int i = 0; i < n && rc == SEAM_OK;) {
        int j = i;
        while (j < n && v[j].a == v[i].a)
            j++;
        seam_service *out = &model->services[index[v[i].a]];
        out->tables_read = calloc((size_t)(j - i) + 1, sizeof *out->tables_read);
        if (!out->tables_read) {
            rc = SEAM_ENOMEM;
            break;
        }
        /* Table indices follow the sorted names, so the list comes out sorted. */
        for (int k = i; k < j && rc == SEAM_OK; k++) {
            if (k > i && v[k].b == v[k - 1].b)
                continue;
            if (!(out->tables_read[out->ntables_read] = seam_strdup(g->tables[v[k].b])))
                rc = SEAM_ENOMEM;
            else
                out->ntables_read++;
        }
        i = j;
    }
    free(v);
    return rc;
}

/* One directed dependency between proposed services, summed (sparse: services can be many). */
typedef struct dep {
    int from, to;
    double weight;
    int calls, refs, sites;
} dep;

typedef struct dep_list_t {
    dep *v;
    int n, cap;
} dep_list_t;

static int dep_add(dep_list_t *l, int from, int to, double w, int calls, int refs, int sites)
{
    if (seam_array_reserve(&l->v, &l->cap, l->n + 1, sizeof *l->v))
        return SEAM_ENOMEM;
    dep *d = &l->v[l->n++];
    d->from = from;
    d->to = to;
    d->weight = w;
    d->calls = calls;
    d->refs = refs;
    d->sites = sites;
    return SEAM_OK;
}

static int cmp_dep_from(const void *x, const void *y)
{
    const dep *a = x, *b = y;
    if (a->from != b->from)
        return (a->from > b->from) - (a->from < b->from);
    return (a->to > b->to) - (a->to < b->to);
}

/* Every service pair's edge weight (both ways), calls, references and SQL sites, merged. */
static int deps_build(const dc_graph *g, const dc_partition *p, dep_list_t *l)
{
    const seam_model *m = g->model;
    for (int i = 0; i < g->nedges; i++) {
        int a = node_service(g, p, g->edges[i].a), b = node_service(g, p, g->edges[i].b);
        if (a >= 0 && b >= 0 && a != b &&
            (dep_add(l, a, b, g->edges[i].w, 0, 0, 0) || dep_add(l, b, a, g->edges[i].w, 0, 0, 0)))
            return SEAM_ENOMEM;
    }
    for (int i = 0; i < m->ncalls; i++) {
        int a = fn_service(g, p, m->calls[i].caller), b = fn_service(g, p, m->calls[i].callee);
        if (a >= 0 && b >= 0 && a != b && m->calls[i].count > 0 &&
            dep_add(l, a, b, 0, m->calls[i].count, 0, 0))
            return SEAM_ENOMEM;
    }
    for (int i = 0; i < m->nfunc_refs; i++) {
        int a = p->module_service[g->file_module[m->func_refs[i].file]];
        int b = fn_service(g, p, m->func_refs[i].target);
        if (a >= 0 && b >= 0 && a != b &&
            dep_add(l, a, b, 0, 0, m->func_refs[i].count > 0 ? m->func_refs[i].count : 1, 0))
            return SEAM_ENOMEM;
    }
    /* A SQL site counts once per other service whose tables it touches. */
    for (int i = 0; i < m->nsql_sites; i++) {
        const seam_sql_site *site = &m->sql_sites[i];
        int a = p->module_service[g->file_module[site->file]];
        for (int t = 0; a >= 0 && t < site->ntables; t++) {
            int ti = dc_facts_find_table(g, site->tables[t].table), dup = 0;
            int b = ti >= 0 ? p->table_service[ti] : -1;
            for (int u = 0; u < t && b >= 0; u++) {
                int tu = dc_facts_find_table(g, site->tables[u].table);
                dup |= tu >= 0 && p->table_service[tu] == b;
            }
            if (b >= 0 && b != a && !dup && dep_add(l, a, b, 0, 0, 0, 1))
                return SEAM_ENOMEM;
        }
    }
    if (l->n > 1)
        seam_sort(l->v, (size_t)l->n, sizeof *l->v, cmp_dep_from);
    int k = 0;
    for (int i = 0; i < l->n; i++) {
        if (k && l->v[k - 1].from == l->v[i].from && l->v[k - 1].to == l->v[i].to) {
            l->v[k - 1].weight += l->v[i].weight;
            l->v[k - 1].calls += l->v[i].calls;
            l->v[k - 1].refs += l->v[i].refs;
            l->v[k - 1].sites += l->v[i].sites;
        } else {
            l->v[k++] = l->v[i];
        }
    }
    l->n = k;
    return SEAM_OK;
}

/* Appends a dependency to a service's outbound or inbound list (only real dependencies). */
static int dep_emit(const dc_partition *p, const dep *d, int other, seam_dependency **list, int *n,
                    int *cap)
{
    if (!(d->calls || d->refs || d->sites))
        return SEAM_OK; /* weight alone (naming, co-change, FK): related, not dependent */
    if (seam_array_reserve(list, cap, *n + 1, sizeof **list))
        return SEAM_ENOMEM;
    seam_dependency *out = &(*list)[(*n)++];
    out->weight = d->weight;
    out->calls = d->calls;
    out->refs = d->refs;
    out->sql_sites = d->sites;
    return (out->service = seam_strdup(p->names[other])) ? SEAM_OK : SEAM_ENOMEM;
}

static int emit_deps(const dep_list_t *l, const dc_partition *p, seam_model *model,
                     const int *index)
{
    int *ocap = calloc((size_t)p->nservices + 1, sizeof *ocap);
    int *icap = calloc((size_t)p->nservices + 1, sizeof *icap);
    int rc = ocap && icap ? SEAM_OK : SEAM_ENOMEM;
    for (int i = 0; i < l->n && rc == SEAM_OK; i++) {
        const dep *d = &l->v[i];
        seam_service *from = &model->services[index[d->from]];
        seam_service *to = &model->services[index[d->to]];
        rc = dep_emit(p, d, d->to, &from->outbound, &from->noutbound, &ocap[d->from]);
        if (rc == SEAM_OK)
            rc = dep_emit(p, d, d->from, &to->inbound, &to->ninbound, &icap[d->to]);
    }
    free(ocap);
    free(icap);
    return rc;
}

static int cmp_dep(const void *x, const void *y)
{
    return strcmp(((const seam_dependency *)x)->service, ((const seam_dependency *)y)->service);
}

static int service_loc(const dc_graph *g, const seam_service *out)
{
    int loc = 0;
    for (int i = 0; i < out->nfiles; i++) {
        int f = seam_model_find_file(g->model, out->files[i]);
        if (f >= 0)
            loc += g->model->files[f].lines;
    }
    return loc;
}

/* ---- per module: why here ---- */

typedef struct cand {
    int node;
    double w;
} cand;

static int cmp_cand(const void *x, const void *y)
{
    const cand *a = x, *b = y;
    if (a->w != b->w)
        return a->w > b->w ? -1 : 1;
    return (a->node > b->node) - (a->node < b->node);
}

static const char *node_label(const dc_graph *g, int node)
{
    return node < g->nmodules ? dc_facts_module_label(g, node) : g->tables[node - g->nmodules];
}

/* "call 1.41 + naming 0.92": the kinds on pair (a, b), strongest first. */
static char *kinds_text(const dc_graph *g, int a, int b)
{
    int lo = a < b ? a : b, hi = a < b ? b : a;
    cand k[DECOMPOSER_NKINDS];
    int nk = 0;
    /* kedges are sorted by (a, b, kind): find the first of the pair. */
    int l = 0, h = g->nkedges;
    while (l < h) {
        int mid = l + (h - l) / 2;
        const dc_kedge *e = &g->kedges[mid];
        if (e->a < lo || (e->a == lo && e->b < hi))
            l = mid + 1;
        else
            h = mid;
    }
    for (int i = l;
         i < g->nkedges && g->kedges[i].a == lo && g->kedges[i].b == hi && nk < DECOMPOSER_NKINDS;
         i++) {
        k[nk].node = g->kedges[i].kind;
        k[nk++].w = g->kedges[i].w;
    }
    seam_sort(k, (size_t)nk, sizeof *k, cmp_cand);
    char *s = seam_strdup("");
    for (int i = 0; s && i < nk; i++) {
        char *next =
            seam_printf("%s%s%s %.2f", s, i ? " + " : "", decomposer_kind_name(k[i].node), k[i].w);
        free(s);
        s = next;
    }
    return s;
}

/* The edges of each node: adj[first[x] .. first[x + 1]) are indices into g->edges. */
typedef struct adjacency {
    int *first, *edge;
} adjacency;

static int adjacency_build(const dc_graph *g, adjacency *adj)
{
    int nn = dc_nnodes(g);
    adj->first = calloc((size_t)nn + 2, sizeof *adj->first);
    adj->edge = calloc(2 * (size_t)g->nedges + 1, sizeof *adj->edge);
    if (!adj->first || !adj->edge)
        return SEAM_ENOMEM;
    for (int i = 0; i < g->nedges; i++) {
        adj->first[g->edges[i].a + 2]++;
        adj->first[g->edges[i].b + 2]++;
    }
    for (int x = 0; x < nn; x++)
        adj->first[x + 2] += adj->first[x + 1];
    /* first[x + 1] is the fill position of x while filling; it ends as first[x + 2]'s start. */
    for (int i = 0; i < g->nedges; i++) {
        adj->edge[adj->first[g->edges[i].a + 1]++] = i;
        adj->edge[adj->first[g->edges[i].b + 1]++] = i;
    }
    return SEAM_OK;
}

static int module_why(const dc_graph *g, const dc_partition *p, const adjacency *adj, int m,
                      seam_module *out)
{
    int s = p->module_service[m];
    if (s < 0)
        return SEAM_OK;
    int n = 0, deg = adj->first[m + 1] - adj->first[m];
    cand *c = calloc((size_t)deg + 1, sizeof *c);
    if (!c)
        return SEAM_ENOMEM;
    for (int k = adj->first[m]; k < adj->first[m + 1]; k++) {
        const dc_edge *e = &g->edges[adj->edge[k]];
        int other = e->a == m ? e->b : e->a;
        if (node_service(g, p, other) != s)
            continue;
        c[n].node = other;
        c[n++].w = e->w;
    }
    if (n > 1)
        seam_sort(c, (size_t)n, sizeof *c, cmp_cand);
    int k = n < WHY_MAX ? n : WHY_MAX;
    out->why = calloc((size_t)k + 1, sizeof *out->why);
    int rc = out->why ? SEAM_OK : SEAM_ENOMEM;
    for (int i = 0; i < k && rc == SEAM_OK; i++) {
        seam_why *w = &out->why[out->nwhy++];
        w->target = seam_strdup(node_label(g, c[i].node));
        w->is_table = c[i].node >= g->nmodules;
        w->weight = c[i].w;
        w->kinds = kinds_text(g, m, c[i].node);
        if (!w->target || !w->kinds)
            rc = SEAM_ENOMEM;
    }
    free(c);
    return rc;
}

static int cmp_module(const void *x, const void *y)
{
    return strcmp(((const seam_module *)x)->name, ((const seam_module *)y)->name);
}

static int emit_modules(seam_model *model, const dc_graph *g, const dc_partition *p,
                        const adjacency *adj)
{
    model->modules = calloc((size_t)g->nmodules + 1, sizeof *model->modules);
    if (!model->modules)
        return SEAM_ENOMEM;
    for (int m = 0; m < g->nmodules; m++) {
        seam_module *out = &model->modules[model->nmodules++];
        const dc_module *mod = &g->modules[m];
        int s = p->module_service[m];
        out->name = seam_strdup(dc_facts_module_label(g, m));
        out->service = seam_strdup(s >= 0 ? p->names[s] : DC_SHARED_NAME);
        out->files = calloc((size_t)mod->nfile + 1, sizeof *out->files);
        if (!out->name || !out->service || !out->files)
            return SEAM_ENOMEM;
        for (int k = 0; k < mod->nfile; k++) {
            if (!(out->files[k] = seam_strdup(g->model->files[mod->file[k]].path)))
                return SEAM_ENOMEM;
            out->nfiles++;
        }
        seam_sort(out->files, (size_t)out->nfiles, sizeof *out->files, seam_cmp_str);
        if (g->shared[m] && !(out->reason = seam_strdup(g->shared_reason[m])))
            return SEAM_ENOMEM;
        if (module_why(g, p, adj, m, out))
            return SEAM_ENOMEM;
    }
    /* Labels of the module unit are unique paths; directory labels are unique too. */
    seam_sort(model->modules, (size_t)model->nmodules, sizeof *model->modules, cmp_module);
    return SEAM_OK;
}

/* ---- schema facts ---- */

static int emit_implied(seam_model *model, const dc_graph *g)
{
    model->implied_fks = calloc((size_t)g->nimplied + 1, sizeof *model->implied_fks);
    if (!model->implied_fks)
        return SEAM_ENOMEM;
    for (int i = 0; i < g->nimplied; i++) {
        const dc_implied *im = &g->implied[i];
        seam_implied_fk *f = &model->implied_fks[model->nimplied_fks++];
        f->from_table = seam_strdup(g->tables[im->from]);
        f->from_column = seam_strdup(im->from_col);
        f->to_table = seam_strdup(g->tables[im->to]);
        f->to_column = seam_strdup(im->to_col);
        f->sites = calloc((size_t)im->nsites + 1, sizeof *f->sites);
        if (!f->from_table || !f->from_column || !f->to_table || !f->to_column || !f->sites)
            return SEAM_ENOMEM;
        memcpy(f->sites, im->sites, (size_t)im->nsites * sizeof *f->sites);
        f->nsites = im->nsites;
    }
    return SEAM_OK;
}

/* Names of services marked in flags (by partition index), sorted. */
static int names_of(const dc_partition *p, const char *flags, char ***out, int *n)
{
    int count = 0;
    for (int s = 0; s < p->nservices; s++)
        count += flags[s] != 0;
    *out = calloc((size_t)count + 1, sizeof **out);
    if (!*out)
        return SEAM_ENOMEM;
    for (int s = 0; s < p->nservices; s++) {
        if (!flags[s])
            continue;
        if (!((*out)[*n] = seam_strdup(p->names[s])))
            return SEAM_ENOMEM;
        (*n)++;
    }
    seam_sort(*out, (size_t)*n, sizeof **out, seam_cmp_str);
    return SEAM_OK;
}

static int cmp_access_table(const void *x, const void *y)
{
    const dc_access *a = *(const dc_access *const *)x, *b = *(const dc_access *const *)y;
    if (a->table != b->table)
        return (a->table > b->table) - (a->table < b->table);
    return (a->module > b->module) - (a->module < b->module);
}

static int emit_shared_tables(seam_model *model, const dc_graph *g, const dc_partition *p)
{
    int ns = p->nservices, cap = 0;
    char *wr = calloc((size_t)ns + 1, 1), *rd = calloc((size_t)ns + 1, 1);
    const dc_access **by_table = calloc((size_t)g->naccess + 1, sizeof *by_table);
    int rc = wr && rd && by_table ? SEAM_OK : SEAM_ENOMEM;
    for (int i = 0; rc == SEAM_OK && i < g->naccess; i++)
        by_table[i] = &g->access[i];
    if (rc == SEAM_OK)
        seam_sort(by_table, (size_t)g->naccess, sizeof *by_table, cmp_access_table);
    for (int i = 0; i < g->naccess && rc == SEAM_OK;) {
        int t = by_table[i]->table, j = i, services = 0;
        for (; j < g->naccess && by_table[j]->table == t; j++) {
            int s = p->module_service[by_table[j]->module];
            if (s < 0)
                continue;
            if (!wr[s] && !rd[s])
                services++;
            if (by_table[j]->writes)
                wr[s] = 1;
            else
                rd[s] = 1;
        }
        if (services >= 2) {
            for (int s = 0; s < ns; s++)
                if (wr[s])
                    rd[s] = 0; /* readers are services that only read it */
            if (seam_array_reserve(&model->shared_tables, &cap, model->nshared_tables + 1,
                                   sizeof *model->shared_tables)) {
                rc = SEAM_ENOMEM;
                break;
            }
            seam_shared_table *st = &model->shared_tables[model->nshared_tables++];
            st->table = seam_strdup(g->tables[t]);
            st->owner = seam_strdup(p->names[p->table_service[t]]);
            if (!st->table || !st->owner || names_of(p, wr, &st->writers, &st->nwriters) ||
                names_of(p, rd, &st->readers, &st->nreaders))
                rc = SEAM_ENOMEM;
        }
        for (int k = i; k < j; k++) {
            int s = p->module_service[by_table[k]->module];
            if (s >= 0)
                wr[s] = rd[s] = 0;
        }
        i = j;
    }
    free(wr);
    free(rd);
    free(by_table);
    return rc;
}

/*
 * model->unowned_tables: the tables partition.c gave no service, in table order (sorted),
 * with the schema's size and activity figures when it has them. The reason names the
 * shared libraries whose SQL touches the table, if any: that code reaches it, but code
 * every service links owns no data.
 */
static int emit_unowned(seam_model *model, const dc_graph *g, const dc_partition *p)
{
    int n = 0;
    for (int t = 0; t < g->ntables; t++)
        n += p->table_service[t] < 0;
    if (n == 0)
        return SEAM_OK;
    model->unowned_tables = calloc((size_t)n, sizeof *model->unowned_tables);
    if (!model->unowned_tables)
        return SEAM_ENOMEM;
    for (int t = 0; t < g->ntables; t++) {
        if (p->table_service[t] >= 0)
            continue;
        seam_unowned_table *u = &model->unowned_tables[model->nunowned_tables++];
        if (!(u->table = seam_strdup(g->tables[t])))
            return SEAM_ENOMEM;
        char *libs = NULL;
        /* access is sorted by module: each shared module appears once per table. */
        for (int i = 0; i < g->naccess; i++) {
            if (g->access[i].table != t || !g->shared[g->access[i].module])
                continue;
            char *next = seam_printf("%s%s%s", libs ? libs : "", libs ? ", " : "",
                                     dc_facts_module_label(g, g->access[i].module));
            free(libs);
            if (!(libs = next))
                return SEAM_ENOMEM;
        }
        u->reason = libs ? seam_printf("only shared-library SQL touches it (%s)", libs)
                         : seam_strdup("no code reaches it");
        free(libs);
        if (!u->reason)
            return SEAM_ENOMEM;
        int st = seam_schema_find_table(&model->schema, g->tables[t]);
        if (st >= 0) {
            const seam_table *s = &model->schema.tables[st];
            u->has_estimates = s->has_estimates;
            u->row_estimate = s->row_estimate;
            u->size_bytes = s->size_bytes;
            u->has_stats = s->has_stats;
            u->stats = s->stats;
            u->has_production = s->has_production;
            u->calls = s->calls;
        }
    }
    return SEAM_OK;
}

static int emit_edge_kinds(seam_model *model, const dc_graph *g)
{
    model->edge_kinds = calloc(DECOMPOSER_NKINDS + 1, sizeof *model->edge_kinds);
    if (!model->edge_kinds)
        return SEAM_ENOMEM;
    for (int k = 0; k < DECOMPOSER_NKINDS; k++) {
        seam_edge_kind *e = &model->edge_kinds[model->nedge_kinds++];
        if (!(e->kind = seam_strdup(decomposer_kind_name(k))))
            return SEAM_ENOMEM;
        e->factor = g->opts->weights[k];
        e->edges = g->kind_edges[k];
        e->mean_raw = g->kind_mean[k];
    }
    return SEAM_OK;
}

int dc_explain(seam_model *model, const dc_graph *g, const dc_partition *p, const int *index,
               seam_err *err)
{
    dep_list_t deps = {NULL, 0, 0};
    adjacency adj = {NULL, NULL};
    int rc = SEAM_OK;
    if (deps_build(g, p, &deps) || emit_deps(&deps, p, model, index) ||
        all_functions(g, p, model, index) || all_tables_read(g, p, model, index))
        rc = SEAM_ENOMEM;
    free(deps.v);
    for (int s = 0; s < p->nservices && rc == SEAM_OK; s++) {
        seam_service *out = &model->services[index[s]];
        /* Partition order is by first module; sort by the other service's name. */
        seam_sort(out->outbound, (size_t)out->noutbound, sizeof *out->outbound, cmp_dep);
        seam_sort(out->inbound, (size_t)out->ninbound, sizeof *out->inbound, cmp_dep);
        out->loc = service_loc(g, out);
    }
    if (rc == SEAM_OK && g->nshared)
        model->services[index[p->nservices]].loc =
            service_loc(g, &model->services[index[p->nservices]]);
    if (rc == SEAM_OK && adjacency_build(g, &adj))
        rc = SEAM_ENOMEM;
    if (rc == SEAM_OK && (emit_modules(model, g, p, &adj) || emit_implied(model, g) ||
                          emit_shared_tables(model, g, p) || emit_edge_kinds(model, g) ||
                          emit_unowned(model, g, p)))
        rc = SEAM_ENOMEM;
    free(adj.first);
    free(adj.edge);
    if (rc)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory explaining services");
    return SEAM_OK;
}
