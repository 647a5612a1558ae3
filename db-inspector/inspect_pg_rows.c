/*
 * inspect_pg_rows.c - the rows of each catalog query (inspect_pg_sql.c,
 * which documents the columns) turned into schema facts.
 *
 * Rows of one object are consecutive (the queries order by its oid), so
 * each reader starts a new object when the first column changes.
 */
#include "inspect_pg_internal.h"

#include <cjson/cJSON.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *val(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? NULL : PQgetvalue(r, row, col);
}

static int is_true(PGresult *r, int row, int col)
{
    return !PQgetisnull(r, row, col) && PQgetvalue(r, row, col)[0] == 't';
}

static long long num(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? 0 : strtoll(PQgetvalue(r, row, col), NULL, 10);
}

/* Whether row starts a new object (column 0 differs from the previous row's). */
static int starts(PGresult *r, int row)
{
    return row == 0 || strcmp(PQgetvalue(r, row, 0), PQgetvalue(r, row - 1, 0)) != 0;
}

static seam_table *find_table(seam_schema *s, const char *name)
{
    int i = name ? inspect_schema_table_find(s, name) : -1;
    return i < 0 ? NULL : &s->tables[i];
}

/* A JSON array of strings (json_agg) appended to *v. */
static int push_json_names(const char *json, char ***v, int *n)
{
    if (!json)
        return SEAM_OK;
    cJSON *arr = cJSON_Parse(json);
    if (!arr)
        return SEAM_ENOMEM;
    int rc = SEAM_OK;
    const cJSON *e;
    cJSON_ArrayForEach(e, arr)
    {
        if (rc == SEAM_OK && cJSON_IsString(e))
            rc = inspect_schema_strv_push(v, n, e->valuestring);
    }
    cJSON_Delete(arr);
    return rc;
}

/* A row of INSPECT_PG_SQL_TABLES with the keys that order it: schema name, table oid, attnum. */
typedef struct table_row {
    const char *nsp;
    unsigned long long oid, attnum; /* ULLONG_MAX when NULL: NULLs sort last, as in SQL */
    int row;
} table_row;

static unsigned long long key_or_last(PGresult *r, int row, int col)
{
    return PQgetisnull(r, row, col) ? ULLONG_MAX : strtoull(PQgetvalue(r, row, col), NULL, 10);
}

/*
 * ORDER BY ns.nspname, r.oid, a.attnum, as the server would sort it: a
 * name compares bytewise (its collation is C), as strcmp does. No two rows
 * have the same keys; the row number only makes the order total.
 */
static int table_row_cmp(const void *a, const void *b)
{
    const table_row *x = a, *y = b;
    int c = strcmp(x->nsp, y->nsp);
    if (c)
        return c;
    if (x->oid != y->oid)
        return x->oid < y->oid ? -1 : 1;
    if (x->attnum != y->attnum)
        return x->attnum < y->attnum ? -1 : 1;
    return (x->row > y->row) - (x->row < y->row);
}

int inspect_pg_rows_tables(PGresult *r, seam_schema *s)
{
    int n = PQntuples(r);
    table_row *order = malloc((size_t)(n ? n : 1) * sizeof *order);
    if (!order)
        return SEAM_ENOMEM;
    for (int i = 0; i < n; i++)
        order[i] = (table_row){PQgetvalue(r, i, 0), key_or_last(r, i, 1), key_or_last(r, i, 13), i};
    qsort(order, (size_t)n, sizeof *order, table_row_cmp);

    seam_table *t = NULL;
    int rc = SEAM_OK;
    for (int k = 0; k < n && rc == SEAM_OK; k++) {
        int i = order[k].row, prev = k ? order[k - 1].row : -1;
        if (prev < 0 || strcmp(PQgetvalue(r, i, 0), PQgetvalue(r, prev, 0)) != 0)
            if (inspect_schema_strv_push(&s->schemas, &s->nschemas, PQgetvalue(r, i, 0)))
                rc = SEAM_ENOMEM;
        if (rc != SEAM_OK || PQgetisnull(r, i, 1))
            continue; /* a schema without tables */
        if (prev < 0 || order[k - 1].oid != order[k].oid) {
            if (!(t = inspect_schema_table_add(s, PQgetvalue(r, i, 2))) ||
                inspect_schema_set(&t->comment, val(r, i, 8)) ||
                push_json_names(val(r, i, 12), &t->partitions, &t->npartitions)) {
                rc = SEAM_ENOMEM;
                continue;
            }
            t->has_estimates = !PQgetisnull(r, i, 10);
            t->row_estimate = num(r, i, 10);
            t->size_bytes = num(r, i, 11);
        }
        if (PQgetisnull(r, i, 3))
            continue; /* a table without columns */
        seam_column *c = inspect_schema_column_append(t, PQgetvalue(r, i, 3), PQgetvalue(r, i, 4),
                                                      is_true(r, i, 5));
        const char *ident = val(r, i, 6), *gen = val(r, i, 7);
        if (!c ||
            inspect_schema_set(&c->identity, ident && *ident == 'a'   ? "always"
                                             : ident && *ident == 'd' ? "by_default"
                                                                      : NULL) ||
            inspect_schema_set(&c->generated, gen && *gen == 's' ? "stored" : NULL) ||
            inspect_schema_set(&c->comment, val(r, i, 9)))
            rc = SEAM_ENOMEM;
    }
    free(order);
    return rc;
}

