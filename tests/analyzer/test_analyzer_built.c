/*
 * test_analyzer_built.c - statements built in a buffer, and table-name arguments.
 *
 * A DB layer in the style of real monitoring servers: db_select(fmt, ...)
 * formats and sends (found with no --sql-fn), buffers are grown by a
 * project appender given &sql (append(&sql, &alloc, &offset, fmt, ...)),
 * by strcat and by snprintf at an offset, on both arms of an if, and reused
 * for a second statement; a %s is filled from a constant table of names and
 * from a file-scope constant written against a run-time prefix, and from
 * p->name where p = &table[i] of a constant table, and from a field given
 * a default in the same file, from a global another file defines, and from
 * element K of an array another file fills from a constant table; a
 * NULL-terminated concatenation of pieces is
 * read as one statement; a helper given &sql appends to the caller's
 * statement; a helper
 * takes a table's name (db_get_maxid("events")) and builds "... FROM %s"
 * from it, one more passes it on, and a third is named with --table-fn; a
 * table's name carried in a record (ins_prepare(&ins, "alerts") looks the
 * table up and stores it, ins_execute(&ins) sends "insert into " +
 * ins->table->name); a helper whose parameter starts a formatted statement
 * ("%s limit %d"); goto, break and return ending their paths.
 * Checked: one site per statement at the call that sends it, with every
 * variant's tables, how it was found, and no keyword guesses left for the
 * pieces.
 */
#include <stdio.h>
#include <string.h>

#include "analyzer.h"
#include "check.h"
#include "tiny_project.h"

static const char DB_C[] =
    "#include <stdarg.h>\n"
    "#include <stdio.h>\n"
    "#include <stdlib.h>\n"
    "typedef struct pg_conn PGconn;\n"
    "void *PQexec(PGconn *conn, const char *query);\n"
    "static PGconn *conn;\n"
    "void *db_select(const char *fmt, ...)\n"
    "{\n"
    "    va_list ap;\n"
    "    char *sql = NULL;\n"
    "    va_start(ap, fmt);\n"
    "    if (vasprintf(&sql, fmt, ap) < 0)\n"
    "        sql = NULL;\n"
    "    va_end(ap);\n"
    "    void *r = PQexec(conn, sql);\n"
    "    free(sql);\n"
    "    return r;\n"
    "}\n"
    "void append(char **buf, size_t *alloc, size_t *off, const char *fmt, ...);\n"
    "void db_insert_prepare(void *ins, const char *table, ...);\n"
    "const char *acct_table = \"acct_table\";\n"
    "char *tablenames[2];\n"
    "static const char *rawnames[2] = {\"hosts_t\", \"services_t\"};\n"
    "void names_init(const char *prefix)\n"
    "{\n"
    "    for (int x = 0; x < 2; x++)\n"
    "        asprintf(&tablenames[x], \"%s%s\", prefix == NULL ? \"\" : prefix, rawnames[x]);\n"
    "}\n";

