/*
 * test_analyzer_facts.c - the facts beyond calls and SQL sites: function
 * references (callbacks, dispatch tables, function pointers), global
 * variables read and written, types and their users, #include edges, TU
 * diagnostics; and the SQL a value carries through assignment, asprintf,
 * strcpy, --sql-fn wrappers given by hand, and literals that only read as
 * SQL (low confidence). --exclude drops a vendored directory. Unions and
 * enums, tagged or typedef'd without a tag, with their definition place and
 * users.
 */
#include <string.h>

#include "analyzer.h"
#include "check.h"
#include "tiny_project.h"

static const char SERVER_H[] = "#ifndef SERVER_H\n"
                               "#define SERVER_H\n"
                               "typedef struct client { int fd; const char *name; } client;\n"
                               "struct reply { int code; };\n"
                               "typedef int (*command_fn)(client *c);\n"
                               "int get_command(client *c);\n"
                               "int set_command(client *c);\n"
                               "extern int total_commands;\n"
                               "#endif\n";

static const char SERVER_C[] =
    "#include \"server.h\"\n"
    "#include \"vendor/lib.h\"\n"
    "int total_commands;\n"
    "static int verbose = 1;\n"
    "static int counters[4];\n"
    "struct entry { const char *name; command_fn fn; };\n"
    "static struct entry table[] = {\n"
    "    {\"get\", get_command},\n" /* 8 */
    "    {\"set\", set_command},\n"
    "};\n"
    "int get_command(client *c) { total_commands++; return c->fd + verbose; }\n" /* 11 */
    "int set_command(client *c) { verbose = 0; counters[1] = c->fd; return 0; }\n"
    "static int on_done(struct reply *r) { return r->code + counters[0]; }\n"
    "int run(int (*cb)(struct reply *), struct reply *r) { return cb(r); }\n"
    "int dispatch(client *c, int i)\n"
    "{\n"
    "    command_fn f = table[i].fn;\n"
    "    struct reply r = {0};\n"
    "    total_commands += 1;\n"
    "    f = &set_command;\n" /* 20 */
    "    return f(c) + run(on_done, &r) + vendor_helper();\n"
    "}\n"
    "#include \"shapes.h\"\n"; /* a second includer: its types are still one each */

static const char SHAPES_H[] = "#ifndef SHAPES_H\n"
                               "#define SHAPES_H\n"
                               "enum color { RED, GREEN };\n" /* 3 */
                               "union value {\n"
                               "    int i;\n"
                               "    double d;\n"
                               "};\n"
                               "typedef enum { SMALL, LARGE } size_kind;\n"       /* 8 */
                               "typedef union { long l; char c[8]; } raw_word;\n" /* 9 */
                               "#endif\n";

static const char SHAPES_C[] =
    "#include \"shapes.h\"\n"
    "union cell { enum color c; int n; };\n"
    "int paint(enum color c) { return c == RED; }\n" /* 3 */
    "double as_double(union value v) { return v.d; }\n"
    "int is_large(size_kind k) { return k == LARGE; }\n" /* 5 */
    "long word(raw_word w) { return w.l; }\n"
    "int cell_n(void) { union cell x = {.n = 1}; return x.n; }\n" /* 7 */
    "int sized(void *p) { return (int)sizeof(union value) + (p != 0); }\n"
    "int green(void) { return GREEN; }\n";

static const char STATS_C[] = "#include \"server.h\"\n"
                              "static int verbose;\n" /* same name, another file */
                              "int stats_total(void) { return total_commands + verbose; }\n";

static const char VENDOR_H[] = "static inline int vendor_helper(void) { return 7; }\n";

