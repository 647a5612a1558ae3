/*
 * decomposer.c - the stage's driver: facts -> graph -> clusters -> services.
 *
 * The steps live in their own files: facts.c (modules, tables, counts),
 * shared.c (libraries set aside), graph.c (edge weights), cluster.c
 * (Leiden), partition.c and service_names.c (services, table owners,
 * names), explain.c, dead.c, metrics.c. This file runs them in order and
 * writes the results into the model; planner/ plans the split from them.
 */
#include "decomposer_internal.h"
#include "sort.h"
#include "system_read.h"

#include <stdlib.h>
#include <string.h>

void decomposer_options_init(decomposer_options *o)
{
    memset(o, 0, sizeof *o);
    o->resolution = 0; /* sweep, see cluster.c */
    o->seed = 1;
    o->unit = DECOMPOSER_UNIT_MODULE;
    /* The defaults and their reasons: graph.c and docs/decomposition.md. */
    o->weights[DECOMPOSER_CALL] = 1.0;
    o->weights[DECOMPOSER_REF] = 1.0;
    o->weights[DECOMPOSER_GLOBAL] = 1.0;
    o->weights[DECOMPOSER_TYPE] = 0.25;
    o->weights[DECOMPOSER_ACCESS] = 1.0;
    o->weights[DECOMPOSER_FK] = 0.5;
    o->weights[DECOMPOSER_IMPLIED_FK] = 0.5;
    o->weights[DECOMPOSER_COCHANGE] = 1.0;
    o->weights[DECOMPOSER_NAMING] = 1.0;
    o->weights[DECOMPOSER_COMPONENT] = 1.0;
    o->git = 1;
    o->git_max_commits = 2000;
    o->git_max_files = 50;
}

const char *decomposer_kind_name(int kind)
{
    static const char *const names[DECOMPOSER_NKINDS] = {
        "call", "ref",      "global",   "type",   "access",
        "fk",   "implied_fk", "cochange", "naming", "component"};
    return kind >= 0 && kind < DECOMPOSER_NKINDS ? names[kind] : NULL;
}

/* Files of every module m with module_value[m] == value, sorted, into out. */
static int gather_files(const dc_graph *g, const int *module_value, int value, seam_service *out)
{
    int n = 0;
    for (int m = 0; m < g->nmodules; m++)
        if (module_value[m] == value)
            n += g->modules[m].nfile;
    out->files = calloc((size_t)n + 1, sizeof *out->files);
    if (!out->files)
        return SEAM_ENOMEM;
    for (int m = 0; m < g->nmodules; m++) {
        if (module_value[m] != value)
            continue;
        for (int k = 0; k < g->modules[m].nfile; k++) {
            if (!(out->files[out->nfiles] =
                      seam_strdup(g->model->files[g->modules[m].file[k]].path)))
                return SEAM_ENOMEM;
            out->nfiles++;
        }
    }
    if (out->nfiles > 1)
        seam_sort(out->files, (size_t)out->nfiles, sizeof *out->files, seam_cmp_str);
    return SEAM_OK;
}

static int emit_service(const dc_graph *g, const dc_partition *p, int s, seam_service *out)
{
    out->kind = SEAM_SERVICE_KIND_SERVICE;
    if (!(out->name = seam_strdup(p->names[s])) || gather_files(g, p->module_service, s, out))
        return SEAM_ENOMEM;
    int n = 0;
    for (int t = 0; t < g->ntables; t++)
        n += p->table_service[t] == s;
    out->tables = calloc((size_t)n + 1, sizeof *out->tables);
    if (!out->tables)
        return SEAM_ENOMEM;
    /* g->tables is sorted, so the service's tables come out sorted. */
    for (int t = 0; t < g->ntables; t++) {
        if (p->table_service[t] != s)
            continue;
        if (!(out->tables[out->ntables] = seam_strdup(g->tables[t])))
            return SEAM_ENOMEM;
        out->ntables++;
    }
    return SEAM_OK;
}

/* One "shared" entry for all set-aside modules, their reasons joined by "; ". */
static int emit_shared(const dc_graph *g, seam_service *out)
{
    out->kind = SEAM_SERVICE_KIND_SHARED_LIBRARY;
    if (!(out->name = seam_strdup(DC_SHARED_NAME)) || gather_files(g, g->shared, 1, out))
        return SEAM_ENOMEM;
    char *reason = seam_strdup("");
    for (int m = 0; m < g->nmodules && reason; m++) {
        if (!g->shared[m])
            continue;
        char *next = seam_printf("%s%s%s: %s", reason, *reason ? "; " : "", dc_facts_module_label(g, m),
                                 g->shared_reason[m]);
        free(reason);
        reason = next;
    }
    out->reason = reason;
    return reason ? SEAM_OK : SEAM_ENOMEM;
}

typedef struct named {
    const char *name;
    int service; /* partition service, or nservices for the shared libraries */
} named;

static int cmp_named(const void *x, const void *y)
{
    return strcmp(((const named *)x)->name, ((const named *)y)->name);
}

/*
 * model->services sorted by name; index[s] is where partition service s went
 * (index[nservices]: the shared libraries' entry, when there is one).
 */
