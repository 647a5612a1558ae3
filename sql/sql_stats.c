/*
 * sql_stats.c - production evidence: the statements pg_stat_statements counted
 * (model->schema.query_stats) matched back to the code's SQL sites by
 * fingerprint (sql_fingerprint.c), so that each site carries the calls, rows
 * and time of the statements it sends.
 *
 * A site matches every statement that shares one of its fingerprints, and gets
 * the sum of their figures. Several sites may send the same statement (two
 * functions running one query): each gets the statement's full figures, since
 * pg_stat_statements cannot tell which of them ran it, and splitting evenly
 * would invent a precision the data does not have. Each statement counts the
 * sites it matched (seam_query_stat.sites): the coverage's "N of M production
 * statements matched to code".
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sort.h"
#include "sql.h"
#include "sat.h"

/* One fingerprint of one statement (an index into query_stats). */
typedef struct stat_fp {
    uint64_t fp;
    int stat;
} stat_fp;

static int fp_cmp(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return (x > y) - (x < y);
}

static int stat_fp_cmp(const void *a, const void *b)
{
    const stat_fp *x = a, *y = b;
    if (x->fp != y->fp)
        return x->fp < y->fp ? -1 : 1;
    return (x->stat > y->stat) - (x->stat < y->stat);
}

/* The first entry of v (sorted) with fingerprint fp, or n. */
static int lower_bound(const stat_fp *v, int n, uint64_t fp)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (v[mid].fp < fp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Every statement's fingerprints, sorted by (fingerprint, statement). */
static int index_stats(const seam_schema *s, stat_fp **out, int *nout, seam_err *err)
{
    stat_fp *v = NULL;
    int n = 0, cap = 0, rc = SEAM_OK;
    for (int q = 0; q < s->nquery_stats && rc == SEAM_OK; q++) {
        uint64_t *fps;
        int nfps;
        if ((rc = sql_fingerprint(s->query_stats[q].query, &fps, &nfps, err)) != SEAM_OK)
            break;
        if (seam_array_reserve(&v, &cap, n + nfps, sizeof *v) != SEAM_OK)
            rc = seam_err_set(err, SEAM_ENOMEM, "out of memory matching production statements");
        for (int k = 0; k < nfps && rc == SEAM_OK; k++)
            v[n++] = (stat_fp){fps[k], q};
        free(fps);
    }
    if (rc != SEAM_OK) {
        free(v);
        return rc;
    }
    if (n > 1)
        seam_sort(v, (size_t)n, sizeof *v, stat_fp_cmp);
    *out = v;
    *nout = n;
    return SEAM_OK;
}

/* Matches one site: its statements (each once, in query_stats order) summed into it. */
static int match_site(seam_model *m, seam_sql_site *site, const stat_fp *v, int n, int *hits,
                      seam_err *err)
{
    uint64_t *fps;
    int nfps, nhits = 0;
    int rc = sql_fingerprint(site->sql, &fps, &nfps, err);
    if (rc != SEAM_OK)
        return rc;
    /* A text repeating a statement has its fingerprint twice: each counts once, which also
     * keeps hits within its n entries. */
    seam_sort(fps, (size_t)nfps, sizeof *fps, fp_cmp);
    for (int k = 0; k < nfps; k++) {
        if (k > 0 && fps[k] == fps[k - 1])
            continue;
        for (int i = lower_bound(v, n, fps[k]); i < n && v[i].fp == fps[k]; i++)
            hits[nhits++] = v[i].stat;
    }
    free(fps);
    nhits = seam_sort_unique_int(hits, nhits);
    seam_schema *s = &m->schema;
    for (int i = 0; i < nhits; i++) {
        seam_query_stat *qs = &s->query_stats[hits[i]];
        site->calls = seam_sat_add(site->calls, qs->calls);
        site->rows = seam_sat_add(site->rows, qs->rows);
        site->time_ms += qs->time_ms;
        site->stats_matched = 1;
        qs->sites++;
    }
    return SEAM_OK;
}

int sql_stats_match(seam_model *m, seam_err *err)
{
    seam_schema *s = &m->schema;
    for (int i = 0; i < m->nsql_sites; i++) {
        seam_sql_site *site = &m->sql_sites[i];
        site->calls = site->rows = 0;
        site->time_ms = 0;
        site->stats_matched = 0;
    }
    for (int q = 0; q < s->nquery_stats; q++)
        s->query_stats[q].sites = 0;
    if (s->nquery_stats == 0 || m->nsql_sites == 0)
        return SEAM_OK;

    stat_fp *v = NULL;
    int n = 0;
    int rc = index_stats(s, &v, &n, err);
    if (rc != SEAM_OK)
        return rc;
    /* A site's statements can match at most every entry: hits never outgrows n. */
    int *hits = malloc(((size_t)n + 1) * sizeof *hits);
    if (!hits)
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory matching production statements");
    for (int i = 0; i < m->nsql_sites && rc == SEAM_OK; i++)
        rc = match_site(m, &m->sql_sites[i], v, n, hits, err);
    free(hits);
    free(v);
    return rc;
}
