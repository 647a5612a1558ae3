/*
 * tu_body.c - the facts of one function definition's body.
 *
 * One walk over the body records: each call expression (callee, and the
 * arguments that carry a parameter or a literal), each function named without
 * being called (a callback), each file-scope variable used and whether it is
 * read or written, each type named, the local variables that hold SQL
 * (initialised, assigned, or written by sprintf/snprintf/asprintf/strcpy),
 * and literals that read as SQL.
 *
 * libclang 14 does not say which operator a BinaryOperator or UnaryOperator
 * is, so the operator token is read from the source between (or around) the
 * operands; only done when the operand is a variable we care about.
 */
#include "tu_internal.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- symbols ------------------------------------------------------------- */

static int is_global_var(CXCursor var)
{
    return clang_getCursorKind(var) == CXCursor_VarDecl &&
           clang_getCursorKind(clang_getCursorSemanticParent(var)) == CXCursor_TranslationUnit;
}

/* Fills *s for the declaration d (a function, variable or type) named at loc. */
static int sym_from_cursor(tu_ctx *t, CXCursor d, CXSourceLocation loc, fact_sym *s)
{
    memset(s, 0, sizeof *s);
    CXString usr = clang_getCursorUSR(d), name = clang_getCursorSpelling(d);
    s->usr = seam_strdup(clang_getCString(usr));
    s->name = seam_strdup(clang_getCString(name));
    clang_disposeString(usr);
    clang_disposeString(name);
    if (!s->usr || !s->name)
        goto nomem;
    s->internal = clang_getCursorKind(d) == CXCursor_TypedefDecl ||
                  clang_getCursorLinkage(d) == CXLinkage_Internal;
    CXCursor def = clang_getCursorDefinition(d);
    /* A tentative definition ("int g;") is no definition to libclang: it is where g lives. */
    if (clang_Cursor_isNull(def) && clang_getCursorKind(d) == CXCursor_VarDecl &&
        clang_Cursor_getStorageClass(d) != CX_SC_Extern)
        def = d;
    if (!clang_Cursor_isNull(def)) {
        int l;
        const char *rel = tu_facts_loc_rel(t, clang_getCursorLocation(def), &l);
        if (rel && !(s->file = seam_strdup(rel)))
            goto nomem;
    }
    (void)tu_facts_loc_rel(t, loc, &s->line);
    if (t->rc)
        goto nomem;
    return 0;
nomem:
    tu_facts_sym_free(s);
    return SEAM_ENOMEM;
}

/* ---- operators ----------------------------------------------------------- */

const char *tu_body_token_between(tu_ctx *t, CXSourceLocation from, CXSourceLocation to, char *buf,
                                  size_t size)
{
    CXToken *toks = NULL;
    unsigned n = 0;
    buf[0] = '\0';
    clang_tokenize(t->tu, clang_getRange(from, to), &toks, &n);
    if (n > 0) {
        CXString sp = clang_getTokenSpelling(t->tu, toks[0]);
        const char *p = clang_getCString(sp);
        if (p && strlen(p) < size)
            strcpy(buf, p);
        clang_disposeString(sp);
    }
    if (toks)
        clang_disposeTokens(t->tu, toks, n);
    return buf;
}

/* A UnaryOperator's operator: the first token if it is punctuation (prefix), else the last. */
static const char *unary_op(tu_ctx *t, CXCursor op, char *buf, size_t size)
{
    CXToken *toks = NULL;
    unsigned n = 0;
    buf[0] = '\0';
    clang_tokenize(t->tu, clang_getCursorExtent(op), &toks, &n);
    if (n > 0) {
        unsigned i = clang_getTokenKind(toks[0]) == CXToken_Punctuation ? 0 : n - 1;
        CXString sp = clang_getTokenSpelling(t->tu, toks[i]);
        const char *p = clang_getCString(sp);
        if (p && strlen(p) < size)
            strcpy(buf, p);
        clang_disposeString(sp);
    }
    if (toks)
        clang_disposeTokens(t->tu, toks, n);
    return buf;
}

/*
 * The variable an lvalue expression is rooted in: x, x.f, x->f, x[i], (x),
 * through any number of those. Returns the DeclRefExpr (null cursor if none).
 */
