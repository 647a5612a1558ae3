/*
 * build_targets.c - the build targets a compile database's objects name.
 *
 * A build system puts each target's objects where their names say which
 * target they belong to, and a compile database keeps the object in each
 * entry's "output" (or its -o): CMake writes CMakeFiles/<target>.dir/...,
 * Meson <target>.p/..., Bazel _objs/<target>/..., and automake, for a
 * target with flags of its own, prefixes each object with the target's
 * canonical name (libsh_a-foo.o, prog-foo.o, libfoo_la-foo.lo). A target
 * of two or more model files is a component (kind "build_target",
 * docs/analyzer.md), the archive or program the project declares, even
 * where one directory builds several of them or one target spans several
 * directories. Objects that name no target (a plain foo.o next to foo.c)
 * say nothing, and their files are left to the directory components.
 */
#include "analyzer_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Longest target name kept: a longer one is no name a build system writes. */
#define TARGET_NAME_MAX 256

/* The length of path's component starting at p (up to the next '/' or the end). */
static size_t component_len(const char *p)
{
    const char *slash = strchr(p, '/');
    return slash ? (size_t)(slash - p) : strlen(p);
}

/* A copy of n bytes of s when they make a sensible name (not empty, no "." or ".."). */
static char *name_dup(const char *s, size_t n)
{
    if (n == 0 || n > TARGET_NAME_MAX || (n == 1 && s[0] == '.') ||
        (n == 2 && s[0] == '.' && s[1] == '.'))
        return NULL;
    return seam_printf("%.*s", (int)n, s);
}

/* The stem of a path's last component: "dir/foo.c" -> "foo" (pointer and length). */
static const char *stem(const char *path, size_t *n)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    const char *dot = strchr(b, '.');
    *n = dot ? (size_t)(dot - b) : strlen(b);
    return b;
}

char *build_target_of_object(const char *object, const char *source)
{
    if (!object || !*object)
        return NULL;
    /* CMake: <binary dir>/CMakeFiles/<target>.dir/<source path>.o */
    for (const char *p = object; *p; p += component_len(p), p += *p == '/') {
        size_t n = component_len(p);
        if (n == 10 && strncmp(p, "CMakeFiles", 10) == 0 && p[n] == '/') {
            const char *t = p + n + 1;
            size_t tn = component_len(t);
            if (tn > 4 && strncmp(t + tn - 4, ".dir", 4) == 0 && t[tn] == '/')
                return name_dup(t, tn - 4);
        }
        /* Bazel: .../_objs/<target>/<source>.o */
        if (n == 5 && strncmp(p, "_objs", 5) == 0 && p[n] == '/') {
            const char *t = p + n + 1;
            size_t tn = component_len(t);
            if (t[tn] == '/')
                return name_dup(t, tn);
        }
    }
    /* Meson: <subdir>/<target>.p/<source>.o: the target's id is its path without ".p" */
    for (const char *p = object; *p; p += component_len(p), p += *p == '/') {
        size_t n = component_len(p);
        if (n > 2 && strncmp(p + n - 2, ".p", 2) == 0 && p[n] == '/') {
            const char *start = object;
            /* "./x.p/..." and the like: the id starts after a leading "./" */
            while (strncmp(start, "./", 2) == 0)
                start += 2;
            /* an absolute path or one out of the build directory is no id (and the model
             * holds no absolute path): the target's own name then */
            if (start[0] == '/' || strncmp(start, "../", 3) == 0 || strstr(start, "/../"))
                start = p;
            return start < p + n - 2 ? name_dup(start, (size_t)(p + n - 2 - start)) : NULL;
        }
    }
    /* automake: <dir>/<canonical target>-<source stem>.o (.lo, .obj), only when the
     * stem after the dash is the source's own: "foo-bar.o" from foo-bar.c is no prefix */
    size_t sn, on;
    const char *s = source ? stem(source, &sn) : NULL, *o = stem(object, &on);
    if (!s || sn == 0 || on <= sn + 1 || o[on - sn - 1] != '-' || strncmp(o + on - sn, s, sn))
        return NULL;
    for (size_t i = 0; i < on - sn - 1; i++)
        if (!(o[i] == '_' || (o[i] >= 'a' && o[i] <= 'z') || (o[i] >= 'A' && o[i] <= 'Z') ||
              (o[i] >= '0' && o[i] <= '9')))
            return NULL;
    return name_dup(o, on - sn - 1);
}

