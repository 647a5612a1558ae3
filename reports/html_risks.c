/*
 * html_risks.c - the risks of the proposed split, in plain words, near the
 * top of report.html: cycles between services, weak boundaries, shared
 * tables, sagas, chatty interfaces, a god service, and what the analysis may
 * have missed (parse errors, unresolved SQL). Each line says what was found
 * and why it matters; the details are in the sections below.
 */
#include "html_internal.h"

#include <stdlib.h>
#include <string.h>

/* Below this modularity the clustering barely beats chance (docs/metrics.md). */
#define RISK_LOW_MODULARITY 0.3
/* Share of call expressions crossing services above which a split is chatty. */
#define RISK_CROSS_SHARE 20
/* Calls from one service into another that make an interface chatty. */
#define RISK_CHATTY_CALLS 20
/* Share of the real services' lines one service holding it is a god service. */
#define RISK_GOD_SHARE 40
/* Names listed in one risk line before "and N more". */
#define RISK_NAMES 5

static void risk_open(html_ctx *h, const char *level, const char *what)
{
    report_buf_printf(h->b, "<li class=\"risk %s\"><b>%s</b> ", level, what);
}

static void risk_cycles(html_ctx *h, int *path)
{
    const report_graph *g = &h->g;
    for (int s = 0; s < g->ns; s++) {
        if (report_graph_cycle_start(g, s) < 0)
            continue;
        int n = report_graph_cycle(g, s, path);
        if (n < 2)
            continue;
        risk_open(h, "high", "Cycle:");
        for (int k = 0; k <= n; k++) {
            report_buf_puts(h->b, k ? " &rarr; " : "");
            html_service_label(h, path[k % n]);
        }
        /* The cycle shown is the shortest; the ring it lies in may be wider. */
        int ring = 0;
        for (int t = 0; t < g->ns; t++)
            ring += t == s || (g->reach[(size_t)s * g->ns + t] && g->reach[(size_t)t * g->ns + s]);
        if (ring > n)
            report_buf_printf(h->b,
                              ", one of the cycles among %d services that all reach each"
                              " other",
                              ring);
        report_buf_puts(h->b, ". These services need each other, so none can be extracted first;"
                              " cut one of the red ties in the matrix.</li>\n");
    }
}

static void risk_boundaries(html_ctx *h)
{
    const seam_metrics *mt = &h->m->metrics;
    int real = 0;
    for (int s = 0; s < h->m->nservices; s++)
        real += !report_is_shared(h->m, s);
    if (real > 1 && mt->modularity < RISK_LOW_MODULARITY) {
        char q[32];
        seam_format_fixed4(mt->modularity, q);
        risk_open(h, "high", "Weak boundaries:");
        report_buf_printf(h->b,
                          "modularity is %s, below %.1f; the code does not fall apart"
                          " along these lines, and the services will depend on each"
                          " other closely.</li>\n",
                          q, RISK_LOW_MODULARITY);
    }
    int total = mt->internal_calls + mt->cross_service_calls;
    int pct = total ? (int)((100LL * mt->cross_service_calls + total / 2) / total) : 0;
    if (total && pct >= RISK_CROSS_SHARE) {
        risk_open(h, "high", "Calls cross services:");
        report_buf_printf(h->b, "%d%% of calls (%d of %d) would become remote calls.</li>\n", pct,
                          mt->cross_service_calls, total);
    }
}

static void risk_shared_tables(html_ctx *h)
{
    const seam_model *m = h->m;
    if (m->nshared_tables == 0)
        return;
    risk_open(h, "medium", "Shared tables:");
    report_buf_printf(h->b, "%d table%s used by several services (", m->nshared_tables,
                      m->nshared_tables == 1 ? " is" : "s are");
    for (int i = 0; i < m->nshared_tables && i < RISK_NAMES; i++) {
        report_buf_puts(h->b, i ? ", " : "");
        report_buf_puts(h->b, "<code>");
        html_text(h, m->shared_tables[i].table);
        report_buf_puts(h->b, "</code>");
    }
    if (m->nshared_tables > RISK_NAMES)
        report_buf_printf(h->b, " and %d more", m->nshared_tables - RISK_NAMES);
    report_buf_puts(h->b, "); each needs one owner that the others call.</li>\n");
}

