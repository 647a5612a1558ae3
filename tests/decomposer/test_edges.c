/*
 * Each edge kind moves a module when it should (two_domains.h): x.c is tied
 * to domains A and B by one call each; one kind of evidence toward B must
 * put it with B, the same evidence toward A with A. Switching the kind off
 * (factor 0) must make the evidence irrelevant again.
 */
#include <math.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "decomposer.h"
#include "two_domains.h"

enum { TOWARD_A, TOWARD_B };

static void add_func_ref(seam_model *m, const char *holder, const char *file, const char *target,
                         int count)
{
    m->func_refs = synth_grow(m->func_refs, m->nfunc_refs, sizeof *m->func_refs);
    seam_func_ref *r = &m->func_refs[m->nfunc_refs++];
    r->function = holder ? synth_find_fn(m, holder) : -1;
    r->file = seam_model_find_file(m, file);
    r->target = synth_find_fn(m, target);
    r->count = count;
}

static void add_global(seam_model *m, const char *name, const char *file)
{
    m->globals = synth_grow(m->globals, m->nglobals, sizeof *m->globals);
    seam_global *g = &m->globals[m->nglobals++];
    synth_need((g->name = seam_strdup(name)) != NULL);
    synth_need((g->usr = seam_printf("c:@%s", name)) != NULL);
    g->file = seam_model_find_file(m, file);
    g->line = 1;
}

static void add_global_use(seam_model *m, const char *fn, int global, int access)
{
    m->global_uses = synth_grow(m->global_uses, m->nglobal_uses, sizeof *m->global_uses);
    seam_global_use *u = &m->global_uses[m->nglobal_uses++];
    u->function = synth_find_fn(m, fn);
    u->global = global;
    u->access = access;
}

static void add_type(seam_model *m, const char *name, const char *file)
{
    m->types = synth_grow(m->types, m->ntypes, sizeof *m->types);
    seam_type *t = &m->types[m->ntypes++];
    synth_need((t->name = seam_strdup(name)) != NULL);
    synth_need((t->usr = seam_printf("c:@S@%s", name)) != NULL);
    synth_need((t->kind = seam_strdup("struct")) != NULL);
    t->file = seam_model_find_file(m, file);
    t->line = 1;
}

static void add_type_use(seam_model *m, const char *fn, int type)
{
    m->type_uses = synth_grow(m->type_uses, m->ntype_uses, sizeof *m->type_uses);
    m->type_uses[m->ntype_uses].function = synth_find_fn(m, fn);
    m->type_uses[m->ntype_uses].type = type;
    m->ntype_uses++;
}

/* Writes path (relative to dir) with some text. */
static void put_file(const char *dir, const char *path, const char *text)
{
    char *full = seam_printf("%s/%s", dir, path);
    FILE *f = fopen(full, "w");
    synth_need(f != NULL);
    fputs(text, f);
    fclose(f);
    free(full);
}

static int git(const char *dir, const char *args)
{
    char *cmd =
        seam_printf("cd '%s' && git -c user.name=t -c user.email=t@t -c init.defaultBranch=main "
                    "-c commit.gpgsign=false %s >/dev/null 2>&1",
                    dir, args);
    int rc = system(cmd);
    free(cmd);
    return rc;
}

/*
 * A repository holding the model's files: one commit adding them all, then
 * three commits each changing x.c together with the two files of one side.
 */
static char *cochange_repo(const seam_model *m, int toward)
{
    char tmpl[] = "/tmp/seam-test-cochange-XXXXXX";
    char *dir = mkdtemp(tmpl);
    synth_need(dir != NULL);
    dir = seam_strdup(dir);
    for (int i = 0; i < m->nfiles; i++)
        put_file(dir, m->files[i].path, "/* v1 */\n");
    if (git(dir, "init -q") || git(dir, "add -A") || git(dir, "commit -q -m initial")) {
        free(dir);
        return NULL;
    }
    const char *side[2][2] = {{"a1.c", "a2.c"}, {"b1.c", "b2.c"}};
    for (int k = 0; k < 3; k++) {
        char text[32];
        snprintf(text, sizeof text, "/* v%d */\n", k + 2);
        put_file(dir, "x.c", text);
        put_file(dir, side[toward][0], text);
        put_file(dir, side[toward][1], text);
        if (git(dir, "commit -q -a -m change")) {
            free(dir);
            return NULL;
        }
    }
    return dir;
}

