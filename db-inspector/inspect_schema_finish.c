/*
 * inspect_schema_finish.c - from the raw facts the readers appended to the schema
 * model.h promises: names resolved, duplicates merged, everything sorted, and
 * each table's production figures summed from the statements touching it.
 */
#include "inspect_internal.h"
#include "sat.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int strv_cmp(char **a, char **b, int n)
{
    for (int i = 0; i < n; i++) {
        int c = strcmp(a[i], b[i]);
        if (c)
            return c;
    }
    return 0;
}

/* Same constraint in substance: same tables, same columns in the same order. */
static int fk_content_cmp(const seam_foreign_key *a, const seam_foreign_key *b)
{
    int c = strcmp(a->from_table, b->from_table);
    if (c)
        return c;
    if (a->ncolumns != b->ncolumns)
        return a->ncolumns < b->ncolumns ? -1 : 1;
    if ((c = strv_cmp(a->from_columns, b->from_columns, a->ncolumns)))
        return c;
    if ((c = strcmp(a->to_table, b->to_table)))
        return c;
    return strv_cmp(a->to_columns, b->to_columns, a->ncolumns);
}

/* Content first, then name with unnamed last, so a merge keeps the smallest real name. */
static int fk_merge_cmp(const void *pa, const void *pb)
{
    const seam_foreign_key *a = pa, *b = pb;
    int c = fk_content_cmp(a, b);
    if (c)
        return c;
    if (!a->name || !b->name)
        return (a->name == NULL) - (b->name == NULL);
    return strcmp(a->name, b->name);
}

static int fk_order_cmp(const void *pa, const void *pb)
{
    const seam_foreign_key *a = pa, *b = pb;
    int c = strcmp(a->from_table, b->from_table);
    return c ? c : strcmp(a->name, b->name);
}

static int fk_name_taken(const seam_schema *s, const char *from_table, const char *name)
{
    for (int i = 0; i < s->nforeign_keys; i++) {
        const seam_foreign_key *fk = &s->foreign_keys[i];
        if (fk->name && strcmp(fk->name, name) == 0 && strcmp(fk->from_table, from_table) == 0)
            return 1;
    }
    return 0;
}

/* The relation's own name: PostgreSQL builds constraint names from it, not from "schema.rel". */
static const char *rel_part(const seam_schema *s, const char *name)
{
    const char *dot = strchr(name, '.');
    return dot && s->dialect == SEAM_DIALECT_POSTGRESQL ? dot + 1 : name;
}

/* PostgreSQL's default constraint name: <table>_<col>[_<col>...]_fkey, then fkey1, fkey2... */
static int fk_synthesize_name(const seam_schema *s, seam_foreign_key *fk)
{
    char *base = inspect_schema_pg_object_name(rel_part(s, fk->from_table), fk->from_columns,
                                               fk->ncolumns, "fkey");
    if (!base)
        return SEAM_ENOMEM;
    char *name = seam_strdup(base);
    for (int k = 1; name && fk_name_taken(s, fk->from_table, name); k++) {
        free(name);
        name = seam_printf("%s%d", base, k);
    }
    free(base);
    if (!name)
        return SEAM_ENOMEM;
    fk->name = name;
    return SEAM_OK;
}

static int finish_foreign_keys(seam_schema *s)
{
    if (s->nforeign_keys == 0)
        return SEAM_OK;
    qsort(s->foreign_keys, (size_t)s->nforeign_keys, sizeof *s->foreign_keys, fk_merge_cmp);
    int kept = 0;
    for (int i = 0; i < s->nforeign_keys; i++) {
        if (kept > 0 && fk_content_cmp(&s->foreign_keys[kept - 1], &s->foreign_keys[i]) == 0) {
            seam_foreign_key_free(&s->foreign_keys[i]);
            continue;
        }
        s->foreign_keys[kept++] = s->foreign_keys[i];
    }
    s->nforeign_keys = kept;

    /* Named in content order, so the numbering of clashing names is deterministic. */
    for (int i = 0; i < s->nforeign_keys; i++)
        if (!s->foreign_keys[i].name && fk_synthesize_name(s, &s->foreign_keys[i]) != SEAM_OK)
            return SEAM_ENOMEM;

    qsort(s->foreign_keys, (size_t)s->nforeign_keys, sizeof *s->foreign_keys, fk_order_cmp);
    return SEAM_OK;
}

/* ---------------------------------------------------------------- name lookups */

/* A relation's unqualified name ("orders" for "sales.orders"), for unqualified references. */
typedef struct short_name {
    const char *rel;
    int index;
} short_name;

typedef struct lookup {
    const seam_schema *s;
    short_name *tables, *views; /* sorted by rel */
    int ntables, nviews;
} lookup;

static int short_cmp(const void *a, const void *b)
{
    const short_name *x = a, *y = b;
    int c = strcmp(x->rel, y->rel);
    return c ? c : x->index - y->index;
}

