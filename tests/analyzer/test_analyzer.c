/*
 * test_analyzer.c - analyzer_run on small real C projects parsed by libclang.
 *
 * One project exercises call edges across files, static functions sharing a
 * name (and a file basename), calls written in macros, a header-defined
 * static inline function, SQL through wrappers two levels deep, a buffer
 * filled by snprintf, a direct PQexec, adjacent literal concatenation, and a
 * TU with a syntax error. Another TU calls every database API that takes SQL
 * (each with its own table), builds a statement from macros, and formats one
 * with "%" PRIu64; those sites are also resolved to their tables. The same
 * project parsed with 1 and 4 threads must give identical models.
 */
#include <inttypes.h>
#include <string.h>

#include "analyzer.h"
#include "check.h"
#include "tiny_project.h"

static const char DB_H[] = "#ifndef DB_H\n"
                           "#define DB_H\n"
                           "int db_exec(const char *sql);\n"
                           "int db_execf(const char *fmt, int id);\n"
                           "int log_msg(const char *msg);\n"
                           "static inline int clamp(int x) { return x < 0 ? 0 : x; }\n"
                           "static inline int clamp_twice(int x)\n"
                           "{\n"
                           "    return clamp(x) + clamp(clamp(x));\n"
                           "}\n"
                           "#define DB_RUN(q) db_exec(q)\n"
                           "#endif\n";

static const char DB_C[] =
    "#include <sqlite3.h>\n"
    "#include <stdio.h>\n"
    "#include \"db.h\"\n"
    "static sqlite3 *conn;\n"
    "int db_exec(const char *sql)\n"
    "{\n"
    "    return sqlite3_exec(conn, (const char *)(sql), NULL, NULL, NULL);\n"
    "}\n"
    "int db_execf(const char *fmt, int id)\n"
    "{\n"
    "    char buf[256];\n"
    "    snprintf(buf, sizeof buf, fmt, id);\n"
    "    return db_exec(buf);\n"
    "}\n"
    "int db_begin(void) { return sqlite3_exec(conn, \"BEGIN\", NULL, NULL, NULL); }\n" /* 15 */
    "int log_msg(const char *msg) { return puts(msg); }\n";

static const char ORDERS_UTIL_C[] = "#include \"db.h\"\n"
                                    "static int helper(int x) { return x + 1; }\n"
                                    "int orders_total(int n)\n"
                                    "{\n"
                                    "    return helper(n) + helper(2) + clamp_twice(n);\n"
                                    "}\n";

static const char USERS_UTIL_C[] = "#include \"db.h\"\n"
                                   "static int helper(int x) { return x * 2; }\n"
                                   "int users_score(int n) { return helper(n) + clamp(n); }\n";

static const char ORDERS_C[] =
    "#include \"db.h\"\n"
    "int orders_total(int n);\n"
    "int orders_exec(const char *sql) { return db_exec(sql); }\n"
    "int orders_create(int id)\n"
    "{\n"
    "    int t = orders_total(id) + orders_total(1);\n"
    "    log_msg(\"creating order\");\n"
    "    orders_exec(\"INSERT INTO orders (id) \"\n" /* 8 */
    "                \"VALUES (1)\");\n"
    "    const char *q = \"UPDATE orders SET total = 0\";\n" /* 10 */
    "    orders_exec(q);\n"
    "    db_execf(\"DELETE FROM orders WHERE id = %d\", id);\n" /* 12 */
    "    return t + DB_RUN(\"SELECT * FROM order_items\");\n"   /* 13 */
    "}\n"
    "#include <stdio.h>\n"
    "int orders_purge(long days)\n"
    "{\n"
    "    char sql[128];\n"
    "    sprintf(sql, \"DELETE FROM orders WHERE age > %ld\", days);\n" /* 19 */
    "    return db_exec(sql);\n"
    "}\n";

