/*
 * tu_text_flow.c - the order tu_text.c's walk visits a function body in: its
 * control flow.
 *
 * The walk keeps one state (every buffer's variants) for the point it is at.
 * Where paths split it copies the state (tu_text_fork), where they meet it
 * joins the copies: both arms of an if, a loop's body run or not, each case
 * of a switch from the state before the switch. A jump ends its path: the
 * state after return, break, continue or goto is dead (no path reaches the
 * next statement), and the jump's state goes where the jump goes instead:
 *   - break: to the end of the innermost loop or switch;
 *   - continue: to the end of the innermost loop (its body runs once or not,
 *     so the end of the body and the end of the loop are one point here);
 *   - goto L (forward): to label L, joined with whatever reaches L from above
 *     (the error exits of C: if (...) { strcpy(q, "..."); goto done; });
 *     a goto back to a label the walk passed is a loop: its path just ends;
 *   - return: to the end of the function (what a body leaves in a char **
 *     parameter's buffer is read there).
 * Without this, text appended after a branch that jumped away would be
 * appended to that branch's text too ("... where deleted=0" twice).
 */
#include "tu_text_internal.h"

#include <stdlib.h>
#include <string.h>

static enum CXChildVisitResult kids_visit(CXCursor c, CXCursor parent, CXClientData data)
{
    (void)parent;
    text_kids *k = data;
    if (seam_array_reserve(&k->v, &k->cap, k->n + 1, sizeof *k->v) < 0) {
        k->oom = 1;
        return CXChildVisit_Break;
    }
    k->v[k->n++] = c;
    return CXChildVisit_Continue;
}

int tu_text_kids(CXCursor c, text_kids *k)
{
    memset(k, 0, sizeof *k);
    clang_visitChildren(c, kids_visit, k);
    if (k->oom) {
        free(k->v);
        return SEAM_ENOMEM;
    }
    return 0;
}

/*
 * A copy of the walk's state for a branch, its bytes counted: past
 * TEXT_BYTES in all, the function gets no built texts (1), so a hostile
 * body cannot make the walk's memory grow without end.
 */
int tu_text_fork(text_walk *w, text_state *into, const text_state *from)
{
    int rc = tu_text_state_copy(into, from);
    w->bytes += rc ? 0 : tu_text_state_bytes(into);
    return rc ? rc : w->bytes > TEXT_BYTES ? 1 : 0;
}

/* The state where a jump goes gets the walk's state; the walk's path ends. */
static int jump_to(text_walk *w, text_state *target)
{
    int rc = 0;
    if (target) {
        size_t before = tu_text_state_bytes(target);
        rc = tu_text_state_join(target, &w->st);
        size_t after = tu_text_state_bytes(target);
        w->bytes += after > before ? after - before : 0;
        if (rc == 0 && w->bytes > TEXT_BYTES)
            rc = 1;
    }
    w->st.dead = 1;
    return rc;
}

int tu_text_walk_kids(text_walk *w, CXCursor c)
{
    text_kids k;
    if (tu_text_kids(c, &k) < 0)
        return SEAM_ENOMEM;
    int rc = 0;
    for (int i = 0; rc == 0 && i < k.n; i++)
        rc = tu_text_walk(w, k.v[i]);
    free(k.v);
    return rc;
}

/* Runs child on a copy of the state and joins the result with the state before. */
static int walk_maybe(text_walk *w, CXCursor child)
{
    text_state before;
    int rc = tu_text_fork(w, &before, &w->st);
    if (rc == 0)
        rc = tu_text_walk(w, child);
    if (rc == 0)
        rc = tu_text_state_join(&w->st, &before);
    tu_text_state_free(&before);
    return rc;
}

static int walk_if(text_walk *w, CXCursor c)
{
    text_kids k;
    if (tu_text_kids(c, &k) < 0)
        return SEAM_ENOMEM;
    int rc = k.n > 0 ? tu_text_walk(w, k.v[0]) : 0;
    if (rc == 0 && k.n == 2) {
        rc = walk_maybe(w, k.v[1]);
    } else if (rc == 0 && k.n >= 3) {
        text_state other;
        rc = tu_text_fork(w, &other, &w->st);
        if (rc == 0)
            rc = tu_text_walk(w, k.v[1]);
        text_state then = w->st;
        w->st = other;
        if (rc == 0)
            rc = tu_text_walk(w, k.v[2]);
        if (rc == 0)
            rc = tu_text_state_join(&w->st, &then);
        tu_text_state_free(&then);
    }
    free(k.v);
    return rc;
}

