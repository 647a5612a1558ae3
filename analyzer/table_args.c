/*
 * table_args.c - table-name arguments: a parameter that names a table, and a
 * site per call that passes a table's name to it.
 *
 * Many DB layers take a table's *name*: db_get_maxid("events"),
 * db_insert_prepare(&ins, "history", ...). Parameter k of F names a table
 * when a statement F sends holds k's hole ("%<k+1>$s", tu_text.c) where a
 * table's name goes, when F passes k on to another function's table
 * parameter (a least fixed point over the call facts, like the wrappers), or
 * when --table-fn NAME:ARG says so. Each call passing a literal (or a global
 * defined with one) as a table parameter is then a site: the callee's
 * statement with the name in its place, or, for a --table-fn whose
 * statement seam does not see, the name alone, read and written.
 */
#include "analyzer_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define TABLE_ARG_DEPTH 32 /* helpers a table's name is followed through */

/* A function parameter that names a table, and the statement that says so. */
typedef struct table_param {
    int fn, param;
    const char *tmpl; /* a site's SQL holding the parameter's hole, or NULL (declared only) */
    int tmpl_param;   /* which hole of tmpl: "%<tmpl_param + 1>$s" */
} table_param;

typedef struct table_params {
    table_param *v;
    int n, cap;
} table_params;

/* Whether parameter param of fn names a table, by any statement (or declared). */
static int table_param_is(const table_params *t, int fn, int param)
{
    for (int i = 0; i < t->n; i++)
        if (t->v[i].fn == fn && t->v[i].param == param)
            return 1;
    return 0;
}

/* One entry per (function, parameter, statement): a helper may send several with the name. */
static int table_param_add(table_params *t, int fn, int param, const char *tmpl, int tmpl_param,
                           int *changed)
{
    for (int i = 0; i < t->n; i++)
        if (t->v[i].fn == fn && t->v[i].param == param && t->v[i].tmpl_param == tmpl_param &&
            (t->v[i].tmpl == tmpl ||
             (t->v[i].tmpl && tmpl && strcmp(t->v[i].tmpl, tmpl) == 0)))
            return 0;
    if (seam_array_reserve(&t->v, &t->cap, t->n + 1, sizeof *t->v) < 0)
        return SEAM_ENOMEM;
    t->v[t->n++] = (table_param){fn, param, tmpl, tmpl_param};
    *changed = 1;
    return 0;
}

/*
 * Whether sql holds the hole of parameter `param` ("%<param+1>$s", tu_text.c)
 * where a table's name goes: right after FROM, JOIN, INTO, UPDATE or TABLE
 * (a quote between them allowed).
 */
static int hole_names_table(const char *sql, int param)
{
    static const char *const words[] = {"from", "into", "join", "table", "update"};
    char mark[24];
    int len = snprintf(mark, sizeof mark, "%%%d$s", param + 1);
    for (const char *at = strstr(sql, mark); at; at = strstr(at + len, mark)) {
        const char *p = at;
        while (p > sql && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == '\n' || p[-1] == '"' ||
                           p[-1] == '`'))
            p--;
        const char *end = p;
        while (p > sql && ((p[-1] >= 'a' && p[-1] <= 'z') || (p[-1] >= 'A' && p[-1] <= 'Z')))
            p--;
        for (size_t w = 0; w < sizeof words / sizeof *words; w++)
            if ((size_t)(end - p) == strlen(words[w]) && strncasecmp(p, words[w], strlen(words[w])) == 0)
                return 1;
    }
    return 0;
}

/* Whether --table-fn names argument pos of callee `name`. */
static int declared_table_arg(char *const *specs, int n, const char *name, int pos)
{
    for (int i = 0; i < n; i++) {
        size_t len;
        int arg;
        if (wrappers_parse_spec("", specs[i], &len, &arg, NULL) == 0 && arg == pos &&
            strlen(name) == len && strncmp(specs[i], name, len) == 0)
            return 1;
    }
    return 0;
}

/*
 * Table parameters: parameter k of F names a table when F's SQL holds k's
 * hole where a table goes, or F passes k on to a table parameter of another
 * function (a least fixed point, like the wrappers), or --table-fn says so.
 */
static int infer_table_params(const program *p, char *const *specs, int nspecs, table_params *t)
{
    const seam_model *m = p->model;
    int changed = 0;
    for (int s = 0; s < m->nsql_sites; s++) {
        const seam_sql_site *site = &m->sql_sites[s];
        if (!site->via || !strstr(site->sql, "$s"))
            continue;
        for (int k = 0; k < ANALYZER_MAX_PARAM; k++)
            if (hole_names_table(site->sql, k) &&
                table_param_add(t, site->function, k, site->sql, k, &changed) < 0)
                return SEAM_ENOMEM;
    }
    /*
     * A name passed on through more than TABLE_ARG_DEPTH helpers is not
     * followed further: the passes, each a scan of every call, stay bounded.
     */
    changed = 1;
    for (int pass = 0; changed && pass < TABLE_ARG_DEPTH; pass++) {
        changed = 0;
        for (int i = 0; i < p->nfunctions; i++)
            for (int c = 0; c < p->body[i]->ncalls; c++) {
                const fact_call *call = &p->body[i]->calls[c];
                int j = p->callee[i][c];
                for (int a = 0; a < call->nargs; a++) {
                    const fact_arg *fa = &call->args[a];
                    if (fa->param < 0 || fa->param >= ANALYZER_MAX_PARAM)
                        continue;
                    int rc = 0, known = t->n;
                    /* every statement of the callee's parameter is the caller's too */
                    for (int e = 0; j >= 0 && rc == 0 && e < known; e++)
                        if (t->v[e].fn == j && t->v[e].param == fa->pos)
                            rc = table_param_add(t, i, fa->param, t->v[e].tmpl,
                                                 t->v[e].tmpl_param, &changed);
                    if (rc == 0 && declared_table_arg(specs, nspecs, call->callee.name, fa->pos))
                        rc = table_param_add(t, i, fa->param, NULL, -1, &changed);
                    if (rc < 0)
                        return rc;
                }
            }
    }
    return 0;
}

