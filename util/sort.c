/*
 * sort.c - ordering ints, int pairs and strings, and finding an int in a
 * sorted array (see sort.h).
 */
#include "sort.h"

#include <stdlib.h>
#include <string.h>

void seam_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(base, n, size, cmp);
}

int seam_sort_unique_int(int *v, int n)
{
    seam_sort(v, n > 0 ? (size_t)n : 0, sizeof *v, seam_cmp_int);
    int k = 0;
    for (int i = 0; i < n; i++)
        if (k == 0 || v[k - 1] != v[i])
            v[k++] = v[i];
    return k;
}

int seam_sort_find_int(const int *v, int n, int x)
{
    if (n <= 0)
        return -1;
    const int *hit = bsearch(&x, v, (size_t)n, sizeof *v, seam_cmp_int);
    return hit ? (int)(hit - v) : -1;
}

/* (a > b) - (a < b) rather than a - b, which overflows for ints far apart. */
int seam_cmp_int(const void *x, const void *y)
{
    int a = *(const int *)x, b = *(const int *)y;
    return (a > b) - (a < b);
}

int seam_cmp_int_pair(const void *x, const void *y)
{
    const seam_int_pair *p = x, *q = y;
    if (p->a != q->a)
        return (p->a > q->a) - (p->a < q->a);
    return (p->b > q->b) - (p->b < q->b);
}

int seam_cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}
