/*
 * test_inspect_pg_auth.c - passwords and pg_stat_statements, on a server
 * of the test's own (tests/db-inspector/pg-private-server: scram-sha-256
 * over TCP, pg_stat_statements preloaded), because the shared test server
 * trusts everyone and preloads nothing.
 *
 *   - a wrong or missing password fails with one line that holds neither
 *     the password given nor the one in PGPASSWORD;
 *   - .pgpass (PGPASSFILE) and PGPASSWORD supply the password as for psql;
 *   - sslmode=require against a server without SSL is refused clearly;
 *   - pg_stat_statements: the statements run against the database come
 *     back with their calls, rows, execution time and the tables each
 *     touches, and each table with the sums of the statements touching it;
 *     a role without pg_read_all_stats is told that other roles' statements
 *     are hidden; a database without the extension has no figures at all.
 *
 * Runs when the shared server's variables are set (scripts/test), like the
 * other PostgreSQL tests; exits 77 otherwise or when PostgreSQL 15's
 * binaries are missing.
 */
#include "check.h"
#include "inspector.h"

#include <libpq-fe.h>
#include <sys/stat.h>
#include <unistd.h>

#define PASSWORD "Sup3r-s3cret-pw"

static char dir[64], port[16];

static char *conninfo(const char *user, const char *extra)
{
    return seam_printf("host=127.0.0.1 port=%s user=%s dbname=shop %s", port, user,
                       extra ? extra : "");
}

/* Setup goes through the Unix socket in dir, which trusts the local postgres user. */
static int setup_in(const char *db, const char *sql)
{
    char ci[256];
    snprintf(ci, sizeof ci, "host=%s port=%s user=postgres dbname=%s", dir, port, db);
    PGconn *c = PQconnectdb(ci);
    int ok = PQstatus(c) == CONNECTION_OK;
    if (ok) {
        PGresult *r = PQexec(c, sql);
        ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
        if (!ok)
            fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
        PQclear(r);
    } else {
        fprintf(stderr, "setup connection: %s", PQerrorMessage(c));
    }
    PQfinish(c);
    return ok;
}

static int setup(const char *sql)
{
    return setup_in(strstr(sql, "CREATE DATABASE") ? "postgres" : "shop", sql);
}

/* Runs sql n times as user (with the password over TCP): pg_stat_statements counts them. */
static int run_as(const char *user, const char *password, const char *sql, int n)
{
    char ci[256];
    snprintf(ci, sizeof ci, "host=127.0.0.1 port=%s user=%s password=%s dbname=shop", port, user,
             password);
    PGconn *c = PQconnectdb(ci);
    int ok = PQstatus(c) == CONNECTION_OK;
    for (int i = 0; ok && i < n; i++) {
        PGresult *r = PQexec(c, sql);
        ok = PQresultStatus(r) == PGRES_TUPLES_OK || PQresultStatus(r) == PGRES_COMMAND_OK;
        if (!ok)
            fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
        PQclear(r);
    }
    PQfinish(c);
    return ok;
}

static void expect_failure(const char *ci, const char *must, const char *secret)
{
    seam_schema s = {0};
    seam_err err = {0};
    int rc = inspector_read(ci, &s, &err);
    CHECK_INT(rc, SEAM_EDB);
    printf("error: %s\n", err.msg);
    if (must && !strstr(err.msg, must)) {
        CHECK(!"message lacks the reason");
        fprintf(stderr, "  wanted '%s'\n", must);
    }
    CHECK(strstr(err.msg, secret) == NULL);
    CHECK(strstr(err.msg, PASSWORD) == NULL);
    CHECK(strchr(err.msg, '\n') == NULL);
    CHECK(s.ntables == 0 && s.source == NULL);
}

static void expect_success(const char *ci, const char *label)
{
    seam_schema s = {0};
    seam_err err = {0};
    int rc = inspector_read(ci, &s, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "%s: %s\n", label, err.msg);
    CHECK_INT(s.ntables, 2);
    CHECK(s.source && !strstr(s.source, PASSWORD));
    seam_schema_free(&s);
}

