/*
 * inspect_session.c - a read-only PostgreSQL session: connecting the way
 * psql would, plus seam's guard rails, and one-line password-free errors.
 */
#include "inspect_pg_internal.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void ignore_notice(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

/*
 * One line of a libpq message for seam_err: the first line only (libpq
 * adds hints and context on later lines), with every occurrence of a known
 * secret replaced (the longest first) in case libpq or the server quoted
 * part of the conninfo (the server quotes a database name whole).
 */
static void one_line(char *dst, size_t n, const char *msg, const inspect_secret *secrets,
                     int nsecrets)
{
    char line[512];
    size_t len = strcspn(msg ? msg : "", "\n");
    if (len >= sizeof line)
        len = sizeof line - 1;
    memcpy(line, msg ? msg : "", len);
    line[len] = '\0';
    while (len > 0 && (line[len - 1] == ' ' || line[len - 1] == '\t' || line[len - 1] == '\r'))
        line[--len] = '\0';

    size_t o = 0;
    for (const char *p = line; *p && o + 1 < n;) {
        size_t hit = 0;
        const char *with = NULL;
        for (int i = 0; i < nsecrets; i++) {
            size_t pl = strlen(secrets[i].find);
            if (pl && strncmp(p, secrets[i].find, pl) == 0 && pl > hit) {
                hit = pl;
                with = secrets[i].with;
            }
        }
        if (hit) {
            for (const char *r = with; *r && o + 1 < n; r++)
                dst[o++] = *r;
            p += hit;
        } else {
            dst[o++] = *p++;
        }
    }
    dst[o] = '\0';
    if (o == 0)
        snprintf(dst, n, "unknown error");
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Waits until PQgetResult would not block: what is still queued for the
 * server is flushed, and what it sends is read, as the socket allows, for
 * no longer than the deadline. A broken connection is left for
 * PQgetResult to report (it then returns at once with the reason).
 * SEAM_OK, or SEAM_EDB with why set (the deadline passed: ps->timed_out).
 */
static int await(inspect_session *ps, char *why, size_t nwhy)
{
    for (;;) {
        int pending = PQflush(ps->conn);
        if (pending < 0 || (!pending && !PQisBusy(ps->conn)))
            return SEAM_OK;
        int fd = PQsocket(ps->conn);
        if (fd < 0)
            return SEAM_OK;
        double left = ps->deadline - now_s();
        if (left <= 0) {
            ps->timed_out = 1;
            snprintf(ps->lost, sizeof ps->lost,
                     "no answer within %d s; the inspection was abandoned (--timeout)",
                     ps->timeout_s);
            snprintf(why, nwhy, "%s", ps->lost);
            return SEAM_EDB;
        }
        struct pollfd p = {.fd = fd, .events = POLLIN | (pending ? POLLOUT : 0)};
        int n = poll(&p, 1, (int)(left * 1000) + 1);
        if (n < 0 && errno != EINTR) {
            snprintf(why, nwhy, "waiting for the server: %s", strerror(errno));
            return SEAM_EDB;
        }
        if (n > 0 && (p.revents & (POLLIN | POLLERR | POLLHUP)) && !PQconsumeInput(ps->conn))
            return SEAM_OK;
    }
}

static const char *option_value(PQconninfoOption *opts, const char *keyword)
{
    for (PQconninfoOption *o = opts; o->keyword; o++)
        if (strcmp(o->keyword, keyword) == 0)
            return o->val && o->val[0] ? o->val : NULL;
    return NULL;
}

/* options->schemas as a text[] literal: {"a","b"} with " and \ escaped. */
static char *schemas_literal(const inspector_options *o)
{
    if (!o->nschemas)
        return NULL;
    size_t len = 3;
    for (int i = 0; i < o->nschemas; i++)
        len += 2 * strlen(o->schemas[i]) + 3;
    char *buf = malloc(len), *p = buf;
    if (!buf)
        return NULL;
    *p++ = '{';
    for (int i = 0; i < o->nschemas; i++) {
        if (i)
            *p++ = ',';
        *p++ = '"';
        for (const char *c = o->schemas[i]; *c; c++) {
            if (*c == '"' || *c == '\\')
                *p++ = '\\';
            *p++ = *c;
        }
        *p++ = '"';
    }
    *p++ = '}';
    *p = '\0';
    return buf;
}

/* The connection's own one-line reason; the connection is closed. SEAM_EDB. */
static int connect_failed(inspect_session *ps, seam_err *err)
{
    char line[512];
    one_line(line, sizeof line, PQerrorMessage(ps->conn), ps->secrets, ps->nsecrets);
    PQfinish(ps->conn);
    ps->conn = NULL;
    return seam_err_set(err, SEAM_EDB, "cannot connect to PostgreSQL '%s': %s", ps->shown, line);
}

int inspect_session_connect(inspect_session *ps, const char *conninfo, const inspector_options *o,
                            seam_err *err)
{
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(conninfo, &perr);
    if (!opts) {
        /* libpq's parse message may quote the string, password included: not shown. */
        PQfreemem(perr);
        if (strstr(conninfo, "://"))
            return seam_err_set(err, SEAM_EINPUT,
                                "cannot connect to PostgreSQL '%s': invalid connection URI",
                                ps->shown);
        /* Only '=' made it look like conninfo: it may have been meant as a file. */
        return seam_err_set(err, SEAM_EINPUT,
                            "cannot open database '%s': neither an existing SQLite file nor a "
                            "valid PostgreSQL connection string",
                            ps->shown);
    }
    /*
     * Secrets to scrub: the string's own, and those libpq takes from the
     * environment (PGPASSWORD, a PGSERVICE entry), which PQconndefaults
     * reports.
     */
    PQconninfoOption *defaults = PQconndefaults();
    int rc = inspect_secrets_of(opts, &ps->secrets, &ps->nsecrets);
    if (rc == SEAM_OK)
        rc = inspect_secrets_of(defaults, &ps->secrets, &ps->nsecrets);
    PQconninfoFree(defaults);
    ps->schemas = schemas_literal(o);

    /*
     * Our keywords come after dbname, so they override what the expanded
     * string says (libpq keeps the last value of a repeated keyword). The
     * user's options and connect_timeout are kept: options are merged (with
     * -c, the last setting of a parameter wins, and ours come last), and
     * connect_timeout is only supplied when the user gave none.
     */
    const char *user_opts = option_value(opts, "options");
    if (!user_opts)
        user_opts = getenv("PGOPTIONS");
    char *options = seam_printf("%s%s-c default_transaction_read_only=on -c statement_timeout=%d"
                                " -c lock_timeout=%d",
                                user_opts ? user_opts : "", user_opts && *user_opts ? " " : "",
                                o->statement_timeout_ms, o->lock_timeout_ms);
    char timeout[16];
    snprintf(timeout, sizeof timeout, "%d", o->connect_timeout_s);
    const char *env_timeout = getenv("PGCONNECT_TIMEOUT");
    int has_timeout = option_value(opts, "connect_timeout") || (env_timeout && *env_timeout);
    PQconninfoFree(opts);
    if (!options || rc != SEAM_OK || (o->nschemas && !ps->schemas)) {
        free(options);
        return seam_err_set(err, SEAM_ENOMEM, "out of memory connecting to '%s'", ps->shown);
    }

    const char *keys[] = {"dbname",
                          "options",
                          "application_name",
                          "client_encoding",
                          has_timeout || o->connect_timeout_s <= 0 ? NULL : "connect_timeout",
                          NULL};
    const char *vals[] = {conninfo, options, o->application_name, "UTF8", timeout, NULL};
    ps->conn = PQconnectdbParams(keys, vals, 1);
    free(options);
    if (!ps->conn)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory connecting to '%s'", ps->shown);
    /*
     * What libpq finally used, from a service file or .pgpass too, is in
     * the connection's own options: scrubbed as well.
     */
    PQconninfoOption *used = PQconninfo(ps->conn);
    rc = inspect_secrets_of(used, &ps->secrets, &ps->nsecrets);
    PQconninfoFree(used);
    if (rc != SEAM_OK) {
        PQfinish(ps->conn);
        ps->conn = NULL;
        return seam_err_set(err, SEAM_ENOMEM, "out of memory connecting to '%s'", ps->shown);
    }
    if (PQstatus(ps->conn) != CONNECTION_OK) {
        return connect_failed(ps, err);
    }
    /* Server notices would go to stderr; nothing below main() prints. */
    PQsetNoticeProcessor(ps->conn, ignore_notice, NULL);
    /*
     * Nonblocking: sending never waits for the socket, and every wait is
     * await()'s poll() against the deadline. connect_timeout bounded the
     * connection; from here on the deadline bounds the rest, since a
     * server (or network) that stops answering mid-inspection would
     * otherwise be waited for forever.
     */
    ps->timeout_s = o->timeout_s > 0 ? o->timeout_s : INSPECTOR_TIMEOUT_S;
    ps->deadline = now_s() + ps->timeout_s;
    if (PQsetnonblocking(ps->conn, 1) != 0) {
        return connect_failed(ps, err);
    }
    return SEAM_OK;
}

void inspect_session_close(inspect_session *ps)
{
    if (ps->conn)
        PQfinish(ps->conn);
    ps->conn = NULL;
    inspect_secrets_free(ps->secrets, ps->nsecrets);
    ps->secrets = NULL;
    ps->nsecrets = 0;
    free(ps->schemas);
    ps->schemas = NULL;
}

/*
 * The reason of a failed result (or of the connection, without one). A
 * FATAL or PANIC error ends the server's session, and libpq marks a
 * connection it lost as bad: either way the session is lost, and that first
 * reason is kept in ps->lost for every later call, so that the inspection
 * ends with the server's reason (terminating connection due to
 * administrator command) rather than with what the broken pipeline looks
 * like afterwards.
 */
static void failed(inspect_session *ps, const PGresult *res, char *why, size_t nwhy)
{
    const char *msg = res ? PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) : NULL;
    one_line(why, nwhy, msg ? msg : PQerrorMessage(ps->conn), ps->secrets, ps->nsecrets);
    const char *sev = res ? PQresultErrorField(res, PG_DIAG_SEVERITY_NONLOCALIZED) : NULL;
    int fatal = sev && (strcmp(sev, "FATAL") == 0 || strcmp(sev, "PANIC") == 0);
    if (!ps->lost[0] && (fatal || PQstatus(ps->conn) == CONNECTION_BAD))
        snprintf(ps->lost, sizeof ps->lost, "%s", why);
}

