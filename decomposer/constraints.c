/*
 * constraints.c - what an architect imposes: pins, keep-together, keep-apart.
 *
 * Reading (decomposer_constraints_load): a JSON object with optional keys
 *   "pin":      {"NODE": "SERVICE", ...}
 *   "together": [["NODE", "NODE", ...], ...]
 *   "apart":    [["NODE", "NODE", ...], ...]
 *
 * Resolving (dc_constraints_resolve): each NODE names a module (by one of
 * its file paths, its stem "src/orders", or its directory under --unit dir)
 * or a table ("orders", or "table:orders" to be explicit). A keep-together
 * group and all nodes pinned to one service name become one set (union-find,
 * represented by its smallest node). Keep-apart pairs come from each apart
 * group and, implicitly, from any two sets pinned to different services.
 * Contradictions (a set pinned twice, two nodes both together and apart) are
 * input errors: no partition can honour them.
 *
 * "shared" is no service name: it is the shared library (shared.c). A module
 * pinned to it is set aside there right away, with the pin as its reason, and
 * takes part in no pin set; a table pinned to it is an input error (shared
 * libraries own no data), and so is a module pinned to it and kept together
 * with others (the library is linked into every service, not one).
 *
 * Honouring: sets are contracted before Leiden (cluster.c), so they move
 * whole; afterwards (dc_constraints_enforce) any cluster holding two nodes
 * that must be apart is split: the second node's set leaves for a new
 * cluster, and each unconstrained node of the cluster follows it when it is
 * more strongly tied (edge weight) to the leaving side than to the staying
 * side. Each split separates one pair and joins none, so this ends. Pinned names are given to
 * services and tables in a constrained set follow their set, not their writers (partition.c).
 */
#include "decomposer_internal.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- reading ---- */

void decomposer_constraints_free(decomposer_constraints *c)
{
    if (!c)
        return;
    for (int i = 0; i < c->npins; i++) {
        free(c->pins[i].node);
        free(c->pins[i].service);
    }
    free(c->pins);
    decomposer_group *lists[2] = {c->together, c->apart};
    int counts[2] = {c->ntogether, c->napart};
    for (int l = 0; l < 2; l++) {
        for (int i = 0; i < counts[l]; i++) {
            for (int k = 0; k < lists[l][i].nnodes; k++)
                free(lists[l][i].nodes[k]);
            free(lists[l][i].nodes);
        }
        free(lists[l]);
    }
    free(c);
}

static int load_groups(const cJSON *arr, const char *path, const char *key, decomposer_group **out,
                       int *n, seam_err *err)
{
    if (!arr)
        return SEAM_OK;
    if (!cJSON_IsArray(arr))
        return seam_err_set(err, SEAM_EINPUT, "%s: \"%s\" must be an array of arrays of names",
                            path, key);
    int ng = cJSON_GetArraySize(arr);
    *out = calloc((size_t)ng + 1, sizeof **out);
    if (!*out)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory reading '%s'", path);
    const cJSON *grp;
    cJSON_ArrayForEach(grp, arr)
    {
        decomposer_group *g = &(*out)[(*n)++];
        if (!cJSON_IsArray(grp) || cJSON_GetArraySize(grp) < 2)
            return seam_err_set(err, SEAM_EINPUT,
                                "%s: \"%s\" entry %d must be an array of at least 2 names", path,
                                key, *n);
        g->nodes = calloc((size_t)cJSON_GetArraySize(grp), sizeof *g->nodes);
        if (!g->nodes)
            return seam_err_set(err, SEAM_ENOMEM, "out of memory reading '%s'", path);
        const cJSON *name;
        cJSON_ArrayForEach(name, grp)
        {
            if (!cJSON_IsString(name) || !*name->valuestring)
                return seam_err_set(err, SEAM_EINPUT, "%s: \"%s\" entry %d holds a non-name", path,
                                    key, *n);
            if (!(g->nodes[g->nnodes] = seam_strdup(name->valuestring)))
                return seam_err_set(err, SEAM_ENOMEM, "out of memory reading '%s'", path);
            g->nnodes++;
        }
    }
    return SEAM_OK;
}

