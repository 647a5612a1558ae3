/*
 * gen_code.c - writes the C text of the synthetic monolith into memory.
 *
 * A plain module's functions are a few statements each, drawn from the kinds
 * a real back office is made of: calls to neighbour modules of its domain
 * (and, with probability --noise, to any module of another domain), SQL
 * through the domain's wrapper, the shared db_* helpers, snprintf into a
 * buffer, or sqlite3 directly; utility calls; loops and switches; reads and
 * writes of the domain's global. Every function a header declares is
 * defined, every static is used, so that the files compile warning-free with
 * -std=c11 -Wall -Wextra.
 */
#include "gen.h"
#include "sort.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per-file state while a module is written. */
typedef struct code_ctx {
    gen_plan *p;
    const gen_module *m;
    gen_rng rng;
    gen_buf body;    /* the functions, written before the includes they need */
    size_t cuts[32]; /* ends of functions in body */
    int ncuts;
    const int *rank_of;  /* module -> rank of its header path */
    const int *by_rank;  /* rank -> module */
    unsigned char *seen; /* rank -> already included */
    int *incs, nincs;    /* ranks of the module headers to include */
    int uses_sqlite, uses_mem, uses_config, uses_clock;
} code_ctx;

/* The directory of m relative to src/, "" for the flat layout. */
static const char *src_rel(const gen_module *m)
{
    return strlen(m->dir) > 4 ? m->dir + 4 : "";
}

static void put_header_path(gen_buf *b, const gen_module *m)
{
    const char *rel = src_rel(m);
    gen_buf_printf(b, "%s%s%s.h", rel, *rel ? "/" : "", m->name);
}

static void need_header(code_ctx *c, int module)
{
    int r = c->rank_of[module];
    if (module == (int)(c->m - c->p->modules) || c->seen[r])
        return;
    c->seen[r] = 1;
    c->incs[c->nincs++] = r;
}