/* Nonzero (why set to the first reason) once the session is lost or past its deadline. */
static int is_lost(const inspect_session *ps, char *why, size_t nwhy)
{
    if (!ps->lost[0])
        return 0;
    snprintf(why, nwhy, "%s", ps->lost);
    return 1;
}

int inspect_session_lost(const inspect_session *ps)
{
    return ps->lost[0] != '\0';
}

int inspect_session_pipeline(inspect_session *ps, char *why, size_t nwhy)
{
    if (PQenterPipelineMode(ps->conn))
        return SEAM_OK;
    one_line(why, nwhy, PQerrorMessage(ps->conn), ps->secrets, ps->nsecrets);
    return SEAM_EDB;
}

int inspect_session_send(inspect_session *ps, const char *sql, int with_schemas, char *why,
                         size_t nwhy)
{
    if (is_lost(ps, why, nwhy))
        return SEAM_EDB;
    const char *params[1] = {ps->schemas};
    if (PQsendQueryParams(ps->conn, sql, with_schemas ? 1 : 0, NULL, with_schemas ? params : NULL,
                          NULL, NULL, 0))
        return SEAM_OK;
    one_line(why, nwhy, PQerrorMessage(ps->conn), ps->secrets, ps->nsecrets);
    return SEAM_EDB;
}

