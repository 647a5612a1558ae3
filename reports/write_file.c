/*
 * write_file.c - replacing an output file atomically.
 *
 * Reports are written to PATH.tmp and renamed over PATH: rename() within
 * one directory is atomic on POSIX, so a reader (or a crash) sees either the
 * previous report or the complete new one, never a truncated file.
 */
#include "report_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int report_write_file(const char *path, const char *data, size_t n, seam_err *err)
{
    char *tmp = seam_printf("%s.tmp", path);
    if (!tmp)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory writing '%s'", path);
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        int e = errno;
        free(tmp);
        return seam_err_set(err, SEAM_EIO, "cannot write '%s': %s", path, strerror(e));
    }
    int e = 0;
    errno = 0;
    if (n && fwrite(data, 1, n, f) != n)
        e = errno ? errno : EIO;
    /* fclose flushes: a full disk often shows up only here. */
    if (fclose(f) != 0 && !e)
        e = errno ? errno : EIO;
    if (!e && rename(tmp, path) != 0)
        e = errno;
    if (e) {
        unlink(tmp);
        free(tmp);
        return seam_err_set(err, SEAM_EIO, "cannot write '%s': %s", path, strerror(e));
    }
    free(tmp);
    return SEAM_OK;
}
