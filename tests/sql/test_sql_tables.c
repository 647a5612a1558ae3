/*
 * Unit tests for sql/sql_resolver.c: which tables SQL reads and writes,
 * through libpg_query and through the SQLite authorizer.
 *
 * Results are compared as one line, "name:access ..." with access r, w or rw,
 * in the resolver's order (sorted by name), plus the parser that resolved it.
 *
 * Run without arguments for the unit cases; "test_sql_tables chinook" is the
 * Chinook case alone, a ctest of its own that skips (exit 77) when the sample
 * schemas in ../shared are absent.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "check.h"
#include "refs_text.h"
#include "sql.h"

/* Resolves sql and renders "parser|t1:r t2:rw ..." (or "ERROR" on failure). */
static char *resolve(sql_resolver *r, const char *sql)
{
    seam_table_ref *t = NULL;
    int n = -1;
    const char *parser = NULL;
    seam_err err = {0};
    if (sql_resolver_tables(r, sql, &t, &n, &parser, &err) != 0)
        return seam_strdup("ERROR");
    char *prefix = seam_printf("%s|", parser);
    char *s = refs_text(prefix, t, n);
    free(prefix);
    return s;
}

#define EXPECT(r, sql, want)                                                                       \
    do {                                                                                           \
        char *got_ = resolve(r, sql);                                                              \
        CHECK_STR(got_, want);                                                                     \
        free(got_);                                                                                \
    } while (0)

static void test_pg_selects(sql_resolver *r)
{
    EXPECT(r, "SELECT * FROM orders o JOIN customers c ON c.id = o.customer_id",
           "pg_query|customers:r orders:r");
    EXPECT(r, "SELECT * FROM a LEFT JOIN b ON a.id = b.id LEFT OUTER JOIN c USING (id)",
           "pg_query|a:r b:r c:r");
    EXPECT(r, "SELECT x.n FROM items x, Stock s, \"Quoted\" q WHERE x.id = s.id",
           "pg_query|Quoted:r items:r stock:r");
    EXPECT(r, "SELECT * FROM t WHERE id IN (SELECT t_id FROM u WHERE EXISTS (SELECT 1 FROM v))",
           "pg_query|t:r u:r v:r");
    EXPECT(r, "SELECT (SELECT max(p) FROM prices), * FROM (SELECT * FROM inner_t) sub",
           "pg_query|inner_t:r prices:r");
    EXPECT(r, "SELECT a FROM one UNION SELECT b FROM two EXCEPT SELECT c FROM three",
           "pg_query|one:r three:r two:r");
    EXPECT(r, "SELECT 1", "pg_query|");
    /* unquoted user is current_user, also in FROM (a function, not a table) */
    EXPECT(r, "SELECT user, name FROM accounts", "pg_query|accounts:r");
    EXPECT(r, "SELECT * FROM user", "pg_query|");
    EXPECT(r, "SELECT * FROM \"user\"", "pg_query|user:r");
}

static void test_pg_ctes(sql_resolver *r)
{
    EXPECT(r, "WITH recent AS (SELECT * FROM orders WHERE d > now()) SELECT * FROM recent",
           "pg_query|orders:r");
    /* a CTE shadowing a real table: inside its own definition the name is the table */
    EXPECT(r, "WITH orders AS (SELECT * FROM orders WHERE paid) SELECT * FROM orders, lines",
           "pg_query|lines:r orders:r");
    EXPECT(r, "WITH x AS (SELECT 1) SELECT * FROM x", "pg_query|");
    /* later CTEs see earlier ones */
    EXPECT(r, "WITH a AS (SELECT * FROM base), b AS (SELECT * FROM a) SELECT * FROM b",
           "pg_query|base:r");
    /* a CTE name is only a CTE inside its statement */
    EXPECT(r, "SELECT * FROM (WITH t AS (SELECT 1) SELECT * FROM t) s, t", "pg_query|t:r");
    EXPECT(r,
           "WITH RECURSIVE tree(id, parent) AS (SELECT id, parent FROM nodes WHERE parent IS "
           "NULL UNION ALL SELECT n.id, n.parent FROM nodes n JOIN tree ON n.parent = tree.id) "
           "SELECT * FROM tree",
           "pg_query|nodes:r");
    /* data-modifying CTE; the DML target is never a CTE */
    EXPECT(r, "WITH gone AS (DELETE FROM queue RETURNING *) INSERT INTO archive SELECT * FROM gone",
           "pg_query|archive:w queue:w");
    EXPECT(r, "WITH log AS (SELECT 1) INSERT INTO log SELECT * FROM log", "pg_query|log:w");
}

