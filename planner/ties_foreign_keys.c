/*
 * ties_foreign_keys.c - stage 2: each foreign key between two services'
 * tables is dropped, one step each (schema order: table, then name).
 *
 * Inside one database the key still holds after stage 1 (schemas do not
 * stop it); across databases it cannot. So the key goes, and what it did
 * moves to code: the service owning the referencing (child) table checks,
 * through the owner's interface, that the referenced row exists before it
 * inserts or updates one (those sites are listed); a cascade becomes an
 * event the owner publishes and the child's service handles. The joins
 * that ran along the key are listed too: they are cut in the read steps.
 */
#include "planner_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Whether site s names table (case-insensitive, as the schema does). */
static int site_has(const seam_sql_site *s, const char *table, int access)
{
    for (int t = 0; t < s->ntables; t++)
        if (strcasecmp(s->tables[t].table, table) == 0 && (s->tables[t].access & access))
            return 1;
    return 0;
}

/* "orders(customer_id)" */
static char *key_text(const char *table, char *const *cols, int n)
{
    char *s = seam_printf("%s(", table);
    for (int i = 0; s && i < n; i++) {
        char *next = seam_printf("%s%s%s", s, i ? ", " : "", cols[i] ? cols[i] : "?");
        free(s);
        s = next;
    }
    return s ? pl_join(s, "", seam_strdup(")")) : NULL;
}

static int fk_step(pl_ctx *c, const seam_foreign_key *fk)
{
    int child = pl_owner_of(c, fk->from_table), parent = pl_owner_of(c, fk->to_table);
    if (child < 0 || parent < 0 || child == parent)
        return SEAM_OK;
    const seam_model *m = c->m;
    const char *cs = m->services[child].name, *ps = m->services[parent].name;
    char *lhs = key_text(fk->from_table, fk->from_columns, fk->ncolumns);
    char *rhs = key_text(fk->to_table, fk->to_columns, fk->ncolumns);
    char *object = fk->name && *fk->name ? seam_printf("%s.%s", fk->from_table, fk->name)
                                         : seam_printf("%s->%s", fk->from_table, fk->to_table);
    int st = lhs && rhs && object
                 ? pl_step_add(c, SEAM_PLAN_STAGE_TIES, "drop_foreign_key", cs, object,
                               seam_printf("drop foreign key %s -> %s between services %s and %s",
                                           lhs, rhs, cs, ps))
                 : -1;
    free(object);
    if (st < 0) {
        free(lhs), free(rhs);
        return SEAM_ENOMEM;
    }
    int rc = pl_step_after_table(c, st, fk->from_table);
    if (rc == SEAM_OK)
        rc = pl_step_after_table(c, st, fk->to_table);
    pl_step_table(c, st, fk->from_table);
    /* the code the key's work moves to: writes of the child, joins along the key */
    int writes = 0, joins = 0;
    for (int i = 0; i < m->nsql_sites && rc == SEAM_OK; i++) {
        const seam_sql_site *s = &m->sql_sites[i];
        int w = site_has(s, fk->from_table, SEAM_WRITE);
        int j = site_has(s, fk->from_table, SEAM_READ | SEAM_WRITE) &&
                site_has(s, fk->to_table, SEAM_READ | SEAM_WRITE);
        if (w || j)
            rc = pl_step_site(c, st, i);
        writes += w;
        joins += j && !w;
    }
    int cascade = fk->on_delete && (strcasecmp(fk->on_delete, "CASCADE") == 0 ||
                                    strncasecmp(fk->on_delete, "SET ", 4) == 0);
    if (rc == SEAM_OK)
        rc = pl_step_why(
            c, st,
            seam_printf("%s crosses from service %s to service %s, which will not share a "
                        "database. Service %s now checks the reference in code before it writes "
                        "%s (%d site%s listed), through service %s's interface; %s"
                        "%d join%s along the key %s listed and cut in the read steps.",
                        fk->name && *fk->name ? fk->name : "The key", cs, ps, cs, fk->from_table,
                        writes, writes == 1 ? "" : "s", ps,
                        cascade ? "its ON DELETE action becomes an event service "
                                  "the parent publishes and the child's service handles; "
                                : "",
                        joins, joins == 1 ? "" : "s", joins == 1 ? "is" : "are"));
    free(lhs), free(rhs);
    if (rc == SEAM_OK)
        rc = pl_step_risk(c, st, cascade ? "high" : "medium");
    if (rc != SEAM_OK || !c->has_db)
        return rc == SEAM_OK
                   ? pl_step_note(c, st, seam_strdup("No database was inspected: no SQL."))
                   : rc;
    if (m->schema.dialect == SEAM_DIALECT_SQLITE || !fk->name || !*fk->name)
        return pl_step_note(
            c, st,
            seam_strdup(m->schema.dialect == SEAM_DIALECT_SQLITE
                            ? "SQLite cannot drop a constraint: rebuild the table without it, in "
                              "one transaction with foreign_keys off: create the new table from "
                              "the CREATE TABLE in sqlite_schema minus this FOREIGN KEY clause, "
                              "copy the rows, drop the old table, rename the new one, then "
                              "recreate its indexes and triggers (sqlite.org/lang_altertable.html)."
                            : "The key has no name the database reported: find it with \\d "
                              "and drop it by name."));
    /* after stage 1 the child table lives in its service's schema */
    char *table = pl_ident(pl_table_base(fk->from_table)), *schema = pl_ident(c->schema_of[child]);
    char *name = pl_ident(fk->name);
    char *sql = table && schema && name
                    ? seam_printf("BEGIN;\nALTER TABLE %s.%s DROP CONSTRAINT %s;\nCOMMIT;\n",
                                  schema, table, name)
                    : NULL;
    free(table), free(schema), free(name);
    return pl_step_sql(c, st, sql);
}

int pl_ties_foreign_keys(pl_ctx *c)
{
    int rc = SEAM_OK;
    for (int i = 0; i < c->m->schema.nforeign_keys && rc == SEAM_OK; i++)
        rc = fk_step(c, &c->m->schema.foreign_keys[i]);
    return rc;
}
