/*
 * inspect_ddl_finish.c - what a PostgreSQL DDL file means once it is read
 * to the end, made to look like what the live database's catalog would say:
 * dropped objects gone, partitions folded into their root (their foreign
 * keys with them), foreign keys without referenced columns pointed at the
 * primary key, the indexes PostgreSQL creates for primary keys and unique
 * constraints, trigger functions' languages and what their bodies touch,
 * and references to tables that do not exist dropped.
 */
#include "inspect_ddl_postgres_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_relation(const ddl *d, const char *name, int views)
{
    if (inspect_ddl_table_find(d, name))
        return 1;
    for (int i = 0; views && *name && i < d->s->nviews; i++)
        if (strcmp(d->s->views[i].name, name) == 0 && (views == 2 || d->s->views[i].materialized))
            return 1;
    return 0;
}

/* Removes the elements for which keep() is false, freeing them. */
#define FILTER(arr, n, keep, release)                                                              \
    do {                                                                                           \
        int kept_ = 0;                                                                             \
        for (int i_ = 0; i_ < (n); i_++) {                                                         \
            if (keep)                                                                              \
                (arr)[kept_++] = (arr)[i_];                                                        \
            else                                                                                   \
                release(&(arr)[i_]);                                                               \
        }                                                                                          \
        (n) = kept_;                                                                               \
    } while (0)

/* Whether name's schema is one of o->schemas (all when none is given). */
static int selected(const inspector_options *o, const char *name)
{
    if (!o->nschemas)
        return 1;
    const char *dot = strchr(name, '.');
    size_t len = dot ? (size_t)(dot - name) : 6;
    const char *nsp = dot ? name : "public";
    for (int i = 0; i < o->nschemas; i++)
        if (strlen(o->schemas[i]) == len && strncmp(o->schemas[i], nsp, len) == 0)
            return 1;
    return 0;
}

/* Drops what was dropped (empty names), what is not selected, and what refers to neither. */
static void prune(ddl *d, const inspector_options *o)
{
    seam_schema *s = d->s;
    FILTER(s->tables, s->ntables, s->tables[i_].name[0] && selected(o, s->tables[i_].name),
           seam_table_free);
    FILTER(s->views, s->nviews, s->views[i_].name[0] && selected(o, s->views[i_].name), seam_view_free);
    FILTER(s->sequences, s->nsequences,
           s->sequences[i_].name[0] && selected(o, s->sequences[i_].name), seam_sequence_free);
    FILTER(s->foreign_keys, s->nforeign_keys,
           s->foreign_keys[i_].from_table[0] &&
               inspect_ddl_table_find(d, s->foreign_keys[i_].from_table) &&
               inspect_ddl_table_find(d, s->foreign_keys[i_].to_table),
           seam_foreign_key_free);
    FILTER(s->indexes, s->nindexes,
           s->indexes[i_].name[0] && is_relation(d, s->indexes[i_].table, 1), seam_index_free);
    FILTER(s->triggers, s->ntriggers,
           s->triggers[i_].name[0] && is_relation(d, s->triggers[i_].table, 2), seam_trigger_free);
    for (int i = 0; i < s->nsequences; i++) {
        seam_sequence *sq = &s->sequences[i];
        if (sq->owner_table && !inspect_ddl_table_find(d, sq->owner_table)) {
            free(sq->owner_table);
            free(sq->owner_column);
            sq->owner_table = sq->owner_column = NULL;
        }
    }
}

/* The partition's top-level root (parents of parents), or NULL when it is none. */
static const char *root_of(const ddl *d, const char *name)
{
    const char *root = NULL, *start = name;
    for (int hops = 0; hops < 64; hops++) {
        const char *parent = NULL;
        for (int i = 0; i < d->nparts && !parent; i++)
            if (strcmp(d->parts[i].child, name) == 0)
                parent = d->parts[i].parent;
        if (!parent)
            break;
        root = name = parent;
        if (strcmp(root, start) == 0)
            return NULL; /* a cycle, which no server would accept: no root */
    }
    return root;
}

static int map_name(const ddl *d, char **field)
{
    const char *root = *field ? root_of(d, *field) : NULL;
    return root ? inspect_schema_set(field, root) : SEAM_OK;
}

/* Partitions folded into their root: PostgreSQL's catalog view of the same tables. */
static int fold_partitions(ddl *d)
{
    seam_schema *s = d->s;
    for (int i = 0; i < s->ntables; i++) {
        const char *root = root_of(d, s->tables[i].name);
        seam_table *rt = root ? inspect_ddl_table_find(d, root) : NULL;
        if (!rt)
            continue;
        if (inspect_schema_strv_push(&rt->partitions, &rt->npartitions, s->tables[i].name))
            return SEAM_ENOMEM;
    }
    for (int i = 0; i < s->nforeign_keys; i++)
        if (map_name(d, &s->foreign_keys[i].from_table) ||
            map_name(d, &s->foreign_keys[i].to_table))
            return SEAM_ENOMEM;
    for (int i = 0; i < s->ntriggers; i++)
        if (map_name(d, &s->triggers[i].table))
            return SEAM_ENOMEM;
    for (int i = 0; i < s->nsequences; i++)
        if (map_name(d, &s->sequences[i].owner_table))
            return SEAM_ENOMEM;
    /* A partition's own indexes are children of the root's, as in pg_index. */
    for (int i = 0; i < s->nindexes; i++)
        if (root_of(d, s->indexes[i].table))
            s->indexes[i].name[0] = '\0';
    for (int i = 0; i < s->ntables; i++)
        if (root_of(d, s->tables[i].name) &&
            inspect_ddl_table_find(d, root_of(d, s->tables[i].name)))
            s->tables[i].name[0] = '\0';
    return SEAM_OK;
}