static void test_pg_writes(sql_resolver *r)
{
    EXPECT(r, "INSERT INTO archive (id, v) SELECT id, v FROM live WHERE old",
           "pg_query|archive:w live:r");
    EXPECT(r, "INSERT INTO t VALUES (1, 'x')", "pg_query|t:w");
    EXPECT(r, "UPDATE accounts SET balance = b.total FROM balances b WHERE b.id = accounts.id",
           "pg_query|accounts:w balances:r");
    EXPECT(r, "DELETE FROM sessions s USING users u WHERE s.user_id = u.id AND u.banned",
           "pg_query|sessions:w users:r");
    EXPECT(r, "UPDATE t SET v = (SELECT max(v) FROM t) WHERE id = 1", "pg_query|t:rw");
    EXPECT(r, "INSERT INTO t (id) VALUES (1) ON CONFLICT (id) DO UPDATE SET n = t.n + 1",
           "pg_query|t:w");
    EXPECT(r,
           "MERGE INTO stock s USING deliveries d ON s.id = d.id WHEN MATCHED THEN UPDATE "
           "SET n = s.n + d.n",
           "pg_query|deliveries:r stock:w");
    EXPECT(r, "TRUNCATE a, b", "pg_query|a:w b:w");
    EXPECT(r, "COPY t FROM STDIN", "pg_query|t:w");
    EXPECT(r, "COPY t TO STDOUT", "pg_query|t:r");
    EXPECT(r, "SELECT * INTO snapshot FROM live", "pg_query|live:r snapshot:w");
    EXPECT(r, "CREATE TABLE IF NOT EXISTS kv (k text PRIMARY KEY, v text)", "pg_query|kv:w");
    EXPECT(r, "DROP TABLE IF EXISTS sales.old, tmp", "pg_query|sales.old:w tmp:w");
}

static void test_pg_names(sql_resolver *r)
{
    EXPECT(r, "SELECT * FROM sales.orders JOIN public.customers USING (id) JOIN main.x USING (id)",
           "pg_query|customers:r sales.orders:r x:r");
    EXPECT(r, "SELECT * FROM Sales.Orders", "pg_query|sales.orders:r");
    EXPECT(r, "SELECT * FROM \"Sales\".\"Orders\"", "pg_query|Sales.Orders:r");
    /* multiple statements, access merged per table */
    EXPECT(r, "SELECT * FROM t; UPDATE t SET v = 1; INSERT INTO log VALUES (1);",
           "pg_query|log:w t:rw");
    /* one statement PostgreSQL rejects does not hide the others */
    EXPECT(r,
           "CREATE TABLE a (id INTEGER PRIMARY KEY AUTOINCREMENT); INSERT INTO b VALUES (1); "
           "SELECT * FROM c",
           "pg_query|b:w c:r");
}

