/*
 * test_inspect_pg.c - the inspector reads a PostgreSQL schema completely,
 * exactly, and only reads.
 *
 * Needs the throwaway server of scripts/pg-server (SEAM_TEST_PGHOST,
 * SEAM_TEST_PGPORT, SEAM_TEST_PGLOG); exits 77 without it. Creates its own
 * databases and role (names carry the pid) and drops them at the end:
 *   - a schema with every kind of fact (composite and unique keys, foreign
 *     keys with actions and deferrability across schemas, a partitioned
 *     table, identity, serial, generated and defaulted columns, comments,
 *     expression and partial indexes, views over views, a materialized
 *     view, PL/pgSQL triggers, an enum and a domain): checked field by field;
 *   - the server log: every statement seam sent is a read (parsed with
 *     libpg_query: SELECT or transaction control, no write anywhere in the
 *     tree, only allowed functions), and their number is the same for a
 *     small schema and one 40 times larger (at most 20);
 *   - --schema limits the schemas; the role's write privileges are warned
 *     about, a role without any is not;
 *   - row estimates and sizes equal what the server reports after VACUUM
 *     ANALYZE (less the free space and visibility map forks), summed over
 *     the partitions of a partitioned table;
 *   - inspector_pg_connect's session refuses DDL and DML, even when the
 *     user's own options ask for read-write;
 *   - the fixture, Pagila and Chinook (../shared): tables, columns, foreign
 *     keys, views and indexes counted by psql equal seam's; and
 *     --schema-sql on the file each was loaded from gives the same model
 *     (tables, columns with types, keys, foreign keys, indexes, views,
 *     sequences, triggers).
 */
#include "check.h"
#include "pgtest.h"

#include <cjson/cJSON.h>
#include <pg_query.h>
#include <strings.h>

static const char SCHEMA[] =
    "CREATE SCHEMA sales; CREATE SCHEMA inventory; CREATE SCHEMA empty_one;"
    "CREATE TYPE public.mood AS ENUM ('ok', 'sad');"
    "CREATE DOMAIN sales.cents AS bigint;"
    "CREATE TABLE public.customer (id int PRIMARY KEY, name text NOT NULL,"
    "  email varchar(80) UNIQUE, junk int, mood mood DEFAULT 'ok');"
    "ALTER TABLE public.customer DROP COLUMN junk;"
    "COMMENT ON TABLE public.customer IS 'people who buy';"
    "COMMENT ON COLUMN public.customer.email IS 'login';"
    "CREATE TABLE inventory.product (sku text, variant int, price numeric(10,2) NOT NULL,"
    "  PRIMARY KEY (variant, sku), CONSTRAINT product_price_sku UNIQUE (price, sku));"
    "CREATE TABLE sales.orders (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
    "  customer_id int NOT NULL REFERENCES public.customer (id) ON DELETE CASCADE,"
    "  placed timestamptz, total sales.cents,"
    "  total_x2 bigint GENERATED ALWAYS AS (total * 2) STORED);"
    "CREATE TABLE sales.order_line (order_id bigint REFERENCES sales.orders"
    "  ON UPDATE RESTRICT DEFERRABLE INITIALLY DEFERRED, line serial,"
    "  sku text, variant int, qty int, PRIMARY KEY (order_id, line),"
    "  CONSTRAINT line_product FOREIGN KEY (variant, sku)"
    "    REFERENCES inventory.product (variant, sku) ON DELETE SET NULL);"
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
    "CREATE TABLE public.audit_log (at timestamptz DEFAULT now(), what text);"
    "CREATE INDEX customer_lower_email ON public.customer (lower(email));"
    "CREATE INDEX orders_recent ON sales.orders USING hash (placed) WHERE total > 100;"
    "CREATE VIEW sales.big_orders AS SELECT * FROM sales.orders WHERE total > 1000;"
    "CREATE VIEW public.big_customers AS SELECT c.name FROM public.customer c"
    "  JOIN sales.big_orders b ON b.customer_id = c.id;"
    "CREATE MATERIALIZED VIEW public.customer_count AS SELECT count(*) FROM public.customer;"
    "COMMENT ON VIEW sales.big_orders IS 'over a thousand';"
    "CREATE FUNCTION public.audit_order() RETURNS trigger LANGUAGE plpgsql AS $$"
    " DECLARE n int; BEGIN"
    "  INSERT INTO audit_log (what) SELECT name FROM customer WHERE id = NEW.customer_id;"
    "  IF EXISTS (SELECT 1 FROM inventory.product) THEN n := 1; END IF;"
    "  RETURN NEW; END $$;"
    "CREATE TRIGGER orders_audit AFTER INSERT OR UPDATE ON sales.orders"
    "  FOR EACH ROW EXECUTE FUNCTION public.audit_order();"
    "CREATE TRIGGER payment_gone BEFORE DELETE ON sales.payment"
    "  FOR EACH STATEMENT EXECUTE FUNCTION public.audit_order();"
    "ALTER TABLE sales.payment DISABLE TRIGGER payment_gone;"
    "INSERT INTO public.customer VALUES (1, 'Ada', 'ada@example.org', 'ok');"
    "ANALYZE;";

static void check_column(const seam_table *t, int i, const char *name, const char *type, int nn)
{
    CHECK(t && i < t->ncolumns);
    if (!t || i >= t->ncolumns)
        return;
    CHECK_STR(t->columns[i].name, name);
    CHECK_STR(t->columns[i].type, type);
    CHECK_INT(t->columns[i].not_null, nn);
}

static void check_strv(char **v, int n, const char *want)
{
    char got[512] = "";
    for (int i = 0; i < n; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? "," : "", v[i]);
    CHECK_STR(got, want);
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
    check_strv(fk->from_columns, fk->ncolumns, from_cols);
    check_strv(fk->to_columns, fk->ncolumns, to_cols);
}

static const seam_table *table(const seam_schema *s, const char *name)
{
    int i = seam_schema_find_table(s, name);
    CHECK(i >= 0);
    if (i < 0)
        fprintf(stderr, "no table %s\n", name);
    return i < 0 ? NULL : &s->tables[i];
}