/* An include guard from a path: src/core/x.h -> CORE_X_H. */
static void put_guard(gen_buf *b, const char *path)
{
    if (strncmp(path, "src/", 4) == 0)
        path += 4;
    for (; *path; path++) {
        char ch = *path;
        if (ch >= 'a' && ch <= 'z')
            ch = (char)(ch - 'a' + 'A');
        else if (!((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')))
            ch = '_';
        gen_buf_put(b, &ch, 1);
    }
}

/*
 * Appends sql as adjacent string literals, broken before its main clauses
 * when it is long, as people write it; continuation lines are indented by
 * `indent` spaces.
 */
static void put_sql(gen_buf *b, const char *sql, int indent)
{
    static const char *const breaks[] = {" FROM ",     " JOIN ",   " WHERE ", " GROUP BY ",
                                         " ORDER BY ", " VALUES ", " SELECT "};
    size_t n = strlen(sql), start = 0;
    if (n > 56) {
        for (size_t i = 1; i < n; i++) {
            int at = 0;
            for (size_t k = 0; k < sizeof breaks / sizeof breaks[0] && !at; k++)
                at = strncmp(sql + i, breaks[k], strlen(breaks[k])) == 0;
            /* Break only where the piece so far is long enough to stand alone. */
            if (at && i - start > 24 && n - i > 12) {
                gen_buf_printf(b, "\"%.*s \"\n%*s", (int)(i - start), sql + start, indent, "");
                start = i + 1;
            }
        }
    }
    gen_buf_printf(b, "\"%s\"", sql + start);
}

/* ---- SQL statements ---- */

typedef struct sql_stmt {
    char sql[512];
    char types[8];
    char args[160]; /* ", arg, arg" after the types */
} sql_stmt;

static const gen_table *table_at(code_ctx *c, int t)
{
    return &c->p->tables[t];
}

static const gen_table *focus_table(code_ctx *c)
{
    return table_at(c, c->m->tables[gen_rng_below(&c->rng, c->m->ntables)]);
}

/* A table of another domain, read across the boundary ("noise" on the data side). */
static const gen_table *foreign_table(code_ctx *c)
{
    const gen_plan *p = c->p;
    int od = (c->m->domain + 1 + gen_rng_below(&c->rng, p->ndomains - 1)) % p->ndomains;
    const gen_domain *dom = &p->domains[od];
    return table_at(c, dom->tables[gen_rng_below(&c->rng, dom->ntables)]);
}

static void sql_write(code_ctx *c, const gen_table *t, const char *key, sql_stmt *s)
{
    const gen_table *parent = t->parent >= 0 ? table_at(c, t->parent) : NULL;
    switch (gen_rng_below(&c->rng, 5)) {
    case 0:
        if (parent) {
            snprintf(s->sql, sizeof s->sql,
                     "INSERT INTO %s (name, status, amount, %s) VALUES (?, ?, ?, ?)", t->name,
                     parent->fk_col);
            snprintf(s->types, sizeof s->types, "ssll");
            snprintf(s->args, sizeof s->args, ", %s, \"new\", acc, acc / 2", key);
        } else {
            snprintf(s->sql, sizeof s->sql,
                     "INSERT INTO %s (name, status, amount) VALUES (?, ?, ?)", t->name);
            snprintf(s->types, sizeof s->types, "ssl");
            snprintf(s->args, sizeof s->args, ", %s, \"new\", acc", key);
        }
        break;
    case 1:
        snprintf(s->sql, sizeof s->sql,
                 "UPDATE %s SET status = ?, updated_at = CURRENT_TIMESTAMP WHERE id = ?", t->name);
        snprintf(s->types, sizeof s->types, "sl");
        snprintf(s->args, sizeof s->args, ", %s, acc", key);
        break;
    case 2:
        snprintf(s->sql, sizeof s->sql, "UPDATE %s SET amount = amount + ? WHERE id = ?", t->name);
        snprintf(s->types, sizeof s->types, "ll");
        snprintf(s->args, sizeof s->args, ", acc %% 100, acc");
        break;
    case 3:
        snprintf(s->sql, sizeof s->sql, "DELETE FROM %s WHERE id = ? AND status = ?", t->name);
        snprintf(s->types, sizeof s->types, "ls");
        snprintf(s->args, sizeof s->args, ", acc, \"void\"");
        break;
    default:
        snprintf(s->sql, sizeof s->sql,
                 "INSERT INTO %s (name, status, amount) SELECT name, 'copy', amount FROM %s "
                 "WHERE id = ?",
                 t->name, t->name);
        snprintf(s->types, sizeof s->types, "l");
        snprintf(s->args, sizeof s->args, ", acc");
        break;
    }
}

/* A query whose second column is a number. */
static void sql_read(code_ctx *c, const gen_table *t, const char *key, int foreign, sql_stmt *s)
{
    const gen_table *parent = t->parent >= 0 ? table_at(c, t->parent) : NULL;
    int kind = foreign ? 3 : gen_rng_below(&c->rng, 4);
    if (kind == 1 && !parent)
        kind = 0;
    switch (kind) {
    case 0:
        snprintf(s->sql, sizeof s->sql, "SELECT id, amount FROM %s WHERE status = ? ORDER BY id",
                 t->name);
        snprintf(s->types, sizeof s->types, "s");
        snprintf(s->args, sizeof s->args, ", %s", key);
        break;
    case 1:
        snprintf(s->sql, sizeof s->sql,
                 "SELECT c.id, p.amount FROM %s c JOIN %s p ON p.id = c.%s WHERE c.status = ?",
                 t->name, parent->name, parent->fk_col);
        snprintf(s->types, sizeof s->types, "s");
        snprintf(s->args, sizeof s->args, ", %s", key);
        break;
    case 2:
        snprintf(s->sql, sizeof s->sql,
                 "SELECT status, sum(amount) FROM %s GROUP BY status HAVING sum(amount) > ?",
                 t->name);
        snprintf(s->types, sizeof s->types, "l");
        snprintf(s->args, sizeof s->args, ", acc");
        break;
    default:
        snprintf(s->sql, sizeof s->sql, "SELECT id, amount FROM %s WHERE name = ? AND amount >= ?",
                 t->name);
        snprintf(s->types, sizeof s->types, "sl");
        snprintf(s->args, sizeof s->args, ", %s, acc %% 10", key);
        break;
    }
}

static void put_query_loop(code_ctx *c, const char *fn, const sql_stmt *s)
{
    gen_buf *b = &c->body;
    int indent = 24 + (int)strlen(fn);
    gen_buf_printf(b, "    {\n        db_result *r = %s(", fn);
    put_sql(b, s->sql, indent);
    gen_buf_printf(b, ", \"%s\"%s);\n\n", s->types, s->args);
    gen_buf_puts(b, "        while (r != NULL && db_next(r))\n"
                    "            acc += db_col_long(r, 1);\n"
                    "        db_result_free(r);\n"
                    "    }\n");
}

static void put_exec(code_ctx *c, const char *fn, const sql_stmt *s)
{
    gen_buf *b = &c->body;
    const char *dom = c->p->domains[c->m->domain].ident;
    gen_buf_printf(b, "    if (%s(", fn);
    put_sql(b, s->sql, 9 + (int)strlen(fn));
    gen_buf_printf(b, ", \"%s\"%s) != 0)", s->types, s->args);
    /* Some modules also record the failure in the domain's global, as legacy code does. */
    if (gen_rng_unit(&c->rng) < 0.3)
        gen_buf_printf(b, " {\n        %s_last_error = __LINE__;\n        rc = -1;\n    }\n", dom);
    else
        gen_buf_puts(b, "\n        rc = -1;\n");
}

static void emit_sql(code_ctx *c, const char *key)
{
    gen_buf *b = &c->body;
    const char *dom = c->p->domains[c->m->domain].ident;
    int write = gen_rng_unit(&c->rng) < 0.5;
    int foreign = !write && c->p->ndomains > 1 && gen_rng_unit(&c->rng) < c->p->opts->noise;
    const gen_table *t = foreign ? foreign_table(c) : focus_table(c);
    double channel = gen_rng_unit(&c->rng);
    sql_stmt s;
    char fn[96];

    if (channel < 0.52) {
        /* Through the domain's own wrapper: three calls deep to sqlite3. */
        snprintf(fn, sizeof fn, "%s_%s", dom, write ? "exec" : "query");
        if (write) {
            sql_write(c, t, key, &s);
            put_exec(c, fn, &s);
        } else {
            sql_read(c, t, key, foreign, &s);
            put_query_loop(c, fn, &s);
        }
    } else if (channel < 0.76) {
        /* The shared helpers. */
        if (write) {
            sql_write(c, t, key, &s);
            put_exec(c, "db_exec", &s);
        } else if (gen_rng_unit(&c->rng) < 0.5) {
            sql_read(c, t, key, foreign, &s);
            put_query_loop(c, "db_query", &s);
        } else {
            gen_buf_puts(b, "    {\n        long n = 0;\n\n        if (db_scalar_long(&n, ");
            snprintf(s.sql, sizeof s.sql, "SELECT count(*) FROM %s WHERE amount > ?", t->name);
            put_sql(b, s.sql, 31);
            gen_buf_puts(b, ", \"l\", acc) == 0)\n            acc += n;\n    }\n");
        }
    } else if (channel < 0.88) {
        /* Formatted into a buffer, then executed. */
        if (write)
            snprintf(s.sql, sizeof s.sql, "UPDATE %s SET amount = amount + 1 WHERE id = %%ld",
                     t->name);
        else
            snprintf(s.sql, sizeof s.sql, "SELECT id, amount FROM %s WHERE id = %%ld", t->name);
        gen_buf_puts(b, "    {\n        char sql[256];\n");
        if (!write)
            gen_buf_puts(b, "        db_result *r;\n");
        gen_buf_puts(b, "\n        snprintf(sql, sizeof sql, ");
        put_sql(b, s.sql, 34);
        gen_buf_puts(b, ", acc);\n");
        if (write)
            gen_buf_puts(b, "        if (db_exec(sql, NULL) != 0)\n            rc = -1;\n    }\n");
        else
            gen_buf_puts(b, "        r = db_query(sql, NULL);\n"
                            "        while (r != NULL && db_next(r))\n"
                            "            acc += db_col_long(r, 1);\n"
                            "        db_result_free(r);\n"
                            "    }\n");
    } else {
        /* A hot path written against sqlite3 directly. */
        c->uses_sqlite = 1;
        if (write) {
            snprintf(s.sql, sizeof s.sql,
                     "UPDATE %s SET status = 'stale' WHERE amount < 0 AND status <> 'stale'",
                     t->name);
            gen_buf_puts(b, "    if (sqlite3_exec(db_handle(), ");
            put_sql(b, s.sql, 34);
            gen_buf_puts(b, ", NULL, NULL, NULL) != SQLITE_OK)\n        rc = -1;\n");
        } else {
            snprintf(s.sql, sizeof s.sql, "SELECT id, amount FROM %s WHERE id = ?", t->name);
            gen_buf_puts(b, "    {\n        sqlite3_stmt *st = NULL;\n\n"
                            "        if (sqlite3_prepare_v2(db_handle(), ");
            put_sql(b, s.sql, 44);
            gen_buf_puts(b, ", -1, &st, NULL) == SQLITE_OK) {\n"
                            "            sqlite3_bind_int64(st, 1, acc);\n"
                            "            while (sqlite3_step(st) == SQLITE_ROW)\n"
                            "                acc += (long)sqlite3_column_int64(st, 1);\n"
                            "        }\n"
                            "        sqlite3_finalize(st);\n"
                            "    }\n");
        }
    }
}

/* ---- calls ---- */

static const gen_module *random_plain(code_ctx *c, int domain)
{
    const gen_domain *dom = &c->p->domains[domain];
    /* modules[0] and [1] are the DB wrapper and the CLI. */
    return &c->p->modules[dom->modules[2 + gen_rng_below(&c->rng, dom->nmodules - 2)]];
}

/* Chooses whom function `self` of the current module calls. */
static void pick_callee(code_ctx *c, int self, const gen_module **tm, const gen_func **tf)
{
    const gen_module *m = c->m;
    const gen_plan *p = c->p;
    if (p->ndomains > 1 && gen_rng_unit(&c->rng) < p->opts->noise) {
        int od = (m->domain + 1 + gen_rng_below(&c->rng, p->ndomains - 1)) % p->ndomains;
        *tm = random_plain(c, od);
    } else if (m->nnbrs > 0 && (m->nfuncs < 2 || gen_rng_unit(&c->rng) < 0.8)) {
        *tm = &p->modules[m->nbrs[gen_rng_below(&c->rng, m->nnbrs)]];
    } else {
        *tm = m;
    }
    int k = gen_rng_below(&c->rng, (*tm)->nfuncs);
    /* No function calls itself. */
    if (*tm == m && k == self)
        k = (k + 1) % m->nfuncs;
    *tf = &(*tm)->funcs[k];
}

static void emit_call(code_ctx *c, int self, const char *key)
{
    const gen_module *tm;
    const gen_func *tf;
    pick_callee(c, self, &tm, &tf);
    if (tm == c->m && tf == &c->m->funcs[self]) {
        gen_buf_puts(&c->body, "    acc++;\n"); /* a one-function module has no one to call */
        return;
    }
    need_header(c, (int)(tm - c->p->modules));
    if (tf->shape == GEN_SHAPE_ID)
        gen_buf_printf(&c->body, "    if (%s(acc) < 0)\n        rc = -1;\n", tf->name);
    else
        gen_buf_printf(&c->body, "    acc += %s(%s, acc %% 1000);\n", tf->name, key);
}

static void emit_fill(code_ctx *c, int self, const char *key)
{
    const gen_module *m = c->m;
    if (m->nnbrs == 0) {
        emit_call(c, self, key);
        return;
    }
    const gen_module *nm = &c->p->modules[m->nbrs[gen_rng_below(&c->rng, m->nnbrs)]];
    need_header(c, (int)(nm - c->p->modules));
    gen_buf_printf(&c->body,
                   "    {\n        %s_rec rec;\n\n        if (%s_fill(&rec, acc) == 0)\n"
                   "            acc += rec.amount;\n    }\n",
                   nm->name, nm->name);
}

static void emit_util(code_ctx *c, const char *key, const char *fname)
{
    gen_buf *b = &c->body;
    switch (gen_rng_below(&c->rng, 5)) {
    case 0:
        gen_buf_printf(b, "    acc += (long)(str_hash(%s) %% 97u);\n", key);
        break;
    case 1:
        c->uses_config = 1;
        gen_buf_printf(b,
                       "    acc = clamp(acc + config_get_long(\"%s.bonus\", 0), 0, "
                       "1000000000L);\n",
                       fname);
        break;
    case 2:
        c->uses_clock = 1;
        gen_buf_puts(b, "    if (clock_now() % 2 == 0)\n        acc++;\n");
        break;
    case 3:
        gen_buf_printf(b, "    log_debug(\"%%s: %%s %%ld\", __func__, %s, acc);\n", key);
        break;
    default:
        c->uses_mem = 1;
        gen_buf_printf(b,
                       "    {\n        char *copy = mem_strdup(%s);\n\n"
                       "        acc += (long)strlen(copy);\n        mem_free(copy);\n    }\n",
                       key);
        break;
    }
}

static void emit_statement(code_ctx *c, int self, const char *key)
{
    gen_buf *b = &c->body;
    const char *dom = c->p->domains[c->m->domain].ident;
    double r = gen_rng_unit(&c->rng);
    if (r < 0.30) {
        emit_call(c, self, key);
    } else if (r < 0.52) {
        emit_sql(c, key);
    } else if (r < 0.68) {
        emit_util(c, key, c->m->funcs[self].name);
    } else if (r < 0.74) {
        emit_fill(c, self, key);
    } else if (r < 0.80) {
        gen_buf_printf(b,
                       "    for (int i = 0; i < %d; i++)\n        acc = (acc * 31 + i) %% "
                       "1000003;\n",
                       gen_rng_range(&c->rng, 2, 9));
    } else if (r < 0.86) {
        gen_buf_printf(b,
                       "    switch (acc %% 3) {\n    case 0:\n        acc += %d;\n        break;\n"
                       "    case 1:\n        acc -= %d;\n        break;\n    default:\n"
                       "        break;\n    }\n",
                       gen_rng_range(&c->rng, 1, 50), gen_rng_range(&c->rng, 1, 9));
    } else if (r < 0.93) {
        gen_buf_printf(b, "    if (%s_last_error != 0)\n        acc--;\n", dom);
    } else {
        gen_buf_puts(b, "    if (!valid_id(acc))\n        return -1;\n");
    }
}

static void emit_function(code_ctx *c, int self)
{
    const gen_func *f = &c->m->funcs[self];
    gen_buf *b = &c->body;
    char key[64];
    if (f->shape == GEN_SHAPE_ID) {
        /* The verb as a literal key: "billing_invoice_load" -> "load". */
        snprintf(key, sizeof key, "\"%s\"", f->name + strlen(c->m->name) + 1);
        gen_buf_printf(b, "int %s(long id)\n{\n    long acc = id;\n    int rc = 0;\n\n", f->name);
    } else {
        snprintf(key, sizeof key, "key");
        gen_buf_printf(b,
                       "long %s(const char *key, long value)\n{\n    long acc = value;\n"
                       "    int rc = 0;\n\n    if (key == NULL)\n        key = \"\";\n",
                       f->name);
    }
    gen_buf_puts(b, "    calls++;\n");
    int n = gen_rng_range(&c->rng, 2, 5);
    for (int i = 0; i < n; i++)
        emit_statement(c, self, key);
    if (f->shape == GEN_SHAPE_ID)
        gen_buf_puts(b, "    return rc != 0 ? -1 : (int)(acc % 1000);\n}\n");
    else
        gen_buf_puts(b, "    return rc != 0 ? -1 : acc;\n}\n");
}

static void emit_fill_function(code_ctx *c)
{
    const gen_module *m = c->m;
    const char *dom = c->p->domains[m->domain].ident;
    gen_buf *b = &c->body;
    char sql[256];
    snprintf(sql, sizeof sql, "SELECT id, name, status, amount FROM %s WHERE id = ?",
             table_at(c, m->tables[0])->name);
    gen_buf_printf(b,
                   "int %s_fill(%s_rec *rec, long id)\n{\n    db_result *r;\n    int rc = -1;\n\n"
                   "    memset(rec, 0, sizeof *rec);\n    if (!valid_id(id))\n        return -1;\n"
                   "    r = %s_query(",
                   m->name, m->name, dom);
    put_sql(b, sql, 15 + (int)strlen(dom));
    gen_buf_puts(b, ", \"l\", id);\n"
                    "    if (r != NULL && db_next(r)) {\n"
                    "        rec->id = db_col_long(r, 0);\n"
                    "        str_copy(rec->name, sizeof rec->name, db_col_text(r, 1));\n"
                    "        str_copy(rec->status, sizeof rec->status, db_col_text(r, 2));\n"
                    "        rec->amount = db_col_long(r, 3);\n"
                    "        rc = 0;\n"
                    "    }\n"
                    "    db_result_free(r);\n"
                    "    calls++;\n"
                    "    return rc;\n"
                    "}\n");
}

static void emit_cmd_function(code_ctx *c)
{
    const gen_module *m = c->m;
    gen_buf *b = &c->body;
    gen_buf_printf(b,
                   "int %s_cmd(int argc, char **argv)\n{\n"
                   "    long id = clamp(argc > 1 ? strtol(argv[1], NULL, 10) : 1, 0, "
                   "1000000000L);\n"
                   "    const char *key = argc > 2 ? argv[2] : \"%s\";\n"
                   "    int rc = 0;\n\n",
                   m->name, gen_module_tail(c->p, m));
    for (int k = 0; k < m->nfuncs && k < 3; k++) {
        if (m->funcs[k].shape == GEN_SHAPE_ID)
            gen_buf_printf(b, "    if (%s(id) < 0)\n        rc = 1;\n", m->funcs[k].name);
        else
            gen_buf_printf(b, "    printf(\"%%ld\\n\", %s(key, id));\n", m->funcs[k].name);
    }
    gen_buf_printf(b,
                   "    log_info(\"%%s: %%s, %%ld calls\", \"%s\", key, calls);\n"
                   "    return rc;\n}\n",
                   m->name);
}

static void body_cut(code_ctx *c)
{
    if (c->ncuts < (int)(sizeof c->cuts / sizeof c->cuts[0]))
        c->cuts[c->ncuts++] = c->body.len;
}

void gen_file_cut(gen_file *f)
{
    if (f->ncuts == f->cuts_cap) {
        int cap = f->cuts_cap ? f->cuts_cap * 2 : 16;
        size_t *v = realloc(f->cuts, (size_t)cap * sizeof *v);
        if (!v) {
            f->text.failed = 1;
            return;
        }
        f->cuts = v;
        f->cuts_cap = cap;
    }
    f->cuts[f->ncuts++] = f->text.len;
}

/* ---- files ---- */

static int add_module_file(gen_plan *p, const gen_module *m, const char *ext, gen_file **out)
{
    char *path = gen_strf("%s/%s.%s", m->dir, m->name, ext);
    if (!path)
        return SEAM_ENOMEM;
    int i = gen_plan_add_file(p, path, m->domain, (int)(m - p->modules), 1);
    free(path);
    if (i < 0)
        return i;
    *out = &p->files[i];
    return 0;
}

static void put_file_comment(gen_buf *b, const gen_plan *p, const gen_module *m, const char *ext,
                             const char *what)
{
    if (p->opts->names == GEN_NAMES_PLAIN)
        gen_buf_printf(b, "/*\n * %s.%s - %s.\n */\n", m->name, ext, what);
    else
        gen_buf_printf(b, "/*\n * %s.%s - %s: %s.\n */\n", m->name, ext, p->domains[m->domain].name,
                       what);
}

static int write_plain_header(gen_plan *p, const gen_module *m)
{
    gen_file *f;
    int rc = add_module_file(p, m, "h", &f);
    if (rc)
        return rc;
    gen_buf *b = &f->text;
    const gen_table *t = &p->tables[m->tables[0]];
    put_file_comment(b, p, m, "h", gen_module_tail(p, m));
    gen_buf_puts(b, "#ifndef ");
    put_guard(b, f->path);
    gen_buf_puts(b, "\n#define ");
    put_guard(b, f->path);
    gen_buf_printf(b,
                   "\n\n/* One row of %s, as %s_fill reads it. */\n"
                   "typedef struct %s_rec {\n    long id;\n    char name[48];\n"
                   "    char status[16];\n    long amount;\n} %s_rec;\n\n"
                   "/* Fills *rec from row id of %s; 0, or -1 when there is no such row. */\n"
                   "int %s_fill(%s_rec *rec, long id);\n",
                   t->name, m->name, m->name, m->name, t->name, m->name, m->name);
    gen_file_cut(f);
    for (int k = 0; k < m->nfuncs; k++) {
        const gen_func *fn = &m->funcs[k];
        const char *verb = fn->name + strlen(m->name) + 1;
        if (fn->shape == GEN_SHAPE_ID)
            gen_buf_printf(b,
                           "/* The %s step for row id; a small score, or -1 on error. */\n"
                           "int %s(long id);\n",
                           verb, fn->name);
        else
            gen_buf_printf(b,
                           "/* The %s step for key; value adjusted, or -1 on error. */\n"
                           "long %s(const char *key, long value);\n",
                           verb, fn->name);
        gen_file_cut(f);
    }
    gen_buf_printf(b,
                   "/* The command line entry: ID [KEY]. */\nint %s_cmd(int argc, char **argv);\n",
                   m->name);
    gen_file_cut(f);
    f->tail = b->len;
    gen_buf_puts(b, "\n#endif\n");
    return b->failed ? SEAM_ENOMEM : 0;
}

static int write_plain_source(code_ctx *c)
{
    const gen_module *m = c->m;
    gen_plan *p = c->p;
    c->body.len = 0;
    c->ncuts = 0;
    c->nincs = 0;
    c->uses_sqlite = c->uses_mem = c->uses_config = c->uses_clock = 0;

    emit_fill_function(c);
    body_cut(c);
    for (int k = 0; k < m->nfuncs; k++) {
        gen_buf_puts(&c->body, "\n");
        emit_function(c, k);
        body_cut(c);
    }
    gen_buf_puts(&c->body, "\n");
    emit_cmd_function(c);
    body_cut(c);

    gen_file *f;
    int rc = add_module_file(p, m, "c", &f);
    if (rc)
        return rc;
    gen_buf *b = &f->text;
    put_file_comment(b, p, m, "c", gen_module_tail(p, m));
    gen_buf_puts(b, "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n");
    if (c->uses_sqlite)
        gen_buf_puts(b, "\n#include <sqlite3.h>\n");
    gen_buf_puts(b, "\n#include \"");
    put_header_path(b, m);
    gen_buf_puts(b, "\"\n#include \"");
    put_header_path(b, &p->modules[p->domains[m->domain].modules[0]]);
    gen_buf_puts(b, "\"\n");
    if (c->uses_clock)
        gen_buf_puts(b, "#include \"util/clock.h\"\n");
    if (c->uses_config)
        gen_buf_puts(b, "#include \"util/config.h\"\n");
    gen_buf_puts(b, "#include \"util/db.h\"\n#include \"util/log.h\"\n");
    if (c->uses_mem)
        gen_buf_puts(b, "#include \"util/mem.h\"\n");
    gen_buf_puts(b, "#include \"util/str.h\"\n");
    qsort(c->incs, (size_t)c->nincs, sizeof *c->incs, seam_cmp_int);
    for (int i = 0; i < c->nincs; i++) {
        gen_buf_puts(b, "#include \"");
        put_header_path(b, &p->modules[c->by_rank[c->incs[i]]]);
        gen_buf_puts(b, "\"\n");
        c->seen[c->incs[i]] = 0;
    }
    gen_buf_puts(b, "\n/* Calls served since start-up, for the command's summary. */\n"
                    "static long calls;\n\n"
                    "static int valid_id(long id)\n{\n    return id > 0 && id < 1000000000L;\n}\n\n"
                    "static long clamp(long v, long lo, long hi)\n{\n"
                    "    return v < lo ? lo : v > hi ? hi : v;\n}\n\n");
    size_t base = b->len;
    gen_buf_put(b, c->body.s, c->body.len);
    for (int i = 0; i < c->ncuts; i++) {
        gen_file_cut(f);
        f->cuts[f->ncuts - 1] = base + c->cuts[i];
    }
    f->tail = b->len;
    return b->failed || c->body.failed ? SEAM_ENOMEM : 0;
}

static int write_db_module(gen_plan *p, const gen_module *m)
{
    const char *dom = p->domains[m->domain].ident;
    gen_file *f;
    int rc = add_module_file(p, m, "h", &f);
    if (rc)
        return rc;
    gen_buf *b = &f->text;
    put_file_comment(b, p, m, "h", "the domain's door to the database");
    gen_buf_puts(b, "#ifndef ");
    put_guard(b, f->path);
    gen_buf_puts(b, "\n#define ");
    put_guard(b, f->path);
    gen_buf_printf(b,
                   "\n\n#include \"util/db.h\"\n\n"
                   "/* Line of the last statement of %s that failed, 0 while none has. */\n"
                   "extern int %s_last_error;\n\n"
                   "/* Runs one statement on the %s tables; 0 or -1. */\n"
                   "int %s_exec(const char *sql, const char *types, ...);\n",
                   dom, dom, dom, dom);
    gen_file_cut(f);
    gen_buf_printf(b,
                   "/* Prepares a query on the %s tables; NULL on error. */\n"
                   "db_result *%s_query(const char *sql, const char *types, ...);\n",
                   dom, dom);
    gen_file_cut(f);
    f->tail = b->len;
    gen_buf_puts(b, "\n#endif\n");
    if (b->failed)
        return SEAM_ENOMEM;

    rc = add_module_file(p, m, "c", &f);
    if (rc)
        return rc;
    b = &f->text;
    put_file_comment(b, p, m, "c", "the domain's door to the database");
    gen_buf_puts(b, "#include <stdarg.h>\n#include <stddef.h>\n\n#include \"");
    put_header_path(b, m);
    gen_buf_printf(b,
                   "\"\n#include \"util/log.h\"\n\n"
                   "int %s_last_error;\nstatic long statements;\n\n"
                   "int %s_exec(const char *sql, const char *types, ...)\n{\n"
                   "    va_list ap;\n    int rc;\n\n    va_start(ap, types);\n"
                   "    rc = db_vexec(sql, types, ap);\n    va_end(ap);\n    statements++;\n"
                   "    if (rc != 0) {\n        %s_last_error = -1;\n"
                   "        log_warn(\"%s: statement %%ld failed\", statements);\n    }\n"
                   "    return rc;\n}\n",
                   dom, dom, dom, dom);
    gen_file_cut(f);
    gen_buf_printf(b,
                   "\ndb_result *%s_query(const char *sql, const char *types, ...)\n{\n"
                   "    va_list ap;\n    db_result *r;\n\n    va_start(ap, types);\n"
                   "    r = db_vquery(sql, types, ap);\n    va_end(ap);\n    statements++;\n"
                   "    if (r == NULL)\n        %s_last_error = -1;\n    return r;\n}\n",
                   dom, dom);
    gen_file_cut(f);
    f->tail = b->len;
    return b->failed ? SEAM_ENOMEM : 0;
}

static int write_cli_module(gen_plan *p, const gen_module *m, const int *rank_of)
{
    const gen_domain *d = &p->domains[m->domain];
    gen_file *f;
    int rc = add_module_file(p, m, "h", &f);
    if (rc)
        return rc;
    gen_buf *b = &f->text;
    put_file_comment(b, p, m, "h", "its commands");
    gen_buf_puts(b, "#ifndef ");
    put_guard(b, f->path);
    gen_buf_puts(b, "\n#define ");
    put_guard(b, f->path);
    gen_buf_printf(b,
                   "\n\n/* Runs `%s COMMAND ARGS...`; the command's status, 2 for a bad one. */\n"
                   "int %s_dispatch(int argc, char **argv);\n",
                   d->name, d->ident);
    gen_file_cut(f);
    f->tail = b->len;
    gen_buf_puts(b, "\n#endif\n");
    if (b->failed)
        return SEAM_ENOMEM;

    rc = add_module_file(p, m, "c", &f);
    if (rc)
        return rc;
    b = &f->text;
    put_file_comment(b, p, m, "c", "its commands");
    gen_buf_puts(b, "#include <stdio.h>\n#include <string.h>\n\n#include \"");
    put_header_path(b, m);
    gen_buf_puts(b, "\"\n");
    /* The plain modules, headers in path order (ranks sort like paths). */
    int n = d->nmodules - 2;
    int *order = malloc((size_t)(n > 0 ? n : 1) * sizeof *order);
    if (!order)
        return SEAM_ENOMEM;
    for (int k = 0; k < n; k++)
        order[k] = rank_of[d->modules[2 + k]];
    qsort(order, (size_t)n, sizeof *order, seam_cmp_int);
    for (int k = 0; k < n; k++) {
        const gen_module *pm = NULL;
        for (int q = 2; q < d->nmodules && !pm; q++)
            if (rank_of[d->modules[q]] == order[k])
                pm = &p->modules[d->modules[q]];
        gen_buf_puts(b, "#include \"");
        put_header_path(b, pm);
        gen_buf_puts(b, "\"\n");
    }
    free(order);
    gen_buf_printf(b,
                   "\ntypedef int (*%s_command_fn)(int argc, char **argv);\n\n"
                   "static const struct %s_command {\n    const char *name;\n"
                   "    %s_command_fn run;\n} commands[] = {\n",
                   d->ident, d->ident, d->ident);
    gen_file_cut(f);
    for (int k = 2; k < d->nmodules; k++) {
        const gen_module *pm = &p->modules[d->modules[k]];
        gen_buf_printf(b, "    {\"%s\", %s_cmd},\n", gen_module_tail(p, pm), pm->name);
        gen_file_cut(f);
    }
    f->tail = b->len;
    gen_buf_printf(
        b,
        "};\n\nint %s_dispatch(int argc, char **argv)\n{\n"
        "    if (argc < 2) {\n        fputs(\"usage: %s COMMAND [ID [KEY]]\\n\", stderr);\n"
        "        return 2;\n    }\n"
        "    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)\n"
        "        if (strcmp(argv[1], commands[i].name) == 0)\n"
        "            return commands[i].run(argc - 1, argv + 1);\n"
        "    fprintf(stderr, \"%s: unknown command '%%s'\\n\", argv[1]);\n"
        "    return 2;\n}\n",
        d->ident, d->name, d->name);
    return b->failed ? SEAM_ENOMEM : 0;
}

static int write_main(gen_plan *p)
{
    int i = gen_plan_add_file(p, "src/main.c", GEN_OWNER_SHARED, -1, 1);
    if (i < 0)
        return i;
    gen_file *f = &p->files[i];
    gen_buf *b = &f->text;
    gen_buf_puts(b, "/*\n * main.c - the command line: `app DOMAIN COMMAND [ID [KEY]]`.\n */\n"
                    "#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n\n");
    for (int d = 0; d < p->ndomains; d++) {
        gen_buf_puts(b, "#include \"");
        put_header_path(b, &p->modules[p->domains[d].modules[1]]);
        gen_buf_puts(b, "\"\n");
    }
    gen_buf_puts(b,
                 "#include \"util/config.h\"\n#include \"util/db.h\"\n#include \"util/log.h\"\n\n"
                 "typedef int (*domain_fn)(int argc, char **argv);\n\n"
                 "/* Every domain's commands. */\n"
                 "static const struct domain_entry {\n    const char *name;\n"
                 "    domain_fn run;\n} domains[] = {\n");
    gen_file_cut(f);
    for (int d = 0; d < p->ndomains; d++) {
        gen_buf_printf(b, "    {\"%s\", %s_dispatch},\n", p->domains[d].name, p->domains[d].ident);
        gen_file_cut(f);
    }
    f->tail = b->len;
    gen_buf_puts(
        b, "};\n\n"
           "static int usage(void)\n{\n    fputs(\"usage: app DOMAIN COMMAND [ID [KEY]]\\n\", "
           "stderr);\n    return 2;\n}\n\n"
           "int main(int argc, char **argv)\n{\n"
           "    int rc = 2;\n\n"
           "    if (argc < 3)\n        return usage();\n"
           "    if (config_load(getenv(\"APP_CONFIG\")) != 0)\n"
           "        log_warn(\"cannot read %s\", getenv(\"APP_CONFIG\"));\n"
           "    if (db_open(config_get(\"db.path\", \"app.db\")) != 0)\n        return 1;\n"
           "    for (size_t i = 0; i < sizeof domains / sizeof domains[0]; i++)\n"
           "        if (strcmp(argv[1], domains[i].name) == 0)\n"
           "            rc = domains[i].run(argc - 1, argv + 1);\n"
           "    if (rc == 2)\n        usage();\n"
           "    db_close();\n    return rc;\n}\n");
    return b->failed ? SEAM_ENOMEM : 0;
}

static int write_utils(gen_plan *p)
{
    for (int k = 0; k < gen_nutil_texts; k++) {
        int i = gen_plan_add_file(p, gen_util_texts[k].path, GEN_OWNER_SHARED, -1, 1);
        if (i < 0)
            return i;
        gen_file *f = &p->files[i];
        gen_buf_puts(&f->text, gen_util_texts[k].text);
        /* Utilities change as a whole in the history: one cut, at the end. */
        gen_file_cut(f);
        f->tail = f->text.len;
        if (f->text.failed)
            return SEAM_ENOMEM;
    }
    return 0;
}

/* Ranks of module header paths, so that includes can be sorted as ints. */
typedef struct path_rank {
    char *path;
    int module;
} path_rank;

static int cmp_path_rank(const void *a, const void *b)
{
    return strcmp(((const path_rank *)a)->path, ((const path_rank *)b)->path);
}

static int rank_modules(const gen_plan *p, int *rank_of, int *by_rank)
{
    path_rank *v = calloc((size_t)p->nmodules, sizeof *v);
    if (!v)
        return SEAM_ENOMEM;
    int rc = 0;
    for (int i = 0; i < p->nmodules && !rc; i++) {
        gen_buf b = {0};
        put_header_path(&b, &p->modules[i]);
        v[i].path = b.s;
        v[i].module = i;
        if (b.failed)
            rc = SEAM_ENOMEM;
    }
    if (!rc) {
        qsort(v, (size_t)p->nmodules, sizeof *v, cmp_path_rank);
        for (int r = 0; r < p->nmodules; r++) {
            rank_of[v[r].module] = r;
            by_rank[r] = v[r].module;
        }
    }
    for (int i = 0; i < p->nmodules; i++)
        free(v[i].path);
    free(v);
    return rc;
}

int gen_code_write(gen_plan *p, seam_err *err)
{
    code_ctx c = {.p = p};
    int *rank_of = calloc((size_t)p->nmodules, sizeof *rank_of);
    int *by_rank = calloc((size_t)p->nmodules, sizeof *by_rank);
    c.seen = calloc((size_t)p->nmodules, 1);
    c.incs = calloc((size_t)p->nmodules, sizeof *c.incs);
    int rc = rank_of && by_rank && c.seen && c.incs ? 0 : SEAM_ENOMEM;
    if (!rc)
        rc = rank_modules(p, rank_of, by_rank);
    c.rank_of = rank_of;
    c.by_rank = by_rank;
    if (!rc)
        rc = write_utils(p);
    if (!rc)
        rc = write_main(p);
    for (int i = 0; i < p->nmodules && !rc; i++) {
        const gen_module *m = &p->modules[i];
        if (m->kind == GEN_MOD_DB) {
            rc = write_db_module(p, m);
        } else if (m->kind == GEN_MOD_CLI) {
            rc = write_cli_module(p, m, rank_of);
        } else {
            /* One stream per module: a module's text depends on the seed and its index only. */
            c.m = m;
            gen_rng_seed(&c.rng, p->opts->seed, 1000 + (uint64_t)i);
            rc = write_plain_header(p, m);
            if (!rc)
                rc = write_plain_source(&c);
        }
    }
    free(rank_of);
    free(by_rank);
    free(c.seen);
    free(c.incs);
    gen_buf_free(&c.body);
    if (rc)
        return seam_err_set(err, rc, "out of memory while writing the sources");
    return 0;
}
