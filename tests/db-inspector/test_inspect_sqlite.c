/*
 * test_inspect_sqlite.c - the inspector reads a SQLite schema exactly, and
 * leaves the file untouched.
 *
 * Builds its own database with the sqlite3 API (composite and implicit
 * primary keys, single- and multi-column foreign keys, a view, an FTS5
 * virtual table), inspects it and checks every table, column, key and
 * foreign key; then checks the bytes and mtime did not change, that the
 * inspector's connection refuses writes, the error cases, Chinook's
 * counts against sqlite3's own catalog, and a long chain of views.
 */
#include "check.h"
#include "inspector.h"

#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char SCHEMA[] =
    "CREATE TABLE customer(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email VARCHAR(80));"
    "CREATE TABLE product(sku TEXT, variant INTEGER, price NUMERIC NOT NULL,"
    "  PRIMARY KEY(variant, sku));"
    /* Parent spelled in another case: reported as the parent spells it. */
    "CREATE TABLE orders(id INTEGER PRIMARY KEY,"
    "  customer_id INTEGER NOT NULL REFERENCES Customer(ID) ON DELETE CASCADE, placed TEXT);"
    /* REFERENCES without columns: the parent's primary key, in key order. */
    "CREATE TABLE order_line(order_id INTEGER NOT NULL REFERENCES orders,"
    "  line INTEGER NOT NULL, sku TEXT, variant INTEGER, qty INTEGER,"
    "  total REAL GENERATED ALWAYS AS (qty * 2) VIRTUAL,"
    "  PRIMARY KEY(order_id, line), FOREIGN KEY(variant, sku) REFERENCES product);"
    /* No primary key; the same foreign key declared twice is one. */
    "CREATE TABLE audit(at TEXT, who INTEGER REFERENCES customer(id),"
    "  approver INTEGER REFERENCES customer(id), FOREIGN KEY(who) REFERENCES customer(id));"
    /* Same columns to two parents: the second name gets a number, as in PostgreSQL. */
    "CREATE TABLE tag(ref INTEGER REFERENCES customer(id), label TEXT,"
    "  FOREIGN KEY(ref) REFERENCES orders(id));"
    "CREATE VIEW big_orders AS SELECT * FROM orders WHERE id > 10;"
    "CREATE INDEX orders_by_customer ON orders(customer_id);"
    "CREATE VIRTUAL TABLE notes USING fts5(body);"
    /* defaults, unique constraints (column and table), an expression and partial index */
    "CREATE TABLE tag_log(id INTEGER PRIMARY KEY, what TEXT DEFAULT 'x',"
    "  at TEXT DEFAULT (datetime('now')), code TEXT UNIQUE, UNIQUE(what, at));"
    "CREATE INDEX tag_log_lower ON tag_log(lower(what)) WHERE id > 10;"
    /* a view over a view, and triggers whose bodies touch other tables */
    "CREATE VIEW big_customers AS SELECT c.name FROM customer c"
    "  JOIN big_orders b ON b.customer_id = c.id;"
    "CREATE TRIGGER orders_audit AFTER UPDATE OF placed ON orders BEGIN"
    "  INSERT INTO tag_log(what) SELECT name FROM customer WHERE id = new.customer_id; END;"
    "CREATE TRIGGER no_delete BEFORE DELETE ON customer BEGIN SELECT RAISE(ABORT, 'no'); END;"
    "CREATE TRIGGER \"big insert\" INSTEAD OF INSERT ON big_orders BEGIN"
    "  INSERT INTO orders(customer_id) VALUES (new.customer_id); END;"
    "INSERT INTO customer VALUES (1, 'Ada', 'ada@example.org');"
    "INSERT INTO orders VALUES (1, 1, '2024-01-01');";

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    if (!d)
        return -1;
    for (struct dirent *e; (e = readdir(d));)
        n++;
    closedir(d);
    return n;
}

