/*
 * analyzer.c - analyzer_run: parse every TU in parallel, merge, find SQL.
 *
 * Threads take TUs from a shared counter, each with its own CXIndex (libclang
 * allows parallel parsing with separate indexes), and leave each TU's facts in
 * its own slot. Merging happens afterwards in slot order, which is the sorted
 * compile database order, so the model is the same for any number of threads.
 */
#include "analyzer.h"

#include "analyzer_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct run_state {
    const compdb *db;
    const char *root;
    tu_facts *tus;
    pthread_mutex_t mu; /* guards everything below */
    int next;           /* next TU to hand out */
    int done;
    int errors;
    int progress;
    int rc; /* first failure, with its message in err */
    seam_err err;
} run_state;

static void *worker(void *arg)
{
    run_state *s = arg;
    CXIndex idx = clang_createIndex(0, 0);
    for (;;) {
        pthread_mutex_lock(&s->mu);
        int i = s->rc < 0 ? s->db->n : s->next++;
        pthread_mutex_unlock(&s->mu);
        if (i >= s->db->n)
            break;
        seam_err e;
        seam_err_clear(&e);
        int rc = idx ? tu_facts_collect(idx, &s->db->entries[i], s->root, &s->tus[i], &e)
                     : seam_err_set(&e, SEAM_ERROR, "libclang could not create an index");
        pthread_mutex_lock(&s->mu);
        s->done++;
        s->errors += s->tus[i].errors;
        if (rc < 0 && s->rc == 0) {
            s->rc = rc;
            s->err = e;
        }
        if (s->progress) {
            fprintf(stderr, "\rseam: parsed %d/%d files, %d errors", s->done, s->db->n, s->errors);
            fflush(stderr);
        }
        pthread_mutex_unlock(&s->mu);
    }
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

int analyzer_run(const analyzer_options *opts, seam_model *model, seam_err *err)
{
    if (!opts || !opts->src_dir)
        return seam_err_set(err, SEAM_EUSAGE, "analyzer: no source directory given");
    if (model->nfiles || model->nfunctions || model->ncalls || model->nsql_sites)
        return seam_err_set(err, SEAM_EUSAGE, "analyzer: the model already holds code facts");
    char *root = realpath(opts->src_dir, NULL);
    if (!root)
        return seam_err_set(err, SEAM_EIO, "cannot open source directory '%s'", opts->src_dir);

    compdb db;
    program prog;
    run_state s;
    memset(&prog, 0, sizeof prog);
    memset(&s, 0, sizeof s);
    int rc = compdb_load(&db, opts->build_dir ? opts->build_dir : opts->src_dir, err);
    if (rc < 0)
        goto out;
    free(model->src_root);
    if (!(model->src_root = seam_strdup(root)) || !(s.tus = calloc((size_t)db.n, sizeof *s.tus)) ||
        pthread_mutex_init(&s.mu, NULL) != 0) {
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory starting the analyzer");
        goto out;
    }
    s.db = &db;
    s.root = root;
    s.progress = opts->progress;

    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int jobs = opts->jobs > 0 ? opts->jobs : cores > 0 ? (int)cores : 1;
    if (jobs > db.n)
        jobs = db.n;
    parse_all(&s, jobs);
    pthread_mutex_destroy(&s.mu);
    if (opts->progress)
        fputc('\n', stderr);
    if (s.rc < 0) {
        rc = s.rc;
        *err = s.err;
        goto out;
    }

    rc = program_build(&prog, s.tus, db.n, model, err);
    if (rc == 0)
        rc = wrappers_find_sql(&prog, err);
out:
    program_free(&prog);
    if (s.tus)
        for (int i = 0; i < db.n; i++)
            tu_facts_free(&s.tus[i]);
    free(s.tus);
    compdb_free(&db);
    free(root);
    return rc;
}
