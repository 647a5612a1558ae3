/*
 * tu_facts.c - one translation unit parsed with libclang, reduced to plain facts.
 *
 * For every function definition in a project file (a file under SRC) it
 * records the definition and, per call expression in its body, the callee and
 * the arguments that carry something SQL detection needs: one of the
 * function's own parameters, or a string literal. Values are followed through
 * parens and casts, through the arms of ?:, and through local variables
 * (initialised with the value, or written by sprintf/snprintf with it as the
 * format), file-scope variables initialised with a literal, and tables:
 * table[i].field / table[i] / rec.field of a variable with an initialiser list.
 *
 * Nothing here is shared between threads: each thread has its own CXIndex.
 */
#include "analyzer_int.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* A CXFile and its path relative to SRC (NULL: outside SRC). */
typedef struct file_ent {
    CXFile file;
    char *rel;
} file_ent;

typedef struct tu_ctx {
    const char *root;
    tu_facts *out;
    file_ent *files;
    int nfiles, capfiles;
    int last; /* index of the last file looked up: most lookups repeat it */
    int rc;
} tu_ctx;

/* A value an expression can carry into a call argument. */
typedef struct value {
    int param;  /* >= 0: the enclosing function's parameter */
    char *sql;  /* a string literal's text */
    char *file; /* the literal's SRC-relative file (borrowed from the file cache) */
    int line;
    char *var; /* a variable's USR: resolved against the bindings at the end of the function */
} value;

typedef struct values {
    value *v;
    int n, cap;
} values;

/* A local variable that holds a value (initialiser or sprintf format). */
typedef struct binding {
    char *var;
    value val;
} binding;

/* An argument that is a variable, resolved when the whole body has been seen. */
typedef struct pending {
    int call;
    int pos;
    char *var;
} pending;

typedef struct body_ctx {
    tu_ctx *t;
    fact_func *fn;
    CXCursor *params;
    int nparams;
    binding *binds;
    int nbinds, capbinds;
    pending *pend;
    int npend, cappend;
} body_ctx;

const char *analyzer_relpath(const char *root, const char *abs)
{
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return abs[0] == '/' && abs[1] ? abs + 1 : NULL;
    if (strncmp(abs, root, n) != 0 || abs[n] != '/' || abs[n + 1] == '\0')
        return NULL;
    return abs + n + 1;
}

/*
 * The SRC-relative path of f, or NULL. Real paths are compared so that a
 * symlinked SRC or "dir/../x.h" includes still land on one project file.
 */
static const char *file_rel(tu_ctx *t, CXFile f)
{
    if (!f)
        return NULL;
    if (t->last < t->nfiles && t->files[t->last].file == f)
        return t->files[t->last].rel;
    for (int i = 0; i < t->nfiles; i++)
        if (t->files[i].file == f) {
            t->last = i;
            return t->files[i].rel;
        }
    if (seam_array_reserve(&t->files, &t->capfiles, t->nfiles + 1, sizeof *t->files) < 0) {
        t->rc = SEAM_ENOMEM;
        return NULL;
    }
    CXString name = clang_getFileName(f);
    char *real = realpath(clang_getCString(name), NULL);
    clang_disposeString(name);
    const char *rel = real ? analyzer_relpath(t->root, real) : NULL;
    file_ent *e = &t->files[t->nfiles];
    e->file = f;
    e->rel = rel ? seam_strdup(rel) : NULL;
    free(real);
    if (rel && !e->rel) {
        t->rc = SEAM_ENOMEM;
        return NULL;
    }
    if (e->rel) {
        tu_facts *o = t->out;
        if (seam_array_reserve(&o->files, &o->capfiles, o->nfiles + 1, sizeof *o->files) < 0 ||
            !(o->files[o->nfiles] = seam_strdup(e->rel))) {
            free(e->rel);
            t->rc = SEAM_ENOMEM;
            return NULL;
        }
        o->nfiles++;
    }
    t->last = t->nfiles++;
    return e->rel;
}

/* Where a location is once macros are expanded: file (SRC-relative or NULL) and line. */
static const char *loc_rel(tu_ctx *t, CXSourceLocation loc, int *line)
{
    CXFile f = NULL;
    unsigned l = 0;
    clang_getExpansionLocation(loc, &f, &l, NULL, NULL);
    *line = (int)l;
    return file_rel(t, f);
}