static void check_column(const seam_table *t, int i, const char *name, const char *type, int nn)
{
    CHECK(i < t->ncolumns);
    if (i >= t->ncolumns)
        return;
    CHECK_STR(t->columns[i].name, name);
    CHECK_STR(t->columns[i].type, type);
    CHECK_INT(t->columns[i].not_null, nn);
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

static void check_strv(char **v, int n, const char *want)
{
    char got[512] = "";
    for (int i = 0; i < n; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? "," : "", v[i]);
    CHECK_STR(got, want);
}

static void check_index(const seam_index *ix, const char *table, const char *name, const char *cols,
                        int unique, int primary)
{
    CHECK_STR(ix->table, table);
    CHECK_STR(ix->name, name);
    check_strv(ix->columns, ix->ncolumns, cols);
    CHECK_INT(ix->unique, unique);
    CHECK_INT(ix->primary, primary);
    CHECK_STR(ix->method, "btree");
}

static void check_objects(const seam_schema *s)
{
    CHECK_INT(s->nindexes, 6);
    if (s->nindexes == 6) {
        check_index(&s->indexes[0], "order_line", "sqlite_autoindex_order_line_1", "order_id,line",
                    1, 1);
        check_index(&s->indexes[1], "orders", "orders_by_customer", "customer_id", 0, 0);
        check_index(&s->indexes[2], "product", "sqlite_autoindex_product_1", "variant,sku", 1, 1);
        check_index(&s->indexes[3], "tag_log", "sqlite_autoindex_tag_log_1", "code", 1, 0);
        check_index(&s->indexes[4], "tag_log", "sqlite_autoindex_tag_log_2", "what,at", 1, 0);
        check_index(&s->indexes[5], "tag_log", "tag_log_lower", "(expression)", 0, 0);
        CHECK(s->indexes[5].partial && !s->indexes[0].partial);
        CHECK_STR(s->indexes[5].predicate, "id > 10");
    }
    CHECK_INT(s->nviews, 2);
    if (s->nviews == 2) {
        CHECK_STR(s->views[0].name, "big_customers");
        check_strv(s->views[0].tables, s->views[0].ntables, "customer,orders"); /* via big_orders */
        CHECK_STR(s->views[1].name, "big_orders");
        check_strv(s->views[1].tables, s->views[1].ntables, "orders");
        CHECK(!s->views[1].materialized);
    }
    CHECK_INT(s->ntriggers, 3);
    if (s->ntriggers == 3) {
        const seam_trigger *tg = &s->triggers[0];
        CHECK_STR(tg->name, "big insert");
        CHECK_STR(tg->table, "big_orders");
        CHECK_STR(tg->timing, "INSTEAD OF");
        check_strv(tg->events, tg->nevents, "INSERT");
        CHECK(tg->ntables == 1 && !strcmp(tg->tables[0].table, "orders") &&
              tg->tables[0].access == SEAM_WRITE);
        tg = &s->triggers[1];
        CHECK_STR(tg->name, "no_delete");
        CHECK_STR(tg->timing, "BEFORE");
        check_strv(tg->events, tg->nevents, "DELETE");
        CHECK_INT(tg->ntables, 0);
        tg = &s->triggers[2];
        CHECK_STR(tg->name, "orders_audit");
        CHECK_STR(tg->timing, "AFTER");
        check_strv(tg->events, tg->nevents, "UPDATE");
        CHECK(tg->for_each_row && tg->enabled && tg->function == NULL);
        CHECK_STR(tg->language, "sql");
        /* NEW.customer_id is not a read of orders; customer and tag_log are used */
        CHECK_INT(tg->ntables, 2);
        if (tg->ntables == 2) {
            CHECK_STR(tg->tables[0].table, "customer");
            CHECK_INT(tg->tables[0].access, SEAM_READ);
            CHECK_STR(tg->tables[1].table, "tag_log");
            CHECK_INT(tg->tables[1].access, SEAM_WRITE);
        }
    }
    CHECK(s->nsequences == 0 && s->nquery_stats == 0 && s->nskipped == 0 && s->nwarnings == 0);
}

static void check_shop_schema(const seam_schema *s, const char *path)
{
    CHECK_INT(s->dialect, SEAM_DIALECT_SQLITE);
    CHECK_STR(s->source, path);
    CHECK_INT(s->ntables, 7); /* no view, no FTS table, no shadow tables */

    const seam_table *t;
    if ((t = table(s, 0, "audit"))) {
        CHECK_INT(t->ncolumns, 3);
        check_column(t, 0, "at", "TEXT", 0);
        check_column(t, 1, "who", "INTEGER", 0);
        check_column(t, 2, "approver", "INTEGER", 0);
        CHECK_INT(t->nprimary_key, 0);
    }
    if ((t = table(s, 1, "customer"))) {
        CHECK_INT(t->ncolumns, 3);
        check_column(t, 0, "id", "INTEGER", 0);
        check_column(t, 1, "name", "TEXT", 1);
        check_column(t, 2, "email", "VARCHAR(80)", 0);
        CHECK_INT(t->nprimary_key, 1);
        if (t->nprimary_key == 1)
            CHECK_STR(t->primary_key[0], "id");
    }
    if ((t = table(s, 2, "order_line"))) {
        CHECK_INT(t->ncolumns, 6);
        check_column(t, 0, "order_id", "INTEGER", 1);
        check_column(t, 1, "line", "INTEGER", 1);
        check_column(t, 2, "sku", "TEXT", 0);
        check_column(t, 3, "variant", "INTEGER", 0);
        check_column(t, 4, "qty", "INTEGER", 0);
        check_column(t, 5, "total", "REAL", 0);
        CHECK_INT(t->nprimary_key, 2);
        if (t->nprimary_key == 2) {
            CHECK_STR(t->primary_key[0], "order_id");
            CHECK_STR(t->primary_key[1], "line");
        }
    }
    if ((t = table(s, 3, "orders"))) {
        CHECK_INT(t->ncolumns, 3);
        check_column(t, 1, "customer_id", "INTEGER", 1);
        CHECK_INT(t->nprimary_key, 1);
    }
    if ((t = table(s, 4, "product"))) {
        CHECK_INT(t->ncolumns, 3);
        check_column(t, 0, "sku", "TEXT", 0);
        check_column(t, 1, "variant", "INTEGER", 0);
        check_column(t, 2, "price", "NUMERIC", 1);
        /* key order, not column order */
        CHECK_INT(t->nprimary_key, 2);
        if (t->nprimary_key == 2) {
            CHECK_STR(t->primary_key[0], "variant");
            CHECK_STR(t->primary_key[1], "sku");
        }
    }
    if ((t = table(s, 5, "tag"))) {
        CHECK_INT(t->ncolumns, 2);
        CHECK_INT(t->nprimary_key, 0);
    }

    if ((t = table(s, 6, "tag_log"))) {
        CHECK_STR(t->columns[1].default_value, "'x'");
        CHECK_STR(t->columns[2].default_value, "datetime('now')");
        CHECK(t->columns[3].default_value == NULL);
        CHECK_INT(t->nuniques, 2);
        if (t->nuniques == 2) {
            CHECK_STR(t->uniques[0].name, "tag_log_code_key");
            CHECK_STR(t->uniques[1].name, "tag_log_what_at_key");
            CHECK(t->uniques[1].ncolumns == 2 && !strcmp(t->uniques[1].columns[1], "at"));
        }
        CHECK(!t->has_estimates && !t->has_stats);
    }

    CHECK_INT(s->nforeign_keys, 7);
    check_fk(s, 0, "audit_approver_fkey", "audit", "approver", "customer", "id");
    check_fk(s, 1, "audit_who_fkey", "audit", "who", "customer", "id");
    check_fk(s, 2, "order_line_order_id_fkey", "order_line", "order_id", "orders", "id");
    check_fk(s, 3, "order_line_variant_sku_fkey", "order_line", "variant,sku", "product",
             "variant,sku");
    check_fk(s, 4, "orders_customer_id_fkey", "orders", "customer_id", "customer", "id");
    check_fk(s, 5, "tag_ref_fkey", "tag", "ref", "customer", "id");
    check_fk(s, 6, "tag_ref_fkey1", "tag", "ref", "orders", "id");
    if (s->nforeign_keys == 7) {
        CHECK_STR(s->foreign_keys[4].on_delete, "CASCADE");
        CHECK_STR(s->foreign_keys[4].on_update, "NO ACTION");
    }
    check_strv(s->schemas, s->nschemas, "main");
    check_objects(s);
}

/* The integer a one-row statement returns (a count, a pragma), or -1. */
static int count_sql(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_shop(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/shop.db", dir);
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    char *msg = NULL;
    CHECK(sqlite3_exec(db, SCHEMA, NULL, NULL, &msg) == SQLITE_OK);
    if (msg)
        fprintf(stderr, "schema: %s\n", msg);
    sqlite3_free(msg);
    sqlite3_close(db);

    /* Backdate the mtime so that any write, even within the same second, would show. */
    struct timespec times[2] = {{1000000000, 0}, {1000000000, 0}};
    CHECK(utimensat(AT_FDCWD, path, times, 0) == 0);
    size_t len0 = 0, len1 = 0;
    char *before = check_slurp(path, &len0);
    struct stat st0, st1;
    CHECK(stat(path, &st0) == 0);
    int entries0 = count_entries(dir);

    seam_schema s = {0};
    seam_err err = {0};
    int rc = inspector_read(path, &s, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "inspector_read: %s\n", err.msg);
    check_shop_schema(&s, path);

    /* Read twice, same result: the order does not depend on anything but the file. */
    seam_schema s2 = {0};
    CHECK_INT(inspector_read(path, &s2, &err), 0);
    check_shop_schema(&s2, path);
    seam_schema_free(&s2);
    seam_schema_free(&s);

    char *after = check_slurp(path, &len1);
    CHECK(stat(path, &st1) == 0);
    CHECK(before && after && len0 == len1 && memcmp(before, after, len0) == 0);
    CHECK(st0.st_mtim.tv_sec == st1.st_mtim.tv_sec && st0.st_mtim.tv_nsec == st1.st_mtim.tv_nsec);
    CHECK_INT(count_entries(dir), entries0); /* no journal or WAL left behind */
    free(before);
    free(after);

    /* The connection the inspector reads through refuses writes. */
    sqlite3 *ro = inspector_sqlite_open(path, &err);
    CHECK(ro != NULL);
    if (ro) {
        CHECK_INT(count_sql(ro, "PRAGMA query_only"), 1);
        CHECK(sqlite3_exec(ro, "CREATE TABLE x(a int)", NULL, NULL, NULL) == SQLITE_READONLY);
        CHECK(sqlite3_exec(ro, "INSERT INTO customer VALUES (2, 'Bob', NULL)", NULL, NULL, NULL) ==
              SQLITE_READONLY);
        /* Lifting query_only still leaves SQLITE_OPEN_READONLY in the way. */
        CHECK(sqlite3_exec(ro, "PRAGMA query_only=0", NULL, NULL, NULL) == SQLITE_OK);
        CHECK(sqlite3_exec(ro, "DELETE FROM customer", NULL, NULL, NULL) == SQLITE_READONLY);
        sqlite3_close(ro);
    }

    /* A URI asking for write access is refused, not honoured. */
    char uri[600];
    snprintf(uri, sizeof uri, "file:%s?mode=rwc", path);
    seam_schema s3 = {0};
    CHECK(inspector_read(uri, &s3, &err) < 0);
    CHECK(strstr(err.msg, uri) != NULL);
    CHECK(s3.ntables == 0 && s3.dialect == SEAM_DIALECT_NONE);

    /* A read-only URI works. */
    snprintf(uri, sizeof uri, "file:%s?mode=ro", path);
    CHECK_INT(inspector_read(uri, &s3, &err), 0);
    CHECK_INT(s3.ntables, 7);
    seam_schema_free(&s3);

    /* Another connection holding an exclusive lock: "locked", naming the file. */
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) == SQLITE_OK);
    rc = inspector_read(path, &s3, &err);
    CHECK_INT(rc, SEAM_EDB);
    CHECK(strstr(err.msg, path) && strstr(err.msg, "locked") && !strchr(err.msg, '\n'));
    printf("locked: %s\n", err.msg);
    /* immutable=1 (on request: read-only media nothing else writes) takes no lock at all */
    inspector_options o;
    inspector_options_init(&o);
    o.immutable = 1;
    CHECK_INT(inspector_read_with(path, &o, &s3, &err), 0);
    CHECK_INT(s3.ntables, 7);
    seam_schema_free(&s3);
    snprintf(uri, sizeof uri, "file:%s?mode=ro", path);
    CHECK_INT(inspector_read_with(uri, &o, &s3, &err), 0);
    CHECK_INT(s3.ntables, 7);
    seam_schema_free(&s3);
    /* --schema is PostgreSQL's */
    const char *only[] = {"main"};
    o.schemas = only;
    o.nschemas = 1;
    CHECK_INT(inspector_read_with(path, &o, &s3, &err), SEAM_EUSAGE);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
}

