/*
 * test_inspect_pg.c - the inspector reads a PostgreSQL schema exactly and
 * only reads.
 *
 * Needs the throwaway server of scripts/pg-server (SEAM_TEST_PGHOST,
 * SEAM_TEST_PGPORT, SEAM_TEST_PGLOG); exits 77 without it. Creates its own
 * databases (names carry the pid) and drops them at the end:
 *   - a schema with composite keys, foreign keys across schemas, a
 *     partitioned table (foreign keys on the parent and on partitions), a
 *     view, an enum and a domain: the model is checked field by field;
 *   - the server log shows that seam's session only read;
 *   - inspector_pg_connect's session refuses DDL and DML, even when the
 *     user's own options ask for read-write;
 *   - Pagila and Chinook (../shared): table and foreign key counts equal
 *     what the catalog says, asked independently of seam.
 */
#include "check.h"
#include "inspector.h"

#include <libpq-fe.h>
#include <strings.h>
#include <unistd.h>

static const char *host, *port;

static const char SCHEMA[] =
    "CREATE SCHEMA sales; CREATE SCHEMA inventory;"
    "CREATE TYPE public.mood AS ENUM ('ok', 'sad');"
    "CREATE DOMAIN sales.cents AS bigint;"
    "CREATE TABLE public.customer (id int PRIMARY KEY, name text NOT NULL,"
    "  email varchar(80), junk int, mood mood);"
    "ALTER TABLE public.customer DROP COLUMN junk;"
    "CREATE TABLE inventory.product (sku text, variant int, price numeric(10,2) NOT NULL,"
    "  PRIMARY KEY (variant, sku));"
    "CREATE TABLE sales.orders (id bigint PRIMARY KEY,"
    "  customer_id int NOT NULL REFERENCES public.customer (id),"
    "  placed timestamptz, total sales.cents);"
    "CREATE TABLE sales.order_line (order_id bigint REFERENCES sales.orders, line int,"
    "  sku text, variant int, qty int, PRIMARY KEY (order_id, line),"
    "  CONSTRAINT line_product FOREIGN KEY (variant, sku)"
    "    REFERENCES inventory.product (variant, sku));"
    /* partitioned: PK and one FK on the parent (cloned onto partitions by the server) */
    "CREATE TABLE sales.payment (id int, paid_on date NOT NULL,"
    "  customer_id int REFERENCES public.customer (id), amount numeric, order_id bigint,"
    "  PRIMARY KEY (id, paid_on)) PARTITION BY RANGE (paid_on);"
    "CREATE TABLE sales.payment_2024 PARTITION OF sales.payment"
    "  FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');"
    "CREATE TABLE sales.payment_2025 PARTITION OF sales.payment"
    "  FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');"
    /* an FK declared on each partition only, as Pagila does: one FK of the parent */
    "ALTER TABLE sales.payment_2024 ADD CONSTRAINT payment_2024_order_id_fkey"
    "  FOREIGN KEY (order_id) REFERENCES sales.orders (id);"
    "ALTER TABLE sales.payment_2025 ADD CONSTRAINT payment_2025_order_id_fkey"
    "  FOREIGN KEY (order_id) REFERENCES sales.orders (id);"
    /* an FK referencing the partitioned table (the server adds one per partition) */
    "CREATE TABLE public.refund (id int PRIMARY KEY, payment_id int, paid_on date,"
    "  FOREIGN KEY (payment_id, paid_on) REFERENCES sales.payment (id, paid_on));"
    "CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE total > 1000;"
    "CREATE MATERIALIZED VIEW public.customer_count AS SELECT count(*) FROM public.customer;"
    "INSERT INTO public.customer VALUES (1, 'Ada', 'ada@example.org', 'ok');";

static void quiet(void *arg, const char *message)
{
    (void)arg;
    (void)message;
}