static void inclusion_visit(CXFile f, CXSourceLocation *stack, unsigned n, CXClientData data)
{
    (void)stack;
    (void)n;
    tu_ctx *t = data;
    if (t->rc == 0)
        (void)file_rel(t, f);
}

/* ---- expressions -------------------------------------------------------- */

typedef struct child_scan {
    CXCursor last;
    CXCursor all[3]; /* the first three expression children */
    int n;
} child_scan;

static enum CXChildVisitResult child_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    child_scan *s = data;
    if (clang_isExpression(clang_getCursorKind(c))) {
        if (s->n < 3)
            s->all[s->n] = c;
        s->n++;
        s->last = c;
    }
    return CXChildVisit_Continue;
}

static child_scan expr_children(CXCursor c)
{
    child_scan s;
    memset(&s, 0, sizeof s);
    s.last = clang_getNullCursor();
    clang_visitChildren(c, child_visit, &s);
    return s;
}

/*
 * Follows parens, casts and implicit conversions (libclang shows those as
 * UnexposedExpr with a single operand) down to the expression that gives the
 * value. *above is the last node passed through (null cursor if none).
 */
static CXCursor expr_strip(CXCursor c, CXCursor *above)
{
    *above = clang_getNullCursor();
    for (;;) {
        enum CXCursorKind k = clang_getCursorKind(c);
        if (k != CXCursor_UnexposedExpr && k != CXCursor_ParenExpr && k != CXCursor_CStyleCastExpr)
            return c;
        child_scan s = expr_children(c);
        if (s.n != 1)
            return c;
        *above = c;
        c = s.last;
    }
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/*
 * Decodes the C escapes of a literal as libclang spells it ("..." with the
 * adjacent pieces already joined). Used when libclang will not evaluate it.
 */
static char *literal_unescape(const char *s)
{
    const char *q = strchr(s, '"');
    if (!q)
        return NULL;
    size_t n = strlen(q);
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = q + 1; *p && !(*p == '"' && p[1] == '\0'); p++) {
        if (*p != '\\' || !p[1]) {
            *o++ = *p;
            continue;
        }
        p++;
        switch (*p) {
        case 'n':
            *o++ = '\n';
            break;
        case 't':
            *o++ = '\t';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 'a':
            *o++ = '\a';
            break;
        case 'b':
            *o++ = '\b';
            break;
        case 'f':
            *o++ = '\f';
            break;
        case 'v':
            *o++ = '\v';
            break;
        case 'x': {
            int v = 0, d;
            while ((d = hexval(p[1])) >= 0) {
                v = v * 16 + d;
                p++;
            }
            *o++ = (char)v;
            break;
        }
        default:
            if (*p >= '0' && *p <= '7') {
                int v = 0;
                for (int i = 0; i < 3 && *p >= '0' && *p <= '7'; i++, p++)
                    v = v * 8 + (*p - '0');
                p--;
                *o++ = (char)v;
            } else {
                *o++ = *p; /* \\ \" \' \? */
            }
        }
    }
    *o = '\0';
    return out;
}

/*
 * The text of a narrow string literal, or NULL (wide literals are not SQL we
 * can read). libclang evaluates the literal through the conversion above it;
 * a bare literal (an array initialiser) is decoded from its spelling.
 */
static char *literal_text(CXCursor lit, CXCursor above, int *nomem)
{
    CXString sp = clang_getCursorSpelling(lit);
    const char *s = clang_getCString(sp);
    char *text = NULL;
    int narrow = s && (s[0] == '"' || strncmp(s, "u8\"", 3) == 0);
    if (narrow && !clang_Cursor_isNull(above)) {
        CXEvalResult r = clang_Cursor_Evaluate(above);
        if (r) {
            if (clang_EvalResult_getKind(r) == CXEval_StrLiteral) {
                text = seam_strdup(clang_EvalResult_getAsStr(r));
                if (!text)
                    *nomem = 1;
            }
            clang_EvalResult_dispose(r);
        }
    }
    if (narrow && !text && !*nomem && !(text = literal_unescape(s)))
        *nomem = 1;
    clang_disposeString(sp);
    return text;
}

