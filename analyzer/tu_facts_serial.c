/*
 * tu_facts_serial.c - one TU's facts as JSON and back: the cache's values and the
 * contents of shard files.
 *
 * Compact positional arrays rather than objects: a big project has millions
 * of these records, and they are read back only by this file. Reading checks
 * every type (shard files come from other machines and may be damaged):
 * anything unexpected is SEAM_EINPUT, never a crash.
 */
#include "analyzer_internal.h"

#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

/* ---- writing ------------------------------------------------------------- */

typedef struct wr {
    int oom;
} wr;

static cJSON *add(wr *w, cJSON *arr, cJSON *item)
{
    if (!item || !arr || !cJSON_AddItemToArray(arr, item)) {
        cJSON_Delete(item);
        w->oom = 1;
        return NULL;
    }
    return item;
}

static void put(wr *w, cJSON *obj, const char *key, cJSON *item)
{
    if (!item || !obj || !cJSON_AddItemToObject(obj, key, item)) {
        cJSON_Delete(item);
        w->oom = 1;
    }
}

static cJSON *jstr(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *jint(int v)
{
    return cJSON_CreateNumber(v);
}

static cJSON *sym_json(wr *w, const fact_sym *s)
{
    cJSON *a = cJSON_CreateArray();
    add(w, a, jstr(s->usr));
    add(w, a, jstr(s->name));
    add(w, a, jstr(s->file));
    add(w, a, jint(s->internal));
    add(w, a, jint(s->line));
    add(w, a, jint(s->access));
    return a;
}

static cJSON *arg_json(wr *w, const fact_arg *g)
{
    cJSON *a = cJSON_CreateArray();
    add(w, a, jint(g->pos));
    add(w, a, jint(g->param));
    add(w, a, jstr(g->sql));
    add(w, a, jstr(g->file));
    add(w, a, jint(g->line));
    add(w, a, jint(g->how));
    add(w, a, jint(g->call));
    return a;
}

static cJSON *def_json(wr *w, const fact_def *d)
{
    cJSON *a = cJSON_CreateArray();
    add(w, a, jstr(d->usr));
    add(w, a, jstr(d->name));
    add(w, a, jstr(d->kind));
    add(w, a, jstr(d->file));
    add(w, a, jint(d->line));
    add(w, a, jint(d->internal));
    add(w, a, jstr(d->value));
    return a;
}

static cJSON *syms_json(wr *w, const fact_sym *v, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n && !w->oom; i++)
        add(w, a, sym_json(w, &v[i]));
    return a;
}

static cJSON *args_json(wr *w, const fact_arg *v, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n && !w->oom; i++)
        add(w, a, arg_json(w, &v[i]));
    return a;
}

static cJSON *func_json(wr *w, const fact_func *f)
{
    cJSON *o = cJSON_CreateObject();
    put(w, o, "usr", jstr(f->usr));
    put(w, o, "name", jstr(f->name));
    put(w, o, "file", jstr(f->file));
    put(w, o, "line", jint(f->line));
    put(w, o, "loc", jint(f->loc));
    put(w, o, "static", jint(f->is_static));
    put(w, o, "internal", jint(f->internal));
    cJSON *calls = cJSON_CreateArray();
    put(w, o, "calls", calls);
    for (int i = 0; i < f->ncalls && !w->oom; i++) {
        cJSON *c = add(w, calls, cJSON_CreateArray());
        add(w, c, sym_json(w, &f->calls[i].callee));
        add(w, c, args_json(w, f->calls[i].args, f->calls[i].nargs));
    }
    put(w, o, "refs", syms_json(w, f->refs, f->nrefs));
    put(w, o, "globals", syms_json(w, f->globals, f->nglobals));
    put(w, o, "types", syms_json(w, f->types, f->ntypes));
    put(w, o, "keywords", args_json(w, f->keywords, f->nkeywords));
    put(w, o, "returns", args_json(w, f->returns, f->nreturns));
    return o;
}

