/*
 * term.h - text from the analyzed code or schema made safe to print.
 *
 * Table names, file names and SQL come from code and databases that seam
 * does not trust. Printed raw, an escape sequence in a table name can set the
 * terminal's title, clear the screen, or start a new line that looks like
 * "seam: error: ...". Every line the CLI prints passes through
 * seam_term_escape first.
 *
 * Thread-safe; the result is the caller's to free.
 */
#ifndef SEAM_TERM_H
#define SEAM_TERM_H

/*
 * A copy of s in which every control character (C0, DEL, C1 such as U+009B,
 * the CSI that some terminals honour) and every byte that is not part of
 * valid UTF-8 is written as \xHH; printable text, UTF-8 included, is kept.
 * NULL when out of memory (or when s is NULL).
 */
char *seam_term_escape(const char *s);

#endif