static const char REPORT_C[] =
    "#include <libpq-fe.h>\n"
    "#include \"db.h\"\n"
    "int users_score(int n);\n"
    "int report_count(PGconn *c)\n"
    "{\n"
    "    PGresult *r = PQexec(c, \"SELECT count(*) FROM orders\");\n" /* 6 */
    "    PQclear(r);\n"
    "    return clamp(users_score(3));\n"
    "}\n"
    "static const char *const purge[] = {\"DELETE FROM old_carts\",\n"
    "                                    \"DELETE FROM old_sessions\"};\n"
    "int report_dashboard(int i)\n"
    "{\n"
    "    static const struct {\n"
    "        const char *label;\n"
    "        const char *sql;\n"
    "    } counters[] = {\n"
    "        {\"orders\", \"SELECT COUNT(*) FROM orders\"},\n" /* 18 */
    "        {.sql = \"SELECT COUNT(*) FROM users\", .label = \"users\"},\n"
    "    };\n"
    "    return db_exec(counters[i].sql) + db_exec(purge[i]) +\n"
    "           log_msg(counters[i].label);\n"
    "}\n";

static const char BROKEN_C[] =
    "#include \"db.h\"\n"
    "int broken_ok(void) { return db_exec(\"DELETE FROM sessions\"); }\n"
    "int broken_bad(void) { return 1 +; }\n"
    "int broken_after(void) { return db_exec(\"SELECT 1 FROM audit\"); }\n";

/*
 * Every sink with its own table, the SQL argument where each API has it
 * (PQprepare and PQsendPrepare: the 3rd; sqlite3_prepare16*: a UTF-16
 * literal); a statement built from macros; a PRIu64 format: "%" PRIu64 is two
 * literals, and the "%" must reach the format mask joined with "lu".
 */
static const char
    SINKS_C[] = "#include <inttypes.h>\n"
                "#include <stdint.h>\n"
                "#include <stdio.h>\n"
                "#include <libpq-fe.h>\n"
                "#include <sqlite3.h>\n"
                "#include \"db.h\"\n"
                "#define ORDER_COLS \"id, total\"\n"
                "#define FROM_ORDERS \" FROM orders\"\n"
                "int sinks_cols(void) { return db_exec(\"SELECT \" ORDER_COLS FROM_ORDERS \" WHERE "
                "total > 0\"); }\n"
                "int sinks_since(uint64_t id)\n" /* 10 */
                "{\n"
                "    char sql[128];\n"
                "    snprintf(sql, sizeof sql, \"SELECT id FROM carts WHERE id > %\" PRIu64 \" "
                "LIMIT 10\", id);\n"
                "    return db_exec(sql);\n"
                "}\n" /* 15 */
                "void sinks_pq(PGconn *c, const char *const *v)\n"
                "{\n"
                "    PQclear(PQexecParams(c, \"SELECT id FROM pq_exec_params WHERE id = $1\", 1, "
                "NULL, v, NULL,\n"
                "                         NULL, 0));\n"
                "    PQclear(PQprepare(c, \"stmt_one\", \"UPDATE pq_prepare SET n = $1\", 1, "
                "NULL));\n" /* 20 */
                "    PQsendQuery(c, \"DELETE FROM pq_send_query\");\n"
                "    PQsendQueryParams(c, \"INSERT INTO pq_send_query_params (id) VALUES ($1)\", "
                "1, NULL, v,\n"
                "                      NULL, NULL, 0);\n"
                "    PQsendPrepare(c, \"stmt_two\", \"SELECT * FROM pq_send_prepare\", 0, NULL);\n"
                "}\n" /* 25 */
                "int sinks_lite(sqlite3 *db)\n"
                "{\n"
                "    sqlite3_stmt *st = NULL;\n"
                "    int rc = sqlite3_prepare(db, \"SELECT * FROM lite_prepare\", -1, &st, NULL);\n"
                "    rc += sqlite3_prepare_v2(db, \"SELECT * FROM lite_prepare_v2\", -1, &st, "
                "NULL);\n" /* 30 */
                "    rc += sqlite3_prepare_v3(db, \"SELECT * FROM lite_prepare_v3\", -1, 0, &st, "
                "NULL);\n"
                "    rc += sqlite3_prepare16(db, u\"SELECT * FROM lite_prepare16 WHERE n <> "
                "'\\xD800'\", -1, &st, NULL);\n"
                "    rc += sqlite3_prepare16_v2(db, u\"SELECT * FROM \" u\"lite_prepare16_v2 WHERE "
                "n <> '\xc3\xa9'\",\n"
                "                               -1, &st, NULL);\n"
                "    rc += sqlite3_prepare16_v3(db, L\"SELECT * FROM lite_prepare16_v3 WHERE n <> "
                "'\342\202\2541'\", -1, 0, &st, NULL);\n" /* 35 */
                "    return rc + sqlite3_exec(db, \"DELETE FROM lite_exec\", NULL, NULL, NULL);\n"
                "}\n";

