/*
 * test_inspect_sqlite.c - the inspector reads a SQLite schema exactly, and
 * leaves the file untouched.
 *
 * Builds its own database with the sqlite3 API (composite and implicit
 * primary keys, single- and multi-column foreign keys, a view, an FTS5
 * virtual table), inspects it and checks every table, column, key and
 * foreign key; then checks the bytes and mtime did not change, that the
 * inspector's connection refuses writes, the error cases, and Chinook's
 * counts against sqlite3's own catalog.
 */
#include "check.h"
#include "inspector.h"

#include <dirent.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

static const char SCHEMA[] =
    "CREATE TABLE customer(id INTEGER PRIMARY KEY, name TEXT NOT NULL, email VARCHAR(80));"
    "CREATE TABLE product(sku TEXT, variant INTEGER, price NUMERIC NOT NULL,"
    "  PRIMARY KEY(variant, sku));"
    /* Parent spelled in another case: reported as the parent spells it. */
    "CREATE TABLE orders(id INTEGER PRIMARY KEY,"
    "  customer_id INTEGER NOT NULL REFERENCES Customer(ID), placed TEXT);"
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
    "INSERT INTO customer VALUES (1, 'Ada', 'ada@example.org');"
    "INSERT INTO orders VALUES (1, 1, '2024-01-01');";

static char *read_file(const char *path, long *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    *len = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)*len + 1);
    if (buf && fread(buf, 1, (size_t)*len, f) != (size_t)*len) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    return buf;
}

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

static void check_shop_schema(const seam_schema *s, const char *path)
{
    CHECK_STR(s->dialect, "sqlite");
    CHECK_STR(s->source, path);
    CHECK_INT(s->ntables, 6); /* no view, no FTS table, no shadow tables */

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

    CHECK_INT(s->nforeign_keys, 7);
    check_fk(s, 0, "audit_approver_fkey", "audit", "approver", "customer", "id");
    check_fk(s, 1, "audit_who_fkey", "audit", "who", "customer", "id");
    check_fk(s, 2, "order_line_order_id_fkey", "order_line", "order_id", "orders", "id");
    check_fk(s, 3, "order_line_variant_sku_fkey", "order_line", "variant,sku", "product",
             "variant,sku");
    check_fk(s, 4, "orders_customer_id_fkey", "orders", "customer_id", "customer", "id");
    check_fk(s, 5, "tag_ref_fkey", "tag", "ref", "customer", "id");
    check_fk(s, 6, "tag_ref_fkey1", "tag", "ref", "orders", "id");
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
    long len0 = 0, len1 = 0;
    char *before = read_file(path, &len0);
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

    char *after = read_file(path, &len1);
    CHECK(stat(path, &st1) == 0);
    CHECK(before && after && len0 == len1 && memcmp(before, after, (size_t)len0) == 0);
    CHECK(st0.st_mtim.tv_sec == st1.st_mtim.tv_sec && st0.st_mtim.tv_nsec == st1.st_mtim.tv_nsec);
    CHECK_INT(count_entries(dir), entries0); /* no journal or WAL left behind */
    free(before);
    free(after);

    /* The connection the inspector reads through refuses writes. */
    sqlite3 *ro = inspector_sqlite_open(path, &err);
    CHECK(ro != NULL);
    if (ro) {
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
    CHECK(s3.ntables == 0 && s3.dialect == NULL);

    /* A read-only URI works. */
    snprintf(uri, sizeof uri, "file:%s?mode=ro", path);
    CHECK_INT(inspector_read(uri, &s3, &err), 0);
    CHECK_INT(s3.ntables, 6);
    seam_schema_free(&s3);

    /* Another connection holding an exclusive lock: "locked", naming the file. */
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "BEGIN EXCLUSIVE", NULL, NULL, NULL) == SQLITE_OK);
    rc = inspector_read(path, &s3, &err);
    CHECK_INT(rc, SEAM_EDB);
    CHECK(strstr(err.msg, path) && strstr(err.msg, "locked") && !strchr(err.msg, '\n'));
    printf("locked: %s\n", err.msg);
    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(db);
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
    CHECK(s.ntables == 0 && s.dialect == NULL && s.source == NULL);

    CHECK_INT(inspector_read(dir, &s, &err), SEAM_EIO);
    CHECK(strstr(err.msg, dir) && strstr(err.msg, "directory"));

    CHECK(inspector_read("", &s, &err) < 0);
}

static int count_sql(sqlite3 *db, const char *sql)
{
    sqlite3_stmt *st = NULL;
    int n = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
        n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return n;
}

static void test_chinook(void)
{
    const char *path = SEAM_SOURCE_DIR "/../shared/schemas/chinook/Chinook_Sqlite.sqlite";
    if (access(path, R_OK) != 0) {
        printf("skipped Chinook: %s is absent\n", path);
        return;
    }
    struct stat st0, st1;
    CHECK(stat(path, &st0) == 0);

    /* The expected counts come from sqlite3 itself, not from seam. */
    sqlite3 *db = NULL;
    CHECK(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    int tables = count_sql(db, "SELECT count(*) FROM sqlite_schema"
                               " WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
    int fks = count_sql(db, "SELECT count(*) FROM (SELECT DISTINCT m.name, f.id"
                            " FROM sqlite_schema m, pragma_foreign_key_list(m.name) f"
                            " WHERE m.type = 'table')");
    sqlite3_close(db);

    seam_schema s = {0};
    seam_err err = {0};
    int rc = inspector_read(path, &s, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "chinook: %s\n", err.msg);
    CHECK(tables > 0);
    CHECK_INT(s.ntables, tables);
    CHECK_INT(s.nforeign_keys, fks);
    printf("chinook sqlite: %d tables, %d foreign keys (sqlite3 says %d, %d)\n", s.ntables,
           s.nforeign_keys, tables, fks);
    for (int i = 0; i < s.ntables; i++) {
        CHECK(s.tables[i].ncolumns > 0);
        CHECK(s.tables[i].nprimary_key > 0);
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

int main(void)
{
    char dir[] = "/tmp/seam-inspect-sqlite-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_shop(dir);
    test_errors(dir);
    test_chinook();

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    return check_finish();
}