static const seam_index *index_named(const seam_schema *s, const char *name)
{
    for (int i = 0; i < s->nindexes; i++)
        if (strcmp(s->indexes[i].name, name) == 0)
            return &s->indexes[i];
    CHECK(!"index missing");
    fprintf(stderr, "no index %s\n", name);
    return NULL;
}

static void check_tables(const seam_schema *s)
{
    static const char *names[] = {"audit_log",        "customer",     "inventory.product", "refund",
                                  "sales.order_line", "sales.orders", "sales.payment"};
    CHECK_INT(s->ntables, 7); /* no partitions, no views, no materialized view */
    for (int i = 0; i < s->ntables && i < 7; i++)
        CHECK_STR(s->tables[i].name, names[i]);
    check_strv(s->schemas, s->nschemas, "empty_one,inventory,public,sales");

    const seam_table *t = table(s, "customer");
    if (t) {
        CHECK_INT(t->ncolumns, 4); /* the dropped column is gone */
        check_column(t, 0, "id", "integer", 1);
        check_column(t, 1, "name", "text", 1);
        check_column(t, 2, "email", "character varying(80)", 0);
        check_column(t, 3, "mood", "mood", 0);
        check_strv(t->primary_key, t->nprimary_key, "id");
        CHECK_STR(t->primary_key_name, "customer_pkey");
        CHECK_INT(t->nuniques, 1);
        if (t->nuniques == 1) {
            CHECK_STR(t->uniques[0].name, "customer_email_key");
            check_strv(t->uniques[0].columns, t->uniques[0].ncolumns, "email");
        }
        CHECK_STR(t->comment, "people who buy");
        CHECK_STR(t->columns[2].comment, "login");
        CHECK_STR(t->columns[3].default_value, "'ok'::mood");
        CHECK(t->has_estimates && t->row_estimate == 1 && t->size_bytes >= 8192);
        CHECK(t->has_stats && t->stats.n_tup_ins == 1);
    }
    t = table(s, "inventory.product");
    if (t) {
        check_column(t, 2, "price", "numeric(10,2)", 1);
        check_strv(t->primary_key, t->nprimary_key, "variant,sku"); /* key order */
        CHECK(t->nuniques == 1 && strcmp(t->uniques[0].name, "product_price_sku") == 0);
        CHECK(t->has_estimates && t->row_estimate == 0);
    }
    t = table(s, "sales.orders");
    if (t) {
        check_column(t, 0, "id", "bigint", 1);
        CHECK_STR(t->columns[0].identity, "always");
        check_column(t, 3, "total", "sales.cents", 0);
        CHECK_STR(t->columns[4].generated, "stored");
        CHECK_STR(t->columns[4].generated_expr, "((total)::bigint * 2)");
        CHECK(t->columns[4].default_value == NULL);
    }
    t = table(s, "sales.order_line");
    if (t) {
        check_column(t, 1, "line", "integer", 1);
        CHECK_STR(t->columns[1].default_value, "nextval('sales.order_line_line_seq'::regclass)");
        check_strv(t->primary_key, t->nprimary_key, "order_id,line");
    }
    t = table(s, "sales.payment");
    if (t) {
        CHECK_INT(t->ncolumns, 5);
        check_strv(t->primary_key, t->nprimary_key, "id,paid_on");
        check_strv(t->partitions, t->npartitions, "sales.payment_2024,sales.payment_2025");
    }
}

static void check_keys(const seam_schema *s)
{
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
    if (s->nforeign_keys == 6) {
        const seam_foreign_key *fk = s->foreign_keys;
        CHECK_STR(fk[1].on_delete, "SET NULL");
        CHECK_STR(fk[2].on_update, "RESTRICT");
        CHECK_STR(fk[2].on_delete, "NO ACTION");
        CHECK(fk[2].deferrable && fk[2].initially_deferred);
        CHECK_STR(fk[3].on_delete, "CASCADE");
        CHECK(!fk[3].deferrable && !fk[3].initially_deferred);
    }
}

static void check_objects(const seam_schema *s)
{
    const seam_index *ix = index_named(s, "customer_lower_email");
    if (ix) {
        CHECK_STR(ix->table, "customer");
        check_strv(ix->columns, ix->ncolumns, "(lower(email::text))");
        CHECK(!ix->unique && !ix->primary && !ix->partial);
        CHECK_STR(ix->method, "btree");
    }
    ix = index_named(s, "orders_recent");
    if (ix) {
        CHECK_STR(ix->method, "hash");
        CHECK(ix->partial && ix->predicate);
        CHECK_STR(ix->predicate, "total::bigint > 100");
    }
    ix = index_named(s, "payment_pkey");
    if (ix) {
        CHECK_STR(ix->table, "sales.payment");
        CHECK(ix->primary && ix->unique);
    }
    for (int i = 0; i < s->nindexes; i++) /* partitions' own indexes are folded away */
        CHECK(strstr(s->indexes[i].table, "payment_20") == NULL);

    CHECK_INT(s->nviews, 3);
    if (s->nviews == 3) {
        CHECK_STR(s->views[0].name, "big_customers");
        check_strv(s->views[0].tables, s->views[0].ntables, "customer,sales.orders");
        CHECK_STR(s->views[1].name, "customer_count");
        CHECK(s->views[1].materialized);
        check_strv(s->views[1].tables, s->views[1].ntables, "customer");
        CHECK_STR(s->views[2].name, "sales.big_orders");
        CHECK_STR(s->views[2].comment, "over a thousand");
        check_strv(s->views[2].tables, s->views[2].ntables, "sales.orders");
    }

    CHECK_INT(s->ntriggers, 2);
    if (s->ntriggers == 2) {
        const seam_trigger *tg = &s->triggers[0];
        CHECK_STR(tg->table, "sales.orders");
        CHECK_STR(tg->name, "orders_audit");
        CHECK_STR(tg->timing, "AFTER");
        check_strv(tg->events, tg->nevents, "INSERT,UPDATE");
        CHECK(tg->for_each_row && tg->enabled);
        CHECK_STR(tg->function, "audit_order");
        CHECK_STR(tg->language, "plpgsql");
        CHECK_INT(tg->ntables, 3);
        if (tg->ntables == 3) {
            CHECK_STR(tg->tables[0].table, "audit_log");
            CHECK_INT(tg->tables[0].access, SEAM_WRITE);
            CHECK_STR(tg->tables[1].table, "customer");
            CHECK_INT(tg->tables[1].access, SEAM_READ);
            CHECK_STR(tg->tables[2].table, "inventory.product"); /* inside an IF condition */
        }
        tg = &s->triggers[1];
        CHECK_STR(tg->name, "payment_gone");
        CHECK_STR(tg->timing, "BEFORE");
        check_strv(tg->events, tg->nevents, "DELETE");
        CHECK(!tg->for_each_row && !tg->enabled);
    }

    CHECK_INT(s->nsequences, 2);
    if (s->nsequences == 2) {
        CHECK_STR(s->sequences[0].name, "sales.order_line_line_seq");
        CHECK_STR(s->sequences[0].type, "integer");
        CHECK_STR(s->sequences[0].owner_table, "sales.order_line");
        CHECK_STR(s->sequences[0].owner_column, "line");
        CHECK_STR(s->sequences[1].name, "sales.orders_id_seq");
        CHECK_STR(s->sequences[1].owner_column, "id");
    }
    CHECK_INT(s->nskipped, 0);
}

