/*
 * sagas.c - stage 2: one unit of work that writes the tables of two or more
 * services becomes a saga.
 *
 * Inside one database a transaction (BEGIN ... COMMIT), or simply one call
 * tree, writes several services' tables at once; across databases nothing
 * makes those writes atomic. Each such unit becomes a "saga" step: the
 * services in the order the code writes them (the call tree followed in the
 * order of its calls, by line), what undoes each service's writes if a
 * later one fails (its compensation), and a correlation id carried through.
 *
 * A call tree includes the functions a function names without calling them
 * (a callback handed to an iterator runs inside it), at the line it names
 * them. The units: a function whose own SQL begins a transaction and whose
 * tree writes; the callers of a function that begins one but writes nothing (a
 * db_begin wrapper); and, outside their trees, the smallest call trees
 * writing two services' tables (no callee's tree alone does). A walk visits
 * a function once, and at most SAGA_WALK_MAX functions.
 */
#include "planner_internal.h"
#include "sort.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define SAGA_WALK_MAX 4096 /* functions one walk follows (a huge tree: its first part) */

/* One call or one SQL site of a function, in the order of its text. */
typedef struct event {
    int fn, line;
    int callee; /* a call's callee, or -1 */
    int site;   /* a site's index, or -1 */
} event;

typedef struct walk {
    int *first; /* per function: its events in ev[first[f] .. first[f + 1]) */
    event *ev;
    unsigned char *seen; /* per function: met by the last walk */
    int *visit;          /* the functions the last walk met */
    int nvisit;
    int *order; /* the write sites a walk met, in order */
    int norder;
} walk;

static int event_cmp(const void *a, const void *b)
{
    const event *x = a, *y = b;
    if (x->fn != y->fn)
        return (x->fn > y->fn) - (x->fn < y->fn);
    if (x->line != y->line)
        return (x->line > y->line) - (x->line < y->line);
    /* a site before a call on the same line; then by index */
    if ((x->site >= 0) != (y->site >= 0))
        return x->site >= 0 ? -1 : 1;
    return x->site >= 0 ? (x->site > y->site) - (x->site < y->site)
                        : (x->callee > y->callee) - (x->callee < y->callee);
}

/* Whether sql starts a transaction: BEGIN [...], START TRANSACTION. */
static int begins(const char *sql)
{
    while (sql && isspace((unsigned char)*sql))
        sql++;
    if (!sql)
        return 0;
    return (strncasecmp(sql, "begin", 5) == 0 && !isalnum((unsigned char)sql[5]) &&
            sql[5] != '_') ||
           strncasecmp(sql, "start transaction", 17) == 0;
}

/* Whether site s writes a table some service owns. */
static int writes(const pl_ctx *c, const seam_sql_site *s)
{
    for (int t = 0; t < s->ntables; t++)
        if ((s->tables[t].access & SEAM_WRITE) && pl_owner_of(c, s->tables[t].table) >= 0)
            return 1;
    return 0;
}

static int walk_init(const pl_ctx *c, walk *w)
{
    const seam_model *m = c->m;
    int nf = m->nfunctions, n = 0;
    memset(w, 0, sizeof *w);
    w->ev = malloc((size_t)(m->ncalls + m->nfunc_refs + m->nsql_sites + 1) * sizeof *w->ev);
    w->first = calloc((size_t)nf + 2, sizeof *w->first);
    w->seen = calloc((size_t)nf + 1, 1);
    w->visit = malloc((size_t)(SAGA_WALK_MAX + 2) * sizeof *w->visit);
    w->order = malloc((size_t)(m->nsql_sites + 1) * sizeof *w->order);
    if (!w->ev || !w->first || !w->seen || !w->visit || !w->order)
        return SEAM_ENOMEM;
    for (int i = 0; i < m->ncalls; i++)
        if (m->calls[i].caller >= 0 && m->calls[i].caller < nf && m->calls[i].callee >= 0 &&
            m->calls[i].callee < nf)
            w->ev[n++] = (event){m->calls[i].caller, m->calls[i].line, m->calls[i].callee, -1};
    /* a function named, not called (a callback handed to an iterator) runs in the tree too */
    for (int i = 0; i < m->nfunc_refs; i++)
        if (m->func_refs[i].function >= 0 && m->func_refs[i].function < nf &&
            m->func_refs[i].target >= 0 && m->func_refs[i].target < nf)
            w->ev[n++] =
                (event){m->func_refs[i].function, m->func_refs[i].line, m->func_refs[i].target, -1};
    for (int i = 0; i < m->nsql_sites; i++)
        if (m->sql_sites[i].function >= 0 && m->sql_sites[i].function < nf &&
            writes(c, &m->sql_sites[i]))
            w->ev[n++] = (event){m->sql_sites[i].function, m->sql_sites[i].line, -1, i};
    seam_sort(w->ev, (size_t)n, sizeof *w->ev, event_cmp);
    for (int i = 0; i < n; i++)
        w->first[w->ev[i].fn + 1]++;
    for (int f = 0; f < nf; f++)
        w->first[f + 1] += w->first[f];
    return SEAM_OK;
}

