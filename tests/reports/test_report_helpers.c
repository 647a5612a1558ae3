/*
 * test_report_helpers.c - the reports' building blocks: HTML escaping and
 * the growing buffer, the service index, and a sparse model rendered whole.
 */
#include "check.h"
#include "report.h"
#include "report_internal.h"
#include "sample_model.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FFFD "\xEF\xBF\xBD"

static void check_html(const char *in, const char *want)
{
    report_buf b = {0};
    report_buf_html(&b, in);
    CHECK(!b.oom);
    CHECK_STR(b.data ? b.data : "", want);
    report_buf_free(&b);
}

static void test_html_escape(void)
{
    check_html("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;");
    check_html("a & b \"c\" 'd'", "a &amp; b &quot;c&quot; &#39;d&#39;");
    check_html("tab\tnl\nbell\x07", "tab\tnl\nbell" FFFD);
    check_html("bad\xff<", "bad" FFFD "&lt;");
    check_html("", "");

    report_buf b = {0};
    report_buf_html(&b, NULL);
    CHECK(b.len == 0);
    report_buf_printf(&b, "%d-%s", 42, "x");
    report_buf_puts(&b, "!");
    CHECK_STR(b.data, "42-x!");
    /* Growth past the initial capacity keeps every byte. */
    for (int i = 0; i < 5000; i++)
        report_buf_puts(&b, "0123456789");
    CHECK_INT(b.len, 5 + 50000);
    CHECK(b.data[b.len] == '\0' && b.data[b.len - 1] == '9');
    report_buf_free(&b);
}

static void test_index(void)
{
    seam_model m;
    seam_model_init(&m);
    CHECK_INT(sample_model_build(&m, SAMPLE_PLAIN), 0);
    report_index ix;
    CHECK_INT(report_index_build(&m, &ix), 0);
    CHECK_INT(ix.file_service[1], 0); /* billing/invoice.h */
    CHECK_INT(ix.file_service[5], 2); /* util/log.c */
    CHECK_INT(ix.function_service[3], 1);
    CHECK_INT(ix.service_functions[0], 2);
    CHECK_INT(ix.service_functions[2], 3); /* db_query, log_msg, log_rotate */
    CHECK_INT(ix.service_sites[1], 2); /* product.c:18 and :34 */
    /* billing->util 2 calls over 2 pairs, billing->catalog 2 over 1, catalog->util 1. */
    CHECK_INT(ix.ndeps, 3);
    CHECK(ix.ndeps == 3 && ix.deps[0].from == 0 && ix.deps[0].to == 1 && ix.deps[0].calls == 2 &&
          ix.deps[0].edges == 1);
    CHECK(ix.ndeps == 3 && ix.deps[1].from == 0 && ix.deps[1].to == 2 && ix.deps[1].calls == 2 &&
          ix.deps[1].edges == 2);
    CHECK(ix.ndeps == 3 && ix.deps[2].from == 1 && ix.deps[2].to == 2 && ix.deps[2].calls == 1);
    CHECK_INT(report_table_owner(&m, "PRODUCT"), 1);
    CHECK_INT(report_table_owner(&m, "nope"), -1);
    report_index_free(&ix);
    seam_model_free(&m);
}

/* A model with holes (NULL strings, indices out of range) must still give
 * complete, valid output: reports run after every other stage and must
 * never be the one that crashes. */
static void test_sparse_model(void)
{
    seam_model m;
    seam_model_init(&m);
    m.functions = calloc(1, sizeof *m.functions);
    m.calls = calloc(1, sizeof *m.calls);
    m.sql_sites = calloc(1, sizeof *m.sql_sites);
    m.services = calloc(1, sizeof *m.services);
    m.plan = calloc(1, sizeof *m.plan);
    m.services[0].files = calloc(1, sizeof(char *));
    m.services[0].nfiles = 1; /* one NULL path */
    m.nservices = 1;
    m.functions[0].file = 99; /* no such file */
    m.nfunctions = 1;
    m.calls[0] = (seam_call){0, -1, 3, 0};
    m.ncalls = 1;
    m.sql_sites[0].function = 7;
    m.sql_sites[0].file = -1;
    m.nsql_sites = 1;
    m.nplan = 1;
    m.metrics.modularity = NAN;

    char dir[] = "/tmp/seam-test-sparse-XXXXXX";
    CHECK(mkdtemp(dir) != NULL);
    char json[128], html[128];
    snprintf(json, sizeof json, "%s/model.json", dir);
    snprintf(html, sizeof html, "%s/report.html", dir);
    seam_err err = {0};
    CHECK_INT(report_write_json(&m, json, &err), 0);
    CHECK_INT(report_write_html(&m, html, &err), 0);
    FILE *f = fopen(json, "r");
    char text[8192] = {0};
    CHECK(f && fread(text, 1, sizeof text - 1, f) > 0);
    if (f)
        fclose(f);
    cJSON *doc = cJSON_Parse(text);
    CHECK(doc != NULL);
    const cJSON *call = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "calls"), 0);
    CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(call, "callee")));
    CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(doc, "metrics"), "modularity")));
    cJSON_Delete(doc);
    unlink(json);
    unlink(html);
    rmdir(dir);
    seam_model_free(&m);
}

int main(void)
{
    test_sparse_model();
    test_html_escape();
    test_index();
    return check_finish();
}