static void risk_sagas_and_fks(html_ctx *h)
{
    const seam_model *m = h->m;
    int sagas = 0;
    for (int i = 0; i < m->nplan; i++)
        sagas += m->plan[i].kind && strcmp(m->plan[i].kind, "saga") == 0;
    if (sagas) {
        risk_open(h, "medium", "Sagas:");
        report_buf_printf(h->b,
                          "%d unit%s of work write%s the tables of several services in one"
                          " transaction; after the split each becomes a saga with"
                          " compensating steps (see the plan).</li>\n",
                          sagas, sagas == 1 ? "" : "s", sagas == 1 ? "s" : "");
    }
    if (m->metrics.cross_service_fks > 0) {
        risk_open(h, "medium", "Foreign keys across services:");
        report_buf_printf(h->b,
                          "%d constraint%s the database enforces today must be enforced"
                          " by the services.</li>\n",
                          m->metrics.cross_service_fks,
                          m->metrics.cross_service_fks == 1 ? "" : "s");
    }
}

static void risk_chatty(html_ctx *h)
{
    const report_graph *g = &h->g;
    for (int i = 0; i < g->ns; i++)
        for (int j = 0; j < g->ns; j++) {
            int a = g->order[i], c = g->order[j];
            int calls = g->calls[(size_t)a * g->ns + c];
            if (a == c || calls < RISK_CHATTY_CALLS || report_is_shared(h->m, a) ||
                report_is_shared(h->m, c))
                continue;
            risk_open(h, "medium", "Chatty interface:");
            html_service_label(h, a);
            report_buf_puts(h->b, " calls ");
            html_service_label(h, c);
            report_buf_printf(h->b,
                              " %d times; as remote calls that is latency and failure on"
                              " every path. Consider moving code or a coarser API.</li>\n",
                              calls);
        }
}

static void risk_god(html_ctx *h)
{
    const seam_model *m = h->m;
    long long total = 0;
    int real = 0;
    for (int s = 0; s < m->nservices; s++)
        if (!report_is_shared(m, s)) {
            total += m->services[s].loc;
            real++;
        }
    for (int i = 0; real >= 3 && total > 0 && i < h->g.ns; i++) {
        int s = h->g.order[i];
        if (report_is_shared(m, s) || 100LL * m->services[s].loc < RISK_GOD_SHARE * total)
            continue;
        risk_open(h, "medium", "God service:");
        html_service_label(h, s);
        report_buf_printf(h->b,
                          " holds %d%% of the services&#39; lines; it is likely several"
                          " services still joined.</li>\n",
                          (int)(100LL * m->services[s].loc / total));
    }
}

static void risk_coverage(html_ctx *h)
{
    const seam_model *m = h->m;
    if (m->parse_errors > 0) {
        int files = 0;
        for (int i = 0; i < m->nfiles; i++)
            files += m->files[i].parse_errors > 0;
        risk_open(h, "medium", "Parse errors:");
        report_buf_printf(h->b,
                          "%d error%s in %d file%s; calls and SQL in them may be missing,"
                          " hiding coupling.</li>\n",
                          m->parse_errors, m->parse_errors == 1 ? "" : "s", files,
                          files == 1 ? "" : "s");
    }
    if (m->coverage.unresolved > 0) {
        risk_open(h, "medium", "Unresolved SQL:");
        report_buf_printf(h->b,
                          "%d of %d SQL sites could not be tied to tables; the data they"
                          " touch is not in the boundaries (see SQL coverage).</li>\n",
                          m->coverage.unresolved, m->coverage.sql_sites);
    }
}

void html_section_risks(html_ctx *h)
{
    report_buf *b = h->b;
    report_buf_puts(b, "<section id=\"risks\">\n<h2>Risks</h2>\n");
    size_t before = b->len;
    report_buf_puts(b, "<ul class=\"risks\">\n");
    size_t empty = b->len;
    int *path = malloc((size_t)(h->g.ns > 0 ? h->g.ns : 1) * sizeof *path);
    if (!path) {
        b->oom = 1;
        return;
    }
    risk_cycles(h, path);
    free(path);
    risk_boundaries(h);
    risk_shared_tables(h);
    risk_sagas_and_fks(h);
    risk_chatty(h);
    risk_god(h);
    risk_coverage(h);
    if (b->len == empty && !b->oom) {
        /* Nothing was found: say so rather than leave an empty list. */
        b->len = before;
        b->data[b->len] = '\0';
        report_buf_puts(b, "<p class=\"none\">None found.</p>\n</section>\n");
        return;
    }
    report_buf_puts(b, "</ul>\n</section>\n");
}