static CXCursor lvalue_root(CXCursor e)
{
    CXCursor above;
    for (int depth = 0; depth < 32; depth++) {
        e = tu_values_expr_strip(e, &above);
        enum CXCursorKind k = clang_getCursorKind(e);
        if (k == CXCursor_DeclRefExpr)
            return e;
        if (k != CXCursor_MemberRefExpr && k != CXCursor_ArraySubscriptExpr)
            break;
        child_scan s = tu_values_expr_children(e);
        if (s.n < 1)
            break;
        e = s.all[0];
    }
    return clang_getNullCursor();
}

static int decide(body_ctx *b, CXCursor ref, int access)
{
    if (seam_array_reserve(&b->dec, &b->capdec, b->ndec + 1, sizeof *b->dec) < 0)
        return SEAM_ENOMEM;
    b->dec[b->ndec++] = (decided){ref, access};
    return 0;
}

/*
 * The role decided for ref (and forgets it), or -1. Cursors of one node met
 * on two walks do not always compare equal with clang_equalCursors (their
 * parent differs), so a DeclRefExpr is known by its kind and location.
 */
static int decided_role(body_ctx *b, CXCursor ref)
{
    CXSourceLocation at = clang_getCursorLocation(ref);
    for (int i = b->ndec - 1; i >= 0; i--)
        if (clang_equalLocations(clang_getCursorLocation(b->dec[i].ref), at)) {
            int access = b->dec[i].access;
            b->dec[i] = b->dec[--b->ndec];
            return access;
        }
    return -1;
}

/* var = value: a local text variable now holds value; a global is written. */
static int assign_collect(body_ctx *b, CXCursor op)
{
    child_scan s = tu_values_expr_children(op);
    if (s.n != 2)
        return 0;
    CXCursor ref = lvalue_root(s.all[0]);
    if (clang_Cursor_isNull(ref))
        return 0;
    CXCursor var = clang_getCursorReferenced(ref);
    if (clang_getCursorKind(var) != CXCursor_VarDecl)
        return 0;
    int global = is_global_var(var);
    CXCursor above;
    int direct = clang_equalCursors(tu_values_expr_strip(s.all[0], &above), ref);
    /* a text, or a record pointer a call gives (t = get_table(name): table_args.c's lookups) */
    CXType ty = clang_getCanonicalType(clang_getCursorType(var));
    int record_call =
        ty.kind == CXType_Pointer &&
        clang_getCanonicalType(clang_getPointeeType(ty)).kind == CXType_Record &&
        clang_getCursorKind(tu_values_expr_strip(s.all[1], &above)) == CXCursor_CallExpr;
    if (!global && !(direct && (tu_values_is_text(var) || record_call)))
        return 0;
    char tok[8];
    tu_body_token_between(b->t, clang_getRangeEnd(clang_getCursorExtent(s.all[0])),
                  clang_getRangeStart(clang_getCursorExtent(s.all[1])), tok, sizeof tok);
    if (strcmp(tok, "=") != 0)
        return 0;
    if (global)
        return decide(b, ref, SEAM_WRITE);
    values vals = {0};
    int rc = tu_values_of(b, s.all[1], &vals, 0);
    if (rc == 0) {
        CXString usr = clang_getCursorUSR(var);
        rc = tu_values_bind(b, clang_getCString(usr), &vals, HOW_VARIABLE);
        clang_disposeString(usr);
    }
    tu_values_free(&vals);
    return rc;
}

/* g op= x, ++g, g--, &g: the global is read and written (its address may be written through). */
static int update_collect(body_ctx *b, CXCursor op, int unary)
{
    child_scan s = tu_values_expr_children(op);
    if (s.n < 1)
        return 0;
    CXCursor ref = lvalue_root(s.all[0]);
    if (clang_Cursor_isNull(ref) || !is_global_var(clang_getCursorReferenced(ref)))
        return 0;
    if (unary) {
        char tok[8];
        unary_op(b->t, op, tok, sizeof tok);
        if (strcmp(tok, "++") != 0 && strcmp(tok, "--") != 0 && strcmp(tok, "&") != 0)
            return 0;
    }
    return decide(b, ref, SEAM_READ | SEAM_WRITE);
}

/* ---- references ---------------------------------------------------------- */

static int sym_push(fact_sym **v, int *n, int *cap, fact_sym *s)
{
    if (seam_array_reserve(v, cap, *n + 1, sizeof **v) < 0) {
        tu_facts_sym_free(s);
        return SEAM_ENOMEM;
    }
    (*v)[(*n)++] = *s;
    return 0;
}

