/*
 * test_sort.c - util/sort.h: each comparator orders as it says (ints far
 * apart too, where a - b would overflow), seam_sort leaves empty and NULL
 * arrays alone, repeats are dropped, and binary search finds what is there
 * and nothing else.
 */
#include "check.h"
#include "sort.h"

#include <limits.h>

int main(void)
{
    int ints[] = {5, INT_MIN, 3, INT_MAX, 3, -1, 5, 0};
    int n = (int)(sizeof ints / sizeof *ints);
    seam_sort(ints, (size_t)n, sizeof *ints, seam_cmp_int);
    int sorted[] = {INT_MIN, -1, 0, 3, 3, 5, 5, INT_MAX};
    for (int i = 0; i < n; i++)
        CHECK_INT(ints[i], sorted[i]);
    int lo = INT_MIN, hi = INT_MAX;
    CHECK(seam_cmp_int(&lo, &hi) < 0);
    CHECK(seam_cmp_int(&hi, &lo) > 0);
    CHECK(seam_cmp_int(&hi, &hi) == 0);

    /* Nothing to sort: no call into qsort, so a NULL base is fine. */
    seam_sort(NULL, 0, sizeof(int), seam_cmp_int);
    int one = 7;
    seam_sort(&one, 1, sizeof one, seam_cmp_int);
    CHECK_INT(one, 7);

    int k = seam_sort_unique_int(ints, n);
    CHECK_INT(k, 6);
    int unique[] = {INT_MIN, -1, 0, 3, 5, INT_MAX};
    for (int i = 0; i < k; i++)
        CHECK_INT(ints[i], unique[i]);
    CHECK_INT(seam_sort_unique_int(NULL, 0), 0);

    for (int i = 0; i < k; i++)
        CHECK_INT(seam_sort_find_int(ints, k, unique[i]), i);
    CHECK_INT(seam_sort_find_int(ints, k, 4), -1);
    CHECK_INT(seam_sort_find_int(ints, k, 1), -1);
    CHECK_INT(seam_sort_find_int(NULL, 0, 0), -1);

    /* Pairs: the first int decides, the second breaks ties. */
    seam_int_pair pairs[] = {{2, 1}, {1, 9}, {2, 0}, {1, 9}, {INT_MIN, INT_MAX}};
    seam_sort(pairs, 5, sizeof *pairs, seam_cmp_int_pair);
    seam_int_pair want[] = {{INT_MIN, INT_MAX}, {1, 9}, {1, 9}, {2, 0}, {2, 1}};
    for (int i = 0; i < 5; i++) {
        CHECK_INT(pairs[i].a, want[i].a);
        CHECK_INT(pairs[i].b, want[i].b);
    }
    CHECK(seam_cmp_int_pair(&pairs[1], &pairs[2]) == 0);

    /* Strings: the array holds pointers; byte order, so "B" < "a". */
    const char *names[] = {"orders", "a", "B", "order", "orders"};
    seam_sort(names, 5, sizeof *names, seam_cmp_str);
    CHECK_STR(names[0], "B");
    CHECK_STR(names[1], "a");
    CHECK_STR(names[2], "order");
    CHECK_STR(names[3], "orders");
    CHECK_STR(names[4], "orders");
    return check_finish();
}
