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
 * Every file a TU read has a number (the file table), and a TU's row holds
 * the numbers of its files and one digest of their paths and hashes as they
 * were when it was parsed: checking a TU is hashing its files (once per run
 * for all TUs) and comparing one digest, not reading a list of paths and
 * hashes per TU (a big project's TUs each read hundreds of headers). The
 * facts are stored deflated (deflate.h): JSON of paths and names repeats
 * itself.
 *
 * Hashing every file a project's TUs read is most of a re-run where nothing
 * changed; the file table also keeps each file's hash with what stat(2) said
 * of it then (size, inode, modification and change times to the
 * nanosecond), and a file stat still describes so is not read again. As git
 * does for its index, a file changed in the last two seconds is never
 * trusted that way: a write within one timestamp tick after the stat would go
 * unseen.
 *
 * The cache is seam's own file: one that exists but does not carry seam's
 * marker is refused, so that a mistyped --cache can never damage someone's
 * database. One carrying the marker of an older seam is emptied and used.
 */
#include "analyzer_internal.h"
#include "deflate.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define CACHE_FORMAT "seam-cache-4"
#define CACHE_FORMAT_FAMILY "seam-cache-"
/* No TU's deps or facts inflate past this: a damaged row is a cache miss, never a huge
 * allocation. */
#define CACHE_MAX_VALUE ((size_t)1 << 30)

struct tu_cache {
    sqlite3 *db;
    sqlite3_stmt *get;
    sqlite3_stmt *put;
    sqlite3_stmt *add_file;
    strmap hashes; /* path -> content hash, this run */
    char **paths;  /* file number -> path (owned), from the file table */
    char **seen;   /* file number -> its stat signature when hashed, or NULL */
    char **known;  /* file number -> its hash then, or NULL */
    char *dirty;   /* file number -> 1 when seen and known are to be written */
    int npaths;
    strmap numbers; /* path -> file number (as a pointer-sized integer) */
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
    sqlite3_finalize(c->add_file);
    sqlite3_close(c->db);
    hash_memo_free(&c->hashes);
    strmap_free(&c->numbers, NULL);
    for (int i = 0; i < c->npaths; i++) {
        free(c->paths[i]);
        free(c->seen[i]);
        free(c->known[i]);
    }
    free(c->paths);
    free(c->seen);
    free(c->known);
    free(c->dirty);
    free(c);
}

static int load_files(tu_cache *c);

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
    static const char older[] = "DROP TABLE IF EXISTS tu; DROP TABLE IF EXISTS file; DROP TABLE IF "
                                "EXISTS seam_meta; VACUUM;";
    static const char schema[] =
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "CREATE TABLE IF NOT EXISTS seam_meta(k TEXT PRIMARY KEY, v TEXT NOT NULL);"
        "INSERT OR IGNORE INTO seam_meta VALUES('format', '" CACHE_FORMAT "');"
        "CREATE TABLE IF NOT EXISTS file(id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE,"
        " seen TEXT, hash TEXT);"
        "CREATE TABLE IF NOT EXISTS tu(key TEXT PRIMARY KEY, deps TEXT NOT NULL,"
        " facts BLOB NOT NULL);";
    char *msg = NULL;
    if ((kind == 2 && sqlite3_exec(c->db, older, NULL, NULL, &msg) != SQLITE_OK) ||
        sqlite3_exec(c->db, schema, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "SELECT deps, facts FROM tu WHERE key = ?", -1, &c->get, NULL) !=
            SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "INSERT OR REPLACE INTO tu(key, deps, facts) VALUES(?, ?, ?)", -1,
                           &c->put, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(c->db, "INSERT INTO file(path) VALUES(?)", -1, &c->add_file, NULL) !=
            SQLITE_OK ||
        load_files(c) != SQLITE_OK) {
        seam_err_set(err, SEAM_EIO, "cannot set up cache '%s': %s", path,
                     msg ? msg : sqlite3_errmsg(c->db));
        sqlite3_free(msg);
        cache_close(c);
        return SEAM_EIO;
    }
    *out = c;
    return 0;
}

