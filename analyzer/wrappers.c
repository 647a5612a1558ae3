/*
 * wrappers.c - SQL that reaches the database, directly or through the
 * project's own wrappers.
 *
 * A sink is a database API with a SQL argument (sqlite3_exec's 2nd, ...). A
 * project function is a wrapper with SQL parameter i when its parameter i is
 * passed, as such, as the SQL argument of a sink or of another wrapper. That
 * is a whole-program least fixed point: every function starts with no SQL
 * parameters, and the facts "param i of F is argument k of call c" are applied
 * until nothing changes. Each pass only adds bits, and there are finitely many,
 * so it ends; the result does not depend on the order the facts are visited.
 *
 * A parameter also reaches the database through text made from it: a buffer
 * that sprintf/vsnprintf/vasprintf formatted it into (the facts bind the
 * buffer to the format's values), or the result of a formatter, a function
 * whose return value carries its parameter i (it returns the parameter, such
 * a buffer, or another formatter's result). Formatters are a least fixed
 * point computed alongside the wrappers, so db_select(fmt, ...) ->
 * db_vselect(fmt, ap) -> PQexec(conn, str_vformat(fmt, ap)) makes fmt a SQL
 * parameter all the way up.
 *
 * A SQL site is then a string literal passed as a SQL argument of a sink or a
 * wrapper; its "via" is the function it was passed to. Functions named with
 * --sql-fn NAME:ARG are sinks too. Last, literals in function bodies that
 * read as SQL but were not seen reaching any of those are kept as
 * low-confidence sites (how "keyword", via NULL), unless they are log
 * messages: passed to a logging sink (fprintf, syslog, PostgreSQL's errmsg,
 * ...) or to a project logger, a function whose parameter goes only to
 * logging sinks and other loggers, possibly through a formatter whose
 * result is logged (a second least fixed point). Sites are recorded by
 * sites.c; once they are all known, table_args.c adds the calls that pass a
 * table's name to a helper.
 */
#include "analyzer_internal.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    int arg;
} sinks[] = {
    /* SQLite */
    {"sqlite3_exec", 1},         {"sqlite3_get_table", 1},    {"sqlite3_prepare", 1},
    {"sqlite3_prepare16", 1},    {"sqlite3_prepare16_v2", 1}, {"sqlite3_prepare16_v3", 1},
    {"sqlite3_prepare_v2", 1},   {"sqlite3_prepare_v3", 1},
    /* libpq */
    {"PQexec", 1},               {"PQexecParams", 1},         {"PQprepare", 2},
    {"PQsendPrepare", 2},        {"PQsendQuery", 1},          {"PQsendQueryParams", 1},
    /* MySQL and MariaDB */
    {"mysql_query", 1},          {"mysql_real_query", 1},     {"mysql_send_query", 1},
    {"mysql_stmt_prepare", 1},
    /* libdbi */
    {"dbi_conn_query", 1},       {"dbi_conn_queryf", 1},      {"dbi_conn_query_null", 1},
    /* ODBC */
    {"SQLExecDirect", 1},        {"SQLExecDirectA", 1},       {"SQLPrepare", 1},
    {"SQLPrepareA", 1},
    /* Oracle OCI */
    {"OCIStmtPrepare", 2},       {"OCIStmtPrepare2", 3},
};

int wrappers_sink_arg(const char *name)
{
    for (size_t i = 0; i < sizeof sinks / sizeof sinks[0]; i++)
        if (strcmp(sinks[i].name, name) == 0)
            return sinks[i].arg;
    return -1;
}

/*
 * Output to a stream or to the log: every argument of these calls is a
 * message, never SQL. PostgreSQL's ereport()/elog() are macros around the
 * err* calls (errmsg_internal for elog); their own names are listed for code
 * that declares them as functions.
 */
