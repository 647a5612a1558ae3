/*
 * components.c - the components a code base's own build declares.
 *
 * A project says how it is built in parts: bash builds each directory of lib/
 * into an archive with a Makefile of its own, zabbix each src/libs/zbx*
 * with a Makefile.am, PostgreSQL each backend directory with a Makefile, a
 * CMake project each directory with a CMakeLists.txt. Such a directory
 * (below SRC: the top-level build file covers everything, which says
 * nothing) is a component: the model files under it that no deeper one
 * claims. The decomposer weighs it by how well the code's own coupling
 * agrees (docs/decomposition.md); here it is only read off the tree.
 *
 * Only the directories of the model's files and their ancestors are looked
 * at (one stat per build-file name per directory, remembered), so the cost
 * follows the model, not the tree.
 */
#include "analyzer_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The names of a directory's own build file, in the order one is reported. */
static const char *const BUILD_FILES[] = {
    "CMakeLists.txt", "meson.build", "Makefile.am", "Makefile.in", "Makefile",
    "makefile",       "GNUmakefile", "BUILD.bazel", "BUILD",
};

#define NO_BUILD_FILE ((void *)1) /* memo value: the directory has none */

/* The build file of directory dir (relative to root, "" is root), or NULL; memoised. */
static int dir_build_file(strmap *memo, const char *root, const char *dir, const char **out)
{
    void *v;
    *out = NULL;
    if (strmap_get(memo, dir, &v)) {
        *out = v == NO_BUILD_FILE ? NULL : v;
        return 0;
    }
    char *found = NULL;
    for (size_t i = 0; i < sizeof BUILD_FILES / sizeof *BUILD_FILES && !found; i++) {
        char *path = seam_printf("%s/%s%s%s", root, dir, dir[0] ? "/" : "", BUILD_FILES[i]);
        struct stat st;
        if (!path)
            return SEAM_ENOMEM;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
            !(found = seam_printf("%s%s%s", dir, dir[0] ? "/" : "", BUILD_FILES[i]))) {
            free(path);
            return SEAM_ENOMEM;
        }
        free(path);
    }
    if (strmap_put(memo, dir, found ? found : NO_BUILD_FILE) < 0) {
        free(found);
        return SEAM_ENOMEM;
    }
    *out = found;
    return 0;
}

/* The nearest directory above file (relative) with a build file of its own, below root:
 * its name and build file in *dir and *build (malloc'd / borrowed), or *dir NULL. */
static int nearest(strmap *memo, const char *root, const char *file, char **dir,
                   const char **build)
{
    *dir = NULL;
    *build = NULL;
    char *d = seam_strdup(file);
    if (!d)
        return SEAM_ENOMEM;
    for (char *slash = strrchr(d, '/'); slash; slash = strrchr(d, '/')) {
        *slash = '\0';
        int rc = dir_build_file(memo, root, d, build);
        if (rc < 0) {
            free(d);
            return rc;
        }
        if (*build) {
            *dir = d;
            return 0;
        }
    }
    free(d);
    return 0;
}

static void free_build(void *v)
{
    if (v != NO_BUILD_FILE)
        free(v);
}

static int component_cmp(const void *a, const void *b)
{
    return strcmp(((const seam_component *)a)->name, ((const seam_component *)b)->name);
}

int components_read(seam_model *m, const char *root, seam_err *err)
{
    strmap memo = {0}, index = {0}; /* directory -> build file; name -> 1 + component */
    int rc = 0;
    struct stat st;
    /* A tree this machine cannot read (facts merged from elsewhere): no components. */
    if (!root || stat(root, &st) != 0 || !S_ISDIR(st.st_mode))
        return 0;
    for (int f = 0; rc == 0 && f < m->nfiles; f++) {
        char *dir;
        const char *build;
        if ((rc = nearest(&memo, root, m->files[f].path, &dir, &build)) < 0 || !dir)
            continue;
        seam_component *c = NULL;
        void *at;
        if (strmap_get(&index, dir, &at))
            c = &m->components[(intptr_t)at - 1];
        if (!c && strmap_put(&index, dir, (void *)(intptr_t)(m->ncomponents + 1)) < 0) {
            free(dir);
            rc = SEAM_ENOMEM;
            break;
        }
        if (!c) {
            seam_component *grown = realloc(m->components,
                                            (size_t)(m->ncomponents + 1) * sizeof *grown);
            if (!grown) {
                free(dir);
                rc = SEAM_ENOMEM;
                break;
            }
            m->components = grown;
            c = &m->components[m->ncomponents++];
            memset(c, 0, sizeof *c);
            c->name = dir;
            dir = NULL;
            c->kind = seam_strdup("directory");
            c->build_file = seam_strdup(build);
            if (!c->kind || !c->build_file)
                rc = SEAM_ENOMEM;
        }
        free(dir);
        if (rc == 0)
            rc = strv_push(&c->files, &c->nfiles, m->files[f].path);
    }
    strmap_free(&memo, free_build);
    strmap_free(&index, NULL);
    if (rc < 0)
        return seam_err_set(err, rc, "out of memory reading the build's components");
    for (int i = 0; i < m->ncomponents; i++)
        strv_sort_unique(m->components[i].files, &m->components[i].nfiles);
    if (m->ncomponents > 1)
        qsort(m->components, (size_t)m->ncomponents, sizeof *m->components, component_cmp);
    return 0;
}