static void check_shop(const seam_schema *s, const char *db)
{
    CHECK_INT(s->dialect, SEAM_DIALECT_POSTGRESQL);
    CHECK(s->source && strstr(s->source, db) && strstr(s->source, "user=postgres"));
    check_tables(s);
    check_keys(s);
    check_objects(s);
}

/* ---------------------------------------------------------------- the server log */

typedef struct audit {
    int statements, bad, begins;
} audit;

static int allowed_function(const char *name)
{
    static const char *ok[] = {"pg_partition_root",
                               "format_type",
                               "set_config",
                               "current_setting",
                               "current_database",
                               "has_table_privilege",
                               "has_schema_privilege",
                               "has_database_privilege",
                               "quote_ident",
                               "string_agg",
                               "count",
                               "sum",
                               "bool_or",
                               "json_agg",
                               "unnest",
                               "pg_get_expr",
                               "pg_get_indexdef",
                               "pg_backend_pid",
                               NULL};
    for (int i = 0; ok[i]; i++)
        if (strcmp(name, ok[i]) == 0)
            return 1;
    return 0;
}

/* No write anywhere in the tree, and only functions that read. */
static int tree_reads_only(const cJSON *node)
{
    if (!cJSON_IsObject(node) && !cJSON_IsArray(node))
        return 1;
    const cJSON *c;
    cJSON_ArrayForEach(c, node)
    {
        const char *k = c->string;
        if (k &&
            (!strcmp(k, "InsertStmt") || !strcmp(k, "UpdateStmt") || !strcmp(k, "DeleteStmt") ||
             !strcmp(k, "MergeStmt") || !strcmp(k, "intoClause") || !strcmp(k, "lockingClause"))) {
            fprintf(stderr, "write or lock in a statement: %s\n", k);
            return 0;
        }
        if (k && !strcmp(k, "FuncCall")) {
            const cJSON *names = cJSON_GetObjectItem(c, "funcname");
            const cJSON *last = cJSON_GetArrayItem(names, cJSON_GetArraySize(names) - 1);
            const cJSON *sv = cJSON_GetObjectItem(cJSON_GetObjectItem(last, "String"), "sval");
            if (!cJSON_IsString(sv) || !allowed_function(sv->valuestring)) {
                fprintf(stderr, "function not on the read-only list: %s\n",
                        cJSON_IsString(sv) ? sv->valuestring : "?");
                return 0;
            }
        }
        if (!tree_reads_only(c))
            return 0;
    }
    return 1;
}

/* Each logged statement: one SELECT or transaction-control statement that writes nothing. */
static void audit_statement(const char *sql, void *arg)
{
    audit *a = arg;
    a->statements++;
    PgQueryParseResult r = pg_query_parse(sql);
    cJSON *tree = r.error ? NULL : cJSON_Parse(r.parse_tree);
    const cJSON *stmts = cJSON_GetObjectItem(tree, "stmts");
    const cJSON *stmt = cJSON_GetObjectItem(cJSON_GetArrayItem(stmts, 0), "stmt");
    const char *kind = stmt && stmt->child ? stmt->child->string : "";
    int ok = cJSON_GetArraySize(stmts) == 1 &&
             (!strcmp(kind, "SelectStmt") || !strcmp(kind, "TransactionStmt")) &&
             tree_reads_only(tree);
    if (ok && !strcmp(kind, "TransactionStmt")) {
        const char *tk = cJSON_GetStringValue(cJSON_GetObjectItem(stmt->child, "kind"));
        if (tk && !strcmp(tk, "TRANS_STMT_BEGIN")) {
            a->begins++;
            ok = strstr(sql, "READ ONLY") != NULL;
        }
    }
    if (!ok) {
        a->bad++;
        fprintf(stderr, "not a read: %.300s\n", sql);
    }
    cJSON_Delete(tree);
    pg_query_free_parse_result(r);
}

/* Inspects db under a unique application_name and audits what the log says it sent. */
static audit inspect_audited(const char *db, const char *label, seam_schema *out)
{
    audit a = {0};
    char app[64];
    snprintf(app, sizeof app, "seam-%s-%d", label, (int)getpid());
    inspector_options o;
    inspector_options_init(&o);
    o.application_name = app;
    char *ci = pg_conninfo("postgres", db);
    long offset = pg_log_size();
    seam_err err = {0};
    int rc = inspector_read_with(ci, &o, out, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "%s: %s\n", label, err.msg);
    free(ci);
    if (pg_log_statements(offset, app, audit_statement, &a) < 0)
        a.statements = -1;
    return a;
}

