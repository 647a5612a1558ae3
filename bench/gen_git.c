/*
 * gen_git.c - a git history with realistic co-change, through the git CLI.
 *
 * The first commit imports the application; after it, most commits touch a
 * few modules of one domain (a module and the neighbours it calls), some touch
 * two domains, some a utility or the schema with a domain's code, and a few
 * are tree-wide refactors of more than 50 files. Older revisions of a file
 * are prefixes of its final text (the functions written so far, see gen_file
 * cuts) with a draft marker, so every commit really changes what it touches
 * and the last commit leaves the files exactly as they are on disk.
 *
 * The whole history goes through one `git fast-import` with fixed names,
 * e-mails and dates, so the commit ids depend on the options alone.
 */
#include "gen.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

enum { STREAM_GIT = 7 };

static const char *const authors[][2] = {
    {"Ada Moreau", "ada.moreau"},       {"Bilal Haddad", "bilal.haddad"},
    {"Chen Wei", "chen.wei"},           {"Dana Kowalski", "dana.kowalski"},
    {"Emeka Obi", "emeka.obi"},         {"Freya Lind", "freya.lind"},
    {"Gustavo Reis", "gustavo.reis"},   {"Hana Sato", "hana.sato"},
    {"Ivan Petrov", "ivan.petrov"},     {"Julia Brandt", "julia.brandt"},
    {"Kwame Mensah", "kwame.mensah"},   {"Lea Fischer", "lea.fischer"},
    {"Mateo Rossi", "mateo.rossi"},     {"Nadia Karimi", "nadia.karimi"},
    {"Oskar Nilsson", "oskar.nilsson"}, {"Priya Nair", "priya.nair"},
};
#define NAUTHORS (int)(sizeof authors / sizeof authors[0])

static const char *const actions[] = {
    "fix rounding in", "refactor",          "speed up",      "handle empty results in",
    "log failures in", "validate input of", "simplify",      "clean up",
    "add retries to",  "document",          "fix a leak in", "tighten checks in",
};
#define NACTIONS (int)(sizeof actions / sizeof actions[0])

static const char *const sweeps[] = {
    "tree-wide: reformat with clang-format",  "tree-wide: switch to the db_* helpers",
    "tree-wide: update file header comments", "tree-wide: fix -Wextra warnings",
    "tree-wide: rename logging calls",        "tree-wide: drop unused includes",
};
#define NSWEEPS (int)(sizeof sweeps / sizeof sweeps[0])

typedef struct commit {
    int *files, nfiles, cap;
    char msg[256];
    int author;
} commit;

typedef struct history {
    gen_plan *p;
    gen_rng rng;
    commit *commits;
    int ncommits;
    int *module_c, *module_h; /* module -> file index of its .c and .h */
    int *shared, nshared;     /* files of the shared library */
    int schema;               /* file index of schema.sql */
    int *git_files, ngit;     /* every committed file */
} history;

static int touch(commit *c, int file)
{
    if (file < 0)
        return 0;
    for (int i = 0; i < c->nfiles; i++)
        if (c->files[i] == file)
            return 0;
    if (c->nfiles == c->cap) {
        int cap = c->cap ? c->cap * 2 : 8;
        int *v = realloc(c->files, (size_t)cap * sizeof *v);
        if (!v)
            return SEAM_ENOMEM;
        c->files = v;
        c->cap = cap;
    }
    c->files[c->nfiles++] = file;
    return 0;
}

/* A module's .c, and its .h a third of the time (interfaces change less). */
static int touch_module(history *h, commit *c, int module)
{
    int rc = touch(c, h->module_c[module]);
    if (!rc && gen_rng_unit(&h->rng) < 0.35)
        rc = touch(c, h->module_h[module]);
    return rc;
}

static int pick_domain(history *h)
{
    /* Bigger domains see more work. */
    int n = gen_rng_below(&h->rng, h->p->nmodules);
    for (int d = 0; d < h->p->ndomains; d++) {
        n -= h->p->domains[d].nmodules;
        if (n < 0)
            return d;
    }
    return h->p->ndomains - 1;
}

