/*
 * inspect_ddl_postgres.c - a schema from PostgreSQL DDL: the file is parsed with
 * libpg_query (PostgreSQL's own grammar) and its statements applied in
 * order, as a server would, to an initially empty database: CREATE
 * SCHEMA/TABLE/INDEX/VIEW/MATERIALIZED VIEW/SEQUENCE/FUNCTION/TRIGGER,
 * ALTER TABLE (columns, constraints, defaults, identity, partitions,
 * triggers), ALTER SEQUENCE OWNED BY, COMMENT ON, DROP, RENAME and SET
 * search_path. pg_dump -s output and migration scripts read alike.
 * Statements that define nothing seam reads (SET, GRANT, INSERT, CREATE
 * TYPE, ...) are passed over.
 */
#include "inspect_ddl_postgres_internal.h"

#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One statement applied: 0 or SEAM_ENOMEM. */
static int apply(ddl *d, const cJSON *stmt)
{
    const cJSON *node = stmt ? stmt->child : NULL;
    const char *kind = node ? node->string : NULL;
    if (!kind)
        return SEAM_OK;
    if (strcmp(kind, "CreateStmt") == 0)
        return inspect_ddl_table_create(d, node);
    if (strcmp(kind, "AlterTableStmt") == 0)
        return inspect_ddl_table_alter(d, node);
    if (strcmp(kind, "IndexStmt") == 0)
        return inspect_ddl_table_index(d, node);
    if (strcmp(kind, "ViewStmt") == 0)
        return inspect_ddl_objects_view(d, jget(node, "view"), jget(node, "query"), 0);
    if (strcmp(kind, "CreateTableAsStmt") == 0 && jstr(node, "objtype") &&
        strcmp(jstr(node, "objtype"), "OBJECT_MATVIEW") == 0)
        return inspect_ddl_objects_view(d, jget(jget(node, "into"), "rel"), jget(node, "query"), 1);
    if (strcmp(kind, "CreateTrigStmt") == 0)
        return inspect_ddl_objects_trigger(d, node);
    if (strcmp(kind, "CreateFunctionStmt") == 0)
        return inspect_ddl_objects_function(d, node);
    if (strcmp(kind, "CreateSeqStmt") == 0)
        return inspect_ddl_objects_sequence(d, node, 1);
    if (strcmp(kind, "AlterSeqStmt") == 0)
        return inspect_ddl_objects_sequence(d, node, 0);
    if (strcmp(kind, "CommentStmt") == 0)
        return inspect_ddl_objects_comment(d, node);
    if (strcmp(kind, "DropStmt") == 0)
        return inspect_ddl_objects_drop(d, node);
    if (strcmp(kind, "RenameStmt") == 0)
        return inspect_ddl_objects_rename(d, node);
    if (strcmp(kind, "VariableSetStmt") == 0)
        return inspect_ddl_objects_set(d, node);
    if (strcmp(kind, "CreateSchemaStmt") == 0 && jstr(node, "schemaname"))
        return inspect_schema_strv_push(&d->s->schemas, &d->s->nschemas, jstr(node, "schemaname"));
    return SEAM_OK;
}

static void ddl_free(ddl *d)
{
    for (int i = 0; i < d->nfns; i++) {
        free(d->fns[i].name);
        free(d->fns[i].language);
        free(d->fns[i].body);
    }
    free(d->fns);
    for (int i = 0; i < d->nparts; i++) {
        free(d->parts[i].child);
        free(d->parts[i].parent);
    }
    free(d->parts);
    free(d->search_schema);
}

static int str_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "no schema 'x' in DDL file 'f'; schemas there: a, b" (the first ten, sorted). */
static int no_such_schema(seam_schema *s, const char *path, const char *name, seam_err *err)
{
    enum { SHOWN = 10 };
    qsort(s->schemas, (size_t)s->nschemas, sizeof *s->schemas, str_cmp);
    char list[1024] = "";
    int n = 0;
    size_t len = 0;
    for (int i = 0; i < s->nschemas; i++) {
        if (i && strcmp(s->schemas[i], s->schemas[i - 1]) == 0)
            continue;
        if (n++ < SHOWN && len < sizeof list)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", n > 1 ? ", " : "",
                                    s->schemas[i]);
    }
    if (n > SHOWN && len < sizeof list)
        snprintf(list + len, sizeof list - len, ", ... (%d in all)", n);
    return seam_err_set(err, SEAM_EINPUT, "no schema '%s' in DDL file '%s'; schemas there: %s",
                        name, path, list);
}

int inspect_ddl_postgres_read(const char *path, const char *text, const inspector_options *o,
                              seam_schema *s, long *fail_offset, seam_err *err)
{
    char *copy = seam_strdup(text);
    if (!copy)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory reading '%s'", path);
    inspect_ddl_text_blank_meta(copy);
    PgQueryParseResult r = pg_query_parse(copy);
    if (r.error) {
        /* cursorpos is 1-based, in bytes of the input; 0 when unknown. */
        long off = r.error->cursorpos > 0 ? r.error->cursorpos - 1 : 0;
        *fail_offset = off;
        seam_err_set(err, SEAM_EINPUT, "%s:%d: %s (read as PostgreSQL DDL)", path,
                     inspect_line_of(copy, off), r.error->message);
        pg_query_free_parse_result(r);
        free(copy);
        return SEAM_EINPUT;
    }
    cJSON *tree = cJSON_Parse(r.parse_tree);
    pg_query_free_parse_result(r);
    if (!tree) {
        free(copy);
        return seam_err_set(err, SEAM_EINPUT, "%s: the parse tree is too deep to read", path);
    }
    ddl d = {.path = path, .text = copy, .s = s};
    long len = (long)strlen(copy);
    int rc = SEAM_OK;
    const cJSON *e;
    cJSON_ArrayForEach(e, jget(tree, "stmts"))
    {
        d.stmt_start = jint(e, "stmt_location");
        d.stmt_end = jget(e, "stmt_len") ? d.stmt_start + jint(e, "stmt_len") : len;
        if ((rc = apply(&d, jget(e, "stmt"))) != SEAM_OK)
            break;
    }
    cJSON_Delete(tree);
    const char *missing = NULL;
    if (rc == SEAM_OK)
        rc = inspect_ddl_finish(&d, o, &missing);
    ddl_free(&d);
    free(copy);
    if (rc == SEAM_EINPUT) {
        /* The whole file was read: this is the dialect that read furthest. */
        *fail_offset = len;
        return no_such_schema(s, path, missing, err);
    }
    if (rc != SEAM_OK)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory reading '%s'", path);
    return SEAM_OK;
}
