/*
 * inspect_ddl_postgres_internal.h - the PostgreSQL DDL reader's parts; not a
 * public API.
 *
 *   inspect_ddl_postgres.c  parse (libpg_query), then apply each statement in order
 *   inspect_ddl_table.c     CREATE/ALTER TABLE, CREATE INDEX
 *   inspect_ddl_objects.c   views, functions, triggers, sequences, comments, DROP,
 *                           RENAME, SET
 *   inspect_ddl_text.c      what the parse tree does not carry: expression text, type
 *                           names as format_type() prints them
 *   inspect_ddl_names.c     seam's names from the tree, and their parts
 *   inspect_ddl_finish.c    after the last statement: partitions folded, implicit
 *                           indexes, trigger functions, dangling references pruned
 *
 * (inspect_ddl.c chooses the dialect; inspect_ddl_sqlite.c is SQLite's reader.)
 */
#ifndef SEAM_INSPECT_DDL_POSTGRES_INTERNAL_H
#define SEAM_INSPECT_DDL_POSTGRES_INTERNAL_H

#include "inspect_internal.h"

#include <cjson/cJSON.h>

/* A function the file creates, for the triggers that call it. */
typedef struct ddl_fn {
    char *name; /* seam-style: "f", "audit.f" */
    char *language;
    char *body;
} ddl_fn;

/* ATTACH PARTITION / PARTITION OF: child belongs to parent. */
typedef struct ddl_part {
    char *child, *parent;
} ddl_part;

typedef struct ddl {
    const char *path;
    const char *text; /* the file, psql meta-command lines blanked */
    seam_schema *s;
    char *search_schema; /* first schema of SET search_path, or NULL (public) */
    ddl_fn *fns;
    int nfns;
    ddl_part *parts;
    int nparts;
    long stmt_start, stmt_end; /* the statement being applied, as offsets into text */
} ddl;

/*
 * --- the parse tree (libpg_query's JSON) ------------------------------------------------
 *
 * Every statement reads the tree through these, often nested three deep, so
 * they are short, and static: nothing outside the reader sees them. Each
 * takes NULL for a missing node and gives NULL, 0 or false.
 */

static inline const cJSON *jget(const cJSON *o, const char *key)
{
    return o ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}

static inline const char *jstr(const cJSON *o, const char *key)
{
    const cJSON *v = jget(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static inline long jint(const cJSON *o, const char *key)
{
    const cJSON *v = jget(o, key);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

static inline int jbool(const cJSON *o, const char *key)
{
    return cJSON_IsTrue(jget(o, key));
}

/* The sval of a {"String": {"sval": ...}} node. */
static inline const char *jsval(const cJSON *node)
{
    return jstr(jget(node, "String"), "sval");
}

/* --- names (inspect_ddl_names.c) ------------------------------------------------------- */

/* A list of String nodes as a seam name: [schema,] name ("public" dropped). */
char *inspect_ddl_names_list(const cJSON *list, const char *default_schema);
/* seam's name for a RangeVar; unqualified names are in the search_path's schema. */
char *inspect_ddl_names_rv(const ddl *d, const cJSON *rv);
/* The relation part of a seam name ("orders" for "sales.orders"). */
const char *inspect_ddl_names_rel(const char *name);
/* The schema part of a seam name ("public" when none), into buf. */
const char *inspect_ddl_names_schema(const char *name, char *buf, size_t n);
/* The sval of each String node of list, into out (borrowed); how many. */
int inspect_ddl_names_svals(const cJSON *list, const char **out, int max);

/* --- inspect_ddl_text.c ---------------------------------------------------------------- */

/* Blanks lines starting with '\' (psql meta-commands such as \connect), keeping line numbers. */
void inspect_ddl_text_blank_meta(char *text);

/*
 * The expression starting at or after pos: up to a ',' ')' or ';' at its
 * own nesting level, or (stop_at_keywords) a column-constraint keyword
 * (NOT, NULL, CHECK, ...). Trimmed copy; NULL when empty or on OOM.
 */
char *inspect_ddl_text_expr(const ddl *d, long pos, int stop_at_keywords);

/* The text inside the first parenthesized group at or after pos. */
char *inspect_ddl_text_paren(const ddl *d, long pos);

/* Offset just after the first top-level word kw (then, if kw2, a following kw2) in the statement.
 */
long inspect_ddl_text_find_words(const ddl *d, const char *kw, const char *kw2);

/* The k-th (0-based) key column expression of the CREATE INDEX statement, in parentheses. */
char *inspect_ddl_text_index_expr(const ddl *d, int k);

/* The statement's text after its top-level WHERE, trimmed, or NULL. */
char *inspect_ddl_text_where(const ddl *d);

/*
 * A TypeName node as format_type() would print it ("character varying(80)",
 * "integer[]", "year" for public.year). *serial is 2, 4 or 8 for
 * smallserial, serial, bigserial (the type is then the integer type).
 */
char *inspect_ddl_text_type_name(const cJSON *type_name, int *serial);

/*
 * The statements: each applies one parse-tree node to d and returns 0 or
 * SEAM_ENOMEM (what they do not understand is passed over, not an error).
 */

/* --- tables (inspect_ddl_table.c) ----------------------------------------------------- */

/*
 * The table named exactly name, or NULL; an emptied name (a dropped table's)
 * matches nothing.
 */
seam_table *inspect_ddl_table_find(const ddl *d, const char *name);
/* t's column named exactly name (t may be NULL), or NULL. */
seam_column *inspect_ddl_table_column(seam_table *t, const char *name);

int inspect_ddl_table_create(ddl *d, const cJSON *stmt);
int inspect_ddl_table_alter(ddl *d, const cJSON *stmt);
int inspect_ddl_table_index(ddl *d, const cJSON *stmt);

/* --- everything else (inspect_ddl_objects.c) ------------------------------------------- */

/* A view or materialized view named by rv, defined by query (a parse tree). */
int inspect_ddl_objects_view(ddl *d, const cJSON *rv, const cJSON *query, int materialized);
int inspect_ddl_objects_trigger(ddl *d, const cJSON *stmt);
int inspect_ddl_objects_function(ddl *d, const cJSON *stmt);
/* CREATE SEQUENCE (create) or ALTER SEQUENCE. */
int inspect_ddl_objects_sequence(ddl *d, const cJSON *stmt, int create);
int inspect_ddl_objects_comment(ddl *d, const cJSON *stmt);
int inspect_ddl_objects_drop(ddl *d, const cJSON *stmt);
int inspect_ddl_objects_rename(ddl *d, const cJSON *stmt);
int inspect_ddl_objects_set(ddl *d, const cJSON *stmt);

/* --- inspect_ddl_finish.c ------------------------------------------------------------------ */

/*
 * Everything that needs the whole file read; then the o->schemas filter:
 * SEAM_EINPUT with *missing set (borrowed from o) when the file defines no
 * schema of that name, SEAM_ENOMEM, or 0.
 */
int inspect_ddl_finish(ddl *d, const inspector_options *o, const char **missing);

#endif
