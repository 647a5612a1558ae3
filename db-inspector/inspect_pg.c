/*
 * inspect_pg.c - one PostgreSQL inspection: a read-only session, one READ
 * ONLY transaction, a fixed list of catalog queries.
 *
 * The statements, in order (at most 19, whatever the schema's size), sent
 * in pipeline mode: each segment (between the bars) leaves at once, the
 * server runs its statements back to back, and the client turns each
 * result into facts while the server runs the next. A segment ends where
 * what is sent next depends on a result.
 *    1  BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY
 *    2  the probe: role, privileges, settings local to the transaction
 *    ---------------------------------------------------------------------
 *    3  tables, columns, comments, estimates, partitions, schemas
 *    4  primary keys, unique constraints, foreign keys   (if pg_constraint is readable)
 *    5  indexes                                          (if pg_index, pg_am are)
 *    6  views and their dependencies                     (if pg_rewrite is)
 *    7  triggers, their functions and sources            (if pg_trigger, pg_proc, pg_language are)
 *    8  sequences                                        (if pg_sequence is)
 *    9  pg_stat_statements' schema                       (if pg_extension is readable)
 *    10-13  SAVEPOINT seam_1, pg_stat_user_tables, SAVEPOINT seam_2, expressions
 *           (lock-guarded)
 *    ---------------------------------------------------------------------
 *    only when pg_stat_user_tables failed (the server then skipped 12-13,
 *    which neither ran nor count): ROLLBACK TO SAVEPOINT seam_1,
 *    SAVEPOINT seam_2, expressions
 *    ---------------------------------------------------------------------
 *    [ROLLBACK TO SAVEPOINT seam_2], SAVEPOINT seam_3, pg_stat_statements
 *    (if installed)
 *    ---------------------------------------------------------------------
 *    [ROLLBACK TO SAVEPOINT], COMMIT (ROLLBACK when a core query failed)
 * 14 statements when all goes well (16 with pg_stat_statements), 19 when
 * all three savepointed queries fail.
 * A core query that fails (3, or a timeout on any of 4-9) ends the
 * inspection with an error (the server skips the rest of its segment); the
 * savepointed ones may fail (no privilege, extension not loaded, a lock
 * taken at the wrong moment): the failure is reported in schema->skipped,
 * and the next segment starts with the ROLLBACK TO SAVEPOINT that lets the
 * transaction go on. Catalogs that only refine the result (pg_description,
 * pg_index for sizes, pg_depend) are replaced by empty relations when
 * unreadable, with a skip line each.
 */
#include "inspect_pg_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the probe learned (INSPECT_PG_SQL_PROBE's columns). */
typedef struct probe {
    char *role;
    int superuser;
    long long writable_tables;
    char *create_schemas; /* user schemas the role may CREATE in, or NULL */
    int create_database;
    int can_keys, can_indexes, can_views, can_triggers, can_sequences, can_comments;
    int can_extensions, can_depend;
    char *statements_schema; /* pg_stat_statements' schema, quoted (INSPECT_PG_SQL_EXTENSION), or
                                NULL */
    char *missing_schema;    /* the first of options->schemas that does not exist, or NULL */
    char *schemas_there;     /* the database's user schemas (the first few), or NULL */
    long long nschemas_there;
} probe;

static void probe_free(probe *p)
{
    free(p->role);
    free(p->create_schemas);
    free(p->statements_schema);
    free(p->missing_schema);
    free(p->schemas_there);
}

typedef struct run {
    inspect_session ps;
    seam_schema *s;
    seam_err *err;
    const probe *p; /* what may be read: which catalogs each query names */
} run;

static int fail(run *r, const char *why)
{
    return seam_err_set(r->err, SEAM_EDB, "cannot read schema from PostgreSQL '%s': %s",
                        r->ps.shown, why);
}

static int nomem(run *r)
{
    return seam_err_set(r->err, SEAM_ENOMEM, "out of memory reading schema of '%s'", r->ps.shown);
}

/* Copy of sql with every occurrence of mark replaced by with. */
static char *substitute(const char *sql, const char *mark, const char *with)
{
    size_t ml = strlen(mark), wl = strlen(with), n = 0;
    for (const char *p = strstr(sql, mark); p; p = strstr(p + ml, mark))
        n++;
    char *out = malloc(strlen(sql) + n * wl + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = sql;;) {
        const char *hit = strstr(p, mark);
        size_t len = hit ? (size_t)(hit - p) : strlen(p);
        memcpy(o, p, len);
        o += len;
        if (!hit)
            break;
        memcpy(o, with, wl);
        o += wl;
        p = hit + ml;
    }
    *o = '\0';
    return out;
}