/* One entry per USR: access bits merged. */
static int sym_merge(fact_sym **v, int *n, int *cap, fact_sym *s)
{
    for (int i = 0; i < *n; i++)
        if (strcmp((*v)[i].usr, s->usr) == 0) {
            (*v)[i].access |= s->access;
            tu_facts_sym_free(s);
            return 0;
        }
    return sym_push(v, n, cap, s);
}

static int declref_collect(body_ctx *b, CXCursor c)
{
    CXCursor r = clang_getCursorReferenced(c);
    enum CXCursorKind rk = clang_getCursorKind(r);
    if (rk != CXCursor_FunctionDecl && !(rk == CXCursor_VarDecl && is_global_var(r)))
        return 0;
    int role = decided_role(b, c);
    if (rk == CXCursor_FunctionDecl && role == 0)
        return 0; /* the callee of a call: recorded as the call */
    /* Names from system headers (errno's function, stdin) are not project facts. */
    CXCursor def = clang_getCursorDefinition(r);
    CXCursor where = clang_Cursor_isNull(def) ? r : def;
    if (clang_Location_isInSystemHeader(clang_getCursorLocation(where)))
        return 0;
    fact_sym s;
    if (sym_from_cursor(b->t, r, clang_getCursorLocation(c), &s) < 0)
        return SEAM_ENOMEM;
    fact_func *fn = b->fn;
    if (rk == CXCursor_FunctionDecl)
        return sym_push(&fn->refs, &fn->nrefs, &fn->caprefs, &s);
    s.access = role > 0 ? role : SEAM_READ;
    return sym_merge(&fn->globals, &fn->nglobals, &fn->capglobals, &s);
}

static int type_add(body_ctx *b, CXCursor decl, CXSourceLocation loc)
{
    enum CXCursorKind k = clang_getCursorKind(decl);
    if (k != CXCursor_StructDecl && k != CXCursor_UnionDecl && k != CXCursor_EnumDecl &&
        k != CXCursor_TypedefDecl)
        return 0;
    if (clang_Cursor_isAnonymous(decl))
        return 0;
    CXCursor def = clang_getCursorDefinition(decl);
    int line;
    /* A type defined outside SRC (FILE, size_t) is nobody's module; unknown ones may be ours. */
    if (!clang_Cursor_isNull(def) && !tu_facts_loc_rel(b->t, clang_getCursorLocation(def), &line))
        return b->t->rc;
    fact_sym s;
    if (sym_from_cursor(b->t, decl, loc, &s) < 0)
        return SEAM_ENOMEM;
    s.line = 0;
    fact_func *fn = b->fn;
    return sym_merge(&fn->types, &fn->ntypes, &fn->captypes, &s);
}

/* A named type: the typedef, and the struct/union/enum it stands for. */
static int typeref_collect(body_ctx *b, CXCursor c)
{
    CXCursor decl = clang_getCursorReferenced(c);
    CXSourceLocation loc = clang_getCursorLocation(c);
    int rc = type_add(b, decl, loc);
    if (rc == 0 && clang_getCursorKind(decl) == CXCursor_TypedefDecl) {
        CXType ty = clang_getCanonicalType(clang_getTypedefDeclUnderlyingType(decl));
        for (int i = 0; i < 8 && (ty.kind == CXType_Pointer || ty.kind == CXType_ConstantArray);
             i++)
            ty = clang_getCanonicalType(ty.kind == CXType_Pointer ? clang_getPointeeType(ty)
                                                                  : clang_getArrayElementType(ty));
        if (ty.kind == CXType_Record || ty.kind == CXType_Enum)
            rc = type_add(b, clang_getTypeDeclaration(ty), loc);
    }
    return rc;
}

/* ---- literals that read as SQL ------------------------------------------- */

static const char *skip_space(const char *p)
{
    while (*p && (isspace((unsigned char)*p) || *p == '('))
        p++;
    return p;
}

/* The next word (letters, digits, _) at p, upper-cased into w; returns the end. */
static const char *next_word(const char *p, char *w, size_t size)
{
    size_t n = 0;
    p = skip_space(p);
    while (*p && (isalnum((unsigned char)*p) || *p == '_')) {
        if (n + 1 < size)
            w[n++] = (char)toupper((unsigned char)*p);
        p++;
    }
    w[n] = '\0';
    return p;
}

