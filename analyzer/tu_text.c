/*
 * tu_text.c - the text a function builds in its local buffers, as each call sees it.
 *
 * Real DB layers rarely pass a whole statement as one literal: they format it
 * into a buffer, append pieces to it (strcat, snprintf at an offset, asprintf
 * chains, the project's own growable-buffer appenders), then pass the buffer,
 * or "%s" and the buffer, to the database call. One walk over the body, in
 * the order the statements run, keeps for every local text variable the set
 * of texts it may hold (its variants): both arms of an if, a loop's body run
 * or not, each case of a switch; a jump ends its path (the order of the walk,
 * and the jumps: tu_text_flow.c). At each call, an argument that is such a
 * buffer, or a format whose %s are filled by known texts, gets the variants
 * it carries; tu_body.c makes them the argument's value, at the call's line.
 *
 * What is a text:
 *   - a literal, the arms of ?:, a file-scope constant, an element of a
 *     constant table (every element: "%s" of names[i] is each name);
 *   - a buffer's current variants;
 *   - anything else (a field, a call's result) is a hole, kept as "%s" so
 *     the SQL reader sees a placeholder there; the function's parameter i
 *     is the hole "%<i+1>$s", so that wrappers.c can tell a parameter that
 *     names a table ("INSERT INTO %1$s ...").
 * What changes a buffer X (X, &X, X + n and &X[n] all name it; the last two
 * write at an offset, so they append):
 *   - X = text, X = NULL, char X[] = text, strcpy/strncpy/strlcpy/stpcpy,
 *     sprintf/snprintf/vsprintf/vsnprintf/asprintf/vasprintf: replaced;
 *   - strcat/strncat/strlcat: appended;
 *   - a project function given &X and then a text: that text, formatted with
 *     the arguments after it, is appended (the growable-buffer appenders:
 *     append(&buf, &size, &offset, fmt, ...));
 *   - X = f(..., X, ..., text, ...) appends; X = f(..., text, ...) replaces.
 * A piece that starts a new statement (SELECT, INSERT, ...) appended to text
 * that does not end with ';' replaces it: the buffer is being reused for the
 * next statement (its offset was reset). After a ';' it is a batch.
 *
 * Bounded: at most TEXT_VARIANTS variants per buffer (CONST_VARIANTS for a
 * format filled from a constant table), TEXT_MAX bytes per variant and
 * TEXT_VARS buffers followed per function (the rest are not); past
 * TEXT_BUDGET nodes, TEXT_DEPTH nested statements, TEXT_BYTES of state
 * copied at branches or TEXT_RECORDED bytes of text recorded at calls, the
 * function gets no built texts at all (the older per-literal facts still
 * stand).
 */
#include "tu_text_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "sql.h"

#define CONST_VARIANTS 64
#define TEXT_MAX 16384
#define TEXT_RECORDED (1u << 20) /* bytes of text recorded at calls */

static const char HOLE[] = "%s";

/* ---- reading expressions -------------------------------------------------- */

/*
 * A variable of type char * or char[]: a buffer the walk follows. File-scope
 * ones too (a DB layer's static char *sql reused by every function); one a
 * function never writes is read for its value instead (text_of).
 */
static int is_text_local(CXCursor var)
{
    return clang_getCursorKind(var) == CXCursor_VarDecl && tu_values_is_text(var);
}

/* The USR of a text local that e names (malloc'd), or NULL. */
static char *local_usr(CXCursor e)
{
    CXCursor above;
    e = tu_values_expr_strip(e, &above);
    if (clang_getCursorKind(e) != CXCursor_DeclRefExpr)
        return NULL;
    CXCursor var = clang_getCursorReferenced(e);
    if (!is_text_local(var))
        return NULL;
    CXString usr = clang_getCursorUSR(var);
    char *s = seam_strdup(clang_getCString(usr));
    clang_disposeString(usr);
    return s;
}

/* The single operand of a unary operator, or a null cursor. */
static CXCursor operand(CXCursor op)
{
    child_scan s = tu_values_expr_children(op);
    return s.n == 1 ? s.last : clang_getNullCursor();
}

/*
 * Whether a unary operator takes an address (&x): its type points to its
 * operand's. Told by the types, not the token: in a macro's expansion
 * (xstrfmtcat(q, ...) is _xstrfmtcat(&(q), ...)) the tokens libclang gives
 * for the range are the macro call's.
 */
static int is_address_of(CXCursor op)
{
    CXCursor in = operand(op);
    if (clang_Cursor_isNull(in))
        return 0;
    CXType t = clang_getCanonicalType(clang_getCursorType(op));
    CXType o = clang_getCanonicalType(clang_getCursorType(in));
    return t.kind == CXType_Pointer &&
           clang_equalTypes(clang_getCanonicalType(clang_getPointeeType(t)), o);
}

static int is_integer(CXType t)
{
    return t.kind >= CXType_Char_U && t.kind <= CXType_Int128 && t.kind != CXType_WChar;
}

/* Whether t is char ** (or unsigned/signed char **). */
static int is_text_pointer_pointer(CXType t)
{
    t = clang_getCanonicalType(t);
    if (t.kind != CXType_Pointer)
        return 0;
    t = clang_getCanonicalType(clang_getPointeeType(t));
    if (t.kind != CXType_Pointer)
        return 0;
    t = clang_getCanonicalType(clang_getPointeeType(t));
    return t.kind == CXType_Char_S || t.kind == CXType_Char_U || t.kind == CXType_SChar ||
           t.kind == CXType_UChar;
}

/*
 * A parameter char **p names the caller's buffer *p (append(char **sql,
 * ...)): its key is the parameter's USR and "*" (malloc'd), or NULL.
 * param_buffer: the same for an expression naming the parameter.
 */
static char *param_buffer_of(CXCursor p)
{
    if (clang_getCursorKind(p) != CXCursor_ParmDecl || !is_text_pointer_pointer(clang_getCursorType(p)))
        return NULL;
    CXString usr = clang_getCursorUSR(p);
    char *key = seam_printf("%s*", clang_getCString(usr));
    clang_disposeString(usr);
    return key;
}

static char *param_buffer(CXCursor e)
{
    CXCursor above;
    e = tu_values_expr_strip(e, &above);
    return clang_getCursorKind(e) == CXCursor_DeclRefExpr
               ? param_buffer_of(clang_getCursorReferenced(e))
               : NULL;
}