static const char DB_C[] =
    "#define _GNU_SOURCE\n"
    "#include <sqlite3.h>\n"
    "#include <stdio.h>\n"
    "#include <string.h>\n"
    "#include <stdlib.h>\n"
    "int legacy_query(void *h, int flags, const char *sql);\n"
    "int q_assign(sqlite3 *db, int all)\n"
    "{\n"
    "    const char *sql;\n"
    "    if (all)\n"
    "        sql = \"SELECT * FROM orders\";\n" /* 11 */
    "    else\n"
    "        sql = \"SELECT * FROM orders WHERE open\";\n" /* 13 */
    "    return sqlite3_exec(db, sql, 0, 0, 0);\n"
    "}\n"
    "int q_asprintf(sqlite3 *db, int id)\n"
    "{\n"
    "    char *sql = NULL;\n"
    "    if (asprintf(&sql, \"DELETE FROM carts WHERE id = %d\", id) < 0)\n" /* 19 */
    "        return -1;\n"
    "    int rc = sqlite3_exec(db, sql, 0, 0, 0);\n"
    "    free(sql);\n"
    "    return rc;\n"
    "}\n"
    "int q_copy(sqlite3 *db)\n"
    "{\n"
    "    char buf[64];\n"
    "    strcpy(buf, \"UPDATE stock SET n = 0\");\n" /* 28 */
    "    return sqlite3_exec(db, buf, 0, 0, 0);\n"
    "}\n"
    "int q_legacy(void) { return legacy_query(0, 1, \"SELECT id FROM legacy\"); }\n" /* 31 */
    "int q_loose(char *out)\n"
    "{\n"
    "    const char *q = \"INSERT INTO audit (msg) VALUES ('x')\";\n" /* 34 */
    "    strcpy(out, q);\n"
    "    puts(\"Update failed, select another\");\n"
    "    return 0;\n"
    "}\n"
    /* A wrapper of the --sql-fn function, and its caller: a site through the wrapper. */
    "int legacy_run(const char *q) { return legacy_query(0, 2, q); }\n"
    "int q_through(void) { return legacy_run(\"DELETE FROM legacy_log\"); }\n"; /* 40 */

static const char BROKEN_C[] = "#include \"missing.h\"\n"
                               "int broken(void) { return 1 +; }\n";

static const char *const FILES[] = {"src/server.c",     "src/stats.c",  "src/db.c", "src/broken.c",
                                    "src/vendor/lib.c", "src/shapes.c", NULL};

static int find_global(const seam_model *m, const char *name, const char *file)
{
    for (int i = 0; i < m->nglobals; i++)
        if (strcmp(m->globals[i].name, name) == 0 &&
            strcmp(m->files[m->globals[i].file].path, file) == 0)
            return i;
    return -1;
}

static int global_access(const seam_model *m, int fn, int g)
{
    for (int i = 0; i < m->nglobal_uses; i++)
        if (m->global_uses[i].function == fn && m->global_uses[i].global == g)
            return m->global_uses[i].access;
    return 0;
}

static int find_type(const seam_model *m, const char *name, const char *kind)
{
    for (int i = 0; i < m->ntypes; i++)
        if (strcmp(m->types[i].name, name) == 0 && strcmp(m->types[i].kind, kind) == 0)
            return i;
    return -1;
}

static int uses_type(const seam_model *m, int fn, int ty)
{
    for (int i = 0; i < m->ntype_uses; i++)
        if (m->type_uses[i].function == fn && m->type_uses[i].type == ty)
            return 1;
    return 0;
}

static int ref_count(const seam_model *m, int from_fn, const char *file, int target)
{
    for (int i = 0; i < m->nfunc_refs; i++) {
        const seam_func_ref *r = &m->func_refs[i];
        if (r->function == from_fn && r->target == target &&
            strcmp(m->files[r->file].path, file) == 0)
            return r->count;
    }
    return 0;
}

static void test_refs(const seam_model *m)
{
    int get = tiny_find_function(m, "get_command", NULL);
    int set = tiny_find_function(m, "set_command", NULL);
    int dispatch = tiny_find_function(m, "dispatch", NULL);
    int on_done = tiny_find_function(m, "on_done", NULL);
    int run = tiny_find_function(m, "run", NULL);
    CHECK(get >= 0 && set >= 0 && dispatch >= 0 && on_done >= 0 && run >= 0);
    /* The dispatch table at file scope: from the file, no function. */
    CHECK_INT(ref_count(m, -1, "src/server.c", get), 1);
    CHECK_INT(ref_count(m, -1, "src/server.c", set), 1);
    /* A callback argument and an assignment to a function pointer. */
    CHECK_INT(ref_count(m, dispatch, "src/server.c", on_done), 1);
    CHECK_INT(ref_count(m, dispatch, "src/server.c", set), 1);
    /* Calls are not references, and references are not calls. */
    CHECK_INT(ref_count(m, dispatch, "src/server.c", run), 0);
    CHECK_INT(tiny_call_count(m, dispatch, run), 1);
    CHECK_INT(tiny_call_count(m, dispatch, on_done), 0);
    for (int i = 1; i < m->nfunc_refs; i++) {
        const seam_func_ref *a = &m->func_refs[i - 1], *b = &m->func_refs[i];
        CHECK(a->file < b->file ||
              (a->file == b->file && (a->function < b->function ||
                                      (a->function == b->function && a->target < b->target))));
    }
}

