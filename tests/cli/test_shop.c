/*
 * End-to-end: `seam analyze` on fixtures/shop, judged against the
 * architect's decomposition in fixtures/shop/expected-services.json.
 *
 *   test_shop sqlite       the fixture's SQLite database: MoJoFM >= 80, and the
 *                          fixture's deliberate coupling (fixtures/shop/README.md)
 *                          is in model.json's calls and sql_sites
 *   test_shop determinism  two runs (-j 1, -j 2), and a third from another working
 *                          directory: byte-identical model.json (report.html too for
 *                          the first two) and split/ (the split plan's files)
 *   test_shop postgres     the fixture loaded into the real PostgreSQL
 *                          server that scripts/test starts: MoJoFM >= 80
 */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "mojo.h"

#define SEAM SEAM_BINARY_DIR "/cli/seam"
#define SHOP_SRC SEAM_SOURCE_DIR "/fixtures/shop"
#define SHOP_BUILD SEAM_BINARY_DIR "/fixtures/shop"

static cJSON *read_json(const char *path)
{
    char *text = check_slurp(path, NULL);
    if (!text)
        return NULL;
    cJSON *j = cJSON_Parse(text);
    free(text);
    return j;
}

/*
 * The cluster of a file in a services array: all shared_library entries are
 * one cluster (-2), a file in no entry is -1, else the entry's index.
 */
static int cluster_of(const cJSON *services, const char *file)
{
    int i = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, services)
    {
        const cJSON *f;
        cJSON_ArrayForEach(f, cJSON_GetObjectItem(s, "files"))
        {
            if (cJSON_IsString(f) && strcmp(f->valuestring, file) == 0) {
                const cJSON *kind = cJSON_GetObjectItem(s, "kind");
                if (cJSON_IsString(kind) && strcmp(kind->valuestring, "shared_library") == 0)
                    return -2;
                return i;
            }
        }
        i++;
    }
    return -1;
}

/* MoJoFM of model.json's services against the truth, over the truth's files. */
static double shop_mojofm(const char *model_path)
{
    cJSON *truth = read_json(SHOP_SRC "/expected-services.json");
    cJSON *model = read_json(model_path);
    CHECK(truth != NULL);
    CHECK(model != NULL);
    if (!truth || !model) {
        cJSON_Delete(truth);
        cJSON_Delete(model);
        return -1;
    }
    const cJSON *tsv = cJSON_GetObjectItem(truth, "services");
    const cJSON *msv = cJSON_GetObjectItem(model, "services");
    int n = 0, cap = 256;
    int *a = malloc(cap * sizeof *a), *b = malloc(cap * sizeof *b);
    const cJSON *s;
    cJSON_ArrayForEach(s, tsv)
    {
        const cJSON *f;
        cJSON_ArrayForEach(f, cJSON_GetObjectItem(s, "files"))
        {
            if (n == cap) {
                cap *= 2;
                a = realloc(a, cap * sizeof *a);
                b = realloc(b, cap * sizeof *b);
            }
            /* Labels must be non-negative: shift the two special clusters. */
            a[n] = cluster_of(msv, f->valuestring) + 2;
            b[n] = cluster_of(tsv, f->valuestring) + 2;
            if (a[n] == 1)
                fprintf(stderr, "note: %s is in no service of the model\n", f->valuestring);
            n++;
        }
    }
    double fm = mojo_fm(a, b, n);
    printf("MoJoFM %.1f over %d files\n", fm, n);
    free(a);
    free(b);
    cJSON_Delete(truth);
    cJSON_Delete(model);
    return fm;
}

/* The name of the truth's service (expected-services.json) whose list ("files" or
 * "tables") holds name, or NULL. */
static const char *truth_service_listing(const cJSON *truth, const char *list, const char *name)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItem(truth, "services"))
    {
        const cJSON *x;
        cJSON_ArrayForEach(x, cJSON_GetObjectItem(s, list))
        {
            if (cJSON_IsString(x) && name && strcmp(x->valuestring, name) == 0)
                return cJSON_GetStringValue(cJSON_GetObjectItem(s, "name"));
        }
    }
    return NULL;
}