static const char *const log_sinks[] = {
    "dprintf",       "elog",          "elog_finish",      "elog_start",
    "ereport",       "err",           "errcontext_msg",   "errdetail",
    "errdetail_internal", "errdetail_log", "errdetail_log_plural", "errdetail_plural",
    "errhint",       "errhint_plural", "errmsg",          "errmsg_internal",
    "errmsg_plural", "errx",          "fprintf",          "fputs",
    "perror",        "pg_fatal",      "pg_log_error",     "pg_log_generic",
    "pg_log_info",   "pg_log_warning", "printf",          "puts",
    "syslog",        "vdprintf",      "verr",             "verrx",
    "vfprintf",      "vprintf",       "vsyslog",          "vwarn",
    "vwarnx",        "warn",          "warnx",            "write_stderr",
};

static int cmp_name(const void *key, const void *elem)
{
    return strcmp(key, *(const char *const *)elem);
}

int wrappers_is_log_sink(const char *name)
{
    return bsearch(name, log_sinks, sizeof log_sinks / sizeof *log_sinks, sizeof *log_sinks,
                   cmp_name) != NULL;
}

/*
 * Calls that neither send nor log a parameter but do not make it something
 * else either: a logger formats its message into a buffer, measures it or
 * starts its va_list before printing it, and frees the formatted text after.
 */
static int log_neutral(const char *name)
{
    static const char *const neutral[] = {"asprintf",  "free",      "snprintf", "sprintf",
                                          "strlen",    "strncpy",   "strcpy",   "strlcpy",
                                          "vasprintf", "vsnprintf", "vsprintf"};
    if (strncmp(name, "__builtin_", 10) == 0)
        return 1;
    for (size_t i = 0; i < sizeof neutral / sizeof *neutral; i++)
        if (strcmp(neutral[i], name) == 0)
            return 1;
    return 0;
}

int wrappers_parse_spec(const char *option, const char *spec, size_t *name_len, int *arg,
                        seam_err *err)
{
    const char *colon = strrchr(spec, ':');
    char *end = NULL;
    long v = 0;
    if (colon) {
        errno = 0;
        v = strtol(colon + 1, &end, 10);
    }
    if (!colon || colon == spec || !colon[1] || !end || *end || errno || v < 1 || v > 64)
        return seam_err_set(err, SEAM_EUSAGE,
                            "%s '%s': expected NAME:ARG, ARG the 1-based position of the "
                            "argument (1-64)",
                            option, spec);
    *name_len = (size_t)(colon - spec);
    *arg = (int)v - 1;
    return 0;
}

/* The by-hand sinks, and a memo of every callee name's sink position. */
typedef struct user_sinks {
    char *const *specs;
    int n;
    strmap memo; /* callee name -> sink position + 1, or 0 */
    int oom;
    const strmap *globals; /* global USR -> the literal it is defined with (globals_map) */
} user_sinks;

static int user_sink_arg(const user_sinks *u, const char *name)
{
    for (int i = 0; i < u->n; i++) {
        size_t len;
        int arg;
        if (wrappers_parse_spec("", u->specs[i], &len, &arg, NULL) == 0 && strlen(name) == len &&
            strncmp(u->specs[i], name, len) == 0)
            return arg;
    }
    return -1;
}


/* Whether argument pos of call c (in function i) reaches the database. */
static int arg_reaches(const program *p, user_sinks *u, const uint64_t *mask, int i, int c, int pos)
{
    const fact_call *call = &p->body[i]->calls[c];
    /* Called for every argument on every pass: the name's sink position is memoized. */
    void *v;
    int sink;
    if (strmap_get(&u->memo, call->callee.name, &v)) {
        sink = (int)(intptr_t)v - 1;
    } else {
        sink = wrappers_sink_arg(call->callee.name);
        if (sink < 0)
            sink = user_sink_arg(u, call->callee.name);
        if (strmap_put(&u->memo, call->callee.name, (void *)(intptr_t)(sink + 1)) < 0)
            u->oom = 1;
    }
    if (sink == pos)
        return 1;
    int j = p->callee[i][c];
    return j >= 0 && pos < ANALYZER_MAX_PARAM && (mask[j] >> pos & 1u);
}