static void test_masking(sql_resolver *r)
{
    EXPECT(r, "SELECT name FROM users WHERE id = %d", "pg_query|users:r");
    EXPECT(r, "SELECT * FROM t WHERE a = %s AND b = %lld AND c = %llu AND d < %5d", "pg_query|t:r");
    EXPECT(r, "SELECT * FROM t WHERE a = %ld OR b = %u OR c = %zu OR d = %f OR e = %.*s",
           "pg_query|t:r");
    EXPECT(r, "SELECT * FROM t WHERE ts > %lu LIMIT %d", "pg_query|t:r");
    EXPECT(r, "UPDATE t SET name = '%s', pct = '100%' WHERE id = %d", "pg_query|t:w");
    EXPECT(r, "SELECT v %% 7 FROM t WHERE id=%d", "pg_query|t:r");
    EXPECT(r, "SELECT * FROM t WHERE n LIKE '%' || ? || '%' AND m = E'it\\'s %d'", "pg_query|t:r");
    EXPECT(r, "SELECT * FROM t WHERE a = %1$s OR b = %-10s OR c = %Q", "pg_query|t:r");
    EXPECT(r, "SELECT * FROM t WHERE a = ? AND b = ?2 AND c = ?", "pg_query|t:r");
    EXPECT(r, "INSERT INTO t (a, b) VALUES (:a, :b_2)", "pg_query|t:w");
    EXPECT(r, "DELETE FROM t WHERE id = @id", "pg_query|t:w");
    EXPECT(r, "SELECT x::text, $1::int FROM t WHERE y = :y", "pg_query|t:r");
    EXPECT(r, "SELECT * FROM t -- where ? and %d\nWHERE a=?", "pg_query|t:r");
    EXPECT(r, "SELECT $$ ? %d $$, * FROM t WHERE a=?", "pg_query|t:r");
    EXPECT(r, "SELECT * FROM `odd table` WHERE a=?", "pg_query|odd table:r");
    /* SQLite [brackets] are names, PostgreSQL's subscripts and ARRAY[...] are not */
    EXPECT(
        r,
        "SELECT [t].[Name], a[1], ARRAY[x], ARRAY [y], '{}'::int[] FROM [My Table] JOIN t ON 1=1",
        "pg_query|My Table:r t:r");
    /* SQLite conflict clauses parse with libpg_query after masking */
    EXPECT(r, "INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)", "pg_query|kv:w");
    EXPECT(r, "REPLACE INTO kv (k, v) VALUES (?, ?)", "pg_query|kv:w");
    EXPECT(r, "SELECT * FROM c WHERE p IS ? OR q IS NOT :q OR r IS NULL OR s IS NOT TRUE",
           "pg_query|c:r");
    /* a placeholder in a table's position is not a table */
    EXPECT(r, "SELECT * FROM \"%s\"", "pg_query|");
}

/* A conversion written against a name is a piece filled at run time: the known rest is the name. */
static void test_name_holes(sql_resolver *r)
{
    EXPECT(r, "SELECT a FROM \"%s_job_table\" WHERE id = %d", "pg_query|job_table:r");
    EXPECT(r, "INSERT INTO %s_event_table (a) VALUES (%s)", "pg_query|event_table:w");
    EXPECT(r, "DELETE FROM %s.sessions WHERE t < %lu", "pg_query|sessions:w");
    EXPECT(r, "UPDATE history_%s SET v = %d", "pg_query|history:w");
    EXPECT(r, "SELECT * FROM \"%s%s\" JOIN t ON 1=1", "pg_query|t:r");
    /* %c is a delimiter the code picks; a value's placeholder before a %s is no name */
    EXPECT(r, "update item_rtdata set%clastlogsize=%lu%cmtime=%d where itemid=%lu",
           "tokens|item_rtdata:w");
    EXPECT(r, "SELECT a FROM t WHERE a=%d%s", "tokens|t:r");
    /* a value written against a word stays a value */
    EXPECT(r, "SELECT * FROM t WHERE a = %s AND b='x_%s'", "pg_query|t:r");
}


/* Fragments completed at run time: no parser accepts them; the scanner's tokens still tell. */
static void test_fragments(sql_resolver *r)
{
    EXPECT(r, "SELECT id, total FROM orders o JOIN customers c ON c.id = o.customer_id WHERE",
           "tokens|customers:r orders:r");
    EXPECT(r, "INSERT INTO audit (who, what) VALUES", "tokens|audit:w");
    EXPECT(r, "UPDATE stock SET n = n - 1 WHERE", "tokens|stock:w");
    EXPECT(r, "DELETE FROM carts WHERE id IN", "tokens|carts:w");
    EXPECT(r, "WITH recent AS (SELECT * FROM orders) SELECT * FROM recent WHERE",
           "tokens|orders:r");
    EXPECT(r, "SELECT EXTRACT(YEAR FROM created) FROM orders WHERE", "tokens|orders:r");
    EXPECT(r, "FROM sales.orders, customers c, \"Line Items\" WHERE",
           "tokens|Line Items:r customers:r sales.orders:r");
    EXPECT(r, "INSERT INTO kv VALUES (1) ON CONFLICT (k) DO UPDATE SET", "tokens|kv:w");
    EXPECT(r, "insert into qos (a, b) values (1, 2) on duplicate key update b=2, @x:=1",
           "tokens|qos:w");
    EXPECT(r, "SELECT a FROM t WHERE x IS DISTINCT FROM y AND", "tokens|t:r");
    EXPECT(r, "TRUNCATE TABLE logs,", "tokens|logs:w");
    /* schema changes in pieces: the table changed is written; an index is not a table */
    EXPECT(r, "alter table acct_table add `%s` %s first, add %s,", "tokens|acct_table:w");
    EXPECT(r, "ALTER TABLE IF EXISTS ONLY jobs ADD COLUMN", "tokens|jobs:w");
    EXPECT(r, "create temporary table if not exists tmp_ids (id int,", "tokens|tmp_ids:w");
    EXPECT(r, "DROP TABLE IF EXISTS old_events,", "tokens|old_events:w");
    EXPECT(r, "CREATE INDEX ix ON", "none|");
    EXPECT(r, "ALTER INDEX ix RENAME TO", "none|");
    EXPECT(r, "WHERE id = %d AND", "none|");
}