/* Whether the word appears later in text as a whole word (case-insensitive). */
static int has_word(const char *text, const char *word)
{
    char w[32];
    for (const char *p = text; *p;) {
        const char *q = next_word(p, w, sizeof w);
        if (q == skip_space(p)) {
            p = skip_space(p);
            if (*p)
                p++;
            continue;
        }
        if (strcmp(w, word) == 0)
            return 1;
        p = q;
    }
    return 0;
}

/*
 * A literal that reads as a SQL statement: a statement keyword first, and
 * the word that statement cannot do without ("Update failed" is not SQL,
 * "UPDATE orders SET" is).
 */
static int literal_reads_as_sql(const char *text)
{
    char w1[16], w2[16];
    const char *rest = next_word(text, w1, sizeof w1);
    next_word(rest, w2, sizeof w2);
    if (strcmp(w1, "SELECT") == 0)
        return has_word(rest, "FROM");
    if (strcmp(w1, "INSERT") == 0 || strcmp(w1, "REPLACE") == 0 || strcmp(w1, "MERGE") == 0)
        return has_word(rest, "INTO");
    if (strcmp(w1, "UPDATE") == 0)
        return has_word(rest, "SET");
    if (strcmp(w1, "DELETE") == 0)
        return strcmp(w2, "FROM") == 0;
    if (strcmp(w1, "WITH") == 0)
        return has_word(rest, "AS") && (has_word(rest, "SELECT") || has_word(rest, "INSERT") ||
                                        has_word(rest, "UPDATE") || has_word(rest, "DELETE"));
    if (strcmp(w1, "CREATE") == 0 || strcmp(w1, "DROP") == 0 || strcmp(w1, "ALTER") == 0)
        return strcmp(w2, "TABLE") == 0 || strcmp(w2, "INDEX") == 0 || strcmp(w2, "VIEW") == 0 ||
               strcmp(w2, "UNIQUE") == 0 || strcmp(w2, "TRIGGER") == 0 || strcmp(w2, "TEMP") == 0 ||
               strcmp(w2, "TEMPORARY") == 0 || strcmp(w2, "SEQUENCE") == 0 ||
               strcmp(w2, "SCHEMA") == 0;
    if (strcmp(w1, "TRUNCATE") == 0)
        return w2[0] != '\0';
    return 0;
}

static int keyword_collect(body_ctx *b, CXCursor c)
{
    /* A piece of a statement built in the body: that statement is the site. */
    if (tu_text_used(b, c))
        return 0;
    CXString sp = clang_getCursorSpelling(c);
    const char *s = clang_getCString(sp);
    /* Cheap test first: most literals are messages and formats. */
    int maybe = s && s[0] == '"';
    if (maybe) {
        const char *p = skip_space(s + 1);
        maybe = strchr("SsIiUuDdWwCcAaRrMmTt", *p) != NULL && *p;
    }
    clang_disposeString(sp);
    if (!maybe)
        return 0;
    int nomem = 0;
    /* The first piece of a concatenation: the whole text is what reads as SQL. */
    const char *joined = tu_text_joined(b, c);
    char *text = joined ? seam_strdup(joined) : tu_values_literal_text(c, clang_getNullCursor(), &nomem);
    if (nomem || (joined && !text))
        return SEAM_ENOMEM;
    if (!text || !literal_reads_as_sql(text)) {
        free(text);
        return 0;
    }
    fact_arg a = {-1, -1, text, NULL, 0, HOW_KEYWORD, 0};
    const char *rel = tu_facts_loc_rel(b->t, clang_getCursorLocation(c), &a.line);
    fact_func *fn = b->fn;
    if (!(a.file = seam_strdup(rel ? rel : fn->file)) ||
        seam_array_reserve(&fn->keywords, &fn->capkeywords, fn->nkeywords + 1,
                           sizeof *fn->keywords) < 0) {
        tu_facts_arg_free(&a);
        return SEAM_ENOMEM;
    }
    fn->keywords[fn->nkeywords++] = a;
    return 0;
}

/* ---- calls ------------------------------------------------------------------ */

/* sprintf-family functions: the position of the format argument, or -1. */
static int format_pos(const char *name)
{
    if (strcmp(name, "sprintf") == 0 || strcmp(name, "vsprintf") == 0 ||
        strcmp(name, "asprintf") == 0 || strcmp(name, "vasprintf") == 0)
        return 1;
    if (strcmp(name, "snprintf") == 0 || strcmp(name, "vsnprintf") == 0)
        return 2;
    return -1;
}

