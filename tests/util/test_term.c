/*
 * test_term.c - seam_term_escape: control characters and broken UTF-8 are
 * shown as \xHH, printable text (UTF-8 included) is kept as it is.
 */
#include "check.h"
#include "term.h"

#include <stdlib.h>

static void check_escape(const char *in, const char *want)
{
    char *got = seam_term_escape(in);
    CHECK_STR(got, want);
    free(got);
}

int main(void)
{
    check_escape("orders", "orders");
    check_escape("", "");
    /* ESC ] 0 ; title BEL: sets the window title. */
    check_escape("t\x1b]0;pwned\x07", "t\\x1b]0;pwned\\x07");
    /* A newline would start a forged "seam: error:" line; CR rewrites the current one. */
    check_escape("x\nseam: error: forged", "x\\x0aseam: error: forged");
    check_escape("a\rb\tc\x7f", "a\\x0db\\x09c\\x7f");
    /* ESC [ 2 J clears the screen. */
    check_escape("\x1b[2J", "\\x1b[2J");
    /* UTF-8 text stays; U+009B (CSI as a C1 control) does not. */
    check_escape("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80", "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    check_escape("\xc2\x9b" "2J", "\\xc2\\x9b2J");
    /* Raw 8-bit CSI, a lone continuation byte, an overlong '/', a surrogate, a cut sequence. */
    check_escape("\x9b" "2J", "\\x9b2J");
    check_escape("\x80", "\\x80");
    check_escape("\xc0\xaf", "\\xc0\\xaf");
    check_escape("\xed\xa0\x80", "\\xed\\xa0\\x80");
    check_escape("\xe2\x82", "\\xe2\\x82");
    CHECK(seam_term_escape(NULL) == NULL);
    return check_finish();
}
