/*
 * test_model_json_write.c - model.json: shape and key order, values, stable
 * bytes, valid UTF-8 from invalid input, and failure on an unwritable path.
 */
#include "check.h"
#include "model_json.h"
#include "sample_model.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Independent UTF-8 validation: glibc's iconv rejects ill-formed input. */
static int valid_utf8(const char *s, size_t n)
{
    iconv_t cd = iconv_open("UTF-32LE", "UTF-8");
    if (cd == (iconv_t)-1)
        return 0;
    char *in = (char *)s;
    size_t inleft = n, ok = 1;
    char out[4096];
    while (inleft) {
        char *o = out;
        size_t oleft = sizeof out;
        if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1 && errno != E2BIG) {
            ok = 0;
            break;
        }
    }
    iconv_close(cd);
    return (int)ok;
}

static const char *str_at(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double num_at(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : -12345;
}

static void check_key_order(const cJSON *o, const char *const *keys)
{
    const cJSON *c = o ? o->child : NULL;
    int i = 0;
    for (; keys[i]; i++, c = c ? c->next : NULL) {
        CHECK(c != NULL);
        if (c)
            CHECK_STR(c->string, keys[i]);
    }
    CHECK(c == NULL); /* no unexpected extra keys */
}

static void check_document(const cJSON *doc)
{
    static const char *const top[] = {"tool", "source", "files", "functions", "calls", "sql_sites",
                                      "schema", "services", "metrics", "split_plan",
                                      /* further code facts */
                                      "function_refs", "globals", "global_uses", "types",
                                      "type_uses", "includes", "translation_units",
                                      /* further decomposition results */
                                      "modules", "implied_foreign_keys", "shared_tables",
                                      "dead_functions", "edge_kinds",
                                      /* system objects, SQL coverage */
                                      "system_reads", "coverage",
                                      /* the build's own components */
                                      "components",
                                      /* tables no service owns */
                                      "unowned_tables", NULL};
    check_key_order(doc, top);

    const cJSON *tool = cJSON_GetObjectItemCaseSensitive(doc, "tool");
    CHECK_STR(str_at(tool, "name"), "seam");
    CHECK_STR(str_at(tool, "version"), SEAM_VERSION);

    const cJSON *src = cJSON_GetObjectItemCaseSensitive(doc, "source");
    static const char *const src_keys[] = {"name", "translation_units", "parse_errors", "warnings",
                                           NULL};
    check_key_order(src, src_keys);
    CHECK_STR(str_at(src, "name"), "shop"); /* never the absolute /home/dev/src/shop */
    CHECK_INT(num_at(src, "translation_units"), 4);
    CHECK_INT(num_at(src, "parse_errors"), 1);

    const cJSON *files = cJSON_GetObjectItemCaseSensitive(doc, "files");
    CHECK_INT(cJSON_GetArraySize(files), 6);
    const cJSON *f2 = cJSON_GetArrayItem(files, 2);
    static const char *const file_keys[] = {"path", "lines", "is_header", "parse_errors", NULL};
    check_key_order(f2, file_keys);
    CHECK_STR(str_at(f2, "path"), "catalog/product.c");
    CHECK_INT(num_at(f2, "lines"), 88);
    CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(f2, "is_header")));
    CHECK(
        cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(files, 1), "is_header")));
    CHECK_INT(num_at(f2, "parse_errors"), 1);

    const cJSON *fns = cJSON_GetObjectItemCaseSensitive(doc, "functions");
    CHECK_INT(cJSON_GetArraySize(fns), 7);
    const cJSON *fn1 = cJSON_GetArrayItem(fns, 1);
    static const char *const fn_keys[] = {"id", "name", "file", "line", "static", "loc", NULL};
    check_key_order(fn1, fn_keys);
    CHECK_STR(str_at(fn1, "id"), "c:invoice.c@F@invoice_total");
    CHECK_STR(str_at(fn1, "name"), "invoice_total");
    CHECK_STR(str_at(fn1, "file"), "billing/invoice.c");
    CHECK_INT(num_at(fn1, "line"), 40);
    CHECK(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(fn1, "static")));
    CHECK_INT(num_at(fn1, "loc"), 12);

    const cJSON *calls = cJSON_GetObjectItemCaseSensitive(doc, "calls");
    CHECK_INT(cJSON_GetArraySize(calls), 6);
    const cJSON *c1 = cJSON_GetArrayItem(calls, 1);
    static const char *const call_keys[] = {"caller", "callee", "count", "line", NULL};
    check_key_order(c1, call_keys);
    CHECK_STR(str_at(c1, "caller"), "c:@F@invoice_create");
    CHECK_STR(str_at(c1, "callee"), "c:@F@product_price");
    CHECK_INT(num_at(c1, "count"), 2);

    const cJSON *sites = cJSON_GetObjectItemCaseSensitive(doc, "sql_sites");
    CHECK_INT(cJSON_GetArraySize(sites), 3);
    const cJSON *s1 = cJSON_GetArrayItem(sites, 1);
    static const char *const site_keys[] = {"function",   "file",    "line",   "sql",
                                            "via",        "parser",  "tables", "how",
                                            "confidence", "found", "columns", NULL};
    check_key_order(s1, site_keys);
    CHECK_STR(str_at(s1, "function"), "c:@F@product_find");
    CHECK_STR(str_at(s1, "file"), "catalog/product.c");
    CHECK_INT(num_at(s1, "line"), 18);
    CHECK(str_at(s1, "sql") && strstr(str_at(s1, "sql"), "\"<i>x</i>\""));
    CHECK_STR(str_at(s1, "via"), "sqlite3_prepare_v2");
    CHECK_STR(str_at(s1, "parser"), "sqlite");
    const cJSON *refs = cJSON_GetObjectItemCaseSensitive(s1, "tables");
    CHECK_INT(cJSON_GetArraySize(refs), 2);
    CHECK_STR(str_at(cJSON_GetArrayItem(refs, 0), "name"), "invoice_line");
    CHECK_STR(str_at(cJSON_GetArrayItem(refs, 0), "access"), "read");
    CHECK_STR(str_at(cJSON_GetArrayItem(refs, 1), "access"), "read_write");
    CHECK_STR(
        str_at(cJSON_GetArrayItem(
                   cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(sites, 0), "tables"), 0),
               "access"),
        "write");

    const cJSON *schema = cJSON_GetObjectItemCaseSensitive(doc, "schema");
    static const char *const schema_keys[] = {
        "dialect",  "source",    "tables",      "foreign_keys", "schemas",  "indexes", "views",
        "triggers", "sequences", "query_stats", "skipped",      "warnings", NULL};
    check_key_order(schema, schema_keys);
    CHECK_STR(str_at(schema, "dialect"), "sqlite");
    CHECK_STR(str_at(schema, "source"), "shop.db");
    const cJSON *tables = cJSON_GetObjectItemCaseSensitive(schema, "tables");
    CHECK_INT(cJSON_GetArraySize(tables), 3);
    const cJSON *line = cJSON_GetArrayItem(tables, 1);
    CHECK_STR(str_at(line, "name"), "invoice_line");
    const cJSON *pk = cJSON_GetObjectItemCaseSensitive(line, "primary_key");
    CHECK_INT(cJSON_GetArraySize(pk), 2);
    CHECK_STR(cJSON_GetArrayItem(pk, 1)->valuestring, "product_id");
    const cJSON *col = cJSON_GetArrayItem(
        cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(tables, 0), "columns"), 2);
    static const char *const col_keys[] = {"name",           "type",     "not_null",
                                           "default",        "identity", "generated",
                                           "generated_expr", "comment",  NULL};
    check_key_order(col, col_keys);
    CHECK_STR(str_at(col, "name"), "total");
    CHECK_STR(str_at(col, "type"), "REAL");
    CHECK(cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(col, "not_null")));
    const cJSON *fk =
        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(schema, "foreign_keys"), 1);
    static const char *const fk_keys[] = {
        "name",      "from_table", "from_columns", "to_table",           "to_columns",
        "on_delete", "on_update",  "deferrable",   "initially_deferred", NULL};
    check_key_order(fk, fk_keys);
    CHECK_STR(str_at(fk, "name"), "fk_line_product");
    CHECK_STR(str_at(fk, "to_table"), "product");
    CHECK_STR(
        cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(fk, "from_columns"), 0)->valuestring,
        "product_id");

    const cJSON *svcs = cJSON_GetObjectItemCaseSensitive(doc, "services");
    CHECK_INT(cJSON_GetArraySize(svcs), 3);
    /* The decomposer's further keys follow the first ones. */
    static const char *const svc_keys[] = {
        "name",     "kind",    "files", "tables",   "functions", "interface", "tables_read",
        "outbound", "inbound", "loc",   "cohesion", "coupling",  NULL};
    static const char *const lib_keys[] = {
        "name",        "kind",     "reason",  "files", "tables",   "functions", "interface",
        "tables_read", "outbound", "inbound", "loc",   "cohesion", "coupling",  NULL};
    check_key_order(cJSON_GetArrayItem(svcs, 0), svc_keys);
    check_key_order(cJSON_GetArrayItem(svcs, 2), lib_keys);
    CHECK_STR(str_at(cJSON_GetArrayItem(svcs, 1), "name"), "catalog");
    CHECK_STR(str_at(cJSON_GetArrayItem(svcs, 2), "kind"), "shared_library");
    CHECK_STR(str_at(cJSON_GetArrayItem(svcs, 2), "reason"),
              "called by 2 of 2 services and owns no tables");
    CHECK_INT(
        cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(svcs, 0), "tables")),
        2);

    const cJSON *metrics = cJSON_GetObjectItemCaseSensitive(doc, "metrics");
    static const char *const metric_keys[] = {"modularity",
                                              "services",
                                              "cross_service_calls",
                                              "internal_calls",
                                              "cross_service_fks",
                                              "shared_tables",
                                              "mq",
                                              "sm",
                                              "icp",
                                              "ifn",
                                              "ned",
                                              "resolution",
                                              "objective",
                                              "sql_joins",
                                              "cross_service_joins",
                                              "implied_fks",
                                              "dead_functions",
                                              "commits_read",
                                              "commits_used",
                                              NULL};
    check_key_order(metrics, metric_keys);
    CHECK(num_at(metrics, "modularity") == 0.4123);
    CHECK_INT(num_at(metrics, "services"), 2);
    CHECK_INT(num_at(metrics, "cross_service_fks"), 1);
    CHECK_INT(num_at(metrics, "sql_joins"), 3);
    CHECK_INT(num_at(metrics, "cross_service_joins"), 2);

    const cJSON *steps = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(doc, "split_plan"), "steps");
    CHECK_INT(cJSON_GetArraySize(steps), 6);
    const cJSON *st = cJSON_GetArrayItem(steps, 5);
    static const char *const step_keys[] = {"order",     "kind",       "service",   "detail",
                                            "id",        "stage",      "depends_on", "sql",
                                            "sql_note",  "code_sites", "rationale", "effort",
                                            "risk",      NULL};
    check_key_order(st, step_keys);
    CHECK_INT(num_at(st, "order"), 6);
    CHECK_STR(str_at(st, "kind"), "drop_foreign_key");
    CHECK_STR(str_at(st, "service"), "billing");
    CHECK_INT(num_at(st, "stage"), SEAM_PLAN_STAGE_TIES);
    CHECK_INT(num_at(cJSON_GetObjectItemCaseSensitive(doc, "split_plan"), "version"),
              SEAM_PLAN_VERSION);
}