/* Library calls whose result is their argument's text: position of that argument, or -1. */
static int copy_result_pos(const char *name)
{
    return strcmp(name, "strdup") == 0 || strcmp(name, "strndup") == 0 ? 0 : -1;
}

/* Whether argument fa of call c in function i is one whose text the call returns. */
static int carried(const program *p, const uint64_t *fmask, int i, int c, const fact_arg *fa)
{
    int j = p->callee[i][c];
    if (j < 0)
        return fa->pos == copy_result_pos(p->body[i]->calls[c].callee.name);
    return fa->pos >= 0 && fa->pos < ANALYZER_MAX_PARAM && (fmask[j] >> fa->pos & 1u);
}

/*
 * The parameters of one function's call results (scratch space reused per
 * function): bits[c] is the set of parameters the result of call c carries,
 * those passed at a position whose text the callee returns (a formatter's
 * bit, or strdup's argument), followed through nested call results.
 */
typedef struct results {
    uint64_t *bits;
    int *first, *deps, *queue; /* call -> calls using its result (CSR); a work list */
    char *queued;
    int cap, capdeps;
    int oom;
} results;

static void results_free(results *r)
{
    free(r->bits);
    free(r->first);
    free(r->deps);
    free(r->queue);
    free(r->queued);
}

/*
 * Fills r->bits for function i. Variables make call results depend on each
 * other in any order, and in cycles (s = f(s); list = append(list, x) fifteen
 * times, each append's list being any of the others): a work list
 * propagates the bits, a call's set only grows, so each call is taken again
 * at most 64 times per call it uses, whatever the shape. (A depth-bounded
 * walk took exponential time on such lists.)
 */
static void results_compute(const program *p, const uint64_t *fmask, int i, results *r)
{
    const fact_func *b = p->body[i];
    int n = b->ncalls, nd = 0;
    if (n == 0)
        return; /* no call, no result */
    if (n > r->cap) {
        free(r->bits), free(r->first), free(r->queue), free(r->queued);
        r->bits = malloc((size_t)n * sizeof *r->bits);
        r->first = malloc(((size_t)n + 2) * sizeof *r->first);
        r->queue = malloc((size_t)n * sizeof *r->queue);
        r->queued = malloc((size_t)n);
        r->cap = r->bits && r->first && r->queue && r->queued ? n : 0;
        if (!r->cap) {
            r->oom = 1;
            return;
        }
    }
    memset(r->first, 0, ((size_t)n + 2) * sizeof *r->first);
    for (int c = 0; c < n; c++)
        for (int a = 0; a < b->calls[c].nargs; a++) {
            const fact_arg *fa = &b->calls[c].args[a];
            if (fa->call > 0 && fa->call <= n && carried(p, fmask, i, c, fa))
                r->first[fa->call - 1 + 2]++, nd++;
        }
    if (nd > r->capdeps) {
        free(r->deps);
        if (!(r->deps = malloc((size_t)nd * sizeof *r->deps))) {
            r->capdeps = 0;
            r->oom = 1;
            return;
        }
        r->capdeps = nd;
    }
    for (int c = 0; c < n; c++)
        r->first[c + 2] += r->first[c + 1];
    for (int c = 0; c < n; c++)
        for (int a = 0; a < b->calls[c].nargs; a++) {
            const fact_arg *fa = &b->calls[c].args[a];
            if (fa->call > 0 && fa->call <= n && carried(p, fmask, i, c, fa))
                r->deps[r->first[fa->call - 1 + 1]++] = c;
        }
    /* the parameters each call is passed directly, then what flows through results */
    int head = 0, tail = 0;
    for (int c = 0; c < n; c++) {
        r->bits[c] = 0;
        for (int a = 0; a < b->calls[c].nargs; a++) {
            const fact_arg *fa = &b->calls[c].args[a];
            if (fa->param >= 0 && fa->param < ANALYZER_MAX_PARAM && carried(p, fmask, i, c, fa))
                r->bits[c] |= (uint64_t)1 << fa->param;
        }
        r->queued[c] = 1;
        r->queue[tail++ % n] = c;
    }
    while (head != tail) {
        int d = r->queue[head++ % n];
        r->queued[d] = 0;
        for (int k = r->first[d]; k < r->first[d + 1]; k++) {
            int c = r->deps[k];
            if (!(r->bits[d] & ~r->bits[c]))
                continue;
            r->bits[c] |= r->bits[d];
            if (!r->queued[c]) {
                r->queued[c] = 1;
                r->queue[tail++ % n] = c;
            }
        }
    }
}

