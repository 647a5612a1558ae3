/*
 * collect.c - the parse phase: which TUs, from the cache or parsed in
 * parallel, with a progress line.
 *
 * Cache lookups happen first, in the calling thread (they hash files and read
 * SQLite, both cheap next to parsing). Then every TU is handed to worker
 * threads through a shared counter: a hit's facts are decoded there (on a
 * warm run that is most of the work), a miss is parsed; each worker has its own CXIndex
 * (libclang parses in parallel with separate indexes) and leaves each TU's
 * facts in that TU's own slot, so the result is in compile database order
 * whatever thread parsed what.
 */
#include "analyzer_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct run_state {
    const compdb *db;
    const char *root;
    tu_facts *tus;
    int *todo; /* indices of the TUs to decode or parse */
    int ntodo;
    int serialize;      /* a cache is open: serialize parsed facts in the worker */
    pthread_mutex_t mu; /* guards everything below */
    int next;           /* next todo to hand out */
    int done;           /* TUs finished, cached ones included */
    int cached;
    int errors;
    int progress;
    double start, last_print;
    int rc; /* first failure, with its message in err */
    seam_err err;
} run_state;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "\rseam: 12/40 files (3 cached), 0 errors, ETA 1m05s": called with s->mu held. */
static void progress_print(run_state *s, int final)
{
    double t = now_seconds();
    if (!final && t - s->last_print < 0.1)
        return;
    s->last_print = t;
    char eta[32] = "";
    int parsed = s->done - s->cached, left = s->db->n - s->done;
    if (!final && parsed > 0 && left > 0) {
        double rate = (t - s->start) / parsed;
        long secs = (long)(rate * left + 0.5);
        if (secs >= 60)
            snprintf(eta, sizeof eta, ", ETA %ldm%02lds", secs / 60, secs % 60);
        else
            snprintf(eta, sizeof eta, ", ETA %lds", secs);
    }
    /* \033[K clears what a longer previous line left behind. */
    fprintf(stderr, "\rseam: %d/%d files (%d cached), %d error%s%s\033[K", s->done, s->db->n,
            s->cached, s->errors, s->errors == 1 ? "" : "s", eta);
    if (final)
        fputc('\n', stderr);
    fflush(stderr);
}

static void *worker(void *arg)
{
    run_state *s = arg;
    CXIndex idx = clang_createIndex(0, 0);
    strmap memo = {0};
    for (;;) {
        pthread_mutex_lock(&s->mu);
        int k = s->rc < 0 ? s->ntodo : s->next++;
        pthread_mutex_unlock(&s->mu);
        if (k >= s->ntodo)
            break;
        int i = s->todo[k];
        seam_err e;
        seam_err_clear(&e);
        int rc = 0, hit = 0;
        tu_facts *tu = &s->tus[i];
        if (tu->blob) {
            /* From the cache: decode. A row that does not decode is parsed instead. */
            char *text = tu->blob, state[HASH_HEX];
            memcpy(state, tu->state, sizeof state);
            memset(tu, 0, sizeof *tu);
            rc = tu_facts_deserialize(text, tu);
            free(text);
            memcpy(tu->state, state, sizeof state);
            hit = rc == 0 && strcmp(tu->key, s->db->entries[i].key) == 0;
            if (rc == SEAM_ENOMEM) {
                seam_err_set(&e, rc, "out of memory reading the cache");
            } else if (!hit) {
                tu_facts_free(tu);
                rc = 0;
            }
            tu->from_cache = hit;
        }
        if (rc == 0 && !hit)
            rc = idx ? tu_facts_collect(idx, &s->db->entries[i], s->root, &memo, tu, &e)
                     : seam_err_set(&e, SEAM_ERROR, "libclang could not create an index");
        if (rc == 0 && !hit && s->serialize && !(tu->blob = tu_facts_serialize(tu)))
            rc = seam_err_set(&e, SEAM_ENOMEM, "out of memory serializing facts");
        pthread_mutex_lock(&s->mu);
        s->done++;
        s->cached += hit;
        s->errors += tu->errors;
        if (rc < 0 && s->rc == 0) {
            s->rc = rc;
            s->err = e;
        }
        if (s->progress)
            progress_print(s, 0);
        pthread_mutex_unlock(&s->mu);
    }
    analyzer_memo_free(&memo);
    if (idx)
        clang_disposeIndex(idx);
    return NULL;
}