/* Records path as file number id. SQLITE_OK, or SQLITE_NOMEM. */
static int remember_file(tu_cache *c, sqlite3_int64 id, const char *path)
{
    if (id <= 0 || id > INT_MAX - 1)
        return SQLITE_CORRUPT;
    if (id >= c->npaths) {
        size_t n = (size_t)id + 1;
        char **v = realloc(c->paths, n * sizeof *v);
        if (v)
            c->paths = v;
        char **w = v ? realloc(c->seen, n * sizeof *w) : NULL;
        if (w)
            c->seen = w;
        char **x = w ? realloc(c->known, n * sizeof *x) : NULL;
        if (x)
            c->known = x;
        char *d = x ? realloc(c->dirty, n) : NULL;
        if (!d)
            return SQLITE_NOMEM;
        c->dirty = d;
        for (sqlite3_int64 k = c->npaths; k <= id; k++) {
            c->paths[k] = c->seen[k] = c->known[k] = NULL;
            c->dirty[k] = 0;
        }
        c->npaths = (int)id + 1;
    }
    free(c->paths[id]);
    c->paths[id] = seam_strdup(path);
    if (!c->paths[id] || strmap_put(&c->numbers, c->paths[id], (void *)(intptr_t)id) < 0)
        return SQLITE_NOMEM;
    return SQLITE_OK;
}

/* The file table into memory: number -> path and path -> number. */
static int load_files(tu_cache *c)
{
    sqlite3_stmt *st = NULL;
    int rc = sqlite3_prepare_v2(c->db, "SELECT id, path, seen, hash FROM file", -1, &st, NULL);
    while (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
        sqlite3_int64 id = sqlite3_column_int64(st, 0);
        const char *path = (const char *)sqlite3_column_text(st, 1);
        const char *seen = (const char *)sqlite3_column_text(st, 2);
        const char *hash = (const char *)sqlite3_column_text(st, 3);
        rc = path ? remember_file(c, id, path) : SQLITE_CORRUPT;
        if (rc == SQLITE_OK && seen && hash &&
            (!(c->seen[id] = seam_strdup(seen)) || !(c->known[id] = seam_strdup(hash))))
            rc = SQLITE_NOMEM;
    }
    sqlite3_finalize(st);
    return rc;
}

/* The number of path, added to the file table when new; 0 on failure. */
static sqlite3_int64 file_number(tu_cache *c, const char *path)
{
    void *v;
    if (strmap_get(&c->numbers, path, &v))
        return (sqlite3_int64)(intptr_t)v;
    sqlite3_reset(c->add_file);
    sqlite3_bind_text(c->add_file, 1, path, -1, SQLITE_STATIC);
    int ok = sqlite3_step(c->add_file) == SQLITE_DONE;
    sqlite3_reset(c->add_file);
    sqlite3_int64 id = ok ? sqlite3_last_insert_rowid(c->db) : 0;
    return id > 0 && remember_file(c, id, path) == SQLITE_OK ? id : 0;
}

/*
 * What stat(2) says of path, as text, into sig; 0 when it cannot say, or when the file
 * changed in the last two seconds (too recent to trust, see above).
 */
static int file_signature(const char *path, char sig[96])
{
    struct stat st;
    struct timespec now;
    if (stat(path, &st) != 0 || clock_gettime(CLOCK_REALTIME, &now) != 0 ||
        st.st_mtim.tv_sec >= now.tv_sec - 2 || st.st_ctim.tv_sec >= now.tv_sec - 2)
        return 0;
    snprintf(sig, 96, "%lld:%llu:%lld.%09ld:%lld.%09ld", (long long)st.st_size,
             (unsigned long long)st.st_ino, (long long)st.st_mtim.tv_sec, st.st_mtim.tv_nsec,
             (long long)st.st_ctim.tv_sec, st.st_ctim.tv_nsec);
    return 1;
}