/* The parameters of function i that one value (argument or return) carries. */
static uint64_t value_params(const program *p, const results *r, int i, const fact_arg *fa)
{
    if (fa->param >= 0)
        return fa->param < ANALYZER_MAX_PARAM ? (uint64_t)1 << fa->param : 0;
    if (fa->call > 0 && fa->call <= p->body[i]->ncalls)
        return r->bits[fa->call - 1];
    return 0;
}

/* Whether argument pos of call c (in function i) is logged: a log sink's, or a logger's. */
static int arg_logged(const program *p, const uint64_t *logmask, int i, int c, int pos)
{
    const fact_call *call = &p->body[i]->calls[c];
    if (wrappers_is_log_sink(call->callee.name))
        return 1;
    int j = p->callee[i][c];
    return j >= 0 && pos < ANALYZER_MAX_PARAM && (logmask[j] >> pos & 1u);
}

/*
 * Loggers: parameter k of F is a message parameter when F logs it and does
 * nothing else with it that a call shows (formatting it into a buffer,
 * measuring it and va_start aside). Each pass recomputes, from the loggers
 * known so far, which parameters are logged and which are blocked (passed
 * anywhere else); a blocked parameter can only become unblocked as loggers
 * are added, so the set only grows and the loop ends, in any order. A SQL
 * parameter is never a message parameter.
 */
static int infer_loggers(const program *p, user_sinks *u, const uint64_t *mask,
                         const uint64_t *fmask, uint64_t *logmask, results *r)
{
    int changed = 1;
    while (changed) {
        changed = 0;
        for (int i = 0; i < p->nfunctions && !r->oom; i++) {
            uint64_t logged = 0, blocked = 0;
            results_compute(p, fmask, i, r);
            for (int c = 0; c < p->body[i]->ncalls && !r->oom; c++) {
                const fact_call *call = &p->body[i]->calls[c];
                int j = p->callee[i][c];
                for (int a = 0; a < call->nargs; a++) {
                    const fact_arg *fa = &call->args[a];
                    uint64_t bits = value_params(p, r, i, fa);
                    if (!bits)
                        continue;
                    /* Passed to a formatter: neutral here, its result's use decides. */
                    int formats = j >= 0 && fa->param >= 0 && fa->pos >= 0 &&
                                  fa->pos < ANALYZER_MAX_PARAM && (fmask[j] >> fa->pos & 1u) &&
                                  !(logmask[j] >> fa->pos & 1u);
                    if (arg_logged(p, logmask, i, c, fa->pos))
                        logged |= bits;
                    else if (formats)
                        continue;
                    else if (j >= 0 || !log_neutral(call->callee.name) ||
                             arg_reaches(p, u, mask, i, c, fa->pos))
                        blocked |= bits;
                }
            }
            uint64_t add = logged & ~blocked & ~mask[i] & ~logmask[i];
            if (add) {
                logmask[i] |= add;
                changed = 1;
            }
        }
    }
    return u->oom ? SEAM_ENOMEM : 0;
}

/* Whether function i passes the keyword literal kw to a logging sink or a logger. */
static int keyword_logged(const program *p, const uint64_t *logmask, int i, const fact_arg *kw)
{
    for (int c = 0; c < p->body[i]->ncalls; c++) {
        const fact_call *call = &p->body[i]->calls[c];
        for (int a = 0; a < call->nargs; a++) {
            const fact_arg *fa = &call->args[a];
            if (fa->sql && fa->line == kw->line && strcmp(fa->sql, kw->sql) == 0 &&
                strcmp(fa->file ? fa->file : "", kw->file ? kw->file : "") == 0 &&
                arg_logged(p, logmask, i, c, fa->pos))
                return 1;
        }
    }
    return 0;
}

