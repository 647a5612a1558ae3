/*
 * buf.c - a growable byte buffer, with HTML escaping.
 *
 * The HTML report is assembled in memory and written in one go, so that a
 * failure half way never reaches the disk (see seam_file_write).
 */
#include "report_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void report_buf_free(report_buf *b)
{
    free(b->data);
    memset(b, 0, sizeof *b);
}

static int buf_reserve(report_buf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *d = realloc(b->data, cap);
    if (!d) {
        b->oom = 1;
        return -1;
    }
    b->data = d;
    b->cap = cap;
    return 0;
}

void report_buf_append(report_buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void report_buf_puts(report_buf *b, const char *s)
{
    if (s)
        report_buf_append(b, s, strlen(s));
}

void report_buf_printf(report_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || buf_reserve(b, (size_t)n)) {
        b->oom = 1;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

/* Appends s sanitised (invalid UTF-8 as U+FFFD), with each character esc
 * rewrites replaced by what it returns; the loop every escape below shares.
 * esc may widen *n to rewrite a multi-byte character. */
static void buf_escaped(report_buf *b, const char *s, const char *(*esc)(const char *p, size_t *n))
{
    if (!s)
        return;
    char *clean = seam_utf8_sanitize(s);
    if (!clean) {
        b->oom = 1;
        return;
    }
    const char *run = clean;
    for (const char *p = clean; *p;) {
        size_t n = 1;
        const char *rep = esc(p, &n);
        if (rep) {
            report_buf_append(b, run, (size_t)(p - run));
            report_buf_puts(b, rep);
            run = p + n;
        }
        p += n;
    }
    report_buf_puts(b, run);
    free(clean);
}

static const char *html_escape(const char *p, size_t *n)
{
    (void)n;
    switch (*p) {
    case '&':
        return "&amp;";
    case '<':
        return "&lt;";
    case '>':
        return "&gt;";
    case '"':
        return "&quot;";
    case '\'':
        return "&#39;";
    case '\t':
    case '\n':
    case '\r':
        return NULL;
    }
    /* C0 controls are parse errors in HTML text; show them as U+FFFD. */
    return (unsigned char)*p < 0x20 ? "\xEF\xBF\xBD" : NULL;
}

void report_buf_html(report_buf *b, const char *s)
{
    buf_escaped(b, s, html_escape);
}

static const char *dot_escape(const char *p, size_t *n)
{
    (void)n;
    /* Backslash first doubled: Graphviz reads \N, \G, \L ... in labels and
     * tooltips, and a trailing one would swallow the closing quote. */
    if (*p == '\\')
        return "\\\\";
    if (*p == '"')
        return "\\\"";
    return (unsigned char)*p < 0x20 ? "\xEF\xBF\xBD" : NULL;
}

void report_buf_dot(report_buf *b, const char *s)
{
    buf_escaped(b, s, dot_escape);
}

static const char *json_escape(const char *p, size_t *n)
{
    switch (*p) {
    case '"':
        return "\\\"";
    case '\\':
        return "\\\\";
    case '\t':
        return "\\t";
    case '\n':
        return "\\n";
    case '\r':
        return "\\r";
    /* '<' never appears raw, so neither "</script" nor "<!--" can end or
     * change the <script> element holding the JSON. */
    case '<':
        return "\\u003c";
    }
    /* U+2028 and U+2029 end a line in older JavaScript parsers. */
    if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        ((unsigned char)p[2] == 0xA8 || (unsigned char)p[2] == 0xA9)) {
        *n = 3;
        return (unsigned char)p[2] == 0xA8 ? "\\u2028" : "\\u2029";
    }
    return (unsigned char)*p < 0x20 ? "\xEF\xBF\xBD" : NULL;
}

void report_buf_json(report_buf *b, const char *s)
{
    if (!s) {
        report_buf_puts(b, "null");
        return;
    }
    report_buf_puts(b, "\"");
    buf_escaped(b, s, json_escape);
    report_buf_puts(b, "\"");
}
