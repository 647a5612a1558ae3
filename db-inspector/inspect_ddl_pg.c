/*
 * inspect_ddl_pg.c - a schema from PostgreSQL DDL: the file is parsed with
 * libpg_query (PostgreSQL's own grammar) and its statements applied in
 * order, as a server would, to an initially empty database: CREATE
 * SCHEMA/TABLE/INDEX/VIEW/MATERIALIZED VIEW/SEQUENCE/FUNCTION/TRIGGER,
 * ALTER TABLE (columns, constraints, defaults, identity, partitions,
 * triggers), ALTER SEQUENCE OWNED BY, COMMENT ON, DROP, RENAME and SET
 * search_path. pg_dump -s output and migration scripts read alike.
 * Statements that define nothing seam reads (SET, GRANT, INSERT, CREATE
 * TYPE, ...) are passed over.
 */
#include "inspect_ddl_pg.h"

#include <pg_query.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OOM(d) ((d)->oom = 1)

static char *rv_name(const ddl *d, const cJSON *rv)
{
    const char *nsp = jstr(rv, "schemaname");
    return inspect_seam_name(nsp ? nsp : d->search_schema, jstr(rv, "relname"));
}

/* The relation's own name, from which PostgreSQL builds constraint names. */
static const char *rel_of(const char *name)
{
    const char *dot = strchr(name, '.');
    return dot ? dot + 1 : name;
}

/* The schema part of a seam name ("public" when none), into buf. */
static const char *schema_of(const char *name, char *buf, size_t n)
{
    const char *dot = strchr(name, '.');
    snprintf(buf, n, "%.*s", dot ? (int)(dot - name) : 6, dot ? name : "public");
    return buf;
}

static seam_column *find_column(seam_table *t, const char *name)
{
    for (int c = 0; t && c < t->ncolumns; c++)
        if (strcmp(t->columns[c].name, name) == 0)
            return &t->columns[c];
    return NULL;
}

