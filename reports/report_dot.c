/*
 * report_dot.c - the service map as a Graphviz graph: OUT_DIR/services.dot,
 * and the source of the SVG map in report.html.
 *
 * A node per service, sized by its lines of code, listing the tables it
 * owns; an edge per pair of real services with strong ties (report_dot_shown), labelled with their
 * total (calls + SQL sites on the other's tables + foreign keys), its parts
 * in the tooltip, red when it lies on a cycle. Shared libraries sit apart
 * behind a caption, without edges: every service links them.
 * Node ids are positions ("s3"), never names, and names reach the file only
 * through report_buf_dot (quoted strings), so a hostile name stays text.
 */
#include "report.h"
#include "report_internal.h"
#include "file.h"

#include <math.h>
#include <stdio.h>

/* Tables listed inside a node before "+N more". */
#define DOT_TABLES_SHOWN 6

static const char *const dot_border_style[] = {"rounded,filled", "rounded,filled,dashed",
                                               "rounded,filled,dotted"};

/*
 * A service's node: a plain label (name, lines, then the tables it owns, one
 * a line), not an HTML-like one, whose parser in Graphviz 2.42 leaks; its
 * text is a DOT string, so one escape (report_buf_dot) covers it.
 */
static void dot_node(report_buf *b, const seam_model *m, int s, int maxloc)
{
    const seam_service *sv = &m->services[s];
    /* Area grows with lines of code: width by the square root, from 1.5 to 3.6 inches. */
    double width = 1.5 + 2.1 * sqrt(maxloc > 0 ? (double)sv->loc / maxloc : 0.0);
    report_buf_printf(b, "  s%d [width=%.2f, style=\"%s\", color=\"%s\", tooltip=\"", s, width,
                      dot_border_style[report_service_pattern(m, s)], report_service_hex(m, s));
    report_buf_dot(b, sv->name);
    report_buf_printf(b, ": %d lines, %d files", sv->loc, sv->nfiles);
    if (sv->ntables > 0)
        report_buf_printf(b, ", %d table%s", sv->ntables, sv->ntables == 1 ? "" : "s");
    report_buf_puts(b, "\", label=\"");
    report_buf_dot(b, sv->name);
    report_buf_printf(b, "\\n%d lines%s", sv->loc,
                      report_is_shared(m, s) ? ", shared library" : "");
    for (int t = 0; t < sv->ntables && t < DOT_TABLES_SHOWN; t++) {
        report_buf_puts(b, t ? "\\n" : "\\n\\n");
        report_buf_dot(b, sv->tables[t]);
    }
    if (sv->ntables > DOT_TABLES_SHOWN)
        report_buf_printf(b, "\\n+%d more tables", sv->ntables - DOT_TABLES_SHOWN);
    report_buf_puts(b, "\"];\n");
}

/*
 * The tie a -> c. One that goes back in the extraction order (backward set)
 * is written c -> a with its arrowhead turned (dir=back): it looks the same,
 * the graph Graphviz lays out has no cycle, and the map reads top down in
 * extraction order. (Graphviz 2.42 leaks the edges it reverses itself.)
 */
static void dot_edge(report_buf *b, const seam_model *m, const report_graph *g, int a, int c,
                     int backward, int maxw)
{
    int w = report_graph_ties(g, a, c);
    int cyc = report_graph_cyclic(g, a, c);
    /* Width on a log scale: a 1-tie edge stays visible next to a 1,000-tie one. */
    double pen = 1.0 + 4.0 * log1p(w) / log1p(maxw > 0 ? maxw : 1);
    report_buf_printf(b,
                      "  s%d -> s%d [%slabel=\"%d\", weight=%d, penwidth=%.2f, color=\"%s\", "
                      "fontcolor=\"%s\", tooltip=\"",
                      backward ? c : a, backward ? a : c, backward ? "dir=back, " : "", w, w, pen,
                      cyc ? "#b42318" : "#64748b", cyc ? "#b42318" : "#334155");
    report_buf_dot(b, m->services[a].name);
    report_buf_puts(b, " -> ");
    report_buf_dot(b, m->services[c].name);
    report_buf_puts(b, ": ");
    report_graph_parts(g, a, c, b);
    report_buf_puts(b, cyc ? "; on a cycle\"];\n" : "\"];\n");
}

