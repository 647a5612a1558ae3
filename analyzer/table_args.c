/*
 * table_args.c - table-name arguments: a parameter that names a table, and a
 * site per call that passes a table's name to it.
 *
 * Many DB layers take a table's *name*: db_get_maxid("events"),
 * db_insert_prepare(&ins, "history", ...). Parameter k of F names a table
 * when a statement F sends holds k's hole ("%<k+1>$s", tu_text.c) where a
 * table's name goes, when F passes k on to another function's table
 * parameter (a least fixed point over the call facts, like the wrappers), or
 * when --table-fn NAME:ARG says so; or when k is a record that the program
 * sends a statement about later (records, below). Each call passing a literal (or a global
 * defined with one) as a table parameter is then a site: the callee's
 * statement with the name in its place, or, for a --table-fn whose
 * statement seam does not see, the name alone, read and written.
 */
#include "analyzer_internal.h"

#include <stdint.h>
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
    int origin;       /* the site tmpl was read from (its database call), or -1 */
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
                           int origin, int *changed)
{
    for (int i = 0; i < t->n; i++)
        if (t->v[i].fn == fn && t->v[i].param == param && t->v[i].tmpl_param == tmpl_param &&
            t->v[i].origin == origin &&
            (t->v[i].tmpl == tmpl ||
             (t->v[i].tmpl && tmpl && strcmp(t->v[i].tmpl, tmpl) == 0)))
            return 0;
    if (seam_array_reserve(&t->v, &t->cap, t->n + 1, sizeof *t->v) < 0)
        return SEAM_ENOMEM;
    t->v[t->n++] = (table_param){fn, param, tmpl, tmpl_param, origin};
    *changed = 1;
    return 0;
}

/*
 * Whether sql holds the hole of parameter `param` ("%<param+1>$s", tu_text.c)
 * where a table's name goes: right after FROM, JOIN, INTO, UPDATE or TABLE
 * (a quote between them allowed).
 */
