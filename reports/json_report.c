/*
 * json_report.c - model.json, the machine-readable result (docs/model.md).
 *
 * The document is built as a cJSON tree in the order docs/model.md fixes
 * and printed once. Cross references are written as stable identifiers
 * (function USRs, file paths, table names) rather than array indices, so a
 * consumer can diff two runs meaningfully. Every string goes through the
 * UTF-8 sanitiser first: cJSON does not validate, and SQL literals or file
 * names may hold any bytes.
 */
#include "report.h"
#include "file.h"
#include "report_internal.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Builder state: once oom is set every helper is a no-op, so the tree
 * code reads straight through and the check happens once at the end. */
typedef struct jb {
    const seam_model *m;
    int oom;
} jb;

/* Adds item under key (or to an array when key is NULL); frees it on failure. */
static void put(jb *b, cJSON *parent, const char *key, cJSON *item)
{
    if (!item) {
        b->oom = 1;
        return;
    }
    cJSON_bool ok =
        key ? cJSON_AddItemToObject(parent, key, item) : cJSON_AddItemToArray(parent, item);
    if (!ok) {
        cJSON_Delete(item);
        b->oom = 1;
    }
}

static cJSON *jstr(jb *b, const char *s)
{
    if (b->oom)
        return NULL;
    if (!s)
        return cJSON_CreateNull();
    char *clean = report_utf8_sanitize(s);
    if (!clean)
        return NULL;
    cJSON *item = cJSON_CreateString(clean);
    free(clean);
    return item;
}

static void put_str(jb *b, cJSON *parent, const char *key, const char *s)
{
    put(b, parent, key, jstr(b, s));
}

static void put_int(jb *b, cJSON *parent, const char *key, int v)
{
    /* cJSON prints a number whose double value equals its int as "%d". */
    put(b, parent, key, b->oom ? NULL : cJSON_CreateNumber(v));
}

static void put_bool(jb *b, cJSON *parent, const char *key, int v)
{
    put(b, parent, key, b->oom ? NULL : cJSON_CreateBool(v != 0));
}

/* Adds an empty object or array under key and returns it (NULL on failure). */
static cJSON *put_new(jb *b, cJSON *parent, const char *key, int array)
{
    if (b->oom)
        return NULL;
    cJSON *item = array ? cJSON_CreateArray() : cJSON_CreateObject();
    put(b, parent, key, item);
    return b->oom ? NULL : item;
}

static void put_strv(jb *b, cJSON *parent, const char *key, char **v, int n)
{
    cJSON *arr = put_new(b, parent, key, 1);
    for (int i = 0; i < n && !b->oom; i++)
        put_str(b, arr, NULL, v[i]);
}

/* Path of file index i, or NULL (written as null) when out of range. */
static const char *file_path(const seam_model *m, int i)
{
    return i >= 0 && i < m->nfiles ? m->files[i].path : NULL;
}

static const char *function_id(const seam_model *m, int i)
{
    return i >= 0 && i < m->nfunctions ? m->functions[i].usr : NULL;
}

static const char *access_name(int access)
{
    int r = (access & SEAM_READ) != 0, w = (access & SEAM_WRITE) != 0;
    return r && w ? "read_write" : w ? "write" : r ? "read" : "none";
}

static void build_source(jb *b, cJSON *root)
{
    const seam_model *m = b->m;
    cJSON *src = put_new(b, root, "source", 0);
    /* Only the last component of SRC: an absolute path would make the
     * bytes depend on where the project was checked out. */
    char *name = report_basename(m->src_root);
    if (m->src_root && !name)
        b->oom = 1;
    put_str(b, src, "name", name);
    free(name);
    put_int(b, src, "translation_units", m->translation_units);
    put_int(b, src, "parse_errors", m->parse_errors);
    put_strv(b, src, "warnings", m->code_warnings, m->ncode_warnings);
}

