/*
 * test_analyzer_components.c - the components a project's own build declares.
 *
 * A tree as autotools and CMake projects lay it out: a top-level Makefile.am
 * (covering everything: no component), lib/readline with a Makefile.in of its
 * own, lib/readline/hist with a CMakeLists.txt (a deeper component claims its
 * files), src/util with no build file (its files belong to no component), and
 * a header beside its .c. Checked: one component per directory with a build
 * file, its kind and build file, exactly the model files no deeper component
 * claims, sorted; a second run gives the same bytes of the component list; and
 * the targets of a CMake file API reply as components of their own.
 */
#include <stdio.h>
#include <string.h>

#include "analyzer.h"
#include "check.h"
#include "tiny_project.h"

static const char *const FILES[] = {"main.c", "lib/readline/readline.c",
                                    "lib/readline/hist/history.c", "src/util/strbuf.c", NULL};

static void check_component(const seam_component *c, const char *name, const char *build,
                            const char *files)
{
    char got[512] = "";
    CHECK_STR(c->name, name);
    CHECK_STR(c->kind, "directory");
    CHECK_STR(c->build_file, build);
    for (int i = 0; i < c->nfiles; i++) {
        size_t n = strlen(got);
        snprintf(got + n, sizeof got - n, "%s%s", i ? " " : "", c->files[i]);
    }
    CHECK_STR(got, files);
}

int main(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "Makefile.am", "SUBDIRS = lib\n");
    tiny_project_write(&p, "main.c", "#include \"lib/readline/readline.h\"\n"
                                     "int main(void) { return rl_read(); }\n");
    tiny_project_write(&p, "lib/readline/Makefile.in", "all:\n");
    tiny_project_write(&p, "lib/readline/readline.h", "int rl_read(void);\n");
    tiny_project_write(&p, "lib/readline/readline.c",
                       "#include \"readline.h\"\nint hist_add(void);\n"
                       "int rl_read(void) { return hist_add(); }\n");
    tiny_project_write(&p, "lib/readline/hist/CMakeLists.txt", "add_library(hist history.c)\n");
    tiny_project_write(&p, "lib/readline/hist/history.c", "int hist_add(void) { return 1; }\n");
    tiny_project_write(&p, "src/util/strbuf.c", "int sb_len(void) { return 0; }\n");
    /* a directory named like a build file is no build file */
    tiny_project_write(&p, "src/util/Makefile/README", "not a build file\n");
    tiny_project_compdb(&p, "-I.", FILES);

    seam_model m;
    tiny_project_analyze(&p, &m);
    CHECK_INT(m.ncomponents, 2);
    if (m.ncomponents == 2) {
        check_component(&m.components[0], "lib/readline", "lib/readline/Makefile.in",
                        "lib/readline/readline.c lib/readline/readline.h");
        check_component(&m.components[1], "lib/readline/hist",
                        "lib/readline/hist/CMakeLists.txt", "lib/readline/hist/history.c");
    }

    /* the same tree, the same components */
    seam_model again;
    tiny_project_analyze(&p, &again);
    CHECK_INT(again.ncomponents, m.ncomponents);
    for (int i = 0; i < m.ncomponents && i < again.ncomponents; i++) {
        CHECK_STR(again.components[i].name, m.components[i].name);
        CHECK_INT(again.components[i].nfiles, m.components[i].nfiles);
    }
    seam_model_free(&again);
    seam_model_free(&m);

    /*
     * CMake's file API: a reply in the build directory (here SRC, where the compile
     * database is) names targets and their sources; each is a component of kind
     * "cmake_target" with the sources that are model files. A source outside the model
     * is left out; a reply file seam cannot parse adds nothing and is no error.
     */
    tiny_project_write(&p, ".cmake/api/v1/reply/index-2026-12-03T00-00-00-0000.json",
                       "{\"objects\": [{\"kind\": \"codemodel\", \"version\": {\"major\": 2},"
                       " \"jsonFile\": \"codemodel-v2-1.json\"}]}");
    tiny_project_write(&p, ".cmake/api/v1/reply/codemodel-v2-1.json",
                       "{\"configurations\": [{\"name\": \"\", \"targets\": ["
                       "{\"name\": \"shell\", \"jsonFile\": \"target-shell.json\"},"
                       "{\"name\": \"broken\", \"jsonFile\": \"target-broken.json\"},"
                       "{\"name\": \"escape\", \"jsonFile\": \"../../../../../main.c\"}]}]}");
    tiny_project_write(&p, ".cmake/api/v1/reply/target-shell.json",
                       "{\"name\": \"shell\", \"type\": \"EXECUTABLE\","
                       " \"paths\": {\"source\": \".\", \"build\": \".\"},"
                       " \"sources\": [{\"path\": \"main.c\"}, {\"path\": \"src/util/strbuf.c\"},"
                       " {\"path\": \"generated/version.c\"}]}");
    tiny_project_write(&p, ".cmake/api/v1/reply/target-broken.json", "{\"name\": ");
    tiny_project_analyze(&p, &m);
    int found = 0;
    for (int i = 0; i < m.ncomponents; i++) {
        const seam_component *c = &m.components[i];
        if (strcmp(c->kind, "cmake_target") != 0)
            continue;
        found++;
        CHECK_STR(c->name, "shell");
        CHECK_STR(c->build_file, "CMakeLists.txt");
        CHECK_INT(c->nfiles, 2);
        if (c->nfiles == 2) {
            CHECK_STR(c->files[0], "main.c");
            CHECK_STR(c->files[1], "src/util/strbuf.c");
        }
    }
    CHECK_INT(found, 1);
    CHECK_INT(m.ncomponents, 3); /* the two directories too */
    seam_model_free(&m);
    tiny_project_remove(&p);
    return check_finish();
}
