/*
 * cache.c - the incremental cache: per-TU facts in a SQLite database.
 *
 * A row per compile command, keyed by compdb_entry.key (a hash of the
 * analyzer's version, SRC, the file and its arguments), holding the facts
 * and the hash of every file the parse read (the main file and every
 * header, system headers included). A later run takes the facts without
 * parsing when each of those files still has its recorded hash: nothing
 * changed, nothing is parsed; one header changed, exactly the TUs that read
 * it are parsed again. Files are hashed once per run however many TUs
 * include them.
 *
 * The deps and the facts are stored deflated (deflate.h): JSON of paths and
 * names repeats itself, and a cache several times the size of the model it
 * feeds would cost more to read than to inflate.
 *
 * The cache is seam's own file: one that exists but does not carry seam's
 * marker is refused, so that a mistyped --cache can never damage someone's
 * database. One carrying the marker of an older seam is emptied and used.
 */
#include "analyzer_internal.h"
#include "deflate.h"

#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CACHE_FORMAT "seam-cache-2"
#define CACHE_FORMAT_FAMILY "seam-cache-"
/* No TU's deps or facts inflate past this: a damaged row is a cache miss, never a huge
 * allocation. */
#define CACHE_MAX_VALUE ((size_t)1 << 30)

struct tu_cache {
    sqlite3 *db;
    sqlite3_stmt *get;
    sqlite3_stmt *put;
    strmap hashes; /* path -> content hash, this run */
};

/* 1: this seam's cache, 2: an older seam's, 0: not a seam cache. */
static int is_seam_cache(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int ok = 0;
    if (sqlite3_prepare_v2(db, "SELECT v FROM seam_meta WHERE k = 'format'", -1, &st, NULL) ==
            SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        ok = !v                                                                  ? 0
             : strcmp(v, CACHE_FORMAT) == 0                                      ? 1
             : strncmp(v, CACHE_FORMAT_FAMILY, strlen(CACHE_FORMAT_FAMILY)) == 0 ? 2
                                                                                 : 0;
    }
    sqlite3_finalize(st);
    return ok;
}

static int has_tables(sqlite3 *db, int *n)
{
    sqlite3_stmt *st = NULL;
    *n = 0;
    int rc = sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_schema", -1, &st, NULL);
    if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        *n = sqlite3_column_int(st, 0);
        rc = SQLITE_OK;
    }
    sqlite3_finalize(st);
    return rc;
}

void cache_close(tu_cache *c)
{
    if (!c)
        return;
    sqlite3_finalize(c->get);
    sqlite3_finalize(c->put);
    sqlite3_close(c->db);
    hash_memo_free(&c->hashes);
    free(c);
}

