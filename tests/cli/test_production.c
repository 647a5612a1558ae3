/*
 * test_production.c - production evidence end to end: `seam analyze` on a
 * small C program that talks to PostgreSQL through libpq, against a server of
 * the test's own with pg_stat_statements preloaded
 * (tests/db-inspector/pg-private-server).
 *
 *   - before the extension exists in the database there are no figures: no
 *     production line, no "production" in model.json;
 *   - after traffic (each statement run a different number of times, with
 *     different constants), the CLI prints "seam: production: 4 statements,
 *     3 matched to code sites (75%)", each SQL site in model.json carries the
 *     calls of its statement (a site formatted with %d included), the one
 *     production never ran has none, the tables carry their sums, and the
 *     coverage counts the statements;
 *   - the decomposer's access edges weigh more: edge_kinds' raw mean grows.
 *
 * Runs when the shared server's variables are set (scripts/test), like the
 * other PostgreSQL tests; exits 77 otherwise or when PostgreSQL 15's binaries
 * are missing.
 */
#include <cJSON.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"

#define SEAM SEAM_BINARY_DIR "/cli/seam"
#define PRIVATE_SERVER SEAM_SOURCE_DIR "/tests/db-inspector/pg-private-server"
#define PASSWORD "Pr0duction-pw"

static char dir[64], sock[80], port[16]; /* the test's directory, the server's socket's */

/* The program: four functions, four statements, one file each but main. */
static const char *const sources[][2] = {
    {"customers.c", "#include <libpq-fe.h>\n#include <stdio.h>\n"
                    "void customer_name(PGconn *c, int id)\n{\n    char q[128];\n"
                    "    snprintf(q, sizeof q, \"SELECT name FROM customer WHERE id = %d\", id);\n"
                    "    PQclear(PQexec(c, q));\n}\n"},
    {"orders.c",
     "#include <libpq-fe.h>\n#include <stdio.h>\n"
     "void order_add(PGconn *c, int customer)\n{\n    char q[160];\n"
     "    snprintf(q, sizeof q, \"INSERT INTO orders (customer_id, total) VALUES (%d, 10)\","
     " customer);\n    PQclear(PQexec(c, q));\n}\n"
     "void order_list(PGconn *c)\n{\n"
     "    PQclear(PQexec(c, \"SELECT o.id FROM orders o JOIN customer c ON c.id = "
     "o.customer_id\"));"
     "\n}\n"},
    {"audit.c",
     "#include <libpq-fe.h>\n"
     "void audit_note(PGconn *c, const char *note)\n{\n    const char *v[1] = {note};\n"
     "    PQclear(PQexecParams(c, \"INSERT INTO audit_log (note) VALUES ($1)\", 1, NULL, v, NULL,"
     " NULL, 0));\n}\n"},
    {"main.c",
     "#include <libpq-fe.h>\n"
     "void customer_name(PGconn *c, int id);\nvoid order_add(PGconn *c, int customer);\n"
     "void order_list(PGconn *c);\nvoid audit_note(PGconn *c, const char *note);\n"
     "int main(void)\n{\n    PGconn *c = PQconnectdb(\"\");\n    customer_name(c, 1);\n"
     "    order_add(c, 1);\n    order_list(c);\n    audit_note(c, \"x\");\n    PQfinish(c);\n"
     "    return 0;\n}\n"},
};

static int write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return 0;
    int ok = fputs(text, f) >= 0;
    return fclose(f) == 0 && ok;
}

static int write_project(void)
{
    char path[256];
    snprintf(path, sizeof path, "%s/src", dir);
    if (mkdir(path, 0755) != 0)
        return 0;
    size_t n = sizeof sources / sizeof sources[0];
    char db[4096] = "[";
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/src/%s", dir, sources[i][0]);
        if (!write_file(path, sources[i][1]))
            return 0;
        size_t len = strlen(db);
        snprintf(db + len, sizeof db - len,
                 "%s{\"directory\": \"%s/src\", \"file\": \"%s\","
                 " \"command\": \"cc -std=c11 -I/usr/include/postgresql -c %s\"}",
                 i ? ",\n" : "\n", dir, sources[i][0], sources[i][0]);
    }
    size_t len = strlen(db);
    snprintf(db + len, sizeof db - len, "\n]\n");
    snprintf(path, sizeof path, "%s/src/compile_commands.json", dir);
    return write_file(path, db);
}