/* Sorts before src/db.c and src/orders: a single pass over functions would miss it. */
static const char ACCOUNTS_C[] =
    "int orders_exec(const char *sql);\n"
    "int accounts_exec(const char *sql) { return orders_exec(sql); }\n"
    "int accounts_close(void) { return accounts_exec(\"DELETE FROM accounts\"); }\n";

static const char *const FILES[] = {"src/app/accounts.c",
                                    "src/db.c",
                                    "src/orders/util.c",
                                    "src/users/util.c",
                                    "src/orders/orders.c",
                                    "src/report.c",
                                    "src/broken.c",
                                    "src/sinks.c",
                                    NULL};

static void write_shop(tiny_project *p)
{
    tiny_project_init(p);
    tiny_project_write(p, "include/db.h", DB_H);
    tiny_project_write(p, "src/db.c", DB_C);
    tiny_project_write(p, "src/app/accounts.c", ACCOUNTS_C);
    tiny_project_write(p, "src/orders/util.c", ORDERS_UTIL_C);
    tiny_project_write(p, "src/users/util.c", USERS_UTIL_C);
    tiny_project_write(p, "src/orders/orders.c", ORDERS_C);
    tiny_project_write(p, "src/report.c", REPORT_C);
    tiny_project_write(p, "src/broken.c", BROKEN_C);
    tiny_project_write(p, "src/sinks.c", SINKS_C);
    tiny_project_compdb(p, "-Iinclude -I/usr/include/postgresql -O2 -MD -MF dep.d", FILES);
}

static int run(tiny_project *p, int jobs, seam_model *m)
{
    analyzer_options o = {.src_dir = p->root, .build_dir = p->root, .jobs = jobs};
    seam_err err;
    seam_err_clear(&err);
    seam_model_init(m);
    int rc = analyzer_run(&o, m, &err);
    if (rc != 0)
        fprintf(stderr, "analyzer_run: %d %s\n", rc, err.msg);
    return rc;
}

/* The site whose text is sql, checked to be in fn at file:line and passed to via; NULL
 * (a failed check) when there is none. */
static const seam_sql_site *site_at(const seam_model *m, const char *sql, const char *fn,
                                    const char *file, int line, const char *via)
{
    int s = tiny_find_site(m, sql);
    CHECK(s >= 0);
    if (s < 0) {
        fprintf(stderr, "  missing SQL site: %s\n", sql);
        return NULL;
    }
    const seam_sql_site *site = &m->sql_sites[s];
    CHECK_STR(m->functions[site->function].name, fn);
    CHECK_STR(m->files[site->file].path, file);
    CHECK_INT(site->line, line);
    CHECK_STR(site->via, via);
    return site;
}

static void check_site(const seam_model *m, const char *sql, const char *fn, const char *file,
                       int line, const char *via)
{
    const seam_sql_site *site = site_at(m, sql, fn, file, line, via);
    if (!site)
        return;
    CHECK_STR(site->parser, "none");
    CHECK_INT(site->ntables, 0);
}

