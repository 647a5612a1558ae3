/*
 * collect.c - the parse phase: which TUs, from the cache or parsed, with
 * progress reported to the caller's callback.
 *
 * Entries whose file is missing or not a regular file are set aside first
 * (a FIFO would block libclang; such a TU is one error, never parsed). Cache
 * lookups follow, in the calling thread (they hash files and read SQLite,
 * both cheap next to parsing). The misses are then parsed in worker
 * processes (workers.c), so that libclang crashing, exhausting memory or
 * blocking on one TU costs that TU only; forking needs a single-threaded
 * caller, so this happens before any thread is created here. A caller that
 * already runs other threads gets the old in-process parse instead, in
 * threads with their own CXIndex. Last, the hits' facts are decoded by
 * threads through a shared counter (on a warm run that is most of the
 * work); a hit that does not decode is parsed like a miss. Each TU's facts
 * land in that TU's own slot, so the result is in compile database order
 * whatever parsed what.
 */
#include "analyzer_internal.h"

#include <errno.h>
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
    int *todo; /* indices of the TUs the threads decode (or parse, in_process) */
    int ntodo;
    int in_process;     /* parse in these threads: the caller is multi-threaded */
    int serialize;      /* a cache is open: serialize parsed facts in the worker */
    char *redo;         /* redo[i]: a hit that did not decode, to be parsed */
    pthread_mutex_t mu; /* guards everything below */
    int next;           /* next todo to hand out */
    int done;           /* TUs finished, cached and unreadable ones included */
    int cached;
    int errors;
    int nparse; /* TUs to parse (the ETA's denominator) */
    int parsed; /* of which finished */
    void (*progress)(const analyzer_progress *p, void *ctx);
    void *progress_ctx;
    double start, last_report;
    int rc; /* first failure, with its message in err */
    seam_err err;
} run_state;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * Tells the caller's progress callback where the phase stands, at most every
 * 0.1 s unless final: called with s->mu held, so calls never overlap.
 */
static void progress_report(run_state *s, int final)
{
    if (!s->progress)
        return;
    double t = now_seconds();
    if (!final && t - s->last_report < 0.1)
        return;
    s->last_report = t;
    analyzer_progress p = {s->done, s->db->n, s->cached, s->errors, -1, final};
    int left = s->nparse - s->parsed;
    /* The parse rate so far, times what is left to parse. */
    if (!final && s->parsed > 0 && left > 0)
        p.eta = (long)((t - s->start) / s->parsed * left + 0.5);
    s->progress(&p, s->progress_ctx);
}

static void *worker(void *arg)
{
    run_state *s = arg;
    CXIndex idx = NULL;
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
        if (rc == 0 && !hit && !s->in_process) {
            /* Parsed later, in a worker process. */
            s->redo[i] = 1;
            continue;
        }
        if (rc == 0 && !hit) {
            if (!idx)
                idx = clang_createIndex(0, 0);
            rc = idx ? tu_facts_collect(idx, &s->db->entries[i], s->root, &memo, tu, &e)
                     : seam_err_set(&e, SEAM_ERROR, "libclang could not create an index");
        }
        if (rc == 0 && !hit && s->serialize && !(tu->blob = tu_facts_serialize(tu)))
            rc = seam_err_set(&e, SEAM_ENOMEM, "out of memory serializing facts");
        pthread_mutex_lock(&s->mu);
        s->done++;
        s->cached += hit;
        s->parsed += !hit;
        s->errors += tu->errors;
        if (rc < 0 && s->rc == 0) {
            s->rc = rc;
            s->err = e;
        }
        progress_report(s, 0);
        pthread_mutex_unlock(&s->mu);
    }
    tu_facts_memo_free(&memo);
    if (idx)
        clang_disposeIndex(idx);
    return NULL;
}

