/*
 * test_inspect_pg_safety.c - what production does to an inspection:
 * catalogs the role may not read, a migration holding (or waiting for) an
 * ACCESS EXCLUSIVE lock, a locked catalog, a slow statement, the connection
 * lost mid-pipeline. seam must go on
 * with what it can read and say what it skipped, or fail with one line,
 * and never hang.
 *
 * Needs the server of scripts/pg-server; exits 77 without it. Works in a
 * database and with a role of its own (names carry the pid).
 */
#include "check.h"
#include "pgtest.h"

#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char SCHEMA[] =
    "CREATE TABLE busy (id int PRIMARY KEY, state text DEFAULT 'new', n int DEFAULT 7);"
    "CREATE INDEX busy_lower ON busy (lower(state));"
    "CREATE TABLE calm (id int PRIMARY KEY, busy_id int REFERENCES busy, note text DEFAULT 'hi');"
    "CREATE INDEX calm_lower ON calm (lower(note)) WHERE id > 0;"
    "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS"
    "  $$ BEGIN UPDATE busy SET n = n + 1; RETURN NEW; END $$;"
    "CREATE TRIGGER calm_touch AFTER INSERT ON calm FOR EACH ROW EXECUTE FUNCTION touch();"
    "COMMENT ON TABLE calm IS 'quiet';"
    "CREATE VIEW calm_notes AS SELECT note FROM calm;"
    "CREATE SEQUENCE calm_seq OWNED BY calm.id;"
    "CREATE EXTENSION pg_stat_statements;";

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int has_skip(const seam_schema *s, const char *a, const char *b)
{
    for (int i = 0; i < s->nskipped; i++)
        if (strstr(s->skipped[i], a) && (!b || strstr(s->skipped[i], b)))
            return 1;
    return 0;
}

static void print_skips(const char *label, const seam_schema *s)
{
    for (int i = 0; i < s->nskipped; i++)
        printf("%s: skipped: %s\n", label, s->skipped[i]);
}

static const seam_table *table(const seam_schema *s, const char *name)
{
    int i = seam_schema_find_table(s, name);
    return i < 0 ? NULL : &s->tables[i];
}

/* Inspects db with o (NULL: defaults); returns the code, the time it took in *secs. */
static int inspect(const char *user, const char *db, const inspector_options *o, seam_schema *s,
                   seam_err *err, double *secs)
{
    inspector_options defaults;
    inspector_options_init(&defaults);
    char *ci = pg_conninfo(user, db);
    double t0 = now();
    int rc = inspector_read_with(ci, o ? o : &defaults, s, err);
    *secs = now() - t0;
    free(ci);
    return rc;
}