/* String copies: the position of the source argument (the destination is argument 0), or -1. */
static int copy_pos(const char *name)
{
    static const char *const copies[] = {"strcpy",  "strncpy", "stpcpy", "strcat",
                                         "strncat", "strlcpy", "strlcat"};
    for (size_t i = 0; i < sizeof copies / sizeof *copies; i++)
        if (strcmp(name, copies[i]) == 0)
            return 1;
    return -1;
}

/* Adds a to the call's arguments, or to the function's return values when call is NULL. */
static int arg_push(body_ctx *b, fact_call *call, fact_arg a)
{
    fact_arg **v = call ? &call->args : &b->fn->returns;
    int *n = call ? &call->nargs : &b->fn->nreturns;
    int *cap = call ? &call->capargs : &b->fn->capreturns;
    if (seam_array_reserve(v, cap, *n + 1, sizeof **v) < 0) {
        tu_facts_arg_free(&a);
        return SEAM_ENOMEM;
    }
    (*v)[(*n)++] = a;
    return 0;
}

/*
 * Turns one argument's values into facts of the call, or a return statement's
 * (call NULL) into the function's return values; variables and call results
 * wait in b->pend.
 */
static int call_add_values(body_ctx *b, fact_call *call, int pos, values *vals, int built)
{
    for (int i = 0; i < vals->n; i++) {
        value *v = &vals->v[i];
        if (v->var || v->is_call) {
            if (seam_array_reserve(&b->pend, &b->cappend, b->npend + 1, sizeof *b->pend) < 0)
                return SEAM_ENOMEM;
            b->pend[b->npend++] =
                (pending){call ? b->fn->ncalls : -1, pos, built, v->var, v->callex};
            v->var = NULL;
            continue;
        }
        /* The argument's text was built in the body: that text stands for its literals. */
        if (built && v->sql)
            continue;
        /* A return gives back parameters (and call results); its literals are no call's. */
        if (!call && v->param < 0)
            continue;
        fact_arg a = {pos, v->param, v->sql, NULL, v->line, v->how, 0};
        v->sql = NULL;
        if (a.sql && !(a.file = seam_strdup(v->file))) {
            free(a.sql);
            return SEAM_ENOMEM;
        }
        if (arg_push(b, call, a) < 0)
            return SEAM_ENOMEM;
    }
    return 0;
}

/*
 * A text built in the body reaches argument pos of call: a value at the
 * call's line. A text that is nothing but one parameter's hole ("%s" filled
 * with the parameter: db_exec("%s", *sql)), or that starts with it and goes
 * on after a space (db_exec("%s limit %d", sql, n): no statement starts
 * with a table's name, so the parameter is the statement), passes the
 * parameter on.
 */
static int built_add(body_ctx *b, fact_call *call, CXCursor c, const built_text *bt)
{
    int param = -1, end = 0;
    if (sscanf(bt->text, "%%%d$s%n", &param, &end) == 1 && end > 0 &&
        (!bt->text[end] || bt->text[end] == ' ' || bt->text[end] == '\n') &&
        !strchr(bt->text, ';') && param >= 1 && param <= b->nparams)
        return arg_push(b, call, (fact_arg){bt->pos, param - 1, NULL, NULL, 0, HOW_ARGUMENT, 0});
    fact_arg a = {bt->pos, -1, seam_strdup(bt->text), NULL, 0, bt->how, 0};
    const char *rel = tu_facts_loc_rel(b->t, clang_getCursorLocation(c), &a.line);
    if (!a.sql || !(a.file = seam_strdup(rel ? rel : b->fn->file))) {
        free(a.sql);
        return SEAM_ENOMEM;
    }
    return arg_push(b, call, a);
}

