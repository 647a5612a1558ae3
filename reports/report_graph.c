/*
 * report_graph.c - the ties between services the report draws: calls, SQL on
 * another service's tables and foreign keys between their tables, the
 * extraction order the matrix follows, and which ties lie on a cycle.
 *
 * The decomposer's own dependency lists (seam_service.outbound) are kept as
 * the model says; this is the report's view, recomputed from the facts so
 * that the map, the matrix and the per-service figures agree cell for cell.
 */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

int report_is_shared(const seam_model *m, int i)
{
    return i >= 0 && i < m->nservices && m->services[i].kind == SEAM_SERVICE_KIND_SHARED_LIBRARY;
}

void report_graph_free(report_graph *g)
{
    free(g->calls);
    free(g->sql);
    free(g->fks);
    free(g->reach);
    free(g->order);
    free(g->own_access);
    free(g->all_access);
    free(g->internal);
    free(g->external);
    free(g->partners);
    memset(g, 0, sizeof *g);
}

int report_graph_ties(const report_graph *g, int a, int b)
{
    size_t c = (size_t)a * g->ns + b;
    return g->calls[c] + g->sql[c] + g->fks[c];
}

int report_graph_cyclic(const report_graph *g, int a, int b)
{
    return a != b && g->reach[(size_t)a * g->ns + b] && g->reach[(size_t)b * g->ns + a] &&
           report_graph_ties(g, a, b) > 0;
}

static int service_named(const seam_model *m, const char *name)
{
    for (int i = 0; name && i < m->nservices; i++)
        if (m->services[i].name && strcmp(m->services[i].name, name) == 0)
            return i;
    return -1;
}

/* The plan extracts services in its last stage (a database per service,
 * least depended-upon first); a plan without stages gives its own order.
 * Services the plan never names follow in model order, shared libraries last. */
static void extraction_order(const seam_model *m, report_graph *g)
{
    int n = 0;
    unsigned char *seen = calloc((size_t)g->ns + 1, 1);
    if (!seen)
        return; /* order stays model order (set by the caller) */
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < m->nplan; k++) {
            if (pass == 0 && m->plan[k].stage != SEAM_PLAN_STAGE_DATABASE)
                continue;
            int s = service_named(m, m->plan[k].service);
            if (s >= 0 && !seen[s] && !report_is_shared(m, s)) {
                seen[s] = 1;
                g->order[n++] = s;
            }
        }
    for (int shared = 0; shared < 2; shared++)
        for (int s = 0; s < g->ns; s++)
            if (!seen[s] && report_is_shared(m, s) == shared) {
                seen[s] = 1;
                g->order[n++] = s;
            }
    free(seen);
}

/* Transitive closure over ties between real services (Warshall); services
 * number tens, so ns^3 is instant and simpler than strongly connected
 * components. */
static void close_reach(const seam_model *m, report_graph *g)
{
    int ns = g->ns;
    for (int a = 0; a < ns; a++)
        for (int b = 0; b < ns; b++)
            g->reach[(size_t)a * ns + b] = a != b && !report_is_shared(m, a) &&
                                           !report_is_shared(m, b) &&
                                           report_graph_ties(g, a, b) > 0;
    for (int k = 0; k < ns; k++)
        for (int a = 0; a < ns; a++) {
            if (!g->reach[(size_t)a * ns + k])
                continue;
            for (int b = 0; b < ns; b++)
                g->reach[(size_t)a * ns + b] |= g->reach[(size_t)k * ns + b];
        }
}

static void count_ties(const seam_model *m, const report_index *ix, report_graph *g)
{
    int ns = g->ns;
    for (int i = 0; i < m->ncalls; i++) {
        const seam_call *c = &m->calls[i];
        if (c->caller < 0 || c->caller >= m->nfunctions || c->callee < 0 ||
            c->callee >= m->nfunctions)
            continue;
        int a = ix->function_service[c->caller], b = ix->function_service[c->callee];
        if (a < 0 || b < 0)
            continue;
        if (a == b)
            g->internal[a] += c->count;
        else
            g->calls[(size_t)a * ns + b] += c->count;
    }
    for (int i = 0; i < m->nsql_sites; i++) {
        int a = ix->site_service[i];
        const seam_sql_site *site = &m->sql_sites[i];
        for (int t = 0; t < site->ntables; t++) {
            int b = report_table_owner(m, site->tables[t].table);
            if (b < 0)
                continue;
            g->all_access[b]++;
            if (a == b) {
                g->own_access[b]++;
                g->internal[b]++;
                continue;
            }
            /* The matrix counts sites, as the decomposer's dependencies do: a
             * site touching two tables of b is one SQL site on b. */
            int again = 0;
            for (int u = 0; u < t && !again; u++)
                again = report_table_owner(m, site->tables[u].table) == b;
            if (a >= 0 && !again)
                g->sql[(size_t)a * ns + b]++;
        }
    }
    for (int i = 0; i < m->schema.nforeign_keys; i++) {
        int a = report_table_owner(m, m->schema.foreign_keys[i].from_table);
        int b = report_table_owner(m, m->schema.foreign_keys[i].to_table);
        if (a < 0 || b < 0)
            continue;
        if (a == b)
            g->internal[a]++;
        else
            g->fks[(size_t)a * ns + b]++;
    }
    /* A shared library is linked, not called: its ties couple nobody. */
    for (int a = 0; a < ns; a++)
        for (int b = 0; b < ns; b++) {
            if (a == b || report_is_shared(m, a) || report_is_shared(m, b))
                continue;
            int out = report_graph_ties(g, a, b), in = report_graph_ties(g, b, a);
            g->external[a] += out + in;
            g->partners[a] += out + in > 0;
        }
}

