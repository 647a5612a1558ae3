/*
 * test_analyzer_targets.c - the build targets a compile database's objects name.
 *
 * One tree, scanned with a compile_commands.json in each layout a build system
 * writes: CMake (CMakeFiles/<target>.dir/... in "output"), Meson
 * (<dir>/<target>.p/... after -o), automake with per-target flags
 * (<target>-<stem>.o, from the Makefile's own directory) and Bazel
 * (_objs/<target>/...). Checked: a target of two or more model files is a
 * component of kind "build_target" with exactly its files; a target of one
 * file, an object next to its source (foo.c -> foo.o, foo-bar.c -> foo-bar.o)
 * and a malformed "output" say nothing; a CMake file API target of the same
 * name replaces the compile database's; the same database gives the same
 * components again.
 */
#include <stdio.h>
#include <string.h>

#include "analyzer.h"
#include "check.h"
#include "tiny_project.h"

/* Writes compile_commands.json from entries, each "DIR|FILE|OBJECT|HOW": HOW "output"
 * puts OBJECT in the "output" key, "-o" after -o in the command, "-oj" joined to -o,
 * "args" in "arguments"; DIR is relative to the root ("" the root). */
static void write_db(tiny_project *p, const char *const *entries)
{
    char text[8192] = "[\n";
    for (int i = 0; entries[i]; i++) {
        char dir[128], file[128], obj[128], how[16];
        if (sscanf(entries[i], "%127[^|]|%127[^|]|%127[^|]|%15s", dir, file, obj, how) != 4) {
            /* an empty DIR: sscanf stops at the first field */
            dir[0] = '\0';
            if (sscanf(entries[i], "|%127[^|]|%127[^|]|%15s", file, obj, how) != 3)
                continue;
        }
        size_t n = strlen(text);
        char where[640];
        snprintf(where, sizeof where, "%s%s%s", p->root, dir[0] ? "/" : "", dir);
        if (strcmp(how, "output") == 0)
            snprintf(text + n, sizeof text - n,
                     "{\"directory\": \"%s\", \"file\": \"%s\", \"output\": \"%s\","
                     " \"command\": \"cc -I%s -c %s\"},\n",
                     where, file, obj, p->root, file);
        else if (strcmp(how, "args") == 0)
            snprintf(text + n, sizeof text - n,
                     "{\"directory\": \"%s\", \"file\": \"%s\","
                     " \"arguments\": [\"cc\", \"-c\", \"%s\", \"-o\", \"%s\"]},\n",
                     where, file, file, obj);
        else
            snprintf(text + n, sizeof text - n,
                     "{\"directory\": \"%s\", \"file\": \"%s\","
                     " \"command\": \"cc -c -o%s%s %s\"},\n",
                     where, file, strcmp(how, "-o") == 0 ? " " : "", obj, file);
    }
    size_t n = strlen(text);
    if (n > 2)
        text[n - 2] = '\n', text[n - 1] = '\0';
    strncat(text, "]\n", sizeof text - strlen(text) - 1);
    tiny_project_write(p, "compile_commands.json", text);
}

/* The component of that name and kind, or NULL. */
static const seam_component *component(const seam_model *m, const char *name, const char *kind)
{
    for (int i = 0; i < m->ncomponents; i++)
        if (strcmp(m->components[i].name, name) == 0 && strcmp(m->components[i].kind, kind) == 0)
            return &m->components[i];
    return NULL;
}

static int count_kind(const seam_model *m, const char *kind)
{
    int n = 0;
    for (int i = 0; i < m->ncomponents; i++)
        n += strcmp(m->components[i].kind, kind) == 0;
    return n;
}

/* c's files, space-separated ("" for no component). */
static const char *files_of(const seam_component *c)
{
    static char got[512];
    got[0] = '\0';
    for (int i = 0; c && i < c->nfiles; i++) {
        size_t n = strlen(got);
        snprintf(got + n, sizeof got - n, "%s%s", i ? " " : "", c->files[i]);
    }
    return got;
}

