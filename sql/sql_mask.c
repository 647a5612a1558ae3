/*
 * sql_mask.c - makes SQL written for C's printf and for SQLite parseable.
 *
 * SQL in C source is often a printf format ("... WHERE id = %d") or uses
 * parameter styles that PostgreSQL's grammar lacks (?, :name, @name). Both
 * parsers only need to see *a* value there, so each placeholder becomes a
 * parameter the parser accepts. This is a lexer, not a grammar: it only has
 * to know where string literals, quoted identifiers and comments begin and
 * end, so that '%s' inside quotes (a value) is left alone.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sql_internal.h"

typedef struct mask_buf {
    char *p;
    size_t n, cap;
    int oom;
    int param; /* last $N handed out */
} mask_buf;

static void buf_put(mask_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (b->n + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void buf_putc(mask_buf *b, char c)
{
    buf_put(b, &c, 1);
}

static int is_ident_start(unsigned char c)
{
    return isalpha(c) || c == '_' || c >= 0x80;
}

static int is_ident(unsigned char c)
{
    return isalnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/*
 * Emits a parameter in place of a placeholder. A space keeps it from gluing to
 * a neighbouring word: "x=?AND" must not become the identifier "x=$1AND".
 */
static void put_param(mask_buf *b, sql_dialect d, const char *next)
{
    if (b->n > 0 && is_ident((unsigned char)b->p[b->n - 1]))
        buf_putc(b, ' ');
    if (d == SQL_DIALECT_SQLITE) {
        buf_putc(b, '?');
    } else {
        char tmp[24];
        int len = snprintf(tmp, sizeof tmp, "$%d", ++b->param);
        buf_put(b, tmp, (size_t)len);
    }
    if (is_ident((unsigned char)*next))
        buf_putc(b, ' ');
}

/*
 * Length of the printf conversion starting at s[0] == '%', or 0 when it is
 * not one (then '%' is SQL's modulo operator). Accepts %[n$][flags][width]
 * [.prec][length]conv. The space and ' flags are left out on purpose: "a % b"
 * is far more often modulo than a printf conversion.
 */
size_t sql_mask_printf_len(const char *s)
{
    static const char conv[] = "diouxXeEfFgGaAcspnqQwz";
    const char *p = s + 1;
    const char *q = p;
    while (isdigit((unsigned char)*q))
        q++;
    if (q > p && *q == '$')
        p = q + 1; /* positional argument: %1$s */
    while (*p && strchr("-+#0", *p))
        p++;
    if (*p == '*')
        p++;
    else
        while (isdigit((unsigned char)*p))
            p++;
    if (*p == '.') {
        p++;
        if (*p == '*')
            p++;
        else
            while (isdigit((unsigned char)*p))
                p++;
    }
    const char *len_start = p;
    if ((p[0] == 'h' && p[1] == 'h') || (p[0] == 'l' && p[1] == 'l'))
        p += 2;
    else if (*p && strchr("hlLjzt", *p))
        p++;
    if (*p && strchr(conv, *p))
        return (size_t)(p - s) + 1;
    /* SQLite's %z (a %s that frees its argument) reads as a length modifier. */
    if (p == len_start + 1 && *len_start == 'z')
        return (size_t)(p - s);
    return 0;
}

/*
 * A %s written against a name ("%s_job", "log_%s", "\"%s_%s\"")
 * is a piece of the name filled at run time: a configured prefix, a cluster
 * or tenant name, a partition suffix. The known rest is the name the schema
 * holds, or holds with its configured prefix (sql_refs.c), so the hole is
 * dropped with the separator ('_' or '.') that joins it to the rest.
 */
static int is_name_sep(char c)
{
    return c == '_' || c == '.';
}

/* Drops a hole at the end of what b holds: "log_" of "log_%s" becomes "log". */
static void drop_trailing_sep(mask_buf *b, size_t floor)
{
    if (b->n > floor && is_name_sep(b->p[b->n - 1]))
        b->p[--b->n] = '\0';
}

/* Length of a name hole at s (a conversion and the separator after it), or 0. */
static size_t name_hole_len(const mask_buf *b, const char *s, size_t floor);

/* Copies a quoted run opened by s[0] and closed by `close` (doubled = escaped). */
static size_t copy_quoted(mask_buf *b, const char *s, char close, int backslash)
{
    size_t i = 1;
    while (s[i]) {
        if (backslash && s[i] == '\\' && s[i + 1]) {
            i += 2;
            continue;
        }
        if (s[i] == close) {
            if (s[i + 1] == close) {
                i += 2;
                continue;
            }
            i++;
            break;
        }
        i++;
    }
    buf_put(b, s, i);
    return i;
}

/* Length of a comment starting at s, or 0. PostgreSQL nests block comments. */
static size_t comment_len(const char *s, sql_dialect d)
{
    if (s[0] == '-' && s[1] == '-') {
        const char *e = strchr(s, '\n');
        return e ? (size_t)(e - s) + 1 : strlen(s);
    }
    if (s[0] != '/' || s[1] != '*')
        return 0;
    size_t i = 2;
    int depth = 1;
    while (s[i] && depth > 0) {
        if (s[i] == '*' && s[i + 1] == '/') {
            depth--;
            i += 2;
        } else if (d == SQL_DIALECT_PG && s[i] == '/' && s[i + 1] == '*') {
            depth++;
            i += 2;
        } else {
            i++;
        }
    }
    return i;
}

/*
 * At s[0] == '$' in PostgreSQL: a dollar-quoted string ($$...$$, $tag$...$tag$)
 * is copied whole and its length returned; 0 otherwise.
 */
static size_t dollar_quote_len(const char *s)
{
    size_t t = 1;
    if (is_ident_start((unsigned char)s[1]))
        while (is_ident((unsigned char)s[t]) && s[t] != '$')
            t++;
    if (s[t] != '$')
        return 0;
    size_t taglen = t + 1; /* "$tag$" */
    const char *p = s + taglen;
    for (;;) {
        const char *e = strchr(p, '$');
        if (!e)
            return strlen(s); /* unterminated: the rest is the string */
        if (strncmp(e, s, taglen) == 0)
            return (size_t)(e - s) + taglen;
        p = e + 1;
    }
}

/* SQLite's conflict clauses, "INSERT OR <word>": meaningless for table access. */
static int is_conflict_word(const char *w, size_t n)
{
    static const char *const words[] = {"replace", "ignore", "abort", "fail", "rollback"};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strlen(words[i]) == n && strncasecmp(w, words[i], n) == 0)
            return 1;
    return 0;
}

static size_t word_len(const char *s)
{
    size_t n = 0;
    while (is_ident((unsigned char)s[n]))
        n++;
    return n;
}

static size_t skip_space(const char *s)
{
    size_t n = 0;
    while (isspace((unsigned char)s[n]))
        n++;
    return n;
}

static int word_is(const char *w, size_t n, const char *kw)
{
    return strlen(kw) == n && strncasecmp(w, kw, n) == 0;
}

/*
 * Handles a word in PostgreSQL mode: SQLite's "INSERT OR REPLACE", "UPDATE OR
 * IGNORE" and "REPLACE INTO" become their PostgreSQL-parseable core, since the
 * conflict clause does not change which tables are touched. Returns the input
 * consumed. stmt_start: nothing but space/comments since the text's start or ';'.
 */
static size_t put_word_pg(mask_buf *b, const char *s, int stmt_start)
{
    size_t n = word_len(s);
    if (word_is(s, n, "insert") || word_is(s, n, "update")) {
        size_t sp = n + skip_space(s + n);
        size_t orn = word_len(s + sp);
        if (sp > n && word_is(s + sp, orn, "or")) {
            size_t sp2 = sp + orn + skip_space(s + sp + orn);
            size_t cw = word_len(s + sp2);
            if (sp2 > sp + orn && is_conflict_word(s + sp2, cw)) {
                buf_put(b, s, n);
                buf_putc(b, ' ');
                return sp2 + cw;
            }
        }
    } else if (word_is(s, n, "is")) {
        /*
         * SQLite's "x IS ?" compares with a value; PostgreSQL spells that
         * "IS NOT DISTINCT FROM" (and "IS NOT ?" as "IS DISTINCT FROM").
         */
        size_t sp = n + skip_space(s + n);
        size_t notn = word_len(s + sp);
        int negated = word_is(s + sp, notn, "not");
        size_t at = negated ? sp + notn + skip_space(s + sp + notn) : sp;
        if (at > (negated ? sp + notn : n) && s[at] && strchr("?:@$%", s[at]) && s[at + 1] != ':') {
            const char *kw = negated ? "IS DISTINCT FROM " : "IS NOT DISTINCT FROM ";
            buf_put(b, kw, strlen(kw));
            return at;
        }
    } else if (stmt_start && word_is(s, n, "replace")) {
        size_t sp = n + skip_space(s + n);
        if (sp > n && word_is(s + sp, word_len(s + sp), "into")) {
            buf_put(b, "INSERT", 6);
            return n;
        }
    }
    /* E'...' is the one PostgreSQL string where backslash escapes. */
    if (n == 1 && (s[0] == 'E' || s[0] == 'e') && s[1] == '\'') {
        buf_putc(b, s[0]);
        return 1 + copy_quoted(b, s + 1, '\'', 1);
    }
    buf_put(b, s, n);
    return n;
}

/* Backquoted identifier (MySQL/SQLite style) as a PostgreSQL quoted identifier. */
static size_t put_backquoted_pg(mask_buf *b, const char *s)
{
    const char *e = strchr(s + 1, '`');
    if (!e || memchr(s + 1, '"', (size_t)(e - s - 1)))
        return copy_quoted(b, s, '`', 0);
    buf_putc(b, '"');
    buf_put(b, s + 1, (size_t)(e - s - 1));
    buf_putc(b, '"');
    return (size_t)(e - s) + 1;
}

/*
 * SQLite's (and SQL Server's) [bracketed identifier] as a PostgreSQL quoted
 * identifier; returns input consumed, 0 when the bracket is PostgreSQL's own
 * array subscript, constructor or type suffix. Those are written against the
 * expression they follow ("a[1]", "f(x)[2]", "int[]") or after ARRAY; a
 * bracketed name follows a space, '(', ',' or '.', and starts like a name.
 */
static size_t put_bracketed_pg(mask_buf *b, const char *s)
{
    if (b->n > 0) {
        unsigned char prev = (unsigned char)b->p[b->n - 1];
        if (is_ident(prev) || prev == ')' || prev == ']')
            return 0;
        size_t end = b->n;
        while (end > 0 && isspace((unsigned char)b->p[end - 1]))
            end--;
        size_t start = end;
        while (start > 0 && is_ident((unsigned char)b->p[start - 1]))
            start--;
        if (word_is(b->p + start, end - start, "array"))
            return 0;
    }
    const char *e = strchr(s + 1, ']');
    if (!e || !is_ident_start((unsigned char)s[1]))
        return 0;
    for (const char *p = s + 1; p < e; p++)
        if (strchr("'\"[,:$?()\n", *p))
            return 0;
    buf_putc(b, '"');
    buf_put(b, s + 1, (size_t)(e - s - 1));
    buf_putc(b, '"');
    return (size_t)(e - s) + 1;
}

/* PostgreSQL-only placeholders at s; returns input consumed, 0 if none here. */
static size_t put_param_pg(mask_buf *b, const char *s)
{
    size_t n = 0;
    if (s[0] == '?') {
        n = 1;
        while (isdigit((unsigned char)s[n]))
            n++;
    } else if ((s[0] == ':' || s[0] == '@' || s[0] == '$') && is_ident_start((unsigned char)s[1])) {
        n = 1;
        while (is_ident((unsigned char)s[n]) && s[n] != '$')
            n++;
    }
    if (n)
        put_param(b, SQL_DIALECT_PG, s + n);
    return n;
}

/* Whether what b ends with is a word (not a $N parameter handed out before). */
static int ends_with_name(const mask_buf *b, size_t floor)
{
    size_t i = b->n;
    while (i > floor && is_ident((unsigned char)b->p[i - 1]) && b->p[i - 1] != '$')
        i--;
    return i < b->n && !(i > floor && b->p[i - 1] == '$');
}

static size_t name_hole_len(const mask_buf *b, const char *s, size_t floor)
{
    size_t n = sql_mask_printf_len(s);
    /* names are strings: only a %s is a piece of one */
    if (n == 0 || s[n - 1] != 's')
        return 0;
    int after_name = ends_with_name(b, floor);
    int before_name = is_ident((unsigned char)s[n]) || (is_name_sep(s[n]) && is_ident_start(
                                                                         (unsigned char)s[n + 1]));
    if (!after_name && !before_name)
        return 0;
    if (before_name && is_name_sep(s[n]))
        n++;
    return n;
}

/*
 * A "quoted identifier": name holes inside it are dropped like those of a
 * bare name ("\"%s_%s\"" filled with one known piece is "\"job\"").
 */
static size_t copy_quoted_ident(mask_buf *b, const char *s)
{
    size_t i = 1, start = b->n;
    buf_putc(b, '"');
    while (s[i] && !b->oom) {
        if (s[i] == '"') {
            if (s[i + 1] == '"') {
                buf_put(b, "\"\"", 2);
                i += 2;
                continue;
            }
            drop_trailing_sep(b, start + 1);
            buf_putc(b, '"');
            return i + 1;
        }
        size_t h;
        if (s[i] == '%' && (h = name_hole_len(b, s + i, start + 1)) > 0) {
            if (!is_ident((unsigned char)s[i + h]))
                drop_trailing_sep(b, start + 1);
            i += h;
            continue;
        }
        buf_putc(b, s[i]);
        i++;
    }
    return i;
}

int sql_mask(const char *sql, sql_dialect d, char **out)
{
    mask_buf b = {0};
    const char *s = sql ? sql : "";
    int stmt_start = 1;
    buf_put(&b, "", 0);
    while (*s && !b.oom) {
        unsigned char c = (unsigned char)*s;
        size_t n;
        int starts = 0; /* did this token leave us at a statement start? */
        if ((n = comment_len(s, d)) > 0) {
            buf_put(&b, s, n);
            s += n;
            continue; /* comments do not end a statement start */
        }
        if (isspace(c)) {
            buf_putc(&b, (char)c);
            s++;
            continue;
        }
        if (c == '\'') {
            n = copy_quoted(&b, s, '\'', 0);
        } else if (c == '"') {
            n = copy_quoted_ident(&b, s);
        } else if (c == '`') {
            n = d == SQL_DIALECT_PG ? put_backquoted_pg(&b, s) : copy_quoted(&b, s, '`', 0);
        } else if (c == '[' && d == SQL_DIALECT_SQLITE) {
            n = copy_quoted(&b, s, ']', 0);
        } else if (c == '[' && (n = put_bracketed_pg(&b, s)) > 0) {
            /* emitted */
        } else if (c == '%' && s[1] == '%') {
            buf_putc(&b, '%');
            n = 2;
        } else if (c == '%' && (n = sql_mask_printf_len(s)) > 0 && s[n - 1] == 'c') {
            /* a %c in SQL text is a delimiter the code chooses (',' or ' '): a space */
            buf_putc(&b, ' ');
        } else if (c == '%' && (n = name_hole_len(&b, s, 0)) > 0) {
            if (!is_ident((unsigned char)s[n]))
                drop_trailing_sep(&b, 0);
        } else if (c == '%' && (n = sql_mask_printf_len(s)) > 0) {
            put_param(&b, d, s + n);
        } else if (c == ':' && s[1] == ':') {
            buf_put(&b, "::", 2);
            n = 2;
        } else if (d == SQL_DIALECT_PG && c == '$' && isdigit((unsigned char)s[1])) {
            n = 1 + word_len(s + 1);
            buf_put(&b, s, n);
        } else if (d == SQL_DIALECT_PG && c == '$' && (n = dollar_quote_len(s)) > 0) {
            buf_put(&b, s, n);
        } else if (d == SQL_DIALECT_PG && (n = put_param_pg(&b, s)) > 0) {
            /* emitted */
        } else if (is_ident(c)) {
            n = d == SQL_DIALECT_PG ? put_word_pg(&b, s, stmt_start) : word_len(s);
            if (d != SQL_DIALECT_PG)
                buf_put(&b, s, n);
        } else {
            buf_putc(&b, (char)c);
            n = 1;
            starts = c == ';';
        }
        s += n;
        stmt_start = starts;
    }
    if (b.oom) {
        free(b.p);
        *out = NULL;
        return SEAM_ENOMEM;
    }
    *out = b.p;
    return SEAM_OK;
}
