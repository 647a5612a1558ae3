/*
 * program_syms.c - the rest of the program's facts: global variables and who
 * reads or writes them, types and who uses them, functions referenced without
 * a call, #include edges, the list of translation units, and warnings.
 *
 * Definitions are merged like functions (program.c): one per (USR, file),
 * the first TU's wins, the model's usr made unique. Uses are resolved with
 * the same rules as calls (program_symtab_resolve).
 */
#include "analyzer_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct dref {
    const fact_def *d;
    int order;
    int shared;
} dref;

static int dref_by_identity(const void *a, const void *b)
{
    const dref *x = a, *y = b;
    int c = strcmp(x->d->usr, y->d->usr);
    if (!c)
        c = strcmp(x->d->file, y->d->file);
    if (!c)
        c = (x->order > y->order) - (x->order < y->order);
    return c;
}

static int dref_by_model_order(const void *a, const void *b)
{
    const fact_def *x = ((const dref *)a)->d, *y = ((const dref *)b)->d;
    int c = strcmp(x->file, y->file);
    if (!c)
        c = (x->line > y->line) - (x->line < y->line);
    if (!c)
        c = strcmp(x->name, y->name);
    if (!c)
        c = strcmp(x->usr, y->usr);
    return c;
}

/*
 * The unique definitions of globals (types 0) or types (types 1) in model
 * order: *out (borrowed pointers, with shared flags) and a symbol table.
 */
static int merge_defs(const analyzer_facts *f, const seam_model *m, int types, dref **out,
                      int *nout, symtab *tab)
{
    int n = 0;
    for (int t = 0; t < f->ntus; t++)
        n += types ? f->tus[t].ntypes : f->tus[t].nglobals;
    dref *v = calloc((size_t)(n ? n : 1), sizeof *v);
    if (!v)
        return SEAM_ENOMEM;
    n = 0;
    for (int t = 0; t < f->ntus; t++) {
        const tu_facts *tu = &f->tus[t];
        int k = types ? tu->ntypes : tu->nglobals;
        for (int i = 0; i < k; i++) {
            const fact_def *d = types ? &tu->types[i] : &tu->globals[i];
            if (seam_model_find_file(m, d->file) >= 0)
                v[n] = (dref){d, n, 0}, n++;
        }
    }
    if (n > 0)
        qsort(v, (size_t)n, sizeof *v, dref_by_identity);
    int u = 0;
    for (int i = 0; i < n; i++)
        if (u == 0 || strcmp(v[u - 1].d->usr, v[i].d->usr) != 0 ||
            strcmp(v[u - 1].d->file, v[i].d->file) != 0)
            v[u++] = v[i];
    for (int i = 0; i < u; i++)
        v[i].shared = (i > 0 && strcmp(v[i - 1].d->usr, v[i].d->usr) == 0) ||
                      (i + 1 < u && strcmp(v[i + 1].d->usr, v[i].d->usr) == 0);
    if (u > 0)
        qsort(v, (size_t)u, sizeof *v, dref_by_model_order);
    tab->v = calloc((size_t)(u ? u : 1), sizeof *tab->v);
    if (!tab->v) {
        free(v);
        return SEAM_ENOMEM;
    }
    for (int i = 0; i < u; i++)
        tab->v[i] = (sym_ref){v[i].d->usr, v[i].d->file, i};
    tab->n = u;
    if (u > 1)
        qsort(tab->v, (size_t)u, sizeof *tab->v, program_sym_ref_cmp);
    *out = v;
    *nout = u;
    return 0;
}

static int build_globals(seam_model *m, const dref *v, int n)
{
    if (!(m->globals = calloc((size_t)(n ? n : 1), sizeof *m->globals)))
        return SEAM_ENOMEM;
    for (int i = 0; i < n; i++) {
        const fact_def *d = v[i].d;
        seam_global *g = &m->globals[i];
        m->nglobals = i + 1;
        g->usr = program_model_usr(d->usr, d->file, d->internal, v[i].shared);
        g->name = seam_strdup(d->name);
        g->file = seam_model_find_file(m, d->file);
        g->line = d->line;
        g->is_static = d->internal;
        if (!g->usr || !g->name)
            return SEAM_ENOMEM;
    }
    return 0;
}

static int build_types(seam_model *m, const dref *v, int n)
{
    if (!(m->types = calloc((size_t)(n ? n : 1), sizeof *m->types)))
        return SEAM_ENOMEM;
    for (int i = 0; i < n; i++) {
        const fact_def *d = v[i].d;
        seam_type *ty = &m->types[i];
        m->ntypes = i + 1;
        ty->usr = program_model_usr(d->usr, d->file, d->internal, v[i].shared);
        ty->name = seam_strdup(d->name);
        ty->kind = seam_strdup(d->kind);
        ty->file = seam_model_find_file(m, d->file);
        ty->line = d->line;
        if (!ty->usr || !ty->name || !ty->kind)
            return SEAM_ENOMEM;
    }
    return 0;
}

/* (a, b, c) triples: sorted, duplicates merged by OR-ing (or adding) x, keeping the least
 * line (0: none). */