/* Runs the workers; falls back to the calling thread when no thread can start. */
static void parse_all(run_state *s, int jobs)
{
    pthread_t *th = calloc((size_t)jobs, sizeof *th);
    int started = 0;
    pthread_attr_t attr;
    int have_attr = pthread_attr_init(&attr) == 0;
    /* clang recurses deeply on nested expressions: give parsers a main-thread-sized stack. */
    if (have_attr)
        pthread_attr_setstacksize(&attr, 8u << 20);
    for (int i = 0; th && i < jobs; i++) {
        if (pthread_create(&th[i], have_attr ? &attr : NULL, worker, s) != 0)
            break;
        started++;
    }
    if (started == 0)
        worker(s);
    for (int i = 0; i < started; i++)
        pthread_join(th[i], NULL);
    if (have_attr)
        pthread_attr_destroy(&attr);
    free(th);
}

int strv_push(char ***v, int *n, const char *s)
{
    char **nv = realloc(*v, (size_t)(*n + 1) * sizeof **v);
    if (!nv)
        return SEAM_ENOMEM;
    *v = nv;
    if (!(nv[*n] = seam_strdup(s ? s : "")))
        return SEAM_ENOMEM;
    (*n)++;
    return 0;
}

void strv_free(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void strv_sort_unique(char **v, int *n)
{
    if (*n < 2)
        return;
    qsort(v, (size_t)*n, sizeof *v, cmp_str);
    int w = 1;
    for (int i = 1; i < *n; i++) {
        if (strcmp(v[i], v[w - 1]) == 0)
            free(v[i]);
        else
            v[w++] = v[i];
    }
    *n = w;
}

void analyzer_facts_free(analyzer_facts *f)
{
    if (!f)
        return;
    free(f->root);
    for (int i = 0; i < f->ntus; i++)
        tu_facts_free(&f->tus[i]);
    free(f->tus);
    strv_free(f->warnings, f->nwarnings);
    strv_free(f->exclude, f->nexclude);
    strv_free(f->sql_fns, f->nsql_fns);
    free(f);
}

int analyzer_facts_tu(const analyzer_facts *f, int i, const char **file, int *from_cache)
{
    if (!f || i < 0 || i >= f->ntus)
        return SEAM_EUSAGE;
    if (file)
        *file = f->tus[i].main_file ? f->tus[i].main_file : "";
    if (from_cache)
        *from_cache = f->tus[i].from_cache;
    return 0;
}

/* Checks the options that can be wrong before anything is read. */
static int options_check(const analyzer_options *o, seam_err *err)
{
    if (!o || !o->src_dir)
        return seam_err_set(err, SEAM_EUSAGE, "analyzer: no source directory given");
    if (o->shard_count < 0 ||
        (o->shard_count > 0 && (o->shard_index < 1 || o->shard_index > o->shard_count)) ||
        (o->shard_count == 0 && o->shard_index != 0))
        return seam_err_set(err, SEAM_EUSAGE, "--shard %d/%d: I must be between 1 and N",
                            o->shard_index, o->shard_count);
    for (int i = 0; i < o->nsql_fns; i++) {
        size_t len;
        int arg;
        int rc = wrappers_parse_spec(o->sql_fns[i], &len, &arg, err);
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* The compile commands: the database, or the whole tree when there is none. */
static int load_commands(const analyzer_options *o, const char *root, compdb *db, analyzer_facts *f,
                         seam_err *err)
{
    if (o->build_dir)
        return compdb_load(db, o->build_dir, o->max_input, err);
    char *path = seam_printf("%s/compile_commands.json", o->src_dir);
    if (!path)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory");
    struct stat st;
    int have = stat(path, &st) == 0;
    free(path);
    if (have)
        return compdb_load(db, o->src_dir, o->max_input, err);
    int rc = sources_scan_tree(db, root, o, err);
    if (rc == 0 &&
        strv_push(&f->warnings, &f->nwarnings,
                  "no compile_commands.json: parsed every .c file under SRC with -I for each "
                  "directory holding headers (and --cflags); results are approximate") < 0)
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory");
    return rc;
}

static int facts_new(const analyzer_options *o, const char *root, analyzer_facts **out)
{
    analyzer_facts *f = calloc(1, sizeof *f);
    *out = f;
    if (!f || !(f->root = seam_strdup(root)))
        return SEAM_ENOMEM;
    for (int i = 0; i < o->nexclude; i++)
        if (strv_push(&f->exclude, &f->nexclude, o->exclude[i]) < 0)
            return SEAM_ENOMEM;
    for (int i = 0; i < o->nsql_fns; i++)
        if (strv_push(&f->sql_fns, &f->nsql_fns, o->sql_fns[i]) < 0)
            return SEAM_ENOMEM;
    f->shard_index = o->shard_index;
    f->shard_count = o->shard_count;
    return 0;
}

/*
 * Cache lookups for every entry: a hit leaves the facts' text in the TU's
 * blob for a worker to decode. Hits go first, so that the ETA of the progress
 * line is about parsing.
 */
static int lookup_all(tu_cache *cache, run_state *s, seam_err *err)
{
    for (int i = 0; i < s->db->n; i++) {
        int hit =
            cache ? cache_fetch(cache, &s->db->entries[i], &s->tus[i].blob, s->tus[i].state) : 0;
        if (hit < 0)
            return seam_err_set(err, hit, "out of memory reading the cache");
        if (hit) {
            memcpy(s->tus[i].key, s->db->entries[i].key, sizeof s->tus[i].key);
            s->todo[s->ntodo++] = i;
        }
    }
    for (int i = 0; i < s->db->n; i++)
        if (!s->tus[i].blob)
            s->todo[s->ntodo++] = i;
    return 0;
}

/*
 * The output memo: a hash of everything the caller's output depends on (this
 * binary, the options, every TU's key and dependencies' hashes). When it is
 * the one recorded after the output was last written, and the output still
 * has the recorded hash, nothing needs doing: "nothing changed" costs the
 * lookups and no more.
 */
static int output_memo_key(const analyzer_options *o, const analyzer_facts *f, const tu_facts *tus,
                           int n, strmap *hashes, char out[HASH_HEX])
{
    hash_ctx h;
    if (hash_init(&h) < 0)
        return SEAM_ENOMEM;
    hash_add_str(&h, "seam-output-1");
    hash_add_str(&h, SEAM_VERSION);
    hash_add_str(&h, ANALYZER_FACTS_VERSION);
    /* A rebuilt seam may write other bytes: the binary itself is an input. */
    const char *exe = hash_memo_file(hashes, "/proc/self/exe");
    if (!exe) {
        hash_final(&h, out);
        return SEAM_ENOMEM;
    }
    hash_add_str(&h, exe);
    hash_add_str(&h, f->root);
    char shard[32];
    snprintf(shard, sizeof shard, "%d/%d", o->shard_index, o->shard_count);
    hash_add_str(&h, shard);
    for (int i = 0; i < f->nexclude; i++)
        hash_add_str(&h, f->exclude[i]);
    hash_add_str(&h, "\1");
    for (int i = 0; i < f->nsql_fns; i++)
        hash_add_str(&h, f->sql_fns[i]);
    hash_add_str(&h, "\1");
    for (int i = 0; i < f->nwarnings; i++)
        hash_add_str(&h, f->warnings[i]);
    hash_add_str(&h, "\1");
    for (int i = 0; i < n; i++) {
        hash_add_str(&h, tus[i].key);
        hash_add_str(&h, tus[i].state);
    }
    return hash_final(&h, out);
}

/* "output:" and the output's absolute path: the memo's row in seam_meta. */
static char *output_meta_key(const char *output)
{
    char cwd[4096];
    if (output[0] == '/' || !getcwd(cwd, sizeof cwd))
        return seam_printf("output:%s", output);
    return seam_printf("output:%s/%s", cwd, output);
}

/* "KEY HASH" for the memo key and the output file's current hash; NULL: no memory. */
static char *output_memo_value(const char *key, const char *output)
{
    strmap fresh = {0};
    const char *h = hash_memo_file(&fresh, output);
    char *v = h ? seam_printf("%s %s", key, h) : NULL;
    hash_memo_free(&fresh);
    return v;
}

/* 1 when the memo says the output is up to date, 0 when not, or SEAM_ENOMEM. */
static int output_up_to_date(const analyzer_options *o, tu_cache *cache, const analyzer_facts *f,
                             const tu_facts *tus, int n)
{
    char key[HASH_HEX];
    char *mk = output_meta_key(o->output_path), *stored = NULL, *now = NULL;
    int rc = mk ? output_memo_key(o, f, tus, n, cache_hashes(cache), key) : SEAM_ENOMEM;
    if (rc == 0)
        rc = cache_meta_get(cache, mk, &stored);
    if (rc == 0 && stored && !(now = output_memo_value(key, o->output_path)))
        rc = SEAM_ENOMEM;
    if (rc == 0)
        rc = stored && now && strcmp(stored, now) == 0 && strstr(now, " -") == NULL;
    free(mk);
    free(stored);
    free(now);
    return rc;
}

int analyzer_output_written(const analyzer_options *o, const analyzer_facts *f, seam_err *err)
{
    if (!o->cache_path || !o->output_path)
        return 0;
    for (int i = 0; i < f->ntus; i++)
        if (!f->tus[i].state[0])
            return 0; /* facts not all from this cache */
    tu_cache *cache = NULL;
    int rc = cache_open(&cache, o->cache_path, err);
    if (rc < 0)
        return rc;
    char key[HASH_HEX];
    char *mk = output_meta_key(o->output_path), *value = NULL;
    if (!mk || output_memo_key(o, f, f->tus, f->ntus, cache_hashes(cache), key) < 0 ||
        !(value = output_memo_value(key, o->output_path)))
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory writing the cache");
    else
        rc = cache_meta_put(cache, mk, value, err);
    free(mk);
    free(value);
    cache_close(cache);
    return rc;
}

int analyzer_collect(const analyzer_options *o, analyzer_facts **out, seam_err *err)
{
    *out = NULL;
    int rc = options_check(o, err);
    if (rc < 0)
        return rc;
    char *root = realpath(o->src_dir, NULL);
    if (!root)
        return seam_err_set(err, SEAM_EIO, "cannot open source directory '%s'", o->src_dir);
    compdb db = {0};
    tu_cache *cache = NULL;
    analyzer_facts *f = NULL;
    run_state s;
    memset(&s, 0, sizeof s);
    int have_mu = 0;
    if (facts_new(o, root, &f) < 0) {
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory starting the analyzer");
        goto out;
    }
    if ((rc = load_commands(o, root, &db, f, err)) < 0 ||
        (rc = compdb_finish(&db, root, o, err)) < 0)
        goto out;
    if (o->cache_path && (rc = cache_open(&cache, o->cache_path, err)) < 0)
        goto out;
    s.db = &db;
    s.root = root;
    s.progress = o->progress;
    s.serialize = cache != NULL;
    s.start = now_seconds();
    if (db.n > 0 && (!(s.tus = calloc((size_t)db.n, sizeof *s.tus)) ||
                     !(s.todo = calloc((size_t)db.n, sizeof *s.todo)))) {
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory starting the analyzer");
        goto out;
    }
    if ((rc = lookup_all(cache, &s, err)) < 0)
        goto out;
    int hits = 0;
    for (int i = 0; i < db.n; i++)
        hits += s.tus[i].blob != NULL;
    if (cache && o->output_path && hits == db.n && db.n > 0) {
        rc = output_up_to_date(o, cache, f, s.tus, db.n);
        if (rc < 0) {
            rc = seam_err_set(err, rc, "out of memory reading the cache");
            goto out;
        }
        if (rc == 1) {
            /* Nothing to decode, build or write. */
            if (o->stats) {
                memset(o->stats, 0, sizeof *o->stats);
                o->stats->tus = o->stats->cached = db.n;
                o->stats->approximate = f->nwarnings > 0;
                o->stats->up_to_date = 1;
            }
            *out = f;
            f = NULL;
            rc = 0;
            goto out;
        }
    }
    if (pthread_mutex_init(&s.mu, NULL) != 0) {
        rc = seam_err_set(err, SEAM_ERROR, "cannot create a mutex");
        goto out;
    }
    have_mu = 1;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int jobs = o->jobs > 0 ? o->jobs : cores > 0 ? (int)cores : 1;
    if (jobs > s.ntodo)
        jobs = s.ntodo;
    if (s.ntodo > 0)
        parse_all(&s, jobs);
    if (o->progress && db.n > 0)
        progress_print(&s, 1);
    if (s.rc < 0) {
        rc = s.rc;
        *err = s.err;
        goto out;
    }
    if (cache && (rc = cache_store(cache, s.tus, db.n, err)) < 0)
        goto out;
    if (o->stats) {
        memset(o->stats, 0, sizeof *o->stats);
        o->stats->tus = db.n;
        o->stats->cached = s.cached;
        o->stats->parsed = s.ntodo - s.cached;
        o->stats->approximate = f->nwarnings > 0;
        for (int i = 0; i < db.n; i++)
            o->stats->failed += !s.tus[i].parsed;
    }
    /* The facts own the TUs from here on. */
    f->tus = s.tus;
    f->ntus = db.n;
    s.tus = NULL;
    for (int i = 0; i < f->ntus; i++) {
        free(f->tus[i].blob);
        f->tus[i].blob = NULL;
        strv_free(f->tus[i].deps, f->tus[i].ndeps);
        f->tus[i].deps = NULL;
        f->tus[i].ndeps = f->tus[i].capdeps = 0;
    }
    *out = f;
    f = NULL;
    rc = 0;
out:
    if (have_mu)
        pthread_mutex_destroy(&s.mu);
    if (s.tus)
        for (int i = 0; i < db.n; i++)
            tu_facts_free(&s.tus[i]);
    free(s.tus);
    free(s.todo);
    cache_close(cache);
    compdb_free(&db);
    analyzer_facts_free(f);
    free(root);
    return rc;
}
