/*
 * program.c - the facts of every translation unit merged into one program.
 *
 * TUs arrive in a fixed order (compdb.c sorts them), so "the first
 * definition wins" is the same whatever thread parsed what: a function
 * defined in a header and seen by several TUs is kept once, with the body
 * facts of its first TU, so its calls are counted once.
 *
 * A function is identified by (USR, file of its definition). libclang's USR
 * of a static function names only the basename of its file, so two static
 * helpers in orders/util.c and users/util.c would share a USR; the model's usr
 * is therefore qualified with the SRC-relative path for internal functions,
 * and for external ones that are defined in more than one file (several
 * programs in one tree, each with its own main).
 */
#include "analyzer_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fref {
    const fact_func *f;
    int order; /* position over all TUs in order: the first definition wins */
    int model; /* index in model->functions once placed */
} fref;

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Physical lines of root/path; 0 when it cannot be read. */
static int file_lines(const char *root, const char *path, int *nomem)
{
    char *full = seam_printf("%s/%s", root, path);
    if (!full) {
        *nomem = 1;
        return 0;
    }
    FILE *fp = fopen(full, "rb");
    free(full);
    if (!fp)
        return 0;
    int lines = 0, c, last = '\n';
    while ((c = getc(fp)) != EOF) {
        if (c == '\n')
            lines++;
        last = c;
    }
    fclose(fp);
    return lines + (last != '\n');
}

static int is_header(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && (strcmp(dot, ".h") == 0 || strcmp(dot, ".hh") == 0 || strcmp(dot, ".hpp") == 0 ||
                   strcmp(dot, ".inc") == 0);
}

static int build_files(const tu_facts *tus, int ntus, seam_model *m)
{
    int n = 0;
    for (int t = 0; t < ntus; t++)
        n += tus[t].nfiles + (tus[t].main_file != NULL);
    const char **all = malloc((size_t)(n ? n : 1) * sizeof *all);
    if (!all)
        return SEAM_ENOMEM;
    n = 0;
    for (int t = 0; t < ntus; t++) {
        for (int i = 0; i < tus[t].nfiles; i++)
            all[n++] = tus[t].files[i];
        if (tus[t].main_file)
            all[n++] = tus[t].main_file;
    }
    qsort(all, (size_t)n, sizeof *all, str_cmp);
    int rc = 0, cap = 0, nomem = 0;
    for (int i = 0; i < n && rc == 0; i++) {
        if (i > 0 && strcmp(all[i], all[i - 1]) == 0)
            continue;
        if (seam_array_reserve(&m->files, &cap, m->nfiles + 1, sizeof *m->files) < 0 ||
            !(m->files[m->nfiles].path = seam_strdup(all[i]))) {
            rc = SEAM_ENOMEM;
            break;
        }
        seam_file *f = &m->files[m->nfiles++];
        f->lines = file_lines(m->src_root, f->path, &nomem);
        f->is_header = is_header(f->path);
        if (nomem)
            rc = SEAM_ENOMEM;
    }
    free(all);
    if (rc < 0)
        return rc;
    /* Errors belong to the TU's main file; a TU outside SRC still counts in the total. */
    for (int t = 0; t < ntus; t++) {
        m->parse_errors += tus[t].errors;
        m->translation_units += tus[t].parsed;
        int fi = tus[t].main_file ? seam_model_find_file(m, tus[t].main_file) : -1;
        if (fi >= 0)
            m->files[fi].parse_errors += tus[t].errors;
    }
    return 0;
}

static int fref_by_identity(const void *a, const void *b)
{
    const fref *x = a, *y = b;
    int c = strcmp(x->f->usr, y->f->usr);
    if (!c)
        c = strcmp(x->f->file, y->f->file);
    if (!c)
        c = (x->order > y->order) - (x->order < y->order);
    return c;
}

static int fref_by_model_order(const void *a, const void *b)
{
    const fact_func *x = ((const fref *)a)->f, *y = ((const fref *)b)->f;
    int c = strcmp(x->file, y->file);
    if (!c)
        c = (x->line > y->line) - (x->line < y->line);
    if (!c)
        c = strcmp(x->name, y->name);
    if (!c)
        c = strcmp(x->usr, y->usr);
    return c;
}

/* The model's usr: unique even where libclang's is not (see the top of this file). */
static char *model_usr(const fact_func *f, int shared)
{
    if (f->internal) {
        const char *base = strrchr(f->file, '/');
        base = base ? base + 1 : f->file;
        size_t bl = strlen(base);
        if (strncmp(f->usr, "c:", 2) == 0 && strncmp(f->usr + 2, base, bl) == 0 &&
            f->usr[2 + bl] == '@')
            return seam_printf("c:%s%s", f->file, f->usr + 2 + bl);
        return seam_printf("%s@%s", f->usr, f->file);
    }
    return shared ? seam_printf("%s@%s", f->usr, f->file) : seam_strdup(f->usr);
}

/* Index into the identity-sorted unique refs u[0..n) of (usr, file); -1 if absent. */
static int find_first_usr(const fref *u, int n, const char *usr)
{
    int lo = 0, hi = n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcmp(u[mid].f->usr, usr) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && strcmp(u[lo].f->usr, usr) == 0 ? lo : -1;
}

/*
 * The project function a call reaches, or -1. A callee defined in the same
 * TU is known by its file; otherwise an external USR names it, and when
 * several files define it the caller's own file, else the first file, wins.
 */