int main(void)
{
    char dir[] = "/tmp/seam-test-json-XXXXXX";
    if (!mkdtemp(dir))
        CHECK_SKIP("cannot create a temporary directory");
    char a[256], b[256];
    snprintf(a, sizeof a, "%s/a.json", dir);
    snprintf(b, sizeof b, "%s/b.json", dir);

    seam_model m;
    seam_model_init(&m);
    CHECK_INT(sample_model_build(&m, SAMPLE_PLAIN), 0);
    seam_err err = {0};
    CHECK_INT(seam_model_json_write(&m, a, &err), 0);
    CHECK_INT(seam_model_json_write(&m, b, &err), 0);

    size_t na = 0, nb = 0;
    char *ta = check_slurp(a, &na), *tb = check_slurp(b, &nb);
    CHECK(ta && tb);
    if (ta && tb) {
        /* Same model, same bytes. */
        CHECK(na == nb && memcmp(ta, tb, na) == 0);
        CHECK(na > 0 && ta[na - 1] == '\n');
        /* Fixed 4 decimals, not cJSON's %1.15g. */
        CHECK(strstr(ta, "\"modularity\":\t0.4123,") != NULL);
        CHECK(strstr(ta, "/home/dev") == NULL);
        CHECK(valid_utf8(ta, na));
        cJSON *doc = cJSON_ParseWithLength(ta, na);
        CHECK(doc != NULL);
        if (doc)
            check_document(doc);
        cJSON_Delete(doc);
    }
    free(ta);
    free(tb);

    /* No tmp file remains after a successful write. */
    char tmp[600];
    snprintf(tmp, sizeof tmp, "%s.tmp", a);
    CHECK(access(tmp, F_OK) != 0);

    /* Overwriting an existing file replaces it. */
    seam_model empty;
    seam_model_init(&empty);
    CHECK_INT(seam_model_json_write(&empty, a, &err), 0);
    char *te = check_slurp(a, NULL);
    cJSON *de = te ? cJSON_Parse(te) : NULL;
    CHECK(de != NULL);
    if (de) {
        CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(de, "schema"), "dialect")));
        CHECK(cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(de, "source"), "name")));
        CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(de, "files")), 0);
        CHECK(strstr(te, "\"modularity\":\t0.0000,") != NULL);
    }
    cJSON_Delete(de);
    free(te);
    seam_model_free(&m);

    /* Invalid UTF-8 in an SQL literal and a file name: valid JSON, valid UTF-8. */
    seam_model_init(&m);
    CHECK_INT(sample_model_build(&m, SAMPLE_BAD_UTF8), 0);
    CHECK_INT(seam_model_json_write(&m, b, &err), 0);
    tb = check_slurp(b, &nb);
    CHECK(tb && valid_utf8(tb, nb));
    cJSON *db = tb ? cJSON_ParseWithLength(tb, nb) : NULL;
    CHECK(db != NULL);
    if (db) {
        const cJSON *s1 = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(db, "sql_sites"), 1);
        /* \xff\xfe -> two U+FFFD; lone \xc3 -> one; surrogate \xed\xa0\x80 -> three; é kept. */
        CHECK_STR(str_at(s1, "sql"), "SELECT id FROM product WHERE name = '\xEF\xBF\xBD\xEF\xBF\xBD"
                                     " caf\xEF\xBF\xBD \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD ok "
                                     "\xc3\xa9'");
        CHECK_STR(
            str_at(cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(db, "files"), 5), "path"),
            "util/log\xEF\xBF\xBD.c");
    }
    cJSON_Delete(db);
    free(tb);

    /* Unwritable path: SEAM_EIO, message names the path, nothing left behind. */
    seam_err_clear(&err);
    const char *bad = "/nonexistent/dir/model.json";
    CHECK_INT(seam_model_json_write(&m, bad, &err), SEAM_EIO);
    CHECK_INT(err.code, SEAM_EIO);
    CHECK(strstr(err.msg, bad) != NULL);
    CHECK(access("/nonexistent/dir/model.json.tmp", F_OK) != 0);

    /* A directory where the file should go: the tmp file is created, rename fails,
     * and the tmp file must be removed again. */
    char sub[100];
    snprintf(sub, sizeof sub, "%s/sub", dir);
    CHECK_INT(mkdir(sub, 0700), 0);
    char subfile[200];
    snprintf(subfile, sizeof subfile, "%s/x", sub);
    CHECK_INT(mkdir(subfile, 0700), 0);
    char blocker[300];
    snprintf(blocker, sizeof blocker, "%s/x/y", sub);
    FILE *bf = fopen(blocker, "w");
    CHECK(bf != NULL);
    if (bf)
        fclose(bf);
    seam_err_clear(&err);
    CHECK_INT(seam_model_json_write(&m, subfile, &err), SEAM_EIO);
    CHECK(strstr(err.msg, subfile) != NULL);
    snprintf(tmp, sizeof tmp, "%s.tmp", subfile);
    CHECK(access(tmp, F_OK) != 0);

    seam_model_free(&m);
    unlink(blocker);
    rmdir(subfile);
    rmdir(sub);
    unlink(a);
    unlink(b);
    rmdir(dir);
    return check_finish();
}