/* A switch: each case (a label and the statements up to the next) from the state before. */
static int walk_switch_body(text_walk *w, CXCursor body)
{
    text_kids k;
    if (clang_getCursorKind(body) != CXCursor_CompoundStmt)
        return walk_maybe(w, body);
    if (tu_text_kids(body, &k) < 0)
        return SEAM_ENOMEM;
    text_state entry, all;
    int rc = tu_text_fork(w, &entry, &w->st);
    int rc2 = tu_text_fork(w, &all, &w->st);
    rc = rc ? rc : rc2;
    /* With a default, no value goes past the switch without running a case. */
    for (int i = 0; i < k.n; i++)
        all.dead |= clang_getCursorKind(k.v[i]) == CXCursor_DefaultStmt;
    /* Statements before the first case run on no path. */
    w->st.dead = 1;
    for (int i = 0; rc == 0 && i < k.n; i++) {
        enum CXCursorKind ck = clang_getCursorKind(k.v[i]);
        if (ck == CXCursor_CaseStmt || ck == CXCursor_DefaultStmt) {
            /* the previous case ends: its state joins the others, the next starts afresh */
            rc = tu_text_state_join(&all, &w->st);
            tu_text_state_free(&w->st);
            if (rc == 0)
                rc = tu_text_fork(w, &w->st, &entry);
        }
        if (rc == 0)
            rc = tu_text_walk(w, k.v[i]);
    }
    if (rc == 0)
        rc = tu_text_state_join(&w->st, &all);
    tu_text_state_free(&entry);
    tu_text_state_free(&all);
    free(k.v);
    return rc;
}

/* What a body with its own break target is: a switch's, a while/for loop's (run or not),
 * a do loop's (run once). */
enum breakable { BREAK_SWITCH, BREAK_LOOP, BREAK_DO };

/* Walks body with break (and, in a loop, continue) going to a fresh exit state,
 * then joins that exit into the state after body. */
static int walk_breakable(text_walk *w, CXCursor body, enum breakable kind)
{
    text_state exit_st = {0};
    exit_st.dead = 1;
    text_state *brk = w->brk, *cont = w->cont;
    w->brk = &exit_st;
    if (kind != BREAK_SWITCH)
        w->cont = &exit_st;
    int rc = kind == BREAK_SWITCH ? walk_switch_body(w, body)
             : kind == BREAK_LOOP ? walk_maybe(w, body)
                                  : tu_text_walk(w, body);
    w->brk = brk;
    w->cont = cont;
    if (rc == 0)
        rc = tu_text_state_join(&w->st, &exit_st);
    tu_text_state_free(&exit_st);
    return rc;
}

static int walk_switch(text_walk *w, CXCursor c)
{
    text_kids k;
    if (tu_text_kids(c, &k) < 0)
        return SEAM_ENOMEM;
    int rc = k.n > 0 ? tu_text_walk(w, k.v[0]) : 0;
    CXCursor body = k.n > 1 ? k.v[k.n - 1] : clang_getNullCursor();
    free(k.v);
    if (rc != 0 || clang_Cursor_isNull(body))
        return rc;
    return walk_breakable(w, body, BREAK_SWITCH);
}

/* while and for: the header once, the body run or not. do: the body once, then the condition. */
static int walk_loop(text_walk *w, CXCursor c, int is_do)
{
    text_kids k;
    if (tu_text_kids(c, &k) < 0)
        return SEAM_ENOMEM;
    int rc = 0;
    if (is_do) {
        if (k.n > 0)
            rc = walk_breakable(w, k.v[0], BREAK_DO);
        for (int i = 1; rc == 0 && i < k.n; i++)
            rc = tu_text_walk(w, k.v[i]);
    } else {
        for (int i = 0; rc == 0 && i + 1 < k.n; i++)
            rc = tu_text_walk(w, k.v[i]);
        if (rc == 0 && k.n > 0)
            rc = walk_breakable(w, k.v[k.n - 1], BREAK_LOOP);
    }
    free(k.v);
    return rc;
}

