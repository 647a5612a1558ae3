/*
 * pgtest.h - what the PostgreSQL tests of the inspector share: the server
 * of scripts/pg-server (SEAM_TEST_PGHOST, SEAM_TEST_PGPORT, SEAM_TEST_PGLOG),
 * databases of their own, and reading seam's statements back from the
 * server log. Include once per test program, after check.h.
 */
#ifndef SEAM_TEST_PGTEST_H
#define SEAM_TEST_PGTEST_H

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "inspector.h"

static const char *pg_host, *pg_port;

/* Reads the server's address from the environment; exits 77 when there is no server. */
static inline void pg_test_init(void)
{
    pg_host = getenv("SEAM_TEST_PGHOST");
    pg_port = getenv("SEAM_TEST_PGPORT");
    if (!pg_port || !*pg_port)
        CHECK_SKIP("SEAM_TEST_PGPORT is unset (start a server with scripts/pg-server)");
    if (!pg_host || !*pg_host)
        pg_host = "127.0.0.1";
}

static inline void pg_quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/* A connection as user (trust authentication) to db, or NULL with the reason on stderr. */
static inline PGconn *pg_as(const char *user, const char *db)
{
    char ci[512];
    snprintf(ci, sizeof ci, "host=%s port=%s user=%s dbname=%s application_name=seam-test", pg_host,
             pg_port, user, db);
    PGconn *c = PQconnectdb(ci);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "cannot connect as %s to %s: %s", user, db, PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    PQsetNoticeProcessor(c, pg_quiet, NULL);
    return c;
}

static inline PGconn *pg_admin(const char *db)
{
    return pg_as("postgres", db);
}

static inline int pg_exec(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok)
        fprintf(stderr, "%.200s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    return ok;
}

/* Runs sql as postgres in db (a fresh connection) and reports success. */
static inline int pg_exec_in(const char *db, const char *sql)
{
    PGconn *c = pg_admin(db);
    int ok = c && pg_exec(c, sql);
    PQfinish(c);
    return ok;
}

/* The single integer sql selects in db (as postgres), or -1. */
static inline long pg_count(const char *db, const char *sql)
{
    PGconn *c = pg_admin(db);
    long n = -1;
    if (c) {
        PGresult *r = PQexec(c, sql);
        if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
            n = atol(PQgetvalue(r, 0, 0));
        else
            fprintf(stderr, "count: %s", PQresultErrorMessage(r));
        PQclear(r);
        PQfinish(c);
    }
    return n;
}

static inline int pg_create_db(const char *name)
{
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    int ok = pg_exec_in("postgres", sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    return ok && pg_exec_in("postgres", sql);
}

static inline void pg_drop_db(const char *name)
{
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    CHECK(pg_exec_in("postgres", sql));
}

/* "host=... port=... user=USER dbname=DB"; caller frees. */
static inline char *pg_conninfo(const char *user, const char *db)
{
    return seam_printf("host=%s port=%s user=%s dbname=%s", pg_host, pg_port, user, db);
}

/* Pipes the output of shell command input into psql on db; 1 when psql succeeded. */
static inline int pg_psql(const char *input, const char *db)
{
    char log[64];
    snprintf(log, sizeof log, "/tmp/seam-psql-%d.log", (int)getpid());
    char *cmd = seam_printf("%s | psql -h '%s' -p '%s' -U postgres -d %s -q -v ON_ERROR_STOP=1"
                            " >'%s' 2>&1",
                            input, pg_host, pg_port, db, log);
    int rc = cmd ? system(cmd) : -1;
    free(cmd);
    if (rc != 0) {
        fprintf(stderr, "psql failed; its output:\n");
        char *cat = seam_printf("tail -20 '%s' >&2", log);
        if (cat && system(cat) != 0)
            fprintf(stderr, "(no output)\n");
        free(cat);
    }
    unlink(log);
    return rc == 0;
}

static inline long pg_log_size(void)
{
    const char *log = getenv("SEAM_TEST_PGLOG");
    FILE *f = log ? fopen(log, "rb") : NULL;
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

/*
 * Calls fn(sql, arg) for every statement the server logged, after offset,
 * for sessions whose application_name is app. log_line_prefix is
 * '%m [%p] %a ', so a line reads "<time> [pid] APP LOG:  statement: SQL"
 * (simple protocol) or "... LOG:  execute <unnamed>: SQL" (extended).
 * DETAIL lines (bound parameters) are not statements. Returns how many
 * statements there were, or -1 when the log cannot be read.
 */
static inline int pg_log_statements(long offset, const char *app, void (*fn)(const char *, void *),
                             void *arg)
{
    const char *log = getenv("SEAM_TEST_PGLOG");
    FILE *f = log ? fopen(log, "r") : NULL;
    if (!f || offset < 0) {
        if (f)
            fclose(f);
        return -1;
    }
    fseek(f, offset, SEEK_SET);
    char tag[256];
    snprintf(tag, sizeof tag, "] %s LOG:  ", app);
    static char line[1 << 16];
    int n = 0;
    while (fgets(line, sizeof line, f)) {
        char *p = strstr(line, tag);
        if (!p)
            continue;
        p += strlen(tag);
        char *sql = NULL;
        if (strncmp(p, "statement: ", 11) == 0)
            sql = p + 11;
        else if (strncmp(p, "execute ", 8) == 0 && strstr(p, ": "))
            sql = strstr(p, ": ") + 2;
        if (!sql)
            continue;
        sql[strcspn(sql, "\n")] = '\0';
        n++;
        if (fn)
            fn(sql, arg);
    }
    fclose(f);
    return n;
}

#endif