/* Strongest ties of each service drawn whatever their weight. */
#define DOT_TOP_TIES 3

static int dot_real_pair(const seam_model *m, int a, int c)
{
    return a != c && !report_is_shared(m, a) && !report_is_shared(m, c);
}

/*
 * 1 when the map draws the tie a -> c: one of a's DOT_TOP_TIES strongest, or
 * at least half the strongest tie of all. Between tens of services
 * that all call each other every tie drawn is a tangle no one can read;
 * the matrix keeps every tie.
 */
int report_dot_shown(const seam_model *m, const report_graph *g, int a, int c)
{
    int w = report_graph_ties(g, a, c);
    if (!dot_real_pair(m, a, c) || w == 0)
        return 0;
    int stronger = 0, maxw = 0;
    for (int x = 0; x < g->ns; x++)
        for (int y = 0; y < g->ns; y++) {
            if (!dot_real_pair(m, x, y))
                continue;
            int v = report_graph_ties(g, x, y);
            maxw = v > maxw ? v : maxw;
            stronger += x == a && v > w;
        }
    return stronger < DOT_TOP_TIES || 2 * w >= maxw;
}

void report_dot_build(const seam_model *m, const report_graph *g, report_buf *b)
{
    int maxloc = 0, maxw = 0;
    for (int s = 0; s < m->nservices; s++)
        if (m->services[s].loc > maxloc)
            maxloc = m->services[s].loc;
    for (int a = 0; a < g->ns; a++)
        for (int c = 0; c < g->ns; c++)
            if (!report_is_shared(m, a) && !report_is_shared(m, c) &&
                report_graph_ties(g, a, c) > maxw)
                maxw = report_graph_ties(g, a, c);
    report_buf_puts(
        b, "digraph services {\n"
           "  graph [id=\"svcmap\", rankdir=TB, nodesep=0.3, ranksep=0.6, fontname=\"Helvetica\", "
           "fontsize=11, bgcolor=\"transparent\", tooltip=\"service map\"];\n"
           "  node [shape=box, penwidth=2, fillcolor=white, fontname=\"Helvetica\", fontsize=11];\n"
           "  edge [fontname=\"Helvetica\", fontsize=10, arrowsize=0.7];\n");
    for (int i = 0; i < g->ns; i++)
        if (!report_is_shared(m, g->order[i]))
            dot_node(b, m, g->order[i], maxloc);
    int shared = 0;
    for (int i = 0; i < g->ns; i++)
        if (report_is_shared(m, g->order[i])) {
            /* Apart, without edges, behind a caption; not a cluster nor a
             * rank=sink: Graphviz 2.42's dot layout leaks the virtual nodes
             * and edges of both. */
            if (!shared++)
                report_buf_puts(b, "  subgraph shared {\n  shared_caption [shape=plain, "
                                   "fontcolor=\"#5b6472\", label=\"shared libraries,\\nlinked by "
                                   "every service:\"];\n");
            dot_node(b, m, g->order[i], maxloc);
        }
    if (shared)
        report_buf_puts(b, "  }\n");
    for (int i = 0; i < g->ns; i++)
        for (int j = 0; j < g->ns; j++) {
            int a = g->order[i], c = g->order[j];
            if (report_dot_shown(m, g, a, c))
                dot_edge(b, m, g, a, c, j < i, maxw);
        }
    report_buf_puts(b, "}\n");
}

int report_write_dot(const seam_model *model, const char *path, seam_err *err)
{
    report_index ix;
    report_graph g;
    if (report_index_build(model, &ix))
        return seam_err_set(err, SEAM_ENOMEM, "out of memory building '%s'", path);
    if (report_graph_build(model, &ix, &g)) {
        report_index_free(&ix);
        return seam_err_set(err, SEAM_ENOMEM, "out of memory building '%s'", path);
    }
    report_buf b = {0};
    report_dot_build(model, &g, &b);
    report_graph_free(&g);
    report_index_free(&ix);
    int rc = b.oom ? seam_err_set(err, SEAM_ENOMEM, "out of memory building '%s'", path)
                   : seam_file_write(path, b.data, b.len, err);
    report_buf_free(&b);
    return rc;
}
