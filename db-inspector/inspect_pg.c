/*
 * inspect_pg.c - one PostgreSQL inspection: a read-only session, one READ
 * ONLY transaction, a fixed list of catalog queries.
 *
 * The statements, in order (at most 19, whatever the schema's size):
 *    1  BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY
 *    2  the probe: role, privileges, settings local to the transaction
 *    3  tables, columns, comments, estimates, partitions, schemas
 *    4  primary keys, unique constraints, foreign keys   (if pg_constraint is readable)
 *    5  indexes                                          (if pg_index, pg_am are)
 *    6  views and their dependencies                     (if pg_rewrite is)
 *    7  triggers, their functions and sources            (if pg_trigger, pg_proc, pg_language are)
 *    8  sequences                                        (if pg_sequence is)
 *    9-11   SAVEPOINT, pg_stat_user_tables, [ROLLBACK TO SAVEPOINT]
 *    12-14  SAVEPOINT, expressions (lock-guarded), [ROLLBACK TO SAVEPOINT]
 *    15 pg_stat_statements' schema                       (if pg_extension is readable)
 *    16-18  SAVEPOINT, pg_stat_statements, [ROLLBACK TO SAVEPOINT]  (if installed)
 *    19 COMMIT (ROLLBACK when a core query failed)
 * A core query that fails (3, or a timeout on any of 4-8, 15) ends the
 * inspection with an error; the savepointed ones may fail (no privilege,
 * extension not loaded, a lock taken at the wrong moment): the failure is
 * reported in schema->skipped and the transaction goes on. Catalogs that
 * only refine the result (pg_description, pg_index for sizes, pg_depend)
 * are replaced by empty relations when unreadable, with a skip line each.
 */
#include "inspect_pg.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the probe learned (PG_PROBE_SQL's columns). */
typedef struct probe {
    char *role;
    int superuser;
    long long writable_tables;
    char *create_schemas; /* user schemas the role may CREATE in, or NULL */
    int create_database;
    int can_keys, can_indexes, can_views, can_triggers, can_sequences, can_comments;
    int can_extensions, can_depend;
    char *statements_schema; /* pg_stat_statements' schema, quoted (PG_EXTENSION_SQL), or NULL */
} probe;

static void probe_free(probe *p)
{
    free(p->role);
    free(p->create_schemas);
    free(p->statements_schema);
}

