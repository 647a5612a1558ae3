/*
 * inspect_ddl_text.c - what libpg_query's parse tree does not carry.
 *
 * The tree holds a DEFAULT expression as nodes, but no end offset and no
 * deparser for a lone expression; seam wants the text as written. So the
 * statement's source is scanned from where the tree says the expression
 * starts, with PostgreSQL's lexical rules for what can hide a delimiter
 * (quoted strings and names, dollar quotes, comments, parentheses), to
 * where the grammar says it must end. Type names are printed the way
 * format_type() prints the built-in types, so the model from DDL matches
 * the one from a live database.
 */
#include "inspect_ddl_postgres_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------------------------------------------------------------- scanning */

void inspect_ddl_text_blank_meta(char *text)
{
    for (char *line = text; *line;) {
        char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        char *eol = strchr(line, '\n');
        if (*p == '\\')
            for (char *c = p; *c && *c != '\n'; c++)
                *c = ' ';
        if (!eol)
            break;
        line = eol + 1;
    }
}

typedef struct tok {
    long start, end; /* [start, end) in the text; start == end at the end */
    char c;          /* the character of a one-character token, else 0 */
    int word;        /* a bare word (keyword or name) */
} tok;

static int word_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* The next token at or after pos, before end. */
static tok lex(const char *t, long pos, long end)
{
    for (;;) {
        while (pos < end && isspace((unsigned char)t[pos]))
            pos++;
        if (pos + 1 < end && t[pos] == '-' && t[pos + 1] == '-') {
            while (pos < end && t[pos] != '\n')
                pos++;
        } else if (pos + 1 < end && t[pos] == '/' && t[pos + 1] == '*') {
            int depth = 1; /* PostgreSQL's block comments nest */
            pos += 2;
            while (pos < end && depth) {
                if (pos + 1 < end && t[pos] == '/' && t[pos + 1] == '*')
                    depth++, pos++;
                else if (pos + 1 < end && t[pos] == '*' && t[pos + 1] == '/')
                    depth--, pos++;
                pos++;
            }
        } else {
            break;
        }
    }
    tok k = {pos, pos, 0, 0};
    if (pos >= end)
        return k;
    char c = t[pos];
    long q = pos + 1;
    if (c == '\'' || c == '"') {
        /* E'...' strings take backslash escapes; '' and "" are doubled quotes. */
        int backslash = c == '\'' && pos > 0 && (t[pos - 1] == 'E' || t[pos - 1] == 'e');
        while (q < end) {
            if (backslash && t[q] == '\\' && q + 1 < end)
                q += 2;
            else if (t[q] == c && q + 1 < end && t[q + 1] == c)
                q += 2;
            else if (t[q] == c)
                break;
            else
                q++;
        }
        k.end = q < end ? q + 1 : end;
    } else if (c == '$' && (q < end) &&
               (t[q] == '$' || isalpha((unsigned char)t[q]) || t[q] == '_')) {
        long tag_end = q;
        while (tag_end < end && t[tag_end] != '$' && word_char((unsigned char)t[tag_end]))
            tag_end++;
        if (tag_end < end && t[tag_end] == '$') {
            size_t tl = (size_t)(tag_end - pos + 1);
            const char *close = NULL;
            for (long s = tag_end + 1; s + (long)tl <= end; s++)
                if (memcmp(t + s, t + pos, tl) == 0) {
                    close = t + s;
                    break;
                }
            k.end = close ? (long)(close - t) + (long)tl : end;
        } else {
            k.end = q;
            k.c = c;
        }
    } else if (word_char((unsigned char)c)) {
        while (q < end && word_char((unsigned char)t[q]))
            q++;
        k.end = q;
        k.word = 1;
    } else {
        k.end = q;
        k.c = c;
    }
    return k;
}

static int tok_is(const ddl *d, tok k, const char *kw)
{
    return k.word && (size_t)(k.end - k.start) == strlen(kw) &&
           strncasecmp(d->text + k.start, kw, strlen(kw)) == 0;
}

static char *slice(const ddl *d, long a, long b)
{
    while (a < b && isspace((unsigned char)d->text[a]))
        a++;
    while (b > a && (isspace((unsigned char)d->text[b - 1]) || d->text[b - 1] == ';'))
        b--;
    return b > a ? strndup(d->text + a, (size_t)(b - a)) : NULL;
}

