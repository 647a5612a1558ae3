/*
 * model_json_read.c - model.json (or code.json, schema.json) back into a
 * seam_model, by walking the descriptions of model_json_fields.c.
 *
 * For the commands that work on earlier results (`seam decompose`, `seam
 * merge`, `seam eval`). Reading is lenient about absent keys (a code.json
 * has no services; a schema.json is only the schema) and strict about
 * present ones: a key of the wrong type is an error naming the file and the
 * key, never a silent zero. The first error ends the walk.
 *
 * Cross references in the file are identifiers (file paths, function USRs);
 * here they become indices again, by binary search over sorted views.
 */
#include "model_json.h"
#include "model_json_internal.h"

#include "file.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct rd {
    const char *path;
    seam_err *err;
    int rc;              /* first error, 0 while all is well */
    const seam_model *m; /* for file and function lookups (NULL for schema.json) */
    int *fn_by_usr;      /* function indices sorted by USR, built at the first lookup */
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

/* The member key of obj when is() accepts it; NULL when absent or null, and NULL with an
 * error saying what was expected when it is something else. */
static const cJSON *rd_item(rd *r, const cJSON *obj, const char *key,
                            cJSON_bool (*is)(const cJSON *), const char *expected)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!item || cJSON_IsNull(item))
        return NULL;
    if (!is(item)) {
        rd_fail(r, SEAM_EINPUT, expected, key);
        return NULL;
    }
    return item;
}

static const cJSON *rd_array(rd *r, const cJSON *obj, const char *key)
{
    return rd_item(r, obj, key, cJSON_IsArray, "expected an array at");
}

static const cJSON *rd_object(rd *r, const cJSON *obj, const char *key)
{
    return rd_item(r, obj, key, cJSON_IsObject, "expected an object at");
}

/* A malloc'd copy of a string member; NULL when absent or null. */
static char *rd_str(rd *r, const cJSON *obj, const char *key)
{
    const cJSON *s = rd_item(r, obj, key, cJSON_IsString, "expected a string at");
    char *copy = s ? seam_strdup(s->valuestring) : NULL;
    if (s && !copy)
        rd_oom(r);
    return copy;
}

/* 0 when absent or null. 64-bit counts are written as raw integers; valuedouble holds them
 * exactly up to 2^53. */
static double rd_num(rd *r, const cJSON *obj, const char *key)
{
    const cJSON *n = rd_item(r, obj, key, cJSON_IsNumber, "expected a number at");
    return n ? n->valuedouble : 0;
}

/* A number member that must fit between lo and hi (an int, a long long): out of range (or
 * not a number at all, NaN) is an error rather than a conversion C leaves undefined. */
static double rd_ranged(rd *r, const cJSON *obj, const char *key, double lo, double hi)
{
    double v = rd_num(r, obj, key);
    if (!(v >= lo && v <= hi)) {
        rd_fail(r, SEAM_EINPUT, "number out of range at", key);
        return 0;
    }
    return v;
}