static void test_files(const seam_model *m)
{
    static const char *const want[] = {"include/db.h", "src/app/accounts.c",  "src/broken.c",
                                       "src/db.c",     "src/orders/orders.c", "src/orders/util.c",
                                       "src/report.c", "src/sinks.c",         "src/users/util.c"};
    CHECK_INT(m->nfiles, 9); /* no system header becomes a project file */
    for (int i = 0; i < m->nfiles && i < 9; i++)
        CHECK_STR(m->files[i].path, want[i]);
    int h = seam_model_find_file(m, "include/db.h"), d = seam_model_find_file(m, "src/db.c");
    CHECK(h >= 0 && m->files[h].is_header == 1);
    CHECK(d >= 0 && m->files[d].is_header == 0);
    CHECK(d >= 0 && m->files[d].lines == 16);
    CHECK(h >= 0 && m->files[h].lines == 12);
    CHECK_INT(m->translation_units, 8);
}

static void test_functions_and_calls(const seam_model *m)
{
    int oh = tiny_find_function(m, "helper", "src/orders/util.c");
    int uh = tiny_find_function(m, "helper", "src/users/util.c");
    int ot = tiny_find_function(m, "orders_total", NULL);
    int us = tiny_find_function(m, "users_score", NULL);
    CHECK(oh >= 0 && uh >= 0 && oh != uh);
    if (oh >= 0 && uh >= 0) {
        /* libclang names both "c:util.c@F@helper": the model must not. */
        CHECK(strcmp(m->functions[oh].usr, m->functions[uh].usr) != 0);
        CHECK_INT(m->functions[oh].is_static, 1);
        CHECK_INT(m->functions[oh].line, 2);
        CHECK_INT(m->functions[oh].loc, 1);
    }
    CHECK_INT(tiny_call_count(m, ot, oh), 2);
    CHECK_INT(tiny_call_count(m, ot, uh), 0);
    CHECK_INT(tiny_call_count(m, us, uh), 1);
    CHECK_INT(tiny_call_count(m, us, oh), 0);
    CHECK(ot >= 0 && m->functions[ot].loc == 4 && m->functions[ot].is_static == 0);

    /* A static inline function in a header is one function, its calls counted once. */
    int nclamp = 0;
    for (int i = 0; i < m->nfunctions; i++)
        nclamp += strcmp(m->functions[i].name, "clamp") == 0;
    CHECK_INT(nclamp, 1);
    int cl = tiny_find_function(m, "clamp", "include/db.h");
    int ct = tiny_find_function(m, "clamp_twice", "include/db.h");
    CHECK(cl >= 0 && ct >= 0);
    CHECK_INT(tiny_call_count(m, ct, cl), 3);
    CHECK_INT(tiny_call_count(m, ot, ct), 1);
    CHECK_INT(tiny_call_count(m, us, cl), 1);
    CHECK_INT(tiny_call_count(m, tiny_find_function(m, "report_count", NULL), cl), 1);
    CHECK_INT(tiny_call_count(m, tiny_find_function(m, "report_count", NULL), us), 1);

    /* Cross-file edges, and a call written inside a macro. */
    int oc = tiny_find_function(m, "orders_create", "src/orders/orders.c");
    int de = tiny_find_function(m, "db_exec", "src/db.c");
    CHECK_INT(tiny_call_count(m, oc, ot), 2);
    CHECK_INT(tiny_call_count(m, oc, de), 1);
    CHECK_INT(tiny_call_count(m, tiny_find_function(m, "orders_exec", NULL), de), 1);
    CHECK_INT(tiny_call_count(m, tiny_find_function(m, "db_execf", NULL), de), 1);

    /* External functions are not functions of the project, nor call edges. */
    CHECK_INT(tiny_find_function(m, "sqlite3_exec", NULL), -1);
    CHECK_INT(tiny_find_function(m, "snprintf", NULL), -1);
    for (int i = 0; i < m->ncalls; i++)
        CHECK(m->calls[i].count > 0 && m->calls[i].callee >= 0 &&
              m->calls[i].callee < m->nfunctions);

    /* The model's orders. */
    for (int i = 1; i < m->nfiles; i++)
        CHECK(strcmp(m->files[i - 1].path, m->files[i].path) < 0);
    for (int i = 1; i < m->nfunctions; i++) {
        const seam_function *a = &m->functions[i - 1], *b = &m->functions[i];
        CHECK(a->file < b->file || (a->file == b->file && a->line <= b->line));
    }
    for (int i = 1; i < m->ncalls; i++) {
        const seam_call *a = &m->calls[i - 1], *b = &m->calls[i];
        CHECK(a->caller < b->caller || (a->caller == b->caller && a->callee < b->callee));
    }
    for (int i = 1; i < m->nsql_sites; i++) {
        const seam_sql_site *a = &m->sql_sites[i - 1], *b = &m->sql_sites[i];
        CHECK(a->file < b->file || (a->file == b->file && a->line <= b->line));
    }
}

