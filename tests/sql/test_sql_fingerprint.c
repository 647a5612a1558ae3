/*
 * test_sql_fingerprint.c - statements' fingerprints (sql_fingerprint) and
 * production statements matched to SQL sites by them (sql_stats_match).
 *
 *   - SQL as C code writes it (printf conversions, ?, constants, other case
 *     and spacing) and pg_stat_statements' normalized text of the same
 *     statement ($1, $2) have the same fingerprint;
 *   - another table, column or statement kind gives another;
 *   - a text that does not parse (a table left to %s, prose, nothing) has none;
 *   - a text of several statements has one per statement;
 *   - sql_stats_match sums each site's statements, gives sites sharing a
 *     statement its full figures each, counts sites per statement, and
 *     clears everything when called again without statements, and holds
 *     its sums at the largest long long.
 */
#include "check.h"
#include "sql.h"

#include <inttypes.h>
#include <limits.h>

/* The single fingerprint of sql; *found 0 when it has none (or more than one). */
static uint64_t fp_of(const char *sql, int *found)
{
    uint64_t *fps = NULL;
    int n = 0;
    seam_err err;
    seam_err_clear(&err);
    CHECK_INT(sql_fingerprint(sql, &fps, &n, &err), 0);
    uint64_t fp = n == 1 ? fps[0] : 0;
    *found = n == 1;
    free(fps);
    return fp;
}

static void expect_same(const char *code, const char *normalized)
{
    int a, b;
    uint64_t x = fp_of(code, &a), y = fp_of(normalized, &b);
    if (!a || !b || x != y)
        fprintf(stderr, "not the same statement: '%s' vs '%s'\n", code, normalized);
    CHECK(a && b && x == y);
}

static void expect_different(const char *code, const char *normalized)
{
    int a, b;
    uint64_t x = fp_of(code, &a), y = fp_of(normalized, &b);
    if (!a || !b || x == y)
        fprintf(stderr, "wanted two statements: '%s' vs '%s'\n", code, normalized);
    CHECK(a && b && x != y);
}

static void expect_none(const char *sql)
{
    uint64_t *fps = (uint64_t *)1;
    int n = -1;
    seam_err err;
    seam_err_clear(&err);
    CHECK_INT(sql_fingerprint(sql, &fps, &n, &err), 0);
    if (n != 0)
        fprintf(stderr, "'%s' has a fingerprint\n", sql ? sql : "(null)");
    CHECK(n == 0 && fps == NULL);
}

static void test_fingerprints(void)
{
    expect_same("SELECT name FROM customer WHERE id = %d",
                "SELECT name FROM customer WHERE id = $1");
    expect_same("SELECT name FROM customer WHERE id = %" PRIu64,
                "SELECT name FROM customer WHERE id = $1");
    expect_same("INSERT INTO orders (customer_id, note) VALUES (%lu, '%s')",
                "INSERT INTO orders (customer_id, note) VALUES ($1, $2)");
    expect_same("UPDATE orders SET status = ? WHERE id = ?",
                "UPDATE orders SET status = $1 WHERE id = $2");
    expect_same("SELECT id FROM orders WHERE status = :status AND total > @min",
                "SELECT id FROM orders WHERE status = $1 AND total > $2");
    /* Constants written in the code are constants to pg_stat_statements too. */
    expect_same("SELECT id FROM orders WHERE status = 'open' ORDER BY id LIMIT 10",
                "SELECT id FROM orders WHERE status = $1 ORDER BY id LIMIT $2");
    /* Case and spacing are the parser's business, and lists of values fold. */
    expect_same("select  name\n  from Customer where ID=%d",
                "SELECT name FROM customer WHERE id = $1");
    expect_same("DELETE FROM orders WHERE id IN (%s)",
                "DELETE FROM orders WHERE id IN ($1, $2, $3)");

    expect_different("SELECT name FROM customer WHERE id = %d",
                     "SELECT name FROM orders WHERE id = $1");
    expect_different("SELECT name FROM customer WHERE id = %d",
                     "SELECT email FROM customer WHERE id = $1");
    expect_different("DELETE FROM orders WHERE id = %d", "SELECT id FROM orders WHERE id = $1");

    expect_none("SELECT * FROM %s WHERE id = %d"); /* the table is a run-time value */
    expect_none("this is not SQL");
    expect_none("");
    expect_none("   -- a comment only");
    expect_none(NULL);

    /* One per statement: the UPDATE of a transaction matches its own production entry. */
    uint64_t *fps = NULL;
    int n = 0, found;
    seam_err err;
    seam_err_clear(&err);
    CHECK_INT(sql_fingerprint("BEGIN; UPDATE stock SET qty = qty - %d WHERE id = %d; COMMIT", &fps,
                              &n, &err),
              0);
    CHECK_INT(n, 3);
    uint64_t update = fp_of("UPDATE stock SET qty = qty - $1 WHERE id = $2", &found);
    CHECK(n == 3 && found && fps[1] == update && fps[0] != update && fps[2] != update);
    free(fps);
}