int inspect_pg_rows_keys(PGresult *r, seam_schema *s)
{
    seam_table *pk = NULL;
    seam_unique *uq = NULL;
    seam_foreign_key *fk = NULL;
    for (int i = 0; i < PQntuples(r); i++) {
        char type = PQgetvalue(r, i, 1)[0];
        if (starts(r, i)) {
            seam_table *t = find_table(s, PQgetvalue(r, i, 3));
            pk = NULL;
            uq = NULL;
            fk = NULL;
            if (type == 'p' && t && !t->nprimary_key) {
                pk = t;
                if (inspect_schema_set(&t->primary_key_name, PQgetvalue(r, i, 2)))
                    return SEAM_ENOMEM;
            } else if (type == 'u' && t) {
                if (!(uq = inspect_schema_unique_add(t, PQgetvalue(r, i, 2))))
                    return SEAM_ENOMEM;
            } else if (type == 'f') {
                fk = inspect_schema_fk_add(s, PQgetvalue(r, i, 2), PQgetvalue(r, i, 3),
                                           PQgetvalue(r, i, 5));
                if (!fk || inspect_schema_set(&fk->on_delete, inspect_fk_action(val(r, i, 7))) ||
                    inspect_schema_set(&fk->on_update, inspect_fk_action(val(r, i, 8))))
                    return SEAM_ENOMEM;
                fk->deferrable = is_true(r, i, 9);
                fk->initially_deferred = is_true(r, i, 10);
            }
        }
        const char *col = PQgetvalue(r, i, 4);
        if (pk && inspect_schema_strv_push(&pk->primary_key, &pk->nprimary_key, col))
            return SEAM_ENOMEM;
        if (uq && inspect_schema_strv_push(&uq->columns, &uq->ncolumns, col))
            return SEAM_ENOMEM;
        if (fk && inspect_schema_fk_add_column(fk, col, PQgetvalue(r, i, 6)))
            return SEAM_ENOMEM;
    }
    return SEAM_OK;
}

int inspect_pg_rows_indexes(PGresult *r, seam_schema *s)
{
    seam_index *ix = NULL;
    for (int i = 0; i < PQntuples(r); i++) {
        if (starts(r, i)) {
            if (!(ix = inspect_schema_index_add(s, PQgetvalue(r, i, 2), PQgetvalue(r, i, 1))) ||
                inspect_schema_set(&ix->method, PQgetvalue(r, i, 3)))
                return SEAM_ENOMEM;
            ix->unique = is_true(r, i, 4);
            ix->primary = is_true(r, i, 5);
            ix->partial = is_true(r, i, 6);
        }
        /* An expression's text needs pg_get_indexdef: INSPECT_PG_SQL_EXPRS fills it in when it can.
         */
        const char *col = val(r, i, 8);
        if (inspect_schema_strv_push(&ix->columns, &ix->ncolumns, col ? col : "(expression)"))
            return SEAM_ENOMEM;
    }
    return SEAM_OK;
}

int inspect_pg_rows_views(PGresult *r, seam_schema *s)
{
    seam_view *v = NULL;
    for (int i = 0; i < PQntuples(r); i++) {
        if (starts(r, i)) {
            if (!(v = inspect_schema_view_add(s, PQgetvalue(r, i, 1), is_true(r, i, 2))) ||
                inspect_schema_set(&v->comment, val(r, i, 3)))
                return SEAM_ENOMEM;
        }
        /* Raw dependencies: inspect_schema_finish turns them into base tables. */
        const char *dep = val(r, i, 4);
        if (dep && inspect_schema_strv_push(&v->tables, &v->ntables, dep))
            return SEAM_ENOMEM;
    }
    return SEAM_OK;
}

