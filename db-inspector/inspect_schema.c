/*
 * inspect_schema.c - building a seam_schema: appending facts, merging
 * duplicate foreign keys, naming unnamed ones, sorting.
 */
#include "inspect_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Makes room for element n of *arr. The capacity is implied by the count
 * (4, 8, 16, ...), so the structs of model.h need no capacity fields: the
 * array is reallocated only when n is 0 or reaches a power of two >= 4.
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

int inspect_strv_push(char ***v, int *n, const char *str)
{
    char *copy = seam_strdup(str);
    if (!copy || grow(v, *n, sizeof **v) != SEAM_OK) {
        free(copy);
        return SEAM_ENOMEM;
    }
    (*v)[(*n)++] = copy;
    return SEAM_OK;
}

seam_table *inspect_table_add(seam_schema *s, const char *name)
{
    char *copy = seam_strdup(name);
    if (!copy || grow(&s->tables, s->ntables, sizeof *s->tables) != SEAM_OK) {
        free(copy);
        return NULL;
    }
    seam_table *t = &s->tables[s->ntables++];
    memset(t, 0, sizeof *t);
    t->name = copy;
    return t;
}

int inspect_column_add(seam_table *t, const char *name, const char *type, int not_null)
{
    char *n = seam_strdup(name), *ty = seam_strdup(type ? type : "");
    if (!n || !ty || grow(&t->columns, t->ncolumns, sizeof *t->columns) != SEAM_OK) {
        free(n);
        free(ty);
        return SEAM_ENOMEM;
    }
    t->columns[t->ncolumns++] = (seam_column){.name = n, .type = ty, .not_null = not_null != 0};
    return SEAM_OK;
}

seam_foreign_key *inspect_fk_add(seam_schema *s, const char *name, const char *from_table,
                                 const char *to_table)
{
    char *n = name ? seam_strdup(name) : NULL;
    char *from = seam_strdup(from_table), *to = seam_strdup(to_table);
    if ((name && !n) || !from || !to ||
        grow(&s->foreign_keys, s->nforeign_keys, sizeof *s->foreign_keys) != SEAM_OK) {
        free(n);
        free(from);
        free(to);
        return NULL;
    }
    seam_foreign_key *fk = &s->foreign_keys[s->nforeign_keys++];
    memset(fk, 0, sizeof *fk);
    fk->name = n;
    fk->from_table = from;
    fk->to_table = to;
    return fk;
}

int inspect_fk_add_column(seam_foreign_key *fk, const char *from_col, const char *to_col)
{
    /* Both vectors share fk->ncolumns, so push into copies of the count. */
    int nf = fk->ncolumns, nt = fk->ncolumns;
    if (inspect_strv_push(&fk->from_columns, &nf, from_col) != SEAM_OK)
        return SEAM_ENOMEM;
    if (inspect_strv_push(&fk->to_columns, &nt, to_col) != SEAM_OK) {
        free(fk->from_columns[nf - 1]);
        return SEAM_ENOMEM;
    }
    fk->ncolumns++;
    return SEAM_OK;
}

static int table_cmp(const void *a, const void *b)
{
    return strcmp(((const seam_table *)a)->name, ((const seam_table *)b)->name);
}

void inspect_tables_sort(seam_schema *s)
{
    if (s->ntables > 1)
        qsort(s->tables, (size_t)s->ntables, sizeof *s->tables, table_cmp);
}

int inspect_table_find(const seam_schema *s, const char *name)
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

static void fk_free(seam_foreign_key *fk)
{
    free(fk->name);
    free(fk->from_table);
    free(fk->to_table);
    for (int i = 0; i < fk->ncolumns; i++) {
        free(fk->from_columns[i]);
        free(fk->to_columns[i]);
    }
    free(fk->from_columns);
    free(fk->to_columns);
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

/* PostgreSQL's default constraint name: <table>_<col>[_<col>...]_fkey, then fkey1, fkey2... */
static int fk_synthesize_name(const seam_schema *s, seam_foreign_key *fk)
{
    size_t len = strlen(fk->from_table) + sizeof "_fkey" + 16;
    for (int i = 0; i < fk->ncolumns; i++)
        len += strlen(fk->from_columns[i]) + 1;
    char *name = malloc(len);
    if (!name)
        return SEAM_ENOMEM;
    strcpy(name, fk->from_table);
    for (int i = 0; i < fk->ncolumns; i++) {
        strcat(name, "_");
        strcat(name, fk->from_columns[i]);
    }
    strcat(name, "_fkey");
    size_t base = strlen(name);
    for (int k = 1; fk_name_taken(s, fk->from_table, name); k++)
        snprintf(name + base, len - base, "%d", k);
    fk->name = name;
    return SEAM_OK;
}

int inspect_schema_finish(seam_schema *s)
{
    inspect_tables_sort(s);
    if (s->nforeign_keys == 0)
        return SEAM_OK;

    qsort(s->foreign_keys, (size_t)s->nforeign_keys, sizeof *s->foreign_keys, fk_merge_cmp);
    int kept = 0;
    for (int i = 0; i < s->nforeign_keys; i++) {
        if (kept > 0 && fk_content_cmp(&s->foreign_keys[kept - 1], &s->foreign_keys[i]) == 0) {
            fk_free(&s->foreign_keys[i]);
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