static void test_globals(const seam_model *m)
{
    int total = find_global(m, "total_commands", "src/server.c");
    int verbose = find_global(m, "verbose", "src/server.c");
    int verbose2 = find_global(m, "verbose", "src/stats.c");
    int counters = find_global(m, "counters", "src/server.c");
    CHECK(total >= 0 && verbose >= 0 && verbose2 >= 0 && counters >= 0);
    CHECK_INT(m->nglobals, 5); /* total_commands, verbose x2, counters, table */
    if (verbose >= 0 && verbose2 >= 0) {
        CHECK(strcmp(m->globals[verbose].usr, m->globals[verbose2].usr) != 0);
        CHECK_INT(m->globals[verbose].is_static, 1);
        CHECK_INT(m->globals[verbose].line, 4);
    }
    CHECK_INT(m->globals[total].is_static, 0);
    int get = tiny_find_function(m, "get_command", NULL);
    int set = tiny_find_function(m, "set_command", NULL);
    int dispatch = tiny_find_function(m, "dispatch", NULL);
    int stats = tiny_find_function(m, "stats_total", NULL);
    int on_done = tiny_find_function(m, "on_done", NULL);
    CHECK_INT(global_access(m, get, total), SEAM_READ | SEAM_WRITE); /* ++ */
    CHECK_INT(global_access(m, get, verbose), SEAM_READ);
    CHECK_INT(global_access(m, set, verbose), SEAM_WRITE);
    CHECK_INT(global_access(m, set, counters), SEAM_WRITE); /* counters[1] = ... */
    CHECK_INT(global_access(m, on_done, counters), SEAM_READ);
    CHECK_INT(global_access(m, dispatch, total), SEAM_READ | SEAM_WRITE); /* += */
    /* stats.c reads the extern from the header (defined in server.c) and its own static. */
    CHECK_INT(global_access(m, stats, total), SEAM_READ);
    CHECK_INT(global_access(m, stats, verbose2), SEAM_READ);
    CHECK_INT(global_access(m, stats, verbose), 0);
}

static void test_types(const seam_model *m)
{
    int client_td = find_type(m, "client", "typedef");
    int client_st = find_type(m, "client", "struct");
    int reply = find_type(m, "reply", "struct");
    int entry = find_type(m, "entry", "struct");
    int cmdfn = find_type(m, "command_fn", "typedef");
    CHECK(client_td >= 0 && client_st >= 0 && reply >= 0 && entry >= 0 && cmdfn >= 0);
    if (client_td < 0 || reply < 0 || entry < 0)
        return;
    CHECK_STR(m->files[m->types[client_td].file].path, "include/server.h");
    CHECK_INT(m->types[reply].line, 4);
    CHECK_STR(m->files[m->types[entry].file].path, "src/server.c");
    int get = tiny_find_function(m, "get_command", NULL);
    int on_done = tiny_find_function(m, "on_done", NULL);
    int dispatch = tiny_find_function(m, "dispatch", NULL);
    int stats = tiny_find_function(m, "stats_total", NULL);
    CHECK(uses_type(m, get, client_td));
    CHECK(uses_type(m, get, client_st)); /* through the typedef */
    CHECK(uses_type(m, on_done, reply));
    CHECK(uses_type(m, dispatch, cmdfn));
    CHECK(uses_type(m, dispatch, reply));
    CHECK(!uses_type(m, stats, reply));
    /* Types from system headers are nobody's. */
    CHECK_INT(find_type(m, "sqlite3", "typedef"), -1);
    CHECK_INT(find_type(m, "FILE", "typedef"), -1);
}

static int count_types(const seam_model *m, const char *name, const char *kind)
{
    int n = 0;
    for (int i = 0; i < m->ntypes; i++)
        n += strcmp(m->types[i].name, name) == 0 && strcmp(m->types[i].kind, kind) == 0;
    return n;
}

static void check_type_at(const seam_model *m, int ty, const char *file, int line)
{
    CHECK(ty >= 0);
    if (ty < 0)
        return;
    CHECK_STR(m->files[m->types[ty].file].path, file);
    CHECK_INT(m->types[ty].line, line);
}