static void build_code(jb *b, cJSON *root)
{
    const seam_model *m = b->m;
    cJSON *files = put_new(b, root, "files", 1);
    for (int i = 0; i < m->nfiles && !b->oom; i++) {
        const seam_file *f = &m->files[i];
        cJSON *o = put_new(b, files, NULL, 0);
        put_str(b, o, "path", f->path);
        put_int(b, o, "lines", f->lines);
        put_bool(b, o, "is_header", f->is_header);
        put_int(b, o, "parse_errors", f->parse_errors);
    }
    cJSON *fns = put_new(b, root, "functions", 1);
    for (int i = 0; i < m->nfunctions && !b->oom; i++) {
        const seam_function *f = &m->functions[i];
        cJSON *o = put_new(b, fns, NULL, 0);
        put_str(b, o, "id", f->usr);
        put_str(b, o, "name", f->name);
        put_str(b, o, "file", file_path(m, f->file));
        put_int(b, o, "line", f->line);
        put_bool(b, o, "static", f->is_static);
        put_int(b, o, "loc", f->loc);
    }
    cJSON *calls = put_new(b, root, "calls", 1);
    for (int i = 0; i < m->ncalls && !b->oom; i++) {
        const seam_call *c = &m->calls[i];
        cJSON *o = put_new(b, calls, NULL, 0);
        put_str(b, o, "caller", function_id(m, c->caller));
        put_str(b, o, "callee", function_id(m, c->callee));
        put_int(b, o, "count", c->count);
    }
    cJSON *sites = put_new(b, root, "sql_sites", 1);
    for (int i = 0; i < m->nsql_sites && !b->oom; i++) {
        const seam_sql_site *s = &m->sql_sites[i];
        cJSON *o = put_new(b, sites, NULL, 0);
        put_str(b, o, "function", function_id(m, s->function));
        put_str(b, o, "file", file_path(m, s->file));
        put_int(b, o, "line", s->line);
        put_str(b, o, "sql", s->sql);
        put_str(b, o, "via", s->via);
        put_str(b, o, "parser", s->parser);
        cJSON *tables = put_new(b, o, "tables", 1);
        for (int t = 0; t < s->ntables && !b->oom; t++) {
            cJSON *ref = put_new(b, tables, NULL, 0);
            put_str(b, ref, "name", s->tables[t].table);
            put_str(b, ref, "access", access_name(s->tables[t].access));
        }
        put_str(b, o, "how", s->how);
        put_str(b, o, "confidence", s->confidence);
        cJSON *cols = put_new(b, o, "columns", 1);
        for (int c = 0; c < s->ncolumns && !b->oom; c++) {
            cJSON *ref = put_new(b, cols, NULL, 0);
            put_str(b, ref, "table", s->columns[c].table);
            put_str(b, ref, "column", s->columns[c].column);
            put_str(b, ref, "access", access_name(s->columns[c].access));
        }
    }
}

static const char *global_id(const seam_model *m, int i)
{
    return i >= 0 && i < m->nglobals ? m->globals[i].usr : NULL;
}

static const char *type_id(const seam_model *m, int i)
{
    return i >= 0 && i < m->ntypes ? m->types[i].usr : NULL;
}

