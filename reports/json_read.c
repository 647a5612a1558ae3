/*
 * json_read.c - model.json (or code.json, schema.json) back into a seam_model.
 *
 * The inverse of json_report.c, for the commands that work on earlier
 * results (`seam decompose`, `seam merge`, `seam eval`). Reading is lenient
 * about absent keys (a code.json has no services; a schema.json is only the
 * schema) and strict about present ones: a key of the wrong type is an
 * error naming the file and the key, never a silent zero.
 *
 * Cross references in the file are identifiers (file paths, function USRs);
 * here they become indices again, by binary search over sorted views.
 */
#include "file.h"
#include "report.h"

#include <cjson/cJSON.h>
#include <stddef.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rd {
    const char *path;
    seam_err *err;
    int rc;              /* first error, 0 while all is well */
    const seam_model *m; /* for file and function lookups (NULL for schema.json) */
    int *fn_by_usr;      /* function indices sorted by USR */
} rd;

static void rd_fail(rd *r, int code, const char *what, const char *key)
{
    if (r->rc == 0)
        r->rc = seam_err_set(r->err, code, "cannot read '%s': %s \"%s\"", r->path, what, key);
}

static void rd_oom(rd *r)
{
    if (r->rc == 0)
        r->rc = seam_err_set(r->err, SEAM_ENOMEM, "out of memory reading '%s'", r->path);
}

/* The member key of obj when it is an array; NULL when absent or null. */
static const cJSON *rd_array(rd *r, const cJSON *obj, const char *key)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!a || cJSON_IsNull(a))
        return NULL;
    if (!cJSON_IsArray(a)) {
        rd_fail(r, SEAM_EINPUT, "expected an array at", key);
        return NULL;
    }
    return a;
}

static const cJSON *rd_object(rd *r, const cJSON *obj, const char *key)
{
    const cJSON *o = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!o || cJSON_IsNull(o))
        return NULL;
    if (!cJSON_IsObject(o)) {
        rd_fail(r, SEAM_EINPUT, "expected an object at", key);
        return NULL;
    }
    return o;
}

/* A malloc'd copy of a string member; NULL when absent or null. */
static char *rd_str(rd *r, const cJSON *obj, const char *key)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!s || cJSON_IsNull(s))
        return NULL;
    if (!cJSON_IsString(s)) {
        rd_fail(r, SEAM_EINPUT, "expected a string at", key);
        return NULL;
    }
    char *copy = seam_strdup(s->valuestring);
    if (!copy)
        rd_oom(r);
    return copy;
}

static double rd_num(rd *r, const cJSON *obj, const char *key)
{
    const cJSON *n = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!n || cJSON_IsNull(n))
        return 0;
    if (!cJSON_IsNumber(n)) {
        rd_fail(r, SEAM_EINPUT, "expected a number at", key);
        return 0;
    }
    return n->valuedouble;
}

static int rd_int(rd *r, const cJSON *obj, const char *key)
{
    return (int)rd_num(r, obj, key);
}

/* 64-bit counts are written as raw integers; valuedouble holds them exactly up to 2^53. */
static long long rd_ll(rd *r, const cJSON *obj, const char *key)
{
    return (long long)rd_num(r, obj, key);
}

static int rd_bool(rd *r, const cJSON *obj, const char *key)
{
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!b || cJSON_IsNull(b))
        return 0;
    if (!cJSON_IsBool(b)) {
        rd_fail(r, SEAM_EINPUT, "expected true or false at", key);
        return 0;
    }
    return cJSON_IsTrue(b);
}

/* Allocates a zeroed array for the members of a (n elements of size elem). */
static void *rd_alloc(rd *r, const cJSON *a, size_t elem, int *n)
{
    *n = 0;
    int count = a ? cJSON_GetArraySize(a) : 0;
    if (count == 0)
        return NULL;
    void *p = calloc((size_t)count, elem);
    if (!p) {
        rd_oom(r);
        return NULL;
    }
    *n = count;
    return p;
}

static void rd_strv(rd *r, const cJSON *obj, const char *key, char ***v, int *n)
{
    const cJSON *a = rd_array(r, obj, key);
    *v = rd_alloc(r, a, sizeof **v, n);
    int i = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, a)
    {
        if (!cJSON_IsString(s)) {
            rd_fail(r, SEAM_EINPUT, "expected strings in", key);
            return;
        }
        if (!((*v)[i++] = seam_strdup(s->valuestring)))
            rd_oom(r);
    }
}

