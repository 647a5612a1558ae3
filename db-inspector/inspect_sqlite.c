/*
 * inspect_sqlite.c - the schema of a SQLite database, read through a
 * read-only, query_only connection: tables, columns and foreign keys with
 * set-based queries over the table-valued pragma functions
 * (inspect_sqlite_objects.c reads indexes, views and triggers); and the
 * private in-memory databases that SQLite DDL and view columns are run in.
 */
#include "inspect_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/*
 * The main schema's ordinary tables: not sqlite_*, not virtual tables
 * (rootpage 0), not their shadow tables (the list ?1, a JSON array:
 * inspect_sqlite_shadow_tables). sqlite_schema rather than
 * pragma_table_list, which would tell shadow tables apart by itself but
 * first compiles every view to count its columns: cubic over a chain of
 * views. table_xinfo rather than table_info so that generated columns
 * (hidden 2 = virtual, 3 = stored) are listed; hidden 1 marks a virtual
 * table's hidden columns.
 */
#define TABLES_FROM                                                                                \
    " FROM sqlite_schema AS t"                                                                     \
    " WHERE t.type = 'table' AND t.rootpage <> 0 AND t.name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"     \
    " AND t.name NOT IN (SELECT value FROM json_each(?1))"

static const char COLUMNS_SQL[] = "SELECT t.name, c.name, c.type, c.\"notnull\", c.pk,"
                                  " c.dflt_value, c.hidden"
                                  " FROM (SELECT t.name" TABLES_FROM ") AS t,"
                                  " pragma_table_xinfo(t.name, 'main') AS c"
                                  " WHERE c.hidden IN (0, 2, 3)"
                                  " ORDER BY t.name, c.cid";

static const char FKS_SQL[] = "SELECT t.name, f.id, f.\"table\", f.\"from\", f.\"to\","
                              " f.on_delete, f.on_update"
                              " FROM (SELECT t.name" TABLES_FROM ") AS t,"
                              " pragma_foreign_key_list(t.name, 'main') AS f"
                              " ORDER BY t.name, f.id, f.seq";

static int sqlite_code(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return SEAM_EDB;
    case SQLITE_NOMEM:
        return SEAM_ENOMEM;
    default:
        return SEAM_EIO;
    }
}

/* "file:PATH?immutable=1" with PATH percent-encoded where URI syntax needs it. */
static char *immutable_uri(const char *path)
{
    if (strncmp(path, "file:", 5) == 0)
        return seam_printf("%s%cimmutable=1", path, strchr(path, '?') ? '&' : '?');
    char *out = malloc(strlen(path) * 3 + sizeof "file:?immutable=1"), *o = out;
    if (!out)
        return NULL;
    o += sprintf(o, "file:");
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if (*p == '%' || *p == '?' || *p == '#' || *p < 0x20)
            o += sprintf(o, "%%%02X", *p);
        else
            *o++ = (char)*p;
    }
    strcpy(o, "?immutable=1");
    return out;
}

/* The file a file: URI names (percent-decoded, no query), or NULL for none (":memory:"). */
static char *uri_file(const char *uri)
{
    const char *p = uri + 5;
    if (p[0] == '/' && p[1] == '/') {
        /* file://HOST/path: only an empty host or localhost, which SQLite accepts */
        p += 2;
        p += strcspn(p, "/?#");
    }
    size_t len = strcspn(p, "?#");
    char *out = malloc(len + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < len; i++) {
        unsigned hi, lo;
        if (p[i] == '%' && i + 2 < len + 1 && sscanf(p + i + 1, "%1x%1x", &hi, &lo) == 2) {
            *o++ = (char)(hi * 16 + lo);
            i += 2;
        } else {
            *o++ = p[i];
        }
    }
    *o = '\0';
    if (!*out || strcmp(out, ":memory:") == 0) {
        free(out);
        return NULL;
    }
    return out;
}

/* What a file that is not a regular file is, for messages. */
static const char *file_kind(mode_t m)
{
    return S_ISDIR(m)    ? "a directory"
           : S_ISFIFO(m) ? "a FIFO"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
           : S_ISSOCK(m) ? "a socket"
                         : "not a file";
}