/* The code facts added for issue 3, after the original top-level keys. */
static void build_code_extras(jb *b, cJSON *root)
{
    const seam_model *m = b->m;
    cJSON *refs = put_new(b, root, "function_refs", 1);
    for (int i = 0; i < m->nfunc_refs && !b->oom; i++) {
        const seam_func_ref *r = &m->func_refs[i];
        cJSON *o = put_new(b, refs, NULL, 0);
        put_str(b, o, "function", function_id(m, r->function));
        put_str(b, o, "file", file_path(m, r->file));
        put_str(b, o, "target", function_id(m, r->target));
        put_int(b, o, "count", r->count);
    }
    cJSON *gl = put_new(b, root, "globals", 1);
    for (int i = 0; i < m->nglobals && !b->oom; i++) {
        const seam_global *g = &m->globals[i];
        cJSON *o = put_new(b, gl, NULL, 0);
        put_str(b, o, "id", g->usr);
        put_str(b, o, "name", g->name);
        put_str(b, o, "file", file_path(m, g->file));
        put_int(b, o, "line", g->line);
        put_bool(b, o, "static", g->is_static);
    }
    cJSON *gu = put_new(b, root, "global_uses", 1);
    for (int i = 0; i < m->nglobal_uses && !b->oom; i++) {
        const seam_global_use *u = &m->global_uses[i];
        cJSON *o = put_new(b, gu, NULL, 0);
        put_str(b, o, "function", function_id(m, u->function));
        put_str(b, o, "global", global_id(m, u->global));
        put_str(b, o, "access", access_name(u->access));
    }
    cJSON *ty = put_new(b, root, "types", 1);
    for (int i = 0; i < m->ntypes && !b->oom; i++) {
        const seam_type *t = &m->types[i];
        cJSON *o = put_new(b, ty, NULL, 0);
        put_str(b, o, "id", t->usr);
        put_str(b, o, "name", t->name);
        put_str(b, o, "kind", t->kind);
        put_str(b, o, "file", file_path(m, t->file));
        put_int(b, o, "line", t->line);
    }
    cJSON *tu = put_new(b, root, "type_uses", 1);
    for (int i = 0; i < m->ntype_uses && !b->oom; i++) {
        cJSON *o = put_new(b, tu, NULL, 0);
        put_str(b, o, "function", function_id(m, m->type_uses[i].function));
        put_str(b, o, "type", type_id(m, m->type_uses[i].type));
    }
    cJSON *inc = put_new(b, root, "includes", 1);
    for (int i = 0; i < m->nincludes && !b->oom; i++) {
        cJSON *o = put_new(b, inc, NULL, 0);
        put_str(b, o, "from", file_path(m, m->includes[i].from));
        put_str(b, o, "to", file_path(m, m->includes[i].to));
    }
    cJSON *tus = put_new(b, root, "translation_units", 1);
    for (int i = 0; i < m->ntus && !b->oom; i++) {
        const seam_tu *t = &m->tus[i];
        cJSON *o = put_new(b, tus, NULL, 0);
        put_str(b, o, "file", t->file);
        put_bool(b, o, "parsed", t->parsed);
        put_int(b, o, "errors", t->errors);
        put_strv(b, o, "diagnostics", t->diagnostics, t->ndiagnostics);
    }
}

/* A 64-bit count as a JSON integer: cJSON's double would switch to exponent form past 1e15. */
static void put_ll(jb *b, cJSON *parent, const char *key, long long v)
{
    char num[32];
    snprintf(num, sizeof num, "%lld", v);
    put(b, parent, key, b->oom ? NULL : cJSON_CreateRaw(num));
}

static void put_null(jb *b, cJSON *parent, const char *key)
{
    put(b, parent, key, b->oom ? NULL : cJSON_CreateNull());
}

static void put_refs(jb *b, cJSON *parent, const char *key, const seam_table_ref *refs, int n)
{
    cJSON *arr = put_new(b, parent, key, 1);
    for (int t = 0; t < n && !b->oom; t++) {
        cJSON *ref = put_new(b, arr, NULL, 0);
        put_str(b, ref, "name", refs[t].table);
        put_str(b, ref, "access", access_name(refs[t].access));
    }
}

static void build_table_stats(jb *b, cJSON *o, const seam_table *t)
{
    if (!t->has_stats) {
        put_null(b, o, "stats");
        return;
    }
    const seam_table_stats *st = &t->stats;
    cJSON *so = put_new(b, o, "stats", 0);
    put_ll(b, so, "seq_scan", st->seq_scan);
    put_ll(b, so, "seq_tup_read", st->seq_tup_read);
    put_ll(b, so, "idx_scan", st->idx_scan);
    put_ll(b, so, "idx_tup_fetch", st->idx_tup_fetch);
    put_ll(b, so, "n_tup_ins", st->n_tup_ins);
    put_ll(b, so, "n_tup_upd", st->n_tup_upd);
    put_ll(b, so, "n_tup_del", st->n_tup_del);
    put_ll(b, so, "n_live_tup", st->n_live_tup);
    put_ll(b, so, "n_dead_tup", st->n_dead_tup);
}

