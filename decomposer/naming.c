/*
 * naming.c - readable, unique service names ("orders", "inventory").
 *
 * A service made of modules is named, in order of preference:
 *   1. after its directory, when all its modules live in one directory
 *      (src/billing/...) that no module of another service or of the shared
 *      libraries lives in or under: the team already named that domain
 *      (generic directory names such as "src" or "lib" name no domain and
 *      are skipped);
 *   2. else after its dominant module: the one with the largest strength
 *      (sum of edge weights) in the coupling graph, ties to the smaller
 *      path; the name is that module's file name without extension.
 * A service made only of tables (see ownership.c) is named after its main
 * table, without any schema qualifier.
 *
 * Names are lower-cased, anything but [a-z0-9_] becomes '_' (they double as
 * schema names in the plan). "shared" is reserved for the shared libraries
 * when there are any. A name already taken gets "-2", "-3", ... in service
 * order, which is deterministic.
 */
#include "dc.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHARED_NAME "shared"

static char *sanitize(const char *s, size_t n)
{
    char *out = malloc(n + sizeof "service");
    if (!out)
        return NULL;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        out[k++] = isalnum(c) ? (char)tolower(c) : '_';
    }
    out[k] = '\0';
    if (k == 0)
        strcpy(out, "service");
    return out;
}

static int taken(const dc_partition *p, const dc_graph *g, int upto, const char *name)
{
    if (g->nshared && strcmp(name, SHARED_NAME) == 0)
        return 1;
    for (int i = 0; i < upto; i++)
        if (p->names[i] && strcmp(p->names[i], name) == 0)
            return 1;
    return 0;
}

/* Takes ownership of base; stores a unique name for service s. */
static int set_unique(dc_partition *p, const dc_graph *g, int s, char *base, seam_err *err)
{
    if (!base)
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory naming services");
    char *name = base;
    for (int k = 2; taken(p, g, s, name); k++) {
        if (name != base)
            free(name);
        name = seam_printf("%s-%d", base, k);
        if (!name) {
            free(base);
            return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory naming services");
        }
    }
    if (name != base)
        free(base);
    free(p->names[s]);
    p->names[s] = name;
    return SEAM_OK;
}

/* Length of the directory part of a path ("src/a/b" -> 5 for "src/a"), 0 if none. */
static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) : 0;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* Is path inside directory dir (length n), at any depth? */
static int under(const char *path, const char *dir, size_t n)
{
    return strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* The directory all of s's modules share, owned by s alone; NULL (and *n = 0) if none. */
static const char *own_directory(const dc_partition *p, const dc_graph *g, int s, size_t *n)
{
    const char *dir = NULL;
    *n = 0;
    for (int m = 0; m < g->nmodules; m++) {
        if (p->module_service[m] != s)
            continue;
        size_t len = dir_len(g->modules[m].stem);
        if (!dir) {
            dir = g->modules[m].stem;
            *n = len;
        } else if (len != *n || strncmp(dir, g->modules[m].stem, len) != 0) {
            return NULL;
        }
    }
    if (!dir || *n == 0)
        return NULL;
    static const char *const generic[] = {"src",     "source", "sources", "lib", "libs",
                                          "include", "inc",    "app",     "code"};
    const char *b = dir;
    for (size_t i = 0; i < *n; i++)
        if (dir[i] == '/')
            b = dir + i + 1;
    for (size_t i = 0; i < sizeof generic / sizeof generic[0]; i++)
        if ((size_t)(dir + *n - b) == strlen(generic[i]) &&
            strncmp(b, generic[i], strlen(generic[i])) == 0)
            return NULL;
    for (int m = 0; m < g->nmodules; m++)
        if (p->module_service[m] != s && under(g->modules[m].stem, dir, *n))
            return NULL;
    return dir;
}

int dc_name_module_services(dc_partition *p, const dc_graph *g, seam_err *err)
{
    for (int s = 0; s < p->nservices; s++) {
        size_t n;
        const char *dir = own_directory(p, g, s, &n);
        char *base;
        if (dir) {
            const char *b = dir;
            for (size_t i = 0; i < n; i++)
                if (dir[i] == '/')
                    b = dir + i + 1;
            base = sanitize(b, (size_t)(dir + n - b));
        } else {
            int best = -1;
            for (int m = 0; m < g->nmodules; m++)
                if (p->module_service[m] == s && (best < 0 || g->strength[m] > g->strength[best]))
                    best = m;
            const char *b = base_name(g->modules[best].stem);
            base = sanitize(b, strlen(b));
        }
        int rc = set_unique(p, g, s, base, err);
        if (rc)
            return rc;
    }
    return SEAM_OK;
}

int dc_name_table_service(dc_partition *p, const dc_graph *g, int service, int main_table,
                          seam_err *err)
{
    const char *t = g->tables[main_table];
    const char *dot = strrchr(t, '.');
    const char *b = dot ? dot + 1 : t;
    return set_unique(p, g, service, sanitize(b, strlen(b)), err);
}