static int values_push(values *vs, value v)
{
    if (seam_array_reserve(&vs->v, &vs->cap, vs->n + 1, sizeof *vs->v) < 0) {
        free(v.sql);
        free(v.var);
        return SEAM_ENOMEM;
    }
    vs->v[vs->n++] = v;
    return 0;
}

static void values_free(values *vs)
{
    for (int i = 0; i < vs->n; i++) {
        free(vs->v[i].sql);
        free(vs->v[i].var);
    }
    free(vs->v);
}

static int values_of(body_ctx *b, CXCursor expr, values *out, int depth);

/* The initialiser of a variable's definition, or a null cursor. */
static CXCursor var_init(CXCursor var)
{
    CXCursor def = clang_getCursorDefinition(var);
    child_scan s = expr_children(clang_Cursor_isNull(def) ? var : def);
    return s.n ? s.last : clang_getNullCursor();
}

/* A file-scope variable initialised with a literal: its literal(s). */
static int global_values(body_ctx *b, CXCursor var, values *out, int depth)
{
    CXCursor init = var_init(var);
    if (clang_Cursor_isNull(init))
        return 0;
    values tmp = {0};
    int rc = values_of(b, init, &tmp, depth + 1);
    /* Only literals: a global holds no parameter, and another global is no constant. */
    for (int i = 0; rc == 0 && i < tmp.n; i++)
        if (tmp.v[i].sql) {
            rc = values_push(out, tmp.v[i]);
            tmp.v[i].sql = NULL;
        }
    values_free(&tmp);
    return rc;
}

/* Finds, in one struct initialiser list, the expression that initialises a field. */
typedef struct field_find {
    CXCursor field;
    int index; /* the field's position among the record's fields */
    int pos;   /* position of the next positional initialiser */
    CXCursor found;
} field_find;

static enum CXVisitorResult field_index_visit(CXCursor c, CXClientData data)
{
    field_find *f = data;
    if (clang_equalCursors(c, f->field))
        return CXVisit_Break;
    f->index++;
    return CXVisit_Continue;
}

/* Whether an initialiser is designated, and for which field. */
typedef struct designator {
    CXCursor field;
    int match; /* 0: positional, 1: designates field, -1: designates another field */
} designator;

static enum CXChildVisitResult designator_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    designator *d = data;
    if (clang_getCursorKind(c) == CXCursor_MemberRef) {
        d->match = clang_equalCursors(clang_getCursorReferenced(c), d->field) ? 1 : -1;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Continue;
}

static enum CXChildVisitResult field_init_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    field_find *f = data;
    if (!clang_isExpression(clang_getCursorKind(c)))
        return CXChildVisit_Continue;
    /* {.sql = "..."}: libclang shows the designator as a MemberRef child. */
    designator d = {f->field, 0};
    if (clang_getCursorKind(c) == CXCursor_UnexposedExpr)
        clang_visitChildren(c, designator_visit, &d);
    if (d.match == 1 || (d.match == 0 && f->pos == f->index)) {
        f->found = c;
        return CXChildVisit_Break;
    }
    f->pos++;
    return CXChildVisit_Continue;
}

/* Appends the values of one element: the element itself, or its initialiser of field. */
static int element_values(body_ctx *b, CXCursor elem, CXCursor field, values *out, int depth)
{
    if (clang_Cursor_isNull(field))
        return values_of(b, elem, out, depth + 1);
    if (clang_getCursorKind(elem) != CXCursor_InitListExpr)
        return 0;
    field_find f = {field, 0, 0, clang_getNullCursor()};
    CXType rec = clang_getCursorType(clang_getCursorSemanticParent(field));
    clang_Type_visitFields(rec, field_index_visit, &f);
    clang_visitChildren(elem, field_init_visit, &f);
    return clang_Cursor_isNull(f.found) ? 0 : values_of(b, f.found, out, depth + 1);
}

typedef struct elem_walk {
    body_ctx *b;
    CXCursor field;
    values *out;
    int depth;
    int rc;
} elem_walk;

static enum CXChildVisitResult elem_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    elem_walk *w = data;
    if (clang_isExpression(clang_getCursorKind(c)))
        w->rc = element_values(w->b, c, w->field, w->out, w->depth);
    return w->rc < 0 ? CXChildVisit_Break : CXChildVisit_Continue;
}

