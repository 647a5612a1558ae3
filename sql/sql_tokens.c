/*
 * sql_tokens.c - the fallback for SQL that neither parser accepts: tables
 * from PostgreSQL's own scanner (libpg_query's pg_query_scan).
 *
 * C code often holds pieces of statements that are completed at run time
 * ("SELECT id FROM orders WHERE ", "... JOIN customers c ON "). No grammar
 * accepts them, but the scanner still tells keywords from identifiers, so
 * the name after FROM/JOIN/USING (and each one in a FROM list) is read, and
 * the name after INTO, UPDATE, DELETE FROM, TRUNCATE [TABLE] and CREATE,
 * ALTER or DROP TABLE is written.
 * Names declared by WITH name AS (...) are not tables. This is a best
 * effort: parser "tokens" says so.
 */
#include <ctype.h>
#include <pg_query.h>
#include <pg_query/pg_query.pb-c.h>
#include <stdlib.h>
#include <string.h>

#include "sql_internal.h"

typedef struct toks {
    const char *sql;
    PgQuery__ScanToken **v;
    size_t n;
} toks;

static int tok(const toks *t, size_t i)
{
    return i < t->n ? (int)t->v[i]->token : -1;
}

/* An identifier, or a keyword that may name a table (not a reserved one). */
static int is_name(const toks *t, size_t i)
{
    if (i >= t->n)
        return 0;
    const PgQuery__ScanToken *k = t->v[i];
    return k->token == PG_QUERY__TOKEN__IDENT ||
           k->keyword_kind == PG_QUERY__KEYWORD_KIND__UNRESERVED_KEYWORD ||
           k->keyword_kind == PG_QUERY__KEYWORD_KIND__COL_NAME_KEYWORD;
}

/* The text of name token i: quotes removed, or folded to lower case. */
static char *name_text(const toks *t, size_t i)
{
    const PgQuery__ScanToken *k = t->v[i];
    const char *s = t->sql + k->start;
    size_t n = (size_t)(k->end - k->start);
    int quoted = n >= 2 && s[0] == '"' && s[n - 1] == '"';
    if (quoted) {
        s++;
        n -= 2;
    }
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t j = 0; j < n; j++) {
        if (quoted && s[j] == '"' && j + 1 < n && s[j + 1] == '"')
            j++;
        *o++ = quoted ? s[j] : (char)tolower((unsigned char)s[j]);
    }
    *o = '\0';
    return out;
}

typedef struct cte_names {
    char **v;
    int n;
} cte_names;

static int is_cte(const cte_names *c, const char *name)
{
    for (int i = 0; i < c->n; i++)
        if (strcmp(c->v[i], name) == 0)
            return 1;
    return 0;
}

/*
 * Reads [schema.]name at *i (advancing past it) and records it. Returns 0,
 * SEAM_ENOMEM, or 1 when there is no name there.
 */
static int take_name(const toks *t, size_t *i, const cte_names *ctes, const sql_names *nm,
                     sql_refs *refs, int access)
{
    if (tok(t, *i) == PG_QUERY__TOKEN__ONLY)
        (*i)++;
    if (!is_name(t, *i))
        return 1;
    char *first = name_text(t, *i), *second = NULL;
    if (!first)
        return SEAM_ENOMEM;
    (*i)++;
    if (tok(t, *i) == PG_QUERY__TOKEN__ASCII_46 && is_name(t, *i + 1)) {
        if (!(second = name_text(t, *i + 1))) {
            free(first);
            return SEAM_ENOMEM;
        }
        *i += 2;
    }
    int rc = 0;
    if (second)
        rc = sql_refs_add(refs, nm, first, second, 0, access);
    else if (!is_cte(ctes, first))
        rc = sql_refs_add(refs, nm, NULL, first, 0, access);
    free(first);
    free(second);
    return rc;
}

/* A FROM list: name [[AS] alias] [, name ...]; stops at anything else. */
static int take_list(const toks *t, size_t *i, const cte_names *ctes, const sql_names *nm,
                     sql_refs *refs, int access)
{
    for (;;) {
        int rc = take_name(t, i, ctes, nm, refs, access);
        if (rc)
            return rc < 0 ? rc : 0;
        if (tok(t, *i) == PG_QUERY__TOKEN__AS)
            (*i)++;
        if (tok(t, *i) == PG_QUERY__TOKEN__IDENT) /* the alias */
            (*i)++;
        if (tok(t, *i) != PG_QUERY__TOKEN__ASCII_44)
            return 0;
        (*i)++;
    }
}

/* WITH [RECURSIVE] a AS (...), b AS (...): the names, so that they are not taken as tables. */
static int collect_ctes(const toks *t, cte_names *c)
{
    for (size_t i = 0; i < t->n; i++) {
        int after_with =
            tok(t, i) == PG_QUERY__TOKEN__WITH || (tok(t, i) == PG_QUERY__TOKEN__RECURSIVE &&
                                                   i > 0 && tok(t, i - 1) == PG_QUERY__TOKEN__WITH);
        int after_comma = tok(t, i) == PG_QUERY__TOKEN__ASCII_44 && i > 0 &&
                          tok(t, i - 1) == PG_QUERY__TOKEN__ASCII_41;
        if (!(after_with || after_comma) || !is_name(t, i + 1))
            continue;
        /* name AS ( or name (cols) AS ( */
        size_t j = i + 2;
        if (tok(t, j) == PG_QUERY__TOKEN__ASCII_40) {
            while (j < t->n && tok(t, j) != PG_QUERY__TOKEN__ASCII_41)
                j++;
            j++;
        }
        if (tok(t, j) != PG_QUERY__TOKEN__AS)
            continue;
        char *name = name_text(t, i + 1);
        char **v = name ? realloc(c->v, (size_t)(c->n + 1) * sizeof *v) : NULL;
        if (!v) {
            free(name);
            return SEAM_ENOMEM;
        }
        c->v = v;
        c->v[c->n++] = name;
    }
    return 0;
}