typedef struct triple {
    int a, b, c, x, line;
} triple;

static int triple_cmp(const void *p, const void *q)
{
    const triple *x = p, *y = q;
    if (x->a != y->a)
        return (x->a > y->a) - (x->a < y->a);
    if (x->b != y->b)
        return (x->b > y->b) - (x->b < y->b);
    return (x->c > y->c) - (x->c < y->c);
}

typedef struct triples {
    triple *v;
    int n, cap;
} triples;

static int triple_push(triples *t, int a, int b, int c, int x, int line)
{
    if (seam_array_reserve(&t->v, &t->cap, t->n + 1, sizeof *t->v) < 0)
        return SEAM_ENOMEM;
    t->v[t->n++] = (triple){a, b, c, x, line};
    return 0;
}

/* Sorts and merges equal (a, b, c): x OR-ed (or summed when sum). */
static void triples_merge(triples *t, int sum)
{
    if (t->n > 1)
        qsort(t->v, (size_t)t->n, sizeof *t->v, triple_cmp);
    int w = 0;
    for (int i = 0; i < t->n; i++) {
        if (w > 0 && triple_cmp(&t->v[w - 1], &t->v[i]) == 0) {
            t->v[w - 1].x = sum ? t->v[w - 1].x + t->v[i].x : (t->v[w - 1].x | t->v[i].x);
            if (t->v[i].line > 0 && (t->v[w - 1].line <= 0 || t->v[i].line < t->v[w - 1].line))
                t->v[w - 1].line = t->v[i].line;
        } else
            t->v[w++] = t->v[i];
    }
    t->n = w;
}

static int build_uses(program *p, const symtab *globals, const symtab *types)
{
    seam_model *m = p->model;
    triples g = {0}, ty = {0};
    int rc = 0;
    for (int i = 0; i < p->nfunctions && rc == 0; i++) {
        const fact_func *fn = p->body[i];
        for (int k = 0; k < fn->nglobals && rc == 0; k++) {
            int j = program_symtab_resolve(globals, &fn->globals[k], fn->file);
            if (j >= 0)
                rc = triple_push(&g, i, j, 0, fn->globals[k].access, 0);
        }
        for (int k = 0; k < fn->ntypes && rc == 0; k++) {
            int j = program_symtab_resolve(types, &fn->types[k], fn->file);
            if (j >= 0)
                rc = triple_push(&ty, i, j, 0, 0, 0);
        }
    }
    if (rc == 0) {
        triples_merge(&g, 0);
        triples_merge(&ty, 0);
        m->global_uses = calloc((size_t)(g.n ? g.n : 1), sizeof *m->global_uses);
        m->type_uses = calloc((size_t)(ty.n ? ty.n : 1), sizeof *m->type_uses);
        if (!m->global_uses || !m->type_uses)
            rc = SEAM_ENOMEM;
    }
    for (int i = 0; rc == 0 && i < g.n; i++)
        m->global_uses[m->nglobal_uses++] = (seam_global_use){g.v[i].a, g.v[i].b, g.v[i].x};
    for (int i = 0; rc == 0 && i < ty.n; i++)
        m->type_uses[m->ntype_uses++] = (seam_type_use){ty.v[i].a, ty.v[i].b};
    free(g.v);
    free(ty.v);
    return rc;
}

/* A file-scope reference, identified by where it is written (a header's table is seen by
 * every TU that includes it, and counts once). */
typedef struct fileref {
    int file, line, target;
} fileref;

static int fileref_cmp(const void *p, const void *q)
{
    const fileref *x = p, *y = q;
    if (x->file != y->file)
        return (x->file > y->file) - (x->file < y->file);
    if (x->target != y->target)
        return (x->target > y->target) - (x->target < y->target);
    return (x->line > y->line) - (x->line < y->line);
}

static int build_func_refs(program *p, const analyzer_facts *f)
{
    seam_model *m = p->model;
    triples t = {0};
    fileref *fr = NULL;
    int nfr = 0, capfr = 0, rc = 0;
    /* In functions: (file, function, target), one per reference. */
    for (int i = 0; i < p->nfunctions && rc == 0; i++) {
        const fact_func *fn = p->body[i];
        for (int k = 0; k < fn->nrefs && rc == 0; k++) {
            int j = program_symtab_resolve(&p->funcs, &fn->refs[k], fn->file);
            if (j >= 0)
                rc = triple_push(&t, m->functions[i].file, i, j, 1, fn->refs[k].line);
        }
    }
    for (int tu = 0; tu < f->ntus && rc == 0; tu++)
        for (int k = 0; k < f->tus[tu].nfrefs && rc == 0; k++) {
            const fact_fref *r = &f->tus[tu].frefs[k];
            int file = seam_model_find_file(m, r->in);
            int j = file >= 0 ? program_symtab_resolve(&p->funcs, &r->target, r->in) : -1;
            if (j < 0)
                continue;
            if (seam_array_reserve(&fr, &capfr, nfr + 1, sizeof *fr) < 0)
                rc = SEAM_ENOMEM;
            else
                fr[nfr++] = (fileref){file, r->target.line, j};
        }
    if (nfr > 1)
        qsort(fr, (size_t)nfr, sizeof *fr, fileref_cmp);
    for (int i = 0; i < nfr && rc == 0; i++)
        if (i == 0 || fileref_cmp(&fr[i - 1], &fr[i]) != 0)
            rc = triple_push(&t, fr[i].file, -1, fr[i].target, 1, fr[i].line);
    free(fr);
    if (rc == 0) {
        triples_merge(&t, 1);
        if (!(m->func_refs = calloc((size_t)(t.n ? t.n : 1), sizeof *m->func_refs)))
            rc = SEAM_ENOMEM;
    }
    for (int i = 0; rc == 0 && i < t.n; i++)
        m->func_refs[m->nfunc_refs++] =
            (seam_func_ref){t.v[i].b, t.v[i].a, t.v[i].c, t.v[i].x, t.v[i].line};
    free(t.v);
    return rc;
}