/* Words that end a DEFAULT expression in a column definition (it is a b_expr: no NOT, no IS). */
static const char *const STOP_WORDS[] = {
    "NOT",        "NULL",      "CONSTRAINT", "CHECK",      "DEFAULT",   "UNIQUE", "PRIMARY",
    "REFERENCES", "GENERATED", "COLLATE",    "DEFERRABLE", "INITIALLY", NULL};

char *inspect_ddl_text_expr(const ddl *d, long pos, int stop_at_keywords)
{
    long first = -1, last = pos;
    int depth = 0;
    for (tok k = lex(d->text, pos, d->stmt_end); k.start < k.end;
         k = lex(d->text, k.end, d->stmt_end)) {
        if (depth == 0 && (k.c == ',' || k.c == ')' || k.c == ';'))
            break;
        if (depth == 0 && stop_at_keywords && first >= 0) {
            int stop = 0;
            for (int i = 0; STOP_WORDS[i] && !stop; i++)
                stop = tok_is(d, k, STOP_WORDS[i]);
            if (stop)
                break;
        }
        if (k.c == '(' || k.c == '[')
            depth++;
        else if (k.c == ')' || k.c == ']')
            depth--;
        if (first < 0)
            first = k.start;
        last = k.end;
    }
    return first < 0 ? NULL : slice(d, first, last);
}

char *inspect_ddl_text_paren(const ddl *d, long pos)
{
    tok k = lex(d->text, pos, d->stmt_end);
    while (k.start < k.end && k.c != '(')
        k = lex(d->text, k.end, d->stmt_end);
    if (k.start == k.end)
        return NULL;
    long inner = k.end, last = inner;
    int depth = 1;
    for (k = lex(d->text, inner, d->stmt_end); k.start < k.end && depth;
         k = lex(d->text, k.end, d->stmt_end)) {
        if (k.c == '(')
            depth++;
        else if (k.c == ')' && --depth == 0)
            break;
        last = k.end;
    }
    return slice(d, inner, last);
}

long inspect_ddl_text_find_words(const ddl *d, const char *kw, const char *kw2)
{
    int depth = 0;
    for (tok k = lex(d->text, d->stmt_start, d->stmt_end); k.start < k.end;
         k = lex(d->text, k.end, d->stmt_end)) {
        if (k.c == '(')
            depth++;
        else if (k.c == ')')
            depth--;
        else if (depth == 0 && tok_is(d, k, kw)) {
            if (!kw2)
                return k.end;
            tok n = lex(d->text, k.end, d->stmt_end);
            if (tok_is(d, n, kw2))
                return n.end;
        }
    }
    return -1;
}

char *inspect_ddl_text_where(const ddl *d)
{
    long at = inspect_ddl_text_find_words(d, "WHERE", NULL);
    return at < 0 ? NULL : slice(d, at, d->stmt_end);
}

char *inspect_ddl_text_index_expr(const ddl *d, int k)
{
    /* The key list is the first parenthesized group after ON (INCLUDE and WITH come later). */
    long on = inspect_ddl_text_find_words(d, "ON", NULL);
    if (on < 0)
        return NULL;
    tok t = lex(d->text, on, d->stmt_end);
    while (t.start < t.end && t.c != '(')
        t = lex(d->text, t.end, d->stmt_end);
    int depth = 1, elem = 0;
    long start = -1, end = -1;
    for (t = lex(d->text, t.end, d->stmt_end); t.start < t.end && depth;
         t = lex(d->text, t.end, d->stmt_end)) {
        if (depth == 1 && t.c == ',') {
            elem++;
            continue;
        }
        if (t.c == ')' && depth == 1)
            break;
        if (elem != k) {
            depth += t.c == '(' ? 1 : t.c == ')' ? -1 : 0;
            continue;
        }
        /* "(expr)" or "f(args)": up to the parenthesis that closes the first group. */
        if (start < 0)
            start = t.start;
        if (t.c == '(')
            depth++;
        else if (t.c == ')' && --depth == 1) {
            end = t.end;
            break;
        }
    }
    if (start < 0 || end < 0)
        return NULL;
    char *text = slice(d, start, end);
    if (!text || text[0] == '(')
        return text;
    char *paren = seam_printf("(%s)", text);
    free(text);
    return paren;
}