int cache_open(tu_cache **out, const char *path, seam_err *err)
{
    *out = NULL;
    tu_cache *c = calloc(1, sizeof *c);
    if (!c)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory opening the cache");
    /*
     * The cache is the one file seam writes that SQLite opens: a FIFO there
     * would hang the open, a device would be written to, and a symlink would
     * send the writes elsewhere. Only a regular file or nothing will do, and
     * SQLITE_OPEN_NOFOLLOW keeps SQLite from following a link planted later.
     */
    struct stat st;
    int existed = lstat(path, &st) == 0;
    if (existed && !S_ISREG(st.st_mode)) {
        cache_close(c);
        return seam_err_set(err, SEAM_EIO,
                            "cannot use cache '%s': it is %s, not a regular file (choose another "
                            "--cache, or --no-cache)",
                            path,
                            S_ISLNK(st.st_mode)    ? "a symbolic link"
                            : S_ISFIFO(st.st_mode) ? "a FIFO"
                            : S_ISDIR(st.st_mode)  ? "a directory"
                            : S_ISCHR(st.st_mode)  ? "a character device"
                                                   : "not a regular file");
    }
    int src = sqlite3_open_v2(
        path, &c->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW, NULL);
    if (src != SQLITE_OK) {
        seam_err_set(err, SEAM_EIO, "cannot open cache '%s': %s", path,
                     c->db ? sqlite3_errmsg(c->db) : sqlite3_errstr(src));
        cache_close(c);
        return SEAM_EIO;
    }
    /* Several scans (shards on one machine) may share a cache: wait for each other. */
    sqlite3_busy_timeout(c->db, 30000);
    int ntables = 0;
    src = has_tables(c->db, &ntables);
    int kind = src == SQLITE_OK && ntables > 0 ? is_seam_cache(c->db) : 0;
    if (src != SQLITE_OK || (existed && ntables > 0 && !kind) ||
        (existed && ntables == 0 && st.st_size > 0 && src != SQLITE_OK)) {
        seam_err_set(err, SEAM_EINPUT,
                     "'%s' is not a seam cache; refusing to write to it (remove it or choose "
                     "another --cache)",
                     path);
        cache_close(c);
        return SEAM_EINPUT;
    }
    /* An older seam's cache holds rows this one cannot read: it starts empty, its space
     * given back. */
    static const char older[] = "DROP TABLE IF EXISTS tu; DROP TABLE IF EXISTS seam_meta; VACUUM;";
    static const char schema[] =
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "CREATE TABLE IF NOT EXISTS seam_meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);"
        "INSERT OR IGNORE INTO seam_meta VALUES('format', '" CACHE_FORMAT "');"
        "CREATE TABLE IF NOT EXISTS tu(key TEXT PRIMARY KEY, deps BLOB NOT NULL,"
        " facts BLOB NOT NULL);";
    char *msg = NULL;
    if ((kind == 2 && sqlite3_exec(c->db, older, NULL, NULL, &msg) != SQLITE_OK) ||
        sqlite3_exec(c->db, schema, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "SELECT deps, facts FROM tu WHERE key = ?", -1, &c->get, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO tu(key, deps, facts) VALUES(?, ?, ?)", -1,
                           &c->put, NULL) != SQLITE_OK) {
        seam_err_set(err, SEAM_EIO, "cannot set up cache '%s': %s", path,
                     msg ? msg : sqlite3_errmsg(c->db));
        sqlite3_free(msg);
        cache_close(c);
        return SEAM_EIO;
    }
    *out = c;
    return 0;
}

/* Whether every [path, hash] pair of deps (JSON) still holds. -1: out of memory. */
static int deps_hold(tu_cache *c, const char *deps)
{
    cJSON *a = cJSON_Parse(deps);
    int ok = cJSON_IsArray(a) && cJSON_GetArraySize(a) > 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, a)
    {
        if (!ok)
            break;
        const cJSON *p = cJSON_GetArrayItem(e, 0), *h = cJSON_GetArrayItem(e, 1);
        if (!cJSON_IsString(p) || !cJSON_IsString(h)) {
            ok = 0;
            break;
        }
        const char *now = hash_memo_file(&c->hashes, p->valuestring);
        if (!now) {
            ok = -1;
            break;
        }
        ok = strcmp(now, h->valuestring) == 0;
    }
    cJSON_Delete(a);
    return ok;
}

/* The state of a TU's inputs: its key and every dependency with its hash. */
static int tu_state(const char *key, const char *deps, char out[HASH_HEX])
{
    hash_ctx h;
    if (hash_init(&h) < 0)
        return SEAM_ENOMEM;
    hash_add_str(&h, key);
    hash_add_str(&h, deps);
    return hash_final(&h, out);
}

int cache_fetch(tu_cache *c, const compdb_entry *e, char **facts, char state[HASH_HEX])
{
    *facts = NULL;
    sqlite3_reset(c->get);
    sqlite3_bind_text(c->get, 1, e->key, -1, SQLITE_STATIC);
    int rc = 0;
    char *deps = NULL;
    size_t n;
    if (sqlite3_step(c->get) == SQLITE_ROW) {
        /* A row that does not inflate is a miss: the TU is parsed again and the row replaced. */
        int z = seam_inflate(sqlite3_column_blob(c->get, 0),
                             (size_t)sqlite3_column_bytes(c->get, 0), CACHE_MAX_VALUE, &deps, &n);
        int hold = z == SEAM_OK ? deps_hold(c, deps) : z == SEAM_ENOMEM ? -1 : 0;
        if (hold > 0) {
            z = seam_inflate(sqlite3_column_blob(c->get, 1),
                             (size_t)sqlite3_column_bytes(c->get, 1), CACHE_MAX_VALUE, facts, &n);
            hold = z == SEAM_OK ? 1 : z == SEAM_ENOMEM ? -1 : 0;
        }
        if (hold < 0 || (hold > 0 && tu_state(e->key, deps, state) < 0))
            rc = SEAM_ENOMEM;
        else
            rc = hold;
        if (rc != 1) {
            free(*facts);
            *facts = NULL;
        }
    }
    free(deps);
    sqlite3_reset(c->get);
    return rc;
}

