/*
 * sql_refs.c - table references as both parsers report them, named the way
 * the schema spells them, then sorted and merged into one entry per table.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sql_internal.h"
#include "sort.h"

static int cmp_name_ci(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    int c = strcasecmp(x, y);
    return c ? c : strcmp(x, y);
}

/* Length of the prefix of name up to and including its first '_' (0: none, or too long). */
static size_t prefix_len(const char *name)
{
    const char *u = strchr(name, '_');
    return u && u > name && u[1] && u - name < 32 ? (size_t)(u - name) + 1 : 0;
}

/*
 * A configured table prefix: code that joins a prefix from its configuration
 * to each table's name ("%s%s", prefix, "hosts") shows only the constant
 * part. When more than half of the schema's tables (and at least three) share
 * the word before their first '_', a name found in SQL that misses the schema
 * is looked up again with that prefix.
 */
typedef struct prefix_ref {
    const char *name;
    size_t len;
} prefix_ref;

static int cmp_prefix(const void *a, const void *b)
{
    const prefix_ref *x = a, *y = b;
    if (x->len != y->len)
        return x->len < y->len ? -1 : 1;
    return strncmp(x->name, y->name, x->len);
}

static int names_find_prefix(sql_names *nm)
{
    /* Sorted, equal prefixes are runs: the longest run is the candidate (O(n log n)). */
    prefix_ref *v = nm->n > 0 ? malloc((size_t)nm->n * sizeof *v) : NULL;
    int n = 0;
    if (nm->n > 0 && !v)
        return SEAM_ENOMEM;
    for (int i = 0; i < nm->n; i++) {
        size_t len = prefix_len(nm->v[i]);
        if (len)
            v[n++] = (prefix_ref){nm->v[i], len};
    }
    if (n > 1)
        qsort(v, (size_t)n, sizeof *v, cmp_prefix);
    int best = -1, best_count = 0;
    for (int i = 0; i < n;) {
        int k = i + 1;
        while (k < n && cmp_prefix(&v[i], &v[k]) == 0)
            k++;
        if (k - i > best_count) {
            best_count = k - i;
            best = i;
        }
        i = k;
    }
    int rc = SEAM_OK;
    if (best >= 0 && best_count * 2 > nm->n && best_count >= 3) {
        if (!(nm->prefix = malloc(v[best].len + 1))) {
            rc = SEAM_ENOMEM;
        } else {
            memcpy(nm->prefix, v[best].name, v[best].len);
            nm->prefix[v[best].len] = '\0';
        }
    }
    free(v);
    return rc;
}

int sql_refs_names_init(sql_names *nm, const seam_schema *schema)
{
    nm->v = NULL;
    nm->n = 0;
    nm->prefix = NULL;
    if (!schema || schema->ntables <= 0)
        return SEAM_OK;
    nm->v = calloc((size_t)schema->ntables, sizeof *nm->v);
    if (!nm->v)
        return SEAM_ENOMEM;
    for (int i = 0; i < schema->ntables; i++) {
        if (!schema->tables[i].name)
            continue;
        nm->v[nm->n] = seam_strdup(schema->tables[i].name);
        if (!nm->v[nm->n]) {
            sql_refs_names_free(nm);
            return SEAM_ENOMEM;
        }
        nm->n++;
    }
    /* Case-insensitive order puts every spelling of a name next to each other. */
    qsort(nm->v, (size_t)nm->n, sizeof *nm->v, cmp_name_ci);
    return names_find_prefix(nm);
}

void sql_refs_names_free(sql_names *nm)
{
    for (int i = 0; i < nm->n; i++)
        free(nm->v[i]);
    free(nm->v);
    free(nm->prefix);
    nm->v = NULL;
    nm->n = 0;
    nm->prefix = NULL;
}

/*
 * The schema's spelling of name, or NULL. An exact match wins; otherwise the
 * first case-insensitive one, because PostgreSQL may hold both "Users" and
 * users while SQLite treats them as one.
 */
static const char *names_find(const sql_names *nm, const char *name)
{
    int lo = 0, hi = nm->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcasecmp(nm->v[mid], name) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    const char *first = NULL;
    for (int i = lo; i < nm->n && strcasecmp(nm->v[i], name) == 0; i++) {
        if (strcmp(nm->v[i], name) == 0)
            return nm->v[i];
        if (!first)
            first = nm->v[i];
    }
    return first;
}

static int is_default_schema(const char *schema)
{
    return !schema || !*schema || strcasecmp(schema, "public") == 0 ||
           strcasecmp(schema, "main") == 0;
}