static void test_unparseable(sql_resolver *r)
{
    EXPECT(r, "", "none|");
    EXPECT(r, "   ;  ", "none|");
    EXPECT(r, "this is not sql at all", "none|");
    EXPECT(r, "SELECT FROM WHERE (((", "none|");
    EXPECT(r, "'unterminated", "none|");
    EXPECT(r, "/* unterminated", "none|");
    EXPECT(r, "$$ unterminated", "none|");
    EXPECT(r, "SELECT * FROM t WHERE a = '", "none|");

    /* bytes of every value but NUL, in a fixed pseudo-random order */
    char bin[4097];
    unsigned x = 12345;
    for (int i = 0; i < 4096; i++) {
        x = x * 1103515245u + 12345u;
        bin[i] = (char)(1 + (x >> 16) % 255);
    }
    bin[4096] = '\0';
    /* neither parser accepts it and the scanner sees no table name in it: nothing, no error */
    EXPECT(r, bin, "none|");

    /* very long SQL: a 20000-term IN list, and 5000 nested parentheses */
    size_t cap = 200000;
    char *big = malloc(cap);
    strcpy(big, "SELECT * FROM t WHERE id IN (0");
    for (int i = 1; i < 20000; i++)
        snprintf(big + strlen(big), cap - strlen(big), ",%d", i);
    strcat(big, ")");
    EXPECT(r, big, "pg_query|t:r");
    strcpy(big, "SELECT ");
    for (int i = 0; i < 5000; i++)
        strcat(big, "(");
    strcat(big, "1");
    for (int i = 0; i < 5000; i++)
        strcat(big, ")");
    strcat(big, " FROM t");
    /* parentheses leave no node in PostgreSQL's parse tree: the tree stays shallow */
    EXPECT(r, big, "pg_query|t:r");
    /*
     * 800 chained operators nest the tree deeper than cJSON's limit (1000
     * levels): libpg_query's answer is dropped, and the scanner still sees t.
     */
    strcpy(big, "SELECT 1");
    for (int i = 0; i < 800; i++)
        strcat(big, "+1");
    strcat(big, " FROM t");
    EXPECT(r, big, "tokens|t:r");
    free(big);
}

/* A small schema; spelled with capitals to show results take the schema's spelling. */
static void schema_add(seam_schema *s, const char *name, const char **cols, const char *pk)
{
    seam_array_reserve(&s->tables, &(int){s->ntables}, s->ntables + 1, sizeof *s->tables);
    seam_table *t = &s->tables[s->ntables++];
    memset(t, 0, sizeof *t);
    t->name = seam_strdup(name);
    while (cols[t->ncolumns])
        t->ncolumns++;
    t->columns = calloc((size_t)t->ncolumns + 1, sizeof *t->columns);
    for (int i = 0; i < t->ncolumns; i++) {
        t->columns[i].name = seam_strdup(cols[i]);
        t->columns[i].type = seam_strdup("TEXT");
    }
    if (pk) {
        t->primary_key = calloc(1, sizeof *t->primary_key);
        t->primary_key[0] = seam_strdup(pk);
        t->nprimary_key = 1;
    }
}

