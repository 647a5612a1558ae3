/*
 * naming_edges.c - naming edges: modules whose functions share a name prefix.
 *
 * C has no namespaces, so teams write them into names: order_create,
 * order_cancel, inv_reserve. A function's PREFIX is its name up to the first
 * '_' (leading underscores skipped), lower-cased, at least 2 characters;
 * "main" and "helper" have none.
 *
 * Each module gets a profile: how many of its functions carry each prefix
 * (tf), weighted by how rare the prefix is among modules (idf = ln(N / df),
 * N modules, df modules using it): the TF-IDF weighting of information
 * retrieval, as used for lexical software clustering (Corazza et al., 2016).
 * The naming edge between two modules is the cosine similarity of their
 * profiles: 1 when both use the same prefixes in the same proportions, near 0
 * when they share one stray helper prefix among many.
 *
 * A prefix carried by more than half of all modules names the project, not
 * a domain (ngx_ in nginx, zbx_ in every file), or is a convention (get_,
 * do_): it is no signal. It is taken off the front of the names and the next
 * word is their prefix (ngx_http_parse: "http"; zbx_db_connect: "db"), again
 * until no prefix is that common: a project that writes its own name first
 * writes the module's namespace second. Half, not less: a system of two
 * domains has two namespaces, each in half of the modules. This also bounds
 * the work, since each prefix costs the square of the modules using it.
 *
 * Boilerplate is no signal either: a name shape that each module of one kind
 * repeats once (every daemon's main_<name>_loop) ties modules that merely
 * follow one convention (drop_boilerplate), and functions one macro expansion
 * defines (several at one file and line: a container instantiated per element
 * type) are generated, not named by anyone. A prefix of one module ties
 * nothing. Service names (service_names.c) read the same prefixes
 * (dc_naming_edges_prefixes).
 *
 * A word is only a namespace if the code agrees: a generator or a team that
 * names modules from one pool of words in every domain (account_, batch_,
 * cache_ in twenty domains) writes words that cut across the domains. So each
 * prefix's share of the cosine counts as far as its modules keep their
 * coupling among themselves (agreement.c) beyond chance: k modules picked at
 * random keep (k - 1) / (N - 1) of it; at that share or below the prefix ties
 * nothing, at NAMING_FULL_LIFT times it and above fully, linearly between. The
 * cosines are normalised to a mean of 1 before (graph.c), so a code base whose
 * names all disagree with its code gets little naming weight, not the usual.
 */
#include "decomposer_internal.h"
#include "sort.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX_MAX 64
#define NAMING_FULL_LIFT 3.0 /* agreement, in times chance, at which a prefix counts fully */

int dc_naming_edges_prefix(const char *name, char *buf, size_t n)
{
    if (!name || n < 2)
        return 0;
    while (*name == '_')
        name++;
    const char *us = strchr(name, '_');
    size_t len = us ? (size_t)(us - name) : 0;
    if (len < 2 || len >= n)
        return 0;
    for (size_t i = 0; i < len; i++)
        buf[i] = (char)tolower((unsigned char)name[i]);
    buf[len] = '\0';
    return 1;
}

typedef struct use {
    char *prefix; /* owned */
    int module;
    int fn; /* the function carrying it */
} use;

static int cmp_use(const void *x, const void *y)
{
    const use *a = x, *b = y;
    int c = strcmp(a->prefix, b->prefix);
    return c ? c : (a->module > b->module) - (a->module < b->module);
}

/* One prefix's modules with their counts (tf): a run of the sorted uses. */
typedef struct posting {
    int module;
    double tf;
} posting;

static int ignored(int df, int nmodules)
{
    return df < 2 || 2 * df > nmodules;
}

/* ---- the prefixes, project-wide words and boilerplate taken out ---- */

/* A function's name as words: lower case, leading underscores skipped; start is where the
 * prefix is read (after the project-wide words already taken out). */
typedef struct fname {
    char *low;  /* owned */
    size_t start;
    int module;
} fname;

/* The prefix of f at its start into buf, as dc_naming_edges_prefix reads it; 0: none. */
static int prefix_at(const fname *f, char *buf, size_t n)
{
    return f->low && dc_naming_edges_prefix(f->low + f->start, buf, n);
}

/* A (prefix, module) use with the function's last word, for the boilerplate test. */
typedef struct shape {
    char *prefix; /* owned */
    const char *last; /* into fname.low; "" for a name of fewer than three words */
    int module;
    int fn;
    int pure; /* every function of this prefix in this module has this last word */
} shape;