/*
 * The hash of path's content this run: the file table's when stat still describes the
 * file as it did then, else read and hashed (and remembered for the file table). NULL
 * only when out of memory.
 */
static const char *file_hash(tu_cache *c, const char *path)
{
    void *v;
    if (strmap_get(&c->hashes, path, &v))
        return v;
    int id = strmap_get(&c->numbers, path, &v) ? (int)(intptr_t)v : 0;
    char sig[96];
    int have = id > 0 && id < c->npaths && file_signature(path, sig);
    if (have && c->seen[id] && c->known[id] && strcmp(sig, c->seen[id]) == 0) {
        char *copy = seam_strdup(c->known[id]);
        if (!copy || strmap_put(&c->hashes, path, copy) < 0) {
            free(copy);
            return NULL;
        }
        return copy;
    }
    const char *now = hash_memo_file(&c->hashes, path);
    if (now && have) {
        char *s = seam_strdup(sig), *k = seam_strdup(now);
        if (!s || !k) {
            free(s);
            free(k);
            return NULL;
        }
        free(c->seen[id]);
        free(c->known[id]);
        c->seen[id] = s;
        c->known[id] = k;
        c->dirty[id] = 1;
    }
    return now;
}

/* Adds a file's path and its hash this run to a digest. -1: out of memory. */
static int digest_add(tu_cache *c, hash_ctx *h, const char *path)
{
    const char *now = file_hash(c, path);
    if (!now)
        return -1;
    hash_add_str(h, path);
    hash_add_str(h, now);
    return 0;
}

/* The state of a TU's inputs: its key and the digest of its files. */
static int tu_state(const char *key, const char *digest, char out[HASH_HEX])
{
    hash_ctx h;
    if (hash_init(&h) < 0)
        return SEAM_ENOMEM;
    hash_add_str(&h, key);
    hash_add_str(&h, digest);
    return hash_final(&h, out);
}

/*
 * Whether a row's deps ("DIGEST NUMBER NUMBER ...": the digest of its files' paths and
 * hashes when it was stored, then their numbers) still hold: the same digest from the
 * files as they are now. The digest into digest. 1 holds, 0 not (or a damaged row), -1 out
 * of memory.
 */
static int deps_hold(tu_cache *c, const char *deps, char digest[HASH_HEX])
{
    size_t dn = strcspn(deps, " ");
    if (dn != HASH_HEX - 1 || deps[dn] != ' ')
        return 0;
    memcpy(digest, deps, dn);
    digest[dn] = '\0';
    hash_ctx h;
    if (hash_init(&h) < 0)
        return -1;
    const char *p = deps + dn;
    int any = 0;
    while (*p == ' ') {
        char *end;
        long id = strtol(p + 1, &end, 10);
        int bad = end == p + 1 || id <= 0 || id >= c->npaths || !c->paths[id];
        if (bad || digest_add(c, &h, c->paths[id]) < 0) {
            char scratch[HASH_HEX];
            hash_final(&h, scratch); /* releases the context */
            return bad ? 0 : -1;     /* a damaged row is a miss */
        }
        any = 1;
        p = end;
    }
    char now[HASH_HEX];
    if (hash_final(&h, now) < 0)
        return -1;
    return any && *p == '\0' && strcmp(now, digest) == 0;
}