static int pick_module(history *h, int d)
{
    const gen_domain *dom = &h->p->domains[d];
    /* Mostly plain modules; now and then the DB wrapper or the CLI. */
    if (gen_rng_unit(&h->rng) < 0.05)
        return dom->modules[gen_rng_below(&h->rng, 2)];
    return dom->modules[2 + gen_rng_below(&h->rng, dom->nmodules - 2)];
}

/* A module and up to `more` of the neighbours it calls: what one change drags along. */
static int touch_cluster(history *h, commit *c, int d, int more)
{
    int m = pick_module(h, d);
    int rc = touch_module(h, c, m);
    const gen_module *mod = &h->p->modules[m];
    for (int k = 0; k < more && !rc; k++) {
        if (mod->nnbrs > 0 && gen_rng_unit(&h->rng) < 0.7)
            rc = touch_module(h, c, mod->nbrs[gen_rng_below(&h->rng, mod->nnbrs)]);
        else
            rc = touch_module(h, c, pick_module(h, d));
    }
    return rc;
}

static const char *tail_name(const gen_plan *p, int m)
{
    return gen_module_tail(p, &p->modules[m]);
}

static int plan_commit(history *h, commit *c)
{
    gen_plan *p = h->p;
    gen_rng *r = &h->rng;
    double kind = gen_rng_unit(r);
    int d = pick_domain(h), rc = 0;
    const char *action = actions[gen_rng_below(r, NACTIONS)];
    const char *dname = p->domains[d].name;
    int lead = d % NAUTHORS, second = (d + 5) % NAUTHORS;
    double who = gen_rng_unit(r);
    c->author = who < 0.7 ? lead : who < 0.9 ? second : gen_rng_below(r, NAUTHORS);

    if (kind < 0.68 || p->ndomains < 2) {
        rc = touch_cluster(h, c, d, gen_rng_range(r, 0, 3));
        snprintf(c->msg, sizeof c->msg, "%s: %s %s", dname, action,
                 tail_name(p, p->files[c->files[0]].module));
    } else if (kind < 0.82) {
        int d2 = (d + 1 + gen_rng_below(r, p->ndomains - 1)) % p->ndomains;
        rc = touch_cluster(h, c, d, gen_rng_range(r, 0, 1));
        if (!rc)
            rc = touch_cluster(h, c, d2, gen_rng_range(r, 0, 1));
        snprintf(c->msg, sizeof c->msg, "%s, %s: %s the %s hand-off", dname, p->domains[d2].name,
                 action, tail_name(p, p->files[c->files[0]].module));
    } else if (kind < 0.87) {
        int u = h->shared[gen_rng_below(r, h->nshared)];
        rc = touch(c, u);
        if (!rc)
            rc = touch_cluster(h, c, d, gen_rng_range(r, 0, 2));
        const char *base = strrchr(p->files[u].path, '/');
        int blen = (int)strcspn(base + 1, ".");
        snprintf(c->msg, sizeof c->msg, "util/%.*s: %s the %s callers", blen, base + 1, action,
                 dname);
    } else if (kind < 0.92) {
        rc = touch(c, h->schema);
        if (!rc)
            rc = touch_cluster(h, c, d, gen_rng_range(r, 0, 1));
        snprintf(c->msg, sizeof c->msg, "%s: schema migration for %s", dname,
                 tail_name(p, p->files[c->files[1]].module));
    } else if (kind < 0.97) {
        /* Unrelated small fixes landing together. */
        int n = gen_rng_range(r, 2, 3);
        for (int k = 0; k < n && !rc; k++)
            rc = touch_module(h, c, pick_module(h, pick_domain(h)));
        snprintf(c->msg, sizeof c->msg, "fix warnings found by the nightly build");
    } else {
        int hi = h->ngit < 300 ? h->ngit : 300;
        int n = hi > 51 ? gen_rng_range(r, 51, hi) : hi;
        while (c->nfiles < n && !rc)
            rc = touch(c, h->git_files[gen_rng_below(r, h->ngit)]);
        snprintf(c->msg, sizeof c->msg, "%s", sweeps[gen_rng_below(r, NSWEEPS)]);
    }
    return rc;
}