static void make_schema(seam_schema *s, const char *dialect)
{
    memset(s, 0, sizeof *s);
    s->dialect = (seam_dialect)seam_dialect_parse(dialect);
    schema_add(s, "Customers", (const char *[]){"id", "name", NULL}, "id");
    schema_add(s, "kv", (const char *[]){"k", "v", NULL}, "k");
    schema_add(s, "orders", (const char *[]){"id", "customer_id", "total", NULL}, "id");
    schema_add(s, "weird \"name\"", (const char *[]){"x", NULL}, NULL);
}

static void test_sqlite(void)
{
    seam_schema s;
    make_schema(&s, "sqlite");
    sql_resolver *r = NULL;
    seam_err err = {0};
    CHECK_INT(sql_resolver_new(&r, &s, &err), 0);
    seam_schema_free(&s); /* the resolver keeps nothing of it */

    EXPECT(r, "SELECT o.total FROM orders o JOIN customers c ON c.id = o.customer_id",
           "sqlite|Customers:r orders:r");
    /* SQLite-only syntax */
    EXPECT(r, "INSERT OR REPLACE INTO kv (k, v) VALUES (?, ?)", "sqlite|kv:w");
    /* DO UPDATE reads the conflicting row, and SQLite says so */
    EXPECT(r, "INSERT INTO kv (k, v) VALUES (:k, @v) ON CONFLICT(k) DO UPDATE SET v = excluded.v",
           "sqlite|kv:rw");
    EXPECT(r, "INSERT INTO kv (k, v) VALUES (?1, ?2) ON CONFLICT DO NOTHING", "sqlite|kv:w");
    EXPECT(r, "SELECT [name] FROM [Customers] WHERE id = $id", "sqlite|Customers:r");
    /* the authorizer reports the rows an UPDATE's WHERE reads, too */
    EXPECT(r, "UPDATE orders SET total = %d WHERE id = %lld", "sqlite|orders:rw");
    EXPECT(r, "DELETE FROM orders", "sqlite|orders:w");
    EXPECT(r, "INSERT INTO orders (id, total) SELECT id, 0 FROM customers WHERE name = '%s'",
           "sqlite|Customers:r orders:w");
    EXPECT(r, "SELECT count(*) FROM orders", "sqlite|orders:r");
    EXPECT(r,
           "WITH big AS (SELECT * FROM orders WHERE total > 100) SELECT name FROM customers "
           "WHERE id IN (SELECT customer_id FROM big)",
           "sqlite|Customers:r orders:r");
    EXPECT(r, "SELECT * FROM \"weird \"\"name\"\"\"", "sqlite|weird \"name\":r");
    EXPECT(r, "BEGIN; UPDATE kv SET v = 1; SELECT * FROM orders; COMMIT;", "sqlite|kv:w orders:r");
    EXPECT(r, "CREATE TEMP TABLE scratch (x); ", "sqlite|");
    /* unknown to SQLite's schema copy: falls back to libpg_query */
    EXPECT(r, "SELECT * FROM orders JOIN invoices USING (id)", "pg_query|invoices:r orders:r");
    EXPECT(r, "SELECT nope FROM orders", "pg_query|orders:r");
    EXPECT(r, "SELECT * FROM ONLY orders", "pg_query|orders:r");
    /* neither parser: the scanner's tokens */
    EXPECT(r, "SELEKT * FROM orders", "tokens|orders:r");
    EXPECT(r, "ATTACH DATABASE 'x.db' AS x", "none|");
    EXPECT(r, "", "none|");
    sql_resolver_free(r);
}

/* A postgresql schema: names resolve to the schema's spelling, no SQLite. */
static void test_pg_schema(void)
{
    seam_schema s;
    make_schema(&s, "postgresql");
    schema_add(&s, "sales.Regions", (const char *[]){"id", NULL}, "id");
    sql_resolver *r = NULL;
    seam_err err = {0};
    CHECK_INT(sql_resolver_new(&r, &s, &err), 0);
    seam_schema_free(&s);
    EXPECT(r, "INSERT OR IGNORE INTO kv VALUES (1, 2)", "pg_query|kv:w");
    EXPECT(r, "SELECT * FROM customers, public.orders, sales.regions, other",
           "pg_query|Customers:r orders:r other:r sales.Regions:r");
    sql_resolver_free(r);
}

