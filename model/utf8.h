/*
 * utf8.h - text from the analyzed code or the database made valid UTF-8
 * before an output holds it.
 */
#ifndef SEAM_UTF8_H
#define SEAM_UTF8_H

/*
 * Returns a malloc'd copy of the NUL-terminated s that is valid UTF-8: every
 * byte that does not start a well-formed UTF-8 sequence (stray continuation
 * bytes, truncated sequences, overlong forms, surrogates, code points above
 * U+10FFFF, 0xC0/0xC1/0xF5..0xFF) becomes U+FFFD, one per offending byte.
 * Valid input is copied unchanged. NULL in gives NULL out; NULL with s
 * non-NULL means out of memory. The caller frees the result.
 */
char *seam_utf8_sanitize(const char *s);

#endif