static int site_cmp(const void *a, const void *b)
{
    const seam_sql_site *x = a, *y = b;
    int c;
    if (x->file != y->file)
        return (x->file > y->file) - (x->file < y->file);
    if (x->line != y->line)
        return (x->line > y->line) - (x->line < y->line);
    if ((c = strcmp(x->sql, y->sql)) != 0)
        return c;
    if ((c = strcmp(x->via ? x->via : "", y->via ? y->via : "")) != 0)
        return c;
    if (x->function != y->function)
        return (x->function > y->function) - (x->function < y->function);
    /* one statement of a helper's reached through two of its database calls */
    if (x->sent_file != y->sent_file)
        return (x->sent_file > y->sent_file) - (x->sent_file < y->sent_file);
    return (x->sent_line > y->sent_line) - (x->sent_line < y->sent_line);
}

/* How a site's SQL was found (seam_sql_site.found). */
static const char *found_name(const user_sinks *u, const fact_arg *a, const char *via)
{
    if (a->how == HOW_TABLE_ARG)
        return "table_argument";
    if (!via)
        return "keyword";
    if (wrappers_sink_arg(via) >= 0)
        return "driver";
    return user_sink_arg(u, via) >= 0 ? "declared_wrapper" : "inferred_wrapper";
}

/*
 * Literals that a call result in function i carries: PQexec(c, fmt("select
 * ... %d", id)) is a site of the literal, via the call it reached.
 */
/* One site of function fn: a through the call of via (NULL: a keyword guess). */
static int add_site(seam_model *m, const user_sinks *u, int *cap, int fn, const fact_arg *a,
                    const char *via)
{
    return sites_add(m, cap, fn, a, via, found_name(u, a, via), u->globals);
}

/*
 * The literals the result of call c (in function i) carries, each a site via
 * the call it reached: followed through nested call results, each call of
 * the function once per walk (seen[c] == walk: the walk's number), so a list built
 * by many appends is a walk over its calls, not over their paths.
 */
static int add_result_sites(const program *p, const user_sinks *u, const uint64_t *fmask,
                            seam_model *m, int *cap, int i, int c, const char *via, int *seen,
                            int walk)
{
    const fact_call *call = &p->body[i]->calls[c];
    if (seen[c] == walk)
        return 0;
    seen[c] = walk;
    for (int a = 0; a < call->nargs; a++) {
        const fact_arg *fa = &call->args[a];
        int rc = 0;
        if (!carried(p, fmask, i, c, fa))
            continue;
        if (fa->sql) {
            fact_arg lit = *fa;
            lit.how = HOW_FORMAT;
            rc = add_site(m, u, cap, i, &lit, via);
        } else if (fa->call > 0 && fa->call <= p->body[i]->ncalls) {
            rc = add_result_sites(p, u, fmask, m, cap, i, fa->call - 1, via, seen, walk);
        }
        if (rc < 0)
            return rc;
    }
    return 0;
}

/* Whether a site is already recorded at the literal's file and line. */
static int site_at(const seam_model *m, int from, const fact_arg *a)
{
    int fi = seam_model_find_file(m, a->file);
    for (int i = from; i < m->nsql_sites; i++)
        if (m->sql_sites[i].file == fi && m->sql_sites[i].line == a->line)
            return 1;
    return 0;
}