static int call_collect(body_ctx *b, CXCursor c)
{
    CXCursor ref = clang_getCursorReferenced(c);
    if (clang_getCursorKind(ref) != CXCursor_FunctionDecl)
        return 0; /* calls through pointers have no callee to name */
    /* The callee's own DeclRefExpr is this call, not a reference to the function. */
    child_scan cs = tu_values_expr_children(c);
    if (cs.n > 0) {
        CXCursor above, callee = tu_values_expr_strip(cs.all[0], &above);
        if (clang_getCursorKind(callee) == CXCursor_DeclRefExpr && decide(b, callee, 0) < 0)
            return SEAM_ENOMEM;
    }
    fact_call call;
    memset(&call, 0, sizeof call);
    int rc = sym_from_cursor(b->t, ref, clang_getCursorLocation(c), &call.callee);
    if (rc < 0)
        return rc;
    int nargs = clang_Cursor_getNumArguments(c);
    int fmt = format_pos(call.callee.name);
    int copy = copy_pos(call.callee.name);
    for (int k = 0; k < nargs; k++) {
        values vals = {0};
        CXCursor arg = clang_Cursor_getArgument(c, (unsigned)k);
        rc = tu_values_of(b, arg, &vals, 0);
        /* sprintf(buf, fmt, ...), strcpy(buf, s): buf now holds what fmt or s carries. */
        if (rc == 0 && (k == fmt || k == copy) && nargs > 0) {
            char *dest;
            rc = tu_values_var_usr(clang_Cursor_getArgument(c, 0), &dest);
            if (rc == 0 && dest)
                rc = tu_values_bind(b, dest, &vals, k == fmt ? HOW_FORMAT : HOW_VARIABLE);
            free(dest);
        }
        const built_text *built = rc == 0 ? tu_text_find(b, c, k) : NULL;
        if (built && built->text)
            rc = built_add(b, &call, c, built);
        if (rc == 0)
            rc = call_add_values(b, &call, k, &vals, built != NULL);
        tu_values_free(&vals);
        if (rc < 0)
            goto out;
    }
    fact_func *fn = b->fn;
    rc = SEAM_ENOMEM;
    if (seam_array_reserve(&fn->calls, &fn->capcalls, fn->ncalls + 1, sizeof *fn->calls) < 0 ||
        seam_array_reserve(&b->callex, &b->capcallex, fn->ncalls + 1, sizeof *b->callex) < 0)
        goto out;
    b->callex[fn->ncalls] = c;
    fn->calls[fn->ncalls++] = call;
    return 0;
out:
    tu_facts_call_free(&call);
    return rc < 0 ? rc : SEAM_ENOMEM;
}

/* return expr: what the function gives back to its callers. */
static int return_collect(body_ctx *b, CXCursor c)
{
    child_scan s = tu_values_expr_children(c);
    if (s.n == 0)
        return 0;
    values vals = {0};
    int rc = tu_values_of(b, s.last, &vals, 0);
    if (rc == 0)
        rc = call_add_values(b, NULL, -1, &vals, 0);
    tu_values_free(&vals);
    return rc;
}

static int var_collect(body_ctx *b, CXCursor c)
{
    child_scan s = tu_values_expr_children(c);
    if (s.n == 0)
        return 0;
    values vals = {0};
    int rc = tu_values_of(b, s.last, &vals, 0);
    if (rc == 0) {
        CXString usr = clang_getCursorUSR(c);
        rc = tu_values_bind(b, clang_getCString(usr), &vals, HOW_VARIABLE);
        clang_disposeString(usr);
    }
    tu_values_free(&vals);
    return rc;
}

static enum CXChildVisitResult body_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    body_ctx *b = data;
    int rc = 0;
    switch (clang_getCursorKind(c)) {
    case CXCursor_CallExpr:
        rc = call_collect(b, c);
        break;
    case CXCursor_VarDecl:
        rc = var_collect(b, c);
        break;
    case CXCursor_ReturnStmt:
        rc = return_collect(b, c);
        break;
    case CXCursor_BinaryOperator:
        rc = assign_collect(b, c);
        break;
    case CXCursor_CompoundAssignOperator:
        rc = update_collect(b, c, 0);
        break;
    case CXCursor_UnaryOperator:
        rc = update_collect(b, c, 1);
        break;
    case CXCursor_DeclRefExpr:
        rc = declref_collect(b, c);
        break;
    case CXCursor_TypeRef:
        rc = typeref_collect(b, c);
        break;
    case CXCursor_StringLiteral:
        rc = keyword_collect(b, c);
        break;
    default:
        break;
    }
    if (rc < 0 || b->t->rc < 0) {
        b->t->rc = SEAM_ENOMEM;
        return CXChildVisit_Break;
    }
    return CXChildVisit_Recurse;
}

/*
 * 1 + the index of the call whose CallExpr is ex, or 0 (a call through a
 * pointer). Cursors reached through different parents (an argument, a
 * variable's initialiser) differ in their parent declaration, which
 * clang_equalCursors compares: an expression cursor's data[1] is its node.
 */
