/*
 * inspect_ddl_objects.c - PostgreSQL DDL for everything around the tables:
 * views and materialized views, functions and triggers, sequences,
 * comments, DROP, RENAME, SET search_path.
 */
#include "inspect_ddl_postgres_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A view (or materialized view): its raw dependencies are the RangeVars of its query. */
int inspect_ddl_objects_view(ddl *d, const cJSON *rv, const cJSON *query, int materialized)
{
    char *name = inspect_ddl_names_rv(d, rv);
    if (!name)
        return SEAM_ENOMEM;
    for (int i = 0; i < d->s->nviews; i++)
        if (strcmp(d->s->views[i].name, name) == 0) {
            /* CREATE OR REPLACE VIEW: the new definition wins */
            for (int k = 0; k < d->s->views[i].ntables; k++)
                free(d->s->views[i].tables[k]);
            d->s->views[i].ntables = 0;
            d->s->views[i].name[0] = '\0';
        }
    seam_view *v = inspect_schema_view_add(d->s, name, materialized);
    free(name);
    seam_table_ref *refs = NULL;
    int n = 0;
    int rc = v ? inspect_json_refs(query, &refs, &n) : SEAM_ENOMEM;
    for (int i = 0; rc == SEAM_OK && i < n; i++)
        rc = inspect_schema_strv_push(&v->tables, &v->ntables, refs[i].table);
    inspect_schema_refs_free(refs, n);
    return rc;
}

int inspect_ddl_objects_trigger(ddl *d, const cJSON *ts)
{
    char *table = inspect_ddl_names_rv(d, jget(ts, "relation"));
    char *fn = inspect_ddl_names_list(jget(ts, "funcname"), d->search_schema);
    seam_trigger *tg =
        table && fn ? inspect_schema_trigger_add(d->s, jstr(ts, "trigname"), table) : NULL;
    free(table);
    if (!tg || !jstr(ts, "trigname")) {
        free(fn);
        return SEAM_ENOMEM;
    }
    tg->function = fn;
    long timing = jint(ts, "timing"), events = jint(ts, "events");
    if (inspect_schema_set(&tg->timing, timing & 64  ? "INSTEAD OF"
                                        : timing & 2 ? "BEFORE"
                                                     : "AFTER"))
        return SEAM_ENOMEM;
    static const struct {
        long bit;
        const char *name;
    } ev[] = {{4, "INSERT"}, {16, "UPDATE"}, {8, "DELETE"}, {32, "TRUNCATE"}};
    for (size_t i = 0; i < sizeof ev / sizeof *ev; i++)
        if ((events & ev[i].bit) && inspect_schema_strv_push(&tg->events, &tg->nevents, ev[i].name))
            return SEAM_ENOMEM;
    tg->for_each_row = jbool(ts, "row");
    return SEAM_OK;
}

int inspect_ddl_objects_function(ddl *d, const cJSON *fs)
{
    char *name = inspect_ddl_names_list(jget(fs, "funcname"), d->search_schema);
    const char *language = NULL, *body = NULL;
    const cJSON *e;
    cJSON_ArrayForEach(e, jget(fs, "options"))
    {
        const cJSON *def = jget(e, "DefElem");
        const char *key = jstr(def, "defname");
        if (key && strcmp(key, "language") == 0)
            language = jsval(jget(def, "arg"));
        else if (key && strcmp(key, "as") == 0)
            body = jsval(cJSON_GetArrayItem(jget(jget(jget(def, "arg"), "List"), "items"), 0));
    }
    ddl_fn *nf = name ? realloc(d->fns, (size_t)(d->nfns + 1) * sizeof *nf) : NULL;
    if (!nf) {
        free(name);
        return SEAM_ENOMEM;
    }
    d->fns = nf;
    /* Later definitions (CREATE OR REPLACE) come later in the array and win the lookup. */
    ddl_fn *fn = &nf[d->nfns++];
    *fn = (ddl_fn){name, seam_strdup(language), seam_strdup(body)};
    return (language && !fn->language) || (body && !fn->body) ? SEAM_ENOMEM : SEAM_OK;
}

