/*
 * sql_fingerprint.c - a statement's identity regardless of its values, so that
 * SQL written in the code and the normalized text pg_stat_statements keeps can
 * be recognised as the same statement.
 *
 * libpg_query's fingerprint hashes the parse tree leaving out constants,
 * parameters, locations and aliases' spelling of whitespace, and folds lists of
 * values (IN (1, 2, 3) equals IN ($1)). The code's side still has printf
 * conversions and ?/:name placeholders where PostgreSQL's grammar wants a
 * value; sql_mask (the resolver's masking) turns each into a $N parameter
 * first. pg_stat_statements' side already has $N, and masking leaves it alone,
 * so both sides go through the same two steps.
 */
#include <pg_query.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"
#include "sql_internal.h"

/* Appends fp to *v (grown by doubling); 0 or SEAM_ENOMEM. */
static int push(uint64_t **v, int *n, int *cap, uint64_t fp)
{
    if (*n == *cap) {
        int ncap = *cap ? *cap * 2 : 4;
        uint64_t *p = realloc(*v, (size_t)ncap * sizeof *p);
        if (!p)
            return SEAM_ENOMEM;
        *v = p;
        *cap = ncap;
    }
    (*v)[(*n)++] = fp;
    return SEAM_OK;
}

/* The fingerprint of one statement's text; 0 in *ok when libpg_query rejects it. */
static uint64_t fingerprint_one(const char *text, int *ok)
{
    PgQueryFingerprintResult r = pg_query_fingerprint(text);
    uint64_t fp = r.error ? 0 : r.fingerprint;
    *ok = r.error == NULL;
    pg_query_free_fingerprint_result(r);
    return fp;
}

int sql_fingerprint(const char *sql, uint64_t **fps, int *nfps, seam_err *err)
{
    *fps = NULL;
    *nfps = 0;
    char *masked = NULL;
    if (sql_mask(sql ? sql : "", SQL_DIALECT_PG, &masked) != SEAM_OK)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory fingerprinting SQL");
    /*
     * The parser's split says where each statement is and, when it fails, that
     * the text does not parse: such a text has no fingerprint. An empty text
     * (or comments only) has no statement, hence none either, although
     * libpg_query would fingerprint it.
     */
    PgQuerySplitResult sr = pg_query_split_with_parser(masked);
    int rc = SEAM_OK, cap = 0;
    size_t len = strlen(masked);
    for (int i = 0; !sr.error && i < sr.n_stmts && rc == SEAM_OK; i++) {
        size_t at = (size_t)sr.stmts[i]->stmt_location, n = (size_t)sr.stmts[i]->stmt_len;
        if (at > len)
            continue;
        if (n == 0 || at + n > len)
            n = len - at; /* the last statement's length is 0: to the end */
        char *piece = strndup(masked + at, n);
        if (!piece) {
            rc = SEAM_ENOMEM;
            break;
        }
        int ok;
        uint64_t fp = fingerprint_one(piece, &ok);
        free(piece);
        if (ok)
            rc = push(fps, nfps, &cap, fp);
    }
    pg_query_free_split_result(sr);
    free(masked);
    if (rc != SEAM_OK) {
        free(*fps);
        *fps = NULL;
        *nfps = 0;
        return seam_err_set(err, SEAM_ENOMEM, "out of memory fingerprinting SQL");
    }
    return SEAM_OK;
}
