/*
 * report_svg.c - a DOT graph laid out and drawn as SVG by Graphviz, in
 * process (libgvc, the dot layout), for inlining into report.html.
 *
 * Graphviz's output is deterministic for the same input, so the same model
 * gives the same picture byte for byte. Its XML prolog and doctype are cut:
 * inline SVG in HTML starts at <svg>.
 */
#include "report_internal.h"

#include <graphviz/gvc.h>
#include <graphviz/gvplugin.h>
#include <string.h>

/*
 * The two plugins seam draws with, linked in rather than found through
 * Graphviz's configuration: the dot layout and the core renderers (SVG).
 * Without the pango plugin Graphviz sizes text from its built-in font
 * metrics, so the picture is the same on every machine whatever fonts it
 * has, and fontconfig's caches (never freed) stay out of the process.
 */
extern gvplugin_library_t gvplugin_dot_layout_LTX_library;
extern gvplugin_library_t gvplugin_core_LTX_library;
static const lt_symlist_t svg_plugins[] = {
    {"gvplugin_dot_layout_LTX_library", &gvplugin_dot_layout_LTX_library},
    {"gvplugin_core_LTX_library", &gvplugin_core_LTX_library},
    {NULL, NULL},
};

/* The first of the spans svg_inline cuts that starts in [p, end): a namespace
 * declaration, a font-family attribute, a comment or a <title>, whose end is
 * set in *stop. An attribute's value ends at its second quote. */
static const char *svg_cut(const char *p, const char *end, const char **stop)
{
    static const char *const open[] = {" xmlns", " font-family=", "<!--", "<title>"};
    static const char *const close[] = {"\"", "\"", "-->\n", "</title>\n"};
    const char *best = NULL;
    for (int k = 0; k < 4; k++) {
        const char *q = strstr(p, open[k]);
        if (!q || q >= end || (best && q >= best))
            continue;
        int attribute = k < 2;
        const char *from = attribute ? strchr(q, '"') : q;
        const char *z = from ? strstr(from + attribute, close[k]) : NULL;
        if (!z || z >= end)
            continue;
        best = q;
        *stop = z + strlen(close[k]);
    }
    return best;
}

/* Appends svg without its namespace declarations (the HTML parser puts <svg>
 * and xlink:title in their namespaces by itself, and the page then names no
 * URL at all), the font family repeated on every text (report.css sets it
 * once), comments and <title> elements: Graphviz titles every node and edge
 * with its DOT id ("s3->s5"), which a browser would show on hover over the
 * tooltip that says what the mark is. */
static void svg_inline(report_buf *out, const char *svg, size_t n)
{
    const char *end = svg + n, *p = svg, *stop = NULL;
    for (const char *q; (q = svg_cut(p, end, &stop));) {
        report_buf_append(out, p, (size_t)(q - p));
        p = stop;
    }
    report_buf_append(out, p, (size_t)(end - p));
}

/* Graphviz's own messages are dropped: its warnings (a label too wide, say)
 * still leave a picture, and a failure is reported through err, once. */
static int svg_quiet(char *msg)
{
    (void)msg;
    return 0;
}

static int svg_render(const char *dot, report_buf *out, seam_err *err);

int report_svg_render(const char *dot, report_buf *out, seam_err *err)
{
    agusererrf previous = agseterrf(svg_quiet);
    int rc = svg_render(dot, out, err);
    agseterrf(previous);
    return rc;
}

static int svg_render(const char *dot, report_buf *out, seam_err *err)
{
    GVC_t *gvc = gvContextPlugins(svg_plugins, 0);
    if (!gvc)
        return seam_err_set(err, SEAM_ENOMEM, "cannot start Graphviz");
    Agraph_t *g = agmemread(dot);
    if (!g) {
        gvFreeContext(gvc);
        return seam_err_set(err, SEAM_EIO, "Graphviz could not read the service graph");
    }
    int rc = SEAM_OK;
    char *data = NULL;
    unsigned int len = 0;
    if (gvLayout(gvc, g, "dot") != 0) {
        rc = seam_err_set(err, SEAM_EIO, "Graphviz could not lay out the service graph");
    } else {
        if (gvRenderData(gvc, g, "svg", &data, &len) != 0 || !data)
            rc = seam_err_set(err, SEAM_EIO, "Graphviz could not draw the service graph");
        gvFreeLayout(gvc, g);
    }
    if (!rc) {
        const char *svg = strstr(data, "<svg");
        if (svg)
            svg_inline(out, svg, len - (size_t)(svg - data));
        else
            rc = seam_err_set(err, SEAM_EIO, "Graphviz drew no SVG");
    }
    if (data)
        gvFreeRenderData(data);
    agclose(g);
    gvFreeContext(gvc);
    return rc;
}
