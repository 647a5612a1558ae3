/*
 * inspect_ddl_table.c - PostgreSQL DDL that shapes tables: CREATE TABLE
 * (columns, serial, identity, generated, constraints, PARTITION OF), ALTER
 * TABLE (columns, types, NOT NULL, defaults, constraints, identity,
 * partitions, triggers) and CREATE INDEX.
 */
#include "inspect_ddl_postgres_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * The table named exactly name, or NULL; an emptied name (a dropped table's)
 * matches nothing. Tables are not sorted while statements apply: a linear search.
 */
seam_table *inspect_ddl_table_find(const ddl *d, const char *name)
{
    for (int i = 0; name && *name && i < d->s->ntables; i++)
        if (strcmp(d->s->tables[i].name, name) == 0)
            return &d->s->tables[i];
    return NULL;
}

/* t's column named exactly name (t may be NULL), or NULL. */
seam_column *inspect_ddl_table_column(seam_table *t, const char *name)
{
    for (int c = 0; t && c < t->ncolumns; c++)
        if (strcmp(t->columns[c].name, name) == 0)
            return &t->columns[c];
    return NULL;
}

/* A sequence OWNED BY table.column (serial, identity). 0 or SEAM_ENOMEM. */
static int add_owned_sequence(ddl *d, const char *seqname, const char *type, const char *table,
                              const char *column)
{
    seam_sequence *sq = NULL;
    for (int i = 0; i < d->s->nsequences && !sq; i++)
        if (strcmp(d->s->sequences[i].name, seqname) == 0)
            sq = &d->s->sequences[i];
    if (!sq && !(sq = inspect_schema_sequence_add(d->s, seqname)))
        return SEAM_ENOMEM;
    if (inspect_schema_set(&sq->type, type) || inspect_schema_set(&sq->owner_table, table) ||
        inspect_schema_set(&sq->owner_column, column))
        return SEAM_ENOMEM;
    return SEAM_OK;
}

/* PostgreSQL's name for an unnamed constraint: <rel>_<cols>_<label>. */
static char *ddl_constraint_name(const char *table, const char **cols, int ncols, const char *label)
{
    return inspect_schema_pg_object_name(inspect_ddl_names_rel(table), (char *const *)cols, ncols,
                                         label);
}

/* <rel>_<cols>_fkey, with a number appended when the table has a constraint of that name. */
static char *fk_name(const ddl *d, const char *table, const char **cols, int ncols)
{
    char *base = ddl_constraint_name(table, cols, ncols, "fkey");
    char *name = seam_strdup(base);
    for (int k = 1; name; k++) {
        int taken = 0;
        for (int i = 0; i < d->s->nforeign_keys && !taken; i++)
            taken = d->s->foreign_keys[i].name && !strcmp(d->s->foreign_keys[i].name, name) &&
                    !strcmp(d->s->foreign_keys[i].from_table, table);
        if (!taken)
            break;
        free(name);
        name = seam_printf("%s%d", base, k);
    }
    free(base);
    return name;
}

/*
 * A table constraint (or a column's, with column set): primary key, unique,
 * foreign key. *added (may be NULL) is the foreign key added, or NULL, for
 * DEFERRABLE attributes that follow a column's REFERENCES. 0 or SEAM_ENOMEM.
 */