/*
 * table[i].field, table[i] and rec.field, where the variable has an
 * initialiser list (a table of statements): every value the initialiser
 * gives that element or field. Values are what the table was written with;
 * later writes to it are not followed.
 */
static int aggregate_values(body_ctx *b, CXCursor c, values *out, int depth)
{
    CXCursor above, field = clang_getNullCursor(), base = c;
    if (clang_getCursorKind(c) == CXCursor_MemberRefExpr) {
        field = clang_getCursorReferenced(c);
        child_scan s = expr_children(c);
        if (s.n != 1 || clang_getCursorKind(field) != CXCursor_FieldDecl)
            return 0;
        base = expr_strip(s.all[0], &above);
    }
    int subscript = clang_getCursorKind(base) == CXCursor_ArraySubscriptExpr;
    if (subscript) {
        child_scan s = expr_children(base);
        if (s.n != 2)
            return 0;
        base = expr_strip(s.all[0], &above);
    }
    if (clang_getCursorKind(base) != CXCursor_DeclRefExpr ||
        (!subscript && clang_Cursor_isNull(field)))
        return 0;
    CXCursor var = clang_getCursorReferenced(base);
    if (clang_getCursorKind(var) != CXCursor_VarDecl)
        return 0;
    CXCursor init = var_init(var);
    if (clang_getCursorKind(init) != CXCursor_InitListExpr)
        return 0;
    if (!subscript)
        return element_values(b, init, field, out, depth);
    elem_walk w = {b, field, out, depth, 0};
    clang_visitChildren(init, elem_visit, &w);
    return w.rc;
}

/* Appends to *out what expr can carry: parameters, literals, variables. */
static int values_of(body_ctx *b, CXCursor expr, values *out, int depth)
{
    if (depth > 8)
        return 0;
    CXCursor above;
    CXCursor c = expr_strip(expr, &above);
    enum CXCursorKind k = clang_getCursorKind(c);
    value v = {.param = -1};
    if (k == CXCursor_StringLiteral) {
        int nomem = 0;
        v.sql = literal_text(c, above, &nomem);
        if (nomem)
            return SEAM_ENOMEM;
        if (!v.sql)
            return 0;
        v.file = (char *)loc_rel(b->t, clang_getCursorLocation(c), &v.line);
        if (!v.file)
            v.file = b->fn->file;
        return values_push(out, v);
    }
    if (k == CXCursor_ConditionalOperator) {
        child_scan s = expr_children(c);
        int rc = 0;
        for (int i = 1; rc == 0 && i < 3 && i < s.n; i++)
            rc = values_of(b, s.all[i], out, depth + 1);
        return rc;
    }
    if (k == CXCursor_MemberRefExpr || k == CXCursor_ArraySubscriptExpr)
        return aggregate_values(b, c, out, depth);
    if (k != CXCursor_DeclRefExpr)
        return 0;
    CXCursor r = clang_getCursorReferenced(c);
    enum CXCursorKind rk = clang_getCursorKind(r);
    if (rk == CXCursor_ParmDecl) {
        for (int i = 0; i < b->nparams; i++)
            if (clang_equalCursors(r, b->params[i])) {
                v.param = i;
                return values_push(out, v);
            }
        return 0;
    }
    if (rk != CXCursor_VarDecl)
        return 0;
    if (clang_getCursorKind(clang_getCursorSemanticParent(r)) == CXCursor_TranslationUnit)
        return global_values(b, r, out, depth);
    CXString usr = clang_getCursorUSR(r);
    v.var = seam_strdup(clang_getCString(usr));
    clang_disposeString(usr);
    return v.var ? values_push(out, v) : SEAM_ENOMEM;
}

/* Records that variable var holds each of vals (variables among them are not followed). */
static int bind_values(body_ctx *b, const char *var, values *vals)
{
    for (int i = 0; i < vals->n; i++) {
        value *v = &vals->v[i];
        if (v->var)
            continue;
        if (seam_array_reserve(&b->binds, &b->capbinds, b->nbinds + 1, sizeof *b->binds) < 0)
            return SEAM_ENOMEM;
        binding *bd = &b->binds[b->nbinds];
        if (!(bd->var = seam_strdup(var)))
            return SEAM_ENOMEM;
        bd->val = *v;
        v->sql = NULL; /* moved */
        b->nbinds++;
    }
    return 0;
}