/* The table's name as sql_refs_add stores it (malloc'd); *skip for a placeholder. */
static char *table_name(const sql_names *nm, const char *schema, const char *name, int fold,
                        int *skip)
{
    *skip = !name || !*name || strchr(name, '%') || (schema && strchr(schema, '%'));
    if (*skip)
        return NULL;
    char *full = is_default_schema(schema) ? seam_strdup(name) : seam_printf("%s.%s", schema, name);
    if (!full)
        return NULL;
    const char *spelled = names_find(nm, full);
    /* Not in the schema as written: with the schema's configured prefix, perhaps. */
    if (!spelled && nm->prefix && is_default_schema(schema) &&
        strncasecmp(full, nm->prefix, strlen(nm->prefix)) != 0) {
        char *prefixed = seam_printf("%s%s", nm->prefix, full);
        if (!prefixed) {
            free(full);
            return NULL;
        }
        spelled = names_find(nm, prefixed);
        free(prefixed);
    }
    if (spelled) {
        char *dup = seam_strdup(spelled);
        free(full);
        return dup;
    }
    if (fold)
        for (char *p = full; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    return full;
}

int sql_refs_add(sql_refs *refs, const sql_names *nm, const char *schema, const char *name,
                 int fold, int access)
{
    int skip;
    char *full = table_name(nm, schema, name, fold, &skip);
    if (skip)
        return SEAM_OK;
    if (!full)
        return SEAM_ENOMEM;
    if (seam_array_reserve(&refs->v, &refs->cap, refs->n + 1, sizeof *refs->v) != SEAM_OK) {
        free(full);
        return SEAM_ENOMEM;
    }
    refs->v[refs->n].table = full;
    refs->v[refs->n].access = access;
    refs->n++;
    return SEAM_OK;
}

static int cmp_ref(const void *a, const void *b)
{
    return strcmp(((const seam_table_ref *)a)->table, ((const seam_table_ref *)b)->table);
}

void sql_refs_merge(sql_refs *refs)
{
    if (refs->n == 0)
        return;
    qsort(refs->v, (size_t)refs->n, sizeof *refs->v, cmp_ref);
    int w = 0;
    for (int i = 1; i < refs->n; i++) {
        if (strcmp(refs->v[w].table, refs->v[i].table) == 0) {
            refs->v[w].access |= refs->v[i].access;
            free(refs->v[i].table);
        } else {
            refs->v[++w] = refs->v[i];
        }
    }
    refs->n = w + 1;
}

void sql_refs_take(sql_refs *refs, seam_table_ref **tables, int *ntables)
{
    sql_refs_merge(refs);
    *tables = refs->n ? refs->v : NULL;
    *ntables = refs->n;
    if (!refs->n)
        free(refs->v);
    refs->v = NULL;
    refs->n = refs->cap = 0;
}

void sql_refs_free(sql_refs *refs)
{
    for (int i = 0; i < refs->n; i++)
        free(refs->v[i].table);
    free(refs->v);
    refs->v = NULL;
    refs->n = refs->cap = 0;
}

/* ---- columns ---- */

int sql_refs_cols_add(sql_cols *cols, const sql_names *nm, const char *schema, const char *table,
                      const char *column, int fold, int access)
{
    int skip;
    if (!column || !*column || strchr(column, '%'))
        return SEAM_OK;
    char *full = table_name(nm, schema, table, fold, &skip);
    if (skip)
        return SEAM_OK;
    char *col = full ? seam_strdup(column) : NULL;
    if (!col || seam_array_reserve(&cols->v, &cols->cap, cols->n + 1, sizeof *cols->v) != SEAM_OK) {
        free(full);
        free(col);
        return SEAM_ENOMEM;
    }
    if (fold)
        for (char *p = col; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    cols->v[cols->n++] = (seam_column_ref){full, col, access};
    return SEAM_OK;
}

static int cmp_col(const void *a, const void *b)
{
    const seam_column_ref *x = a, *y = b;
    int c = strcmp(x->table, y->table);
    return c ? c : strcmp(x->column, y->column);
}

void sql_refs_cols_merge(sql_cols *cols)
{
    if (cols->n == 0)
        return;
    qsort(cols->v, (size_t)cols->n, sizeof *cols->v, cmp_col);
    int w = 0;
    for (int i = 1; i < cols->n; i++) {
        if (cmp_col(&cols->v[w], &cols->v[i]) == 0) {
            cols->v[w].access |= cols->v[i].access;
            free(cols->v[i].table);
            free(cols->v[i].column);
        } else {
            cols->v[++w] = cols->v[i];
        }
    }
    cols->n = w + 1;
}

void sql_refs_cols_free(sql_cols *cols)
{
    for (int i = 0; i < cols->n; i++) {
        free(cols->v[i].table);
        free(cols->v[i].column);
    }
    free(cols->v);
    cols->v = NULL;
    cols->n = cols->cap = 0;
}

/* "table\x1fcolumn", lower case: the key of the schema's column set. */
static char *col_key(const char *table, const char *column)
{
    char *k = seam_printf("%s\x1f%s", table, column);
    for (char *p = k; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return k;
}

int sql_refs_schema_cols_init(sql_schema_cols *sc, const seam_schema *schema)
{
    sc->v = NULL;
    sc->n = 0;
    int total = 0;
    for (int i = 0; schema && i < schema->ntables; i++)
        total += schema->tables[i].ncolumns;
    if (total == 0)
        return SEAM_OK;
    if (!(sc->v = calloc((size_t)total, sizeof *sc->v)))
        return SEAM_ENOMEM;
    for (int i = 0; i < schema->ntables; i++) {
        const seam_table *t = &schema->tables[i];
        for (int c = 0; t->name && c < t->ncolumns; c++) {
            if (!t->columns[c].name)
                continue;
            if (!(sc->v[sc->n] = col_key(t->name, t->columns[c].name))) {
                sql_refs_schema_cols_free(sc);
                return SEAM_ENOMEM;
            }
            sc->n++;
        }
    }
    qsort(sc->v, (size_t)sc->n, sizeof *sc->v, seam_cmp_str);
    return SEAM_OK;
}

void sql_refs_schema_cols_free(sql_schema_cols *sc)
{
    for (int i = 0; i < sc->n; i++)
        free(sc->v[i]);
    free(sc->v);
    sc->v = NULL;
    sc->n = 0;
}

int sql_refs_schema_has_column(const sql_schema_cols *sc, const char *schema,
                               const char *table, const char *column)
{
    if (!sc || sc->n == 0)
        return 0;
    char *t = is_default_schema(schema) ? seam_strdup(table) : seam_printf("%s.%s", schema, table);
    char *k = t ? col_key(t, column) : NULL;
    free(t);
    if (!k)
        return 0;
    int found = bsearch(&k, sc->v, (size_t)sc->n, sizeof *sc->v, seam_cmp_str) != NULL;
    free(k);
    return found;
}