typedef struct run {
    pg_session ps;
    seam_schema *s;
    seam_err *err;
    int savepoints;
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

/* A statement that must succeed (BEGIN, COMMIT, ROLLBACK TO). */
static int command(run *r, const char *sql)
{
    char why[512];
    PGresult *res = pg_session_run(&r->ps, sql, 0, PGRES_COMMAND_OK, why, sizeof why);
    PQclear(res);
    return res ? SEAM_OK : fail(r, why);
}

/* A core query (its marks filled in here): its failure is the inspection's. */
static int core(run *r, const char *sql, int (*rows)(PGresult *, seam_schema *))
{
    char why[512];
    char *q = with_catalogs(sql, r->p);
    if (!q)
        return nomem(r);
    PGresult *res = pg_session_run(&r->ps, q, 1, PGRES_TUPLES_OK, why, sizeof why);
    free(q);
    if (!res)
        return fail(r, why);
    int rc = rows(res, r->s);
    PQclear(res);
    return rc == SEAM_OK ? SEAM_OK : nomem(r);
}

static int skip(run *r, const char *what, const char *why)
{
    return inspect_note(&r->s->skipped, &r->s->nskipped, "%s: skipped, %s", what, why) == SEAM_OK
               ? SEAM_OK
               : nomem(r);
}

/* A core query that needs catalogs the role might not read. */
static int core_if(run *r, int readable, const char *what, const char *catalogs, const char *sql,
                   int (*rows)(PGresult *, seam_schema *))
{
    if (readable)
        return core(r, sql, rows);
    char why[256];
    snprintf(why, sizeof why, "no SELECT privilege on %s", catalogs);
    return skip(r, what, why);
}

/*
 * A query under a savepoint (sql is final: its marks, if any, already filled
 * in): if it fails, the failure is noted as a skip and the transaction
 * rolled back to before it, so the rest still reads.
 */
static int optional(run *r, const char *what, const char *sql, int with_schemas,
                    int (*rows)(PGresult *, seam_schema *))
{
    char sp[64], why[512];
    snprintf(sp, sizeof sp, "SAVEPOINT seam_%d", ++r->savepoints);
    int rc = command(r, sp);
    if (rc != SEAM_OK)
        return rc;
    PGresult *res = pg_session_run(&r->ps, sql, with_schemas, PGRES_TUPLES_OK, why, sizeof why);
    if (!res) {
        snprintf(sp, sizeof sp, "ROLLBACK TO SAVEPOINT seam_%d", r->savepoints);
        rc = skip(r, what, why);
        return rc == SEAM_OK ? command(r, sp) : rc;
    }
    rc = rows(res, r->s);
    PQclear(res);
    return rc == SEAM_OK ? SEAM_OK : nomem(r);
}

static int read_probe(run *r, const inspector_options *o, probe *p)
{
    char *sql = seam_printf(PG_PROBE_SQL, o->statement_timeout_ms, o->lock_timeout_ms);
    if (!sql)
        return nomem(r);
    char why[512];
    PGresult *res = pg_session_run(&r->ps, sql, 0, PGRES_TUPLES_OK, why, sizeof why);
    free(sql);
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
    PQclear(res);
    if (!p->role)
        return nomem(r);
    return SEAM_OK;
}

/* Where pg_stat_statements is installed, if it is: p->statements_schema, or NULL. */
static int read_extension(run *r, probe *p)
{
    char why[512];
    PGresult *res = pg_session_run(&r->ps, PG_EXTENSION_SQL, 0, PGRES_TUPLES_OK, why, sizeof why);
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
    if (inspect_note(&r->s->warnings, &r->s->nwarnings,
                     "role %s can write to this database (%s); seam only reads, in a read-only"
                     " transaction, but only a role without write privileges guarantees it"
                     " (see the README)",
                     p->role, why))
        return nomem(r);
    return SEAM_OK;
}

static int read_catalogs(run *r, const inspector_options *o)
{
    probe p = {0};
    r->p = &p;
    int rc = read_probe(r, o, &p);
    if (rc == SEAM_OK)
        rc = warn_if_writable(r, &p);
    if (rc == SEAM_OK && !p.can_comments)
        rc = skip(r, "comments", "no SELECT privilege on pg_catalog.pg_description");
    if (rc == SEAM_OK && !p.can_indexes)
        rc = skip(r, "index sizes", "no SELECT privilege on pg_catalog.pg_index");
    if (rc == SEAM_OK && !p.can_depend)
        rc = skip_without_depend(r, &p);

    if (rc == SEAM_OK)
        rc = core(r, PG_TABLES_SQL, pg_rows_tables);
    /* Later readers look tables up by name. */
    inspect_tables_sort(r->s);
    if (rc == SEAM_OK)
        rc = core_if(r, p.can_keys, "keys and foreign keys", "pg_catalog.pg_constraint",
                     PG_KEYS_SQL, pg_rows_keys);
    if (rc == SEAM_OK)
        rc = core_if(r, p.can_indexes, "indexes", "pg_catalog.pg_index or pg_catalog.pg_am",
                     PG_INDEXES_SQL, pg_rows_indexes);
    if (rc == SEAM_OK)
        rc = core_if(r, p.can_views, "views", "pg_catalog.pg_rewrite", PG_VIEWS_SQL, pg_rows_views);
    if (rc == SEAM_OK)
        rc = core_if(r, p.can_triggers, "triggers",
                     "pg_catalog.pg_trigger, pg_catalog.pg_proc or pg_catalog.pg_language",
                     PG_TRIGGERS_SQL, pg_rows_triggers);
    if (rc == SEAM_OK)
        rc = core_if(r, p.can_sequences, "sequences", "pg_catalog.pg_sequence", PG_SEQUENCES_SQL,
                     pg_rows_sequences);
    if (rc == SEAM_OK)
        rc = optional(r, "table statistics (pg_stat_user_tables)", PG_STATS_SQL, 1, pg_rows_stats);
    if (rc == SEAM_OK) {
        char *exprs = with_catalogs(PG_EXPRS_SQL, &p);
        rc = exprs
                 ? optional(r, "defaults, generated and index expressions", exprs, 1, pg_rows_exprs)
                 : nomem(r);
        free(exprs);
    }
    if (rc == SEAM_OK && !p.can_extensions)
        rc = skip(r, "pg_stat_statements",
                  "no SELECT privilege on pg_catalog.pg_extension (whether it is installed is"
                  " unknown)");
    else if (rc == SEAM_OK)
        rc = read_extension(r, &p);
    if (rc == SEAM_OK && p.statements_schema) {
        char *sql = seam_printf(PG_STATEMENTS_SQL, p.statements_schema);
        rc = sql ? optional(r, "pg_stat_statements", sql, 0, pg_rows_statements) : nomem(r);
        free(sql);
    }
    r->p = NULL;
    probe_free(&p);
    return rc;
}

int inspect_pg_read(const char *conninfo, const inspector_options *o, const char *shown,
                    seam_schema *s, seam_err *err)
{
    run r = {.ps = {.shown = shown}, .s = s, .err = err};
    int rc = pg_session_connect(&r.ps, conninfo, o, err);
    if (rc != SEAM_OK) {
        pg_session_close(&r.ps);
        return rc;
    }
    /*
     * READ ONLY on top of default_transaction_read_only: the transaction
     * refuses writes even if the startup options did not reach the server
     * (a pooler may drop them). REPEATABLE READ: every query sees the same
     * snapshot, so keys never point at a table the first query did not see.
     */
    rc = command(&r, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    if (rc == SEAM_OK)
        rc = read_catalogs(&r, o);
    if (rc == SEAM_OK)
        rc = command(&r, "COMMIT");
    else
        PQclear(PQexec(r.ps.conn, "ROLLBACK"));
    pg_session_close(&r.ps);
    return rc;
}