/* The truth's service holding file, or NULL. */
static const char *truth_service_of_file(const cJSON *truth, const char *file)
{
    return truth_service_listing(truth, "files", file);
}

/* The truth's service owning table, or NULL. */
static const char *truth_owner_of_table(const cJSON *truth, const char *table)
{
    return truth_service_listing(truth, "tables", table);
}

static const cJSON *function_by_id(const cJSON *model, const char *id)
{
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(model, "functions"))
    {
        const char *fid = cJSON_GetStringValue(cJSON_GetObjectItem(f, "id"));
        if (fid && id && strcmp(fid, id) == 0)
            return f;
    }
    return NULL;
}

static const char *field(const cJSON *o, const char *key)
{
    return cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
}

/* strcmp for strings read from model.json, any of which may be missing. */
static int streq(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/*
 * Call edges of model.json from a function of the truth's service `from` to
 * one of `to`; with callee_name, only edges to a function of that name.
 */
static int calls_between(const cJSON *model, const cJSON *truth, const char *from, const char *to,
                         const char *callee_name)
{
    int n = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(model, "calls"))
    {
        const cJSON *caller = function_by_id(model, field(c, "caller"));
        const cJSON *callee = function_by_id(model, field(c, "callee"));
        if (!caller || !callee)
            continue;
        const char *sa = truth_service_of_file(truth, field(caller, "file"));
        const char *sb = truth_service_of_file(truth, field(callee, "file"));
        if (streq(sa, from) && streq(sb, to) &&
            (!callee_name || streq(field(callee, "name"), callee_name)))
            n++;
    }
    printf("calls %s -> %s%s%s: %d\n", from, to, callee_name ? " " : "",
           callee_name ? callee_name : "", n);
    return n;
}

/* Adds name to a set of at most cap distinct strings; returns the set's size. */
static int set_add(const char **set, int n, int cap, const char *name)
{
    if (!name)
        return n;
    for (int i = 0; i < n; i++)
        if (strcmp(set[i], name) == 0)
            return n;
    if (n < cap)
        set[n++] = name;
    return n;
}

/*
 * The truth's services whose tables the sql_sites of function `id` (or,
 * with id NULL, of file `file`) touch; with writes_only, only the tables
 * written. Returns how many there are, their names in set.
 */
static int services_touched(const cJSON *model, const cJSON *truth, const char *id,
                            const char *file, int writes_only, const char **set, int n, int cap)
{
    const cJSON *site;
    cJSON_ArrayForEach(site, cJSON_GetObjectItem(model, "sql_sites"))
    {
        const char *key = id ? field(site, "function") : field(site, "file");
        if (!streq(key, id ? id : file))
            continue;
        const cJSON *t;
        cJSON_ArrayForEach(t, cJSON_GetObjectItem(site, "tables"))
        {
            const char *access = field(t, "access");
            if (writes_only &&
                (!access || (strcmp(access, "write") != 0 && strcmp(access, "read_write") != 0)))
                continue;
            n = set_add(set, n, cap, truth_owner_of_table(truth, field(t, "name")));
        }
    }
    return n;
}

static int set_has(const char **set, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (strcmp(set[i], name) == 0)
            return 1;
    return 0;
}

/*
 * The deliberate coupling of fixtures/shop (its README, "Deliberate
 * coupling") as the analyzer must see it: these are the facts that make the
 * fixture worth splitting, so losing one is a regression of the analyzer
 * even when MoJoFM stays high.
 */