/* Whether a table argument's text holds a letter outside its printf holes ("%s_%s" does not). */
static int has_name(const char *text)
{
    for (const char *p = text; *p; p++) {
        if (*p == '%' && p[1] == 's') {
            p++;
            continue;
        }
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z'))
            return 1;
    }
    return 0;
}

/* tmpl with every hole of parameter k replaced by name (malloc'd), or NULL. */
static char *template_fill(const char *tmpl, int k, const char *name)
{
    char mark[24];
    int len = snprintf(mark, sizeof mark, "%%%d$s", k + 1);
    size_t cap = strlen(tmpl) + 1, n = 0;
    for (const char *at = strstr(tmpl, mark); at; at = strstr(at + len, mark))
        cap += strlen(name);
    char *out = malloc(cap);
    if (!out)
        return NULL;
    for (const char *p = tmpl;;) {
        const char *at = strstr(p, mark);
        size_t piece = at ? (size_t)(at - p) : strlen(p);
        memcpy(out + n, p, piece);
        n += piece;
        if (!at)
            break;
        memcpy(out + n, name, strlen(name));
        n += strlen(name);
        p = at + len;
    }
    out[n] = '\0';
    return out;
}

/*
 * The statements parameter k of fn names a table in, with name in its place,
 * joined by ";\n" (malloc'd; "" and *templated 0 when there is none).
 */
static char *statements_fill(const table_params *t, int fn, int k, const char *name,
                             int *templated)
{
    char *out = seam_strdup("");
    *templated = 0;
    for (int e = 0; out && e < t->n; e++) {
        const table_param *tp = &t->v[e];
        if (tp->fn != fn || tp->param != k || !tp->tmpl)
            continue;
        char *one = template_fill(tp->tmpl, tp->tmpl_param, name);
        char *joined = one ? seam_printf("%s%s%s", out, *templated ? ";\n" : "", one) : NULL;
        free(one);
        free(out);
        out = joined;
        *templated = 1;
    }
    return out;
}

/*
 * A site per call that passes a literal as a table parameter: the callee's
 * statement with the name in its place (read or written as that statement
 * says), or, for a --table-fn with no statement seen, the name alone, read
 * and written (parser "table_argument", resolved by analyzer_resolve_sql).
 */
static int add_sites(const program *p, const strmap *globals, char *const *specs, int nspecs,
                     const table_params *t, int *cap)
{
    seam_model *m = p->model;
    for (int i = 0; i < p->nfunctions; i++)
        for (int c = 0; c < p->body[i]->ncalls; c++) {
            const fact_call *call = &p->body[i]->calls[c];
            int j = p->callee[i][c];
            for (int a = 0; a < call->nargs; a++) {
                const fact_arg *fa = &call->args[a];
                if (!fa->sql || !fa->sql[0])
                    continue;
                int inferred = j >= 0 && table_param_is(t, j, fa->pos);
                int declared = declared_table_arg(specs, nspecs, call->callee.name, fa->pos);
                if (!inferred && !declared)
                    continue;
                /* the name: a literal, or a global another TU defines; unknown: no site */
                char *name = sites_globals_fill(globals, fa->sql);
                if (!name)
                    return SEAM_ENOMEM;
                if (!has_name(name)) {
                    free(name);
                    continue;
                }
                fact_arg site = *fa;
                site.how = HOW_TABLE_ARG;
                int templated = 0;
                site.sql = j >= 0 ? statements_fill(t, j, fa->pos, name, &templated) : NULL;
                if (!templated) {
                    free(site.sql);
                    site.sql = seam_strdup(name);
                }
                int rc =
                    site.sql ? sites_add(m, cap, i, &site, call->callee.name, "table_argument", globals)
                             : SEAM_ENOMEM;
                free(site.sql);
                if (rc < 0 || templated) {
                    free(name);
                    if (rc < 0)
                        return rc;
                    continue;
                }
                seam_sql_site *s = &m->sql_sites[m->nsql_sites - 1];
                free(s->parser);
                s->parser = seam_strdup("table_argument");
                s->tables = calloc(1, sizeof *s->tables);
                if (!s->parser || !s->tables) {
                    free(name);
                    return SEAM_ENOMEM;
                }
                s->tables[0].table = name;
                s->tables[0].access = SEAM_READ | SEAM_WRITE;
                s->ntables = 1;
            }
        }
    return 0;
}

int table_args_add_sites(const program *p, char *const *specs, int nspecs, const strmap *globals,
                         int *cap)
{
    table_params tp = {0};
    int rc = infer_table_params(p, specs, nspecs, &tp);
    if (rc == 0)
        rc = add_sites(p, globals, specs, nspecs, &tp, cap);
    free(tp.v);
    return rc;
}
