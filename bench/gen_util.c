/*
 * gen_util.c - random numbers and text buffers for the generator.
 */
#include "gen.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and defined by its
 * arithmetic alone, so a seed gives the same monolith with any C library
 * (rand() and random() differ between libcs).
 */
uint64_t gen_rng_next(gen_rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void gen_rng_seed(gen_rng *r, uint64_t seed, uint64_t stream)
{
    r->s = seed ^ (stream * 0xd1342543de82ef95ULL);
    /* Two rounds decorrelate neighbouring seeds and streams. */
    r->s = gen_rng_next(r);
    r->s = gen_rng_next(r);
}

int gen_rng_below(gen_rng *r, int n)
{
    return (int)(gen_rng_next(r) % (uint64_t)n);
}

int gen_rng_range(gen_rng *r, int lo, int hi)
{
    return lo + gen_rng_below(r, hi - lo + 1);
}

double gen_rng_unit(gen_rng *r)
{
    return (double)(gen_rng_next(r) >> 11) * (1.0 / 9007199254740992.0);
}

void gen_rng_shuffle(gen_rng *r, int *v, int n)
{
    for (int i = n - 1; i > 0; i--) {
        int j = gen_rng_below(r, i + 1);
        int t = v[i];
        v[i] = v[j];
        v[j] = t;
    }
}

static int buf_reserve(gen_buf *b, size_t more)
{
    if (b->failed)
        return -1;
    if (b->len + more + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s) {
        b->failed = 1;
        return -1;
    }
    b->s = s;
    b->cap = cap;
    return 0;
}

void gen_buf_put(gen_buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n))
        return;
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void gen_buf_puts(gen_buf *b, const char *s)
{
    gen_buf_put(b, s, strlen(s));
}

void gen_buf_printf(gen_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if (buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void gen_buf_json(gen_buf *b, const char *s)
{
    gen_buf_put(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            gen_buf_printf(b, "\\%c", c);
        else if (c < 0x20)
            gen_buf_printf(b, "\\u%04x", c);
        else
            gen_buf_put(b, s, 1);
    }
    gen_buf_put(b, "\"", 1);
}

void gen_buf_free(gen_buf *b)
{
    free(b->s);
    memset(b, 0, sizeof *b);
}

char *gen_strf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *s = malloc((size_t)n + 1);
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}