static void test_shop(const char *db)
{
    CHECK(pg_exec_in(db, SCHEMA));
    seam_schema s = {0};
    audit a = inspect_audited(db, "shop", &s);
    check_shop(&s, db);
    if (a.statements < 0) {
        printf("skipped log checks: SEAM_TEST_PGLOG unset or unreadable\n");
    } else {
        printf("server log: %d statements from seam, %d not read-only\n", a.statements, a.bad);
        /* the round-trip budget of docs/db-inspector.md: no pg_stat_statements here */
        CHECK_INT(a.statements, 14);
        CHECK_INT(a.bad, 0);
        CHECK_INT(a.begins, 1);
    }
    /* the superuser is told it could write */
    CHECK(s.nwarnings == 1 && strstr(s.warnings[0], "role postgres can write") &&
          strstr(s.warnings[0], "superuser"));
    seam_schema_free(&s);

    /* The same model from a URI; and twice the same. */
    char *uri = seam_printf("postgresql://postgres@%s:%s/%s", pg_host, pg_port, db);
    seam_err err = {0};
    CHECK_INT(inspector_read(uri, &s, &err), 0);
    check_shop(&s, db);
    seam_schema_free(&s);
    free(uri);

    /* Like psql: what the string leaves out comes from the PG* environment. */
    setenv("PGHOST", pg_host, 1);
    setenv("PGPORT", pg_port, 1);
    setenv("PGUSER", "postgres", 1);
    char *ci = seam_printf("dbname=%s", db);
    CHECK_INT(inspector_read(ci, &s, &err), 0);
    CHECK_INT(s.ntables, 7);
    seam_schema_free(&s);
    free(ci);
    unsetenv("PGHOST");
    unsetenv("PGPORT");
    unsetenv("PGUSER");
}

/* The number of statements does not grow with the schema. */
static void test_fixed_round_trips(const char *small_db, const char *big_db)
{
    CHECK(pg_create_db(big_db));
    /* 280 tables in 40 groups, each with a foreign key, an index, and a view per group */
    CHECK(pg_exec_in(big_db,
                     "DO $$ BEGIN FOR g IN 1..40 LOOP"
                     " EXECUTE format('CREATE TABLE p%s (id int PRIMARY KEY, v text)', g);"
                     " FOR i IN 1..6 LOOP EXECUTE format('CREATE TABLE c%s_%s (id serial PRIMARY"
                     " KEY, p int REFERENCES p%s, w text DEFAULT %L)', g, i, g, 'x');"
                     " EXECUTE format('CREATE INDEX ON c%s_%s (p)', g, i); END LOOP;"
                     " EXECUTE format('CREATE VIEW v%s AS SELECT * FROM p%s JOIN c%s_1 USING (id)',"
                     " g, g, g); END LOOP; END $$"));
    seam_schema small = {0}, big = {0};
    audit a = inspect_audited(small_db, "small", &small);
    audit b = inspect_audited(big_db, "big", &big);
    CHECK_INT(big.ntables, 280);
    CHECK_INT(big.nforeign_keys, 240);
    CHECK_INT(big.nviews, 40);
    printf("statements: %d for %d tables, %d for %d tables\n", a.statements, small.ntables,
           b.statements, big.ntables);
    if (a.statements >= 0) {
        CHECK_INT(a.statements, b.statements);
        CHECK(b.statements <= 19);
        CHECK_INT(b.bad, 0);
    }
    seam_schema_free(&small);
    seam_schema_free(&big);
    pg_drop_db(big_db);
}

static void test_schema_filter(const char *db)
{
    inspector_options o;
    inspector_options_init(&o);
    const char *only[] = {"sales"};
    o.schemas = only;
    o.nschemas = 1;
    char *ci = pg_conninfo("postgres", db);
    seam_schema s = {0};
    seam_err err = {0};
    CHECK_INT(inspector_read_with(ci, &o, &s, &err), 0);
    check_strv(s.schemas, s.nschemas, "sales");
    CHECK_INT(s.ntables, 3);
    for (int i = 0; i < s.ntables; i++)
        CHECK(strncmp(s.tables[i].name, "sales.", 6) == 0);
    /* only the foreign keys between two tables read: order_line -> orders, payment -> orders */
    CHECK_INT(s.nforeign_keys, 2);
    CHECK_INT(s.nviews, 1);
    seam_schema_free(&s);

    /* repeatable: two schemas, and the foreign key between them (order_line -> product) */
    const char *two[] = {"sales", "inventory"};
    o.schemas = two;
    o.nschemas = 2;
    CHECK_INT(inspector_read_with(ci, &o, &s, &err), 0);
    check_strv(s.schemas, s.nschemas, "inventory,sales");
    CHECK_INT(s.ntables, 4);
    CHECK_INT(s.nforeign_keys, 3);
    seam_schema_free(&s);

    /*
     * A schema that is not there (a typo) is an error, naming the schemas
     * that are there, rather than an empty result; the same when one of
     * several is missing. One that is there but empty reads as empty.
     */
    const char *typo[] = {"sales", "slaes"};
    o.schemas = typo;
    o.nschemas = 2;
    CHECK_INT(inspector_read_with(ci, &o, &s, &err), SEAM_EINPUT);
    printf("absent schema: %s\n", err.msg);
    CHECK(strstr(err.msg, "no schema 'slaes' in PostgreSQL '") && strstr(err.msg, db));
    CHECK(strstr(err.msg, "; schemas there: empty_one, inventory, public, sales") != NULL);
    CHECK(!strstr(err.msg, "in all") && !strchr(err.msg, '\n'));
    CHECK(s.ntables == 0 && s.nschemas == 0 && s.source == NULL);
    const char *empty[] = {"empty_one"};
    o.schemas = empty;
    o.nschemas = 1;
    CHECK_INT(inspector_read_with(ci, &o, &s, &err), 0);
    check_strv(s.schemas, s.nschemas, "empty_one");
    CHECK_INT(s.ntables, 0);
    seam_schema_free(&s);

    /* system schemas are never read: naming one is an error that says so */
    const char *system[] = {"pg_catalog"};
    o.schemas = system;
    o.nschemas = 1;
    CHECK_INT(inspector_read_with(ci, &o, &s, &err), SEAM_EINPUT);
    printf("system schema: %s\n", err.msg);
    CHECK(strstr(err.msg, "'pg_catalog'") && strstr(err.msg, "system schema, never read"));
    CHECK(s.ntables == 0 && s.nschemas == 0);
    const char *info[] = {"public", "information_schema"};
    o.schemas = info;
    o.nschemas = 2;
    CHECK_INT(inspector_read_with(ci, &o, &s, &err), SEAM_EINPUT);
    CHECK(strstr(err.msg, "'information_schema'") && strstr(err.msg, "system schema"));

    /* many schemas: the list is cut at ten, with the count */
    PGconn *a = pg_admin(db);
    CHECK(a && pg_exec(a, "DO $$ BEGIN FOR i IN 1..12 LOOP"
                          " EXECUTE format('CREATE SCHEMA many_%s', lpad(i::text, 2, '0'));"
                          " END LOOP; END $$"));
    const char *missing[] = {"nope"};
    o.schemas = missing;
    o.nschemas = 1;
    CHECK_INT(inspector_read_with(ci, &o, &s, &err), SEAM_EINPUT);
    printf("absent schema among many: %s\n", err.msg);
    CHECK(strstr(err.msg, "schemas there: empty_one, inventory, many_01, many_02,") &&
          strstr(err.msg, "many_08, ... (16 in all)") && !strstr(err.msg, "many_09"));
    CHECK(a && pg_exec(a, "DO $$ BEGIN FOR i IN 1..12 LOOP"
                          " EXECUTE format('DROP SCHEMA many_%s', lpad(i::text, 2, '0'));"
                          " END LOOP; END $$"));
    PQfinish(a);
    free(ci);
}

