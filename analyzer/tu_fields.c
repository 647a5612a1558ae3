/*
 * tu_fields.c - the literals a translation unit stores in struct fields.
 *
 * Configurable names are often a field of a configuration struct given its
 * default where the configuration is read: `cfg->table_inbox = "inbox";`,
 * then used far away as `"INSERT INTO %s", cfg->table_inbox`. Before the
 * function bodies are walked, one pass over the translation unit records,
 * per field (its USR), every string literal assigned to it (`x.f = "..."`,
 * `p->f = "..."`). tu_values.c gives a field read those literals when the
 * field is not part of an initialised table. Only this translation unit's
 * assignments are seen.
 */
#include "tu_internal.h"

#include <stdlib.h>
#include <string.h>

/* At most this many literals per field: a field assigned more is no constant. */
#define FIELD_VALUES 16

typedef struct field_walk {
    tu_ctx *t;
    int rc;
} field_walk;

static int field_add(tu_ctx *t, const char *usr, char *text)
{
    void *v;
    tu_field_values *fv = NULL;
    if (strmap_get(&t->fields, usr, &v)) {
        fv = v;
    } else {
        if (!(fv = calloc(1, sizeof *fv)) || strmap_put(&t->fields, usr, fv) < 0) {
            free(fv);
            free(text);
            return SEAM_ENOMEM;
        }
    }
    for (int i = 0; i < fv->n; i++)
        if (strcmp(fv->v[i], text) == 0) {
            free(text);
            return 0;
        }
    if (fv->n >= FIELD_VALUES) {
        fv->many = 1;
        free(text);
        return 0;
    }
    if (seam_array_reserve(&fv->v, &fv->cap, fv->n + 1, sizeof *fv->v) < 0) {
        free(text);
        return SEAM_ENOMEM;
    }
    fv->v[fv->n++] = text;
    return 0;
}

static enum CXChildVisitResult field_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    field_walk *w = data;
    if (clang_getCursorKind(c) != CXCursor_BinaryOperator)
        return CXChildVisit_Recurse;
    child_scan s = tu_values_expr_children(c);
    CXCursor above;
    if (s.n != 2 || clang_getCursorKind(tu_values_expr_strip(s.all[0], &above)) !=
                        CXCursor_MemberRefExpr)
        return CXChildVisit_Recurse;
    CXCursor rhs = tu_values_expr_strip(s.all[1], &above);
    if (clang_getCursorKind(rhs) != CXCursor_StringLiteral)
        return CXChildVisit_Recurse;
    char tok[4];
    tu_body_token_between(w->t, clang_getRangeEnd(clang_getCursorExtent(s.all[0])),
                          clang_getRangeStart(clang_getCursorExtent(s.all[1])), tok, sizeof tok);
    if (strcmp(tok, "=") != 0)
        return CXChildVisit_Recurse;
    CXCursor field = clang_getCursorReferenced(tu_values_expr_strip(s.all[0], &above));
    if (clang_getCursorKind(field) != CXCursor_FieldDecl)
        return CXChildVisit_Recurse;
    int nomem = 0;
    char *text = tu_values_literal_text(rhs, above, &nomem);
    if (nomem) {
        w->rc = SEAM_ENOMEM;
        return CXChildVisit_Break;
    }
    if (!text)
        return CXChildVisit_Recurse;
    CXString usr = clang_getCursorUSR(field);
    w->rc = field_add(w->t, clang_getCString(usr), text);
    clang_disposeString(usr);
    return w->rc < 0 ? CXChildVisit_Break : CXChildVisit_Continue;
}

int tu_fields_collect(tu_ctx *t)
{
    field_walk w = {t, 0};
    clang_visitChildren(clang_getTranslationUnitCursor(t->tu), field_visit, &w);
    return w.rc;
}

const tu_field_values *tu_fields_find(const tu_ctx *t, CXCursor field)
{
    void *v;
    CXString usr = clang_getCursorUSR(field);
    int found = strmap_get(&t->fields, clang_getCString(usr), &v);
    clang_disposeString(usr);
    return found && !((const tu_field_values *)v)->many ? v : NULL;
}

static void values_free(void *p)
{
    tu_field_values *fv = p;
    for (int i = 0; i < fv->n; i++)
        free(fv->v[i]);
    free(fv->v);
    free(fv);
}

void tu_fields_free(tu_ctx *t)
{
    strmap_free(&t->fields, values_free);
}
