/*
 * tu_facts.c - one translation unit parsed with libclang, reduced to plain facts.
 *
 * Records the TU's diagnostics (error count and the first errors), the files
 * it read (every one, for the cache; project files with their line counts;
 * #include edges between project files), and, for each declaration in a
 * project file: function definitions with the facts of their bodies
 * (tu_body.c), global variable definitions, type definitions, and functions
 * named in file-scope initialisers (dispatch tables). Also frees those
 * facts.
 *
 * Nothing here is shared between threads: each thread has its own CXIndex
 * and its own path memo.
 */
#include "tu_internal.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t file_slot(const tu_ctx *t, CXFile f)
{
    size_t i = ((uintptr_t)f >> 4) * 0x9E3779B97F4A7C15ull >> 7;
    i &= t->capfiles - 1;
    while (t->files[i].file && t->files[i].file != f)
        i = (i + 1) & (t->capfiles - 1);
    return i;
}

static int files_grow(tu_ctx *t)
{
    size_t cap = t->capfiles ? t->capfiles * 2 : 256;
    file_ent *old = t->files;
    size_t oldcap = t->capfiles;
    if (!(t->files = calloc(cap, sizeof *t->files))) {
        t->files = old;
        return SEAM_ENOMEM;
    }
    t->capfiles = cap;
    for (size_t i = 0; i < oldcap; i++)
        if (old[i].file)
            t->files[file_slot(t, old[i].file)] = old[i];
    free(old);
    return 0;
}

static void memo_free_value(void *v)
{
    free(v);
}

/* clang's name of a file -> its SRC-relative path (NULL outside), through the worker's memo. */
static const char *memo_rel(tu_ctx *t, const char *name)
{
    void *v;
    if (strmap_get(t->memo, name, &v))
        return v;
    /* Real paths: a symlinked SRC or "dir/../x.h" still lands on one project file. */
    char *real = realpath(name, NULL);
    const char *rel = real ? path_relative(t->root, real) : NULL;
    char *copy = rel ? seam_strdup(rel) : NULL;
    free(real);
    if ((rel && !copy) || strmap_put(t->memo, name, copy) < 0) {
        free(copy);
        t->rc = SEAM_ENOMEM;
        return NULL;
    }
    return copy;
}

void tu_facts_memo_free(strmap *memo)
{
    strmap_free(memo, memo_free_value);
}

/* Physical lines of a file libclang has loaded. */
static int count_lines(CXTranslationUnit tu, CXFile f)
{
    size_t size = 0;
    const char *p = clang_getFileContents(tu, f, &size);
    if (!p)
        return 0;
    int lines = 0;
    for (const char *e = p + size, *q = p; q < e && (q = memchr(q, '\n', (size_t)(e - q))); q++)
        lines++;
    return lines + (size > 0 && p[size - 1] != '\n');
}

const char *tu_facts_file_rel(tu_ctx *t, CXFile f)
{
    if (!f || t->rc)
        return NULL;
    if ((t->nfiles + 1) * 2 > t->capfiles && files_grow(t) < 0) {
        t->rc = SEAM_ENOMEM;
        return NULL;
    }
    size_t i = file_slot(t, f);
    if (t->files[i].file)
        return t->files[i].rel;
    CXString name = clang_getFileName(f);
    const char *rel = memo_rel(t, clang_getCString(name));
    tu_facts *o = t->out;
    /* Every file read, project or not, is a dependency of the TU's facts. */
    if (t->rc == 0 &&
        (seam_array_reserve(&o->deps, &o->capdeps, o->ndeps + 1, sizeof *o->deps) < 0 ||
         !(o->deps[o->ndeps++] = seam_strdup(clang_getCString(name)))))
        t->rc = SEAM_ENOMEM;
    clang_disposeString(name);
    if (t->rc)
        return NULL;
    if (rel) {
        if (seam_array_reserve(&o->files, &o->capfiles, o->nfiles + 1, sizeof *o->files) < 0 ||
            !(o->files[o->nfiles].path = seam_strdup(rel))) {
            t->rc = SEAM_ENOMEM;
            return NULL;
        }
        o->files[o->nfiles++].lines = count_lines(t->tu, f);
    }
    t->files[i].file = f;
    t->files[i].rel = rel;
    t->nfiles++;
    return rel;
}

