/*
 * test_report_graph.c - the report's view of the ties between services: the
 * counts behind the matrix and the map (calls, SQL sites on another
 * service's tables, foreign keys), shared libraries set apart, exclusivity
 * and cohesion counting data, cycles, the extraction order; the DOT graph
 * (services.dot) with hostile names kept as text; the risks section's
 * warnings; the shared-tables row that no longer lists the owner as a reader.
 */
#include "check.h"
#include "report.h"
#include "report_internal.h"
#include "html_internal.h"
#include "sample_model.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { BILLING = 0, CATALOG = 1, UTIL = 2 };

static void check_counts(const seam_model *m)
{
    report_index ix;
    report_graph g;
    CHECK_INT(report_index_build(m, &ix), 0);
    CHECK_INT(report_graph_build(m, &ix, &g), 0);
    int ns = g.ns;
    CHECK_INT(ns, 3);
    /* billing -> catalog: 2 call expressions and fk_line_product. */
    CHECK_INT(g.calls[BILLING * ns + CATALOG], 2);
    CHECK_INT(g.fks[BILLING * ns + CATALOG], 1);
    CHECK_INT(g.sql[BILLING * ns + CATALOG], 0);
    /* catalog -> billing: two SQL sites on billing's tables, the second
     * touching two of them and still counted once. */
    CHECK_INT(g.sql[CATALOG * ns + BILLING], 2);
    CHECK_INT(g.calls[CATALOG * ns + BILLING], 0);
    /* Calls into the shared library are counted in its column... */
    CHECK_INT(g.calls[BILLING * ns + UTIL], 2);
    CHECK_INT(g.calls[CATALOG * ns + UTIL], 1);
    /* ... but make no coupling: billing's 5 ties are with catalog alone. */
    CHECK_INT(g.external[BILLING], 5);
    CHECK_INT(g.partners[BILLING], 1);
    CHECK_INT(g.partners[UTIL], 0);
    /* Inside billing: one call, its own INSERT on invoice, fk_line_invoice. */
    CHECK_INT(g.internal[BILLING], 3);
    /* billing's tables are accessed 4 times, once by billing itself. */
    CHECK_INT(g.own_access[BILLING], 1);
    CHECK_INT(g.all_access[BILLING], 4);
    /* The two services need each other: a cycle, the library on none. */
    CHECK(report_graph_cyclic(&g, BILLING, CATALOG));
    CHECK(report_graph_cyclic(&g, CATALOG, BILLING));
    CHECK(!report_graph_cyclic(&g, BILLING, UTIL));
    CHECK_INT(report_graph_cycle_start(&g, BILLING), BILLING);
    CHECK_INT(report_graph_cycle_start(&g, CATALOG), -1);
    int path[3];
    CHECK_INT(report_graph_cycle(&g, BILLING, path), 2);
    CHECK(path[0] == BILLING && path[1] == CATALOG);
    /* Shared libraries last in the order. */
    CHECK_INT(g.order[2], UTIL);
    report_buf b = {0};
    report_graph_parts(&g, BILLING, CATALOG, &b);
    CHECK_STR(b.data, "2 calls, 1 foreign key");
    report_buf_free(&b);
    report_graph_free(&g);
    report_index_free(&ix);

    /* Without catalog's SQL on billing's tables the ring is broken. */
    seam_model cut = *m;
    cut.nsql_sites = 1;
    CHECK_INT(report_index_build(&cut, &ix), 0);
    CHECK_INT(report_graph_build(&cut, &ix, &g), 0);
    CHECK(!report_graph_cyclic(&g, BILLING, CATALOG));
    CHECK_INT(report_graph_cycle_start(&g, BILLING), -1);
    report_graph_free(&g);
    report_index_free(&ix);
}