/* One function's parsed references, shared by every trigger that calls it. */
typedef struct body_cache {
    char *function;
    seam_table_ref *refs;
    int nrefs;
} body_cache;

static void cache_free(body_cache *c, int n)
{
    for (int i = 0; i < n; i++) {
        free(c[i].function);
        inspect_schema_refs_free(c[i].refs, c[i].nrefs);
    }
    free(c);
}

/* The references of function fn (parsed once), copied onto tg. */
static int trigger_refs(seam_trigger *tg, const char *fn, const char *lang, const char *src,
                        body_cache **cache, int *ncache)
{
    int k = 0;
    while (k < *ncache && strcmp((*cache)[k].function, fn) != 0)
        k++;
    if (k == *ncache) {
        body_cache *nc = realloc(*cache, (size_t)(*ncache + 1) * sizeof *nc);
        if (!nc)
            return SEAM_ENOMEM;
        *cache = nc;
        nc[k] = (body_cache){seam_strdup(fn), NULL, 0};
        (*ncache)++;
        if (!nc[k].function || inspect_body_refs(lang, src, &nc[k].refs, &nc[k].nrefs))
            return SEAM_ENOMEM;
    }
    for (int i = 0; i < (*cache)[k].nrefs; i++)
        if (inspect_schema_ref_add(&tg->tables, &tg->ntables, (*cache)[k].refs[i].table,
                                   (*cache)[k].refs[i].access))
            return SEAM_ENOMEM;
    return SEAM_OK;
}

/* pg_trigger.tgtype bits (catalog/pg_trigger.h). */
enum {
    TG_ROW = 1,
    TG_BEFORE = 2,
    TG_INSERT = 4,
    TG_DELETE = 8,
    TG_UPDATE = 16,
    TG_TRUNCATE = 32,
    TG_INSTEAD = 64
};

int inspect_pg_rows_triggers(PGresult *r, seam_schema *s)
{
    body_cache *cache = NULL;
    int ncache = 0, rc = SEAM_OK;
    for (int i = 0; i < PQntuples(r) && rc == SEAM_OK; i++) {
        int type = atoi(PQgetvalue(r, i, 3));
        seam_trigger *tg = inspect_schema_trigger_add(s, PQgetvalue(r, i, 2), PQgetvalue(r, i, 1));
        const char *timing = type & TG_INSTEAD  ? "INSTEAD OF"
                             : type & TG_BEFORE ? "BEFORE"
                                                : "AFTER";
        if (!tg || inspect_schema_set(&tg->timing, timing) ||
            inspect_schema_set(&tg->function, PQgetvalue(r, i, 5)) ||
            inspect_schema_set(&tg->language, PQgetvalue(r, i, 6))) {
            rc = SEAM_ENOMEM;
            break;
        }
        static const struct {
            int bit;
            const char *name;
        } events[] = {{TG_INSERT, "INSERT"},
                      {TG_UPDATE, "UPDATE"},
                      {TG_DELETE, "DELETE"},
                      {TG_TRUNCATE, "TRUNCATE"}};
        for (size_t e = 0; e < sizeof events / sizeof *events && rc == SEAM_OK; e++)
            if (type & events[e].bit)
                rc = inspect_schema_strv_push(&tg->events, &tg->nevents, events[e].name);
        tg->for_each_row = (type & TG_ROW) != 0;
        tg->enabled = is_true(r, i, 4);
        if (rc == SEAM_OK)
            rc = trigger_refs(tg, PQgetvalue(r, i, 5), PQgetvalue(r, i, 6), val(r, i, 7), &cache,
                              &ncache);
    }
    cache_free(cache, ncache);
    return rc;
}

int inspect_pg_rows_sequences(PGresult *r, seam_schema *s)
{
    for (int i = 0; i < PQntuples(r); i++) {
        if (!starts(r, i))
            continue; /* a sequence owned twice cannot be; keep the first */
        seam_sequence *sq = inspect_schema_sequence_add(s, PQgetvalue(r, i, 0));
        if (!sq || inspect_schema_set(&sq->type, val(r, i, 1)) ||
            inspect_schema_set(&sq->owner_table, val(r, i, 3) ? val(r, i, 2) : NULL) ||
            inspect_schema_set(&sq->owner_column, val(r, i, 3)))
            return SEAM_ENOMEM;
    }
    return SEAM_OK;
}