static void build_table(jb *b, cJSON *o, const seam_table *t)
{
    put_str(b, o, "name", t->name);
    cJSON *cols = put_new(b, o, "columns", 1);
    for (int c = 0; c < t->ncolumns && !b->oom; c++) {
        const seam_column *sc = &t->columns[c];
        cJSON *col = put_new(b, cols, NULL, 0);
        put_str(b, col, "name", sc->name);
        put_str(b, col, "type", sc->type);
        put_bool(b, col, "not_null", sc->not_null);
        put_str(b, col, "default", sc->default_value);
        put_str(b, col, "identity", sc->identity);
        put_str(b, col, "generated", sc->generated);
        put_str(b, col, "generated_expr", sc->generated_expr);
        put_str(b, col, "comment", sc->comment);
    }
    put_strv(b, o, "primary_key", t->primary_key, t->nprimary_key);
    put_str(b, o, "primary_key_name", t->primary_key_name);
    cJSON *uniques = put_new(b, o, "unique_constraints", 1);
    for (int u = 0; u < t->nuniques && !b->oom; u++) {
        cJSON *uo = put_new(b, uniques, NULL, 0);
        put_str(b, uo, "name", t->uniques[u].name);
        put_strv(b, uo, "columns", t->uniques[u].columns, t->uniques[u].ncolumns);
    }
    put_strv(b, o, "partitions", t->partitions, t->npartitions);
    put_str(b, o, "comment", t->comment);
    if (t->has_estimates) {
        put_ll(b, o, "row_estimate", t->row_estimate);
        put_ll(b, o, "size_bytes", t->size_bytes);
    } else {
        put_null(b, o, "row_estimate");
        put_null(b, o, "size_bytes");
    }
    build_table_stats(b, o, t);
}

static void build_schema_extras(jb *b, cJSON *schema, const seam_schema *s)
{
    put_strv(b, schema, "schemas", s->schemas, s->nschemas);
    cJSON *ixs = put_new(b, schema, "indexes", 1);
    for (int i = 0; i < s->nindexes && !b->oom; i++) {
        const seam_index *ix = &s->indexes[i];
        cJSON *o = put_new(b, ixs, NULL, 0);
        put_str(b, o, "name", ix->name);
        put_str(b, o, "table", ix->table);
        put_strv(b, o, "columns", ix->columns, ix->ncolumns);
        put_bool(b, o, "unique", ix->unique);
        put_bool(b, o, "primary", ix->primary);
        put_str(b, o, "method", ix->method);
        put_bool(b, o, "partial", ix->partial);
        put_str(b, o, "predicate", ix->predicate);
    }
    cJSON *views = put_new(b, schema, "views", 1);
    for (int i = 0; i < s->nviews && !b->oom; i++) {
        const seam_view *v = &s->views[i];
        cJSON *o = put_new(b, views, NULL, 0);
        put_str(b, o, "name", v->name);
        put_bool(b, o, "materialized", v->materialized);
        put_strv(b, o, "tables", v->tables, v->ntables);
        put_str(b, o, "comment", v->comment);
    }
    cJSON *trigs = put_new(b, schema, "triggers", 1);
    for (int i = 0; i < s->ntriggers && !b->oom; i++) {
        const seam_trigger *tg = &s->triggers[i];
        cJSON *o = put_new(b, trigs, NULL, 0);
        put_str(b, o, "name", tg->name);
        put_str(b, o, "table", tg->table);
        put_str(b, o, "timing", tg->timing);
        put_strv(b, o, "events", tg->events, tg->nevents);
        put_bool(b, o, "for_each_row", tg->for_each_row);
        put_bool(b, o, "enabled", tg->enabled);
        put_str(b, o, "function", tg->function);
        put_str(b, o, "language", tg->language);
        put_refs(b, o, "tables", tg->tables, tg->ntables);
    }
    cJSON *seqs = put_new(b, schema, "sequences", 1);
    for (int i = 0; i < s->nsequences && !b->oom; i++) {
        const seam_sequence *sq = &s->sequences[i];
        cJSON *o = put_new(b, seqs, NULL, 0);
        put_str(b, o, "name", sq->name);
        put_str(b, o, "type", sq->type);
        put_str(b, o, "owner_table", sq->owner_table);
        put_str(b, o, "owner_column", sq->owner_column);
    }
    cJSON *qs = put_new(b, schema, "query_stats", 1);
    for (int i = 0; i < s->nquery_stats && !b->oom; i++) {
        const seam_query_stat *q = &s->query_stats[i];
        cJSON *o = put_new(b, qs, NULL, 0);
        put_str(b, o, "query", q->query);
        put_ll(b, o, "calls", q->calls);
        put_refs(b, o, "tables", q->tables, q->ntables);
    }
    put_strv(b, schema, "skipped", s->skipped, s->nskipped);
    put_strv(b, schema, "warnings", s->warnings, s->nwarnings);
}