static void check_coupling(const char *model_path)
{
    cJSON *truth = read_json(SHOP_SRC "/expected-services.json");
    cJSON *model = read_json(model_path);
    CHECK(truth != NULL);
    CHECK(model != NULL);
    if (!truth || !model) {
        cJSON_Delete(truth);
        cJSON_Delete(model);
        return;
    }
    /* Call coupling: orders calls inventory and payments, payments calls back. */
    CHECK(calls_between(model, truth, "orders", "inventory", NULL) >= 2);
    CHECK(calls_between(model, truth, "orders", "inventory", "inv_pick_warehouse") >= 1);
    CHECK(calls_between(model, truth, "orders", "inventory", "inv_release_order") >= 1);
    CHECK(calls_between(model, truth, "orders", "payments", NULL) >= 2);
    CHECK(calls_between(model, truth, "orders", "payments", "pay_charge") >= 1);
    CHECK(calls_between(model, truth, "orders", "payments", "pay_refund_order") >= 1);
    CHECK(calls_between(model, truth, "payments", "orders", "order_mark_paid") >= 1);

    /* Reporting reads every domain's tables: reports.c's SQL alone spans at
     * least five services besides reporting. */
    const char *set[32];
    int n = services_touched(model, truth, NULL, "src/reports.c", 0, set, 0, 32);
    int others = n - set_has(set, n, "reporting");
    printf("reports.c touches tables of %d other services\n", others);
    CHECK(others >= 5);

    /* Functions that write tables of two domains: the reservation expiry job
     * (inventory writing orders) is one. */
    int two_domains = 0, expiry = 0;
    const cJSON *f;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(model, "functions"))
    {
        int k = services_touched(model, truth, field(f, "id"), NULL, 1, set, 0, 32);
        if (k < 2)
            continue;
        two_domains++;
        printf("%s writes tables of %d services\n", field(f, "name"), k);
        if (streq(field(f, "name"), "inv_expire_reservations"))
            expiry = set_has(set, k, "orders") && set_has(set, k, "inventory");
    }
    CHECK(two_domains >= 1);
    CHECK(expiry);

    /* The checkout transaction: order_checkout and the orders functions it
     * calls or hands over as callbacks (reserve_line, run for each line) write
     * orders' and inventory's tables between one begin and commit. */
    const cJSON *checkout = NULL;
    cJSON_ArrayForEach(f, cJSON_GetObjectItem(model, "functions"))
    {
        if (streq(field(f, "name"), "order_checkout"))
            checkout = f;
    }
    CHECK(checkout != NULL);
    if (checkout) {
        const char *cid = field(checkout, "id");
        n = services_touched(model, truth, cid, NULL, 1, set, 0, 32);
        const char *edges[][3] = {{"calls", "caller", "callee"},
                                  {"function_refs", "function", "target"}};
        for (int e = 0; e < 2; e++) {
            const cJSON *c;
            cJSON_ArrayForEach(c, cJSON_GetObjectItem(model, edges[e][0]))
            {
                const char *from = field(c, edges[e][1]);
                const cJSON *to = function_by_id(model, field(c, edges[e][2]));
                const char *svc = to ? truth_service_of_file(truth, field(to, "file")) : NULL;
                if (streq(from, cid) && streq(svc, "orders"))
                    n = services_touched(model, truth, field(to, "id"), NULL, 1, set, n, 32);
            }
        }
        CHECK(set_has(set, n, "orders"));
        CHECK(set_has(set, n, "inventory"));
    }
    cJSON_Delete(truth);
    cJSON_Delete(model);
}

static int run(const char *cmd)
{
    fprintf(stderr, "+ %s\n", cmd);
    int rc = system(cmd);
    return rc == -1 ? -1 : WEXITSTATUS(rc);
}

/*
 * The coverage line seam printed (in the file said) against figures counted here from
 * model.json's SQL sites and schema: sites with a table or a system read are resolved,
 * schema tables named by a site are reached. model.json's "coverage" must agree.
 */