static void test_sql(const seam_model *m)
{
    /* Two levels of wrappers; adjacent literals joined. */
    check_site(m, "INSERT INTO orders (id) VALUES (1)", "orders_create", "src/orders/orders.c", 8,
               "orders_exec");
    check_site(m, "UPDATE orders SET total = 0", "orders_create", "src/orders/orders.c", 10,
               "orders_exec");
    /* A wrapper whose parameter is the snprintf format of the buffer it executes. */
    check_site(m, "DELETE FROM orders WHERE id = %d", "orders_create", "src/orders/orders.c", 12,
               "db_execf");
    check_site(m, "SELECT * FROM order_items", "orders_create", "src/orders/orders.c", 13,
               "db_exec");
    /* A literal format written into a buffer that is then executed: the site is the call. */
    check_site(m, "DELETE FROM orders WHERE age > %ld", "orders_purge", "src/orders/orders.c", 20,
               "db_exec");
    check_site(m, "BEGIN", "db_begin", "src/db.c", 15, "sqlite3_exec");
    check_site(m, "SELECT count(*) FROM orders", "report_count", "src/report.c", 6, "PQexec");
    check_site(m, "DELETE FROM sessions", "broken_ok", "src/broken.c", 2, "db_exec");
    check_site(m, "SELECT 1 FROM audit", "broken_after", "src/broken.c", 4, "db_exec");
    /* Three wrappers deep, the outermost defined first. */
    check_site(m, "DELETE FROM accounts", "accounts_close", "src/app/accounts.c", 3,
               "accounts_exec");
    /* A table of statements: the field passed, positional or designated; a file-scope array. */
    check_site(m, "SELECT COUNT(*) FROM orders", "report_dashboard", "src/report.c", 18, "db_exec");
    check_site(m, "SELECT COUNT(*) FROM users", "report_dashboard", "src/report.c", 19, "db_exec");
    check_site(m, "DELETE FROM old_carts", "report_dashboard", "src/report.c", 10, "db_exec");
    check_site(m, "DELETE FROM old_sessions", "report_dashboard", "src/report.c", 11, "db_exec");
    CHECK_INT(tiny_find_site(m, "orders"), -1); /* the label field goes to log_msg */
    CHECK_INT(tiny_find_site(m, "users"), -1);
    /* log_msg's parameter goes to puts, not a database: no site. */
    CHECK_INT(tiny_find_site(m, "creating order"), -1);
    /* 14 above, 2 in sinks_cols and sinks_since, one per sink in sinks_pq and sinks_lite. */
    CHECK_INT(m->nsql_sites, 14 + 2 + 5 + 7);
}