/* [[path, hash], ...] for the files a TU read. */
static char *deps_json(tu_cache *c, const tu_facts *f)
{
    cJSON *a = cJSON_CreateArray();
    int oom = !a;
    for (int i = 0; i < f->ndeps && !oom; i++) {
        const char *h = hash_memo_file(&c->hashes, f->deps[i]);
        cJSON *pair = cJSON_CreateArray();
        if (!h || !pair || !cJSON_AddItemToArray(a, pair) ||
            !cJSON_AddItemToArray(pair, cJSON_CreateString(f->deps[i])) ||
            !cJSON_AddItemToArray(pair, cJSON_CreateString(h)))
            oom = 1;
    }
    char *text = oom ? NULL : cJSON_PrintUnformatted(a);
    cJSON_Delete(a);
    return text;
}

int cache_store(tu_cache *c, tu_facts *tus, int n, seam_err *err)
{
    int rc = 0;
    if (sqlite3_exec(c->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
        return seam_err_set(err, SEAM_EIO, "cannot write the cache: %s", sqlite3_errmsg(c->db));
    for (int i = 0; i < n && rc == 0; i++) {
        tu_facts *f = &tus[i];
        if (f->from_cache || !f->blob || f->ndeps == 0)
            continue;
        char *deps = deps_json(c, f);
        if (!deps || tu_state(f->key, deps, f->state) < 0) {
            free(deps);
            rc = seam_err_set(err, SEAM_ENOMEM, "out of memory writing the cache");
            break;
        }
        unsigned char *zdeps = NULL, *zfacts = NULL;
        size_t ndeps = 0, nfacts = 0;
        if (seam_deflate(deps, strlen(deps), SEAM_DEFLATE_ZLIB, &zdeps, &ndeps) ||
            seam_deflate(f->blob, strlen(f->blob), SEAM_DEFLATE_ZLIB, &zfacts, &nfacts)) {
            rc = seam_err_set(err, SEAM_ENOMEM, "out of memory writing the cache");
        } else {
            sqlite3_reset(c->put);
            sqlite3_bind_text(c->put, 1, f->key, -1, SQLITE_STATIC);
            sqlite3_bind_blob(c->put, 2, zdeps, (int)ndeps, SQLITE_STATIC);
            sqlite3_bind_blob(c->put, 3, zfacts, (int)nfacts, SQLITE_STATIC);
            if (sqlite3_step(c->put) != SQLITE_DONE)
                rc = seam_err_set(err, SEAM_EIO, "cannot write the cache: %s",
                                  sqlite3_errmsg(c->db));
            sqlite3_reset(c->put);
        }
        free(zdeps);
        free(zfacts);
        free(deps);
    }
    if (sqlite3_exec(c->db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK &&
        rc == 0)
        rc = seam_err_set(err, SEAM_EIO, "cannot write the cache: %s", sqlite3_errmsg(c->db));
    return rc;
}

int cache_meta_get(tu_cache *c, const char *key, char **value)
{
    sqlite3_stmt *st = NULL;
    *value = NULL;
    int rc = 0;
    if (sqlite3_prepare_v2(c->db, "SELECT v FROM seam_meta WHERE k = ?", -1, &st, NULL) !=
        SQLITE_OK)
        return 0;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    if (sqlite3_step(st) == SQLITE_ROW) {
        const char *v = (const char *)sqlite3_column_text(st, 0);
        if (v && !(*value = seam_strdup(v)))
            rc = SEAM_ENOMEM;
    }
    sqlite3_finalize(st);
    return rc;
}

int cache_meta_put(tu_cache *c, const char *key, const char *value, seam_err *err)
{
    sqlite3_stmt *st = NULL;
    int ok = sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO seam_meta(k, v) VALUES(?, ?)", -1,
                                &st, NULL) == SQLITE_OK;
    if (ok) {
        sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    sqlite3_finalize(st);
    return ok ? 0
              : seam_err_set(err, SEAM_EIO, "cannot write the cache: %s", sqlite3_errmsg(c->db));
}

strmap *cache_hashes(tu_cache *c)
{
    return &c->hashes;
}