/* A role that can only connect: no warning; it reads the same tables through pg_catalog. */
static void test_read_only_role(const char *db, const char *role)
{
    char sql[512];
    snprintf(sql, sizeof sql, "DROP ROLE IF EXISTS %s; CREATE ROLE %s LOGIN", role, role);
    CHECK(pg_exec_in("postgres", sql));
    char *ci = pg_conninfo(role, db);
    seam_schema s = {0};
    seam_err err = {0};
    int rc = inspector_read(ci, &s, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "read-only role: %s\n", err.msg);
    CHECK_INT(s.nwarnings, 0);
    CHECK_INT(s.ntables, 7);
    CHECK_INT(s.nforeign_keys, 6);
    CHECK_INT(s.ntriggers, 2); /* pg_catalog shows them; information_schema would not */
    seam_schema_free(&s);

    /* with a write grant, it is warned about */
    snprintf(sql, sizeof sql, "GRANT INSERT ON public.audit_log TO %s", role);
    CHECK(pg_exec_in(db, sql));
    CHECK_INT(inspector_read(ci, &s, &err), 0);
    CHECK(s.nwarnings == 1 && strstr(s.warnings[0], "INSERT, UPDATE, DELETE or TRUNCATE on 1"));
    seam_schema_free(&s);
    snprintf(sql, sizeof sql, "REVOKE ALL ON public.audit_log FROM %s", role);
    CHECK(pg_exec_in(db, sql));

    /* CREATE on a schema is a way to write too: the warning names the schemas */
    snprintf(sql, sizeof sql, "GRANT CREATE ON SCHEMA sales, inventory TO %s", role);
    CHECK(pg_exec_in(db, sql));
    CHECK_INT(inspector_read(ci, &s, &err), 0);
    CHECK_INT(s.nwarnings, 1);
    if (s.nwarnings == 1) {
        printf("CREATE on schemas: %s\n", s.warnings[0]);
        CHECK(strstr(s.warnings[0], role) && strstr(s.warnings[0], "can write"));
        CHECK(strstr(s.warnings[0], "(CREATE on schema inventory, sales)") != NULL);
    }
    seam_schema_free(&s);
    free(ci);
    snprintf(sql, sizeof sql, "REVOKE CREATE ON SCHEMA sales, inventory FROM %s", role);
    CHECK(pg_exec_in(db, sql));
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
    char *ci = pg_conninfo("postgres", db);
    seam_err err = {0};
    PGconn *c = inspector_pg_connect(ci, NULL, &err);
    CHECK(c != NULL);
    if (c) {
        CHECK(expect_refused(c, "CREATE TABLE x(a int)"));
        CHECK(expect_refused(c, "INSERT INTO customer VALUES (2, 'Bob', NULL, 'sad')"));
        CHECK(expect_refused(c, "UPDATE customer SET name = 'Eve'"));
        CHECK(expect_refused(c, "SELECT nextval('sales.order_line_line_seq')"));
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
                     pg_host, pg_port, db);
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

    /* A database that does not exist, with a password given: one line, no password. */
    ci = seam_printf("host=%s port=%s user=postgres dbname=%s_absent password=secret", pg_host,
                     pg_port, db);
    seam_schema s = {0};
    CHECK_INT(inspector_read(ci, &s, &err), SEAM_EDB);
    CHECK(strstr(err.msg, "does not exist") && !strstr(err.msg, "secret"));
    CHECK(strstr(err.msg, "password=***") && !strchr(err.msg, '\n'));
    CHECK(s.ntables == 0 && s.source == NULL);
    printf("absent database: %s\n", err.msg);
    free(ci);

    /*
     * A dbname that is itself a connection string, holding a password: the
     * server quotes the database name whole ("database ... does not
     * exist"), and neither that nor the source may show the password.
     */
    ci = seam_printf("host=%s port=%s user=postgres dbname='host=x password=secret'", pg_host,
                     pg_port);
    CHECK_INT(inspector_read(ci, &s, &err), SEAM_EDB);
    CHECK(strstr(err.msg, "does not exist") && !strstr(err.msg, "secret"));
    CHECK(strstr(err.msg, "password=***") && !strchr(err.msg, '\n'));
    printf("nested dbname: %s\n", err.msg);
    free(ci);
    ci = seam_printf("host=%s port=%s user=postgres dbname='postgresql://u:s%%65cret@x/d'", pg_host,
                     pg_port);
    CHECK_INT(inspector_read(ci, &s, &err), SEAM_EDB);
    CHECK(strstr(err.msg, "does not exist") && !strstr(err.msg, "secret") &&
          !strstr(err.msg, "s%65cret"));
    printf("nested dbname URI: %s\n", err.msg);
    free(ci);

    /* A role that does not exist. */
    ci = seam_printf("host=%s port=%s user=nobody_%d dbname=%s", pg_host, pg_port, (int)getpid(),
                     db);
    CHECK_INT(inspector_read(ci, &s, &err), SEAM_EDB);
    CHECK(strstr(err.msg, "role \"nobody_") && strstr(err.msg, "does not exist"));
    free(ci);
}

