/*
 * ties_shared.c - stage 2: a table written by two or more services.
 *
 * One owner, several writers: apart, the other writers cannot write it.
 * When each writer writes columns no other writer does (the key aside),
 * the table splits by column: each other writer gets a table of its own
 * with the key and its columns, copied over, and the owner's table drops
 * them ("split_table", one step per other writer, with the DDL). When the
 * writers share columns, or seam does not know which columns a write sets,
 * the table cannot be split: it becomes a data service of its own that
 * every writer calls ("data_service").
 */
#include "planner_internal.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int site_writes(const seam_sql_site *s, const char *table)
{
    for (int t = 0; t < s->ntables; t++)
        if (strcasecmp(s->tables[t].table, table) == 0 && (s->tables[t].access & SEAM_WRITE))
            return 1;
    return 0;
}

static int is_key(const seam_table *tb, const char *col)
{
    for (int k = 0; tb && k < tb->nprimary_key; k++)
        if (strcasecmp(tb->primary_key[k], col) == 0)
            return 1;
    return 0;
}

/*
 * The columns service w writes in table (the key left out), as ",a,b,"; NULL when one of
 * its writes names no column of the table (unknown) or out of memory (*oom).
 */
static char *written_columns(const pl_ctx *c, int w, const char *table, const seam_table *tb,
                             int *oom)
{
    const seam_model *m = c->m;
    char *cols = seam_strdup(",");
    for (int i = 0; cols && i < m->nsql_sites; i++) {
        const seam_sql_site *s = &m->sql_sites[i];
        if (pl_site_service(c, i) != w || !site_writes(s, table))
            continue;
        int named = 0;
        for (int k = 0; cols && k < s->ncolumns; k++) {
            const seam_column_ref *cr = &s->columns[k];
            if (strcasecmp(cr->table, table) != 0 || !(cr->access & SEAM_WRITE))
                continue;
            named = 1;
            char *key = seam_printf(",%s,", cr->column);
            if (key && !is_key(tb, cr->column) && !strstr(cols, key))
                cols = pl_join(cols, "", seam_printf("%s,", cr->column));
            free(key);
        }
        /* a DELETE writes every column: it names none, and the table cannot split */
        if (!named) {
            free(cols);
            return NULL;
        }
    }
    *oom = cols == NULL;
    return cols;
}

/* Whether ",a,b," lists share a name. */
static int overlap(const char *x, const char *y)
{
    for (const char *p = x + 1; *p;) {
        const char *e = strchr(p, ',');
        char *key = seam_printf(",%.*s,", (int)(e - p), p);
        int hit = key && strstr(y, key) != NULL;
        free(key);
        if (hit)
            return 1;
        p = e + 1;
    }
    return 0;
}

/* ",a,b," as "\"a\", \"b\"" (quoted) or "a, b" (plain). */
static char *column_list(const char *cols, int quote)
{
    char *out = seam_strdup("");
    for (const char *p = cols + 1; out && *p;) {
        const char *e = strchr(p, ',');
        char *name = seam_printf("%.*s", (int)(e - p), p);
        out = pl_join(out, *out ? ", " : "", quote ? pl_ident(name) : seam_strdup(name));
        free(name);
        p = e + 1;
    }
    return out;
}

static char *key_list(const seam_table *tb)
{
    char *out = seam_strdup("");
    for (int k = 0; out && k < tb->nprimary_key; k++)
        out = pl_join(out, k ? ", " : "", pl_ident(tb->primary_key[k]));
    return out;
}