int inspect_session_sync(inspect_session *ps, char *why, size_t nwhy)
{
    if (is_lost(ps, why, nwhy))
        return SEAM_EDB;
    if (PQpipelineSync(ps->conn)) {
        ps->syncs++;
        return SEAM_OK;
    }
    one_line(why, nwhy, PQerrorMessage(ps->conn), ps->secrets, ps->nsecrets);
    return SEAM_EDB;
}

PGresult *inspect_session_next(inspect_session *ps, ExecStatusType want, char *why, size_t nwhy)
{
    if (is_lost(ps, why, nwhy) || await(ps, why, nwhy) != SEAM_OK)
        return NULL;
    PGresult *res = PQgetResult(ps->conn);
    ExecStatusType st = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
    if (st == PGRES_PIPELINE_SYNC) {
        /* a statement's result was expected: the queue and the reading disagree */
        ps->syncs--;
        PQclear(res);
        snprintf(why, nwhy, "a result is missing from the pipeline");
        return NULL;
    }
    /* Each statement's result is followed by a NULL, before the next one's. */
    if (res) {
        PGresult *extra = NULL;
        while (await(ps, why, nwhy) == SEAM_OK && (extra = PQgetResult(ps->conn)) != NULL)
            PQclear(extra);
        if (ps->timed_out) {
            PQclear(res);
            return NULL;
        }
    }
    if (res && st == want)
        return res;
    if (st == PGRES_PIPELINE_ABORTED)
        snprintf(why, nwhy, "not run after an earlier failure");
    else
        failed(ps, res, why, nwhy);
    PQclear(res);
    return NULL;
}