static int access_bits(const char *s)
{
    if (!s)
        return 0;
    if (strcmp(s, "read_write") == 0)
        return SEAM_READ | SEAM_WRITE;
    if (strcmp(s, "write") == 0)
        return SEAM_WRITE;
    if (strcmp(s, "read") == 0)
        return SEAM_READ;
    return 0;
}

static void rd_refs(rd *r, const cJSON *obj, const char *key, seam_table_ref **refs, int *n)
{
    const cJSON *a = rd_array(r, obj, key);
    *refs = rd_alloc(r, a, sizeof **refs, n);
    int i = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, a)
    {
        seam_table_ref *t = &(*refs)[i++];
        t->table = rd_str(r, o, "name");
        char *acc = rd_str(r, o, "access");
        t->access = access_bits(acc);
        free(acc);
    }
}

/* ---- schema ---------------------------------------------------------- */

static void rd_table(rd *r, const cJSON *o, seam_table *t)
{
    t->name = rd_str(r, o, "name");
    const cJSON *cols = rd_array(r, o, "columns");
    t->columns = rd_alloc(r, cols, sizeof *t->columns, &t->ncolumns);
    int i = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, cols)
    {
        seam_column *sc = &t->columns[i++];
        sc->name = rd_str(r, c, "name");
        sc->type = rd_str(r, c, "type");
        sc->not_null = rd_bool(r, c, "not_null");
        sc->default_value = rd_str(r, c, "default");
        sc->identity = rd_str(r, c, "identity");
        sc->generated = rd_str(r, c, "generated");
        sc->generated_expr = rd_str(r, c, "generated_expr");
        sc->comment = rd_str(r, c, "comment");
    }
    rd_strv(r, o, "primary_key", &t->primary_key, &t->nprimary_key);
    t->primary_key_name = rd_str(r, o, "primary_key_name");
    const cJSON *uq = rd_array(r, o, "unique_constraints");
    t->uniques = rd_alloc(r, uq, sizeof *t->uniques, &t->nuniques);
    i = 0;
    cJSON_ArrayForEach(c, uq)
    {
        seam_unique *u = &t->uniques[i++];
        u->name = rd_str(r, c, "name");
        rd_strv(r, c, "columns", &u->columns, &u->ncolumns);
    }
    rd_strv(r, o, "partitions", &t->partitions, &t->npartitions);
    t->comment = rd_str(r, o, "comment");
    const cJSON *est = cJSON_GetObjectItemCaseSensitive(o, "row_estimate");
    t->has_estimates = est && !cJSON_IsNull(est);
    t->row_estimate = rd_ll(r, o, "row_estimate");
    t->size_bytes = rd_ll(r, o, "size_bytes");
    const cJSON *st = rd_object(r, o, "stats");
    t->has_stats = st != NULL;
    if (st) {
        seam_table_stats *s = &t->stats;
        s->seq_scan = rd_ll(r, st, "seq_scan");
        s->seq_tup_read = rd_ll(r, st, "seq_tup_read");
        s->idx_scan = rd_ll(r, st, "idx_scan");
        s->idx_tup_fetch = rd_ll(r, st, "idx_tup_fetch");
        s->n_tup_ins = rd_ll(r, st, "n_tup_ins");
        s->n_tup_upd = rd_ll(r, st, "n_tup_upd");
        s->n_tup_del = rd_ll(r, st, "n_tup_del");
        s->n_live_tup = rd_ll(r, st, "n_live_tup");
        s->n_dead_tup = rd_ll(r, st, "n_dead_tup");
    }
}