static int var_usr_of(CXCursor expr, char **usr)
{
    CXCursor above;
    CXCursor c = expr_strip(expr, &above);
    *usr = NULL;
    if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
        return 0;
    CXCursor r = clang_getCursorReferenced(c);
    if (clang_getCursorKind(r) != CXCursor_VarDecl)
        return 0;
    CXString s = clang_getCursorUSR(r);
    *usr = seam_strdup(clang_getCString(s));
    clang_disposeString(s);
    return *usr ? 0 : SEAM_ENOMEM;
}

/* sprintf-family functions: the position of the format argument, or -1. */
static int format_pos(const char *name)
{
    if (strcmp(name, "sprintf") == 0 || strcmp(name, "vsprintf") == 0)
        return 1;
    if (strcmp(name, "snprintf") == 0 || strcmp(name, "vsnprintf") == 0)
        return 2;
    return -1;
}

static int arg_push(fact_call *call, fact_arg a)
{
    if (seam_array_reserve(&call->args, &call->capargs, call->nargs + 1, sizeof *call->args) < 0) {
        free(a.sql);
        free(a.file);
        return SEAM_ENOMEM;
    }
    call->args[call->nargs++] = a;
    return 0;
}

static void call_free(fact_call *c)
{
    free(c->callee_usr);
    free(c->callee_name);
    free(c->callee_file);
    for (int i = 0; i < c->nargs; i++) {
        free(c->args[i].sql);
        free(c->args[i].file);
    }
    free(c->args);
}

/* Turns one argument's values into facts of the call (variables wait in b->pend). */
static int call_add_values(body_ctx *b, fact_call *call, int pos, values *vals)
{
    for (int i = 0; i < vals->n; i++) {
        value *v = &vals->v[i];
        if (v->var) {
            if (seam_array_reserve(&b->pend, &b->cappend, b->npend + 1, sizeof *b->pend) < 0)
                return SEAM_ENOMEM;
            b->pend[b->npend++] = (pending){b->fn->ncalls, pos, v->var};
            v->var = NULL;
            continue;
        }
        fact_arg a = {pos, v->param, v->sql, NULL, v->line};
        v->sql = NULL;
        if (a.sql && !(a.file = seam_strdup(v->file))) {
            free(a.sql);
            return SEAM_ENOMEM;
        }
        if (arg_push(call, a) < 0)
            return SEAM_ENOMEM;
    }
    return 0;
}

static int call_collect(body_ctx *b, CXCursor c)
{
    CXCursor ref = clang_getCursorReferenced(c);
    if (clang_getCursorKind(ref) != CXCursor_FunctionDecl)
        return 0; /* calls through pointers have no callee to name */
    fact_call call;
    memset(&call, 0, sizeof call);
    int rc = SEAM_ENOMEM;
    CXString usr = clang_getCursorUSR(ref), name = clang_getCursorSpelling(ref);
    call.callee_usr = seam_strdup(clang_getCString(usr));
    call.callee_name = seam_strdup(clang_getCString(name));
    clang_disposeString(usr);
    clang_disposeString(name);
    if (!call.callee_usr || !call.callee_name)
        goto out;
    call.callee_internal = clang_getCursorLinkage(ref) == CXLinkage_Internal;
    CXCursor def = clang_getCursorDefinition(ref);
    if (!clang_Cursor_isNull(def)) {
        int l;
        const char *rel = loc_rel(b->t, clang_getCursorLocation(def), &l);
        if (rel && !(call.callee_file = seam_strdup(rel)))
            goto out;
    }
    (void)loc_rel(b->t, clang_getCursorLocation(c), &call.line);
    if (b->t->rc)
        goto out;

    int nargs = clang_Cursor_getNumArguments(c);
    int fmt = format_pos(call.callee_name);
    for (int k = 0; k < nargs; k++) {
        values vals = {0};
        CXCursor arg = clang_Cursor_getArgument(c, (unsigned)k);
        rc = values_of(b, arg, &vals, 0);
        /* sprintf(buf, fmt, ...): buf now holds what fmt carries. */
        if (rc == 0 && k == fmt && nargs > 0) {
            char *dest;
            rc = var_usr_of(clang_Cursor_getArgument(c, 0), &dest);
            if (rc == 0 && dest)
                rc = bind_values(b, dest, &vals);
            free(dest);
        }
        if (rc == 0)
            rc = call_add_values(b, &call, k, &vals);
        values_free(&vals);
        if (rc < 0)
            goto out;
    }
    fact_func *fn = b->fn;
    rc = SEAM_ENOMEM;
    if (seam_array_reserve(&fn->calls, &fn->capcalls, fn->ncalls + 1, sizeof *fn->calls) < 0)
        goto out;
    fn->calls[fn->ncalls++] = call;
    return 0;
out:
    call_free(&call);
    return rc < 0 ? rc : SEAM_ENOMEM;
}

