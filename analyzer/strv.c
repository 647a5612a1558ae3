/*
 * strv.c - string vectors (char ** and a count), as the facts hold their
 * lists of paths, diagnostics, exclusions and SQL functions: append a copy,
 * free, sort and drop duplicates.
 */
#include "analyzer_internal.h"
#include "sort.h"

#include <stdlib.h>
#include <string.h>

int strv_push(char ***v, int *n, const char *s)
{
    char **nv = realloc(*v, (size_t)(*n + 1) * sizeof **v);
    if (!nv)
        return SEAM_ENOMEM;
    *v = nv;
    if (!(nv[*n] = seam_strdup(s ? s : "")))
        return SEAM_ENOMEM;
    (*n)++;
    return 0;
}

void strv_free(char **v, int n)
{
    for (int i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void strv_sort_unique(char **v, int *n)
{
    if (*n < 2)
        return;
    qsort(v, (size_t)*n, sizeof *v, seam_cmp_str);
    int w = 1;
    for (int i = 1; i < *n; i++) {
        if (strcmp(v[i], v[w - 1]) == 0)
            free(v[i]);
        else
            v[w++] = v[i];
    }
    *n = w;
}
