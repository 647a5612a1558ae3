/*
 * inspect_schema.c - building a seam_schema: appending facts one at a time.
 * (Ordering, merging and name resolution are inspect_schema_finish.c.)
 */
#include "inspect_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Makes room for element n of *arr. The capacity is implied by the count
 * (4, 8, 16, ...), so the structs of model.h need no capacity fields: the
 * array is reallocated only when n is 0 or reaches a power of two >= 4.
 * (A reader that removes elements keeps the larger allocation, so the
 * implied capacity stays a lower bound.)
 */
static int grow(void *arr, int n, size_t elem)
{
    void **p = arr;
    if (n != 0 && (n < 4 || (n & (n - 1)) != 0))
        return SEAM_OK;
    size_t cap = n == 0 ? 4 : (size_t)n * 2;
    void *np = realloc(*p, cap * elem);
    if (!np)
        return SEAM_ENOMEM;
    *p = np;
    return SEAM_OK;
}

/* Appends a zeroed element to *arr of *n and returns it, or NULL. */
static void *append(void *arr, int *n, size_t elem)
{
    if (grow(arr, *n, elem) != SEAM_OK)
        return NULL;
    char *base = *(char **)arr;
    void *e = base + (size_t)(*n)++ * elem;
    memset(e, 0, elem);
    return e;
}

int inspect_schema_strv_push(char ***v, int *n, const char *str)
{
    char *copy = seam_strdup(str);
    if (!copy || grow(v, *n, sizeof **v) != SEAM_OK) {
        free(copy);
        return SEAM_ENOMEM;
    }
    (*v)[(*n)++] = copy;
    return SEAM_OK;
}

int inspect_schema_note(char ***v, int *n, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    return inspect_schema_strv_push(v, n, line);
}

int inspect_schema_set(char **field, const char *value)
{
    char *copy = NULL;
    if (value && !(copy = seam_strdup(value)))
        return SEAM_ENOMEM;
    free(*field);
    *field = copy;
    return SEAM_OK;
}

seam_table *inspect_schema_table_add(seam_schema *s, const char *name)
{
    char *copy = seam_strdup(name);
    seam_table *t = copy ? append(&s->tables, &s->ntables, sizeof *t) : NULL;
    if (!t) {
        free(copy);
        return NULL;
    }
    t->name = copy;
    return t;
}

seam_column *inspect_schema_column_append(seam_table *t, const char *name, const char *type,
                                          int not_null)
{
    char *n = seam_strdup(name), *ty = seam_strdup(type ? type : "");
    seam_column *c = n && ty ? append(&t->columns, &t->ncolumns, sizeof *c) : NULL;
    if (!c) {
        free(n);
        free(ty);
        return NULL;
    }
    c->name = n;
    c->type = ty;
    c->not_null = not_null != 0;
    return c;
}

int inspect_schema_column_add(seam_table *t, const char *name, const char *type, int not_null)
{
    return inspect_schema_column_append(t, name, type, not_null) ? SEAM_OK : SEAM_ENOMEM;
}

seam_unique *inspect_schema_unique_add(seam_table *t, const char *name)
{
    char *copy = seam_strdup(name);
    seam_unique *u = copy ? append(&t->uniques, &t->nuniques, sizeof *u) : NULL;
    if (!u) {
        free(copy);
        return NULL;
    }
    u->name = copy;
    return u;
}

seam_foreign_key *inspect_schema_fk_add(seam_schema *s, const char *name, const char *from_table,
                                        const char *to_table)
{
    char *n = name ? seam_strdup(name) : NULL;
    char *from = seam_strdup(from_table), *to = seam_strdup(to_table);
    seam_foreign_key *fk = NULL;
    if ((!name || n) && from && to)
        fk = append(&s->foreign_keys, &s->nforeign_keys, sizeof *fk);
    if (!fk) {
        free(n);
        free(from);
        free(to);
        return NULL;
    }
    fk->name = n;
    fk->from_table = from;
    fk->to_table = to;
    return fk;
}

int inspect_schema_fk_add_column(seam_foreign_key *fk, const char *from_col, const char *to_col)
{
    /* Both vectors share fk->ncolumns, so push into copies of the count. */
    int nf = fk->ncolumns, nt = fk->ncolumns;
    if (inspect_schema_strv_push(&fk->from_columns, &nf, from_col) != SEAM_OK)
        return SEAM_ENOMEM;
    if (inspect_schema_strv_push(&fk->to_columns, &nt, to_col) != SEAM_OK) {
        free(fk->from_columns[nf - 1]);
        return SEAM_ENOMEM;
    }
    fk->ncolumns++;
    return SEAM_OK;
}

