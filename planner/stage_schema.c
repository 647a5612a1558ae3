/*
 * stage_schema.c - stage 1: a schema per service inside the one database.
 *
 * For each service owning tables, in strangler order: a "create_schema"
 * step (the schema, and a role the service's code will connect as, given
 * the schema), then a "move_table" step per table (by name): the table moves
 * to the service's schema and a view under the old name keeps every query
 * of the monolith working (a simple view of one table, which PostgreSQL
 * reads and writes through, defaults and RETURNING included) until the code
 * moves. Foreign keys, sequences, indexes and triggers go with the table.
 * Nothing else changes yet: this stage is cheap to undo (drop the view, set
 * the schema back).
 *
 * A table no service's code reaches is moved nowhere: it gets one
 * "decide_owner" step, listed last. SQLite has one schema per database
 * file: a service gets one "own_tables" step instead, which says so and
 * carries no SQL.
 */
#include "planner_internal.h"

#include <stdlib.h>
#include <string.h>

/* A dollar-quote tag that body does not contain ("$seam$", "$seam1$", ...). */
static char *dollar_tag(const char *body)
{
    for (int k = 0;; k++) {
        char *tag = k ? seam_printf("$seam%d$", k) : seam_strdup("$seam$");
        if (!tag || !strstr(body, tag))
            return tag;
        free(tag);
    }
}

static char *create_schema_sql(const pl_ctx *c, int s)
{
    char *schema = pl_ident(c->schema_of[s]), *role = pl_ident(c->role_of[s]);
    char *lit = pl_literal(c->role_of[s]);
    char *body = schema && role && lit
                     ? seam_printf("\nBEGIN\n  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_roles "
                                   "WHERE rolname = %s) THEN\n    CREATE ROLE %s NOLOGIN;\n"
                                   "  END IF;\nEND\n",
                                   lit, role)
                     : NULL;
    char *tag = body ? dollar_tag(body) : NULL;
    char *sql = tag ? seam_printf("BEGIN;\n-- the role the service's code will connect as\n"
                                  "DO %s%s%s;\nCREATE SCHEMA %s;\nGRANT USAGE ON SCHEMA %s TO %s;\n"
                                  "COMMIT;\n",
                                  tag, body, tag, schema, schema, role)
                    : NULL;
    free(schema), free(role), free(lit), free(body), free(tag);
    return sql;
}

static char *move_table_sql(const pl_ctx *c, int s, const char *table)
{
    char *old = pl_table_sql(c, table);
    char *schema = pl_ident(c->schema_of[s]), *base = pl_ident(pl_table_base(table));
    char *role = pl_ident(c->role_of[s]);
    char *sql = old && schema && base && role
                    ? seam_printf("BEGIN;\nALTER TABLE %s SET SCHEMA %s;\n"
                                  "-- the old name keeps the monolith's queries working\n"
                                  "CREATE VIEW %s AS SELECT * FROM %s.%s;\n"
                                  "GRANT SELECT, INSERT, UPDATE, DELETE ON %s.%s TO %s;\n"
                                  "COMMIT;\n",
                                  old, schema, old, schema, base, schema, base, role)
                    : NULL;
    free(old), free(schema), free(base), free(role);
    return sql;
}

static const char *const SQLITE_NO_SCHEMA =
    "SQLite keeps one schema per database file: the tables stay where they are in this stage "
    "(this step records whose they are); stage 3 gives the service a database file of its "
    "own.";

/*
 * Without schemas (SQLite, or no database inspected) there is nothing to
 * move: one "own_tables" step records which tables are the service's.
 */
static int own_tables_step(pl_ctx *c, int s)
{
    const seam_service *sv = &c->m->services[s];
    char *tables = seam_strdup("");
    int n = 0;
    for (int k = 0; tables && k < sv->ntables; k++)
        if (pl_owner_of(c, sv->tables[k]) == s) {
            tables = pl_join(tables, n ? ", " : "", seam_strdup(sv->tables[k]));
            n++;
        }
    if (!tables)
        return SEAM_ENOMEM;
    if (n == 0) {
        free(tables);
        return SEAM_OK;
    }
    int st = pl_step_add(c, SEAM_PLAN_STAGE_SCHEMA, "own_tables", sv->name, NULL,
                         seam_printf("service %s owns tables %s", sv->name, tables));
    free(tables);
    if (st < 0)
        return SEAM_ENOMEM;
    for (int k = 0; k < sv->ntables; k++)
        if (pl_owner_of(c, sv->tables[k]) == s)
            pl_step_table(c, st, sv->tables[k]);
    int rc = pl_step_why(c, st,
                         seam_printf("From here on only service %s's code writes these tables; "
                                     "stage 2 moves every other service's use of them behind "
                                     "%s's interface.",
                                     sv->name, sv->name));
    return rc ? rc
              : pl_step_note(c, st,
                             seam_strdup(c->has_db ? SQLITE_NO_SCHEMA
                                                   : "No database was inspected: no SQL."));
}