/* The "schema" object's members, into obj (model.json's "schema", or a schema.json root). */
static void build_schema_into(jb *b, cJSON *schema, const seam_schema *s)
{
    put_str(b, schema, "dialect", s->dialect);
    put_str(b, schema, "source", s->source);
    cJSON *tables = put_new(b, schema, "tables", 1);
    for (int i = 0; i < s->ntables && !b->oom; i++)
        build_table(b, put_new(b, tables, NULL, 0), &s->tables[i]);
    cJSON *fks = put_new(b, schema, "foreign_keys", 1);
    for (int i = 0; i < s->nforeign_keys && !b->oom; i++) {
        const seam_foreign_key *fk = &s->foreign_keys[i];
        cJSON *o = put_new(b, fks, NULL, 0);
        put_str(b, o, "name", fk->name);
        put_str(b, o, "from_table", fk->from_table);
        put_strv(b, o, "from_columns", fk->from_columns, fk->ncolumns);
        put_str(b, o, "to_table", fk->to_table);
        put_strv(b, o, "to_columns", fk->to_columns, fk->ncolumns);
        put_str(b, o, "on_delete", fk->on_delete);
        put_str(b, o, "on_update", fk->on_update);
        put_bool(b, o, "deferrable", fk->deferrable);
        put_bool(b, o, "initially_deferred", fk->initially_deferred);
    }
    build_schema_extras(b, schema, s);
}

static void build_schema(jb *b, cJSON *root)
{
    build_schema_into(b, put_new(b, root, "schema", 0), &b->m->schema);
}

static void put_fixed4(jb *b, cJSON *parent, const char *key, double x)
{
    char q[32];
    report_format_fixed4(x, q);
    put(b, parent, key, b->oom ? NULL : cJSON_CreateRaw(q));
}

/* Function ids for an array of function indices. */
static void put_functions(jb *b, cJSON *parent, const char *key, const int *v, int n)
{
    cJSON *arr = put_new(b, parent, key, 1);
    for (int i = 0; i < n && !b->oom; i++)
        put_str(b, arr, NULL, function_id(b->m, v[i]));
}

static void put_dependencies(jb *b, cJSON *parent, const char *key, const seam_dependency *d,
                             int n)
{
    cJSON *arr = put_new(b, parent, key, 1);
    for (int i = 0; i < n && !b->oom; i++) {
        cJSON *o = put_new(b, arr, NULL, 0);
        put_str(b, o, "service", d[i].service);
        put_fixed4(b, o, "weight", d[i].weight);
        put_int(b, o, "calls", d[i].calls);
        put_int(b, o, "refs", d[i].refs);
        put_int(b, o, "sql_sites", d[i].sql_sites);
    }
}

/* The keys issue 5 added to each service (docs/model.md). */
static void build_service_extras(jb *b, cJSON *o, const seam_service *s)
{
    put_functions(b, o, "functions", s->functions, s->nfunctions);
    put_functions(b, o, "interface", s->interface, s->ninterface);
    put_strv(b, o, "tables_read", s->tables_read, s->ntables_read);
    put_dependencies(b, o, "outbound", s->outbound, s->noutbound);
    put_dependencies(b, o, "inbound", s->inbound, s->ninbound);
    put_int(b, o, "loc", s->loc);
    put_fixed4(b, o, "cohesion", s->cohesion);
    put_fixed4(b, o, "coupling", s->coupling);
}

