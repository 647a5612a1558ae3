/*
 * html_map.c - the service map in report.html: the DOT graph of
 * report_dot.c drawn by Graphviz and inlined as static SVG (readable without
 * JavaScript, printable), with a legend saying what the marks mean.
 */
#include "html_internal.h"

void html_svg(html_ctx *h, const report_buf *dot, const char *what)
{
    seam_err err = {0};
    if (dot->oom || !dot->data) {
        h->b->oom = 1;
    } else if (report_svg_render(dot->data, h->b, &err)) {
        /* The rest of the report stands without the picture. */
        report_buf_printf(h->b, "<p class=\"none\">The %s could not be drawn: ", what);
        html_text(h, err.msg);
        report_buf_puts(h->b, "</p>");
    }
}

void html_section_map(html_ctx *h)
{
    report_buf *b = h->b;
    if (h->m->nservices == 0)
        return;
    report_buf_puts(b, "<section id=\"map\">\n<h2>Service map</h2>\n<p class=\"note\">Each box is"
                       " a proposed service, wider with more lines of code, listing the tables it"
                       " owns. An arrow is what one service needs of another: calls, SQL on the"
                       " other&#39;s tables and foreign keys to them, summed on the label; hover"
                       " an arrow for its parts. Red arrows lie on a cycle. Shared libraries sit"
                       " apart: every service links them. The same graph is"
                       " <code>services.dot</code> next to this report.</p>\n");
    report_buf dot = {0};
    report_dot_build(h->m, &h->g, &dot);
    report_buf_puts(b, "<figure class=\"map\">\n");
    html_svg(h, &dot, "map");
    report_buf_free(&dot);
    int ties = 0, shown = 0;
    for (int a = 0; a < h->g.ns; a++)
        for (int c = 0; c < h->g.ns; c++) {
            shown += report_dot_shown(h->m, &h->g, a, c);
            ties += a != c && !report_is_shared(h->m, a) && !report_is_shared(h->m, c) &&
                    report_graph_ties(&h->g, a, c) > 0;
        }
    report_buf_puts(b, "</figure>\n");
    if (shown < ties)
        report_buf_printf(b,
                          "<p class=\"note\">%d of %d ties drawn: each service&#39;s three"
                          " strongest, and every tie of at least half the strongest."
                          " The matrix below has them all.</p>\n",
                          shown, ties);
    report_buf_puts(b, "<ul class=\"legend\"><li><span class=\"lg-box\"></span>service"
                       " (border: its colour and pattern)</li><li><span class=\"lg-edge\">"
                       "</span>ties: calls + SQL sites + foreign keys</li><li><span class=\"lg-edge"
                       " cyc\"></span>on a cycle</li><li><span class=\"lg-box shared\"></span>"
                       "shared library</li></ul>\n</section>\n");
}
