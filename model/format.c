/*
 * format.c - model values as text, the same in model.json and report.html:
 * fractions with four decimals whatever the locale, SRC by its last component.
 */
#include "format.h"
#include "model.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void seam_format_fixed4(double x, char out[32])
{
    if (isnan(x) || isinf(x) || fabs(x) > 1e15) {
        strcpy(out, "null");
        return;
    }
    /* Integer arithmetic, not printf("%.4f"): printf follows LC_NUMERIC
     * (a decimal comma would break JSON) and may print "-0.0000". */
    long long v = llround(x * 10000.0);
    const char *sign = v < 0 ? "-" : "";
    long long a = v < 0 ? -v : v;
    snprintf(out, 32, "%s%lld.%04lld", sign, a / 10000, a % 10000);
}

char *seam_format_basename(const char *path)
{
    if (!path)
        return NULL;
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    /* "/" alone has no last component: keep it. */
    if (start == end)
        return seam_strdup(path[0] ? "/" : "");
    char *s = malloc(end - start + 1);
    if (!s)
        return NULL;
    memcpy(s, path + start, end - start);
    s[end - start] = '\0';
    return s;
}
