/*
 * model_json_write.c - a seam_model as model.json, a schema as schema.json
 * (docs/model.md), by walking the descriptions of model_json_fields.c.
 *
 * The document is built as a cJSON tree and printed once. Every string goes
 * through the UTF-8 sanitiser first: cJSON does not validate, and SQL
 * literals or file names may hold any bytes. Fractions are raw numbers with
 * four decimals and 64-bit counts raw integers, so no digit depends on libm
 * or on how cJSON prints doubles.
 */
#include "model_json.h"
#include "model_json_internal.h"

#include "file.h"
#include "format.h"
#include "utf8.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Builder state: once oom is set every helper is a no-op, so the walk
 * reads straight through and the check happens once at the end. */
typedef struct jw {
    const seam_model *m; /* for identifiers of indices (NULL for a schema alone) */
    int oom;
} jw;

/* Adds item under key (or to an array when key is NULL); frees it on failure. */
static void put(jw *w, cJSON *parent, const char *key, cJSON *item)
{
    if (!item) {
        w->oom = 1;
        return;
    }
    cJSON_bool ok =
        key ? cJSON_AddItemToObject(parent, key, item) : cJSON_AddItemToArray(parent, item);
    if (!ok) {
        cJSON_Delete(item);
        w->oom = 1;
    }
}

/* A string made valid UTF-8, or null. */
static cJSON *json_str(jw *w, const char *s)
{
    if (w->oom)
        return NULL;
    if (!s)
        return cJSON_CreateNull();
    char *clean = seam_utf8_sanitize(s);
    if (!clean)
        return NULL;
    cJSON *item = cJSON_CreateString(clean);
    free(clean);
    return item;
}

/* Adds an empty object or array under key and returns it (NULL on failure). */
static cJSON *put_new(jw *w, cJSON *parent, const char *key, int array)
{
    if (w->oom)
        return NULL;
    cJSON *item = array ? cJSON_CreateArray() : cJSON_CreateObject();
    put(w, parent, key, item);
    return w->oom ? NULL : item;
}

/* A number printed as text: cJSON would print a double with %1.15g/%1.17g (digits that
 * differ across libm versions) and a 64-bit count in exponent form past 1e15. */
static cJSON *json_raw(jw *w, const char *text)
{
    return w->oom ? NULL : cJSON_CreateRaw(text);
}

static const char *access_name(int access)
{
    int r = (access & SEAM_READ) != 0, wr = (access & SEAM_WRITE) != 0;
    return r && wr ? "read_write" : wr ? "write" : r ? "read" : "none";
}

/* The identifier of element i of an array of n records whose char * id is at offset; NULL
 * (written as null) when i is out of range. */
static const char *id_of(const void *arr, int n, size_t elem, size_t offset, int i)
{
    if (i < 0 || i >= n)
        return NULL;
    return *(char *const *)((const char *)arr + (size_t)i * elem + offset);
}

static const char *file_path(const seam_model *m, int i)
{
    return id_of(m->files, m->nfiles, sizeof *m->files, offsetof(seam_file, path), i);
}

static const char *function_id(const seam_model *m, int i)
{
    return id_of(m->functions, m->nfunctions, sizeof *m->functions,
                 offsetof(seam_function, usr), i);
}

/* The identifier an index field refers to. */
static const char *ref_id(const seam_model *m, seam_json_kind kind, int i)
{
    switch (kind) {
    case SEAM_JSON_FILE:
        return file_path(m, i);
    case SEAM_JSON_FUNCTION:
        return function_id(m, i);
    case SEAM_JSON_GLOBAL:
        return id_of(m->globals, m->nglobals, sizeof *m->globals, offsetof(seam_global, usr), i);
    default:
        return id_of(m->types, m->ntypes, sizeof *m->types, offsetof(seam_type, usr), i);
    }
}

static void write_record(jw *w, cJSON *obj, const seam_json_record *rec, const void *base);

/* An SQL site by what identifies it to a reader: {file, line, function}. */
static void write_site(jw *w, cJSON *arr, int si)
{
    const seam_model *m = w->m;
    const seam_sql_site *site = si >= 0 && si < m->nsql_sites ? &m->sql_sites[si] : NULL;
    cJSON *o = put_new(w, arr, NULL, 0);
    put(w, o, "file", json_str(w, site ? file_path(m, site->file) : NULL));
    put(w, o, "line", w->oom ? NULL : cJSON_CreateNumber(site ? site->line : 0));
    put(w, o, "function", json_str(w, site ? function_id(m, site->function) : NULL));
}