static void rd_foreign_keys(rd *r, const cJSON *schema, seam_schema *s)
{
    const cJSON *a = rd_array(r, schema, "foreign_keys");
    s->foreign_keys = rd_alloc(r, a, sizeof *s->foreign_keys, &s->nforeign_keys);
    int i = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, a)
    {
        seam_foreign_key *fk = &s->foreign_keys[i++];
        fk->name = rd_str(r, o, "name");
        fk->from_table = rd_str(r, o, "from_table");
        fk->to_table = rd_str(r, o, "to_table");
        int nfrom = 0, nto = 0;
        rd_strv(r, o, "from_columns", &fk->from_columns, &nfrom);
        rd_strv(r, o, "to_columns", &fk->to_columns, &nto);
        fk->ncolumns = nfrom < nto ? nfrom : nto;
        /* Free what the shorter count would leave unowned. */
        for (int c = fk->ncolumns; c < nfrom; c++)
            free(fk->from_columns[c]);
        for (int c = fk->ncolumns; c < nto; c++)
            free(fk->to_columns[c]);
        if (nfrom != nto)
            rd_fail(r, SEAM_EINPUT, "from_columns and to_columns differ in length in",
                    fk->name ? fk->name : "foreign_keys");
        fk->on_delete = rd_str(r, o, "on_delete");
        fk->on_update = rd_str(r, o, "on_update");
        fk->deferrable = rd_bool(r, o, "deferrable");
        fk->initially_deferred = rd_bool(r, o, "initially_deferred");
    }
}

static void rd_schema_extras(rd *r, const cJSON *schema, seam_schema *s)
{
    rd_strv(r, schema, "schemas", &s->schemas, &s->nschemas);
    const cJSON *a = rd_array(r, schema, "indexes");
    s->indexes = rd_alloc(r, a, sizeof *s->indexes, &s->nindexes);
    int i = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, a)
    {
        seam_index *ix = &s->indexes[i++];
        ix->name = rd_str(r, o, "name");
        ix->table = rd_str(r, o, "table");
        rd_strv(r, o, "columns", &ix->columns, &ix->ncolumns);
        ix->unique = rd_bool(r, o, "unique");
        ix->primary = rd_bool(r, o, "primary");
        ix->method = rd_str(r, o, "method");
        ix->partial = rd_bool(r, o, "partial");
        ix->predicate = rd_str(r, o, "predicate");
    }
    a = rd_array(r, schema, "views");
    s->views = rd_alloc(r, a, sizeof *s->views, &s->nviews);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_view *v = &s->views[i++];
        v->name = rd_str(r, o, "name");
        v->materialized = rd_bool(r, o, "materialized");
        rd_strv(r, o, "tables", &v->tables, &v->ntables);
        v->comment = rd_str(r, o, "comment");
    }
    a = rd_array(r, schema, "triggers");
    s->triggers = rd_alloc(r, a, sizeof *s->triggers, &s->ntriggers);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_trigger *tg = &s->triggers[i++];
        tg->name = rd_str(r, o, "name");
        tg->table = rd_str(r, o, "table");
        tg->timing = rd_str(r, o, "timing");
        rd_strv(r, o, "events", &tg->events, &tg->nevents);
        tg->for_each_row = rd_bool(r, o, "for_each_row");
        tg->enabled = rd_bool(r, o, "enabled");
        tg->function = rd_str(r, o, "function");
        tg->language = rd_str(r, o, "language");
        rd_refs(r, o, "tables", &tg->tables, &tg->ntables);
    }
    a = rd_array(r, schema, "sequences");
    s->sequences = rd_alloc(r, a, sizeof *s->sequences, &s->nsequences);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_sequence *sq = &s->sequences[i++];
        sq->name = rd_str(r, o, "name");
        sq->type = rd_str(r, o, "type");
        sq->owner_table = rd_str(r, o, "owner_table");
        sq->owner_column = rd_str(r, o, "owner_column");
    }
    a = rd_array(r, schema, "query_stats");
    s->query_stats = rd_alloc(r, a, sizeof *s->query_stats, &s->nquery_stats);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_query_stat *q = &s->query_stats[i++];
        q->query = rd_str(r, o, "query");
        q->calls = rd_ll(r, o, "calls");
        rd_refs(r, o, "tables", &q->tables, &q->ntables);
    }
    rd_strv(r, schema, "skipped", &s->skipped, &s->nskipped);
    rd_strv(r, schema, "warnings", &s->warnings, &s->nwarnings);
}

static void rd_schema(rd *r, const cJSON *schema, seam_schema *s)
{
    s->dialect = rd_str(r, schema, "dialect");
    s->source = rd_str(r, schema, "source");
    const cJSON *a = rd_array(r, schema, "tables");
    s->tables = rd_alloc(r, a, sizeof *s->tables, &s->ntables);
    int i = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, a)
    {
        rd_table(r, o, &s->tables[i++]);
    }
    rd_foreign_keys(r, schema, s);
    rd_schema_extras(r, schema, s);
}

