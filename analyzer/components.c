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
#include "file.h"

#include <cjson/cJSON.h>
#include <dirent.h>
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

/* By name, then kind and build file: a target and a directory may share a name. */
static int component_cmp(const void *a, const void *b)
{
    const seam_component *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    if (!c)
        c = strcmp(x->kind, y->kind);
    return c ? c : strcmp(x->build_file, y->build_file);
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

/* ---- CMake's file API: the targets of a configured build ------------------ */

/* The newest reply index in dir (index-*.json sorts by time), malloc'd, or NULL. */
static char *cmake_index(const char *dir)
{
    DIR *d = opendir(dir);
    char *best = NULL;
    struct dirent *e;
    while (d && (e = readdir(d))) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, "index-", 6) != 0 || n < 11 || strcmp(e->d_name + n - 5, ".json"))
            continue;
        if (!best || strcmp(e->d_name, best) > 0) {
            free(best);
            best = seam_strdup(e->d_name);
        }
    }
    if (d)
        closedir(d);
    return best;
}

/* The JSON of reply file name (in dir), or NULL: a reply seam cannot read is no component. */
static cJSON *cmake_json(const char *dir, const char *name, size_t max)
{
    if (!name || strchr(name, '/'))
        return NULL;
    char *path = seam_printf("%s/%s", dir, name), *text = NULL;
    size_t len = 0;
    seam_err ignored;
    cJSON *j = NULL;
    if (path && seam_file_read(path, "CMake reply", max, &text, &len, &ignored) == 0)
        j = cJSON_ParseWithLength(text, len);
    free(path);
    free(text);
    return j;
}

static const char *json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* One target: its source files that are model files, as a component. */
static int cmake_target(seam_model *m, const cJSON *t, const char *prefix)
{
    const char *name = json_str(t, "name");
    const cJSON *paths = cJSON_GetObjectItemCaseSensitive(t, "paths");
    const char *src = paths ? json_str(paths, "source") : NULL;
    const cJSON *sources = cJSON_GetObjectItemCaseSensitive(t, "sources");
    if (!name || !cJSON_IsArray(sources))
        return 0;
    seam_component c = {0};
    const cJSON *s;
    cJSON_ArrayForEach(s, sources)
    {
        const char *p = json_str(s, "path");
        char *rel = p ? seam_printf("%s%s", prefix, p) : NULL;
        int f = rel ? seam_model_find_file(m, rel) : -1;
        if (f >= 0 && strv_push(&c.files, &c.nfiles, m->files[f].path) < 0) {
            free(rel);
            strv_free(c.files, c.nfiles);
            return SEAM_ENOMEM;
        }
        free(rel);
    }
    if (c.nfiles == 0)
        return 0;
    strv_sort_unique(c.files, &c.nfiles);
    c.name = seam_strdup(name);
    c.kind = seam_strdup("cmake_target");
    c.build_file = seam_printf("%s%s%sCMakeLists.txt", prefix, src && strcmp(src, ".") ? src : "",
                               src && strcmp(src, ".") ? "/" : "");
    seam_component *grown =
        realloc(m->components, (size_t)(m->ncomponents + 1) * sizeof *grown);
    if (!c.name || !c.kind || !c.build_file || !grown) {
        free(c.name), free(c.kind), free(c.build_file);
        strv_free(c.files, c.nfiles);
        if (grown)
            m->components = grown;
        return SEAM_ENOMEM;
    }
    m->components = grown;
    m->components[m->ncomponents++] = c;
    return 0;
}

int components_read_cmake(seam_model *m, const char *build_dir, const char *src_rel,
                          size_t max, seam_err *err)
{
    char *dir = build_dir ? seam_printf("%s/.cmake/api/v1/reply", build_dir) : NULL;
    char *index = dir ? cmake_index(dir) : NULL;
    cJSON *idx = index ? cmake_json(dir, index, max) : NULL, *model = NULL;
    int rc = 0;
    /* the codemodel object of the reply, then each target of its first configuration */
    const cJSON *objs = idx ? cJSON_GetObjectItemCaseSensitive(idx, "objects") : NULL, *o;
    cJSON_ArrayForEach(o, objs)
    {
        const char *kind = json_str(o, "kind");
        if (kind && strcmp(kind, "codemodel") == 0 && !model)
            model = cmake_json(dir, json_str(o, "jsonFile"), max);
    }
    const cJSON *confs = model ? cJSON_GetObjectItemCaseSensitive(model, "configurations") : NULL;
    const cJSON *targets =
        cJSON_IsArray(confs) && cJSON_GetArraySize(confs) > 0
            ? cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(confs, 0), "targets")
            : NULL;
    const cJSON *t;
    cJSON_ArrayForEach(t, targets)
    {
        cJSON *tj = cmake_json(dir, json_str(t, "jsonFile"), max);
        if (tj)
            rc = cmake_target(m, tj, src_rel ? src_rel : "");
        cJSON_Delete(tj);
        if (rc < 0)
            break;
    }
    cJSON_Delete(model);
    cJSON_Delete(idx);
    free(index);
    free(dir);
    if (rc < 0)
        return seam_err_set(err, rc, "out of memory reading the build's components");
    components_drop_shadowed(m);
    if (m->ncomponents > 1)
        qsort(m->components, (size_t)m->ncomponents, sizeof *m->components, component_cmp);
    return 0;
}
