/*
 * partition.c - the partition: services from Leiden clusters, and one owner
 * for every table.
 *
 * Services: every cluster holding at least one (non-shared) module is a
 * service, numbered by its first module. Names are given right away
 * (service_names.c) because they break ownership ties. A pin name is one
 * service: clusters holding modules pinned to the same name are merged (the
 * pins are contracted before Leiden, so this only guards the invariant), and
 * so is a service whose own name (its directory, prefix, ...) would be a
 * pinned name, unless a keep-apart constraint separates the two: the
 * architect's "payments" and seam's "payments" are the same service. Pinned
 * tables go to the service of their pin's name (pass 0).
 *
 * Tables. A table belongs to exactly one service, whatever cluster Leiden
 * put its node in: data ownership follows who writes the data. Except for
 * tables named by a constraint (pinned, or kept together with something):
 * those go with their cluster, as the architect asked (pass 0).
 *   1. Tables some service's modules touch: the service writing it from the
 *      most SQL sites; ties by read sites, then foreign-key affinity (FKs
 *      between the table and tables that service's modules touch), then
 *      service name.
 *   2. Tables no service touches (nobody, or only shared libraries) but
 *      linked by foreign keys to tables already owned: the service owning
 *      the most of those FK neighbours, ties by name; repeated until nothing
 *      changes, so a chain of untouched tables follows its owned end.
 *   3. What remains is data no code of any service reaches, not even through
 *      FKs. It is owned by no service (table_service -1): a service is code
 *      that owns data, and a table with no code is a question for the team
 *      (dead data, or data another program writes), not a service. explain.c
 *      lists these tables as unowned, with their size and activity; the plan
 *      moves none. Only tables a constraint pins get a service without code:
 *      the pinned name, as the architect asked.
 */
#include "decomposer_internal.h"

#include <stdlib.h>
#include <string.h>

void dc_partition_free(dc_partition *p)
{
    if (!p)
        return;
    if (p->names)
        for (int i = 0; i < p->nservices; i++)
            free(p->names[i]);
    free(p->names);
    free(p->module_service);
    free(p->table_service);
    memset(p, 0, sizeof *p);
}

/* FK endpoints as table indices (-1 when unknown), computed once. */
static int fk_ends(const dc_graph *g, int **from, int **to)
{
    const seam_schema *s = &g->model->schema;
    *from = calloc((size_t)s->nforeign_keys + 1, sizeof **from);
    *to = calloc((size_t)s->nforeign_keys + 1, sizeof **to);
    if (!*from || !*to)
        return SEAM_ENOMEM;
    for (int i = 0; i < s->nforeign_keys; i++) {
        (*from)[i] = dc_facts_find_table(g, s->foreign_keys[i].from_table);
        (*to)[i] = dc_facts_find_table(g, s->foreign_keys[i].to_table);
    }
    return SEAM_OK;
}

static int module_services(dc_partition *p, const dc_graph *g, const int *membership)
{
    /* Cluster ids are below 2 * nodes (see dc_cluster_run). */
    int nn = 2 * dc_nnodes(g);
    int *cluster_service = malloc(((size_t)nn + 1) * sizeof *cluster_service);
    if (!cluster_service)
        return SEAM_ENOMEM;
    for (int i = 0; i <= nn; i++)
        cluster_service[i] = -1;
    for (int m = 0; m < g->nmodules; m++) {
        p->module_service[m] = -1;
        if (g->shared[m])
            continue;
        int c = membership[m];
        if (c < 0 || c >= nn) {
            free(cluster_service);
            return SEAM_ERROR;
        }
        if (cluster_service[c] < 0)
            cluster_service[c] = p->nservices++;
        p->module_service[m] = cluster_service[c];
    }
    free(cluster_service);
    return SEAM_OK;
}

/* Renumbers services compactly in order of first module, after merges emptied some. */
static int compact_services(dc_partition *p, const dc_graph *g)
{
    int *label = malloc(((size_t)p->nservices + 1) * sizeof *label);
    if (!label)
        return SEAM_ENOMEM;
    for (int s = 0; s < p->nservices; s++)
        label[s] = -1;
    int n = 0;
    for (int m = 0; m < g->nmodules; m++) {
        int s = p->module_service[m];
        if (s < 0)
            continue;
        if (label[s] < 0)
            label[s] = n++;
        p->module_service[m] = label[s];
    }
    free(label);
    /* Names belong to the old numbers: they are given again. */
    for (int s = 0; s < p->nservices; s++) {
        free(p->names[s]);
        p->names[s] = NULL;
    }
    p->nservices = n;
    return SEAM_OK;
}

static void merge_service(dc_partition *p, const dc_graph *g, int from, int into)
{
    for (int m = 0; m < g->nmodules; m++)
        if (p->module_service[m] == from)
            p->module_service[m] = into;
}