static void write_tree(tiny_project *p)
{
    /* no build file anywhere: only the compile database can say what belongs together */
    tiny_project_write(p, "main.c", "int main(void) { return 0; }\n");
    tiny_project_write(p, "lib/sh/strlist.c", "int strlist(void) { return 1; }\n");
    tiny_project_write(p, "lib/sh/tmpfile.c", "int tmpfile_make(void) { return 2; }\n");
    tiny_project_write(p, "lib/sh/zread.c", "int zread(void) { return 3; }\n");
    tiny_project_write(p, "lib/sh/foo-bar.c", "int foobar(void) { return 4; }\n");
    tiny_project_write(p, "builtins/cd.c", "int cd(void) { return 5; }\n");
    tiny_project_write(p, "builtins/echo.c", "int echo(void) { return 6; }\n");
    tiny_project_write(p, "build/README", "the build directory\n");
}

static void test_cmake(tiny_project *p)
{
    const char *db[] = {"|main.c|CMakeFiles/bash.dir/main.c.o|output",
                        "|lib/sh/strlist.c|lib/sh/CMakeFiles/sh.dir/strlist.c.o|output",
                        "|lib/sh/tmpfile.c|lib/sh/CMakeFiles/sh.dir/tmpfile.c.o|output",
                        "|builtins/cd.c|CMakeFiles/builtins.dir/builtins/cd.c.o|args",
                        "|builtins/echo.c|CMakeFiles/builtins.dir/builtins/echo.c.o|args",
                        /* a malformed object: no target name before ".dir" */
                        "|lib/sh/zread.c|CMakeFiles/.dir/zread.c.o|output", NULL};
    write_db(p, db);
    seam_model m;
    tiny_project_analyze(p, &m);
    const seam_component *sh = component(&m, "sh", "build_target");
    CHECK(sh != NULL);
    CHECK_STR(files_of(sh), "lib/sh/strlist.c lib/sh/tmpfile.c");
    CHECK_STR(sh ? sh->build_file : NULL, "compile_commands.json");
    CHECK_STR(files_of(component(&m, "builtins", "build_target")), "builtins/cd.c builtins/echo.c");
    /* one file (bash) and no name (.dir) are no component */
    CHECK_INT(count_kind(&m, "build_target"), 2);
    CHECK_INT(m.ncomponents, 2);

    /* the same database, the same components */
    seam_model again;
    tiny_project_analyze(p, &again);
    CHECK_INT(again.ncomponents, m.ncomponents);
    for (int i = 0; i < m.ncomponents && i < again.ncomponents; i++) {
        CHECK_STR(again.components[i].name, m.components[i].name);
        CHECK_STR(files_of(&again.components[i]), files_of(&m.components[i]));
    }
    seam_model_free(&again);
    seam_model_free(&m);

    /* A CMake file API target named "sh" is the same target, read more exactly. */
    tiny_project_write(p, ".cmake/api/v1/reply/index-2026-12-03T00-00-00-0000.json",
                       "{\"objects\": [{\"kind\": \"codemodel\", \"jsonFile\": \"cm.json\"}]}");
    tiny_project_write(p, ".cmake/api/v1/reply/cm.json",
                       "{\"configurations\": [{\"targets\": [{\"name\": \"sh\","
                       " \"jsonFile\": \"t-sh.json\"}]}]}");
    tiny_project_write(p, ".cmake/api/v1/reply/t-sh.json",
                       "{\"name\": \"sh\", \"paths\": {\"source\": \".\"}, \"sources\": ["
                       "{\"path\": \"lib/sh/strlist.c\"}, {\"path\": \"lib/sh/tmpfile.c\"},"
                       " {\"path\": \"lib/sh/zread.c\"}]}");
    tiny_project_analyze(p, &m);
    CHECK(component(&m, "sh", "build_target") == NULL);
    CHECK_STR(files_of(component(&m, "sh", "cmake_target")),
              "lib/sh/strlist.c lib/sh/tmpfile.c lib/sh/zread.c");
    CHECK(component(&m, "builtins", "build_target") != NULL);
    CHECK_INT(m.ncomponents, 2);
    seam_model_free(&m);
    tiny_project_write(p, ".cmake/api/v1/reply/index-2026-12-03T00-00-00-0000.json", "{}");
}

