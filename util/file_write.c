/*
 * file_write.c - writing one output file without harming anything else.
 *
 * A regular file is replaced atomically: rename() within one directory is
 * atomic on POSIX, so a reader (or a crash, or a full disk) sees either the
 * previous file or the complete new one. The temporary gets a random name and
 * O_EXCL|O_NOFOLLOW, so nothing planted beside the target (a symlink to
 * /etc/passwd at a predictable "PATH.tmp") is ever opened. rename() replaces
 * whatever sits at its target, so the target is checked first: only a
 * regular file or nothing is renamed over; a device or FIFO the user named is
 * written to in place, as a stream; a symlink is followed and kept.
 */
#include "file.h"
#include "model.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

/* Writes all n bytes to fd, through short writes and signals; 0 or an errno. */
static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return errno;
        if (w == 0)
            return EIO;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* The data written in place to an open stream (standard output, a device, a FIFO). */
static int write_stream(int fd, const char *path, const void *data, size_t n, seam_err *err)
{
    int e = write_all(fd, data, n);
    if (e)
        return seam_err_set(err, SEAM_EIO, "cannot write '%s': %s", path, strerror(e));
    return SEAM_OK;
}

/*
 * Opens a character device or FIFO for writing without creating, truncating
 * or waiting: O_NONBLOCK makes a FIFO nobody reads an error (ENXIO) instead
 * of a hang; it is cleared again once open, so that writes wait for a slow
 * reader as a pipe's writer should.
 */
static int write_device(const char *path, const void *data, size_t n, seam_err *err)
{
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENXIO)
            return seam_err_set(err, SEAM_EIO, "cannot write '%s': no process reads this FIFO",
                                path);
        return seam_err_set(err, SEAM_EIO, "cannot write '%s': %s", path, strerror(errno));
    }
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    int rc = write_stream(fd, path, data, n, err);
    if (close(fd) != 0 && rc == SEAM_OK)
        rc = seam_err_set(err, SEAM_EIO, "cannot write '%s': %s", path, strerror(errno));
    return rc;
}

/* What a path is, for the refusal. */
static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "a directory";
    if (S_ISBLK(m))
        return "a block device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a regular file";
}

/* A new file beside target named ".BASE.XXXXXXXXXXXXXXXX.tmp", opened O_EXCL. */
static int temp_create(const char *target, char **tmp_out, int *fd_out, seam_err *err)
{
    const char *slash = strrchr(target, '/');
    int dirlen = slash ? (int)(slash - target + 1) : 0;
    const char *base = slash ? slash + 1 : target;
    for (int attempt = 0; attempt < 100; attempt++) {
        unsigned char rnd[8];
        if (getentropy(rnd, sizeof rnd) != 0)
            return seam_err_set(err, SEAM_EIO, "cannot write '%s': no random name: %s", target,
                                strerror(errno));
        char hex[17];
        for (int i = 0; i < 8; i++)
            snprintf(hex + 2 * i, 3, "%02x", rnd[i]);
        /* A long base name must still leave room for the temporary's. */
        char *tmp = seam_printf("%.*s.%.200s.%s.tmp", dirlen, target, base, hex);
        if (!tmp)
            return seam_err_set(err, SEAM_ENOMEM, "out of memory writing '%s'", target);
        int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0666);
        if (fd >= 0) {
            *tmp_out = tmp;
            *fd_out = fd;
            return SEAM_OK;
        }
        int e = errno;
        free(tmp);
        if (e != EEXIST)
            return seam_err_set(err, SEAM_EIO, "cannot write '%s': %s", target, strerror(e));
    }
    return seam_err_set(err, SEAM_EIO, "cannot write '%s': no free temporary name beside it",
                        target);
}

/* Flushes the directory entry of a rename to disk; best effort. */
static void dir_sync(const char *target)
{
    const char *slash = strrchr(target, '/');
    char *dir = slash ? seam_printf("%.*s", (int)(slash - target) + (slash == target), target)
                      : seam_strdup(".");
    if (!dir)
        return;
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

/* Creates or replaces the regular file target (mode kept from old, when there was one). */
static int write_replace(const char *target, const struct stat *old, const void *data, size_t n,
                         seam_err *err)
{
    char *tmp = NULL;
    int fd = -1;
    int rc = temp_create(target, &tmp, &fd, err);
    if (rc < 0)
        return rc;
    int e = 0;
    if (old)
        fchmod(fd, old->st_mode & 07777);
    e = write_all(fd, data, n);
    /* fsync before rename: after a crash the name must not point at empty blocks. */
    if (!e && fsync(fd) != 0 && errno != EINVAL)
        e = errno;
    if (close(fd) != 0 && !e)
        e = errno;
    /*
     * Looked at again just before the rename: what sits at target now must
     * still be a regular file or nothing, whatever it was a moment ago.
     */
    struct stat now;
    if (!e && lstat(target, &now) == 0 && !S_ISREG(now.st_mode)) {
        unlink(tmp);
        free(tmp);
        return seam_err_set(err, SEAM_EIO, "cannot write '%s': it changed into %s while seam wrote it",
                            target, kind_of(now.st_mode));
    }
    if (!e && rename(tmp, target) != 0)
        e = errno;
    if (e) {
        unlink(tmp);
        free(tmp);
        return seam_err_set(err, SEAM_EIO, "cannot write '%s': %s", target, strerror(e));
    }
    free(tmp);
    dir_sync(target);
    return SEAM_OK;
}

int seam_file_write(const char *path, const void *data, size_t n, seam_err *err)
{
    if (!path || !*path)
        return seam_err_set(err, SEAM_EUSAGE, "empty output path");
    /*
     * Standard output by name. /dev/stdout is a link to /proc/self/fd/1,
     * which names a pipe, a terminal or the file the shell opened: writing
     * to the descriptor keeps the shell's redirection (>> appends) as it is.
     */
    if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0)
        return write_stream(STDOUT_FILENO, strcmp(path, "-") == 0 ? "standard output" : path,
                            data, n, err);
    if (strcmp(path, "/dev/stderr") == 0)
        return write_stream(STDERR_FILENO, path, data, n, err);

    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno != ENOENT)
            return seam_err_set(err, SEAM_EIO, "cannot write '%s': %s", path, strerror(errno));
        return write_replace(path, NULL, data, n, err);
    }
    if (S_ISREG(st.st_mode))
        return write_replace(path, &st, data, n, err);
    if (S_ISLNK(st.st_mode)) {
        /* The link is kept; what it names is written as if it had been named. */
        struct stat to;
        if (stat(path, &to) != 0)
            return seam_err_set(err, SEAM_EIO,
                                "cannot write '%s': it is a symbolic link to nothing (%s)", path,
                                strerror(errno));
        if (S_ISCHR(to.st_mode) || S_ISFIFO(to.st_mode))
            return write_device(path, data, n, err);
        if (!S_ISREG(to.st_mode))
            return seam_err_set(err, SEAM_EIO, "cannot write '%s': it is a link to %s", path,
                                kind_of(to.st_mode));
        char *real = realpath(path, NULL);
        if (!real)
            return seam_err_set(err, SEAM_EIO, "cannot write '%s': %s", path, strerror(errno));
        int rc = write_replace(real, &to, data, n, err);
        free(real);
        return rc;
    }
    if (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode))
        return write_device(path, data, n, err);
    return seam_err_set(err, SEAM_EIO, "cannot write '%s': it is %s", path, kind_of(st.st_mode));
}