static void test_unreadable_catalogs(const char *db, const char *role)
{
    char sql[512];
    snprintf(sql, sizeof sql, "DROP ROLE IF EXISTS %s; CREATE ROLE %s LOGIN", role, role);
    CHECK(pg_exec_in("postgres", sql));
    /* Catalog privileges are per database: this touches only the test's own. */
    CHECK(pg_exec_in(db, "REVOKE SELECT ON pg_catalog.pg_stat_user_tables FROM PUBLIC;"
                         "REVOKE SELECT ON pg_catalog.pg_trigger FROM PUBLIC;"
                         "REVOKE SELECT ON pg_catalog.pg_description FROM PUBLIC"));
    seam_schema s = {0};
    seam_err err = {0};
    double secs;
    int rc = inspect(role, db, NULL, &s, &err, &secs);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "unreadable catalogs: %s\n", err.msg);
    print_skips("unreadable catalogs", &s);
    CHECK_INT(s.ntables, 2);
    CHECK_INT(s.nforeign_keys, 1);
    CHECK_INT(s.nindexes, 4);
    CHECK_INT(s.ntriggers, 0);
    CHECK(has_skip(&s, "triggers: skipped", "no SELECT privilege on pg_catalog.pg_trigger"));
    CHECK(has_skip(&s, "comments: skipped", "pg_description"));
    CHECK(has_skip(&s, "table statistics", "permission denied for view pg_stat_user_tables"));
    /* installed but not preloaded: reading it fails, under its own savepoint */
    CHECK(has_skip(&s, "pg_stat_statements: skipped", "shared_preload_libraries"));
    const seam_table *calm = table(&s, "calm");
    CHECK(calm && !calm->has_stats && calm->comment == NULL);
    /* what the savepoints protected is still there: defaults read after the failures */
    CHECK(calm && calm->ncolumns == 3 && calm->columns[2].default_value &&
          !strcmp(calm->columns[2].default_value, "'hi'::text"));
    CHECK_INT(s.nwarnings, 0);
    seam_schema_free(&s);

    /* Without pg_constraint there are no keys, but the tables are still read. */
    CHECK(pg_exec_in(db, "REVOKE SELECT ON pg_catalog.pg_constraint FROM PUBLIC"));
    CHECK_INT(inspect(role, db, NULL, &s, &err, &secs), 0);
    CHECK(has_skip(&s, "keys and foreign keys: skipped", "pg_catalog.pg_constraint"));
    CHECK(s.ntables == 2 && s.nforeign_keys == 0);
    seam_schema_free(&s);

    CHECK(pg_exec_in(db, "GRANT SELECT ON pg_catalog.pg_stat_user_tables, pg_catalog.pg_trigger,"
                         " pg_catalog.pg_description, pg_catalog.pg_constraint TO PUBLIC"));

    /* All readable again: the view's table, the sequence's owner; the extension's views hidden. */
    CHECK_INT(inspect(role, db, NULL, &s, &err, &secs), 0);
    CHECK_INT(s.nviews, 1);
    CHECK(s.nviews == 1 && !strcmp(s.views[0].name, "calm_notes") && s.views[0].ntables == 1 &&
          !strcmp(s.views[0].tables[0], "calm"));
    CHECK(s.nsequences == 1 && s.sequences[0].owner_table &&
          !strcmp(s.sequences[0].owner_table, "calm"));
    seam_schema_free(&s);

    /*
     * pg_depend (extension membership, view dependencies, sequence owners),
     * pg_extension (where pg_stat_statements is) and pg_roles (superuser?)
     * unreadable: the inspection still succeeds and says what it left out.
     */
    CHECK(pg_exec_in(db, "REVOKE SELECT ON pg_catalog.pg_depend FROM PUBLIC;"
                         "REVOKE SELECT ON pg_catalog.pg_extension FROM PUBLIC;"
                         "REVOKE SELECT ON pg_catalog.pg_roles FROM PUBLIC"));
    rc = inspect(role, db, NULL, &s, &err, &secs);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "pg_depend, pg_extension, pg_roles revoked: %s\n", err.msg);
    print_skips("pg_depend, pg_extension, pg_roles revoked", &s);
    CHECK_INT(s.ntables, 2);
    CHECK_INT(s.nforeign_keys, 1);
    CHECK_INT(s.ntriggers, 1);
    CHECK(has_skip(&s, "extension filter: skipped", "no SELECT privilege on pg_catalog.pg_depend"));
    CHECK(has_skip(&s, "extension filter: skipped", "an extension created may be included"));
    CHECK(
        has_skip(&s, "view dependencies: skipped", "no SELECT privilege on pg_catalog.pg_depend"));
    CHECK(has_skip(&s, "sequence owners: skipped", "no SELECT privilege on pg_catalog.pg_depend"));
    CHECK(has_skip(&s, "pg_stat_statements: skipped",
                   "no SELECT privilege on pg_catalog.pg_extension"));
    /* without the filter, pg_stat_statements' own views are listed, as the skip line warns */
    int calm_notes = 0, extension_views = 0;
    for (int i = 0; i < s.nviews; i++) {
        if (!strcmp(s.views[i].name, "calm_notes"))
            calm_notes += s.views[i].ntables == 0; /* its dependency is unknown */
        extension_views += !strncmp(s.views[i].name, "pg_stat_statements", 18);
    }
    CHECK_INT(calm_notes, 1);
    CHECK(extension_views >= 1);
    CHECK(s.nsequences == 1 && s.sequences[0].owner_table == NULL);
    CHECK_INT(s.nwarnings, 0); /* not a superuser, told without pg_roles */
    seam_schema_free(&s);

    /* The superuser is recognized from current_setting('is_superuser'), not pg_roles. */
    CHECK_INT(inspect("postgres", db, NULL, &s, &err, &secs), 0);
    CHECK(s.nwarnings == 1 && strstr(s.warnings[0], "superuser"));
    seam_schema_free(&s);
    CHECK(pg_exec_in(db, "GRANT SELECT ON pg_catalog.pg_depend, pg_catalog.pg_extension,"
                         " pg_catalog.pg_roles TO PUBLIC"));
}

