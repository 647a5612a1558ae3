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

#define OOM(d) ((d)->oom = 1)

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

/* A sequence OWNED BY table.column (serial, identity). */
static void add_owned_sequence(ddl *d, const char *seqname, const char *type, const char *table,
                               const char *column)
{
    seam_sequence *sq = NULL;
    for (int i = 0; i < d->s->nsequences && !sq; i++)
        if (strcmp(d->s->sequences[i].name, seqname) == 0)
            sq = &d->s->sequences[i];
    if (!sq && !(sq = inspect_sequence_add(d->s, seqname)))
        return (void)OOM(d);
    if (inspect_set(&sq->type, type) || inspect_set(&sq->owner_table, table) ||
        inspect_set(&sq->owner_column, column))
        OOM(d);
}

/* PostgreSQL's name for an unnamed constraint: <rel>_<cols>_<label>. */
static char *ddl_constraint_name(const char *table, const char **cols, int ncols, const char *label)
{
    return inspect_pg_object_name(inspect_ddl_names_rel(table), (char *const *)cols, ncols, label);
}

static const char *fk_action(const char *code)
{
    switch (code ? code[0] : 'a') {
    case 'r':
        return "RESTRICT";
    case 'c':
        return "CASCADE";
    case 'n':
        return "SET NULL";
    case 'd':
        return "SET DEFAULT";
    default:
        return "NO ACTION";
    }
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
 * foreign key. Returns the foreign key added, for DEFERRABLE attributes
 * that follow a column's REFERENCES.
 */
static seam_foreign_key *add_constraint(ddl *d, const char *table, const cJSON *con,
                                        const char *column)
{
    const char *type = jstr(con, "contype"), *conname = jstr(con, "conname");
    const char *cols[64];
    int ncols = 0;
    seam_table *t = inspect_ddl_table_find(d, table);
    if (!type || !t)
        return NULL;
    int pk = strcmp(type, "CONSTR_PRIMARY") == 0, uq = strcmp(type, "CONSTR_UNIQUE") == 0;
    if (pk || uq) {
        ncols =
            column ? (cols[0] = column, 1) : inspect_ddl_names_svals(jget(con, "keys"), cols, 64);
        char *name = conname
                         ? seam_strdup(conname)
                         : ddl_constraint_name(table, cols, pk ? 0 : ncols, pk ? "pkey" : "key");
        if (!name)
            return OOM(d), NULL;
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
                if (inspect_strv_push(&t->primary_key, &t->nprimary_key, cols[i]))
                    OOM(d);
            }
            return NULL;
        }
        seam_unique *u = inspect_unique_add(t, name);
        free(name);
        for (int i = 0; u && i < ncols; i++)
            if (inspect_strv_push(&u->columns, &u->ncolumns, cols[i]))
                OOM(d);
        if (!u)
            OOM(d);
        return NULL;
    }
    if (strcmp(type, "CONSTR_FOREIGN") != 0)
        return NULL; /* CHECK, EXCLUDE, NOT NULL handled elsewhere or not read */
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
    seam_foreign_key *fk = to && name ? inspect_fk_add(d->s, name, table, to) : NULL;
    free(to);
    free(name);
    if (!fk)
        return OOM(d), NULL;
    /* No referenced columns: the referenced table's primary key, filled in at the end. */
    for (int i = 0; i < ncols; i++)
        if (inspect_fk_add_column(fk, cols[i], i < nto ? to_cols[i] : ""))
            OOM(d);
    if (inspect_set(&fk->on_delete, fk_action(jstr(con, "fk_del_action"))) ||
        inspect_set(&fk->on_update, fk_action(jstr(con, "fk_upd_action"))))
        OOM(d);
    fk->deferrable = jbool(con, "deferrable");
    fk->initially_deferred = jbool(con, "initdeferred");
    return fk;
}

