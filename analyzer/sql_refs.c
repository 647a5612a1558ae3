/*
 * sql_refs.c - table references as both parsers report them, named the way
 * the schema spells them, then sorted and merged into one entry per table.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sql_internal.h"

static int cmp_name_ci(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    int c = strcasecmp(x, y);
    return c ? c : strcmp(x, y);
}

int sql_names_init(sql_names *nm, const seam_schema *schema)
{
    nm->v = NULL;
    nm->n = 0;
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
            sql_names_free(nm);
            return SEAM_ENOMEM;
        }
        nm->n++;
    }
    /* Case-insensitive order puts every spelling of a name next to each other. */
    qsort(nm->v, (size_t)nm->n, sizeof *nm->v, cmp_name_ci);
    return SEAM_OK;
}

void sql_names_free(sql_names *nm)
{
    for (int i = 0; i < nm->n; i++)
        free(nm->v[i]);
    free(nm->v);
    nm->v = NULL;
    nm->n = 0;
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

int sql_refs_add(sql_refs *refs, const sql_names *nm, const char *schema, const char *name,
                 int fold, int access)
{
    if (!name || !*name || strchr(name, '%') || (schema && strchr(schema, '%')))
        return SEAM_OK;
    char *full = is_default_schema(schema) ? seam_strdup(name) : seam_printf("%s.%s", schema, name);
    if (!full)
        return SEAM_ENOMEM;
    const char *spelled = names_find(nm, full);
    if (spelled) {
        char *dup = seam_strdup(spelled);
        free(full);
        if (!dup)
            return SEAM_ENOMEM;
        full = dup;
    } else if (fold) {
        for (char *p = full; *p; p++)
            *p = (char)tolower((unsigned char)*p);
    }
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

void sql_refs_free(sql_refs *refs)
{
    for (int i = 0; i < refs->n; i++)
        free(refs->v[i].table);
    free(refs->v);
    refs->v = NULL;
    refs->n = refs->cap = 0;
}