static void add_site(seam_model *m, const char *sql)
{
    m->sql_sites[m->nsql_sites++].sql = seam_strdup(sql);
}

static void add_stat(seam_schema *s, const char *query, long long calls, long long rows, double ms)
{
    seam_query_stat *q = &s->query_stats[s->nquery_stats++];
    q->query = seam_strdup(query);
    q->calls = calls;
    q->rows = rows;
    q->time_ms = ms;
}

static void test_match(void)
{
    seam_model m;
    seam_model_init(&m);
    m.sql_sites = calloc(6, sizeof *m.sql_sites);
    m.schema.query_stats = calloc(4, sizeof *m.schema.query_stats);
    CHECK(m.sql_sites && m.schema.query_stats);
    if (!m.sql_sites || !m.schema.query_stats)
        return;
    add_site(&m, "SELECT name FROM customer WHERE id = %d");      /* 0: the busy read */
    add_site(&m, "select name from customer where id = ?");       /* 1: the same statement */
    add_site(&m, "INSERT INTO orders (customer_id) VALUES (%d)"); /* 2 */
    add_site(&m, "DELETE FROM orders WHERE id = %d");             /* 3: never ran */
    add_site(&m, "SELECT * FROM %s");                             /* 4: no fingerprint */
    /* 5: the busy read twice in one text: its figures once */
    add_site(&m, "SELECT name FROM customer WHERE id = 1; SELECT name FROM customer WHERE id = 2");
    add_stat(&m.schema, "SELECT name FROM customer WHERE id = $1", 1000, 990, 25.5);
    add_stat(&m.schema, "INSERT INTO orders (customer_id) VALUES ($1)", 40, 40, 3.25);
    /* The same statement under another search_path: a second entry, summed. */
    add_stat(&m.schema, "INSERT INTO orders (customer_id) VALUES ($1)", 2, 2, 0.25);
    add_stat(&m.schema, "SELECT count(*) FROM orders", 7, 7, 1.0); /* not in the code */

    seam_err err;
    seam_err_clear(&err);
    CHECK_INT(sql_stats_match(&m, &err), 0);
    const seam_sql_site *s = m.sql_sites;
    for (int i = 0; i < 2; i++) {
        CHECK_INT(s[i].stats_matched, 1);
        CHECK(s[i].calls == 1000 && s[i].rows == 990 && s[i].time_ms == 25.5);
    }
    CHECK_INT(s[2].stats_matched, 1);
    CHECK(s[2].calls == 42 && s[2].rows == 42 && s[2].time_ms == 3.5);
    CHECK(s[5].stats_matched && s[5].calls == 1000 && s[5].rows == 990);
    for (int i = 3; i < 5; i++) {
        CHECK_INT(s[i].stats_matched, 0);
        CHECK(s[i].calls == 0 && s[i].rows == 0 && s[i].time_ms == 0);
    }
    const seam_query_stat *q = m.schema.query_stats;
    CHECK_INT(q[0].sites, 3);
    CHECK_INT(q[1].sites, 1);
    CHECK_INT(q[2].sites, 1);
    CHECK_INT(q[3].sites, 0);

    /* Again: the same figures, not twice them. */
    CHECK_INT(sql_stats_match(&m, &err), 0);
    CHECK(s[0].calls == 1000 && s[2].calls == 42 && q[0].sites == 3);

    /* Without statements every figure is cleared. */
    int nstats = m.schema.nquery_stats;
    m.schema.nquery_stats = 0;
    CHECK_INT(sql_stats_match(&m, &err), 0);
    CHECK(s[0].calls == 0 && s[0].stats_matched == 0 && s[2].time_ms == 0);
    m.schema.nquery_stats = nstats;
    seam_model_free(&m);
}

/* Figures read from a hostile model.json: sums stop at the largest long long. */
static void test_saturation(void)
{
    seam_model m;
    seam_model_init(&m);
    m.sql_sites = calloc(1, sizeof *m.sql_sites);
    m.schema.query_stats = calloc(2, sizeof *m.schema.query_stats);
    CHECK(m.sql_sites && m.schema.query_stats);
    if (!m.sql_sites || !m.schema.query_stats)
        return;
    add_site(&m, "SELECT a FROM t WHERE id = %d");
    add_stat(&m.schema, "SELECT a FROM t WHERE id = $1", LLONG_MAX - 1, LLONG_MAX, 1.0);
    add_stat(&m.schema, "SELECT a FROM t WHERE id = 7", LLONG_MAX - 1, 5, 1.0);
    seam_err err;
    seam_err_clear(&err);
    CHECK_INT(sql_stats_match(&m, &err), 0);
    CHECK(m.sql_sites[0].calls == LLONG_MAX && m.sql_sites[0].rows == LLONG_MAX);
    seam_model_free(&m);
}

int main(void)
{
    test_fingerprints();
    test_match();
    test_saturation();
    return check_finish();
}
