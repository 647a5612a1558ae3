/*
 * components.c - component edges: modules their project groups, tied as
 * strongly as the code's own coupling agrees with the grouping.
 *
 * A code base says how it is organised in two ways seam can read: the
 * components its build declares (model.json components: a directory with
 * a build file of its own, analyzer/components.c) and the directories its
 * files live in. Either may be the architecture (bash builds each of its
 * libraries from one directory of lib/) or an accident of layout (a
 * project laid out by technical layer, controllers/ and repositories/
 * across every domain). So a group counts only as much as the other
 * signals agree with it: its agreement (agreement.c) is the share of its
 * modules' coupling that stays inside the group, 1 for a group the code
 * already keeps to itself, near 0 for a layer whose modules each talk to
 * other layers. The group then adds, per module,
 * factor * agreement * (mean module strength) spread over its pairs, so
 * a module's component weight is on the scale of its other ties, an
 * agreeing group is held together, and a group the code does not keep
 * together (a layer: agreement near 0) adds next to nothing. A declared
 * component counts fully; a directory that is no declared component is
 * one piece of evidence of the layout less than one (half its weight).
 * A group of one module, or of more than half of all modules (a tree with
 * one big directory says nothing by it), ties nothing.
 *
 * A declared component the code calls into more than it calls out of (its
 * inward share, layering.c, over one half) is a library below its callers:
 * it agrees with the code's call direction even where its modules never
 * call one another, so its agreement is at least that share. Only a
 * declared one: a directory that is a technical layer (every domain's
 * repositories/) is called into just the same, and is no component.
 *
 * Groups of more than COMPONENT_CLIQUE modules are tied in a ring of
 * COMPONENT_CLIQUE / 2 neighbours each side (in module order), not as a
 * clique, so the edges stay linear in the modules; each module's total is
 * the same.
 */
#include "decomposer_internal.h"
#include "sort.h"

#include <stdlib.h>
#include <string.h>

#define COMPONENT_CLIQUE 32
#define DIRECTORY_SHARE 0.5 /* a directory's weight against a declared component's */
#define LIBRARY_INWARD 0.5  /* a declared component called into more than this is a library */

typedef struct group {
    int *mods; /* sorted, unique, none shared */
    int n;
    double share; /* 1 declared, DIRECTORY_SHARE a directory */
} group;

typedef struct groups {
    group *v;
    int n, cap;
} groups;

static void groups_free(groups *gs)
{
    for (int i = 0; i < gs->n; i++)
        free(gs->v[i].mods);
    free(gs->v);
}

/* Adds the group of mods (taken; sorted and deduplicated here) unless it says nothing. */
static int group_add(const dc_graph *g, groups *gs, int *mods, int n, double share)
{
    n = seam_sort_unique_int(mods, n);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (!g->shared[mods[i]])
            mods[k++] = mods[i];
    /* the same modules as a group already listed (a declared directory): once */
    for (int i = 0; i < gs->n && k > 1; i++)
        if (gs->v[i].n == k && memcmp(gs->v[i].mods, mods, (size_t)k * sizeof *mods) == 0)
            k = 0;
    if (k < 2 || 2 * k > g->nmodules) {
        free(mods);
        return 0;
    }
    if (seam_array_reserve(&gs->v, &gs->cap, gs->n + 1, sizeof *gs->v) < 0) {
        free(mods);
        return SEAM_ENOMEM;
    }
    gs->v[gs->n++] = (group){mods, k, share};
    return 0;
}

/* The declared components, by their files' modules. */
static int declared(const dc_graph *g, groups *gs)
{
    const seam_model *m = g->model;
    for (int c = 0; c < m->ncomponents; c++) {
        const seam_component *comp = &m->components[c];
        int *mods = malloc((size_t)(comp->nfiles + 1) * sizeof *mods);
        int n = 0;
        if (!mods)
            return SEAM_ENOMEM;
        for (int i = 0; i < comp->nfiles; i++) {
            int f = seam_model_find_file(m, comp->files[i]);
            if (f >= 0 && g->file_module[f] >= 0)
                mods[n++] = g->file_module[f];
        }
        if (group_add(g, gs, mods, n, 1.0) < 0)
            return SEAM_ENOMEM;
    }
    return 0;
}

/* The directory of a module's first file ("" at the top), malloc'd. */
static char *module_dir(const dc_graph *g, int mod)
{
    const dc_module *md = &g->modules[mod];
    const char *path = md->nfile ? g->model->files[md->file[0]].path : "";
    const char *slash = strrchr(path, '/');
    return seam_printf("%.*s", slash ? (int)(slash - path) : 0, path);
}