/* A prefix most of the schema's tables carry is a configured one: bare names resolve with it. */
static void test_configured_prefix(void)
{
    seam_schema s;
    memset(&s, 0, sizeof s);
    s.dialect = SEAM_DIALECT_POSTGRESQL;
    const char *cols[] = {"id", NULL};
    schema_add(&s, "nagios_hosts", cols, "id");
    schema_add(&s, "nagios_services", cols, "id");
    schema_add(&s, "nagios_logentries", cols, "id");
    schema_add(&s, "plain", cols, "id");
    sql_resolver *r = NULL;
    seam_err err = {0};
    CHECK_INT(sql_resolver_new(&r, &s, &err), 0);
    seam_schema_free(&s);
    EXPECT(r, "SELECT * FROM hosts JOIN nagios_services ON 1=1 JOIN plain ON 1=1",
           "pg_query|nagios_hosts:r nagios_services:r plain:r");
    EXPECT(r, "INSERT INTO %slogentries (id) VALUES (%d)", "pg_query|nagios_logentries:w");
    /* a name that misses the schema with the prefix too stays as written */
    EXPECT(r, "SELECT * FROM other", "pg_query|other:r");
    sql_resolver_free(r);

    /* two of four is no majority, and fewer than three tables never make a prefix */
    make_schema(&s, "postgresql");
    schema_add(&s, "app_users", cols, "id");
    schema_add(&s, "app_roles", cols, "id");
    schema_add(&s, "misc", cols, "id");
    CHECK_INT(sql_resolver_new(&r, &s, &err), 0);
    seam_schema_free(&s);
    EXPECT(r, "SELECT * FROM users", "pg_query|users:r");
    sql_resolver_free(r);
}

/* Every result, whatever the input: success, a known parser, sorted unique names. */
static int result_is_sane(sql_resolver *r, const char *sql)
{
    seam_table_ref *t = NULL;
    int n = -1;
    const char *parser = NULL;
    seam_err err = {0};
    if (sql_resolver_tables(r, sql, &t, &n, &parser, &err) != 0 || !parser)
        return 0;
    int ok = n >= 0 && (strcmp(parser, "sqlite") == 0 || strcmp(parser, "pg_query") == 0 ||
                        (strcmp(parser, "tokens") == 0 && n > 0) ||
                        (strcmp(parser, "none") == 0 && n == 0 && !t));
    for (int i = 0; i < n; i++) {
        ok = ok && t[i].table && *t[i].table && t[i].access >= 1 && t[i].access <= 3;
        ok = ok && (i == 0 || strcmp(t[i - 1].table, t[i].table) < 0);
    }
    for (int i = 0; i < n; i++)
        free(t[i].table);
    free(t);
    return ok;
}

/*
 * Robustness: every prefix of tricky statements (cutting strings, comments,
 * dollar quotes and placeholders in half), and the same with bytes replaced
 * in a fixed pseudo-random way, through both kinds of resolver.
 */
static void test_prefixes_and_mutations(void)
{
    static const char *const corpus[] = {
        "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n+1 FROM t) SELECT * FROM t, orders",
        "SELECT $tag$ a ' b $tag$, E'x\\'y', \"q\"\"q\" FROM kv /* c /* d */ */ WHERE a=?12",
        "INSERT OR REPLACE INTO kv VALUES (:k, @v, $w, %.*s, %1$lld, '%s'); -- %d\nDELETE FROM "
        "orders",
        "UPDATE orders SET total = total %% 3 FROM customers c WHERE c.id = %zu::int",
        "SELECT [a b], `c d` FROM \"weird \"\"name\"\"\" JOIN sales.x USING (id)",
    };
    seam_schema s;
    make_schema(&s, "sqlite");
    sql_resolver *rs = NULL, *rp = NULL;
    seam_err err = {0};
    CHECK_INT(sql_resolver_new(&rs, &s, &err), 0);
    CHECK_INT(sql_resolver_new(&rp, NULL, &err), 0);
    seam_schema_free(&s);
    int bad = 0, runs = 0;
    unsigned x = 42;
    for (size_t c = 0; c < sizeof corpus / sizeof *corpus; c++) {
        size_t len = strlen(corpus[c]);
        char *buf = malloc(len + 1);
        for (size_t cut = 0; cut <= len; cut++) {
            memcpy(buf, corpus[c], cut);
            buf[cut] = '\0';
            bad += !result_is_sane(rs, buf) + !result_is_sane(rp, buf);
            for (size_t k = 0; k < cut; k++) {
                x = x * 1103515245u + 12345u;
                if ((x >> 16) % 8 == 0)
                    buf[k] = "'\"`[]$%?:@;()/*-\\ \n\x80\xff"[(x >> 20) % 21];
            }
            bad += !result_is_sane(rs, buf) + !result_is_sane(rp, buf);
            runs += 4;
        }
        free(buf);
    }
    CHECK_INT(bad, 0);
    CHECK(runs > 1000);
    sql_resolver_free(rs);
    sql_resolver_free(rp);
}