/*
 * Where a call writes: the buffer named (X, &X, X + n, &X[n]) and whether
 * the write lands at an offset (an append). NULL when it is no text local.
 */
static char *dest_of(CXCursor e, int *at_offset, int *by_address)
{
    CXCursor above;
    *at_offset = *by_address = 0;
    e = tu_values_expr_strip(e, &above);
    enum CXCursorKind k = clang_getCursorKind(e);
    if (k == CXCursor_UnaryOperator) {
        if (!is_address_of(e))
            return NULL;
        CXCursor in = tu_values_expr_strip(operand(e), &above);
        if (clang_getCursorKind(in) == CXCursor_ArraySubscriptExpr) {
            child_scan s = tu_values_expr_children(in);
            *at_offset = 1;
            return s.n == 2 ? local_usr(s.all[0]) : NULL;
        }
        *by_address = 1;
        return local_usr(in);
    }
    if (k == CXCursor_BinaryOperator) {
        /* buf + n: a pointer plus an integer (by the types, which macros do not hide) */
        child_scan s = tu_values_expr_children(e);
        if (s.n != 2 ||
            clang_getCanonicalType(clang_getCursorType(e)).kind != CXType_Pointer ||
            !is_integer(clang_getCanonicalType(clang_getCursorType(s.all[1]))))
            return NULL;
        *at_offset = 1;
        return local_usr(s.all[0]);
    }
    char *param = param_buffer(e);
    if (param) {
        *by_address = 1;
        return param;
    }
    return local_usr(e);
}

/* ---- texts of expressions --------------------------------------------------- */

static enum CXChildVisitResult lits_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    text_set *s = data;
    if (clang_getCursorKind(c) == CXCursor_StringLiteral && tu_text_set_add_lit(s, c.data[1]) < 0)
        return CXChildVisit_Break;
    return CXChildVisit_Recurse;
}

/* What expression e gives as text: literals, a buffer's variants, or a hole. */
static int text_of(text_walk *w, CXCursor e, text_set *out, int max)
{
    memset(out, 0, sizeof *out);
    if (clang_getCursorKind(e) == CXCursor_StringLiteral && tu_text_set_add_lit(out, e.data[1]) < 0)
        return SEAM_ENOMEM;
    clang_visitChildren(e, lits_visit, out);
    char *usr = local_usr(e);
    if (usr) {
        text_var *v = tu_text_state_find(&w->st, usr);
        free(usr);
        /* a NULL or fresh buffer printed is no text ("(null)"), a hole */
        if (v && v->set.n > 0 && !(v->set.n == 1 && !v->set.v[0][0] && !v->built))
            return tu_text_set_union(out, &v->set, max);
        CXCursor above, var = clang_getCursorReferenced(tu_values_expr_strip(e, &above));
        if (v || clang_getCursorKind(clang_getCursorSemanticParent(var)) !=
                     CXCursor_TranslationUnit)
            return tu_text_set_add(out, HOLE, max);
        /* a file-scope variable this function does not write: its value */
    }
    values vals = {0};
    int rc = tu_values_of(w->b, e, &vals, 0);
    for (int i = 0; rc == 0 && i < vals.n; i++) {
        /* a parameter is a hole that says which: "%2$s" (wrappers.c: table parameters) */
        char mark[24];
        if (!vals.v[i].sql && vals.v[i].param >= 0)
            snprintf(mark, sizeof mark, "%%%d$s", vals.v[i].param + 1);
        rc = tu_text_set_add(out, vals.v[i].sql ? vals.v[i].sql : vals.v[i].param >= 0 ? mark : HOLE, max);
    }
    tu_values_free(&vals);
    if (rc == 0 && out->n == 0) {
        /* a record's field: a mark table_args.c can follow to where the record was filled */
        char *mark = tu_records_hole(e);
        rc = tu_text_set_add(out, mark ? mark : HOLE, max);
        free(mark);
    }
    return rc;
}

/* Whether the text is nothing but holes and punctuation: no word of SQL in it. */
static int has_words(const char *s)
{
    for (; *s; s++) {
        if (s[0] == '%') {
            size_t n = sql_mask_printf_len(s);
            if (n > 0) {
                s += n - 1;
                continue;
            }
        }
        if (isalpha((unsigned char)*s))
            return 1;
    }
    return 0;
}

/* Appends piece to every variant of into (a product when piece has several). */
typedef struct strbuf {
    char *p;
    size_t n, cap;
    int oom;
} strbuf;

static void sb_put(strbuf *sb, const char *s, size_t n)
{
    if (sb->oom)
        return;
    if (sb->n + n + 1 > sb->cap) {
        size_t cap = sb->cap ? sb->cap * 2 : 128;
        while (cap < sb->n + n + 1)
            cap *= 2;
        char *p = realloc(sb->p, cap);
        if (!p) {
            sb->oom = 1;
            return;
        }
        sb->p = p;
        sb->cap = cap;
    }
    memcpy(sb->p + sb->n, s, n);
    sb->n += n;
    sb->p[sb->n] = '\0';
}

/*
 * Formats every variant of fmt with the call's arguments from first on: a %s
 * takes each text its argument may be (a product of the variants, at most
 * max), other conversions stay as written (placeholders to the SQL reader),
 * and so does a %s whose argument is unknown. '*' widths take an argument.
 * va = 1: the arguments are a va_list, every %s a hole. Argument `fixed`
 * (-1: none) is fixed_text instead of what it may be.
 */