/* Unions and enums: tagged, and anonymous under a typedef (the tag's name is then ""). */
static void test_unions_and_enums(const seam_model *m)
{
    int color = find_type(m, "color", "enum");
    int value = find_type(m, "value", "union");
    int cell = find_type(m, "cell", "union");
    int size_td = find_type(m, "size_kind", "typedef");
    int size_en = find_type(m, "", "enum");
    int word_td = find_type(m, "raw_word", "typedef");
    int word_un = find_type(m, "", "union");
    check_type_at(m, color, "include/shapes.h", 3);
    check_type_at(m, value, "include/shapes.h", 4);
    check_type_at(m, cell, "src/shapes.c", 2);
    check_type_at(m, size_td, "include/shapes.h", 8);
    check_type_at(m, size_en, "include/shapes.h", 8);
    check_type_at(m, word_td, "include/shapes.h", 9);
    check_type_at(m, word_un, "include/shapes.h", 9);
    /* One each, though two TUs include shapes.h; the anonymous ones have their own USRs. */
    CHECK_INT(count_types(m, "color", "enum"), 1);
    CHECK_INT(count_types(m, "value", "union"), 1);
    CHECK_INT(count_types(m, "", "enum"), 1);
    CHECK_INT(count_types(m, "", "union"), 1);
    if (size_en >= 0 && word_un >= 0 && size_td >= 0)
        CHECK(strcmp(m->types[size_en].usr, m->types[word_un].usr) != 0 &&
              strcmp(m->types[size_en].usr, m->types[size_td].usr) != 0);

    int paint = tiny_find_function(m, "paint", "src/shapes.c");
    int as_double = tiny_find_function(m, "as_double", "src/shapes.c");
    int is_large = tiny_find_function(m, "is_large", "src/shapes.c");
    int word = tiny_find_function(m, "word", "src/shapes.c");
    int cell_n = tiny_find_function(m, "cell_n", "src/shapes.c");
    int sized = tiny_find_function(m, "sized", "src/shapes.c");
    int green = tiny_find_function(m, "green", "src/shapes.c");
    CHECK(paint >= 0 && as_double >= 0 && is_large >= 0 && word >= 0 && cell_n >= 0 && sized >= 0 &&
          green >= 0);
    CHECK(uses_type(m, paint, color)); /* in the signature */
    CHECK(uses_type(m, as_double, value));
    CHECK(uses_type(m, cell_n, cell)); /* a local's type */
    CHECK(uses_type(m, sized, value)); /* sizeof(union value) */
    CHECK(uses_type(m, is_large, size_td));
    CHECK(uses_type(m, is_large, size_en)); /* the anonymous enum, through its typedef */
    CHECK(uses_type(m, word, word_td));
    CHECK(uses_type(m, word, word_un));
    CHECK(!uses_type(m, paint, value));
    CHECK(!uses_type(m, as_double, color));
    CHECK(!uses_type(m, cell_n, color)); /* a member's type is the union's, not the function's */
    /* Documented limit (docs/analyzer.md): an enumerator alone is not a use of its enum. */
    CHECK(!uses_type(m, green, color));
}

static int has_include(const seam_model *m, const char *from, const char *to)
{
    int a = seam_model_find_file(m, from), b = seam_model_find_file(m, to);
    for (int i = 0; i < m->nincludes; i++)
        if (m->includes[i].from == a && m->includes[i].to == b)
            return 1;
    return 0;
}

static void test_includes_and_tus(const seam_model *m)
{
    CHECK(has_include(m, "src/server.c", "include/server.h"));
    CHECK(has_include(m, "src/stats.c", "include/server.h"));
    CHECK(!has_include(m, "src/db.c", "include/server.h"));
    /* Excluded: src/vendor is not a module, and its TU is not parsed. */
    CHECK_INT(seam_model_find_file(m, "src/vendor/lib.h"), -1);
    CHECK_INT(seam_model_find_file(m, "src/vendor/lib.c"), -1);
    CHECK_INT(tiny_find_function(m, "vendor_helper", NULL), -1);
    CHECK_INT(m->ntus, 5);
    for (int i = 0; i < m->ntus; i++) {
        const seam_tu *t = &m->tus[i];
        if (strcmp(t->file, "src/broken.c") == 0) {
            CHECK_INT(t->parsed, 1);
            CHECK(t->errors >= 2);
            CHECK(t->ndiagnostics >= 2);
            CHECK(t->ndiagnostics > 0 &&
                  strstr(t->diagnostics[0], "src/broken.c:1:10: 'missing.h' file not found"));
            CHECK(t->ndiagnostics > 1 && strstr(t->diagnostics[1], "src/broken.c:2:"));
        } else {
            CHECK_INT(t->errors, 0);
            CHECK_INT(t->ndiagnostics, 0);
        }
    }
    CHECK(m->ntus == 5 && strcmp(m->tus[0].file, "src/broken.c") == 0);
}