static int resolve_call(const fref *u, int n, const fact_call *c, const char *caller_file)
{
    int first = find_first_usr(u, n, c->callee_usr);
    if (first < 0)
        return -1;
    int last = first;
    while (last + 1 < n && strcmp(u[last + 1].f->usr, c->callee_usr) == 0)
        last++;
    if (c->callee_file) {
        for (int i = first; i <= last; i++)
            if (strcmp(u[i].f->file, c->callee_file) == 0)
                return u[i].model;
        return -1;
    }
    if (c->callee_internal)
        return -1; /* a static function this TU never defines */
    for (int i = first; i <= last; i++)
        if (strcmp(u[i].f->file, caller_file) == 0)
            return u[i].model;
    return u[first].model;
}

static int call_cmp(const void *a, const void *b)
{
    const seam_call *x = a, *y = b;
    if (x->caller != y->caller)
        return (x->caller > y->caller) - (x->caller < y->caller);
    return (x->callee > y->callee) - (x->callee < y->callee);
}

static int build_calls(program *p)
{
    seam_model *m = p->model;
    seam_call *raw = NULL;
    int n = 0, cap = 0;
    for (int i = 0; i < p->nfunctions; i++)
        for (int c = 0; c < p->body[i]->ncalls; c++) {
            int j = p->callee[i][c];
            if (j < 0)
                continue;
            if (seam_array_reserve(&raw, &cap, n + 1, sizeof *raw) < 0) {
                free(raw);
                return SEAM_ENOMEM;
            }
            raw[n++] = (seam_call){i, j, 1};
        }
    if (n > 0)
        qsort(raw, (size_t)n, sizeof *raw, call_cmp);
    int out = 0;
    for (int i = 0; i < n; i++) {
        if (out > 0 && raw[out - 1].caller == raw[i].caller && raw[out - 1].callee == raw[i].callee)
            raw[out - 1].count++;
        else
            raw[out++] = raw[i];
    }
    m->calls = raw;
    m->ncalls = out;
    return 0;
}

int program_build(program *p, const tu_facts *tus, int ntus, seam_model *m, seam_err *err)
{
    memset(p, 0, sizeof *p);
    p->model = m;
    fref *refs = NULL;
    int rc = build_files(tus, ntus, m);
    if (rc < 0)
        goto out;

    int n = 0;
    for (int t = 0; t < ntus; t++)
        n += tus[t].nfuncs;
    rc = SEAM_ENOMEM;
    if (!(refs = calloc((size_t)(n ? n : 1), sizeof *refs)))
        goto out;
    n = 0;
    for (int t = 0; t < ntus; t++)
        for (int i = 0; i < tus[t].nfuncs; i++, n++)
            refs[n] = (fref){&tus[t].funcs[i], n, -1};
    if (n > 0)
        qsort(refs, (size_t)n, sizeof *refs, fref_by_identity);
    int u = 0;
    for (int i = 0; i < n; i++)
        if (u == 0 || strcmp(refs[u - 1].f->usr, refs[i].f->usr) != 0 ||
            strcmp(refs[u - 1].f->file, refs[i].f->file) != 0)
            refs[u++] = refs[i];

    /* Place functions in model order, remembering each one's place in the identity order. */
    fref *placed = calloc((size_t)(u ? u : 1), sizeof *placed);
    if (!placed)
        goto out;
    for (int i = 0; i < u; i++) {
        placed[i] = refs[i];
        placed[i].order = i; /* back-pointer into refs */
    }
    if (u > 0)
        qsort(placed, (size_t)u, sizeof *placed, fref_by_model_order);
    m->functions = calloc((size_t)(u ? u : 1), sizeof *m->functions);
    p->body = calloc((size_t)(u ? u : 1), sizeof *p->body);
    p->callee = calloc((size_t)(u ? u : 1), sizeof *p->callee);
    if (!m->functions || !p->body || !p->callee) {
        free(placed);
        goto out;
    }
    for (int i = 0; i < u; i++) {
        int r = placed[i].order;
        const fact_func *f = placed[i].f;
        int shared = (r > 0 && strcmp(refs[r - 1].f->usr, f->usr) == 0) ||
                     (r + 1 < u && strcmp(refs[r + 1].f->usr, f->usr) == 0);
        refs[r].model = i;
        seam_function *mf = &m->functions[i];
        mf->usr = model_usr(f, shared);
        mf->name = seam_strdup(f->name);
        m->nfunctions = i + 1;
        if (!mf->usr || !mf->name) {
            free(placed);
            goto out;
        }
        mf->file = seam_model_find_file(m, f->file);
        mf->line = f->line;
        mf->is_static = f->is_static;
        mf->loc = f->loc;
        p->body[i] = f;
    }
    free(placed);
    p->nfunctions = u;

    for (int i = 0; i < u; i++) {
        const fact_func *f = p->body[i];
        if (f->ncalls && !(p->callee[i] = malloc((size_t)f->ncalls * sizeof(int))))
            goto out;
        for (int c = 0; c < f->ncalls; c++)
            p->callee[i][c] = resolve_call(refs, u, &f->calls[c], f->file);
    }
    rc = build_calls(p);
out:
    free(refs);
    if (rc < 0)
        seam_err_set(err, rc, "out of memory merging the parsed translation units");
    return rc;
}

void program_free(program *p)
{
    if (!p)
        return;
    if (p->callee)
        for (int i = 0; i < p->nfunctions; i++)
            free(p->callee[i]);
    free(p->callee);
    free(p->body);
    memset(p, 0, sizeof *p);
}