static void check_coverage_line(const char *model_path, const char *said_path)
{
    cJSON *model = read_json(model_path);
    char *said = check_slurp(said_path, NULL);
    CHECK(model && said);
    if (!model || !said) {
        cJSON_Delete(model);
        free(said);
        return;
    }
    const cJSON *sites = cJSON_GetObjectItem(model, "sql_sites");
    const cJSON *tables = cJSON_GetObjectItem(cJSON_GetObjectItem(model, "schema"), "tables");
    int n = cJSON_GetArraySize(sites), resolved = 0, ntables = cJSON_GetArraySize(tables);
    int reached = 0, at_callers = 0;
    const cJSON *s, *t, *r;
    cJSON_ArrayForEach(s, sites)
    {
        int hit = cJSON_GetArraySize(cJSON_GetObjectItem(s, "tables")) > 0;
        cJSON_ArrayForEach(r, cJSON_GetObjectItem(model, "system_reads"))
        {
            const cJSON *rs;
            cJSON_ArrayForEach(rs, cJSON_GetObjectItem(r, "sites"))
            {
                hit |= streq(field(rs, "file"), field(s, "file")) &&
                       cJSON_GetNumberValue(cJSON_GetObjectItem(rs, "line")) ==
                           cJSON_GetNumberValue(cJSON_GetObjectItem(s, "line"));
            }
        }
        /* a table-name helper's statement: resolved where a caller's site naming a table
         * says it is sent from here */
        int here = 0;
        const cJSON *c;
        cJSON_ArrayForEach(c, sites)
        {
            const cJSON *at = cJSON_GetObjectItem(c, "sent_at");
            here |= !hit && at && cJSON_GetArraySize(cJSON_GetObjectItem(c, "tables")) > 0 &&
                    streq(field(at, "file"), field(s, "file")) &&
                    cJSON_GetNumberValue(cJSON_GetObjectItem(at, "line")) ==
                        cJSON_GetNumberValue(cJSON_GetObjectItem(s, "line"));
        }
        at_callers += here;
        resolved += hit | here;
    }
    cJSON_ArrayForEach(t, tables)
    {
        const char *name = field(t, "name");
        int hit = 0;
        cJSON_ArrayForEach(s, sites)
        {
            const cJSON *st;
            cJSON_ArrayForEach(st, cJSON_GetObjectItem(s, "tables"))
            {
                hit |= name && strcasecmp(name, field(st, "name") ? field(st, "name") : "") == 0;
            }
        }
        reached += hit;
    }
    CHECK(n > 0 && resolved > 0 && reached > 0);
    char want[256], callers[48] = "";
    if (at_callers > 0)
        snprintf(callers, sizeof callers, ", %d at their callers", at_callers);
    snprintf(want, sizeof want,
             "seam: SQL: %d sites, %d resolved to tables (%d%%%s), %d unresolved; %d of %d "
             "tables reached by code\n",
             n, resolved, (100 * resolved + n / 2) / n, callers, n - resolved, reached, ntables);
    if (!strstr(said, want))
        fprintf(stderr, "expected: %sin:\n%s", want, said);
    CHECK(strstr(said, want) != NULL);
    const cJSON *cov = cJSON_GetObjectItem(model, "coverage");
    CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(cov, "sql_sites")), n);
    CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(cov, "resolved")), resolved);
    CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(cov, "resolved_at_callers")), at_callers);
    CHECK_INT(cJSON_GetNumberValue(cJSON_GetObjectItem(cov, "tables_reached")), reached);
    CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(cov, "unresolved_sites")), n - resolved);
    CHECK_INT(cJSON_GetArraySize(cJSON_GetObjectItem(cov, "unreached_tables")), ntables - reached);
    cJSON_Delete(model);
    free(said);
}

/* The site sent by function fn of src/reports.c through via, or NULL (and a failed check). */
static const cJSON *site_of(const cJSON *model, const char *fn, const char *via)
{
    const cJSON *site, *found = NULL;
    int n = 0;
    cJSON_ArrayForEach(site, cJSON_GetObjectItem(model, "sql_sites"))
    {
        const char *f = field(site, "function"), *v = field(site, "via");
        if (f && v && strstr(f, fn) && strcmp(v, via) == 0) {
            found = site;
            n++;
        }
    }
    if (n != 1)
        fprintf(stderr, "%d sites of %s via %s\n", n, fn, via);
    CHECK_INT(n, 1);
    return found;
}

/* The names of a site's tables, space-separated in model order, into buf. */
static const char *site_tables(const cJSON *site, char *buf, size_t size)
{
    const cJSON *t;
    buf[0] = '\0';
    cJSON_ArrayForEach(t, cJSON_GetObjectItem(site, "tables"))
    {
        size_t n = strlen(buf);
        snprintf(buf + n, size - n, "%s%s", n ? " " : "", field(t, "name") ? field(t, "name") : "");
    }
    return buf;
}

/*
 * The DB-layer patterns of real code that the fixture holds (reports.c): a
 * statement filled from a constant table of names, one assembled from pieces
 * (strcpy, strcat on one arm, snprintf at the end), and a table's name
 * passed to a helper that builds the statement (db_count_rows).
 */
