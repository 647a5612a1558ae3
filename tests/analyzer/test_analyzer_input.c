/*
 * test_analyzer_input.c - how analyzer_run treats its inputs: missing or
 * malformed compile databases, a TU libclang cannot parse, an out-of-tree
 * build whose commands use paths relative to the build directory, a database
 * that names the input differently in "file" and in "arguments" (bear), and
 * files outside SRC.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "analyzer.h"
#include "check.h"
#include "tiny_project.h"

static int run_in(const char *src, const char *build, seam_model *m, seam_err *err)
{
    analyzer_options o = {.src_dir = src, .build_dir = build, .jobs = 2};
    seam_err_clear(err);
    seam_model_init(m);
    return analyzer_run(&o, m, err);
}

/* analyzer_run fails with code and a message naming compile_commands.json. */
static void expect_db_error(tiny_project *p, const char *json, int code)
{
    if (json)
        tiny_project_write(p, "compile_commands.json", json);
    seam_model m;
    seam_err err;
    char path[700];
    snprintf(path, sizeof path, "%s/compile_commands.json", p->root);
    CHECK_INT(run_in(p->root, p->root, &m, &err), code);
    CHECK_INT(err.code, code);
    CHECK(strstr(err.msg, path) != NULL);
    CHECK(strchr(err.msg, '\n') == NULL);
    CHECK_INT(m.nfiles + m.nfunctions, 0);
    seam_model_free(&m);
}

static void test_bad_databases(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "a.c", "int a(void) { return 0; }\n");
    expect_db_error(&p, NULL, SEAM_EIO);                                  /* missing */
    expect_db_error(&p, "[\n  {\"directory\": \"/tmp\",\n", SEAM_EINPUT); /* truncated */
    expect_db_error(&p, "{\"directory\": \"/tmp\"}\n", SEAM_EINPUT);      /* not an array */
    expect_db_error(&p, "[{\"directory\": \"/tmp\"}]\n", SEAM_EINPUT);    /* no file */
    expect_db_error(&p, "[]\n", SEAM_EINPUT);                             /* empty */
    expect_db_error(&p, "[{\"directory\": \"/tmp\", \"file\": \"x.S\", \"arguments\": [\"cc\"]}]",
                    SEAM_EINPUT); /* nothing C to parse */

    seam_model m;
    seam_err err;
    CHECK_INT(run_in("/nonexistent/seam-src", NULL, &m, &err), SEAM_EIO);
    CHECK(strstr(err.msg, "/nonexistent/seam-src") != NULL);
    seam_model_free(&m);
    tiny_project_remove(&p);
}

/* A TU whose file does not exist is counted as a parse error; the rest is analyzed. */
static void test_unparsable_tu(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "ok.c", "int ok(void) { return 1; }\n");
    static const char *const files[] = {"ghost.c", "ok.c", NULL};
    tiny_project_compdb(&p, "-O2", files);
    seam_model m;
    seam_err err;
    CHECK_INT(run_in(p.root, NULL, &m, &err), 0);
    CHECK_INT(m.translation_units, 1);
    CHECK_INT(m.parse_errors, 1);
    CHECK_INT(m.nfiles, 1);
    CHECK(m.nfiles == 1 && strcmp(m.files[0].path, "ok.c") == 0 && m.files[0].parse_errors == 0);
    CHECK(tiny_find_function(&m, "ok", "ok.c") >= 0);
    seam_model_free(&m);
    tiny_project_remove(&p);
}

/*
 * An out-of-tree build: the database lives in build/, its "directory" is
 * build/, and files and -I paths are relative to it. A file generated in the
 * build directory is outside SRC/src and not a project file.
 */
