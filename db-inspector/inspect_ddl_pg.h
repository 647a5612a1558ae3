/*
 * inspect_ddl_pg.h - the PostgreSQL DDL reader's parts; not a public API.
 *
 *   inspect_ddl_pg.c      parse (libpg_query), then apply each statement in order
 *   inspect_ddl_pgtable.c CREATE/ALTER TABLE, CREATE INDEX
 *   inspect_ddl_pgobj.c   views, functions, triggers, sequences, comments, DROP, RENAME, SET
 *   inspect_ddl_pgtext.c  what the parse tree does not carry (expression text, type
 *                         names), and names from the tree
 *   inspect_ddl_pgend.c   after the last statement: partitions folded, implicit
 *                         indexes, trigger functions, dangling references pruned
 */
#ifndef SEAM_INSPECT_DDL_PG_H
#define SEAM_INSPECT_DDL_PG_H

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
    int oom;
} ddl;

/* --- inspect_ddl_pgtext.c ---------------------------------------------------------------- */

/* Blanks lines starting with '\' (psql meta-commands such as \connect), keeping line numbers. */
void ddl_blank_meta_lines(char *text);

/*
 * The expression starting at or after pos: up to a ',' ')' or ';' at its
 * own nesting level, or (stop_at_keywords) a column-constraint keyword
 * (NOT, NULL, CHECK, ...). Trimmed copy; NULL when empty or on OOM.
 */
char *ddl_expr_text(const ddl *d, long pos, int stop_at_keywords);

/* The text inside the first parenthesized group at or after pos. */
char *ddl_paren_text(const ddl *d, long pos);

/* Offset just after the first top-level word kw (then, if kw2, a following kw2) in the statement.
 */
long ddl_find_words(const ddl *d, const char *kw, const char *kw2);

/* The k-th (0-based) key column expression of the CREATE INDEX statement, in parentheses. */
char *ddl_index_expr(const ddl *d, int k);

/* The statement's text after its top-level WHERE, trimmed, or NULL. */
char *ddl_where_text(const ddl *d);

/*
 * A TypeName node as format_type() would print it ("character varying(80)",
 * "integer[]", "year" for public.year). *serial is 2, 4 or 8 for
 * smallserial, serial, bigserial (the type is then the integer type).
 */
char *ddl_type_name(const cJSON *type_name, int *serial);

/* --- JSON helpers (inspect_ddl_pgtext.c) -------------------------------------------------- */

const cJSON *jget(const cJSON *o, const char *key);
const char *jstr(const cJSON *o, const char *key);
long jint(const cJSON *o, const char *key);
int jbool(const cJSON *o, const char *key);
/* The sval of a {"String": {"sval": ...}} node. */
const char *jsval(const cJSON *node);
/* A list of String nodes as a seam name: [schema,] name ("public" dropped). */
char *jname_list(const cJSON *list, const char *default_schema);

/* --- names (inspect_ddl_pgtext.c) -------------------------------------------------------- */

/* seam's name for a RangeVar; unqualified names are in the search_path's schema. */
char *ddl_rv_name(const ddl *d, const cJSON *rv);
/* The relation part of a seam name ("orders" for "sales.orders"). */
const char *ddl_rel_of(const char *name);
/* The schema part of a seam name ("public" when none), into buf. */
const char *ddl_schema_of(const char *name, char *buf, size_t n);
seam_column *ddl_find_column(seam_table *t, const char *name);
/* The sval of each String node of list, into out (borrowed); how many. */
int ddl_svals(const cJSON *list, const char **out, int max);

/* --- statements (inspect_ddl_pgtable.c, inspect_ddl_pgobj.c) ------------------------------ */

void ddl_create_table(ddl *d, const cJSON *stmt);
void ddl_alter_table(ddl *d, const cJSON *stmt);
void ddl_index(ddl *d, const cJSON *stmt);
/* A view or materialized view named by rv, defined by query (a parse tree). */
void ddl_view(ddl *d, const cJSON *rv, const cJSON *query, int materialized);
void ddl_trigger(ddl *d, const cJSON *stmt);
void ddl_function(ddl *d, const cJSON *stmt);
/* CREATE SEQUENCE (create) or ALTER SEQUENCE. */
void ddl_sequence(ddl *d, const cJSON *stmt, int create);
void ddl_comment(ddl *d, const cJSON *stmt);
void ddl_drop(ddl *d, const cJSON *stmt);
void ddl_rename(ddl *d, const cJSON *stmt);
void ddl_set(ddl *d, const cJSON *stmt);

/* --- inspect_ddl_pgend.c ------------------------------------------------------------------ */

/*
 * Everything that needs the whole file read; then the o->schemas filter:
 * SEAM_EINPUT with *missing set (borrowed from o) when the file defines no
 * schema of that name, SEAM_ENOMEM, or 0.
 */
int ddl_finish(ddl *d, const inspector_options *o, const char **missing);

seam_table *ddl_table(const ddl *d, const char *name);

#endif
