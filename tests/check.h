/*
 * check.h - the assertions every C unit test uses.
 *
 * CHECK(cond) records a failure with file:line and goes on; a test's main()
 * ends with `return check_finish();`, which prints "N passed, N failed" and
 * returns 1 when anything failed. CHECK_SKIP(reason) exits 77, which ctest
 * reports as skipped (SKIP_RETURN_CODE 77).
 */
#ifndef SEAM_CHECK_H
#define SEAM_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The third-party sample schemas beside the project (never copied into it). */
#define CHECK_SHARED_SCHEMAS SEAM_SOURCE_DIR "/../shared/schemas"

static int check_passed_, check_failed_;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (cond) {                                                                                \
            check_passed_++;                                                                       \
        } else {                                                                                   \
            check_failed_++;                                                                       \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond);               \
        }                                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *check_a_ = (a), *check_b_ = (b);                                               \
        if (check_a_ && check_b_ && strcmp(check_a_, check_b_) == 0) {                             \
            check_passed_++;                                                                       \
        } else {                                                                                   \
            check_failed_++;                                                                       \
            fprintf(stderr, "%s:%d: check failed: %s == %s (\"%s\" vs \"%s\")\n", __FILE__,        \
                    __LINE__, #a, #b, check_a_ ? check_a_ : "(null)",                              \
                    check_b_ ? check_b_ : "(null)");                                               \
        }                                                                                          \
    } while (0)

#define CHECK_INT(a, b)                                                                            \
    do {                                                                                           \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);                            \
        if (check_a_ == check_b_) {                                                                \
            check_passed_++;                                                                       \
        } else {                                                                                   \
            check_failed_++;                                                                       \
            fprintf(stderr, "%s:%d: check failed: %s == %s (%lld vs %lld)\n", __FILE__, __LINE__,  \
                    #a, #b, check_a_, check_b_);                                                   \
        }                                                                                          \
    } while (0)

#define CHECK_SKIP(reason)                                                                         \
    do {                                                                                           \
        printf("skipped: %s\n", reason);                                                           \
        exit(77);                                                                                  \
    } while (0)

/* Skips the test (exit 77) when the test data at path is absent: missing data is no pass. */
static inline void check_need_file(const char *path)
{
    if (access(path, R_OK) != 0) {
        printf("skipped: %s is absent\n", path);
        exit(77);
    }
}

/*
 * The part of a test program to run: a test whose data may be absent runs as
 * its own ctest (`seam_add_test_part`), the program called with the part's
 * name; without an argument it runs the rest. Returns 1 when part is the one
 * asked for (or, for part NULL, when none was).
 */
static inline int check_part(int argc, char **argv, const char *part)
{
    const char *asked = argc > 1 ? argv[1] : NULL;
    if (!part || !asked)
        return part == asked;
    return strcmp(part, asked) == 0;
}

/*
 * The whole file at path, NUL-terminated, its length in *len when len is not
 * NULL; NULL when it cannot be read. The caller frees it. Plain stdio, not
 * seam's own reader, so that a test never checks seam's reading with itself.
 */
static inline char *check_slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *buf = malloc(cap + 1);
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2 + 1);
            if (!bigger) {
                free(buf);
                buf = NULL;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    if (buf && ferror(f)) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = n;
    }
    return buf;
}

static inline int check_finish(void)
{
    printf("%d passed, %d failed\n", check_passed_, check_failed_);
    return check_failed_ ? 1 : 0;
}

#endif
