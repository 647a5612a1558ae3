/*
 * tu_text_set.c - sets of texts and the state of a body's buffers
 * (tu_text_internal.h): what tu_text.c's walk keeps as it goes, copied at a
 * branch and joined where the paths meet.
 */
#include "tu_text_internal.h"

#include <stdlib.h>
#include <string.h>

void tu_text_set_free(text_set *s)
{
    for (int i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    free(s->lits);
    memset(s, 0, sizeof *s);
}

int tu_text_set_add_lit(text_set *s, const void *lit)
{
    for (int i = 0; i < s->nlits; i++)
        if (s->lits[i] == lit)
            return 0;
    if (s->nlits >= TEXT_LITS)
        return 0;
    if (seam_array_reserve(&s->lits, &s->caplits, s->nlits + 1, sizeof *s->lits) < 0)
        return SEAM_ENOMEM;
    s->lits[s->nlits++] = lit;
    return 0;
}

int tu_text_set_union_lits(text_set *into, const text_set *from)
{
    for (int i = 0; i < from->nlits; i++)
        if (tu_text_set_add_lit(into, from->lits[i]) < 0)
            return SEAM_ENOMEM;
    return 0;
}

/* Adds a copy of text unless present; past max the set keeps its first max. */
int tu_text_set_add(text_set *s, const char *text, int max)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->v[i], text) == 0)
            return 0;
    if (s->n >= max)
        return 0;
    if (seam_array_reserve(&s->v, &s->cap, s->n + 1, sizeof *s->v) < 0)
        return SEAM_ENOMEM;
    if (!(s->v[s->n] = seam_strdup(text)))
        return SEAM_ENOMEM;
    s->n++;
    return 0;
}

int tu_text_set_union(text_set *into, const text_set *from, int max)
{
    for (int i = 0; i < from->n; i++)
        if (tu_text_set_add(into, from->v[i], max) < 0)
            return SEAM_ENOMEM;
    return tu_text_set_union_lits(into, from);
}

int tu_text_set_copy(text_set *into, const text_set *from)
{
    memset(into, 0, sizeof *into);
    return tu_text_set_union(into, from, from->n);
}

void tu_text_state_free(text_state *st)
{
    for (int i = 0; i < st->n; i++) {
        free(st->vars[i].usr);
        tu_text_set_free(&st->vars[i].set);
    }
    free(st->vars);
    memset(st, 0, sizeof *st);
}

text_var *tu_text_state_find(text_state *st, const char *usr)
{
    for (int i = 0; i < st->n; i++)
        if (strcmp(st->vars[i].usr, usr) == 0)
            return &st->vars[i];
    return NULL;
}

text_var *tu_text_state_get(text_state *st, const char *usr)
{
    text_var *v = tu_text_state_find(st, usr);
    if (v)
        return v;
    if (st->n >= TEXT_VARS) {
        st->full = 1;
        return NULL;
    }
    if (seam_array_reserve(&st->vars, &st->cap, st->n + 1, sizeof *st->vars) < 0)
        return NULL;
    v = &st->vars[st->n];
    memset(v, 0, sizeof *v);
    v->param = -1;
    if (!(v->usr = seam_strdup(usr)))
        return NULL;
    st->n++;
    return v;
}

int tu_text_state_copy(text_state *into, const text_state *from)
{
    memset(into, 0, sizeof *into);
    for (int i = 0; i < from->n; i++) {
        text_var *v = tu_text_state_get(into, from->vars[i].usr);
        if (!v || tu_text_set_copy(&v->set, &from->vars[i].set) < 0)
            return SEAM_ENOMEM;
        v->built = from->vars[i].built;
        v->how = from->vars[i].how;
        v->param = from->vars[i].param;
    }
    into->dead = from->dead;
    return 0;
}

size_t tu_text_state_bytes(const text_state *st)
{
    size_t n = 0;
    for (int i = 0; i < st->n; i++)
        for (int j = 0; j < st->vars[i].set.n; j++)
            n += strlen(st->vars[i].set.v[j]) + 1;
    return n;
}

/*
 * into = into or other: a variable both know may hold what either says; one
 * only into knows is kept (it is unchanged on the other path), one only
 * other knows is added. An unknown side makes the variable unknown.
 */
int tu_text_state_join(text_state *into, const text_state *other)
{
    /* A path that ended (return, break, goto) brings nothing; one that no path
     * reached so far becomes the other. */
    if (other->dead)
        return 0;
    if (into->dead) {
        text_state c;
        if (tu_text_state_copy(&c, other) < 0) {
            tu_text_state_free(&c);
            return SEAM_ENOMEM;
        }
        c.full |= into->full;
        tu_text_state_free(into);
        *into = c;
        return 0;
    }
    for (int i = 0; i < other->n; i++) {
        const text_var *o = &other->vars[i];
        text_var *v = tu_text_state_find(into, o->usr);
        if (!v) {
            if (!(v = tu_text_state_get(into, o->usr)) || tu_text_set_copy(&v->set, &o->set) < 0)
                return SEAM_ENOMEM;
            v->built = o->built;
            v->how = o->how;
            v->param = o->param;
            continue;
        }
        v->built |= o->built;
        if (v->how != o->how)
            v->how = HOW_BUILT; /* different on two paths: built either way */
        if (v->set.n == 0 || o->set.n == 0)
            tu_text_set_free(&v->set);
        else if (tu_text_set_union(&v->set, &o->set, TEXT_VARIANTS) < 0)
            return SEAM_ENOMEM;
    }
    return 0;
}