/*
 * Checked before SQLite opens anything: a missing file (a clear "no such
 * file" beats SQLite's "unable to open database file", and is never
 * created); anything but a regular file, since SQLite would block forever
 * on a FIFO and read /dev/zero forever; an empty file, which SQLite would
 * take for an empty database (unless its -wal holds the content, as a WAL
 * database may before its first checkpoint). stat() opens nothing.
 */
static int check_file(const char *path, const char *file, seam_err *err)
{
    struct stat st;
    if (stat(file, &st) != 0)
        return seam_err_set(err, SEAM_EIO, "cannot open SQLite database '%s': %s", path,
                            errno == ENOENT ? "no such file" : strerror(errno));
    if (!S_ISREG(st.st_mode))
        return seam_err_set(err, SEAM_EIO, "'%s' is not a regular file (%s)", path,
                            file_kind(st.st_mode));
    if (st.st_size == 0) {
        char *wal = seam_printf("%s-wal", file);
        struct stat ws;
        int has_wal = wal && stat(wal, &ws) == 0 && S_ISREG(ws.st_mode) && ws.st_size > 0;
        free(wal);
        if (!has_wal)
            return seam_err_set(err, SEAM_EIO, "'%s' is not a SQLite database (empty file)", path);
    }
    return SEAM_OK;
}

/* Nonzero when file's header says WAL mode (bytes 18 and 19, the read and write versions, 2). */
static int is_wal(const char *file)
{
    unsigned char h[20];
    int fd = file ? open(file, O_RDONLY | O_NONBLOCK | O_CLOEXEC) : -1;
    ssize_t n = fd >= 0 ? read(fd, h, sizeof h) : -1;
    if (fd >= 0)
        close(fd);
    return n == (ssize_t)sizeof h && h[18] == 2 && h[19] == 2;
}

/*
 * The message for a database SQLite could not open or read. A WAL database
 * is read through its -shm (and -wal) file, which the first reader creates
 * next to it; in a directory the reader may not write to, SQLite says
 * "attempt to write a readonly database" (or "unable to open database
 * file"), which does not tell a read-only tool's user what to do. Then the
 * message says: --immutable, which reads the file without them.
 */
static int open_failed(const char *path, const char *file, int immutable, sqlite3 *db, int rc,
                       seam_err *err)
{
    const char *why = rc == SQLITE_NOMEM ? "out of memory"
                      : db               ? sqlite3_errmsg(db)
                                         : sqlite3_errstr(rc);
    if (!immutable && ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN) &&
        is_wal(file))
        return seam_err_set(err, SEAM_EIO,
                            "cannot open SQLite database '%s': %s (a WAL database: reading it"
                            " needs its -wal and -shm files, which cannot be created or written"
                            " next to it); copy it somewhere writable, or read it with"
                            " --immutable (URI: file:...?immutable=1), which needs neither but"
                            " takes no lock: safe only while nothing writes to the database",
                            path, why);
    return seam_err_set(err, sqlite_code(rc), "cannot open SQLite database '%s': %s", path, why);
}