const char *tu_facts_loc_rel(tu_ctx *t, CXSourceLocation loc, int *line)
{
    CXFile f = NULL;
    unsigned l = 0;
    clang_getExpansionLocation(loc, &f, &l, NULL, NULL);
    *line = (int)l;
    return tu_facts_file_rel(t, f);
}

/* Every file of the TU, and the #include edges between project files. */
static void inclusion_visit(CXFile f, CXSourceLocation *stack, unsigned n, CXClientData data)
{
    tu_ctx *t = data;
    const char *to = tu_facts_file_rel(t, f);
    if (!to || n == 0)
        return;
    int line;
    const char *from = tu_facts_loc_rel(t, stack[0], &line);
    if (!from)
        return;
    tu_facts *o = t->out;
    fact_include inc = {seam_strdup(from), seam_strdup(to)};
    if (!inc.from || !inc.to ||
        seam_array_reserve(&o->includes, &o->capincludes, o->nincludes + 1, sizeof *o->includes) <
            0) {
        free(inc.from);
        free(inc.to);
        t->rc = SEAM_ENOMEM;
        return;
    }
    o->includes[o->nincludes++] = inc;
}

/* ---- definitions at file scope -------------------------------------------- */

static int def_push(tu_ctx *t, fact_def **v, int *n, int *cap, CXCursor c, const char *kind,
                    const char *rel, int line)
{
    fact_def d;
    memset(&d, 0, sizeof d);
    CXString usr = clang_getCursorUSR(c), name = clang_getCursorSpelling(c);
    d.usr = seam_strdup(clang_getCString(usr));
    d.name = seam_strdup(clang_getCString(name));
    clang_disposeString(usr);
    clang_disposeString(name);
    d.kind = kind ? seam_strdup(kind) : NULL;
    d.file = seam_strdup(rel);
    d.line = line;
    d.internal =
        kind ? strcmp(kind, "typedef") == 0 : clang_getCursorLinkage(c) == CXLinkage_Internal;
    /* A global's literal initialiser: its value for TUs that only declare it. */
    if (!kind) {
        child_scan s = tu_values_expr_children(c);
        CXCursor above, init = s.n ? tu_values_expr_strip(s.last, &above) : clang_getNullCursor();
        int nomem = 0;
        if (s.n && clang_getCursorKind(init) == CXCursor_StringLiteral &&
            !(d.value = tu_values_literal_text(init, above, &nomem)) && nomem)
            d.usr = (free(d.usr), NULL); /* reported below as out of memory */
    }
    if (!d.usr || !d.name || (kind && !d.kind) || !d.file ||
        seam_array_reserve(v, cap, *n + 1, sizeof **v) < 0) {
        free(d.usr);
        free(d.name);
        free(d.kind);
        free(d.file);
        free(d.value);
        return t->rc = SEAM_ENOMEM;
    }
    (*v)[(*n)++] = d;
    return 0;
}

static const char *type_kind(enum CXCursorKind k)
{
    switch (k) {
    case CXCursor_StructDecl:
        return "struct";
    case CXCursor_UnionDecl:
        return "union";
    case CXCursor_EnumDecl:
        return "enum";
    case CXCursor_TypedefDecl:
        return "typedef";
    default:
        return NULL;
    }
}

static enum CXChildVisitResult top_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    tu_ctx *t = data;
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_LinkageSpec || k == CXCursor_UnexposedDecl)
        return CXChildVisit_Recurse; /* extern "C" { ... } */
    /* Most top-level declarations come from system headers: the cheapest test first. */
    CXSourceLocation loc = clang_getCursorLocation(c);
    if (clang_Location_isInSystemHeader(loc))
        return CXChildVisit_Continue;
    int line;
    const char *rel = tu_facts_loc_rel(t, loc, &line);
    if (!rel)
        return t->rc ? CXChildVisit_Break : CXChildVisit_Continue;
    tu_facts *o = t->out;
    const char *kind = type_kind(k);
    if (k == CXCursor_FunctionDecl) {
        if (clang_isCursorDefinition(c))
            tu_body_collect_function(t, c, rel, line);
    } else if (k == CXCursor_VarDecl) {
        /* Tentative definitions ("int g;") count: libclang does not call them definitions. */
        if ((clang_isCursorDefinition(c) || clang_Cursor_getStorageClass(c) != CX_SC_Extern) &&
            def_push(t, &o->globals, &o->nglobals, &o->capglobals, c, NULL, rel, line) == 0)
            tu_body_collect_file_refs(t, c);
    } else if (kind && (k == CXCursor_TypedefDecl || clang_isCursorDefinition(c)) &&
               !clang_Cursor_isAnonymous(c)) {
        def_push(t, &o->types, &o->ntypes, &o->captypes, c, kind, rel, line);
    }
    return t->rc ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* ---- diagnostics ------------------------------------------------------------ */