static void check_dot(seam_model *m, const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/services.dot", dir);
    /* A service name with DOT's and HTML's special characters. */
    char hostile[] = "bi\"ll\\N<b>&ing";
    char *saved = m->services[BILLING].name;
    m->services[BILLING].name = hostile;
    seam_err err = {0};
    CHECK_INT(report_write_dot(m, path, &err), 0);
    size_t n, n2;
    char *dot = check_slurp(path, &n);
    /* Deterministic: written again, the same bytes. */
    CHECK_INT(report_write_dot(m, path, &err), 0);
    char *again_dot = check_slurp(path, &n2);
    CHECK(dot && again_dot && n == n2 && memcmp(dot, again_dot, n) == 0);
    free(again_dot);
    CHECK(dot && strncmp(dot, "digraph services {", 18) == 0);
    /* Quote and backslash escaped in every DOT string (\\N would otherwise be
     * Graphviz's node-name escape); labels are plain strings, never HTML-like. */
    CHECK(dot &&
          strstr(dot, "label=\"bi\\\"ll\\\\N<b>&ing\\n134 lines\\n\\ninvoice\\ninvoice_line\""));
    CHECK(dot && strstr(dot, "tooltip=\"bi\\\"ll\\\\N<b>&ing: 134 lines, 2 files, 2 tables\""));
    CHECK(dot && !strstr(dot, "label=<"));
    /* The hostile table owned by catalog is a line of catalog's label. */
    CHECK(dot && strstr(dot, "\\n\\n<script>alert(1)</script>\\nproduct\""));
    /* Both ties, red (a cycle), labelled with their totals; none to the
     * library. Renamed, billing is no longer the plan's: catalog comes first
     * in extraction order, and billing -> catalog, against it, is written
     * catalog -> billing with the arrowhead turned (the laid-out graph has
     * no cycle). */
    CHECK(dot && strstr(dot, "s1 -> s0 [dir=back, label=\"3\""));
    CHECK(dot && strstr(dot, "s1 -> s0 [label=\"2\""));
    CHECK(dot && strstr(dot, "color=\"#b42318\""));
    CHECK(dot && !strstr(dot, "-> s2"));
    CHECK(dot && strstr(dot, "subgraph shared {\n  shared_caption [shape=plain"));

    /* The same graph drawn: Graphviz accepts it, and the names stay text. */
    report_buf svg = {0};
    CHECK_INT(report_svg_render(dot, &svg, &err), 0);
    CHECK(svg.data && strncmp(svg.data, "<svg", 4) == 0);
    CHECK(svg.data && strstr(svg.data, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    CHECK(svg.data && strstr(svg.data, "bi&quot;ll\\N&lt;b&gt;&amp;ing"));
    CHECK(svg.data && !strstr(svg.data, "<script") && !strstr(svg.data, "<b>"));
    CHECK(svg.data && !strstr(svg.data, "http"));
    /* Deterministic: the same drawing twice. */
    report_buf again = {0};
    CHECK_INT(report_svg_render(dot, &again, &err), 0);
    CHECK(svg.len == again.len && svg.data && again.data &&
          memcmp(svg.data, again.data, svg.len) == 0);
    report_buf_free(&svg);
    report_buf_free(&again);
    free(dot);
    m->services[BILLING].name = saved;

    /* A graph Graphviz cannot read is an error, not a crash. */
    report_buf bad = {0};
    CHECK(report_svg_render("digraph {", &bad, &err) != 0);
    report_buf_free(&bad);
    unlink(path);
}

/* The map draws a service's three strongest ties and any of half the strongest. */
static void check_shown(void)
{
    seam_service sv[6];
    memset(sv, 0, sizeof sv);
    seam_model m;
    memset(&m, 0, sizeof m);
    m.services = sv;
    m.nservices = 6;
    int calls[36] = {0}, zero[36] = {0};
    for (int c = 1; c <= 5; c++)
        calls[0 * 6 + c] = c; /* 0 -> 1..5 with 1..5 calls */
    calls[1 * 6 + 0] = 100;
    report_graph g = {.ns = 6, .calls = calls, .sql = zero, .fks = zero};
    CHECK(report_dot_shown(&m, &g, 0, 5) && report_dot_shown(&m, &g, 0, 4) &&
          report_dot_shown(&m, &g, 0, 3));
    CHECK(!report_dot_shown(&m, &g, 0, 2) && !report_dot_shown(&m, &g, 0, 1));
    CHECK(report_dot_shown(&m, &g, 1, 0));
    CHECK(!report_dot_shown(&m, &g, 2, 0)); /* no tie */
    calls[0 * 6 + 2] = 50;                  /* half the strongest: drawn too */
    CHECK(report_dot_shown(&m, &g, 0, 2));
    /* A shared library's ties are never drawn. */
    sv[1].kind = SEAM_SERVICE_KIND_SHARED_LIBRARY;
    CHECK(!report_dot_shown(&m, &g, 1, 0));
}

/* 36 real services get 36 distinct hue-and-pattern marks; a shared library
 * is grey and does not use up a slot. */
static void check_palette(void)
{
    seam_service sv[38];
    memset(sv, 0, sizeof sv);
    sv[5].kind = SEAM_SERVICE_KIND_SHARED_LIBRARY;
    seam_model m;
    memset(&m, 0, sizeof m);
    m.services = sv;
    m.nservices = 38;
    int clashes = 0;
    for (int a = 0; a < 37; a++)
        for (int b = a + 1; b < 37; b++)
            clashes += a != 5 && b != 5 &&
                       strcmp(report_service_hex(&m, a), report_service_hex(&m, b)) == 0 &&
                       report_service_pattern(&m, a) == report_service_pattern(&m, b);
    CHECK_INT(clashes, 0);
    CHECK_STR(report_service_hex(&m, 5), "#6b7280");
    /* The 37th real service (index 37) repeats the first's mark. */
    CHECK_STR(report_service_hex(&m, 37), report_service_hex(&m, 0));
    CHECK_INT(report_service_pattern(&m, 37), report_service_pattern(&m, 0));
    CHECK_INT(report_service_pattern(&m, 13), 1); /* the 13th real service: dashed */
}

static void check_er(const seam_model *m)
{
    report_buf b = {0};
    CHECK_INT(report_er_build(m, BILLING, &b), 0);
    const char *dot = b.data;
    /* billing's two tables with their key columns, in its colour. */
    CHECK(dot && strstr(dot, "label=\"invoice\\nPK id\\l\""));
    CHECK(dot && strstr(dot, "label=\"invoice_line\\nPK FK invoice_id\\lPK FK product_id\\l\""));
    CHECK(dot && strstr(dot, "[color=\"#2f5bd3\", style=\"filled\""));
    /* Inside billing a solid arrow; to catalog's product a dashed one, with
     * product grey and its owner named. */
    CHECK(dot && strstr(dot, "[tooltip=\"fk_line_invoice\"];"));
    CHECK(dot && strstr(dot, "[tooltip=\"fk_line_product\", style=dashed"));
    CHECK(dot && strstr(dot, "tooltip=\"product, owned by catalog\""));
    CHECK(dot && strstr(dot, "label=\"product\\n(catalog)\""));
    report_buf_free(&b);
    /* catalog's hostile table is text; drawn by Graphviz it stays text. */
    CHECK_INT(report_er_build(m, CATALOG, &b), 0);
    CHECK(b.data && strstr(b.data, "label=\"<script>alert(1)</script>\\n\""));
    report_buf svg = {0};
    seam_err err = {0};
    CHECK_INT(report_svg_render(b.data, &svg, &err), 0);
    CHECK(svg.data && strstr(svg.data, "&lt;script&gt;alert(1)&lt;/script&gt;") &&
          !strstr(svg.data, "<script"));
    /* Its ids are prefixed, so several diagrams on one page never share one. */
    CHECK(svg.data && strstr(svg.data, "id=\"er1_node1\""));
    CHECK(svg.data && !strstr(svg.data, "<title>") && !strstr(svg.data, "<!--"));
    report_buf_free(&svg);
    report_buf_free(&b);
}

/* The module matrix's data: modules by service in extraction order, then each
 * row's columns as gaps with the calls summed over function pairs. */
static void check_modmatrix(seam_model *m)
{
    report_index ix;
    report_graph g;
    CHECK_INT(report_index_build(m, &ix), 0);
    CHECK_INT(report_graph_build(m, &ix, &g), 0);
    report_buf b = {0};
    CHECK_INT(report_modmatrix_json(m, &g, &b), 0);
    /* billing/invoice.c calls catalog/product.c twice (one function pair),
     * util/db.c and util/log.c once; catalog/product.c calls util/db.c. */
    CHECK_STR(b.data, ",\n\"mo\":[0,1,2,3],\n\"mm\":[[0,1,2,1,1,1,1],[1,2,1]]");
    report_buf_free(&b);
    report_graph_free(&g);
    /* catalog first in the order: its module takes row 0. */
    g.ns = 0;
    CHECK_INT(report_graph_build(m, &ix, &g), 0);
    g.order[0] = CATALOG;
    g.order[1] = BILLING;
    CHECK_INT(report_modmatrix_json(m, &g, &b), 0);
    CHECK_STR(b.data, ",\n\"mo\":[1,0,2,3],\n\"mm\":[[0,2,1],[1,0,2,2,1,1,1]]");
    report_buf_free(&b);
    report_graph_free(&g);
    report_index_free(&ix);
}

static char *render(const seam_model *m, const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/report.html", dir);
    seam_err err = {0};
    size_t n;
    char *page = report_write_html(m, path, &err) == 0 ? check_slurp(path, &n) : NULL;
    unlink(path);
    return page;
}

static char *section(const char *page, const char *id)
{
    char start[128];
    snprintf(start, sizeof start, "<section id=\"%s\">", id);
    const char *a = page ? strstr(page, start) : NULL;
    const char *z = a ? strstr(a, "</section>") : NULL;
    return z ? strndup(a, (size_t)(z - a)) : NULL;
}

static void check_page(seam_model *m, const char *dir)
{
    char *page = render(m, dir);
    char *risks = section(page, "risks");
    /* The cycle in plain words, before the map. */
    CHECK(risks && strstr(risks, "<b>Cycle:</b>"));
    CHECK(risks && strstr(risks, "</span>billing &rarr; <span"));
    CHECK(risks && strstr(risks, "50% of calls (2 of 4) would become remote calls"));
    CHECK(risks && strstr(risks, "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"));
    CHECK(risks && !strstr(risks, "Weak boundaries"));
    CHECK(page && strstr(page, "id=\"risks\"") < strstr(page, "id=\"map\""));
    free(risks);
    /* The map: inline SVG with every service, no namespace URL. */
    char *map = section(page, "map");
    CHECK(map && strstr(map, "<svg"));
    CHECK(map && strstr(map, ">billing</text>") && strstr(map, ">catalog</text>") &&
          strstr(map, ">util</text>"));
    CHECK(map && !strstr(map, "http"));
    free(map);
    /* The data model: a folded diagram per service owning tables, billing first
     * (extraction order), the library (no tables) left out. */
    char *data = section(page, "data");
    CHECK(data && strstr(data, "<details class=\"er\"><summary><span class=\"dot\""));
    CHECK(data && strstr(data, "</span>billing <span>&middot; 2 tables</span>"));
    CHECK(data && strstr(data, "</span>catalog <span>&middot; 2 tables</span>"));
    CHECK(data && !strstr(data, "</span>util <span>"));
    CHECK(data && strstr(data, "billing <span>") < strstr(data, "catalog <span>"));
    CHECK(data && strstr(data, "<svg") && strstr(data, "id=\"er0_node1\""));
    free(data);
    free(page);

    /* A card's long dependency list folds; the sample's one-line lists do not. */
    seam_service *bill = &m->services[BILLING];
    seam_dependency *out = bill->outbound, six[6];
    int nout = bill->noutbound;
    char other[] = "catalog";
    for (int i = 0; i < 6; i++)
        six[i] = (seam_dependency){other, 1.0, 1, 0, 0};
    bill->outbound = six;
    bill->noutbound = 6;
    page = render(m, dir);
    bill->outbound = out;
    bill->noutbound = nout;
    CHECK(page && strstr(page, "Depends on</div>\n<details class=\"fl\"><summary>6 services"
                               "</summary><ul class=\"files\"><li>catalog: 1 call</li>"));
    CHECK(page && strstr(page, "Used by</div>\n<ul class=\"files\"><li>catalog:"));
    free(page);

    /* Weak boundaries are said so. */
    double q = m->metrics.modularity;
    m->metrics.modularity = 0.12;
    page = render(m, dir);
    m->metrics.modularity = q;
    risks = section(page, "risks");
    CHECK(risks && strstr(risks, "modularity is 0.1200, below 0.3"));
    free(risks);
    free(page);

    /* The owner reading its own shared table is not listed as a reader. */
    seam_shared_table *t = &m->shared_tables[1];
    char **readers = t->readers;
    int nreaders = t->nreaders;
    char *both[] = {"billing", "catalog"};
    t->readers = both;
    t->nreaders = 2;
    page = render(m, dir);
    t->readers = readers;
    t->nreaders = nreaders;
    char *shared = section(page, "shared-tables");
    const char *row = shared ? strstr(shared, "<tr><td><code>invoice</code>") : NULL;
    const char *last = row ? strstr(row, "</td><td>") : NULL; /* owner */
    for (int k = 0; k < 2 && last; k++)
        last = strstr(last + 1, "</td><td>"); /* writers, then readers */
    CHECK(last && strncmp(last, "</td><td><span class=\"dot\"", 26) == 0);
    CHECK(last && strstr(last, "</span>catalog</td></tr>") && !strstr(last, "</span>billing, "));
    free(shared);
    free(page);
}

int main(void)
{
    char dir[] = "/tmp/seam-test-graph-XXXXXX";
    if (!mkdtemp(dir))
        CHECK_SKIP("cannot create a temporary directory");
    seam_model m;
    seam_model_init(&m);
    CHECK_INT(sample_model_build(&m, SAMPLE_HOSTILE), 0);
    check_counts(&m);
    check_dot(&m, dir);
    check_er(&m);
    check_shown();
    check_palette();
    check_modmatrix(&m);
    check_page(&m, dir);
    seam_model_free(&m);
    rmdir(dir);
    return check_finish();
}