static int format_texts_fixed(text_walk *w, const text_set *fmt, CXCursor call, int first,
                              int va, text_set *out, int max, int fixed, const char *fixed_text)
{
    int nargs = clang_Cursor_getNumArguments(call);
    memset(out, 0, sizeof *out);
    for (int f = 0; f < fmt->n; f++) {
        /* partial results of this variant, extended conversion by conversion */
        text_set cur = {0};
        int rc = tu_text_set_add(&cur, "", max);
        const char *s = fmt->v[f], *lit = s;
        int arg = first;
        while (rc == 0 && *s) {
            size_t n = s[0] == '%' ? sql_mask_printf_len(s) : 0;
            if (s[0] == '%' && s[1] == '%') {
                s += 2;
                continue;
            }
            if (n == 0) {
                s++;
                continue;
            }
            for (size_t i = 1; i < n; i++)
                arg += s[i] == '*';
            text_set piece = {0};
            int is_s = s[n - 1] == 's';
            if (is_s && !va && arg == fixed)
                rc = tu_text_set_add(&piece, fixed_text, 1);
            else if (is_s && !va && arg < nargs)
                rc = text_of(w, clang_Cursor_getArgument(call, (unsigned)arg), &piece, max);
            /* else piece stays empty: the conversion is kept as written */
            text_set next = {0};
            for (int i = 0; rc == 0 && i < cur.n; i++) {
                int pieces = piece.n > 0 ? piece.n : 1;
                for (int j = 0; rc == 0 && j < pieces; j++) {
                    strbuf sb = {0};
                    sb_put(&sb, cur.v[i], strlen(cur.v[i]));
                    sb_put(&sb, lit, (size_t)(s - lit));
                    if (piece.n > 0)
                        sb_put(&sb, piece.v[j], strlen(piece.v[j]));
                    else
                        sb_put(&sb, s, n);
                    if (sb.oom)
                        rc = SEAM_ENOMEM;
                    else if (sb.n <= TEXT_MAX)
                        rc = tu_text_set_add(&next, sb.p, max);
                    free(sb.p);
                }
            }
            if (rc == 0)
                rc = tu_text_set_union_lits(out, &piece);
            tu_text_set_free(&piece);
            tu_text_set_free(&cur);
            cur = next;
            arg++;
            s += n;
            lit = s;
        }
        for (int i = 0; rc == 0 && i < cur.n; i++) {
            strbuf sb = {0};
            sb_put(&sb, cur.v[i], strlen(cur.v[i]));
            sb_put(&sb, lit, strlen(lit));
            rc = sb.oom ? SEAM_ENOMEM : sb.n <= TEXT_MAX ? tu_text_set_add(out, sb.p, max) : 0;
            free(sb.p);
        }
        tu_text_set_free(&cur);
        if (rc < 0)
            return rc;
    }
    return tu_text_set_union_lits(out, fmt);
}

static int format_texts(text_walk *w, const text_set *fmt, CXCursor call, int first, int va,
                        text_set *out, int max)
{
    return format_texts_fixed(w, fmt, call, first, va, out, max, -1, NULL);
}

/* Whether piece begins a statement of its own (after spaces). */
static int starts_statement(const char *piece)
{
    static const char *const kw[] = {"select", "insert", "update", "delete", "with",
                                     "replace", "create", "alter", "drop", "truncate"};
    while (isspace((unsigned char)*piece))
        piece++;
    for (size_t i = 0; i < sizeof kw / sizeof *kw; i++) {
        size_t n = strlen(kw[i]);
        if (strncasecmp(piece, kw[i], n) == 0 && !isalnum((unsigned char)piece[n]) &&
            piece[n] != '_')
            return 1;
    }
    return 0;
}

/* Whether text ends a statement (empty, or ';' before trailing space). */
static int ends_statement(const char *text)
{
    size_t n = strlen(text);
    while (n > 0 && isspace((unsigned char)text[n - 1]))
        n--;
    return n == 0 || text[n - 1] == ';';
}

/* ---- changing buffers ------------------------------------------------------- */

static int var_replace(text_walk *w, const char *usr, const text_set *with, int built, int how)
{
    text_var *v = tu_text_state_get(&w->st, usr);
    if (!v)
        return w->st.full ? 0 : SEAM_ENOMEM; /* past TEXT_VARS: this buffer is not followed */
    tu_text_set_free(&v->set);
    v->built = built;
    v->how = how;
    return tu_text_set_copy(&v->set, with);
}

static int var_append(text_walk *w, const char *usr, const text_set *piece)
{
    text_var *v = tu_text_state_get(&w->st, usr);
    if (!v)
        return w->st.full ? 0 : SEAM_ENOMEM; /* past TEXT_VARS: this buffer is not followed */
    v->built = 1;
    v->how = HOW_BUILT;
    if (v->set.n == 0 || piece->n == 0) {
        /* unknown before: what is known is the piece, after a hole (or alone: a new statement) */
        text_set joined = {0};
        if (tu_text_set_union_lits(&joined, piece) < 0)
            return SEAM_ENOMEM;
        for (int j = 0; j < piece->n; j++) {
            char *t = seam_printf("%s%s", starts_statement(piece->v[j]) ? "" : HOLE, piece->v[j]);
            int rc = t ? tu_text_set_add(&joined, t, TEXT_VARIANTS) : SEAM_ENOMEM;
            free(t);
            if (rc < 0) {
                tu_text_set_free(&joined);
                return rc;
            }
        }
        tu_text_set_free(&v->set);
        v->set = joined;
        return 0;
    }
    text_set joined = {0};
    if (tu_text_set_union_lits(&joined, &v->set) < 0 || tu_text_set_union_lits(&joined, piece) < 0) {
        tu_text_set_free(&joined);
        return SEAM_ENOMEM;
    }
    for (int i = 0; i < v->set.n; i++)
        for (int j = 0; j < piece->n; j++) {
            /*
             * A new statement after one that is not ended: the buffer is being
             * reused (its offset reset, which the walk does not see). After an
             * ended one it is a batch ("UPDATE ...;\nUPDATE ...;").
             */
            int reuse = !ends_statement(v->set.v[i]) && starts_statement(piece->v[j]);
            char *t = seam_printf("%s%s", reuse ? "" : v->set.v[i], piece->v[j]);
            int rc = !t ? SEAM_ENOMEM : strlen(t) <= TEXT_MAX ? tu_text_set_add(&joined, t, TEXT_VARIANTS) : 0;
            free(t);
            if (rc < 0) {
                tu_text_set_free(&joined);
                return rc;
            }
        }
    tu_text_set_free(&v->set);
    v->set = joined;
    return 0;
}

/* sprintf-family functions: the position of the format, or -1; *va for the v* ones. */
static int format_pos(const char *name, int *va)
{
    *va = name[0] == 'v';
    if (!strcmp(name, "sprintf") || !strcmp(name, "vsprintf") || !strcmp(name, "asprintf") ||
        !strcmp(name, "vasprintf"))
        return 1;
    if (!strcmp(name, "snprintf") || !strcmp(name, "vsnprintf"))
        return 2;
    return -1;
}

static int is_name(const char *name, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(name, names[i]) == 0)
            return 1;
    return 0;
}

static const char *const copies[] = {"stpcpy", "strcpy", "strlcpy", "strncpy"};
static const char *const cats[] = {"strcat", "strlcat", "strncat"};