static int build_includes(seam_model *m, const analyzer_facts *f)
{
    triples t = {0};
    int rc = 0;
    for (int tu = 0; tu < f->ntus && rc == 0; tu++)
        for (int k = 0; k < f->tus[tu].nincludes && rc == 0; k++) {
            int a = seam_model_find_file(m, f->tus[tu].includes[k].from);
            int b = seam_model_find_file(m, f->tus[tu].includes[k].to);
            if (a >= 0 && b >= 0)
                rc = triple_push(&t, a, b, 0, 0, 0);
        }
    if (rc == 0) {
        triples_merge(&t, 0);
        if (!(m->includes = calloc((size_t)(t.n ? t.n : 1), sizeof *m->includes)))
            rc = SEAM_ENOMEM;
    }
    for (int i = 0; rc == 0 && i < t.n; i++)
        m->includes[m->nincludes++] = (seam_include){t.v[i].a, t.v[i].b};
    free(t.v);
    return rc;
}

/* Skipped TUs named one by one in the warnings; the rest are one line (all are in tus). */
#define TU_WARNINGS_MAX 10

/*
 * The TU list (facts order: by file, then command key) and the run's
 * warnings (sorted): the first TU_WARNINGS_MAX skipped TUs among them, and
 * one line counting any more, so that a database of a million missing files
 * is not a million warnings.
 */
static int build_tus(seam_model *m, const analyzer_facts *f)
{
    if (!(m->tus = calloc((size_t)(f->ntus ? f->ntus : 1), sizeof *m->tus)))
        return SEAM_ENOMEM;
    int skipped = 0;
    for (int i = 0; i < f->ntus; i++) {
        const tu_facts *tu = &f->tus[i];
        seam_tu *mt = &m->tus[m->ntus++];
        mt->parsed = tu->parsed;
        mt->errors = tu->errors;
        if (!(mt->file = seam_strdup(tu->main_file)))
            return SEAM_ENOMEM;
        for (int d = 0; d < tu->ndiags; d++)
            if (strv_push(&mt->diagnostics, &mt->ndiagnostics, tu->diags[d]) < 0)
                return SEAM_ENOMEM;
        if (!tu->parsed && tu->ndiags > 0 && skipped++ < TU_WARNINGS_MAX &&
            strv_push(&m->code_warnings, &m->ncode_warnings, tu->diags[0]) < 0)
            return SEAM_ENOMEM;
    }
    if (skipped > TU_WARNINGS_MAX) {
        char *more = seam_printf("%d more translation units were skipped besides the %d named in "
                                 "these warnings (each is listed in translation_units)",
                                 skipped - TU_WARNINGS_MAX, TU_WARNINGS_MAX);
        int rc = more ? strv_push(&m->code_warnings, &m->ncode_warnings, more) : SEAM_ENOMEM;
        free(more);
        if (rc < 0)
            return rc;
    }
    for (int i = 0; i < f->nwarnings; i++)
        if (strv_push(&m->code_warnings, &m->ncode_warnings, f->warnings[i]) < 0)
            return SEAM_ENOMEM;
    strv_sort_unique(m->code_warnings, &m->ncode_warnings);
    return 0;
}

int program_syms_build(program *p, const analyzer_facts *f, seam_err *err)
{
    seam_model *m = p->model;
    dref *gv = NULL, *tv = NULL;
    int ng = 0, nt = 0;
    symtab gt = {0}, tt = {0};
    int rc = merge_defs(f, m, 0, &gv, &ng, &gt);
    if (rc == 0)
        rc = merge_defs(f, m, 1, &tv, &nt, &tt);
    if (rc == 0)
        rc = build_globals(m, gv, ng);
    if (rc == 0)
        rc = build_types(m, tv, nt);
    if (rc == 0)
        rc = build_uses(p, &gt, &tt);
    if (rc == 0)
        rc = build_func_refs(p, f);
    if (rc == 0)
        rc = build_includes(m, f);
    if (rc == 0)
        rc = build_tus(m, f);
    free(gv);
    free(tv);
    free(gt.v);
    free(tt.v);
    if (rc < 0)
        return seam_err_set(err, rc, "out of memory merging the parsed translation units");
    return 0;
}
