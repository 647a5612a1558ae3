/*
 * model_json.h - the model's JSON form: model.json, and schema.json (the
 * schema alone), written and read back (docs/model.md).
 *
 * model.json's contract is docs/model.md: keys are only ever added, never
 * changed or removed. Output is deterministic: the same model gives the same
 * bytes (no timestamps, arrays in the model's order, fixed number formatting,
 * and no absolute path: SRC appears only as its last component,
 * source.name). Strings are made valid UTF-8 (bad bytes become U+FFFD).
 * Files are written through seam_file_write (util/file.h): a failed write
 * never leaves a half-written file behind.
 */
#ifndef SEAM_MODEL_JSON_H
#define SEAM_MODEL_JSON_H

#include <stddef.h>

#include "model.h"

/* Writes model.json to path. Returns 0, or SEAM_EIO / SEAM_ENOMEM with err naming path. */
int seam_model_json_write(const seam_model *model, const char *path, seam_err *err);

/*
 * Writes the schema alone (what `seam inspect-db` produces): the same object,
 * keys and order as model.json's "schema" (docs/model.md), as the document's
 * root. Returns 0, or SEAM_EIO / SEAM_ENOMEM with err naming path.
 */
int seam_model_json_write_schema(const seam_schema *schema, const char *path, seam_err *err);

/* The same document as a malloc'd string ending in a newline (caller frees); NULL on OOM. */
char *seam_model_json_write_schema_text(const seam_schema *schema);

/*
 * Reads a model.json (or a code.json: any subset of its keys) written by
 * seam_model_json_write into *model, which is initialised first; the caller
 * frees it with seam_model_free. Absent keys leave their part empty; a key of
 * the wrong type, an unknown file path or function id, or invalid JSON is an
 * error naming path (and the key, or the line for invalid JSON): SEAM_EIO
 * when the file cannot be read or is not a regular file of at most max_input
 * bytes (0: SEAM_FILE_MAX_DEFAULT of util/file.h), SEAM_EINPUT when it is not
 * a seam model. On error *model is left empty. model->src_root is set to
 * source.name, the only part of SRC the file holds.
 */
int seam_model_json_read(const char *path, size_t max_input, seam_model *model, seam_err *err);

/*
 * Reads a schema.json (from seam_model_json_write_schema) or the "schema"
 * object of a model.json into *schema (zeroed first; free with
 * seam_schema_free). Errors as seam_model_json_read.
 */
int seam_model_json_read_schema(const char *path, size_t max_input, seam_schema *schema,
                                seam_err *err);

#endif
