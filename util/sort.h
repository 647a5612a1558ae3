/*
 * sort.h - the comparators and sorted-array helpers every stage would
 * otherwise write again: ints, int pairs and strings put in order, repeats
 * dropped, an int found by binary search.
 *
 * Deterministic output depends on sorting with total orders, so each
 * comparator orders every pair of distinct values; qsort's instability never
 * shows, because equal elements compare equal only when they are equal.
 *
 * Thread-safe; nothing is allocated.
 */
#ifndef SEAM_SORT_H
#define SEAM_SORT_H

#include <stddef.h>

/* Two ints sorted together, the first deciding: (service, table), (from, to). */
typedef struct seam_int_pair {
    int a, b;
} seam_int_pair;

/* qsort, except that 0 or 1 elements (the array possibly NULL) are left alone: qsort wants a
 * non-NULL base even for an empty array. */
void seam_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));

/* Sorts v (n ints, NULL when n is 0) ascending and drops repeats; returns how many are left. */
int seam_sort_unique_int(int *v, int n);

/* The index of x in v (n ints, ascending, no repeats), or -1 when it is not there. */
int seam_sort_find_int(const int *v, int n, int x);

/* qsort comparators, each a total order: int ascending; seam_int_pair by a, then b; char *
 * (the array holds pointers) by strcmp. */
int seam_cmp_int(const void *x, const void *y);
int seam_cmp_int_pair(const void *x, const void *y);
int seam_cmp_str(const void *x, const void *y);

#endif
