/*
 * inspect_pgparse.c - which tables a piece of SQL, a view's parse tree or a
 * function body touches: the inspector's side of sql/, which owns the one
 * libpg_query walk seam has (sql_pg_text_tables, sql_pg_tree_tables,
 * sql_body_tables). Here the answers are appended to the inspector's raw
 * reference lists; a name is only kept later if it resolves to a table of
 * the schema (inspect_schema_finish.c). Also seam's name for schema.rel and the
 * line of an offset, which the DDL readers share.
 */
#include "inspect_internal.h"

#include <stdlib.h>
#include <string.h>

#include "sql.h"

char *inspect_seam_name(const char *schema, const char *rel)
{
    if (!rel)
        return NULL;
    if (!schema || !*schema || strcmp(schema, "public") == 0)
        return seam_strdup(rel);
    return seam_printf("%s.%s", schema, rel);
}

int inspect_line_of(const char *text, long off)
{
    int line = 1;
    for (long i = 0; text[i] && i < off; i++)
        line += text[i] == '\n';
    return line;
}

/* Appends sql/'s answer (rc, found, nfound) to *refs and frees it. */
static int append_found(int rc, seam_table_ref *found, int nfound, seam_table_ref **refs, int *n)
{
    for (int i = 0; rc == SEAM_OK && i < nfound; i++)
        rc = inspect_schema_ref_add(refs, n, found[i].table, found[i].access);
    inspect_schema_refs_free(found, nfound);
    return rc;
}

int inspect_json_refs(const void *node, seam_table_ref **refs, int *n)
{
    seam_table_ref *found = NULL;
    int nfound = 0;
    seam_err err;
    int rc = sql_pg_tree_tables(node, &found, &nfound, &err);
    return append_found(rc, found, nfound, refs, n);
}

int inspect_sql_refs(const char *sql, seam_table_ref **refs, int *n)
{
    seam_table_ref *found = NULL;
    int nfound = 0;
    seam_err err;
    int rc = sql_pg_text_tables(sql, &found, &nfound, &err);
    return append_found(rc, found, nfound, refs, n);
}

int inspect_body_refs(const char *language, const char *body, seam_table_ref **refs, int *n)
{
    seam_table_ref *found = NULL;
    int nfound = 0;
    seam_err err;
    int rc = sql_body_tables(language, body, &found, &nfound, &err);
    return append_found(rc, found, nfound, refs, n);
}