static int sqlite_open(const char *path, int immutable, sqlite3 **out, seam_err *err)
{
    int is_uri = strncmp(path, "file:", 5) == 0;
    char *file = is_uri ? uri_file(path) : seam_strdup(path);
    int code = !is_uri || file ? check_file(path, file ? file : path, err) : SEAM_OK;
    if (code != SEAM_OK) {
        free(file);
        return code;
    }

    char *uri = immutable ? immutable_uri(path) : NULL;
    if (immutable && !uri) {
        free(file);
        return seam_err_set(err, SEAM_ENOMEM, "out of memory opening '%s'", path);
    }
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(uri ? uri : path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    free(uri);
    if (rc != SQLITE_OK) {
        code = open_failed(path, file, immutable, db, db ? sqlite3_extended_errcode(db) : rc, err);
        sqlite3_close(db);
        free(file);
        return code;
    }
    /* Another process writing: wait a little rather than fail at once. */
    sqlite3_busy_timeout(db, 2000);

    /*
     * query_only is the second lock on the door: even a statement that
     * would write fails with SQLITE_READONLY. The SELECT reads the header,
     * so a file that is not a database (random bytes, an encrypted file)
     * fails here with a clear message rather than midway through the
     * schema queries.
     */
    rc = sqlite3_exec(db, "PRAGMA query_only=1", NULL, NULL, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    if (rc != SQLITE_OK) {
        code = open_failed(path, file, immutable, db, sqlite3_extended_errcode(db), err);
        sqlite3_close(db);
        free(file);
        return code;
    }
    free(file);
    *out = db;
    return SEAM_OK;
}

void *inspector_sqlite_open(const char *path, seam_err *err)
{
    sqlite3 *db = NULL;
    return sqlite_open(path, 0, &db, err) == SEAM_OK ? db : NULL;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
    const char *s = (const char *)sqlite3_column_text(st, i);
    return s ? s : "";
}

/* Sets the primary key of t from (column, position) pairs collected while reading its columns. */
static int set_primary_key(seam_table *t, const int *pkpos)
{
    for (int pos = 1; pos <= t->ncolumns; pos++)
        for (int c = 0; c < t->ncolumns; c++)
            if (pkpos[c] == pos &&
                inspect_schema_strv_push(&t->primary_key, &t->nprimary_key, t->columns[c].name))
                return SEAM_ENOMEM;
    return SEAM_OK;
}

static int read_columns(sqlite3 *db, seam_schema *s, const char *shadow)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, COLUMNS_SQL, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_text(st, 1, shadow, -1, SQLITE_STATIC);
    seam_table *t = NULL;
    int *pkpos = NULL, pkcap = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *table = col_text(st, 0);
        if (!t || strcmp(t->name, table) != 0) {
            if (t && set_primary_key(t, pkpos) != SEAM_OK)
                goto nomem;
            if (!(t = inspect_schema_table_add(s, table)))
                goto nomem;
        }
        seam_column *c = inspect_schema_column_append(t, col_text(st, 1), col_text(st, 2),
                                                      sqlite3_column_int(st, 3));
        int hidden = sqlite3_column_int(st, 6);
        /* A generated column's expression is what dflt_value would hold; SQLite does not show it.
         */
        if (!c ||
            (hidden == 0 &&
             inspect_schema_set(&c->default_value, (const char *)sqlite3_column_text(st, 5))) ||
            inspect_schema_set(&c->generated, hidden == 2   ? "virtual"
                                              : hidden == 3 ? "stored"
                                                            : NULL))
            goto nomem;
        if (seam_array_reserve(&pkpos, &pkcap, t->ncolumns, sizeof *pkpos) != SEAM_OK)
            goto nomem;
        pkpos[t->ncolumns - 1] = sqlite3_column_int(st, 4);
    }
    if (rc == SQLITE_DONE && t && set_primary_key(t, pkpos) != SEAM_OK)
        goto nomem;
    free(pkpos);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
nomem:
    free(pkpos);
    sqlite3_finalize(st);
    return SQLITE_NOMEM;
}

/* The actual spelling of column name in t (SQLite names are case-insensitive), or name. */
static const char *column_spelling(const seam_table *t, const char *name)
{
    for (int c = 0; t && c < t->ncolumns; c++)
        if (strcasecmp(t->columns[c].name, name) == 0)
            return t->columns[c].name;
    return name;
}

static seam_table *table_lookup(seam_schema *s, const char *name)
{
    int i = seam_schema_find_table(s, name);
    return i < 0 ? NULL : &s->tables[i];
}

/*
 * One foreign key's rows are consecutive (same table and id). "REFERENCES
 * parent" without columns leaves "to" NULL: the parent's primary key, in
 * key order, is meant.
 */
