/*
 * check.c - the violations of a target architecture (seam_check.h).
 *
 * Each model file goes to the first target service whose files (globs, as
 * fnmatch reads them, "/" matched only by "/") match its path; each table
 * to the first service listing it. Then every fact is looked at once: calls
 * and function references between functions of two services, SQL sites
 * touching a table of another service, the schema's foreign keys, views
 * and triggers, and the tables two services write.
 */
#include "seam_check.h"
#include "file.h"
#include "sort.h"

#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct placed {
    int *file_service; /* per model file: the target service, or -1 */
    const seam_service *target;
    int ntarget;
    const seam_model *tm; /* the target (its functions name the interfaces) */
} placed;

static int is_library(const placed *p, int s)
{
    return s >= 0 && p->target[s].kind == SEAM_SERVICE_KIND_SHARED_LIBRARY;
}

static int table_service(const placed *p, const char *table)
{
    for (int s = 0; s < p->ntarget; s++)
        for (int k = 0; k < p->target[s].ntables; k++)
            if (p->target[s].tables[k] && strcasecmp(p->target[s].tables[k], table) == 0)
                return s;
    return -1;
}

static int fn_service(const seam_model *m, const placed *p, int f)
{
    if (f < 0 || f >= m->nfunctions)
        return -1;
    int file = m->functions[f].file;
    return file >= 0 && file < m->nfiles ? p->file_service[file] : -1;
}

static int add(check_result *r, const placed *p, const char *kind, int from, int to, int file,
               int line, const char *function, const char *object)
{
    if (seam_array_reserve(&r->v, &r->cap, r->n + 1, sizeof *r->v) < 0)
        return SEAM_ENOMEM;
    check_violation *v = &r->v[r->n++];
    memset(v, 0, sizeof *v);
    v->kind = seam_strdup(kind);
    v->from = seam_strdup(p->target[from].name);
    v->to = seam_strdup(p->target[to].name);
    v->file = file;
    v->line = line;
    v->function = function ? seam_strdup(function) : NULL;
    v->object = seam_strdup(object ? object : "");
    v->key = seam_printf("%s|%s|%s|%s|%s", kind, v->from, v->to, function ? function : "",
                         object ? object : "");
    v->is_new = 1;
    return v->kind && v->from && v->to && (!function || v->function) && v->object && v->key
               ? SEAM_OK
               : SEAM_ENOMEM;
}

/* Whether function f is in service s's listed interface (by id); no list: nothing is. */
static int in_interface(const seam_model *m, const placed *p, const seam_service *s, int f)
{
    for (int k = 0; k < s->ninterface; k++) {
        int t = s->interface[k];
        if (t >= 0 && t < p->tm->nfunctions && p->tm->functions[t].usr && m->functions[f].usr &&
            strcmp(p->tm->functions[t].usr, m->functions[f].usr) == 0)
            return 1;
    }
    return 0;
}