void *tu_facts_to_json(const tu_facts *f)
{
    wr w = {0};
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    put(&w, o, "file", jstr(f->main_file));
    put(&w, o, "key", jstr(f->key));
    put(&w, o, "parsed", jint(f->parsed));
    put(&w, o, "errors", jint(f->errors));
    cJSON *a = cJSON_CreateArray();
    put(&w, o, "diags", a);
    for (int i = 0; i < f->ndiags && !w.oom; i++)
        add(&w, a, jstr(f->diags[i]));
    a = cJSON_CreateArray();
    put(&w, o, "files", a);
    for (int i = 0; i < f->nfiles && !w.oom; i++) {
        cJSON *e = add(&w, a, cJSON_CreateArray());
        add(&w, e, jstr(f->files[i].path));
        add(&w, e, jint(f->files[i].lines));
    }
    a = cJSON_CreateArray();
    put(&w, o, "includes", a);
    for (int i = 0; i < f->nincludes && !w.oom; i++) {
        cJSON *e = add(&w, a, cJSON_CreateArray());
        add(&w, e, jstr(f->includes[i].from));
        add(&w, e, jstr(f->includes[i].to));
    }
    a = cJSON_CreateArray();
    put(&w, o, "globals", a);
    for (int i = 0; i < f->nglobals && !w.oom; i++)
        add(&w, a, def_json(&w, &f->globals[i]));
    a = cJSON_CreateArray();
    put(&w, o, "types", a);
    for (int i = 0; i < f->ntypes && !w.oom; i++)
        add(&w, a, def_json(&w, &f->types[i]));
    a = cJSON_CreateArray();
    put(&w, o, "frefs", a);
    for (int i = 0; i < f->nfrefs && !w.oom; i++) {
        cJSON *e = add(&w, a, cJSON_CreateArray());
        add(&w, e, jstr(f->frefs[i].in));
        add(&w, e, sym_json(&w, &f->frefs[i].target));
    }
    a = cJSON_CreateArray();
    put(&w, o, "elems", a);
    for (int i = 0; i < f->nelems && !w.oom; i++) {
        cJSON *e = add(&w, a, cJSON_CreateArray());
        add(&w, e, jstr(f->elems[i].usr));
        add(&w, e, jint(f->elems[i].index));
        add(&w, e, jstr(f->elems[i].text));
    }
    a = cJSON_CreateArray();
    put(&w, o, "funcs", a);
    for (int i = 0; i < f->nfuncs && !w.oom; i++)
        add(&w, a, func_json(&w, &f->funcs[i]));
    if (w.oom) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

char *tu_facts_serialize(const tu_facts *f)
{
    cJSON *o = tu_facts_to_json(f);
    char *text = o ? cJSON_PrintUnformatted(o) : NULL;
    cJSON_Delete(o);
    return text;
}

/* ---- reading --------------------------------------------------------------- */

typedef struct rd {
    int rc; /* first failure */
} rd;

static void bad(rd *r)
{
    if (!r->rc)
        r->rc = SEAM_EINPUT;
}

static const cJSON *member(rd *r, const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v)
        bad(r);
    return v;
}

static int as_int(rd *r, const cJSON *v)
{
    if (!cJSON_IsNumber(v) || v->valuedouble < -1e9 || v->valuedouble > 1e9) {
        bad(r);
        return 0;
    }
    return v->valueint;
}

/* A string (copied), or NULL for null when nullable. */
static char *as_str(rd *r, const cJSON *v, int nullable)
{
    if (nullable && cJSON_IsNull(v))
        return NULL;
    if (!cJSON_IsString(v)) {
        bad(r);
        return NULL;
    }
    char *s = seam_strdup(v->valuestring);
    if (!s && !r->rc)
        r->rc = SEAM_ENOMEM;
    return s;
}

/*
 * The n elements of array a into x, in one walk (cJSON_GetArrayItem walks the
 * list from its head each time); 0 when a is an array of exactly n, else -1.
 */
static int fields(rd *r, const cJSON *a, const cJSON **x, int n)
{
    const cJSON *e = cJSON_IsArray(a) ? a->child : NULL;
    int i = 0;
    for (; e && i < n; e = e->next)
        x[i++] = e;
    if (!cJSON_IsArray(a) || i != n || e) {
        bad(r);
        return -1;
    }
    return 0;
}

/* An array (possibly empty) and its size; -1 when v is not an array. */
static int as_array(rd *r, const cJSON *v)
{
    if (!cJSON_IsArray(v)) {
        bad(r);
        return -1;
    }
    return cJSON_GetArraySize(v);
}

/* Reserves n zeroed elements of size elem; NULL when n is 0 or on failure. */
static void *alloc_n(rd *r, int n, size_t elem)
{
    if (n <= 0)
        return NULL;
    void *p = calloc((size_t)n, elem);
    if (!p && !r->rc)
        r->rc = SEAM_ENOMEM;
    return p;
}