/* Empty relations shaped like the catalogs they stand in for when those are unreadable. */
#define NO_DESC                                                                                    \
    "(SELECT NULL::pg_catalog.oid AS classoid, NULL::pg_catalog.oid AS objoid,"                    \
    " NULL::pg_catalog.int4 AS objsubid, NULL::pg_catalog.text AS description WHERE false)"
#define NO_INDEX                                                                                   \
    "(SELECT NULL::pg_catalog.oid AS indexrelid, NULL::pg_catalog.oid AS indrelid WHERE false)"
#define NO_DEPEND                                                                                  \
    "(SELECT NULL::pg_catalog.oid AS classid, NULL::pg_catalog.oid AS objid,"                      \
    " NULL::pg_catalog.int4 AS objsubid, NULL::pg_catalog.oid AS refclassid,"                      \
    " NULL::pg_catalog.oid AS refobjid, NULL::pg_catalog.int4 AS refobjsubid,"                     \
    " NULL::pg_catalog.\"char\" AS deptype WHERE false)"

/* sql with its @DESC@, @INDEX@ and @DEPEND@ marks filled in for what p may read; caller frees. */
static char *with_catalogs(const char *sql, const probe *p)
{
    char *a = substitute(sql, "@DESC@", p->can_comments ? "pg_catalog.pg_description" : NO_DESC);
    char *b =
        a ? substitute(a, "@INDEX@", p->can_indexes ? "pg_catalog.pg_index" : NO_INDEX) : NULL;
    char *c =
        b ? substitute(b, "@DEPEND@", p->can_depend ? "pg_catalog.pg_depend" : NO_DEPEND) : NULL;
    free(a);
    free(b);
    return c;
}

/* Queues a statement as it is (no marks) in the current segment. */
static int queue_statement(run *r, const char *sql, int with_schemas)
{
    char why[512];
    return inspect_session_send(&r->ps, sql, with_schemas, why, sizeof why) == SEAM_OK
               ? SEAM_OK
               : fail(r, why);
}

/* Queues a catalog query with its marks filled in for what r->p may read; $1 is the schemas. */
static int send_query(run *r, const char *sql)
{
    char *q = with_catalogs(sql, r->p);
    if (!q)
        return nomem(r);
    int rc = queue_statement(r, q, 1);
    free(q);
    return rc;
}

/* Ends the segment being queued: it leaves now. */
static int sync_segment(run *r)
{
    char why[512];
    return inspect_session_sync(&r->ps, why, sizeof why) == SEAM_OK ? SEAM_OK : fail(r, why);
}

/* Reads the end of a segment whose every result was read. */
static int segment_read(run *r)
{
    char why[512];
    return inspect_session_synced(&r->ps, why, sizeof why) == SEAM_OK ? SEAM_OK : fail(r, why);
}

/* The result of a statement that must succeed (BEGIN, SAVEPOINT, ROLLBACK TO, COMMIT). */
static int command_done(run *r)
{
    char why[512];
    PGresult *res = inspect_session_next(&r->ps, PGRES_COMMAND_OK, why, sizeof why);
    PQclear(res);
    return res ? SEAM_OK : fail(r, why);
}

/* A core query's result turned into facts: its failure is the inspection's. */
static int core_done(run *r, int (*rows)(PGresult *, seam_schema *))
{
    char why[512];
    PGresult *res = inspect_session_next(&r->ps, PGRES_TUPLES_OK, why, sizeof why);
    if (!res)
        return fail(r, why);
    int rc = rows(res, r->s);
    PQclear(res);
    return rc == SEAM_OK ? SEAM_OK : nomem(r);
}

static int skip(run *r, const char *what, const char *why)
{
    return inspect_schema_note(&r->s->skipped, &r->s->nskipped, "%s: skipped, %s", what, why) ==
                   SEAM_OK
               ? SEAM_OK
               : nomem(r);
}

/*
 * A query sent under a savepoint: *res is its result, or NULL with *why set
 * when it failed (the server then skips the rest of the segment, and the
 * next segment must start with ROLLBACK TO SAVEPOINT). The rows are left to
 * the caller, who may send the next segment first, so that the server works
 * while they are read. A failure that lost the session (the server ended
 * it, the connection broke, the deadline passed) is no skip: it ends the
 * inspection, with that reason.
 */