/* Runs the workers; falls back to the calling thread when no thread can start. */
static void parse_all(run_state *s, int jobs)
{
    if (jobs > s->ntodo)
        jobs = s->ntodo;
    if (jobs < 1)
        return;
    s->next = 0;
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

/* workers.c tells of each TU it finished. */
static void parsed_one(void *ctx, int i)
{
    run_state *s = ctx;
    pthread_mutex_lock(&s->mu);
    s->done++;
    s->parsed++;
    s->errors += s->tus[i].errors;
    progress_report(s, 0);
    pthread_mutex_unlock(&s->mu);
}

/*
 * Parses the TUs in list (n of them) in worker processes when this process is
 * single-threaded, else in threads here. Adds to *res.
 */
static int parse_list(run_state *s, int *list, int n, int jobs, int timeout, workers_result *res,
                      seam_err *err)
{
    if (n == 0)
        return 0;
    if (!s->in_process && workers_single_threaded()) {
        workers_result r;
        int rc = workers_parse(s->db, s->root, list, n, s->tus, jobs, timeout, parsed_one, s, &r,
                               err);
        res->crashed += r.crashed;
        res->oom += r.oom;
        res->timed_out += r.timed_out;
        if (rc == 0 && !s->serialize)
            for (int k = 0; k < n; k++) {
                free(s->tus[list[k]].blob);
                s->tus[list[k]].blob = NULL;
            }
        return rc;
    }
    s->in_process = 1;
    s->todo = list;
    s->ntodo = n;
    parse_all(s, jobs);
    return 0;
}

/*
 * An entry whose file is missing or not a regular file is never handed to
 * libclang (which would block on a FIFO): its TU is one error. Returns 1
 * when e is such an entry (*out filled), 0 when it is a regular file, or
 * SEAM_ENOMEM.
 */
static int entry_unreadable(const compdb_entry *e, tu_facts *out)
{
    struct stat st;
    char why[160];
    if (stat(e->file, &st) != 0)
        snprintf(why, sizeof why, "the file cannot be read (%s)", strerror(errno));
    else if (S_ISREG(st.st_mode))
        return 0;
    else
        snprintf(why, sizeof why, "not a regular file (%s)",
                 S_ISDIR(st.st_mode)    ? "a directory"
                 : S_ISFIFO(st.st_mode) ? "a FIFO"
                 : S_ISSOCK(st.st_mode) ? "a socket"
                 : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                                                               : "not a file");
    memcpy(out->key, e->key, sizeof out->key);
    out->errors = 1;
    if (!(out->main_file = seam_strdup(e->rel ? e->rel : e->file)))
        return SEAM_ENOMEM;
    char *msg = seam_printf("%s: %s; skipped", out->main_file, why);
    int rc = msg ? strv_push(&out->diags, &out->ndiags, msg) : SEAM_ENOMEM;
    free(msg);
    /* Its state names the reason: the output memo sees a file appear or change kind. */
    hash_ctx h;
    if (rc == 0 && (rc = hash_init(&h)) == 0) {
        hash_add_str(&h, "unreadable");
        hash_add_str(&h, e->key);
        hash_add_str(&h, why);
        rc = hash_final(&h, out->state);
    }
    return rc < 0 ? rc : 1;
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
    strv_free(f->table_fns, f->ntable_fns);
    strv_free(f->targets, f->ntargets);
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
        int rc = wrappers_parse_spec("--sql-fn", o->sql_fns[i], &len, &arg, err);
        if (rc < 0)
            return rc;
    }
    for (int i = 0; i < o->ntable_fns; i++) {
        size_t len;
        int arg;
        int rc = wrappers_parse_spec("--table-fn", o->table_fns[i], &len, &arg, err);
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
        (strv_push(&f->warnings, &f->nwarnings,
                   "no compile_commands.json: parsed every .c file under SRC with -I for each "
                   "directory holding headers (and --cflags); results are approximate") < 0 ||
         (db->note && strv_push(&f->warnings, &f->nwarnings, db->note) < 0)))
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory");
    strv_sort_unique(f->warnings, &f->nwarnings);
    return rc;
}