/* Another session, holding what lock_sql takes until released. */
static PGconn *hold(const char *db, const char *lock_sql)
{
    PGconn *c = pg_admin(db);
    if (c && !pg_exec(c, lock_sql)) {
        PQfinish(c);
        c = NULL;
    }
    return c;
}

static void release(PGconn *c)
{
    if (c)
        CHECK(pg_exec(c, "ROLLBACK"));
    PQfinish(c);
}

/* inspect() while another session holds the lock lock_sql takes (released after). */
static int inspect_locked(const char *lock_sql, const char *user, const char *db,
                          const inspector_options *o, seam_schema *s, seam_err *err, double *secs)
{
    PGconn *m = hold(db, lock_sql);
    CHECK(m != NULL);
    int rc = inspect(user, db, o, s, err, secs);
    release(m);
    return rc;
}

static void test_locked_table(const char *db)
{
    /* A migration holds ACCESS EXCLUSIVE on busy: seam reads the rest at once. */
    seam_schema s = {0};
    seam_err err = {0};
    double secs;
    int rc = inspect_locked("BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE", "postgres", db, NULL,
                            &s, &err, &secs);
    CHECK_INT(rc, 0);
    print_skips("locked table", &s);
    printf("locked table: read in %.2f s\n", secs);
    CHECK(secs < 1.5); /* not even lock_timeout's 2 s: nothing waited */
    CHECK(has_skip(&s, "of table busy: skipped", "ACCESS EXCLUSIVE"));
    int about_defaults = 0; /* only busy's: calm's expressions are read */
    for (int i = 0; i < s.nskipped; i++)
        about_defaults += strstr(s.skipped[i], "expressions") != NULL;
    CHECK_INT(about_defaults, 1);
    const seam_table *busy = table(&s, "busy"), *calm = table(&s, "calm");
    CHECK(busy && busy->ncolumns == 3 && busy->columns[1].default_value == NULL);
    CHECK(calm && calm->columns[2].default_value); /* the unlocked table's are read */
    for (int i = 0; i < s.nindexes; i++)
        if (!strcmp(s.indexes[i].name, "busy_lower"))
            CHECK_STR(s.indexes[i].columns[0], "(expression)");
        else if (!strcmp(s.indexes[i].name, "calm_lower"))
            CHECK(s.indexes[i].predicate && strstr(s.indexes[i].predicate, "id > 0"));
    CHECK_INT(s.nforeign_keys, 1);
    CHECK_INT(s.ntriggers, 1);
    seam_schema_free(&s);

    /*
     * A migration waiting for the lock (behind a long reader) blocks every
     * new reader too: seam must not queue behind it.
     */
    PGconn *reader = hold(db, "BEGIN; SELECT count(*) FROM busy");
    PGconn *waiter = pg_admin(db);
    CHECK(reader && waiter &&
          PQsendQuery(waiter, "BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE"));
    long waiting = 0;
    for (int i = 0; i < 100 && waiting < 1; i++) {
        waiting = pg_count(db, "SELECT count(*) FROM pg_locks WHERE NOT granted"
                               " AND mode = 'AccessExclusiveLock'");
        if (waiting < 1)
            usleep(20000);
    }
    CHECK_INT(waiting, 1);
    rc = inspect("postgres", db, NULL, &s, &err, &secs);
    printf("waiting migration: read in %.2f s\n", secs);
    CHECK_INT(rc, 0);
    CHECK(secs < 1.5);
    CHECK(has_skip(&s, "of table busy: skipped", NULL));
    seam_schema_free(&s);
    release(reader);
    if (waiter) {
        PGresult *r;
        while ((r = PQgetResult(waiter)))
            PQclear(r);
        release(waiter);
    }
}