static void test_passwords(void)
{
    unsetenv("PGPASSWORD");
    char pgpass[128];
    snprintf(pgpass, sizeof pgpass, "%s/no-pgpass", dir);
    setenv("PGPASSFILE", pgpass, 1); /* never the user's own ~/.pgpass */

    char *ci = conninfo("postgres", "password=Wr0ng-pw");
    expect_failure(ci, "password authentication failed for user \"postgres\"", "Wr0ng-pw");
    free(ci);
    ci = seam_printf("postgresql://postgres:Wr0ng-pw@127.0.0.1:%s/shop", port);
    expect_failure(ci, "password authentication failed", "Wr0ng-pw");
    free(ci);

    ci = conninfo("postgres", NULL);
    expect_failure(ci, "no password supplied", PASSWORD);

    /* PGPASSWORD, as psql reads it; a wrong one is not echoed either */
    setenv("PGPASSWORD", "Env-wr0ng-pw", 1);
    expect_failure(ci, "password authentication failed", "Env-wr0ng-pw");
    setenv("PGPASSWORD", PASSWORD, 1);
    expect_success(ci, "PGPASSWORD");
    unsetenv("PGPASSWORD");

    /* .pgpass: host:port:database:user:password, mode 0600 */
    snprintf(pgpass, sizeof pgpass, "%s/pgpass", dir);
    FILE *f = fopen(pgpass, "w");
    CHECK(f != NULL);
    if (f) {
        fprintf(f, "127.0.0.1:%s:shop:postgres:%s\n", port, PASSWORD);
        fclose(f);
        chmod(pgpass, 0600);
        setenv("PGPASSFILE", pgpass, 1);
        expect_success(ci, ".pgpass");
    }
    free(ci);

    /* The password in the string itself, and in a URI */
    ci = conninfo("postgres", "password=" PASSWORD);
    expect_success(ci, "password in conninfo");
    free(ci);
    ci = seam_printf("postgresql://postgres:%s@127.0.0.1:%s/shop", PASSWORD, port);
    expect_success(ci, "password in URI");
    free(ci);

    /* sslmode works as for psql: this server has no SSL */
    ci = conninfo("postgres", "sslmode=require");
    expect_failure(ci, "server does not support SSL", PASSWORD);
    free(ci);
}

static const seam_query_stat *find_query(const seam_schema *s, const char *needle)
{
    for (int i = 0; i < s->nquery_stats; i++)
        if (strstr(s->query_stats[i].query, needle))
            return &s->query_stats[i];
    return NULL;
}

static const seam_table *find_table(const seam_schema *s, const char *name)
{
    for (int i = 0; i < s->ntables; i++)
        if (strcmp(s->tables[i].name, name) == 0)
            return &s->tables[i];
    return NULL;
}

/* A table's figures must be the sums of the statements touching it, and what was run. */
static void check_table_sums(const seam_schema *s, const char *name, long long calls,
                             long long rows)
{
    const seam_table *t = find_table(s, name);
    CHECK(t != NULL);
    if (!t)
        return;
    long long c = 0, r = 0;
    double ms = 0;
    for (int i = 0; i < s->nquery_stats; i++)
        for (int k = 0; k < s->query_stats[i].ntables; k++)
            if (strcmp(s->query_stats[i].tables[k].table, name) == 0) {
                c += s->query_stats[i].calls;
                r += s->query_stats[i].rows;
                ms += s->query_stats[i].time_ms;
            }
    printf("table %s: %lld calls, %lld rows, %.3f ms\n", name, t->calls, t->rows, t->time_ms);
    CHECK_INT(t->has_production, 1);
    CHECK(t->calls == calls && t->calls == c);
    CHECK(t->rows == r && t->rows == rows);
    CHECK(t->time_ms > 0 && t->time_ms == ms);
}