static short_name *short_names(char *const *names, size_t stride, int n)
{
    short_name *v = malloc((size_t)(n ? n : 1) * sizeof *v);
    if (!v)
        return NULL;
    for (int i = 0; i < n; i++) {
        const char *name = *(char *const *)((const char *)names + (size_t)i * stride);
        const char *dot = strchr(name, '.');
        v[i] = (short_name){dot ? dot + 1 : name, i};
    }
    qsort(v, (size_t)n, sizeof *v, short_cmp);
    return v;
}

/* The one entry whose unqualified name is rel, or -1 (none, or ambiguous). */
static int short_find(const short_name *v, int n, const char *rel)
{
    int lo = 0, hi = n - 1, hit = -1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(v[mid].rel, rel);
        if (c == 0) {
            hit = mid;
            break;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    if (hit < 0)
        return -1;
    if ((hit > 0 && strcmp(v[hit - 1].rel, rel) == 0) ||
        (hit + 1 < n && strcmp(v[hit + 1].rel, rel) == 0))
        return -1;
    return v[hit].index;
}

static int view_find(const seam_schema *s, const char *name)
{
    int lo = 0, hi = s->nviews - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(s->views[mid].name, name);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* Resolves a raw name: *table or *view set (the other -1), both -1 when unknown. */
static void resolve(const lookup *lk, const char *name, int *table, int *view)
{
    *table = inspect_schema_table_find(lk->s, name);
    *view = *table >= 0 ? -1 : view_find(lk->s, name);
    if (*table >= 0 || *view >= 0 || strchr(name, '.'))
        return;
    *table = short_find(lk->tables, lk->ntables, name);
    if (*table < 0)
        *view = short_find(lk->views, lk->nviews, name);
}

/* ---------------------------------------------------------------- views */

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts v and removes duplicates. */
static void strv_sort_unique(char **v, int *n)
{
    if (*n < 2)
        return;
    qsort(v, (size_t)*n, sizeof *v, str_cmp);
    int kept = 1;
    for (int i = 1; i < *n; i++) {
        if (strcmp(v[kept - 1], v[i]) == 0)
            free(v[i]);
        else
            v[kept++] = v[i];
    }
    *n = kept;
}

/*
 * Replaces view i's raw dependencies by the base tables they lead to.
 * state: 0 raw, 1 being resolved (a cycle, which PostgreSQL forbids, stops
 * here), 2 done.
 */
static int close_view(const lookup *lk, seam_view *views, int i, char *state)
{
    if (state[i])
        return SEAM_OK;
    state[i] = 1;
    seam_view *v = &views[i];
    char **raw = v->tables;
    int nraw = v->ntables;
    char **out = NULL;
    int nout = 0, rc = SEAM_OK;
    for (int d = 0; d < nraw && rc == SEAM_OK; d++) {
        int t, w;
        resolve(lk, raw[d], &t, &w);
        if (t >= 0) {
            rc = inspect_schema_strv_push(&out, &nout, lk->s->tables[t].name);
        } else if (w >= 0 && w != i) {
            rc = close_view(lk, views, w, state);
            for (int k = 0; rc == SEAM_OK && state[w] == 2 && k < views[w].ntables; k++)
                rc = inspect_schema_strv_push(&out, &nout, views[w].tables[k]);
        }
    }
    for (int d = 0; d < nraw; d++)
        free(raw[d]);
    free(raw);
    strv_sort_unique(out, &nout);
    v->tables = out;
    v->ntables = nout;
    state[i] = 2;
    return rc;
}

static int view_cmp(const void *a, const void *b)
{
    return strcmp(((const seam_view *)a)->name, ((const seam_view *)b)->name);
}

/* ---------------------------------------------------------------- references */

static int ref_cmp(const void *a, const void *b)
{
    return strcmp(((const seam_table_ref *)a)->table, ((const seam_table_ref *)b)->table);
}

/* Raw references to tables of the schema; a view becomes its base tables, read. */
static int resolve_refs(const lookup *lk, seam_table_ref **refs, int *n)
{
    seam_table_ref *out = NULL;
    int nout = 0, rc = SEAM_OK;
    for (int i = 0; i < *n && rc == SEAM_OK; i++) {
        int t, w;
        resolve(lk, (*refs)[i].table, &t, &w);
        if (t >= 0)
            rc = inspect_schema_ref_add(&out, &nout, lk->s->tables[t].name, (*refs)[i].access);
        for (int k = 0; w >= 0 && rc == SEAM_OK && k < lk->s->views[w].ntables; k++)
            rc = inspect_schema_ref_add(&out, &nout, lk->s->views[w].tables[k], SEAM_READ);
    }
    inspect_schema_refs_free(*refs, *n);
    if (nout > 1)
        qsort(out, (size_t)nout, sizeof *out, ref_cmp);
    *refs = out;
    *n = nout;
    return rc;
}

static int trigger_cmp(const void *a, const void *b)
{
    const seam_trigger *x = a, *y = b;
    int c = strcmp(x->table, y->table);
    return c ? c : strcmp(x->name, y->name);
}

static int index_cmp(const void *a, const void *b)
{
    const seam_index *x = a, *y = b;
    int c = strcmp(x->table, y->table);
    return c ? c : strcmp(x->name, y->name);
}

static int sequence_cmp(const void *a, const void *b)
{
    return strcmp(((const seam_sequence *)a)->name, ((const seam_sequence *)b)->name);
}

static int query_cmp(const void *a, const void *b)
{
    const seam_query_stat *x = a, *y = b;
    if (x->calls != y->calls)
        return x->calls > y->calls ? -1 : 1;
    return strcmp(x->query, y->query);
}

static int unique_cmp(const void *a, const void *b)
{
    return strcmp(((const seam_unique *)a)->name, ((const seam_unique *)b)->name);
}

static void drop_untouched_queries(seam_schema *s)
{
    int kept = 0;
    for (int i = 0; i < s->nquery_stats; i++) {
        seam_query_stat *q = &s->query_stats[i];
        if (q->ntables == 0) {
            free(q->query);
            free(q->tables);
            continue;
        }
        s->query_stats[kept++] = *q;
    }
    s->nquery_stats = kept;
}

/*
 * Each table's production figures: the statements touching it, summed (after
 * finish_references, so a view's statement counts for its base tables). Tables
 * are flagged has_production when pg_stat_statements was read at all.
 */
static void sum_production(seam_schema *s)
{
    for (int t = 0; t < s->ntables; t++) {
        s->tables[t].calls = s->tables[t].rows = 0;
        s->tables[t].time_ms = 0;
    }
    for (int q = 0; q < s->nquery_stats; q++) {
        const seam_query_stat *qs = &s->query_stats[q];
        for (int k = 0; k < qs->ntables; k++) {
            int t = inspect_schema_table_find(s, qs->tables[k].table);
            if (t < 0 || !s->tables[t].has_production)
                continue;
            s->tables[t].calls = seam_sat_add(s->tables[t].calls, qs->calls);
            s->tables[t].rows = seam_sat_add(s->tables[t].rows, qs->rows);
            s->tables[t].time_ms += qs->time_ms;
        }
    }
}

static int finish_references(seam_schema *s)
{
    lookup lk = {.s = s, .ntables = s->ntables, .nviews = s->nviews};
    lk.tables = short_names(s->ntables ? &s->tables[0].name : NULL, sizeof *s->tables, s->ntables);
    lk.views = short_names(s->nviews ? &s->views[0].name : NULL, sizeof *s->views, s->nviews);
    char *state = calloc((size_t)s->nviews + 1, 1);
    int rc = lk.tables && lk.views && state ? SEAM_OK : SEAM_ENOMEM;
    for (int i = 0; i < s->nviews && rc == SEAM_OK; i++)
        rc = close_view(&lk, s->views, i, state);
    for (int i = 0; i < s->ntriggers && rc == SEAM_OK; i++)
        rc = resolve_refs(&lk, &s->triggers[i].tables, &s->triggers[i].ntables);
    for (int i = 0; i < s->nquery_stats && rc == SEAM_OK; i++)
        rc = resolve_refs(&lk, &s->query_stats[i].tables, &s->query_stats[i].ntables);
    free(lk.tables);
    free(lk.views);
    free(state);
    return rc;
}

int inspect_schema_finish(seam_schema *s)
{
    inspect_schema_tables_sort(s);
    for (int i = 0; i < s->ntables; i++) {
        seam_table *t = &s->tables[i];
        if (t->nuniques > 1)
            qsort(t->uniques, (size_t)t->nuniques, sizeof *t->uniques, unique_cmp);
        strv_sort_unique(t->partitions, &t->npartitions);
    }
    if (finish_foreign_keys(s) != SEAM_OK)
        return SEAM_ENOMEM;

    if (s->nviews > 1)
        qsort(s->views, (size_t)s->nviews, sizeof *s->views, view_cmp);
    if (finish_references(s) != SEAM_OK)
        return SEAM_ENOMEM;
    drop_untouched_queries(s);

    if (s->ntriggers > 1)
        qsort(s->triggers, (size_t)s->ntriggers, sizeof *s->triggers, trigger_cmp);
    if (s->nindexes > 1)
        qsort(s->indexes, (size_t)s->nindexes, sizeof *s->indexes, index_cmp);
    if (s->nsequences > 1)
        qsort(s->sequences, (size_t)s->nsequences, sizeof *s->sequences, sequence_cmp);
    if (s->nquery_stats > 1)
        qsort(s->query_stats, (size_t)s->nquery_stats, sizeof *s->query_stats, query_cmp);
    sum_production(s); /* in the statements' sorted order: the same sums every run */
    strv_sort_unique(s->schemas, &s->nschemas);
    return SEAM_OK;
}