static int call_index(const body_ctx *b, CXCursor ex)
{
    for (int i = 0; i < b->ncallex; i++)
        if (b->callex[i].data[1] == ex.data[1])
            return i + 1;
    return 0;
}

/*
 * Arguments that were variables become the values bound to those variables,
 * and call results the index of their call (known once the body is seen).
 */
static int pending_resolve(body_ctx *b)
{
    b->ncallex = b->fn->ncalls;
    for (int i = 0; i < b->npend; i++) {
        pending *p = &b->pend[i];
        fact_call *to = p->call >= 0 ? &b->fn->calls[p->call] : NULL;
        if (!p->var) {
            fact_arg a = {p->pos, -1, NULL, NULL, 0, HOW_ARGUMENT, call_index(b, p->callex)};
            if (a.call && arg_push(b, to, a) < 0)
                return SEAM_ENOMEM;
            continue;
        }
        for (int j = 0; j < b->nbinds; j++) {
            binding *bd = &b->binds[j];
            if (strcmp(bd->var, p->var) != 0 || (!to && bd->val.param < 0 && !bd->val.is_call) ||
                (p->no_literals && bd->val.sql))
                continue;
            fact_arg a = {p->pos, bd->val.param, NULL, NULL, bd->val.line, bd->val.how, 0};
            if (bd->val.is_call && !(a.call = call_index(b, bd->val.callex)))
                continue;
            if (bd->val.sql &&
                (!(a.sql = seam_strdup(bd->val.sql)) || !(a.file = seam_strdup(bd->val.file)))) {
                free(a.sql);
                return SEAM_ENOMEM;
            }
            if (arg_push(b, to, a) < 0)
                return SEAM_ENOMEM;
        }
    }
    return 0;
}

int tu_body_collect_function(tu_ctx *t, CXCursor c, const char *rel, int line)
{
    int end_line, start_line;
    CXSourceRange ext = clang_getCursorExtent(c);
    (void)tu_facts_loc_rel(t, clang_getRangeStart(ext), &start_line);
    (void)tu_facts_loc_rel(t, clang_getRangeEnd(ext), &end_line);

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
    if (tu_text_collect(&b, c) < 0)
        goto out;
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
    tu_facts_func_free(&fn);
    free(b.params);
    for (int i = 0; i < b.nbinds; i++) {
        free(b.binds[i].var);
        free(b.binds[i].val.sql);
    }
    free(b.binds);
    for (int i = 0; i < b.npend; i++)
        free(b.pend[i].var);
    free(b.pend);
    free(b.dec);
    free(b.callex);
    tu_text_free(&b);
    if (rc < 0)
        t->rc = rc;
    return rc;
}

/* ---- file scope ------------------------------------------------------------- */

static enum CXChildVisitResult fileref_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    tu_ctx *t = data;
    if (clang_getCursorKind(c) != CXCursor_DeclRefExpr)
        return CXChildVisit_Recurse;
    CXCursor r = clang_getCursorReferenced(c);
    if (clang_getCursorKind(r) != CXCursor_FunctionDecl)
        return CXChildVisit_Continue;
    CXCursor def = clang_getCursorDefinition(r);
    if (clang_Location_isInSystemHeader(
            clang_getCursorLocation(clang_Cursor_isNull(def) ? r : def)))
        return CXChildVisit_Continue;
    fact_fref fr;
    memset(&fr, 0, sizeof fr);
    int line;
    const char *in = tu_facts_loc_rel(t, clang_getCursorLocation(c), &line);
    if (!in)
        return t->rc ? CXChildVisit_Break : CXChildVisit_Continue;
    tu_facts *o = t->out;
    if (sym_from_cursor(t, r, clang_getCursorLocation(c), &fr.target) < 0 ||
        !(fr.in = seam_strdup(in)) ||
        seam_array_reserve(&o->frefs, &o->capfrefs, o->nfrefs + 1, sizeof *o->frefs) < 0) {
        free(fr.in);
        tu_facts_sym_free(&fr.target);
        t->rc = SEAM_ENOMEM;
        return CXChildVisit_Break;
    }
    o->frefs[o->nfrefs++] = fr;
    return CXChildVisit_Continue;
}

int tu_body_collect_file_refs(tu_ctx *t, CXCursor c)
{
    clang_visitChildren(c, fileref_visit, t);
    return t->rc;
}