static int load_doc(const cJSON *root, const char *path, decomposer_constraints *c, seam_err *err)
{
    if (!cJSON_IsObject(root))
        return seam_err_set(err, SEAM_EINPUT, "%s: constraints must be a JSON object", path);
    const cJSON *m;
    cJSON_ArrayForEach(m, root)
    {
        if (strcmp(m->string, "pin") && strcmp(m->string, "together") && strcmp(m->string, "apart"))
            return seam_err_set(err, SEAM_EINPUT,
                                "%s: unknown key \"%s\" (expected pin, together, apart)", path,
                                m->string);
    }
    const cJSON *pin = cJSON_GetObjectItemCaseSensitive(root, "pin");
    if (pin) {
        if (!cJSON_IsObject(pin))
            return seam_err_set(err, SEAM_EINPUT,
                                "%s: \"pin\" must be an object {\"node\": \"service\"}", path);
        c->pins = calloc((size_t)cJSON_GetArraySize(pin) + 1, sizeof *c->pins);
        if (!c->pins)
            return seam_err_set(err, SEAM_ENOMEM, "out of memory reading '%s'", path);
        cJSON_ArrayForEach(m, pin)
        {
            if (!cJSON_IsString(m) || !*m->valuestring)
                return seam_err_set(err, SEAM_EINPUT,
                                    "%s: pin of '%s' must be a service name (a string)", path,
                                    m->string);
            decomposer_pin *p = &c->pins[c->npins++];
            if (!(p->node = seam_strdup(m->string)) || !(p->service = seam_strdup(m->valuestring)))
                return seam_err_set(err, SEAM_ENOMEM, "out of memory reading '%s'", path);
        }
    }
    int rc = load_groups(cJSON_GetObjectItemCaseSensitive(root, "together"), path, "together",
                         &c->together, &c->ntogether, err);
    if (!rc)
        rc = load_groups(cJSON_GetObjectItemCaseSensitive(root, "apart"), path, "apart", &c->apart,
                         &c->napart, err);
    return rc;
}

int decomposer_constraints_load(const char *path, size_t max_input, decomposer_constraints **out,
                                seam_err *err)
{
    *out = NULL;
    cJSON *root;
    int rc = dc_json_file_read(path, "constraints file", max_input, &root, err);
    if (rc < 0)
        return rc;
    decomposer_constraints *c = calloc(1, sizeof *c);
    rc = c ? load_doc(root, path, c, err)
           : seam_err_set(err, SEAM_ENOMEM, "out of memory reading '%s'", path);
    cJSON_Delete(root);
    if (rc) {
        decomposer_constraints_free(c);
        return rc;
    }
    *out = c;
    return SEAM_OK;
}

/* ---- resolving ---- */

/* The node a constraint names, or -1. */
static int find_node(const dc_graph *g, const char *name)
{
    if (strncmp(name, "table:", 6) == 0) {
        int t = dc_facts_find_table(g, name + 6);
        return t < 0 ? -1 : g->nmodules + t;
    }
    int f = seam_model_find_file(g->model, name);
    if (f >= 0)
        return g->file_module[f];
    int m = dc_facts_find_module(g, name);
    if (m >= 0)
        return m;
    int t = dc_facts_find_table(g, name);
    return t < 0 ? -1 : g->nmodules + t;
}

static int root_of(int *parent, int x)
{
    while (parent[x] != x) {
        parent[x] = parent[parent[x]];
        x = parent[x];
    }
    return x;
}

static void unite(int *parent, int a, int b)
{
    a = root_of(parent, a);
    b = root_of(parent, b);
    /* The smaller node represents the set: stable, whatever the order of union. */
    if (a < b)
        parent[b] = a;
    else if (b < a)
        parent[a] = b;
}

static int lookup(const dc_graph *g, const char *name, int *node, seam_err *err)
{
    *node = find_node(g, name);
    if (*node < 0)
        return seam_err_set(err, SEAM_EINPUT, "constraints: '%s' names no file, module or table",
                            name);
    return SEAM_OK;
}

/* Pairs of sets kept apart, for pinned and explicit constraints, by representative. */
static int sets_apart(const dc_graph *g, int ra, int rb)
{
    const dc_cons *c = &g->cons;
    if (ra == rb)
        return 0;
    if (c->pin[ra] && c->pin[rb] && strcmp(c->pin[ra], c->pin[rb]) != 0)
        return 1;
    for (int i = 0; i < c->napart; i++) {
        int x = c->group[c->apart[2 * i]], y = c->group[c->apart[2 * i + 1]];
        if ((x == ra && y == rb) || (x == rb && y == ra))
            return 1;
    }
    return 0;
}

static int is_shared_pin(const decomposer_pin *pin)
{
    return strcmp(pin->service, DC_SHARED_NAME) == 0;
}

/* Modules pinned to "shared" join the shared library now (before shared.c's rules, which
 * leave them as they are). */
