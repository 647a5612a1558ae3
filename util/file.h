/*
 * file.h - reading an input file and writing an output file, safely.
 *
 * Every file seam reads whole (compile database, --schema-sql, --weights,
 * --constraints, model.json, shard files) goes through seam_file_read, and
 * every file it writes (model.json, report.html, schema.json, shards) goes
 * through seam_file_write, so that one place decides what seam will open:
 *
 * - Reading: only a regular file is read, and at most max_bytes of it. A FIFO
 *   would block forever and a device such as /dev/zero never ends, so both
 *   are refused with one line before a byte is read; the file is opened with
 *   O_NONBLOCK so that even opening a FIFO cannot wait for a writer.
 * - Writing: a regular file (or nothing) at PATH is replaced atomically: the
 *   data goes to a new file with a random name beside it, created with
 *   O_CREAT|O_EXCL|O_NOFOLLOW (a symlink planted at that name is never
 *   followed), is flushed with fsync, and is renamed over PATH. A symlink at
 *   PATH is followed to what it names, and the symlink itself is left as it
 *   is. A character device or a FIFO that the user named (/dev/stdout,
 *   /dev/null, a pipe) is written to as a stream, never replaced; "-" is
 *   standard output. Anything else (a directory, a block device, a socket, a
 *   dangling symlink) is refused with one line.
 *
 * Errors: SEAM_EIO (missing, unreadable, not a regular file, too large,
 * unwritable), SEAM_ENOMEM. Both functions are thread-safe.
 */
#ifndef SEAM_FILE_H
#define SEAM_FILE_H

#include "error.h"

#include <stddef.h>

/* The read cap used when the caller passes 0: 1 GiB. */
#define SEAM_FILE_MAX_DEFAULT ((size_t)1 << 30)

/*
 * Reads the regular file at path into *out (NUL-terminated, caller frees;
 * *len, when not NULL, gets its length without the NUL). what names the file
 * in messages ("compile database", "DDL file"); max_bytes caps its size (0:
 * SEAM_FILE_MAX_DEFAULT); a larger file is an error that names the cap and
 * the --max-input-size option that raises it.
 */
int seam_file_read(const char *path, const char *what, size_t max_bytes, char **out, size_t *len,
                   seam_err *err);

/*
 * Writes n bytes of data to path as described above: "-" is standard
 * output; a character device or FIFO is written as a stream; anything else
 * is created or atomically replaced, and never half-written.
 */
int seam_file_write(const char *path, const void *data, size_t n, seam_err *err);

/*
 * Parses a size such as "512", "64K", "200M" or "2G" (binary multiples) into
 * *out; SEAM_EUSAGE when it is not one, or is 0.
 */
int seam_file_parse_size(const char *text, size_t *out, seam_err *err);

#endif