static int add_constraint(ddl *d, const char *table, const cJSON *con, const char *column,
                          seam_foreign_key **added)
{
    const char *type = jstr(con, "contype"), *conname = jstr(con, "conname");
    const char *cols[64];
    int ncols = 0;
    seam_table *t = inspect_ddl_table_find(d, table);
    if (added)
        *added = NULL;
    if (!type || !t)
        return SEAM_OK;
    int pk = strcmp(type, "CONSTR_PRIMARY") == 0, uq = strcmp(type, "CONSTR_UNIQUE") == 0;
    if (pk || uq) {
        ncols =
            column ? (cols[0] = column, 1) : inspect_ddl_names_svals(jget(con, "keys"), cols, 64);
        char *name = conname
                         ? seam_strdup(conname)
                         : ddl_constraint_name(table, cols, pk ? 0 : ncols, pk ? "pkey" : "key");
        if (!name)
            return SEAM_ENOMEM;
        if (pk) {
            for (int i = 0; i < t->nprimary_key; i++)
                free(t->primary_key[i]);
            t->nprimary_key = 0;
            free(t->primary_key_name);
            t->primary_key_name = name;
            for (int i = 0; i < ncols; i++) {
                seam_column *c = inspect_ddl_table_column(t, cols[i]);
                if (c)
                    c->not_null = 1; /* a primary key implies NOT NULL */
                if (inspect_schema_strv_push(&t->primary_key, &t->nprimary_key, cols[i]))
                    return SEAM_ENOMEM;
            }
            return SEAM_OK;
        }
        seam_unique *u = inspect_schema_unique_add(t, name);
        free(name);
        if (!u)
            return SEAM_ENOMEM;
        for (int i = 0; i < ncols; i++)
            if (inspect_schema_strv_push(&u->columns, &u->ncolumns, cols[i]))
                return SEAM_ENOMEM;
        return SEAM_OK;
    }
    if (strcmp(type, "CONSTR_FOREIGN") != 0)
        return SEAM_OK; /* CHECK, EXCLUDE, NOT NULL handled elsewhere or not read */
    ncols =
        column ? (cols[0] = column, 1) : inspect_ddl_names_svals(jget(con, "fk_attrs"), cols, 64);
    const char *to_cols[64];
    int nto = inspect_ddl_names_svals(jget(con, "pk_attrs"), to_cols, 64);
    /*
     * Named now, as PostgreSQL names it when the constraint is made: a later
     * RENAME of the table or column does not rename the constraint.
     */
    char *name = conname ? seam_strdup(conname) : fk_name(d, table, cols, ncols);
    char *to = inspect_ddl_names_rv(d, jget(con, "pktable"));
    seam_foreign_key *fk = to && name ? inspect_schema_fk_add(d->s, name, table, to) : NULL;
    free(to);
    free(name);
    if (!fk)
        return SEAM_ENOMEM;
    /* No referenced columns: the referenced table's primary key, filled in at the end. */
    for (int i = 0; i < ncols; i++)
        if (inspect_schema_fk_add_column(fk, cols[i], i < nto ? to_cols[i] : ""))
            return SEAM_ENOMEM;
    if (inspect_schema_set(&fk->on_delete, inspect_fk_action(jstr(con, "fk_del_action"))) ||
        inspect_schema_set(&fk->on_update, inspect_fk_action(jstr(con, "fk_upd_action"))))
        return SEAM_ENOMEM;
    fk->deferrable = jbool(con, "deferrable");
    fk->initially_deferred = jbool(con, "initdeferred");
    if (added)
        *added = fk;
    return SEAM_OK;
}

static int set_identity(ddl *d, const char *table, const char *column, const cJSON *con)
{
    seam_column *c = inspect_ddl_table_column(inspect_ddl_table_find(d, table), column);
    if (!c)
        return SEAM_OK;
    const char *when = jstr(con, "generated_when");
    c->not_null = 1;
    if (inspect_schema_set(&c->identity, when && *when == 'a' ? "always" : "by_default"))
        return SEAM_ENOMEM;
    /* The sequence: SEQUENCE NAME when given, else <rel>_<col>_seq beside the table. */
    char *seq = NULL;
    const cJSON *opt;
    cJSON_ArrayForEach(opt, jget(con, "options"))
    {
        const cJSON *def = jget(opt, "DefElem");
        if (jstr(def, "defname") && strcmp(jstr(def, "defname"), "sequence_name") == 0)
            seq = inspect_ddl_names_list(jget(jget(jget(def, "arg"), "List"), "items"),
                                         d->search_schema);
    }
    if (!seq) {
        char nsp[128];
        const char *cols[1] = {column};
        char *rel = ddl_constraint_name(table, cols, 1, "seq");
        seq = rel ? inspect_seam_name(inspect_ddl_names_schema(table, nsp, sizeof nsp), rel) : NULL;
        free(rel);
    }
    if (!seq)
        return SEAM_ENOMEM;
    int rc = add_owned_sequence(d, seq, c->type, table, column);
    free(seq);
    return rc;
}