static int var_collect(body_ctx *b, CXCursor c)
{
    child_scan s = expr_children(c);
    if (s.n == 0)
        return 0;
    values vals = {0};
    int rc = values_of(b, s.last, &vals, 0);
    if (rc == 0) {
        CXString usr = clang_getCursorUSR(c);
        rc = bind_values(b, clang_getCString(usr), &vals);
        clang_disposeString(usr);
    }
    values_free(&vals);
    return rc;
}

static enum CXChildVisitResult body_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    body_ctx *b = data;
    enum CXCursorKind k = clang_getCursorKind(c);
    int rc = 0;
    if (k == CXCursor_CallExpr)
        rc = call_collect(b, c);
    else if (k == CXCursor_VarDecl)
        rc = var_collect(b, c);
    if (rc < 0 || b->t->rc < 0) {
        b->t->rc = SEAM_ENOMEM;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Recurse;
}

/* Arguments that were variables become the values bound to those variables. */
static int pending_resolve(body_ctx *b)
{
    for (int i = 0; i < b->npend; i++) {
        pending *p = &b->pend[i];
        for (int j = 0; j < b->nbinds; j++) {
            binding *bd = &b->binds[j];
            if (strcmp(bd->var, p->var) != 0)
                continue;
            fact_arg a = {p->pos, bd->val.param, NULL, NULL, bd->val.line};
            if (bd->val.sql &&
                (!(a.sql = seam_strdup(bd->val.sql)) || !(a.file = seam_strdup(bd->val.file)))) {
                free(a.sql);
                return SEAM_ENOMEM;
            }
            if (arg_push(&b->fn->calls[p->call], a) < 0)
                return SEAM_ENOMEM;
        }
    }
    return 0;
}

static void func_free(fact_func *f)
{
    free(f->usr);
    free(f->name);
    free(f->file);
    for (int i = 0; i < f->ncalls; i++)
        call_free(&f->calls[i]);
    free(f->calls);
}

static int func_collect(tu_ctx *t, CXCursor c)
{
    int line, end_line, start_line;
    const char *rel = loc_rel(t, clang_getCursorLocation(c), &line);
    if (!rel)
        return t->rc;
    CXSourceRange ext = clang_getCursorExtent(c);
    (void)loc_rel(t, clang_getRangeStart(ext), &start_line);
    (void)loc_rel(t, clang_getRangeEnd(ext), &end_line);

    fact_func fn;
    body_ctx b;
    memset(&fn, 0, sizeof fn);
    memset(&b, 0, sizeof b);
    int rc = SEAM_ENOMEM;
    CXString usr = clang_getCursorUSR(c), name = clang_getCursorSpelling(c);
    fn.usr = seam_strdup(clang_getCString(usr));
    fn.name = seam_strdup(clang_getCString(name));
    clang_disposeString(usr);
    clang_disposeString(name);
    fn.file = seam_strdup(rel);
    if (!fn.usr || !fn.name || !fn.file)
        goto out;
    fn.line = line;
    fn.loc = end_line >= start_line ? end_line - start_line + 1 : 1;
    fn.is_static = clang_Cursor_getStorageClass(c) == CX_SC_Static;
    fn.internal = clang_getCursorLinkage(c) == CXLinkage_Internal;

    int np = clang_Cursor_getNumArguments(c);
    b.t = t;
    b.fn = &fn;
    if (np > 0) {
        if (!(b.params = calloc((size_t)np, sizeof *b.params)))
            goto out;
        for (int i = 0; i < np; i++)
            b.params[i] = clang_Cursor_getArgument(c, (unsigned)i);
        b.nparams = np;
    }
    clang_visitChildren(c, body_visit, &b);
    if (t->rc < 0 || pending_resolve(&b) < 0)
        goto out;
    tu_facts *o = t->out;
    if (seam_array_reserve(&o->funcs, &o->capfuncs, o->nfuncs + 1, sizeof *o->funcs) < 0)
        goto out;
    o->funcs[o->nfuncs++] = fn;
    memset(&fn, 0, sizeof fn);
    rc = 0;
out:
    func_free(&fn);
    free(b.params);
    for (int i = 0; i < b.nbinds; i++) {
        free(b.binds[i].var);
        free(b.binds[i].val.sql);
    }
    free(b.binds);
    for (int i = 0; i < b.npend; i++)
        free(b.pend[i].var);
    free(b.pend);
    if (rc < 0)
        t->rc = rc;
    return rc;
}

