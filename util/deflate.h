/*
 * deflate.h - seam's own bulky files kept small: zlib streams in memory.
 *
 * The analyzer's cache and shard files hold the facts of every translation
 * unit as JSON, which repeats its keys and paths; compressed they take a
 * fraction of the space and are read back faster than the disk gives them.
 * Inflating bounds what it produces, so a damaged or hostile file cannot
 * make seam allocate without limit. Reentrant; the caller owns the outputs.
 */
#ifndef SEAM_DEFLATE_H
#define SEAM_DEFLATE_H

#include "error.h"

#include <stddef.h>

/* How a stream is framed: a bare zlib stream, or a gzip file's (what gzip(1) reads). */
typedef enum { SEAM_DEFLATE_ZLIB, SEAM_DEFLATE_GZIP } seam_deflate_framing;

/*
 * Compresses n bytes of in into *out (malloc'd) and *outn, fast rather than
 * small (level 1). SEAM_OK or SEAM_ENOMEM.
 */
int seam_deflate(const void *in, size_t n, seam_deflate_framing framing, unsigned char **out,
                 size_t *outn);

/*
 * Decompresses n bytes of in (zlib or gzip framing, told apart by their
 * headers) into *out, malloc'd and NUL-terminated, and *outn (without the
 * NUL). SEAM_EINPUT when in is not a complete stream or would inflate past
 * max bytes; SEAM_ENOMEM.
 */
int seam_inflate(const void *in, size_t n, size_t max, char **out, size_t *outn);

/* Whether data starts as a gzip file does (0x1f 0x8b). */
int seam_deflate_is_gzip(const void *data, size_t n);

#endif