static int add_column(ddl *d, const char *table, const cJSON *cd)
{
    seam_table *t = inspect_ddl_table_find(d, table);
    const char *name = jstr(cd, "colname");
    if (!t || !name || inspect_ddl_table_column(t, name))
        return SEAM_OK;
    int serial;
    char *type = inspect_ddl_text_type_name(jget(cd, "typeName"), &serial);
    seam_column *c = type ? inspect_schema_column_append(t, name, type, 0) : NULL;
    free(type);
    if (!c)
        return SEAM_ENOMEM;
    if (serial) {
        /* serial: an integer column, NOT NULL, defaulting to its own sequence's nextval. */
        char nsp[128];
        const char *cols[1] = {name};
        char *rel = ddl_constraint_name(table, cols, 1, "seq");
        char *seq =
            rel ? inspect_seam_name(inspect_ddl_names_schema(table, nsp, sizeof nsp), rel) : NULL;
        char *def = seq ? seam_printf("nextval('%s'::regclass)", seq) : NULL;
        c->not_null = 1;
        int rc = !def || inspect_schema_set(&c->default_value, def)
                     ? SEAM_ENOMEM
                     : add_owned_sequence(d, seq, c->type, table, name);
        free(rel);
        free(seq);
        free(def);
        if (rc)
            return rc;
    }
    seam_foreign_key *last_fk = NULL;
    const cJSON *e;
    cJSON_ArrayForEach(e, jget(cd, "constraints"))
    {
        const cJSON *con = jget(e, "Constraint");
        const char *type_ = jstr(con, "contype");
        int rc = SEAM_OK;
        if (!type_)
            continue;
        /* Pointers into t->columns stay valid: only other arrays grow below. */
        if (strcmp(type_, "CONSTR_NOTNULL") == 0) {
            c->not_null = 1;
        } else if (strcmp(type_, "CONSTR_NULL") == 0) {
            c->not_null = 0;
        } else if (strcmp(type_, "CONSTR_DEFAULT") == 0) {
            char *text = inspect_ddl_text_expr(d, jint(con, "location") + 7 /* DEFAULT */, 1);
            free(c->default_value);
            c->default_value = text;
        } else if (strcmp(type_, "CONSTR_GENERATED") == 0) {
            if (inspect_schema_set(&c->generated, "stored"))
                return SEAM_ENOMEM;
            free(c->generated_expr);
            c->generated_expr = inspect_ddl_text_paren(d, jint(con, "location"));
        } else if (strcmp(type_, "CONSTR_IDENTITY") == 0) {
            rc = set_identity(d, table, name, con);
        } else if (strcmp(type_, "CONSTR_ATTR_DEFERRABLE") == 0 && last_fk) {
            last_fk->deferrable = 1;
        } else if (strcmp(type_, "CONSTR_ATTR_NOT_DEFERRABLE") == 0 && last_fk) {
            last_fk->deferrable = 0;
        } else if (strcmp(type_, "CONSTR_ATTR_DEFERRED") == 0 && last_fk) {
            last_fk->initially_deferred = 1;
        } else if (strcmp(type_, "CONSTR_ATTR_IMMEDIATE") == 0 && last_fk) {
            last_fk->initially_deferred = 0;
        } else {
            seam_foreign_key *fk;
            rc = add_constraint(d, table, con, name, &fk);
            if (fk)
                last_fk = fk;
        }
        if (rc)
            return rc;
    }
    return SEAM_OK;
}

static int add_partition(ddl *d, const char *child, const char *parent)
{
    if (strcmp(child, parent) == 0)
        return SEAM_OK; /* PostgreSQL refuses it too */
    ddl_part *np = realloc(d->parts, (size_t)(d->nparts + 1) * sizeof *np);
    if (!np)
        return SEAM_ENOMEM;
    d->parts = np;
    np[d->nparts] = (ddl_part){seam_strdup(child), seam_strdup(parent)};
    d->nparts++; /* counted even when half made: ddl_free frees it */
    return np[d->nparts - 1].child && np[d->nparts - 1].parent ? SEAM_OK : SEAM_ENOMEM;
}