static text_label *label_get(text_walk *w, const char *name)
{
    for (int i = 0; i < w->nlabels; i++)
        if (strcmp(w->labels[i].name, name) == 0)
            return &w->labels[i];
    if (w->nlabels >= TEXT_LABELS ||
        seam_array_reserve(&w->labels, &w->caplabels, w->nlabels + 1, sizeof *w->labels) < 0)
        return NULL;
    text_label *l = &w->labels[w->nlabels];
    memset(l, 0, sizeof *l);
    l->st.dead = 1;
    if (!(l->name = seam_strdup(name)))
        return NULL;
    w->nlabels++;
    return l;
}

/* The name a goto or a label statement names. */
static char *label_name(CXCursor c)
{
    CXCursor target = c;
    if (clang_getCursorKind(c) == CXCursor_GotoStmt) {
        text_kids k;
        if (tu_text_kids(c, &k) < 0)
            return NULL;
        target = k.n > 0 ? k.v[0] : clang_getNullCursor();
        free(k.v);
    }
    if (clang_Cursor_isNull(target))
        return NULL;
    CXString s = clang_getCursorSpelling(target);
    char *name = seam_strdup(clang_getCString(s));
    clang_disposeString(s);
    return name;
}

static int walk_goto(text_walk *w, CXCursor c)
{
    char *name = label_name(c);
    text_label *l = name ? label_get(w, name) : NULL;
    free(name);
    /* past TEXT_LABELS, or back to a label already passed (a loop): the path just ends */
    return jump_to(w, l && !l->reached ? &l->st : NULL);
}

static int walk_label(text_walk *w, CXCursor c)
{
    char *name = label_name(c);
    text_label *l = name ? label_get(w, name) : NULL;
    free(name);
    int rc = 0;
    if (l) {
        rc = tu_text_state_join(&w->st, &l->st);
        tu_text_state_free(&l->st);
        l->st.dead = 1;
        l->reached = 1;
    }
    return rc ? rc : tu_text_walk_kids(w, c);
}

static int walk_node(text_walk *w, CXCursor c)
{
    switch (clang_getCursorKind(c)) {
    case CXCursor_IfStmt:
        return walk_if(w, c);
    case CXCursor_SwitchStmt:
        return walk_switch(w, c);
    case CXCursor_WhileStmt:
    case CXCursor_ForStmt:
        return walk_loop(w, c, 0);
    case CXCursor_DoStmt:
        return walk_loop(w, c, 1);
    case CXCursor_BreakStmt:
        return jump_to(w, w->brk);
    case CXCursor_ContinueStmt:
        return jump_to(w, w->cont);
    case CXCursor_GotoStmt:
        return walk_goto(w, c);
    case CXCursor_LabelStmt:
        return walk_label(w, c);
    case CXCursor_ReturnStmt: {
        /* the returned expression runs first (it may call the database) */
        int rc = tu_text_walk_kids(w, c);
        return rc ? rc : jump_to(w, &w->ret);
    }
    default:
        return tu_text_node(w, c);
    }
}

/* One node, within the budget of nodes and of nesting (the walk recurses). */
int tu_text_walk(text_walk *w, CXCursor c)
{
    if (--w->budget < 0 || w->depth >= TEXT_DEPTH)
        return 1;
    w->depth++;
    int rc = walk_node(w, c);
    w->depth--;
    return rc;
}

int tu_text_flow_end(text_walk *w)
{
    return tu_text_state_join(&w->st, &w->ret);
}

void tu_text_flow_free(text_walk *w)
{
    tu_text_state_free(&w->ret);
    for (int i = 0; i < w->nlabels; i++) {
        free(w->labels[i].name);
        tu_text_state_free(&w->labels[i].st);
    }
    free(w->labels);
    w->labels = NULL;
    w->nlabels = w->caplabels = 0;
}