static void sym_read(rd *r, const cJSON *a, fact_sym *s)
{
    const cJSON *x[6];
    if (fields(r, a, x, 6))
        return;
    s->usr = as_str(r, x[0], 0);
    s->name = as_str(r, x[1], 0);
    s->file = as_str(r, x[2], 1);
    s->internal = as_int(r, x[3]);
    s->line = as_int(r, x[4]);
    s->access = as_int(r, x[5]);
}

static void arg_read(rd *r, const cJSON *a, fact_arg *g)
{
    const cJSON *x[7];
    if (fields(r, a, x, 7))
        return;
    g->pos = as_int(r, x[0]);
    g->param = as_int(r, x[1]);
    g->sql = as_str(r, x[2], 1);
    g->file = as_str(r, x[3], 1);
    g->line = as_int(r, x[4]);
    g->how = as_int(r, x[5]);
    g->call = as_int(r, x[6]);
    if (g->how < 0 || g->how >= HOW_TABLE_ARG || g->call < 0 ||
        (g->param < 0 && !g->call && (!g->sql || !g->file)))
        bad(r);
}

static void def_read(rd *r, const cJSON *a, fact_def *d)
{
    const cJSON *x[7];
    if (fields(r, a, x, 7))
        return;
    d->usr = as_str(r, x[0], 0);
    d->name = as_str(r, x[1], 0);
    d->kind = as_str(r, x[2], 1);
    d->file = as_str(r, x[3], 0);
    d->line = as_int(r, x[4]);
    d->internal = as_int(r, x[5]);
    d->value = as_str(r, x[6], 1);
}

static fact_sym *syms_read(rd *r, const cJSON *a, int *n, int *cap)
{
    int k = as_array(r, a);
    fact_sym *v = alloc_n(r, k, sizeof *v);
    const cJSON *e = k > 0 ? a->child : NULL;
    for (int i = 0; v && e && i < k && !r->rc; i++, e = e->next) {
        (*n) = i + 1;
        sym_read(r, e, &v[i]);
    }
    *cap = k > 0 ? k : 0;
    return v;
}

static fact_arg *args_read(rd *r, const cJSON *a, int *n, int *cap)
{
    int k = as_array(r, a);
    fact_arg *v = alloc_n(r, k, sizeof *v);
    const cJSON *e = k > 0 ? a->child : NULL;
    for (int i = 0; v && e && i < k && !r->rc; i++, e = e->next) {
        (*n) = i + 1;
        arg_read(r, e, &v[i]);
    }
    *cap = k > 0 ? k : 0;
    return v;
}

static void func_read(rd *r, const cJSON *o, fact_func *f)
{
    if (!cJSON_IsObject(o))
        return bad(r);
    f->usr = as_str(r, member(r, o, "usr"), 0);
    f->name = as_str(r, member(r, o, "name"), 0);
    f->file = as_str(r, member(r, o, "file"), 0);
    f->line = as_int(r, member(r, o, "line"));
    f->loc = as_int(r, member(r, o, "loc"));
    f->is_static = as_int(r, member(r, o, "static"));
    f->internal = as_int(r, member(r, o, "internal"));
    const cJSON *calls = member(r, o, "calls");
    int k = as_array(r, calls);
    f->calls = alloc_n(r, k, sizeof *f->calls);
    f->capcalls = k > 0 ? k : 0;
    const cJSON *c = k > 0 ? calls->child : NULL, *x[2];
    for (int i = 0; f->calls && c && i < k && !r->rc; i++, c = c->next) {
        f->ncalls = i + 1;
        if (fields(r, c, x, 2))
            break;
        sym_read(r, x[0], &f->calls[i].callee);
        fact_call *fc = &f->calls[i];
        fc->args = args_read(r, x[1], &fc->nargs, &fc->capargs);
    }
    if (r->rc)
        return;
    f->refs = syms_read(r, member(r, o, "refs"), &f->nrefs, &f->caprefs);
    f->globals = syms_read(r, member(r, o, "globals"), &f->nglobals, &f->capglobals);
    f->types = syms_read(r, member(r, o, "types"), &f->ntypes, &f->captypes);
    f->keywords = args_read(r, member(r, o, "keywords"), &f->nkeywords, &f->capkeywords);
    f->returns = args_read(r, member(r, o, "returns"), &f->nreturns, &f->capreturns);
    /* A call result names a call of this function. */
    for (int i = 0; i < f->ncalls; i++)
        for (int j = 0; j < f->calls[i].nargs; j++)
            if (f->calls[i].args[j].call > f->ncalls)
                bad(r);
    for (int i = 0; i < f->nreturns; i++)
        if (f->returns[i].call > f->ncalls)
            bad(r);
}