static int mark_names_table(const char *sql, const char *mark)
{
    static const char *const words[] = {"from", "into", "join", "table", "update"};
    size_t len = strlen(mark);
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

static int hole_names_table(const char *sql, int param)
{
    char mark[24];
    snprintf(mark, sizeof mark, "%%%d$s", param + 1);
    return mark_names_table(sql, mark);
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

/* ---- records: a table's name carried in a record (tu_records.c) ---------- */

#define RECORD_HOLE 98 /* a record's name in a template is the hole "%99$s" */
#define RECORD_TEMPLATES 4096 /* statements about records followed (more: not followed) */

/* A store ("=F": parameter param of fn goes into field F) or a lookup ("?G"). */
typedef struct record_fact {
    int store;
    const char *key; /* F's USR, or G's name (borrowed from the facts) */
    int fn, param;
} record_fact;

/* A parameter that is a record whose field `field` names the table of tmpl. */
typedef struct record_param {
    int fn, param;
    const char *field, *tmpl;
    int origin; /* the site tmpl was read from */
} record_param;

typedef struct records {
    record_fact *facts;
    int nfacts, capfacts;
    record_param *params;
    int nparams, capparams;
    char **owned; /* the templates */
    int nowned, capowned;
} records;

static void records_free(records *r)
{
    for (int i = 0; i < r->nowned; i++)
        free(r->owned[i]);
    free(r->owned);
    free(r->facts);
    free(r->params);
}

static int record_param_add(records *r, int fn, int param, const char *field, const char *tmpl,
                            int origin, int *changed)
{
    for (int i = 0; i < r->nparams; i++)
        if (r->params[i].fn == fn && r->params[i].param == param &&
            r->params[i].origin == origin && strcmp(r->params[i].field, field) == 0 &&
            strcmp(r->params[i].tmpl, tmpl) == 0)
            return 0;
    if (seam_array_reserve(&r->params, &r->capparams, r->nparams + 1, sizeof *r->params) < 0)
        return SEAM_ENOMEM;
    r->params[r->nparams++] = (record_param){fn, param, field, tmpl, origin};
    *changed = 1;
    return 0;
}

/* Every store and lookup of the facts whose function the program has. */
static int records_gather(const program *p, const analyzer_facts *f, records *r)
{
    strmap fns = {0};
    int rc = 0;
    for (int i = 0; rc == 0 && i < p->nfunctions; i++) {
        void *v;
        if (!strmap_get(&fns, p->body[i]->usr, &v))
            rc = strmap_put(&fns, p->body[i]->usr, (void *)(intptr_t)(i + 1));
    }
    for (int t = 0; rc == 0 && f && t < f->ntus; t++)
        for (int e = 0; rc == 0 && e < f->tus[t].nelems; e++) {
            const fact_elem *el = &f->tus[t].elems[e];
            void *v;
            if ((el->usr[0] != '=' && el->usr[0] != '?') || !el->text ||
                !strmap_get(&fns, el->text, &v) || el->index < 0 ||
                el->index >= ANALYZER_MAX_PARAM)
                continue;
            if (seam_array_reserve(&r->facts, &r->capfacts, r->nfacts + 1, sizeof *r->facts) < 0)
                rc = SEAM_ENOMEM;
            else
                r->facts[r->nfacts++] =
                    (record_fact){el->usr[0] == '=', el->usr + 1, (int)(intptr_t)v - 1, el->index};
        }
    strmap_free(&fns, NULL);
    return rc;
}

/* The raw text (marks unfilled) of the argument a site was made from, or NULL. */
static const char *site_raw(const program *p, const seam_sql_site *s)
{
    const fact_func *b = p->body[s->function];
    for (int c = 0; s->via && c < b->ncalls; c++) {
        if (strcmp(b->calls[c].callee.name, s->via) != 0)
            continue;
        for (int a = 0; a < b->calls[c].nargs; a++) {
            const fact_arg *fa = &b->calls[c].args[a];
            if (fa->line == s->line && fa->sql && strstr(fa->sql, GLOBAL_MARK_OPEN "f:"))
                return fa->sql;
        }
    }
    return NULL;
}

/* text with every `mark` replaced by the record hole (malloc'd), or NULL. */
static char *mark_to_hole(const char *text, const char *mark)
{
    char hole[24];
    snprintf(hole, sizeof hole, "%%%d$s", RECORD_HOLE + 1);
    size_t len = strlen(mark), cap = strlen(text) + 1, n = 0;
    for (const char *at = strstr(text, mark); at; at = strstr(at + len, mark))
        cap += strlen(hole);
    char *out = malloc(cap);
    if (!out)
        return NULL;
    const char *p = text;
    for (const char *at = strstr(p, mark); at; at = strstr(p, mark)) {
        memcpy(out + n, p, (size_t)(at - p));
        n += (size_t)(at - p);
        memcpy(out + n, hole, strlen(hole));
        n += strlen(hole);
        p = at + len;
    }
    memcpy(out + n, p, strlen(p) + 1);
    return out;
}

/*
 * A statement holding X->F->G (or X->F) where a table's name goes: each
 * function that stores its parameter k into field F makes k a record whose
 * G names the table (or, for X->F, a table parameter itself), with that
 * statement as its template.
 */
static int records_from_sites(const program *p, const strmap *globals, records *r,
                              table_params *t)
{
    const seam_model *m = p->model;
    int changed = 0;
    for (int s = 0; s < m->nsql_sites && r->nowned < RECORD_TEMPLATES; s++) {
        const char *raw = site_raw(p, &m->sql_sites[s]);
        const size_t open = strlen(GLOBAL_MARK_OPEN "f:");
        for (const char *at = raw ? strstr(raw, GLOBAL_MARK_OPEN "f:") : NULL; at;
             at = strstr(at + 1, GLOBAL_MARK_OPEN "f:")) {
            const char *bar = strchr(at + open, '|');
            const char *end = bar ? strchr(bar, '}') : NULL;
            if (!end)
                break;
            char *mark = seam_printf("%.*s", (int)(end + 1 - at), at);
            if (!mark)
                return SEAM_ENOMEM;
            if (!mark_names_table(raw, mark)) {
                free(mark);
                continue;
            }
            char *holed = mark_to_hole(raw, mark);
            char *tmpl = holed ? sites_globals_fill(globals, holed) : NULL;
            free(holed);
            if (!tmpl || seam_array_reserve(&r->owned, &r->capowned, r->nowned + 1,
                                            sizeof *r->owned) < 0) {
                free(mark);
                free(tmpl);
                return SEAM_ENOMEM;
            }
            r->owned[r->nowned++] = tmpl;
            /* F's USR and G's name, as the facts spell them */
            size_t flen = (size_t)(bar - at - open);
            const char *g = bar + 1;
            size_t glen = (size_t)(end - g);
            int rc = 0;
            for (int i = 0; rc == 0 && i < r->nfacts; i++) {
                const record_fact *fa = &r->facts[i];
                if (!fa->store || strlen(fa->key) != flen || strncmp(fa->key, at + open, flen) != 0)
                    continue;
                if (glen == 0) {
                    rc = table_param_add(t, fa->fn, fa->param, tmpl, RECORD_HOLE, s, &changed);
                    continue;
                }
                /* the field's name, kept with the template it was read from */
                char *gname = seam_printf("%.*s", (int)glen, g);
                if (!gname || seam_array_reserve(&r->owned, &r->capowned, r->nowned + 1,
                                                 sizeof *r->owned) < 0) {
                    free(gname);
                    rc = SEAM_ENOMEM;
                    break;
                }
                r->owned[r->nowned++] = gname;
                rc = record_param_add(r, fa->fn, fa->param, gname, tmpl, s, &changed);
            }
            free(mark);
            if (rc < 0)
                return rc;
        }
    }
    return 0;
}

/*
 * Call c of function i passes, as argument fa, the result of a lookup
 * (fa->call): when fa goes to a record parameter of the callee, the lookup's
 * argument names that record's table. Parameter: i's own is a table
 * parameter; literal (lit != NULL, set to the lookup's argument): a site.
 */
static int record_through_lookup(const program *p, const records *r, table_params *t, int i,
                                 int c, const fact_arg *fa, int *changed)
{
    int j = p->callee[i][c];
    int ic = fa->call - 1;
    if (j < 0 || ic < 0 || ic >= p->body[i]->ncalls || p->callee[i][ic] < 0)
        return 0;
    int g = p->callee[i][ic];
    const fact_call *inner = &p->body[i]->calls[ic];
    for (int e = 0; e < r->nparams; e++) {
        const record_param *rp = &r->params[e];
        if (rp->fn != j || rp->param != fa->pos)
            continue;
        for (int l = 0; l < r->nfacts; l++) {
            const record_fact *lk = &r->facts[l];
            if (lk->store || lk->fn != g || strcmp(lk->key, rp->field) != 0)
                continue;
            for (int a = 0; a < inner->nargs; a++)
                if (inner->args[a].pos == lk->param && inner->args[a].param >= 0 &&
                    table_param_add(t, i, inner->args[a].param, rp->tmpl, RECORD_HOLE,
                                    rp->origin, changed) < 0)
                    return SEAM_ENOMEM;
        }
    }
    return 0;
}

/*
 * Table parameters: parameter k of F names a table when F's SQL holds k's
 * hole where a table goes, or F passes k on to a table parameter of another
 * function (a least fixed point, like the wrappers), or --table-fn says so.
 */
static int infer_table_params(const program *p, const strmap *globals, char *const *specs,
                              int nspecs, records *r, table_params *t)
{
    const seam_model *m = p->model;
    int changed = 0;
    int rc0 = records_from_sites(p, globals, r, t);
    if (rc0 < 0)
        return rc0;
    for (int s = 0; s < m->nsql_sites; s++) {
        const seam_sql_site *site = &m->sql_sites[s];
        if (!site->via || !strstr(site->sql, "$s"))
            continue;
        for (int k = 0; k < ANALYZER_MAX_PARAM; k++)
            if (hole_names_table(site->sql, k) &&
                table_param_add(t, site->function, k, site->sql, k, s, &changed) < 0)
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
                    /* a lookup's result passed as a record: its argument names the table */
                    if (fa->call > 0 && record_through_lookup(p, r, t, i, c, fa, &changed) < 0)
                        return SEAM_ENOMEM;
                    if (fa->param < 0 || fa->param >= ANALYZER_MAX_PARAM)
                        continue;
                    /* a record passed on is the caller's record too */
                    for (int e = 0, known = r->nparams; j >= 0 && e < known; e++)
                        if (r->params[e].fn == j && r->params[e].param == fa->pos &&
                            record_param_add(r, i, fa->param, r->params[e].field,
                                             r->params[e].tmpl, r->params[e].origin,
                                             &changed) < 0)
                            return SEAM_ENOMEM;
                    int rc = 0, known = t->n;
                    /* every statement of the callee's parameter is the caller's too */
                    for (int e = 0; j >= 0 && rc == 0 && e < known; e++)
                        if (t->v[e].fn == j && t->v[e].param == fa->pos)
                            rc = table_param_add(t, i, fa->param, t->v[e].tmpl,
                                                 t->v[e].tmpl_param, t->v[e].origin, &changed);
                    if (rc == 0 && declared_table_arg(specs, nspecs, call->callee.name, fa->pos))
                        rc = table_param_add(t, i, fa->param, NULL, -1, -1, &changed);
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
 * One site at argument `at` of a call to `via`: the helper's statement tmpl
 * (hole `hole`) with name in its place, sent where site `origin` is (the
 * helper's database call). Each statement the name reaches is its own site,
 * so each of the helper's database calls knows its callers' tables.
 */
static int filled_site_add(seam_model *m, int *cap, int fn, const fact_arg *at, const char *via,
                           const char *tmpl, int hole, const char *name, int origin,
                           const strmap *globals)
{
    fact_arg site = *at;
    site.how = HOW_TABLE_ARG;
    site.sql = template_fill(tmpl, hole, name);
    if (!site.sql)
        return SEAM_ENOMEM;
    /* read before sites_add, which may move the sites */
    int sent = origin >= 0 && origin < m->nsql_sites;
    int sent_file = sent ? m->sql_sites[origin].file : 0;
    int sent_line = sent ? m->sql_sites[origin].line : 0;
    int rc = sites_add(m, cap, fn, &site, via, "table_argument", globals);
    free(site.sql);
    if (rc == 0 && sent) {
        seam_sql_site *s = &m->sql_sites[m->nsql_sites - 1];
        s->has_sent = 1;
        s->sent_file = sent_file;
        s->sent_line = sent_line;
    }
    return rc;
}

/*
 * A site per call that passes a lookup of a literal as a record parameter
 * (prepare_dyn(ins, get_table("events"))): each of the record's statements
 * with the name in its place, at the literal.
 */
static int add_record_sites(const program *p, const strmap *globals, const records *r, int *cap)
{
    seam_model *m = p->model;
    for (int i = 0; i < p->nfunctions; i++)
        for (int c = 0; c < p->body[i]->ncalls; c++) {
            const fact_call *call = &p->body[i]->calls[c];
            int j = p->callee[i][c];
            for (int a = 0; j >= 0 && a < call->nargs; a++) {
                const fact_arg *fa = &call->args[a];
                int ic = fa->call - 1;
                if (ic < 0 || ic >= p->body[i]->ncalls || p->callee[i][ic] < 0)
                    continue;
                int g = p->callee[i][ic];
                const fact_call *inner = &p->body[i]->calls[ic];
                for (int e = 0; e < r->nparams; e++) {
                    const record_param *rp = &r->params[e];
                    if (rp->fn != j || rp->param != fa->pos)
                        continue;
                    const fact_arg *lit = NULL;
                    for (int l = 0; l < r->nfacts && !lit; l++) {
                        const record_fact *lk = &r->facts[l];
                        if (lk->store || lk->fn != g || strcmp(lk->key, rp->field) != 0)
                            continue;
                        for (int x = 0; x < inner->nargs && !lit; x++)
                            if (inner->args[x].pos == lk->param && inner->args[x].sql &&
                                inner->args[x].sql[0])
                                lit = &inner->args[x];
                    }
                    if (!lit)
                        continue;
                    char *name = sites_globals_fill(globals, lit->sql);
                    if (!name)
                        return SEAM_ENOMEM;
                    int rc = has_name(name) ? filled_site_add(m, cap, i, lit, call->callee.name,
                                                              rp->tmpl, RECORD_HOLE, name,
                                                              rp->origin, globals)
                                            : 0;
                    free(name);
                    if (rc < 0)
                        return rc;
                }
            }
        }
    return 0;
}

/*
 * A site per call that passes a literal (or a global defined with one) as a
 * table parameter: each of the callee's statements with the name in its
 * place (read or written as that statement says), or, for a --table-fn
 * whose statement seam does not see, the name alone, read and written
 * (parser "table_argument", resolved by analyzer_resolve_sql).
 */
static int add_sites(const program *p, const strmap *globals, char *const *specs, int nspecs,
                     const table_params *t, const records *r, int *cap)
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
                int templated = 0, rc = 0;
                for (int e = 0; j >= 0 && rc == 0 && e < t->n; e++) {
                    const table_param *tp = &t->v[e];
                    if (tp->fn != j || tp->param != fa->pos || !tp->tmpl)
                        continue;
                    rc = filled_site_add(m, cap, i, fa, call->callee.name, tp->tmpl,
                                         tp->tmpl_param, name, tp->origin, globals);
                    templated = 1;
                }
                if (rc < 0 || templated) {
                    free(name);
                    if (rc < 0)
                        return rc;
                    continue;
                }
                fact_arg site = *fa;
                site.how = HOW_TABLE_ARG;
                site.sql = name;
                if ((rc = sites_add(m, cap, i, &site, call->callee.name, "table_argument",
                                    globals)) < 0) {
                    free(name);
                    return rc;
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
    return add_record_sites(p, globals, r, cap);
}

int table_args_add_sites(const program *p, const analyzer_facts *f, char *const *specs,
                         int nspecs, const strmap *globals, int *cap)
{
    table_params tp = {0};
    records r = {0};
    int rc = records_gather(p, f, &r);
    if (rc == 0)
        rc = infer_table_params(p, globals, specs, nspecs, &r, &tp);
    if (rc == 0)
        rc = add_sites(p, globals, specs, nspecs, &tp, &r, cap);
    free(tp.v);
    records_free(&r);
    return rc;
}
