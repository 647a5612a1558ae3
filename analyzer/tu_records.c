/*
 * tu_records.c - a table's name carried in a record: the facts of one body
 * that let table_args.c follow it.
 *
 * A DB layer may take a table's name once and send the statement later, from
 * a record it filled:
 *
 *     prepare(ins, "events"): t = get_table(name); prepare_dyn(ins, t);
 *     prepare_dyn(ins, t):    ins->table = t;
 *     execute(ins):           "insert into " + ins->table->name + ...
 *
 * Three facts of a body say so, each a fact_elem (text: the function's USR,
 * index: a parameter):
 *   - a store: "=F" (F a field's USR): the body assigns parameter index to
 *     field F (ins->table = t);
 *   - a lookup: "?G" (G a field's name): the body compares parameter index
 *     with field G of something (strcmp(tables[i].name, name)) and returns a
 *     pointer to a record: the record whose G is the parameter;
 *   - in a built text, X->F->G or X->F whose value is unknown is the mark
 *     "%{f:F|G}" (G empty for X->F), not a bare hole (tu_records_hole).
 */
#include "tu_internal.h"

#include <stdlib.h>
#include <string.h>

/* The index of the parameter e (stripped) names, or -1. */
static int param_index(const body_ctx *b, CXCursor e)
{
    CXCursor above;
    e = tu_values_expr_strip(e, &above);
    if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
        return -1;
    CXCursor d = clang_getCursorReferenced(e);
    for (int i = 0; i < b->nparams; i++)
        if (clang_equalCursors(d, b->params[i]))
            return i;
    return -1;
}

/* The FieldDecl a member expression (stripped) names, or a null cursor. */
static CXCursor field_of(CXCursor e)
{
    CXCursor above;
    e = tu_values_expr_strip(e, &above);
    if (clang_getCursorKind(e) != CXCursor_MemberRefExpr)
        return clang_getNullCursor();
    CXCursor f = clang_getCursorReferenced(e);
    return clang_getCursorKind(f) == CXCursor_FieldDecl ? f : clang_getNullCursor();
}

/* The object of a member expression: X of X->F or X.F (stripped), or a null cursor. */
static CXCursor object_of(CXCursor e)
{
    CXCursor above;
    e = tu_values_expr_strip(e, &above);
    child_scan s = tu_values_expr_children(e);
    return s.n == 1 ? tu_values_expr_strip(s.last, &above) : clang_getNullCursor();
}

static char *cursor_usr(CXCursor c)
{
    CXString s = clang_getCursorUSR(c);
    char *u = seam_strdup(clang_getCString(s));
    clang_disposeString(s);
    return u;
}

static char *cursor_name(CXCursor c)
{
    CXString s = clang_getCursorSpelling(c);
    char *u = seam_strdup(clang_getCString(s));
    clang_disposeString(s);
    return u;
}

/* Appends the fact (usr, index, fn's USR); takes usr. */
static int elem_add(body_ctx *b, CXCursor fn, char *usr, int index)
{
    char *text = usr ? cursor_usr(fn) : NULL;
    tu_facts *o = b->t->out;
    if (!usr || !text ||
        seam_array_reserve(&o->elems, &o->capelems, o->nelems + 1, sizeof *o->elems) < 0) {
        free(usr);
        free(text);
        return SEAM_ENOMEM;
    }
    o->elems[o->nelems++] = (fact_elem){usr, index, text};
    return 0;
}

int tu_records_store(body_ctx *b, CXCursor fn, CXCursor lhs, CXCursor rhs)
{
    CXCursor f = field_of(lhs);
    int k = clang_Cursor_isNull(f) ? -1 : param_index(b, rhs);
    /* only a pointer stored: the record itself, or its name */
    if (k < 0 || clang_getCanonicalType(clang_getCursorType(f)).kind != CXType_Pointer)
        return 0;
    char *u = cursor_usr(f);
    char *key = u ? seam_printf("=%s", u) : NULL;
    free(u);
    return elem_add(b, fn, key, k);
}

static int is_compare(const char *name)
{
    static const char *const names[] = {"strcmp", "strcasecmp", "strncmp", "strncasecmp"};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

int tu_records_lookup(body_ctx *b, CXCursor fn, CXCursor call, const char *name)
{
    if (!is_compare(name) || clang_Cursor_getNumArguments(call) < 2)
        return 0;
    CXType ret = clang_getCanonicalType(clang_getResultType(clang_getCursorType(fn)));
    if (ret.kind != CXType_Pointer ||
        clang_getCanonicalType(clang_getPointeeType(ret)).kind != CXType_Record)
        return 0;
    for (int side = 0; side < 2; side++) {
        CXCursor f = field_of(clang_Cursor_getArgument(call, (unsigned)side));
        int k = param_index(b, clang_Cursor_getArgument(call, (unsigned)!side));
        if (!clang_Cursor_isNull(f) && k >= 0) {
            char *g = cursor_name(f);
            char *key = g ? seam_printf("?%s", g) : NULL;
            free(g);
            return elem_add(b, fn, key, k);
        }
    }
    return 0;
}

char *tu_records_hole(CXCursor e)
{
    CXCursor g = field_of(e);
    if (clang_Cursor_isNull(g))
        return NULL;
    CXCursor outer = field_of(object_of(e));
    /* X->F->G: the record F points to; X->F: F itself */
    CXCursor f = clang_Cursor_isNull(outer) ? g : outer;
    char *u = cursor_usr(f);
    char *name = clang_Cursor_isNull(outer) ? seam_strdup("") : cursor_name(g);
    char *mark = u && name && !strchr(u, '}') && !strchr(name, '}')
                     ? seam_printf("%s" "f:%s|%s}", GLOBAL_MARK_OPEN, u, name)
                     : NULL;
    free(u);
    free(name);
    return mark;
}