static void walk_free(walk *w)
{
    free(w->ev), free(w->first), free(w->seen), free(w->visit), free(w->order);
}

/* The write sites of f's tree, in the order the code runs them, into w->order. */
static void walk_tree(walk *w, int f)
{
    int visited = 0;
    /* only what the last walk marked is cleared: a walk costs its tree, not the program */
    for (int k = 0; k < w->nvisit; k++)
        w->seen[w->visit[k]] = 0;
    w->nvisit = 0;
    w->norder = 0;
    /* an explicit stack of (function, next event): deep trees must not exhaust the C stack */
    int *stack = malloc((size_t)(SAGA_WALK_MAX + 1) * 2 * sizeof *stack), depth = 0;
    if (!stack)
        return;
    stack[0] = f, stack[1] = w->first[f], depth = 1;
    w->seen[f] = 1;
    w->visit[w->nvisit++] = f;
    while (depth > 0) {
        int *top = &stack[(depth - 1) * 2];
        if (top[1] >= w->first[top[0] + 1]) {
            depth--;
            continue;
        }
        const event *e = &w->ev[top[1]++];
        if (e->site >= 0) {
            w->order[w->norder++] = e->site;
        } else if (!w->seen[e->callee] && visited < SAGA_WALK_MAX && depth < SAGA_WALK_MAX) {
            w->seen[e->callee] = 1;
            w->visit[w->nvisit++] = e->callee;
            visited++;
            stack[depth * 2] = e->callee, stack[depth * 2 + 1] = w->first[e->callee];
            depth++;
        }
    }
    free(stack);
}

/* The distinct services walk w's writes touch, in first-write order, into svc (count). */
static int services_written(const pl_ctx *c, const walk *w, int *svc)
{
    int n = 0;
    for (int k = 0; k < w->norder; k++) {
        const seam_sql_site *s = &c->m->sql_sites[w->order[k]];
        for (int t = 0; t < s->ntables; t++) {
            int o = (s->tables[t].access & SEAM_WRITE) ? pl_owner_of(c, s->tables[t].table) : -1;
            int dup = o < 0;
            for (int j = 0; j < n && !dup; j++)
                dup = svc[j] == o;
            if (!dup)
                svc[n++] = o;
        }
    }
    return n;
}

/* What undoes a write: by the statement's first word. */
static const char *compensation(const char *sql)
{
    while (sql && isspace((unsigned char)*sql))
        sql++;
    if (sql && strncasecmp(sql, "insert", 6) == 0)
        return "delete the rows it inserted";
    if (sql && strncasecmp(sql, "delete", 6) == 0)
        return "insert again the rows it deleted (kept in the saga's log)";
    return "restore the values it overwrote (kept in the saga's log)";
}