/* ---- code facts ------------------------------------------------------ */

static int rd_file_index(rd *r, const char *path, const char *key)
{
    if (!path)
        return -1;
    int i = seam_model_find_file(r->m, path);
    if (i < 0)
        rd_fail(r, SEAM_EINPUT, "unknown file in", key);
    return i;
}

static int rd_function_index(rd *r, const char *usr, const char *key)
{
    if (!usr)
        return -1;
    int lo = 0, hi = r->m->nfunctions - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = strcmp(r->m->functions[r->fn_by_usr[mid]].usr, usr);
        if (c == 0)
            return r->fn_by_usr[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    rd_fail(r, SEAM_EINPUT, "unknown function id in", key);
    return -1;
}

static int cmp_fn_usr(const void *a, const void *b, void *ctx)
{
    const seam_model *m = ctx;
    const char *x = m->functions[*(const int *)a].usr, *y = m->functions[*(const int *)b].usr;
    return strcmp(x ? x : "", y ? y : "");
}

/* A merge sort that passes a context to cmp, since qsort_r is not C11. */
static void sort_ints(int *v, int *tmp, int n, int (*cmp)(const void *, const void *, void *),
                      void *ctx)
{
    if (n < 2)
        return;
    int h = n / 2;
    sort_ints(v, tmp, h, cmp, ctx);
    sort_ints(v + h, tmp, n - h, cmp, ctx);
    int i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = cmp(&v[j], &v[i], ctx) < 0 ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, (size_t)n * sizeof *v);
}

/* The index of the element whose usr is id, among n elements of size elem (-1 when absent). */
static int rd_usr_index(rd *r, const void *arr, int n, size_t elem, size_t usr_offset,
                        const char *id, const char *key)
{
    if (!id)
        return -1;
    for (int i = 0; i < n; i++) {
        const char *u = *(char *const *)((const char *)arr + (size_t)i * elem + usr_offset);
        if (u && strcmp(u, id) == 0)
            return i;
    }
    rd_fail(r, SEAM_EINPUT, "unknown id in", key);
    return -1;
}

/* The code facts added for issue 3 (json_report.c's build_code_extras). */
static void rd_code_extras(rd *r, const cJSON *root, seam_model *m)
{
    const cJSON *a = rd_array(r, root, "function_refs");
    m->func_refs = rd_alloc(r, a, sizeof *m->func_refs, &m->nfunc_refs);
    int i = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, a)
    {
        seam_func_ref *fr = &m->func_refs[i++];
        char *fn = rd_str(r, o, "function"), *file = rd_str(r, o, "file");
        char *target = rd_str(r, o, "target");
        fr->function = rd_function_index(r, fn, "function_refs");
        fr->file = rd_file_index(r, file, "function_refs");
        fr->target = rd_function_index(r, target, "function_refs");
        fr->count = rd_int(r, o, "count");
        free(fn);
        free(file);
        free(target);
    }
    a = rd_array(r, root, "globals");
    m->globals = rd_alloc(r, a, sizeof *m->globals, &m->nglobals);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_global *g = &m->globals[i++];
        g->usr = rd_str(r, o, "id");
        g->name = rd_str(r, o, "name");
        char *file = rd_str(r, o, "file");
        g->file = rd_file_index(r, file, "globals");
        free(file);
        g->line = rd_int(r, o, "line");
        g->is_static = rd_bool(r, o, "static");
    }
    a = rd_array(r, root, "global_uses");
    m->global_uses = rd_alloc(r, a, sizeof *m->global_uses, &m->nglobal_uses);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_global_use *u = &m->global_uses[i++];
        char *fn = rd_str(r, o, "function"), *g = rd_str(r, o, "global");
        char *acc = rd_str(r, o, "access");
        u->function = rd_function_index(r, fn, "global_uses");
        u->global = rd_usr_index(r, m->globals, m->nglobals, sizeof *m->globals,
                                 offsetof(seam_global, usr), g, "global_uses");
        u->access = access_bits(acc);
        free(fn);
        free(g);
        free(acc);
    }
    a = rd_array(r, root, "types");
    m->types = rd_alloc(r, a, sizeof *m->types, &m->ntypes);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_type *t = &m->types[i++];
        t->usr = rd_str(r, o, "id");
        t->name = rd_str(r, o, "name");
        t->kind = rd_str(r, o, "kind");
        char *file = rd_str(r, o, "file");
        t->file = rd_file_index(r, file, "types");
        free(file);
        t->line = rd_int(r, o, "line");
    }
    a = rd_array(r, root, "type_uses");
    m->type_uses = rd_alloc(r, a, sizeof *m->type_uses, &m->ntype_uses);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_type_use *u = &m->type_uses[i++];
        char *fn = rd_str(r, o, "function"), *t = rd_str(r, o, "type");
        u->function = rd_function_index(r, fn, "type_uses");
        u->type = rd_usr_index(r, m->types, m->ntypes, sizeof *m->types, offsetof(seam_type, usr),
                               t, "type_uses");
        free(fn);
        free(t);
    }
    a = rd_array(r, root, "includes");
    m->includes = rd_alloc(r, a, sizeof *m->includes, &m->nincludes);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_include *inc = &m->includes[i++];
        char *from = rd_str(r, o, "from"), *to = rd_str(r, o, "to");
        inc->from = rd_file_index(r, from, "includes");
        inc->to = rd_file_index(r, to, "includes");
        free(from);
        free(to);
    }
    a = rd_array(r, root, "translation_units");
    m->tus = rd_alloc(r, a, sizeof *m->tus, &m->ntus);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_tu *t = &m->tus[i++];
        t->file = rd_str(r, o, "file");
        t->parsed = rd_bool(r, o, "parsed");
        t->errors = rd_int(r, o, "errors");
        rd_strv(r, o, "diagnostics", &t->diagnostics, &t->ndiagnostics);
    }
}