static const char APP_C[] =
    "#include <stdio.h>\n"
    "#include <string.h>\n"
    "#include <stddef.h>\n"
    "void *db_select(const char *fmt, ...);\n"
    "void append(char **buf, size_t *alloc, size_t *off, const char *fmt, ...);\n"
    "void db_insert_prepare(void *ins, const char *table, ...);\n"
    "static const char *const names[] = {\"hosts\", \"services\"};\n"
    "static const char *job_table = \"job_table\";\n"
    "void report(int id, int flag, const char *cluster)\n" /* 9 */
    "{\n"
    "    char *sql = NULL;\n"
    "    size_t alloc = 0, off = 0;\n"
    "    append(&sql, &alloc, &off, \"select h.name from hosts h\");\n"
    "    if (flag)\n"
    "        append(&sql, &alloc, &off, \" join items i on i.hostid=h.hostid\");\n"
    "    else\n"
    "        append(&sql, &alloc, &off, \" join triggers t on t.hostid=h.hostid\");\n"
    "    append(&sql, &alloc, &off, \" where h.id=%d\", id);\n"
    "    db_select(\"%s\", sql);\n" /* 19 */
    "    off = 0;\n"
    "    append(&sql, &alloc, &off, \"delete from problem where id=%d\", id);\n"
    "    db_select(\"%s\", sql);\n" /* 22 */
    "    for (int i = 0; i < 2; i++)\n"
    "        db_select(\"select count(*) from %s\", names[i]);\n" /* 24 */
    "    char q[256];\n"
    "    snprintf(q, sizeof q, \"select a from \\\"%s_%s\\\" where x=%d\", cluster, job_table, id);\n"
    "    db_select(\"%s\", q);\n" /* 27 */
    "    char b[512];\n"
    "    strcpy(b, \"update acks set x=1\");\n"
    "    strcat(b, \" where id=\");\n"
    "    snprintf(b + strlen(b), sizeof b - strlen(b), \"%d\", id);\n"
    "    db_select(b);\n" /* 32 */
    "}\n"
    "long db_get_maxid(const char *table)\n" /* 34 */
    "{\n"
    "    char sql[128];\n"
    "    snprintf(sql, sizeof sql, \"select max(id) from %s\", table);\n"
    "    db_select(\"%s\", sql);\n" /* 38 */
    "    return 0;\n"
    "}\n"
    "long next_id(const char *t) { return db_get_maxid(t); }\n"
    "void work(void)\n"
    "{\n"
    "    db_get_maxid(\"events\");\n"             /* 44 */
    "    next_id(\"alerts\");\n"                  /* 45 */
    "    db_insert_prepare(0, \"history\", 0);\n" /* 46 */
    "}\n"
    "typedef struct { const char *name; } htab;\n"
    "static const htab htabs[] = {{\"history\"}, {\"history_str\"}};\n"
    "void read_hist(int type)\n" /* 50 */
    "{\n"
    "    const htab *t = &htabs[type];\n"
    "    db_select(\"select clock from %s\", t->name);\n" /* 53 */
    "}\n"
    "typedef struct { const char *table_inbox; } smsd_cfg;\n"
    "int sql_option(smsd_cfg *c, const char *name, ...);\n"
    "void cfg_read(smsd_cfg *c) { c->table_inbox = \"inbox\"; }\n"
    "void cfg_queries(smsd_cfg *c)\n"
    "{\n"
    "    sql_option(c, \"insert_inbox\", \"INSERT INTO \", c->table_inbox, \" (a) VALUES (%1)\", NULL);\n"
    "    db_select(\"select * from %s\", c->table_inbox);\n" /* 61 */
    "}\n"
    "extern const char *acct_table;\n"
    "void acct_list(void)\n"
    "{\n"
    "    db_select(\"select name from %s\", acct_table);\n" /* 66 */
    "}\n"
    "extern char *tablenames[2];\n"
    "void save_service(int id)\n"
    "{\n"
    "    char *buf = NULL;\n"
    "    asprintf(&buf, \"insert into %s (id) values (%d)\", tablenames[1], id);\n"
    "    db_select(\"%s\", buf);\n" /* 73 */
    "}\n"
    "void append_impl(char **p, const char *fmt, ...);\n"
    "#define SQL_CAT(p, ...) append_impl(&(p), __VA_ARGS__)\n"
    "void macro_built(int id)\n"
    "{\n"
    "    char *q = NULL;\n"
    "    SQL_CAT(q, \"select a from macro_t where id=%d\", id);\n"
    "    db_select(\"%s\", q);\n" /* 81 */
    "}\n"
    "void *xalloc(const char *file, int line, void *old, size_t n);\n"
    "void alloc_then_send(void)\n"
    "{\n"
    "    char *s = xalloc(__FILE__, __LINE__, NULL, 64);\n"
    "    db_select(\"%s\", s);\n"
    "}\n"
    "void save_changes(char **sql, size_t *a, size_t *o, int id)\n"
    "{\n"
    "    append(sql, a, o, \"update items set state=1 where itemid=%d;\\n\", id);\n"
    "}\n"
    "void mass_update(int id)\n"
    "{\n"
    "    char *sql = NULL;\n"
    "    size_t alloc = 0, off = 0;\n"
    "    append(&sql, &alloc, &off, \"update hosts set flag=1;\\n\");\n"
    "    save_changes(&sql, &alloc, &off, id);\n"
    "    db_select(\"%s\", sql);\n" /* 99 */
    "}\n"
    "void purge(const char *t)\n"
    "{\n"
    "    db_select(\"select max(id) from %s\", t);\n"
    "    db_select(\"delete from %s where id < 10\", t);\n"
    "}\n"
    "void purge_all(void) { purge(\"events2\"); }\n" /* 106 */
    "void long_where(int a, int b, int c)\n"
    "{\n"
    "    char q[4096] = \"select * from wide_t where 1=1\";\n"
    "    if (a) strcat(q, \" and a=1\");\n"
    "    if (b) strcat(q, \" and b=1\");\n"
    "    if (c) strcat(q, \" and c=1\");\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c0=%d\", 0);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c1=%d\", 1);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c2=%d\", 2);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c3=%d\", 3);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c4=%d\", 4);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c5=%d\", 5);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c6=%d\", 6);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c7=%d\", 7);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c8=%d\", 8);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c9=%d\", 9);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c10=%d\", 10);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c11=%d\", 11);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c12=%d\", 12);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c13=%d\", 13);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c14=%d\", 14);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c15=%d\", 15);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c16=%d\", 16);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c17=%d\", 17);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c18=%d\", 18);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c19=%d\", 19);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c20=%d\", 20);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c21=%d\", 21);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c22=%d\", 22);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c23=%d\", 23);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c24=%d\", 24);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c25=%d\", 25);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c26=%d\", 26);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c27=%d\", 27);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c28=%d\", 28);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c29=%d\", 29);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c30=%d\", 30);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c31=%d\", 31);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c32=%d\", 32);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c33=%d\", 33);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c34=%d\", 34);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c35=%d\", 35);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c36=%d\", 36);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c37=%d\", 37);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c38=%d\", 38);\n"
    "    snprintf(q + strlen(q), sizeof q - strlen(q), \" and c39=%d\", 39);\n"
    "    db_select(q);\n" /* 153 */
    "}\n"
    "void qos_list(int cond, int del)\n"
    "{\n"
    "    char *extra = NULL;\n"
    "    size_t a = 0, o = 0;\n"
    "    if (!cond) {\n"
    "        append(&extra, &a, &o, \"where deleted=0\");\n"
    "        goto empty;\n"
    "    }\n"
    "    if (del)\n"
    "        append(&extra, &a, &o, \"where (deleted=0 or deleted=1)\");\n"
    "    else\n"
    "        append(&extra, &a, &o, \"where deleted=0\");\n"
    "    append(&extra, &a, &o, \" and flag=1\");\n"
    "empty:\n"
    "    db_select(\"select name from qos_t %s\", extra);\n" /* 169 */
    "}\n"
    "void pick(int k)\n"
    "{\n"
    "    char q[256];\n"
    "    strcpy(q, \"select id from \");\n"
    "    switch (k) {\n"
    "    case 1: strcat(q, \"alpha_t\"); break;\n"
    "    case 2: strcat(q, \"beta_t\"); break;\n"
    "    default: return;\n"
    "    }\n"
    "    strcat(q, \" where id=1\");\n"
    "    db_select(q);\n" /* 181 */
    "}\n"
    "void early(int k)\n"
    "{\n"
    "    char q[128] = \"select a from gamma_t\";\n"
    "    for (;;) {\n"
    "        if (k > 2) { strcat(q, \" where a>2\"); break; }\n"
    "        if (k) { strcat(q, \" where a=1\"); db_select(q); return; }\n" /* 188 */
    "        k++;\n"
    "    }\n"
    "    strcat(q, \" order by a\");\n"
    "    db_select(q);\n" /* 192 */
    "}\n"
    "typedef struct { const char *name; const char *key; } table_t;\n"
    "typedef struct { const table_t *table; int rows; } ins_t;\n"
    "static const table_t tables[] = {{\"alerts\", \"alertid\"}, {\"trends\", \"itemid\"}, {0, 0}};\n"
    "const table_t *get_table(const char *name)\n"
    "{\n"
    "    for (int t = 0; tables[t].name; t++)\n"
    "        if (0 == strcmp(tables[t].name, name))\n"
    "            return &tables[t];\n"
    "    return NULL;\n"
    "}\n"
    "void ins_prepare_dyn(ins_t *self, const table_t *table) { self->table = table; self->rows = 0; }\n"
    "void ins_prepare(ins_t *self, const char *name)\n"
    "{\n"
    "    const table_t *t;\n"
    "    if (NULL == (t = get_table(name)))\n"
    "        exit(1);\n"
    "    ins_prepare_dyn(self, t);\n"
    "}\n"
    "void ins_execute(ins_t *self)\n"
    "{\n"
    "    char *sql = malloc(64);\n"
    "    size_t alloc = 64, off = 0;\n"
    "    append(&sql, &alloc, &off, \"insert into \");\n"
    "    append(&sql, &alloc, &off, self->table->name);\n"
    "    append(&sql, &alloc, &off, \" (%s) values (1)\", self->table->key);\n"
    "    db_select(\"%s\", sql);\n"
    "}\n"
    "void save_alerts(void) { ins_t i; ins_prepare(&i, \"alerts\"); ins_execute(&i); }\n" /* 221 */
    "void save_trends(void) { ins_t i; ins_prepare_dyn(&i, get_table(\"trends\")); ins_execute(&i); }\n" /* 222 */
    "void *select_n(const char *query, int n) { return db_select(\"%s limit %d\", query, n); }\n"
    "void last_event(void) { select_n(\"select eventid from events2 order by clock\", 1); }\n"; /* 224 */

