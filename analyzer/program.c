/*
 * program.c - the facts of every translation unit merged into one program.
 *
 * TUs arrive in a fixed order (sorted by file and command key), so "the
 * first definition wins" is the same whatever thread parsed what, whether the
 * facts came from the cache, and however the TUs were sharded: a function
 * defined in a header and seen by several TUs is kept once, with the body
 * facts of its first TU, so its calls are counted once.
 *
 * A function is identified by (USR, file of its definition). libclang's USR
 * of a static function names only the basename of its file, so two static
 * helpers in orders/util.c and users/util.c would share a USR; the model's usr
 * is therefore qualified with the SRC-relative path for internal functions,
 * and for external ones that are defined in more than one file (several
 * programs in one tree, each with its own main). Globals and types follow
 * the same rules (program_syms.c).
 */
#include "analyzer_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct fref {
    const fact_func *f;
    int order; /* position over all TUs in order: the first definition wins */
} fref;

static int is_header(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && (strcmp(dot, ".h") == 0 || strcmp(dot, ".hh") == 0 || strcmp(dot, ".hpp") == 0 ||
                   strcmp(dot, ".inc") == 0);
}

typedef struct file_fact {
    const char *path;
    int lines;
} file_fact;

static int file_fact_cmp(const void *a, const void *b)
{
    const file_fact *x = a, *y = b;
    int c = strcmp(x->path, y->path);
    return c ? c : (y->lines > x->lines) - (y->lines < x->lines);
}

