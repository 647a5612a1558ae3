/*
 * report.h - writing the model for machines (model.json) and people (report.html).
 *
 * model.json and schema.json are the model's JSON form, written by
 * model/model_json.h (which also reads them back); the functions here are
 * that writer under the report stage's names. Their contract is
 * docs/model.md.
 *
 * report.html is self-contained (inline CSS, no script or font from the
 * network) and escapes every string that came from the analyzed code or the
 * database, so hostile names cannot inject markup.
 *
 * Files are written through seam_file_write (util/file.h): a temporary
 * beside the target renamed into place, so a failed write never leaves a
 * half-written file behind.
 */
#ifndef SEAM_REPORT_H
#define SEAM_REPORT_H

#include "seam_check.h"
#include "model.h"
#include "model_json.h"

/* Writes model.json to path. Returns 0, or SEAM_EIO / SEAM_ENOMEM with err naming path. */
int report_write_json(const seam_model *model, const char *path, seam_err *err);

/*
 * Writes the schema alone (what `seam inspect-db` produces): the same object,
 * keys and order as model.json's "schema" (docs/model.md), as the document's
 * root. Returns 0, or SEAM_EIO / SEAM_ENOMEM with err naming path.
 */
int report_write_schema_json(const seam_schema *schema, const char *path, seam_err *err);

/* The same document as a malloc'd string ending in a newline (caller frees); NULL on OOM. */
char *report_schema_json_text(const seam_schema *schema);

/* Writes report.html to path. Returns 0, or SEAM_EIO / SEAM_ENOMEM with err naming path. */
int report_write_html(const seam_model *model, const char *path, seam_err *err);

/*
 * Writes the service map as a Graphviz graph (services.dot): a node per
 * service with its tables, edges weighted by calls, SQL on the other's tables
 * and foreign keys, cycles in red, shared libraries apart. Render it with
 * `dot -Tsvg services.dot`. Returns 0, or SEAM_EIO / SEAM_ENOMEM with err naming path.
 */
int report_write_dot(const seam_model *model, const char *path, seam_err *err);

/*
 * seam check's violations of r (from model m) as SARIF 2.1.0 at path: a rule per kind
 * ("seam/call", "seam/sql_read", ...), a result per violation with its file and line,
 * level "error" for a new one and "note" for one the baseline accepts.
 */
int report_write_sarif(const seam_model *m, const check_result *r, const char *path,
                       seam_err *err);

#endif