static const char *const FILES[] = {"src/db.c", "src/app.c", NULL};

/* The site at line `line` of src/app.c (there is one per statement). */
static const seam_sql_site *site_at_line(const seam_model *m, int line)
{
    const seam_sql_site *found = NULL;
    int n = 0;
    for (int i = 0; i < m->nsql_sites; i++) {
        const seam_sql_site *s = &m->sql_sites[i];
        if (s->line == line && strcmp(m->files[s->file].path, "src/app.c") == 0) {
            found = s;
            n++;
        }
    }
    CHECK_INT(n, 1);
    return n == 1 ? found : NULL;
}

/* The site's tables as "name:r name:w ...", in the site's (name) order. */
static void check_tables(const seam_sql_site *s, const char *want)
{
    char got[512] = "";
    for (int i = 0; s && i < s->ntables; i++) {
        size_t n = strlen(got);
        snprintf(got + n, sizeof got - n, "%s%s:%s%s", i ? " " : "", s->tables[i].table,
                 s->tables[i].access & SEAM_READ ? "r" : "",
                 s->tables[i].access & SEAM_WRITE ? "w" : "");
    }
    CHECK_STR(got, want);
}

static void check_site(const seam_model *m, int line, const char *how, const char *found,
                       const char *via, const char *tables)
{
    const seam_sql_site *s = site_at_line(m, line);
    if (!s)
        return;
    CHECK_STR(s->how, how);
    CHECK_STR(s->found, found);
    CHECK_STR(s->via, via);
    CHECK_STR(s->confidence, "high");
    check_tables(s, tables);
}