/* A site of src/sinks.c, resolved: its text, function, line, via, how and one table. */
static void check_resolved(const seam_model *m, const char *sql, const char *fn, int line,
                           const char *via, const char *how, const char *table, int access)
{
    const seam_sql_site *site = site_at(m, sql, fn, "src/sinks.c", line, via);
    if (!site)
        return;
    CHECK_STR(site->how, how);
    CHECK_STR(site->confidence, "high");
    CHECK_STR(site->parser, "pg_query"); /* no schema: libpg_query parsed the whole text */
    CHECK_INT(site->ntables, 1);
    if (site->ntables == 1) {
        CHECK_STR(site->tables[0].table, table);
        CHECK_INT(site->tables[0].access, access);
    }
}

static void test_sinks(const seam_model *m)
{
    /* Macro-expanded pieces joined with the literals around them. */
    check_resolved(m, "SELECT id, total FROM orders WHERE total > 0", "sinks_cols", 9, "db_exec",
                   "argument", "orders", SEAM_READ);
    /* The PRIu64 trap: the format's pieces joined, "%lu" masked as a parameter. */
    check_resolved(m, "SELECT id FROM carts WHERE id > %" PRIu64 " LIMIT 10", "sinks_since", 14,
                   "db_exec", "format", "carts", SEAM_READ);
    check_resolved(m, "SELECT id FROM pq_exec_params WHERE id = $1", "sinks_pq", 18, "PQexecParams",
                   "argument", "pq_exec_params", SEAM_READ);
    check_resolved(m, "UPDATE pq_prepare SET n = $1", "sinks_pq", 20, "PQprepare", "argument",
                   "pq_prepare", SEAM_WRITE);
    check_resolved(m, "DELETE FROM pq_send_query", "sinks_pq", 21, "PQsendQuery", "argument",
                   "pq_send_query", SEAM_WRITE);
    check_resolved(m, "INSERT INTO pq_send_query_params (id) VALUES ($1)", "sinks_pq", 22,
                   "PQsendQueryParams", "argument", "pq_send_query_params", SEAM_WRITE);
    check_resolved(m, "SELECT * FROM pq_send_prepare", "sinks_pq", 24, "PQsendPrepare", "argument",
                   "pq_send_prepare", SEAM_READ);
    check_resolved(m, "SELECT * FROM lite_prepare", "sinks_lite", 29, "sqlite3_prepare", "argument",
                   "lite_prepare", SEAM_READ);
    check_resolved(m, "SELECT * FROM lite_prepare_v2", "sinks_lite", 30, "sqlite3_prepare_v2",
                   "argument", "lite_prepare_v2", SEAM_READ);
    check_resolved(m, "SELECT * FROM lite_prepare_v3", "sinks_lite", 31, "sqlite3_prepare_v3",
                   "argument", "lite_prepare_v3", SEAM_READ);
    /* UTF-16 literals come out as UTF-8, joined, a non-ASCII character kept. */
    /* A lone surrogate (u"\xD800") is no character: U+FFFD, and the text stays UTF-8. */
    check_resolved(m, "SELECT * FROM lite_prepare16 WHERE n <> '\357\277\275'", "sinks_lite", 32,
                   "sqlite3_prepare16", "argument", "lite_prepare16", SEAM_READ);
    check_resolved(m, "SELECT * FROM lite_prepare16_v2 WHERE n <> '\xc3\xa9'", "sinks_lite", 33,
                   "sqlite3_prepare16_v2", "argument", "lite_prepare16_v2", SEAM_READ);
    /* A wide literal: libclang spells L"\u20AC1" as \x20AC""1, closing the escape before
     * the hex digit with "", which is no character of it. */
    check_resolved(m, "SELECT * FROM lite_prepare16_v3 WHERE n <> '\342\202\2541'", "sinks_lite",
                   35, "sqlite3_prepare16_v3", "argument", "lite_prepare16_v3", SEAM_READ);
    check_resolved(m, "DELETE FROM lite_exec", "sinks_lite", 36, "sqlite3_exec", "argument",
                   "lite_exec", SEAM_WRITE);
    /* The statement names of PQprepare and PQsendPrepare are not SQL. */
    CHECK_INT(tiny_find_site(m, "stmt_one"), -1);
    CHECK_INT(tiny_find_site(m, "stmt_two"), -1);
}