/* The top-level keys issue 5 added (docs/model.md), after split_plan. */
static void build_decomposition_extras(jb *b, cJSON *root)
{
    const seam_model *m = b->m;
    cJSON *mods = put_new(b, root, "modules", 1);
    for (int i = 0; i < m->nmodules && !b->oom; i++) {
        const seam_module *md = &m->modules[i];
        cJSON *o = put_new(b, mods, NULL, 0);
        put_str(b, o, "name", md->name);
        put_strv(b, o, "files", md->files, md->nfiles);
        put_str(b, o, "service", md->service);
        if (md->reason)
            put_str(b, o, "reason", md->reason);
        cJSON *why = put_new(b, o, "why", 1);
        for (int k = 0; k < md->nwhy && !b->oom; k++) {
            cJSON *w = put_new(b, why, NULL, 0);
            put_str(b, w, md->why[k].is_table ? "table" : "module", md->why[k].target);
            put_fixed4(b, w, "weight", md->why[k].weight);
            put_str(b, w, "kinds", md->why[k].kinds);
        }
    }
    cJSON *implied = put_new(b, root, "implied_foreign_keys", 1);
    for (int i = 0; i < m->nimplied_fks && !b->oom; i++) {
        const seam_implied_fk *f = &m->implied_fks[i];
        cJSON *o = put_new(b, implied, NULL, 0);
        put_str(b, o, "from_table", f->from_table);
        put_str(b, o, "from_column", f->from_column);
        put_str(b, o, "to_table", f->to_table);
        put_str(b, o, "to_column", f->to_column);
        cJSON *sites = put_new(b, o, "sites", 1);
        for (int k = 0; k < f->nsites && !b->oom; k++) {
            int si = f->sites[k];
            const seam_sql_site *site = si >= 0 && si < m->nsql_sites ? &m->sql_sites[si] : NULL;
            cJSON *so = put_new(b, sites, NULL, 0);
            put_str(b, so, "file", site ? file_path(m, site->file) : NULL);
            put_int(b, so, "line", site ? site->line : 0);
            put_str(b, so, "function", site ? function_id(m, site->function) : NULL);
        }
    }
    cJSON *shared = put_new(b, root, "shared_tables", 1);
    for (int i = 0; i < m->nshared_tables && !b->oom; i++) {
        const seam_shared_table *t = &m->shared_tables[i];
        cJSON *o = put_new(b, shared, NULL, 0);
        put_str(b, o, "table", t->table);
        put_str(b, o, "owner", t->owner);
        put_strv(b, o, "writers", t->writers, t->nwriters);
        put_strv(b, o, "readers", t->readers, t->nreaders);
    }
    cJSON *dead = put_new(b, root, "dead_functions", 1);
    for (int i = 0; i < m->ndead_functions && !b->oom; i++) {
        cJSON *o = put_new(b, dead, NULL, 0);
        put_str(b, o, "function", function_id(m, m->dead_functions[i].function));
        put_str(b, o, "reason", m->dead_functions[i].reason);
    }
    cJSON *kinds = put_new(b, root, "edge_kinds", 1);
    for (int i = 0; i < m->nedge_kinds && !b->oom; i++) {
        const seam_edge_kind *k = &m->edge_kinds[i];
        cJSON *o = put_new(b, kinds, NULL, 0);
        put_str(b, o, "kind", k->kind);
        put_fixed4(b, o, "factor", k->factor);
        put_int(b, o, "edges", k->edges);
        put_fixed4(b, o, "mean_raw", k->mean_raw);
    }
}