static char *split_sql(const pl_ctx *c, int owner, int w, const char *table, const seam_table *tb,
                       const char *cols)
{
    int pg = c->m->schema.dialect == SEAM_DIALECT_POSTGRESQL;
    const char *base = pl_table_base(table);
    char *newname = seam_printf("%s_%s", base, c->m->services[w].name);
    char *cut = newname ? pl_ident_cut(newname) : NULL;
    char *qnew = cut ? pl_ident(cut) : NULL, *keys = key_list(tb), *list = column_list(cols, 1);
    char *drops = seam_strdup("");
    for (const char *p = cols + 1; drops && *p;) {
        const char *e = strchr(p, ',');
        char *name = seam_printf("%.*s", (int)(e - p), p);
        drops = pl_join(drops, *drops ? ", " : "",
                        name ? pl_join(seam_strdup("DROP COLUMN "), "", pl_ident(name)) : NULL);
        free(name);
        p = e + 1;
    }
    char *sql = NULL;
    if (qnew && keys && list && drops && pg) {
        /* after stage 1: the table in its owner's schema, its old name a view over it */
        char *from = pl_join(pl_ident(c->schema_of[owner]), ".", pl_ident(base));
        char *to = pl_join(pl_ident(c->schema_of[w]), ".", seam_strdup(qnew));
        char *view = pl_table_sql(c, table), *role = pl_ident(c->role_of[w]);
        sql = from && to && view && role
                  ? seam_printf("BEGIN;\nCREATE TABLE %s AS SELECT %s, %s FROM %s;\n"
                                "ALTER TABLE %s ADD PRIMARY KEY (%s);\n"
                                "GRANT SELECT, INSERT, UPDATE, DELETE ON %s TO %s;\n"
                                "-- the old name's view reads the columns that stay\n"
                                "DROP VIEW IF EXISTS %s;\nALTER TABLE %s %s;\n"
                                "CREATE VIEW %s AS SELECT * FROM %s;\nCOMMIT;\n",
                                to, keys, list, from, to, keys, to, role, view, from, drops, view,
                                from)
                  : NULL;
        free(from), free(to), free(view), free(role);
    } else if (qnew && keys && list && drops) {
        /*
         * SQLite: the copy only. Its DROP COLUMN refuses a column an index, a view or a
         * trigger uses; the rationale says to drop them once no code writes them.
         */
        char *from = pl_ident(table), *index = seam_printf("%s_key", cut);
        char *qindex = index ? pl_ident(index) : NULL;
        sql = from && qindex ? seam_printf("BEGIN;\nCREATE TABLE %s AS SELECT %s, %s FROM %s;\n"
                                           "CREATE UNIQUE INDEX %s ON %s (%s);\nCOMMIT;\n",
                                           qnew, keys, list, from, qindex, qnew, keys)
                             : NULL;
        free(from), free(index), free(qindex);
    }
    free(newname), free(cut), free(qnew), free(keys), free(list), free(drops);
    return sql;
}

