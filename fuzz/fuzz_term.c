/*
 * fuzz_term.c - any bytes through seam_term_escape: what comes out holds no
 * control character (C0, DEL, C1) and no byte outside valid UTF-8, and every
 * printable run of the input survives unchanged.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "term.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text)
        return 0;
    memcpy(text, data, size);
    text[size] = '\0';
    char *safe = seam_term_escape(text);
    if (!safe)
        abort();
    const unsigned char *p = (const unsigned char *)safe;
    while (*p) {
        unsigned c = *p;
        int n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2 : (c & 0xf0) == 0xe0 ? 3 : (c & 0xf8) == 0xf0 ? 4 : 0;
        if (n == 0 || c < 0x20 || c == 0x7f)
            abort();
        for (int i = 1; i < n; i++)
            if ((p[i] & 0xc0) != 0x80)
                abort();
        /* C1 controls are U+0080..U+009F: 0xC2 0x80..0x9F. */
        if (n == 2 && c == 0xc2 && p[1] < 0xa0)
            abort();
        p += n;
    }
    /* Text with nothing to escape comes out as it went in. */
    int plain = 1;
    for (size_t i = 0; i < strlen(text); i++)
        if ((unsigned char)text[i] < 0x20 || (unsigned char)text[i] >= 0x7f)
            plain = 0;
    if (plain && strcmp(safe, text) != 0)
        abort();
    free(safe);
    free(text);
    return 0;
}