/* The first argument after `after` that is text (a literal or a known buffer), or -1. */
static int text_arg_after(text_walk *w, CXCursor call, int after)
{
    int nargs = clang_Cursor_getNumArguments(call);
    for (int k = after + 1; k < nargs; k++) {
        CXCursor above, a = tu_values_expr_strip(clang_Cursor_getArgument(call, (unsigned)k),
                                                 &above);
        if (clang_getCursorKind(a) == CXCursor_StringLiteral)
            return k;
        char *usr = local_usr(a);
        if (usr) {
            text_var *v = tu_text_state_find(&w->st, usr);
            free(usr);
            if (v && v->set.n > 0)
                return k;
        }
    }
    /* none: a record's text field (append(&buf, ..., ins->table->name)) */
    for (int k = after + 1; k < nargs; k++) {
        CXCursor above, a = tu_values_expr_strip(clang_Cursor_getArgument(call, (unsigned)k),
                                                 &above);
        if (clang_getCursorKind(a) == CXCursor_MemberRefExpr && tu_values_is_text(a))
            return k;
    }
    return -1;
}

/* The argument at k formatted with the ones after it, into *out. */
static int formatted_arg(text_walk *w, CXCursor call, int k, int va, text_set *out)
{
    text_set fmt = {0};
    int rc = text_of(w, clang_Cursor_getArgument(call, (unsigned)k), &fmt, TEXT_VARIANTS);
    if (rc == 0)
        rc = format_texts(w, &fmt, call, k + 1, va, out, TEXT_VARIANTS);
    tu_text_set_free(&fmt);
    return rc;
}

/* The literal elements of a table's initialiser list, in order (NULL where not a literal). */
typedef struct elems {
    char **v;
    int n, cap;
    int oom;
} elems;

static enum CXChildVisitResult elems_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    elems *e = data;
    if (!clang_isExpression(clang_getCursorKind(c)))
        return CXChildVisit_Continue;
    CXCursor above, lit = tu_values_expr_strip(c, &above);
    int nomem = 0;
    char *text = clang_getCursorKind(lit) == CXCursor_StringLiteral
                     ? tu_values_literal_text(lit, above, &nomem)
                     : NULL;
    if (nomem || seam_array_reserve(&e->v, &e->cap, e->n + 1, sizeof *e->v) < 0) {
        free(text);
        e->oom = 1;
        return CXChildVisit_Break;
    }
    e->v[e->n++] = text;
    return e->n >= 1024 ? CXChildVisit_Break : CXChildVisit_Continue;
}

/* The variable a subscript's index names (its USR, malloc'd), or NULL. */
static char *index_var(CXCursor subscript)
{
    child_scan s = tu_values_expr_children(subscript);
    CXCursor above, ix = s.n == 2 ? tu_values_expr_strip(s.all[1], &above) : clang_getNullCursor();
    if (clang_getCursorKind(ix) != CXCursor_DeclRefExpr)
        return NULL;
    CXString usr = clang_getCursorUSR(clang_getCursorReferenced(ix));
    char *u = seam_strdup(clang_getCString(usr));
    clang_disposeString(usr);
    return u;
}

/*
 * sprintf(names[i], "%s%s", prefix, raw[i]), asprintf(&names[i], ...):
 * element i of the file-scope array names is written from element i of the
 * constant table raw. Each element's text (raw[n] in place, other pieces as
 * the walk knows them) is a fact of the TU (fact_elem); a use names[K]
 * elsewhere is its element K (tu_values.c, sites.c).
 */
static int elem_write(text_walk *w, CXCursor call, CXCursor dest, int fpos, int va)
{
    CXCursor above;
    dest = tu_values_expr_strip(dest, &above);
    if (clang_getCursorKind(dest) == CXCursor_UnaryOperator)
        dest = tu_values_expr_strip(operand(dest), &above);
    if (clang_getCursorKind(dest) != CXCursor_ArraySubscriptExpr || va)
        return 0;
    child_scan ds = tu_values_expr_children(dest);
    CXCursor base = ds.n == 2 ? tu_values_expr_strip(ds.all[0], &above) : clang_getNullCursor();
    CXCursor array = clang_getCursorReferenced(base);
    if (clang_getCursorKind(base) != CXCursor_DeclRefExpr ||
        clang_getCursorKind(array) != CXCursor_VarDecl ||
        clang_getCursorKind(clang_getCursorSemanticParent(array)) != CXCursor_TranslationUnit)
        return 0;
    char *ix = index_var(dest);
    if (!ix)
        return 0;
    /* the argument raw[i], i the same variable, raw a table with an initialiser list */
    int nargs = clang_Cursor_getNumArguments(call), q = -1;
    CXCursor table = clang_getNullCursor();
    for (int k = fpos + 1; k < nargs && q < 0; k++) {
        CXCursor a = tu_values_expr_strip(clang_Cursor_getArgument(call, (unsigned)k), &above);
        if (clang_getCursorKind(a) != CXCursor_ArraySubscriptExpr)
            continue;
        char *aix = index_var(a);
        child_scan as = tu_values_expr_children(a);
        CXCursor ab = as.n == 2 ? tu_values_expr_strip(as.all[0], &above) : clang_getNullCursor();
        CXCursor def = clang_getCursorDefinition(clang_getCursorReferenced(ab));
        child_scan init = clang_Cursor_isNull(def) ? (child_scan){0} : tu_values_expr_children(def);
        if (aix && strcmp(aix, ix) == 0 && init.n > 0 &&
            clang_getCursorKind(init.last) == CXCursor_InitListExpr) {
            q = k;
            table = init.last;
        }
        free(aix);
    }
    free(ix);
    if (q < 0)
        return 0;
    elems e = {0};
    clang_visitChildren(table, elems_visit, &e);
    text_set fmt = {0};
    int rc = e.oom ? SEAM_ENOMEM
                   : text_of(w, clang_Cursor_getArgument(call, (unsigned)fpos), &fmt, 1);
    CXString usr = clang_getCursorUSR(array);
    tu_facts *o = w->b->t->out;
    for (int n = 0; rc == 0 && n < e.n; n++) {
        text_set t = {0};
        if (e.v[n])
            rc = format_texts_fixed(w, &fmt, call, fpos + 1, 0, &t, 2, q, e.v[n]);
        /* one text per element: the first variant (the arms of "?:" differ by a hole) */
        if (rc == 0 && t.n >= 1 && (w->recorded += strlen(t.v[0])) > TEXT_RECORDED)
            rc = 1;
        if (rc == 0 && t.n >= 1) {
            fact_elem fe = {seam_strdup(clang_getCString(usr)), n, seam_strdup(t.v[0])};
            if (!fe.usr || !fe.text ||
                seam_array_reserve(&o->elems, &o->capelems, o->nelems + 1, sizeof *o->elems) < 0) {
                free(fe.usr);
                free(fe.text);
                rc = SEAM_ENOMEM;
            } else {
                o->elems[o->nelems++] = fe;
            }
        }
        tu_text_set_free(&t);
    }
    clang_disposeString(usr);
    tu_text_set_free(&fmt);
    for (int n = 0; n < e.n; n++)
        free(e.v[n]);
    free(e.v);
    return rc;
}

