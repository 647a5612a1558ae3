/*
 * service_names.c - readable, unique service names ("orders", "inventory").
 *
 * A service made of modules is named, in order of preference:
 *   0. as a constraint pins it (constraints.c), verbatim;
 *   1. after its directory, when all its modules live in one directory
 *      (src/billing/...) that no module of another service or of the shared
 *      libraries lives in or under: the team already named that domain
 *      (generic directory names such as "src" or "lib" name no domain and
 *      are skipped);
 *   2. after its function-name prefix (naming_edges.c), when one prefix is carried
 *      by at least half of the service's prefixed functions, in at least
 *      two of its modules, and by more of its functions than of any other
 *      service's: the team's own namespace for it ("acct", "inv");
 *   3. else after its dominant module: the one with the largest strength
 *      (sum of edge weights) in the coupling graph, ties to the smaller
 *      path; the name is that module's file name without extension (a
 *      table name was tried here and read worse: "cart_items" for the
 *      orders service that writes its cart most often).
 * A service made only of pinned tables (see partition.c) carries its pin.
 *
 * Names are lower-cased, anything but [a-z0-9_] becomes '_' (they double as
 * schema names in the plan). "shared" is reserved for the shared libraries
 * when there are any, and pinned names for their services. A name already
 * taken gets "-2", "-3", ... in service order, which is deterministic.
 */
#include "decomposer_internal.h"
#include "sort.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *sanitize(const char *s, size_t n)
{
    char *out = malloc(n + sizeof "service");
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        out[k++] = isalnum(c) ? (char)tolower(c) : '_';
    }
    out[k] = '\0';
    if (k == 0)
        strcpy(out, "service");
    return out;
}

static int pinned_name(const dc_graph *g, const char *name)
{
    const decomposer_constraints *c = g->opts ? g->opts->constraints : NULL;
    for (int i = 0; c && i < c->npins; i++)
        if (strcmp(c->pins[i].service, name) == 0)
            return 1;
    return 0;
}

static int taken(const dc_partition *p, const dc_graph *g, int upto, const char *name)
{
    if ((g->nshared && strcmp(name, DC_SHARED_NAME) == 0) || pinned_name(g, name))
        return 1;
    for (int i = 0; i < upto; i++)
        if (p->names[i] && strcmp(p->names[i], name) == 0)
            return 1;
    return 0;
}

/* Takes ownership of base; stores a unique name for service s. */
static int set_unique(dc_partition *p, const dc_graph *g, int s, char *base, seam_err *err)
{
    if (!base)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory naming services");
    char *name = base;
    for (int k = 2; taken(p, g, s, name); k++) {
        if (name != base)
            free(name);
        name = seam_printf("%s-%d", base, k);
        if (!name) {
            free(base);
            return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory naming services");
        }
    }
    if (name != base)
        free(base);
    free(p->names[s]);
    p->names[s] = name;
    return SEAM_OK;
}

