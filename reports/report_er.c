/*
 * report_er.c - a service's tables as an entity-relationship graph in DOT,
 * for report.html's data model section: each table it owns with its key
 * columns (primary key, then the columns of its foreign keys), foreign keys
 * between its tables as solid arrows, and foreign keys to or from another
 * service's tables dashed, to those tables drawn grey with their owner's
 * name. Node ids are schema positions ("t12"); names reach the graph only
 * through report_buf_dot.
 */
#include "report_internal.h"

#include <stdlib.h>
#include <strings.h>

static int er_table(const seam_model *m, const char *name)
{
    for (int t = 0; name && t < m->schema.ntables; t++)
        if (m->schema.tables[t].name && strcasecmp(m->schema.tables[t].name, name) == 0)
            return t;
    return -1;
}

/* 1 when column col of table t is in a foreign key from t. */
static int er_fk_column(const seam_model *m, const seam_table *t, const char *col)
{
    for (int i = 0; i < m->schema.nforeign_keys; i++) {
        const seam_foreign_key *fk = &m->schema.foreign_keys[i];
        if (!fk->from_table || strcasecmp(fk->from_table, t->name) != 0)
            continue;
        for (int c = 0; c < fk->ncolumns; c++)
            if (fk->from_columns[c] && col && strcasecmp(fk->from_columns[c], col) == 0)
                return 1;
    }
    return 0;
}

static int er_pk_column(const seam_table *t, const char *col)
{
    for (int c = 0; c < t->nprimary_key; c++)
        if (t->primary_key[c] && col && strcasecmp(t->primary_key[c], col) == 0)
            return 1;
    return 0;
}

/*
 * A node: own (the service's colour, then its key columns, one a line, left
 * aligned: "PK id", "FK customer_id") or foreign (grey, dashed, its owner
 * named). Plain labels, not HTML-like ones (Graphviz 2.42's parser of those
 * leaks): the text is a DOT string, escaped once by report_buf_dot.
 */
static void er_node(report_buf *b, const seam_model *m, int t, int owner, int own)
{
    const seam_table *tb = &m->schema.tables[t];
    report_buf_printf(b, "  t%d [color=\"%s\", style=\"%s\", fontcolor=\"%s\", tooltip=\"", t,
                      own ? report_service_hex(m, owner) : "#9ca3af",
                      own ? "filled" : "filled,dashed", own ? "#1c2129" : "#5b6472");
    report_buf_dot(b, tb->name);
    if (!own && owner >= 0) {
        report_buf_puts(b, ", owned by ");
        report_buf_dot(b, m->services[owner].name);
    }
    report_buf_puts(b, "\", label=\"");
    report_buf_dot(b, tb->name);
    report_buf_puts(b, "\\n");
    if (own) {
        for (int c = 0; c < tb->ncolumns; c++) {
            const seam_column *col = &tb->columns[c];
            int pk = er_pk_column(tb, col->name), fk = er_fk_column(m, tb, col->name);
            if (!pk && !fk)
                continue;
            report_buf_puts(b, pk && fk ? "PK FK " : pk ? "PK " : "FK ");
            report_buf_dot(b, col->name);
            report_buf_puts(b, "\\l");
        }
    } else {
        report_buf_puts(b, "(");
        report_buf_dot(b, owner >= 0 ? m->services[owner].name : "no service");
        report_buf_puts(b, ")");
    }
    report_buf_puts(b, "\", fillcolor=\"");
    report_buf_puts(b, own ? "white" : "#f3f4f6");
    report_buf_puts(b, "\"];\n");
}

int report_er_build(const seam_model *m, int service, report_buf *b)
{
    const seam_schema *s = &m->schema;
    unsigned char *drawn = calloc((size_t)s->ntables + 1, 1);
    if (!drawn)
        return SEAM_ENOMEM;
    report_buf_printf(b,
                      "digraph er%d {\n  graph [id=\"er%d\", rankdir=LR, nodesep=0.25, "
                      "ranksep=0.5, bgcolor=\"transparent\", tooltip=\"tables\"];\n"
                      "  node [shape=plain, fontname=\"Helvetica\", fontsize=10];\n"
                      "  edge [arrowsize=0.6, color=\"#64748b\"];\n",
                      service, service);
    for (int t = 0; t < s->ntables; t++)
        if (report_table_owner(m, s->tables[t].name) == service) {
            drawn[t] = 1;
            er_node(b, m, t, service, 1);
        }
    /* Foreign keys touching the service: inside solid; across dashed, with
     * the other service's table drawn once, grey. */
    for (int i = 0; i < s->nforeign_keys; i++) {
        const seam_foreign_key *fk = &s->foreign_keys[i];
        int a = er_table(m, fk->from_table), c = er_table(m, fk->to_table);
        if (a < 0 || c < 0)
            continue;
        int oa = report_table_owner(m, fk->from_table), oc = report_table_owner(m, fk->to_table);
        if (oa != service && oc != service)
            continue;
        int other = oa == service ? c : a;
        if (!drawn[other]) {
            drawn[other] = 1;
            er_node(b, m, other, other == c ? oc : oa, 0);
        }
        report_buf_printf(b, "  t%d -> t%d [tooltip=\"", a, c);
        report_buf_dot(b, fk->name);
        report_buf_puts(b, oa == oc ? "\"];\n" : "\", style=dashed, color=\"#9ca3af\"];\n");
    }
    report_buf_puts(b, "}\n");
    free(drawn);
    return SEAM_OK;
}
