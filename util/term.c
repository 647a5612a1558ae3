/*
 * term.c - escaping untrusted text for a terminal.
 */
#include "term.h"

#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when it is not one. */
static int utf8_seq(const unsigned char *p)
{
    unsigned c = p[0];
    int n;
    unsigned min;
    if (c < 0x80)
        return 1;
    if ((c & 0xe0) == 0xc0)
        n = 2, min = 0x80;
    else if ((c & 0xf0) == 0xe0)
        n = 3, min = 0x800;
    else if ((c & 0xf8) == 0xf0)
        n = 4, min = 0x10000;
    else
        return 0;
    unsigned cp = c & (0x7f >> n);
    for (int i = 1; i < n; i++) {
        if ((p[i] & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (p[i] & 0x3f);
    }
    /* Overlong forms, surrogates and values past U+10FFFF are not text. */
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    /* C1 controls (U+0080..U+009F) act like escapes on some terminals. */
    if (cp >= 0x80 && cp <= 0x9f)
        return 0;
    return n;
}

char *seam_term_escape(const char *s)
{
    if (!s)
        return NULL;
    size_t len = strlen(s);
    /* Every byte can become four ("\xHH"). */
    char *out = malloc(len * 4 + 1);
    if (!out)
        return NULL;
    static const char hex[] = "0123456789abcdef";
    const unsigned char *p = (const unsigned char *)s;
    char *o = out;
    while (*p) {
        int n = utf8_seq(p);
        if (n == 1 && (*p < 0x20 || *p == 0x7f))
            n = 0;
        if (n > 0) {
            memcpy(o, p, (size_t)n);
            o += n;
            p += n;
        } else {
            *o++ = '\\';
            *o++ = 'x';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
            p++;
        }
    }
    *o = '\0';
    return out;
}
