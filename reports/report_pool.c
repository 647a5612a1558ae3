/*
 * report_pool.c - a sorted set of distinct strings, so that the data
 * embedded in report.html names each file, table, SQL text or API once and
 * refers to it by position.
 */
#include "report_internal.h"

#include <stdlib.h>
#include <string.h>

static int pool_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void report_pool_free(report_pool *p)
{
    free(p->v);
    memset(p, 0, sizeof *p);
}

int report_pool_add(report_pool *p, const char *s)
{
    if (!s)
        return SEAM_OK;
    if (p->n == p->cap) {
        int cap = p->cap ? p->cap * 2 : 64;
        const char **v = realloc(p->v, (size_t)cap * sizeof *v);
        if (!v)
            return SEAM_ENOMEM;
        p->v = v;
        p->cap = cap;
    }
    p->v[p->n++] = s;
    return SEAM_OK;
}

void report_pool_seal(report_pool *p)
{
    if (p->n == 0)
        return;
    qsort(p->v, (size_t)p->n, sizeof *p->v, pool_cmp);
    int k = 1;
    for (int i = 1; i < p->n; i++)
        if (strcmp(p->v[i], p->v[k - 1]) != 0)
            p->v[k++] = p->v[i];
    p->n = k;
}

int report_pool_find(const report_pool *p, const char *s)
{
    if (!s || p->n == 0)
        return -1;
    const char **hit = bsearch(&s, p->v, (size_t)p->n, sizeof *p->v, pool_cmp);
    return hit ? (int)(hit - p->v) : -1;
}

void report_pool_json(const report_pool *p, report_buf *b)
{
    report_buf_puts(b, "[");
    for (int i = 0; i < p->n; i++) {
        report_buf_puts(b, i ? "," : "");
        report_buf_json(b, p->v[i]);
    }
    report_buf_puts(b, "]");
}
