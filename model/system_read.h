/*
 * system_read.h - the database's own objects (pg_catalog.*, information_schema.*,
 * sqlite_*) told apart from application tables and listed as model->system_reads.
 */
#ifndef SEAM_SYSTEM_READ_H
#define SEAM_SYSTEM_READ_H

#include "model.h"

/*
 * Sets *out to the one spelling of table when it names a system object, else to NULL.
 * A system object is a name whose schema part is pg_catalog or information_schema, an
 * unqualified pg_* name the schema does not hold as a table, or a sqlite_* table (in any
 * attached database). pg_class folds to "pg_catalog.pg_class", main.sqlite_schema to
 * "sqlite_master". *out is malloc'd. Returns 0, or SEAM_ENOMEM.
 */
int seam_system_read_name(const char *table, const seam_schema *schema, char **out);

/*
 * Moves every system object out of the SQL sites' table and column references into
 * m->system_reads (sorted by name, one record per object, its sites ascending), keeping
 * the reads already listed there. Idempotent. Returns 0, or SEAM_ENOMEM (err set).
 */
int seam_system_read_fold(seam_model *m, seam_err *err);

#endif