static void remove_tree(const char *dir)
{
    char *cmd = seam_printf("rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    free(cmd);
}

/* Adds evidence of one kind between x and side A or B. Returns a repository to remove, or
 * NULL. */
static char *add_evidence(seam_model *m, int kind, int toward)
{
    const char *dom = toward == TOWARD_B ? "beta" : "alpha";
    const char *t = toward == TOWARD_B ? "tb" : "ta";
    char list[32], open[32];
    snprintf(list, sizeof list, "%s_list", dom);
    snprintf(open, sizeof open, "%s_open", dom);
    switch (kind) {
    case DECOMPOSER_CALL:
        /* Into the module x already calls: a third callee would make x an entry point. */
        synth_call(m, "x_step", open, 3);
        break;
    case DECOMPOSER_REF:
        /* A reference is a use like a call: a third module used would make x an entry point. */
        add_func_ref(m, "x_step", "x.c", open, 2);
        break;
    case DECOMPOSER_GLOBAL:
        add_global(m, toward == TOWARD_B ? "g_beta" : "g_alpha",
                   toward == TOWARD_B ? "b1.c" : "a1.c");
        add_global_use(m, open, 0, SEAM_WRITE);
        add_global_use(m, "x_step", 0, SEAM_WRITE);
        break;
    case DECOMPOSER_TYPE:
        add_type(m, "rec", toward == TOWARD_B ? "b1.h" : "a1.c");
        add_type_use(m, open, 0);
        add_type_use(m, "x_step", 0);
        break;
    case DECOMPOSER_ACCESS: {
        char sql[64];
        snprintf(sql, sizeof sql, "UPDATE %s SET v = 1", t);
        synth_sql(m, "x_step", sql, t, SEAM_WRITE, NULL);
        synth_sql(m, "x_step", sql, t, SEAM_WRITE, NULL);
        break;
    }
    case DECOMPOSER_FK:
    case DECOMPOSER_IMPLIED_FK: {
        /* x owns tx; tx references the side's table, declared or only joined on. */
        synth_sql(m, "x_step", "INSERT INTO tx VALUES (1)", "tx", SEAM_WRITE, NULL);
        synth_sql(m, "x_step", "UPDATE tx SET v = 2", "tx", SEAM_WRITE, NULL);
        synth_table(m, "ta");
        synth_table(m, "tb");
        synth_table(m, "tx");
        if (kind == DECOMPOSER_FK) {
            synth_fk(m, "fk_tx", "tx", "ref_id", t, "id");
        } else {
            /* The join sits in the shared library: its own table access does not count. */
            char sql[96];
            snprintf(sql, sizeof sql, "SELECT * FROM tx JOIN %s s ON s.id = tx.ref_id", t);
            synth_sql(m, "util_query", sql, "tx", SEAM_READ, t, SEAM_READ, NULL);
        }
        break;
    }
    case DECOMPOSER_NAMING:
        synth_fn(m, "x.c", toward == TOWARD_B ? "beta_x_parse" : "alpha_x_parse");
        synth_fn(m, "x.c", toward == TOWARD_B ? "beta_x_format" : "alpha_x_format");
        break;
    case DECOMPOSER_COCHANGE:
        return cochange_repo(m, toward);
    case DECOMPOSER_COMPONENT: {
        /* the build puts x in the side's component (a directory with its own build file) */
        const char *const *files = toward == TOWARD_B
                                       ? (const char *const[]){"b1.c", "b1.h", "b2.c", "b3.c",
                                                               "x.c", NULL}
                                       : (const char *const[]){"a1.c", "a2.c", "a3.c", "x.c",
                                                               NULL};
        m->components = calloc(1, sizeof *m->components);
        seam_component *c = m->components;
        c->name = seam_strdup(dom);
        c->kind = seam_strdup("directory");
        c->build_file = seam_printf("%s/Makefile.am", dom);
        for (int i = 0; files[i]; i++) {
            c->files = realloc(c->files, (size_t)(c->nfiles + 1) * sizeof *c->files);
            c->files[c->nfiles++] = seam_strdup(files[i]);
        }
        m->ncomponents = 1;
        break;
    }
    }
    return NULL;
}

/* Runs the decomposer with one kind's factor (the default, or 0) and returns x's side. */
static int side_of_x(int kind, int toward, int switched_off)
{
    seam_model m;
    seam_err err;
    two_domains(&m);
    char *repo = add_evidence(&m, kind, toward);
    if (kind == DECOMPOSER_COCHANGE) {
        if (!repo) {
            seam_model_free(&m);
            return -2; /* no git */
        }
        m.src_root = seam_strdup(repo);
    }
    decomposer_options o;
    decomposer_options_init(&o);
    if (switched_off)
        o.weights[kind] = 0;
    int rc = decomposer_run(&m, &o, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "%s: %s\n", decomposer_kind_name(kind), err.msg);
    const seam_service *x = synth_service_of(&m, "x.c");
    int side = x == synth_service_of(&m, "a1.c")   ? TOWARD_A
               : x == synth_service_of(&m, "b1.c") ? TOWARD_B
                                                   : -1;
    /* The domains themselves never mix. */
    CHECK(synth_service_of(&m, "a1.c") != synth_service_of(&m, "b1.c"));
    CHECK(synth_service_of(&m, "a2.c") == synth_service_of(&m, "a1.c"));
    CHECK(synth_service_of(&m, "b3.c") == synth_service_of(&m, "b1.c"));
    if (kind == DECOMPOSER_COCHANGE) {
        /* Switched off, the history is not even read. */
        CHECK_INT(m.metrics.commits_read, switched_off ? 0 : 4);
        CHECK_INT(m.metrics.commits_used, switched_off ? 0 : 4);
    }
    if (repo) {
        remove_tree(repo);
        free(repo);
    }
    seam_model_free(&m);
    return side;
}

/* x's side after decomposing m (which is freed). */
static int side_after_run(seam_model *m)
{
    seam_err err;
    int rc = decomposer_run(m, NULL, &err);
    CHECK_INT(rc, 0);
    if (rc)
        fprintf(stderr, "decomposer_run: %s\n", err.msg);
    const seam_service *x = synth_service_of(m, "x.c");
    int side = !x                                 ? -1
               : x == synth_service_of(m, "a1.c") ? TOWARD_A
               : x == synth_service_of(m, "b1.c") ? TOWARD_B
                                                  : -1;
    CHECK(synth_service_of(m, "a1.c") != synth_service_of(m, "b1.c"));
    seam_model_free(m);
    return side;
}

/*
 * Writes weigh more than reads (access raw log2(1 + 2w + r)): x, tied to A and B by one
 * call each, reads one side's table once and writes the other's once. A read gives
 * log2(2) = 1, a write log2(3) = 1.58: x goes where it writes, both ways round.
 */
static void test_writes_outweigh_reads(void)
{
    seam_model m;
    two_domains(&m);
    synth_sql(&m, "x_step", "SELECT * FROM ta", "ta", SEAM_READ, NULL);
    synth_sql(&m, "x_step", "UPDATE tb SET v = 1", "tb", SEAM_WRITE, NULL);
    CHECK_INT(side_after_run(&m), TOWARD_B);
    two_domains(&m);
    synth_sql(&m, "x_step", "SELECT * FROM tb", "tb", SEAM_READ, NULL);
    synth_sql(&m, "x_step", "UPDATE ta SET v = 1", "ta", SEAM_WRITE, NULL);
    CHECK_INT(side_after_run(&m), TOWARD_A);
}

/* The mean raw access weight of two_domains plus x reading ta and tb, the tb read run
 * calls times in production, and the number of access edges. */
static double access_mean_raw(long long calls, int *edges)
{
    seam_model m;
    seam_err err;
    two_domains(&m);
    synth_sql(&m, "x_step", "SELECT * FROM ta WHERE k = 1", "ta", SEAM_READ, NULL);
    int rb = synth_sql(&m, "x_step", "SELECT * FROM tb WHERE k = 1", "tb", SEAM_READ, NULL);
    m.sql_sites[rb].calls = calls;
    m.sql_sites[rb].stats_matched = calls > 0;
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    *edges = m.edge_kinds[DECOMPOSER_ACCESS].edges;
    double raw = m.edge_kinds[DECOMPOSER_ACCESS].mean_raw;
    seam_model_free(&m);
    return raw;
}

/*
 * Production calls weigh access edges by 1 + log10(1 + calls): x reads ta once and tb once,
 * a tie; the read production ran 9,999 times (factor 5) takes x to its side, both ways
 * round. The x-tb read run 9 times weighs log2(2) * 2 = 2 instead of 1: the mean raw
 * weight grows by exactly 1 / edges, and with 0 calls it is the unweighted one.
 */
static void test_production_weighs_access(void)
{
    for (int toward = TOWARD_A; toward <= TOWARD_B; toward++) {
        seam_model m;
        two_domains(&m);
        int ra = synth_sql(&m, "x_step", "SELECT * FROM ta WHERE k = 1", "ta", SEAM_READ, NULL);
        int rb = synth_sql(&m, "x_step", "SELECT * FROM tb WHERE k = 1", "tb", SEAM_READ, NULL);
        seam_sql_site *hot = &m.sql_sites[toward == TOWARD_A ? ra : rb];
        hot->calls = 9999;
        hot->stats_matched = 1;
        CHECK_INT(side_after_run(&m), toward);
    }
    int e0, e9;
    double m0 = access_mean_raw(0, &e0), m9 = access_mean_raw(9, &e9);
    CHECK_INT(e0, e9);
    CHECK(e0 > 0 && fabs(m9 - m0 - 1.0 / e0) < 1e-12);
    /* Without calls: a1/b1 write (log2 3), a2/b2 read (1), x reads both (1, 1). */
    CHECK(fabs(m0 - (2 * log2(3.0) + 4.0) / 6.0) < 1e-12);
    CHECK_INT(e0, 6);
}

/* The raw value of the one global edge of two_domains plus a global defined in b1.c that
 * x_step accesses (read or write), and how many global edges there were. */
static double one_global_raw(int access, int *edges)
{
    seam_model m;
    seam_err err;
    two_domains(&m);
    add_global(&m, "g_beta", "b1.c");
    add_global_use(&m, "x_step", 0, access);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    *edges = m.edge_kinds[DECOMPOSER_GLOBAL].edges;
    double raw = m.edge_kinds[DECOMPOSER_GLOBAL].mean_raw;
    seam_model_free(&m);
    return raw;
}

/*
 * Types are weak: factor 0.25 by default, and reported so. Globals: a defining module and
 * a reader give log2(1 + 1) = 1, a defining module and another writer log2(1 + 2) = 1.58;
 * with one of each around x, the writers' tie wins, both ways round.
 */
static void test_type_and_global_weights(void)
{
    decomposer_options o;
    decomposer_options_init(&o);
    CHECK(o.weights[DECOMPOSER_TYPE] == 0.25);
    seam_model m;
    seam_err err;
    two_domains(&m);
    add_evidence(&m, DECOMPOSER_TYPE, TOWARD_B);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    CHECK(m.edge_kinds[DECOMPOSER_TYPE].factor == 0.25);
    CHECK_INT(m.edge_kinds[DECOMPOSER_TYPE].edges, 1);
    /* Its one edge weighs the factor: raw / mean raw = 1, times 0.25. */
    const seam_module *x = NULL;
    for (int i = 0; i < m.nmodules; i++)
        if (strcmp(m.modules[i].name, "x.c") == 0)
            x = &m.modules[i];
    CHECK(x && x->nwhy >= 1 && strstr(x->why[0].kinds, "type 0.25"));
    seam_model_free(&m);

    int edges = 0;
    double read = one_global_raw(SEAM_READ, &edges);
    CHECK_INT(edges, 1);
    double write = one_global_raw(SEAM_WRITE, &edges);
    CHECK_INT(edges, 1);
    CHECK(fabs(read - 1.0) < 1e-12);
    CHECK(fabs(write - log2(3.0)) < 1e-12);
    CHECK(read < write);

    for (int toward = TOWARD_A; toward <= TOWARD_B; toward++) {
        two_domains(&m);
        /* g_w: defined on the side x should follow, written by x. g_r: defined on the
         * other side, only read by x. */
        add_global(&m, "g_w", toward == TOWARD_B ? "b1.c" : "a1.c");
        add_global(&m, "g_r", toward == TOWARD_B ? "a1.c" : "b1.c");
        add_global_use(&m, "x_step", 0, SEAM_WRITE);
        add_global_use(&m, "x_step", 1, SEAM_READ);
        CHECK_INT(side_after_run(&m), toward);
    }
}

/*
 * The library rule is "used by at least half of the others AND writes no table": lib.c
 * (logging and string helpers, reading a config table) is used by 6 of 8 others and set
 * aside; audit.c is used as widely but writes the audit table, which a service must own:
 * it stays a service module; a4.c holds no table and is used by one module of its
 * domain: it stays in that domain (the literal "or holding no domain data" would set it
 * aside, docs/decomposition.md).
 */
static void test_library_rule(void)
{
    seam_model m;
    seam_err err;
    seam_model_init(&m);
    const char *files[] = {"a1.c", "a2.c", "a3.c", "a4.c", "audit.c",
                           "b1.c", "b2.c", "b3.c", "lib.c"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        synth_file(&m, files[i]);
    const char *fns[][2] = {{"a1.c", "alpha_open"},      {"a2.c", "alpha_list"},
                            {"a3.c", "alpha_close"},     {"a4.c", "alpha_fmt"},
                            {"audit.c", "audit_record"}, {"b1.c", "beta_open"},
                            {"b2.c", "beta_list"},       {"b3.c", "beta_close"},
                            {"lib.c", "util_log"},       {"lib.c", "util_str"}};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        synth_fn(&m, fns[i][0], fns[i][1]);
    const char *dom[] = {"alpha_open", "alpha_list", "alpha_close",
                         "beta_open",  "beta_list",  "beta_close"};
    for (int i = 0; i < 6; i++) {
        synth_call(&m, dom[i], dom[i / 3 * 3 + (i + 1) % 3], 3); /* the cycle of its domain */
        synth_call(&m, dom[i], "util_log", 1);
        synth_call(&m, dom[i], "audit_record", 1);
    }
    synth_call(&m, "alpha_list", "alpha_fmt", 1);
    synth_sql(&m, "alpha_open", "INSERT INTO ta VALUES (1)", "ta", SEAM_WRITE, NULL);
    synth_sql(&m, "beta_open", "INSERT INTO tb VALUES (1)", "tb", SEAM_WRITE, NULL);
    synth_sql(&m, "audit_record", "INSERT INTO audit VALUES (1)", "audit", SEAM_WRITE, NULL);
    synth_sql(&m, "util_str", "SELECT v FROM config", "config", SEAM_READ, NULL);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);

    const seam_service *lib = synth_service_of(&m, "lib.c");
    CHECK(lib && lib->kind == SEAM_SERVICE_KIND_SHARED_LIBRARY);
    CHECK(lib && lib->reason &&
          strstr(lib->reason, "lib.c: called from 6 of 8 other modules, calls 0 that are no library, writes no table"));
    const seam_service *audit = synth_service_of(&m, "audit.c");
    CHECK(audit && audit->kind == SEAM_SERVICE_KIND_SERVICE);
    const seam_service *a4 = synth_service_of(&m, "a4.c");
    CHECK(a4 && a4->kind == SEAM_SERVICE_KIND_SERVICE);
    CHECK(a4 == synth_service_of(&m, "a1.c"));
    for (int i = 0; i < m.nmodules; i++) {
        const seam_module *mod = &m.modules[i];
        if (strcmp(mod->name, "lib.c") == 0)
            CHECK(mod->reason != NULL);
        else
            CHECK(mod->reason == NULL); /* nothing else was set aside */
    }
    seam_model_free(&m);
}

/* What one co-change run with given history options saw, and where x went. */
typedef struct cochange_run {
    int rc;
    int side; /* TOWARD_A, TOWARD_B, or -1 (x alone or shared) */
    int commits_read, commits_used;
    int cochange_edges;
} cochange_run;

/*
 * two_domains with cochange_repo(toward) as SRC, run with o as given (only src_root is
 * set here). The repository holds 4 commits: the initial one adding all 9 files, then 3
 * each changing exactly 3 files (x.c and the two files of one side). Returns 0, or -1
 * when git could not build the repository.
 */
static int run_cochange(int toward, const decomposer_options *o, cochange_run *out)
{
    seam_model m;
    seam_err err;
    two_domains(&m);
    char *repo = cochange_repo(&m, toward);
    if (!repo) {
        seam_model_free(&m);
        return -1;
    }
    m.src_root = seam_strdup(repo);
    memset(out, 0, sizeof *out);
    out->rc = decomposer_run(&m, o, &err);
    if (out->rc)
        fprintf(stderr, "decomposer_run: %s\n", err.msg);
    const seam_service *x = synth_service_of(&m, "x.c");
    out->side = !x                                  ? -1
                : x == synth_service_of(&m, "a1.c") ? TOWARD_A
                : x == synth_service_of(&m, "b1.c") ? TOWARD_B
                                                    : -1;
    out->commits_read = m.metrics.commits_read;
    out->commits_used = m.metrics.commits_used;
    out->cochange_edges =
        m.nedge_kinds == DECOMPOSER_NKINDS ? m.edge_kinds[DECOMPOSER_COCHANGE].edges : -1;
    remove_tree(repo);
    free(repo);
    seam_model_free(&m);
    return 0;
}

/*
 * Runs with o on histories pointing both ways, where o leaves co-change nothing to use:
 * each run succeeds, reads commits_read commits, uses none, adds no co-change edge, and
 * x lands on the same side either way (it no longer follows the history).
 */
static void check_no_cochange(const decomposer_options *o, int commits_read)
{
    cochange_run a, b;
    CHECK_INT(run_cochange(TOWARD_B, o, &b), 0);
    CHECK_INT(run_cochange(TOWARD_A, o, &a), 0);
    const cochange_run *runs[] = {&b, &a};
    for (int i = 0; i < 2; i++) {
        CHECK_INT(runs[i]->rc, 0);
        CHECK_INT(runs[i]->commits_read, commits_read);
        CHECK_INT(runs[i]->commits_used, 0);
        CHECK_INT(runs[i]->cochange_edges, 0);
    }
    CHECK(b.side == TOWARD_A || b.side == TOWARD_B);
    CHECK_INT(a.side, b.side);
}

/*
 * The history limits: git_max_commits stops the walk, git_max_files drops big commits
 * (more than the limit; exactly the limit is kept), git = 0 reads nothing. Without
 * co-change x is at its tie again and lands on the same side whichever way the history
 * pointed.
 */
static void test_cochange_limits(void)
{
    decomposer_options o;
    decomposer_options_init(&o);
    /* The documented defaults (decomposer.h, docs/decomposition.md). */
    CHECK(o.git != 0);
    CHECK(o.git_dir == NULL);
    CHECK_INT(o.git_max_commits, 2000);
    CHECK_INT(o.git_max_files, 50);

    cochange_run a, b;
    if (run_cochange(TOWARD_B, &o, &b)) {
        printf("cochange limits: skipped (git could not build a repository)\n");
        return;
    }
    /* Defaults: all 4 read; the initial commit (8 modules) and the 3 changes are used. */
    CHECK_INT(b.rc, 0);
    CHECK_INT(b.commits_read, 4);
    CHECK_INT(b.commits_used, 4);
    CHECK_INT(b.side, TOWARD_B);

    /* The newest 2 only: both are 3-module changes toward B, so both are used. */
    o.git_max_commits = 2;
    CHECK_INT(run_cochange(TOWARD_B, &o, &b), 0);
    CHECK_INT(b.rc, 0);
    CHECK_INT(b.commits_read, 2);
    CHECK_INT(b.commits_used, 2);
    o.git_max_commits = 1;
    CHECK_INT(run_cochange(TOWARD_B, &o, &b), 0);
    CHECK_INT(b.commits_read, 1);
    CHECK_INT(b.commits_used, 1);
    decomposer_options_init(&o);

    /* 3 files per change is the limit: kept; the initial 9-file commit is not. */
    o.git_max_files = 3;
    CHECK_INT(run_cochange(TOWARD_B, &o, &b), 0);
    CHECK_INT(b.commits_read, 4);
    CHECK_INT(b.commits_used, 3);
    CHECK_INT(b.side, TOWARD_B);
    CHECK_INT(run_cochange(TOWARD_A, &o, &a), 0);
    CHECK_INT(a.side, TOWARD_A);

    /* 2 files: every commit is too big. Read (they count), used none, no edges. */
    o.git_max_files = 2;
    check_no_cochange(&o, 4);
    decomposer_options_init(&o);

    /* --no-git: the repository is there, nothing is read. */
    o.git = 0;
    check_no_cochange(&o, 0);
}

/* Whether dir is inside some git work tree (then "outside a repository" cannot be tested). */
static int inside_git(const char *dir)
{
    char *cmd = seam_printf("git -C '%s' rev-parse --git-dir >/dev/null 2>&1", dir);
    int rc = system(cmd);
    free(cmd);
    return rc == 0;
}

/*
 * SRC in no repository: co-change is silently absent. Success, no commits, and not a
 * byte on stderr (stderr is pointed at a file around the run).
 */
static void test_cochange_outside_repository(void)
{
    char tmpl[] = "/tmp/seam-test-norepo-XXXXXX";
    char *dir = mkdtemp(tmpl);
    CHECK(dir != NULL);
    if (!dir)
        return;
    if (inside_git(dir)) {
        printf("outside a repository: skipped (%s is inside a git work tree)\n", dir);
        rmdir(dir);
        return;
    }
    seam_model m;
    seam_err err;
    two_domains(&m);
    for (int i = 0; i < m.nfiles; i++)
        put_file(dir, m.files[i].path, "/* v1 */\n");
    m.src_root = seam_strdup(dir);
    char *log = seam_printf("%s.stderr", dir);
    fflush(stderr);
    int saved = dup(2);
    FILE *f = fopen(log, "w");
    CHECK(saved >= 0 && f != NULL);
    if (saved < 0 || !f) {
        if (f)
            fclose(f);
        seam_model_free(&m);
        free(log);
        remove_tree(dir);
        return;
    }
    dup2(fileno(f), 2);
    int rc = decomposer_run(&m, NULL, &err);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    struct stat st;
    long size = fstat(fileno(f), &st) == 0 ? (long)st.st_size : -1;
    fclose(f);
    CHECK_INT(rc, 0);
    CHECK_INT(m.metrics.commits_read, 0);
    CHECK_INT(m.metrics.commits_used, 0);
    CHECK_INT(m.edge_kinds[DECOMPOSER_COCHANGE].edges, 0);
    CHECK_INT(size, 0);
    CHECK(m.nservices >= 2); /* the rest of the decomposition ran */
    unlink(log);
    free(log);
    remove_tree(dir);
    seam_model_free(&m);
}

static void test_each_kind_moves_x(void)
{
    for (int kind = 0; kind < DECOMPOSER_NKINDS; kind++) {
        int b = side_of_x(kind, TOWARD_B, 0);
        if (b == -2) {
            printf("%s: skipped (git could not build a repository)\n", decomposer_kind_name(kind));
            continue;
        }
        int a = side_of_x(kind, TOWARD_A, 0);
        CHECK_INT(b, TOWARD_B);
        CHECK_INT(a, TOWARD_A);
        if (b != TOWARD_B || a != TOWARD_A)
            fprintf(stderr, "  kind %s: x went to %d / %d\n", decomposer_kind_name(kind), b, a);
        /* Off, the same evidence cannot pull x both ways: it lands on one side for both. */
        int b_off = side_of_x(kind, TOWARD_B, 1), a_off = side_of_x(kind, TOWARD_A, 1);
        if (kind != DECOMPOSER_ACCESS) /* x's own table access is also what ownership reads */
            CHECK_INT(b_off, a_off);
        if (b_off != a_off && kind != DECOMPOSER_ACCESS)
            fprintf(stderr, "  kind %s off: x went to %d / %d\n", decomposer_kind_name(kind), b_off,
                    a_off);
    }
}

/* The edge kinds are reported as used: factors, and how many edges each gave. */
static void test_edge_kinds_reported(void)
{
    seam_model m;
    seam_err err;
    two_domains(&m);
    add_evidence(&m, DECOMPOSER_NAMING, TOWARD_B);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    CHECK_INT(m.nedge_kinds, DECOMPOSER_NKINDS);
    for (int k = 0; k < m.nedge_kinds; k++)
        CHECK_STR(m.edge_kinds[k].kind, decomposer_kind_name(k));
    /* Calls between non-shared modules: a1-a2, a2-a3, a3-a1, the same for b, x-a1, x-b1. */
    CHECK_INT(m.edge_kinds[DECOMPOSER_CALL].edges, 8);
    CHECK(m.edge_kinds[DECOMPOSER_CALL].factor == 1.0);
    CHECK(m.edge_kinds[DECOMPOSER_FK].factor == 0.5);
    /* alpha: 3 pairs, beta with x: 6 pairs. */
    CHECK_INT(m.edge_kinds[DECOMPOSER_NAMING].edges, 9);
    CHECK_INT(m.edge_kinds[DECOMPOSER_COCHANGE].edges, 0);
    seam_model_free(&m);
}

/*
 * The spread rule: clock.c is used by one module of each of four domains, a third of the
 * modules (too few for the "half" rule), writes nothing and uses nothing: after the first
 * clustering it is set aside, and the domains come out clean.
 */
static void test_spread_utility(void)
{
    seam_model m;
    seam_err err;
    seam_model_init(&m);
    const char *dom[] = {"ant", "bee", "cow", "doe"};
    char path[32], fn[32], prev[32];
    synth_file(&m, "ant1.c");
    synth_file(&m, "ant2.c");
    synth_file(&m, "ant3.c");
    synth_file(&m, "bee1.c");
    synth_file(&m, "bee2.c");
    synth_file(&m, "bee3.c");
    synth_file(&m, "clock.c");
    synth_file(&m, "cow1.c");
    synth_file(&m, "cow2.c");
    synth_file(&m, "cow3.c");
    synth_file(&m, "doe1.c");
    synth_file(&m, "doe2.c");
    synth_file(&m, "doe3.c");
    synth_fn(&m, "clock.c", "clock_now");
    for (int d = 0; d < 4; d++)
        for (int k = 1; k <= 3; k++) {
            snprintf(path, sizeof path, "%s%d.c", dom[d], k);
            snprintf(fn, sizeof fn, "%s_f%d", dom[d], k);
            synth_fn(&m, path, fn);
        }
    for (int d = 0; d < 4; d++) {
        for (int k = 1; k <= 3; k++) {
            snprintf(fn, sizeof fn, "%s_f%d", dom[d], k);
            snprintf(prev, sizeof prev, "%s_f%d", dom[d], k % 3 + 1);
            synth_call(&m, fn, prev, 2);
        }
        snprintf(fn, sizeof fn, "%s_f1", dom[d]);
        synth_call(&m, fn, "clock_now", 1);
        char sql[64], table[16];
        snprintf(table, sizeof table, "t_%s", dom[d]);
        snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (1)", table);
        synth_sql(&m, fn, sql, table, SEAM_WRITE, NULL);
    }
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    const seam_service *c = synth_service_of(&m, "clock.c");
    CHECK(c && c->kind == SEAM_SERVICE_KIND_SHARED_LIBRARY);
    CHECK(c && c->reason && strstr(c->reason, "clock.c: used by 4 modules in 4 clusters, at most 1 in any one"));
    for (int d = 0; d < 4; d++) {
        snprintf(path, sizeof path, "%s1.c", dom[d]);
        snprintf(prev, sizeof prev, "%s3.c", dom[d]);
        CHECK(synth_service_of(&m, path) == synth_service_of(&m, prev));
        CHECK(synth_service_of(&m, path)->kind == SEAM_SERVICE_KIND_SERVICE);
    }
    CHECK(synth_service_of(&m, "ant1.c") != synth_service_of(&m, "bee1.c"));
    seam_model_free(&m);
}

/* A module only referenced (a dispatch table's target) is used, not an entry point. */
/*
 * Two domains (ant, bee) of three modules each, calling around their ring, each writing
 * its table; domain module 1 of each calls util.c, which calls nothing. With two
 * clusters the utility used evenly by both is set aside all the same ("whatever the
 * number of clusters"). core.c is called by all six domain modules too, but calls back
 * into three of them: no leaf, so no library; it stays with the code.
 */
static void build_two_domains_with(seam_model *m, int core)
{
    const char *dom[] = {"ant", "bee"};
    char path[32], fn[32], prev[32];
    seam_model_init(m);
    /* files in path order first (the model keeps them sorted), then their functions */
    const char *files[] = {"ant1.c", "ant2.c", "ant3.c", "bee1.c", "bee2.c", "bee3.c",
                           "core.c", "util.c"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        if (core || strcmp(files[i], "core.c") != 0)
            synth_file(m, files[i]);
    synth_fn(m, "util.c", "util_hash");
    if (core)
        synth_fn(m, "core.c", "core_run");
    for (int d = 0; d < 2; d++)
        for (int k = 1; k <= 3; k++) {
            snprintf(path, sizeof path, "%s%d.c", dom[d], k);
            snprintf(fn, sizeof fn, "%s_f%d", dom[d], k);
            synth_fn(m, path, fn);
        }
    for (int d = 0; d < 2; d++) {
        for (int k = 1; k <= 3; k++) {
            snprintf(fn, sizeof fn, "%s_f%d", dom[d], k);
            snprintf(prev, sizeof prev, "%s_f%d", dom[d], k % 3 + 1);
            synth_call(m, fn, prev, 2);
            if (core)
                synth_call(m, fn, "core_run", 1);
        }
        snprintf(fn, sizeof fn, "%s_f1", dom[d]);
        synth_call(m, fn, "util_hash", 1);
        snprintf(fn, sizeof fn, "%s_f2", dom[d]);
        synth_call(m, fn, "util_hash", 1);
        char sql[64], table[16];
        snprintf(table, sizeof table, "t_%s", dom[d]);
        snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (1)", table);
        snprintf(fn, sizeof fn, "%s_f1", dom[d]);
        synth_sql(m, fn, sql, table, SEAM_WRITE, NULL);
    }
    if (core) {
        synth_call(m, "core_run", "ant_f3", 1);
        synth_call(m, "core_run", "bee_f3", 1);
        synth_call(m, "core_run", "ant_f2", 1);
    }
}

static void test_wide_leaf_two_clusters(void)
{
    seam_model m;
    seam_err err;
    build_two_domains_with(&m, 0);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    const seam_service *u = synth_service_of(&m, "util.c");
    CHECK(u && u->kind == SEAM_SERVICE_KIND_SHARED_LIBRARY);
    CHECK(synth_service_of(&m, "ant1.c") != synth_service_of(&m, "bee1.c"));
    seam_model_free(&m);
}

static void test_core_is_no_library(void)
{
    seam_model m;
    seam_err err;
    build_two_domains_with(&m, 1);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    /* used by 6 of 7 other modules, but calling three that are no library */
    const seam_service *c = synth_service_of(&m, "core.c");
    CHECK(c && c->kind == SEAM_SERVICE_KIND_SERVICE);
    seam_model_free(&m);
}

/*
 * An entry point (used by none, touching no table, using 3 or more modules) is never a
 * library: one that sends more than half of its uses into one domain joins it (a keymap
 * of one library's functions), one that drives both alike is a gateway of its own.
 */
static void test_entry_points_placed(void)
{
    seam_model m;
    seam_err err;
    two_domains(&m);
    synth_call(&m, "x_main", "beta_list", 1);
    add_func_ref(&m, "x_step", "x.c", "beta_close", 1);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    const seam_service *x = synth_service_of(&m, "x.c");
    CHECK(x && x == synth_service_of(&m, "b1.c"));
    seam_model_free(&m);

    two_domains(&m);
    synth_call(&m, "x_main", "beta_list", 1);
    synth_call(&m, "x_main", "alpha_list", 1);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    x = synth_service_of(&m, "x.c");
    CHECK(x && x->kind == SEAM_SERVICE_KIND_SERVICE && x->nfiles == 1);
    CHECK(x && x != synth_service_of(&m, "a1.c") && x != synth_service_of(&m, "b1.c"));
    seam_model_free(&m);
}

/*
 * Names from one pool for every domain (gen-monolith --names plain): four domains of
 * three modules each, calling within their domain, and in every domain the modules'
 * functions start with the same three words (account_, batch_, cache_). The words are
 * shared across domains at no more than chance, so they tie nothing: the domains come
 * out whole and apart, where the names alone would cut across them.
 */
static void test_pool_names_tie_nothing(void)
{
    seam_model m;
    seam_err err;
    seam_model_init(&m);
    const char *dom[] = {"ant", "bee", "cow", "doe"};
    const char *word[] = {"account", "batch", "cache"};
    char path[32], fn[64], next[64];
    for (int d = 0; d < 4; d++)
        for (int k = 0; k < 3; k++) {
            snprintf(path, sizeof path, "%s%d.c", dom[d], k + 1);
            synth_file(&m, path);
        }
    for (int d = 0; d < 4; d++)
        for (int k = 0; k < 3; k++) {
            snprintf(path, sizeof path, "%s%d.c", dom[d], k + 1);
            for (int f = 0; f < 3; f++) {
                snprintf(fn, sizeof fn, "%s_%s_f%d", word[k], dom[d], f);
                synth_fn(&m, path, fn);
            }
        }
    for (int d = 0; d < 4; d++) {
        for (int k = 0; k < 3; k++) {
            snprintf(fn, sizeof fn, "%s_%s_f0", word[k], dom[d]);
            snprintf(next, sizeof next, "%s_%s_f1", word[(k + 1) % 3], dom[d]);
            synth_call(&m, fn, next, 2);
        }
        char sql[64], table[16];
        snprintf(table, sizeof table, "t_%s", dom[d]);
        snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (1)", table);
        snprintf(fn, sizeof fn, "account_%s_f2", dom[d]);
        synth_sql(&m, fn, sql, table, SEAM_WRITE, NULL);
    }
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    for (int d = 0; d < 4; d++) {
        snprintf(path, sizeof path, "%s1.c", dom[d]);
        const seam_service *s1 = synth_service_of(&m, path);
        snprintf(path, sizeof path, "%s3.c", dom[d]);
        CHECK(s1 && s1 == synth_service_of(&m, path));
        snprintf(path, sizeof path, "%s1.c", dom[(d + 1) % 4]);
        CHECK(s1 && s1 != synth_service_of(&m, path));
    }
    seam_model_free(&m);
}

static void test_references_count_as_use(void)
{
    seam_model m;
    seam_err err;
    two_domains(&m);
    /* x.c also references both sides: with calls alone it would use 2 modules, with the
     * references 4; and b3 references x, so x is used: not an entry point either way. */
    add_func_ref(&m, NULL, "x.c", "alpha_list", 1);
    add_func_ref(&m, NULL, "x.c", "beta_list", 1);
    add_func_ref(&m, NULL, "b3.c", "x_main", 1);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    const seam_service *x = synth_service_of(&m, "x.c");
    CHECK(x && x->kind == SEAM_SERVICE_KIND_SERVICE);
    CHECK(x == synth_service_of(&m, "b1.c"));
    seam_model_free(&m);
}

/*
 * A declared library below its callers (layering.c): lib/ (a directory with its own
 * build file) holds three utilities that never call one another, so none of their
 * coupling stays inside; ant calls u1, bee calls u2, both call u3, and nothing else
 * calls them. Called into and calling nothing out, lib/ is held together: u1 and u2 in
 * one service. With back-calls (u1 calling into every ant module, u2 into every bee
 * module, more than either is called) it is no library and each utility follows the
 * domain it works with.
 */
static void build_library_below(seam_model *m, int back)
{
    const char *files[] = {"ant1.c",   "ant2.c",   "ant3.c",   "bee1.c",  "bee2.c",
                           "bee3.c",   "lib/u1.c", "lib/u2.c", "lib/u3.c"};
    const char *dom[] = {"ant", "bee"};
    char fn[32], next[32], sql[64], table[16];
    seam_model_init(m);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        synth_file(m, files[i]);
    for (int d = 0; d < 2; d++)
        for (int k = 1; k <= 3; k++) {
            snprintf(next, sizeof next, "%s%d.c", dom[d], k);
            snprintf(fn, sizeof fn, "%s_f%d", dom[d], k);
            synth_fn(m, next, fn);
        }
    synth_fn(m, "lib/u1.c", "u1_fmt");
    synth_fn(m, "lib/u2.c", "u2_fmt");
    synth_fn(m, "lib/u3.c", "u3_fmt");
    for (int d = 0; d < 2; d++) {
        for (int k = 1; k <= 3; k++) {
            snprintf(fn, sizeof fn, "%s_f%d", dom[d], k);
            snprintf(next, sizeof next, "%s_f%d", dom[d], k % 3 + 1);
            synth_call(m, fn, next, 2);
            synth_call(m, fn, d ? "u2_fmt" : "u1_fmt", 1);
            if (back)
                synth_call(m, d ? "u2_fmt" : "u1_fmt", fn, 3);
        }
        snprintf(fn, sizeof fn, "%s_f3", dom[d]);
        synth_call(m, fn, "u3_fmt", 1);
        snprintf(table, sizeof table, "t_%s", dom[d]);
        snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (1)", table);
        snprintf(fn, sizeof fn, "%s_f1", dom[d]);
        synth_sql(m, fn, sql, table, SEAM_WRITE, NULL);
    }
    m->components = calloc(1, sizeof *m->components);
    seam_component *c = m->components;
    c->name = seam_strdup("lib");
    c->kind = seam_strdup("directory");
    c->build_file = seam_strdup("lib/Makefile.in");
    for (int i = 1; i <= 3; i++) {
        c->files = realloc(c->files, (size_t)(c->nfiles + 1) * sizeof *c->files);
        c->files[c->nfiles++] = seam_printf("lib/u%d.c", i);
    }
    m->ncomponents = 1;
}

static void test_library_below_callers(void)
{
    seam_model m;
    seam_err err;
    build_library_below(&m, 0);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    const seam_service *u1 = synth_service_of(&m, "lib/u1.c");
    CHECK(u1 && u1 == synth_service_of(&m, "lib/u2.c"));
    CHECK(synth_service_of(&m, "ant1.c") != synth_service_of(&m, "bee1.c"));
    seam_model_free(&m);

    build_library_below(&m, 1);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    u1 = synth_service_of(&m, "lib/u1.c");
    CHECK(u1 && u1 == synth_service_of(&m, "ant1.c"));
    CHECK(synth_service_of(&m, "lib/u2.c") == synth_service_of(&m, "bee1.c"));
    CHECK(u1 != synth_service_of(&m, "lib/u2.c"));
    seam_model_free(&m);
}

/*
 * A declared component above what it calls (layering.c): cmds/ (its own build file)
 * holds c1..c3, calling one another around a ring and, heavily, into ant1; nothing
 * calls into cmds/. ant1 works with ant2 and ant3 (calls around their ring, one
 * table). Calls down out of an upper component count a quarter: ant1 stays with ant.
 * When ant1 calls back into every c module, the calls go both ways, are no layering,
 * and count fully: ant1 goes up into cmds' service.
 */
static void build_upper_component(seam_model *m, int back)
{
    const char *files[] = {"ant1.c",    "ant2.c",    "ant3.c",    "bee1.c",   "bee2.c",
                           "bee3.c",    "cmds/c1.c", "cmds/c2.c", "cmds/c3.c"};
    const char *dom[] = {"ant", "bee"};
    char fn[32], next[32], sql[64], table[16];
    seam_model_init(m);
    for (size_t i = 0; i < sizeof files / sizeof *files; i++)
        synth_file(m, files[i]);
    for (int d = 0; d < 2; d++)
        for (int k = 1; k <= 3; k++) {
            snprintf(next, sizeof next, "%s%d.c", dom[d], k);
            snprintf(fn, sizeof fn, "%s_f%d", dom[d], k);
            synth_fn(m, next, fn);
        }
    for (int k = 1; k <= 3; k++) {
        snprintf(next, sizeof next, "cmds/c%d.c", k);
        snprintf(fn, sizeof fn, "c%d_run", k);
        synth_fn(m, next, fn);
    }
    for (int d = 0; d < 2; d++) {
        for (int k = 1; k <= 3; k++) {
            snprintf(fn, sizeof fn, "%s_f%d", dom[d], k);
            snprintf(next, sizeof next, "%s_f%d", dom[d], k % 3 + 1);
            synth_call(m, fn, next, 2);
        }
        snprintf(table, sizeof table, "t_%s", dom[d]);
        snprintf(sql, sizeof sql, "INSERT INTO %s VALUES (1)", table);
        for (int k = 1; k <= 3; k++) {
            snprintf(fn, sizeof fn, "%s_f%d", dom[d], k);
            synth_sql(m, fn, sql, table, SEAM_WRITE, NULL);
        }
    }
    for (int k = 1; k <= 3; k++) {
        snprintf(fn, sizeof fn, "c%d_run", k);
        snprintf(next, sizeof next, "c%d_run", k % 3 + 1);
        synth_call(m, fn, next, 2);
        synth_call(m, fn, "ant_f1", 8);
        if (back)
            synth_call(m, "ant_f1", fn, 8);
    }
    m->components = calloc(1, sizeof *m->components);
    seam_component *c = m->components;
    c->name = seam_strdup("cmds");
    c->kind = seam_strdup("directory");
    c->build_file = seam_strdup("cmds/Makefile.am");
    for (int i = 1; i <= 3; i++) {
        c->files = realloc(c->files, (size_t)(c->nfiles + 1) * sizeof *c->files);
        c->files[c->nfiles++] = seam_printf("cmds/c%d.c", i);
    }
    m->ncomponents = 1;
}

static void test_calls_down_out_of_upper(void)
{
    seam_model m;
    seam_err err;
    build_upper_component(&m, 0);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    const seam_service *a = synth_service_of(&m, "ant1.c");
    CHECK(a && a == synth_service_of(&m, "ant2.c"));
    CHECK(a != synth_service_of(&m, "cmds/c1.c"));
    seam_model_free(&m);

    build_upper_component(&m, 1);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    a = synth_service_of(&m, "ant1.c");
    CHECK(a && a == synth_service_of(&m, "cmds/c1.c"));
    seam_model_free(&m);
}

int main(void)
{
    test_spread_utility();
    test_wide_leaf_two_clusters();
    test_core_is_no_library();
    test_entry_points_placed();
    test_pool_names_tie_nothing();
    test_references_count_as_use();
    test_each_kind_moves_x();
    test_edge_kinds_reported();
    test_cochange_limits();
    test_cochange_outside_repository();
    test_writes_outweigh_reads();
    test_production_weighs_access();
    test_type_and_global_weights();
    test_library_rule();
    test_library_below_callers();
    test_calls_down_out_of_upper();
    return check_finish();
}