/* Runs each statement n times as postgres through the Unix socket (trusted). */
static int run_in(const char *db, const char *sql, int n)
{
    char ci[256];
    snprintf(ci, sizeof ci, "host=%s port=%s user=postgres dbname=%s", sock, port, db);
    PGconn *c = PQconnectdb(ci);
    int ok = PQstatus(c) == CONNECTION_OK;
    if (!ok)
        fprintf(stderr, "connection: %s", PQerrorMessage(c));
    for (int i = 0; ok && i < n; i++) {
        PGresult *r = PQexec(c, sql);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
        if (!ok)
            fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
        PQclear(r);
    }
    PQfinish(c);
    return ok;
}

/* The same statement n times with the constant i: one normalized entry in production. */
static int run_numbered(const char *fmt, int n)
{
    char sql[256];
    for (int i = 1; i <= n; i++) {
        snprintf(sql, sizeof sql, fmt, i);
        if (!run_in("prod", sql, 1))
            return 0;
    }
    return 1;
}

/* seam analyze into dir/out; its stdout in *out (malloc'd). Returns the exit status. */
static int analyze(const char *out, char **stdout_text)
{
    char cmd[1024], log[256];
    snprintf(log, sizeof log, "%s/%s.stdout", dir, out);
    snprintf(cmd, sizeof cmd,
             "PGPASSWORD='" PASSWORD "' '" SEAM "' analyze '%s/src' -p '%s/src' --no-cache -j 1"
             " --db 'host=127.0.0.1 port=%s user=postgres dbname=prod' -o '%s/%s' >'%s'",
             dir, dir, port, dir, out, log);
    int rc = system(cmd);
    *stdout_text = check_slurp(log, NULL);
    return rc;
}

static cJSON *read_model(const char *out)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s/model.json", dir, out);
    char *text = check_slurp(path, NULL);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    free(text);
    CHECK(j != NULL);
    return j;
}

static const cJSON *site_with(const cJSON *model, const char *sql_prefix)
{
    const cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItem(model, "sql_sites"))
    {
        const char *sql = cJSON_GetStringValue(cJSON_GetObjectItem(s, "sql"));
        if (sql && strncmp(sql, sql_prefix, strlen(sql_prefix)) == 0)
            return s;
    }
    fprintf(stderr, "no SQL site '%s'\n", sql_prefix);
    return NULL;
}

/* The production calls of a site or table object; -1 when it has no "production". */
static double calls_of(const cJSON *o)
{
    const cJSON *p = o ? cJSON_GetObjectItem(o, "production") : NULL;
    return p ? cJSON_GetNumberValue(cJSON_GetObjectItem(p, "calls")) : -1;
}

static const cJSON *table_named(const cJSON *model, const char *name)
{
    const cJSON *t;
    cJSON_ArrayForEach(
        t, cJSON_GetObjectItem(
               cJSON_GetObjectItem(model, "schema"),
               "tables")) if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(t, "name")), name) ==
                              0) return t;
    return NULL;
}

static double access_mean_raw(const cJSON *model)
{
    const cJSON *k;
    cJSON_ArrayForEach(
        k,
        cJSON_GetObjectItem(
            model,
            "edge_kinds")) if (strcmp(cJSON_GetStringValue(cJSON_GetObjectItem(k, "kind")),
                                      "access") ==
                               0) return cJSON_GetNumberValue(cJSON_GetObjectItem(k, "mean_raw"));
    return -1;
}

