/*
 * service_names.c - readable, unique service names ("orders", "inventory").
 *
 * A service made of modules is named, in order of preference:
 *   0. as a constraint pins it (constraints.c), verbatim;
 *   1. after the directory it mostly is: the deepest directory holding more
 *      than half of its modules, of which it holds more modules than any
 *      other service or the shared libraries (src/billing/... with one
 *      helper elsewhere is still "billing"): the team already named that
 *      domain (generic names such as "src" or "lib" name no domain and are
 *      skipped);
 *   2. after its function-name prefix, as naming_edges.c reads prefixes (a
 *      project-wide prefix taken off, boilerplate dropped: never "zbx"), when
 *      one prefix is carried by at least half of the service's prefixed
 *      functions, in at least two of its modules, and by more of its
 *      functions than of any other service's: the team's own namespace for
 *      it ("acct", "inv");
 *   3. after the domain noun of the tables it writes (table_noun: the word
 *      most of them share, spelt as in their root table, "orders" for
 *      orders and order_items; else the root table, the one the others'
 *      foreign keys point to; when an earlier service took that name, the
 *      first of its written tables, root first, whose name is free);
 *   4. else after the module driving it: the one calling the most other
 *      modules of the service net of those calling it, so never a utility
 *      that every module of the service calls (a container library, a hash
 *      table), which the strongest-connected module often is.
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

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Is module stem inside directory dir (length n), at any depth? Under the directory unit a
 * module is a directory, inside itself too. */
static int in_dir(const dc_graph *g, const char *stem, const char *dir, size_t n)
{
    if (strncmp(stem, dir, n) != 0)
        return 0;
    return stem[n] == '/' || (stem[n] == '\0' && g->opts && g->opts->unit == DECOMPOSER_UNIT_DIR);
}

/* Directory names that name no domain. */
static int generic_dir(const char *b, size_t n)
{
    static const char *const generic[] = {"src",     "source", "sources", "lib", "libs",
                                          "include", "inc",    "app",     "code"};
    for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
        if (n == strlen(generic[i]) && strncmp(b, generic[i], n) == 0)
            return 1;
    return 0;
}

/* Does service s hold more of dir's modules than any other service, or than the shared
 * libraries? tally has nservices + 1 slots. */
static int dir_plurality(const dc_partition *p, const dc_graph *g, int s, const char *dir, size_t n,
                         int *tally)
{
    memset(tally, 0, ((size_t)p->nservices + 1) * sizeof *tally);
    for (int m = 0; m < g->nmodules; m++)
        if (in_dir(g, g->modules[m].stem, dir, n)) {
            int t = p->module_service[m];
            tally[t >= 0 ? t : p->nservices]++;
        }
    for (int t = 0; t <= p->nservices; t++)
        if (t != s && tally[t] >= tally[s])
            return 0;
    return 1;
}

/*
 * Rule 1: the directory service s mostly is: the deepest directory holding more than half
 * of s's modules, of which s holds more modules than any other service or the shared
 * libraries, and whose name is not generic. NULL (and *n = 0) if none. tally: nservices + 1
 * ints of scratch.
 */
static const char *main_directory(const dc_partition *p, const dc_graph *g, int s, int *tally,
                                  size_t *n)
{
    const char *best = NULL;
    *n = 0;
    int size = 0;
    for (int m = 0; m < g->nmodules; m++)
        size += p->module_service[m] == s;
    int prev = -1;
    for (int m = 0; m < g->nmodules; m++) {
        if (p->module_service[m] != s)
            continue;
        const char *stem = g->modules[m].stem;
        /* Modules are sorted by stem: one beside the previous has the same directories. */
        const char *slash = strrchr(stem, '/');
        size_t dn = slash ? (size_t)(slash - stem) : 0;
        int same = prev >= 0 && !(g->opts && g->opts->unit == DECOMPOSER_UNIT_DIR) &&
                   strncmp(g->modules[prev].stem, stem, dn) == 0 &&
                   g->modules[prev].stem[dn] == '/' && !strchr(g->modules[prev].stem + dn + 1, '/');
        prev = m;
        if (same && dn > 0)
            continue;
        int self = g->opts && g->opts->unit == DECOMPOSER_UNIT_DIR;
        /* Each directory the module sits in (its own too, under the directory unit). */
        for (size_t len = 0; stem[len] || self; len++) {
            if (stem[len] == '\0')
                self = 0;
            else if (stem[len] != '/')
                continue;
            if (len <= *n)
                continue; /* not deeper than the best so far */
            int inside = 0;
            for (int k = 0; k < g->nmodules; k++)
                inside += p->module_service[k] == s && in_dir(g, g->modules[k].stem, stem, len);
            const char *b = stem;
            for (size_t i = 0; i < len; i++)
                if (stem[i] == '/')
                    b = stem + i + 1;
            if (2 * inside > size && !generic_dir(b, (size_t)(stem + len - b)) &&
                dir_plurality(p, g, s, stem, len, tally)) {
                best = stem;
                *n = len;
            }
            if (stem[len] == '\0')
                break;
        }
    }
    return best;
}