static int build_files(const analyzer_facts *f, const analyzer_options *ex, seam_model *m)
{
    int n = 0;
    for (int t = 0; t < f->ntus; t++)
        n += f->tus[t].nfiles;
    file_fact *all = malloc((size_t)(n ? n : 1) * sizeof *all);
    if (!all)
        return SEAM_ENOMEM;
    n = 0;
    for (int t = 0; t < f->ntus; t++) {
        const tu_facts *tu = &f->tus[t];
        for (int i = 0; i < tu->nfiles; i++)
            all[n++] = (file_fact){tu->files[i].path, tu->files[i].lines};
    }
    qsort(all, (size_t)n, sizeof *all, file_fact_cmp);
    int rc = 0;
    if (!(m->files = calloc((size_t)(n ? n : 1), sizeof *m->files)))
        rc = SEAM_ENOMEM;
    for (int i = 0; i < n && rc == 0; i++) {
        if ((i > 0 && strcmp(all[i].path, all[i - 1].path) == 0) ||
            sources_excluded(ex, all[i].path))
            continue;
        seam_file *sf = &m->files[m->nfiles];
        if (!(sf->path = seam_strdup(all[i].path))) {
            rc = SEAM_ENOMEM;
            break;
        }
        m->nfiles++;
        sf->lines = all[i].lines;
        sf->is_header = is_header(sf->path);
    }
    free(all);
    if (rc < 0)
        return rc;
    /* Errors belong to the TU's main file. */
    for (int t = 0; t < f->ntus; t++) {
        m->parse_errors += f->tus[t].errors;
        m->translation_units += f->tus[t].parsed;
        int fi = f->tus[t].main_file ? seam_model_find_file(m, f->tus[t].main_file) : -1;
        if (fi >= 0)
            m->files[fi].parse_errors += f->tus[t].errors;
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

char *program_model_usr(const char *usr, const char *file, int internal, int shared)
{
    if (internal) {
        const char *base = strrchr(file, '/');
        base = base ? base + 1 : file;
        size_t bl = strlen(base);
        if (strncmp(usr, "c:", 2) == 0 && strncmp(usr + 2, base, bl) == 0 && usr[2 + bl] == '@')
            return seam_printf("c:%s%s", file, usr + 2 + bl);
        return seam_printf("%s@%s", usr, file);
    }
    return shared ? seam_printf("%s@%s", usr, file) : seam_strdup(usr);
}

int program_symtab_resolve(const symtab *t, const fact_sym *s, const char *from_file)
{
    int lo = 0, hi = t->n;
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcmp(t->v[mid].usr, s->usr) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    int first = lo;
    if (first >= t->n || strcmp(t->v[first].usr, s->usr) != 0)
        return -1;
    int last = first;
    while (last + 1 < t->n && strcmp(t->v[last + 1].usr, s->usr) == 0)
        last++;
    if (s->file) {
        for (int i = first; i <= last; i++)
            if (strcmp(t->v[i].file, s->file) == 0)
                return t->v[i].model;
        return -1;
    }
    if (s->internal)
        return -1; /* a static symbol this TU never defines */
    for (int i = first; i <= last; i++)
        if (from_file && strcmp(t->v[i].file, from_file) == 0)
            return t->v[i].model;
    return t->v[first].model;
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
            raw[n++] = (seam_call){i, j, 1, p->body[i]->calls[c].callee.line};
        }
    if (n > 0)
        qsort(raw, (size_t)n, sizeof *raw, call_cmp);
    int out = 0;
    for (int i = 0; i < n; i++) {
        if (out > 0 && raw[out - 1].caller == raw[i].caller && raw[out - 1].callee == raw[i].callee) {
            raw[out - 1].count++;
            /* the first call in the text: where the caller does it first */
            if (raw[i].line > 0 && (raw[out - 1].line <= 0 || raw[i].line < raw[out - 1].line))
                raw[out - 1].line = raw[i].line;
        } else
            raw[out++] = raw[i];
    }
    m->calls = raw;
    m->ncalls = out;
    return 0;
}

int program_sym_ref_cmp(const void *a, const void *b)
{
    const sym_ref *x = a, *y = b;
    int c = strcmp(x->usr, y->usr);
    return c ? c : strcmp(x->file, y->file);
}

/* Unique functions in model order, their model usr, and the symbol table. */
static int build_functions(program *p, const analyzer_facts *f, const analyzer_options *ex)
{
    seam_model *m = p->model;
    int n = 0;
    for (int t = 0; t < f->ntus; t++)
        n += f->tus[t].nfuncs;
    fref *refs = calloc((size_t)(n ? n : 1), sizeof *refs);
    if (!refs)
        return SEAM_ENOMEM;
    n = 0;
    for (int t = 0; t < f->ntus; t++)
        for (int i = 0; i < f->tus[t].nfuncs; i++) {
            const fact_func *fn = &f->tus[t].funcs[i];
            if (seam_model_find_file(m, fn->file) >= 0) /* excluded files are not in the model */
                refs[n] = (fref){fn, n}, n++;
        }
    (void)ex;
    if (n > 0)
        qsort(refs, (size_t)n, sizeof *refs, fref_by_identity);
    int u = 0;
    for (int i = 0; i < n; i++)
        if (u == 0 || strcmp(refs[u - 1].f->usr, refs[i].f->usr) != 0 ||
            strcmp(refs[u - 1].f->file, refs[i].f->file) != 0)
            refs[u++] = refs[i];
    /* refs is now in identity order: an external USR defined in several files is "shared". */
    int *shared = calloc((size_t)(u ? u : 1), sizeof *shared);
    if (!shared) {
        free(refs);
        return SEAM_ENOMEM;
    }
    for (int i = 0; i < u; i++)
        shared[i] = (i > 0 && strcmp(refs[i - 1].f->usr, refs[i].f->usr) == 0) ||
                    (i + 1 < u && strcmp(refs[i + 1].f->usr, refs[i].f->usr) == 0);
    for (int i = 0; i < u; i++)
        refs[i].order = shared[i]; /* carried into model order */
    free(shared);
    if (u > 0)
        qsort(refs, (size_t)u, sizeof *refs, fref_by_model_order);
    m->functions = calloc((size_t)(u ? u : 1), sizeof *m->functions);
    p->body = calloc((size_t)(u ? u : 1), sizeof *p->body);
    p->callee = calloc((size_t)(u ? u : 1), sizeof *p->callee);
    p->funcs.v = calloc((size_t)(u ? u : 1), sizeof *p->funcs.v);
    if (!m->functions || !p->body || !p->callee || !p->funcs.v) {
        free(refs);
        return SEAM_ENOMEM;
    }
    p->nfunctions = u;
    for (int i = 0; i < u; i++) {
        const fact_func *fn = refs[i].f;
        seam_function *mf = &m->functions[i];
        mf->usr = program_model_usr(fn->usr, fn->file, fn->internal, refs[i].order);
        mf->name = seam_strdup(fn->name);
        m->nfunctions = i + 1;
        if (!mf->usr || !mf->name) {
            free(refs);
            return SEAM_ENOMEM;
        }
        mf->file = seam_model_find_file(m, fn->file);
        mf->line = fn->line;
        mf->is_static = fn->is_static;
        mf->loc = fn->loc;
        p->body[i] = fn;
        p->funcs.v[i] = (sym_ref){fn->usr, fn->file, i};
    }
    p->funcs.n = u;
    free(refs);
    if (u > 1)
        qsort(p->funcs.v, (size_t)u, sizeof *p->funcs.v, program_sym_ref_cmp);
    return 0;
}

int program_build(program *p, const analyzer_facts *f, seam_model *m, seam_err *err)
{
    memset(p, 0, sizeof *p);
    p->model = m;
    analyzer_options ex = {0};
    ex.exclude = (const char *const *)f->exclude;
    ex.nexclude = f->nexclude;
    int rc = build_files(f, &ex, m);
    if (rc == 0)
        rc = build_functions(p, f, &ex);
    for (int i = 0; rc == 0 && i < p->nfunctions; i++) {
        const fact_func *fn = p->body[i];
        if (fn->ncalls && !(p->callee[i] = malloc((size_t)fn->ncalls * sizeof(int)))) {
            rc = SEAM_ENOMEM;
            break;
        }
        for (int c = 0; c < fn->ncalls; c++)
            p->callee[i][c] = program_symtab_resolve(&p->funcs, &fn->calls[c].callee, fn->file);
    }
    if (rc == 0)
        rc = build_calls(p);
    if (rc < 0)
        return seam_err_set(err, rc, "out of memory merging the parsed translation units");
    return program_syms_build(p, f, err);
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
    free(p->funcs.v);
    memset(p, 0, sizeof *p);
}