/* path is refused before SQLite opens it: "'path' is not a regular file (kind)". */
static void check_not_regular(const char *path, const char *kind)
{
    seam_schema s = {0};
    seam_err err = {0};
    CHECK_INT(inspector_read(path, &s, &err), SEAM_EIO);
    printf("not a regular file: %s\n", err.msg);
    char want[600];
    snprintf(want, sizeof want, "'%s' is not a regular file (%s)", path, kind);
    CHECK_STR(err.msg, want);
    CHECK(s.ntables == 0 && s.dialect == SEAM_DIALECT_NONE && s.source == NULL);
    CHECK(inspector_sqlite_open(path, &err) == NULL);
}

static void test_errors(const char *dir)
{
    char path[512];
    seam_schema s = {0};
    seam_err err = {0};

    snprintf(path, sizeof path, "%s/missing.db", dir);
    CHECK_INT(inspector_read(path, &s, &err), SEAM_EIO);
    CHECK(strstr(err.msg, path) && strstr(err.msg, "no such file"));
    printf("missing: %s\n", err.msg);
    CHECK(access(path, F_OK) != 0); /* not created */
    CHECK(inspector_sqlite_open(path, &err) == NULL);

    snprintf(path, sizeof path, "%s/notes.txt", dir);
    FILE *f = fopen(path, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("This is a text file, not a database. It is long enough to have a header.\n", f);
        for (int i = 0; i < 40; i++)
            fputs("Some more text so that SQLite reads a full page of it.\n", f);
        fclose(f);
    }
    CHECK_INT(inspector_read(path, &s, &err), SEAM_EIO);
    CHECK(strstr(err.msg, path) && strstr(err.msg, "file is not a database"));
    CHECK(!strchr(err.msg, '\n'));
    printf("not a database: %s\n", err.msg);
    CHECK(s.ntables == 0 && s.dialect == SEAM_DIALECT_NONE && s.source == NULL);

    /* An encrypted database looks like random bytes to SQLite. */
    snprintf(path, sizeof path, "%s/encrypted.db", dir);
    f = fopen(path, "wb");
    FILE *rnd = fopen("/dev/urandom", "rb");
    CHECK(f && rnd);
    if (f && rnd) {
        char block[4096];
        for (int i = 0; i < 4; i++)
            if (fread(block, 1, sizeof block, rnd) == sizeof block)
                fwrite(block, 1, sizeof block, f);
    }
    if (rnd)
        fclose(rnd);
    if (f)
        fclose(f);
    CHECK_INT(inspector_read(path, &s, &err), SEAM_EIO);
    CHECK(strstr(err.msg, path) && strstr(err.msg, "file is not a database"));
    printf("encrypted: %s\n", err.msg);

    CHECK_INT(inspector_read(dir, &s, &err), SEAM_EIO);
    CHECK(strstr(err.msg, dir) && strstr(err.msg, "directory"));
    check_not_regular(dir, "a directory");

    /*
     * Not regular files: SQLite would block forever opening a FIFO (no
     * writer) and read /dev/zero forever. Refused before anything is
     * opened, through a file: URI too. The test has its own alarm: a hang
     * fails it rather than the suite's timeout.
     */
    alarm(20);
    snprintf(path, sizeof path, "%s/fifo.db", dir);
    CHECK(mkfifo(path, 0600) == 0);
    check_not_regular(path, "a FIFO");
    check_not_regular("/dev/zero", "a character device");
    check_not_regular("file:/dev/zero?mode=ro", "a character device");
    check_not_regular("file:///dev/zero", "a character device");
    alarm(0);

    /* An empty file is no database (SQLite would read it as an empty one). */
    snprintf(path, sizeof path, "%s/empty.db", dir);
    f = fopen(path, "w");
    CHECK(f != NULL);
    if (f)
        fclose(f);
    CHECK_INT(inspector_read(path, &s, &err), SEAM_EIO);
    printf("empty file: %s\n", err.msg);
    char want[600];
    snprintf(want, sizeof want, "'%s' is not a SQLite database (empty file)", path);
    CHECK_STR(err.msg, want);
    CHECK(s.ntables == 0 && s.source == NULL);
    CHECK(inspector_sqlite_open(path, &err) == NULL);
    /* an empty file whose -wal holds the database (before its first checkpoint) is read */
    char wal[600];
    snprintf(wal, sizeof wal, "%s-wal", path);
    f = fopen(wal, "w");
    if (f) {
        fputs("not empty", f);
        fclose(f);
    }
    CHECK(inspector_read(path, &s, &err) != SEAM_EIO || !strstr(err.msg, "empty file"));
    seam_schema_free(&s);
    unlink(wal);

    CHECK(inspector_read("", &s, &err) < 0);
}

