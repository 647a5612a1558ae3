/*
 * gen.h - the synthetic monolith generator behind bench/gen-monolith.
 *
 * The generator works in three steps, one file each:
 *   gen_plan.c  draws the architecture from the seed: domains, their modules
 *               (a .c and its .h), tables, functions, who calls whom;
 *   gen_code.c  writes the C text of every file into memory;
 *   gen_meta.c  writes schema.sql, compile_commands.json,
 *               expected-services.json and puts everything on disk;
 *   gen_git.c   replays a history of commits with `git fast-import`.
 * Everything is drawn from gen_rng streams derived from the seed, so that the
 * same options give the same bytes.
 *
 * Ownership: a gen_plan owns every string and array it points to;
 * gen_plan_free releases them.
 */
#ifndef SEAM_BENCH_GEN_H
#define SEAM_BENCH_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* ---- random numbers: splitmix64, so that a seed means the same thing on any libc ---- */

typedef struct gen_rng {
    uint64_t s;
} gen_rng;

/* Seeds *r from a seed and a stream number (independent sequences per stream). */
void gen_rng_seed(gen_rng *r, uint64_t seed, uint64_t stream);
uint64_t gen_rng_next(gen_rng *r);
/* Uniform in [0, n); n > 0. */
int gen_rng_below(gen_rng *r, int n);
/* Uniform in [lo, hi]; lo <= hi. */
int gen_rng_range(gen_rng *r, int lo, int hi);
/* Uniform in [0, 1). */
double gen_rng_unit(gen_rng *r);
/* Fisher-Yates shuffle of n ints. */
void gen_rng_shuffle(gen_rng *r, int *v, int n);

/* ---- text buffers ---- */

/*
 * A growable byte buffer. An allocation failure sets failed and turns every
 * later append into a no-op, so that writers check once at the end.
 */
typedef struct gen_buf {
    char *s;
    size_t len, cap;
    int failed;
} gen_buf;

void gen_buf_put(gen_buf *b, const char *s, size_t n);
void gen_buf_puts(gen_buf *b, const char *s);
void gen_buf_printf(gen_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends s as a JSON string literal (quotes included). */
void gen_buf_json(gen_buf *b, const char *s);
void gen_buf_free(gen_buf *b);

/* malloc'd printf; NULL when out of memory. */
char *gen_strf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* ---- options ---- */

enum { GEN_LAYOUT_LAYER, GEN_LAYOUT_DOMAIN, GEN_LAYOUT_FLAT };
/* GEN_NAMES_DOMAIN: the domain's word prefixes its modules, functions and tables;
 * GEN_NAMES_PLAIN: no name says which domain it belongs to. */
enum { GEN_NAMES_DOMAIN, GEN_NAMES_PLAIN };

typedef struct gen_options {
    int files;     /* .c files in all, utilities and main.c included */
    int domains;   /* planted domains */
    uint64_t seed; /* everything derives from it */
    double noise;  /* share of calls (and of SELECTs) that cross domains */
    int commits;   /* git history length; 0 = no repository */
    int layout;    /* GEN_LAYOUT_*: where module files go */
    int names;     /* GEN_NAMES_*: whether identifiers carry the domain's word */
    const char *out_dir;
} gen_options;

/* ---- the plan ---- */

enum { GEN_SHAPE_ID, GEN_SHAPE_KEY }; /* int f(long id) | long f(const char *key, long value) */
enum { GEN_MOD_PLAIN, GEN_MOD_DB, GEN_MOD_CLI };

typedef struct gen_func {
    char *name;
    int shape;
} gen_func;

typedef struct gen_table {
    char *name;   /* "billing_invoices" */
    char *fk_col; /* the column other tables use to reference it: "invoice_id" */
    int domain;
    int parent;  /* table of the same domain referenced by fk, or -1 */
    int xparent; /* table of another domain referenced, or -1 */
    char *xparent_col;
} gen_table;

typedef struct gen_module {
    char *name; /* "billing_invoice_rules": also the prefix of its functions */
    char *dir;  /* "src/rules": where its .c and .h live */
    int domain;
    int kind;               /* GEN_MOD_* */
    int tables[2], ntables; /* the tables it mostly works on */
    int *nbrs, nnbrs;       /* modules of its domain it calls */
    gen_func *funcs;
    int nfuncs;
} gen_module;

typedef struct gen_domain {
    char *name;             /* the planted service's name ("billing") */
    char *ident;            /* the prefix of the domain's own symbols (its DB wrapper, global,
                             * dispatch): the name, or "d7" with GEN_NAMES_PLAIN */
    int *modules, nmodules; /* modules[0] is the DB wrapper, modules[1] the CLI */
    int *tables, ntables;
    double weight; /* relative size, drives module counts and history */
} gen_domain;

/*
 * One output file. cuts[] are offsets in text where a function ends: an older
 * revision of the file in the history keeps a prefix ending at a cut, plus
 * text[tail..] (a header's #endif).
 */
typedef struct gen_file {
    char *path; /* relative to the output directory */
    gen_buf text;
    size_t *cuts;
    int ncuts, cuts_cap;
    size_t tail;
    int owner;  /* domain index, GEN_OWNER_SHARED, or GEN_OWNER_META */
    int module; /* module index or -1 */
    int in_git; /* committed to the history */
    int revs;   /* how many commits of the history write it */
} gen_file;

enum { GEN_OWNER_SHARED = -1, GEN_OWNER_META = -2 };

typedef struct gen_plan {
    const gen_options *opts;
    gen_domain *domains;
    int ndomains;
    gen_module *modules;
    int nmodules;
    gen_table *tables;
    int ntables;
    gen_file *files;
    int nfiles, files_cap;
} gen_plan;

/* gen_plan.c: draws the plan; 0 or SEAM_EUSAGE (options that cannot fit) / SEAM_ENOMEM. */
int gen_plan_build(const gen_options *opts, gen_plan *plan, seam_err *err);
void gen_plan_free(gen_plan *plan);
/* m's name without its domain's prefix ("invoice_rules" for billing_invoice_rules); the whole
 * name when it has none (GEN_NAMES_PLAIN). */
const char *gen_module_tail(const gen_plan *plan, const gen_module *m);
/* Adds an empty file at path (copied); returns its index or SEAM_ENOMEM. */
int gen_plan_add_file(gen_plan *plan, const char *path, int owner, int module, int in_git);

/* gen_util_text.c: the fixed text of the shared utilities (src/util). */
typedef struct gen_text {
    const char *path;
    const char *text;
} gen_text;
extern const gen_text gen_util_texts[];
extern const int gen_nutil_texts;

/* gen_code.c: the text of every C file of the plan. */
int gen_code_write(gen_plan *plan, seam_err *err);
/* Records a cut at the current end of f's text. */
void gen_file_cut(gen_file *f);

/* gen_meta.c: schema.sql, .gitignore, compile_commands.json, expected-services.json,
 * then every file to opts->out_dir (which must be empty or absent). */
int gen_meta_write(gen_plan *plan, const char *abs_dir, seam_err *err);
int gen_files_save(const gen_plan *plan, seam_err *err);

/* gen_git.c: a repository in out_dir whose history ends with the files on disk. */
int gen_git_write(gen_plan *plan, seam_err *err);

#endif
