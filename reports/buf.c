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

void report_buf_html(report_buf *b, const char *s)
{
    if (!s)
        return;
    /* Sanitise first so that every byte handled below is valid UTF-8. */
    char *clean = seam_utf8_sanitize(s);
    if (!clean) {
        b->oom = 1;
        return;
    }
    const char *run = clean; /* start of bytes not yet copied */
    for (const char *p = clean; *p; p++) {
        unsigned char c = (unsigned char)*p;
        const char *rep = NULL;
        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        default:
            /* C0 controls are parse errors in HTML text; show them as U+FFFD. */
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
                rep = "\xEF\xBF\xBD";
        }
        if (rep) {
            report_buf_append(b, run, (size_t)(p - run));
            report_buf_puts(b, rep);
            run = p + 1;
        }
    }
    report_buf_puts(b, run);
    free(clean);
}