static void test_meson(tiny_project *p)
{
    const char *db[] = {"build|../main.c|bash.p/main.c.o|-o",
                        "build|../lib/sh/strlist.c|lib/sh/libsh.a.p/strlist.c.o|-o",
                        "build|../lib/sh/tmpfile.c|lib/sh/libsh.a.p/tmpfile.c.o|-o",
                        "build|../lib/sh/zread.c|lib/sh/libsh.a.p/zread.c.o|-o",
                        "build|../builtins/cd.c|./builtins.p/cd.c.o|-o",
                        /* an absolute object: the target's own name, no absolute path */
                        "build|../builtins/echo.c|/tmp/elsewhere/builtins.p/echo.c.o|-o", NULL};
    write_db(p, db);
    seam_model m;
    tiny_project_analyze(p, &m);
    /* a Meson target is known by its directory and name */
    CHECK_STR(files_of(component(&m, "lib/sh/libsh.a", "build_target")),
              "lib/sh/strlist.c lib/sh/tmpfile.c lib/sh/zread.c");
    CHECK_STR(files_of(component(&m, "builtins", "build_target")), "builtins/cd.c builtins/echo.c");
    CHECK_INT(count_kind(&m, "build_target"), 2);
    seam_model_free(&m);
}

static void test_automake(tiny_project *p)
{
    const char *db[] = {
        /* from the Makefile's directory, the object named after the target */
        "lib/sh|strlist.c|libsh_a-strlist.o|-o", "lib/sh|tmpfile.c|libsh_a-tmpfile.o|-o",
        /* libtool's objects, in "arguments" */
        "builtins|cd.c|libbuiltins_la-cd.lo|args", "builtins|echo.c|libbuiltins_la-echo.lo|args",
        /* objects next to their sources name no target, a dash in the source's own
         * name included */
        "lib/sh|zread.c|zread.o|-o", "lib/sh|foo-bar.c|foo-bar.o|-o", "|main.c|main.o|-o", NULL};
    write_db(p, db);
    seam_model m;
    tiny_project_analyze(p, &m);
    CHECK_STR(files_of(component(&m, "libsh_a", "build_target")),
              "lib/sh/strlist.c lib/sh/tmpfile.c");
    CHECK_STR(files_of(component(&m, "libbuiltins_la", "build_target")),
              "builtins/cd.c builtins/echo.c");
    CHECK_INT(count_kind(&m, "build_target"), 2);
    seam_model_free(&m);

    /* the same objects, joined to -o */
    const char *joined[] = {"lib/sh|strlist.c|libsh_a-strlist.o|-oj",
                            "lib/sh|tmpfile.c|libsh_a-tmpfile.o|-oj", NULL};
    write_db(p, joined);
    tiny_project_analyze(p, &m);
    CHECK_STR(files_of(component(&m, "libsh_a", "build_target")),
              "lib/sh/strlist.c lib/sh/tmpfile.c");
    seam_model_free(&m);
}

static void test_bazel(tiny_project *p)
{
    const char *db[] = {
        "|lib/sh/strlist.c|bazel-out/k8-fastbuild/bin/lib/sh/_objs/sh/strlist.pic.o|-o",
        "|lib/sh/tmpfile.c|bazel-out/k8-fastbuild/bin/lib/sh/_objs/sh/tmpfile.pic.o|-o",
        "|main.c|bazel-out/k8-fastbuild/bin/_objs/bash/main.pic.o|-o", NULL};
    write_db(p, db);
    seam_model m;
    tiny_project_analyze(p, &m);
    CHECK_STR(files_of(component(&m, "sh", "build_target")), "lib/sh/strlist.c lib/sh/tmpfile.c");
    CHECK_INT(count_kind(&m, "build_target"), 1);
    seam_model_free(&m);
}

int main(void)
{
    tiny_project p;
    tiny_project_init(&p);
    write_tree(&p);
    test_cmake(&p);
    test_meson(&p);
    test_automake(&p);
    test_bazel(&p);
    tiny_project_remove(&p);
    return check_finish();
}