static void write_field(jw *w, cJSON *obj, const seam_json_field *f, const char *base)
{
    const void *at = base + f->offset;
    int n = f->aux ? *(const int *)(base + f->aux) : 0;
    char num[32];
    if ((f->flags & SEAM_JSON_KNOWN_AT_AUX) && n == 0) {
        put(w, obj, f->key, w->oom ? NULL : cJSON_CreateNull());
        return;
    }
    switch (f->kind) {
    case SEAM_JSON_STR:
        put(w, obj, f->key, json_str(w, *(char *const *)at));
        break;
    case SEAM_JSON_INT:
        /* cJSON prints a number whose double value equals its int as "%d". */
        put(w, obj, f->key, w->oom ? NULL : cJSON_CreateNumber(*(const int *)at));
        break;
    case SEAM_JSON_BOOL:
        put(w, obj, f->key, w->oom ? NULL : cJSON_CreateBool(*(const int *)at != 0));
        break;
    case SEAM_JSON_LL:
        snprintf(num, sizeof num, "%lld", *(const long long *)at);
        put(w, obj, f->key, json_raw(w, num));
        break;
    case SEAM_JSON_FIXED4:
        seam_format_fixed4(*(const double *)at, num);
        put(w, obj, f->key, json_raw(w, num));
        break;
    case SEAM_JSON_ACCESS:
        put(w, obj, f->key, json_str(w, access_name(*(const int *)at)));
        break;
    case SEAM_JSON_DIALECT:
        put(w, obj, f->key, json_str(w, seam_dialect_name(*(const seam_dialect *)at)));
        break;
    case SEAM_JSON_SERVICE_KIND:
        put(w, obj, f->key,
            json_str(w, seam_service_kind_name(*(const seam_service_kind *)at)));
        break;
    case SEAM_JSON_STRV: {
        cJSON *arr = put_new(w, obj, f->key, 1);
        char *const *v = *(char **const *)at;
        for (int i = 0; i < n && !w->oom; i++)
            put(w, arr, NULL, json_str(w, v[i]));
        break;
    }
    case SEAM_JSON_FILE:
    case SEAM_JSON_FUNCTION:
    case SEAM_JSON_GLOBAL:
    case SEAM_JSON_TYPE:
        put(w, obj, f->key, json_str(w, ref_id(w->m, f->kind, *(const int *)at)));
        break;
    case SEAM_JSON_FUNCTIONS: {
        cJSON *arr = put_new(w, obj, f->key, 1);
        const int *v = *(int *const *)at;
        for (int i = 0; i < n && !w->oom; i++)
            put(w, arr, NULL, json_str(w, function_id(w->m, v[i])));
        break;
    }
    case SEAM_JSON_SITES: {
        cJSON *arr = put_new(w, obj, f->key, 1);
        const int *v = *(int *const *)at;
        for (int i = 0; i < n && !w->oom; i++)
            write_site(w, arr, v[i]);
        break;
    }
    case SEAM_JSON_ARRAY: {
        cJSON *arr = put_new(w, obj, f->key, 1);
        const char *v = *(char *const *)at;
        for (int i = 0; i < n && !w->oom; i++)
            write_record(w, put_new(w, arr, NULL, 0), f->record, v + (size_t)i * f->record->size);
        break;
    }
    case SEAM_JSON_OBJECT:
        write_record(w, put_new(w, obj, f->key, 0), f->record, at);
        break;
    case SEAM_JSON_CONST:
        put(w, obj, f->key, json_str(w, f->text));
        break;
    case SEAM_JSON_BASENAME: {
        const char *path = *(char *const *)at;
        char *name = seam_format_basename(path);
        if (path && !name)
            w->oom = 1;
        put(w, obj, f->key, json_str(w, name));
        free(name);
        break;
    }
    case SEAM_JSON_TAGGED:
        put(w, obj, n ? f->key : f->text, json_str(w, *(char *const *)at));
        break;
    }
}

static void write_record(jw *w, cJSON *obj, const seam_json_record *rec, const void *base)
{
    for (int i = 0; i < rec->nfields && !w->oom; i++) {
        const seam_json_field *f = &rec->fields[i];
        if (!f->when || f->when(base))
            write_field(w, obj, f, base);
    }
}

/* The document for base as a malloc'd string ending in a newline; NULL on OOM. */
static char *document_text(const seam_json_record *rec, const void *base, const seam_model *m)
{
    jw w = {.m = m, .oom = 0};
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    write_record(&w, root, rec, base);
    char *text = w.oom ? NULL : cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return NULL;
    /* cJSON_Print ends without a newline; text files should end with one. */
    size_t len = strlen(text);
    char *out = malloc(len + 2);
    if (out) {
        memcpy(out, text, len);
        memcpy(out + len, "\n", 2);
    }
    cJSON_free(text);
    return out;
}

static int write_document(char *text, const char *path, seam_err *err)
{
    if (!text)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory building '%s'", path);
    int rc = seam_file_write(path, text, strlen(text), err);
    free(text);
    return rc;
}

int seam_model_json_write(const seam_model *model, const char *path, seam_err *err)
{
    return write_document(document_text(&seam_model_json_fields_model, model, model), path,
                          err);
}

int seam_model_json_write_schema(const seam_schema *schema, const char *path, seam_err *err)
{
    return write_document(seam_model_json_write_schema_text(schema), path, err);
}

char *seam_model_json_write_schema_text(const seam_schema *schema)
{
    return document_text(&seam_model_json_fields_schema, schema, NULL);
}