int report_graph_build(const seam_model *m, const report_index *ix, report_graph *g)
{
    memset(g, 0, sizeof *g);
    int ns = g->ns = m->nservices;
    size_t cells = (size_t)(ns > 0 ? ns : 1) * (size_t)(ns > 0 ? ns : 1);
    size_t one = (size_t)(ns > 0 ? ns : 1);
    g->calls = calloc(cells, sizeof *g->calls);
    g->sql = calloc(cells, sizeof *g->sql);
    g->fks = calloc(cells, sizeof *g->fks);
    g->reach = calloc(cells, 1);
    g->order = calloc(one, sizeof *g->order);
    g->own_access = calloc(one, sizeof *g->own_access);
    g->all_access = calloc(one, sizeof *g->all_access);
    g->internal = calloc(one, sizeof *g->internal);
    g->external = calloc(one, sizeof *g->external);
    g->partners = calloc(one, sizeof *g->partners);
    if (!g->calls || !g->sql || !g->fks || !g->reach || !g->order || !g->own_access ||
        !g->all_access || !g->internal || !g->external || !g->partners) {
        report_graph_free(g);
        return SEAM_ENOMEM;
    }
    for (int s = 0; s < ns; s++)
        g->order[s] = s;
    count_ties(m, ix, g);
    close_reach(m, g);
    extraction_order(m, g);
    return SEAM_OK;
}

static int rank_of(const report_graph *g, int s)
{
    for (int i = 0; i < g->ns; i++)
        if (g->order[i] == s)
            return i;
    return g->ns;
}

int report_graph_cycle_start(const report_graph *g, int s)
{
    int ns = g->ns;
    if (!g->reach[(size_t)s * ns + s])
        return -1;
    for (int t = 0; t < ns; t++)
        if (t != s && g->reach[(size_t)s * ns + t] && g->reach[(size_t)t * ns + s] &&
            rank_of(g, t) < rank_of(g, s))
            return -1;
    return s;
}

int report_graph_cycle(const report_graph *g, int s, int *path)
{
    int ns = g->ns;
    int *prev = malloc((size_t)ns * sizeof *prev), *queue = malloc((size_t)ns * sizeof *queue);
    int len = 0;
    if (!prev || !queue)
        goto done;
    for (int i = 0; i < ns; i++)
        prev[i] = -2;
    /* Breadth first from s, in extraction order, inside s's group; the first
     * tie back to s closes a shortest cycle. */
    int head = 0, tail = 0, last = -1;
    queue[tail++] = s;
    prev[s] = -1;
    while (head < tail && last < 0) {
        int u = queue[head++];
        for (int i = 0; i < ns && last < 0; i++) {
            int v = g->order[i];
            if (v == u || report_graph_ties(g, u, v) == 0 || !g->reach[(size_t)v * ns + s] ||
                !g->reach[(size_t)u * ns + v])
                continue;
            if (v == s)
                last = u;
            else if (prev[v] == -2) {
                prev[v] = u;
                queue[tail++] = v;
            }
        }
    }
    for (int u = last; u >= 0; u = prev[u])
        len++;
    int k = len;
    for (int u = last; u >= 0; u = prev[u])
        path[--k] = u;
done:
    free(prev);
    free(queue);
    return len;
}

/* "n one" or "n many", ", "-separated after the first; a zero is left out. */
static void tie_part(report_buf *b, int *parts, int n, const char *one, const char *many)
{
    if (n > 0)
        report_buf_printf(b, "%s%d %s", (*parts)++ ? ", " : "", n, n == 1 ? one : many);
}

void report_graph_parts(const report_graph *g, int a, int c, report_buf *b)
{
    size_t k = (size_t)a * g->ns + c;
    int parts = 0;
    tie_part(b, &parts, g->calls[k], "call", "calls");
    tie_part(b, &parts, g->sql[k], "SQL site", "SQL sites");
    tie_part(b, &parts, g->fks[k], "foreign key", "foreign keys");
    if (parts == 0)
        report_buf_puts(b, "no ties");
}