static int saga_step(pl_ctx *c, const walk *w, int f, const int *svc, int nsvc, int in_txn)
{
    const seam_model *m = c->m;
    const char *fname = m->functions[f].name;
    int home = c->fn_service[f] >= 0 ? c->fn_service[f] : svc[0];
    char *names = seam_strdup("");
    for (int k = 0; names && k < nsvc; k++)
        names = pl_join(names, k ? ", " : "", seam_strdup(m->services[svc[k]].name));
    int st = names ? pl_step_add(c, SEAM_PLAN_STAGE_TIES, "saga", m->services[home].name, fname,
                                 seam_printf("%s's %s over services %s becomes a saga", fname,
                                             in_txn ? "transaction" : "writes", names))
                   : -1;
    free(names);
    if (st < 0)
        return SEAM_ENOMEM;
    /* the steps: per service, its writes (function: statement kind), and its compensation */
    char *steps = seam_strdup(""), *tables = seam_strdup(",");
    int rc = SEAM_OK;
    for (int k = 0; steps && k < nsvc && rc == SEAM_OK; k++) {
        char *fns = seam_strdup(""), *undo = seam_strdup("");
        for (int j = 0; fns && j < w->norder; j++) {
            const seam_sql_site *s = &m->sql_sites[w->order[j]];
            int mine = 0;
            for (int t = 0; t < s->ntables; t++)
                mine |= (s->tables[t].access & SEAM_WRITE) &&
                        pl_owner_of(c, s->tables[t].table) == svc[k];
            if (!mine)
                continue;
            rc = pl_step_site(c, st, w->order[j]);
            /* each table counted once: ",a,b," holds those counted */
            for (int t = 0; tables && t < s->ntables; t++) {
                char *key = seam_printf(",%s,", s->tables[t].table);
                if (key && (s->tables[t].access & SEAM_WRITE) &&
                    pl_owner_of(c, s->tables[t].table) == svc[k] && !strstr(tables, key)) {
                    pl_step_table(c, st, s->tables[t].table);
                    tables = pl_join(tables, "", seam_printf("%s,", s->tables[t].table));
                }
                free(key);
            }
            const char *fn = s->function >= 0 ? m->functions[s->function].name : "?";
            char *fkey = seam_printf(", %s,", fn), *have = seam_printf(", %s,", fns ? fns : "");
            if (fns && fkey && have && !strstr(have, fkey))
                fns = pl_join(fns, *fns ? ", " : "", seam_strdup(fn));
            free(fkey), free(have);
            const char *u = compensation(s->sql);
            if (undo && !strstr(undo, u))
                undo = pl_join(undo, *undo ? " and " : "", seam_strdup(u));
        }
        steps = pl_join(steps, k ? "; " : "",
                        fns && undo ? seam_printf("%d. %s (%s), compensation: %s", k + 1,
                                                  m->services[svc[k]].name, fns, undo)
                                    : NULL);
        free(fns), free(undo);
    }
    free(tables);
    if (rc == SEAM_OK)
        rc = pl_step_why(
            c, st,
            steps ? seam_printf("%s %s the tables of %d services; apart, no transaction spans "
                                "them. As a saga, in the order the code writes: %s. %s mints "
                                "a correlation id (the saga id) and passes it with each step's "
                                "request; each service stores it with its writes, so that a "
                                "step failing runs the compensations of the steps before it, "
                                "in reverse order, on exactly those rows.",
                                fname, in_txn ? "writes, in one transaction," : "writes", nsvc,
                                steps, fname)
                  : NULL);
    free(steps);
    if (rc == SEAM_OK)
        rc = pl_step_note(c, st, seam_strdup("A code change: no SQL."));
    if (rc == SEAM_OK)
        rc = pl_step_risk(c, st, "high");
    return rc;
}

/* What a function's call tree writes: nothing, one service (its index), or many. */
enum { TREE_NONE = -1, TREE_MANY = -2 };

static int tree_join(int a, int b)
{
    if (a == TREE_NONE)
        return b;
    if (b == TREE_NONE || a == b)
        return a;
    return TREE_MANY;
}

/*
 * Per function, what its call tree writes (TREE_NONE, a service, TREE_MANY):
 * its own writes, joined along calls to its callers until nothing changes.
 * A function's value changes at most twice (none -> one -> many), so the
 * work list stays linear in the calls, cycles included.
 */