static void test_out_of_tree_build(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "src/include/store.h",
                       "#include \"version.h\"\n"
                       "int store_put(const char *sql);\n");
    tiny_project_write(&p, "src/store.c",
                       "#include <sqlite3.h>\n"
                       "#include \"store.h\"\n"
                       "int store_put(const char *sql)\n"
                       "{\n"
                       "    sqlite3_stmt *st;\n"
                       "    return sqlite3_prepare_v2(0, sql, -1, &st, 0) + VERSION;\n"
                       "}\n");
    tiny_project_write(
        &p, "src/cart.c",
        "#include \"store.h\"\n"
        "int cart_add(void) { return store_put(\"INSERT INTO cart VALUES (?)\"); }\n");
    tiny_project_write(&p, "build/gen/version.h",
                       "#define VERSION 3\n"
                       "static inline int gen_version(void) { return VERSION; }\n");
    char json[4096];
    snprintf(json, sizeof json,
             "[{\"directory\": \"%s/build\", \"file\": \"../src/store.c\",\n"
             "  \"arguments\": [\"gcc\", \"-I../src/include\", \"-I\", \"gen\", \"-c\",\n"
             "                 \"../src/store.c\", \"-o\", \"store.o\"]},\n"
             " {\"directory\": \"%s/build\", \"file\": \"../src/cart.c\",\n"
             "  \"arguments\": [\"gcc\", \"-I../src/include\", \"-Igen\", \"-c\", \"-o\",\n"
             "                 \"cart.o\", \"../src/cart.c\"]}]\n",
             p.root, p.root);
    tiny_project_write(&p, "build/compile_commands.json", json);

    char src[700], build[700];
    snprintf(src, sizeof src, "%s/src", p.root);
    snprintf(build, sizeof build, "%s/build", p.root);
    seam_model m;
    seam_err err;
    CHECK_INT(run_in(src, build, &m, &err), 0);
    CHECK_INT(m.parse_errors, 0);
    CHECK_INT(m.translation_units, 2);
    CHECK_INT(m.nfiles, 3);
    CHECK(seam_model_find_file(&m, "include/store.h") >= 0);
    CHECK(seam_model_find_file(&m, "cart.c") >= 0);
    CHECK(seam_model_find_file(&m, "store.c") >= 0);
    CHECK_INT(tiny_find_function(&m, "gen_version", NULL), -1); /* outside SRC */
    int s = tiny_find_site(&m, "INSERT INTO cart VALUES (?)");
    CHECK(s >= 0);
    if (s >= 0) {
        CHECK_STR(m.sql_sites[s].via, "store_put");
        CHECK_STR(m.functions[m.sql_sites[s].function].name, "cart_add");
    }
    CHECK_INT(tiny_call_count(&m, tiny_find_function(&m, "cart_add", "cart.c"),
                              tiny_find_function(&m, "store_put", "store.c")),
              1);
    CHECK(m.src_root && strcmp(m.src_root + strlen(m.src_root) - 4, "/src") == 0);
    seam_model_free(&m);
    tiny_project_remove(&p);
}

/*
 * bear writes "file" absolute and the input in "arguments" as the compiler saw
 * it, relative to "directory" ("cart.c", "./util.c"). Both must be recognised
 * as the input and dropped from the arguments: left in, clang gets the file a
 * second time and refuses the whole TU (every TU of bash 5.2 failed so). The
 * same when "directory" is a symlink to the file's real directory ("ship.c"
 * under link/, "file" under real/): the two name one file only once resolved.
 */
static void test_input_named_twice(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "util.c", "int util_twice(int x) { return 2 * x; }\n");
    tiny_project_write(&p, "cart.c",
                       "int util_twice(int x);\n"
                       "int cart_total(void) { return util_twice(21); }\n");
    tiny_project_write(&p, "real/ship.c",
                       "int util_twice(int x);\n"
                       "int ship_cost(void) { return util_twice(4); }\n");
    char link[700];
    snprintf(link, sizeof link, "%s/link", p.root);
    CHECK_INT(symlink("real", link), 0);
    char json[4096];
    snprintf(json, sizeof json,
             "[{\"directory\": \"%s\", \"file\": \"%s/cart.c\",\n"
             "  \"arguments\": [\"/usr/bin/gcc\", \"-c\", \"-DX=1\", \"-O2\", \"cart.c\"]},\n"
             " {\"directory\": \"%s\", \"file\": \"%s/util.c\",\n"
             "  \"arguments\": [\"/usr/bin/gcc\", \"-c\", \"./util.c\", \"-o\", \"util.o\"]},\n"
             " {\"directory\": \"%s\", \"file\": \"%s/real/ship.c\",\n"
             "  \"arguments\": [\"/usr/bin/gcc\", \"-c\", \"ship.c\"]}]\n",
             p.root, p.root, p.root, p.root, link, p.root);
    tiny_project_write(&p, "compile_commands.json", json);
    seam_model m;
    seam_err err;
    CHECK_INT(run_in(p.root, NULL, &m, &err), 0);
    CHECK_INT(m.translation_units, 3);
    CHECK_INT(m.parse_errors, 0);
    CHECK_INT(m.nfiles, 3);
    CHECK_INT(tiny_call_count(&m, tiny_find_function(&m, "cart_total", "cart.c"),
                              tiny_find_function(&m, "util_twice", "util.c")),
              1);
    CHECK_INT(tiny_call_count(&m, tiny_find_function(&m, "ship_cost", "real/ship.c"),
                              tiny_find_function(&m, "util_twice", "util.c")),
              1);
    seam_model_free(&m);
    tiny_project_remove(&p);
}

int main(void)
{
    test_bad_databases();
    test_unparsable_tu();
    test_out_of_tree_build();
    test_input_named_twice();
    return check_finish();
}