int main(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "src/db.c", DB_C);
    tiny_project_write(&p, "src/app.c", APP_C);
    tiny_project_compdb(&p, "-Isrc -D_GNU_SOURCE", FILES);

    const char *table_fns[] = {"db_insert_prepare:2"};
    analyzer_options o = {.src_dir = p.root, .jobs = 1, .table_fns = table_fns, .ntable_fns = 1};
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    seam_err_clear(&err);
    int rc = analyzer_run(&o, &m, &err);
    if (rc == 0)
        rc = analyzer_resolve_sql(&m, &err);
    if (rc)
        fprintf(stderr, "analyzer: %s\n", err.msg);
    CHECK_INT(rc, 0);

    /* appends on both arms of an if: one site with both variants' tables */
    check_site(&m, 19, "built", "inferred_wrapper", "db_select", "hosts:r items:r triggers:r");
    const seam_sql_site *s = site_at_line(&m, 19);
    CHECK(s && strstr(s->sql, "join items") && strstr(s->sql, "join triggers") &&
          strstr(s->sql, ";\n"));
    /* the buffer reused for the next statement: that statement alone */
    check_site(&m, 22, "built", "inferred_wrapper", "db_select", "problem:w");
    /* %s of a constant table: every name */
    check_site(&m, 24, "format", "inferred_wrapper", "db_select", "hosts:r services:r");
    /* a run-time prefix written against a constant: the constant is the table */
    check_site(&m, 27, "format", "inferred_wrapper", "db_select", "job_table:r");
    /* strcpy, strcat and snprintf at an offset */
    check_site(&m, 32, "built", "inferred_wrapper", "db_select", "acks:w");
    s = site_at_line(&m, 32);
    CHECK(s && strcmp(s->sql, "update acks set x=1 where id=%d") == 0);
    /* table-name arguments: inferred (one level and passed on) and declared */
    check_site(&m, 44, "table_argument", "table_argument", "db_get_maxid", "events:r");
    check_site(&m, 45, "table_argument", "table_argument", "next_id", "alerts:r");
    check_site(&m, 46, "table_argument", "table_argument", "db_insert_prepare", "history:rw");
    s = site_at_line(&m, 44);
    CHECK(s && strcmp(s->sql, "select max(id) from events") == 0);
    /* p->name, p pointing into a constant table: every element's name */
    check_site(&m, 53, "format", "inferred_wrapper", "db_select", "history:r history_str:r");
    /* a field given a default in this file: its default */
    check_site(&m, 61, "format", "inferred_wrapper", "db_select", "inbox:r");
    /* a global another file defines: its literal */
    check_site(&m, 66, "format", "inferred_wrapper", "db_select", "acct_table:r");
    /* element 1 of an array another file fills from a constant table, element by element */
    check_site(&m, 73, "format", "inferred_wrapper", "db_select", "services_t:w");
    /* an appender called through a macro (the & is in the macro's text) */
    check_site(&m, 81, "built", "inferred_wrapper", "db_select", "macro_t:r");
    /* a NULL-terminated concatenation is read whole: the guess is the statement */
    const seam_sql_site *g = site_at_line(&m, 60);
    if (g) {
        CHECK_STR(g->found, "keyword");
        CHECK_STR(g->sql, "INSERT INTO inbox (a) VALUES (%1)");
        check_tables(g, "inbox:w");
    }
    /* the helper's own statement: its table is its parameter, no table of its own */
    check_site(&m, 38, "format", "inferred_wrapper", "db_select", "");
    /* the pieces are parts of those statements, not guesses of their own */
    /* a helper given &sql appends its own statement: the caller's site has its table too */
    check_site(&m, 99, "built", "inferred_wrapper", "db_select", "hosts:w items:w");
    /*
     * A helper sending two statements with the name: a site for each at the
     * call, each saying which of the helper's database calls sends it; the
     * helper's own sites ("... from %1$s") are resolved there.
     */
    int at106 = 0, reads = 0, writes = 0;
    for (int i = 0; i < m.nsql_sites; i++) {
        const seam_sql_site *t = &m.sql_sites[i];
        if (t->line != 106 || strcmp(m.files[t->file].path, "src/app.c") != 0)
            continue;
        at106++;
        CHECK_STR(t->how, "table_argument");
        CHECK_STR(t->via, "purge");
        CHECK(t->ntables == 1 && strcmp(t->tables[0].table, "events2") == 0);
        reads += t->ntables == 1 && t->tables[0].access == SEAM_READ;
        writes += t->ntables == 1 && t->tables[0].access == SEAM_WRITE;
        CHECK_INT(t->has_sent, 1);
        /* the helper's own site at sent_at: purge's statement with the parameter's hole */
        int sender = 0;
        for (int k = 0; k < m.nsql_sites; k++) {
            const seam_sql_site *h = &m.sql_sites[k];
            if (h->file == t->sent_file && h->line == t->sent_line && h->ntables == 0 &&
                strstr(h->sql, "%1$s") && strcmp(m.functions[h->function].name, "purge") == 0)
                sender++;
        }
        CHECK_INT(sender, 1);
    }
    CHECK_INT(at106, 2);
    CHECK_INT(reads, 1);
    CHECK_INT(writes, 1);
    /* 8 variants appended to 40 times through snprintf(q + strlen(q), ...): still one site */
    check_site(&m, 153, "built", "inferred_wrapper", "db_select", "wide_t:r");
    /* a goto past the appends: the path that jumped has its text, not the others' too */
    check_site(&m, 169, "built", "inferred_wrapper", "db_select", "qos_t:r");
    s = site_at_line(&m, 169);
    CHECK(s && strcmp(s->sql, "select name from qos_t where deleted=0 and flag=1;\n"
                              "select name from qos_t where (deleted=0 or deleted=1) and flag=1;\n"
                              "select name from qos_t where deleted=0") == 0);
    /* break leaves a case, a default that returns is no path past the switch */
    check_site(&m, 181, "built", "inferred_wrapper", "db_select", "alpha_t:r beta_t:r");
    s = site_at_line(&m, 181);
    CHECK(s && strcmp(s->sql, "select id from alpha_t where id=1;\n"
                              "select id from beta_t where id=1") == 0);
    /* a return ends its path; a break leaves the loop with its own text */
    s = site_at_line(&m, 188);
    CHECK(s && strcmp(s->sql, "select a from gamma_t where a=1") == 0);
    s = site_at_line(&m, 192);
    CHECK(s && strcmp(s->sql, "select a from gamma_t order by a;\n"
                              "select a from gamma_t where a>2 order by a") == 0);
    /* a table's name carried in a record: prepare(&ins, name) ... execute(&ins) */
    check_site(&m, 221, "table_argument", "table_argument", "ins_prepare", "alerts:w");
    s = site_at_line(&m, 221);
    CHECK(s && strcmp(s->sql, "insert into alerts (%s) values (1)") == 0);
    check_site(&m, 222, "table_argument", "table_argument", "ins_prepare_dyn", "trends:w");
    /* a parameter that starts a formatted statement is the statement: select_n is a wrapper */
    check_site(&m, 224, "argument", "inferred_wrapper", "select_n", "events2:r");
    /* an allocator given __FILE__ makes no text of the file's name */
    for (int i = 0; i < m.nsql_sites; i++)
        CHECK(strstr(m.sql_sites[i].sql, "app.c") == NULL);
    int guesses = 0;
    for (int i = 0; i < m.nsql_sites; i++)
        guesses += strcmp(m.sql_sites[i].found, "keyword") == 0;
    CHECK_INT(guesses, 2); /* the concatenation's, and the helper's piece read alone */
    CHECK_INT(m.nsql_sites, 31);

    seam_model_free(&m);
    tiny_project_remove(&p);
    return check_finish();
}
