/*
 * test_analyzer_compdb.c - the compile database reader at scale and in its
 * "command" form: a database of 40,000 hostile entries (the same two files
 * again and again, and files that do not exist) loads in seconds with a
 * bounded number of warnings; "command" strings are split like clang splits
 * them (quotes, backslashes) and a ccache wrapper is dropped.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analyzer.h"
#include "check.h"
#include "tiny_project.h"

static void test_huge_database(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "a.c", "int a(void) { return 1; }\n");
    tiny_project_write(&p, "b.c", "int b(void) { return 2; }\n");
    int n = 40000;
    size_t cap = (size_t)n * 200 + 1024, len = 0;
    char *json = malloc(cap);
    len += (size_t)snprintf(json + len, cap - len, "[\n");
    for (int i = 0; i < n; i++) {
        char file[64];
        if (i % 2 == 0)
            snprintf(file, sizeof file, "%s", i % 4 ? "b.c" : "a.c");
        else
            snprintf(file, sizeof file, "missing_%d.c", i);
        len += (size_t)snprintf(json + len, cap - len,
                                "{\"directory\": \"%s\", \"file\": \"%s\", \"arguments\": "
                                "[\"cc\", \"-c\", \"%s\", \"-o\", \"x.o\"]}%s\n",
                                p.root, file, file, i + 1 < n ? "," : "");
    }
    snprintf(json + len, cap - len, "]\n");
    tiny_project_write(&p, "compile_commands.json", json);
    free(json);

    analyzer_options o = {.src_dir = p.root, .build_dir = p.root, .jobs = 2};
    analyzer_stats st;
    o.stats = &st;
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    seam_err_clear(&err);
    clock_t c0 = clock();
    CHECK_INT(analyzer_run(&o, &m, &err), 0);
    double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
    printf("40,000 entries: %.2f s of CPU\n", secs);
    CHECK(secs < 20);
    /* Two files and the 20,000 missing ones: the repeats are one TU each. */
    CHECK_INT(m.ntus, 20002);
    CHECK_INT(st.unreadable, 20000);
    CHECK_INT(st.parsed, 2);
    /* Ten missing files by name, one line for the rest, one for the repeats. */
    CHECK_INT(m.ncode_warnings, 12);
    int more = 0, repeats = 0, named = 0;
    for (int i = 0; i < m.ncode_warnings; i++) {
        const char *w = m.code_warnings[i];
        more += strcmp(w, "19990 more translation units were skipped besides the 10 named in "
                          "these warnings (each is listed in translation_units)") == 0;
        repeats += strcmp(w, "19998 compile database entries repeated an earlier one (same file "
                             "and arguments) and were ignored (first: a.c)") == 0;
        named += strstr(w, "the file cannot be read (No such file or directory); skipped") != NULL;
    }
    CHECK_INT(more, 1);
    CHECK_INT(repeats, 1);
    CHECK_INT(named, 10);
    seam_model_free(&m);
    tiny_project_remove(&p);
}

static void test_command_form(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "q.c", "int FN(void) { return 0; }\nconst char *s(void) { return STR; }\n");
    tiny_project_write(&p, "r.c", "int FN2(void) { return 0; }\n");
    char json[2048];
    snprintf(json, sizeof json,
             "[{\"directory\": \"%s\", \"file\": \"q.c\", \"command\": "
             "\"cc -D'FN=made_by_macro' \\\"-DSTR=\\\\\\\"a b\\\\\\\"\\\" -c q.c\"},\n"
             " {\"directory\": \"%s\", \"file\": \"r.c\", \"command\": "
             "\"ccache  gcc\\t-DFN2=wrapped -c r.c -o r.o\"}]\n",
             p.root, p.root);
    tiny_project_write(&p, "compile_commands.json", json);
    analyzer_options o = {.src_dir = p.root, .build_dir = p.root, .jobs = 1};
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    seam_err_clear(&err);
    CHECK_INT(analyzer_run(&o, &m, &err), 0);
    CHECK(tiny_find_function(&m, "made_by_macro", "q.c") >= 0);
    CHECK(tiny_find_function(&m, "s", "q.c") >= 0);
    CHECK(tiny_find_function(&m, "wrapped", "r.c") >= 0);
    CHECK_INT(m.parse_errors, 0);
    seam_model_free(&m);
    tiny_project_remove(&p);
}

int main(void)
{
    test_huge_database();
    test_command_form();
    return check_finish();
}