static int cmp_shape_module(const void *x, const void *y)
{
    const shape *a = x, *b = y;
    int c = strcmp(a->prefix, b->prefix);
    if (c)
        return c;
    if (a->module != b->module)
        return (a->module > b->module) - (a->module < b->module);
    c = strcmp(a->last, b->last);
    return c ? c : (a->fn > b->fn) - (a->fn < b->fn);
}

static int cmp_shape_last(const void *x, const void *y)
{
    const shape *a = x, *b = y;
    int c = strcmp(a->prefix, b->prefix);
    if (c)
        return c;
    c = strcmp(a->last, b->last);
    if (c)
        return c;
    if (a->module != b->module)
        return (a->module > b->module) - (a->module < b->module);
    return (a->fn > b->fn) - (a->fn < b->fn);
}

/* The last word of a name of at least three words from its prefix on, else "". */
static const char *last_word(const char *name)
{
    const char *first = strchr(name, '_');
    const char *last = strrchr(name, '_');
    return first && last > first && last[1] ? last + 1 : "";
}

/*
 * Project-wide words: a prefix carried by more than half of all modules (and by two at
 * least) names the project or a convention; it is taken off the front of every name
 * carrying it and the next word is read as the prefix (zbx_db_connect: "db"). Taking one
 * word off can expose another project-wide word (zbx_get_...), so this repeats until no
 * prefix is that common. Returns 0 or SEAM_ENOMEM.
 */
static int strip_project_words(const dc_graph *g, fname *f, int n)
{
    use *u = calloc((size_t)n + 1, sizeof *u);
    if (!u)
        return SEAM_ENOMEM;
    char buf[PREFIX_MAX];
    int rc = SEAM_OK;
    /* Each round takes at least one word off some name: names are finite, so it ends. */
    for (int changed = 1; changed && rc == SEAM_OK;) {
        changed = 0;
        int nu = 0;
        for (int i = 0; i < n && rc == SEAM_OK; i++) {
            if (!prefix_at(&f[i], buf, sizeof buf))
                continue;
            if (!(u[nu].prefix = seam_strdup(buf))) {
                rc = SEAM_ENOMEM;
            } else {
                u[nu].fn = i;
                u[nu++].module = f[i].module;
            }
        }
        if (nu > 1)
            seam_sort(u, (size_t)nu, sizeof *u, cmp_use);
        for (int i = 0; i < nu && rc == SEAM_OK;) {
            int j = i, df = 0;
            for (; j < nu && strcmp(u[j].prefix, u[i].prefix) == 0; j++)
                df += j == i || u[j].module != u[j - 1].module;
            /* The uses hold every function of the prefix: one word off each, once a round. */
            for (int k = i; k < j && df >= 2 && 2 * df > g->nmodules; k++) {
                fname *fk = &f[u[k].fn];
                fk->start += strlen(u[k].prefix) + 1;
                /* Underscores between the words are no word. */
                while (fk->low[fk->start] == '_')
                    fk->start++;
                changed = 1;
            }
            i = j;
        }
        for (int i = 0; i < nu; i++)
            free(u[i].prefix);
    }
    free(u);
    return rc;
}

/*
 * Boilerplate: a name shape every module of some kind repeats (each daemon's
 * main_<name>_loop) says the modules follow one convention, not that they belong
 * together. A shape is a prefix and a last word over at least three words; it is
 * boilerplate when at least three modules carry it and, in each of them, every function of
 * that prefix has that shape (the prefix names nothing else there). A domain's namespace
 * fails the test: its modules carry the prefix on other functions too (orders_cart_add
 * beside orders_cart_remove). Such functions get no prefix (start moves to the end).
 */
