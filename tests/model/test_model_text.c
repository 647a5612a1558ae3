/*
 * test_model_text.c - the model's text helpers that every writer uses: the
 * UTF-8 sanitiser (model/utf8.c) and the locale-independent number and
 * basename formatting (model/format.c).
 */
#include "check.h"
#include "format.h"
#include "model.h"
#include "utf8.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define FFFD "\xEF\xBF\xBD"

static void check_sanitize(const char *in, const char *want)
{
    char *out = seam_utf8_sanitize(in);
    CHECK_STR(out, want);
    free(out);
}

static void test_utf8(void)
{
    CHECK(seam_utf8_sanitize(NULL) == NULL);
    check_sanitize("", "");
    check_sanitize("plain ascii", "plain ascii");
    /* Valid multi-byte sequences of each length pass unchanged. */
    check_sanitize("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
                   "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
    check_sanitize("\xef\xbf\xbf \xf4\x8f\xbf\xbf",
                   "\xef\xbf\xbf \xf4\x8f\xbf\xbf");         /* U+FFFF, U+10FFFF */
    check_sanitize("a\xffz", "a" FFFD "z");                  /* never valid byte */
    check_sanitize("\x80\xbf", FFFD FFFD);                   /* stray continuations */
    check_sanitize("x\xc3", "x" FFFD);                       /* truncated at the end */
    check_sanitize("\xc3(", FFFD "(");                       /* truncated mid-string */
    check_sanitize("\xe2\x82", FFFD FFFD);                   /* 3-byte sequence cut short */
    check_sanitize("\xc0\xaf", FFFD FFFD);                   /* overlong '/' */
    check_sanitize("\xe0\x80\xaf", FFFD FFFD FFFD);          /* overlong 3-byte */
    check_sanitize("\xed\xa0\x80", FFFD FFFD FFFD);          /* UTF-16 surrogate */
    check_sanitize("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD); /* above U+10FFFF */
    check_sanitize("\xf5\x80", FFFD FFFD);
}

static void check_fixed(double x, const char *want)
{
    char out[32];
    seam_format_fixed4(x, out);
    CHECK_STR(out, want);
}

static void test_format(void)
{
    check_fixed(0.412345678901, "0.4123");
    check_fixed(0.41235, "0.4124");
    check_fixed(1.0, "1.0000");
    check_fixed(0.0, "0.0000");
    check_fixed(-0.0, "0.0000");
    check_fixed(-0.00001, "0.0000");
    check_fixed(-0.05, "-0.0500");
    check_fixed(12.3, "12.3000");
    check_fixed(NAN, "null");

    char *s;
    CHECK_STR(s = seam_format_basename("/home/dev/src/shop"), "shop");
    free(s);
    CHECK_STR(s = seam_format_basename("/home/dev/src/shop/"), "shop");
    free(s);
    CHECK_STR(s = seam_format_basename("shop"), "shop");
    free(s);
    CHECK_STR(s = seam_format_basename("/"), "/");
    free(s);
    CHECK(seam_format_basename(NULL) == NULL);
}

int main(void)
{
    test_utf8();
    test_format();
    return check_finish();
}
