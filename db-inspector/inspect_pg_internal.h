/*
 * inspect_pg_internal.h - the live PostgreSQL reader's parts; not a public API.
 *
 *   inspect_session.c  the session: connect read-only, run a statement, one-line errors
 *   inspect_pg_sql.c   the catalog queries, each set-based
 *   inspect_pg_rows.c  turning each query's rows into schema facts
 *   inspect_pg.c       the transaction: which query when, what is skipped
 */
#ifndef SEAM_INSPECT_PG_INTERNAL_H
#define SEAM_INSPECT_PG_INTERNAL_H

#include "inspect_internal.h"

#include <libpq-fe.h>

/* A text never to be shown, and what stands in its place in messages. */
typedef struct inspect_secret {
    char *find, *with;
} inspect_secret;

/*
 * Appends to *v the secrets of a parsed connection string (opts may be
 * NULL): the value of every option libpq marks secret (dispchar "*":
 * password, sslpassword, ...) as "***", and every dbname that is itself a
 * connection string or URI, with the secrets inside it (parsed as libpq
 * would, a few levels deep), as its redacted form (inspector.c). An empty
 * value is not added. 0 or SEAM_ENOMEM.
 */
int inspect_secrets_of(const PQconninfoOption *opts, inspect_secret **v, int *n);
int inspect_secret_add(inspect_secret **v, int *n, const char *find, const char *with);
void inspect_secrets_free(inspect_secret *v, int n);

typedef struct inspect_session {
    PGconn *conn;
    const char *shown;       /* redacted conninfo, for messages */
    inspect_secret *secrets; /* scrubbed from every message (inspect_secrets_of) */
    int nsecrets;
    char *schemas;   /* options->schemas as a text[] literal, or NULL for all */
    int syncs;       /* pipeline segments sent whose end is not read yet */
    double deadline; /* CLOCK_MONOTONIC seconds: no wait for the server goes past it */
    int timeout_s;   /* what the deadline was, for the message */
    int timed_out;   /* the deadline passed: nothing more is waited for */
    char lost[512];  /* why the session was lost (FATAL, connection gone, deadline), or "" */
} inspect_session;

/*
 * Connects as inspector.h describes. On failure ps->conn is NULL and err is
 * set. The connection is made nonblocking, and the deadline (o->timeout_s
 * from now) starts: every wait of the functions below ends there, with
 * *why "no answer within N s; the inspection was abandoned (--timeout)".
 */
int inspect_session_connect(inspect_session *ps, const char *conninfo, const inspector_options *o,
                            seam_err *err);

/* Closes the connection and frees what the session owns (not shown). */
void inspect_session_close(inspect_session *ps);

/*
 * Pipeline mode (libpq 14 or later): statements queued with
 * inspect_session_send leave together when inspect_session_sync ends a segment, and
 * the server runs them one after the other while the client reads the
 * results of the earlier ones, in order, with inspect_session_next; each
 * segment's end is read with inspect_session_synced. After a failure the server
 * skips the rest of its segment (those read as "not run after an earlier
 * failure"), and the transaction stays failed until a ROLLBACK (TO
 * SAVEPOINT) sent in a later segment. Each returns SEAM_OK, or SEAM_EDB
 * (inspect_session_next: NULL) with *why set to the server's or libpq's
 * one-line message, password-scrubbed.
 */
int inspect_session_pipeline(inspect_session *ps, char *why, size_t nwhy);
/*
 * Nonzero once the session is lost: the server ended it (a FATAL error such
 * as pg_terminate_backend's), the connection broke, or the deadline passed.
 * Every call then fails with that first reason; a failed query is then not
 * a skip but the inspection's end.
 */
int inspect_session_lost(const inspect_session *ps);
/* Queues one statement; with_schemas binds $1 to ps->schemas. */
int inspect_session_send(inspect_session *ps, const char *sql, int with_schemas, char *why,
                         size_t nwhy);
int inspect_session_sync(inspect_session *ps, char *why, size_t nwhy);
/* The next statement's result when its status is want; the caller PQclears it. */
PGresult *inspect_session_next(inspect_session *ps, ExecStatusType want, char *why, size_t nwhy);
int inspect_session_synced(inspect_session *ps, char *why, size_t nwhy);
/* Drops what is still queued and leaves pipeline mode (after a failure, before ROLLBACK). */
void inspect_session_unpipeline(inspect_session *ps);
/* ROLLBACK, waited for until the deadline; nothing when the connection is lost or timed out. */
void inspect_session_rollback(inspect_session *ps);

/*
 * The catalog queries (inspect_pg_sql.c). "@DESC@", "@INDEX@" and "@DEPEND@"
 * mark catalogs that inspect_pg.c replaces by an empty relation when unreadable.
 */
extern const char INSPECT_PG_SQL_PROBE[]; /* $1: the schemas; %d: statement, lock timeouts */
/* How many of the database's schemas a message about a missing one lists. */
#define INSPECT_PG_SCHEMAS_SHOWN "10"
extern const char INSPECT_PG_SQL_EXTENSION[];
extern const char INSPECT_PG_SQL_TABLES[];
extern const char INSPECT_PG_SQL_KEYS[];
extern const char INSPECT_PG_SQL_INDEXES[];
extern const char INSPECT_PG_SQL_VIEWS[];
extern const char INSPECT_PG_SQL_TRIGGERS[];
extern const char INSPECT_PG_SQL_SEQUENCES[];
extern const char INSPECT_PG_SQL_STATS[];
extern const char INSPECT_PG_SQL_EXPRS[];
extern const char
    INSPECT_PG_SQL_STATEMENTS[]; /* printf format: %s is the extension's schema, quoted */

/* Row readers (inspect_pg_rows.c): 0 or SEAM_ENOMEM. s->tables must be sorted from keys on. */
int inspect_pg_rows_tables(PGresult *res, seam_schema *s);
int inspect_pg_rows_keys(PGresult *res, seam_schema *s);
int inspect_pg_rows_indexes(PGresult *res, seam_schema *s);
int inspect_pg_rows_views(PGresult *res, seam_schema *s);
int inspect_pg_rows_triggers(PGresult *res, seam_schema *s);
int inspect_pg_rows_sequences(PGresult *res, seam_schema *s);
int inspect_pg_rows_stats(PGresult *res, seam_schema *s);
int inspect_pg_rows_exprs(PGresult *res, seam_schema *s);
int inspect_pg_rows_statements(PGresult *res, seam_schema *s);

#endif