static void rd_code(rd *r, const cJSON *root, seam_model *m)
{
    const cJSON *src = rd_object(r, root, "source");
    if (src) {
        m->src_root = rd_str(r, src, "name");
        m->translation_units = rd_int(r, src, "translation_units");
        m->parse_errors = rd_int(r, src, "parse_errors");
        rd_strv(r, src, "warnings", &m->code_warnings, &m->ncode_warnings);
    }
    const cJSON *a = rd_array(r, root, "files");
    m->files = rd_alloc(r, a, sizeof *m->files, &m->nfiles);
    int i = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, a)
    {
        seam_file *f = &m->files[i++];
        f->path = rd_str(r, o, "path");
        f->lines = rd_int(r, o, "lines");
        f->is_header = rd_bool(r, o, "is_header");
        f->parse_errors = rd_int(r, o, "parse_errors");
        if (!f->path)
            rd_fail(r, SEAM_EINPUT, "a file without", "path");
    }
    /* Lookups below binary-search the files, which the writer sorted. */
    for (i = 1; i < m->nfiles && r->rc == 0; i++)
        if (strcmp(m->files[i - 1].path, m->files[i].path) >= 0)
            rd_fail(r, SEAM_EINPUT, "files not sorted by path at", m->files[i].path);
    if (r->rc)
        return;

    a = rd_array(r, root, "functions");
    m->functions = rd_alloc(r, a, sizeof *m->functions, &m->nfunctions);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_function *f = &m->functions[i++];
        f->usr = rd_str(r, o, "id");
        f->name = rd_str(r, o, "name");
        char *file = rd_str(r, o, "file");
        f->file = rd_file_index(r, file, "functions");
        free(file);
        f->line = rd_int(r, o, "line");
        f->is_static = rd_bool(r, o, "static");
        f->loc = rd_int(r, o, "loc");
        if (!f->usr)
            rd_fail(r, SEAM_EINPUT, "a function without", "id");
    }
    if (r->rc)
        return;
    r->fn_by_usr = malloc((size_t)(m->nfunctions + 1) * sizeof *r->fn_by_usr);
    int *tmp = malloc((size_t)(m->nfunctions + 1) * sizeof *tmp);
    if (!r->fn_by_usr || !tmp) {
        free(tmp);
        rd_oom(r);
        return;
    }
    for (i = 0; i < m->nfunctions; i++)
        r->fn_by_usr[i] = i;
    sort_ints(r->fn_by_usr, tmp, m->nfunctions, cmp_fn_usr, m);
    free(tmp);

    a = rd_array(r, root, "calls");
    m->calls = rd_alloc(r, a, sizeof *m->calls, &m->ncalls);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_call *c = &m->calls[i++];
        char *caller = rd_str(r, o, "caller"), *callee = rd_str(r, o, "callee");
        c->caller = rd_function_index(r, caller, "calls");
        c->callee = rd_function_index(r, callee, "calls");
        free(caller);
        free(callee);
        c->count = rd_int(r, o, "count");
    }

    a = rd_array(r, root, "sql_sites");
    m->sql_sites = rd_alloc(r, a, sizeof *m->sql_sites, &m->nsql_sites);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_sql_site *s = &m->sql_sites[i++];
        char *fn = rd_str(r, o, "function"), *file = rd_str(r, o, "file");
        s->function = rd_function_index(r, fn, "sql_sites");
        s->file = rd_file_index(r, file, "sql_sites");
        free(fn);
        free(file);
        s->line = rd_int(r, o, "line");
        s->sql = rd_str(r, o, "sql");
        s->via = rd_str(r, o, "via");
        s->parser = rd_str(r, o, "parser");
        rd_refs(r, o, "tables", &s->tables, &s->ntables);
        s->how = rd_str(r, o, "how");
        s->confidence = rd_str(r, o, "confidence");
        const cJSON *cols = rd_array(r, o, "columns");
        s->columns = rd_alloc(r, cols, sizeof *s->columns, &s->ncolumns);
        int c = 0;
        const cJSON *co;
        cJSON_ArrayForEach(co, cols)
        {
            seam_column_ref *cr = &s->columns[c++];
            cr->table = rd_str(r, co, "table");
            cr->column = rd_str(r, co, "column");
            char *acc = rd_str(r, co, "access");
            cr->access = access_bits(acc);
            free(acc);
        }
    }
    rd_code_extras(r, root, m);
}