/* A call or reference from function a into function b. */
static int use(const seam_model *m, const placed *p, check_result *r, const char *kind, int a,
               int b, int line)
{
    int sa = fn_service(m, p, a), sb = fn_service(m, p, b);
    if (sa < 0 || sb < 0 || sa == sb || is_library(p, sb))
        return SEAM_OK;
    if (is_library(p, sa))
        return add(r, p, "library_call", sa, sb, m->functions[a].file, line, m->functions[a].name,
                   m->functions[b].name);
    if (in_interface(m, p, &p->target[sb], b))
        return SEAM_OK;
    return add(r, p, kind, sa, sb, m->functions[a].file, line, m->functions[a].name,
               m->functions[b].name);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int cmp_violation(const void *a, const void *b)
{
    const check_violation *x = a, *y = b;
    int c;
    if (x->is_new != y->is_new)
        return y->is_new - x->is_new;
    if ((c = strcmp(x->from, y->from)) || (c = strcmp(x->to, y->to)) ||
        (c = strcmp(x->kind, y->kind)) || (c = strcmp(x->key, y->key)))
        return c;
    if (x->file != y->file)
        return (x->file > y->file) - (x->file < y->file);
    return (x->line > y->line) - (x->line < y->line);
}

static void sort_result(check_result *r)
{
    seam_sort(r->v, (size_t)r->n, sizeof *r->v, cmp_violation);
}

/* A target's path or glob, with the service listing it. */
typedef struct literal {
    const char *path;
    int service;
} literal;

static int cmp_literal(const void *a, const void *b)
{
    const literal *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (x->service > y->service) - (x->service < y->service);
}

static int is_glob(const char *pattern)
{
    return strpbrk(pattern, "*?[\\") != NULL;
}

/*
 * file_service[f]: the first target service whose files match model file f's
 * path, -1 for none. A target copied from seam's proposal lists every path
 * literally: those are looked up in a sorted array, so that only real globs
 * cost an fnmatch per file (thousands of files times thousands of entries
 * otherwise).
 */
static int place_files(const seam_model *m, const seam_service *target, int ntarget,
                       int *file_service)
{
    int nall = 0;
    for (int s = 0; s < ntarget; s++)
        nall += target[s].nfiles;
    /* lit: the literal paths, sorted; glob: the globs in the target's order. */
    literal *lit = calloc((size_t)nall + 1, sizeof *lit),
            *glob = calloc((size_t)nall + 1, sizeof *glob);
    if (!lit || !glob) {
        free(lit);
        free(glob);
        return SEAM_ENOMEM;
    }
    int nlit = 0, nglob = 0;
    for (int s = 0; s < ntarget; s++)
        for (int k = 0; k < target[s].nfiles; k++)
            if (target[s].files[k]) {
                literal e = {target[s].files[k], s};
                if (is_glob(e.path))
                    glob[nglob++] = e;
                else
                    lit[nlit++] = e;
            }
    seam_sort(lit, (size_t)nlit, sizeof *lit, cmp_literal);
    for (int f = 0; f < m->nfiles; f++) {
        /* The first entry for this path has the lowest service (sorted by path, service). */
        int lo = 0, hi = nlit;
        while (lo < hi) {
            int mid = lo + (hi - lo) / 2;
            if (strcmp(lit[mid].path, m->files[f].path) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        int best =
            lo < nlit && strcmp(lit[lo].path, m->files[f].path) == 0 ? lit[lo].service : ntarget;
        /* A glob of an earlier service still comes first. */
        for (int g = 0; g < nglob && glob[g].service < best; g++)
            if (fnmatch(glob[g].path, m->files[f].path, FNM_PATHNAME) == 0)
                best = glob[g].service;
        file_service[f] = best < ntarget ? best : -1;
    }
    free(lit);
    free(glob);
    return SEAM_OK;
}

int check_run(const seam_model *m, const seam_model *tm, check_result *out, seam_err *err)
{
    const seam_service *target = tm->services;
    int ntarget = tm->nservices;
    memset(out, 0, sizeof *out);
    for (int s = 0; s < ntarget; s++)
        if (!target[s].name || !*target[s].name)
            return seam_err_set(err, SEAM_EINPUT, "check: target service %d has no name", s);
    placed p = {calloc((size_t)m->nfiles + 1, sizeof(int)), target, ntarget, tm};
    if (!p.file_service)
        return seam_err_set(err, SEAM_ENOMEM, "check: out of memory");
    int rc = place_files(m, target, ntarget, p.file_service);
    for (int f = 0; f < m->nfiles && rc == SEAM_OK; f++) {
        if (p.file_service[f] < 0) {
            char **v = realloc(out->unplaced_files, (size_t)(out->nunplaced_files + 1) * sizeof *v);
            if (!v || !(v[out->nunplaced_files] = seam_strdup(m->files[f].path)))
                rc = SEAM_ENOMEM;
            if (v)
                out->unplaced_files = v;
            if (rc == SEAM_OK)
                out->nunplaced_files++;
        }
    }
    for (int i = 0; i < m->ncalls && rc == SEAM_OK; i++)
        rc = use(m, &p, out, "call", m->calls[i].caller, m->calls[i].callee, m->calls[i].line);
    for (int i = 0; i < m->nfunc_refs && rc == SEAM_OK; i++)
        if (m->func_refs[i].function >= 0)
            rc = use(m, &p, out, "reference", m->func_refs[i].function, m->func_refs[i].target,
                     m->func_refs[i].line);
    /* SQL across: one violation per site and table; writers per table for shared writes */
    const seam_schema *sc = &m->schema;
    for (int i = 0; i < m->nsql_sites && rc == SEAM_OK; i++) {
        const seam_sql_site *st = &m->sql_sites[i];
        int sa = fn_service(m, &p, st->function);
        for (int t = 0; sa >= 0 && t < st->ntables && rc == SEAM_OK; t++) {
            int sb = table_service(&p, st->tables[t].table);
            if (sb < 0 || sb == sa || is_library(&p, sa))
                continue;
            rc = add(out, &p, (st->tables[t].access & SEAM_WRITE) ? "sql_write" : "sql_read", sa,
                     sb, st->file, st->line, m->functions[st->function].name, st->tables[t].table);
        }
    }
    for (int i = 0; i < sc->nforeign_keys && rc == SEAM_OK; i++) {
        const seam_foreign_key *fk = &sc->foreign_keys[i];
        int a = table_service(&p, fk->from_table), b = table_service(&p, fk->to_table);
        if (a >= 0 && b >= 0 && a != b) {
            char *what = seam_printf("%s.%s", fk->from_table, fk->name ? fk->name : "");
            rc = what ? add(out, &p, "foreign_key", a, b, -1, 0, NULL, what) : SEAM_ENOMEM;
            free(what);
        }
    }
    for (int i = 0; i < sc->nviews && rc == SEAM_OK; i++) {
        int first = -1;
        for (int k = 0; k < sc->views[i].ntables && rc == SEAM_OK; k++) {
            int s = table_service(&p, sc->views[i].tables[k]);
            if (s < 0)
                continue;
            if (first < 0)
                first = s;
            else if (s != first)
                rc = add(out, &p, "view", first, s, -1, 0, NULL, sc->views[i].name);
        }
    }
    for (int i = 0; i < sc->ntriggers && rc == SEAM_OK; i++) {
        int home = table_service(&p, sc->triggers[i].table);
        for (int k = 0; home >= 0 && k < sc->triggers[i].ntables && rc == SEAM_OK; k++) {
            int s = table_service(&p, sc->triggers[i].tables[k].table);
            if (s >= 0 && s != home)
                rc = add(out, &p, "trigger", home, s, -1, 0, NULL, sc->triggers[i].name);
        }
    }
    /* a table two services write: once per (owner, other writer) */
    for (int i = 0; i < sc->ntables && rc == SEAM_OK; i++) {
        const char *table = sc->tables[i].name;
        int owner = table_service(&p, table);
        if (owner < 0)
            continue;
        unsigned char *seen = calloc((size_t)ntarget + 1, 1);
        if (!seen)
            rc = SEAM_ENOMEM;
        for (int k = 0; seen && k < m->nsql_sites && rc == SEAM_OK; k++) {
            const seam_sql_site *st = &m->sql_sites[k];
            int w = fn_service(m, &p, st->function);
            if (w < 0 || w == owner || seen[w])
                continue;
            for (int t = 0; t < st->ntables; t++)
                if ((st->tables[t].access & SEAM_WRITE) &&
                    strcasecmp(st->tables[t].table, table) == 0) {
                    seen[w] = 1;
                    rc = add(out, &p, "shared_write", w, owner, -1, 0, NULL, table);
                    break;
                }
        }
        free(seen);
    }
    for (int i = 0; i < sc->ntables && rc == SEAM_OK; i++)
        if (table_service(&p, sc->tables[i].name) < 0) {
            char **v =
                realloc(out->unplaced_tables, (size_t)(out->nunplaced_tables + 1) * sizeof *v);
            if (!v || !(v[out->nunplaced_tables] = seam_strdup(sc->tables[i].name)))
                rc = SEAM_ENOMEM;
            if (v)
                out->unplaced_tables = v;
            if (rc == SEAM_OK)
                out->nunplaced_tables++;
        }
    out->file_service = p.file_service;
    if (rc) {
        check_result_free(out);
        return seam_err_set(err, rc, "check: out of memory");
    }
    seam_sort(out->unplaced_files, (size_t)out->nunplaced_files, sizeof(char *), cmp_str);
    seam_sort(out->unplaced_tables, (size_t)out->nunplaced_tables, sizeof(char *), cmp_str);
    sort_result(out);
    return SEAM_OK;
}

int check_count_new(const check_result *r)
{
    int n = 0;
    for (int i = 0; i < r->n; i++)
        n += r->v[i].is_new;
    return n;
}

int check_baseline_apply(check_result *r, const char *path, size_t max_bytes, seam_err *err)
{
    char *text = NULL;
    int rc = seam_file_read(path, "baseline", max_bytes, &text, NULL, err);
    if (rc)
        return rc;
    /* the baseline's keys, one per line, sorted for a binary search */
    int n = 0, cap = 0;
    char **keys = NULL;
    for (char *line = strtok(text, "\n"); line && rc == SEAM_OK; line = strtok(NULL, "\n")) {
        if (seam_array_reserve(&keys, &cap, n + 1, sizeof *keys) < 0)
            rc = SEAM_ENOMEM;
        else
            keys[n++] = line;
    }
    seam_sort(keys, (size_t)n, sizeof *keys, cmp_str);
    for (int i = 0; i < r->n && rc == SEAM_OK; i++) {
        const char *k = r->v[i].key;
        if (bsearch(&k, keys, (size_t)n, sizeof *keys, cmp_str))
            r->v[i].is_new = 0;
    }
    free(keys);
    free(text);
    if (rc)
        return seam_err_set(err, rc, "check: out of memory reading the baseline");
    sort_result(r);
    return SEAM_OK;
}

int check_baseline_write(const check_result *r, const char *path, seam_err *err)
{
    char **keys = malloc((size_t)(r->n + 1) * sizeof *keys);
    if (!keys)
        return seam_err_set(err, SEAM_ENOMEM, "check: out of memory");
    size_t len = 0;
    for (int i = 0; i < r->n; i++) {
        keys[i] = r->v[i].key;
        len += strlen(keys[i]) + 1;
    }
    seam_sort(keys, (size_t)r->n, sizeof *keys, cmp_str);
    char *text = malloc(len + 1), *o = text;
    if (!text) {
        free(keys);
        return seam_err_set(err, SEAM_ENOMEM, "check: out of memory");
    }
    for (int i = 0; i < r->n; i++) {
        if (i > 0 && strcmp(keys[i], keys[i - 1]) == 0)
            continue;
        size_t k = strlen(keys[i]);
        memcpy(o, keys[i], k);
        o[k] = '\n';
        o += k + 1;
    }
    int rc = seam_file_write(path, text, (size_t)(o - text), err);
    free(text);
    free(keys);
    return rc;
}

void check_result_free(check_result *r)
{
    for (int i = 0; r && i < r->n; i++) {
        check_violation *v = &r->v[i];
        free(v->kind), free(v->from), free(v->to), free(v->function), free(v->object), free(v->key);
    }
    if (!r)
        return;
    free(r->v);
    for (int i = 0; i < r->nunplaced_files; i++)
        free(r->unplaced_files[i]);
    free(r->unplaced_files);
    for (int i = 0; i < r->nunplaced_tables; i++)
        free(r->unplaced_tables[i]);
    free(r->unplaced_tables);
    free(r->file_service);
    memset(r, 0, sizeof *r);
}
