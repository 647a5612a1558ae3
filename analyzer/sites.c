/*
 * sites.c - SQL sites: one record per statement a function sends (or reads
 * as SQL), with the text values of globals put in.
 *
 * The TU facts hold a global whose definition another translation unit has
 * (extern char *job_table) as a mark, "%{g:USR}" (tu_values.c); once every
 * TU's facts are merged, the mark becomes the literal the global is defined
 * with, or "%s" when no TU defines it with one.
 */
#include "analyzer_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *how_name(int how)
{
    static const char *const names[HOW_COUNT] = {
        "argument", "variable", "format", "global", "table", "keyword", "built", "table_argument"};
    return how >= 0 && how < HOW_COUNT ? names[how] : "argument";
}

/* USR -> the literal a global is defined with (borrowed from the facts), first definition. */
int sites_globals_map(const analyzer_facts *f, strmap *vals)
{
    for (int t = 0; f && t < f->ntus; t++)
        for (int g = 0; g < f->tus[t].nglobals; g++) {
            const fact_def *d = &f->tus[t].globals[g];
            void *v;
            if (d->value && !strmap_get(vals, d->usr, &v) &&
                strmap_put(vals, d->usr, d->value) < 0)
                return SEAM_ENOMEM;
        }
    return 0;
}

/* text with each global's mark replaced by its value, or by "%s" when none is known. */
char *sites_globals_fill(const strmap *vals, const char *text)
{
    if (!text || !strstr(text, GLOBAL_MARK_OPEN))
        return seam_strdup(text ? text : "");
    size_t cap = strlen(text) + 1, n = 0, open = strlen(GLOBAL_MARK_OPEN);
    char *out = malloc(cap);
    for (const char *p = text; out && *p;) {
        const char *at = strstr(p, GLOBAL_MARK_OPEN);
        const char *end = at ? strchr(at + open, '}') : NULL;
        size_t piece = at && end ? (size_t)(at - p) : strlen(p);
        const char *value = "%s";
        if (at && end) {
            char *usr = malloc((size_t)(end - at - open) + 1);
            void *v;
            if (!usr) {
                free(out);
                return NULL;
            }
            memcpy(usr, at + open, (size_t)(end - at - open));
            usr[end - at - open] = '\0';
            if (vals && strmap_get(vals, usr, &v))
                value = v;
            free(usr);
        }
        size_t need = n + piece + (at && end ? strlen(value) : 0) + 1;
        if (need > cap) {
            while (cap < need)
                cap *= 2;
            char *q = realloc(out, cap);
            if (!q) {
                free(out);
                return NULL;
            }
            out = q;
        }
        memcpy(out + n, p, piece);
        n += piece;
        if (!(at && end))
            break;
        memcpy(out + n, value, strlen(value));
        n += strlen(value);
        p = end + 1;
    }
    if (out)
        out[n] = '\0';
    return out;
}

int sites_add(seam_model *m, int *cap, int fn, const fact_arg *a, const char *via,
              const char *found, const strmap *globals)
{
    if (seam_array_reserve(&m->sql_sites, cap, m->nsql_sites + 1, sizeof *m->sql_sites) < 0)
        return SEAM_ENOMEM;
    seam_sql_site *s = &m->sql_sites[m->nsql_sites];
    int fi = seam_model_find_file(m, a->file);
    s->function = fn;
    s->file = fi >= 0 ? fi : m->functions[fn].file;
    s->line = a->line;
    s->sql = sites_globals_fill(globals, a->sql);
    s->via = seam_strdup(via);
    s->parser = seam_strdup("none");
    s->how = seam_strdup(how_name(a->how));
    s->confidence = seam_strdup(a->how == HOW_KEYWORD ? "low" : "high");
    s->found = seam_strdup(found);
    m->nsql_sites++; /* counted even when partly filled, so seam_model_free releases it */
    return s->sql && (s->via || !via) && s->parser && s->how && s->confidence && s->found
               ? 0
               : SEAM_ENOMEM;
}