/* Does a keep-apart constraint hold a module of service a apart from one of service b? */
static int kept_apart(const dc_partition *p, const dc_graph *g, int a, int b)
{
    for (int i = 0; i < g->cons.napart; i++) {
        int x = g->cons.apart[2 * i], y = g->cons.apart[2 * i + 1];
        if (x >= g->nmodules || y >= g->nmodules)
            continue;
        int sx = p->module_service[x], sy = p->module_service[y];
        if ((sx == a && sy == b) || (sx == b && sy == a))
            return 1;
    }
    return 0;
}

/* Services of one pin name become one; then services named like a pinned one join it; then
 * every service is named. */
static int name_and_merge(dc_partition *p, const dc_graph *g, seam_err *err)
{
    int merged = 0, rc;
    for (int a = 0; g->cons.pin && a < g->nmodules; a++) {
        const char *pa = g->cons.pin[a];
        for (int b = a + 1; pa && b < g->nmodules; b++) {
            int sa = p->module_service[a], sb = p->module_service[b];
            if (g->cons.pin[b] && sa >= 0 && sb >= 0 && sa != sb &&
                strcmp(pa, g->cons.pin[b]) == 0) {
                merge_service(p, g, sb, sa);
                merged = 1;
            }
        }
    }
    if (merged && compact_services(p, g))
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory naming services");
    int *twin = calloc((size_t)p->nservices + 1, sizeof *twin);
    if (!twin)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory naming services");
    rc = dc_service_names_modules(p, g, twin, err);
    merged = 0;
    for (int s = 0; rc == SEAM_OK && s < p->nservices; s++)
        if (twin[s] >= 0 && !kept_apart(p, g, s, twin[s])) {
            merge_service(p, g, s, twin[s]);
            merged = 1;
        }
    free(twin);
    if (rc == SEAM_OK && merged) {
        if (compact_services(p, g))
            return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory naming services");
        rc = dc_service_names_modules(p, g, NULL, err);
    }
    return rc;
}

/* The service a table's cluster became, or -1 when its cluster holds no module. */
static int cluster_owner(const dc_partition *p, const dc_graph *g, const int *membership, int t)
{
    int c = membership[g->nmodules + t];
    for (int m = 0; m < g->nmodules; m++)
        if (p->module_service[m] >= 0 && membership[m] == c)
            return p->module_service[m];
    return -1;
}

/* Pass 0: a pinned table goes to the service of its pin's name, other constrained tables
 * follow their cluster (-1: pass 3 decides). */
static void owners_by_constraint(dc_partition *p, const dc_graph *g, const int *membership,
                                 char *fixed)
{
    for (int t = 0; t < g->ntables; t++) {
        int node = g->nmodules + t;
        if (!g->cons.constrained || !(g->cons.constrained[node] || g->cons.pin[node]))
            continue;
        fixed[t] = 1;
        p->table_service[t] = -1;
        /* Pins carry their tables: whatever cluster the table's node ended in. */
        for (int s = 0; g->cons.pin[node] && s < p->nservices; s++)
            if (p->names[s] && strcmp(p->names[s], g->cons.pin[node]) == 0)
                p->table_service[t] = s;
        if (p->table_service[t] < 0 && !g->cons.pin[node])
            p->table_service[t] = cluster_owner(p, g, membership, t);
    }
}

/* Pass 1: tables touched by services' modules. */
static int owners_by_access(dc_partition *p, const dc_graph *g, const int *fk_from,
                            const int *fk_to, const char *fixed)
{
    int ns = p->nservices, nt = g->ntables, nfk = g->model->schema.nforeign_keys;
    long *w = calloc((size_t)ns + 1, sizeof *w), *r = calloc((size_t)ns + 1, sizeof *r);
    long *f = calloc((size_t)ns + 1, sizeof *f);
    /* touched[s * nt + t]: a module of service s has SQL on table t. */
    char *touched = calloc((size_t)ns * (size_t)nt + 1, 1);
    if (!w || !r || !f || !touched) {
        free(w), free(r), free(f), free(touched);
        return SEAM_ENOMEM;
    }
    for (int i = 0; i < g->naccess; i++) {
        int s = p->module_service[g->access[i].module];
        if (s >= 0)
            touched[(size_t)s * nt + g->access[i].table] = 1;
    }
    for (int t = 0; t < nt; t++) {
        if (fixed[t])
            continue;
        memset(w, 0, (size_t)ns * sizeof *w);
        memset(r, 0, (size_t)ns * sizeof *r);
        memset(f, 0, (size_t)ns * sizeof *f);
        int any = 0;
        for (int i = 0; i < g->naccess; i++) {
            int s = p->module_service[g->access[i].module];
            if (g->access[i].table != t || s < 0)
                continue;
            w[s] += g->access[i].writes;
            r[s] += g->access[i].reads;
            any = 1;
        }
        p->table_service[t] = -1;
        if (!any)
            continue;
        for (int k = 0; k < nfk; k++) {
            int other = fk_from[k] == t ? fk_to[k] : fk_to[k] == t ? fk_from[k] : -1;
            if (other < 0 || other == t)
                continue;
            for (int s = 0; s < ns; s++)
                f[s] += touched[(size_t)s * nt + other];
        }
        int best = -1;
        for (int s = 0; s < ns; s++) {
            if (!w[s] && !r[s])
                continue;
            if (best < 0 || w[s] > w[best] ||
                (w[s] == w[best] &&
                 (r[s] > r[best] ||
                  (r[s] == r[best] &&
                   (f[s] > f[best] ||
                    (f[s] == f[best] && strcmp(p->names[s], p->names[best]) < 0))))))
                best = s;
        }
        p->table_service[t] = best;
    }
    free(w), free(r), free(f), free(touched);
    return SEAM_OK;
}