/* ---------------------------------------------------------------- types */

static const struct {
    const char *internal, *shown;
} BUILTIN[] = {{"int2", "smallint"},
               {"int4", "integer"},
               {"int8", "bigint"},
               {"float4", "real"},
               {"float8", "double precision"},
               {"bool", "boolean"},
               {"varchar", "character varying"},
               {"bpchar", "character"},
               {"varbit", "bit varying"},
               {"timestamp", "timestamp without time zone"},
               {"timestamptz", "timestamp with time zone"},
               {"time", "time without time zone"},
               {"timetz", "time with time zone"},
               {NULL, NULL}};

/* The typmods as "(a,b)", or "" (only integer constants are understood). */
static void typmods(const cJSON *mods, char *buf, size_t n)
{
    buf[0] = '\0';
    if (cJSON_GetArraySize(mods) == 0)
        return;
    size_t o = 0;
    const cJSON *m;
    int i = 0;
    cJSON_ArrayForEach(m, mods)
    {
        const cJSON *ival = jget(jget(jget(m, "A_Const"), "ival"), "ival");
        long v = cJSON_IsNumber(ival) ? (long)ival->valuedouble : 0;
        o += (size_t)snprintf(buf + o, o < n ? n - o : 0, "%s%ld", i++ ? "," : "(", v);
    }
    if (o < n)
        snprintf(buf + o, n - o, ")");
}

char *inspect_ddl_text_type_name(const cJSON *tn, int *serial)
{
    *serial = 0;
    const cJSON *names = jget(tn, "names");
    int n = cJSON_GetArraySize(names);
    const char *last = n ? jsval(cJSON_GetArrayItem(names, n - 1)) : NULL;
    const char *first = n >= 2 ? jsval(cJSON_GetArrayItem(names, n - 2)) : NULL;
    if (!last)
        return seam_strdup("");
    char mods[64];
    typmods(jget(tn, "typmods"), mods, sizeof mods);
    const char *arr = cJSON_GetArraySize(jget(tn, "arrayBounds")) ? "[]" : "";

    if (n == 1) {
        static const struct {
            const char *name;
            int bytes;
        } serials[] = {{"serial", 4},  {"serial4", 4},     {"bigserial", 8},
                       {"serial8", 8}, {"smallserial", 2}, {"serial2", 2}};
        for (size_t i = 0; i < sizeof serials / sizeof *serials; i++)
            if (strcmp(last, serials[i].name) == 0) {
                *serial = serials[i].bytes;
                return seam_strdup(*serial == 8 ? "bigint" : *serial == 2 ? "smallint" : "integer");
            }
    }
    /* pg_catalog is searched first: an unqualified "timestamptz" is the built-in one. */
    if ((first && strcmp(first, "pg_catalog") == 0) || n == 1) {
        for (int i = 0; BUILTIN[i].internal; i++) {
            if (strcmp(last, BUILTIN[i].internal) != 0)
                continue;
            const char *shown = BUILTIN[i].shown;
            /* "timestamp(3) with time zone": the precision goes after the first word. */
            const char *space = strchr(shown, ' ');
            if (mods[0] && space && strncmp(shown, "time", 4) == 0)
                return seam_printf("%.*s%s%s%s", (int)(space - shown), shown, mods, space, arr);
            return seam_printf("%s%s%s", shown, mods, arr);
        }
        /* numeric(p) is numeric(p,0) to format_type; interval's typmods are field masks. */
        if (strcmp(last, "numeric") == 0 && mods[0] && !strchr(mods, ','))
            return seam_printf("numeric%.*s,0)%s", (int)strlen(mods) - 1, mods, arr);
        if (strcmp(last, "interval") == 0)
            return seam_printf("interval%s", arr);
        if (first)
            return seam_printf("%s%s%s", last, mods, arr);
    }
    if (first && strcmp(first, "public") != 0)
        return seam_printf("%s.%s%s%s", first, last, mods, arr);
    return seam_printf("%s%s%s", last, mods, arr);
}
