/*
 * sources.c - which files to parse when there is no compile database, and
 * the --exclude globs.
 *
 * Without compile_commands.json the analyzer cannot know the real flags, so
 * it does what a person trying to build the tree would: every .c file, every
 * directory that holds headers on the include path, plus whatever --cflags
 * says. Headers that need generated files or -D switches will show parse
 * errors; the run warns that its results are approximate.
 */
#define _XOPEN_SOURCE 700
#include "analyzer_internal.h"

#include <dirent.h>
#include <stdio.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wordexp.h>

int sources_excluded(const analyzer_options *o, const char *rel)
{
    for (int g = 0; g < o->nexclude; g++) {
        const char *glob = o->exclude[g];
        if (fnmatch(glob, rel, 0) == 0)
            return 1;
        /* A glob naming a directory ("vendor", "*\/tests") excludes everything under it. */
        size_t n = strlen(rel);
        char *dir = malloc(n + 1);
        if (!dir)
            return 0;
        memcpy(dir, rel, n + 1);
        for (char *s = strrchr(dir, '/'); s; s = strrchr(dir, '/')) {
            *s = '\0';
            if (fnmatch(glob, dir, 0) == 0) {
                free(dir);
                return 1;
            }
        }
        free(dir);
    }
    return 0;
}

#define WALK_DEPTH_MAX 64

typedef struct walk_state {
    const char *root; /* SRC's real path */
    strmap seen;      /* "dev:ino" of every directory entered */
    char *too_deep;   /* the first directory the depth limit stopped at (rel), or NULL */
    const analyzer_options *o;
    char **sources; /* absolute .c paths */
    int nsources;
    char **incdirs; /* absolute directories holding a .h */
    int nincdirs;
    int rc;
    seam_err *err;
} walk_state;

static int has_suffix(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n > m && strcmp(s + n - m, suf) == 0;
}

/* 1 when the directory st was entered before (else marks it), or SEAM_ENOMEM. */
static int seen_before(walk_state *w, const struct stat *st)
{
    char key[64];
    snprintf(key, sizeof key, "%llu:%llu", (unsigned long long)st->st_dev,
             (unsigned long long)st->st_ino);
    void *v;
    if (strmap_get(&w->seen, key, &v))
        return 1;
    return strmap_put(&w->seen, key, NULL) < 0 ? SEAM_ENOMEM : 0;
}

static void walk_dir(walk_state *w, const char *dir, const char *rel, int depth);

/*
 * One directory entry: path (absolute) and sub (relative to root, as the walk
 * reached it). A symbolic link counts only when its target is under root; it
 * is then taken by its real path, so that the link and its target are one.
 */
static void walk_entry(walk_state *w, const char *path, const char *sub, const char *name,
                       int depth, int *has_header)
{
    struct stat st;
    if (lstat(path, &st) != 0 || sources_excluded(w->o, sub))
        return;
    char *real = NULL;
    const char *p = path, *r = sub;
    if (S_ISLNK(st.st_mode)) {
        real = realpath(path, NULL);
        const char *rrel = real ? path_relative(w->root, real) : NULL;
        int is_root = real && strcmp(real, w->root) == 0;
        if (!real || (!rrel && !is_root) || stat(real, &st) != 0 ||
            (rrel && sources_excluded(w->o, rrel))) {
            free(real);
            return;
        }
        p = real;
        r = rrel ? rrel : "";
    }
    if (S_ISDIR(st.st_mode)) {
        int seen = seen_before(w, &st);
        if (seen < 0)
            w->rc = seam_err_set(w->err, SEAM_ENOMEM, "out of memory listing '%s'", path);
        else if (!seen)
            walk_dir(w, p, r, depth + 1);
    } else if (S_ISREG(st.st_mode) && has_suffix(name, ".c")) {
        if (strv_push(&w->sources, &w->nsources, p) < 0)
            w->rc = seam_err_set(w->err, SEAM_ENOMEM, "out of memory listing '%s'", path);
    } else if (S_ISREG(st.st_mode) && has_suffix(name, ".h")) {
        *has_header = 1;
    }
    free(real);
}