static void test_production(void)
{
    /* Without the extension in the database: nothing to match, nothing said. */
    char *said = NULL;
    CHECK_INT(analyze("before", &said), 0);
    CHECK(said && strstr(said, "seam: SQL: 4 sites") && !strstr(said, "production"));
    free(said);
    cJSON *before = read_model("before");
    const cJSON *name_site = site_with(before, "SELECT name FROM customer");
    CHECK(name_site && calls_of(name_site) == -1);
    CHECK(calls_of(table_named(before, "customer")) == -1);

    /* Production traffic, counted from here on. */
    CHECK(run_in("prod", "CREATE EXTENSION pg_stat_statements", 1));
    CHECK(run_in("prod", "SELECT pg_stat_statements_reset()", 1));
    CHECK(run_numbered("SELECT name FROM customer WHERE id = %d", 50));
    CHECK(run_numbered("INSERT INTO orders (customer_id, total) VALUES (1, %d)", 7));
    CHECK(run_in("prod", "SELECT o.id FROM orders o JOIN customer c ON c.id = o.customer_id", 3));
    CHECK(run_in("prod", "SELECT count(*) FROM audit_log", 2)); /* no code sends it */

    CHECK_INT(analyze("after", &said), 0);
    CHECK(said && strstr(said, "seam: production: 4 statements, 3 matched to code sites (75%)\n"));
    if (said)
        fputs(said, stdout);
    free(said);
    cJSON *after = read_model("after");
    CHECK(calls_of(site_with(after, "SELECT name FROM customer WHERE id = %d")) == 50);
    CHECK(calls_of(site_with(after, "INSERT INTO orders")) == 7);
    CHECK(calls_of(site_with(after, "SELECT o.id FROM orders")) == 3);
    CHECK(calls_of(site_with(after, "INSERT INTO audit_log")) == -1); /* never ran */
    CHECK(calls_of(table_named(after, "customer")) == 53);
    CHECK(calls_of(table_named(after, "orders")) == 10);
    CHECK(calls_of(table_named(after, "audit_log")) == 2);
    const cJSON *cov = cJSON_GetObjectItem(after, "coverage");
    CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(cov, "statements")) == 4);
    CHECK(cJSON_GetNumberValue(cJSON_GetObjectItem(cov, "statements_matched")) == 3);

    /* The access edges weigh more: every matched site's factor is above 1. */
    double raw0 = access_mean_raw(before), raw1 = access_mean_raw(after);
    printf("access mean raw weight: %.4f without statistics, %.4f with\n", raw0, raw1);
    CHECK(raw0 > 0 && raw1 > raw0);
    cJSON_Delete(before);
    cJSON_Delete(after);
}

int main(void)
{
    if (!getenv("SEAM_TEST_PGPORT"))
        CHECK_SKIP("SEAM_TEST_PGPORT is unset: PostgreSQL tests run under scripts/test");
    if (access("/usr/lib/postgresql/15/bin/initdb", X_OK) != 0)
        CHECK_SKIP("PostgreSQL 15's initdb is not installed");
    snprintf(dir, sizeof dir, "/tmp/seam-prod-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    chmod(dir, 0755); /* the server runs as postgres and must reach its data */
    char cmd[512];
    snprintf(cmd, sizeof cmd, "'" PRIVATE_SERVER "' start '%s/pg' '" PASSWORD "'", dir);
    FILE *p = popen(cmd, "r");
    if (!p || !fgets(port, sizeof port, p) || pclose(p) != 0) {
        fprintf(stderr, "cannot start the private server\n");
        return 1;
    }
    port[strcspn(port, "\n")] = '\0';
    snprintf(sock, sizeof sock, "%s/pg", dir);

    int ok = run_in("postgres", "CREATE DATABASE prod", 1) &&
             run_in("prod",
                    "CREATE TABLE customer (id int PRIMARY KEY, name text);"
                    "CREATE TABLE orders (id serial PRIMARY KEY,"
                    " customer_id int REFERENCES customer, total int);"
                    "CREATE TABLE audit_log (id serial PRIMARY KEY, note text);"
                    "INSERT INTO customer SELECT g, 'c' || g FROM generate_series(1, 50) g",
                    1) &&
             write_project();
    CHECK(ok);
    if (ok)
        test_production();

    snprintf(cmd, sizeof cmd, "'" PRIVATE_SERVER "' stop '%s' && rm -rf '%s'", sock, dir);
    CHECK(system(cmd) == 0);
    return check_finish();
}