static int pin_shared(dc_graph *g, seam_err *err)
{
    const decomposer_constraints *dc = g->opts->constraints;
    int node, rc;
    for (int i = 0; i < dc->npins; i++) {
        if (!is_shared_pin(&dc->pins[i]))
            continue;
        if ((rc = lookup(g, dc->pins[i].node, &node, err)))
            return rc;
        if (node >= g->nmodules)
            return seam_err_set(err, SEAM_EINPUT,
                                "constraints: table '%s' is pinned to the shared library, which "
                                "owns no data",
                                dc->pins[i].node);
        for (int k = 0; k < dc->npins; k++)
            if (!is_shared_pin(&dc->pins[k]) && find_node(g, dc->pins[k].node) == node)
                return seam_err_set(err, SEAM_EINPUT,
                                    "constraints: '%s' is pinned to both '%s' and '%s'",
                                    dc->pins[i].node, DC_SHARED_NAME, dc->pins[k].service);
        g->cons.constrained[node] = 1;
        if (g->shared[node])
            continue;
        if (!(g->shared_reason[node] = seam_strdup("pinned to the shared library by the "
                                                   "constraints")))
            return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory reading constraints");
        g->shared[node] = 1;
        g->nshared++;
    }
    return SEAM_OK;
}

int dc_constraints_resolve(dc_graph *g, seam_err *err)
{
    const decomposer_constraints *dc = g->opts->constraints;
    dc_cons *c = &g->cons;
    int nn = dc_nnodes(g), rc = SEAM_OK, node;
    c->group = malloc(((size_t)nn + 1) * sizeof *c->group);
    c->pin = calloc((size_t)nn + 1, sizeof *c->pin);
    c->constrained = calloc((size_t)nn + 1, 1);
    if (!c->group || !c->pin || !c->constrained)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory reading constraints");
    for (int i = 0; i < nn; i++)
        c->group[i] = i;
    if (!dc)
        return SEAM_OK;
    if ((rc = pin_shared(g, err)))
        return rc;
    /* Same pin name: one set. */
    for (int i = 0; i < dc->npins && !rc; i++) {
        if (is_shared_pin(&dc->pins[i]))
            continue;
        if ((rc = lookup(g, dc->pins[i].node, &node, err)))
            break;
        c->constrained[node] = 1;
        for (int k = 0; k < i; k++) {
            if (is_shared_pin(&dc->pins[k]))
                continue;
            int other = find_node(g, dc->pins[k].node);
            if (strcmp(dc->pins[k].service, dc->pins[i].service) == 0)
                unite(c->group, node, other);
            else if (other == node)
                return seam_err_set(err, SEAM_EINPUT,
                                    "constraints: '%s' is pinned to both '%s' and '%s'",
                                    dc->pins[i].node, dc->pins[k].service, dc->pins[i].service);
        }
    }
    for (int i = 0; i < dc->ntogether && !rc; i++) {
        int first = -1;
        for (int k = 0; k < dc->together[i].nnodes && !rc; k++) {
            if ((rc = lookup(g, dc->together[i].nodes[k], &node, err)))
                break;
            if (node < g->nmodules && g->shared[node])
                return seam_err_set(err, SEAM_EINPUT,
                                    "constraints: '%s' is pinned to the shared library and kept "
                                    "together with other nodes",
                                    dc->together[i].nodes[k]);
            c->constrained[node] = 1;
            if (first < 0)
                first = node;
            else
                unite(c->group, first, node);
        }
    }
    if (rc)
        return rc;
    for (int i = 0; i < nn; i++)
        c->group[i] = root_of(c->group, i);
    /* A set may carry one pin name only. */
    for (int i = 0; i < dc->npins; i++) {
        if (is_shared_pin(&dc->pins[i]))
            continue;
        int n = find_node(g, dc->pins[i].node), r = c->group[n];
        if (c->pin[r] && strcmp(c->pin[r], dc->pins[i].service) != 0)
            return seam_err_set(err, SEAM_EINPUT,
                                "constraints: '%s' is kept together with nodes pinned to '%s', "
                                "but pinned to '%s'",
                                dc->pins[i].node, c->pin[r], dc->pins[i].service);
        c->pin[r] = dc->pins[i].service;
    }
    for (int i = 0; i < nn; i++)
        c->pin[i] = c->pin[c->group[i]];
    int cap = 0;
    for (int i = 0; i < dc->napart; i++) {
        const decomposer_group *ap = &dc->apart[i];
        for (int a = 0; a < ap->nnodes; a++)
            for (int b = a + 1; b < ap->nnodes; b++) {
                int x, y;
                if ((rc = lookup(g, ap->nodes[a], &x, err)) ||
                    (rc = lookup(g, ap->nodes[b], &y, err)))
                    return rc;
                c->constrained[x] = c->constrained[y] = 1;
                if (c->group[x] == c->group[y])
                    return seam_err_set(err, SEAM_EINPUT,
                                        "constraints: '%s' and '%s' are kept both together and "
                                        "apart",
                                        ap->nodes[a], ap->nodes[b]);
                if (seam_array_reserve(&c->apart, &cap, c->napart + 1, 2 * sizeof *c->apart))
                    return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory");
                c->apart[2 * c->napart] = x;
                c->apart[2 * c->napart + 1] = y;
                c->napart++;
            }
    }
    c->active = dc->npins || dc->ntogether || dc->napart;
    return SEAM_OK;
}