int cache_fetch(tu_cache *c, const compdb_entry *e, char **facts, char state[HASH_HEX])
{
    *facts = NULL;
    sqlite3_reset(c->get);
    sqlite3_bind_text(c->get, 1, e->key, -1, SQLITE_STATIC);
    int rc = 0;
    if (sqlite3_step(c->get) == SQLITE_ROW) {
        const char *deps = (const char *)sqlite3_column_text(c->get, 0);
        char digest[HASH_HEX];
        int hold = deps ? deps_hold(c, deps, digest) : 0;
        if (hold > 0) {
            /* A row that does not inflate is a miss: the TU is parsed again and the row
             * replaced. */
            size_t n;
            int z =
                seam_inflate(sqlite3_column_blob(c->get, 1),
                             (size_t)sqlite3_column_bytes(c->get, 1), CACHE_MAX_VALUE, facts, &n);
            hold = z == SEAM_OK ? 1 : z == SEAM_ENOMEM ? -1 : 0;
        }
        if (hold < 0 || (hold > 0 && tu_state(e->key, digest, state) < 0))
            rc = SEAM_ENOMEM;
        else
            rc = hold;
        if (rc != 1) {
            free(*facts);
            *facts = NULL;
        }
    }
    sqlite3_reset(c->get);
    return rc;
}

/* A TU's deps as cache_fetch reads them, numbering new files; NULL on failure. */
static char *deps_text(tu_cache *c, const tu_facts *f, char digest[HASH_HEX])
{
    hash_ctx h;
    if (hash_init(&h) < 0)
        return NULL;
    size_t cap = HASH_HEX + 16 * (size_t)f->ndeps, len = HASH_HEX - 1;
    char *text = malloc(cap);
    int bad = !text;
    for (int i = 0; i < f->ndeps && !bad; i++) {
        sqlite3_int64 id = file_number(c, f->deps[i]);
        bad = id <= 0 || digest_add(c, &h, f->deps[i]) < 0;
        if (!bad)
            len += (size_t)snprintf(text + len, cap - len, " %lld", (long long)id);
    }
    char now[HASH_HEX];
    if (hash_final(&h, now) < 0 || bad) {
        free(text);
        return NULL;
    }
    memcpy(text, now, HASH_HEX - 1);
    memcpy(digest, now, HASH_HEX);
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
        char digest[HASH_HEX];
        char *deps = deps_text(c, f, digest);
        if (!deps || tu_state(f->key, digest, f->state) < 0) {
            free(deps);
            rc = seam_err_set(err, SEAM_ENOMEM, "out of memory writing the cache");
            break;
        }
        unsigned char *zfacts = NULL;
        size_t nfacts = 0;
        if (seam_deflate(f->blob, strlen(f->blob), SEAM_DEFLATE_ZLIB, &zfacts, &nfacts) ||
            nfacts > INT_MAX) {
            rc = seam_err_set(err, SEAM_ENOMEM, "out of memory writing the cache");
        } else {
            sqlite3_reset(c->put);
            sqlite3_bind_text(c->put, 1, f->key, -1, SQLITE_STATIC);
            sqlite3_bind_text(c->put, 2, deps, -1, SQLITE_STATIC);
            sqlite3_bind_blob(c->put, 3, zfacts, (int)nfacts, SQLITE_STATIC);
            if (sqlite3_step(c->put) != SQLITE_DONE)
                rc = seam_err_set(err, SEAM_EIO, "cannot write the cache: %s",
                                  sqlite3_errmsg(c->db));
            sqlite3_reset(c->put);
        }
        free(zfacts);
        free(deps);
    }
    /* What stat said of the files hashed this run, and their hashes. */
    sqlite3_stmt *st = NULL;
    if (rc == 0 && sqlite3_prepare_v2(c->db, "UPDATE file SET seen = ?, hash = ? WHERE id = ?", -1,
                                      &st, NULL) != SQLITE_OK)
        rc = seam_err_set(err, SEAM_EIO, "cannot write the cache: %s", sqlite3_errmsg(c->db));
    for (int id = 1; rc == 0 && id < c->npaths; id++) {
        if (!c->dirty[id])
            continue;
        sqlite3_bind_text(st, 1, c->seen[id], -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, c->known[id], -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, id);
        if (sqlite3_step(st) != SQLITE_DONE)
            rc = seam_err_set(err, SEAM_EIO, "cannot write the cache: %s", sqlite3_errmsg(c->db));
        sqlite3_reset(st);
        c->dirty[id] = 0;
    }
    sqlite3_finalize(st);
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
