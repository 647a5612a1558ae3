/*
 * report_dot.c - the service map as a Graphviz graph: OUT_DIR/services.dot,
 * and the source of the SVG map in report.html.
 *
 * A node per service, sized by its lines of code, listing the tables it
 * owns; an edge per pair of real services with strong ties (report_dot_shown), labelled with their
 * total (calls + SQL sites on the other's tables + foreign keys), its parts
 * in the tooltip, red when it lies on a cycle. Shared libraries sit apart in
 * a cluster of their own, without edges: every service links them.
 * Node ids are positions ("s3"), never names, and names reach the file only
 * through report_buf_html (HTML-like labels) or report_buf_dot (quoted
 * strings), so a hostile name stays text.
 */
#include "report.h"
#include "report_internal.h"
#include "file.h"

#include <math.h>
#include <stdio.h>

/* Tables listed inside a node before "+N more". */
#define DOT_TABLES_SHOWN 6

static const char *const dot_border_style[] = {"rounded", "rounded,dashed", "rounded,dotted"};

static void dot_node(report_buf *b, const seam_model *m, int s, int maxloc)
{
    const seam_service *sv = &m->services[s];
    /* Area grows with lines of code: width by the square root, from 110 to 260 points. */
    int width = 110 + (int)lround(150.0 * sqrt(maxloc > 0 ? (double)sv->loc / maxloc : 0.0));
    report_buf_printf(b, "  s%d [tooltip=\"", s);
    report_buf_dot(b, sv->name);
    report_buf_printf(b, ": %d lines, %d files", sv->loc, sv->nfiles);
    if (sv->ntables > 0)
        report_buf_printf(b, ", %d table%s", sv->ntables, sv->ntables == 1 ? "" : "s");
    report_buf_printf(b,
                      "\", label=<<TABLE BORDER=\"2\" STYLE=\"%s\" COLOR=\"%s\" "
                      "BGCOLOR=\"white\" CELLBORDER=\"0\" CELLSPACING=\"0\" CELLPADDING=\"3\">"
                      "<TR><TD WIDTH=\"%d\"><B>",
                      dot_border_style[report_service_pattern(m, s)], report_service_hex(m, s),
                      width);
    report_buf_html(b, sv->name);
    report_buf_printf(b,
                      "</B></TD></TR><TR><TD><FONT POINT-SIZE=\"9\" COLOR=\"#5b6472\">%d lines"
                      "%s</FONT></TD></TR>",
                      sv->loc, report_is_shared(m, s) ? ", shared library" : "");
    for (int t = 0; t < sv->ntables && t < DOT_TABLES_SHOWN; t++) {
        report_buf_printf(b, "<TR><TD BGCOLOR=\"#f1f3f6\"><FONT FACE=\"monospace\" "
                             "POINT-SIZE=\"9\">");
        report_buf_html(b, sv->tables[t]);
        report_buf_puts(b, "</FONT></TD></TR>");
    }
    if (sv->ntables > DOT_TABLES_SHOWN)
        report_buf_printf(b, "<TR><TD><FONT POINT-SIZE=\"9\">+%d more tables</FONT></TD></TR>",
                          sv->ntables - DOT_TABLES_SHOWN);
    report_buf_puts(b, "</TABLE>>];\n");
}

static void dot_edge(report_buf *b, const seam_model *m, const report_graph *g, int a, int c,
                     int maxw)
{
    int w = report_graph_ties(g, a, c);
    int cyc = report_graph_cyclic(g, a, c);
    /* Width on a log scale: a 1-tie edge stays visible next to a 1,000-tie one. */
    double pen = 1.0 + 4.0 * log1p(w) / log1p(maxw > 0 ? maxw : 1);
    report_buf_printf(b,
                      "  s%d -> s%d [label=\"%d\", weight=%d, penwidth=%.2f, color=\"%s\", "
                      "fontcolor=\"%s\", tooltip=\"",
                      a, c, w, w, pen, cyc ? "#b42318" : "#64748b", cyc ? "#b42318" : "#334155");
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
           "  node [shape=plain, fontname=\"Helvetica\", fontsize=12];\n"
           "  edge [fontname=\"Helvetica\", fontsize=10, arrowsize=0.7];\n");
    for (int i = 0; i < g->ns; i++)
        if (!report_is_shared(m, g->order[i]))
            dot_node(b, m, g->order[i], maxloc);
    int shared = 0;
    for (int i = 0; i < g->ns; i++)
        if (report_is_shared(m, g->order[i])) {
            if (!shared++)
                report_buf_puts(b, "  subgraph cluster_shared {\n  label=\"shared libraries "
                                   "(linked by every service)\"; style=\"dashed,rounded\"; "
                                   "color=\"#9ca3af\"; fontcolor=\"#5b6472\";\n");
            dot_node(b, m, g->order[i], maxloc);
        }
    if (shared)
        report_buf_puts(b, "  }\n");
    for (int i = 0; i < g->ns; i++)
        for (int j = 0; j < g->ns; j++) {
            int a = g->order[i], c = g->order[j];
            if (report_dot_shown(m, g, a, c))
                dot_edge(b, m, g, a, c, maxw);
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