static int history_plan(history *h, int ncommits)
{
    gen_plan *p = h->p;
    h->module_c = malloc((size_t)p->nmodules * sizeof *h->module_c);
    h->module_h = malloc((size_t)p->nmodules * sizeof *h->module_h);
    h->shared = malloc((size_t)p->nfiles * sizeof *h->shared);
    h->git_files = malloc((size_t)p->nfiles * sizeof *h->git_files);
    h->commits = calloc((size_t)ncommits, sizeof *h->commits);
    if (!h->module_c || !h->module_h || !h->shared || !h->git_files || !h->commits)
        return SEAM_ENOMEM;
    h->schema = -1;
    for (int i = 0; i < p->nfiles; i++) {
        const gen_file *f = &p->files[i];
        if (!f->in_git)
            continue;
        h->git_files[h->ngit++] = i;
        size_t len = strlen(f->path);
        if (f->module >= 0)
            (f->path[len - 1] == 'c' ? h->module_c : h->module_h)[f->module] = i;
        else if (f->owner == GEN_OWNER_SHARED)
            h->shared[h->nshared++] = i;
        else if (strcmp(f->path, "schema.sql") == 0)
            h->schema = i;
    }
    int rc = 0;
    commit *first = &h->commits[h->ncommits++];
    snprintf(first->msg, sizeof first->msg, "Import the application");
    for (int i = 0; i < h->ngit && !rc; i++)
        rc = touch(first, h->git_files[i]);
    while (h->ncommits < ncommits && !rc)
        rc = plan_commit(h, &h->commits[h->ncommits++]);
    for (int i = 0; i < h->ncommits; i++)
        for (int k = 0; k < h->commits[i].nfiles; k++)
            p->files[h->commits[i].files[k]].revs++;
    return rc;
}

static void history_free(history *h)
{
    for (int i = 0; i < h->ncommits; i++)
        free(h->commits[i].files);
    free(h->commits);
    free(h->module_c);
    free(h->module_h);
    free(h->shared);
    free(h->git_files);
}

/* Revision v (1-based) of f out of f->revs: see the comment at the top. */
static void put_revision(FILE *out, const gen_file *f, int v)
{
    if (v >= f->revs || f->ncuts == 0) {
        fprintf(out, "data %zu\n", f->text.len);
        fwrite(f->text.s, 1, f->text.len, out);
        fputc('\n', out);
        return;
    }
    int k = (int)(((long long)f->ncuts * v + f->revs - 1) / f->revs);
    if (k < 1)
        k = 1;
    size_t head = f->cuts[k - 1], tail = f->text.len - f->tail;
    char marker[64];
    const char *ext = strrchr(f->path, '.');
    int mlen;
    if (ext && (strcmp(ext, ".c") == 0 || strcmp(ext, ".h") == 0))
        mlen = snprintf(marker, sizeof marker, "/* draft r%d: more to come */\n", v);
    else if (ext && strcmp(ext, ".sql") == 0)
        mlen = snprintf(marker, sizeof marker, "-- draft r%d: more to come\n", v);
    else
        mlen = snprintf(marker, sizeof marker, "# draft r%d\n", v);
    fprintf(out, "data %zu\n", head + tail + (size_t)mlen);
    fwrite(f->text.s, 1, head, out);
    fwrite(f->text.s + f->tail, 1, tail, out);
    fwrite(marker, 1, (size_t)mlen, out);
    fputc('\n', out);
}

/* Runs git -C dir ARGS with a clean environment; *in_fd gets a pipe to its stdin when asked. */
static pid_t spawn_git(const char *dir, const char *const *args, int *in_fd)
{
    int fds[2] = {-1, -1};
    if (in_fd && pipe(fds) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        if (in_fd) {
            dup2(fds[0], STDIN_FILENO);
            close(fds[0]);
            close(fds[1]);
        }
        /* Nothing from the caller's git setup may leak into the generated repository. */
        unsetenv("GIT_DIR");
        unsetenv("GIT_WORK_TREE");
        unsetenv("GIT_INDEX_FILE");
        unsetenv("GIT_OBJECT_DIRECTORY");
        unsetenv("GIT_ALTERNATE_OBJECT_DIRECTORIES");
        setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
        setenv("GIT_CONFIG_GLOBAL", "/dev/null", 1);
        const char *argv[16] = {"git", "-C", dir};
        int n = 3;
        for (int i = 0; args[i] && n < 15; i++)
            argv[n++] = args[i];
        argv[n] = NULL;
        execvp("git", (char *const *)argv);
        _exit(127);
    }
    if (in_fd) {
        close(fds[0]);
        if (pid < 0)
            close(fds[1]);
        else
            *in_fd = fds[1];
    }
    return pid;
}