int wrappers_find_sql(const program *p, const analyzer_facts *f, char *const *sql_fns,
                      int nsql_fns, char *const *table_fns, int ntable_fns, seam_err *err)
{
    strmap globals = {0};
    user_sinks u = {sql_fns, nsql_fns, {0}, 0, &globals};
    seam_model *m = p->model;
    int n = p->nfunctions, cap = 0, rc = 0;
    uint64_t *mask = calloc((size_t)(n ? n : 1), sizeof *mask);
    uint64_t *logmask = calloc((size_t)(n ? n : 1), sizeof *logmask);
    uint64_t *fmask = calloc((size_t)(n ? n : 1), sizeof *fmask);
    if (!mask || !logmask || !fmask || sites_globals_map(f, &globals) < 0) {
        free(mask);
        free(logmask);
        free(fmask);
        strmap_free(&globals, NULL);
        return seam_err_set(err, SEAM_ENOMEM, "out of memory inferring SQL wrappers");
    }

    results res = {0};
    /* Wrappers (mask) and formatters (fmask) together: each only gains bits. */
    for (int changed = 1; changed;) {
        changed = 0;
        for (int i = 0; i < n && !res.oom; i++) {
            uint64_t sql = 0, ret = 0;
            results_compute(p, fmask, i, &res);
            for (int c = 0; c < p->body[i]->ncalls && !res.oom; c++) {
                const fact_call *call = &p->body[i]->calls[c];
                for (int a = 0; a < call->nargs; a++)
                    if ((call->args[a].param >= 0 || call->args[a].call) &&
                        arg_reaches(p, &u, mask, i, c, call->args[a].pos))
                        sql |= value_params(p, &res, i, &call->args[a]);
            }
            for (int k = 0; k < p->body[i]->nreturns && !res.oom; k++)
                ret |= value_params(p, &res, i, &p->body[i]->returns[k]);
            if ((sql & ~mask[i]) || (ret & ~fmask[i])) {
                mask[i] |= sql;
                fmask[i] |= ret;
                changed = 1;
            }
        }
    }

    rc = res.oom ? SEAM_ENOMEM : infer_loggers(p, &u, mask, fmask, logmask, &res);
    if (rc == 0 && res.oom)
        rc = SEAM_ENOMEM;
    /* the calls seen by each walk of add_result_sites, by walk number: never cleared */
    int most = 0, walk = 0;
    for (int i = 0; i < n; i++)
        most = p->body[i]->ncalls > most ? p->body[i]->ncalls : most;
    int *seen = calloc((size_t)most + 1, sizeof *seen);
    if (rc == 0 && !seen)
        rc = SEAM_ENOMEM;
    for (int i = 0; i < n && rc == 0; i++) {
        int first = m->nsql_sites;
        for (int c = 0; c < p->body[i]->ncalls && rc == 0; c++) {
            const fact_call *call = &p->body[i]->calls[c];
            for (int a = 0; a < call->nargs && rc == 0; a++) {
                const fact_arg *fa = &call->args[a];
                if ((!fa->sql && !fa->call) || !arg_reaches(p, &u, mask, i, c, fa->pos))
                    continue;
                if (fa->sql)
                    rc = add_site(m, &u, &cap, i, fa, call->callee.name);
                else if (fa->call <= p->body[i]->ncalls)
                    rc = add_result_sites(p, &u, fmask, m, &cap, i, fa->call - 1,
                                          call->callee.name, seen, ++walk);
            }
        }
        /* Literals that read as SQL, unless this function already sent or logged them. */
        for (int k = 0; k < p->body[i]->nkeywords && rc == 0; k++)
            if (!site_at(m, first, &p->body[i]->keywords[k]) &&
                !keyword_logged(p, logmask, i, &p->body[i]->keywords[k]))
                rc = add_site(m, &u, &cap, i, &p->body[i]->keywords[k], NULL);
    }
    /* Table-name arguments, once every function's own sites are known. */
    if (rc == 0)
        rc = table_args_add_sites(p, f, table_fns, ntable_fns, &globals, &cap);
    results_free(&res);
    free(seen);
    free(mask);
    free(logmask);
    free(fmask);
    strmap_free(&u.memo, NULL);
    strmap_free(&globals, NULL);
    if (rc == 0 && u.oom)
        rc = SEAM_ENOMEM;
    if (rc < 0)
        return seam_err_set(err, rc, "out of memory recording SQL sites");
    if (m->nsql_sites > 1)
        qsort(m->sql_sites, (size_t)m->nsql_sites, sizeof *m->sql_sites, site_cmp);
    return 0;
}
