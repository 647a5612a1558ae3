/*
 * model_json_internal.h - the description of model.json that its writer and
 * its reader share.
 *
 * Each record of the model (a file, a table, a service, ...) is described
 * once, as a table of fields in model_json_fields.c: the JSON key, what kind
 * of value it is, where it lives in the C struct, and the few rules that are
 * not plain (a value written only when known, a required key, a sorted
 * array). model_json_write.c walks the tables to build the document,
 * model_json_read.c walks the same tables to fill a model back, so the two
 * directions cannot drift apart: a key added to a table is written and read.
 *
 * Keys are written in table order, which is docs/model.md's order.
 */
#ifndef SEAM_MODEL_JSON_INTERNAL_H
#define SEAM_MODEL_JSON_INTERNAL_H

#include <stddef.h>

#include "model.h"

typedef enum seam_json_kind {
    SEAM_JSON_STR,       /* char *: a string, or null */
    SEAM_JSON_INT,       /* int: a number */
    SEAM_JSON_BOOL,      /* int: true or false */
    SEAM_JSON_LL,        /* long long: an integer, printed exactly (no exponent) */
    SEAM_JSON_FIXED4,    /* double: a number with exactly four decimals, or null */
    SEAM_JSON_ACCESS,    /* int seam_access bits: "read", "write", "read_write" or "none" */
    SEAM_JSON_SERVICE_KIND, /* seam_service_kind: "service" (also when the key is absent)
                               or "shared_library" */
    SEAM_JSON_DIALECT,      /* seam_dialect: "sqlite", "postgresql", or null for none */
    SEAM_JSON_STRV,      /* char ** with the int count at aux: an array of strings */
    SEAM_JSON_FILE,      /* int index into model->files: the file's path */
    SEAM_JSON_FUNCTION,  /* int index into model->functions: the function's id (USR) */
    SEAM_JSON_GLOBAL,    /* int index into model->globals: the global's id */
    SEAM_JSON_TYPE,      /* int index into model->types: the type's id */
    SEAM_JSON_FUNCTIONS, /* int * of function indices, count at aux: an array of ids */
    SEAM_JSON_SITES,     /* int * of SQL site indices, count at aux: objects {file, line,
                            function} naming each site */
    SEAM_JSON_ARRAY,     /* a pointer to records, count at aux: an array of objects */
    SEAM_JSON_OBJECT,    /* a record embedded at offset (0: the fields of this very
                            struct, grouped under key): an object */
    SEAM_JSON_CONST,     /* nothing in the struct: the string text, written only */
    SEAM_JSON_BASENAME,  /* char * path: written as its last component, read as is */
    SEAM_JSON_TAGGED,    /* char * under key when the int flag at aux is set, else
                            under text; read back setting the flag by the key present */
} seam_json_kind;

/* Field flags. */
enum {
    /* aux is the offset of an int saying whether the value is known: written as null
     * when it is 0; read back as 1 when the key holds a value (SEAM_JSON_LL, _OBJECT). */
    SEAM_JSON_KNOWN_AT_AUX = 1 << 0,
    /* With KNOWN_AT_AUX: reading this key sets the flag (one key of several sharing it). */
    SEAM_JSON_SETS_KNOWN = 1 << 1,
    /* Reading: a record without this key (or with null) is an error. */
    SEAM_JSON_REQUIRED = 1 << 2,
    /* SEAM_JSON_ARRAY, reading: the records must ascend strictly by their first field (a
     * string), since lookups binary-search them. */
    SEAM_JSON_SORTED = 1 << 3,
    /* SEAM_JSON_STRV whose count is the previous field's (a foreign key's two column lists):
     * reading checks both arrays have the same length. */
    SEAM_JSON_SAME_COUNT = 1 << 4,
};

typedef struct seam_json_record seam_json_record;

typedef struct seam_json_field {
    const char *key;
    seam_json_kind kind;
    size_t offset;                  /* of the value within the record's struct */
    size_t aux;                     /* of its int count, or of its int "known" flag */
    const seam_json_record *record; /* the records of SEAM_JSON_ARRAY and _OBJECT */
    unsigned flags;
    const char *text; /* _CONST: the value; _TAGGED: the other key; _STR: the value
                         read when the key is absent */
    int (*when)(const void *rec); /* when set: written only if it returns nonzero */
} seam_json_field;

struct seam_json_record {
    const char *name; /* for messages: "a file without \"path\"" */
    size_t size;      /* sizeof the struct one record fills */
    const seam_json_field *fields;
    int nfields;
};

/* The whole document, fields relative to seam_model, and the schema alone (schema.json,
 * and model.json's "schema"), fields relative to seam_schema. */
extern const seam_json_record seam_model_json_fields_model;
extern const seam_json_record seam_model_json_fields_schema;

#endif