/* Length of the directory part of a path ("src/a/b" -> 5 for "src/a"), 0 if none. */
static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) : 0;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Is path inside directory dir (length n), at any depth? */
static int under(const char *path, const char *dir, size_t n)
{
    return strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* The directory all of s's modules share, owned by s alone; NULL (and *n = 0) if none. */
static const char *own_directory(const dc_partition *p, const dc_graph *g, int s, size_t *n)
{
    const char *dir = NULL;
    *n = 0;
    for (int m = 0; m < g->nmodules; m++) {
        if (p->module_service[m] != s)
            continue;
        size_t len = dir_len(g->modules[m].stem);
        if (!dir) {
            dir = g->modules[m].stem;
            *n = len;
        } else if (len != *n || strncmp(dir, g->modules[m].stem, len) != 0) {
            return NULL;
        }
    }
    if (!dir || *n == 0)
        return NULL;
    static const char *const generic[] = {"src",     "source", "sources", "lib", "libs",
                                          "include", "inc",    "app",     "code"};
    const char *b = dir;
    for (size_t i = 0; i < *n; i++)
        if (dir[i] == '/')
            b = dir + i + 1;
    for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
        if ((size_t)(dir + *n - b) == strlen(generic[i]) &&
            strncmp(b, generic[i], strlen(generic[i])) == 0)
            return NULL;
    for (int m = 0; m < g->nmodules; m++)
        if (p->module_service[m] != s && under(g->modules[m].stem, dir, *n))
            return NULL;
    return dir;
}

int dc_service_names_pin(dc_partition *p, int s, const char *name, seam_err *err)
{
    char *copy = seam_strdup(name);
    if (!copy)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory naming services");
    free(p->names[s]);
    p->names[s] = copy;
    return SEAM_OK;
}

typedef struct prefix_count {
    char *prefix;
    int service;
    int module;
} prefix_count;

static int cmp_prefix_count(const void *x, const void *y)
{
    const prefix_count *a = x, *b = y;
    int c = strcmp(a->prefix, b->prefix);
    if (c)
        return c;
    if (a->service != b->service)
        return (a->service > b->service) - (a->service < b->service);
    return (a->module > b->module) - (a->module < b->module);
}

/*
 * Rule 2: per service, the prefix of rule 2 or NULL, into out[s] (borrowed from
 * the returned array, which the caller frees with free_prefixes).
 */
static prefix_count *service_prefixes(const dc_partition *p, const dc_graph *g, const char **out,
                                      int *nout)
{
    const seam_model *m = g->model;
    prefix_count *v = calloc((size_t)m->nfunctions + 1, sizeof *v);
    int *total = calloc((size_t)p->nservices + 1, sizeof *total);
    int *best = calloc((size_t)p->nservices + 1, sizeof *best);
    int n = 0;
    if (!v || !total || !best)
        goto fail;
    char buf[64];
    for (int i = 0; i < m->nfunctions; i++) {
        int mod = g->file_module[m->functions[i].file], s = p->module_service[mod];
        if (s < 0 || !dc_naming_edges_prefix(m->functions[i].name, buf, sizeof buf))
            continue;
        if (!(v[n].prefix = seam_strdup(buf)))
            goto fail;
        v[n].service = s;
        v[n++].module = mod;
        total[s]++;
    }
    seam_sort(v, (size_t)n, sizeof *v, cmp_prefix_count);
    for (int s = 0; s < p->nservices; s++)
        out[s] = NULL;
    /* Runs of one prefix; inside them runs of one service. */
    for (int i = 0; i < n;) {
        int j = i, top = -1, top_count = 0, second = 0, top_modules = 0;
        while (j < n && strcmp(v[j].prefix, v[i].prefix) == 0) {
            int k = j, modules = 0;
            while (k < n && strcmp(v[k].prefix, v[i].prefix) == 0 && v[k].service == v[j].service) {
                if (k == j || v[k].module != v[k - 1].module)
                    modules++;
                k++;
            }
            int count = k - j;
            if (count > top_count) {
                second = top_count;
                top_count = count;
                top = v[j].service;
                top_modules = modules;
            } else if (count > second) {
                second = count;
            }
            j = k;
        }
        if (top >= 0 && top_count > second && top_modules >= 2 && 2 * top_count >= total[top] &&
            top_count > best[top]) {
            best[top] = top_count;
            out[top] = v[i].prefix;
        }
        i = j;
    }
    free(total);
    free(best);
    *nout = n;
    return v;
fail:
    for (int i = 0; v && i < n; i++)
        free(v[i].prefix);
    free(v);
    free(total);
    free(best);
    *nout = -1;
    return NULL;
}

static const char *module_pin(const dc_partition *p, const dc_graph *g, int s)
{
    for (int m = 0; g->cons.pin && m < g->nmodules; m++)
        if (p->module_service[m] == s && g->cons.pin[m])
            return g->cons.pin[m];
    return NULL;
}

int dc_service_names_modules(dc_partition *p, const dc_graph *g, int *twin, seam_err *err)
{
    const char **prefix = calloc((size_t)p->nservices + 1, sizeof *prefix);
    int nv = 0;
    prefix_count *v = prefix ? service_prefixes(p, g, prefix, &nv) : NULL;
    int rc = SEAM_OK;
    if (!prefix || nv < 0)
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory naming services");
    for (int s = 0; s < p->nservices && rc == SEAM_OK; s++) {
        const char *pin = module_pin(p, g, s);
        if (twin)
            twin[s] = -1;
        if (pin) {
            rc = dc_service_names_pin(p, s, pin, err);
            continue;
        }
        size_t n;
        const char *dir = own_directory(p, g, s, &n);
        char *base;
        if (dir) {
            const char *b = dir;
            for (size_t i = 0; i < n; i++)
                if (dir[i] == '/')
                    b = dir + i + 1;
            base = sanitize(b, (size_t)(dir + n - b));
        } else if (prefix[s]) {
            base = sanitize(prefix[s], strlen(prefix[s]));
        } else {
            int best = -1;
            for (int m = 0; m < g->nmodules; m++)
                if (p->module_service[m] == s && (best < 0 || g->strength[m] > g->strength[best]))
                    best = m;
            const char *b = base_name(g->modules[best].stem);
            base = sanitize(b, strlen(b));
        }
        /* A service that would carry another's pinned name is that service (partition.c). */
        for (int t = 0; twin && base && t < p->nservices && twin[s] < 0; t++) {
            const char *other = t != s ? module_pin(p, g, t) : NULL;
            if (other && strcmp(other, base) == 0)
                twin[s] = t;
        }
        rc = set_unique(p, g, s, base, err);
    }
    for (int i = 0; v && i < nv; i++)
        free(v[i].prefix);
    free(v);
    free(prefix);
    return rc;
}