/*
 * Real input: Chinook's SQLite script creates and fills every table of
 * Chinook_Sqlite.sqlite, so resolving the whole script must give exactly the
 * database's tables, all written. The expectation comes from the database's
 * own catalog (opened read-only), never from a copied list.
 */
static void test_chinook(void)
{
    const char *dbpath = CHECK_SHARED_SCHEMAS "/chinook/Chinook_Sqlite.sqlite";
    const char *sqlpath = CHECK_SHARED_SCHEMAS "/chinook/Chinook_Sqlite.sql";
    check_need_file(dbpath);
    check_need_file(sqlpath);
    char *script = check_slurp(sqlpath, NULL);
    sqlite3 *db = NULL;
    CHECK(script != NULL);
    CHECK_INT(sqlite3_open_v2(dbpath, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    if (!script || !db) {
        sqlite3_close(db);
        free(script);
        return;
    }

    /* the expected answer and a SQLite schema, both from the catalog */
    seam_schema s;
    memset(&s, 0, sizeof s);
    s.dialect = SEAM_DIALECT_SQLITE;
    char want[4096] = "";
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(db,
                       "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE "
                       "'sqlite_%' ORDER BY name",
                       -1, &st, NULL);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        const char *name = (const char *)sqlite3_column_text(st, 0);
        snprintf(want + strlen(want), sizeof want - strlen(want), "%s%s:w", *want ? " " : "", name);
        const char *cols[64] = {0};
        char *owned[64] = {0};
        sqlite3_stmt *cs = NULL;
        sqlite3_prepare_v2(db, "SELECT name FROM pragma_table_info(?)", -1, &cs, NULL);
        sqlite3_bind_text(cs, 1, name, -1, SQLITE_STATIC);
        for (int i = 0; i < 63 && cs && sqlite3_step(cs) == SQLITE_ROW; i++)
            cols[i] = owned[i] = seam_strdup((const char *)sqlite3_column_text(cs, 0));
        sqlite3_finalize(cs);
        schema_add(&s, name, cols, NULL);
        for (int i = 0; i < 64; i++)
            free(owned[i]);
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    CHECK(s.ntables >= 5);

    /* no schema: libpg_query, after the [brackets] and N'...' are made PostgreSQL */
    sql_resolver *r = NULL;
    seam_err err = {0};
    CHECK_INT(sql_resolver_new(&r, NULL, &err), 0);
    char *w = seam_printf("pg_query|%s", want);
    EXPECT(r, script, w);
    free(w);
    sql_resolver_free(r);

    /* a SQLite schema: the script's CREATE TABLEs clash with it, so libpg_query again */
    CHECK_INT(sql_resolver_new(&r, &s, &err), 0);
    w = seam_printf("pg_query|%s", want);
    EXPECT(r, script, w);
    free(w);
    EXPECT(r, "SELECT * FROM [album] WHERE [ArtistId] = ?", "sqlite|Album:r");
    sql_resolver_free(r);
    seam_schema_free(&s);
    free(script);
}

int main(int argc, char **argv)
{
    if (check_part(argc, argv, "chinook")) {
        test_chinook();
        return check_finish();
    }
    sql_resolver *r = NULL;
    seam_err err = {0};
    CHECK_INT(sql_resolver_new(&r, NULL, &err), 0);
    if (!r)
        return check_finish();
    test_pg_selects(r);
    test_pg_ctes(r);
    test_pg_writes(r);
    test_pg_names(r);
    test_masking(r);
    test_name_holes(r);
    test_unparseable(r);
    test_fragments(r);
    sql_resolver_free(r);
    test_sqlite();
    test_pg_schema();
    test_configured_prefix();
    test_prefixes_and_mutations();
    return check_finish();
}