static void check_built_sites(const cJSON *model)
{
    char buf[256];
    const cJSON *s = site_of(model, "report_row_counts", "db_scalar_long");
    if (s) {
        CHECK_STR(field(s, "how"), "format");
        CHECK_STR(site_tables(s, buf, sizeof buf), "orders payments shipments");
    }
    s = site_of(model, "report_recent_orders", "exec_print");
    if (s) {
        CHECK_STR(field(s, "how"), "built");
        CHECK_STR(field(s, "found"), "inferred_wrapper");
        CHECK_STR(site_tables(s, buf, sizeof buf), "orders payments");
    }
    s = site_of(model, "report_row_counts", "db_count_rows");
    if (s) {
        CHECK_STR(field(s, "found"), "table_argument");
        CHECK_STR(site_tables(s, buf, sizeof buf), "invoices");
    }
}

static void test_sqlite(const char *tmp)
{
    char cmd[4096];
    snprintf(cmd, sizeof cmd, "'%s' analyze '%s' -p '%s' --db '%s/shop.db' -o '%s/out' -q >'%s/said'",
             SEAM, SHOP_SRC, SHOP_BUILD, SHOP_BUILD, tmp, tmp);
    CHECK_INT(run(cmd), 0);
    char path[1024], said[1024];
    snprintf(path, sizeof path, "%s/out/model.json", tmp);
    snprintf(said, sizeof said, "%s/said", tmp);
    check_coverage_line(path, said);
    CHECK(shop_mojofm(path) >= 80.0);
    check_coupling(path);

    cJSON *model = read_json(path);
    CHECK(model != NULL);
    const cJSON *schema = cJSON_GetObjectItem(model, "schema");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(schema, "dialect")), "sqlite");
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(schema, "tables")) >= 20);
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(model, "sql_sites")) > 0);
    /*
     * orders.c logs "update orders set status = ... no row changed" through the shop's logger
     * (log_write, which ends in vfprintf): a message, never a SQL site. Without the logger
     * inference it is a keyword guess that writes orders.
     */
    const cJSON *site;
    int logged = 0;
    cJSON_ArrayForEach(site, cJSON_GetObjectItem(model, "sql_sites"))
    {
        const char *sql = cJSON_GetStringValue(cJSON_GetObjectItem(site, "sql"));
        logged += sql && strstr(sql, "no row changed") != NULL;
    }
    CHECK_INT(logged, 0);
    check_built_sites(model);
    /* Every table has exactly one owner among the services. */
    const cJSON *t;
    cJSON_ArrayForEach(t, cJSON_GetObjectItem(schema, "tables"))
    {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(t, "name"));
        int owners = 0;
        const cJSON *s;
        cJSON_ArrayForEach(s, cJSON_GetObjectItem(model, "services"))
        {
            const cJSON *st;
            cJSON_ArrayForEach(st, cJSON_GetObjectItem(s, "tables"))
            {
                owners += strcmp(cJSON_GetStringValue(st), name) == 0;
            }
        }
        if (owners != 1)
            fprintf(stderr, "table %s has %d owners\n", name, owners);
        CHECK_INT(owners, 1);
    }
    cJSON_Delete(model);
}