int inspect_session_synced(inspect_session *ps, char *why, size_t nwhy)
{
    if (is_lost(ps, why, nwhy) || await(ps, why, nwhy) != SEAM_OK)
        return SEAM_EDB;
    PGresult *res = PQgetResult(ps->conn);
    int ok = res && PQresultStatus(res) == PGRES_PIPELINE_SYNC;
    if (ok)
        ps->syncs--;
    else if (res && PQresultStatus(res) != PGRES_FATAL_ERROR)
        snprintf(why, nwhy, "the pipeline holds more results than were expected");
    else
        failed(ps, res, why, nwhy);
    PQclear(res);
    return ok ? SEAM_OK : SEAM_EDB;
}

void inspect_session_unpipeline(inspect_session *ps)
{
    /*
     * Whatever is still queued is read and dropped, up to the last sync
     * sent: a statement's result ends with a NULL, so two NULLs in a row
     * mean nothing more will come (a broken connection gives only NULLs).
     * After the deadline nothing is waited for: the connection is closed
     * with the transaction open, which the server then rolls back.
     */
    int nulls = 0;
    char why[256];
    while (ps->syncs > 0 && nulls < 2 && await(ps, why, sizeof why) == SEAM_OK) {
        PGresult *res = PQgetResult(ps->conn);
        nulls = res ? 0 : nulls + 1;
        if (res && PQresultStatus(res) == PGRES_PIPELINE_SYNC)
            ps->syncs--;
        PQclear(res);
    }
    ps->syncs = 0;
    PQexitPipelineMode(ps->conn);
}

void inspect_session_rollback(inspect_session *ps)
{
    /*
     * Only on a connection that is out of pipeline mode and not past its
     * deadline; otherwise closing it is the rollback (the server ends the
     * transaction of a session that goes away).
     */
    char why[256];
    if (ps->timed_out || PQstatus(ps->conn) != CONNECTION_OK ||
        PQpipelineStatus(ps->conn) != PQ_PIPELINE_OFF || !PQsendQuery(ps->conn, "ROLLBACK"))
        return;
    PGresult *res;
    while (await(ps, why, sizeof why) == SEAM_OK && (res = PQgetResult(ps->conn)) != NULL)
        PQclear(res);
}

void *inspector_pg_connect(const char *conninfo, const inspector_options *o, seam_err *err)
{
    inspector_options defaults;
    inspector_options_init(&defaults);
    char *shown = inspector_redact(conninfo);
    if (!shown) {
        seam_err_set(err, SEAM_ENOMEM, "out of memory connecting to PostgreSQL");
        return NULL;
    }
    inspect_session ps = {.shown = shown};
    inspect_session_connect(&ps, conninfo, o ? o : &defaults, err);
    PGconn *conn = ps.conn;
    ps.conn = NULL;
    /* The caller uses it with libpq's blocking calls (PQexec), as any connection. */
    if (conn)
        PQsetnonblocking(conn, 0);
    inspect_session_close(&ps);
    free(shown);
    return conn;
}
