/*
 * test_report_html.c - report.html: hostile names escaped, every service
 * shown, the decomposer's explanations with the sample's values,
 * self-contained, deterministic, atomic failure on a bad path.
 */
#include "check.h"
#include "report.h"
#include "sample_model.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* The text from the first start in page up to the next end after it
 * (malloc'd), or NULL when either is missing. */
static char *part(const char *page, const char *start, const char *end)
{
    const char *a = page ? strstr(page, start) : NULL;
    const char *z = a ? strstr(a + strlen(start), end) : NULL;
    return z ? strndup(a, (size_t)(z - a)) : NULL;
}

/* The decomposer's explanations of the hostile sample (sample_model.c),
 * each in its own section or card, with the sample's own values. */
static void check_decomposition(const char *page)
{
    /* Quality measures, each value next to its label. */
    char *sec = part(page, "<section id=\"summary\">", "</section>");
    CHECK(sec && strstr(sec, "<div class=\"v\">1.2857</div><div class=\"k\">MQ</div>"));
    CHECK(sec && strstr(sec, "<div class=\"v\">0.2188</div><div class=\"k\">SM</div>"));
    CHECK(sec && strstr(sec, "<div class=\"v\">0.5000</div><div class=\"k\">ICP</div>"));
    CHECK(sec && strstr(sec, "<div class=\"v\">1.0000</div><div class=\"k\">IFN</div>"));
    CHECK(sec && strstr(sec, "<div class=\"v\">1.0000</div><div class=\"k\">NED</div>"));
    CHECK(sec && strstr(sec, "<div class=\"card metric bad\"><div class=\"v\">1</div><div "
                             "class=\"k\">Implied FKs</div>"));
    free(sec);

    /* billing's card: lines, exclusivity, cohesion and coupling counting data
     * (report_graph.c; the figures are checked in test_report_graph), interface,
     * both directions. */
    sec = part(page, "<h3>billing<span", "</article>");
    CHECK(sec && strstr(sec, "<span><b>134</b> lines</span>"));
    CHECK(sec && strstr(sec, ">exclusivity <b>25%</b></span>"));
    CHECK(sec && strstr(sec, ">cohesion <b>38%</b></span>"));
    CHECK(sec && strstr(sec, ">coupling <b>5</b> ties with <b>1</b> service</span>"));
    CHECK(sec &&
          strstr(sec, "Interface: called from other services (1)</div>\n<div class=\"chips\">"
                      "<span class=\"chip\">invoice_create</span></div>"));
    CHECK(sec && strstr(sec, "Depends on</div>\n<ul class=\"files\"><li>catalog: 2 calls</li>"));
    /* What each dependency consists of, zero parts left out; the SQL is on
     * the depended-on service's tables: billing's for catalog's SQL. */
    CHECK(sec && strstr(sec, "Used by</div>\n<ul class=\"files\"><li>catalog: 1 function "
                             "reference, 2 SQL sites on billing&#39;s tables</li>"));
    CHECK(sec && !strstr(sec, "Reads tables of other services"));
    free(sec);
    /* catalog's card: its interface and the billing tables its SQL reads. */
    sec = part(page, "<h3>catalog<span", "</article>");
    CHECK(sec && strstr(sec, "<b>97</b> lines"));
    CHECK(sec && strstr(sec, "<span class=\"chip\">product_price</span>"));
    CHECK(sec && strstr(sec, "Reads tables of other services</div>\n<div class=\"chips\"><span "
                             "class=\"chip\">invoice</span><span class=\"chip\">invoice_line</span>"
                             "</div>"));
    CHECK(sec && strstr(sec, "Depends on</div>\n<ul class=\"files\"><li>billing: 1 function "
                             "reference, 2 SQL sites on billing&#39;s tables</li>"));
    CHECK(sec && strstr(sec, "Used by</div>\n<ul class=\"files\"><li>billing: 2 calls</li>"));
    free(sec);
    /* The shared library: its lines and the reason it was set aside (escaped),
     * no interface, and no cohesion or coupling, which only measure a
     * service's boundary. */
    sec = part(page, "<h3>util<span", "</article>");
    CHECK(sec && strstr(sec, "<div class=\"stats\"><span><b>65</b> lines</span></div>"));
    CHECK(sec && strstr(sec, "<div class=\"reason\">called by 2 of 2 services &amp; owns no tables"
                             " &lt;b&gt;bold&lt;/b&gt;</div>"));
    CHECK(sec && !strstr(sec, "Interface:"));
    CHECK(sec && !strstr(sec, "cohesion") && !strstr(sec, "coupling"));
    free(sec);

    /* Why here: a folded listing whose rows report.js builds from the
     * embedded data (the browser test sees them rendered); here the data:
     * each module's strongest ties, weights as the decomposer gave them, a
     * shared module's reason and the hostile table with '<' escaped. */
    sec = part(page, "<section id=\"why\">", "</section>");
    CHECK(sec && strstr(sec, "<details class=\"lazy\" data-why=\"1\"><summary>4 modules"
                             "</summary>"));
    free(sec);
    sec = part(page, "<script type=\"application/json\" id=\"seam-data\">", "</script>");
    CHECK(sec && strstr(sec, "\"called from 2 of 3 other modules & writes \\u003cno> table\""));
    CHECK(sec && strstr(sec, "\"\\u003cscript>alert(1)\\u003c/script>\""));
    CHECK(sec && strstr(sec, ",1,\"2.4142\","));
    CHECK(sec && strstr(sec, "\"access 1.41 + naming 1.00\""));
    CHECK(sec && !strstr(sec + 1, "<")); /* none after the element's own tag */
    free(sec);

    /* Shared tables, right after the cross-service FKs: each with its
     * proposed owner, writers and readers as service labels, the note on
     * what a split does with one, the hostile name only escaped; the summary
     * card counts the same two. */
    sec = part(page, "<section id=\"foreign-keys\">", "<section id=\"implied\">");
    CHECK(sec && strstr(sec, "</section>\n<section id=\"shared-tables\">\n<h2>Shared tables</h2>"));
    free(sec);
    sec = part(page, "<section id=\"shared-tables\">", "</section>");
    CHECK(sec && strstr(sec, "needs one owner service that the others call, or it becomes a shared"
                             " data service of its own."));
    CHECK(sec && count(sec, "<tr><td>") == 2);
    CHECK(sec &&
          strstr(sec, "<tr><td><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></td><td>"
                      "<span class=\"dot\" style=\"--c:#0f8a6a;--p:solid\"></span>catalog</td><td>"
                      "<span class=\"dot\" style=\"--c:#2f5bd3;--p:solid\"></span>billing, <span "
                      "class=\"dot\" style=\"--c:#0f8a6a;--p:solid\"></span>catalog</td><td><span "
                      "class=\"none\">none</span></td></tr>"));
    CHECK(sec &&
          strstr(sec, "<tr><td><code>invoice</code></td><td><span class=\"dot\" "
                      "style=\"--c:#2f5bd3;--p:solid\"></span>billing</td><td><span class=\"dot\" "
                      "style=\"--c:#2f5bd3;--p:solid\"></span>billing</td><td><span class=\"dot\" "
                      "style=\"--c:#0f8a6a;--p:solid\"></span>catalog</td></tr>"));
    /* The hostile row sorts first, as the model orders them. */
    CHECK(sec && strstr(sec, "alert(1)") && strstr(sec, "<code>invoice</code>") &&
          strstr(sec, "alert(1)") < strstr(sec, "<code>invoice</code>"));
    CHECK(sec && !strstr(sec, "<script"));
    free(sec);
    CHECK(strstr(page, "<div class=\"card metric bad\"><div class=\"v\">2</div><div class=\"k\">"
                       "Shared tables</div>"));

    /* No dependency reads as zero calls (nor zero anything). */
    CHECK(!strstr(page, ": 0 ") && !strstr(page, ", 0 "));

    /* Implied FK with the site that joins on it. */
    sec = part(page, "<section id=\"implied\">", "</section>");
    CHECK(sec && strstr(sec, "<tr><td>invoice_line (bundle_id)</td><td class=\"arrow\">&rarr;</td>"
                             "<td>product (id)</td><td>catalog/product.c:34</td></tr>"));
    free(sec);

    /* Dead code: the function, where it is, why. */
    sec = part(page, "<section id=\"dead\">", "</section>");
    CHECK(sec && strstr(sec, "<summary>1 function</summary>"));
    CHECK(sec && strstr(sec, "<tr><td>log_rotate</td><td>util/log.c:20</td><td>static, never "
                             "called or referenced</td></tr>"));
    free(sec);

    /* Edge kinds with factor and edge count; resolution and co-change. */
    sec = part(page, "<section id=\"weights\">", "</section>");
    CHECK(sec && count(sec, "<tr><td>") == 9);
    CHECK(sec && strstr(sec, "<tr><td>implied_fk</td><td class=\"n\">0.7500</td><td "
                             "class=\"n\">1</td></tr>"));
    CHECK(sec && strstr(sec, "Leiden resolution kept: 0.7500; git commits read for co-change: 12 "
                             "(5 changed two or more modules)."));
    free(sec);
}

/* catalog's "Depends on" line after giving its dependency on billing these
 * parts (malloc'd; NULL on failure); the model's values are restored. */
static char *dep_probe(seam_model *m, const char *path, int calls, int refs, int sql_sites)
{
    seam_dependency *d = &m->services[1].outbound[0], saved = *d;
    d->calls = calls;
    d->refs = refs;
    d->sql_sites = sql_sites;
    seam_err err = {0};
    size_t n;
    char *page = report_write_html(m, path, &err) == 0 ? check_slurp(path, &n) : NULL;
    *d = saved;
    char *card = part(page, "<h3>catalog<span", "</article>");
    free(page);
    char *line = part(card, "Depends on</div>", "</li>");
    free(card);
    return line;
}

/*
 * The new explanations escape names the sample keeps plain: a shared table's
 * owner and writer that name no service (shown as bare text), the service of
 * a dependency line, and the service whose tables an inbound line's SQL
 * touches (billing renamed). Returns the page (malloc'd; NULL on failure);
 * the model's names are restored.
 */
static char *hostile_names_probe(seam_model *m, const char *path)
{
    char owner[] = "<u>owner</u>", writer[] = "<u>writer</u>", dep[] = "<u>dep</u>",
         self[] = "<u>self</u>";
    seam_shared_table *t = &m->shared_tables[1];
    seam_dependency *d = &m->services[1].outbound[0];
    char *saved_owner = t->owner, *saved_writer = t->writers[0], *saved_dep = d->service,
         *saved_self = m->services[0].name;
    t->owner = owner;
    t->writers[0] = writer;
    d->service = dep;
    m->services[0].name = self;
    seam_err err = {0};
    size_t n;
    char *page = report_write_html(m, path, &err) == 0 ? check_slurp(path, &n) : NULL;
    t->owner = saved_owner;
    t->writers[0] = saved_writer;
    d->service = saved_dep;
    m->services[0].name = saved_self;
    return page;
}

/* Writes the report, first giving billing 14 files when grow is set, and
 * returns the page (malloc'd; NULL on failure). */
static char *fold_probe(seam_model *m, const char *path, int grow)
{
    seam_service *s = &m->services[0];
    if (grow) {
        char **files = realloc(s->files, 14 * sizeof *files);
        if (!files)
            return NULL;
        s->files = files;
        for (int i = s->nfiles; i < 14; i++)
            s->files[i] = seam_printf("billing/extra%02d.c", i);
        s->nfiles = 14;
    }
    seam_err err = {0};
    size_t n;
    return report_write_html(m, path, &err) == 0 ? check_slurp(path, &n) : NULL;
}

/* Unowned tables: a section listing each with its reason and figures, a dash where the
 * schema had none, names escaped. */
static void check_unowned(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/unowned.html", dir);
    seam_model m;
    seam_model_init(&m);
    CHECK_INT(sample_model_build(&m, SAMPLE_HOSTILE), 0);
    m.unowned_tables = calloc(2, sizeof *m.unowned_tables);
    if (!m.unowned_tables) {
        seam_model_free(&m);
        CHECK(0);
        return;
    }
    m.nunowned_tables = 2;
    m.unowned_tables[0] = (seam_unowned_table){seam_strdup("<b>ghost</b>"),
                                               seam_strdup("no code reaches it"),
                                               1,
                                               5000,
                                               65536,
                                               1,
                                               {0},
                                               0,
                                               0};
    m.unowned_tables[0].stats.seq_scan = 3;
    m.unowned_tables[0].stats.idx_scan = 4;
    m.unowned_tables[0].stats.n_tup_ins = 10;
    m.unowned_tables[0].stats.n_tup_upd = 2;
    m.unowned_tables[1] =
        (seam_unowned_table){seam_strdup("log_cfg"),
                             seam_strdup("only shared-library SQL touches it (util/db.c)"),
                             0,
                             0,
                             0,
                             0,
                             {0},
                             0,
                             0};
    seam_err err = {0};
    CHECK_INT(report_write_html(&m, path, &err), 0);
    char *page = check_slurp(path, NULL);
    char *sec = part(page, "<section id=\"unowned-tables\">", "</section>");
    CHECK(sec && strstr(sec, "<h2>Unowned tables</h2>"));
    CHECK(sec &&
          strstr(sec,
                 "<tr><td><code>&lt;b&gt;ghost&lt;/b&gt;</code></td><td>no code "
                 "reaches it</td><td class=\"num\">5000</td><td class=\"num\">65536"
                 "</td><td class=\"num\">7</td><td class=\"num\">12</td><td class=\"num\"><span "
                 "class=\"none\">-</span></td></tr>"));
    CHECK(sec && strstr(sec, "<tr><td><code>log_cfg</code></td><td>only shared-library SQL "
                             "touches it (util/db.c)</td><td class=\"num\"><span "
                             "class=\"none\">-</span></td>"));
    CHECK(sec && !strstr(sec, "<b>ghost"));
    free(sec);
    free(page);
    unlink(path);
    seam_model_free(&m);
}

int main(void)
{
    char dir[] = "/tmp/seam-test-html-XXXXXX";
    if (!mkdtemp(dir))
        CHECK_SKIP("cannot create a temporary directory");
    char a[256], b[256];
    snprintf(a, sizeof a, "%s/a.html", dir);
    snprintf(b, sizeof b, "%s/b.html", dir);

    seam_model m;
    seam_model_init(&m);
    CHECK_INT(sample_model_build(&m, SAMPLE_HOSTILE), 0);
    seam_err err = {0};
    CHECK_INT(report_write_html(&m, a, &err), 0);
    CHECK_INT(report_write_html(&m, b, &err), 0);
    size_t na = 0, nb = 0;
    char *ta = check_slurp(a, &na), *tb = check_slurp(b, &nb);
    CHECK(ta && tb);
    if (ta && tb) {
        CHECK(na == nb && memcmp(ta, tb, na) == 0);
        CHECK(strncmp(ta, "<!DOCTYPE html>", 15) == 0);
        CHECK(na > 0 && ta[na - 1] == '\n');

        /* Hostile strings appear only escaped: the table name in catalog's
         * card and in a plan step, markup in the reason and in the SQL. */
        /* The page's own two scripts (the embedded data and report.js), no other. */
        CHECK_INT(count(ta, "<script"), 2);
        CHECK(strstr(ta, "<script type=\"application/json\" id=\"seam-data\">{") != NULL);
        CHECK(strstr(ta, "<script>alert") == NULL);
        CHECK(strstr(ta, "<b>bold</b>") == NULL);
        CHECK(strstr(ta, "<i>x</i>") == NULL);
        CHECK(count(ta, "&lt;script&gt;alert(1)&lt;/script&gt;") >= 2);
        CHECK(strstr(ta, "&amp; owns no tables &lt;b&gt;bold&lt;/b&gt;") != NULL);
        CHECK(strstr(ta, "p.name \\u003c> 'a&b' AND p.note = \\\"\\u003ci>x\\u003c/i>\\\"\"") !=
              NULL);

        /* The SQL coverage: its figures, the unresolved site as path:line function, the
         * unreached (hostile) table and the system read, all escaped. */
        char *cov = part(ta, "<section id=\"coverage\">", "</section>");
        CHECK(cov != NULL);
        if (cov) {
            char want[160];
            int n = m.coverage.sql_sites;
            snprintf(want, sizeof want,
                     "<li>%d SQL sites: %d resolved to tables (%d%%), 1 unresolved</li>", n, n - 1,
                     (100 * (n - 1) + n / 2) / n);
            CHECK(strstr(cov, want) != NULL);
            snprintf(want, sizeof want, "<li>%d of %d tables reached by code</li>",
                     m.coverage.tables_reached, m.coverage.schema_tables);
            CHECK(strstr(cov, want) != NULL);
            const seam_sql_site *u = &m.sql_sites[m.nsql_sites - 1];
            snprintf(want, sizeof want, "<li><code>%s:%d</code> <code>%s</code></li>",
                     m.files[u->file].path, u->line, m.functions[u->function].name);
            CHECK(strstr(cov, want) != NULL);
            CHECK(strstr(cov, "<li><code>&lt;script&gt;alert(1)&lt;/script&gt;</code></li>") !=
                  NULL);
            CHECK(strstr(cov, "<code>pg_catalog.&lt;b&gt;pg_class&lt;/b&gt;</code>:") != NULL);
            CHECK(strstr(cov, "<b>") == NULL);
        }
        free(cov);

        /* Every service by name, with its kind; the shared library's reason. */
        CHECK(strstr(ta, "<h3>billing<span class=\"badge\">service</span></h3>") != NULL);
        CHECK(strstr(ta, "<h3>catalog<span class=\"badge\">service</span></h3>") != NULL);
        CHECK(strstr(ta, "<h3>util<span class=\"badge shared\">shared library</span></h3>") !=
              NULL);
        /* Header facts and metric cards. */
        CHECK(strstr(ta, "<title>seam report: shop</title>") != NULL);
        CHECK(strstr(ta, "<dt>Tables</dt><dd>4</dd>") != NULL);
        CHECK(strstr(ta, "<dt>Parse errors</dt><dd class=\"warn\">1</dd>") != NULL);
        CHECK(strstr(ta, "<div class=\"v\">0.4123</div><div class=\"k\">Modularity</div>") != NULL);
        CHECK(strstr(ta, "<div class=\"v\">50%</div><div class=\"k\">Call locality</div>") != NULL);
        /* Cross-service joins (2 of the sample's 3) in the card right after the FKs'. */
        CHECK(strstr(ta,
                     "<div class=\"k\">Cross-service FKs</div><div class=\"h\">constraints to"
                     " drop</div></div>\n<div class=\"card metric bad\"><div class=\"v\">2</div>"
                     "<div class=\"k\">Cross-service joins</div><div class=\"h\">of 3 SQL joins,"
                     " become calls</div></div>") != NULL);
        /* The matrix: billing -> catalog 2 calls and the foreign key, catalog -> billing
         * 2 SQL sites; a cycle, so both cells red. */
        const char *dep = strstr(ta, "<section id=\"dependencies\">");
        CHECK(dep && strstr(dep, "<td class=\"t up cyc\" data-calls=\"2\" data-sql=\"0\" "
                                 "data-fks=\"1\" title=\"billing &rarr; catalog: 2 calls, 1 "
                                 "foreign key\">2/0/1</td>"));
        CHECK(dep && strstr(dep, "<td class=\"t cyc\" data-calls=\"0\" data-sql=\"2\" "
                                 "data-fks=\"0\" title=\"catalog &rarr; billing: 2 SQL sites\">"
                                 "0/2/0</td>"));
        /* The FK between billing's invoice_line and catalog's product crosses;
         * fk_line_invoice stays inside billing and is not listed. */
        const char *fks = strstr(ta, "<section id=\"foreign-keys\">");
        const char *fks_end = fks ? strstr(fks, "</section>") : NULL;
        CHECK(fks && fks_end);
        if (fks && fks_end) {
            char *part = strndup(fks, (size_t)(fks_end - fks));
            CHECK(part && strstr(part, "fk_line_product"));
            CHECK(part && !strstr(part, "fk_line_invoice"));
            free(part);
        }
        /* Plan grouped by stage (five steps of stage 1, one of stage 2), numbering kept. */
        CHECK_INT(count(ta, "<div class=\"phase\">"), 2);
        CHECK(strstr(ta, "Stage 1: a schema per service") != NULL);
        CHECK(strstr(ta, "<ol class=\"steps\" start=\"6\">") != NULL);
        CHECK(strstr(ta, "<li value=\"6\">") != NULL);
        /* SQL collapsed per service, and the parse-error file listed. */
        char *sql = part(ta, "<section id=\"sql\">", "</section>");
        CHECK(sql && count(sql, "<details class=\"lazy\" data-sql=\"") == 2);
        CHECK(sql && strstr(sql, "<details class=\"lazy\" data-sql=\"0\">"));
        CHECK(sql && strstr(sql, "<details class=\"lazy\" data-sql=\"1\">"));
        free(sql);
        check_decomposition(ta);
        /* No unowned tables in the sample: no such section. */
        CHECK(strstr(ta, "id=\"unowned-tables\"") == NULL);
        CHECK(strstr(ta, "<section id=\"parse-errors\">") != NULL);

        /* Self-contained: no script, no external resource. */
        CHECK(strstr(ta, "http://") == NULL);
        CHECK(strstr(ta, "https://") == NULL);
        CHECK(strstr(ta, "src=") == NULL);
        CHECK(strstr(ta, "<link") == NULL);
        CHECK(strstr(ta, "@import") == NULL);
    }
    free(ta);
    free(tb);

    /* Dependency lines of other make-ups: singular parts in their order;
     * calls alone; a bare weight (never written by the decomposer) shown as
     * such rather than as "0 calls". */
    char *line = dep_probe(&m, a, 1, 1, 1);
    CHECK(line && strstr(line, "<li>billing: 1 call, 1 function reference, 1 SQL site on "
                               "billing&#39;s tables"));
    free(line);
    line = dep_probe(&m, a, 3, 0, 0);
    CHECK(line && strstr(line, "<li>billing: 3 calls") && !strstr(line, "SQL") &&
          !strstr(line, "reference"));
    free(line);
    line = dep_probe(&m, a, 0, 0, 0);
    CHECK(line && strstr(line, "<li>billing: coupling weight 2.5000") && !strstr(line, "call"));
    free(line);

    /* Names the sample keeps plain, made hostile: only escaped, wherever the
     * new sections print them. */
    char *hp = hostile_names_probe(&m, a);
    CHECK(hp && !strstr(hp, "<u>"));
    char *shared = part(hp, "<section id=\"shared-tables\">", "</section>");
    CHECK(shared && strstr(shared, "<tr><td><code>invoice</code></td><td>&lt;u&gt;owner&lt;/u&gt;"
                                   "</td><td>&lt;u&gt;writer&lt;/u&gt;</td>"));
    free(shared);
    char *card = part(hp, "<h3>catalog<span", "</article>");
    CHECK(card && strstr(card, "Depends on</div>\n<ul class=\"files\"><li>&lt;u&gt;dep&lt;/u&gt;"
                               ": 1 function reference, 2 SQL sites on &lt;u&gt;dep&lt;/u&gt;"
                               "&#39;s tables</li>"));
    free(card);
    card = part(hp, "<h3>&lt;u&gt;self&lt;/u&gt;<span", "</article>");
    CHECK(card && strstr(card, "Used by</div>\n<ul class=\"files\"><li>catalog: 1 function "
                               "reference, 2 SQL sites on &lt;u&gt;self&lt;/u&gt;&#39;s tables"
                               "</li>"));
    free(card);
    free(hp);

    /* A long file list folds away; short ones stay open. */
    char *page = fold_probe(&m, a, 0);
    CHECK(page && !strstr(page, "<details class=\"fl\">"));
    free(page);
    page = fold_probe(&m, a, 1);
    CHECK(page && strstr(page, "<details class=\"fl\"><summary>Show all 14 files</summary>"));
    CHECK(page && strstr(page, "<li>billing/extra13.c</li></ul>\n</details>"));
    free(page);
    /* A decomposed model with no shared table says so rather than leaving
     * the section out (count restored so that seam_model_free frees them). */
    int nshared = m.nshared_tables;
    m.nshared_tables = 0;
    page = fold_probe(&m, a, 0);
    m.nshared_tables = nshared;
    char *none = part(page, "<section id=\"shared-tables\">", "</section>");
    CHECK(none && strstr(none, "<p class=\"none\">None: each table is touched by the SQL of one"
                               " service only.</p>"));
    CHECK(none && !strstr(none, "<table>"));
    free(none);
    free(page);
    seam_model_free(&m);
    check_unowned(dir);

    /* Determinism beyond two renders of one model object: a model built
     * again from scratch (other addresses, other heap contents), and the
     * model read back from its model.json (which holds all the page shows,
     * SRC only by name), give the very same bytes. */
    char j[256];
    snprintf(j, sizeof j, "%s/model.json", dir);
    seam_model again, back;
    seam_model_init(&again);
    seam_model_init(&back);
    seam_model_init(&m);
    CHECK_INT(sample_model_build(&m, SAMPLE_HOSTILE), 0);
    CHECK_INT(sample_model_build(&again, SAMPLE_HOSTILE), 0);
    CHECK_INT(report_write_html(&m, a, &err), 0);
    CHECK_INT(report_write_html(&again, b, &err), 0);
    ta = check_slurp(a, &na);
    tb = check_slurp(b, &nb);
    CHECK(ta && tb && na == nb && memcmp(ta, tb, na) == 0);
    free(tb);
    CHECK_INT(report_write_json(&m, j, &err), 0);
    CHECK_INT(seam_model_json_read(j, 0, &back, &err), 0);
    CHECK_INT(report_write_html(&back, b, &err), 0);
    tb = check_slurp(b, &nb);
    CHECK(ta && tb && na == nb && memcmp(ta, tb, na) == 0);
    free(ta);
    free(tb);
    seam_model_free(&m);
    seam_model_free(&again);
    seam_model_free(&back);
    unlink(j);

    /* Production figures: none without pg_stat_statements (the hostile sample has none)... */
    CHECK_INT(sample_model_build(&m, SAMPLE_HOSTILE), 0);
    CHECK_INT(report_write_html(&m, a, &err), 0);
    ta = check_slurp(a, &na);
    CHECK(ta && !strstr(ta, "pg_stat_statements") && !strstr(ta, "Production"));
    free(ta);
    seam_model_free(&m);
    /* ... and with them, a Calls column for the SQL sites (rows and time on hover), the
     * statements matched, and the figures of each table. */
    CHECK_INT(sample_model_build(&m, SAMPLE_FULL), 0);
    CHECK_INT(report_write_html(&m, a, &err), 0);
    ta = check_slurp(a, &na);
    CHECK(ta && strstr(ta, " (pg_stat_statements)\">Calls</th>"));
    /* A site's production figures ride in the embedded data: calls, rows, ms. */
    CHECK(ta && strstr(ta, ",42,40,12.5]"));
    /* The plan: a timeline of the stages, and the last step (with SQL and one
     * code site) folded, its details in the embedded data for report.js. */
    CHECK(ta && strstr(ta, "<ol class=\"timeline\"><li><b>Stage 1</b>"));
    CHECK(ta && strstr(ta, "<details class=\"step lazy\" data-step=\"5\"><summary>SQL &middot; 1 "
                           "code site</summary>"));
    CHECK(ta && strstr(ta, "\"BEGIN;\\nALTER TABLE \\\"billing\\\".\\\"invoice_line\\\" DROP "
                           "CONSTRAINT \\\"fk_line_product\\\";\\nCOMMIT;\\n\""));
    CHECK(ta && strstr(ta, "\"SQLite keeps one schema per database file.\""));
    CHECK(ta && strstr(ta, "Production: 1 statement (pg_stat_statements), 1 matched to code sites"
                           " (100%)."));
    CHECK(ta && strstr(ta, "<tr><td><code>product</code></td><td class=\"n\">42</td>"
                           "<td class=\"n\">40</td><td class=\"n\">12.5 ms</td></tr>"));
    /* the statements of table-name helpers resolved at their callers are said apart */
    CHECK(ta && strstr(ta, "<li>1 of the resolved are statements of table-name helpers, "
                           "resolved at their callers</li>"));
    /* Every row of a site table has as many cells as its header. */
    char *sql = ta ? part(ta, "<section id=\"sql\">", "</section>") : NULL;
    CHECK(sql && count(sql, "<thead>") > 0 && count(sql, "</th>") == 6 * count(sql, "<thead>") &&
          count(sql, "</td>") == 6 * count(sql, "</td></tr>"));
    free(sql);
    free(ta);
    seam_model_free(&m);

    /* An empty model still renders a complete page. */
    seam_model_init(&m);
    CHECK_INT(report_write_html(&m, a, &err), 0);
    ta = check_slurp(a, &na);
    CHECK(ta && strstr(ta, "No services were proposed.") && strstr(ta, "</html>\n"));
    /* A model the decomposer did not explain has no join count to show. */
    CHECK(ta && !strstr(ta, "Cross-service joins"));
    /* Nor any of the decomposer's sections. */
    CHECK(ta && !strstr(ta, "<div class=\"k\">MQ</div>") && !strstr(ta, "id=\"why\"") &&
          !strstr(ta, "id=\"shared-tables\"") && !strstr(ta, "id=\"implied\"") &&
          !strstr(ta, "id=\"dead\"") && !strstr(ta, "id=\"weights\""));
    free(ta);

    /* Bad UTF-8 in names never reaches the page. */
    CHECK_INT(sample_model_build(&m, SAMPLE_BAD_UTF8), 0);
    CHECK_INT(report_write_html(&m, a, &err), 0);
    ta = check_slurp(a, &na);
    CHECK(ta && strstr(ta, "util/log\xEF\xBF\xBD.c") && !strchr(ta, '\xff'));
    free(ta);

    seam_err_clear(&err);
    CHECK_INT(report_write_html(&m, "/nonexistent/dir/report.html", &err), SEAM_EIO);
    CHECK(strstr(err.msg, "/nonexistent/dir/report.html") != NULL);
    CHECK(access("/nonexistent/dir/report.html.tmp", F_OK) != 0);
    seam_model_free(&m);

    unlink(a);
    unlink(b);
    rmdir(dir);
    return check_finish();
}