static void test_statements(void)
{
    /* Only what this test runs: the setup's DDL and INSERT were counted too. */
    CHECK(setup("SELECT pg_stat_statements_reset()"));
    CHECK(run_as("postgres", PASSWORD, "SELECT name FROM customer WHERE id = 1", 25));
    CHECK(run_as("postgres", PASSWORD, "INSERT INTO orders (customer_id) VALUES (1)", 2));
    /* After the two orders: 2 rows each time. */
    CHECK(run_as("postgres", PASSWORD,
                 "SELECT o.id FROM orders o JOIN customer c ON c.id = o.customer_id WHERE c.id = 1",
                 3));
    CHECK(run_as("postgres", PASSWORD, "SELECT 1 + 1", 1)); /* touches no table: left out */

    char *ci = conninfo("postgres", "password=" PASSWORD);
    seam_schema s = {0};
    seam_err err = {0};
    int rc = inspector_read(ci, &s, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "pg_stat_statements: %s\n", err.msg);
    printf("pg_stat_statements: %d statements touching tables\n", s.nquery_stats);
    const seam_query_stat *join = find_query(&s, "JOIN customer");
    CHECK(join != NULL);
    if (join) {
        CHECK(join->calls == 3);
        CHECK(join->rows == 6);
        CHECK(join->time_ms > 0);
        CHECK_INT(join->ntables, 2);
        if (join->ntables == 2) {
            CHECK_STR(join->tables[0].table, "customer");
            CHECK_STR(join->tables[1].table, "orders");
            CHECK_INT(join->tables[1].access, SEAM_READ);
        }
    }
    const seam_query_stat *ins = find_query(&s, "INSERT INTO orders");
    CHECK(ins && ins->calls == 2 && ins->ntables == 1 && ins->tables[0].access == SEAM_WRITE);
    CHECK(ins && ins->rows == 2 && ins->time_ms > 0);
    const seam_query_stat *name = find_query(&s, "SELECT name FROM customer");
    CHECK(name && name->calls == 25 && name->rows == 25 && name->time_ms > 0);
    CHECK(name && strstr(name->query, "$1") != NULL); /* normalized: the constant is $1 */
    check_table_sums(&s, "customer", 25 + 3, 25 + 6);
    check_table_sums(&s, "orders", 3 + 2, 6 + 2);
    CHECK(find_query(&s, "1 + 1") == NULL && find_query(&s, "$1 + $2") == NULL);
    for (int i = 1; i < s.nquery_stats; i++)
        CHECK(s.query_stats[i - 1].calls >= s.query_stats[i].calls);
    for (int i = 0; i < s.nskipped; i++)
        fprintf(stderr, "unexpected skip: %s\n", s.skipped[i]);
    CHECK_INT(s.nskipped, 0);
    seam_schema_free(&s);
    free(ci);

    /* A role without pg_read_all_stats sees only its own statements' text. */
    CHECK(setup("CREATE ROLE watcher LOGIN PASSWORD 'W4tcher-pw'"));
    ci = conninfo("watcher", "password=W4tcher-pw");
    rc = inspector_read(ci, &s, &err);
    CHECK_INT(rc, 0);
    CHECK(find_query(&s, "JOIN customer") == NULL);
    int hidden = 0;
    for (int i = 0; i < s.nskipped; i++)
        hidden += strstr(s.skipped[i], "pg_stat_statements: statements of other roles") != NULL;
    CHECK_INT(hidden, 1);
    CHECK_INT(s.nwarnings, 0);
    seam_schema_free(&s);
    free(ci);

    /* Without the extension in the database: no statements, no figures, no error. */
    CHECK(setup("CREATE DATABASE bare") && setup_in("bare", "CREATE TABLE t (id int)"));
    ci = seam_printf("host=127.0.0.1 port=%s user=postgres password=%s dbname=bare", port,
                     PASSWORD);
    rc = inspector_read(ci, &s, &err);
    CHECK_INT(rc, 0);
    CHECK_INT(s.nquery_stats, 0);
    CHECK_INT(s.ntables, 1);
    CHECK(s.ntables == 1 && !s.tables[0].has_production && s.tables[0].calls == 0);
    seam_schema_free(&s);
    free(ci);
}

int main(void)
{
    if (!getenv("SEAM_TEST_PGPORT"))
        CHECK_SKIP("SEAM_TEST_PGPORT is unset: PostgreSQL tests run under scripts/test");
    if (access("/usr/lib/postgresql/15/bin/initdb", X_OK) != 0)
        CHECK_SKIP("PostgreSQL 15's initdb is not installed");
    snprintf(dir, sizeof dir, "/tmp/seam-auth-XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    chmod(dir, 0755); /* the server runs as postgres and must reach its data */
    char *start = seam_printf("'" SEAM_SOURCE_DIR "/tests/db-inspector/pg-private-server' start"
                              " '%s/pg' '%s'",
                              dir, PASSWORD);
    FILE *p = popen(start, "r");
    free(start);
    if (!p || !fgets(port, sizeof port, p) || pclose(p) != 0) {
        fprintf(stderr, "cannot start the private server\n");
        return 1;
    }
    port[strcspn(port, "\n")] = '\0';
    snprintf(dir + strlen(dir), sizeof dir - strlen(dir), "/pg");

    int ok =
        setup("CREATE DATABASE shop") &&
        setup("CREATE TABLE customer (id int PRIMARY KEY, name text);"
              "CREATE TABLE orders (id serial PRIMARY KEY, customer_id int REFERENCES customer);"
              "INSERT INTO customer VALUES (1, 'Ada');"
              "CREATE EXTENSION pg_stat_statements;"
              "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
    CHECK(ok);
    if (ok) {
        test_passwords();
        test_statements();
    }

    char *stop = seam_printf("'" SEAM_SOURCE_DIR "/tests/db-inspector/pg-private-server' stop '%s'"
                             " && rm -rf '%.*s'",
                             dir, (int)(strlen(dir) - 3), dir);
    CHECK(system(stop) == 0);
    free(stop);
    return check_finish();
}