/*
 * seam's counts of tables, columns, foreign keys, views and indexes equal
 * what sqlite3 itself says about the file; and the file is not touched.
 */
static void compare_counts(const char *label, const char *path)
{
    struct stat st0, st1;
    CHECK(stat(path, &st0) == 0);

    sqlite3 *db = NULL;
    CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
#define TABLES "(SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%')"
    int want[5] = {
        count_sql(db, "SELECT count(*) FROM " TABLES),
        count_sql(db, "SELECT count(*) FROM " TABLES " t, pragma_table_xinfo(t.name) c"
                      " WHERE c.hidden <> 1"),
        count_sql(db, "SELECT count(*) FROM (SELECT DISTINCT t.name, f.id FROM " TABLES " t,"
                      " pragma_foreign_key_list(t.name) f)"),
        count_sql(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'view'"),
        count_sql(db, "SELECT count(*) FROM " TABLES " t, pragma_index_list(t.name) i"),
    };
#undef TABLES
    sqlite3_close(db);

    seam_schema s = {0};
    seam_err err = {0};
    int rc = inspector_read(path, &s, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "%s: %s\n", label, err.msg);
    int columns = 0;
    for (int i = 0; i < s.ntables; i++)
        columns += s.tables[i].ncolumns;
    int got[5] = {s.ntables, columns, s.nforeign_keys, s.nviews, s.nindexes};
    static const char *what[] = {"tables", "columns", "foreign keys", "views", "indexes"};
    CHECK(want[0] > 0);
    for (int i = 0; i < 5; i++) {
        CHECK_INT(got[i], want[i]);
        printf("%s: %s: seam %d, sqlite3 %d\n", label, what[i], got[i], want[i]);
    }
    for (int i = 0; i < s.ntables; i++) {
        CHECK(s.tables[i].ncolumns > 0);
        if (i > 0)
            CHECK(strcmp(s.tables[i - 1].name, s.tables[i].name) < 0);
    }
    for (int i = 0; i < s.nforeign_keys; i++) {
        const seam_foreign_key *fk = &s.foreign_keys[i];
        CHECK(seam_schema_find_table(&s, fk->to_table) >= 0);
        CHECK(fk->ncolumns > 0 && *fk->to_columns[0]);
    }
    seam_schema_free(&s);
    CHECK(stat(path, &st1) == 0);
    CHECK(st0.st_mtim.tv_sec == st1.st_mtim.tv_sec && st0.st_mtim.tv_nsec == st1.st_mtim.tv_nsec);
    CHECK(st0.st_size == st1.st_size);
}

static void test_fixture(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/fixture.db", dir);
    FILE *f = fopen(SEAM_SOURCE_DIR "/fixtures/shop/schema.sql", "r");
    char *ddl = NULL;
    size_t len = 0;
    CHECK(f && getdelim(&ddl, &len, '\0', f) > 0);
    if (f)
        fclose(f);
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(ddl && sqlite3_exec(db, ddl, NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    free(ddl);
    compare_counts("fixture", path);
}

static void test_chinook(void)
{
    const char *path = CHECK_SHARED_SCHEMAS "/chinook/Chinook_Sqlite.sqlite";
    check_need_file(path);
    compare_counts("chinook", path);
}

static const seam_view *view(const seam_schema *s, const char *name)
{
    for (int i = 0; i < s->nviews; i++)
        if (!strcmp(s->views[i].name, name))
            return &s->views[i];
    return NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Nonzero when view name of s reads exactly the tables want lists ("a b", sorted). */
static int view_reads(const seam_schema *s, const char *name, const char *want)
{
    const seam_view *v = view(s, name);
    char got[512] = "";
    for (int i = 0; v && i < v->ntables; i++)
        snprintf(got + strlen(got), sizeof got - strlen(got), "%s%s", i ? " " : "", v->tables[i]);
    if (!v || strcmp(got, want) != 0)
        fprintf(stderr, "view %s reads '%s', not '%s'\n", name, v ? got : "(missing)", want);
    return v && !strcmp(got, want);
}

/*
 * Views over views: a chain of 2,000 (v1 reads t, v2 reads v1, ...), where
 * every view must come out reading t, created in reverse so that the order
 * of creation is no help; and the shapes the per-view reading must get
 * right: a CTE (its reads are the CTE's in SQLite's authorizer), a diamond,
 * names quoted and in another case, a view whose text names another view
 * only as a column alias (a name cycle, a_x and b_x), a view over a virtual
 * table and one over a dropped table. Compiling each view whole in SQLite
 * took cubic time (91 s for this chain); the bound below is far above the
 * linear reading's time (well under a second), far below the cubic one's.
 */
static void test_view_chain(const char *dir)
{
    char path[512];
    snprintf(path, sizeof path, "%s/chain.db", dir);
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    enum { N = 2000 };
    char sql[256];
    int ok = sqlite3_exec(db,
                          "BEGIN; CREATE TABLE t (id INTEGER PRIMARY KEY, x TEXT);"
                          "CREATE TABLE u (id INTEGER PRIMARY KEY, y TEXT);"
                          "CREATE TABLE gone (id);"
                          "CREATE VIRTUAL TABLE docs USING fts5(body);"
                          "CREATE VIEW \"Big T\" AS SELECT * FROM T WHERE id > 10;"
                          "CREATE VIEW cte AS WITH w AS (SELECT * FROM u) SELECT * FROM w"
                          "  JOIN [big t] USING (id);"
                          "CREATE VIEW diamond AS SELECT * FROM cte, \"Big T\", v1;"
                          "CREATE VIEW b_x AS SELECT * FROM a_x;"
                          "CREATE VIEW a_x AS SELECT id AS b_x FROM u;"
                          "CREATE VIEW on_docs AS SELECT * FROM docs;"
                          "CREATE VIEW on_gone AS SELECT * FROM gone;"
                          "CREATE VIEW over_gone AS SELECT * FROM on_gone;",
                          NULL, NULL, NULL) == SQLITE_OK;
    for (int i = N; ok && i >= 2; i--) {
        snprintf(sql, sizeof sql, "CREATE VIEW v%d AS SELECT * FROM v%d", i, i - 1);
        ok = sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
    }
    ok = ok && sqlite3_exec(db, "CREATE VIEW v1 AS SELECT * FROM t; DROP TABLE gone; COMMIT", NULL,
                            NULL, NULL) == SQLITE_OK;
    CHECK(ok);
    sqlite3_close(db);

    seam_schema s = {0};
    seam_err err = {0};
    double t0 = now();
    int rc = inspector_read(path, &s, &err);
    double secs = now() - t0;
    printf("%d chained views: read in %.2f s\n", N, secs);
    CHECK_INT(rc, 0);
    CHECK_INT(s.nviews, N + 8);
    CHECK_INT(s.ntables, 2); /* t and u: not the FTS table, nor its shadow tables */
    snprintf(sql, sizeof sql, "v%d", N);
    CHECK(view_reads(&s, sql, "t"));
    CHECK(view_reads(&s, "v1000", "t"));
    CHECK(view_reads(&s, "v1", "t"));
    int all = 1;
    for (int i = 0; i < s.nviews; i++)
        if (s.views[i].name[0] == 'v' &&
            (s.views[i].ntables != 1 || strcmp(s.views[i].tables[0], "t")))
            all = 0;
    CHECK(all);
    CHECK(view_reads(&s, "Big T", "t"));
    CHECK(view_reads(&s, "cte", "t u"));
    CHECK(view_reads(&s, "diamond", "t u"));
    CHECK(view_reads(&s, "a_x", "u"));
    CHECK(view_reads(&s, "b_x", "u"));
    CHECK(view_reads(&s, "on_docs", "")); /* a virtual table is not one of the tables */
    CHECK(view_reads(&s, "on_gone", "")); /* does not compile: reads nothing we can name */
    CHECK(view_reads(&s, "over_gone", ""));
    CHECK(secs < 30);
    seam_schema_free(&s);
}

int main(int argc, char **argv)
{
    if (check_part(argc, argv, "chinook")) {
        test_chinook();
        return check_finish();
    }
    char dir[] = "/tmp/seam-inspect-sqlite-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_shop(dir);
    test_errors(dir);
    test_fixture(dir);
    test_view_chain(dir);

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    return check_finish();
}