static void test_locked_catalogs(const char *db)
{
    inspector_options o;
    inspector_options_init(&o);
    o.lock_timeout_ms = 500;
    seam_schema s = {0};
    seam_err err = {0};
    double secs;

    /* The expressions' catalog is locked: that query times out, under its savepoint. */
    int rc = inspect_locked("BEGIN; LOCK TABLE pg_catalog.pg_attrdef IN ACCESS EXCLUSIVE MODE",
                            "postgres", db, &o, &s, &err, &secs);
    CHECK_INT(rc, 0);
    print_skips("locked pg_attrdef", &s);
    printf("locked pg_attrdef: read in %.2f s\n", secs);
    CHECK(secs < 3);
    CHECK(has_skip(&s, "defaults, generated and index expressions: skipped", "lock timeout"));
    CHECK(s.ntables == 2 && s.nforeign_keys == 1 && s.ntriggers == 1);
    seam_schema_free(&s);

    /* A core catalog locked: lock_timeout turns the wait into an error, one line. */
    PGconn *m = hold(db, "BEGIN; LOCK TABLE pg_catalog.pg_constraint IN ACCESS EXCLUSIVE MODE");
    CHECK(m != NULL);
    rc = inspect("postgres", db, &o, &s, &err, &secs);
    CHECK_INT(rc, SEAM_EDB);
    printf("locked pg_constraint: %s (%.2f s)\n", err.msg, secs);
    CHECK(strstr(err.msg, "canceling statement due to lock timeout") && !strchr(err.msg, '\n'));
    CHECK(strstr(err.msg, db) != NULL);
    CHECK(secs < 3);
    CHECK(s.ntables == 0 && s.dialect == SEAM_DIALECT_NONE && s.source == NULL); /* nothing half-read */

    /* The same with no lock_timeout: statement_timeout ends it. */
    o.lock_timeout_ms = 0;
    o.statement_timeout_ms = 500;
    rc = inspect("postgres", db, &o, &s, &err, &secs);
    release(m);
    CHECK_INT(rc, SEAM_EDB);
    printf("statement timeout: %s (%.2f s)\n", err.msg, secs);
    CHECK(strstr(err.msg, "canceling statement due to statement timeout") != NULL);
    CHECK(secs < 3);
    CHECK(s.ntables == 0);
}

/*
 * The connection lost mid-pipeline: seam's backend, waiting for catalog (a
 * lock another session holds) in the second segment, is terminated by an
 * administrator. The inspection fails at once with one line giving the
 * server's reason, nothing half-read, and drains what it had queued
 * without waiting for results that never come.
 */
static void connection_lost_in(const char *db, const char *catalog)
{
    inspector_options o;
    inspector_options_init(&o);
    o.lock_timeout_ms = 0;
    o.statement_timeout_ms = 30000; /* far longer than the test allows: no timeout ends it */
    seam_schema s = {0};
    seam_err err = {0};
    double secs;
    char lock[128];
    snprintf(lock, sizeof lock, "BEGIN; LOCK TABLE %s IN ACCESS EXCLUSIVE MODE", catalog);
    PGconn *m = hold(db, lock);
    CHECK(m != NULL);
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT count(pg_catalog.pg_terminate_backend(pid)) FROM pg_catalog.pg_stat_activity"
             " WHERE datname = '%s' AND application_name = 'seam' AND wait_event_type = 'Lock'",
             db);
    pid_t killer = fork();
    CHECK(killer >= 0);
    if (killer == 0) {
        /* Terminates seam's backend once it waits for the lock (10 s at most). */
        for (int i = 0; i < 500; i++) {
            if (pg_count(db, sql) > 0)
                _exit(0);
            usleep(20000);
        }
        _exit(1);
    }
    int rc = inspect("postgres", db, &o, &s, &err, &secs);
    int status = -1;
    CHECK(killer > 0 && waitpid(killer, &status, 0) == killer);
    release(m);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0); /* a backend was terminated */
    CHECK_INT(rc, SEAM_EDB);
    printf("connection lost (%s locked): %s (%.2f s)\n", catalog, err.msg, secs);
    CHECK(strstr(err.msg, "cannot read schema from PostgreSQL") && strstr(err.msg, db));
    /* the server's own reason, not a complaint about the pipeline's state */
    CHECK(strstr(err.msg, "terminating connection due to administrator command") != NULL);
    CHECK(!strchr(err.msg, '\n'));
    CHECK(secs < 12);
    CHECK(s.ntables == 0 && s.dialect == SEAM_DIALECT_NONE && s.source == NULL); /* nothing half-read */
}

