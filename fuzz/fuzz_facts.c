/*
 * fuzz_facts.c - any text as one translation unit's facts (a shard file's
 * entries, a cache row): tu_facts_deserialize accepts it or says
 * SEAM_EINPUT, never crashes or leaks; accepted facts serialize back to
 * text that decodes to the same text again.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyzer_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    tu_facts f;
    memset(&f, 0, sizeof f);
    int rc = tu_facts_deserialize(text, &f);
    if (rc != 0 && rc != SEAM_EINPUT && rc != SEAM_ENOMEM)
        abort();
    if (rc == 0) {
        char *once = tu_facts_serialize(&f);
        tu_facts g;
        memset(&g, 0, sizeof g);
        if (!once || tu_facts_deserialize(once, &g) != 0)
            abort();
        char *twice = tu_facts_serialize(&g);
        if (!twice || strcmp(once, twice) != 0)
            abort();
        free(once);
        free(twice);
        tu_facts_free(&g);
    }
    tu_facts_free(&f);
    free(text);
    return 0;
}
