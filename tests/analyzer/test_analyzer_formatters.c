/*
 * test_analyzer_formatters.c - wrapper inference through the helpers that
 * format SQL: a zabbix-style DB layer (variadic db_select -> db_vselect with
 * a va_list -> str_vformat returning a malloc'd vsnprintf result, and
 * str_aformat built on vasprintf -> PQexec) is found with no --sql-fn, so a
 * literal given to db_select is a high-confidence site via db_select that
 * resolves to its table; so is a format snprintf'd into a buffer sent to
 * PQexec, and a literal given to a formatter whose result is sent. A
 * formatter whose result only goes to fprintf makes its caller a logger, not
 * a wrapper.
 */
#include <stdio.h>
#include <string.h>

#include "analyzer.h"
#include "check.h"
#include "tiny_project.h"

static const char DB_H[] = "#ifndef DB_H\n"
                           "#define DB_H\n"
                           "#include <stdarg.h>\n"
                           "typedef struct pg_conn PGconn;\n"
                           "void *PQexec(PGconn *conn, const char *query);\n"
                           "char *str_vformat(const char *fmt, va_list ap);\n"
                           "char *str_aformat(const char *fmt, va_list ap);\n"
                           "void *db_select(const char *fmt, ...);\n"
                           "void *db_exec(const char *fmt, ...);\n"
                           "void db_log(const char *fmt, ...);\n"
                           "#endif\n";

static const char STR_C[] = "#include <stdarg.h>\n"
                            "#include <stdio.h>\n"
                            "#include <stdlib.h>\n"
                            "#include \"db.h\"\n"
                            "char *str_vformat(const char *fmt, va_list ap)\n"
                            "{\n"
                            "    va_list copy;\n"
                            "    va_copy(copy, ap);\n"
                            "    int n = vsnprintf(NULL, 0, fmt, copy);\n"
                            "    va_end(copy);\n"
                            "    char *buf = malloc((size_t)n + 1);\n"
                            "    if (buf == NULL)\n"
                            "        return NULL;\n"
                            "    vsnprintf(buf, (size_t)n + 1, fmt, ap);\n"
                            "    return buf;\n"
                            "}\n"
                            "char *str_aformat(const char *fmt, va_list ap)\n"
                            "{\n"
                            "    char *out = NULL;\n"
                            "    if (vasprintf(&out, fmt, ap) < 0)\n"
                            "        return NULL;\n"
                            "    return out;\n"
                            "}\n";

static const char DB_C[] = "#include <stdarg.h>\n"
                           "#include <stdio.h>\n"
                           "#include <stdlib.h>\n"
                           "#include \"db.h\"\n"
                           "static PGconn *conn;\n"
                           "static void *db_vselect(const char *fmt, va_list args)\n"
                           "{\n"
                           "    char *sql = str_vformat(fmt, args);\n"
                           "    void *r = PQexec(conn, sql);\n"
                           "    free(sql);\n"
                           "    return r;\n"
                           "}\n"
                           "void *db_select(const char *fmt, ...)\n"
                           "{\n"
                           "    va_list args;\n"
                           "    va_start(args, fmt);\n"
                           "    void *r = db_vselect(fmt, args);\n"
                           "    va_end(args);\n"
                           "    return r;\n"
                           "}\n"
                           "void *db_exec(const char *fmt, ...)\n"
                           "{\n"
                           "    va_list args;\n"
                           "    va_start(args, fmt);\n"
                           "    void *r = PQexec(conn, str_aformat(fmt, args));\n"
                           "    va_end(args);\n"
                           "    return r;\n"
                           "}\n"
                           "void db_log(const char *fmt, ...)\n"
                           "{\n"
                           "    va_list args;\n"
                           "    va_start(args, fmt);\n"
                           "    char *msg = str_vformat(fmt, args);\n"
                           "    fprintf(stderr, \"%s\\n\", msg);\n"
                           "    free(msg);\n"
                           "    va_end(args);\n"
                           "}\n";

static const char APP_C[] =
    "#include <stdio.h>\n"
    "#include \"db.h\"\n"
    "static PGconn *c;\n"
    "void load(int id)\n" /* 4 */
    "{\n"
    "    db_select(\"select id from items where itemid=%d\", id);\n" /* 6 */
    "    db_exec(\"delete from events where eventid=%d\", id);\n"    /* 7 */
    "    db_log(\"delete from hosts where hostid=%d failed\", id);\n"           /* 8 */
    "}\n"
    "void save(int id)\n"
    "{\n"
    "    char buf[128];\n"
    "    snprintf(buf, sizeof buf, \"update triggers set value=%d\", id);\n" /* 13 */
    "    PQexec(c, buf);\n"
    "}\n";

static const char *const FILES[] = {"src/str.c", "src/db.c", "src/app.c", NULL};

/* The site with this text, checked to be high-confidence at line via `via`, on table. */
static void check_site(const seam_model *m, const char *sql, int line, const char *via,
                       const char *table)
{
    int s = tiny_find_site(m, sql);
    CHECK(s >= 0);
    if (s < 0)
        return;
    const seam_sql_site *site = &m->sql_sites[s];
    CHECK_INT(site->line, line);
    CHECK_STR(site->confidence, "high");
    CHECK(site->via && strcmp(site->via, via) == 0);
    CHECK_INT(site->ntables, 1);
    if (site->ntables == 1)
        CHECK_STR(site->tables[0].table, table);
}

int main(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "src/db.h", DB_H);
    tiny_project_write(&p, "src/str.c", STR_C);
    tiny_project_write(&p, "src/db.c", DB_C);
    tiny_project_write(&p, "src/app.c", APP_C);
    tiny_project_compdb(&p, "-Isrc -D_GNU_SOURCE", FILES);

    analyzer_options o = {.src_dir = p.root, .jobs = 1};
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    seam_err_clear(&err);
    int rc = analyzer_run(&o, &m, &err);
    if (rc == 0)
        rc = analyzer_resolve_sql(&m, &err);
    if (rc)
        fprintf(stderr, "analyzer: %s\n", err.msg);
    CHECK_INT(rc, 0);

    /* db_select -> db_vselect -> str_vformat (vsnprintf) -> PQexec, no --sql-fn. */
    check_site(&m, "select id from items where itemid=%d", 6, "db_select", "items");
    /* db_exec -> PQexec(conn, str_aformat(...)) (vasprintf). */
    check_site(&m, "delete from events where eventid=%d", 7, "db_exec", "events");
    /* snprintf into a buffer that PQexec gets: the site is the call that sends it. */
    check_site(&m, "update triggers set value=%d", 14, "PQexec", "triggers");
    /* The same formatter feeding fprintf only: a logger, no site at all. */
    CHECK_INT(tiny_find_site(&m, "delete from hosts where hostid=%d failed"), -1);
    CHECK_INT(m.nsql_sites, 3);

    seam_model_free(&m);
    tiny_project_remove(&p);
    return check_finish();
}