/* ---- decomposition --------------------------------------------------- */

/* Function ids into indices (issue 5's service functions and interface). */
static void rd_functions(rd *r, const cJSON *obj, const char *key, int **v, int *n)
{
    const cJSON *a = rd_array(r, obj, key);
    *v = rd_alloc(r, a, sizeof **v, n);
    int i = 0;
    const cJSON *s;
    cJSON_ArrayForEach(s, a)
    {
        if (!cJSON_IsString(s)) {
            rd_fail(r, SEAM_EINPUT, "expected function ids in", key);
            return;
        }
        (*v)[i++] = rd_function_index(r, s->valuestring, key);
    }
}

static void rd_dependencies(rd *r, const cJSON *obj, const char *key, seam_dependency **v,
                            int *n)
{
    const cJSON *a = rd_array(r, obj, key);
    *v = rd_alloc(r, a, sizeof **v, n);
    int i = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, a)
    {
        seam_dependency *d = &(*v)[i++];
        d->service = rd_str(r, o, "service");
        d->weight = rd_num(r, o, "weight");
        d->calls = rd_int(r, o, "calls");
        d->refs = rd_int(r, o, "refs");
        d->sql_sites = rd_int(r, o, "sql_sites");
    }
}

static void rd_service_extras(rd *r, const cJSON *o, seam_service *s)
{
    rd_functions(r, o, "functions", &s->functions, &s->nfunctions);
    rd_functions(r, o, "interface", &s->interface, &s->ninterface);
    rd_strv(r, o, "tables_read", &s->tables_read, &s->ntables_read);
    rd_dependencies(r, o, "outbound", &s->outbound, &s->noutbound);
    rd_dependencies(r, o, "inbound", &s->inbound, &s->ninbound);
    s->loc = rd_int(r, o, "loc");
    s->cohesion = rd_num(r, o, "cohesion");
    s->coupling = rd_num(r, o, "coupling");
}

/* The SQL site a {"file", "line", "function"} names: the first one matching, else -1. */
static int rd_site_index(rd *r, const cJSON *o, const seam_model *m)
{
    char *file = rd_str(r, o, "file"), *fn = rd_str(r, o, "function");
    int f = file ? seam_model_find_file(m, file) : -1, line = rd_int(r, o, "line"), hit = -1;
    int func = fn ? rd_function_index(r, fn, "implied_foreign_keys") : -1;
    for (int i = 0; i < m->nsql_sites && hit < 0; i++)
        if (m->sql_sites[i].file == f && m->sql_sites[i].line == line &&
            m->sql_sites[i].function == func)
            hit = i;
    if (hit < 0)
        rd_fail(r, SEAM_EINPUT, "unknown SQL site in", "implied_foreign_keys");
    free(file);
    free(fn);
    return hit;
}