/* The pin of service s's modules, or NULL. */
/*
 * Per service, the pin of its first pinned module (in module order), NULL for none:
 * once for all services, since naming asks it of every earlier service for each one
 * (services times modules, per service, otherwise). NULL on out of memory.
 */
static const char **service_pins(const dc_partition *p, const dc_graph *g)
{
    const char **pin = calloc((size_t)p->nservices + 1, sizeof *pin);
    for (int m = 0; pin && g->cons.pin && m < g->nmodules; m++) {
        int s = p->module_service[m];
        if (s >= 0 && s < p->nservices && !pin[s] && g->cons.pin[m])
            pin[s] = g->cons.pin[m];
    }
    return pin;
}

/* Does a module of some service carry the pin name? */
static int module_pinned(const dc_partition *p, const dc_graph *g, const char *name)
{
    for (int m = 0; g->cons.pin && m < g->nmodules; m++)
        if (p->module_service[m] >= 0 && g->cons.pin[m] && strcmp(g->cons.pin[m], name) == 0)
            return 1;
    return 0;
}

/* Is name the shared libraries' or that of an earlier service without a pin? (Pinned names
 * are not avoided: a service named like a pin is that service, partition.c.) */
static int used(const dc_partition *p, const dc_graph *g, const char *const *pin, int s,
                const char *name)
{
    if (g->nshared && strcmp(name, DC_SHARED_NAME) == 0)
        return 1;
    for (int i = 0; i < s; i++)
        if (p->names[i] && strcmp(p->names[i], name) == 0 && !pin[i])
            return 1;
    return 0;
}

/* A table's name without its schema qualifier. */
static const char *bare_table(const dc_graph *g, int t)
{
    const char *dot = strrchr(g->tables[t], '.');
    return dot ? dot + 1 : g->tables[t];
}

/* Words compare without a plural 's' ("carts" and "cart_items" share "cart"). */
static size_t word_stem_len(const char *w, size_t n)
{
    if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's')
        return n - 1;
    return n;
}

/* Where table name holds the word w (stem length sn) as one of its words, else NULL; its
 * length there into *len. */
static const char *find_word(const char *name, const char *w, size_t sn, size_t *len)
{
    for (const char *x = name; *x;) {
        size_t xn = strcspn(x, "_");
        if (xn && word_stem_len(x, xn) == sn && strncmp(x, w, sn) == 0) {
            *len = xn;
            return x;
        }
        x += xn;
        while (*x == '_')
            x++;
    }
    return NULL;
}

/*
 * Rule 3: the domain noun of the tables s's modules write. Their root is the written table
 * the other written tables' foreign keys point to most (an aggregate's root: orders for
 * order_items), ties to the more write sites, then the smaller name. The noun is the word
 * (a name's part between underscores, a plural 's' aside) most written tables share, at
 * least two: ties to a word of the root, then the more write sites, then the smaller word;
 * spelt as in the root when the root has it. Without such a word, the root's name. The
 * name (malloc'd) into *out, NULL when s writes no table. Returns 0 or SEAM_ENOMEM.
 */