seam_index *inspect_schema_index_add(seam_schema *s, const char *name, const char *table)
{
    char *n = seam_strdup(name), *t = seam_strdup(table);
    seam_index *ix = n && t ? append(&s->indexes, &s->nindexes, sizeof *ix) : NULL;
    if (!ix) {
        free(n);
        free(t);
        return NULL;
    }
    ix->name = n;
    ix->table = t;
    return ix;
}

seam_view *inspect_schema_view_add(seam_schema *s, const char *name, int materialized)
{
    char *n = seam_strdup(name);
    seam_view *v = n ? append(&s->views, &s->nviews, sizeof *v) : NULL;
    if (!v) {
        free(n);
        return NULL;
    }
    v->name = n;
    v->materialized = materialized != 0;
    return v;
}

seam_trigger *inspect_schema_trigger_add(seam_schema *s, const char *name, const char *table)
{
    char *n = seam_strdup(name), *t = seam_strdup(table);
    seam_trigger *tg = n && t ? append(&s->triggers, &s->ntriggers, sizeof *tg) : NULL;
    if (!tg) {
        free(n);
        free(t);
        return NULL;
    }
    tg->name = n;
    tg->table = t;
    tg->enabled = 1;
    return tg;
}

seam_sequence *inspect_schema_sequence_add(seam_schema *s, const char *name)
{
    char *n = seam_strdup(name);
    seam_sequence *sq = n ? append(&s->sequences, &s->nsequences, sizeof *sq) : NULL;
    if (!sq) {
        free(n);
        return NULL;
    }
    sq->name = n;
    return sq;
}

seam_query_stat *inspect_schema_query_stat_add(seam_schema *s, const char *query, long long calls)
{
    char *q = seam_strdup(query);
    seam_query_stat *qs = q ? append(&s->query_stats, &s->nquery_stats, sizeof *qs) : NULL;
    if (!qs) {
        free(q);
        return NULL;
    }
    qs->query = q;
    qs->calls = calls;
    return qs;
}

int inspect_schema_ref_add(seam_table_ref **refs, int *n, const char *name, int access)
{
    for (int i = 0; i < *n; i++)
        if (strcmp((*refs)[i].table, name) == 0) {
            (*refs)[i].access |= access;
            return SEAM_OK;
        }
    char *copy = seam_strdup(name);
    seam_table_ref *r = copy ? append(refs, n, sizeof *r) : NULL;
    if (!r) {
        free(copy);
        return SEAM_ENOMEM;
    }
    r->table = copy;
    r->access = access;
    return SEAM_OK;
}

void inspect_schema_refs_free(seam_table_ref *refs, int n)
{
    for (int i = 0; i < n; i++)
        free(refs[i].table);
    free(refs);
}

const char *inspect_fk_action(const char *code)
{
    switch (code ? code[0] : 'a') {
    case 'r':
        return "RESTRICT";
    case 'c':
        return "CASCADE";
    case 'n':
        return "SET NULL";
    case 'd':
        return "SET DEFAULT";
    default:
        return "NO ACTION";
    }
}

static int table_cmp(const void *a, const void *b)
{
    return strcmp(((const seam_table *)a)->name, ((const seam_table *)b)->name);
}

void inspect_schema_tables_sort(seam_schema *s)
{
    if (s->ntables > 1)
        qsort(s->tables, (size_t)s->ntables, sizeof *s->tables, table_cmp);
}

int inspect_schema_table_find(const seam_schema *s, const char *name)
{
    int lo = 0, hi = s->ntables - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(s->tables[mid].name, name);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/*
 * PostgreSQL's makeObjectName(): "name1_name2_label" within NAMEDATALEN-1
 * (63) bytes, shortening the longer of name1 and name2 first.
 */
char *inspect_schema_pg_object_name(const char *name1, char *const *parts, int nparts,
                                    const char *label)
{
    size_t l2 = 0;
    for (int i = 0; i < nparts; i++)
        l2 += strlen(parts[i]) + (i ? 1 : 0);
    char *name2 = malloc(l2 + 1);
    if (!name2)
        return NULL;
    name2[0] = '\0';
    for (int i = 0; i < nparts; i++) {
        if (i)
            strcat(name2, "_");
        strcat(name2, parts[i]);
    }
    /* ChooseForeignKeyConstraintNameAddition stops at NAMEDATALEN too. */
    if (l2 > 63)
        name2[l2 = 63] = '\0';
    size_t n1 = strlen(name1), n2 = l2;
    size_t overhead = strlen(label) + 1 + (nparts ? 1 : 0);
    size_t avail = 63 > overhead ? 63 - overhead : 0;
    while (n1 + n2 > avail) {
        if (n1 > n2)
            n1--;
        else
            n2--;
    }
    char *out =
        seam_printf("%.*s%s%.*s_%s", (int)n1, name1, nparts ? "_" : "", (int)n2, name2, label);
    free(name2);
    return out;
}
