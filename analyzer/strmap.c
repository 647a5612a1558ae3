/*
 * strmap.c - a string-keyed hash table (open addressing, linear probing).
 *
 * Used where the analyzer looks the same path up many times: file hashes in
 * the cache, a worker's path -> project-relative path memo.
 */
#include "analyzer_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* FNV-1a: short keys, no adversary (paths of the analyzed project). */
static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ull;
    }
    return h;
}

void strmap_free(strmap *m, void (*free_value)(void *))
{
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            free(m->keys[i]);
            if (free_value)
                free_value(m->values[i]);
        }
    free(m->keys);
    free(m->values);
    memset(m, 0, sizeof *m);
}

static size_t slot_of(const strmap *m, const char *key)
{
    size_t i = (size_t)str_hash(key) & (m->cap - 1);
    while (m->keys[i] && strcmp(m->keys[i], key) != 0)
        i = (i + 1) & (m->cap - 1);
    return i;
}

int strmap_get(const strmap *m, const char *key, void **value)
{
    if (m->cap == 0)
        return 0;
    size_t i = slot_of(m, key);
    if (!m->keys[i])
        return 0;
    *value = m->values[i];
    return 1;
}

static int strmap_grow(strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    strmap n = {calloc(cap, sizeof(char *)), calloc(cap, sizeof(void *)), cap, m->n};
    if (!n.keys || !n.values) {
        free(n.keys);
        free(n.values);
        return SEAM_ENOMEM;
    }
    for (size_t i = 0; i < m->cap; i++)
        if (m->keys[i]) {
            size_t j = slot_of(&n, m->keys[i]);
            n.keys[j] = m->keys[i];
            n.values[j] = m->values[i];
        }
    free(m->keys);
    free(m->values);
    *m = n;
    return 0;
}

int strmap_put(strmap *m, const char *key, void *value)
{
    /* Keep the table at most half full: probes stay short. */
    if ((m->n + 1) * 2 > m->cap && strmap_grow(m) < 0)
        return SEAM_ENOMEM;
    size_t i = slot_of(m, key);
    if (m->keys[i]) {
        m->values[i] = value;
        return 0;
    }
    if (!(m->keys[i] = strdup(key)))
        return SEAM_ENOMEM;
    m->values[i] = value;
    m->n++;
    return 0;
}
