/*
 * deflate.c - zlib streams in memory (deflate.h).
 */
#include "deflate.h"

#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* zlib counts in uInt: feed it in slices no larger than that. */
#define SLICE ((size_t)1 << 30)

/* Hands zlib the next slice of the input (*p, *left) once it has used the last one. */
static void feed(z_stream *z, const unsigned char **p, size_t *left)
{
    if (z->avail_in > 0 || *left == 0)
        return;
    size_t take = *left > SLICE ? SLICE : *left;
    z->next_in = (unsigned char *)*p;
    z->avail_in = (uInt)take;
    *p += take;
    *left -= take;
}

int seam_deflate(const void *in, size_t n, seam_deflate_framing framing, unsigned char **out,
                 size_t *outn)
{
    *out = NULL;
    *outn = 0;
    z_stream z;
    memset(&z, 0, sizeof z);
    /* windowBits 15, plus 16 for a gzip header and trailer instead of zlib's. */
    int bits = framing == SEAM_DEFLATE_GZIP ? 15 + 16 : 15;
    if (deflateInit2(&z, 1, Z_DEFLATED, bits, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return SEAM_ENOMEM;
    size_t cap = deflateBound(&z, n > SLICE ? SLICE : (uLong)n) + (n > SLICE ? n : 0) + 64;
    unsigned char *buf = malloc(cap);
    if (!buf) {
        deflateEnd(&z);
        return SEAM_ENOMEM;
    }
    const unsigned char *p = in;
    size_t left = n, done = 0;
    int zrc = Z_OK;
    while (zrc != Z_STREAM_END) {
        feed(&z, &p, &left);
        if (done == cap) {
            unsigned char *grown = realloc(buf, cap * 2);
            if (!grown) {
                free(buf);
                deflateEnd(&z);
                return SEAM_ENOMEM;
            }
            buf = grown;
            cap *= 2;
        }
        size_t room = cap - done > SLICE ? SLICE : cap - done;
        z.next_out = buf + done;
        z.avail_out = (uInt)room;
        zrc = deflate(&z, left == 0 ? Z_FINISH : Z_NO_FLUSH);
        done += room - z.avail_out;
        if (zrc != Z_OK && zrc != Z_STREAM_END && zrc != Z_BUF_ERROR) {
            free(buf);
            deflateEnd(&z);
            return SEAM_ENOMEM;
        }
    }
    deflateEnd(&z);
    *out = buf;
    *outn = done;
    return SEAM_OK;
}

int seam_inflate(const void *in, size_t n, size_t max, char **out, size_t *outn)
{
    *out = NULL;
    *outn = 0;
    z_stream z;
    memset(&z, 0, sizeof z);
    /* windowBits 15, plus 32: zlib and gzip headers both accepted. */
    if (inflateInit2(&z, 15 + 32) != Z_OK)
        return SEAM_ENOMEM;
    size_t cap = n * 4 + 64, done = 0;
    if (cap > max + 1)
        cap = max + 1;
    char *buf = malloc(cap + 1);
    if (!buf) {
        inflateEnd(&z);
        return SEAM_ENOMEM;
    }
    const unsigned char *p = in;
    size_t left = n;
    int zrc = Z_OK, rc = SEAM_OK;
    while (zrc != Z_STREAM_END) {
        if (z.avail_in == 0 && left == 0) {
            rc = SEAM_EINPUT; /* the stream ends early */
            break;
        }
        feed(&z, &p, &left);
        if (done == cap) {
            /* One byte past max tells a stream that is too large from one that fits. */
            if (cap > max) {
                rc = SEAM_EINPUT;
                break;
            }
            size_t ncap = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *grown = realloc(buf, ncap + 1);
            if (!grown) {
                rc = SEAM_ENOMEM;
                break;
            }
            buf = grown;
            cap = ncap;
        }
        size_t room = cap - done > SLICE ? SLICE : cap - done;
        z.next_out = (unsigned char *)buf + done;
        z.avail_out = (uInt)room;
        zrc = inflate(&z, Z_NO_FLUSH);
        done += room - z.avail_out;
        if (zrc == Z_MEM_ERROR) {
            rc = SEAM_ENOMEM;
            break;
        }
        if (zrc != Z_OK && zrc != Z_STREAM_END && !(zrc == Z_BUF_ERROR && z.avail_in == 0)) {
            rc = SEAM_EINPUT;
            break;
        }
    }
    inflateEnd(&z);
    /* Bytes after the stream: not one of seam's files. */
    if (rc == SEAM_OK && (z.avail_in > 0 || left > 0 || done > max))
        rc = SEAM_EINPUT;
    if (rc) {
        free(buf);
        return rc;
    }
    buf[done] = '\0';
    *out = buf;
    *outn = done;
    return SEAM_OK;
}

int seam_deflate_is_gzip(const void *data, size_t n)
{
    const unsigned char *p = data;
    return n >= 2 && p[0] == 0x1f && p[1] == 0x8b;
}