static int table_noun(const dc_partition *p, const dc_graph *g, const char *const *pin, int s,
                      char **out)
{
    *out = NULL;
    long *sites = calloc((size_t)g->ntables + 1, sizeof *sites);
    long *refs = calloc((size_t)g->ntables + 1, sizeof *refs);
    if (!sites || !refs) {
        free(sites);
        free(refs);
        return SEAM_ENOMEM;
    }
    for (int i = 0; i < g->naccess; i++)
        if (p->module_service[g->access[i].module] == s)
            sites[g->access[i].table] += g->access[i].writes;
    const seam_schema *sc = &g->model->schema;
    for (int k = 0; k < sc->nforeign_keys; k++) {
        int from = dc_facts_find_table(g, sc->foreign_keys[k].from_table);
        int to = dc_facts_find_table(g, sc->foreign_keys[k].to_table);
        if (from >= 0 && to >= 0 && from != to && sites[from] && sites[to])
            refs[to]++;
    }
    int root = -1;
    for (int t = 0; t < g->ntables; t++)
        if (sites[t] &&
            (root < 0 || refs[t] > refs[root] || (refs[t] == refs[root] && sites[t] > sites[root])))
            root = t;
    const char *word = NULL;
    size_t word_n = 0, len;
    int word_count = 1, word_in_root = 0;
    long word_sites = 0;
    for (int t = 0; t < g->ntables; t++) {
        if (!sites[t])
            continue;
        for (const char *w = bare_table(g, t); *w;) {
            size_t n = strcspn(w, "_"), sn = word_stem_len(w, n);
            int count = 0;
            long wsites = 0;
            for (int u = 0; sn >= 2 && u < g->ntables; u++)
                if (sites[u] && find_word(bare_table(g, u), w, sn, &len)) {
                    count++;
                    wsites += sites[u];
                }
            int in_root = count > 1 && find_word(bare_table(g, root), w, sn, &len) != NULL;
            int c = word ? (count > word_count) - (count < word_count) : count > 1;
            if (word && c == 0 && count > 1) {
                c = in_root - word_in_root;
                if (!c)
                    c = (wsites > word_sites) - (wsites < word_sites);
                if (!c) {
                    int k = strncmp(w, word, sn < word_n ? sn : word_n);
                    c = k < 0 || (k == 0 && sn < word_n);
                }
            }
            if (c > 0) {
                word = w, word_n = sn, word_count = count, word_in_root = in_root;
                word_sites = wsites;
            }
            w += n;
            while (*w == '_')
                w++;
        }
    }
    int rc = SEAM_OK;
    if (word) {
        const char *spelt = find_word(bare_table(g, root), word, word_n, &len);
        if (spelt)
            *out = sanitize(spelt, len);
        else
            *out = sanitize(word, word_n);
        rc = *out ? SEAM_OK : SEAM_ENOMEM;
    }
    /* Another service already took the noun (two services writing event tables): the root,
     * then the other written tables in the same order, so that a clash, when it can be
     * avoided, is avoided with a name of the service's own data. */
    for (int pass = 0; rc == SEAM_OK && pass < g->ntables && (!*out || used(p, g, pin, s, *out));
         pass++) {
        int next = -1;
        for (int t = 0; t < g->ntables; t++)
            if (sites[t] > 0 && (next < 0 || refs[t] > refs[next] ||
                                 (refs[t] == refs[next] && sites[t] > sites[next])))
                next = t;
        if (next < 0)
            break;
        sites[next] = -1; /* tried */
        char *cand = sanitize(bare_table(g, next), strlen(bare_table(g, next)));
        if (!cand) {
            rc = SEAM_ENOMEM;
        } else if (!*out || !used(p, g, pin, s, cand)) {
            free(*out);
            *out = cand;
        } else {
            free(cand);
        }
    }
    free(sites);
    free(refs);
    return rc;
}

/*
 * Rule 4: the module that drives a service: the one using the most other modules of its
 * service net of those using it (an entry or coordinating module, not a utility every
 * other module calls), ties to the larger strength, then the smaller path. For every
 * service at once, a link counting only inside its service: drivers (nservices ints) gets
 * each service's, -1 for none; net: nmodules ints of scratch.
 */
