/*
 * inspect_internal.h - what the inspector's files share; not a public API.
 *
 * The dialect readers (inspect_sqlite.c, inspect_pg.c) append raw facts to a
 * seam_schema with the helpers of inspect_schema.c; inspector.c then calls
 * inspect_schema_finish() once to put everything in model.h's order.
 */
#ifndef SEAM_INSPECT_INTERNAL_H
#define SEAM_INSPECT_INTERNAL_H

#include "model.h"

/*
 * Read the tables and foreign keys of one dialect into s (dialect and source
 * are set by the caller). shown is db as it may appear in messages (redacted).
 */
int inspect_sqlite_read(const char *path, const char *shown, seam_schema *s, seam_err *err);
int inspect_pg_read(const char *conninfo, const char *shown, seam_schema *s, seam_err *err);

/* Appends a table with no columns; NULL on allocation failure. */
seam_table *inspect_table_add(seam_schema *s, const char *name);

/* Appends a column to t. 0 or SEAM_ENOMEM. */
int inspect_column_add(seam_table *t, const char *name, const char *type, int not_null);

/* Appends a copy of str to the string vector *v of *n entries. 0 or SEAM_ENOMEM. */
int inspect_strv_push(char ***v, int *n, const char *str);

/* Appends a foreign key with no columns; name may be NULL (named by finish). */
seam_foreign_key *inspect_fk_add(seam_schema *s, const char *name, const char *from_table,
                                 const char *to_table);

/* Appends one (from, to) column pair to fk. 0 or SEAM_ENOMEM. */
int inspect_fk_add_column(seam_foreign_key *fk, const char *from_col, const char *to_col);

/* Sorts tables by name (strcmp). Called before lookups with inspect_table_find. */
void inspect_tables_sort(seam_schema *s);

/* Index of the table named exactly name in sorted s->tables, or -1. */
int inspect_table_find(const seam_schema *s, const char *name);

/*
 * Puts s in model.h's order: tables by name; foreign keys with the same
 * from_table, columns and to_table merged (the smallest name kept), unnamed
 * ones named "<from_table>_<from_cols>_fkey" (a number appended when taken),
 * then sorted by (from_table, name). 0 or SEAM_ENOMEM.
 */
int inspect_schema_finish(seam_schema *s);

#endif
