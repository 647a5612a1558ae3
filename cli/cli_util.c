/*
 * cli_util.c - helpers shared by the subcommands: errors, usage, directories.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

void cli_print_error(const char *msg)
{
    fprintf(stderr, "seam: %s\n", msg);
}

int cli_usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "seam: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%sTry 'seam --help' for more information.\n", usage);
    return EXIT_USAGE;
}

int cli_make_dirs(const char *path, seam_err *err)
{
    char buf[PATH_MAX];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf)
        return seam_err_set(err, SEAM_EIO, "output directory '%s': path too long", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return seam_err_set(err, SEAM_EIO, "cannot create output directory '%s': %s", buf,
                                strerror(errno));
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return seam_err_set(err, SEAM_EIO, "cannot create output directory '%s': %s", buf,
                            strerror(errno));
    struct stat st;
    if (stat(buf, &st) != 0 || !S_ISDIR(st.st_mode))
        return seam_err_set(err, SEAM_EIO, "output path '%s' is not a directory", buf);
    return SEAM_OK;
}

int cli_parse_jobs(const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *s == '\0' || *end != '\0' || v < 1 || v > 1024)
        return -1;
    return (int)v;
}

int cli_exit_status(int rc)
{
    return rc == SEAM_EUSAGE ? EXIT_USAGE : EXIT_FAIL;
}