static int read_foreign_keys(sqlite3 *db, seam_schema *s, const char *shadow)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(db, FKS_SQL, -1, &st, NULL);
    if (rc != SQLITE_OK)
        return rc;
    sqlite3_bind_text(st, 1, shadow, -1, SQLITE_STATIC);
    seam_foreign_key *fk = NULL;
    const seam_table *parent = NULL;
    char *cur_table = NULL;
    int cur_id = -1, seq = 0, skip = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *table = col_text(st, 0);
        int id = sqlite3_column_int(st, 1);
        if (!cur_table || strcmp(cur_table, table) != 0 || id != cur_id) {
            free(cur_table);
            if (!(cur_table = seam_strdup(table)))
                goto nomem;
            cur_id = id;
            seq = 0;
            parent = table_lookup(s, col_text(st, 2));
            skip = sqlite3_column_type(st, 4) == SQLITE_NULL && (!parent || !parent->nprimary_key);
            fk = NULL;
            if (!skip && (!(fk = inspect_schema_fk_add(s, NULL, table,
                                                       parent ? parent->name : col_text(st, 2))) ||
                          inspect_schema_set(&fk->on_delete, col_text(st, 5)) ||
                          inspect_schema_set(&fk->on_update, col_text(st, 6))))
                goto nomem;
        }
        if (skip)
            continue;
        const char *to;
        if (sqlite3_column_type(st, 4) != SQLITE_NULL)
            to = column_spelling(parent, col_text(st, 4));
        else if (seq < parent->nprimary_key)
            to = parent->primary_key[seq];
        else
            to = "";
        seq++;
        const seam_table *child = table_lookup(s, table);
        if (inspect_schema_fk_add_column(fk, column_spelling(child, col_text(st, 3)), to))
            goto nomem;
    }
    free(cur_table);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? SQLITE_OK : rc;
nomem:
    free(cur_table);
    sqlite3_finalize(st);
    return SQLITE_NOMEM;
}

int inspect_sqlite_refuse_attach(void *arg, int code, const char *a1, const char *a2,
                                 const char *db, const char *ctx)
{
    (void)arg;
    (void)a1;
    (void)a2;
    (void)db;
    (void)ctx;
    return code == SQLITE_ATTACH || code == SQLITE_DETACH ? SQLITE_DENY : SQLITE_OK;
}

int inspect_sqlite_scratch(sqlite3 **out)
{
    *out = NULL;
    sqlite3 *db = NULL;
    int rc = sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_close(db);
        return rc;
    }
    /* Two locks: the authorizer refuses ATTACH (which could create a file), the limit too. */
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_set_authorizer(db, inspect_sqlite_refuse_attach, NULL);
    *out = db;
    return SQLITE_OK;
}

int inspect_sqlite_read_db(sqlite3 *db, seam_schema *s)
{
    /* One read transaction: every query sees the same schema. */
    int rc = sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
    if (rc == SQLITE_OK && inspect_schema_strv_push(&s->schemas, &s->nschemas, "main") != SEAM_OK)
        rc = SQLITE_NOMEM;
    char *shadow = rc == SQLITE_OK ? inspect_sqlite_shadow_tables(db) : NULL;
    if (rc == SQLITE_OK && !shadow)
        rc = SQLITE_NOMEM;
    if (rc == SQLITE_OK)
        rc = read_columns(db, s, shadow);
    if (rc == SQLITE_OK)
        rc = read_foreign_keys(db, s, shadow);
    if (rc == SQLITE_OK) {
        inspect_schema_tables_sort(s);
        rc = inspect_sqlite_objects(db, s, shadow);
    }
    free(shadow);
    /* COMMIT/ROLLBACK of a read transaction: releases the shared lock, writes nothing. */
    sqlite3_exec(db, rc == SQLITE_OK ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL);
    return rc;
}

int inspect_sqlite_read(const char *path, const inspector_options *o, const char *shown,
                        seam_schema *s, seam_err *err)
{
    sqlite3 *db = NULL;
    int code = sqlite_open(path, o->immutable, &db, err);
    if (code != SEAM_OK)
        return code;
    int rc = inspect_sqlite_read_db(db, s);
    int ret = SEAM_OK;
    if (rc != SQLITE_OK)
        ret = seam_err_set(err, sqlite_code(rc), "cannot read schema of SQLite database '%s': %s",
                           shown, rc == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(db));
    sqlite3_close(db);
    return ret;
}