/*
 * f(&buf, ...) with no text after the buffer: f may append to it, as its
 * own body says (append_conditions(&sql, ...) building "... AND x IN (..)").
 * The text is the mark "%{p:F|K}", F the callee's USR and K the argument,
 * which sites.c replaces by what F's walk found it appends (tu_text_collect),
 * or by nothing.
 */
static int appends_mark(CXCursor call, int k, text_set *out)
{
    CXString usr = clang_getCursorUSR(clang_getCursorReferenced(call));
    char *mark = seam_printf("%%{p:%s|%d}", clang_getCString(usr), k);
    clang_disposeString(usr);
    int rc = mark ? tu_text_set_add(out, mark, 1) : SEAM_ENOMEM;
    free(mark);
    return rc;
}

/* What a call does to the buffers it is given (see the opening comment). */
static int call_apply(text_walk *w, CXCursor call, const char *name, int system)
{
    int nargs = clang_Cursor_getNumArguments(call);
    int va, fpos = format_pos(name, &va);
    int rc = 0;
    if (nargs < 1)
        return 0;
    int offset, addr;
    char *dest = NULL;
    text_set t = {0};
    if (fpos >= 0 && fpos < nargs) {
        if ((dest = dest_of(clang_Cursor_getArgument(call, 0), &offset, &addr)) &&
            (rc = formatted_arg(w, call, fpos, va, &t)) == 0)
            rc = offset ? var_append(w, dest, &t) : var_replace(w, dest, &t, 1, HOW_FORMAT);
        else if (!dest)
            rc = elem_write(w, call, clang_Cursor_getArgument(call, 0), fpos, va);
    } else if ((is_name(name, copies, 4) || is_name(name, cats, 3)) && nargs >= 2) {
        if ((dest = dest_of(clang_Cursor_getArgument(call, 0), &offset, &addr)) &&
            (rc = text_of(w, clang_Cursor_getArgument(call, 1), &t, TEXT_VARIANTS)) == 0)
            rc = offset || is_name(name, cats, 3) ? var_append(w, dest, &t)
                                                 : var_replace(w, dest, &t, 1, HOW_VARIABLE);
    } else if (strcmp(name, "memset") == 0) {
        if ((dest = dest_of(clang_Cursor_getArgument(call, 0), &offset, &addr)) &&
            !offset && (rc = tu_text_set_add(&t, "", 1)) == 0)
            rc = var_replace(w, dest, &t, 0, HOW_VARIABLE);
    } else if (!system) {
        /* append(&buf, ..., fmt, ...) and write(buf + off, ..., fmt, ...) */
        for (int k = 0; k < nargs && !dest; k++) {
            dest = dest_of(clang_Cursor_getArgument(call, (unsigned)k), &offset, &addr);
            if (dest && !addr && !offset) {
                free(dest);
                dest = NULL;
                continue;
            }
            int q = dest ? text_arg_after(w, call, k) : -1;
            if (q >= 0 && (rc = formatted_arg(w, call, q, 0, &t)) == 0)
                rc = var_append(w, dest, &t);
            else if (q < 0 && dest && addr && (rc = appends_mark(call, k, &t)) == 0)
                rc = var_append(w, dest, &t); /* what the callee appends, known later */
        }
    }
    free(dest);
    tu_text_set_free(&t);
    return rc;
}

/* X = rhs (or X's initialiser). */
/* Whether a call allocates: malloc, calloc, realloc, and a project's xmalloc, zbx_malloc, ... */
static int is_allocator(CXCursor call)
{
    CXString sp = clang_getCursorSpelling(clang_getCursorReferenced(call));
    const char *name = clang_getCString(sp);
    int yes = 0;
    for (const char *p = name; p && *p && !yes; p++)
        yes = strncasecmp(p, "alloc", 5) == 0;
    clang_disposeString(sp);
    return yes;
}

/* Whether text is one record field's mark and nothing else (tu_records_hole). */
static int is_record_mark(const char *text)
{
    const char *end = strchr(text, '}');
    return strncmp(text, GLOBAL_MARK_OPEN "f:", strlen(GLOBAL_MARK_OPEN "f:")) == 0 && end &&
           end[1] == '\0';
}