static void driver_modules(const dc_partition *p, const dc_graph *g, int *net, int *drivers)
{
    for (int m = 0; m < g->nmodules; m++)
        net[m] = 0;
    /* Link pairs are distinct (from, to): one pass counts distinct modules each way. */
    for (int i = 0; i < g->nlinks; i++) {
        const dc_call_pair *l = &g->links[i];
        int s = p->module_service[l->from];
        if (s >= 0 && p->module_service[l->to] == s) {
            net[l->from]++;
            net[l->to]--;
        }
    }
    for (int s = 0; s < p->nservices; s++)
        drivers[s] = -1;
    for (int m = 0; m < g->nmodules; m++) {
        int s = p->module_service[m];
        if (s < 0 || s >= p->nservices)
            continue;
        int best = drivers[s];
        if (best < 0 || net[m] > net[best] ||
            (net[m] == net[best] && g->strength[m] > g->strength[best]))
            drivers[s] = m;
    }
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
static prefix_count *service_prefixes(const dc_partition *p, const dc_graph *g, char **fn_prefix,
                                      const char **out, int *nout)
{
    const seam_model *m = g->model;
    prefix_count *v = calloc((size_t)m->nfunctions + 1, sizeof *v);
    int *total = calloc((size_t)p->nservices + 1, sizeof *total);
    int *best = calloc((size_t)p->nservices + 1, sizeof *best);
    int n = 0;
    if (!v || !total || !best)
        goto fail;
    for (int i = 0; i < m->nfunctions; i++) {
        int mod = g->file_module[m->functions[i].file], s = p->module_service[mod];
        if (s < 0 || !fn_prefix[i])
            continue;
        if (!(v[n].prefix = seam_strdup(fn_prefix[i])))
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

int dc_service_names_modules(dc_partition *p, const dc_graph *g, int *twin, seam_err *err)
{
    const char **prefix = calloc((size_t)p->nservices + 1, sizeof *prefix);
    int *tally = calloc((size_t)p->nservices + 1, sizeof *tally);
    int *scratch = calloc((size_t)g->nmodules + 1, sizeof *scratch);
    const char **pins = service_pins(p, g);
    /* Computed when a service first needs its driver: -2 until then. */
    int *drivers = calloc((size_t)p->nservices + 1, sizeof *drivers);
    if (drivers)
        drivers[0] = -2;
    char **fn_prefix = NULL;
    int nv = 0;
    prefix_count *v = NULL;
    int rc = dc_naming_edges_prefixes(g, &fn_prefix, err);
    if (rc == SEAM_OK && prefix && tally)
        v = service_prefixes(p, g, fn_prefix, prefix, &nv);
    if (rc == SEAM_OK && (!prefix || !tally || !scratch || !pins || !drivers || nv < 0))
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory naming services");
    for (int s = 0; s < p->nservices && rc == SEAM_OK; s++) {
        const char *pin = pins[s];
        if (twin)
            twin[s] = -1;
        if (pin) {
            rc = dc_service_names_pin(p, s, pin, err);
            continue;
        }
        size_t n;
        const char *dir = main_directory(p, g, s, tally, &n);
        char *base = NULL;
        if (dir) {
            const char *b = dir;
            for (size_t i = 0; i < n; i++)
                if (dir[i] == '/')
                    b = dir + i + 1;
            base = sanitize(b, (size_t)(dir + n - b));
        } else if (prefix[s]) {
            base = sanitize(prefix[s], strlen(prefix[s]));
        } else if (table_noun(p, g, pins, s, &base)) {
            rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory naming services");
            break;
        } else if (!base) {
            if (drivers[0] == -2)
                driver_modules(p, g, scratch, drivers);
            int best = drivers[s];
            const char *b = base_name(g->modules[best].stem);
            base = sanitize(b, strlen(b));
        }
        /* A service that would carry another's pinned name is that service (partition.c). */
        for (int t = 0; twin && base && t < p->nservices && twin[s] < 0; t++) {
            const char *other = t != s ? pins[t] : NULL;
            if (other && strcmp(other, base) == 0)
                twin[s] = t;
        }
        /* A name only tables are pinned to: the first service whose own name it is carries
         * it (and the tables, partition.c); later ones are that service's twins. */
        if (base && strcmp(base, DC_SHARED_NAME) != 0 && pinned_name(g, base) &&
            !module_pinned(p, g, base)) {
            int first = -1;
            for (int t = 0; t < s && first < 0; t++)
                if (p->names[t] && strcmp(p->names[t], base) == 0)
                    first = t;
            if (first < 0) {
                free(p->names[s]);
                p->names[s] = base;
                continue;
            }
            if (twin && twin[s] < 0)
                twin[s] = first;
        }
        rc = set_unique(p, g, s, base, err);
    }
    for (int i = 0; v && i < nv; i++)
        free(v[i].prefix);
    free(v);
    free(prefix);
    free(tally);
    free(scratch);
    free(pins);
    free(drivers);
    dc_naming_edges_prefixes_free(fn_prefix, g->model->nfunctions);
    return rc;
}