/* ---------------------------------------------------------------- counts against psql */

#define USER_NS                                                                                    \
    " n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'"    \
    " AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype = 'e')"

static const char *const COUNTS[] = {
    /* tables, partitions folded */
    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND" USER_NS,
    /* columns of those tables */
    "SELECT count(*) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p')"
    " AND NOT c.relispartition AND a.attnum > 0 AND NOT a.attisdropped AND" USER_NS,
    /* foreign keys: distinct (root table, columns, root target, target columns) */
    "SELECT count(*) FROM (SELECT DISTINCT"
    " coalesce(pg_partition_root(k.conrelid), k.conrelid),"
    " (SELECT array_agg(a.attname ORDER BY u.i) FROM unnest(k.conkey) WITH ORDINALITY u(n, i)"
    "  JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n),"
    " coalesce(pg_partition_root(k.confrelid), k.confrelid),"
    " (SELECT array_agg(a.attname ORDER BY u.i) FROM unnest(k.confkey) WITH ORDINALITY u(n, i)"
    "  JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n)"
    " FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE k.contype = 'f' AND k.conparentid = 0 AND" USER_NS ") x",
    /* views and materialized views */
    "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind IN ('v', 'm') AND" USER_NS,
    /* indexes of tables and materialized views, not of partitions */
    "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid"
    " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p', 'm')"
    " AND NOT c.relispartition AND" USER_NS,
};

/* What psql itself says sql counts in db. */
static long psql_count(const char *db, const char *sql)
{
    char *cmd = seam_printf("psql -X -At -h '%s' -p '%s' -U postgres -d %s -c \"%s\"", pg_host,
                            pg_port, db, sql);
    FILE *p = cmd ? popen(cmd, "r") : NULL;
    long n = -1;
    if (p && fscanf(p, "%ld", &n) != 1)
        n = -1;
    if (p)
        pclose(p);
    free(cmd);
    return n;
}

static void compare_counts(const char *label, const char *db)
{
    long want[5];
    for (int i = 0; i < 5; i++)
        want[i] = psql_count(db, COUNTS[i]);
    char *ci = pg_conninfo("postgres", db);
    seam_schema s = {0};
    seam_err err = {0};
    int rc = inspector_read(ci, &s, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "%s: %s\n", label, err.msg);
    long columns = 0;
    for (int i = 0; i < s.ntables; i++)
        columns += s.tables[i].ncolumns;
    long got[5] = {s.ntables, columns, s.nforeign_keys, s.nviews, s.nindexes};
    static const char *what[] = {"tables", "columns", "foreign keys", "views", "indexes"};
    CHECK(want[0] > 0);
    for (int i = 0; i < 5; i++) {
        CHECK_INT(got[i], want[i]);
        printf("%s: %s: seam %ld, psql %ld\n", label, what[i], got[i], want[i]);
    }
    for (int i = 0; i < s.nforeign_keys; i++) {
        CHECK(seam_schema_find_table(&s, s.foreign_keys[i].from_table) >= 0);
        CHECK(seam_schema_find_table(&s, s.foreign_keys[i].to_table) >= 0);
        CHECK(s.foreign_keys[i].ncolumns > 0);
    }
    CHECK_INT(s.nskipped, 0);
    seam_schema_free(&s);
    free(ci);
}

/*
 * Row estimates and sizes against what the server itself says, right after
 * VACUUM ANALYZE (which sets relpages and reltuples exactly): size_bytes is
 * pg_total_relation_size less the free space map and visibility map forks
 * of the table and its TOAST table (docs/db-inspector.md: no catalog column
 * holds them, and pg_total_relation_size would lock the table); for a
 * partitioned table both are the sums over its partitions.
 */
#define NO_MAPS(rel)                                                                               \
    "pg_total_relation_size(" rel ") - pg_relation_size(" rel ", 'fsm')"                           \
    " - pg_relation_size(" rel ", 'vm') - coalesce((SELECT pg_relation_size(t.oid, 'fsm')"         \
    " + pg_relation_size(t.oid, 'vm') FROM pg_class t WHERE t.oid = (SELECT reltoastrelid"         \
    " FROM pg_class WHERE oid = " rel ")), 0)"
#define LEAVES "(SELECT relid FROM pg_partition_tree('sales.payment') WHERE isleaf)"