int inspect_pg_rows_stats(PGresult *r, seam_schema *s)
{
    for (int i = 0; i < PQntuples(r); i++) {
        seam_table *t = find_table(s, PQgetvalue(r, i, 0));
        if (!t)
            continue;
        t->has_stats = 1;
        t->stats =
            (seam_table_stats){num(r, i, 1), num(r, i, 2), num(r, i, 3), num(r, i, 4), num(r, i, 5),
                               num(r, i, 6), num(r, i, 7), num(r, i, 8), num(r, i, 9)};
    }
    return SEAM_OK;
}

static seam_index *find_index(seam_schema *s, const char *table, const char *name)
{
    for (int i = 0; i < s->nindexes; i++)
        if (strcmp(s->indexes[i].name, name) == 0 && strcmp(s->indexes[i].table, table) == 0)
            return &s->indexes[i];
    return NULL;
}

static int note_locked(seam_schema *s, const char *table)
{
    char *line = seam_printf("defaults, generated and index expressions of table %s: skipped,"
                             " another session holds or awaits an ACCESS EXCLUSIVE lock on it",
                             table);
    if (!line)
        return SEAM_ENOMEM;
    int seen = 0;
    for (int i = 0; i < s->nskipped && !seen; i++)
        seen = strcmp(s->skipped[i], line) == 0;
    int rc = seen ? SEAM_OK : inspect_schema_strv_push(&s->skipped, &s->nskipped, line);
    free(line);
    return rc;
}

int inspect_pg_rows_exprs(PGresult *r, seam_schema *s)
{
    for (int i = 0; i < PQntuples(r); i++) {
        const char *kind = PQgetvalue(r, i, 0), *table = PQgetvalue(r, i, 1);
        const char *item = PQgetvalue(r, i, 2), *text = val(r, i, 5);
        if (is_true(r, i, 4)) {
            if (note_locked(s, table))
                return SEAM_ENOMEM;
            continue;
        }
        if (!text)
            continue;
        if (kind[0] == 'c') {
            seam_table *t = find_table(s, table);
            for (int c = 0; t && c < t->ncolumns; c++) {
                seam_column *col = &t->columns[c];
                if (strcmp(col->name, item) == 0 &&
                    inspect_schema_set(col->generated ? &col->generated_expr : &col->default_value,
                                       text))
                    return SEAM_ENOMEM;
            }
            continue;
        }
        seam_index *ix = find_index(s, table, item);
        if (!ix)
            continue;
        if (kind[0] == 'p') {
            if (inspect_schema_set(&ix->predicate, text))
                return SEAM_ENOMEM;
            continue;
        }
        long pos = (long)num(r, i, 3);
        if (pos >= 1 && pos <= ix->ncolumns) {
            char *paren = seam_printf("(%s)", text);
            if (!paren)
                return SEAM_ENOMEM;
            free(ix->columns[pos - 1]);
            ix->columns[pos - 1] = paren;
        }
    }
    return SEAM_OK;
}

int inspect_pg_rows_statements(PGresult *r, seam_schema *s)
{
    long long hidden = 0;
    for (int i = 0; i < PQntuples(r); i++) {
        const char *q = PQgetvalue(r, i, 0);
        if (strcmp(q, "<insufficient privilege>") == 0) {
            hidden += num(r, i, 1);
            continue;
        }
        seam_query_stat *qs = inspect_schema_query_stat_add(s, q, num(r, i, 1));
        if (!qs || inspect_sql_refs(q, &qs->tables, &qs->ntables))
            return SEAM_ENOMEM;
        qs->rows = num(r, i, 2);
        qs->time_ms = (double)num(r, i, 3) / 1000.0; /* read in microseconds */
    }
    /* The statistics were read: every table's figures are known, 0 until summed. */
    for (int t = 0; t < s->ntables; t++)
        s->tables[t].has_production = 1;
    if (hidden &&
        inspect_schema_note(&s->skipped, &s->nskipped,
                            "pg_stat_statements: statements of other roles (%lld calls) are"
                            " hidden from this role (grant it pg_read_all_stats to see them)",
                            hidden))
        return SEAM_ENOMEM;
    return SEAM_OK;
}