static void test_determinism(const char *tmp)
{
    char cmd[4096];
    for (int j = 1; j <= 2; j++) {
        snprintf(cmd, sizeof cmd,
                 "'%s' analyze '%s' -p '%s' --db '%s/shop.db' -o '%s/run%d' -q -j %d", SEAM,
                 SHOP_SRC, SHOP_BUILD, SHOP_BUILD, tmp, j, j);
        CHECK_INT(run(cmd), 0);
    }
    const char *names[] = {"model.json", "report.html"};
    for (int i = 0; i < 2; i++) {
        char p1[1024], p2[1024];
        snprintf(p1, sizeof p1, "%s/run1/%s", tmp, names[i]);
        snprintf(p2, sizeof p2, "%s/run2/%s", tmp, names[i]);
        size_t n1 = 0, n2 = 0;
        char *a = check_slurp(p1, &n1), *b = check_slurp(p2, &n2);
        CHECK(a && b);
        CHECK(n1 > 0 && n1 == n2 && memcmp(a, b, n1) == 0);
        free(a);
        free(b);
    }
    /* Run from another working directory with the same inputs: same bytes. */
    snprintf(cmd, sizeof cmd, "cd / && '%s' analyze '%s' -p '%s' --db '%s/shop.db' -o '%s/run3' -q",
             SEAM, SHOP_SRC, SHOP_BUILD, SHOP_BUILD, tmp);
    CHECK_INT(run(cmd), 0);
    char p1[1024], p3[1024];
    snprintf(p1, sizeof p1, "%s/run1/model.json", tmp);
    snprintf(p3, sizeof p3, "%s/run3/model.json", tmp);
    size_t n1 = 0, n3 = 0;
    char *a = check_slurp(p1, &n1), *c = check_slurp(p3, &n3);
    CHECK(a && c && n1 == n3 && memcmp(a, c, n1) == 0);
    free(a);
    free(c);
    /*
     * The split plan's files (OUT_DIR/split): the same names and bytes in all three runs,
     * and not vacuously: README.md and at least one numbered SQL file are there.
     */
    for (int r = 2; r <= 3; r++) {
        snprintf(cmd, sizeof cmd, "diff -r '%s/run1/split' '%s/run%d/split' >&2", tmp, tmp, r);
        CHECK_INT(run(cmd), 0);
    }
    snprintf(cmd, sizeof cmd,
             "test -s '%s/run1/split/README.md' && ls '%s/run1/split' | grep -q '^[0-9][0-9][0-9]-.*[.]sql$'",
             tmp, tmp);
    CHECK_INT(run(cmd), 0);
}

static void test_postgres(const char *tmp)
{
    const char *host = getenv("SEAM_TEST_PGHOST"), *port = getenv("SEAM_TEST_PGPORT");
    if (!host || !port)
        CHECK_SKIP("SEAM_TEST_PGPORT is unset: run under scripts/test for PostgreSQL");
    char cmd[4096];
    const char *db = "seam_cli_shop";
    snprintf(
        cmd, sizeof cmd,
        "PGOPTIONS='-c client_min_messages=warning' psql -q -X -h %s -p %s -U postgres -d postgres "
        "-c 'DROP DATABASE IF EXISTS %s' "
        "-c 'CREATE DATABASE %s' >/dev/null && "
        "psql -q -X -v ON_ERROR_STOP=1 -h %s -p %s -U postgres -d %s -f '%s/schema.pg.sql' "
        ">/dev/null",
        host, port, db, db, host, port, db, SHOP_SRC);
    CHECK_INT(run(cmd), 0);
    snprintf(cmd, sizeof cmd,
             "'%s' analyze '%s' -p '%s' --db 'host=%s port=%s user=postgres dbname=%s' "
             "-o '%s/pg' -q",
             SEAM, SHOP_SRC, SHOP_BUILD, host, port, db, tmp);
    CHECK_INT(run(cmd), 0);
    char path[1024];
    snprintf(path, sizeof path, "%s/pg/model.json", tmp);
    CHECK(shop_mojofm(path) >= 80.0);
    cJSON *model = read_json(path);
    CHECK(model != NULL);
    const cJSON *schema = cJSON_GetObjectItem(model, "schema");
    CHECK_STR(cJSON_GetStringValue(cJSON_GetObjectItem(schema, "dialect")), "postgresql");
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(schema, "tables")) >= 20);
    CHECK(cJSON_GetArraySize(cJSON_GetObjectItem(schema, "foreign_keys")) > 0);
    cJSON_Delete(model);
    snprintf(cmd, sizeof cmd,
             "psql -q -X -h %s -p %s -U postgres -d postgres -c 'DROP DATABASE IF EXISTS %s'", host,
             port, db);
    CHECK_INT(run(cmd), 0);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_shop sqlite|determinism|postgres\n");
        return 2;
    }
    char tmp[] = "/tmp/seam-shop-XXXXXX";
    if (!mkdtemp(tmp)) {
        perror("mkdtemp");
        return 1;
    }
    if (strcmp(argv[1], "sqlite") == 0)
        test_sqlite(tmp);
    else if (strcmp(argv[1], "determinism") == 0)
        test_determinism(tmp);
    else if (strcmp(argv[1], "postgres") == 0)
        test_postgres(tmp);
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmp);
    return check_finish();
}