static void test_parse_errors(const seam_model *m)
{
    int b = seam_model_find_file(m, "src/broken.c");
    CHECK(b >= 0 && m->files[b].parse_errors >= 1);
    CHECK(b >= 0 && m->parse_errors == m->files[b].parse_errors);
    CHECK(tiny_find_function(m, "broken_ok", "src/broken.c") >= 0);
    CHECK(tiny_find_function(m, "broken_after", "src/broken.c") >= 0);
    int d = seam_model_find_file(m, "src/db.c");
    CHECK(d >= 0 && m->files[d].parse_errors == 0);
}

static int str_eq(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* Every code fact of two models, field by field. */
static int models_equal(const seam_model *a, const seam_model *b)
{
    if (!str_eq(a->src_root, b->src_root) || a->nfiles != b->nfiles ||
        a->nfunctions != b->nfunctions || a->ncalls != b->ncalls ||
        a->nsql_sites != b->nsql_sites || a->parse_errors != b->parse_errors ||
        a->translation_units != b->translation_units)
        return 0;
    for (int i = 0; i < a->nfiles; i++) {
        const seam_file *x = &a->files[i], *y = &b->files[i];
        if (!str_eq(x->path, y->path) || x->lines != y->lines ||
            x->parse_errors != y->parse_errors || x->is_header != y->is_header)
            return 0;
    }
    for (int i = 0; i < a->nfunctions; i++) {
        const seam_function *x = &a->functions[i], *y = &b->functions[i];
        if (!str_eq(x->usr, y->usr) || !str_eq(x->name, y->name) || x->file != y->file ||
            x->line != y->line || x->is_static != y->is_static || x->loc != y->loc)
            return 0;
    }
    for (int i = 0; i < a->ncalls; i++)
        if (memcmp(&a->calls[i], &b->calls[i], sizeof a->calls[i]) != 0)
            return 0;
    for (int i = 0; i < a->nsql_sites; i++) {
        const seam_sql_site *x = &a->sql_sites[i], *y = &b->sql_sites[i];
        if (x->function != y->function || x->file != y->file || x->line != y->line ||
            !str_eq(x->sql, y->sql) || !str_eq(x->via, y->via) || x->ntables != y->ntables)
            return 0;
    }
    return 1;
}

int main(void)
{
    tiny_project p;
    write_shop(&p);
    seam_model m1, m4;
    CHECK_INT(run(&p, 1, &m1), 0);
    CHECK_INT(run(&p, 4, &m4), 0);
    test_files(&m4);
    test_functions_and_calls(&m4);
    test_sql(&m4);
    test_parse_errors(&m4);
    CHECK(models_equal(&m1, &m4));
    seam_err err;
    CHECK_INT(analyzer_resolve_sql(&m4, &err), 0);
    test_sinks(&m4);

    /* The database's order does not matter either (and jobs 0 means all cores). */
    const char *reversed[16];
    int n = 0;
    while (FILES[n])
        n++;
    for (int i = 0; i < n; i++)
        reversed[i] = FILES[n - 1 - i];
    reversed[n] = NULL;
    tiny_project_compdb(&p, "-Iinclude -I/usr/include/postgresql", reversed);
    seam_model mr;
    CHECK_INT(run(&p, 0, &mr), 0);
    CHECK(models_equal(&m1, &mr));
    seam_model_free(&mr);
    CHECK(m1.nfunctions > 10 && m1.ncalls > 10);
    seam_model_free(&m1);
    seam_model_free(&m4);
    tiny_project_remove(&p);
    return check_finish();
}