/* String nodes of a list, as a vector (borrowed pointers into the tree). */
static int svals(const cJSON *list, const char **out, int max)
{
    int n = 0;
    const cJSON *e;
    cJSON_ArrayForEach(e, list)
    {
        const char *v = jsval(e);
        if (v && n < max)
            out[n++] = v;
    }
    return n;
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
static char *constraint_name(const char *table, const char **cols, int ncols, const char *label)
{
    return inspect_pg_object_name(rel_of(table), (char *const *)cols, ncols, label);
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
    char *base = constraint_name(table, cols, ncols, "fkey");
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
    seam_table *t = ddl_table(d, table);
    if (!type || !t)
        return NULL;
    int pk = strcmp(type, "CONSTR_PRIMARY") == 0, uq = strcmp(type, "CONSTR_UNIQUE") == 0;
    if (pk || uq) {
        ncols = column ? (cols[0] = column, 1) : svals(jget(con, "keys"), cols, 64);
        char *name = conname ? seam_strdup(conname)
                             : constraint_name(table, cols, pk ? 0 : ncols, pk ? "pkey" : "key");
        if (!name)
            return OOM(d), NULL;
        if (pk) {
            for (int i = 0; i < t->nprimary_key; i++)
                free(t->primary_key[i]);
            t->nprimary_key = 0;
            free(t->primary_key_name);
            t->primary_key_name = name;
            for (int i = 0; i < ncols; i++) {
                seam_column *c = find_column(t, cols[i]);
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
    ncols = column ? (cols[0] = column, 1) : svals(jget(con, "fk_attrs"), cols, 64);
    const char *to_cols[64];
    int nto = svals(jget(con, "pk_attrs"), to_cols, 64);
    /*
     * Named now, as PostgreSQL names it when the constraint is made: a later
     * RENAME of the table or column does not rename the constraint.
     */
    char *name = conname ? seam_strdup(conname) : fk_name(d, table, cols, ncols);
    char *to = rv_name(d, jget(con, "pktable"));
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
    seam_column *c = find_column(ddl_table(d, table), column);
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
            seq = jname_list(jget(jget(jget(def, "arg"), "List"), "items"), d->search_schema);
    }
    if (!seq) {
        char nsp[128];
        const char *cols[1] = {column};
        char *rel = constraint_name(table, cols, 1, "seq");
        seq = rel ? inspect_seam_name(schema_of(table, nsp, sizeof nsp), rel) : NULL;
        free(rel);
    }
    if (!seq)
        return (void)OOM(d);
    add_owned_sequence(d, seq, c->type, table, column);
    free(seq);
}

static void add_column(ddl *d, const char *table, const cJSON *cd)
{
    seam_table *t = ddl_table(d, table);
    const char *name = jstr(cd, "colname");
    if (!t || !name || find_column(t, name))
        return;
    int serial;
    char *type = ddl_type_name(jget(cd, "typeName"), &serial);
    seam_column *c = type ? inspect_column_append(t, name, type, 0) : NULL;
    free(type);
    if (!c)
        return (void)OOM(d);
    if (serial) {
        /* serial: an integer column, NOT NULL, defaulting to its own sequence's nextval. */
        char nsp[128];
        const char *cols[1] = {name};
        char *rel = constraint_name(table, cols, 1, "seq");
        char *seq = rel ? inspect_seam_name(schema_of(table, nsp, sizeof nsp), rel) : NULL;
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
            char *text = ddl_expr_text(d, jint(con, "location") + 7 /* DEFAULT */, 1);
            free(c->default_value);
            c->default_value = text;
        } else if (strcmp(type_, "CONSTR_GENERATED") == 0) {
            if (inspect_set(&c->generated, "stored"))
                OOM(d);
            free(c->generated_expr);
            c->generated_expr = ddl_paren_text(d, jint(con, "location"));
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

static void on_create_table(ddl *d, const cJSON *cs)
{
    char *name = rv_name(d, jget(cs, "relation"));
    if (!name)
        return (void)OOM(d);
    if (!ddl_table(d, name)) {
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
            char *parent =
                rv_name(d, jget(cJSON_GetArrayItem(jget(cs, "inhRelations"), 0), "RangeVar"));
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
    seam_table *t = ddl_table(d, table);
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

static void on_alter_table(ddl *d, const cJSON *as)
{
    const char *objtype = jstr(as, "objtype");
    if (objtype && strcmp(objtype, "OBJECT_TABLE") != 0)
        return;
    char *table = rv_name(d, jget(as, "relation"));
    if (!table)
        return (void)OOM(d);
    const cJSON *e;
    cJSON_ArrayForEach(e, jget(as, "cmds"))
    {
        const cJSON *cmd = jget(e, "AlterTableCmd");
        const char *sub = jstr(cmd, "subtype"), *col = jstr(cmd, "name");
        const cJSON *def = jget(cmd, "def");
        seam_table *t = ddl_table(d, table);
        if (!sub || !t)
            continue;
        seam_column *c = col ? find_column(t, col) : NULL;
        if (strcmp(sub, "AT_AddColumn") == 0) {
            add_column(d, table, jget(def, "ColumnDef"));
        } else if (strcmp(sub, "AT_DropColumn") == 0 && col) {
            drop_column(t, col);
        } else if (strcmp(sub, "AT_AlterColumnType") == 0 && c) {
            int serial;
            char *type = ddl_type_name(jget(jget(def, "ColumnDef"), "typeName"), &serial);
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
            long at = def ? ddl_find_words(d, "SET", "DEFAULT") : -1;
            free(c->default_value);
            c->default_value = at >= 0 ? ddl_expr_text(d, at, 0) : NULL;
        } else if (strcmp(sub, "AT_AddConstraint") == 0) {
            add_constraint(d, table, jget(def, "Constraint"), NULL);
        } else if (strcmp(sub, "AT_DropConstraint") == 0 && col) {
            drop_constraint(d, table, col);
        } else if (strcmp(sub, "AT_AddIdentity") == 0 && col) {
            set_identity(d, table, col, jget(def, "Constraint"));
        } else if (strcmp(sub, "AT_AttachPartition") == 0) {
            char *child = rv_name(d, jget(jget(def, "PartitionCmd"), "name"));
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

static void on_index(ddl *d, const cJSON *is)
{
    char *table = rv_name(d, jget(is, "relation"));
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
                                     : constraint_name(table, cols, primary ? 0 : ncols,
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
        char *expr = col ? NULL : ddl_index_expr(d, k);
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
        ix->predicate = ddl_where_text(d);
    }
}

/* A view (or materialized view): its raw dependencies are the RangeVars of its query. */
static void add_view(ddl *d, const cJSON *rv, const cJSON *query, int materialized)
{
    char *name = rv_name(d, rv);
    if (!name)
        return (void)OOM(d);
    for (int i = 0; i < d->s->nviews; i++)
        if (strcmp(d->s->views[i].name, name) == 0) {
            /* CREATE OR REPLACE VIEW: the new definition wins */
            for (int k = 0; k < d->s->views[i].ntables; k++)
                free(d->s->views[i].tables[k]);
            d->s->views[i].ntables = 0;
            d->s->views[i].name[0] = '\0';
        }
    seam_view *v = inspect_view_add(d->s, name, materialized);
    free(name);
    seam_table_ref *refs = NULL;
    int n = 0;
    if (!v || inspect_json_refs(query, &refs, &n))
        OOM(d);
    for (int i = 0; v && i < n; i++)
        if (inspect_strv_push(&v->tables, &v->ntables, refs[i].table))
            OOM(d);
    inspect_refs_free(refs, n);
}

static void on_trigger(ddl *d, const cJSON *ts)
{
    char *table = rv_name(d, jget(ts, "relation"));
    char *fn = jname_list(jget(ts, "funcname"), d->search_schema);
    seam_trigger *tg = table && fn ? inspect_trigger_add(d->s, jstr(ts, "trigname"), table) : NULL;
    free(table);
    if (!tg || !jstr(ts, "trigname")) {
        free(fn);
        return (void)OOM(d);
    }
    tg->function = fn;
    long timing = jint(ts, "timing"), events = jint(ts, "events");
    if (inspect_set(&tg->timing, timing & 64 ? "INSTEAD OF" : timing & 2 ? "BEFORE" : "AFTER"))
        OOM(d);
    static const struct {
        long bit;
        const char *name;
    } ev[] = {{4, "INSERT"}, {16, "UPDATE"}, {8, "DELETE"}, {32, "TRUNCATE"}};
    for (size_t i = 0; i < sizeof ev / sizeof *ev; i++)
        if ((events & ev[i].bit) && inspect_strv_push(&tg->events, &tg->nevents, ev[i].name))
            OOM(d);
    tg->for_each_row = jbool(ts, "row");
}

static void on_function(ddl *d, const cJSON *fs)
{
    char *name = jname_list(jget(fs, "funcname"), d->search_schema);
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
        return (void)OOM(d);
    }
    d->fns = nf;
    /* Later definitions (CREATE OR REPLACE) come later in the array and win the lookup. */
    nf[d->nfns++] = (ddl_fn){name, seam_strdup(language), seam_strdup(body)};
}

static void on_sequence(ddl *d, const cJSON *ss, int create)
{
    char *name = rv_name(d, jget(ss, "sequence"));
    if (!name)
        return (void)OOM(d);
    seam_sequence *sq = NULL;
    for (int i = 0; i < d->s->nsequences && !sq; i++)
        if (strcmp(d->s->sequences[i].name, name) == 0)
            sq = &d->s->sequences[i];
    if (!sq && create && !(sq = inspect_sequence_add(d->s, name)))
        OOM(d);
    free(name);
    if (!sq)
        return;
    if (create && inspect_set(&sq->type, "bigint"))
        OOM(d);
    const cJSON *e;
    cJSON_ArrayForEach(e, jget(ss, "options"))
    {
        const cJSON *def = jget(e, "DefElem");
        const char *key = jstr(def, "defname");
        if (key && strcmp(key, "as") == 0) {
            int serial;
            char *type = ddl_type_name(jget(def, "arg") ? jget(jget(def, "arg"), "TypeName") : NULL,
                                       &serial);
            free(sq->type);
            sq->type = type;
        } else if (key && strcmp(key, "owned_by") == 0) {
            const char *parts[3];
            int n = svals(jget(jget(jget(def, "arg"), "List"), "items"), parts, 3);
            free(sq->owner_table);
            free(sq->owner_column);
            sq->owner_table = sq->owner_column = NULL;
            if (n >= 2) {
                sq->owner_table =
                    inspect_seam_name(n == 3 ? parts[0] : d->search_schema, parts[n - 2]);
                sq->owner_column = seam_strdup(parts[n - 1]);
            }
        }
    }
}

static void on_comment(ddl *d, const cJSON *cs)
{
    const char *type = jstr(cs, "objtype"), *comment = jstr(cs, "comment");
    const char *parts[4];
    int n = svals(jget(jget(jget(cs, "object"), "List"), "items"), parts, 4);
    if (!type || n < 1)
        return;
    int column = strcmp(type, "OBJECT_COLUMN") == 0;
    int rel = n - (column ? 2 : 1);
    if (rel < 0)
        return;
    char *name = inspect_seam_name(rel > 0 ? parts[rel - 1] : d->search_schema, parts[rel]);
    if (!name)
        return (void)OOM(d);
    seam_table *t = ddl_table(d, name);
    char **field = NULL;
    if (column)
        field = find_column(t, parts[n - 1]) ? &find_column(t, parts[n - 1])->comment : NULL;
    else if (strcmp(type, "OBJECT_TABLE") == 0 && t)
        field = &t->comment;
    else if (strcmp(type, "OBJECT_VIEW") == 0 || strcmp(type, "OBJECT_MATVIEW") == 0)
        for (int i = 0; i < d->s->nviews; i++)
            if (strcmp(d->s->views[i].name, name) == 0)
                field = &d->s->views[i].comment;
    if (field && inspect_set(field, comment))
        OOM(d);
    free(name);
}

/* Marks a dropped object by emptying its name; ddl_finish removes what is marked. */
static void on_drop(ddl *d, const cJSON *ds)
{
    const char *type = jstr(ds, "removeType");
    if (!type)
        return;
    const cJSON *obj;
    cJSON_ArrayForEach(obj, jget(ds, "objects"))
    {
        const cJSON *items = jget(jget(obj, "List"), "items");
        const char *parts[4];
        int n = svals(items, parts, 4);
        if (strcmp(type, "OBJECT_TRIGGER") == 0) {
            char *table = n >= 2 ? jname_list(items, d->search_schema) : NULL;
            /* [schema,] table, trigger: the list's last is the trigger */
            free(table);
            table = n >= 2 ? inspect_seam_name(n == 3 ? parts[0] : d->search_schema, parts[n - 2])
                           : NULL;
            for (int i = 0; table && i < d->s->ntriggers; i++)
                if (strcmp(d->s->triggers[i].table, table) == 0 &&
                    strcmp(d->s->triggers[i].name, parts[n - 1]) == 0)
                    d->s->triggers[i].name[0] = '\0';
            free(table);
            continue;
        }
        char *name = n ? jname_list(items, d->search_schema) : NULL;
        if (!name)
            continue;
        if (strcmp(type, "OBJECT_TABLE") == 0) {
            seam_table *t = ddl_table(d, name);
            if (t)
                t->name[0] = '\0';
        } else if (strcmp(type, "OBJECT_VIEW") == 0 || strcmp(type, "OBJECT_MATVIEW") == 0) {
            for (int i = 0; i < d->s->nviews; i++)
                if (strcmp(d->s->views[i].name, name) == 0)
                    d->s->views[i].name[0] = '\0';
        } else if (strcmp(type, "OBJECT_INDEX") == 0) {
            for (int i = 0; i < d->s->nindexes; i++)
                if (strcmp(d->s->indexes[i].name, rel_of(name)) == 0)
                    d->s->indexes[i].name[0] = '\0';
        } else if (strcmp(type, "OBJECT_SEQUENCE") == 0) {
            for (int i = 0; i < d->s->nsequences; i++)
                if (strcmp(d->s->sequences[i].name, name) == 0)
                    d->s->sequences[i].name[0] = '\0';
        }
        free(name);
    }
}

/* Every string field naming table old is renamed to new. */
static void rename_table(ddl *d, const char *old, const char *new_name)
{
    seam_schema *s = d->s;
#define RENAME(field)                                                                              \
    do {                                                                                           \
        if ((field) && strcmp((field), old) == 0 && inspect_set(&(field), new_name))               \
            OOM(d);                                                                                \
    } while (0)
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
}

static void rename_column(ddl *d, const char *table, const char *old, const char *new_name)
{
    seam_table *t = ddl_table(d, table);
    seam_column *c = find_column(t, old);
    if (!c)
        return;
#define RENAME(field)                                                                              \
    do {                                                                                           \
        if (strcmp((field), old) == 0 && inspect_set(&(field), new_name))                          \
            OOM(d);                                                                                \
    } while (0)
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
}

static void on_rename(ddl *d, const cJSON *rs)
{
    const char *type = jstr(rs, "renameType"), *new_name = jstr(rs, "newname");
    char *rel = jget(rs, "relation") ? rv_name(d, jget(rs, "relation")) : NULL;
    if (type && new_name && rel) {
        if (strcmp(type, "OBJECT_TABLE") == 0) {
            char nsp[128];
            char *to = inspect_seam_name(schema_of(rel, nsp, sizeof nsp), new_name);
            if (to)
                rename_table(d, rel, to);
            free(to);
        } else if (strcmp(type, "OBJECT_COLUMN") == 0 && jstr(rs, "subname")) {
            rename_column(d, rel, jstr(rs, "subname"), new_name);
        }
    }
    free(rel);
}

static void on_set(ddl *d, const cJSON *vs)
{
    const char *name = jstr(vs, "name");
    if (!name || strcmp(name, "search_path") != 0)
        return;
    free(d->search_schema);
    d->search_schema = NULL;
    const cJSON *a;
    cJSON_ArrayForEach(a, jget(vs, "args"))
    {
        const char *v = jstr(jget(jget(a, "A_Const"), "sval"), "sval");
        if (v && strcmp(v, "$user") != 0 && strcmp(v, "pg_catalog") != 0) {
            d->search_schema = seam_strdup(v);
            break;
        }
    }
}

static void apply(ddl *d, const cJSON *stmt)
{
    const cJSON *node = stmt ? stmt->child : NULL;
    const char *kind = node ? node->string : NULL;
    if (!kind)
        return;
    if (strcmp(kind, "CreateStmt") == 0)
        on_create_table(d, node);
    else if (strcmp(kind, "AlterTableStmt") == 0)
        on_alter_table(d, node);
    else if (strcmp(kind, "IndexStmt") == 0)
        on_index(d, node);
    else if (strcmp(kind, "ViewStmt") == 0)
        add_view(d, jget(node, "view"), jget(node, "query"), 0);
    else if (strcmp(kind, "CreateTableAsStmt") == 0 && jstr(node, "objtype") &&
             strcmp(jstr(node, "objtype"), "OBJECT_MATVIEW") == 0)
        add_view(d, jget(jget(node, "into"), "rel"), jget(node, "query"), 1);
    else if (strcmp(kind, "CreateTrigStmt") == 0)
        on_trigger(d, node);
    else if (strcmp(kind, "CreateFunctionStmt") == 0)
        on_function(d, node);
    else if (strcmp(kind, "CreateSeqStmt") == 0)
        on_sequence(d, node, 1);
    else if (strcmp(kind, "AlterSeqStmt") == 0)
        on_sequence(d, node, 0);
    else if (strcmp(kind, "CommentStmt") == 0)
        on_comment(d, node);
    else if (strcmp(kind, "DropStmt") == 0)
        on_drop(d, node);
    else if (strcmp(kind, "RenameStmt") == 0)
        on_rename(d, node);
    else if (strcmp(kind, "VariableSetStmt") == 0)
        on_set(d, node);
    else if (strcmp(kind, "CreateSchemaStmt") == 0 && jstr(node, "schemaname") &&
             inspect_strv_push(&d->s->schemas, &d->s->nschemas, jstr(node, "schemaname")))
        OOM(d);
}

static void ddl_free(ddl *d)
{
    for (int i = 0; i < d->nfns; i++) {
        free(d->fns[i].name);
        free(d->fns[i].language);
        free(d->fns[i].body);
    }
    free(d->fns);
    for (int i = 0; i < d->nparts; i++) {
        free(d->parts[i].child);
        free(d->parts[i].parent);
    }
    free(d->parts);
    free(d->search_schema);
}

int inspect_ddl_pg_read(const char *path, const char *text, const inspector_options *o,
                        seam_schema *s, long *fail_offset, seam_err *err)
{
    char *copy = seam_strdup(text);
    if (!copy)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory reading '%s'", path);
    ddl_blank_meta_lines(copy);
    PgQueryParseResult r = pg_query_parse(copy);
    if (r.error) {
        /* cursorpos is 1-based, in bytes of the input; 0 when unknown. */
        long off = r.error->cursorpos > 0 ? r.error->cursorpos - 1 : 0;
        *fail_offset = off;
        seam_err_set(err, SEAM_EINPUT, "%s:%d: %s (read as PostgreSQL DDL)", path,
                     inspect_line_of(copy, off), r.error->message);
        pg_query_free_parse_result(r);
        free(copy);
        return SEAM_EINPUT;
    }
    cJSON *tree = cJSON_Parse(r.parse_tree);
    pg_query_free_parse_result(r);
    if (!tree) {
        free(copy);
        return seam_err_set(err, SEAM_EINPUT, "%s: the parse tree is too deep to read", path);
    }
    ddl d = {.path = path, .text = copy, .s = s};
    long len = (long)strlen(copy);
    const cJSON *e;
    cJSON_ArrayForEach(e, jget(tree, "stmts"))
    {
        d.stmt_start = jint(e, "stmt_location");
        d.stmt_end = jget(e, "stmt_len") ? d.stmt_start + jint(e, "stmt_len") : len;
        apply(&d, jget(e, "stmt"));
        if (d.oom)
            break;
    }
    cJSON_Delete(tree);
    int rc = d.oom ? SEAM_ENOMEM : ddl_finish(&d, o);
    ddl_free(&d);
    free(copy);
    if (rc != SEAM_OK)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory reading '%s'", path);
    return SEAM_OK;
}