static int assign(text_walk *w, const char *usr, CXCursor rhs)
{
    CXCursor above;
    CXCursor e = tu_values_expr_strip(rhs, &above);
    enum CXCursorKind k = clang_getCursorKind(e);
    text_set t = {0};
    int rc = 0, built = 0, how = HOW_VARIABLE;
    if (k == CXCursor_IntegerLiteral || k == CXCursor_GNUNullExpr) {
        rc = tu_text_set_add(&t, "", 1); /* NULL: empty */
    } else if (k == CXCursor_CallExpr &&
               clang_getCursorKind(clang_getCursorReferenced(e)) == CXCursor_FunctionDecl) {
        int nargs = clang_Cursor_getNumArguments(e);
        CXString sp = clang_getCursorSpelling(clang_getCursorReferenced(e));
        int dup = !strcmp(clang_getCString(sp), "strdup") || !strcmp(clang_getCString(sp), "strndup");
        clang_disposeString(sp);
        built = 1;
        how = dup ? HOW_VARIABLE : HOW_FORMAT;
        if (dup && nargs >= 1) {
            rc = text_of(w, clang_Cursor_getArgument(e, 0), &t, TEXT_VARIANTS);
        } else {
            /* f(X, text, ...) appends to X; f(text, ...) makes a new text */
            int self = -1;
            for (int a = 0; a < nargs && self < 0; a++) {
                int offset, addr;
                char *d = dest_of(clang_Cursor_getArgument(e, (unsigned)a), &offset, &addr);
                if (d && strcmp(d, usr) == 0)
                    self = a;
                free(d);
            }
            int q = text_arg_after(w, e, self);
            if (q >= 0 && (rc = formatted_arg(w, e, q, 0, &t)) == 0 && self >= 0) {
                rc = var_append(w, usr, &t);
                tu_text_set_free(&t);
                return rc;
            }
            /*
             * A new text only from what reads as a format or a statement:
             * x = alloc(__FILE__, __LINE__, NULL, n) makes no text of the
             * file's name.
             */
            text_set f = {0};
            if (rc == 0 && self < 0 && q >= 0 &&
                (rc = text_of(w, clang_Cursor_getArgument(e, (unsigned)q), &f, 1)) == 0 &&
                !(f.n > 0 && (strchr(f.v[0], '%') || starts_statement(f.v[0]))))
                tu_text_set_free(&t);
            tu_text_set_free(&f);
            /* a fresh allocation holds no statement yet: what is appended to it is the text */
            if (rc == 0 && self < 0 && t.n == 0 && is_allocator(e)) {
                rc = tu_text_set_add(&t, "", 1);
                built = 0;
            }
        }
    } else if (k == CXCursor_StringLiteral || k == CXCursor_ConditionalOperator ||
               k == CXCursor_DeclRefExpr || k == CXCursor_ArraySubscriptExpr ||
               k == CXCursor_MemberRefExpr) {
        text_set got = {0};
        rc = text_of(w, rhs, &got, TEXT_VARIANTS);
        /* a plain hole (or a record's field, whose value is not known here) is not a known text */
        if (rc == 0 && !(got.n == 1 && (strcmp(got.v[0], HOLE) == 0 || is_record_mark(got.v[0]))))
            t = got;
        else
            tu_text_set_free(&got);
        /* a copy of another buffer is what that buffer is */
        char *other = local_usr(rhs);
        text_var *ov = other ? tu_text_state_find(&w->st, other) : NULL;
        if (ov) {
            built = ov->built;
            how = ov->how;
        }
        free(other);
    }
    if (rc == 0)
        rc = var_replace(w, usr, &t, built, how);
    tu_text_set_free(&t);
    return rc;
}

/* ---- the walk ----------------------------------------------------------------- */

/* Records what argument pos of call carries, when it is a built or formatted text. */
static int record(text_walk *w, CXCursor call, int pos, const text_set *t, int how)
{
    strbuf sb = {0};
    int kept = 0;
    for (int i = 0; i < t->n; i++) {
        /* a parameter's hole alone is kept: the parameter passed on (tu_body.c) */
        int param = 0, end = 0;
        int hole = sscanf(t->v[i], "%%%d$s%n", &param, &end) == 1 && end > 0 && !t->v[i][end];
        if (!has_words(t->v[i]) && !hole)
            continue;
        if (kept++)
            sb_put(&sb, ";\n", 2);
        sb_put(&sb, t->v[i], strlen(t->v[i]));
    }
    if (sb.oom)
        return SEAM_ENOMEM;
    if ((w->recorded += sb.n) > TEXT_RECORDED) {
        free(sb.p);
        return 1; /* no built texts for this function rather than unbounded facts */
    }
    /*
     * Nothing but holes ("%s_%s" of two unknown names): no text, but still a
     * record, so that the literals the buffer was ever filled with are not
     * taken for what it holds here.
     */
    body_ctx *b = w->b;
    if (seam_array_reserve(&b->texts, &b->captexts, b->ntexts + 1, sizeof *b->texts) < 0) {
        free(sb.p);
        return SEAM_ENOMEM;
    }
    b->texts[b->ntexts++] = (built_text){call.data[1], pos, how, sb.p};
    for (int i = 0; i < t->nlits; i++) {
        if (seam_array_reserve(&b->used, &b->capused, b->nused + 1, sizeof *b->used) < 0)
            return SEAM_ENOMEM;
        b->used[b->nused++] = t->lits[i];
    }
    return 0;
}

/* A format filled from the arguments from first on: built when one of them is a built buffer. */
static int format_how(text_walk *w, CXCursor call, int first)
{
    int nargs = clang_Cursor_getNumArguments(call);
    for (int k = first; k < nargs; k++) {
        char *usr = local_usr(clang_Cursor_getArgument(call, (unsigned)k));
        text_var *v = usr ? tu_text_state_find(&w->st, usr) : NULL;
        free(usr);
        if (v && v->how == HOW_BUILT)
            return HOW_BUILT;
    }
    return HOW_FORMAT;
}

/* Whether e is a null pointer constant: NULL, 0, (void *)0. */
static int is_null_constant(CXCursor e)
{
    CXCursor above;
    e = tu_values_expr_strip(e, &above);
    enum CXCursorKind k = clang_getCursorKind(e);
    if (k == CXCursor_GNUNullExpr)
        return 1;
    if (k != CXCursor_IntegerLiteral)
        return 0;
    CXEvalResult r = clang_Cursor_Evaluate(e);
    int zero = r && clang_EvalResult_getKind(r) == CXEval_Int && clang_EvalResult_getAsLongLong(r) == 0;
    if (r)
        clang_EvalResult_dispose(r);
    return zero;
}

/*
 * A variadic call whose text arguments end with NULL concatenates them
 * (g_strconcat(a, b, NULL), a project's strcat_all(..., "INSERT INTO ",
 * cfg->table, " (", ..., NULL)): the run from the literal that starts a
 * statement (SELECT, INSERT, ...; an option's name may come before it) to
 * the NULL is one text. It is kept for that literal (tu_text_joined), the
 * statement a keyword guess reads, and the run's other literals are parts.
 */