/* REFERENCES t without columns: t's primary key. Unresolvable ones are dropped. */
static int fill_referenced_columns(ddl *d)
{
    for (int i = 0; i < d->s->nforeign_keys; i++) {
        seam_foreign_key *fk = &d->s->foreign_keys[i];
        if (!fk->ncolumns || fk->to_columns[0][0])
            continue;
        const seam_table *to = inspect_ddl_table_find(d, fk->to_table);
        if (!to || to->nprimary_key != fk->ncolumns) {
            fk->from_table[0] = '\0';
            continue;
        }
        for (int c = 0; c < fk->ncolumns; c++)
            if (inspect_schema_set(&fk->to_columns[c], to->primary_key[c]))
                return SEAM_ENOMEM;
    }
    return SEAM_OK;
}

static int add_key_index(ddl *d, const char *table, const char *name, char **cols, int n,
                         int primary)
{
    for (int i = 0; i < d->s->nindexes; i++)
        if (strcmp(d->s->indexes[i].name, name) == 0 && strcmp(d->s->indexes[i].table, table) == 0)
            return SEAM_OK;
    seam_index *ix = inspect_schema_index_add(d->s, name, table);
    if (!ix || inspect_schema_set(&ix->method, "btree"))
        return SEAM_ENOMEM;
    ix->unique = 1;
    ix->primary = primary;
    for (int c = 0; c < n; c++)
        if (inspect_schema_strv_push(&ix->columns, &ix->ncolumns, cols[c]))
            return SEAM_ENOMEM;
    return SEAM_OK;
}

/* The unique indexes behind primary keys and unique constraints, named as the constraint. */
static int key_indexes(ddl *d)
{
    for (int i = 0; i < d->s->ntables; i++) {
        seam_table *t = &d->s->tables[i];
        if (t->nprimary_key && t->primary_key_name &&
            add_key_index(d, t->name, t->primary_key_name, t->primary_key, t->nprimary_key, 1))
            return SEAM_ENOMEM;
        for (int u = 0; u < t->nuniques; u++)
            if (add_key_index(d, t->name, t->uniques[u].name, t->uniques[u].columns,
                              t->uniques[u].ncolumns, 0))
                return SEAM_ENOMEM;
    }
    return SEAM_OK;
}

/* Each trigger's function: its language and, for SQL and PL/pgSQL, what its body touches. */
static int trigger_functions(ddl *d)
{
    for (int i = 0; i < d->s->ntriggers; i++) {
        seam_trigger *tg = &d->s->triggers[i];
        const ddl_fn *fn = NULL;
        for (int k = 0; k < d->nfns; k++)
            if (tg->function && strcmp(d->fns[k].name, tg->function) == 0)
                fn = &d->fns[k]; /* the last definition wins (CREATE OR REPLACE) */
        if (!fn)
            continue;
        if (inspect_schema_set(&tg->language, fn->language) ||
            inspect_body_refs(fn->language, fn->body, &tg->tables, &tg->ntables))
            return SEAM_ENOMEM;
    }
    return SEAM_OK;
}

static int schema_names(ddl *d)
{
    seam_schema *s = d->s;
    /* Every database has public (pg_dump does not create it). */
    if (inspect_schema_strv_push(&s->schemas, &s->nschemas, "public"))
        return SEAM_ENOMEM;
    for (int pass = 0; pass < 3; pass++) {
        int n = pass == 0 ? s->ntables : pass == 1 ? s->nviews : s->nsequences;
        for (int i = 0; i < n; i++) {
            const char *name = pass == 0   ? s->tables[i].name
                               : pass == 1 ? s->views[i].name
                                           : s->sequences[i].name;
            const char *dot = strchr(name, '.');
            if (!dot)
                continue;
            char *nsp = strndup(name, (size_t)(dot - name));
            int rc = nsp ? inspect_schema_strv_push(&s->schemas, &s->nschemas, nsp) : SEAM_ENOMEM;
            free(nsp);
            if (rc)
                return rc;
        }
    }
    return SEAM_OK;
}

static void select_schemas(ddl *d, const inspector_options *o)
{
    if (!o->nschemas)
        return;
    seam_schema *s = d->s;
    int kept = 0;
    for (int i = 0; i < s->nschemas; i++) {
        int keep = 0;
        for (int k = 0; k < o->nschemas && !keep; k++)
            keep = strcmp(s->schemas[i], o->schemas[k]) == 0;
        if (keep)
            s->schemas[kept++] = s->schemas[i];
        else
            free(s->schemas[i]);
    }
    s->nschemas = kept;
}

/* The first of o->schemas the file does not define (a typo reads nothing at all), or NULL. */
static const char *missing_schema(const seam_schema *s, const inspector_options *o)
{
    for (int k = 0; k < o->nschemas; k++) {
        int found = 0;
        for (int i = 0; i < s->nschemas && !found; i++)
            found = strcmp(s->schemas[i], o->schemas[k]) == 0;
        if (!found)
            return o->schemas[k];
    }
    return NULL;
}

int inspect_ddl_finish(ddl *d, const inspector_options *o, const char **missing)
{
    inspector_options all;
    inspector_options_init(&all);
    prune(d, &all); /* what DROP removed */
    if (fold_partitions(d) || fill_referenced_columns(d))
        return SEAM_ENOMEM;
    prune(d, &all);
    if (key_indexes(d) || trigger_functions(d) || schema_names(d))
        return SEAM_ENOMEM;
    if ((*missing = missing_schema(d->s, o)) != NULL)
        return SEAM_EINPUT;
    prune(d, o);
    select_schemas(d, o);
    return SEAM_OK;
}
