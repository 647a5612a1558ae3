/*
 * planner_internal.h - what the planner's files share: the context of one
 * run (who owns each table and function, each service's schema and place in
 * the strangler order) and the step list every stage appends to.
 */
#ifndef SEAM_PLANNER_INTERNAL_H
#define SEAM_PLANNER_INTERNAL_H

#include "planner.h"

/* PostgreSQL truncates longer identifiers: seam never makes one. */
#define PL_IDENT_MAX 63

/* What the other services lean on a service for (depends.c). */
typedef struct pl_depend {
    int inbound;    /* services that call, reference or touch the tables of this one */
    long uses;      /* their calls, references and SQL table accesses */
    int shared;     /* its tables other services' SQL touches */
    int reads;      /* other services' tables its SQL touches */
    int *interface; /* its functions other services call or reference, ascending */
    int ninterface, capinterface;
    const char **touched; /* the tables its SQL touches (borrowed), sorted case-insensitively */
    int ntouched, captouched;
} pl_depend;

/* A table name and its owner (owners.c). */
typedef struct pl_name {
    const char *name; /* borrowed from the schema or a service */
    int owner;        /* the owning service, or -1 */
    int reader;       /* a function of the owner's interface that only reads it, or -1 */
    int order;        /* schema tables first: between equal names, the first wins */
} pl_name;

typedef struct pl_ctx {
    seam_model *m;
    int *table_owner; /* per schema table: the owning service, or -1 (none, or unknown) */
    int *fn_service;  /* per function: the service (or shared library) listing its file, or -1 */
    pl_depend *dep;   /* per service */
    pl_name *names;   /* every table name, sorted case-insensitively (owners.c) */
    int nnames;
    char **schema_of; /* per service: its schema's name (unquoted); NULL: a shared library */
    char **role_of;   /* per service: its role's name (unquoted); NULL: a shared library */
    int *strangler;   /* services (not shared libraries), least depended-upon first */
    int nstrangler;
    int cap;    /* of m->plan */
    int has_db; /* a schema was inspected: steps carry SQL */
} pl_ctx;

/* ---- pl_ctx (planner.c) ---- */

/* ---- owners.c ---- */

/* The service owning the table of that name (any case), or -1. */
int pl_owner_of(const pl_ctx *c, const char *table);
/* The position of the name in c->names (equal names: the first), or -1. */
int pl_name_index(const pl_ctx *c, const char *table);
/* A function of the owner's interface that only reads the table, or -1. */
int pl_reader_of(const pl_ctx *c, const char *table);
/* The service (not a shared library) whose code sends SQL site `site`, or -1. */
int pl_site_service(const pl_ctx *c, int site);
/* Whether service s's SQL touches the table. */
int pl_touches(const pl_ctx *c, int s, const char *table);
/* Builds c->names (after table_owner); then, after depends.c, the uses. */
int pl_owners_index(pl_ctx *c);
int pl_owners_uses(pl_ctx *c);
/* Fills fn_service and dep (depends.c); table_owner first. */
int pl_depends_compute(pl_ctx *c);
/* The index of service name, or -1. */
int pl_service_find(const seam_model *m, const char *name);

/* ---- steps (steps.c): every stage appends; indices, since the array moves ---- */

/* Appends a step; takes detail (NULL: out of memory). The id is
 * "<kind>:<service>[:<object>]", made unique with "#2", "#3". Index, or -1. */
int pl_step_add(pl_ctx *c, int stage, const char *kind, const char *service, const char *object,
                char *detail);
/* Step `step` must come after the step with id (no-op when it is itself or already listed). */
int pl_step_after(pl_ctx *c, int step, const char *id);
/* Step `step` must come after the move of table into its owner's schema, when there is one. */
int pl_step_after_table(pl_ctx *c, int step, const char *table);
/* The index of the step with id, or -1. */
int pl_step_find(const pl_ctx *c, const char *id);
/* The SQL site `site` is code the step changes (repeats dropped by pl_steps_finish). */
int pl_step_site(pl_ctx *c, int step, int site);
/* Function f's definition is code the step changes. */
int pl_step_function(pl_ctx *c, int step, int f);
/* Takes text (NULL: out of memory) as the step's SQL, rationale, note or risk. */
int pl_step_sql(pl_ctx *c, int step, char *sql);
int pl_step_note(pl_ctx *c, int step, char *note);
int pl_step_why(pl_ctx *c, int step, char *rationale);
int pl_step_risk(pl_ctx *c, int step, const char *risk);
/* Counts table into the step's effort (tables, and its rows and bytes when known). */
void pl_step_table(pl_ctx *c, int step, const char *table);
/* Numbers the steps, sorts each one's code sites and drops repeats; once, at the end. */
void pl_steps_finish(pl_ctx *c);

/* ---- SQL text (sql_text.c) ---- */

/* "name" quoted as an identifier ('"' doubled). */
char *pl_ident(const char *name);
/* 'text' quoted as a literal ("'" doubled). */
char *pl_literal(const char *text);
/* A schema table's name ("orders", "sales.orders") as "schema"."table"; the schema is the
 * dialect's default one (public, main) when the name has none. */
char *pl_table_sql(const pl_ctx *c, const char *table);
/* The unqualified part of a table's name (borrowed). */
const char *pl_table_base(const char *table);
/* The schema part of a table's name, or the dialect's default (malloc'd). */
char *pl_table_schema(const pl_ctx *c, const char *table);
/* A derived identifier: text cut to PL_IDENT_MAX bytes on a UTF-8 boundary (malloc'd). */
char *pl_ident_cut(const char *text);
/* Joins a and b (both taken) with sep between; NULL on out of memory. */
char *pl_join(char *a, const char *sep, char *b);

/* ---- split_files.c ---- */

/* "NNN-<stage>-<service>-<kind>.sql": the file of a step with SQL (malloc'd). */
char *split_file_name(const seam_plan_step *st);

/* ---- the stages, in order ---- */
int pl_stage_schema(pl_ctx *c);      /* stage_schema.c */
int pl_ties_foreign_keys(pl_ctx *c); /* ties_foreign_keys.c */
int pl_ties_shared(pl_ctx *c);       /* ties_shared.c */
int pl_ties_objects(pl_ctx *c);      /* ties_objects.c */
int pl_ties_reads(pl_ctx *c);        /* ties_reads.c */
int pl_ties_sagas(pl_ctx *c);        /* sagas.c */
int pl_ties_calls(pl_ctx *c);        /* ties_calls.c */
int pl_stage_database(pl_ctx *c);    /* stage_database.c */

#endif