/* "path:line:col: message", the path relative to SRC, or its last component outside SRC. */
static char *diag_text(tu_ctx *t, CXDiagnostic d)
{
    CXFile f = NULL;
    unsigned line = 0, col = 0;
    clang_getSpellingLocation(clang_getDiagnosticLocation(d), &f, &line, &col, NULL);
    const char *rel = tu_facts_file_rel(t, f);
    CXString name = clang_getFileName(f);
    const char *full = clang_getCString(name);
    const char *base = full ? strrchr(full, '/') : NULL;
    const char *shown = rel ? rel : base ? base + 1 : full ? full : "";
    CXString msg = clang_getDiagnosticSpelling(d);
    char *text = shown[0] ? seam_printf("%s:%u:%u: %s", shown, line, col, clang_getCString(msg))
                          : seam_strdup(clang_getCString(msg));
    clang_disposeString(msg);
    clang_disposeString(name);
    return text;
}

static int diags_collect(tu_ctx *t)
{
    tu_facts *o = t->out;
    unsigned nd = clang_getNumDiagnostics(t->tu);
    for (unsigned i = 0; i < nd && t->rc == 0; i++) {
        CXDiagnostic d = clang_getDiagnostic(t->tu, i);
        if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error) {
            o->errors++;
            if (o->ndiags < TU_MAX_DIAGS) {
                char *text = diag_text(t, d);
                if (!text || strv_push(&o->diags, &o->ndiags, text) < 0)
                    t->rc = SEAM_ENOMEM;
                free(text);
            }
        }
        clang_disposeDiagnostic(d);
    }
    return t->rc;
}

/* ---- freeing facts ---- */

void tu_facts_sym_free(fact_sym *s)
{
    free(s->usr);
    free(s->name);
    free(s->file);
}

void tu_facts_arg_free(fact_arg *a)
{
    free(a->sql);
    free(a->file);
}

void tu_facts_call_free(fact_call *c)
{
    tu_facts_sym_free(&c->callee);
    for (int i = 0; i < c->nargs; i++)
        tu_facts_arg_free(&c->args[i]);
    free(c->args);
}

void tu_facts_func_free(fact_func *f)
{
    free(f->usr);
    free(f->name);
    free(f->file);
    for (int i = 0; i < f->ncalls; i++)
        tu_facts_call_free(&f->calls[i]);
    free(f->calls);
    for (int i = 0; i < f->nrefs; i++)
        tu_facts_sym_free(&f->refs[i]);
    free(f->refs);
    for (int i = 0; i < f->nglobals; i++)
        tu_facts_sym_free(&f->globals[i]);
    free(f->globals);
    for (int i = 0; i < f->ntypes; i++)
        tu_facts_sym_free(&f->types[i]);
    free(f->types);
    for (int i = 0; i < f->nkeywords; i++)
        tu_facts_arg_free(&f->keywords[i]);
    free(f->keywords);
    for (int i = 0; i < f->nreturns; i++)
        tu_facts_arg_free(&f->returns[i]);
    free(f->returns);
}