static int drop_boilerplate(fname *f, int n)
{
    shape *v = calloc((size_t)n + 1, sizeof *v);
    if (!v)
        return SEAM_ENOMEM;
    char buf[PREFIX_MAX];
    int nv = 0, rc = SEAM_OK;
    for (int i = 0; i < n; i++) {
        if (!prefix_at(&f[i], buf, sizeof buf))
            continue;
        if (!(v[nv].prefix = seam_strdup(buf))) {
            rc = SEAM_ENOMEM;
            goto done;
        }
        v[nv].last = last_word(f[i].low + f[i].start);
        v[nv].module = f[i].module;
        v[nv++].fn = i;
    }
    seam_sort(v, (size_t)nv, sizeof *v, cmp_shape_module);
    /* Runs of one (prefix, module): pure when every last word is one and not "". */
    for (int i = 0; i < nv;) {
        int j = i, pure = *v[i].last != '\0';
        for (; j < nv && strcmp(v[j].prefix, v[i].prefix) == 0 && v[j].module == v[i].module; j++)
            pure &= strcmp(v[j].last, v[i].last) == 0;
        for (int k = i; k < j; k++)
            v[k].pure = pure;
        i = j;
    }
    seam_sort(v, (size_t)nv, sizeof *v, cmp_shape_last);
    /* Runs of one shape (prefix, last word): boilerplate when 3+ modules, all pure. */
    for (int i = 0; i < nv;) {
        int j = i, modules = 0, pure = *v[i].last != '\0';
        for (; j < nv && strcmp(v[j].prefix, v[i].prefix) == 0 && strcmp(v[j].last, v[i].last) == 0;
             j++) {
            modules += j == i || v[j].module != v[j - 1].module;
            pure &= v[j].pure;
        }
        if (pure && modules >= 3)
            for (int k = i; k < j; k++)
                f[v[k].fn].start = strlen(f[v[k].fn].low); /* no prefix left */
        i = j;
    }
done:
    for (int i = 0; i < nv; i++)
        free(v[i].prefix);
    free(v);
    return rc;
}

/* Where a function is defined, for drop_generated. */
typedef struct place {
    int file, line, fn;
} place;

static int cmp_place(const void *x, const void *y)
{
    const place *a = x, *b = y;
    if (a->file != b->file)
        return (a->file > b->file) - (a->file < b->file);
    if (a->line != b->line)
        return (a->line > b->line) - (a->line < b->line);
    return (a->fn > b->fn) - (a->fn < b->fn);
}

/*
 * Generated code is no one's naming: several definitions at one file and line come from one
 * macro expansion (a container library instantiated per element type,
 * zbx_vector_uint64_append and twenty more in every file using it). Such functions get no
 * prefix. Returns 0 or SEAM_ENOMEM.
 */
static int drop_generated(const seam_model *m, fname *f)
{
    int n = m->nfunctions;
    place *v = malloc(((size_t)n + 1) * sizeof *v);
    if (!v)
        return SEAM_ENOMEM;
    for (int i = 0; i < n; i++)
        v[i] = (place){m->functions[i].file, m->functions[i].line, i};
    seam_sort(v, (size_t)n, sizeof *v, cmp_place);
    for (int i = 0; i + 1 < n; i++)
        if (v[i].line > 0 && v[i].file == v[i + 1].file && v[i].line == v[i + 1].line) {
            f[v[i].fn].start = strlen(f[v[i].fn].low);
            f[v[i + 1].fn].start = strlen(f[v[i + 1].fn].low);
        }
    free(v);
    return SEAM_OK;
}