/*
 * The connection lost while a core query waits (pg_constraint: keys), and
 * while a savepointed one does (pg_attrdef: the expressions, whose failure
 * would otherwise be a skip): both fail with the server's reason.
 */
static void test_connection_lost(const char *db)
{
    connection_lost_in(db, "pg_catalog.pg_constraint");
    connection_lost_in(db, "pg_catalog.pg_attrdef");
}

/* Index of the first skip line holding a and b, or -1. */
static int skip_index(const seam_schema *s, const char *a, const char *b)
{
    for (int i = 0; i < s->nskipped; i++)
        if (strstr(s->skipped[i], a) && strstr(s->skipped[i], b))
            return i;
    return -1;
}

/*
 * Every savepointed query failing in one inspection: the expressions
 * (pg_attrdef locked: lock timeout), the statistics (pg_stat_user_tables
 * revoked) and pg_stat_statements (not preloaded). Each failure is rolled
 * back to its own savepoint, one after the other (the expressions, skipped
 * by the server after the statistics failed in the same pipeline segment,
 * are sent again), and the rest is read. The skip lines come in the order
 * of the queries: statistics, expressions, pg_stat_statements.
 */
static void test_failures_in_a_row(const char *db, const char *role)
{
    CHECK(pg_exec_in(db, "REVOKE SELECT ON pg_catalog.pg_stat_user_tables FROM PUBLIC"));
    inspector_options o;
    inspector_options_init(&o);
    o.lock_timeout_ms = 500;
    seam_schema s = {0};
    seam_err err = {0};
    double secs;
    int rc = inspect_locked("BEGIN; LOCK TABLE pg_catalog.pg_attrdef IN ACCESS EXCLUSIVE MODE",
                            role, db, &o, &s, &err, &secs);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "failures in a row: %s\n", err.msg);
    print_skips("failures in a row", &s);
    int stats = skip_index(&s, "table statistics (pg_stat_user_tables): skipped", "permission");
    int exprs =
        skip_index(&s, "defaults, generated and index expressions: skipped", "lock timeout");
    int statements = skip_index(&s, "pg_stat_statements: skipped", "shared_preload_libraries");
    CHECK(stats >= 0 && exprs > stats && statements > exprs);
    CHECK(s.ntables == 2 && s.nforeign_keys == 1 && s.ntriggers == 1 && s.nindexes == 4);
    const seam_table *calm = table(&s, "calm");
    CHECK(calm && !calm->has_stats && calm->ncolumns == 3 &&
          calm->columns[2].default_value == NULL);
    seam_schema_free(&s);

    /* A migration on busy instead: busy's line, still after the statistics' one. */
    rc = inspect_locked("BEGIN; LOCK TABLE busy IN ACCESS EXCLUSIVE MODE", role, db, NULL, &s, &err,
                        &secs);
    CHECK_INT(rc, 0);
    print_skips("statistics and a locked table", &s);
    stats = skip_index(&s, "table statistics (pg_stat_user_tables): skipped", "permission");
    int busy = skip_index(&s, "of table busy: skipped", "ACCESS EXCLUSIVE");
    CHECK(stats >= 0 && busy > stats);
    calm = table(&s, "calm");
    CHECK(calm && calm->ncolumns == 3 && calm->columns[2].default_value &&
          !strcmp(calm->columns[2].default_value, "'hi'::text"));
    seam_schema_free(&s);
    CHECK(pg_exec_in(db, "GRANT SELECT ON pg_catalog.pg_stat_user_tables TO PUBLIC"));
}

int main(void)
{
    pg_test_init();
    char db[64], role[64];
    snprintf(db, sizeof db, "seam_safety_%d", (int)getpid());
    snprintf(role, sizeof role, "seam_reader_%d", (int)getpid());
    if (!pg_create_db(db) || !pg_exec_in(db, SCHEMA)) {
        fprintf(stderr, "cannot set up database %s\n", db);
        return 1;
    }
    test_unreadable_catalogs(db, role);
    test_locked_table(db);
    test_locked_catalogs(db);
    test_connection_lost(db);
    test_failures_in_a_row(db, role);
    pg_drop_db(db);
    char sql[128];
    snprintf(sql, sizeof sql, "DROP ROLE IF EXISTS %s", role);
    CHECK(pg_exec_in("postgres", sql));
    return check_finish();
}