static void test_estimates(const char *db)
{
    CHECK(pg_exec_in(db,
                     "CREATE TABLE public.sized (id int PRIMARY KEY, v text);"
                     "CREATE INDEX sized_v ON public.sized (v);"
                     "INSERT INTO public.sized SELECT g, md5(g::text)"
                     " FROM generate_series(1, 5000) g;"
                     "INSERT INTO sales.payment (id, paid_on, customer_id)"
                     " SELECT g, date '2024-03-01' + g % 500, 1 FROM generate_series(1, 700) g"));
    CHECK(pg_exec_in(db, "VACUUM ANALYZE public.sized"));
    CHECK(pg_exec_in(db, "VACUUM ANALYZE sales.payment"));
    long total = psql_count(db, "SELECT pg_total_relation_size('public.sized')");
    long want = psql_count(db, "SELECT " NO_MAPS("'public.sized'::regclass"));
    long rows = psql_count(db, "SELECT reltuples::bigint FROM pg_class"
                               " WHERE oid = 'public.sized'::regclass");
    long part_want = psql_count(db, "SELECT sum(" NO_MAPS("l.relid") ") FROM " LEAVES " l");
    long part_rows = psql_count(db, "SELECT sum(reltuples)::bigint FROM pg_class"
                                    " WHERE oid IN " LEAVES);
    long per_part = psql_count(db, "SELECT count(*) FROM pg_class"
                                   " WHERE oid IN " LEAVES " AND reltuples > 0");

    char *ci = pg_conninfo("postgres", db);
    seam_schema s = {0};
    seam_err err = {0};
    CHECK_INT(inspector_read(ci, &s, &err), 0);
    const seam_table *t = table(&s, "sized");
    if (t) {
        printf("estimates: sized: %lld rows, %lld bytes; pg_total_relation_size %ld, without"
               " the maps %ld\n",
               t->row_estimate, t->size_bytes, total, want);
        CHECK(t->has_estimates);
        CHECK_INT(t->row_estimate, 5000);
        CHECK_INT(t->row_estimate, rows);
        CHECK_INT(t->size_bytes, want);
        /* the maps are a few pages: 3 of free space map and 1 of visibility map here */
        CHECK(total - t->size_bytes > 0 && total - t->size_bytes <= 8 * 8192);
    }
    t = table(&s, "sales.payment");
    if (t) {
        printf("estimates: sales.payment: %lld rows, %lld bytes; its partitions: %ld rows,"
               " %ld bytes without the maps\n",
               t->row_estimate, t->size_bytes, part_rows, part_want);
        CHECK(per_part == 2); /* both partitions hold rows, so the sum is a sum */
        CHECK_INT(t->row_estimate, 700);
        CHECK_INT(t->row_estimate, part_rows);
        CHECK_INT(t->size_bytes, part_want);
    }
    seam_schema_free(&s);
    free(ci);
    CHECK(pg_exec_in(db, "DROP TABLE public.sized; DELETE FROM sales.payment"));
}

/*
 * What a schema says, as text, leaving out what a DDL file cannot know
 * (estimates, statistics) or words differently (default expressions, the
 * functions of built-in triggers): tables, columns with types and
 * nullability, keys, unique constraints, partitions, foreign keys with
 * actions, indexes, views with their tables, sequences, triggers.
 */
static char *model_text(const seam_schema *s)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    for (int i = 0; i < s->ntables; i++) {
        const seam_table *t = &s->tables[i];
        fprintf(f, "table %s pk %s (", t->name, t->primary_key_name ? t->primary_key_name : "-");
        for (int k = 0; k < t->nprimary_key; k++)
            fprintf(f, " %s", t->primary_key[k]);
        fprintf(f, " ) parts");
        for (int k = 0; k < t->npartitions; k++)
            fprintf(f, " %s", t->partitions[k]);
        fprintf(f, "\n");
        for (int c = 0; c < t->ncolumns; c++)
            fprintf(f, "  column %s %s%s%s\n", t->columns[c].name, t->columns[c].type,
                    t->columns[c].not_null ? " not null" : "",
                    t->columns[c].identity ? " identity" : "");
        for (int u = 0; u < t->nuniques; u++) {
            fprintf(f, "  unique %s", t->uniques[u].name);
            for (int k = 0; k < t->uniques[u].ncolumns; k++)
                fprintf(f, " %s", t->uniques[u].columns[k]);
            fprintf(f, "\n");
        }
    }
    for (int i = 0; i < s->nforeign_keys; i++) {
        const seam_foreign_key *fk = &s->foreign_keys[i];
        fprintf(f, "fk %s %s ->%s on delete %s on update %s%s:", fk->name, fk->from_table,
                fk->to_table, fk->on_delete, fk->on_update, fk->deferrable ? " deferrable" : "");
        for (int k = 0; k < fk->ncolumns; k++)
            fprintf(f, " %s=%s", fk->from_columns[k], fk->to_columns[k]);
        fprintf(f, "\n");
    }
    for (int i = 0; i < s->nindexes; i++) {
        const seam_index *ix = &s->indexes[i];
        fprintf(f, "index %s.%s%s%s%s:", ix->table, ix->name, ix->unique ? " unique" : "",
                ix->primary ? " primary" : "", ix->partial ? " partial" : "");
        for (int k = 0; k < ix->ncolumns; k++)
            fprintf(f, " %s", ix->columns[k][0] == '(' ? "(expr)" : ix->columns[k]);
        fprintf(f, "\n");
    }
    for (int i = 0; i < s->nviews; i++) {
        fprintf(f, "view %s%s:", s->views[i].name, s->views[i].materialized ? " materialized" : "");
        for (int k = 0; k < s->views[i].ntables; k++)
            fprintf(f, " %s", s->views[i].tables[k]);
        fprintf(f, "\n");
    }
    for (int i = 0; i < s->nsequences; i++)
        fprintf(f, "sequence %s %s owned by %s.%s\n", s->sequences[i].name, s->sequences[i].type,
                s->sequences[i].owner_table ? s->sequences[i].owner_table : "-",
                s->sequences[i].owner_column ? s->sequences[i].owner_column : "-");
    for (int i = 0; i < s->ntriggers; i++) {
        const seam_trigger *tg = &s->triggers[i];
        fprintf(f, "trigger %s.%s %s%s:", tg->table, tg->name, tg->timing,
                tg->for_each_row ? " row" : "");
        for (int k = 0; k < tg->nevents; k++)
            fprintf(f, " %s", tg->events[k]);
        for (int k = 0; k < tg->ntables; k++)
            fprintf(f, " %s/%d", tg->tables[k].table, tg->tables[k].access);
        fprintf(f, "\n");
    }
    fclose(f);
    return buf;
}