int inspect_ddl_objects_sequence(ddl *d, const cJSON *ss, int create)
{
    char *name = inspect_ddl_names_rv(d, jget(ss, "sequence"));
    if (!name)
        return SEAM_ENOMEM;
    seam_sequence *sq = NULL;
    for (int i = 0; i < d->s->nsequences && !sq; i++)
        if (strcmp(d->s->sequences[i].name, name) == 0)
            sq = &d->s->sequences[i];
    int added = !sq && create && (sq = inspect_schema_sequence_add(d->s, name)) != NULL;
    free(name);
    if (!sq)
        return create && !added ? SEAM_ENOMEM : SEAM_OK; /* ALTER of an unknown one: nothing */
    if (create && inspect_schema_set(&sq->type, "bigint"))
        return SEAM_ENOMEM;
    const cJSON *e;
    cJSON_ArrayForEach(e, jget(ss, "options"))
    {
        const cJSON *def = jget(e, "DefElem");
        const char *key = jstr(def, "defname");
        if (key && strcmp(key, "as") == 0) {
            int serial;
            char *type = inspect_ddl_text_type_name(
                jget(def, "arg") ? jget(jget(def, "arg"), "TypeName") : NULL, &serial);
            if (!type)
                return SEAM_ENOMEM;
            free(sq->type);
            sq->type = type;
        } else if (key && strcmp(key, "owned_by") == 0) {
            const char *parts[3];
            int n =
                inspect_ddl_names_svals(jget(jget(jget(def, "arg"), "List"), "items"), parts, 3);
            free(sq->owner_table);
            free(sq->owner_column);
            sq->owner_table = sq->owner_column = NULL;
            if (n >= 2) {
                sq->owner_table =
                    inspect_seam_name(n == 3 ? parts[0] : d->search_schema, parts[n - 2]);
                sq->owner_column = seam_strdup(parts[n - 1]);
                if (!sq->owner_table || !sq->owner_column)
                    return SEAM_ENOMEM;
            }
        }
    }
    return SEAM_OK;
}

int inspect_ddl_objects_comment(ddl *d, const cJSON *cs)
{
    const char *type = jstr(cs, "objtype"), *comment = jstr(cs, "comment");
    const char *parts[4];
    int n = inspect_ddl_names_svals(jget(jget(jget(cs, "object"), "List"), "items"), parts, 4);
    if (!type || n < 1)
        return SEAM_OK;
    int column = strcmp(type, "OBJECT_COLUMN") == 0;
    int rel = n - (column ? 2 : 1);
    if (rel < 0)
        return SEAM_OK;
    char *name = inspect_seam_name(rel > 0 ? parts[rel - 1] : d->search_schema, parts[rel]);
    if (!name)
        return SEAM_ENOMEM;
    seam_table *t = inspect_ddl_table_find(d, name);
    char **field = NULL;
    if (column)
        field = inspect_ddl_table_column(t, parts[n - 1])
                    ? &inspect_ddl_table_column(t, parts[n - 1])->comment
                    : NULL;
    else if (strcmp(type, "OBJECT_TABLE") == 0 && t)
        field = &t->comment;
    else if (strcmp(type, "OBJECT_VIEW") == 0 || strcmp(type, "OBJECT_MATVIEW") == 0)
        for (int i = 0; i < d->s->nviews; i++)
            if (strcmp(d->s->views[i].name, name) == 0)
                field = &d->s->views[i].comment;
    int rc = field ? inspect_schema_set(field, comment) : SEAM_OK;
    free(name);
    return rc;
}

/* Marks a dropped object by emptying its name; inspect_ddl_finish removes what is marked. */
int inspect_ddl_objects_drop(ddl *d, const cJSON *ds)
{
    const char *type = jstr(ds, "removeType");
    if (!type)
        return SEAM_OK;
    const cJSON *obj;
    cJSON_ArrayForEach(obj, jget(ds, "objects"))
    {
        const cJSON *items = jget(jget(obj, "List"), "items");
        const char *parts[4];
        int n = inspect_ddl_names_svals(items, parts, 4);
        if (strcmp(type, "OBJECT_TRIGGER") == 0) {
            if (n < 2)
                continue;
            /* [schema,] table, trigger: the list's last is the trigger */
            char *table = inspect_seam_name(n == 3 ? parts[0] : d->search_schema, parts[n - 2]);
            if (!table)
                return SEAM_ENOMEM;
            for (int i = 0; i < d->s->ntriggers; i++)
                if (strcmp(d->s->triggers[i].table, table) == 0 &&
                    strcmp(d->s->triggers[i].name, parts[n - 1]) == 0)
                    d->s->triggers[i].name[0] = '\0';
            free(table);
            continue;
        }
        if (!n)
            continue;
        char *name = inspect_ddl_names_list(items, d->search_schema);
        if (!name)
            return SEAM_ENOMEM;
        if (strcmp(type, "OBJECT_TABLE") == 0) {
            seam_table *t = inspect_ddl_table_find(d, name);
            if (t)
                t->name[0] = '\0';
        } else if (strcmp(type, "OBJECT_VIEW") == 0 || strcmp(type, "OBJECT_MATVIEW") == 0) {
            for (int i = 0; i < d->s->nviews; i++)
                if (strcmp(d->s->views[i].name, name) == 0)
                    d->s->views[i].name[0] = '\0';
        } else if (strcmp(type, "OBJECT_INDEX") == 0) {
            for (int i = 0; i < d->s->nindexes; i++)
                if (strcmp(d->s->indexes[i].name, inspect_ddl_names_rel(name)) == 0)
                    d->s->indexes[i].name[0] = '\0';
        } else if (strcmp(type, "OBJECT_SEQUENCE") == 0) {
            for (int i = 0; i < d->s->nsequences; i++)
                if (strcmp(d->s->sequences[i].name, name) == 0)
                    d->s->sequences[i].name[0] = '\0';
        }
        free(name);
    }
    return SEAM_OK;
}

