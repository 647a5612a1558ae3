/*
 * test_inspect_ddl.c - --schema-sql: a schema from a DDL file, without a
 * database (the live-database comparisons for PostgreSQL DDL are in
 * test_inspect_pg.c, which has a server).
 *
 *   - SQLite DDL gives the same schema.json, byte for byte but for
 *     "source", as the SQLite database built from it (the fixture; Chinook's
 *     script against its ready .sqlite file);
 *   - PostgreSQL DDL in pg_dump's style and in migrations' style (ALTER,
 *     RENAME, DROP, SET search_path, partitions, serial, identity, psql
 *     meta-commands) gives the schema a server would hold;
 *   - the dialect rule; syntax errors as FILE:LINE, one line; files that
 *     are missing, directories or binary; ATTACH and VACUUM INTO refused
 *     with nothing written.
 */
#include "check.h"
#include "inspector.h"
#include "report.h"

#include <dirent.h>
#include <strings.h>
#include <sqlite3.h>
#include <unistd.h>

static char dir[] = "/tmp/seam-inspect-ddl-XXXXXX";

static char *write_file(const char *name, const char *text)
{
    char *path = seam_printf("%s/%s", dir, name);
    FILE *f = path ? fopen(path, "w") : NULL;
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
    return path;
}

static int read_ddl(const char *path, const char *dialect, seam_schema *s, seam_err *err)
{
    inspector_options o;
    inspector_options_init(&o);
    o.dialect = dialect;
    return inspector_read_ddl(path, &o, s, err);
}

/* schema.json of s with source blanked, for comparing two readings of the same schema. */
static char *json_without_source(seam_schema *s)
{
    char *saved = s->source;
    s->source = NULL;
    char *text = report_schema_json_text(s);
    s->source = saved;
    return text;
}

/* The DDL file and the database built from it read the same. */
static void compare_with_database(const char *label, const char *ddl, const char *db)
{
    seam_schema a = {0}, b = {0};
    seam_err err = {0};
    int rc = inspector_read(db, &a, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "%s: %s\n", label, err.msg);
    rc = read_ddl(ddl, NULL, &b, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "%s DDL: %s\n", label, err.msg);
    CHECK_INT(b.dialect, SEAM_DIALECT_SQLITE);
    CHECK_STR(b.source, ddl);
    char *ja = json_without_source(&a), *jb = json_without_source(&b);
    CHECK(ja && jb && strcmp(ja, jb) == 0);
    if (ja && jb && strcmp(ja, jb) != 0)
        fprintf(stderr, "%s: the DDL's schema differs from the database's\n", label);
    printf("%s: %d tables, %d foreign keys, %d indexes, %d views: DDL and database agree\n", label,
           b.ntables, b.nforeign_keys, b.nindexes, b.nviews);
    CHECK(b.ntables > 0 && b.nforeign_keys > 0);
    free(ja);
    free(jb);
    seam_schema_free(&a);
    seam_schema_free(&b);
}