typedef struct dir_mod {
    char *dir;
    int mod;
} dir_mod;

static int dir_mod_cmp(const void *a, const void *b)
{
    const dir_mod *x = a, *y = b;
    int c = strcmp(x->dir, y->dir);
    return c ? c : (x->mod > y->mod) - (x->mod < y->mod);
}

/* Every directory's modules. */
static int directories(const dc_graph *g, groups *gs)
{
    dir_mod *v = calloc((size_t)g->nmodules + 1, sizeof *v);
    int rc = v ? 0 : SEAM_ENOMEM;
    for (int i = 0; rc == 0 && i < g->nmodules; i++)
        if (!(v[i].dir = module_dir(g, i)))
            rc = SEAM_ENOMEM;
        else
            v[i].mod = i;
    if (rc == 0 && g->nmodules > 1)
        qsort(v, (size_t)g->nmodules, sizeof *v, dir_mod_cmp);
    for (int i = 0; rc == 0 && i < g->nmodules;) {
        int j = i;
        while (j < g->nmodules && strcmp(v[j].dir, v[i].dir) == 0)
            j++;
        int *mods = malloc((size_t)(j - i) * sizeof *mods);
        if (!mods) {
            rc = SEAM_ENOMEM;
            break;
        }
        for (int k = i; k < j; k++)
            mods[k - i] = v[k].mod;
        rc = group_add(g, gs, mods, j - i, DIRECTORY_SHARE);
        i = j;
    }
    for (int i = 0; v && i < g->nmodules; i++)
        free(v[i].dir);
    free(v);
    return rc;
}

int dc_components_edges(const dc_graph *g, const dc_kedge *weighed, int n, dc_kedges *out,
                        seam_err *err)
{
    double factor = g->opts->weights[DECOMPOSER_COMPONENT];
    if (factor <= 0 || g->opts->unit == DECOMPOSER_UNIT_DIR)
        return SEAM_OK;
    groups gs = {0};
    int rc = declared(g, &gs);
    if (rc == 0)
        rc = directories(g, &gs);
    int **mods = calloc((size_t)gs.n + 1, sizeof *mods);
    int *sizes = calloc((size_t)gs.n + 1, sizeof *sizes);
    double *agreement = calloc((size_t)gs.n + 1, sizeof *agreement), mean = 0;
    double *inward = calloc((size_t)gs.n + 1, sizeof *inward);
    if (rc == 0 && (!mods || !sizes || !agreement || !inward))
        rc = SEAM_ENOMEM;
    if (rc < 0) {
        rc = seam_err_set(err, rc, "decomposer: out of memory reading components");
        goto done;
    }
    for (int i = 0; i < gs.n; i++)
        mods[i] = gs.v[i].mods, sizes[i] = gs.v[i].n;
    /* every read of weighed comes before the first push: out may be where it lives */
    if ((rc = dc_agreement_compute(g, weighed, n, mods, sizes, gs.n, agreement, &mean, err)))
        goto done;
    if ((rc = dc_layering_inward(g, mods, sizes, gs.n, inward, err)))
        goto done;
    for (int gi = 0; gi < gs.n; gi++)
        if (gs.v[gi].share >= 1.0 && inward[gi] > LIBRARY_INWARD && inward[gi] > agreement[gi])
            agreement[gi] = inward[gi];
    for (int gi = 0; rc == 0 && gi < gs.n && mean > 0; gi++) {
        const group *gr = &gs.v[gi];
        double per_module = factor * gr->share * agreement[gi] * mean;
        if (per_module <= 0)
            continue;
        int ring = gr->n > COMPONENT_CLIQUE ? COMPONENT_CLIQUE / 2 : gr->n - 1;
        /* a clique gives each module n-1 ties; a ring 2*ring */
        double pair = per_module / (gr->n > COMPONENT_CLIQUE ? 2.0 * ring : gr->n - 1.0);
        for (int i = 0; rc == 0 && i < gr->n; i++)
            for (int d = 1; rc == 0 && d <= ring; d++) {
                int j = gr->n > COMPONENT_CLIQUE ? (i + d) % gr->n : i + d;
                if (gr->n <= COMPONENT_CLIQUE && j >= gr->n)
                    break;
                rc = dc_kedges_push(out, gr->mods[i], gr->mods[j], DECOMPOSER_COMPONENT, pair);
            }
    }
    if (rc < 0)
        rc = seam_err_set(err, rc, "decomposer: out of memory building component edges");
done:
    free(mods);
    free(sizes);
    free(agreement);
    free(inward);
    groups_free(&gs);
    return rc;
}
