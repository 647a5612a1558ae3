/*
 * cochange.c - common closure from the git history (libgit2).
 *
 * "Classes that change together belong together" (Martin's Common Closure
 * Principle): modules that the same commits keep touching share a reason to
 * change, whatever the call graph says. The history is read with libgit2,
 * never by running git.
 *
 * Which commits: the newest opts->git_max_commits (default 2,000) reachable
 * from HEAD, in libgit2's topological-and-time order (deterministic for one
 * repository). Merge commits are skipped (their diff repeats their
 * branches' commits); a root commit is compared with the empty tree.
 * Commits changing more than opts->git_max_files files (default 50; all
 * files of the commit count, inside SRC or not) are ignored: reformatting,
 * renames, license headers and vendor drops say nothing about domains.
 *
 * Weight: a commit touching k >= 2 modules gives each of its k(k-1)/2 pairs
 * 1 / (k - 1), so that every module of the commit receives one unit in all,
 * however many others it changed with: a 2-module commit is strong evidence
 * for its pair, a 40-module one weak evidence for each of its pairs. The raw
 * cochange weight of a pair is the sum over commits.
 *
 * Silence: no repository around SRC (or a bare one, or an empty one), and
 * co-change is simply absent. A history cut short (a shallow clone, a
 * missing object) ends the walk there and keeps what was read. Only a
 * failure to allocate is an error.
 */
#include "decomposer_internal.h"
#include "sort.h"

#include <git2.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

/* SRC's path inside the work tree ("fixtures/shop/", or "" at the top) into *out, malloc'd;
 * NULL when SRC is outside it (or either path cannot be resolved). Returns 0 or SEAM_ENOMEM. */
static int src_prefix(git_repository *repo, const char *src, char **out)
{
    const char *wd = git_repository_workdir(repo);
    char *rs = realpath(src, NULL), *rw = wd ? realpath(wd, NULL) : NULL;
    int rc = SEAM_OK;
    *out = NULL;
    if (rs && rw) {
        size_t n = strlen(rw);
        int inside = 1;
        if (strcmp(rs, rw) == 0)
            *out = seam_strdup("");
        else if (strncmp(rs, rw, n) == 0 && rs[n] == '/')
            *out = seam_printf("%s/", rs + n + 1);
        else
            inside = 0;
        if (inside && !*out)
            rc = SEAM_ENOMEM;
    }
    free(rs);
    free(rw);
    return rc;
}

typedef struct walk_state {
    dc_graph *g;
    dc_kedges *out;
    const char *prefix;
    size_t prefix_len;
    size_t max_files; /* larger commits are ignored */
    int *mods;        /* modules touched by the current commit */
} walk_state;

/* Modules a diff touches, into st->mods; returns how many, or -1 when the commit is too big. */
static int touched_modules(walk_state *st, git_diff *diff)
{
    size_t n = git_diff_num_deltas(diff);
    if (n > st->max_files)
        return -1;
    int k = 0;
    for (size_t i = 0; i < n; i++) {
        const git_diff_delta *d = git_diff_get_delta(diff, i);
        const char *path = d->new_file.path ? d->new_file.path : d->old_file.path;
        if (!path || strncmp(path, st->prefix, st->prefix_len) != 0)
            continue;
        int f = seam_model_find_file(st->g->model, path + st->prefix_len);
        if (f >= 0)
            st->mods[k++] = st->g->file_module[f];
    }
    return seam_sort_unique_int(st->mods, k);
}