static void check_site(const seam_model *m, const char *sql, int line, const char *via,
                       const char *how, const char *confidence)
{
    int s = tiny_find_site(m, sql);
    CHECK(s >= 0);
    if (s < 0) {
        fprintf(stderr, "  missing SQL site: %s\n", sql);
        return;
    }
    const seam_sql_site *site = &m->sql_sites[s];
    CHECK_INT(site->line, line);
    if (via)
        CHECK_STR(site->via, via);
    else
        CHECK(site->via == NULL);
    CHECK_STR(site->how, how);
    CHECK_STR(site->confidence, confidence);
}

static void test_sql(const seam_model *m)
{
    check_site(m, "SELECT * FROM orders", 11, "sqlite3_exec", "variable", "high");
    check_site(m, "SELECT * FROM orders WHERE open", 13, "sqlite3_exec", "variable", "high");
    /* a buffer's text is a site at the call that sends it */
    check_site(m, "DELETE FROM carts WHERE id = %d", 21, "sqlite3_exec", "format", "high");
    check_site(m, "UPDATE stock SET n = 0", 29, "sqlite3_exec", "variable", "high");
    check_site(m, "SELECT id FROM legacy", 31, "legacy_query", "argument", "high");
    check_site(m, "INSERT INTO audit (msg) VALUES ('x')", 34, NULL, "keyword", "low");
    check_site(m, "DELETE FROM legacy_log", 40, "legacy_run", "argument", "high");
    int s = tiny_find_site(m, "DELETE FROM legacy_log");
    CHECK(s >= 0 && strcmp(m->functions[m->sql_sites[s].function].name, "q_through") == 0);
    CHECK_INT(tiny_find_site(m, "Update failed, select another"), -1);
    CHECK_INT(m->nsql_sites, 7);
}

int main(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "include/server.h", SERVER_H);
    tiny_project_write(&p, "src/server.c", SERVER_C);
    tiny_project_write(&p, "src/stats.c", STATS_C);
    tiny_project_write(&p, "src/db.c", DB_C);
    tiny_project_write(&p, "src/broken.c", BROKEN_C);
    tiny_project_write(&p, "include/shapes.h", SHAPES_H);
    tiny_project_write(&p, "src/shapes.c", SHAPES_C);
    tiny_project_write(&p, "src/vendor/lib.h", VENDOR_H);
    tiny_project_write(&p, "src/vendor/lib.c", "#include \"lib.h\"\nint vendor_x(void);\n");
    tiny_project_compdb(&p, "-Iinclude -Isrc", FILES);

    static const char *const exclude[] = {"*/vendor"};
    static const char *const sql_fns[] = {"legacy_query:3"};
    analyzer_stats st;
    analyzer_options o = {.src_dir = p.root,
                          .jobs = 2,
                          .exclude = exclude,
                          .nexclude = 1,
                          .sql_fns = sql_fns,
                          .nsql_fns = 1,
                          .stats = &st};
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    seam_err_clear(&err);
    int rc = analyzer_run(&o, &m, &err);
    if (rc)
        fprintf(stderr, "analyzer_run: %s\n", err.msg);
    CHECK_INT(rc, 0);
    CHECK_INT(st.tus, 5);
    CHECK_INT(st.parsed, 5);
    CHECK_INT(st.cached, 0);
    test_refs(&m);
    test_globals(&m);
    test_types(&m);
    test_unions_and_enums(&m);
    test_includes_and_tus(&m);
    test_sql(&m);
    seam_model_free(&m);

    /* Without --sql-fn, legacy_query is nobody's sink: only the keyword guess is left. */
    o.sql_fns = NULL;
    o.nsql_fns = 0;
    seam_model_init(&m);
    CHECK_INT(analyzer_run(&o, &m, &err), 0);
    check_site(&m, "SELECT id FROM legacy", 31, NULL, "keyword", "low");
    check_site(&m, "DELETE FROM legacy_log", 40, NULL, "keyword", "low");
    seam_model_free(&m);

    /* A malformed --sql-fn is a usage error naming it. */
    static const char *const bad_fn[] = {"legacy_query"};
    o.sql_fns = bad_fn;
    o.nsql_fns = 1;
    seam_model_init(&m);
    CHECK_INT(analyzer_run(&o, &m, &err), SEAM_EUSAGE);
    CHECK(strstr(err.msg, "legacy_query") != NULL);
    seam_model_free(&m);
    tiny_project_remove(&p);
    return check_finish();
}
