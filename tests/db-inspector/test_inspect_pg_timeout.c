/*
 * test_inspect_pg_timeout.c - a server that stops answering mid-inspection
 * (a stalled network, a frozen host): the inspection's own deadline
 * (inspector_options.timeout_s) ends it with one line, where waiting for
 * the server alone would wait forever (statement_timeout is the server's
 * to enforce, and a stopped server enforces nothing).
 *
 * The stall is made real: seam's backend is first held on a lock (a
 * session holds ACCESS EXCLUSIVE on pg_constraint, which a core query
 * reads), then stopped with SIGSTOP, then the lock is released. The
 * backend runs on this machine (scripts/pg-server), as user postgres; the
 * tests run as root, so kill() reaches it. Exits 77 without the server,
 * or when the backend cannot be signalled (a remote server, no privilege).
 */
#include "check.h"
#include "pgtest.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* seam's backend in db once it waits for a lock, or -1 after 10 s. */
static long seam_backend(const char *db)
{
    char sql[256];
    snprintf(sql, sizeof sql,
             "SELECT coalesce(max(pid), -1) FROM pg_catalog.pg_stat_activity WHERE datname = '%s'"
             " AND application_name = 'seam' AND wait_event_type = 'Lock'",
             db);
    for (int i = 0; i < 500; i++) {
        long pid = pg_count(db, sql);
        if (pid > 0)
            return pid;
        usleep(20000);
    }
    return -1;
}

static void resume_and_end(const char *db, long pid)
{
    kill((pid_t)pid, SIGCONT);
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT pg_catalog.pg_terminate_backend(%ld)", pid);
    CHECK(pg_exec_in(db, sql));
}

int main(void)
{
    pg_test_init();
    char db[64];
    snprintf(db, sizeof db, "seam_timeout_%d", (int)getpid());
    if (!pg_create_db(db) || !pg_exec_in(db, "CREATE TABLE t (id int PRIMARY KEY)")) {
        fprintf(stderr, "cannot set up database %s\n", db);
        return 1;
    }

    PGconn *holder = pg_admin(db);
    CHECK(holder && pg_exec(holder, "BEGIN; LOCK TABLE pg_catalog.pg_constraint IN ACCESS"
                                    " EXCLUSIVE MODE"));
    /*
     * A child stops seam's backend once it waits for the lock, releases the
     * lock (the stopped backend cannot take it), and reports the pid. If the
     * inspection is still waiting 20 s later, the child resumes and ends the
     * backend itself, so that a missing deadline fails this test rather
     * than hanging it.
     */
    int fds[2];
    CHECK(pipe(fds) == 0);
    pid_t child = fork();
    CHECK(child >= 0);
    if (child == 0) {
        close(fds[0]);
        long pid = seam_backend(db);
        int stopped = pid > 0 && kill((pid_t)pid, SIGSTOP) == 0;
        long report = stopped ? pid : pid > 0 ? -errno : -1;
        PQfinish(holder); /* the lock goes with the holder's session (its own copy of it) */
        if (write(fds[1], &report, sizeof report) != (ssize_t)sizeof report)
            _exit(1);
        close(fds[1]);
        if (!stopped)
            _exit(0);
        sleep(20);
        resume_and_end(db, pid);
        _exit(0);
    }
    close(fds[1]);

    inspector_options o;
    inspector_options_init(&o);
    o.timeout_s = 2;
    o.lock_timeout_ms = 0; /* wait for the lock: the backend must be caught waiting */
    char *ci = pg_conninfo("postgres", db);
    seam_schema s = {0};
    seam_err err = {0};
    double t0 = now();
    int rc = inspector_read_with(ci, &o, &s, &err);
    double secs = now() - t0;
    free(ci);

    long pid = -1;
    if (read(fds[0], &pid, sizeof pid) != (ssize_t)sizeof pid)
        pid = -1;
    close(fds[0]);
    if (pid > 0) {
        kill(child, SIGKILL); /* no need to wait 20 s: the backend is resumed here */
        resume_and_end(db, pid);
    }
    waitpid(child, NULL, 0);
    PQfinish(holder);
    if (pid == -EPERM || pid == -ESRCH) {
        pg_drop_db(db);
        CHECK_SKIP("seam's backend cannot be signalled from here (a remote server, or not root)");
    }
    CHECK(pid > 0); /* the backend was found waiting and stopped */

    printf("stalled server: %s (%.2f s)\n", err.msg, secs);
    CHECK_INT(rc, SEAM_EDB);
    CHECK(strstr(err.msg, "cannot read schema from PostgreSQL '") && strstr(err.msg, db));
    CHECK(strstr(err.msg, "no answer within 2 s; the inspection was abandoned (--timeout)"));
    CHECK(!strchr(err.msg, '\n'));
    CHECK(secs >= 1.5 && secs < 2 + 5);
    CHECK(s.ntables == 0 && s.dialect == SEAM_DIALECT_NONE && s.source == NULL); /* nothing half-read */

    /* The deadline is the defaults' too: 60 s unless set. */
    inspector_options d;
    inspector_options_init(&d);
    CHECK_INT(d.timeout_s, 60);
    CHECK_INT(INSPECTOR_TIMEOUT_S, 60);

    /* An inspection that answers in time is not disturbed by a short deadline. */
    ci = pg_conninfo("postgres", db);
    o.lock_timeout_ms = 2000;
    CHECK_INT(inspector_read_with(ci, &o, &s, &err), 0);
    CHECK_INT(s.ntables, 1);
    seam_schema_free(&s);
    free(ci);

    pg_drop_db(db);
    return check_finish();
}
