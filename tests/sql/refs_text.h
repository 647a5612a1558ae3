/*
 * refs_text.h - table references as one line for the sql/ tests:
 * "prefix" followed by "t1:r t2:rw ..." (access r, w or rw) in the array's
 * order, so an expectation is one string comparison.
 */
#ifndef SEAM_TEST_REFS_TEXT_H
#define SEAM_TEST_REFS_TEXT_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"

/* The line for t[0..n) after prefix (malloc'd); frees every name and the array. */
static inline char *refs_text(const char *prefix, seam_table_ref *t, int n)
{
    size_t cap = strlen(prefix) + 1;
    for (int i = 0; i < n; i++)
        cap += strlen(t[i].table) + 5;
    char *s = malloc(cap);
    snprintf(s, cap, "%s", prefix);
    for (int i = 0; i < n; i++) {
        const char *acc = t[i].access == (SEAM_READ | SEAM_WRITE) ? "rw"
                          : t[i].access == SEAM_WRITE             ? "w"
                          : t[i].access == SEAM_READ              ? "r"
                                                                  : "?";
        size_t len = strlen(s);
        snprintf(s + len, cap - len, "%s%s:%s", i ? " " : "", t[i].table, acc);
        free(t[i].table);
    }
    free(t);
    return s;
}

#endif