static int *trees_written(const pl_ctx *c, const walk *w)
{
    const seam_model *m = c->m;
    int nf = m->nfunctions;
    int *state = malloc((size_t)(nf + 1) * sizeof *state);
    int *cfirst = calloc((size_t)nf + 2, sizeof *cfirst);
    /* one caller per call or named function (w's edges) */
    int *callers = malloc((size_t)(w->first[nf] + 1) * sizeof *callers);
    int *fill = calloc((size_t)nf + 1, sizeof *fill);
    int *queue = malloc((size_t)(2 * nf + 1) * sizeof *queue);
    if (!state || !cfirst || !callers || !fill || !queue) {
        free(state), free(cfirst), free(callers), free(fill), free(queue);
        return NULL;
    }
    for (int f = 0; f < nf; f++)
        state[f] = TREE_NONE;
    /* callers by callee (the events hold the calls, by caller) */
    for (int e = 0; e < w->first[nf]; e++)
        if (w->ev[e].callee >= 0)
            cfirst[w->ev[e].callee + 1]++;
    for (int f = 0; f < nf; f++)
        cfirst[f + 1] += cfirst[f];
    for (int e = 0; e < w->first[nf]; e++)
        if (w->ev[e].callee >= 0)
            callers[cfirst[w->ev[e].callee] + fill[w->ev[e].callee]++] = w->ev[e].fn;
    int head = 0, tail = 0;
    for (int e = 0; e < w->first[nf]; e++) {
        if (w->ev[e].site < 0)
            continue;
        const seam_sql_site *s = &m->sql_sites[w->ev[e].site];
        int f = w->ev[e].fn, before = state[f];
        for (int t = 0; t < s->ntables; t++) {
            int o = (s->tables[t].access & SEAM_WRITE) ? pl_owner_of(c, s->tables[t].table) : -1;
            if (o >= 0)
                state[f] = tree_join(state[f], o);
        }
        if (before == TREE_NONE && state[f] != TREE_NONE)
            queue[tail++] = f;
    }
    /* each function enters the queue when it changes: at most twice */
    while (head < tail) {
        int f = queue[head++];
        for (int k = cfirst[f]; k < cfirst[f + 1]; k++) {
            int g = callers[k], next = tree_join(state[g], state[f]);
            if (next != state[g]) {
                state[g] = next;
                queue[tail++] = g;
            }
        }
    }
    free(cfirst), free(callers), free(fill), free(queue);
    return state;
}

int pl_ties_sagas(pl_ctx *c)
{
    const seam_model *m = c->m;
    int nf = m->nfunctions;
    walk w;
    int *svc = malloc((size_t)(m->nservices + 1) * sizeof *svc);
    unsigned char *begin = calloc((size_t)nf + 1, 1), *unit = calloc((size_t)nf + 1, 1);
    unsigned char *covered = calloc((size_t)nf + 1, 1);
    int rc = svc && begin && unit && covered ? walk_init(c, &w) : SEAM_ENOMEM;
    for (int i = 0; rc == SEAM_OK && i < m->nsql_sites; i++)
        if (m->sql_sites[i].function >= 0 && m->sql_sites[i].function < nf &&
            begins(m->sql_sites[i].sql))
            begin[m->sql_sites[i].function] = 1;
    /* transactions: a beginner that writes, or the callers of one that does not */
    for (int f = 0; rc == SEAM_OK && f < nf; f++) {
        if (!begin[f])
            continue;
        walk_tree(&w, f);
        if (w.norder > 0) {
            unit[f] = 1;
            continue;
        }
        for (int i = 0; i < m->ncalls; i++)
            if (m->calls[i].callee == f && m->calls[i].caller >= 0 && m->calls[i].caller < nf)
                unit[m->calls[i].caller] = 1;
    }
    for (int f = 0; rc == SEAM_OK && f < nf; f++) {
        if (!unit[f])
            continue;
        walk_tree(&w, f);
        for (int k = 0; k < w.nvisit; k++)
            covered[w.visit[k]] = 1;
        int n = services_written(c, &w, svc);
        if (n >= 2)
            rc = saga_step(c, &w, f, svc, n, 1);
    }
    /* call trees outside transactions: the smallest ones writing two services */
    int *state = rc == SEAM_OK ? trees_written(c, &w) : NULL;
    if (rc == SEAM_OK && !state)
        rc = SEAM_ENOMEM;
    for (int f = 0; rc == SEAM_OK && f < nf; f++) {
        if (state[f] != TREE_MANY || covered[f])
            continue;
        int smallest = 1;
        for (int e = w.first[f]; e < w.first[f + 1] && smallest; e++)
            smallest =
                w.ev[e].site >= 0 || w.ev[e].callee == f || state[w.ev[e].callee] != TREE_MANY;
        if (!smallest)
            continue;
        walk_tree(&w, f);
        int n = services_written(c, &w, svc);
        if (n >= 2)
            rc = saga_step(c, &w, f, svc, n, 0);
    }
    free(state);
    if (svc && begin && unit && covered)
        walk_free(&w);
    free(svc), free(begin), free(unit), free(covered);
    return rc;
}
