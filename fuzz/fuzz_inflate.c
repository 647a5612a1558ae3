/*
 * fuzz_inflate.c - any bytes as a compressed cache row or shard file through
 * seam_inflate (util/deflate.c): it inflates them or says SEAM_EINPUT, never
 * past its limit; what it inflates, deflated again (zlib and gzip), inflates
 * to the same bytes.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deflate.h"

#define LIMIT ((size_t)1 << 20)

static void round_trip(const char *text, size_t n, seam_deflate_framing framing)
{
    unsigned char *z = NULL;
    size_t zn = 0;
    if (seam_deflate(text, n, framing, &z, &zn) != SEAM_OK)
        abort();
    if ((framing == SEAM_DEFLATE_GZIP) != seam_deflate_is_gzip(z, zn))
        abort();
    char *back = NULL;
    size_t bn = 0;
    if (seam_inflate(z, zn, LIMIT, &back, &bn) != SEAM_OK || bn != n || memcmp(back, text, n) != 0)
        abort();
    free(back);
    free(z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *out = NULL;
    size_t n = 0;
    int rc = seam_inflate(data, size, LIMIT, &out, &n);
    if (rc != SEAM_OK && rc != SEAM_EINPUT)
        abort();
    if (rc == SEAM_OK) {
        if (n > LIMIT || out[n] != '\0')
            abort();
        round_trip(out, n, SEAM_DEFLATE_ZLIB);
        round_trip(out, n, SEAM_DEFLATE_GZIP);
        free(out);
    } else if (out) {
        abort();
    }
    return 0;
}