static int rd_bool(rd *r, const cJSON *obj, const char *key)
{
    const cJSON *b = rd_item(r, obj, key, cJSON_IsBool, "expected true or false at");
    return b ? cJSON_IsTrue(b) : 0;
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

/* ---- identifiers back into indices ----------------------------------- */

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

/* Sorts the functions by USR once; "functions" precedes every key that refers to one. */
static int rd_index_functions(rd *r)
{
    const seam_model *m = r->m;
    r->fn_by_usr = malloc((size_t)(m->nfunctions + 1) * sizeof *r->fn_by_usr);
    int *tmp = malloc((size_t)(m->nfunctions + 1) * sizeof *tmp);
    if (!r->fn_by_usr || !tmp) {
        free(tmp);
        rd_oom(r);
        return -1;
    }
    for (int i = 0; i < m->nfunctions; i++)
        r->fn_by_usr[i] = i;
    sort_ints(r->fn_by_usr, tmp, m->nfunctions, cmp_fn_usr, (void *)m);
    free(tmp);
    return 0;
}

static int rd_function_index(rd *r, const char *usr, const char *key)
{
    if (!usr)
        return -1;
    if (!r->fn_by_usr && rd_index_functions(r) < 0)
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

/* The index an identifier names; key (the enclosing array) goes into the message. */
static int rd_ref_index(rd *r, seam_json_kind kind, const char *id, const char *key)
{
    const seam_model *m = r->m;
    switch (kind) {
    case SEAM_JSON_FILE: {
        int i = id ? seam_model_find_file(m, id) : -1;
        if (id && i < 0)
            rd_fail(r, SEAM_EINPUT, "unknown file in", key);
        return i;
    }
    case SEAM_JSON_FUNCTION:
        return rd_function_index(r, id, key);
    case SEAM_JSON_GLOBAL:
        return rd_usr_index(r, m->globals, m->nglobals, sizeof *m->globals,
                            offsetof(seam_global, usr), id, key);
    default:
        return rd_usr_index(r, m->types, m->ntypes, sizeof *m->types, offsetof(seam_type, usr),
                            id, key);
    }
}

/* The SQL site a {"file", "line", "function"} names: the first one matching, else -1. */
static int rd_site_index(rd *r, const cJSON *o, const char *key)
{
    const seam_model *m = r->m;
    char *file = rd_str(r, o, "file"), *fn = rd_str(r, o, "function");
    int f = file ? seam_model_find_file(m, file) : -1, line = (int)rd_ranged(r, o, "line", INT_MIN, INT_MAX);
    int func = rd_function_index(r, fn, key), hit = -1;
    for (int i = 0; i < m->nsql_sites && hit < 0; i++)
        if (m->sql_sites[i].file == f && m->sql_sites[i].line == line &&
            m->sql_sites[i].function == func)
            hit = i;
    if (hit < 0)
        rd_fail(r, SEAM_EINPUT, "unknown SQL site in", key);
    free(file);
    free(fn);
    return hit;
}

/* ---- the walk -------------------------------------------------------- */

static void rd_record(rd *r, const cJSON *o, const seam_json_record *rec, void *base,
                      const char *where);

/* A string array sharing its count with an earlier one of the record (a foreign key's
 * from_columns and to_columns): both are cut to the shorter, and differing lengths fail. */
static void rd_strv_same_count(rd *r, const cJSON *o, const seam_json_record *rec,
                               const seam_json_field *f, char *base, const char *where)
{
    const seam_json_field *first = rec->fields;
    while (first < f && !(first->kind == SEAM_JSON_STRV && first->aux == f->aux))
        first++;
    int *count = (int *)(base + f->aux), nfirst = *count, nthis = 0;
    char ***v = (char ***)(base + f->offset), **vfirst = *(char ***)(base + first->offset);
    rd_strv(r, o, f->key, v, &nthis);
    *count = nfirst < nthis ? nfirst : nthis;
    /* Free what the shorter count would leave unowned. */
    for (int c = *count; c < nfirst; c++)
        free(vfirst[c]);
    for (int c = *count; c < nthis; c++)
        free((*v)[c]);
    if (nfirst != nthis) {
        char what[160];
        snprintf(what, sizeof what, "%s and %s differ in length in", first->key, f->key);
        const char *name = rec->fields[0].kind == SEAM_JSON_STR
                               ? *(char **)(base + rec->fields[0].offset)
                               : NULL;
        rd_fail(r, SEAM_EINPUT, what, name ? name : where);
    }
}

/* Records of an array; "sorted" ones must ascend strictly by their first field. */
static void rd_records(rd *r, const cJSON *o, const seam_json_field *f, char *base)
{
    const cJSON *a = rd_array(r, o, f->key), *e;
    const seam_json_record *rec = f->record;
    char *v = rd_alloc(r, a, rec->size, (int *)(base + f->aux));
    *(char **)(base + f->offset) = v;
    int i = 0;
    cJSON_ArrayForEach(e, a)
    {
        if (r->rc)
            return;
        rd_record(r, e, rec, v + (size_t)i++ * rec->size, f->key);
    }
    if (!(f->flags & SEAM_JSON_SORTED))
        return;
    size_t key_at = rec->fields[0].offset;
    for (i = 1; i < *(int *)(base + f->aux) && r->rc == 0; i++) {
        const char *prev = *(char **)(v + (size_t)(i - 1) * rec->size + key_at);
        const char *cur = *(char **)(v + (size_t)i * rec->size + key_at);
        if (strcmp(prev, cur) >= 0) {
            char what[160];
            snprintf(what, sizeof what, "%s not sorted by %s at", f->key, rec->fields[0].key);
            rd_fail(r, SEAM_EINPUT, what, cur);
        }
    }
}

/* One field of the record at base; where is the key of the enclosing array, for messages
 * about identifiers that name nothing. */
static void rd_field(rd *r, const cJSON *o, const seam_json_record *rec,
                     const seam_json_field *f, char *base, const char *where)
{
    void *at = base + f->offset;
    if (f->flags & SEAM_JSON_SETS_KNOWN) {
        const cJSON *item = cJSON_GetObjectItemCaseSensitive(o, f->key);
        *(int *)(base + f->aux) = item && !cJSON_IsNull(item);
    }
    switch (f->kind) {
    case SEAM_JSON_STR:
    case SEAM_JSON_BASENAME:
        *(char **)at = rd_str(r, o, f->key);
        if (!*(char **)at && f->text && r->rc == 0 && !(*(char **)at = seam_strdup(f->text)))
            rd_oom(r);
        break;
    case SEAM_JSON_INT:
        *(int *)at = (int)rd_ranged(r, o, f->key, INT_MIN, INT_MAX);
        break;
    case SEAM_JSON_BOOL:
        *(int *)at = rd_bool(r, o, f->key);
        break;
    case SEAM_JSON_LL:
        /* 2^63 is a double; anything below it converts */
        *(long long *)at = (long long)rd_ranged(r, o, f->key, -9223372036854775808.0,
                                                 9223372036854774784.0);
        break;
    case SEAM_JSON_FIXED4:
        *(double *)at = rd_num(r, o, f->key);
        break;
    case SEAM_JSON_DIALECT: {
        char *name = rd_str(r, o, f->key);
        int dialect = name ? seam_dialect_parse(name) : SEAM_DIALECT_NONE;
        if (dialect < 0)
            rd_fail(r, SEAM_EINPUT, "a dialect other than \"sqlite\" or \"postgresql\" in", f->key);
        *(seam_dialect *)at = dialect < 0 ? SEAM_DIALECT_NONE : (seam_dialect)dialect;
        free(name);
        break;
    }
    case SEAM_JSON_SERVICE_KIND: {
        char *name = rd_str(r, o, f->key);
        int kind = name ? seam_service_kind_parse(name) : SEAM_SERVICE_KIND_SERVICE;
        if (kind < 0)
            rd_fail(r, SEAM_EINPUT, "a service kind other than \"service\" or \"shared_library\" in",
                    f->key);
        *(seam_service_kind *)at = kind < 0 ? SEAM_SERVICE_KIND_SERVICE : (seam_service_kind)kind;
        free(name);
        break;
    }
    case SEAM_JSON_ACCESS: {
        char *acc = rd_str(r, o, f->key);
        *(int *)at = access_bits(acc);
        free(acc);
        break;
    }
    case SEAM_JSON_STRV:
        if (f->flags & SEAM_JSON_SAME_COUNT)
            rd_strv_same_count(r, o, rec, f, base, where);
        else
            rd_strv(r, o, f->key, (char ***)at, (int *)(base + f->aux));
        break;
    case SEAM_JSON_FILE:
    case SEAM_JSON_FUNCTION:
    case SEAM_JSON_GLOBAL:
    case SEAM_JSON_TYPE: {
        char *id = rd_str(r, o, f->key);
        *(int *)at = rd_ref_index(r, f->kind, id, where);
        free(id);
        break;
    }
    case SEAM_JSON_FUNCTIONS:
    case SEAM_JSON_SITES: {
        const cJSON *a = rd_array(r, o, f->key), *e;
        int *v = rd_alloc(r, a, sizeof *v, (int *)(base + f->aux)), i = 0;
        *(int **)at = v;
        cJSON_ArrayForEach(e, a)
        {
            if (f->kind == SEAM_JSON_SITES) {
                v[i++] = rd_site_index(r, e, where);
            } else if (!cJSON_IsString(e)) {
                rd_fail(r, SEAM_EINPUT, "expected function ids in", f->key);
                return;
            } else {
                v[i++] = rd_function_index(r, e->valuestring, f->key);
            }
        }
        break;
    }
    case SEAM_JSON_ARRAY:
        rd_records(r, o, f, base);
        break;
    case SEAM_JSON_OBJECT: {
        const cJSON *obj = rd_object(r, o, f->key);
        if (obj)
            rd_record(r, obj, f->record, at, where);
        break;
    }
    case SEAM_JSON_CONST:
        break;
    case SEAM_JSON_TAGGED: {
        int tagged = cJSON_GetObjectItemCaseSensitive(o, f->key) != NULL;
        *(int *)(base + f->aux) = tagged;
        *(char **)at = rd_str(r, o, tagged ? f->key : f->text);
        break;
    }
    }
}

static void rd_record(rd *r, const cJSON *o, const seam_json_record *rec, void *base,
                      const char *where)
{
    for (int i = 0; i < rec->nfields && r->rc == 0; i++)
        rd_field(r, o, rec, &rec->fields[i], base, where);
    /* Required keys are checked last, so that a record's other errors come first. */
    for (int i = 0; i < rec->nfields && r->rc == 0; i++) {
        const seam_json_field *f = &rec->fields[i];
        if ((f->flags & SEAM_JSON_REQUIRED) && !*(char **)((char *)base + f->offset)) {
            char what[160];
            snprintf(what, sizeof what, "a %s without", rec->name);
            rd_fail(r, SEAM_EINPUT, what, f->key);
        }
    }
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

int seam_model_json_read(const char *path, size_t max_input, seam_model *model, seam_err *err)
{
    seam_model_init(model);
    rd r = {.path = path, .err = err, .m = model};
    cJSON *root = rd_parse_file(&r, max_input);
    if (!root)
        return r.rc;
    rd_record(&r, root, &seam_model_json_fields_model, model, "model");
    cJSON_Delete(root);
    free(r.fn_by_usr);
    if (r.rc)
        seam_model_free(model);
    return r.rc;
}

int seam_model_json_read_schema(const char *path, size_t max_input, seam_schema *schema,
                                seam_err *err)
{
    memset(schema, 0, sizeof *schema);
    rd r = {.path = path, .err = err};
    cJSON *root = rd_parse_file(&r, max_input);
    if (!root)
        return r.rc;
    /* A schema.json is the schema object itself; a model.json holds one. */
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, "schema");
    rd_record(&r, obj && cJSON_IsObject(obj) ? obj : root, &seam_model_json_fields_schema, schema,
              "schema");
    cJSON_Delete(root);
    if (r.rc)
        seam_schema_free(schema);
    return r.rc;
}
