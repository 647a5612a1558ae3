/*
 * tu_internal.h - shared by tu_facts.c, tu_body.c, tu_values.c, tu_text.c and
 * tu_fields.c: the state of one translation unit's walk (private to them).
 */
#ifndef SEAM_TU_INTERNAL_H
#define SEAM_TU_INTERNAL_H

#include "analyzer_internal.h"

/* A CXFile and its path relative to SRC (NULL: outside SRC). */
typedef struct file_ent {
    CXFile file;
    const char *rel; /* owned by the worker's memo */
} file_ent;

typedef struct tu_ctx {
    CXTranslationUnit tu;
    const char *root;
    strmap *memo; /* clang file name -> SRC-relative path (char *) or NULL; the worker's */
    tu_facts *out;
    file_ent *files; /* open-addressed by CXFile pointer */
    size_t capfiles, nfiles;
    strmap fields; /* field USR -> tu_field_values: literals assigned to it (tu_fields.c) */
    int rc;
} tu_ctx;

/* The string literals a translation unit assigns to one struct field. */
typedef struct tu_field_values {
    char **v;
    int n, cap;
    int many; /* assigned more literals than a constant has: no value */
} tu_field_values;

/* Records in t->fields every literal assigned to a field in the TU. Returns 0 or SEAM_ENOMEM. */
int tu_fields_collect(tu_ctx *t);
/* The literals assigned to the FieldDecl field, or NULL. */
const tu_field_values *tu_fields_find(const tu_ctx *t, CXCursor field);
void tu_fields_free(tu_ctx *t);

/* Where a location is once macros are expanded: file (SRC-relative or NULL) and line. */
const char *tu_facts_loc_rel(tu_ctx *t, CXSourceLocation loc, int *line);
/* The SRC-relative path of f, or NULL (recording the file in the facts on first sight). */
const char *tu_facts_file_rel(tu_ctx *t, CXFile f);

/* ---- values (tu_values.c) ---- */

/* A value an expression can carry into a call argument. */
typedef struct value {
    int param;        /* >= 0: the enclosing function's parameter */
    char *sql;        /* a string literal's text */
    const char *file; /* the literal's SRC-relative file (borrowed) */
    int line;
    char *var; /* a local variable's USR: resolved against the bindings at the end */
    int how;   /* fact_how of a literal */
    int is_call;     /* the result of a direct call ... */
    CXCursor callex; /* ... this CallExpr: resolved to its index at the end */
} value;

typedef struct values {
    value *v;
    int n, cap;
} values;

/* A local variable that holds a value (initialiser, assignment, sprintf format). */
typedef struct binding {
    char *var;
    value val;
} binding;

/* An argument that is a variable, resolved when the whole body has been seen. */
typedef struct pending {
    int call; /* index in the function's calls, or -1: a return statement */
    int pos;
    int no_literals; /* the argument's text is built (tu_text.c): the variable's literals are not */
    char *var;       /* a variable's USR, or NULL ... */
    CXCursor callex; /* ... a call whose result is the argument */
} pending;

/* A DeclRefExpr whose role its parent decided (a callee, an assigned global). */
typedef struct decided {
    CXCursor ref;
    int access; /* 0: a call's callee; else the seam_access bits of a global */
} decided;

/* The text a call's argument carries, built in the body (tu_text.c). */
typedef struct built_text {
    const void *call; /* the CallExpr's node (cursor data[1]) */
    int pos;
    int how;    /* fact_how: HOW_FORMAT, HOW_VARIABLE or HOW_BUILT */
    char *text; /* the variants, joined with ";\n"; NULL: only holes, nothing known */
} built_text;

