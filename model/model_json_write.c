/*
 * model_json_write.c - a seam_model as model.json, a schema as schema.json
 * (docs/model.md), by walking the descriptions of model_json_fields.c.
 *
 * Every string goes through the UTF-8 sanitiser first: SQL literals or file
 * names may hold any bytes, and readers (cJSON among them) expect UTF-8.
 * Fractions are raw numbers with four decimals and 64-bit counts raw
 * integers, so no digit depends on libm or on how a library prints doubles.
 */
#include "model_json.h"
#include "model_json_internal.h"

#include "file.h"
#include "format.h"
#include "utf8.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The writer emits text as it walks, in the layout cJSON_Print gives (so the
 * bytes are those of a tree printed once): an object's members one per line,
 * indented by tabs, "key":<TAB>value; an array's elements on one line,
 * separated by ", "; strings escaped as cJSON escapes them. No tree: a
 * model of a million facts costs its text, not a node per value.
 *
 * Writer state: once oom is set every helper is a no-op, so the walk reads
 * straight through and the check happens once at the end.
 */
typedef struct jw {
    const seam_model *m; /* for identifiers of indices (NULL for a schema alone) */
    char *text;
    size_t len, cap;
    int depth; /* of the value being written, as cJSON counts it */
    int oom;
} jw;

static void emit(jw *w, const char *s, size_t n)
{
    if (w->oom)
        return;
    if (w->len + n + 1 > w->cap) {
        size_t cap = w->cap ? w->cap : 1 << 16;
        while (w->len + n + 1 > cap)
            cap *= 2;
        char *t = realloc(w->text, cap);
        if (!t) {
            w->oom = 1;
            return;
        }
        w->text = t;
        w->cap = cap;
    }
    memcpy(w->text + w->len, s, n);
    w->len += n;
    w->text[w->len] = '\0';
}

static void emit_str(jw *w, const char *s)
{
    emit(w, s, strlen(s));
}

static void emit_tabs(jw *w, int n)
{
    for (int i = 0; i < n; i++)
        emit(w, "\t", 1);
}

/* A quoted string, escaped as cJSON prints one. */
static void emit_quoted(jw *w, const char *s)
{
    emit(w, "\"", 1);
    const char *run = s;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        char esc[8];
        const char *e = NULL;
        switch (*p) {
        case '"':
            e = "\\\"";
            break;
        case '\\':
            e = "\\\\";
            break;
        case '\b':
            e = "\\b";
            break;
        case '\f':
            e = "\\f";
            break;
        case '\n':
            e = "\\n";
            break;
        case '\r':
            e = "\\r";
            break;
        case '\t':
            e = "\\t";
            break;
        default:
            if (*p < 32) {
                snprintf(esc, sizeof esc, "\\u%04x", *p);
                e = esc;
            }
        }
        if (e) {
            emit(w, run, (size_t)((const char *)p - run));
            emit_str(w, e);
            run = (const char *)p + 1;
        }
    }
    emit_str(w, run);
    emit(w, "\"", 1);
}

/*
 * Containers. A value is written after its opening: key_open for an object's
 * member, item_open for an array's element; first says whether a separator
 * goes before it.
 */
static void object_begin(jw *w)
{
    emit(w, "{\n", 2);
    w->depth++;
}

static void object_end(jw *w, int any)
{
    if (any)
        emit(w, "\n", 1);
    emit_tabs(w, w->depth - 1);
    emit(w, "}", 1);
    w->depth--;
}

static void key_open(jw *w, const char *key, int first)
{
    if (!first)
        emit(w, ",\n", 2);
    emit_tabs(w, w->depth);
    emit_quoted(w, key);
    emit(w, ":\t", 2);
}

static void array_begin(jw *w)
{
    emit(w, "[", 1);
    w->depth++;
}

static void array_end(jw *w)
{
    emit(w, "]", 1);
    w->depth--;
}

static void item_open(jw *w, int first)
{
    if (!first)
        emit(w, ", ", 2);
}

/* A string made valid UTF-8, or null. */
static void emit_string(jw *w, const char *s)
{
    if (w->oom)
        return;
    if (!s) {
        emit(w, "null", 4);
        return;
    }
    char *clean = seam_utf8_sanitize(s);
    if (!clean) {
        w->oom = 1;
        return;
    }
    emit_quoted(w, clean);
    free(clean);
}

