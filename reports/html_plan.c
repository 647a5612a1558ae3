/*
 * html_plan.c - the schema split plan in report.html: a timeline of its
 * stages, then each stage's steps in order, each with why, its SQL in a
 * block to copy, or why it has none, and the code it changes as file:line
 * (built by report.js from the embedded data when the step opens).
 */
#include "html_internal.h"

#include <string.h>

/* A step's details, folded: its rationale, its SQL to copy or the note saying
 * why it has none, and its code sites. They ride in the embedded data
 * (html_data.c) and report.js builds them when the step opens: a plan of
 * hundreds of sagas would otherwise be a megabyte of markup. Without the
 * script, split/README.md holds the same. */
static void plan_step_body(html_ctx *h, int k, const seam_plan_step *p)
{
    report_buf *b = h->b;
    if (!p->rationale && !p->sql && !p->sql_note && p->ncode_sites == 0)
        return;
    report_buf_printf(b, "<details class=\"step lazy\" data-step=\"%d\"><summary>%s", k,
                      p->sql ? "SQL" : "Details");
    if (p->ncode_sites > 0)
        report_buf_printf(b, " &middot; %d code site%s", p->ncode_sites,
                          p->ncode_sites == 1 ? "" : "s");
    report_buf_puts(b, "</summary><p class=\"nojs\">In split/README.md.</p></details>");
}

/* The stages side by side, with their step counts: the plan at a glance. */
static void plan_timeline(html_ctx *h)
{
    const seam_model *m = h->m;
    static const char *const short_title[] = {"", "Schema per service", "Cut the ties",
                                              "Database per service"};
    int count[4] = {0}, sql[4] = {0};
    for (int i = 0; i < m->nplan; i++) {
        int st = m->plan[i].stage >= 1 && m->plan[i].stage <= 3 ? m->plan[i].stage : 0;
        count[st]++;
        sql[st] += m->plan[i].sql != NULL;
    }
    if (count[0] == m->nplan)
        return; /* an older plan without stages */
    report_buf_puts(h->b, "<ol class=\"timeline\">");
    for (int st = 1; st <= 3; st++) {
        report_buf_printf(h->b, "<li><b>Stage %d</b> %s<span>%d step%s", st, short_title[st],
                          count[st], count[st] == 1 ? "" : "s");
        if (sql[st])
            report_buf_printf(h->b, ", %d with SQL", sql[st]);
        report_buf_puts(h->b, "</span></li>");
    }
    report_buf_puts(h->b, "</ol>\n");
}

/* A stage's heading; a plan of an older seam (no stages) is one run of steps. */
static const char *stage_title(int stage)
{
    switch (stage) {
    case SEAM_PLAN_STAGE_SCHEMA:
        return "Stage 1: a schema per service, in one database";
    case SEAM_PLAN_STAGE_TIES:
        return "Stage 2: cut the ties between services";
    case SEAM_PLAN_STAGE_DATABASE:
        return "Stage 3: a database per service, strangler order";
    default:
        return "Steps";
    }
}

void html_section_plan(html_ctx *h)
{
    const seam_model *m = h->m;
    report_buf *b = h->b;
    report_buf_puts(b, "<section id=\"plan\">\n<h2>Schema split plan</h2>\n<p class=\"note\">The"
                       " steps in order, by stage: a schema per service first, then the ties"
                       " between services cut one by one, then a database per service. A step"
                       " with SQL has its script in <code>split/</code>; the plan in words, with"
                       " the code each step changes, is <code>split/README.md</code>.</p>\n");
    if (m->nplan == 0) {
        report_buf_puts(b, "<p class=\"none\">No schema changes are needed.</p>\n");
        report_buf_puts(b, "</section>\n");
        return;
    }
    plan_timeline(h);
    /* A stage is a run of consecutive steps: the plan is ordered, so grouping never reorders. */
    for (int i = 0; i < m->nplan;) {
        int j = i;
        while (j < m->nplan && m->plan[j].stage == m->plan[i].stage)
            j++;
        report_buf_printf(b,
                          "<div class=\"phase\">\n<h3>%s <span>(%d step%s)</span></h3>\n"
                          "<ol class=\"steps\" start=\"%d\">\n",
                          stage_title(m->plan[i].stage), j - i, j - i == 1 ? "" : "s",
                          m->plan[i].order);
        for (int k = i; k < j; k++) {
            const seam_plan_step *p = &m->plan[k];
            report_buf_printf(b, "<li value=\"%d\"><span class=\"tag\">", p->order);
            html_text(h, p->service && *p->service ? p->service : "decision");
            report_buf_puts(b, "</span>");
            html_text(h, p->detail);
            if (p->risk && strcmp(p->risk, "high") == 0)
                report_buf_puts(b, " <span class=\"tag\">high risk</span>");
            plan_step_body(h, k, p);
            report_buf_puts(b, "</li>\n");
        }
        report_buf_puts(b, "</ol>\n</div>\n");
        i = j;
    }
    report_buf_puts(b, "</section>\n");
}
