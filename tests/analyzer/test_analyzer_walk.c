/*
 * test_analyzer_walk.c - the walk of SRC without a compile database stays
 * in SRC and ends: links to "..", to "../.." and to "/" are not followed out
 * of SRC or in circles, a link to a file outside SRC is not a source, a link
 * to a file inside SRC lists it once, and a 70-deep directory chain stops at
 * the depth limit with a warning.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "analyzer.h"
#include "check.h"
#include "tiny_project.h"

static int has_tu(const seam_model *m, const char *file)
{
    for (int i = 0; i < m->ntus; i++)
        if (strcmp(m->tus[i].file, file) == 0)
            return 1;
    return 0;
}

int main(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "a/a.c", "int a(void) { return 1; }\n");
    tiny_project_write(&p, "b/b.c", "int b(void) { return 2; }\n");
    char path[1024], outside[600];
    snprintf(path, sizeof path, "%s/a/up", p.root);
    CHECK(symlink("..", path) == 0);
    snprintf(path, sizeof path, "%s/b/up2", p.root);
    CHECK(symlink("../..", path) == 0);
    snprintf(path, sizeof path, "%s/root", p.root);
    CHECK(symlink("/", path) == 0);
    snprintf(path, sizeof path, "%s/same.c", p.root);
    CHECK(symlink("a/a.c", path) == 0);
    /* A file outside SRC, linked from inside. */
    snprintf(outside, sizeof outside, "%s-outside.c", p.root);
    FILE *fp = fopen(outside, "w");
    CHECK(fp != NULL);
    if (fp) {
        fputs("int outside(void) { return 3; }\n", fp);
        fclose(fp);
    }
    snprintf(path, sizeof path, "%s/out.c", p.root);
    CHECK(symlink(outside, path) == 0);
    /* A chain of 70 directories, a source at level 10 and one at the bottom. */
    char rel[1024] = "";
    for (int i = 0; i < 70; i++) {
        strcat(rel, "d/");
        if (i == 9) {
            char f[1100];
            snprintf(f, sizeof f, "%sten.c", rel);
            tiny_project_write(&p, f, "int ten(void) { return 10; }\n");
        }
    }
    strcat(rel, "bottom.c");
    tiny_project_write(&p, rel, "int bottom(void) { return 70; }\n");

    analyzer_options o = {.src_dir = p.root, .jobs = 2};
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    seam_err_clear(&err);
    time_t t0 = time(NULL);
    int rc = analyzer_run(&o, &m, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "analyzer_run: %s\n", err.msg);
    CHECK(time(NULL) - t0 < 30);
    CHECK(has_tu(&m, "a/a.c"));
    CHECK(has_tu(&m, "b/b.c"));
    CHECK(has_tu(&m, "d/d/d/d/d/d/d/d/d/d/ten.c"));
    /* Each real file once; nothing through a link out of SRC; nothing past the limit. */
    CHECK_INT(m.ntus, 3);
    CHECK(tiny_find_function(&m, "outside", NULL) < 0);
    CHECK(tiny_find_function(&m, "bottom", NULL) < 0);
    int deep = 0;
    for (int i = 0; i < m.ncode_warnings; i++)
        deep += strstr(m.code_warnings[i], "the walk of SRC stopped at 64 directory levels") != NULL;
    CHECK_INT(deep, 1);
    seam_model_free(&m);
    unlink(outside);
    tiny_project_remove(&p);
    return check_finish();
}
