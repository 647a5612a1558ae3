/*
 * tu_values.c - what an expression can carry into a call argument.
 *
 * A value is one of the enclosing function's parameters, a string literal,
 * the result of a direct call, or a local variable (resolved against what the body bound to it once the
 * whole body has been seen). Values are followed through parens and casts,
 * the arms of ?:, file-scope variables initialised with a literal, and
 * tables: table[i].field / table[i] / rec.field of a variable with an
 * initialiser list.
 */
#include "tu_internal.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

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

child_scan tu_values_expr_children(CXCursor c)
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
CXCursor tu_values_expr_strip(CXCursor c, CXCursor *above)
{
    *above = clang_getNullCursor();
    for (;;) {
        enum CXCursorKind k = clang_getCursorKind(c);
        if (k != CXCursor_UnexposedExpr && k != CXCursor_ParenExpr && k != CXCursor_CStyleCastExpr)
            return c;
        child_scan s = tu_values_expr_children(c);
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

/* Appends code point v as UTF-8 (a universal character name in a literal). */
static char *put_utf8(char *o, unsigned long v)
{
    if (v < 0x80) {
        *o++ = (char)v;
    } else if (v < 0x800) {
        *o++ = (char)(0xC0 | (v >> 6));
        *o++ = (char)(0x80 | (v & 0x3F));
    } else if (v < 0x10000) {
        *o++ = (char)(0xE0 | (v >> 12));
        *o++ = (char)(0x80 | ((v >> 6) & 0x3F));
        *o++ = (char)(0x80 | (v & 0x3F));
    } else {
        *o++ = (char)(0xF0 | ((v >> 18) & 0x07));
        *o++ = (char)(0x80 | ((v >> 12) & 0x3F));
        *o++ = (char)(0x80 | ((v >> 6) & 0x3F));
        *o++ = (char)(0x80 | (v & 0x3F));
    }
    return o;
}

/* Appends an escape's value: a byte of a narrow literal, a code point of a wide one.
 * A value that is no character (a lone UTF-16 surrogate, which libclang spells
 * \xD800, or one past U+10FFFF) becomes U+FFFD, as the reports would show it:
 * dropped, it would silently change the SQL; kept, it would not be UTF-8. */
static char *put_escaped(char *o, unsigned long v, int wide)
{
    if (!wide)
        *o++ = (char)v;
    else if (v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        o = put_utf8(o, 0xFFFD);
    else
        o = put_utf8(o, v);
    return o;
}

/*
 * Decodes the C escapes of a literal as libclang spells it (clang's
 * StringLiteral::outputString: "..." with the adjacent pieces already joined,
 * after any u8/u/U/L prefix; printable ASCII as is, anything else escaped).
 * Used when libclang will not evaluate it. The result is UTF-8 whatever the
 * literal's width: in a wide literal (wide nonzero) every escape is a code
 * point, written as its UTF-8 bytes. An escape never takes fewer characters
 * than its bytes (\351 is 2 bytes, \uXXXX 3, \UXXXXXXXX 4): the text never
 * grows.
 */
static char *literal_unescape(const char *s, int wide)
{
    const char *q = strchr(s, '"');
    if (!q)
        return NULL;
    size_t n = strlen(q);
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (const char *p = q + 1; *p && !(*p == '"' && p[1] == '\0'); p++) {
        if (*p == '"' && p[1] == '"') {
            /* outputString closes a \x escape before a hex digit with "" (\x20AC""1
             * for L"\u20AC1"): no character of the literal. */
            p++;
            continue;
        }
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
        case 'u':
        case 'U': {
            int want = *p == 'u' ? 4 : 8, got = 0, d;
            unsigned long v = 0;
            while (got < want && (d = hexval(p[1])) >= 0) {
                v = v * 16 + (unsigned long)d;
                p++;
                got++;
            }
            if (got == want)
                o = put_escaped(o, v, 1);
            break;
        }
        case 'x': {
            unsigned long v = 0; /* unsigned: U"\xFFFFFFFF" must not overflow */
            int d;
            while ((d = hexval(p[1])) >= 0) {
                v = (v * 16 + (unsigned long)d) & 0xFFFFFFFFu;
                p++;
            }
            o = put_escaped(o, v, wide);
            break;
        }
        default:
            if (*p >= '0' && *p <= '7') {
                unsigned long v = 0;
                for (int i = 0; i < 3 && *p >= '0' && *p <= '7'; i++, p++)
                    v = v * 8 + (unsigned long)(*p - '0');
                p--;
                o = put_escaped(o, v, wide);
            } else {
                *o++ = *p; /* \\ \" \' \? */
            }
        }
    }
    *o = '\0';
    return out;
}

/*
 * The text of a string literal, as UTF-8. libclang evaluates a narrow literal
 * through the conversion above it; a bare literal (an array initialiser) is
 * decoded from its spelling, and so is a wide one (u"", U"", L"": what
 * sqlite3_prepare16 takes), whose evaluation libclang does not give as text.
 */
char *tu_values_literal_text(CXCursor lit, CXCursor above, int *nomem)
{
    CXString sp = clang_getCursorSpelling(lit);
    const char *s = clang_getCString(sp);
    char *text = NULL;
    int narrow = s && (s[0] == '"' || strncmp(s, "u8\"", 3) == 0);
    int wide = s && (s[0] == 'u' || s[0] == 'U' || s[0] == 'L') && s[1] == '"';
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
    if ((narrow || wide) && !text && !*nomem && !(text = literal_unescape(s, wide)))
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

/* A mark the whole program fills (GLOBAL_MARK_OPEN) as a value: owns mark (NULL: no memory). */
static int mark_push(body_ctx *b, values *out, char *mark)
{
    if (!mark)
        return SEAM_ENOMEM;
    value v = {.param = -1, .sql = mark, .file = b->fn->file, .line = b->fn->line, .how = HOW_GLOBAL};
    return values_push(out, v);
}

void tu_values_free(values *vs)
{
    for (int i = 0; i < vs->n; i++) {
        free(vs->v[i].sql);
        free(vs->v[i].var);
    }
    free(vs->v);
}

/* The initialiser of a variable's definition, or a null cursor. */
static CXCursor var_init(CXCursor var)
{
    CXCursor def = clang_getCursorDefinition(var);
    child_scan s = tu_values_expr_children(clang_Cursor_isNull(def) ? var : def);
    return s.n ? s.last : clang_getNullCursor();
}

int tu_values_is_text(CXCursor c)
{
    CXType ty = clang_getCanonicalType(clang_getCursorType(c));
    CXType el;
    if (ty.kind == CXType_Pointer)
        el = clang_getPointeeType(ty);
    else if (ty.kind == CXType_ConstantArray || ty.kind == CXType_IncompleteArray)
        el = clang_getArrayElementType(ty);
    else
        return 0;
    el = clang_getCanonicalType(el);
    return el.kind == CXType_Char_S || el.kind == CXType_Char_U || el.kind == CXType_SChar ||
           el.kind == CXType_UChar;
}

/*
 * A file-scope variable initialised with a literal: its literal(s). One this
 * TU sees no definition of (extern char *job_table) gives its mark, which
 * the whole-program step replaces by the literal another TU defines it with.
 */
static int global_values(body_ctx *b, CXCursor var, values *out, int depth)
{
    CXCursor init = var_init(var);
    if (clang_Cursor_isNull(init) && clang_Cursor_isNull(clang_getCursorDefinition(var)) &&
        tu_values_is_text(var)) {
        CXString usr = clang_getCursorUSR(var);
        char *mark = seam_printf("%%{g:%s}", clang_getCString(usr));
        clang_disposeString(usr);
        return mark_push(b, out, mark);
    }
    if (clang_Cursor_isNull(init))
        return 0;
    values tmp = {0};
    int rc = tu_values_of(b, init, &tmp, depth + 1);
    /* Only literals: a global holds no parameter, and another global is no constant. */
    for (int i = 0; rc == 0 && i < tmp.n; i++)
        if (tmp.v[i].sql) {
            if (tmp.v[i].how == HOW_ARGUMENT)
                tmp.v[i].how = HOW_GLOBAL;
            rc = values_push(out, tmp.v[i]);
            tmp.v[i].sql = NULL;
        }
    tu_values_free(&tmp);
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
        return tu_values_of(b, elem, out, depth + 1);
    if (clang_getCursorKind(elem) != CXCursor_InitListExpr)
        return 0;
    field_find f = {field, 0, 0, clang_getNullCursor()};
    CXType rec = clang_getCursorType(clang_getCursorSemanticParent(field));
    clang_Type_visitFields(rec, field_index_visit, &f);
    clang_visitChildren(elem, field_init_visit, &f);
    return clang_Cursor_isNull(f.found) ? 0 : tu_values_of(b, f.found, out, depth + 1);
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
 * p->field where p is a pointer variable declared as &table[i]: the element,
 * so that p->field is table[i].field. Anything else is returned as is.
 */
static CXCursor pointed_element(CXCursor base)
{
    CXCursor above;
    if (clang_getCursorKind(base) != CXCursor_DeclRefExpr)
        return base;
    CXCursor var = clang_getCursorReferenced(base);
    if (clang_getCursorKind(var) != CXCursor_VarDecl ||
        clang_getCanonicalType(clang_getCursorType(var)).kind != CXType_Pointer)
        return base;
    CXCursor init = var_init(var);
    if (clang_Cursor_isNull(init))
        return base;
    init = tu_values_expr_strip(init, &above);
    /* &table[i]: a unary operator of pointer type over a subscript (not *table[i]) */
    if (clang_getCursorKind(init) != CXCursor_UnaryOperator ||
        clang_getCanonicalType(clang_getCursorType(init)).kind != CXType_Pointer)
        return base;
    child_scan s = tu_values_expr_children(init);
    if (s.n != 1)
        return base;
    CXCursor elem = tu_values_expr_strip(s.last, &above);
    return clang_getCursorKind(elem) == CXCursor_ArraySubscriptExpr ? elem : base;
}

/*
 * names[K] of a file-scope array of texts with no initialiser list, K a
 * constant: its element K as some TU writes it, known to the whole program
 * only ("%{a:USR:K}", sites.c).
 */
static int element_mark(body_ctx *b, CXCursor base, CXCursor subscript, values *out)
{
    CXCursor var = clang_getCursorReferenced(base);
    if (clang_getCursorKind(clang_getCursorSemanticParent(var)) != CXCursor_TranslationUnit ||
        !tu_values_is_text(subscript))
        return 0;
    child_scan s = tu_values_expr_children(subscript);
    CXEvalResult r = s.n == 2 ? clang_Cursor_Evaluate(s.all[1]) : NULL;
    long long k = -1;
    if (r && clang_EvalResult_getKind(r) == CXEval_Int)
        k = clang_EvalResult_getAsLongLong(r);
    if (r)
        clang_EvalResult_dispose(r);
    if (k < 0 || k > 100000)
        return 0;
    CXString usr = clang_getCursorUSR(var);
    char *mark = seam_printf("%%{a:%s:%lld}", clang_getCString(usr), k);
    clang_disposeString(usr);
    return mark_push(b, out, mark);
}

/*
 * table[i].field, table[i] and rec.field, where the variable has an
 * initialiser list (a table of statements): every value the initialiser
 * gives that element or field. Values are what the table was written with;
 * later writes to it are not followed.
 */
static int aggregate_walk(body_ctx *b, CXCursor c, values *out, int depth)
{
    CXCursor above, field = clang_getNullCursor(), base = c;
    if (clang_getCursorKind(c) == CXCursor_MemberRefExpr) {
        field = clang_getCursorReferenced(c);
        child_scan s = tu_values_expr_children(c);
        if (s.n != 1 || clang_getCursorKind(field) != CXCursor_FieldDecl)
            return 0;
        base = tu_values_expr_strip(s.all[0], &above);
        base = pointed_element(base);
    }
    int subscript = clang_getCursorKind(base) == CXCursor_ArraySubscriptExpr;
    if (subscript) {
        child_scan s = tu_values_expr_children(base);
        if (s.n != 2)
            return 0;
        base = tu_values_expr_strip(s.all[0], &above);
    }
    if (clang_getCursorKind(base) != CXCursor_DeclRefExpr ||
        (!subscript && clang_Cursor_isNull(field)))
        return 0;
    CXCursor var = clang_getCursorReferenced(base);
    if (clang_getCursorKind(var) != CXCursor_VarDecl)
        return 0;
    CXCursor init = var_init(var);
    if (clang_getCursorKind(init) != CXCursor_InitListExpr)
        return subscript && clang_Cursor_isNull(field) ? element_mark(b, base, c, out) : 0;
    if (!subscript)
        return element_values(b, init, field, out, depth);
    elem_walk w = {b, field, out, depth, 0};
    clang_visitChildren(init, elem_visit, &w);
    return w.rc;
}

/* A field no initialised table gives a value: the literals the TU assigns to it. */
static int field_values(body_ctx *b, CXCursor c, values *out)
{
    CXCursor field = clang_getCursorReferenced(c);
    if (clang_getCursorKind(field) != CXCursor_FieldDecl)
        return 0;
    const tu_field_values *fv = tu_fields_find(b->t, field);
    for (int i = 0; fv && i < fv->n; i++) {
        value v = {.param = -1, .how = HOW_GLOBAL};
        if (!(v.sql = seam_strdup(fv->v[i])))
            return SEAM_ENOMEM;
        v.file = tu_facts_loc_rel(b->t, clang_getCursorLocation(c), &v.line);
        if (!v.file)
            v.file = b->fn->file;
        if (values_push(out, v) < 0)
            return SEAM_ENOMEM;
    }
    return 0;
}

static int aggregate_values(body_ctx *b, CXCursor c, values *out, int depth)
{
    int from = out->n;
    int rc = aggregate_walk(b, c, out, depth);
    if (rc == 0 && out->n == from && clang_getCursorKind(c) == CXCursor_MemberRefExpr)
        return field_values(b, c, out);
    for (int i = from; i < out->n; i++)
        if (out->v[i].how == HOW_ARGUMENT || out->v[i].how == HOW_GLOBAL)
            out->v[i].how = HOW_TABLE;
    return rc;
}

int tu_values_of(body_ctx *b, CXCursor expr, values *out, int depth)
{
    if (depth > 8)
        return 0;
    CXCursor above;
    CXCursor c = tu_values_expr_strip(expr, &above);
    enum CXCursorKind k = clang_getCursorKind(c);
    value v = {.param = -1};
    if (k == CXCursor_StringLiteral) {
        int nomem = 0;
        v.sql = tu_values_literal_text(c, above, &nomem);
        if (nomem)
            return SEAM_ENOMEM;
        if (!v.sql)
            return 0;
        v.how = HOW_ARGUMENT;
        v.file = tu_facts_loc_rel(b->t, clang_getCursorLocation(c), &v.line);
        if (!v.file)
            v.file = b->fn->file;
        return values_push(out, v);
    }
    if (k == CXCursor_ConditionalOperator) {
        child_scan s = tu_values_expr_children(c);
        int rc = 0;
        for (int i = 1; rc == 0 && i < 3 && i < s.n; i++)
            rc = tu_values_of(b, s.all[i], out, depth + 1);
        return rc;
    }
    if (k == CXCursor_MemberRefExpr || k == CXCursor_ArraySubscriptExpr)
        return aggregate_values(b, c, out, depth);
    /*
     * *p, p a parameter of type char ** (a buffer passed by address, as
     * growable-buffer DB layers do): the text is p's, so the parameter.
     */
    if (k == CXCursor_UnaryOperator && tu_values_is_text(c)) {
        child_scan s = tu_values_expr_children(c);
        CXCursor in = s.n == 1 ? tu_values_expr_strip(s.last, &above) : clang_getNullCursor();
        CXType ty = clang_getCanonicalType(clang_getCursorType(in));
        /* a dereference: the operator's type is what the operand points to */
        if (clang_getCursorKind(in) == CXCursor_DeclRefExpr && ty.kind == CXType_Pointer &&
            clang_equalTypes(clang_getCanonicalType(clang_getPointeeType(ty)),
                             clang_getCanonicalType(clang_getCursorType(c))) &&
            clang_getCursorKind(clang_getCursorReferenced(in)) == CXCursor_ParmDecl)
            c = in, k = CXCursor_DeclRefExpr;
        else
            return 0;
    }
    /* f(...): its result, which the wrapper inference may find carries f's arguments. */
    if (k == CXCursor_CallExpr &&
        clang_getCursorKind(clang_getCursorReferenced(c)) == CXCursor_FunctionDecl) {
        v.is_call = 1;
        v.callex = c;
        return values_push(out, v);
    }
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

/* Variables among vals are not followed (one level of variables). */
int tu_values_bind(body_ctx *b, const char *var, values *vals, int how)
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
        if (bd->val.how == HOW_ARGUMENT)
            bd->val.how = how;
        /* A copy: the same values may also be arguments of the call that binds them. */
        if (v->sql && !(bd->val.sql = seam_strdup(v->sql))) {
            free(bd->var);
            return SEAM_ENOMEM;
        }
        b->nbinds++;
    }
    return 0;
}

int tu_values_var_usr(CXCursor expr, char **usr)
{
    CXCursor above;
    CXCursor c = tu_values_expr_strip(expr, &above);
    *usr = NULL;
    /* asprintf(&buf, ...): the variable behind the address. */
    if (clang_getCursorKind(c) == CXCursor_UnaryOperator) {
        child_scan s = tu_values_expr_children(c);
        if (s.n != 1)
            return 0;
        c = tu_values_expr_strip(s.last, &above);
    }
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
