/*
 * tu_text_internal.h - the sets of texts tu_text.c keeps per buffer, the
 * state of all buffers at a point of a function body (tu_text_set.c), and
 * the walk over the body in execution order (its control flow in
 * tu_text_flow.c). Private to those three files.
 */
#ifndef SEAM_TU_TEXT_INTERNAL_H
#define SEAM_TU_TEXT_INTERNAL_H

#include "tu_internal.h"

#define TEXT_VARIANTS 8 /* texts a buffer may hold at once (more: the first ones) */
#define TEXT_VARS 1024  /* buffers followed per function (more: not followed) */
#define TEXT_LITS 64    /* literals remembered per set */

/*
 * A set of texts; n == 0 is "unknown". lits are the function's literals the
 * texts were made of (their nodes): once a built text is recorded at a call,
 * those literals are part of it, not statements of their own.
 */
typedef struct text_set {
    char **v;
    int n, cap;
    const void **lits;
    int nlits, caplits;
} text_set;

typedef struct text_var {
    char *usr;
    text_set set;
    int built; /* changed by something other than one plain assignment */
    int how;   /* fact_how of its text: HOW_FORMAT (sprintf), HOW_VARIABLE (copied), HOW_BUILT */
    int param; /* >= 0: the buffer *p of the function's char **p parameter number param */
} text_var;

typedef struct text_state {
    text_var *vars;
    int n, cap;
    int full; /* a buffer past TEXT_VARS was asked for */
    int dead; /* no path reaches this point (after return, break, continue, goto) */
} text_state;

/* Frees the set's texts and literals; the set is empty after. */
void tu_text_set_free(text_set *s);
/* Adds a literal's node to the set's literals (at most TEXT_LITS). Returns 0 or SEAM_ENOMEM. */
int tu_text_set_add_lit(text_set *s, const void *lit);
/* Adds from's literals to into's. Returns 0 or SEAM_ENOMEM. */
int tu_text_set_union_lits(text_set *into, const text_set *from);
/* Adds a copy of text unless present; past max the set keeps its first max. 0 or SEAM_ENOMEM. */
int tu_text_set_add(text_set *s, const char *text, int max);
/* Adds from's texts (at most max in all) and literals to into. Returns 0 or SEAM_ENOMEM. */
int tu_text_set_union(text_set *into, const text_set *from, int max);
/* into (uninitialised) becomes a copy of from. Returns 0 or SEAM_ENOMEM. */
int tu_text_set_copy(text_set *into, const text_set *from);

void tu_text_state_free(text_state *st);
/* The buffer usr's entry, or NULL. */
text_var *tu_text_state_find(text_state *st, const char *usr);
/* The buffer usr's entry, made when missing; NULL: no memory, or st->full (past TEXT_VARS). */
text_var *tu_text_state_get(text_state *st, const char *usr);
/* into (uninitialised) becomes a copy of from. Returns 0 or SEAM_ENOMEM. */
int tu_text_state_copy(text_state *into, const text_state *from);
/* The bytes of text the state holds. */
size_t tu_text_state_bytes(const text_state *st);
/* into = into or other (see tu_text_set.c). Returns 0 or SEAM_ENOMEM. */
int tu_text_state_join(text_state *into, const text_state *other);

#define TEXT_BUDGET 200000       /* nodes visited per function */
#define TEXT_DEPTH 2048          /* statements nested */
#define TEXT_BYTES (256u << 20)  /* bytes of state copied at branches, in all */
#define TEXT_LABELS 256          /* goto labels followed per function (more: a goto ends its path) */

/* The states a goto carries to its label, joined, until the walk reaches the label. */
typedef struct text_label {
    char *name;
    text_state st;
    int reached; /* the walk is past the label: a goto to it goes back (a loop) */
} text_label;

/* One walk over one function body. */
typedef struct text_walk {
    body_ctx *b;
    CXCursor fn; /* the function walked */
    text_state st;
    long budget;     /* nodes left to visit */
    int depth;       /* statements nested at this node */
    size_t bytes;    /* state copied at branches so far */
    size_t recorded; /* text recorded at calls so far */
    text_state *brk; /* where a break goes: the innermost loop's or switch's exit, or NULL */
    text_state *cont; /* where a continue goes: the innermost loop's exit, or NULL */
    text_state ret;  /* the states at every return, joined */
    text_label *labels;
    int nlabels, caplabels;
} text_walk;

/* A node's children, in order. */
typedef struct text_kids {
    CXCursor *v;
    int n, cap;
    int oom;
} text_kids;

/* tu_text_flow.c: the walk itself. Each returns 0, 1 past a bound (the
 * function then gets no built texts), or SEAM_ENOMEM. */
int tu_text_walk(text_walk *w, CXCursor c);
int tu_text_walk_kids(text_walk *w, CXCursor c);
int tu_text_kids(CXCursor c, text_kids *k);
int tu_text_fork(text_walk *w, text_state *into, const text_state *from);
int tu_text_flow_end(text_walk *w);
void tu_text_flow_free(text_walk *w);

/* tu_text.c: a node that is no control flow (a declaration, a call, an assignment). */
int tu_text_node(text_walk *w, CXCursor c);

#endif