/* Whether the facts come from the no-compile-database walk (its warning says so). */
static int facts_approximate(const analyzer_facts *f)
{
    for (int i = 0; i < f->nwarnings; i++)
        if (strncmp(f->warnings[i], "no compile_commands.json:", 25) == 0)
            return 1;
    return 0;
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
    for (int i = 0; i < o->ntable_fns; i++)
        if (strv_push(&f->table_fns, &f->ntable_fns, o->table_fns[i]) < 0)
            return SEAM_ENOMEM;
    f->shard_index = o->shard_index;
    f->shard_count = o->shard_count;
    return 0;
}

/*
 * Sorts the entries: unreadable ones get their TU now (*unreadable counts
 * them); cache lookups for the others leave a hit's facts' text in the TU's
 * blob for a thread to decode (their indices in hits), and the misses go to
 * misses.
 */
static int lookup_all(tu_cache *cache, run_state *s, int *hits, int *nhits, int *misses,
                      int *nmisses, int *unreadable, seam_err *err)
{
    for (int i = 0; i < s->db->n; i++) {
        const compdb_entry *e = &s->db->entries[i];
        int bad = entry_unreadable(e, &s->tus[i]);
        if (bad < 0)
            return seam_err_set(err, bad, "out of memory reading the compile database");
        if (bad) {
            (*unreadable)++;
            continue;
        }
        int hit = cache ? cache_fetch(cache, e, &s->tus[i].blob, s->tus[i].state) : 0;
        if (hit < 0)
            return seam_err_set(err, hit, "out of memory reading the cache");
        if (hit) {
            memcpy(s->tus[i].key, e->key, sizeof s->tus[i].key);
            hits[(*nhits)++] = i;
        } else {
            misses[(*nmisses)++] = i;
        }
    }
    return 0;
}

/*
 * What compdb_finish set aside: nothing left at all (every entry outside SRC
 * or excluded, none merely in another shard) is an error; duplicates are one
 * warning.
 */