int inspect_ddl_table_create(ddl *d, const cJSON *cs)
{
    char *name = inspect_ddl_names_rv(d, jget(cs, "relation"));
    if (!name)
        return SEAM_ENOMEM;
    int rc = SEAM_OK;
    if (!inspect_ddl_table_find(d, name)) {
        if (!inspect_schema_table_add(d->s, name))
            rc = SEAM_ENOMEM;
        const cJSON *e;
        cJSON_ArrayForEach(e, jget(cs, "tableElts"))
        {
            if (rc)
                break;
            if (jget(e, "ColumnDef"))
                rc = add_column(d, name, jget(e, "ColumnDef"));
            else if (jget(e, "Constraint"))
                rc = add_constraint(d, name, jget(e, "Constraint"), NULL, NULL);
        }
        /* CREATE TABLE p PARTITION OF parent: p is folded into parent at the end. */
        if (rc == SEAM_OK && jget(cs, "partbound")) {
            const cJSON *rv = jget(cJSON_GetArrayItem(jget(cs, "inhRelations"), 0), "RangeVar");
            char *parent = inspect_ddl_names_rv(d, rv);
            /* No name with a relname is no memory; without one, nothing to attach. */
            rc = parent                ? add_partition(d, name, parent)
                 : jstr(rv, "relname") ? SEAM_ENOMEM
                                       : SEAM_OK;
            free(parent);
        }
    }
    free(name);
    return rc;
}

static void drop_column(seam_table *t, const char *name)
{
    for (int c = 0; c < t->ncolumns; c++) {
        if (strcmp(t->columns[c].name, name) != 0)
            continue;
        seam_column *col = &t->columns[c];
        seam_column_free(col);
        memmove(col, col + 1, (size_t)(t->ncolumns - c - 1) * sizeof *col);
        t->ncolumns--;
        return;
    }
}

static void drop_constraint(ddl *d, const char *table, const char *name)
{
    seam_table *t = inspect_ddl_table_find(d, table);
    if (t && t->primary_key_name && strcmp(t->primary_key_name, name) == 0) {
        for (int i = 0; i < t->nprimary_key; i++)
            free(t->primary_key[i]);
        t->nprimary_key = 0;
        free(t->primary_key_name);
        t->primary_key_name = NULL;
    }
    for (int u = 0; t && u < t->nuniques; u++)
        if (strcmp(t->uniques[u].name, name) == 0) {
            free(t->uniques[u].name);
            for (int i = 0; i < t->uniques[u].ncolumns; i++)
                free(t->uniques[u].columns[i]);
            free(t->uniques[u].columns);
            memmove(&t->uniques[u], &t->uniques[u + 1],
                    (size_t)(t->nuniques - u - 1) * sizeof *t->uniques);
            t->nuniques--;
            break;
        }
    /* A foreign key's name is freed here; the emptied entry is dropped at the end. */
    for (int i = 0; i < d->s->nforeign_keys; i++) {
        seam_foreign_key *fk = &d->s->foreign_keys[i];
        if (fk->name && strcmp(fk->name, name) == 0 && strcmp(fk->from_table, table) == 0)
            fk->from_table[0] = '\0';
    }
}