static int optional_done(run *r, PGresult **res, char *why, size_t nwhy)
{
    *res = inspect_session_next(&r->ps, PGRES_TUPLES_OK, why, nwhy);
    return *res || !inspect_session_lost(&r->ps) ? SEAM_OK : fail(r, why);
}

/* Tables are looked up by name by every later reader: sorted once read. */
static int rows_tables_sorted(PGresult *res, seam_schema *s)
{
    int rc = inspect_pg_rows_tables(res, s);
    inspect_schema_tables_sort(s);
    return rc;
}

/* The probe's result (sent after BEGIN, in the first segment). */
static int read_probe(run *r, probe *p)
{
    char why[512];
    PGresult *res = inspect_session_next(&r->ps, PGRES_TUPLES_OK, why, sizeof why);
    if (!res)
        return fail(r, why);
    if (PQntuples(res) != 1) {
        PQclear(res);
        return fail(r, "the probe query returned no row");
    }
#define B(c) (PQgetvalue(res, 0, c)[0] == 't')
    p->role = seam_strdup(PQgetvalue(res, 0, 0));
    /* 1-4, 17 and 18: the settings just made */
    p->superuser = B(5);
    p->writable_tables = strtoll(PQgetvalue(res, 0, 6), NULL, 10);
    p->create_schemas = PQgetisnull(res, 0, 7) ? NULL : seam_strdup(PQgetvalue(res, 0, 7));
    p->create_database = B(8);
    p->can_keys = B(9);
    p->can_indexes = B(10);
    p->can_views = B(11);
    p->can_triggers = B(12);
    p->can_sequences = B(13);
    p->can_comments = B(14);
    p->can_extensions = B(15);
    p->can_depend = B(16);
#undef B
    /* 17 and 18: settings */
    p->missing_schema = PQgetisnull(res, 0, 19) ? NULL : seam_strdup(PQgetvalue(res, 0, 19));
    p->schemas_there = PQgetisnull(res, 0, 20) ? NULL : seam_strdup(PQgetvalue(res, 0, 20));
    p->nschemas_there = strtoll(PQgetvalue(res, 0, 21), NULL, 10);
    int lost = (!PQgetisnull(res, 0, 19) && !p->missing_schema) ||
               (!PQgetisnull(res, 0, 20) && !p->schemas_there);
    PQclear(res);
    if (!p->role || lost)
        return nomem(r);
    return SEAM_OK;
}

/* Where pg_stat_statements is installed, if it is: p->statements_schema, or NULL. */
static int read_extension(run *r, probe *p)
{
    char why[512];
    PGresult *res = inspect_session_next(&r->ps, PGRES_TUPLES_OK, why, sizeof why);
    if (!res)
        return fail(r, why);
    int rc = SEAM_OK;
    if (PQntuples(res) > 0 && !(p->statements_schema = seam_strdup(PQgetvalue(res, 0, 0))))
        rc = nomem(r);
    PQclear(res);
    return rc;
}

/* What reading without pg_depend leaves out: each a skip line, said before the reads. */
static int skip_without_depend(run *r, const probe *p)
{
    static const char why[] = "no SELECT privilege on pg_catalog.pg_depend";
    int rc = skip(r, "extension filter",
                  "no SELECT privilege on pg_catalog.pg_depend; tables, views, indexes, triggers"
                  " and sequences an extension created may be included");
    if (rc == SEAM_OK && p->can_views)
        rc = skip(r, "view dependencies", why);
    if (rc == SEAM_OK && p->can_sequences)
        rc = skip(r, "sequence owners", why);
    return rc;
}

/* default_transaction_read_only is a guard rail: say so when the role itself could write. */
static int warn_if_writable(run *r, const probe *p)
{
    char why[512] = "";
    size_t n = 0;
    if (p->superuser)
        n += (size_t)snprintf(why + n, sizeof why - n, "superuser");
    if (p->writable_tables && n < sizeof why)
        n += (size_t)snprintf(why + n, sizeof why - n,
                              "%sINSERT, UPDATE, DELETE or TRUNCATE on %lld tables", n ? "; " : "",
                              p->writable_tables);
    if (p->create_schemas && n < sizeof why)
        n += (size_t)snprintf(why + n, sizeof why - n, "%sCREATE on schema %s", n ? "; " : "",
                              p->create_schemas);
    if (p->create_database && n < sizeof why)
        n += (size_t)snprintf(why + n, sizeof why - n, "%sCREATE on the database", n ? "; " : "");
    if (!n)
        return SEAM_OK;
    if (inspect_schema_note(
            &r->s->warnings, &r->s->nwarnings,
            "role %s can write to this database (%s); seam only reads, in a read-only"
            " transaction, but only a role without write privileges guarantees it"
            " (see the README)",
            p->role, why))
        return nomem(r);
    return SEAM_OK;
}

