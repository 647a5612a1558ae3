/*
 * inspect_ddl_names.c - seam's names from libpg_query's parse tree, for the
 * PostgreSQL DDL reader: a RangeVar or a list of String nodes becomes
 * "orders" or "sales.orders" (an unqualified name is in the schema SET
 * search_path chose), and a seam name splits back into its schema and
 * relation, from which PostgreSQL builds the names of what it creates.
 */
#include "inspect_ddl_postgres_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *inspect_ddl_names_list(const cJSON *list, const char *default_schema)
{
    int n = cJSON_GetArraySize(list);
    if (n < 1)
        return NULL;
    const char *rel = jsval(cJSON_GetArrayItem(list, n - 1));
    const char *nsp = n >= 2 ? jsval(cJSON_GetArrayItem(list, n - 2)) : default_schema;
    return inspect_seam_name(nsp, rel);
}

char *inspect_ddl_names_rv(const ddl *d, const cJSON *rv)
{
    const char *nsp = jstr(rv, "schemaname");
    return inspect_seam_name(nsp ? nsp : d->search_schema, jstr(rv, "relname"));
}

/* The relation's own name, from which PostgreSQL builds constraint names. */
const char *inspect_ddl_names_rel(const char *name)
{
    const char *dot = strchr(name, '.');
    return dot ? dot + 1 : name;
}

/* The schema part of a seam name ("public" when none), into buf. */
const char *inspect_ddl_names_schema(const char *name, char *buf, size_t n)
{
    const char *dot = strchr(name, '.');
    snprintf(buf, n, "%.*s", dot ? (int)(dot - name) : 6, dot ? name : "public");
    return buf;
}

/* String nodes of a list, as a vector (borrowed pointers into the tree). */
int inspect_ddl_names_svals(const cJSON *list, const char **out, int max)
{
    int n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, list)
    {
        const char *v = jsval(e);
        if (v && n < max)
            out[n++] = v;
    }
    return n;
}