static PGconn *admin(const char *db)
{
    char ci[512];
    snprintf(ci, sizeof ci, "host=%s port=%s user=postgres dbname=%s application_name=seam-test",
             host, port, db);
    PGconn *c = PQconnectdb(ci);
    if (PQstatus(c) != CONNECTION_OK) {
        fprintf(stderr, "cannot connect as postgres to %s: %s", db, PQerrorMessage(c));
        PQfinish(c);
        return NULL;
    }
    PQsetNoticeProcessor(c, quiet, NULL);
    return c;
}

static int exec_ok(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
    if (!ok)
        fprintf(stderr, "%s: %s", sql, PQresultErrorMessage(r));
    PQclear(r);
    return ok;
}

/* Runs sql as postgres in db and returns the single integer it selects, or -1. */
static long count_in(const char *db, const char *sql)
{
    PGconn *c = admin(db);
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

static int create_db(const char *name)
{
    PGconn *c = admin("postgres");
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    int ok = c && exec_ok(c, sql);
    snprintf(sql, sizeof sql, "CREATE DATABASE %s", name);
    ok = ok && exec_ok(c, sql);
    PQfinish(c);
    return ok;
}

static void drop_db(const char *name)
{
    PGconn *c = admin("postgres");
    char sql[256];
    snprintf(sql, sizeof sql, "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
    if (c)
        CHECK(exec_ok(c, sql));
    PQfinish(c);
}

static char *conninfo_for(const char *db)
{
    return seam_printf("host=%s port=%s user=postgres dbname=%s", host, port, db);
}

static void check_column(const seam_table *t, int i, const char *name, const char *type, int nn)
{
    CHECK(t && i < t->ncolumns);
    if (!t || i >= t->ncolumns)
        return;
    CHECK_STR(t->columns[i].name, name);
    CHECK_STR(t->columns[i].type, type);
    CHECK_INT(t->columns[i].not_null, nn);
}

static void check_pk(const seam_table *t, const char *a, const char *b)
{
    int n = b ? 2 : 1;
    CHECK(t && t->nprimary_key == n);
    if (!t || t->nprimary_key != n)
        return;
    CHECK_STR(t->primary_key[0], a);
    if (b)
        CHECK_STR(t->primary_key[1], b);
}

static void check_fk(const seam_schema *s, int i, const char *name, const char *from,
                     const char *from_cols, const char *to, const char *to_cols)
{
    CHECK(i < s->nforeign_keys);
    if (i >= s->nforeign_keys)
        return;
    const seam_foreign_key *fk = &s->foreign_keys[i];
    CHECK_STR(fk->name, name);
    CHECK_STR(fk->from_table, from);
    CHECK_STR(fk->to_table, to);
    char fc[256] = "", tc[256] = "";
    for (int c = 0; c < fk->ncolumns; c++) {
        snprintf(fc + strlen(fc), sizeof fc - strlen(fc), "%s%s", c ? "," : "",
                 fk->from_columns[c]);
        snprintf(tc + strlen(tc), sizeof tc - strlen(tc), "%s%s", c ? "," : "", fk->to_columns[c]);
    }
    CHECK_STR(fc, from_cols);
    CHECK_STR(tc, to_cols);
}

static const seam_table *table(const seam_schema *s, int i, const char *name)
{
    CHECK(i < s->ntables);
    if (i >= s->ntables)
        return NULL;
    CHECK_STR(s->tables[i].name, name);
    return &s->tables[i];
}

static void check_shop(const seam_schema *s, const char *db)
{
    CHECK_STR(s->dialect, "postgresql");
    CHECK(s->source && strstr(s->source, db) && strstr(s->source, "user=postgres"));

    CHECK_INT(s->ntables, 6); /* no partitions, no view, no materialized view */
    const seam_table *t = table(s, 0, "customer");
    CHECK(t && t->ncolumns == 4); /* the dropped column is gone */
    check_column(t, 0, "id", "integer", 1);
    check_column(t, 1, "name", "text", 1);
    check_column(t, 2, "email", "character varying(80)", 0);
    check_column(t, 3, "mood", "mood", 0);
    check_pk(t, "id", NULL);

    t = table(s, 1, "inventory.product");
    CHECK(t && t->ncolumns == 3);
    check_column(t, 0, "sku", "text", 1);
    check_column(t, 1, "variant", "integer", 1);
    check_column(t, 2, "price", "numeric(10,2)", 1);
    check_pk(t, "variant", "sku"); /* key order, not column order */

    t = table(s, 2, "refund");
    CHECK(t && t->ncolumns == 3);
    check_pk(t, "id", NULL);

    t = table(s, 3, "sales.order_line");
    CHECK(t && t->ncolumns == 5);
    check_column(t, 0, "order_id", "bigint", 1);
    check_column(t, 4, "qty", "integer", 0);
    check_pk(t, "order_id", "line");

    t = table(s, 4, "sales.orders");
    CHECK(t && t->ncolumns == 4);
    check_column(t, 2, "placed", "timestamp with time zone", 0);
    check_column(t, 3, "total", "sales.cents", 0);
    check_pk(t, "id", NULL);

    t = table(s, 5, "sales.payment");
    CHECK(t && t->ncolumns == 5);
    check_column(t, 0, "id", "integer", 1);
    check_column(t, 1, "paid_on", "date", 1);
    check_column(t, 2, "customer_id", "integer", 0);
    check_column(t, 4, "order_id", "bigint", 0);
    check_pk(t, "id", "paid_on");

    CHECK_INT(s->nforeign_keys, 6);
    check_fk(s, 0, "refund_payment_id_paid_on_fkey", "refund", "payment_id,paid_on",
             "sales.payment", "id,paid_on");
    check_fk(s, 1, "line_product", "sales.order_line", "variant,sku", "inventory.product",
             "variant,sku");
    check_fk(s, 2, "order_line_order_id_fkey", "sales.order_line", "order_id", "sales.orders",
             "id");
    check_fk(s, 3, "orders_customer_id_fkey", "sales.orders", "customer_id", "customer", "id");
    check_fk(s, 4, "payment_2024_order_id_fkey", "sales.payment", "order_id", "sales.orders", "id");
    check_fk(s, 5, "payment_customer_id_fkey", "sales.payment", "customer_id", "customer", "id");
}

static long file_size(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    return n;
}

/*
 * Statements logged for application "seam" after offset. log_line_prefix
 * is '%m [%p] %a ', so a line reads "<time> [pid] seam LOG:  statement: SQL".
 * Returns how many there were, -1 if the log cannot be read; counts those
 * not starting with an allowed verb in *bad.
 */
static int seam_statements(const char *log, long offset, int *bad, int *begins)
{
    FILE *f = fopen(log, "r");
    if (!f)
        return -1;
    fseek(f, offset, SEEK_SET);
    static const char *allowed[] = {"SELECT", "BEGIN", "COMMIT", "ROLLBACK", "SET", "SHOW", "SAVEPOINT", NULL};
    char line[8192];
    int n = 0;
    *bad = *begins = 0;
    while (fgets(line, sizeof line, f)) {
        char *p = strstr(line, "] seam ");
        if (!p)
            continue;
        char *sql = strstr(p, " statement: ");
        if (!sql) {
            /* execute <unnamed>: SQL (extended protocol) */
            sql = strstr(p, " execute ");
            sql = sql ? strstr(sql, ": ") : NULL;
            if (!sql)
                continue;
            sql += 2;
        } else {
            sql += strlen(" statement: ");
        }
        n++;
        int ok = 0;
        for (int i = 0; allowed[i]; i++)
            if (strncasecmp(sql, allowed[i], strlen(allowed[i])) == 0)
                ok = 1;
        if (!ok) {
            (*bad)++;
            fprintf(stderr, "seam wrote? %s", sql);
        }
        if (strncmp(sql, "BEGIN READ ONLY", 15) == 0)
            (*begins)++;
    }
    fclose(f);
    return n;
}

static void test_shop(const char *db)
{
    PGconn *c = admin(db);
    CHECK(c && exec_ok(c, SCHEMA));
    PQfinish(c);

    char *ci = conninfo_for(db);
    const char *log = getenv("SEAM_TEST_PGLOG");
    long offset = log ? file_size(log) : -1;

    seam_schema s = {0};
    seam_err err = {0};
    int rc = inspector_read(ci, &s, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "inspector_read: %s\n", err.msg);

    /* Read the log now, before anything else runs under application_name seam. */
    if (offset >= 0) {
        int bad = 0, begins = 0;
        int n = seam_statements(log, offset, &bad, &begins);
        printf("server log: %d statements from seam, %d not read-only\n", n, bad);
        CHECK(n >= 4); /* BEGIN READ ONLY, SET LOCAL, 2 SELECTs, COMMIT */
        CHECK_INT(bad, 0);
        CHECK(begins >= 1); /* other tests' seam sessions may share the window */
    } else {
        printf("skipped log check: SEAM_TEST_PGLOG unset or unreadable\n");
    }

    check_shop(&s, db);
    seam_schema_free(&s);

    /* URI form, same model */
    char *uri = seam_printf("postgresql://postgres@%s:%s/%s", host, port, db);
    CHECK_INT(inspector_read(uri, &s, &err), 0);
    check_shop(&s, db);
    seam_schema_free(&s);
    free(uri);
    free(ci);

    /* Like psql: what the string leaves out comes from the PG* environment. */
    setenv("PGHOST", host, 1);
    setenv("PGPORT", port, 1);
    setenv("PGUSER", "postgres", 1);
    ci = seam_printf("dbname=%s", db);
    CHECK_INT(inspector_read(ci, &s, &err), 0);
    CHECK_INT(s.ntables, 6);
    seam_schema_free(&s);
    free(ci);
    unsetenv("PGHOST");
    unsetenv("PGPORT");
    unsetenv("PGUSER");
}

static int expect_refused(PGconn *c, const char *sql)
{
    PGresult *r = PQexec(c, sql);
    const char *msg = PQresultErrorMessage(r);
    int refused = PQresultStatus(r) == PGRES_FATAL_ERROR && strstr(msg, "cannot execute") &&
                  strstr(msg, "in a read-only transaction");
    if (!refused)
        fprintf(stderr, "not refused: %s -> %s", sql, msg);
    PQclear(r);
    return refused;
}

static int show_is(PGconn *c, const char *setting, const char *want)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SHOW %s", setting);
    PGresult *r = PQexec(c, sql);
    int ok = PQresultStatus(r) == PGRES_TUPLES_OK && strcmp(PQgetvalue(r, 0, 0), want) == 0;
    if (!ok)
        fprintf(stderr, "SHOW %s: '%s', wanted '%s'\n", setting,
                PQntuples(r) ? PQgetvalue(r, 0, 0) : PQresultErrorMessage(r), want);
    PQclear(r);
    return ok;
}

static const char *conn_option(PGconn *c, const char *keyword, char *buf, size_t n)
{
    PQconninfoOption *opts = PQconninfo(c);
    snprintf(buf, n, "(unset)");
    for (PQconninfoOption *o = opts; o && o->keyword; o++)
        if (strcmp(o->keyword, keyword) == 0 && o->val)
            snprintf(buf, n, "%s", o->val);
    PQconninfoFree(opts);
    return buf;
}

static void test_read_only_session(const char *db)
{
    char *ci = conninfo_for(db);
    seam_err err = {0};
    PGconn *c = inspector_pg_connect(ci, NULL, &err);
    CHECK(c != NULL);
    if (c) {
        CHECK(expect_refused(c, "CREATE TABLE x(a int)"));
        CHECK(expect_refused(c, "INSERT INTO customer VALUES (2, 'Bob', NULL, 'sad')"));
        CHECK(expect_refused(c, "UPDATE customer SET name = 'Eve'"));
        CHECK(show_is(c, "default_transaction_read_only", "on"));
        CHECK(show_is(c, "statement_timeout", "30s"));
        CHECK(show_is(c, "lock_timeout", "2s"));
        CHECK(show_is(c, "application_name", "seam"));
        char buf[64];
        if (!getenv("PGCONNECT_TIMEOUT"))
            CHECK_STR(conn_option(c, "connect_timeout", buf, sizeof buf), "10");
        PQfinish(c);
    }
    free(ci);

    /* The user's options are kept, but cannot switch read-only off; their timeout is kept. */
    ci = seam_printf("host=%s port=%s user=postgres dbname=%s connect_timeout=3"
                     " options='-c search_path=sales -c default_transaction_read_only=off'",
                     host, port, db);
    c = inspector_pg_connect(ci, NULL, &err);
    CHECK(c != NULL);
    if (c) {
        CHECK(show_is(c, "search_path", "sales"));
        CHECK(show_is(c, "default_transaction_read_only", "on"));
        CHECK(expect_refused(c, "DELETE FROM orders"));
        char buf[64];
        CHECK_STR(conn_option(c, "connect_timeout", buf, sizeof buf), "3");
        PQfinish(c);
    }
    free(ci);

    /* Server-side refusal, with a password given: one line, no password. */
    ci = seam_printf("host=%s port=%s user=postgres dbname=%s_absent password=secret", host, port,
                     db);
    seam_schema s = {0};
    CHECK_INT(inspector_read(ci, &s, &err), SEAM_EDB);
    CHECK(strstr(err.msg, "does not exist") && !strstr(err.msg, "secret"));
    CHECK(strstr(err.msg, "password=***") && !strchr(err.msg, '\n'));
    printf("absent database: %s\n", err.msg);
    free(ci);

    /* Wrong port on a live host. */
    ci = seam_printf("postgresql://postgres:secret@%s:1/%s", host, db);
    CHECK_INT(inspector_read(ci, &s, &err), SEAM_EDB);
    CHECK(!strstr(err.msg, "secret") && strstr(err.msg, "port=1"));
    free(ci);
}

/* Expected counts, asked of the catalog without seam: partitions folded. */
static const char TABLES_COUNT[] =
    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition"
    " AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'";

/* Distinct (root table, columns, root target, target columns): FKs on partitions fold. */
static const char FKS_COUNT[] =
    "SELECT count(*) FROM (SELECT DISTINCT"
    " coalesce(pg_partition_root(k.conrelid), k.conrelid),"
    " (SELECT array_agg(a.attname ORDER BY u.i) FROM unnest(k.conkey) WITH ORDINALITY u(n, i)"
    "  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n),"
    " coalesce(pg_partition_root(k.confrelid), k.confrelid),"
    " (SELECT array_agg(a.attname ORDER BY u.i) FROM unnest(k.confkey) WITH ORDINALITY u(n, i)"
    "  JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n)"
    " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE k.contype = 'f' AND k.conparentid = 0"
    " AND n.nspname NOT IN ('pg_catalog', 'information_schema')) x";

static const char RAW_FKS_COUNT[] = "SELECT count(*) FROM pg_constraint WHERE contype = 'f'";

static void compare_counts(const char *label, const char *db)
{
    long tables = count_in(db, TABLES_COUNT), fks = count_in(db, FKS_COUNT);
    long raw = count_in(db, RAW_FKS_COUNT);
    char *ci = conninfo_for(db);
    seam_schema s = {0};
    seam_err err = {0};
    int rc = inspector_read(ci, &s, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "%s: %s\n", label, err.msg);
    CHECK(tables > 0);
    CHECK_INT(s.ntables, tables);
    CHECK_INT(s.nforeign_keys, fks);
    printf("%s: seam %d tables, %d foreign keys; catalog %ld tables, %ld foreign keys"
           " (%ld constraints before folding partitions)\n",
           label, s.ntables, s.nforeign_keys, tables, fks, raw);
    for (int i = 0; i < s.nforeign_keys; i++) {
        CHECK(seam_schema_find_table(&s, s.foreign_keys[i].from_table) >= 0);
        CHECK(s.foreign_keys[i].ncolumns > 0);
    }
    seam_schema_free(&s);
    free(ci);
}

static int run_psql(const char *pipeline_input, const char *db, const char *logfile)
{
    char *cmd = seam_printf("%s | psql -h '%s' -p '%s' -U postgres -d %s -q -v ON_ERROR_STOP=1"
                            " >'%s' 2>&1",
                            pipeline_input, host, port, db, logfile);
    int rc = cmd ? system(cmd) : -1;
    free(cmd);
    if (rc != 0) {
        fprintf(stderr, "psql failed; its output:\n");
        char *cat = seam_printf("tail -20 '%s' >&2", logfile);
        if (cat && system(cat) != 0)
            fprintf(stderr, "(no output)\n");
        free(cat);
    }
    return rc == 0;
}

static void test_pagila(const char *db, const char *logfile)
{
    const char *sql = SEAM_SOURCE_DIR "/../shared/schemas/pagila/pagila-schema.sql";
    if (access(sql, R_OK) != 0) {
        printf("skipped Pagila: %s is absent\n", sql);
        return;
    }
    CHECK(create_db(db));
    char *cat = seam_printf("cat '%s'", sql);
    int ok = run_psql(cat, db, logfile);
    free(cat);
    CHECK(ok);
    if (ok) {
        compare_counts("pagila", db);
        /* payment's partitions are folded into payment, with their foreign keys */
        seam_schema s = {0};
        seam_err err = {0};
        char *ci = conninfo_for(db);
        if (inspector_read(ci, &s, &err) == 0) {
            int to_customer = 0;
            for (int i = 0; i < s.ntables; i++)
                CHECK(strncmp(s.tables[i].name, "payment_p", 9) != 0);
            for (int i = 0; i < s.nforeign_keys; i++)
                if (!strcmp(s.foreign_keys[i].from_table, "payment") &&
                    !strcmp(s.foreign_keys[i].to_table, "customer"))
                    to_customer++;
            CHECK_INT(to_customer, 1);
        }
        seam_schema_free(&s);
        free(ci);
    }
    drop_db(db);
}

/*
 * Chinook's script drops, creates and connects to a database named chinook
 * itself. It is loaded under this test's own name instead (the three lines
 * rewritten on the way to psql), so that nothing else on the server that
 * uses "chinook" is dropped or raced with.
 */
static void test_chinook(const char *db, const char *logfile)
{
    const char *sql = SEAM_SOURCE_DIR "/../shared/schemas/chinook/Chinook_PostgreSql.sql";
    if (access(sql, R_OK) != 0) {
        printf("skipped Chinook: %s is absent\n", sql);
        return;
    }
    char *sed = seam_printf("sed -e 's/^DROP DATABASE IF EXISTS chinook;/DROP DATABASE IF EXISTS "
                            "%s;/' -e 's/^CREATE DATABASE chinook;/CREATE DATABASE %s;/'"
                            " -e 's/^\\\\c chinook;/\\\\c %s/' '%s'",
                            db, db, db, sql);
    int ok = run_psql(sed, "postgres", logfile);
    free(sed);
    CHECK(ok);
    if (ok)
        compare_counts("chinook", db);
    drop_db(db);
}

int main(void)
{
    host = getenv("SEAM_TEST_PGHOST");
    port = getenv("SEAM_TEST_PGPORT");
    if (!port || !*port)
        CHECK_SKIP("SEAM_TEST_PGPORT is unset (start a server with scripts/pg-server)");
    if (!host || !*host)
        host = "127.0.0.1";

    char db[64], pagila[64], chinook[64], logfile[128];
    snprintf(db, sizeof db, "seam_inspect_%d", (int)getpid());
    snprintf(pagila, sizeof pagila, "seam_inspect_pagila_%d", (int)getpid());
    snprintf(chinook, sizeof chinook, "seam_inspect_chinook_%d", (int)getpid());
    snprintf(logfile, sizeof logfile, "/tmp/seam_inspect_psql_%d.log", (int)getpid());

    if (!create_db(db)) {
        fprintf(stderr, "cannot create database %s\n", db);
        return 1;
    }
    test_shop(db);
    test_read_only_session(db);
    drop_db(db);

    test_pagila(pagila, logfile);
    test_chinook(chinook, logfile);
    unlink(logfile);
    return check_finish();
}
