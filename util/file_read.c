/*
 * file_read.c - reading one input file whole, refusing what is not a
 * regular file and what is larger than the caller's cap.
 */
#include "file.h"
#include "model.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* What a non-regular file is, for the message. */
static const char *file_kind(mode_t m)
{
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISFIFO(m))
        return "a FIFO";
    if (S_ISCHR(m))
        return "a character device";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a regular file";
}

/* "1 GiB", "200 MiB", "12345 bytes": the cap as the user would write it. */
static void size_text(size_t n, char *buf, size_t cap)
{
    if (n >= ((size_t)1 << 30) && n % ((size_t)1 << 30) == 0)
        snprintf(buf, cap, "%zu GiB", n >> 30);
    else if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
        snprintf(buf, cap, "%zu MiB", n >> 20);
    else if (n >= 1024 && n % 1024 == 0)
        snprintf(buf, cap, "%zu KiB", n >> 10);
    else
        snprintf(buf, cap, "%zu bytes", n);
}

int seam_file_read(const char *path, const char *what, size_t max_bytes, char **out, size_t *len,
                   seam_err *err)
{
    *out = NULL;
    if (len)
        *len = 0;
    if (!what)
        what = "file";
    if (!max_bytes)
        max_bytes = SEAM_FILE_MAX_DEFAULT;
    /*
     * O_NONBLOCK: opening a FIFO for reading otherwise waits for a writer,
     * forever if none comes. The fstat below then refuses it unread.
     */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return seam_err_set(err, SEAM_EIO, "cannot open %s '%s': %s", what, path,
                            strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return seam_err_set(err, SEAM_EIO, "cannot read %s '%s': %s", what, path, strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return seam_err_set(err, SEAM_EIO, "cannot read %s '%s': it is %s, not a regular file",
                            what, path, file_kind(st.st_mode));
    }
    char cap_text[32];
    size_text(max_bytes, cap_text, sizeof cap_text);
    if ((uintmax_t)st.st_size > (uintmax_t)max_bytes) {
        close(fd);
        return seam_err_set(err, SEAM_EIO,
                            "cannot read %s '%s': %jd bytes, over the limit of %s "
                            "(--max-input-size raises it)",
                            what, path, (intmax_t)st.st_size, cap_text);
    }
    /*
     * The size from fstat is a hint, not a bound: a file can grow while it is
     * read, and files under /proc report 0. Read until end of file, stopping
     * one byte past the cap.
     */
    size_t cap = (size_t)st.st_size + 1 < 4096 ? 4096 : (size_t)st.st_size + 1, n = 0;
    char *buf = malloc(cap);
    int rc = SEAM_OK;
    while (buf) {
        if (n + 1 >= cap) {
            size_t want = cap * 2 > max_bytes + 2 ? max_bytes + 2 : cap * 2;
            char *bigger = want > cap ? realloc(buf, want) : NULL;
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap = want;
        }
        ssize_t got = read(fd, buf + n, cap - n - 1);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            rc = seam_err_set(err, SEAM_EIO, "cannot read %s '%s': %s", what, path,
                              strerror(errno));
            break;
        }
        if (got == 0)
            break;
        n += (size_t)got;
        if (n > max_bytes) {
            rc = seam_err_set(err, SEAM_EIO,
                              "cannot read %s '%s': over the limit of %s (--max-input-size "
                              "raises it)",
                              what, path, cap_text);
            break;
        }
    }
    close(fd);
    if (!buf && rc == SEAM_OK)
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory reading %s '%s'", what, path);
    if (rc < 0) {
        free(buf);
        return rc;
    }
    buf[n] = '\0';
    *out = buf;
    if (len)
        *len = n;
    return SEAM_OK;
}

int seam_file_parse_size(const char *text, size_t *out, seam_err *err)
{
    char *end = NULL;
    errno = 0;
    unsigned long long v = text && *text >= '0' && *text <= '9' ? strtoull(text, &end, 10) : 0;
    int shift = 0;
    if (end && *end) {
        switch (*end) {
        case 'k': case 'K': shift = 10; break;
        case 'm': case 'M': shift = 20; break;
        case 'g': case 'G': shift = 30; break;
        default: shift = -1; break;
        }
        if (shift > 0 && end[1] != '\0')
            shift = -1;
    }
    if (!end || v == 0 || errno || shift < 0 || v > (SIZE_MAX >> shift))
        return seam_err_set(err, SEAM_EUSAGE,
                            "invalid size '%s': a positive number of bytes, or with K, M or G",
                            text ? text : "");
    *out = (size_t)v << shift;
    return SEAM_OK;
}