static int emit_services(seam_model *model, const dc_graph *g, const dc_partition *p, int *index)
{
    int n = p->nservices + (g->nshared ? 1 : 0);
    named *order = calloc((size_t)n + 1, sizeof *order);
    model->services = calloc((size_t)n + 1, sizeof *model->services);
    if (!order || !model->services) {
        free(order);
        return SEAM_ENOMEM;
    }
    model->nservices = n;
    for (int s = 0; s < p->nservices; s++) {
        order[s].name = p->names[s];
        order[s].service = s;
    }
    if (g->nshared) {
        order[p->nservices].name = DC_SHARED_NAME;
        order[p->nservices].service = p->nservices;
    }
    seam_sort(order, (size_t)n, sizeof *order, cmp_named);
    int rc = SEAM_OK;
    for (int i = 0; i < n && rc == SEAM_OK; i++) {
        index[order[i].service] = i;
        rc = order[i].service < p->nservices
                 ? emit_service(g, p, order[i].service, &model->services[i])
                 : emit_shared(g, &model->services[i]);
    }
    free(order);
    return rc;
}

/* Q of the final partition: modules by service, tables by owner. */
static int final_modularity(const dc_graph *g, dc_partition *p, seam_err *err)
{
    int *memb = calloc((size_t)dc_nnodes(g) + 1, sizeof *memb);
    if (!memb)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory");
    for (int m = 0; m < g->nmodules; m++)
        /* Shared modules have no edges: any singleton label leaves Q unchanged. */
        memb[m] = p->module_service[m] >= 0 ? p->module_service[m] : p->nservices + m;
    /* An unowned table is a singleton too (its label below 2 * nodes, as for modules). */
    for (int t = 0; t < g->ntables; t++)
        memb[g->nmodules + t] =
            p->table_service[t] >= 0 ? p->table_service[t] : p->nservices + g->nmodules + t;
    int rc = dc_cluster_modularity(g, memb, &p->modularity, err);
    free(memb);
    return rc;
}

static void clear_output(seam_model *model)
{
    /* seam_model_free releases everything; keep the inputs by moving the outputs aside. */
    seam_model out;
    seam_model_init(&out);
#define MOVE_ASIDE(f) (out.f = model->f, out.n##f = model->n##f, model->f = NULL, model->n##f = 0)
    MOVE_ASIDE(services);
    MOVE_ASIDE(modules);
    MOVE_ASIDE(implied_fks);
    MOVE_ASIDE(shared_tables);
    MOVE_ASIDE(dead_functions);
    MOVE_ASIDE(edge_kinds);
    MOVE_ASIDE(unowned_tables);
#undef MOVE_ASIDE
    seam_model_free(&out);
    memset(&model->metrics, 0, sizeof model->metrics);
}

int decomposer_run(seam_model *model, const decomposer_options *opts, seam_err *err)
{
    decomposer_options defaults;
    if (!model)
        return seam_err_set(err, SEAM_EUSAGE, "decomposer: no model given");
    if (model->nservices || model->nplan || model->nmodules || model->nimplied_fks ||
        model->nshared_tables || model->ndead_functions || model->nedge_kinds ||
        model->nunowned_tables)
        return seam_err_set(err, SEAM_EUSAGE,
                            "decomposer: the model already has services or a plan");
    if (!opts) {
        decomposer_options_init(&defaults);
        opts = &defaults;
    }
    dc_graph g;
    dc_partition p;
    dc_cluster_info info;
    memset(&p, 0, sizeof p);
    memset(&info, 0, sizeof info);
    int *membership = NULL, *index = NULL;
    /* The database's own catalogs are no application tables: out of the SQL sites' tables
     * before anything is owned, shared or planned. */
    int rc = seam_system_read_fold(model, err);
    if (rc)
        return rc;
    rc = dc_facts_collect(&g, model, opts, err);
    if (!rc)
        rc = dc_constraints_resolve(&g, err);
    if (!rc)
        rc = dc_shared_detect(&g, err);
    if (!rc)
        rc = dc_graph_weigh(&g, err);
    if (!rc)
        rc = dc_shared_isolated(&g, err);
    if (!rc && !(membership = calloc((size_t)dc_nnodes(&g) + 1, sizeof *membership)))
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory");
    if (!rc)
        rc = dc_cluster_run(&g, opts, g.cons.group, membership, &info, err);
    /* Utilities used across the first clusters are set aside; then cluster without them. */
    int spread = 0;
    if (!rc)
        rc = dc_shared_spread(&g, membership, &spread, err);
    if (!rc && spread) {
        dc_graph_unweigh(&g);
        rc = dc_graph_weigh(&g, err);
        if (!rc)
            rc = dc_cluster_run(&g, opts, g.cons.group, membership, &info, err);
    }
    /* Entry points join the service they drive most; then the graph is weighed with them. */
    int entries = 0;
    for (int m = 0; !rc && m < g.nmodules; m++)
        entries += g.entry[m];
    if (!rc && entries) {
        rc = dc_shared_place_entries(&g, membership, opts->services > 0, err);
        dc_graph_unweigh(&g);
        if (!rc)
            rc = dc_graph_weigh(&g, err);
    }
    /* A module alone is no service (merge.c); with --services K, K is what was asked for. */
    if (!rc && opts->services <= 0)
        rc = dc_merge_lone_modules(&g, membership, err);
    if (!rc)
        rc = dc_constraints_enforce(&g, membership, err);
    if (!rc)
        rc = dc_partition_build(&p, &g, membership, err);
    if (!rc)
        rc = final_modularity(&g, &p, err);
    if (!rc && !(index = calloc((size_t)p.nservices + 2, sizeof *index)))
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory");
    if (!rc && emit_services(model, &g, &p, index))
        rc = seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory writing services");
    if (!rc)
        rc = dc_explain(model, &g, &p, index, err);
    if (!rc)
        rc = dc_dead_find(&g, model, err);
    if (!rc)
        rc = dc_metrics_compute(&g, &p, &info, model, index, err);
    if (rc)
        clear_output(model);
    free(membership);
    free(index);
    dc_partition_free(&p);
    dc_graph_free(&g);
    return rc;
}