static int concat_visit(text_walk *w, CXCursor call, CXCursor fn)
{
    int nargs = clang_Cursor_getNumArguments(call);
    if (!clang_Cursor_isVariadic(fn) || nargs < 3 ||
        !is_null_constant(clang_Cursor_getArgument(call, (unsigned)nargs - 1)))
        return 0;
    /* the run starts at the literal that starts a statement (an option's name may come first) */
    int first = -1;
    for (int k = 0; k < nargs - 1 && first < 0; k++) {
        CXCursor above, a = tu_values_expr_strip(clang_Cursor_getArgument(call, (unsigned)k),
                                                 &above);
        if (clang_getCursorKind(a) != CXCursor_StringLiteral)
            continue;
        int nomem = 0;
        char *text = tu_values_literal_text(a, above, &nomem);
        if (nomem)
            return SEAM_ENOMEM;
        if (text && starts_statement(text))
            first = k;
        free(text);
    }
    if (first < 0 || first + 2 > nargs - 1)
        return 0;
    text_set run = {0};
    int rc = tu_text_set_add(&run, "", TEXT_VARIANTS);
    for (int k = first; rc == 0 && k < nargs - 1; k++) {
        text_set piece = {0}, next = {0};
        rc = text_of(w, clang_Cursor_getArgument(call, (unsigned)k), &piece, TEXT_VARIANTS);
        for (int i = 0; rc == 0 && i < run.n; i++)
            for (int j = 0; rc == 0 && j < piece.n; j++) {
                char *t = seam_printf("%s%s", run.v[i], piece.v[j]);
                rc = !t ? SEAM_ENOMEM : strlen(t) <= TEXT_MAX ? tu_text_set_add(&next, t, TEXT_VARIANTS) : 0;
                free(t);
            }
        if (rc == 0)
            rc = tu_text_set_union_lits(&next, &run);
        if (rc == 0)
            rc = tu_text_set_union_lits(&next, &piece);
        tu_text_set_free(&piece);
        tu_text_set_free(&run);
        run = next;
    }
    strbuf sb = {0};
    for (int i = 0; rc == 0 && i < run.n; i++) {
        if (i)
            sb_put(&sb, ";\n", 2);
        sb_put(&sb, run.v[i], strlen(run.v[i]));
    }
    body_ctx *b = w->b;
    CXCursor above, lit = tu_values_expr_strip(clang_Cursor_getArgument(call, (unsigned)first),
                                               &above);
    if (rc == 0 && (sb.oom || seam_array_reserve(&b->joined, &b->capjoined, b->njoined + 1,
                                                 sizeof *b->joined) < 0))
        rc = SEAM_ENOMEM;
    if (rc == 0 && (w->recorded += sb.n) > TEXT_RECORDED)
        rc = 1;
    if (rc == 0) {
        b->joined[b->njoined++] = (built_text){lit.data[1], first, HOW_KEYWORD, sb.p};
        sb.p = NULL;
        /* the run's other literals are pieces of it */
        for (int i = 0; i < run.nlits && rc == 0; i++) {
            if (run.lits[i] == lit.data[1])
                continue;
            if (seam_array_reserve(&b->used, &b->capused, b->nused + 1, sizeof *b->used) < 0)
                rc = SEAM_ENOMEM;
            else
                b->used[b->nused++] = run.lits[i];
        }
    }
    free(sb.p);
    tu_text_set_free(&run);
    return rc;
}

/*
 * C library calls that only measure, compare, search, copy or free a text,
 * and the logging calls: a buffer given to them is not recorded (each
 * snprintf(q + strlen(q), ...) would record q twice).
 */
static int never_sends(const char *name)
{
    static const char *const names[] = {
        "free",    "memchr",     "memcmp",  "memcpy",      "memmove", "memset",  "strcasecmp",
        "strchr",  "strcmp",     "strcspn", "strlen",      "strncasecmp", "strncmp", "strnlen",
        "strpbrk", "strrchr",    "strspn",  "strstr",      "strtok",  "strtok_r"};
    int va;
    return is_name(name, names, sizeof names / sizeof *names) || is_name(name, copies, 4) ||
           is_name(name, cats, 3) || format_pos(name, &va) >= 0 || wrappers_is_log_sink(name);
}

/* At a call: its buffers and formats as arguments, then what it does to buffers. */
static int call_visit(text_walk *w, CXCursor call)
{
    CXCursor fn = clang_getCursorReferenced(call);
    if (clang_getCursorKind(fn) != CXCursor_FunctionDecl)
        return 0;
    CXString sp = clang_getCursorSpelling(fn);
    char *name = seam_strdup(clang_getCString(sp));
    clang_disposeString(sp);
    if (!name)
        return SEAM_ENOMEM;
    int system = clang_Location_isInSystemHeader(clang_getCursorLocation(fn));
    if (tu_records_lookup(w->b, w->fn, call, name) < 0) {
        free(name);
        return SEAM_ENOMEM;
    }
    int nargs = clang_Cursor_getNumArguments(call);
    int va, fpos = format_pos(name, &va);
    int rc = 0;
    /* what a call that only reads, copies or prints a text gets is no statement sent */
    int sends = !never_sends(name);
    for (int k = 0; rc == 0 && sends && k < nargs; k++) {
        CXCursor above, a = tu_values_expr_strip(clang_Cursor_getArgument(call, (unsigned)k),
                                                 &above);
        /*
         * The buffer, or its address when no text follows it: send(&sql,
         * &alloc, &offset) sends what sql holds (append(&sql, ..., " AND ...")
         * changes it instead, below).
         */
        int offset, addr;
        char *usr = local_usr(a);
        if (!usr && (usr = dest_of(a, &offset, &addr)) &&
            (!addr || offset || text_arg_after(w, call, k) >= 0 || usr[strlen(usr) - 1] == '*')) {
            free(usr); /* a parameter's buffer holds only what this function appends */
            usr = NULL;
        }
        if (usr) {
            text_var *v = tu_text_state_find(&w->st, usr);
            if (v && v->built && v->set.n > 0)
                rc = record(w, call, k, &v->set, v->how);
            free(usr);
            continue;
        }
        /* a format filled with known texts: f("%s", sql), f("... FROM %s", names[i]) */
        if (k != fpos && k + 1 < nargs && clang_getCursorKind(a) == CXCursor_StringLiteral) {
            text_set fmt = {0}, t = {0};
            rc = text_of(w, a, &fmt, 1);
            if (rc == 0 && fmt.n == 1 && strchr(fmt.v[0], '%'))
                rc = format_texts(w, &fmt, call, k + 1, 0, &t, CONST_VARIANTS);
            if (rc == 0 && !(t.n == 1 && strcmp(t.v[0], fmt.v[0]) == 0) && t.n > 0)
                rc = record(w, call, k, &t, format_how(w, call, k + 1));
            tu_text_set_free(&fmt);
            tu_text_set_free(&t);
        }
    }
    if (rc == 0)
        rc = concat_visit(w, call, fn);
    if (rc == 0)
        rc = call_apply(w, call, name, system);
    free(name);
    return rc;
}