/* Pass 2: untouched tables follow their owned FK neighbours, until stable. */
static int owners_by_fk(dc_partition *p, const dc_graph *g, const int *fk_from, const int *fk_to,
                        const char *fixed)
{
    int ns = p->nservices, nfk = g->model->schema.nforeign_keys;
    long *f = calloc((size_t)ns + 1, sizeof *f);
    if (!f)
        return SEAM_ENOMEM;
    for (int changed = 1; changed;) {
        changed = 0;
        for (int t = 0; t < g->ntables; t++) {
            if (p->table_service[t] >= 0 || fixed[t])
                continue;
            memset(f, 0, (size_t)ns * sizeof *f);
            int best = -1;
            for (int k = 0; k < nfk; k++) {
                int other = fk_from[k] == t ? fk_to[k] : fk_to[k] == t ? fk_from[k] : -1;
                if (other < 0 || other == t || p->table_service[other] < 0)
                    continue;
                f[p->table_service[other]]++;
            }
            for (int s = 0; s < ns; s++)
                if (f[s] && (best < 0 || f[s] > f[best] ||
                             (f[s] == f[best] && strcmp(p->names[s], p->names[best]) < 0)))
                    best = s;
            if (best >= 0) {
                p->table_service[t] = best;
                changed = 1;
            }
        }
    }
    free(f);
    return SEAM_OK;
}

/* Pass 3: pinned tables no service reaches make a service of their pin's name; other
 * unreached tables stay unowned (-1). */
static int pinned_table_services(dc_partition *p, const dc_graph *g, seam_err *err)
{
    for (int t = 0; t < g->ntables; t++) {
        const char *pin = g->cons.pin ? g->cons.pin[g->nmodules + t] : NULL;
        if (p->table_service[t] >= 0 || !pin)
            continue;
        /* Tables pinned to one name found earlier already opened its service. */
        int s = -1;
        for (int k = 0; k < p->nservices && s < 0; k++)
            if (p->names[k] && strcmp(p->names[k], pin) == 0)
                s = k;
        if (s < 0) {
            s = p->nservices++;
            int rc = dc_service_names_pin(p, s, pin, err);
            if (rc)
                return rc;
        }
        p->table_service[t] = s;
    }
    return SEAM_OK;
}

int dc_partition_build(dc_partition *p, const dc_graph *g, const int *membership, seam_err *err)
{
    int rc, *fk_from = NULL, *fk_to = NULL;
    char *fixed = NULL;
    memset(p, 0, sizeof *p);
    p->module_service = calloc((size_t)g->nmodules + 1, sizeof *p->module_service);
    p->table_service = calloc((size_t)g->ntables + 1, sizeof *p->table_service);
    /* At most one service per module and one per table. */
    p->names = calloc((size_t)dc_nnodes(g) + 1, sizeof *p->names);
    fixed = calloc((size_t)g->ntables + 1, 1);
    if (!p->module_service || !p->table_service || !p->names || !fixed ||
        fk_ends(g, &fk_from, &fk_to)) {
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory assigning tables");
        goto done;
    }
    if ((rc = module_services(p, g, membership))) {
        rc = seam_err_set(err, rc, "decomposer: clustering returned an invalid membership");
        goto done;
    }
    if ((rc = name_and_merge(p, g, err)))
        goto done;
    for (int t = 0; t < g->ntables; t++)
        p->table_service[t] = -1;
    owners_by_constraint(p, g, membership, fixed);
    if (owners_by_access(p, g, fk_from, fk_to, fixed) ||
        owners_by_fk(p, g, fk_from, fk_to, fixed)) {
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory assigning tables");
        goto done;
    }
    rc = pinned_table_services(p, g, err);
done:
    free(fk_from);
    free(fk_to);
    free(fixed);
    return rc;
}