static void set_identity(ddl *d, const char *table, const char *column, const cJSON *con)
{
    seam_column *c = inspect_ddl_table_column(inspect_ddl_table_find(d, table), column);
    if (!c)
        return;
    const char *when = jstr(con, "generated_when");
    c->not_null = 1;
    if (inspect_set(&c->identity, when && *when == 'a' ? "always" : "by_default"))
        return (void)OOM(d);
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
        return (void)OOM(d);
    add_owned_sequence(d, seq, c->type, table, column);
    free(seq);
}

static void add_column(ddl *d, const char *table, const cJSON *cd)
{
    seam_table *t = inspect_ddl_table_find(d, table);
    const char *name = jstr(cd, "colname");
    if (!t || !name || inspect_ddl_table_column(t, name))
        return;
    int serial;
    char *type = inspect_ddl_text_type_name(jget(cd, "typeName"), &serial);
    seam_column *c = type ? inspect_column_append(t, name, type, 0) : NULL;
    free(type);
    if (!c)
        return (void)OOM(d);
    if (serial) {
        /* serial: an integer column, NOT NULL, defaulting to its own sequence's nextval. */
        char nsp[128];
        const char *cols[1] = {name};
        char *rel = ddl_constraint_name(table, cols, 1, "seq");
        char *seq =
            rel ? inspect_seam_name(inspect_ddl_names_schema(table, nsp, sizeof nsp), rel) : NULL;
        char *def = seq ? seam_printf("nextval('%s'::regclass)", seq) : NULL;
        c->not_null = 1;
        if (!def || inspect_set(&c->default_value, def))
            OOM(d);
        else
            add_owned_sequence(d, seq, c->type, table, name);
        free(rel);
        free(seq);
        free(def);
    }
    seam_foreign_key *last_fk = NULL;
    const cJSON *e;
    cJSON_ArrayForEach(e, jget(cd, "constraints"))
    {
        const cJSON *con = jget(e, "Constraint");
        const char *type_ = jstr(con, "contype");
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
            if (inspect_set(&c->generated, "stored"))
                OOM(d);
            free(c->generated_expr);
            c->generated_expr = inspect_ddl_text_paren(d, jint(con, "location"));
        } else if (strcmp(type_, "CONSTR_IDENTITY") == 0) {
            set_identity(d, table, name, con);
        } else if (strcmp(type_, "CONSTR_ATTR_DEFERRABLE") == 0 && last_fk) {
            last_fk->deferrable = 1;
        } else if (strcmp(type_, "CONSTR_ATTR_NOT_DEFERRABLE") == 0 && last_fk) {
            last_fk->deferrable = 0;
        } else if (strcmp(type_, "CONSTR_ATTR_DEFERRED") == 0 && last_fk) {
            last_fk->initially_deferred = 1;
        } else if (strcmp(type_, "CONSTR_ATTR_IMMEDIATE") == 0 && last_fk) {
            last_fk->initially_deferred = 0;
        } else {
            seam_foreign_key *fk = add_constraint(d, table, con, name);
            if (fk)
                last_fk = fk;
        }
    }
}

static void add_partition(ddl *d, const char *child, const char *parent)
{
    if (strcmp(child, parent) == 0)
        return; /* PostgreSQL refuses it too */
    ddl_part *np = realloc(d->parts, (size_t)(d->nparts + 1) * sizeof *np);
    if (!np)
        return (void)OOM(d);
    d->parts = np;
    np[d->nparts] = (ddl_part){seam_strdup(child), seam_strdup(parent)};
    if (!np[d->nparts].child || !np[d->nparts].parent)
        OOM(d);
    d->nparts++;
}

void inspect_ddl_table_create(ddl *d, const cJSON *cs)
{
    char *name = inspect_ddl_names_rv(d, jget(cs, "relation"));
    if (!name)
        return (void)OOM(d);
    if (!inspect_ddl_table_find(d, name)) {
        if (!inspect_table_add(d->s, name))
            OOM(d);
        const cJSON *e;
        cJSON_ArrayForEach(e, jget(cs, "tableElts"))
        {
            if (jget(e, "ColumnDef"))
                add_column(d, name, jget(e, "ColumnDef"));
            else if (jget(e, "Constraint"))
                add_constraint(d, name, jget(e, "Constraint"), NULL);
        }
        /* CREATE TABLE p PARTITION OF parent: p is folded into parent at the end. */
        if (jget(cs, "partbound")) {
            char *parent = inspect_ddl_names_rv(
                d, jget(cJSON_GetArrayItem(jget(cs, "inhRelations"), 0), "RangeVar"));
            if (parent)
                add_partition(d, name, parent);
            free(parent);
        }
    }
    free(name);
}