static int entries_checked(const compdb *db, analyzer_facts *f, seam_err *err)
{
    if (db->n == 0 && db->skipped > 0 && db->other_shards == 0)
        return seam_err_set(err, SEAM_EINPUT,
                            "no translation unit could be read: all %d compile database entries "
                            "were skipped (first: %s)",
                            db->skipped, db->first_skip ? db->first_skip : "?");
    if (db->duplicates > 0) {
        char *w = seam_printf("%d compile database entr%s repeated an earlier one (same file and "
                              "arguments) and %s ignored (first: %s)",
                              db->duplicates, db->duplicates == 1 ? "y" : "ies",
                              db->duplicates == 1 ? "was" : "were",
                              db->first_dup ? db->first_dup : "?");
        if (!w || strv_push(&f->warnings, &f->nwarnings, w) < 0) {
            free(w);
            return seam_err_set(err, SEAM_ENOMEM, "out of memory");
        }
        free(w);
        strv_sort_unique(f->warnings, &f->nwarnings);
    }
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
    for (int i = 0; i < f->ntable_fns; i++)
        hash_add_str(&h, f->table_fns[i]);
    hash_add_str(&h, "\1");
    for (int i = 0; i < f->nwarnings; i++)
        hash_add_str(&h, f->warnings[i]);
    hash_add_str(&h, "\1");
    /* the build targets make components: an object moved to another target changes the model */
    for (int i = 0; i < f->ntargets; i++)
        hash_add_str(&h, f->targets[i]);
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
    /* Before any thread or parser process: they all use libclang. */
    if (rc >= 0)
        rc = clang_api_load(err);
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
    int *todo = NULL, *misses = NULL;
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
    s.progress_ctx = o->progress_ctx;
    s.serialize = cache != NULL;
    s.start = now_seconds();
    if ((rc = entries_checked(&db, f, err)) < 0)
        goto out;
    /* The facts own the build targets from here on. */
    f->targets = db.targets;
    f->ntargets = db.ntargets;
    db.targets = NULL;
    db.ntargets = 0;
    if (db.n > 0 && (!(s.tus = calloc((size_t)db.n, sizeof *s.tus)) ||
                     !(todo = s.todo = calloc((size_t)db.n, sizeof *s.todo)) ||
                     !(misses = calloc((size_t)db.n, sizeof *misses)) ||
                     !(s.redo = calloc((size_t)db.n, 1)))) {
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory starting the analyzer");
        goto out;
    }
    int nhits = 0, nmisses = 0, unreadable = 0;
    if ((rc = lookup_all(cache, &s, s.todo, &nhits, misses, &nmisses, &unreadable, err)) < 0)
        goto out;
    if (unreadable == db.n && db.n > 0 && db.other_shards == 0) {
        rc = seam_err_set(err, SEAM_EINPUT,
                          "no translation unit could be read: all %d compile database entries "
                          "were skipped (first: %s)",
                          db.n + db.skipped, s.tus[0].diags[0]);
        goto out;
    }
    if (cache && o->output_path && nhits + unreadable == db.n && db.n > 0) {
        rc = output_up_to_date(o, cache, f, s.tus, db.n);
        if (rc < 0) {
            rc = seam_err_set(err, rc, "out of memory reading the cache");
            goto out;
        }
        if (rc == 1) {
            /* Nothing to decode, build or write. */
            if (o->stats) {
                memset(o->stats, 0, sizeof *o->stats);
                o->stats->tus = db.n;
                o->stats->cached = nhits;
                o->stats->failed = o->stats->unreadable = unreadable;
                o->stats->approximate = facts_approximate(f);
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
    s.done = s.errors = unreadable;
    s.nparse = nmisses;
    /* Parse first: worker processes are forked before any thread exists here. */
    workers_result wres = {0};
    if ((rc = parse_list(&s, misses, nmisses, jobs, o->tu_timeout, &wres, err)) < 0)
        goto out;
    /* Then decode the hits in threads; one that does not decode is parsed after all. */
    s.todo = todo;
    s.ntodo = nhits;
    parse_all(&s, jobs);
    if (s.rc == 0) {
        int nredo = 0;
        for (int i = 0; i < db.n; i++)
            if (s.redo[i])
                misses[nredo++] = i;
        s.nparse += nredo;
        if ((rc = parse_list(&s, misses, nredo, jobs, o->tu_timeout, &wres, err)) < 0)
            goto out;
    }
    if (db.n > 0)
        progress_report(&s, 1);
    if (s.rc < 0) {
        rc = s.rc;
        *err = s.err;
        goto out;
    }
    /* Nothing parsed and memory ran out: the run has nothing to say but that. */
    int any_parsed = 0;
    for (int i = 0; i < db.n; i++)
        any_parsed |= s.tus[i].parsed;
    if (wres.oom > 0 && !any_parsed) {
        rc = seam_err_set(err, SEAM_ENOMEM,
                          "the parser ran out of memory: no translation unit could be parsed "
                          "(%d of %d ran out of memory; raise the memory limit or lower -j)",
                          wres.oom, db.n);
        goto out;
    }
    if (cache && (rc = cache_store(cache, s.tus, db.n, err)) < 0)
        goto out;
    if (o->stats) {
        memset(o->stats, 0, sizeof *o->stats);
        o->stats->tus = db.n;
        o->stats->cached = s.cached;
        o->stats->parsed = s.parsed;
        o->stats->unreadable = unreadable;
        o->stats->crashed = wres.crashed;
        o->stats->timed_out = wres.timed_out;
        o->stats->approximate = facts_approximate(f);
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
    free(todo);
    free(misses);
    free(s.redo);
    cache_close(cache);
    compdb_free(&db);
    analyzer_facts_free(f);
    free(root);
    return rc;
}