/* The top-level keys issue 5 added (docs/model.md). */
static void rd_decomposition_extras(rd *r, const cJSON *root, seam_model *m)
{
    const cJSON *a = rd_array(r, root, "modules");
    m->modules = rd_alloc(r, a, sizeof *m->modules, &m->nmodules);
    int i = 0;
    const cJSON *o, *e;
    cJSON_ArrayForEach(o, a)
    {
        seam_module *md = &m->modules[i++];
        md->name = rd_str(r, o, "name");
        rd_strv(r, o, "files", &md->files, &md->nfiles);
        md->service = rd_str(r, o, "service");
        md->reason = rd_str(r, o, "reason");
        const cJSON *why = rd_array(r, o, "why");
        md->why = rd_alloc(r, why, sizeof *md->why, &md->nwhy);
        int k = 0;
        cJSON_ArrayForEach(e, why)
        {
            seam_why *w = &md->why[k++];
            w->is_table = cJSON_GetObjectItemCaseSensitive(e, "table") != NULL;
            w->target = rd_str(r, e, w->is_table ? "table" : "module");
            w->weight = rd_num(r, e, "weight");
            w->kinds = rd_str(r, e, "kinds");
        }
    }
    a = rd_array(r, root, "implied_foreign_keys");
    m->implied_fks = rd_alloc(r, a, sizeof *m->implied_fks, &m->nimplied_fks);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_implied_fk *f = &m->implied_fks[i++];
        f->from_table = rd_str(r, o, "from_table");
        f->from_column = rd_str(r, o, "from_column");
        f->to_table = rd_str(r, o, "to_table");
        f->to_column = rd_str(r, o, "to_column");
        const cJSON *sites = rd_array(r, o, "sites");
        f->sites = rd_alloc(r, sites, sizeof *f->sites, &f->nsites);
        int k = 0;
        cJSON_ArrayForEach(e, sites) f->sites[k++] = rd_site_index(r, e, m);
    }
    a = rd_array(r, root, "shared_tables");
    m->shared_tables = rd_alloc(r, a, sizeof *m->shared_tables, &m->nshared_tables);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_shared_table *t = &m->shared_tables[i++];
        t->table = rd_str(r, o, "table");
        t->owner = rd_str(r, o, "owner");
        rd_strv(r, o, "writers", &t->writers, &t->nwriters);
        rd_strv(r, o, "readers", &t->readers, &t->nreaders);
    }
    a = rd_array(r, root, "dead_functions");
    m->dead_functions = rd_alloc(r, a, sizeof *m->dead_functions, &m->ndead_functions);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_dead_function *d = &m->dead_functions[i++];
        char *fn = rd_str(r, o, "function");
        d->function = fn ? rd_function_index(r, fn, "dead_functions") : -1;
        free(fn);
        d->reason = rd_str(r, o, "reason");
    }
    a = rd_array(r, root, "edge_kinds");
    m->edge_kinds = rd_alloc(r, a, sizeof *m->edge_kinds, &m->nedge_kinds);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_edge_kind *k = &m->edge_kinds[i++];
        k->kind = rd_str(r, o, "kind");
        k->factor = rd_num(r, o, "factor");
        k->edges = rd_int(r, o, "edges");
        k->mean_raw = rd_num(r, o, "mean_raw");
    }
}

