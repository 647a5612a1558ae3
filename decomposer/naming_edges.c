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
 * a domain (ngx_ in nginx, every file), or is a convention (get_, do_): it is
 * dropped before anything else. Its idf would be small anyway; dropping it
 * also bounds the work, since each prefix costs the square of the modules
 * using it. Half, not less: a system of two domains has two namespaces, each
 * in half of the modules. A prefix of one module ties nothing.
 */
#include "decomposer_internal.h"
#include "sort.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX_MAX 64

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

int dc_naming_edges(const dc_graph *g, dc_kedges *out, seam_err *err)
{
    const seam_model *m = g->model;
    int rc = SEAM_OK, nu = 0;
    use *u = calloc((size_t)m->nfunctions + 1, sizeof *u);
    double *norm = calloc((size_t)g->nmodules + 1, sizeof *norm);
    posting *p = calloc((size_t)g->nmodules + 1, sizeof *p);
    if (!u || !norm || !p)
        goto oom;
    char buf[PREFIX_MAX];
    for (int i = 0; i < m->nfunctions; i++) {
        if (!dc_naming_edges_prefix(m->functions[i].name, buf, sizeof buf))
            continue;
        if (!(u[nu].prefix = seam_strdup(buf)))
            goto oom;
        u[nu++].module = g->file_module[m->functions[i].file];
    }
    if (nu > 1)
        seam_sort(u, (size_t)nu, sizeof *u, cmp_use);
    /* Two passes over the prefixes: the norms of the profiles, then the pairs. */
    for (int pass = 0; pass < 2 && rc == SEAM_OK; pass++) {
        for (int i = 0; i < nu;) {
            int j = i, np = 0;
            while (j < nu && strcmp(u[j].prefix, u[i].prefix) == 0) {
                if (np && p[np - 1].module == u[j].module)
                    p[np - 1].tf += 1;
                else
                    p[np].module = u[j].module, p[np++].tf = 1;
                j++;
            }
            i = j;
            if (ignored(np, g->nmodules))
                continue;
            double idf = log((double)g->nmodules / np);
            if (pass == 0) {
                for (int k = 0; k < np; k++)
                    norm[p[k].module] += (p[k].tf * idf) * (p[k].tf * idf);
                continue;
            }
            for (int a = 0; a < np && rc == SEAM_OK; a++)
                for (int b = a + 1; b < np && rc == SEAM_OK; b++) {
                    int ma = p[a].module, mb = p[b].module;
                    double dot = p[a].tf * p[b].tf * idf * idf;
                    /* Summed over prefixes by the graph's merge: the cosine. */
                    rc =
                        dc_kedges_push(out, ma, mb, DECOMPOSER_NAMING, dot / (norm[ma] * norm[mb]));
                }
        }
        if (pass == 0)
            for (int k = 0; k < g->nmodules; k++)
                norm[k] = sqrt(norm[k]);
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
    return rc;
}