/*
 * A --schema that names no schema would read nothing at all, silently: an
 * error instead, naming the schemas that are there (a system schema is
 * never read, which is said too).
 */
static int no_such_schema(run *r, const probe *p)
{
    const char *name = p->missing_schema;
    if (strncmp(name, "pg_", 3) == 0 || strcmp(name, "information_schema") == 0)
        return seam_err_set(r->err, SEAM_EINPUT,
                            "cannot read schema '%s' from PostgreSQL '%s': it is a system schema,"
                            " never read",
                            name, r->ps.shown);
    char more[64] = "";
    long long shown = p->nschemas_there < atoll(INSPECT_PG_SCHEMAS_SHOWN)
                          ? p->nschemas_there
                          : atoll(INSPECT_PG_SCHEMAS_SHOWN);
    if (p->nschemas_there > shown)
        snprintf(more, sizeof more, ", ... (%lld in all)", p->nschemas_there);
    return seam_err_set(r->err, SEAM_EINPUT,
                        "no schema '%s' in PostgreSQL '%s'; schemas there: %s%s", name, r->ps.shown,
                        p->schemas_there ? p->schemas_there : "none", more);
}

/* A catalog query of the second segment, sent when its catalogs are readable. */
typedef struct core_query {
    int readable;
    const char *what, *catalogs, *sql;
    int (*rows)(PGresult *, seam_schema *);
} core_query;

