/*
 * stage_database.c - stage 3: a database per service, strangler-style.
 *
 * Services are extracted one at a time, least depended-upon first (planner.c
 * orders them): the schema of stage 1 is copied into a database of the
 * service's own, its code is pointed there, and the schema is dropped from
 * the monolith's database. A step per service owning tables, each after the
 * service's stage-2 steps and after the service extracted before it, with
 * the reason for its place. Not one transaction inside the database, so
 * the step gives the commands instead of SQL.
 */
#include "planner_internal.h"

#include <stdlib.h>
#include <string.h>

static char *commands(const pl_ctx *c, int s)
{
    const char *schema = c->schema_of[s];
    if (c->m->schema.dialect == SEAM_DIALECT_SQLITE) {
        char *tables = seam_strdup("");
        for (int k = 0; tables && k < c->m->services[s].ntables; k++)
            tables = pl_join(tables, " ", pl_ident(c->m->services[s].tables[k]));
        char *out = tables ? seam_printf("Not SQL inside the database: copy the tables into a "
                                         "file of the service's own: sqlite3 MONOLITH.db "
                                         "'.dump %s' | sqlite3 %s.db; point the service's code at "
                                         "%s.db; then drop the tables from the monolith's file.",
                                         tables, schema, schema)
                           : NULL;
        free(tables);
        return out;
    }
    /* quoted: unquoted, DROP SCHEMA order CASCADE (the fixture's service "order") is a
     * syntax error (found by tests/planner/test_split_pg.sh running the note's commands) */
    char *quoted = pl_ident(schema);
    /* pg_dump reads --schema as a pattern: the name in double quotes keeps its case */
    char *out =
        quoted
            ? seam_printf("Not SQL inside the database: createdb %s_db; pg_dump --schema='%s' "
                          "--format=custom MONOLITH_DB | pg_restore --dbname=%s_db; point the "
                          "service's code (role %s) at %s_db; replace each data pump's refresh by "
                          "a subscription; then DROP SCHEMA %s CASCADE in the monolith's database "
                          "once nothing reads its views.",
                          schema, quoted, schema, c->role_of[s], schema, quoted)
            : NULL;
    free(quoted);
    return out;
}

int pl_stage_database(pl_ctx *c)
{
    const seam_model *m = c->m;
    int rc = SEAM_OK;
    const char *prev = NULL;
    char *prev_id = NULL;
    int position = 0;
    for (int i = 0; i < c->nstrangler && rc == SEAM_OK; i++) {
        int s = c->strangler[i];
        const seam_service *sv = &m->services[s];
        int owned = 0;
        for (int k = 0; k < sv->ntables; k++)
            owned += pl_owner_of(c, sv->tables[k]) == s;
        if (owned == 0)
            continue;
        position++;
        int st = pl_step_add(c, SEAM_PLAN_STAGE_DATABASE, "extract_database", sv->name, NULL,
                             seam_printf("give service %s a database of its own", sv->name));
        if (st < 0) {
            free(prev_id);
            return SEAM_ENOMEM;
        }
        for (int k = 0; k < sv->ntables; k++)
            if (pl_owner_of(c, sv->tables[k]) == s)
                pl_step_table(c, st, sv->tables[k]);
        /* after every stage-2 step of this service, and after the previous extraction */
        for (int k = 0; k < st && rc == SEAM_OK; k++)
            if (m->plan[k].stage == SEAM_PLAN_STAGE_TIES &&
                strcmp(m->plan[k].service, sv->name) == 0)
                rc = pl_step_after(c, st, m->plan[k].id);
        if (rc == SEAM_OK && prev_id)
            rc = pl_step_after(c, st, prev_id);
        const pl_depend *d = &c->dep[s];
        /* the ties the strangler order counted (planner.c), in words */
        char *ties = seam_printf("%d service%s depend%s on %s (%ld calls, references and SQL "
                                 "accesses); %d of its %d tables are used by other services; it "
                                 "uses %d of theirs",
                                 d->inbound, d->inbound == 1 ? "" : "s", d->inbound == 1 ? "s" : "",
                                 sv->name, d->uses, d->shared, owned, d->reads);
        char *why = !ties ? NULL
                    : position == 1
                        ? seam_printf("Extracted first: %s. The fewest services depend on it, "
                                      "then the least data is shared.",
                                      ties)
                        : seam_printf("Position %d, after %s: %s. Services more depended upon, "
                                      "or sharing more data, come later.",
                                      position, prev, ties);
        free(ties);
        if (rc == SEAM_OK)
            rc = pl_step_why(c, st, why);
        if (rc == SEAM_OK)
            rc = pl_step_note(c, st,
                              c->has_db ? commands(c, s)
                                        : seam_strdup("No database was inspected: no SQL."));
        if (rc == SEAM_OK)
            rc = pl_step_risk(c, st,
                              d->inbound > 2 || d->shared > 0 || d->reads > 0 ? "high" : "medium");
        free(prev_id);
        prev_id = seam_strdup(m->plan[st].id);
        prev = sv->name;
        if (!prev_id)
            rc = SEAM_ENOMEM;
    }
    free(prev_id);
    return rc;
}