static enum CXChildVisitResult top_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    tu_ctx *t = data;
    enum CXCursorKind k = clang_getCursorKind(c);
    if (k == CXCursor_LinkageSpec || k == CXCursor_UnexposedDecl)
        return CXChildVisit_Recurse; /* extern "C" { ... } */
    if (k != CXCursor_FunctionDecl || !clang_isCursorDefinition(c) ||
        clang_Location_isInSystemHeader(clang_getCursorLocation(c)))
        return CXChildVisit_Continue;
    return func_collect(t, c) < 0 ? CXChildVisit_Break : CXChildVisit_Continue;
}

void tu_facts_free(tu_facts *f)
{
    if (!f)
        return;
    free(f->main_file);
    for (int i = 0; i < f->nfiles; i++)
        free(f->files[i]);
    free(f->files);
    for (int i = 0; i < f->nfuncs; i++)
        func_free(&f->funcs[i]);
    free(f->funcs);
    memset(f, 0, sizeof *f);
}

int tu_facts_collect(CXIndex idx, const compdb_entry *e, const char *src_root, tu_facts *out,
                     seam_err *err)
{
    tu_ctx t;
    memset(&t, 0, sizeof t);
    t.root = src_root;
    t.out = out;
    char *real = realpath(e->file, NULL);
    const char *rel = real ? analyzer_relpath(src_root, real) : NULL;
    if (rel && !(out->main_file = seam_strdup(rel))) {
        free(real);
        return seam_err_set(err, SEAM_ENOMEM, "out of memory parsing '%s'", e->file);
    }
    free(real);

    CXTranslationUnit tu = NULL;
    /* KeepGoing: a syntax error must not hide the rest of the file's facts. */
    enum CXErrorCode ec =
        clang_parseTranslationUnit2(idx, e->file, (const char *const *)e->argv, e->argc, NULL, 0,
                                    CXTranslationUnit_KeepGoing, &tu);
    if (ec != CXError_Success || !tu) {
        /* Not fatal: the TU counts as one parse error of its file. */
        out->errors = 1;
        if (out->main_file) {
            if (seam_array_reserve(&out->files, &out->capfiles, 1, sizeof *out->files) < 0 ||
                !(out->files[0] = seam_strdup(out->main_file)))
                return seam_err_set(err, SEAM_ENOMEM, "out of memory parsing '%s'", e->file);
            out->nfiles = 1;
        }
        return 0;
    }
    out->parsed = 1;
    unsigned nd = clang_getNumDiagnostics(tu);
    for (unsigned i = 0; i < nd; i++) {
        CXDiagnostic d = clang_getDiagnostic(tu, i);
        if (clang_getDiagnosticSeverity(d) >= CXDiagnostic_Error)
            out->errors++;
        clang_disposeDiagnostic(d);
    }
    clang_getInclusions(tu, inclusion_visit, &t);
    if (t.rc == 0)
        clang_visitChildren(clang_getTranslationUnitCursor(tu), top_visit, &t);
    clang_disposeTranslationUnit(tu);
    for (int i = 0; i < t.nfiles; i++)
        free(t.files[i].rel);
    free(t.files);
    if (t.rc < 0)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory parsing '%s'", e->file);
    return 0;
}