static void drop_column(seam_table *t, const char *name)
{
    for (int c = 0; c < t->ncolumns; c++) {
        if (strcmp(t->columns[c].name, name) != 0)
            continue;
        seam_column *col = &t->columns[c];
        free(col->name);
        free(col->type);
        free(col->default_value);
        free(col->identity);
        free(col->generated);
        free(col->generated_expr);
        free(col->comment);
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

void inspect_ddl_table_alter(ddl *d, const cJSON *as)
{
    const char *objtype = jstr(as, "objtype");
    if (objtype && strcmp(objtype, "OBJECT_TABLE") != 0)
        return;
    char *table = inspect_ddl_names_rv(d, jget(as, "relation"));
    if (!table)
        return (void)OOM(d);
    const cJSON *e;
    cJSON_ArrayForEach(e, jget(as, "cmds"))
    {
        const cJSON *cmd = jget(e, "AlterTableCmd");
        const char *sub = jstr(cmd, "subtype"), *col = jstr(cmd, "name");
        const cJSON *def = jget(cmd, "def");
        seam_table *t = inspect_ddl_table_find(d, table);
        if (!sub || !t)
            continue;
        seam_column *c = col ? inspect_ddl_table_column(t, col) : NULL;
        if (strcmp(sub, "AT_AddColumn") == 0) {
            add_column(d, table, jget(def, "ColumnDef"));
        } else if (strcmp(sub, "AT_DropColumn") == 0 && col) {
            drop_column(t, col);
        } else if (strcmp(sub, "AT_AlterColumnType") == 0 && c) {
            int serial;
            char *type =
                inspect_ddl_text_type_name(jget(jget(def, "ColumnDef"), "typeName"), &serial);
            if (!type)
                OOM(d);
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
            add_constraint(d, table, jget(def, "Constraint"), NULL);
        } else if (strcmp(sub, "AT_DropConstraint") == 0 && col) {
            drop_constraint(d, table, col);
        } else if (strcmp(sub, "AT_AddIdentity") == 0 && col) {
            set_identity(d, table, col, jget(def, "Constraint"));
        } else if (strcmp(sub, "AT_AttachPartition") == 0) {
            char *child = inspect_ddl_names_rv(d, jget(jget(def, "PartitionCmd"), "name"));
            if (child)
                add_partition(d, child, table);
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
}

void inspect_ddl_table_index(ddl *d, const cJSON *is)
{
    char *table = inspect_ddl_names_rv(d, jget(is, "relation"));
    if (!table)
        return (void)OOM(d);
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
    seam_index *ix = name ? inspect_index_add(d->s, name, table) : NULL;
    free(name);
    free(table);
    if (!ix)
        return (void)OOM(d);
    ix->unique = unique;
    ix->primary = primary;
    if (inspect_set(&ix->method, jstr(is, "accessMethod") ? jstr(is, "accessMethod") : "btree"))
        OOM(d);
    int k = 0;
    cJSON_ArrayForEach(e, jget(is, "indexParams"))
    {
        const char *col = jstr(jget(e, "IndexElem"), "name");
        char *expr = col ? NULL : inspect_ddl_text_index_expr(d, k);
        if (inspect_strv_push(&ix->columns, &ix->ncolumns,
                              col    ? col
                              : expr ? expr
                                     : "(expression)"))
            OOM(d);
        free(expr);
        k++;
    }
    if (jget(is, "whereClause")) {
        ix->partial = 1;
        ix->predicate = inspect_ddl_text_where(d);
    }
}
