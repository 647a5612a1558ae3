/*
 * guesses.c - the tables of keyword-guess SQL sites (confidence "low") that
 * count as tables.
 *
 * A guess is a literal that only reads as SQL; the names its text yields are
 * tables only with support. With a schema, a guessed name is a table when
 * the schema has a table, a view or a foreign-key end of that name (any
 * case); without one, when a high-confidence site names it too, or when at
 * least two guessed sites (two literals) name it. Other names are dropped
 * from the guess, with their columns; its text stays a site.
 */
#include "analyzer_internal.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int is_low(const seam_sql_site *s)
{
    return s->confidence && strcmp(s->confidence, "low") == 0;
}

/* Whether the schema knows name (any case) as a table, a view or a foreign-key end. */
static int schema_knows(const seam_schema *s, const char *name)
{
    if (seam_schema_find_table(s, name) >= 0)
        return 1;
    for (int i = 0; i < s->nviews; i++)
        if (s->views[i].name && strcasecmp(s->views[i].name, name) == 0)
            return 1;
    for (int i = 0; i < s->nforeign_keys; i++)
        if ((s->foreign_keys[i].from_table &&
             strcasecmp(s->foreign_keys[i].from_table, name) == 0) ||
            (s->foreign_keys[i].to_table && strcasecmp(s->foreign_keys[i].to_table, name) == 0))
            return 1;
    return 0;
}

/* name in lower case (malloc'd), the evidence map's key. */
static char *lower(const char *name)
{
    char *k = seam_strdup(name);
    for (char *p = k; p && *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return k;
}

/* Evidence per name: 2 for every high-confidence site naming it, 1 per guess. */
static int count_evidence(const seam_model *m, strmap *ev)
{
    for (int i = 0; i < m->nsql_sites; i++) {
        const seam_sql_site *s = &m->sql_sites[i];
        for (int t = 0; t < s->ntables; t++) {
            /* A site naming a table twice is one piece of evidence. */
            int dup = 0;
            for (int u = 0; u < t && !dup; u++)
                dup = strcasecmp(s->tables[u].table, s->tables[t].table) == 0;
            char *k = dup ? NULL : lower(s->tables[t].table);
            if (dup)
                continue;
            if (!k)
                return SEAM_ENOMEM;
            void *v = NULL;
            (void)strmap_get(ev, k, &v);
            int rc = strmap_put(ev, k, (void *)((intptr_t)v + (is_low(s) ? 1 : 2)));
            free(k);
            if (rc < 0)
                return SEAM_ENOMEM;
        }
    }
    return 0;
}

static int supported(const seam_model *m, const strmap *ev, const char *name)
{
    if (m->schema.dialect != SEAM_DIALECT_NONE)
        return schema_knows(&m->schema, name);
    char *k = lower(name);
    void *v = NULL;
    int ok = k && strmap_get(ev, k, &v) && (intptr_t)v >= 2;
    free(k);
    return ok;
}

int guesses_filter(seam_model *m, seam_err *err)
{
    strmap ev = {0};
    int rc = m->schema.dialect == SEAM_DIALECT_NONE ? count_evidence(m, &ev) : 0;
    for (int i = 0; i < m->nsql_sites && rc == 0; i++) {
        seam_sql_site *s = &m->sql_sites[i];
        if (!is_low(s))
            continue;
        int nt = 0, nc = 0;
        /* Kept names move to the front in their (sorted) order, dropped ones behind. */
        for (int t = 0; t < s->ntables; t++)
            if (supported(m, &ev, s->tables[t].table)) {
                seam_table_ref kept = s->tables[t];
                s->tables[t] = s->tables[nt];
                s->tables[nt++] = kept;
            }
        /* A column goes with its table. */
        for (int c = 0; c < s->ncolumns; c++) {
            int keep = 1;
            for (int t = nt; t < s->ntables && keep; t++)
                keep = !s->columns[c].table ||
                       strcmp(s->columns[c].table, s->tables[t].table) != 0;
            if (keep) {
                s->columns[nc++] = s->columns[c];
            } else {
                free(s->columns[c].table);
                free(s->columns[c].column);
            }
        }
        for (int t = nt; t < s->ntables; t++)
            free(s->tables[t].table);
        s->ntables = nt;
        s->ncolumns = nc;
    }
    strmap_free(&ev, NULL);
    return rc < 0 ? seam_err_set(err, rc, "out of memory weighing guessed SQL tables") : 0;
}