/* Segment 1: BEGIN and the probe; what may be read decides what is sent next. */
static int begin(run *r, const inspector_options *o, probe *p)
{
    /*
     * READ ONLY on top of default_transaction_read_only: the transaction
     * refuses writes even if the startup options did not reach the server
     * (a pooler may drop them). REPEATABLE READ: every query sees the same
     * snapshot, so keys never point at a table the first query did not see.
     */
    char *sql = seam_printf(INSPECT_PG_SQL_PROBE, o->statement_timeout_ms, o->lock_timeout_ms);
    if (!sql)
        return nomem(r);
    int rc = queue_statement(r, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", 0);
    if (rc == SEAM_OK)
        rc = queue_statement(r, sql, 1);
    free(sql);
    if (rc == SEAM_OK)
        rc = sync_segment(r);
    if (rc == SEAM_OK)
        rc = command_done(r);
    if (rc == SEAM_OK)
        rc = read_probe(r, p);
    if (rc == SEAM_OK)
        rc = segment_read(r);
    if (rc == SEAM_OK && p->missing_schema)
        rc = no_such_schema(r, p);
    if (rc == SEAM_OK)
        rc = warn_if_writable(r, p);
    if (rc == SEAM_OK && !p->can_comments)
        rc = skip(r, "comments", "no SELECT privilege on pg_catalog.pg_description");
    if (rc == SEAM_OK && !p->can_indexes)
        rc = skip(r, "index sizes", "no SELECT privilege on pg_catalog.pg_index");
    if (rc == SEAM_OK && !p->can_depend)
        rc = skip_without_depend(r, p);
    return rc;
}

static const char EXPRS_WHAT[] = "defaults, generated and index expressions";
static const char STATS_WHAT[] = "table statistics (pg_stat_user_tables)";

/*
 * Segment 2: the core queries, pg_stat_statements' schema, then the
 * statistics under savepoint seam_1 and the expressions under seam_2. The
 * expressions are sent on the hope that the statistics succeed (they do
 * unless pg_stat_user_tables was revoked): if not, the server skips them,
 * and *again is set: they are to be sent once more after ROLLBACK TO
 * SAVEPOINT seam_1. *exprs is their result, NULL with exprs_why set when
 * they failed or were skipped.
 */
static int read_core(run *r, probe *p, PGresult **exprs, char *exprs_why, size_t nwhy, int *again)
{
    const core_query q[] = {
        {1, "tables", "", INSPECT_PG_SQL_TABLES, rows_tables_sorted},
        {p->can_keys, "keys and foreign keys", "pg_catalog.pg_constraint", INSPECT_PG_SQL_KEYS,
         inspect_pg_rows_keys},
        {p->can_indexes, "indexes", "pg_catalog.pg_index or pg_catalog.pg_am",
         INSPECT_PG_SQL_INDEXES, inspect_pg_rows_indexes},
        {p->can_views, "views", "pg_catalog.pg_rewrite", INSPECT_PG_SQL_VIEWS,
         inspect_pg_rows_views},
        {p->can_triggers, "triggers",
         "pg_catalog.pg_trigger, pg_catalog.pg_proc or pg_catalog.pg_language",
         INSPECT_PG_SQL_TRIGGERS, inspect_pg_rows_triggers},
        {p->can_sequences, "sequences", "pg_catalog.pg_sequence", INSPECT_PG_SQL_SEQUENCES,
         inspect_pg_rows_sequences},
    };
    const int nq = (int)(sizeof q / sizeof *q);
    int rc = SEAM_OK;
    for (int i = 0; i < nq && rc == SEAM_OK; i++) {
        if (q[i].readable) {
            rc = send_query(r, q[i].sql);
        } else {
            char why[256];
            snprintf(why, sizeof why, "no SELECT privilege on %s", q[i].catalogs);
            rc = skip(r, q[i].what, why);
        }
    }
    if (rc == SEAM_OK && p->can_extensions)
        rc = queue_statement(r, INSPECT_PG_SQL_EXTENSION, 0);
    if (rc == SEAM_OK)
        rc = queue_statement(r, "SAVEPOINT seam_1", 0);
    if (rc == SEAM_OK)
        rc = send_query(r, INSPECT_PG_SQL_STATS);
    if (rc == SEAM_OK)
        rc = queue_statement(r, "SAVEPOINT seam_2", 0);
    if (rc == SEAM_OK)
        rc = send_query(r, INSPECT_PG_SQL_EXPRS);
    if (rc == SEAM_OK)
        rc = sync_segment(r);

    for (int i = 0; i < nq && rc == SEAM_OK; i++)
        if (q[i].readable)
            rc = core_done(r, q[i].rows);
    if (rc == SEAM_OK && p->can_extensions)
        rc = read_extension(r, p);
    if (rc == SEAM_OK)
        rc = command_done(r);
    char why[512];
    PGresult *stats = NULL;
    if (rc == SEAM_OK)
        rc = optional_done(r, &stats, why, sizeof why);
    if (rc == SEAM_OK && stats)
        rc = inspect_pg_rows_stats(stats, r->s) == SEAM_OK ? SEAM_OK : nomem(r);
    else if (rc == SEAM_OK)
        rc = skip(r, STATS_WHAT, why);
    PQclear(stats);
    *again = rc == SEAM_OK && !stats;
    if (rc == SEAM_OK && *again) {
        /* skipped by the server after the failure: SAVEPOINT seam_2 and the expressions */
        PQclear(inspect_session_next(&r->ps, PGRES_COMMAND_OK, why, sizeof why));
        PQclear(inspect_session_next(&r->ps, PGRES_TUPLES_OK, why, sizeof why));
    } else if (rc == SEAM_OK) {
        rc = command_done(r);
        if (rc == SEAM_OK)
            rc = optional_done(r, exprs, exprs_why, nwhy);
    }
    if (rc == SEAM_OK)
        rc = segment_read(r);
    return rc;
}

/* After failed statistics: the expressions again, under seam_2 once rolled back to seam_1. */
static int read_exprs_again(run *r, PGresult **exprs, char *exprs_why, size_t nwhy)
{
    int rc = queue_statement(r, "ROLLBACK TO SAVEPOINT seam_1", 0);
    if (rc == SEAM_OK)
        rc = queue_statement(r, "SAVEPOINT seam_2", 0);
    if (rc == SEAM_OK)
        rc = send_query(r, INSPECT_PG_SQL_EXPRS);
    if (rc == SEAM_OK)
        rc = sync_segment(r);
    if (rc == SEAM_OK)
        rc = command_done(r);
    if (rc == SEAM_OK)
        rc = command_done(r);
    if (rc == SEAM_OK)
        rc = optional_done(r, exprs, exprs_why, nwhy);
    return rc == SEAM_OK ? segment_read(r) : rc;
}

/*
 * The last segments: pg_stat_statements under savepoint seam_3 when it is
 * installed, then COMMIT, each after rolling back what failed before it.
 * The expressions' rows are read while the first of them runs.
 */
static int read_statements(run *r, const probe *p, PGresult *exprs, const char *exprs_why)
{
    int rc = exprs ? SEAM_OK : queue_statement(r, "ROLLBACK TO SAVEPOINT seam_2", 0);
    char *sql =
        p->statements_schema ? seam_printf(INSPECT_PG_SQL_STATEMENTS, p->statements_schema) : NULL;
    if (rc == SEAM_OK && p->statements_schema && !sql)
        rc = nomem(r);
    if (rc == SEAM_OK && sql) {
        rc = queue_statement(r, "SAVEPOINT seam_3", 0);
        if (rc == SEAM_OK)
            rc = queue_statement(r, sql, 0);
    }
    free(sql);
    if (rc == SEAM_OK && !p->statements_schema)
        rc = queue_statement(r, "COMMIT", 0);
    if (rc == SEAM_OK)
        rc = sync_segment(r);
    if (rc == SEAM_OK && exprs)
        rc = inspect_pg_rows_exprs(exprs, r->s) == SEAM_OK ? SEAM_OK : nomem(r);
    else if (rc == SEAM_OK)
        rc = skip(r, EXPRS_WHAT, exprs_why);
    if (rc == SEAM_OK && !exprs)
        rc = command_done(r);
    if (rc == SEAM_OK && !p->can_extensions)
        rc = skip(r, "pg_stat_statements",
                  "no SELECT privilege on pg_catalog.pg_extension (whether it is installed is"
                  " unknown)");
    if (rc != SEAM_OK || !p->statements_schema) {
        if (rc == SEAM_OK)
            rc = command_done(r);
        return rc == SEAM_OK ? segment_read(r) : rc;
    }

    rc = command_done(r);
    char why[512];
    PGresult *res = NULL;
    if (rc == SEAM_OK)
        rc = optional_done(r, &res, why, sizeof why);
    if (rc == SEAM_OK)
        rc = segment_read(r);
    if (rc == SEAM_OK && !res)
        rc = queue_statement(r, "ROLLBACK TO SAVEPOINT seam_3", 0);
    if (rc == SEAM_OK)
        rc = queue_statement(r, "COMMIT", 0);
    if (rc == SEAM_OK)
        rc = sync_segment(r);
    if (rc == SEAM_OK && res)
        rc = inspect_pg_rows_statements(res, r->s) == SEAM_OK ? SEAM_OK : nomem(r);
    else if (rc == SEAM_OK)
        rc = skip(r, "pg_stat_statements", why);
    PQclear(res);
    if (rc == SEAM_OK && !res)
        rc = command_done(r);
    if (rc == SEAM_OK)
        rc = command_done(r);
    return rc == SEAM_OK ? segment_read(r) : rc;
}

static int read_catalogs(run *r, const inspector_options *o)
{
    probe p = {0};
    r->p = &p;
    PGresult *exprs = NULL;
    char exprs_why[512] = "";
    int again = 0;
    int rc = begin(r, o, &p);
    if (rc == SEAM_OK)
        rc = read_core(r, &p, &exprs, exprs_why, sizeof exprs_why, &again);
    if (rc == SEAM_OK && again)
        rc = read_exprs_again(r, &exprs, exprs_why, sizeof exprs_why);
    if (rc == SEAM_OK)
        rc = read_statements(r, &p, exprs, exprs_why);
    PQclear(exprs);
    r->p = NULL;
    probe_free(&p);
    return rc;
}
int inspect_pg_read(const char *conninfo, const inspector_options *o, const char *shown,
                    seam_schema *s, seam_err *err)
{
    run r = {.ps = {.shown = shown}, .s = s, .err = err};
    int rc = inspect_session_connect(&r.ps, conninfo, o, err);
    if (rc != SEAM_OK) {
        inspect_session_close(&r.ps);
        return rc;
    }
    char why[512];
    rc = inspect_session_pipeline(&r.ps, why, sizeof why) == SEAM_OK ? SEAM_OK : fail(&r, why);
    if (rc == SEAM_OK)
        rc = read_catalogs(&r, o);
    if (rc != SEAM_OK) {
        /* What is still queued is dropped; the transaction ends before the session does. */
        inspect_session_unpipeline(&r.ps);
        inspect_session_rollback(&r.ps);
    }
    inspect_session_close(&r.ps);
    return rc;
}
