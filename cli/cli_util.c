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
#include "file.h"
#include "term.h"

#include <stdarg.h>

/* Escapes and prints text as one line; text may be NULL (out of memory: a fixed line). */
static void say_line(FILE *f, const char *text)
{
    char *safe = text ? seam_term_escape(text) : NULL;
    fputs(safe ? safe : "seam: out of memory", f);
    fputc('\n', f);
    free(safe);
}

void cli_say(FILE *f, const char *fmt, ...)
{
    va_list ap, again;
    va_start(ap, fmt);
    va_copy(again, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *text = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (text)
        vsnprintf(text, (size_t)n + 1, fmt, again);
    va_end(again);
    say_line(f, text);
    free(text);
}

void cli_print_error(const char *msg)
{
    cli_say(stderr, "seam: %s", msg);
}

int cli_usage_error(const char *usage, const char *fmt, const char *arg)
{
    char *msg = seam_printf(fmt, arg);
    char *line = msg ? seam_printf("seam: %s", msg) : NULL;
    say_line(stderr, line);
    free(line);
    free(msg);
    fprintf(stderr, "%sTry 'seam --help' for more information.\n", usage);
    return EXIT_USAGE;
}

FILE *cli_info_stream(const char *output)
{
    int to_stdout = output && (strcmp(output, "-") == 0 || strcmp(output, "/dev/stdout") == 0);
    return to_stdout ? stderr : stdout;
}

int cli_output_is_stream(const char *output)
{
    if (strcmp(output, "-") == 0 || strcmp(output, "/dev/stdout") == 0 ||
        strcmp(output, "/dev/stderr") == 0)
        return 1;
    struct stat st;
    return stat(output, &st) == 0 && (S_ISCHR(st.st_mode) || S_ISFIFO(st.st_mode));
}

int cli_input_option(size_t *max, int c, const char *arg)
{
    if (c != OPT_MAX_INPUT)
        return 0;
    return seam_file_parse_size(arg, max, NULL) == SEAM_OK ? 1 : -2;
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

int cli_parse_seconds(const char *s)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *s == '\0' || *end != '\0' || v < 1 || v > 86400)
        return -1;
    return (int)v;
}

int cli_exit_status(int rc)
{
    return rc == SEAM_EUSAGE ? EXIT_USAGE : EXIT_FAIL;
}