int tu_facts_from_json(const void *json, tu_facts *f)
{
    rd r = {0};
    const cJSON *o = json;
    if (!cJSON_IsObject(o))
        return SEAM_EINPUT;
    f->main_file = as_str(&r, member(&r, o, "file"), 0);
    const cJSON *key = member(&r, o, "key");
    if (!cJSON_IsString(key) || strlen(key->valuestring) >= sizeof f->key)
        bad(&r);
    else
        strcpy(f->key, key->valuestring);
    f->parsed = as_int(&r, member(&r, o, "parsed"));
    f->errors = as_int(&r, member(&r, o, "errors"));
    const cJSON *a = member(&r, o, "diags"), *e = NULL, *x[3];
    int k = as_array(&r, a);
    /* Each list is walked once (cJSON_GetArrayItem would walk from its head for each). */
#define EACH(list)                                                                                 \
    for (int i = ((e = k > 0 ? (list)->child : NULL), 0); e && i < k && !r.rc; e = e->next, i++)
    EACH(a)
    {
        if (!cJSON_IsString(e))
            bad(&r);
        else if (strv_push(&f->diags, &f->ndiags, e->valuestring) < 0)
            r.rc = SEAM_ENOMEM;
    }
    a = member(&r, o, "files");
    k = as_array(&r, a);
    f->files = alloc_n(&r, k, sizeof *f->files);
    f->capfiles = k > 0 ? k : 0;
    EACH(a)
    {
        f->nfiles = i + 1;
        if (fields(&r, e, x, 2))
            break;
        f->files[i].path = as_str(&r, x[0], 0);
        f->files[i].lines = as_int(&r, x[1]);
    }
    a = member(&r, o, "includes");
    k = as_array(&r, a);
    f->includes = alloc_n(&r, k, sizeof *f->includes);
    f->capincludes = k > 0 ? k : 0;
    EACH(a)
    {
        f->nincludes = i + 1;
        if (fields(&r, e, x, 2))
            break;
        f->includes[i].from = as_str(&r, x[0], 0);
        f->includes[i].to = as_str(&r, x[1], 0);
    }
    a = member(&r, o, "globals");
    k = as_array(&r, a);
    f->globals = alloc_n(&r, k, sizeof *f->globals);
    f->capglobals = k > 0 ? k : 0;
    EACH(a)
    {
        f->nglobals = i + 1;
        def_read(&r, e, &f->globals[i]);
    }
    a = member(&r, o, "types");
    k = as_array(&r, a);
    f->types = alloc_n(&r, k, sizeof *f->types);
    f->captypes = k > 0 ? k : 0;
    EACH(a)
    {
        f->ntypes = i + 1;
        def_read(&r, e, &f->types[i]);
        if (!r.rc && !f->types[i].kind)
            bad(&r);
    }
    a = member(&r, o, "frefs");
    k = as_array(&r, a);
    f->frefs = alloc_n(&r, k, sizeof *f->frefs);
    f->capfrefs = k > 0 ? k : 0;
    EACH(a)
    {
        f->nfrefs = i + 1;
        if (fields(&r, e, x, 2))
            break;
        f->frefs[i].in = as_str(&r, x[0], 0);
        sym_read(&r, x[1], &f->frefs[i].target);
    }
    a = member(&r, o, "elems");
    k = as_array(&r, a);
    f->elems = alloc_n(&r, k, sizeof *f->elems);
    f->capelems = k > 0 ? k : 0;
    EACH(a)
    {
        f->nelems = i + 1;
        if (fields(&r, e, x, 3))
            break;
        f->elems[i].usr = as_str(&r, x[0], 0);
        f->elems[i].index = as_int(&r, x[1]);
        f->elems[i].text = as_str(&r, x[2], 0);
        if (!r.rc && f->elems[i].index < 0)
            bad(&r);
    }
    a = member(&r, o, "funcs");
    k = as_array(&r, a);
    f->funcs = alloc_n(&r, k, sizeof *f->funcs);
    f->capfuncs = k > 0 ? k : 0;
    EACH(a)
    {
        f->nfuncs = i + 1;
        func_read(&r, e, &f->funcs[i]);
    }
#undef EACH
    return r.rc;
}

int tu_facts_deserialize(const char *text, tu_facts *out)
{
    cJSON *o = cJSON_Parse(text);
    if (!o)
        return SEAM_EINPUT;
    int rc = tu_facts_from_json(o, out);
    cJSON_Delete(o);
    return rc;
}