/* One commit: 1 when its pairs were added, 0 when skipped, -1 on a git error, SEAM_ENOMEM. */
static int read_commit(walk_state *st, git_repository *repo, const git_oid *oid)
{
    git_commit *c = NULL, *parent = NULL;
    git_tree *tree = NULL, *old = NULL;
    git_diff *diff = NULL;
    int result = -1;
    if (git_commit_lookup(&c, repo, oid) < 0)
        goto out;
    if (git_commit_parentcount(c) > 1) {
        result = 0;
        goto out;
    }
    if (git_commit_tree(&tree, c) < 0)
        goto out;
    if (git_commit_parentcount(c) == 1 &&
        (git_commit_parent(&parent, c, 0) < 0 || git_commit_tree(&old, parent) < 0))
        goto out;
    if (git_diff_tree_to_tree(&diff, repo, old, tree, NULL) < 0)
        goto out;
    int k = touched_modules(st, diff);
    result = 0;
    if (k < 2)
        goto out;
    result = 1;
    for (int a = 0; a < k && result == 1; a++)
        for (int b = a + 1; b < k; b++)
            if (dc_kedges_push(st->out, st->mods[a], st->mods[b], DECOMPOSER_COCHANGE,
                               1.0 / (k - 1))) {
                result = SEAM_ENOMEM;
                break;
            }
out:
    git_diff_free(diff);
    git_tree_free(old);
    git_tree_free(tree);
    git_commit_free(parent);
    git_commit_free(c);
    return result;
}

static int walk_history(walk_state *st, git_repository *repo)
{
    git_revwalk *walk = NULL;
    git_oid oid;
    int rc = SEAM_OK;
    if (git_revwalk_new(&walk, repo) < 0)
        return SEAM_OK;
    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME);
    if (git_revwalk_push_head(walk) == 0) {
        while (st->g->commits_read < st->g->opts->git_max_commits &&
               git_revwalk_next(&oid, walk) == 0) {
            int r = read_commit(st, repo, &oid);
            if (r == SEAM_ENOMEM) {
                rc = r;
                break;
            }
            if (r < 0)
                break; /* history cut short: keep what was read */
            st->g->commits_read++;
            st->g->commits_used += r;
        }
    }
    git_revwalk_free(walk);
    return rc;
}

/* Appends the kept history edges to out. */
static int copy_history(const dc_graph *g, dc_kedges *out)
{
    for (int i = 0; i < g->history.n; i++)
        if (dc_kedges_push(out, g->history.v[i].a, g->history.v[i].b, DECOMPOSER_COCHANGE,
                           g->history.v[i].raw))
            return SEAM_ENOMEM;
    return SEAM_OK;
}

static int read_history(dc_graph *g, seam_err *err);

int dc_cochange_edges(dc_graph *g, dc_kedges *out, seam_err *err)
{
    if (!g->history_read) {
        int rc = read_history(g, err);
        if (rc)
            return rc;
        g->history_read = 1;
    }
    if (copy_history(g, out))
        return seam_err_set(err, SEAM_ENOMEM, "decomposer: out of memory reading the git history");
    return SEAM_OK;
}

static int read_history(dc_graph *g, seam_err *err)
{
    dc_kedges *out = &g->history;
    const decomposer_options *o = g->opts;
    const char *where = o->git_dir ? o->git_dir : g->model->src_root;
    if (!o->git || !where || !*where || o->weights[DECOMPOSER_COCHANGE] <= 0 ||
        o->git_max_commits <= 0 || g->nmodules < 2)
        return SEAM_OK;
    git_libgit2_init();
    git_repository *repo = NULL;
    int rc = SEAM_OK;
    walk_state st = {g, out, NULL, 0, 0, NULL};
    if (git_repository_open_ext(&repo, where, 0, NULL) < 0 || git_repository_is_bare(repo) ||
        git_repository_is_empty(repo) == 1)
        goto out;
    char *prefix;
    if ((rc = src_prefix(repo, where, &prefix)) || !prefix)
        goto out;
    int max_files = o->git_max_files > 0 ? o->git_max_files : INT_MAX / 2;
    st.prefix = prefix;
    st.prefix_len = strlen(prefix);
    st.max_files = (size_t)max_files;
    st.mods = calloc((size_t)(max_files < g->model->nfiles ? max_files : g->model->nfiles) + 1,
                     sizeof *st.mods);
    if (!st.mods)
        rc = SEAM_ENOMEM;
    else
        rc = walk_history(&st, repo);
    free(st.mods);
    free(prefix);
out:
    git_repository_free(repo);
    git_libgit2_shutdown();
    if (rc)
        return seam_err_set(err, rc, "decomposer: out of memory reading the git history");
    return SEAM_OK;
}