static void build_decomposition(jb *b, cJSON *root)
{
    const seam_model *m = b->m;
    cJSON *svcs = put_new(b, root, "services", 1);
    for (int i = 0; i < m->nservices && !b->oom; i++) {
        const seam_service *s = &m->services[i];
        cJSON *o = put_new(b, svcs, NULL, 0);
        put_str(b, o, "name", s->name);
        put_str(b, o, "kind", s->kind);
        /* "reason" exists only for shared libraries: a service needs none. */
        if (s->kind && strcmp(s->kind, "shared_library") == 0)
            put_str(b, o, "reason", s->reason);
        put_strv(b, o, "files", s->files, s->nfiles);
        put_strv(b, o, "tables", s->tables, s->ntables);
        build_service_extras(b, o, s);
    }

    const seam_metrics *mt = &m->metrics;
    cJSON *metrics = put_new(b, root, "metrics", 0);
    /* A raw number with exactly 4 decimals: cJSON would print %1.15g/%1.17g,
     * whose last digits are noise that differs across libm versions. */
    char q[32];
    report_format_fixed4(mt->modularity, q);
    put(b, metrics, "modularity", b->oom ? NULL : cJSON_CreateRaw(q));
    put_int(b, metrics, "services", mt->services);
    put_int(b, metrics, "cross_service_calls", mt->cross_service_calls);
    put_int(b, metrics, "internal_calls", mt->internal_calls);
    put_int(b, metrics, "cross_service_fks", mt->cross_service_fks);
    put_int(b, metrics, "shared_tables", mt->shared_tables);
    put_fixed4(b, metrics, "mq", mt->mq);
    put_fixed4(b, metrics, "sm", mt->sm);
    put_fixed4(b, metrics, "icp", mt->icp);
    put_fixed4(b, metrics, "ifn", mt->ifn);
    put_fixed4(b, metrics, "ned", mt->ned);
    put_fixed4(b, metrics, "resolution", mt->resolution);
    put_fixed4(b, metrics, "objective", mt->objective);
    put_int(b, metrics, "sql_joins", mt->sql_joins);
    put_int(b, metrics, "cross_service_joins", mt->cross_service_joins);
    put_int(b, metrics, "implied_fks", mt->implied_fks);
    put_int(b, metrics, "dead_functions", mt->dead_functions);
    put_int(b, metrics, "commits_read", mt->commits_read);
    put_int(b, metrics, "commits_used", mt->commits_used);

    cJSON *plan = put_new(b, root, "split_plan", 0);
    cJSON *steps = put_new(b, plan, "steps", 1);
    for (int i = 0; i < m->nplan && !b->oom; i++) {
        const seam_plan_step *p = &m->plan[i];
        cJSON *o = put_new(b, steps, NULL, 0);
        put_int(b, o, "order", p->order);
        put_str(b, o, "kind", p->kind);
        put_str(b, o, "service", p->service);
        put_str(b, o, "detail", p->detail);
    }
}

/* Prints root (deleting it) and writes it to path with a final newline. */
static int write_document(jb *b, cJSON *root, const char *path, seam_err *err)
{
    char *text = b->oom ? NULL : cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory building '%s'", path);

    /* cJSON_Print ends without a newline; text files should end with one. */
    report_buf out = {0};
    report_buf_puts(&out, text);
    report_buf_puts(&out, "\n");
    cJSON_free(text);
    int rc = out.oom ? seam_err_set(err, SEAM_ENOMEM, "out of memory building '%s'", path)
                     : seam_file_write(path, out.data, out.len, err);
    report_buf_free(&out);
    return rc;
}

int report_write_json(const seam_model *model, const char *path, seam_err *err)
{
    jb b = {.m = model, .oom = 0};
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory building '%s'", path);

    cJSON *tool = put_new(&b, root, "tool", 0);
    put_str(&b, tool, "name", "seam");
    put_str(&b, tool, "version", SEAM_VERSION);
    build_source(&b, root);
    build_code(&b, root);
    build_schema(&b, root);
    build_decomposition(&b, root);
    build_code_extras(&b, root);
    build_decomposition_extras(&b, root);
    return write_document(&b, root, path, err);
}

/* The schema object as the document's root, printed with a final newline; NULL on OOM. */
static char *schema_text(const seam_schema *schema)
{
    jb b = {.m = NULL, .oom = 0};
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    build_schema_into(&b, root, schema);
    char *text = b.oom ? NULL : cJSON_Print(root);
    cJSON_Delete(root);
    if (!text)
        return NULL;
    report_buf out = {0};
    report_buf_puts(&out, text);
    report_buf_puts(&out, "\n");
    cJSON_free(text);
    if (out.oom) {
        report_buf_free(&out);
        return NULL;
    }
    return out.data;
}

int report_write_schema_json(const seam_schema *schema, const char *path, seam_err *err)
{
    char *text = schema_text(schema);
    if (!text)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory building '%s'", path);
    int rc = seam_file_write(path, text, strlen(text), err);
    free(text);
    return rc;
}

char *report_schema_json_text(const seam_schema *schema)
{
    return schema_text(schema);
}