int build_targets_collect(const compdb *db, char ***pairs, int *npairs)
{
    for (int i = 0; i < db->n; i++) {
        const compdb_entry *e = &db->entries[i];
        char *name = e->rel && e->object ? build_target_of_object(e->object, e->rel) : NULL;
        /* a name with a tab or newline could not be split off its pair again: none */
        if (!name || strpbrk(name, "\t\n")) {
            free(name);
            continue;
        }
        char *pair = seam_printf("%s\t%s", name, e->rel);
        int rc = pair ? strv_push(pairs, npairs, pair) : SEAM_ENOMEM;
        free(name);
        free(pair);
        if (rc < 0)
            return rc;
    }
    strv_sort_unique(*pairs, npairs);
    return 0;
}

/* A component with files taken from pairs [i, j) (each "NAME\tFILE") that are model files. */
static int target_add(seam_model *m, char *const *pairs, int i, int j)
{
    seam_component c = {0};
    for (int k = i; k < j; k++) {
        const char *file = strchr(pairs[k], '\t') + 1;
        if (seam_model_find_file(m, file) >= 0 && strv_push(&c.files, &c.nfiles, file) < 0) {
            strv_free(c.files, c.nfiles);
            return SEAM_ENOMEM;
        }
    }
    /* A target of one file groups nothing. */
    if (c.nfiles < 2) {
        strv_free(c.files, c.nfiles);
        return 0;
    }
    c.name = seam_printf("%.*s", (int)(strchr(pairs[i], '\t') - pairs[i]), pairs[i]);
    c.kind = seam_strdup("build_target");
    c.build_file = seam_strdup("compile_commands.json");
    seam_component *grown = realloc(m->components, (size_t)(m->ncomponents + 1) * sizeof *grown);
    if (grown)
        m->components = grown;
    if (!c.name || !c.kind || !c.build_file || !grown) {
        free(c.name), free(c.kind), free(c.build_file);
        strv_free(c.files, c.nfiles);
        return SEAM_ENOMEM;
    }
    m->components[m->ncomponents++] = c;
    return 0;
}

int components_read_targets(seam_model *m, char *const *pairs, int npairs)
{
    /* pairs are sorted: one target's files are consecutive */
    for (int i = 0; i < npairs;) {
        const char *tab = strchr(pairs[i], '\t');
        if (!tab) {
            i++;
            continue;
        }
        size_t n = (size_t)(tab - pairs[i]) + 1;
        int j = i + 1;
        while (j < npairs && strncmp(pairs[j], pairs[i], n) == 0)
            j++;
        int rc = target_add(m, pairs, i, j);
        if (rc < 0)
            return rc;
        i = j;
    }
    return 0;
}

void components_drop_shadowed(seam_model *m)
{
    /* A CMake file API target is the same target as the compile database's of that
     * name, read more exactly: the database's copy goes. */
    int k = 0;
    for (int i = 0; i < m->ncomponents; i++) {
        seam_component *c = &m->components[i];
        int shadowed = 0;
        for (int j = 0; j < m->ncomponents && !shadowed && strcmp(c->kind, "build_target") == 0;
             j++)
            shadowed = strcmp(m->components[j].kind, "cmake_target") == 0 &&
                       strcmp(m->components[j].name, c->name) == 0;
        if (shadowed) {
            free(c->name), free(c->kind), free(c->build_file);
            strv_free(c->files, c->nfiles);
            continue;
        }
        m->components[k++] = *c;
    }
    m->ncomponents = k;
}