/* ---- honouring keep-apart ---- */

/* Finds one violation: two nodes in one cluster that must be apart. */
static int find_violation(const dc_graph *g, const int *membership, int *x, int *y)
{
    int nn = dc_nnodes(g);
    for (int a = 0; a < nn; a++) {
        if (!g->cons.constrained[a] && !g->cons.pin[a])
            continue;
        for (int b = a + 1; b < nn; b++)
            if (membership[a] == membership[b] && (g->cons.constrained[b] || g->cons.pin[b]) &&
                sets_apart(g, g->cons.group[a], g->cons.group[b])) {
                *x = a;
                *y = b;
                return 1;
            }
    }
    return 0;
}

int dc_constraints_enforce(const dc_graph *g, int *membership, seam_err *err)
{
    int nn = dc_nnodes(g);
    if (!g->cons.active)
        return SEAM_OK;
    int next = 0;
    for (int i = 0; i < nn; i++)
        if (membership[i] >= next)
            next = membership[i] + 1;
    double *to_leave = malloc(((size_t)nn + 1) * sizeof *to_leave);
    double *to_stay = malloc(((size_t)nn + 1) * sizeof *to_stay);
    char *set_constrained = calloc((size_t)nn + 1, 1);
    if (!to_leave || !to_stay || !set_constrained) {
        free(to_leave);
        free(to_stay);
        free(set_constrained);
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory honouring constraints");
    }
    for (int i = 0; i < nn; i++)
        if (g->cons.constrained[i] || g->cons.pin[i])
            set_constrained[g->cons.group[i]] = 1;
    int x, y;
    while (find_violation(g, membership, &x, &y)) {
        int stay = membership[x], leave = next++;
        for (int i = 0; i < nn; i++)
            if (g->cons.group[i] == g->cons.group[y])
                membership[i] = leave;
        /* Ties of each set (by representative) to both sides, as the split left them. */
        for (int i = 0; i < nn; i++)
            to_leave[i] = to_stay[i] = 0;
        for (int i = 0; i < g->nedges; i++) {
            const dc_edge *e = &g->edges[i];
            int ends[2] = {e->a, e->b};
            for (int k = 0; k < 2; k++) {
                int me = ends[k], other = ends[1 - k];
                if (membership[me] != stay)
                    continue;
                if (membership[other] == leave)
                    to_leave[g->cons.group[me]] += e->w;
                else if (membership[other] == stay)
                    to_stay[g->cons.group[me]] += e->w;
            }
        }
        /* Unconstrained sets follow the stronger tie (constrained ones stay: moving two of
         * them could join a pair that must be apart); decided per set (to_leave doubles as
         * the flag), then applied to every member. */
        for (int r = 0; r < nn; r++) {
            int go = g->cons.group[r] == r && membership[r] == stay && g->cons.group[x] != r &&
                     to_leave[r] > to_stay[r] && !set_constrained[r];
            to_leave[r] = go;
        }
        for (int k = 0; k < nn; k++)
            if (membership[k] == stay && to_leave[g->cons.group[k]] > 0)
                membership[k] = leave;
    }
    free(to_leave);
    free(to_stay);
    free(set_constrained);
    /* Renumber compactly, in node order, so ids stay below 2 * nn. */
    int *label = malloc(((size_t)next + 1) * sizeof *label);
    if (!label)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory honouring constraints");
    for (int i = 0; i < next; i++)
        label[i] = -1;
    int c = 0;
    for (int i = 0; i < nn; i++) {
        if (label[membership[i]] < 0)
            label[membership[i]] = c++;
        membership[i] = label[membership[i]];
    }
    free(label);
    return SEAM_OK;
}