/* Walks dir (absolute; rel is its path relative to root, "" for root). */
static void walk_dir(walk_state *w, const char *dir, const char *rel, int depth)
{
    if (w->rc < 0)
        return;
    /* An absurdly deep tree ends here, with a warning naming where. */
    if (depth > WALK_DEPTH_MAX) {
        if (!w->too_deep && !(w->too_deep = seam_strdup(rel)))
            w->rc = seam_err_set(w->err, SEAM_ENOMEM, "out of memory listing '%s'", dir);
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        if (depth == 0)
            w->rc = seam_err_set(w->err, SEAM_EIO, "cannot read source directory '%s': %s", dir,
                                 strerror(errno));
        return;
    }
    int has_header = 0;
    struct dirent *de;
    while (w->rc == 0 && (de = readdir(d)) != NULL) {
        /* Hidden entries (.git, .cache) are never sources. */
        if (de->d_name[0] == '.')
            continue;
        char *path = seam_printf("%s/%s", dir, de->d_name);
        char *sub = rel[0] ? seam_printf("%s/%s", rel, de->d_name) : seam_strdup(de->d_name);
        if (!path || !sub)
            w->rc = seam_err_set(w->err, SEAM_ENOMEM, "out of memory listing '%s'", dir);
        else
            walk_entry(w, path, sub, de->d_name, depth, &has_header);
        free(path);
        free(sub);
    }
    closedir(d);
    if (w->rc == 0 && has_header && strv_push(&w->incdirs, &w->nincdirs, dir) < 0)
        w->rc = seam_err_set(w->err, SEAM_ENOMEM, "out of memory listing '%s'", dir);
}

/* Splits --cflags like a shell would (quotes, backslashes), never running a command. */
static int split_cflags(const char *cflags, wordexp_t *we, seam_err *err)
{
    memset(we, 0, sizeof *we);
    if (!cflags || !*cflags)
        return 0;
    int r = wordexp(cflags, we, WRDE_NOCMD | WRDE_UNDEF);
    if (r == WRDE_NOSPACE) {
        wordfree(we);
        return seam_err_set(err, SEAM_ENOMEM, "out of memory splitting --cflags");
    }
    if (r != 0)
        return seam_err_set(err, SEAM_EUSAGE,
                            "--cflags '%s': cannot split it into words (unbalanced quotes, "
                            "command substitution or an unset variable)",
                            cflags);
    return 0;
}

int sources_scan_tree(compdb *db, const char *root, const analyzer_options *o, seam_err *err)
{
    memset(db, 0, sizeof *db);
    wordexp_t we;
    int rc = split_cflags(o->cflags, &we, err);
    if (rc < 0)
        return rc;
    walk_state w;
    memset(&w, 0, sizeof w);
    w.root = root;
    w.o = o;
    w.err = err;
    struct stat st;
    if (stat(root, &st) == 0 && seen_before(&w, &st) < 0)
        w.rc = seam_err_set(err, SEAM_ENOMEM, "out of memory listing '%s'", root);
    walk_dir(&w, root, "", 0);
    rc = w.rc;
    if (rc == 0 && w.too_deep &&
        !(db->note = seam_printf("the walk of SRC stopped at %d directory levels: '%s' and "
                                 "anything deeper was not searched for .c files",
                                 WALK_DEPTH_MAX, w.too_deep)))
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory listing sources");
    if (rc == 0 && w.nsources == 0)
        rc = seam_err_set(err, SEAM_EINPUT,
                          "no compile_commands.json and no .c file under '%s' (give -p BUILD_DIR)",
                          root);
    /* Sorted: the include path's order, and so the facts, must not depend on readdir. */
    strv_sort_unique(w.incdirs, &w.nincdirs);
    strv_sort_unique(w.sources, &w.nsources);
    int cap = 0;
    for (int i = 0; rc == 0 && i < w.nsources; i++) {
        if (seam_array_reserve(&db->entries, &cap, db->n + 1, sizeof *db->entries) < 0) {
            rc = seam_err_set(err, SEAM_ENOMEM, "out of memory listing sources");
            break;
        }
        compdb_entry *e = &db->entries[db->n++];
        int nargs = (int)we.we_wordc + w.nincdirs;
        e->file = seam_strdup(w.sources[i]);
        e->argv = calloc((size_t)(nargs ? nargs : 1), sizeof *e->argv);
        if (!e->file || !e->argv) {
            rc = seam_err_set(err, SEAM_ENOMEM, "out of memory listing sources");
            break;
        }
        for (size_t k = 0; rc == 0 && k < we.we_wordc; k++)
            if (!(e->argv[e->argc++] = seam_strdup(we.we_wordv[k])))
                rc = seam_err_set(err, SEAM_ENOMEM, "out of memory listing sources");
        for (int k = 0; rc == 0 && k < w.nincdirs; k++)
            if (!(e->argv[e->argc++] = seam_printf("-I%s", w.incdirs[k])))
                rc = seam_err_set(err, SEAM_ENOMEM, "out of memory listing sources");
    }
    strv_free(w.sources, w.nsources);
    strv_free(w.incdirs, w.nincdirs);
    strmap_free(&w.seen, NULL);
    free(w.too_deep);
    if (o->cflags && *o->cflags)
        wordfree(&we);
    return rc;
}