/* A declaration, a call or an assignment; anything else: its children. */
int tu_text_node(text_walk *w, CXCursor c)
{
    enum CXCursorKind k = clang_getCursorKind(c);
    switch (k) {
    case CXCursor_VarDecl: {
        int rc = tu_text_walk_kids(w, c);
        if (rc || !is_text_local(c))
            return rc;
        CXString usr = clang_getCursorUSR(c);
        char *u = seam_strdup(clang_getCString(usr));
        clang_disposeString(usr);
        if (!u)
            return SEAM_ENOMEM;
        child_scan s = tu_values_expr_children(c);
        if (s.n > 0) {
            rc = assign(w, u, s.last);
        } else {
            text_set empty = {0};
            rc = tu_text_set_add(&empty, "", 1);
            if (rc == 0)
                rc = var_replace(w, u, &empty, 0, HOW_VARIABLE);
            tu_text_set_free(&empty);
        }
        free(u);
        return rc;
    }
    case CXCursor_CallExpr: {
        int rc = tu_text_walk_kids(w, c);
        return rc ? rc : call_visit(w, c);
    }
    case CXCursor_BinaryOperator: {
        child_scan s = tu_values_expr_children(c);
        char *usr = s.n == 2 ? local_usr(s.all[0]) : NULL;
        char tok[4] = "";
        if (s.n == 2)
            tu_body_token_between(w->b->t, clang_getRangeEnd(clang_getCursorExtent(s.all[0])),
                                  clang_getRangeStart(clang_getCursorExtent(s.all[1])), tok,
                                  sizeof tok);
        if (!usr || strcmp(tok, "=") != 0) {
            free(usr);
            int rc = s.n == 2 && strcmp(tok, "=") == 0
                         ? tu_records_store(w->b, w->fn, s.all[0], s.all[1])
                         : 0;
            return rc ? rc : tu_text_walk_kids(w, c);
        }
        int rc = tu_text_walk(w, s.all[1]);
        if (rc == 0)
            rc = assign(w, usr, s.all[1]);
        free(usr);
        return rc;
    }
    case CXCursor_FunctionDecl:
    case CXCursor_ParmDecl:
    case CXCursor_TypeRef:
        return k == CXCursor_FunctionDecl ? tu_text_walk_kids(w, c) : 0;
    default:
        return tu_text_walk_kids(w, c);
    }
}

/* Each char **p parameter's buffer *p starts empty: what the body appends to it is its own. */
static int params_open(text_walk *w)
{
    for (int i = 0; i < w->b->nparams; i++) {
        char *key = param_buffer_of(w->b->params[i]);
        if (!key)
            continue;
        text_var *v = tu_text_state_get(&w->st, key);
        free(key);
        if (!v)
            return w->st.full ? 0 : SEAM_ENOMEM;
        v->param = i;
        v->how = HOW_BUILT;
        if (tu_text_set_add(&v->set, "", 1) < 0)
            return SEAM_ENOMEM;
    }
    return 0;
}

/*
 * What the body appended to each parameter's buffer, as a fact of the TU
 * (fact_elem "*F", index the parameter): the callers' marks become it.
 */
static int params_close(text_walk *w, CXCursor fn)
{
    CXString usr = clang_getCursorUSR(fn);
    int rc = 0;
    for (int i = 0; rc == 0 && i < w->st.n; i++) {
        const text_var *v = &w->st.vars[i];
        if (v->param < 0 || !v->built || v->set.n == 0)
            continue;
        strbuf sb = {0};
        for (int j = 0; j < v->set.n; j++) {
            if (!has_words(v->set.v[j]))
                continue;
            if (sb.n)
                sb_put(&sb, ";\n", 2);
            sb_put(&sb, v->set.v[j], strlen(v->set.v[j]));
        }
        if (sb.oom) {
            rc = SEAM_ENOMEM;
            break;
        }
        if (!sb.p)
            continue;
        if ((w->recorded += sb.n) > TEXT_RECORDED) {
            free(sb.p);
            rc = 1;
            break;
        }
        body_ctx *b = w->b;
        fact_elem e = {seam_printf("*%s", clang_getCString(usr)), v->param, sb.p};
        tu_facts *o = b->t->out;
        if (rc < 0 || !e.usr ||
            seam_array_reserve(&o->elems, &o->capelems, o->nelems + 1, sizeof *o->elems) < 0) {
            free(e.usr);
            free(e.text);
            rc = SEAM_ENOMEM;
        } else {
            o->elems[o->nelems++] = e;
        }
    }
    clang_disposeString(usr);
    return rc;
}

int tu_text_collect(body_ctx *b, CXCursor fn)
{
    text_walk w;
    memset(&w, 0, sizeof w);
    w.b = b;
    w.budget = TEXT_BUDGET;
    w.ret.dead = 1; /* no return seen yet */
    w.fn = fn;
    int rc = params_open(&w);
    if (rc == 0)
        rc = tu_text_walk(&w, fn);
    /* what the body left in its parameters' buffers, on every path that returns */
    if (rc == 0)
        rc = tu_text_flow_end(&w);
    if (rc == 0)
        rc = params_close(&w, fn);
    tu_text_flow_free(&w);
    tu_text_state_free(&w.st);
    if (rc > 0 || rc < 0) {
        /* past the budget: no built texts rather than some */
        tu_text_free(b);
        return rc < 0 ? rc : 0;
    }
    return 0;
}

const built_text *tu_text_find(const body_ctx *b, CXCursor call, int pos)
{
    for (int i = 0; i < b->ntexts; i++)
        if (b->texts[i].call == call.data[1] && b->texts[i].pos == pos)
            return &b->texts[i];
    return NULL;
}

const char *tu_text_joined(const body_ctx *b, CXCursor lit)
{
    for (int i = 0; i < b->njoined; i++)
        if (b->joined[i].call == lit.data[1])
            return b->joined[i].text;
    return NULL;
}

int tu_text_used(const body_ctx *b, CXCursor lit)
{
    for (int i = 0; i < b->nused; i++)
        if (b->used[i] == lit.data[1])
            return 1;
    return 0;
}

void tu_text_free(body_ctx *b)
{
    for (int i = 0; i < b->ntexts; i++)
        free(b->texts[i].text);
    free(b->texts);
    free(b->used);
    for (int i = 0; i < b->njoined; i++)
        free(b->joined[i].text);
    free(b->joined);
    b->joined = NULL;
    b->njoined = b->capjoined = 0;
    b->texts = NULL;
    b->used = NULL;
    b->ntexts = b->captexts = b->nused = b->capused = 0;
}