static void emit_int(jw *w, int v)
{
    char num[16];
    snprintf(num, sizeof num, "%d", v);
    emit_str(w, num);
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
    return id_of(m->functions, m->nfunctions, sizeof *m->functions, offsetof(seam_function, usr),
                 i);
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

static void write_record(jw *w, const seam_json_record *rec, const void *base);

/* An SQL site by what identifies it to a reader: {file, line, function}. */
static void write_site(jw *w, int si)
{
    const seam_model *m = w->m;
    const seam_sql_site *site = si >= 0 && si < m->nsql_sites ? &m->sql_sites[si] : NULL;
    object_begin(w);
    key_open(w, "file", 1);
    emit_string(w, site ? file_path(m, site->file) : NULL);
    key_open(w, "line", 0);
    emit_int(w, site ? site->line : 0);
    key_open(w, "function", 0);
    emit_string(w, site ? function_id(m, site->function) : NULL);
    object_end(w, 1);
}

/* The value of field f of the record at base. */
static void write_value(jw *w, const seam_json_field *f, const char *base)
{
    const void *at = base + f->offset;
    int n = f->aux ? *(const int *)(base + f->aux) : 0;
    char num[32];
    if ((f->flags & SEAM_JSON_KNOWN_AT_AUX) && n == 0) {
        emit(w, "null", 4);
        return;
    }
    switch (f->kind) {
    case SEAM_JSON_STR:
    case SEAM_JSON_TAGGED:
        emit_string(w, *(char *const *)at);
        break;
    case SEAM_JSON_INT:
        emit_int(w, *(const int *)at);
        break;
    case SEAM_JSON_BOOL:
        emit_str(w, *(const int *)at != 0 ? "true" : "false");
        break;
    /* Fractions with four decimals and 64-bit counts as written here, so that no digit
     * depends on libm or on how a library prints doubles. */
    case SEAM_JSON_LL:
        snprintf(num, sizeof num, "%lld", *(const long long *)at);
        emit_str(w, num);
        break;
    case SEAM_JSON_FIXED4:
        seam_format_fixed4(*(const double *)at, num);
        emit_str(w, num);
        break;
    case SEAM_JSON_ACCESS:
        emit_string(w, access_name(*(const int *)at));
        break;
    case SEAM_JSON_DIALECT:
        emit_string(w, seam_dialect_name(*(const seam_dialect *)at));
        break;
    case SEAM_JSON_SERVICE_KIND:
        emit_string(w, seam_service_kind_name(*(const seam_service_kind *)at));
        break;
    case SEAM_JSON_STRV: {
        char *const *v = *(char **const *)at;
        array_begin(w);
        for (int i = 0; i < n && !w->oom; i++) {
            item_open(w, i == 0);
            emit_string(w, v[i]);
        }
        array_end(w);
        break;
    }
    case SEAM_JSON_FILE:
    case SEAM_JSON_FUNCTION:
    case SEAM_JSON_GLOBAL:
    case SEAM_JSON_TYPE:
        emit_string(w, ref_id(w->m, f->kind, *(const int *)at));
        break;
    case SEAM_JSON_FUNCTIONS: {
        const int *v = *(int *const *)at;
        array_begin(w);
        for (int i = 0; i < n && !w->oom; i++) {
            item_open(w, i == 0);
            emit_string(w, function_id(w->m, v[i]));
        }
        array_end(w);
        break;
    }
    case SEAM_JSON_SITES: {
        const int *v = *(int *const *)at;
        array_begin(w);
        for (int i = 0; i < n && !w->oom; i++) {
            item_open(w, i == 0);
            write_site(w, v[i]);
        }
        array_end(w);
        break;
    }
    case SEAM_JSON_ARRAY: {
        const char *v = *(char *const *)at;
        array_begin(w);
        for (int i = 0; i < n && !w->oom; i++) {
            item_open(w, i == 0);
            write_record(w, f->record, v + (size_t)i * f->record->size);
        }
        array_end(w);
        break;
    }
    case SEAM_JSON_OBJECT:
        write_record(w, f->record, at);
        break;
    case SEAM_JSON_CONST:
        emit_string(w, f->text);
        break;
    case SEAM_JSON_BASENAME: {
        const char *path = *(char *const *)at;
        char *name = seam_format_basename(path);
        if (path && !name)
            w->oom = 1;
        emit_string(w, name);
        free(name);
        break;
    }
    }
}

/* The record at base as an object of its fields. */
static void write_record(jw *w, const seam_json_record *rec, const void *base)
{
    int any = 0;
    object_begin(w);
    for (int i = 0; i < rec->nfields && !w->oom; i++) {
        const seam_json_field *f = &rec->fields[i];
        if (f->when && !f->when(base))
            continue;
        /* A tagged field is keyed by its tag's presence: key with a count, text without. */
        const char *key = f->key;
        if (f->kind == SEAM_JSON_TAGGED &&
            !(f->aux ? *(const int *)((const char *)base + f->aux) : 0))
            key = f->text;
        key_open(w, key, !any);
        any = 1;
        write_value(w, f, base);
    }
    object_end(w, any);
}

/* The document for base as a malloc'd string ending in a newline; NULL on OOM. */
static char *document_text(const seam_json_record *rec, const void *base, const seam_model *m)
{
    jw w = {.m = m};
    write_record(&w, rec, base);
    /* Text files end with a newline. */
    emit(&w, "\n", 1);
    if (w.oom) {
        free(w.text);
        return NULL;
    }
    return w.text;
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
    return write_document(document_text(&seam_model_json_fields_model, model, model), path, err);
}

int seam_model_json_write_schema(const seam_schema *schema, const char *path, seam_err *err)
{
    return write_document(seam_model_json_write_schema_text(schema), path, err);
}

char *seam_model_json_write_schema_text(const seam_schema *schema)
{
    return document_text(&seam_model_json_fields_schema, schema, NULL);
}