static int table_steps(pl_ctx *c, const char *table, int owner)
{
    const seam_model *m = c->m;
    int ns = m->nservices, nw = 0, oom = 0, rc = SEAM_OK;
    int t = seam_schema_find_table(&m->schema, table);
    const seam_table *tb = t >= 0 ? &m->schema.tables[t] : NULL;
    char **cols = calloc((size_t)ns + 1, sizeof *cols);
    unsigned char *writer = calloc((size_t)ns + 1, 1);
    if (!cols || !writer) {
        free(cols), free(writer);
        return SEAM_ENOMEM;
    }
    for (int i = 0; i < m->nsql_sites; i++) {
        int s = pl_site_service(c, i);
        if (s >= 0 && site_writes(&m->sql_sites[i], table))
            writer[s] = 1;
    }
    for (int s = 0; s < ns; s++)
        nw += writer[s] && s != owner;
    /* only the owner writes it: nothing to cut */
    if (nw == 0) {
        free(cols), free(writer);
        return SEAM_OK;
    }
    /* splittable: a key, every writer's columns known and disjoint from the others' */
    int split = tb && tb->nprimary_key > 0;
    const char *why_not = split ? NULL : "it has no primary key to split it by";
    for (int s = 0; s < ns && !oom; s++)
        if (writer[s] && !(cols[s] = written_columns(c, s, table, tb, &oom)) && split) {
            split = 0;
            why_not = "some of its writes (a DELETE, an INSERT without a column list) set "
                      "columns seam cannot name";
        }
    for (int a = 0; split && a < ns; a++)
        for (int b = a + 1; split && b < ns; b++)
            if (cols[a] && cols[b] && overlap(cols[a], cols[b])) {
                split = 0;
                why_not = "two writers set the same columns";
            }
    for (int s = 0; split && s < ns; s++)
        if (writer[s] && s != owner && cols[s] && strlen(cols[s]) < 2) {
            split = 0;
            why_not = "a writer sets no column of its own";
        }
    const char *on = m->services[owner].name;
    char *writers = seam_strdup("");
    for (int s = 0; writers && s < ns; s++)
        if (writer[s])
            writers = pl_join(writers, *writers ? ", " : "", seam_strdup(m->services[s].name));
    for (int s = 0; rc == SEAM_OK && !oom && writers && s < ns; s++) {
        if (!split)
            break;
        if (!writer[s] || s == owner)
            continue;
        char *plain = column_list(cols[s], 0);
        int st =
            plain ? pl_step_add(c, SEAM_PLAN_STAGE_TIES, "split_table", m->services[s].name, table,
                                seam_printf("split columns %s of table %s off to service %s", plain,
                                            table, m->services[s].name))
                  : -1;
        if (st < 0) {
            free(plain);
            rc = SEAM_ENOMEM;
            break;
        }
        pl_step_table(c, st, table);
        for (int i = 0; i < m->nsql_sites && rc == SEAM_OK; i++)
            if (pl_site_service(c, i) == s && site_writes(&m->sql_sites[i], table))
                rc = pl_step_site(c, st, i);
        char *own = column_list(cols[owner] ? cols[owner] : ",", 0);
        if (rc == SEAM_OK)
            rc = pl_step_why(c, st,
                             own ? seam_printf("%s is written by services %s. Service %s writes "
                                               "only %s, which no other writer touches; the "
                                               "owner %s writes %s. Those columns move, with the "
                                               "key, to a table of %s's own; the sites listed "
                                               "write there.%s",
                                               table, writers, m->services[s].name, plain, on,
                                               *own ? own : "none of them", m->services[s].name,
                                               m->schema.dialect == SEAM_DIALECT_SQLITE
                                                   ? " SQLite: the script copies them; drop them "
                                                     "from the table (ALTER TABLE ... DROP "
                                                     "COLUMN, one each) once no code writes them."
                                                   : "")
                                 : NULL);
        free(own), free(plain);
        if (rc == SEAM_OK)
            rc = pl_step_after_table(c, st, table);
        if (rc == SEAM_OK)
            rc = c->has_db ? pl_step_sql(c, st, split_sql(c, owner, s, table, tb, cols[s]))
                           : pl_step_note(c, st, seam_strdup("No database was inspected: no SQL."));
        if (rc == SEAM_OK)
            rc = pl_step_risk(c, st, "high");
    }
    if (rc == SEAM_OK && !split && !oom && writers) {
        int st = pl_step_add(c, SEAM_PLAN_STAGE_TIES, "data_service", on, table,
                             seam_printf("table %s, written by services %s, becomes a data "
                                         "service that every writer calls",
                                         table, writers));
        if (st < 0)
            rc = SEAM_ENOMEM;
        if (rc == SEAM_OK)
            pl_step_table(c, st, table);
        for (int i = 0; i < m->nsql_sites && rc == SEAM_OK; i++) {
            int s = pl_site_service(c, i);
            if (s >= 0 && s != owner && site_writes(&m->sql_sites[i], table))
                rc = pl_step_site(c, st, i);
        }
        if (rc == SEAM_OK)
            rc =
                pl_step_why(c, st,
                            seam_printf("%s is written by services %s, and %s: it cannot be "
                                        "split by column. A data service owns it (starting as "
                                        "%s's module), and every other writer's sites (listed) "
                                        "call it instead of writing the table.",
                                        table, writers, why_not ? why_not : "it cannot split", on));
        if (rc == SEAM_OK)
            rc = pl_step_after_table(c, st, table);
        if (rc == SEAM_OK)
            rc = pl_step_note(c, st, seam_strdup("A code change: no SQL."));
        if (rc == SEAM_OK)
            rc = pl_step_risk(c, st, "high");
    }
    if (rc == SEAM_OK && (oom || !writers))
        rc = SEAM_ENOMEM;
    free(writers);
    for (int s = 0; s < ns; s++)
        free(cols[s]);
    free(cols), free(writer);
    return rc;
}

int pl_ties_shared(pl_ctx *c)
{
    int rc = SEAM_OK;
    for (int i = 0; i < c->nstrangler && rc == SEAM_OK; i++) {
        const seam_service *sv = &c->m->services[c->strangler[i]];
        for (int k = 0; k < sv->ntables && rc == SEAM_OK; k++)
            if (pl_owner_of(c, sv->tables[k]) == c->strangler[i])
                rc = table_steps(c, sv->tables[k], c->strangler[i]);
    }
    return rc;
}