void tu_facts_free(tu_facts *f)
{
    if (!f)
        return;
    free(f->main_file);
    strv_free(f->diags, f->ndiags);
    for (int i = 0; i < f->nfiles; i++)
        free(f->files[i].path);
    free(f->files);
    for (int i = 0; i < f->nincludes; i++) {
        free(f->includes[i].from);
        free(f->includes[i].to);
    }
    free(f->includes);
    for (int i = 0; i < f->nfuncs; i++)
        tu_facts_func_free(&f->funcs[i]);
    free(f->funcs);
    fact_def *defs[2] = {f->globals, f->types};
    int ndefs[2] = {f->nglobals, f->ntypes};
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i < ndefs[k]; i++) {
            free(defs[k][i].usr);
            free(defs[k][i].name);
            free(defs[k][i].kind);
            free(defs[k][i].file);
            free(defs[k][i].value);
        }
        free(defs[k]);
    }
    for (int i = 0; i < f->nfrefs; i++) {
        free(f->frefs[i].in);
        tu_facts_sym_free(&f->frefs[i].target);
    }
    free(f->frefs);
    for (int i = 0; i < f->nelems; i++) {
        free(f->elems[i].usr);
        free(f->elems[i].text);
    }
    free(f->elems);
    strv_free(f->deps, f->ndeps);
    free(f->blob);
    memset(f, 0, sizeof *f);
}

/* Physical lines of a file read from disk; -1 when it cannot be read. */
static int file_lines(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    int lines = 0, c, last = '\n';
    while ((c = getc(fp)) != EOF) {
        lines += c == '\n';
        last = c;
    }
    fclose(fp);
    return lines + (last != '\n');
}

/*
 * libclang gave no translation unit: the TU is one error of its file, and
 * skipped. Its file is a project file only when it exists.
 */
static int tu_unparsed(const compdb_entry *e, enum CXErrorCode ec, tu_facts *out)
{
    out->errors = 1;
    int lines = file_lines(e->file);
    const char *why = lines >= 0 ? "libclang could not parse it" : "the file cannot be read";
    char *msg = seam_printf("%s: %s (libclang error %d); skipped", out->main_file, why, (int)ec);
    int rc = msg ? strv_push(&out->diags, &out->ndiags, msg) : SEAM_ENOMEM;
    free(msg);
    if (rc == 0 && lines >= 0) {
        if (seam_array_reserve(&out->files, &out->capfiles, 1, sizeof *out->files) < 0 ||
            !(out->files[0].path = seam_strdup(out->main_file)))
            rc = SEAM_ENOMEM;
        else
            out->files[out->nfiles++].lines = lines;
    }
    if (rc == 0 && strv_push(&out->deps, &out->ndeps, e->file) < 0)
        rc = SEAM_ENOMEM;
    return rc;
}

int tu_facts_collect(CXIndex idx, const compdb_entry *e, const char *src_root, strmap *memo,
                     tu_facts *out, seam_err *err)
{
    tu_ctx t;
    memset(&t, 0, sizeof t);
    t.root = src_root;
    t.memo = memo;
    t.out = out;
    memcpy(out->key, e->key, sizeof out->key);
    if (!(out->main_file = seam_strdup(e->rel ? e->rel : e->file)))
        return seam_err_set(err, SEAM_ENOMEM, "out of memory parsing '%s'", e->file);

    /*
     * KeepGoing: a syntax error must not hide the rest of the file's facts.
     * IgnoreNonErrorsFromIncludedFiles: warnings in headers are never read.
     * No detailed preprocessing record and full function bodies (needed).
     */
    unsigned flags =
        CXTranslationUnit_KeepGoing | CXTranslationUnit_IgnoreNonErrorsFromIncludedFiles;
    enum CXErrorCode ec = clang_parseTranslationUnit2(idx, e->file, (const char *const *)e->argv,
                                                      e->argc, NULL, 0, flags, &t.tu);
    if (ec != CXError_Success || !t.tu) {
        if (tu_unparsed(e, ec, out) < 0)
            return seam_err_set(err, SEAM_ENOMEM, "out of memory parsing '%s'", e->file);
        return 0;
    }
    out->parsed = 1;
    /* The main file first, so the dependency list starts with it. */
    (void)tu_facts_file_rel(&t, clang_getFile(t.tu, e->file));
    clang_getInclusions(t.tu, inclusion_visit, &t);
    if (t.rc == 0)
        diags_collect(&t);
    if (t.rc == 0)
        t.rc = tu_fields_collect(&t);
    if (t.rc == 0)
        clang_visitChildren(clang_getTranslationUnitCursor(t.tu), top_visit, &t);
    tu_fields_free(&t);
    clang_disposeTranslationUnit(t.tu);
    free(t.files);
    if (t.rc < 0)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory parsing '%s'", e->file);
    return 0;
}