static void test_sqlite_fixture(void)
{
    const char *ddl = SEAM_SOURCE_DIR "/fixtures/shop/schema.sql";
    char *db = seam_printf("%s/shop.db", dir);
    sqlite3 *h = NULL;
    CHECK(sqlite3_open(db, &h) == SQLITE_OK);
    FILE *f = fopen(ddl, "r");
    char *text = NULL;
    size_t len = 0;
    CHECK(f && getdelim(&text, &len, '\0', f) > 0);
    if (f)
        fclose(f);
    CHECK(text && sqlite3_exec(h, text, NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(h);
    free(text);
    compare_with_database("fixture schema.sql", ddl, db);
    free(db);
}

static void test_sqlite_chinook(void)
{
    const char *ddl = CHECK_SHARED_SCHEMAS "/chinook/Chinook_Sqlite.sql";
    const char *db = CHECK_SHARED_SCHEMAS "/chinook/Chinook_Sqlite.sqlite";
    check_need_file(ddl);
    check_need_file(db);
    compare_with_database("Chinook_Sqlite.sql", ddl, db);
}

static const char PG_DUMP[] =
    "--\n-- PostgreSQL database dump\n--\n"
    "SET statement_timeout = 0;\n"
    "SELECT pg_catalog.set_config('search_path', '', false);\n"
    "\\connect shop\n"
    "CREATE SCHEMA sales;\n"
    "CREATE TYPE public.mood AS ENUM ('ok', 'sad');\n"
    "CREATE FUNCTION public.audit_order() RETURNS trigger LANGUAGE plpgsql AS $_$\n"
    "BEGIN\n  INSERT INTO public.audit_log (what) SELECT name FROM public.customer;\n"
    "  RETURN NEW;\nEND $_$;\n"
    "CREATE SEQUENCE public.customer_id_seq AS integer START WITH 1;\n"
    "CREATE TABLE public.customer (\n"
    "    id integer DEFAULT nextval('public.customer_id_seq'::regclass) NOT NULL,\n"
    "    name text NOT NULL,\n    mood public.mood DEFAULT 'ok'::public.mood,\n"
    "    email character varying(80),\n    born timestamp(3) with time zone,\n"
    "    score numeric(6),\n    tags text[]\n);\n"
    "ALTER SEQUENCE public.customer_id_seq OWNED BY public.customer.id;\n"
    "CREATE TABLE public.audit_log (at timestamptz DEFAULT now(), what text);\n"
    "CREATE TABLE sales.orders (\n"
    "    id bigint NOT NULL,\n    customer_id integer NOT NULL,\n    total bigint,\n"
    "    placed date NOT NULL\n) PARTITION BY RANGE (placed);\n"
    "CREATE TABLE sales.orders_2024 (\n"
    "    id bigint NOT NULL,\n    customer_id integer NOT NULL,\n    total bigint,\n"
    "    placed date NOT NULL\n);\n"
    "ALTER TABLE sales.orders ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (\n"
    "    SEQUENCE NAME sales.orders_id_seq START WITH 1\n);\n"
    "ALTER TABLE ONLY sales.orders ATTACH PARTITION sales.orders_2024"
    " FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');\n"
    "CREATE VIEW sales.big_orders AS\n SELECT o.id FROM sales.orders o WHERE (o.total > 10);\n"
    "CREATE MATERIALIZED VIEW public.big_customers AS\n"
    " SELECT c.name FROM (public.customer c JOIN sales.big_orders b ON ((b.id = c.id)))"
    " WITH NO DATA;\n"
    "ALTER TABLE ONLY public.customer ADD CONSTRAINT customer_pkey PRIMARY KEY (id);\n"
    "ALTER TABLE ONLY public.customer ADD CONSTRAINT customer_email_key UNIQUE (email);\n"
    "ALTER TABLE ONLY sales.orders ADD CONSTRAINT orders_pkey PRIMARY KEY (id, placed);\n"
    "CREATE INDEX customer_lower ON public.customer USING btree (lower((email)::text));\n"
    "CREATE INDEX orders_big ON ONLY sales.orders USING btree (total) WHERE (total > 100);\n"
    "CREATE INDEX orders_2024_total ON sales.orders_2024 USING btree (total);\n"
    "CREATE TRIGGER orders_audit AFTER INSERT OR DELETE ON sales.orders"
    " FOR EACH ROW EXECUTE FUNCTION public.audit_order();\n"
    "ALTER TABLE ONLY sales.orders_2024\n"
    "    ADD CONSTRAINT orders_2024_customer_id_fkey FOREIGN KEY (customer_id)"
    " REFERENCES public.customer(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED;\n"
    "COMMENT ON TABLE public.customer IS 'people';\n"
    "COMMENT ON COLUMN public.customer.email IS 'login';\n"
    "GRANT ALL ON SCHEMA public TO PUBLIC;\n";

static const seam_table *table(const seam_schema *s, const char *name)
{
    int i = seam_schema_find_table(s, name);
    CHECK(i >= 0);
    return i < 0 ? NULL : &s->tables[i];
}

static void test_pg_dump_style(void)
{
    char *path = write_file("dump.sql", PG_DUMP);
    seam_schema s = {0};
    seam_err err = {0};
    int rc = read_ddl(path, NULL, &s, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "pg_dump style: %s\n", err.msg);
    CHECK_INT(s.dialect, SEAM_DIALECT_POSTGRESQL);
    CHECK_INT(s.ntables, 3); /* the partition is folded into sales.orders */
    CHECK(s.nschemas == 2 && !strcmp(s.schemas[0], "public") && !strcmp(s.schemas[1], "sales"));
    const seam_table *c = table(&s, "customer");
    if (c && c->ncolumns == 7) {
        CHECK_STR(c->columns[0].type, "integer");
        CHECK(c->columns[0].not_null);
        CHECK_STR(c->columns[0].default_value, "nextval('public.customer_id_seq'::regclass)");
        CHECK_STR(c->columns[2].type, "mood");
        CHECK_STR(c->columns[2].default_value, "'ok'::public.mood");
        CHECK_STR(c->columns[3].type, "character varying(80)");
        CHECK_STR(c->columns[3].comment, "login");
        CHECK_STR(c->columns[4].type, "timestamp(3) with time zone");
        CHECK_STR(c->columns[5].type, "numeric(6,0)");
        CHECK_STR(c->columns[6].type, "text[]");
        CHECK_STR(c->primary_key_name, "customer_pkey");
        CHECK(c->nuniques == 1 && !strcmp(c->uniques[0].name, "customer_email_key"));
        CHECK_STR(c->comment, "people");
    } else {
        CHECK(!"customer has 7 columns");
    }
    const seam_table *o = table(&s, "sales.orders");
    if (o) {
        CHECK(o->npartitions == 1 && !strcmp(o->partitions[0], "sales.orders_2024"));
        CHECK(o->nprimary_key == 2 && !strcmp(o->primary_key[1], "placed"));
        CHECK_STR(o->columns[0].identity, "always");
        CHECK(!o->has_estimates && !o->has_stats);
    }
    /* the partition's foreign key is the root's */
    CHECK_INT(s.nforeign_keys, 1);
    if (s.nforeign_keys == 1) {
        const seam_foreign_key *fk = &s.foreign_keys[0];
        CHECK_STR(fk->from_table, "sales.orders");
        CHECK_STR(fk->to_table, "customer");
        CHECK_STR(fk->on_delete, "CASCADE");
        CHECK(fk->deferrable && fk->initially_deferred);
    }
    /* indexes: the two constraint indexes, two of its own; the partition's is folded away */
    CHECK_INT(s.nindexes, 5);
    for (int i = 0; i < s.nindexes; i++) {
        const seam_index *ix = &s.indexes[i];
        CHECK(strcmp(ix->table, "sales.orders_2024") != 0);
        if (!strcmp(ix->name, "customer_lower"))
            CHECK(ix->ncolumns == 1 && !strcmp(ix->columns[0], "(lower((email)::text))"));
        if (!strcmp(ix->name, "orders_big"))
            CHECK(ix->partial && ix->predicate && !strcmp(ix->predicate, "(total > 100)"));
        if (!strcmp(ix->name, "orders_pkey"))
            CHECK(ix->primary && ix->unique && ix->ncolumns == 2);
    }
    CHECK_INT(s.nviews, 2);
    if (s.nviews == 2) {
        CHECK_STR(s.views[0].name, "big_customers");
        CHECK(s.views[0].materialized);
        CHECK(s.views[0].ntables == 2 && !strcmp(s.views[0].tables[0], "customer") &&
              !strcmp(s.views[0].tables[1], "sales.orders"));
    }
    CHECK_INT(s.ntriggers, 1);
    if (s.ntriggers == 1) {
        const seam_trigger *tg = &s.triggers[0];
        CHECK_STR(tg->table, "sales.orders");
        CHECK_STR(tg->function, "audit_order");
        CHECK_STR(tg->language, "plpgsql");
        CHECK(tg->nevents == 2 && !strcmp(tg->events[1], "DELETE"));
        CHECK(tg->ntables == 2 && !strcmp(tg->tables[0].table, "audit_log") &&
              tg->tables[0].access == SEAM_WRITE && tg->tables[1].access == SEAM_READ);
    }
    CHECK_INT(s.nsequences, 2);
    if (s.nsequences == 2) {
        CHECK_STR(s.sequences[0].name, "customer_id_seq");
        CHECK_STR(s.sequences[0].type, "integer");
        CHECK_STR(s.sequences[0].owner_table, "customer");
        CHECK_STR(s.sequences[1].name, "sales.orders_id_seq");
        CHECK_STR(s.sequences[1].owner_column, "id");
    }

    /* --schema on DDL: only sales, and only the foreign keys inside it (none) */
    inspector_options opt;
    inspector_options_init(&opt);
    const char *only[] = {"sales"};
    opt.schemas = only;
    opt.nschemas = 1;
    seam_schema t = {0};
    CHECK_INT(inspector_read_ddl(path, &opt, &t, &err), 0);
    CHECK(t.ntables == 1 && t.nforeign_keys == 0 && t.nviews == 1 && t.nschemas == 1);
    seam_schema_free(&t);

    /* a schema the file does not define (a typo): an error naming those it does */
    const char *typo[] = {"sales", "slaes"};
    opt.schemas = typo;
    opt.nschemas = 2;
    CHECK_INT(inspector_read_ddl(path, &opt, &t, &err), SEAM_EINPUT);
    printf("absent schema: %s\n", err.msg);
    CHECK(strstr(err.msg, "no schema 'slaes' in DDL file '") && strstr(err.msg, path));
    CHECK(strstr(err.msg, "; schemas there: public, sales") && !strchr(err.msg, '\n'));
    CHECK(t.ntables == 0 && t.nschemas == 0 && t.source == NULL);
    seam_schema_free(&s);
    free(path);
}

/* Migrations: the schema after the last one. */
static void test_migrations(void)
{
    char *path = write_file("migrations.sql",
                            "-- 001\n"
                            "CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE);\n"
                            "CREATE TABLE old_orders (id bigserial PRIMARY KEY,\n"
                            "  user_id int REFERENCES users, junk text);\n"
                            "CREATE TABLE scratch (x int);\n"
                            "-- 002\n"
                            "ALTER TABLE old_orders RENAME TO orders;\n"
                            "ALTER TABLE orders RENAME COLUMN user_id TO customer_id;\n"
                            "ALTER TABLE orders DROP COLUMN junk;\n"
                            "ALTER TABLE orders ADD COLUMN total numeric(10, 2) NOT NULL"
                            " DEFAULT 0;\n"
                            "ALTER TABLE orders ALTER COLUMN total TYPE bigint;\n"
                            "DROP TABLE scratch;\n"
                            "SET search_path = billing;\n"
                            "CREATE SCHEMA billing;\n"
                            "CREATE TABLE invoice (id int PRIMARY KEY, order_id bigint"
                            " REFERENCES public.orders);\n"
                            "ALTER TABLE invoice ADD CONSTRAINT invoice_order_unique"
                            " UNIQUE (order_id);\n"
                            "ALTER TABLE invoice DROP CONSTRAINT invoice_order_unique;\n");
    seam_schema s = {0};
    seam_err err = {0};
    int rc = read_ddl(path, "postgresql", &s, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "migrations: %s\n", err.msg);
    CHECK_INT(s.ntables, 3);
    const char *names[] = {"billing.invoice", "orders", "users"};
    for (int i = 0; i < s.ntables && i < 3; i++)
        CHECK_STR(s.tables[i].name, names[i]);
    const seam_table *o = table(&s, "orders");
    if (o && o->ncolumns == 3) {
        CHECK_STR(o->columns[0].type, "bigint");
        /* a renamed table keeps its sequence's name, as in PostgreSQL */
        CHECK_STR(o->columns[0].default_value, "nextval('old_orders_id_seq'::regclass)");
        CHECK_STR(o->columns[1].name, "customer_id");
        CHECK_STR(o->columns[2].name, "total");
        CHECK_STR(o->columns[2].type, "bigint");
        CHECK_STR(o->columns[2].default_value, "0");
        CHECK(o->columns[2].not_null);
    } else {
        CHECK(!"orders has 3 columns");
    }
    const seam_table *inv = table(&s, "billing.invoice");
    CHECK(inv && inv->nuniques == 0);
    CHECK_INT(s.nforeign_keys, 2);
    if (s.nforeign_keys == 2) {
        /* names as PostgreSQL chose them when the constraints were made */
        CHECK_STR(s.foreign_keys[0].name, "invoice_order_id_fkey");
        CHECK_STR(s.foreign_keys[0].to_table, "orders");
        CHECK_STR(s.foreign_keys[0].to_columns[0], "id"); /* the referenced primary key */
        CHECK_STR(s.foreign_keys[1].name, "old_orders_user_id_fkey");
        CHECK_STR(s.foreign_keys[1].from_table, "orders");
        CHECK_STR(s.foreign_keys[1].from_columns[0], "customer_id");
    }
    CHECK_INT(s.nsequences, 2); /* serial and bigserial made them */
    seam_schema_free(&s);
    free(path);
}

static void expect_error(const char *name, const char *text, const char *dialect, int code,
                         const char *must)
{
    char *path = write_file(name, text);
    seam_schema s = {0};
    seam_err err = {0};
    CHECK_INT(read_ddl(path, dialect, &s, &err), code);
    printf("%s: %s\n", name, err.msg);
    if (!strstr(err.msg, must)) {
        CHECK(!"error message lacks an expected part");
        fprintf(stderr, "  wanted '%s'\n", must);
    }
    CHECK(!strchr(err.msg, '\n'));
    CHECK(s.ntables == 0 && s.dialect == SEAM_DIALECT_NONE && s.source == NULL);
    free(path);
}

static int count_entries(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n++;
    if (d)
        closedir(d);
    return n;
}

static void test_errors(void)
{
    /* PostgreSQL DDL with a typo on line 4: libpg_query's position, as a line */
    expect_error("typo.sql",
                 "CREATE TABLE a (id int PRIMARY KEY);\n"
                 "ALTER TABLE ONLY a ADD CONSTRAINT a_x UNIQUE (id);\n"
                 "\n"
                 "CREATE TABEL b (id int);\n",
                 NULL, SEAM_EINPUT, "typo.sql:4: syntax error at or near \"TABEL\"");
    /* SQLite-only syntax read as PostgreSQL, then as SQLite with a typo on line 3 */
    expect_error("typo_sqlite.sql",
                 "CREATE TABLE [a] (id INTEGER PRIMARY KEY AUTOINCREMENT);\n"
                 "CREATE TABLE b (x);\n"
                 "CREATE TABEL c (y);\n",
                 NULL, SEAM_EINPUT, "typo_sqlite.sql:3: near \"TABEL\": syntax error");
    expect_error("forced.sql", "CREATE TABLE a (id int GENERATED ALWAYS AS IDENTITY);\n", "sqlite",
                 SEAM_EINPUT, "forced.sql:1:");
    expect_error("forced.sql", "x", "oracle", SEAM_EUSAGE, "unknown dialect 'oracle'");
    char *missing = seam_printf("%s/missing.sql", dir);
    seam_schema s = {0};
    seam_err err = {0};
    CHECK_INT(read_ddl(missing, NULL, &s, &err), SEAM_EIO);
    CHECK(strstr(err.msg, missing) && strstr(err.msg, "No such file"));
    CHECK_INT(read_ddl(dir, NULL, &s, &err), SEAM_EIO);
    CHECK(strstr(err.msg, "is a directory") != NULL);
    free(missing);
    char *bin = seam_printf("%s/binary.sql", dir);
    FILE *f = fopen(bin, "wb");
    if (f) {
        fwrite("CREATE TABLE a (x);\0\1\2", 1, 22, f);
        fclose(f);
    }
    CHECK_INT(read_ddl(bin, NULL, &s, &err), SEAM_EINPUT);
    CHECK(strstr(err.msg, "NUL bytes") != NULL);
    free(bin);

    /* Nothing reaches the disk from a SQLite DDL file. */
    int before = count_entries();
    char *attach = seam_printf("CREATE TABLE a (x);\nATTACH DATABASE '%s/evil.db' AS e;\n"
                               "CREATE TABLE e.b (y);\n",
                               dir);
    expect_error("attach.sql", attach, "sqlite", SEAM_EINPUT, "attach.sql:2: not authorized");
    free(attach);
    char *vacuum = seam_printf("CREATE TABLE a (x);\nVACUUM INTO '%s/copy.db';\n", dir);
    expect_error("vacuum.sql", vacuum, "sqlite", SEAM_EINPUT, "vacuum.sql:2:");
    free(vacuum);
    CHECK_INT(count_entries(), before + 2); /* the two .sql files, no database */
}

/* auto: SQLite when SQLite runs it all, else PostgreSQL. */
static void test_dialect_rule(void)
{
    seam_schema s = {0};
    seam_err err = {0};
    char *both = write_file("both.sql", "CREATE TABLE a (id int PRIMARY KEY, name text);\n");
    CHECK_INT(read_ddl(both, NULL, &s, &err), 0);
    CHECK_INT(s.dialect, SEAM_DIALECT_SQLITE);
    CHECK(strcasecmp(s.tables[0].columns[0].type, "int") == 0); /* as declared */
    seam_schema_free(&s);
    CHECK_INT(read_ddl(both, "postgresql", &s, &err), 0);
    CHECK_INT(s.dialect, SEAM_DIALECT_POSTGRESQL);
    CHECK_STR(s.tables[0].columns[0].type, "integer");
    seam_schema_free(&s);
    free(both);
    char *pg = write_file("pg.sql", "CREATE TABLE a (id int PRIMARY KEY, at timestamptz"
                                    " DEFAULT now()::timestamptz);\n");
    CHECK_INT(read_ddl(pg, NULL, &s, &err), 0);
    CHECK_INT(s.dialect, SEAM_DIALECT_POSTGRESQL);
    seam_schema_free(&s);
    inspector_options o;
    inspector_options_init(&o);
    const char *only[] = {"main"};
    o.schemas = only;
    o.nschemas = 1;
    char *lite = write_file("lite.sql", "CREATE TABLE [a] (x);\n");
    CHECK_INT(inspector_read_ddl(lite, &o, &s, &err), SEAM_EUSAGE);
    free(pg);
    free(lite);
}

int main(int argc, char **argv)
{
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    int chinook = check_part(argc, argv, "chinook");
    if (chinook)
        test_sqlite_chinook();
    else
        test_sqlite_fixture();
    if (!chinook) {
        test_pg_dump_style();
        test_migrations();
        test_errors();
        test_dialect_rule();
    }
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    return check_finish();
}