/* *field becomes new_name when it is old, unless *rc already says a rename failed. */
static void rename_field(char **field, const char *old, const char *new_name, int *rc)
{
    if (*rc == SEAM_OK && *field && strcmp(*field, old) == 0)
        *rc = inspect_schema_set(field, new_name);
}

/* Every string field naming table old is renamed to new_name. 0 or SEAM_ENOMEM. */
static int rename_table(ddl *d, const char *old, const char *new_name)
{
    seam_schema *s = d->s;
    int rc = SEAM_OK;
#define RENAME(field) rename_field(&(field), old, new_name, &rc)
    for (int i = 0; i < s->ntables; i++)
        RENAME(s->tables[i].name);
    for (int i = 0; i < s->nforeign_keys; i++) {
        RENAME(s->foreign_keys[i].from_table);
        RENAME(s->foreign_keys[i].to_table);
    }
    for (int i = 0; i < s->nindexes; i++)
        RENAME(s->indexes[i].table);
    for (int i = 0; i < s->ntriggers; i++)
        RENAME(s->triggers[i].table);
    for (int i = 0; i < s->nsequences; i++)
        RENAME(s->sequences[i].owner_table);
    for (int i = 0; i < s->nviews; i++)
        for (int k = 0; k < s->views[i].ntables; k++)
            RENAME(s->views[i].tables[k]);
    for (int i = 0; i < d->nparts; i++) {
        RENAME(d->parts[i].child);
        RENAME(d->parts[i].parent);
    }
#undef RENAME
    return rc;
}

/* Column old of table, and every key and index column naming it, renamed. 0 or SEAM_ENOMEM. */
static int rename_column(ddl *d, const char *table, const char *old, const char *new_name)
{
    seam_table *t = inspect_ddl_table_find(d, table);
    seam_column *c = inspect_ddl_table_column(t, old);
    if (!c)
        return SEAM_OK;
    int rc = SEAM_OK;
#define RENAME(field) rename_field(&(field), old, new_name, &rc)
    RENAME(c->name);
    for (int i = 0; i < t->nprimary_key; i++)
        RENAME(t->primary_key[i]);
    for (int u = 0; u < t->nuniques; u++)
        for (int i = 0; i < t->uniques[u].ncolumns; i++)
            RENAME(t->uniques[u].columns[i]);
    for (int f = 0; f < d->s->nforeign_keys; f++) {
        seam_foreign_key *fk = &d->s->foreign_keys[f];
        for (int i = 0; i < fk->ncolumns; i++) {
            if (strcmp(fk->from_table, table) == 0)
                RENAME(fk->from_columns[i]);
            if (strcmp(fk->to_table, table) == 0)
                RENAME(fk->to_columns[i]);
        }
    }
    for (int x = 0; x < d->s->nindexes; x++)
        if (strcmp(d->s->indexes[x].table, table) == 0)
            for (int i = 0; i < d->s->indexes[x].ncolumns; i++)
                RENAME(d->s->indexes[x].columns[i]);
#undef RENAME
    return rc;
}

int inspect_ddl_objects_rename(ddl *d, const cJSON *rs)
{
    const char *type = jstr(rs, "renameType"), *new_name = jstr(rs, "newname");
    const cJSON *rv = jget(rs, "relation");
    char *rel = rv ? inspect_ddl_names_rv(d, rv) : NULL;
    int rc = rel || !jstr(rv, "relname") ? SEAM_OK : SEAM_ENOMEM;
    if (type && new_name && rel) {
        if (strcmp(type, "OBJECT_TABLE") == 0) {
            char nsp[128];
            char *to = inspect_seam_name(inspect_ddl_names_schema(rel, nsp, sizeof nsp), new_name);
            rc = to ? rename_table(d, rel, to) : SEAM_ENOMEM;
            free(to);
        } else if (strcmp(type, "OBJECT_COLUMN") == 0 && jstr(rs, "subname")) {
            rc = rename_column(d, rel, jstr(rs, "subname"), new_name);
        }
    }
    free(rel);
    return rc;
}

int inspect_ddl_objects_set(ddl *d, const cJSON *vs)
{
    const char *name = jstr(vs, "name");
    if (!name || strcmp(name, "search_path") != 0)
        return SEAM_OK;
    free(d->search_schema);
    d->search_schema = NULL;
    const cJSON *a;
    cJSON_ArrayForEach(a, jget(vs, "args"))
    {
        const char *v = jstr(jget(jget(a, "A_Const"), "sval"), "sval");
        if (v && strcmp(v, "$user") != 0 && strcmp(v, "pg_catalog") != 0) {
            return (d->search_schema = seam_strdup(v)) ? SEAM_OK : SEAM_ENOMEM;
        }
    }
    return SEAM_OK;
}
