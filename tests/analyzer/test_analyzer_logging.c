/*
 * test_analyzer_logging.c - log messages are never SQL sites: literals that
 * read as SQL but go to fprintf(stderr, ...), to PostgreSQL's ereport/elog
 * (errmsg, errdetail, errmsg_internal) or to a project logger (inferred like
 * a wrapper: its message parameter reaches vfprintf, directly or through
 * another logger) are not keyword sites, while the same text sent to PQexec
 * still is a site, and a function that logs a parameter and also does
 * something else with it is no logger.
 */
#include <stdio.h>
#include <string.h>

#include "analyzer.h"
#include "check.h"
#include "tiny_project.h"

/* PostgreSQL's reporting macros, as elog.h shapes them. */
static const char PG_H[] =
    "#ifndef PG_H\n"
    "#define PG_H\n"
    "#define ERROR 21\n"
    "typedef struct pg_conn PGconn;\n"
    "void *PQexec(PGconn *conn, const char *query);\n"
    "int errstart(int elevel);\n"
    "void errfinish(int dummy, ...);\n"
    "int errmsg(const char *fmt, ...);\n"
    "int errdetail(const char *fmt, ...);\n"
    "int errmsg_internal(const char *fmt, ...);\n"
    "#define ereport(elevel, ...) \\\n"
    "    do { if (errstart(elevel)) errfinish(0, __VA_ARGS__); } while (0)\n"
    "#define elog(elevel, ...) ereport(elevel, errmsg_internal(__VA_ARGS__))\n"
    "void log_msg(int level, const char *fmt, ...);\n"
    "#endif\n";

static const char LOG_C[] = "#include <stdarg.h>\n"
                            "#include <stdio.h>\n"
                            "#include \"pg.h\"\n"
                            "void log_msg(int level, const char *fmt, ...)\n"
                            "{\n"
                            "    va_list ap;\n"
                            "    va_start(ap, fmt);\n"
                            "    if (level > 0)\n"
                            "        vfprintf(stderr, fmt, ap);\n"
                            "    va_end(ap);\n"
                            "}\n"
                            "void log_warn(const char *m)\n"
                            "{\n"
                            "    log_msg(1, m);\n"
                            "}\n";

static const char APP_C[] =
    "#include <stdio.h>\n"
    "#include \"pg.h\"\n"
    "static const char *kept;\n"
    "void log_warn(const char *m);\n"
    "static void keep(const char *m) { kept = m; }\n"
    "static void note(const char *m) { fprintf(stderr, \"%s\\n\", m); keep(m); }\n"
    "static void run(PGconn *c, const char *sql) { log_msg(0, sql); PQexec(c, sql); }\n"
    "void drop_check(int n)\n" /* 8 */
    "{\n"
    "    ereport(ERROR, errmsg(\"drop table cascades to %d other objects\", n),\n" /* 10 */
    "            errdetail(\"update triggers set enabled = false\"));\n"          /* 11 */
    "    elog(ERROR, \"delete from index %d failed\", n);\n"                        /* 12 */
    "}\n"
    "void work(PGconn *c)\n"
    "{\n"
    "    fprintf(stderr, \"delete from x failed\\n\");\n" /* 16 */
    "    log_msg(1, \"select from nothing: %d\", 3);\n"  /* 17 */
    "    log_warn(\"insert into audit failed\");\n"      /* 18 */
    "    log_msg(0, \"DELETE FROM carts\");\n"           /* 19 */
    "    PQexec(c, \"DELETE FROM carts\");\n"            /* 20 */
    "    const char *q = \"DELETE FROM sessions\";\n"    /* 21 */
    "    log_msg(0, q);\n"
    "    PQexec(c, q);\n"
    "    run(c, \"UPDATE stock SET n = 1\");\n" /* 24 */
    "    note(\"DELETE FROM kept\");\n"         /* 25 */
    "}\n";

static const char *const FILES[] = {"src/log.c", "src/app.c", NULL};

/* The number of sites with this text, and the line, how and confidence of the last one. */
static int sites(const seam_model *m, const char *sql, int *line, const char **how,
                 const char **confidence)
{
    int n = 0;
    for (int i = 0; i < m->nsql_sites; i++)
        if (strcmp(m->sql_sites[i].sql, sql) == 0) {
            n++;
            *line = m->sql_sites[i].line;
            *how = m->sql_sites[i].how;
            *confidence = m->sql_sites[i].confidence;
        }
    return n;
}

int main(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "src/pg.h", PG_H);
    tiny_project_write(&p, "src/log.c", LOG_C);
    tiny_project_write(&p, "src/app.c", APP_C);
    tiny_project_compdb(&p, "-Isrc", FILES);

    analyzer_options o = {.src_dir = p.root, .jobs = 1};
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    seam_err_clear(&err);
    int rc = analyzer_run(&o, &m, &err);
    if (rc)
        fprintf(stderr, "analyzer_run: %s\n", err.msg);
    CHECK_INT(rc, 0);

    /* Messages to ereport/elog, fprintf(stderr) and the project's loggers. */
    CHECK_INT(tiny_find_site(&m, "drop table cascades to %d other objects"), -1);
    CHECK_INT(tiny_find_site(&m, "update triggers set enabled = false"), -1);
    CHECK_INT(tiny_find_site(&m, "delete from index %d failed"), -1);
    CHECK_INT(tiny_find_site(&m, "delete from x failed\n"), -1);
    CHECK_INT(tiny_find_site(&m, "select from nothing: %d"), -1);
    CHECK_INT(tiny_find_site(&m, "insert into audit failed"), -1);

    /* The same text sent to the database is a site: once, where PQexec gets it. */
    int line = 0;
    const char *how = NULL, *conf = NULL;
    CHECK_INT(sites(&m, "DELETE FROM carts", &line, &how, &conf), 1);
    CHECK_INT(line, 20);
    CHECK(how && strcmp(how, "argument") == 0);
    CHECK(conf && strcmp(conf, "high") == 0);
    /* Logged and sent through one variable: a site. */
    CHECK_INT(sites(&m, "DELETE FROM sessions", &line, &how, &conf), 1);
    CHECK_INT(line, 21);
    CHECK(conf && strcmp(conf, "high") == 0);
    /* A function that logs its parameter and sends it is a wrapper, not a logger. */
    CHECK_INT(sites(&m, "UPDATE stock SET n = 1", &line, &how, &conf), 1);
    CHECK(conf && strcmp(conf, "high") == 0);
    int s = tiny_find_site(&m, "UPDATE stock SET n = 1");
    CHECK(s >= 0 && m.sql_sites[s].via && strcmp(m.sql_sites[s].via, "run") == 0);
    /* note() logs its parameter but also keeps it: no logger, the guess stays. */
    CHECK_INT(sites(&m, "DELETE FROM kept", &line, &how, &conf), 1);
    CHECK_INT(line, 25);
    CHECK(conf && strcmp(conf, "low") == 0);
    CHECK_INT(m.nsql_sites, 4);

    seam_model_free(&m);
    tiny_project_remove(&p);
    return check_finish();
}