int sql_tokens_tables(const char *sql, const sql_names *nm, sql_refs *refs, int *found)
{
    *found = 0;
    PgQueryScanResult sr = pg_query_scan(sql);
    if (sr.error) {
        pg_query_free_scan_result(sr);
        return 0;
    }
    PgQuery__ScanResult *res =
        pg_query__scan_result__unpack(NULL, sr.pbuf.len, (const uint8_t *)sr.pbuf.data);
    if (!res) {
        pg_query_free_scan_result(sr);
        return 0;
    }
    toks t = {sql, res->tokens, res->n_tokens};
    cte_names ctes = {NULL, 0};
    int before = refs->n;
    int rc = collect_ctes(&t, &ctes);
    /*
     * FROM inside EXTRACT(x FROM d), SUBSTRING(s FROM n), TRIM(... FROM s),
     * OVERLAY, POSITION, and IS DISTINCT FROM, names no table: a stack of
     * open parentheses says whether the innermost belongs to such a function.
     */
    unsigned long long in_func = 0; /* bit d: parenthesis depth d is such a function's */
    int depth = 0;
    for (size_t i = 0; rc >= 0 && i < t.n; i++) {
        size_t at = i + 1;
        int prev = i > 0 ? tok(&t, i - 1) : -1;
        switch (t.v[i]->token) {
        case PG_QUERY__TOKEN__ASCII_40:
            if (depth < 63) {
                int f = prev == PG_QUERY__TOKEN__EXTRACT || prev == PG_QUERY__TOKEN__SUBSTRING ||
                        prev == PG_QUERY__TOKEN__TRIM || prev == PG_QUERY__TOKEN__OVERLAY ||
                        prev == PG_QUERY__TOKEN__POSITION;
                depth++;
                in_func = f ? in_func | (1ull << depth) : in_func & ~(1ull << depth);
            }
            break;
        case PG_QUERY__TOKEN__ASCII_41:
            if (depth > 0)
                depth--;
            break;
        case PG_QUERY__TOKEN__FROM:
            if ((in_func >> depth & 1u) || prev == PG_QUERY__TOKEN__DISTINCT)
                break;
            rc = take_list(&t, &at, &ctes, nm, refs,
                           i > 0 && tok(&t, i - 1) == PG_QUERY__TOKEN__DELETE_P ? SEAM_WRITE
                                                                                : SEAM_READ);
            break;
        case PG_QUERY__TOKEN__JOIN:
        case PG_QUERY__TOKEN__USING:
            rc = take_name(&t, &at, &ctes, nm, refs, SEAM_READ);
            break;
        case PG_QUERY__TOKEN__UPDATE:
            /*
             * ON CONFLICT DO UPDATE SET, SELECT ... FOR UPDATE, MySQL's ON DUPLICATE
             * KEY UPDATE col = ...: no table follows.
             */
            if (prev == PG_QUERY__TOKEN__DO || prev == PG_QUERY__TOKEN__FOR ||
                prev == PG_QUERY__TOKEN__KEY || tok(&t, at) == PG_QUERY__TOKEN__SET)
                break;
            rc = take_name(&t, &at, &ctes, nm, refs, SEAM_WRITE);
            break;
        case PG_QUERY__TOKEN__INTO:
            rc = take_name(&t, &at, &ctes, nm, refs, SEAM_WRITE);
            break;
        case PG_QUERY__TOKEN__TRUNCATE:
            if (tok(&t, at) == PG_QUERY__TOKEN__TABLE)
                at++;
            rc = take_name(&t, &at, &ctes, nm, refs, SEAM_WRITE);
            break;
        case PG_QUERY__TOKEN__ALTER:
        case PG_QUERY__TOKEN__CREATE:
        case PG_QUERY__TOKEN__DROP:
            /*
             * Schema changes in pieces ("alter table t add `%s` %s first,"):
             * CREATE [TEMP|TEMPORARY|UNLOGGED] TABLE [IF NOT EXISTS] name,
             * ALTER TABLE [IF EXISTS] [ONLY] name, DROP TABLE [IF EXISTS] name
             * change the table: written. Other objects (an index, a view) do not.
             */
            while (t.v[i]->token == PG_QUERY__TOKEN__CREATE &&
                   (tok(&t, at) == PG_QUERY__TOKEN__TEMP ||
                    tok(&t, at) == PG_QUERY__TOKEN__TEMPORARY ||
                    tok(&t, at) == PG_QUERY__TOKEN__UNLOGGED))
                at++;
            if (tok(&t, at) != PG_QUERY__TOKEN__TABLE)
                break;
            at++;
            if (tok(&t, at) == PG_QUERY__TOKEN__IF_P)
                at += tok(&t, at + 1) == PG_QUERY__TOKEN__NOT ? 3 : 2;
            rc = take_name(&t, &at, &ctes, nm, refs, SEAM_WRITE);
            break;
        default:
            break;
        }
        if (rc > 0)
            rc = 0;
    }
    *found = refs->n > before;
    for (int i = 0; i < ctes.n; i++)
        free(ctes.v[i]);
    free(ctes.v);
    pg_query__scan_result__free_unpacked(res, NULL);
    pg_query_free_scan_result(sr);
    return rc < 0 ? rc : 0;
}
