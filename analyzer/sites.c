/*
 * sites.c - SQL sites: one record per statement a function sends (or reads
 * as SQL), with the text values of globals put in.
 *
 * The TU facts hold a global whose definition another translation unit has
 * (extern char *job_table) as a mark, "%{g:USR}", element K of an array of
 * texts some TU fills from a constant table as "%{a:USR:K}" (tu_values.c),
 * and what a callee appends to the buffer passed as its argument K as
 * "%{p:USR|K}" (tu_text.c); once every TU's facts are merged, the mark
 * becomes the literal the global is defined with, the element's text or the
 * callee's appended text, or "%s" (nothing, for a callee) when no TU says.
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

/*
 * The values of the marks: "g:USR" -> the literal a global is defined with,
 * "a:USR:N" -> element N of an array as a TU writes it (values borrowed from
 * the facts); the first TU's, in the facts' fixed order.
 */
int sites_globals_map(const analyzer_facts *f, strmap *vals)
{
    void *v;
    for (int t = 0; f && t < f->ntus; t++) {
        for (int g = 0; g < f->tus[t].nglobals; g++) {
            const fact_def *d = &f->tus[t].globals[g];
            char *key = d->value ? seam_printf("g:%s", d->usr) : NULL;
            int rc = !d->value ? 0 : !key ? SEAM_ENOMEM
                     : strmap_get(vals, key, &v) ? 0
                                                 : strmap_put(vals, key, d->value);
            free(key);
            if (rc < 0)
                return SEAM_ENOMEM;
        }
        for (int e = 0; e < f->tus[t].nelems; e++) {
            const fact_elem *el = &f->tus[t].elems[e];
            /* a record's facts (tu_records.c) are table_args.c's, not values */
            if (el->usr[0] == '=' || el->usr[0] == '?')
                continue;
            /* "*F": what function F appends to its parameter index's buffer */
            char *key = el->usr[0] == '*' ? seam_printf("p:%s|%d", el->usr + 1, el->index)
                                          : seam_printf("a:%s:%d", el->usr, el->index);
            int rc = !key ? SEAM_ENOMEM
                     : strmap_get(vals, key, &v) ? 0
                                                 : strmap_put(vals, key, el->text);
            free(key);
            if (rc < 0)
                return SEAM_ENOMEM;
        }
    }
    return 0;
}

#define FILL_PASSES 4
#define FILL_MAX (1u << 20) /* bytes of a filled text */

/* One pass of sites_globals_fill: marks vals knows become their values, others "%s" (or nothing). */
static char *fill_once(const strmap *vals, const char *text)
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
        int key_is_append = 0;
        if (at && end) {
            char *key = malloc((size_t)(end - at - open) + 1);
            void *v;
            if (!key) {
                free(out);
                return NULL;
            }
            memcpy(key, at + open, (size_t)(end - at - open));
            key[end - at - open] = '\0';
            if (strncmp(key, "g:", 2) != 0 && strncmp(key, "a:", 2) != 0 &&
                strncmp(key, "p:", 2) != 0 && strncmp(key, "f:", 2) != 0)
                end = at + 1, value = "%"; /* "%{" that is no mark: kept as written */
            else if (vals && strmap_get(vals, key, &v))
                value = v;
            else if (key[0] == 'p')
                value = ""; /* a callee seen appending nothing */
            key_is_append = key[0] == 'p';
            free(key);
            /* a text of many marks never grows past FILL_MAX: the rest are unknown */
            if (n + piece + strlen(value) > FILL_MAX && value[0] && strcmp(value, "%") != 0)
                value = key_is_append ? "" : "%s";
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
        p = end + (*end == '}');
    }
    if (out)
        out[n] = '\0';
    return out;
}


char *sites_globals_fill(const strmap *vals, const char *text)
{
    /*
     * A value may hold marks of its own (a callee's appended text naming
     * another callee's): a few passes, then whatever is left is unknown.
     * Past FILL_MAX bytes the rest is unknown too (each pass stops there).
     */
    char *out = fill_once(vals, text);
    for (int pass = 1; out && pass < FILL_PASSES && strstr(out, GLOBAL_MARK_OPEN); pass++) {
        char *next = fill_once(strlen(out) > FILL_MAX ? NULL : vals, out);
        free(out);
        out = next;
    }
    if (out && strstr(out, GLOBAL_MARK_OPEN)) {
        char *next = fill_once(NULL, out);
        free(out);
        out = next;
    }
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