int inspect_ddl_table_alter(ddl *d, const cJSON *as)
{
    const char *objtype = jstr(as, "objtype");
    if (objtype && strcmp(objtype, "OBJECT_TABLE") != 0)
        return SEAM_OK;
    char *table = inspect_ddl_names_rv(d, jget(as, "relation"));
    if (!table)
        return SEAM_ENOMEM;
    int rc = SEAM_OK;
    const cJSON *e;
    cJSON_ArrayForEach(e, jget(as, "cmds"))
    {
        if (rc)
            break;
        const cJSON *cmd = jget(e, "AlterTableCmd");
        const char *sub = jstr(cmd, "subtype"), *col = jstr(cmd, "name");
        const cJSON *def = jget(cmd, "def");
        seam_table *t = inspect_ddl_table_find(d, table);
        if (!sub || !t)
            continue;
        seam_column *c = col ? inspect_ddl_table_column(t, col) : NULL;
        if (strcmp(sub, "AT_AddColumn") == 0) {
            rc = add_column(d, table, jget(def, "ColumnDef"));
        } else if (strcmp(sub, "AT_DropColumn") == 0 && col) {
            drop_column(t, col);
        } else if (strcmp(sub, "AT_AlterColumnType") == 0 && c) {
            int serial;
            char *type =
                inspect_ddl_text_type_name(jget(jget(def, "ColumnDef"), "typeName"), &serial);
            if (!type)
                rc = SEAM_ENOMEM;
            else {
                free(c->type);
                c->type = type;
            }
        } else if (strcmp(sub, "AT_SetNotNull") == 0 && c) {
            c->not_null = 1;
        } else if (strcmp(sub, "AT_DropNotNull") == 0 && c) {
            c->not_null = 0;
        } else if (strcmp(sub, "AT_ColumnDefault") == 0 && c) {
            long at = def ? inspect_ddl_text_find_words(d, "SET", "DEFAULT") : -1;
            free(c->default_value);
            c->default_value = at >= 0 ? inspect_ddl_text_expr(d, at, 0) : NULL;
        } else if (strcmp(sub, "AT_AddConstraint") == 0) {
            rc = add_constraint(d, table, jget(def, "Constraint"), NULL, NULL);
        } else if (strcmp(sub, "AT_DropConstraint") == 0 && col) {
            drop_constraint(d, table, col);
        } else if (strcmp(sub, "AT_AddIdentity") == 0 && col) {
            rc = set_identity(d, table, col, jget(def, "Constraint"));
        } else if (strcmp(sub, "AT_AttachPartition") == 0) {
            const cJSON *rv = jget(jget(def, "PartitionCmd"), "name");
            char *child = inspect_ddl_names_rv(d, rv);
            rc = child                 ? add_partition(d, child, table)
                 : jstr(rv, "relname") ? SEAM_ENOMEM
                                       : SEAM_OK;
            free(child);
        } else if ((strcmp(sub, "AT_EnableTrig") == 0 || strcmp(sub, "AT_DisableTrig") == 0) &&
                   col) {
            for (int i = 0; i < d->s->ntriggers; i++)
                if (strcmp(d->s->triggers[i].name, col) == 0 &&
                    strcmp(d->s->triggers[i].table, table) == 0)
                    d->s->triggers[i].enabled = strcmp(sub, "AT_EnableTrig") == 0;
        }
    }
    free(table);
    return rc;
}

int inspect_ddl_table_index(ddl *d, const cJSON *is)
{
    char *table = inspect_ddl_names_rv(d, jget(is, "relation"));
    if (!table)
        return SEAM_ENOMEM;
    const char *cols[64];
    int ncols = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, jget(is, "indexParams"))
    {
        const char *name = jstr(jget(e, "IndexElem"), "name");
        if (ncols < 64)
            cols[ncols++] = name ? name : "expr";
    }
    int unique = jbool(is, "unique"), primary = jbool(is, "primary");
    char *name = jstr(is, "idxname") ? seam_strdup(jstr(is, "idxname"))
                                     : ddl_constraint_name(table, cols, primary ? 0 : ncols,
                                                           primary  ? "pkey"
                                                           : unique ? "key"
                                                                    : "idx");
    seam_index *ix = name ? inspect_schema_index_add(d->s, name, table) : NULL;
    free(name);
    free(table);
    if (!ix)
        return SEAM_ENOMEM;
    ix->unique = unique;
    ix->primary = primary;
    if (inspect_schema_set(&ix->method,
                           jstr(is, "accessMethod") ? jstr(is, "accessMethod") : "btree"))
        return SEAM_ENOMEM;
    int k = 0;
    cJSON_ArrayForEach(e, jget(is, "indexParams"))
    {
        const char *col = jstr(jget(e, "IndexElem"), "name");
        char *expr = col ? NULL : inspect_ddl_text_index_expr(d, k);
        int rc = inspect_schema_strv_push(&ix->columns, &ix->ncolumns,
                                          col    ? col
                                          : expr ? expr
                                                 : "(expression)");
        free(expr);
        if (rc)
            return rc;
        k++;
    }
    if (jget(is, "whereClause")) {
        ix->partial = 1;
        ix->predicate = inspect_ddl_text_where(d);
    }
    return SEAM_OK;
}