static void rd_decomposition(rd *r, const cJSON *root, seam_model *m)
{
    const cJSON *a = rd_array(r, root, "services");
    m->services = rd_alloc(r, a, sizeof *m->services, &m->nservices);
    int i = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, a)
    {
        seam_service *s = &m->services[i++];
        s->name = rd_str(r, o, "name");
        s->kind = rd_str(r, o, "kind");
        s->reason = rd_str(r, o, "reason");
        rd_strv(r, o, "files", &s->files, &s->nfiles);
        rd_strv(r, o, "tables", &s->tables, &s->ntables);
        rd_service_extras(r, o, s);
        /* A truth file written by hand may leave kind out: it is a service. */
        if (!s->kind && r->rc == 0 && !(s->kind = seam_strdup("service")))
            rd_oom(r);
    }
    const cJSON *mt = rd_object(r, root, "metrics");
    if (mt) {
        seam_metrics *x = &m->metrics;
        x->modularity = rd_num(r, mt, "modularity");
        x->services = rd_int(r, mt, "services");
        x->cross_service_calls = rd_int(r, mt, "cross_service_calls");
        x->internal_calls = rd_int(r, mt, "internal_calls");
        x->cross_service_fks = rd_int(r, mt, "cross_service_fks");
        x->shared_tables = rd_int(r, mt, "shared_tables");
        x->mq = rd_num(r, mt, "mq");
        x->sm = rd_num(r, mt, "sm");
        x->icp = rd_num(r, mt, "icp");
        x->ifn = rd_num(r, mt, "ifn");
        x->ned = rd_num(r, mt, "ned");
        x->resolution = rd_num(r, mt, "resolution");
        x->objective = rd_num(r, mt, "objective");
        x->sql_joins = rd_int(r, mt, "sql_joins");
        x->cross_service_joins = rd_int(r, mt, "cross_service_joins");
        x->implied_fks = rd_int(r, mt, "implied_fks");
        x->dead_functions = rd_int(r, mt, "dead_functions");
        x->commits_read = rd_int(r, mt, "commits_read");
        x->commits_used = rd_int(r, mt, "commits_used");
    }
    const cJSON *plan = rd_object(r, root, "split_plan");
    a = plan ? rd_array(r, plan, "steps") : NULL;
    m->plan = rd_alloc(r, a, sizeof *m->plan, &m->nplan);
    i = 0;
    cJSON_ArrayForEach(o, a)
    {
        seam_plan_step *p = &m->plan[i++];
        p->order = rd_int(r, o, "order");
        p->kind = rd_str(r, o, "kind");
        p->service = rd_str(r, o, "service");
        p->detail = rd_str(r, o, "detail");
    }
    rd_decomposition_extras(r, root, m);
}

/* ---- files ----------------------------------------------------------- */

/* Parses path as JSON; NULL with r->rc set on failure. */
static cJSON *rd_parse_file(rd *r, size_t max_input)
{
    char *text = NULL;
    size_t len = 0;
    r->rc = seam_file_read(r->path, "JSON file", max_input, &text, &len, r->err);
    if (r->rc < 0)
        return NULL;
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
    if (!root) {
        /* Turn cJSON's error position into a line number for the message. */
        int line = 1;
        for (const char *p = text; end && p < end && p < text + len; p++)
            line += *p == '\n';
        r->rc = seam_err_set(r->err, SEAM_EINPUT, "cannot read '%s': invalid JSON at line %d",
                             r->path, line);
    } else if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        root = NULL;
        r->rc = seam_err_set(r->err, SEAM_EINPUT, "cannot read '%s': not a JSON object", r->path);
    }
    free(text);
    return root;
}

int report_read_json(const char *path, size_t max_input, seam_model *model, seam_err *err)
{
    seam_model_init(model);
    rd r = {.path = path, .err = err, .m = model};
    cJSON *root = rd_parse_file(&r, max_input);
    if (!root)
        return r.rc;
    rd_code(&r, root, model);
    const cJSON *schema = rd_object(&r, root, "schema");
    if (schema && r.rc == 0)
        rd_schema(&r, schema, &model->schema);
    if (r.rc == 0)
        rd_decomposition(&r, root, model);
    cJSON_Delete(root);
    free(r.fn_by_usr);
    if (r.rc)
        seam_model_free(model);
    return r.rc;
}

int report_read_schema_json(const char *path, size_t max_input, seam_schema *schema,
                            seam_err *err)
{
    memset(schema, 0, sizeof *schema);
    rd r = {.path = path, .err = err};
    cJSON *root = rd_parse_file(&r, max_input);
    if (!root)
        return r.rc;
    /* A schema.json is the schema object itself; a model.json holds one. */
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, "schema");
    rd_schema(&r, obj && cJSON_IsObject(obj) ? obj : root, schema);
    cJSON_Delete(root);
    if (r.rc)
        seam_schema_free(schema);
    return r.rc;
}