static int service_steps(pl_ctx *c, int s)
{
    if (c->m->schema.dialect != SEAM_DIALECT_POSTGRESQL)
        return own_tables_step(c, s);
    const seam_service *sv = &c->m->services[s];
    int opened = -1, rc = SEAM_OK;
    for (int k = 0; k < sv->ntables && rc == SEAM_OK; k++) {
        const char *table = sv->tables[k];
        if (pl_owner_of(c, table) != s)
            continue;
        if (opened < 0) {
            opened = pl_step_add(c, SEAM_PLAN_STAGE_SCHEMA, "create_schema", sv->name, NULL,
                                 seam_printf("create schema %s and role %s for service %s",
                                             c->schema_of[s], c->role_of[s], sv->name));
            if (opened < 0)
                return SEAM_ENOMEM;
            rc = pl_step_why(c, opened,
                             seam_printf("Service %s gets a schema of its own in the one database: "
                                         "its tables move there next, and its code will connect "
                                         "as role %s, which can reach only that schema.",
                                         sv->name, c->role_of[s]));
            if (rc == SEAM_OK)
                rc = pl_step_sql(c, opened, create_schema_sql(c, s));
        }
        int st = rc == SEAM_OK
                     ? pl_step_add(c, SEAM_PLAN_STAGE_SCHEMA, "move_table", sv->name, table,
                                   seam_printf("move table %s to schema %s, a view under "
                                               "the old name",
                                               table, c->schema_of[s]))
                     : -1;
        if (st < 0)
            return SEAM_ENOMEM;
        pl_step_table(c, st, table);
        /* the schema's step by index: its id may be longer than any fixed buffer */
        rc = pl_step_after(c, st, c->m->plan[opened].id);
        if (rc == SEAM_OK)
            rc = pl_step_why(c, st,
                             seam_printf("%s is service %s's: moved into its schema, it is visibly "
                                         "the service's; the view under the old name keeps every "
                                         "query of the monolith working until the code that sends "
                                         "it moves (stage 2).",
                                         table, sv->name));
        if (rc == SEAM_OK)
            rc = pl_step_sql(c, st, move_table_sql(c, s, table));
        /* a big table: ALTER ... SET SCHEMA is instant, but takes an exclusive lock */
        if (rc == SEAM_OK && c->m->plan[st].has_size && c->m->plan[st].effort_rows > 10000000)
            rc = pl_step_risk(c, st, "medium");
    }
    return rc;
}

/* The reason the decomposer gave an unowned table, or NULL. */
static const char *unowned_reason(const seam_model *m, const char *table)
{
    for (int i = 0; i < m->nunowned_tables; i++)
        if (strcmp(m->unowned_tables[i].table, table) == 0)
            return m->unowned_tables[i].reason;
    return NULL;
}

int pl_stage_schema(pl_ctx *c)
{
    int rc = SEAM_OK;
    for (int i = 0; i < c->nstrangler && rc == SEAM_OK; i++)
        rc = service_steps(c, c->strangler[i]);
    /* Tables no service owns: decided by people, never moved by the plan. */
    const seam_schema *sc = &c->m->schema;
    for (int t = 0; t < sc->ntables && rc == SEAM_OK; t++) {
        if (c->table_owner[t] >= 0)
            continue;
        const char *table = sc->tables[t].name, *why = unowned_reason(c->m, table);
        int st = pl_step_add(c, SEAM_PLAN_STAGE_SCHEMA, "decide_owner", "", table,
                             seam_printf("decide who owns table %s", table));
        if (st < 0)
            return SEAM_ENOMEM;
        pl_step_table(c, st, table);
        rc = pl_step_why(c, st,
                         seam_printf("No service's code reaches %s (%s): it may be dead data, or "
                                     "data another program writes. Find its writer before the "
                                     "split; the plan moves it nowhere.",
                                     table, why ? why : "no code reaches it"));
        if (rc == SEAM_OK)
            rc = pl_step_note(c, st, seam_strdup("A decision, not a change: no SQL."));
        if (rc == SEAM_OK)
            rc = pl_step_risk(c, st, "medium");
    }
    return rc;
}