typedef struct body_ctx {
    tu_ctx *t;
    fact_func *fn;
    CXCursor *params;
    int nparams;
    binding *binds;
    int nbinds, capbinds;
    pending *pend;
    int npend, cappend;
    decided *dec;
    int ndec, capdec;
    CXCursor *callex; /* callex[i]: the CallExpr of fn->calls[i] */
    int ncallex, capcallex;
    built_text *texts; /* tu_text_collect's */
    int ntexts, captexts;
    const void **used; /* nodes of the literals those texts were made of */
    int nused, capused;
    built_text *joined; /* NULL-terminated concatenations, by their first literal's node */
    int njoined, capjoined;
} body_ctx;

/* ---- a table's name carried in a record (tu_records.c) ---- */

/* lhs = rhs in fn's body: "=F" when rhs is a parameter stored in pointer field F. */
int tu_records_store(body_ctx *b, CXCursor fn, CXCursor lhs, CXCursor rhs);
/* A call to `name` in fn's body: "?G" when it compares a parameter with field G and fn
 * returns a pointer to a record. Both return 0 or SEAM_ENOMEM. */
int tu_records_lookup(body_ctx *b, CXCursor fn, CXCursor call, const char *name);
/* The mark "%{f:F|G}" of X->F->G (or "%{f:F|}" of X->F), malloc'd; NULL for anything else. */
char *tu_records_hole(CXCursor e);

typedef struct child_scan {
    CXCursor last;
    CXCursor all[3]; /* the first three expression children */
    int n;
} child_scan;

child_scan tu_values_expr_children(CXCursor c);
/* Follows parens, casts and implicit conversions; *above is the last node passed. */
CXCursor tu_values_expr_strip(CXCursor c, CXCursor *above);
/* Whether c (a variable or an expression) is of type char * or char[]: a text. */
int tu_values_is_text(CXCursor c);
/* Appends to *out what expr can carry: parameters, literals, variables. */
int tu_values_of(body_ctx *b, CXCursor expr, values *out, int depth);
void tu_values_free(values *vs);
/* The text of a narrow string literal (malloc'd), or NULL; *nomem on allocation failure. */
char *tu_values_literal_text(CXCursor lit, CXCursor above, int *nomem);
/* Records that the local variable var holds each of vals (how replaces HOW_ARGUMENT). */
int tu_values_bind(body_ctx *b, const char *var, values *vals, int how);
/* The USR of the variable expr names (through &), or NULL in *usr. Returns 0 or SEAM_ENOMEM. */
int tu_values_var_usr(CXCursor expr, char **usr);

/* ---- built texts (tu_text.c) ---- */

/*
 * Walks the function definition fn in execution order and records in b->texts
 * what each call argument that is a built buffer, or a format filled with
 * known texts, carries. Returns 0 or SEAM_ENOMEM.
 */
int tu_text_collect(body_ctx *b, CXCursor fn);
/* The text tu_text_collect recorded for argument pos of the CallExpr call, or NULL. */
const built_text *tu_text_find(const body_ctx *b, CXCursor call, int pos);
/* The concatenation that starts at the string literal lit (a NULL-terminated
 * variadic call's text arguments), or NULL. */
const char *tu_text_joined(const body_ctx *b, CXCursor lit);
/* Whether the string literal lit is part of a text tu_text_collect recorded. */
int tu_text_used(const body_ctx *b, CXCursor lit);
void tu_text_free(body_ctx *b);

/* ---- bodies (tu_body.c) ---- */

/*
 * The spelling of the first token in [from, to), or "" (copied into buf of
 * size bytes): the operator between two operands, which libclang 14 does not
 * name. Inside a macro's expansion the tokens are the macro call's.
 */
const char *tu_body_token_between(tu_ctx *t, CXSourceLocation from, CXSourceLocation to, char *buf,
                                  size_t size);
/* Collects one function definition into t->out. Returns 0 or SEAM_ENOMEM. */
int tu_body_collect_function(tu_ctx *t, CXCursor c, const char *rel, int line);
/* File-scope references to functions inside c (a variable's initialiser). */
int tu_body_collect_file_refs(tu_ctx *t, CXCursor c);

#endif
