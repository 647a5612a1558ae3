/*
 * error.h - how every seam function reports failure.
 *
 * libgit2 style: a function that can fail returns an int, 0 on success and a
 * negative SEAM_E* code on failure, and writes one line of explanation (no
 * trailing newline) into the caller's seam_err. The message names what was
 * wrong and where ("cannot open compile database 'x/compile_commands.json':
 * No such file or directory"). Nothing below main() prints errors or exits;
 * main() prints err.msg and chooses the exit status from the code.
 *
 * seam_err is caller-owned, fixed-size, and needs no freeing.
 */
#ifndef SEAM_ERROR_H
#define SEAM_ERROR_H

enum {
    SEAM_OK = 0,
    SEAM_ERROR = -1,   /* generic failure */
    SEAM_ENOMEM = -2,  /* allocation failed */
    SEAM_EIO = -3,     /* file missing, unreadable, unwritable */
    SEAM_EINPUT = -4,  /* input present but malformed */
    SEAM_EDB = -5,     /* database unreachable or refused */
    SEAM_EUSAGE = -6   /* bad arguments (exit status 2 at the CLI) */
};

typedef struct seam_err {
    int code;
    char msg[1024];
} seam_err;

/*
 * Records a formatted message and code in *err (NULL err is ignored); returns
 * code. The message is cut to fit and kept to one line (a newline or carriage
 * return in it becomes a space).
 */
int seam_err_set(seam_err *err, int code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Empties *err. */
void seam_err_clear(seam_err *err);

#endif
