/*
 * sat.h - saturating arithmetic on the figures seam sums: a database
 * server's counters, and counts read back from a model.json that may hold
 * anything, are added without overflow (held at the ends of long long).
 * Thread-safe (pure functions).
 */
#ifndef SEAM_SAT_H
#define SEAM_SAT_H

#include <limits.h>

/* a + b, LLONG_MAX or LLONG_MIN where the true sum lies beyond them. */
static inline long long seam_sat_add(long long a, long long b)
{
    if (b > 0 && a > LLONG_MAX - b)
        return LLONG_MAX;
    if (b < 0 && a < LLONG_MIN - b)
        return LLONG_MIN;
    return a + b;
}

#endif