static int wait_git(pid_t pid, const char *what, seam_err *err)
{
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            return seam_err_set(err, SEAM_ERROR, "git %s: %s", what, strerror(errno));
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return seam_err_set(err, SEAM_ERROR, "git %s: cannot run git (is it installed?)", what);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return seam_err_set(err, SEAM_ERROR, "git %s failed (status %d)", what,
                            WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return 0;
}

static int run_git(const char *dir, const char *const *args, seam_err *err)
{
    pid_t pid = spawn_git(dir, args, NULL);
    if (pid < 0)
        return seam_err_set(err, SEAM_ERROR, "git %s: %s", args[0], strerror(errno));
    return wait_git(pid, args[0], err);
}

static int write_stream(history *h, FILE *out)
{
    gen_plan *p = h->p;
    int *seen = calloc((size_t)p->nfiles, sizeof *seen);
    if (!seen)
        return SEAM_ENOMEM;
    long long when = 1420070400; /* 2015-01-01 00:00:00 UTC */
    for (int i = 0; i < h->ncommits; i++) {
        const commit *c = &h->commits[i];
        const char *const *a = authors[c->author];
        fprintf(out, "commit refs/heads/main\nmark :%d\n", i + 1);
        fprintf(out, "author %s <%s@example.com> %lld +0000\n", a[0], a[1], when);
        fprintf(out, "committer %s <%s@example.com> %lld +0000\n", a[0], a[1], when);
        fprintf(out, "data %zu\n%s\n", strlen(c->msg), c->msg);
        for (int k = 0; k < c->nfiles; k++) {
            const gen_file *f = &p->files[c->files[k]];
            fprintf(out, "M 100644 inline %s\n", f->path);
            put_revision(out, f, ++seen[c->files[k]]);
        }
        fputc('\n', out);
        /* Half an hour to two days between commits. */
        when += 1800 + (long long)(gen_rng_next(&h->rng) % 172800);
    }
    free(seen);
    return ferror(out) ? SEAM_EIO : 0;
}

int gen_git_write(gen_plan *p, seam_err *err)
{
    const char *dir = p->opts->out_dir;
    history h = {.p = p};
    gen_rng_seed(&h.rng, p->opts->seed, STREAM_GIT);
    int rc = history_plan(&h, p->opts->commits);
    if (rc) {
        history_free(&h);
        return seam_err_set(err, rc, "out of memory while planning the history");
    }
    const char *init[] = {"init", "-q", "-b", "main", NULL};
    rc = run_git(dir, init, err);
    if (!rc) {
        const char *import[] = {"fast-import", "--quiet", NULL};
        int fd = -1;
        pid_t pid = spawn_git(dir, import, &fd);
        if (pid < 0) {
            rc = seam_err_set(err, SEAM_ERROR, "git fast-import: %s", strerror(errno));
        } else {
            /* A dead fast-import must show up as a write error, not kill us. */
            void (*old)(int) = signal(SIGPIPE, SIG_IGN);
            FILE *out = fdopen(fd, "w");
            int wrc = out ? write_stream(&h, out) : SEAM_ENOMEM;
            if (out ? fclose(out) != 0 : close(fd) != 0)
                wrc = wrc ? wrc : SEAM_EIO;
            rc = wait_git(pid, "fast-import", err);
            signal(SIGPIPE, old);
            if (!rc && wrc)
                rc = seam_err_set(err, wrc, "cannot feed git fast-import in '%s'", dir);
        }
    }
    if (!rc) {
        /* The index from HEAD: the work tree (already on disk) is then clean. */
        const char *reset[] = {"reset", "-q", NULL};
        rc = run_git(dir, reset, err);
    }
    history_free(&h);
    return rc;
}
