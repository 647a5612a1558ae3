/*
 * Boundary rules on small synthetic models: a .c pairs with its header
 * wherever the header lives; a project-wide function prefix and boilerplate
 * names tie nothing and name nothing; pins make one service per name and
 * "shared" is the shared library; tables no code reaches are unowned.
 */
#include "check.h"
#include "decomposer.h"
#include "synth.h"

/* Includes must be added in (from, to) order of file indices. */
static void add_include(seam_model *m, const char *from, const char *to)
{
    m->includes = synth_grow(m->includes, m->nincludes, sizeof *m->includes);
    m->includes[m->nincludes].from = seam_model_find_file(m, from);
    m->includes[m->nincludes].to = seam_model_find_file(m, to);
    synth_need(m->includes[m->nincludes].from >= 0 && m->includes[m->nincludes].to >= 0);
    m->nincludes++;
}

/* The model's module holding file, or NULL. */
static const seam_module *module_of(const seam_model *m, const char *file)
{
    for (int i = 0; i < m->nmodules; i++)
        for (int f = 0; f < m->modules[i].nfiles; f++)
            if (strcmp(m->modules[i].files[f], file) == 0)
                return &m->modules[i];
    return NULL;
}

/*
 * tree.c pairs with include/lib/tree.h, the one header of its name it includes; list.c keeps
 * list.h beside it, so include/lib/list.h stays alone; include/lib/io.h, included by both
 * unix/io.c and win32/io.c, is claimed twice and pairs with neither.
 */
static void test_header_elsewhere(void)
{
    seam_model m;
    seam_err err;
    seam_model_init(&m);
    const char *files[] = {"include/lib/io.h", "include/lib/list.h", "include/lib/tree.h",
                           "src/list.c",       "src/list.h",         "src/parser.c",
                           "src/tree.c",       "unix/io.c",          "win32/io.c"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        synth_file(&m, files[i]);
    add_include(&m, "src/list.c", "include/lib/list.h");
    add_include(&m, "src/list.c", "src/list.h");
    add_include(&m, "src/parser.c", "include/lib/tree.h");
    add_include(&m, "src/tree.c", "include/lib/list.h");
    add_include(&m, "src/tree.c", "include/lib/tree.h");
    add_include(&m, "unix/io.c", "include/lib/io.h");
    add_include(&m, "win32/io.c", "include/lib/io.h");
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    const seam_module *tree = module_of(&m, "src/tree.c");
    CHECK(tree && tree == module_of(&m, "include/lib/tree.h") && tree->nfiles == 2);
    const seam_module *list = module_of(&m, "src/list.c");
    CHECK(list && list == module_of(&m, "src/list.h") && list->nfiles == 2);
    const seam_module *lh = module_of(&m, "include/lib/list.h");
    CHECK(lh && lh->nfiles == 1);
    const seam_module *io = module_of(&m, "include/lib/io.h");
    CHECK(io && io->nfiles == 1);
    CHECK_INT(m.nmodules, 7);
    seam_model_free(&m);

    /* The file unit pairs nothing. */
    seam_model_init(&m);
    synth_file(&m, "include/lib/tree.h");
    synth_file(&m, "src/tree.c");
    add_include(&m, "src/tree.c", "include/lib/tree.h");
    decomposer_options o;
    decomposer_options_init(&o);
    o.unit = DECOMPOSER_UNIT_FILE;
    CHECK_INT(decomposer_run(&m, &o, &err), 0);
    CHECK_INT(m.nmodules, 2);
    seam_model_free(&m);
}

int main(void)
{
    test_header_elsewhere();
    return check_finish();
}
