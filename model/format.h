/*
 * format.h - model values as text for the outputs (model.json, report.html),
 * independent of the C locale so that the same model gives the same bytes.
 */
#ifndef SEAM_FORMAT_H
#define SEAM_FORMAT_H

/*
 * Formats x rounded to 4 decimals ("0.4213", "-0.0500", "1.0000") into
 * out, independent of the C locale. Writes "null" for NaN or infinity.
 */
void seam_format_fixed4(double x, char out[32]);

/* Last path component of path ("/a/b/" -> "b"); malloc'd; NULL in, NULL out. */
char *seam_format_basename(const char *path);

#endif