int dc_naming_edges_prefixes(const dc_graph *g, char ***out, seam_err *err)
{
    const seam_model *m = g->model;
    int n = m->nfunctions, rc = SEAM_OK;
    fname *f = calloc((size_t)n + 1, sizeof *f);
    char **res = calloc((size_t)n + 1, sizeof *res);
    *out = NULL;
    if (!f || !res)
        goto oom;
    for (int i = 0; i < n; i++) {
        const char *name = m->functions[i].name ? m->functions[i].name : "";
        while (*name == '_')
            name++;
        if (!(f[i].low = seam_strdup(name)))
            goto oom;
        for (char *c = f[i].low; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        f[i].module = g->file_module[m->functions[i].file];
    }
    if (drop_generated(m, f) || strip_project_words(g, f, n) || drop_boilerplate(f, n))
        goto oom;
    char buf[PREFIX_MAX];
    for (int i = 0; i < n; i++)
        if (prefix_at(&f[i], buf, sizeof buf) && !(res[i] = seam_strdup(buf)))
            goto oom;
    *out = res;
    res = NULL;
    goto done;
oom:
    rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory comparing function names");
done:
    for (int i = 0; f && i < n; i++)
        free(f[i].low);
    free(f);
    dc_naming_edges_prefixes_free(res, n);
    return rc;
}

void dc_naming_edges_prefixes_free(char **v, int n)
{
    for (int i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

int dc_naming_edges(const dc_graph *g, const dc_kedge *base, int nbase, dc_kedges *out,
                    seam_err *err)
{
    const seam_model *m = g->model;
    int rc = SEAM_OK, nu = 0, ng = 0;
    char **prefix = NULL;
    if ((rc = dc_naming_edges_prefixes(g, &prefix, err)))
        return rc;
    use *u = calloc((size_t)m->nfunctions + 1, sizeof *u);
    double *norm = calloc((size_t)g->nmodules + 1, sizeof *norm);
    /* the prefixes kept, each a group of modules (its postings) for agreement.c */
    posting *p = calloc((size_t)m->nfunctions + 1, sizeof *p);
    int *start = calloc((size_t)m->nfunctions + 2, sizeof *start);
    int **mods = calloc((size_t)m->nfunctions + 1, sizeof *mods);
    int *sizes = calloc((size_t)m->nfunctions + 1, sizeof *sizes);
    int *members = calloc((size_t)m->nfunctions + 1, sizeof *members);
    double *idf = calloc((size_t)m->nfunctions + 1, sizeof *idf), mean = 0;
    double *agreement = calloc((size_t)m->nfunctions + 1, sizeof *agreement);
    if (!u || !norm || !p || !start || !mods || !sizes || !members || !idf || !agreement)
        goto oom;
    for (int i = 0; i < m->nfunctions; i++) {
        if (!prefix[i])
            continue;
        /* The use takes the prefix over. */
        u[nu].prefix = prefix[i];
        prefix[i] = NULL;
        u[nu++].module = g->file_module[m->functions[i].file];
    }
    if (nu > 1)
        seam_sort(u, (size_t)nu, sizeof *u, cmp_use);
    /* The prefixes: their postings (module, tf) one after another, from start[k]. */
    int np = 0;
    for (int i = 0; i < nu;) {
        int j = i, from = np;
        while (j < nu && strcmp(u[j].prefix, u[i].prefix) == 0) {
            if (np > from && p[np - 1].module == u[j].module)
                p[np - 1].tf += 1;
            else
                p[np].module = u[j].module, p[np++].tf = 1;
            j++;
        }
        i = j;
        if (ignored(np - from, g->nmodules)) {
            np = from;
            continue;
        }
        start[ng] = from;
        sizes[ng] = np - from;
        mods[ng] = members + from;
        for (int k = from; k < np; k++)
            members[k] = p[k].module;
        idf[ng] = log((double)g->nmodules / (np - from));
        for (int k = from; k < np; k++)
            norm[p[k].module] += (p[k].tf * idf[ng]) * (p[k].tf * idf[ng]);
        ng++;
    }
    for (int k = 0; k < g->nmodules; k++)
        norm[k] = sqrt(norm[k]);
    /*
     * A name's word ties its modules only as far as their code agrees: a word
     * every domain uses for its own module ("account" in twenty domains) ties
     * nothing. Every read of base comes before the first push into out.
     */
    if ((rc = dc_agreement_compute(g, base, nbase, mods, sizes, ng, agreement, &mean, err)))
        goto done;
    for (int k = 0; k < ng && rc == SEAM_OK; k++) {
        const posting *q = p + start[k];
        /* beyond chance: k modules picked at random would keep (k - 1) / (N - 1) of their
         * coupling among themselves; a prefix counts from there, fully at 3 times that */
        int live = g->nmodules - g->nshared;
        double chance = live > 1 ? (double)(sizes[k] - 1) / (live - 1) : 1;
        double lift = chance > 0 ? agreement[k] / chance : 0;
        double a2 = lift <= 1 ? 0 : lift >= NAMING_FULL_LIFT ? 1 : (lift - 1) / (NAMING_FULL_LIFT - 1);
        for (int a = 0; a < sizes[k] && rc == SEAM_OK; a++)
            for (int b = a + 1; b < sizes[k] && rc == SEAM_OK; b++) {
                int ma = q[a].module, mb = q[b].module;
                double cos = q[a].tf * q[b].tf * idf[k] * idf[k] / (norm[ma] * norm[mb]);
                /* Summed over prefixes by the graph's merge: the cosine (raw), and the
                 * cosine as far as the code agrees (w) */
                rc = dc_kedges_push(out, ma, mb, DECOMPOSER_NAMING, cos);
                if (rc == SEAM_OK)
                    out->v[out->n - 1].w = cos * a2;
            }
    }
    if (rc)
        goto oom;
    goto done;
oom:
    rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory comparing function names");
done:
    for (int i = 0; u && i < nu; i++)
        free(u[i].prefix);
    free(u);
    free(norm);
    free(p);
    free(start);
    free(mods);
    free(sizes);
    free(members);
    free(idf);
    free(agreement);
    dc_naming_edges_prefixes_free(prefix, m->nfunctions);
    return rc;
}
