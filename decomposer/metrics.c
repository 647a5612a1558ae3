/*
 * metrics.c - how good the proposed cut is, in numbers a reviewer can check.
 *
 * Calls are counted in call expressions (seam_call.count), including calls
 * inside one module. A call into or out of a shared library counts as
 * neither internal nor cross-service: the library is linked into every
 * service, so such a call never crosses a network boundary, and counting it
 * as internal would flatter whichever service the caller sits in.
 * Shared tables are tables that SQL in modules of more than one service
 * touches (shared libraries' SQL is not counted: they belong to no service).
 */
#include "dc.h"

#include <stdlib.h>

static int service_of_function(const dc_graph *g, const dc_partition *p, int fn)
{
    return p->module_service[g->file_module[g->model->functions[fn].file]];
}

static int fk_service(const dc_graph *g, const dc_partition *p, const char *table)
{
    int t = dc_graph_find_table(g, table);
    return t < 0 ? -1 : p->table_service[t];
}

void dc_metrics_compute(const dc_graph *g, const dc_partition *p, seam_metrics *out)
{
    const seam_model *m = g->model;
    out->modularity = p->modularity;
    out->services = p->nservices;
    out->cross_service_calls = 0;
    out->internal_calls = 0;
    for (int i = 0; i < m->ncalls; i++) {
        int a = service_of_function(g, p, m->calls[i].caller);
        int b = service_of_function(g, p, m->calls[i].callee);
        if (a < 0 || b < 0 || m->calls[i].count <= 0)
            continue;
        if (a == b)
            out->internal_calls += m->calls[i].count;
        else
            out->cross_service_calls += m->calls[i].count;
    }
    out->cross_service_fks = 0;
    for (int i = 0; i < m->schema.nforeign_keys; i++) {
        int a = fk_service(g, p, m->schema.foreign_keys[i].from_table);
        int b = fk_service(g, p, m->schema.foreign_keys[i].to_table);
        if (a >= 0 && b >= 0 && a != b)
            out->cross_service_fks++;
    }
    out->shared_tables = 0;
    for (int t = 0; t < g->ntables; t++) {
        int first = -1, shared = 0;
        for (int i = 0; i < g->naccess && !shared; i++) {
            if (g->access[i].table != t)
                continue;
            int s = p->module_service[g->access[i].module];
            if (s < 0)
                continue;
            if (first < 0)
                first = s;
            else if (s != first)
                shared = 1;
        }
        out->shared_tables += shared;
    }
}

long dc_service_coupling(const dc_graph *g, const dc_partition *p, int s)
{
    const seam_model *m = g->model;
    long total = 0;
    for (int i = 0; i < m->ncalls; i++) {
        int a = service_of_function(g, p, m->calls[i].caller);
        int b = service_of_function(g, p, m->calls[i].callee);
        if (a >= 0 && b >= 0 && a != b && (a == s || b == s) && m->calls[i].count > 0)
            total += m->calls[i].count;
    }
    for (int i = 0; i < m->schema.nforeign_keys; i++) {
        int a = fk_service(g, p, m->schema.foreign_keys[i].from_table);
        int b = fk_service(g, p, m->schema.foreign_keys[i].to_table);
        if (a >= 0 && b >= 0 && a != b && (a == s || b == s))
            total++;
    }
    return total;
}