/* --schema-sql on the file that made db gives what the live database gives. */
static void compare_ddl(const char *label, const char *db, const char *ddl)
{
    char *ci = pg_conninfo("postgres", db);
    seam_schema live = {0}, file = {0};
    seam_err err = {0};
    CHECK_INT(inspector_read(ci, &live, &err), 0);
    inspector_options o;
    inspector_options_init(&o);
    int rc = inspector_read_ddl(ddl, &o, &file, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "%s: %s\n", label, err.msg);
    CHECK_INT(file.dialect, SEAM_DIALECT_POSTGRESQL);
    char *a = model_text(&live), *b = model_text(&file);
    CHECK(a && b && strcmp(a, b) == 0);
    if (a && b && strcmp(a, b) != 0) {
        size_t i = 0;
        while (a[i] && a[i] == b[i])
            i++;
        while (i > 0 && a[i - 1] != '\n')
            i--;
        fprintf(stderr, "%s: live and DDL differ from:\n  live: %.200s\n  ddl:  %.200s\n", label,
                a + i, b + i);
    } else {
        printf("%s: --schema-sql %s gives the live model (%d tables, %d foreign keys, %d indexes,"
               " %d views, %d triggers)\n",
               label, strrchr(ddl, '/') + 1, file.ntables, file.nforeign_keys, file.nindexes,
               file.nviews, file.ntriggers);
    }
    free(a);
    free(b);
    seam_schema_free(&live);
    seam_schema_free(&file);
    free(ci);
}

static void test_fixture(const char *db)
{
    CHECK(pg_create_db(db));
    CHECK(pg_psql("cat '" SEAM_SOURCE_DIR "/fixtures/shop/schema.pg.sql'", db));
    compare_counts("fixture", db);
    compare_ddl("fixture", db, SEAM_SOURCE_DIR "/fixtures/shop/schema.pg.sql");
    pg_drop_db(db);
}

static void test_pagila(const char *db)
{
    const char *sql = CHECK_SHARED_SCHEMAS "/pagila/pagila-schema.sql";
    check_need_file(sql);
    CHECK(pg_create_db(db));
    char *cat = seam_printf("cat '%s'", sql);
    int ok = pg_psql(cat, db);
    free(cat);
    CHECK(ok);
    if (ok) {
        compare_counts("pagila", db);
        compare_ddl("pagila", db, sql);
        /* payment's partitions are folded into payment, with their foreign keys */
        seam_schema s = {0};
        seam_err err = {0};
        char *ci = pg_conninfo("postgres", db);
        if (inspector_read(ci, &s, &err) == 0) {
            int to_customer = 0;
            for (int i = 0; i < s.ntables; i++)
                CHECK(strncmp(s.tables[i].name, "payment_p", 9) != 0);
            for (int i = 0; i < s.nforeign_keys; i++)
                if (!strcmp(s.foreign_keys[i].from_table, "payment") &&
                    !strcmp(s.foreign_keys[i].to_table, "customer"))
                    to_customer++;
            CHECK_INT(to_customer, 1);
            const seam_table *p = table(&s, "payment");
            CHECK(p && p->npartitions == 7);
            /* last_updated() only sets NEW.last_update: a trigger that touches no table */
            int last_updated = 0;
            for (int i = 0; i < s.ntriggers; i++)
                if (!strcmp(s.triggers[i].name, "last_updated")) {
                    last_updated++;
                    CHECK(s.triggers[i].ntables == 0 && !strcmp(s.triggers[i].language, "plpgsql"));
                }
            CHECK(last_updated > 10);
        }
        seam_schema_free(&s);
        free(ci);
    }
    pg_drop_db(db);
}

/*
 * Chinook's script drops, creates and connects to a database named chinook
 * itself. It is loaded under this test's own name instead (the three lines
 * rewritten on the way to psql), so that nothing else on the server that
 * uses "chinook" is dropped or raced with.
 */
static void test_chinook(const char *db)
{
    const char *sql = CHECK_SHARED_SCHEMAS "/chinook/Chinook_PostgreSql.sql";
    check_need_file(sql);
    char *sed = seam_printf("sed -e 's/^DROP DATABASE IF EXISTS chinook;/DROP DATABASE IF EXISTS "
                            "%s;/' -e 's/^CREATE DATABASE chinook;/CREATE DATABASE %s;/'"
                            " -e 's/^\\\\c chinook;/\\\\c %s/' '%s'",
                            db, db, db, sql);
    int ok = pg_psql(sed, "postgres");
    free(sed);
    CHECK(ok);
    if (ok) {
        compare_counts("chinook", db);
        compare_ddl("chinook", db, sql);
    }
    pg_drop_db(db);
}

int main(int argc, char **argv)
{
    pg_test_init();
    int pid = (int)getpid();
    char db[64], big[64], fixture[64], pagila[64], chinook[64], role[64];
    snprintf(db, sizeof db, "seam_inspect_%d", pid);
    snprintf(big, sizeof big, "seam_inspect_big_%d", pid);
    snprintf(fixture, sizeof fixture, "seam_inspect_fixture_%d", pid);
    snprintf(pagila, sizeof pagila, "seam_inspect_pagila_%d", pid);
    snprintf(chinook, sizeof chinook, "seam_inspect_chinook_%d", pid);
    snprintf(role, sizeof role, "seam_ro_%d", pid);

    if (check_part(argc, argv, "pagila")) {
        test_pagila(pagila);
        return check_finish();
    }
    if (check_part(argc, argv, "chinook")) {
        test_chinook(chinook);
        return check_finish();
    }
    if (!pg_create_db(db)) {
        fprintf(stderr, "cannot create database %s\n", db);
        return 1;
    }
    test_shop(db);
    test_fixed_round_trips(db, big);
    test_schema_filter(db);
    test_read_only_role(db, role);
    test_read_only_session(db);
    test_estimates(db);
    pg_drop_db(db);
    char sql[128];
    snprintf(sql, sizeof sql, "DROP ROLE IF EXISTS %s", role);
    CHECK(pg_exec_in("postgres", sql));

    test_fixture(fixture);
    return check_finish();
}
