/*
 * analyzer_internal.h - what the analyzer's files share internally (not a public API).
 *
 * The analyzer runs in steps, one concept per file:
 *   compdb.c     compile_commands.json -> one parse job per translation unit
 *   sources.c    no compile database: every .c under SRC; --exclude globs
 *   path.c       paths relative to SRC
 *   tu_facts.c   one TU parsed with libclang -> plain facts (no libclang types),
 *                so that threads parse independently and facts can be cached,
 *                shipped between machines and merged in a fixed order;
 *                tu_body.c (function bodies), tu_values.c (what a value
 *                expression can carry), tu_text.c (text built in buffers;
 *                tu_text_set.c its sets and states) and tu_fields.c
 *                (literals stored in struct fields) are its helpers
 *   tu_facts_serial.c  facts <-> JSON (the cache's values, the shard files)
 *   cache.c      the incremental cache (SQLite)
 *   collect.c    the parse phase: cache lookups, threads, progress
 *   workers.c    parsing in worker processes (crash, memory and time isolation)
 *   program.c    facts of all TUs -> model files, functions, calls, ...;
 *                program_syms.c: globals, types, references, includes, TUs
 *   wrappers.c   whole-program inference of SQL wrappers -> model sql_sites
 *                (sites.c records a site; table_args.c: table-name arguments)
 *   guesses.c    which names of keyword-guess sites count as tables
 *   facts_io.c   shard files: write one, read and merge several
 *   strmap.c, hash.c, strv.c  a string hash table, SHA-256, string vectors
 * analyzer.c holds the public entry points.
 */
#ifndef SEAM_ANALYZER_INTERNAL_H
#define SEAM_ANALYZER_INTERNAL_H

#include "clang_api.h"
#include <stddef.h>

#include "analyzer.h"
#include "model.h"

/* Bumped whenever the facts a TU yields change: cached facts of older versions are not used. */
#define ANALYZER_FACTS_VERSION "seam-facts-24"

/* ---- strmap.c: string -> pointer hash table ---------------------------- */

typedef struct strmap {
    char **keys; /* owned copies */
    void **values;
    size_t cap, n;
} strmap;

/* Returns 1 and sets *value when key is present, else 0. */
int strmap_get(const strmap *m, const char *key, void **value);
/* Inserts or replaces. Returns 0 or SEAM_ENOMEM. */
int strmap_put(strmap *m, const char *key, void *value);
/* Frees the keys, and each value with free_value when not NULL. */
void strmap_free(strmap *m, void (*free_value)(void *));

/* ---- hash.c: SHA-256 ----------------------------------------------------- */

#define HASH_HEX 65 /* 64 hex digits and a NUL */

typedef struct hash_ctx {
    void *md; /* EVP_MD_CTX */
} hash_ctx;

int hash_init(hash_ctx *h);
void hash_add(hash_ctx *h, const void *p, size_t n);
void hash_add_str(hash_ctx *h, const char *s);
/* Writes the hex digest and releases h. Returns 0 or SEAM_ENOMEM. */
int hash_final(hash_ctx *h, char out[HASH_HEX]);
int hash_string(const char *s, char out[HASH_HEX]);
/* The hex hash of a file's contents ("-" when unreadable), memoized in memo; NULL: no memory. */
const char *hash_memo_file(strmap *memo, const char *path);
void hash_memo_free(strmap *memo);

/* ---- compdb.c, sources.c ------------------------------------------------- */

/* One translation unit to parse: an absolute file and the arguments for it. */
typedef struct compdb_entry {
    char *file;  /* absolute path of the source file */
    char **argv; /* compiler arguments without the compiler, -c, -o, -M*, or the file */
    int argc;
    char *rel;          /* file relative to SRC (real paths), or NULL outside SRC */
    char key[HASH_HEX]; /* hash of the analyzer version, SRC, file and arguments */
    char *object;       /* the object it compiles to ("output", else -o), as written, or NULL */
} compdb_entry;

typedef struct compdb {
    compdb_entry *entries; /* sorted by rel/file, then key (compdb_finish) */
    int n;
    /* What compdb_finish set aside. */
    int skipped;      /* entries outside SRC or excluded */
    char *first_skip; /* the first of them in database order, "FILE: reason" */
    int other_shards; /* entries left to other shards */
    int duplicates;   /* entries with the file and arguments of another (dropped) */
    char *first_dup;  /* the first duplicated file (SRC-relative) */
    char *note;       /* a warning of the no-database walk (depth limit), or NULL */
    char **targets;   /* "TARGET\tREL" of the kept entries whose object names a target, sorted */
    int ntargets;
} compdb;

/*
 * Loads DIR/compile_commands.json. Relative paths in the arguments are made
 * absolute against each command's "directory". The file must be a regular file of
 * at most max_input bytes (0: SEAM_FILE_MAX_DEFAULT). Returns 0, SEAM_EIO (missing,
 * not a regular file, too large),
 * SEAM_EINPUT (malformed or no entries) or SEAM_ENOMEM. *db is owned by the
 * caller: release it with compdb_free (also after a failure).
 */
int compdb_load(compdb *db, const char *dir, size_t max_input, seam_err *err);
void compdb_free(compdb *db);
void compdb_entry_free(compdb_entry *e);

/*
 * Keeps the entries whose file is under root (a real path), not excluded and
 * in the shard (index 1..count; count 0 keeps all); sets each one's rel and
 * key, sorts them and drops repeats (same file and key), counting what it set
 * aside in *db. Returns 0 or SEAM_ENOMEM.
 */
int compdb_finish(compdb *db, const char *root, const analyzer_options *o, seam_err *err);

/*
 * No compile database: one entry per .c file under root (hidden directories
 * and excluded paths skipped; symbolic links followed only inside root, each
 * directory once; at most 64 levels deep, db->note saying so when the walk
 * stopped there), with the words of cflags and -I for every directory under
 * root that holds a .h file. Returns 0, SEAM_EUSAGE (cflags
 * that cannot be split like a shell would), SEAM_EINPUT (no .c file),
 * SEAM_EIO or SEAM_ENOMEM.
 */
int sources_scan_tree(compdb *db, const char *root, const analyzer_options *o, seam_err *err);

/* Whether rel (relative to SRC) matches one of o's --exclude globs (see analyzer.h). */
int sources_excluded(const analyzer_options *o, const char *rel);

/* ---- facts of one translation unit (tu_facts.c, tu_body.c, tu_values.c) ---- */

/* How a literal reached a call argument (seam_sql_site.how). */
typedef enum fact_how {
    HOW_ARGUMENT = 0,
    HOW_VARIABLE,
    HOW_FORMAT,
    HOW_GLOBAL,
    HOW_TABLE,
    HOW_KEYWORD,
    HOW_BUILT,
    HOW_TABLE_ARG, /* a table-name argument (wrappers.c); never in a TU's facts */
    HOW_COUNT
} fact_how;

/*
 * A value reaching an argument: the caller's parameter `param` (>= 0), a
 * string literal (param -1, sql set) written at file:line, or the result of
 * another call of the same function (param -1, call set).
 */
typedef struct fact_arg {
    int pos;    /* 0-based argument position in the call */
    int param;  /* caller parameter index, or -1 */
    char *sql;  /* literal text when param is -1 */
    char *file; /* path of the literal relative to SRC */
    int line;
    int how;  /* fact_how */
    int call; /* 1 + index in the function's calls of the call whose result this is, or 0 */
} fact_arg;

/* A function, variable or type named somewhere, as the TU sees it. */
typedef struct fact_sym {
    char *usr; /* libclang USR, as libclang spells it */
    char *name;
    char *file;   /* SRC-relative file of its definition when this TU has it, else NULL */
    int internal; /* internal linkage (static), or a typedef (file-qualified USR) */
    int line;     /* where it is named (references) */
    int access;   /* globals: seam_access bits */
} fact_sym;

/* One call expression whose callee is a named function (direct call). */
typedef struct fact_call {
    fact_sym callee; /* line: the call's line */
    fact_arg *args;  /* only the arguments that carry a parameter or a literal */
    int nargs, capargs;
} fact_call;

/* One function definition in a project file, with the facts of its body. */
typedef struct fact_func {
    char *usr; /* libclang USR, as libclang spells it */
    char *name;
    char *file; /* relative to SRC */
    int line;
    int loc;
    int is_static;
    int internal;     /* internal linkage */
    fact_call *calls; /* in source order */
    int ncalls, capcalls;
    fact_sym *refs; /* functions named but not called, in source order */
    int nrefs, caprefs;
    fact_sym *globals; /* file-scope variables used, one per USR, access merged */
    int nglobals, capglobals;
    fact_sym *types; /* types used (signature and body), one per USR */
    int ntypes, captypes;
    fact_arg *keywords; /* literals in the body that read as SQL (how HOW_KEYWORD) */
    int nkeywords, capkeywords;
    fact_arg *returns; /* what return statements give back: parameters and call results (pos -1) */
    int nreturns, capreturns;
} fact_func;

/* A global variable or type definition. */
typedef struct fact_def {
    char *usr;
    char *name;
    char *kind; /* types: "struct", "union", "enum", "typedef"; globals: NULL */
    char *file;
    int line;
    int internal; /* static variable; typedef */
    char *value;  /* globals: the string literal it is initialised with, or NULL */
} fact_def;

/* A function named at file scope (a dispatch table's initialiser). */
typedef struct fact_fref {
    char *in; /* the SRC-relative file the reference is written in */
    fact_sym target;
} fact_fref;

/*
 * An element of a file-scope array of texts written in a loop from a constant
 * table: sprintf(names[i], "%s%s", prefix, raw[i]) makes element `index` of
 * the array `usr` the text (raw[index] in place, other pieces as holes). With
 * usr "*F": the text function F appends to its char ** parameter `index`.
 */
typedef struct fact_elem {
    char *usr;
    int index;
    char *text;
} fact_elem;

typedef struct fact_file {
    char *path; /* relative to SRC */
    int lines;
} fact_file;

typedef struct fact_include {
    char *from, *to; /* SRC-relative */
} fact_include;

/* Everything one translation unit contributed. */
typedef struct tu_facts {
    char *main_file;    /* relative to SRC */
    char key[HASH_HEX]; /* the compile command's key (compdb_entry.key) */
    int parsed;         /* 1 when libclang produced a translation unit */
    int errors;         /* error diagnostics (1 when the TU could not be parsed) */
    char **diags;       /* the first TU_MAX_DIAGS errors, "path:line:col: message" */
    int ndiags;
    fact_file *files; /* SRC-relative files seen by the TU (main file and headers) */
    int nfiles, capfiles;
    fact_include *includes;
    int nincludes, capincludes;
    fact_func *funcs; /* definitions in project files, in source order */
    int nfuncs, capfuncs;
    fact_def *globals;
    int nglobals, capglobals;
    fact_def *types;
    int ntypes, captypes;
    fact_fref *frefs;
    int nfrefs, capfrefs;
    fact_elem *elems; /* array elements written from constant tables (tu_text.c) */
    int nelems, capelems;
    /* Not part of the facts: what the cache needs. */
    char **deps; /* absolute paths of every file the parse read, main file first */
    int ndeps, capdeps;
    char *blob;           /* the facts serialized for the cache (tu_facts_serial.c), or NULL */
    char state[HASH_HEX]; /* hash of the key and the dependencies' hashes ("" without a cache) */
    int from_cache;       /* the facts came from the cache */
} tu_facts;

#define TU_MAX_DIAGS 5

/*
 * Parses one TU with idx and fills *out (zeroed by the caller). A TU that
 * libclang cannot parse is not a failure: out->parsed stays 0, errors is 1.
 * src_root is SRC's real path; memo is the calling thread's path cache
 * (clang file name -> SRC-relative path or NULL). Returns 0 or SEAM_ENOMEM.
 * *out is owned by the caller: release it with tu_facts_free.
 */
int tu_facts_collect(CXIndex idx, const compdb_entry *e, const char *src_root, strmap *memo,
                     tu_facts *out, seam_err *err);
void tu_facts_free(tu_facts *f);
/* Frees a worker's path memo (tu_facts_collect's memo). */
void tu_facts_memo_free(strmap *memo);
/* Free one fact's strings and arrays (not the struct itself). */
void tu_facts_sym_free(fact_sym *s);
void tu_facts_arg_free(fact_arg *a);
void tu_facts_call_free(fact_call *c);
void tu_facts_func_free(fact_func *f);

/* ---- path.c ------------------------------------------------------------------ */

/*
 * The path of abs relative to root (both real paths), or NULL when abs is not
 * under root. Points into abs.
 */
const char *path_relative(const char *root, const char *abs);

/* ---- workers.c: parsing in child processes ---------------------------------- */

/* Called in the parent as each TU finishes (parsed, crashed or timed out). */
typedef void (*workers_done_fn)(void *ctx, int i);

typedef struct workers_result {
    int crashed;   /* TUs whose parser process died (oom included) */
    int oom;       /* of which it ran out of memory */
    int timed_out; /* TUs killed at the deadline */
} workers_result;

/* 1 when the calling process has exactly one thread (forking is safe), else 0. */
int workers_single_threaded(void);

/*
 * Parses db->entries[todo[k]] for every k < ntodo in up to jobs child
 * processes, filling tus[todo[k]] (zeroed or freeable) with the facts, the
 * serialized facts as its blob and its deps. A TU whose child dies or that
 * overruns timeout seconds (<= 0: 300) gets one error diagnostic, no blob,
 * and counts in *res. The caller must be single-threaded. Returns 0,
 * SEAM_ERROR (no process could be started) or SEAM_ENOMEM.
 */
int workers_parse(const compdb *db, const char *root, const int *todo, int ntodo, tu_facts *tus,
                  int jobs, int timeout, workers_done_fn done, void *ctx, workers_result *res,
                  seam_err *err);

/* ---- tu_facts_serial.c ---------------------------------------------------------- */

/* The facts as one line of JSON (malloc'd), or NULL when out of memory. */
char *tu_facts_serialize(const tu_facts *f);
/* cJSON form of the same (a cJSON *, as void * to keep cJSON out of this header). */
void *tu_facts_to_json(const tu_facts *f);
/*
 * Fills *out (zeroed by the caller) from the JSON of tu_facts_to_json.
 * Returns 0, SEAM_EINPUT when the JSON is not such facts, or SEAM_ENOMEM;
 * release *out with tu_facts_free either way.
 */
int tu_facts_from_json(const void *json, tu_facts *out);
int tu_facts_deserialize(const char *text, tu_facts *out);

/* ---- cache.c ---------------------------------------------------------------- */

typedef struct tu_cache tu_cache; /* opaque */

/*
 * Opens (creating when missing) the cache at path. A file that exists but is
 * not a seam cache is refused (SEAM_EINPUT), never written. Returns 0,
 * SEAM_EIO, SEAM_EINPUT or SEAM_ENOMEM.
 */
int cache_open(tu_cache **out, const char *path, seam_err *err);
void cache_close(tu_cache *c);
/*
 * Looks up an entry's facts. When the cache holds facts for e->key and every
 * file they depend on still has the recorded hash, sets *facts to their text
 * (malloc'd; tu_facts_deserialize reads it) and state to a hash of the key
 * and of every dependency with its hash, and returns 1; returns 0 on a miss,
 * or SEAM_ENOMEM.
 */
int cache_fetch(tu_cache *c, const compdb_entry *e, char **facts, char state[HASH_HEX]);
/* Stores freshly parsed TUs (those with a blob) in one transaction, setting their state.
 * Returns 0 or SEAM_E*. */
int cache_store(tu_cache *c, tu_facts *tus, int n, seam_err *err);
/* seam_meta entries (the output memo). get: *value NULL when absent; 0 or SEAM_ENOMEM. */
int cache_meta_get(tu_cache *c, const char *key, char **value);
int cache_meta_put(tu_cache *c, const char *key, const char *value, seam_err *err);
/* The run's file hash memo. */
strmap *cache_hashes(tu_cache *c);

/* ---- the collected facts (collect.c, facts_io.c) ----------------------------- */

struct analyzer_facts {
    char *root;    /* SRC's real path */
    tu_facts *tus; /* sorted by main file, then key */
    int ntus;
    char **warnings; /* run-wide warnings (approximate mode), sorted */
    int nwarnings;
    char **exclude; /* the --exclude globs and --sql-fn specs the facts were collected with */
    int nexclude;
    char **sql_fns;
    int nsql_fns;
    char **table_fns;
    int ntable_fns;
    int shard_index, shard_count;
    char **targets; /* "TARGET\tREL": the build target each file's object names (sorted) */
    int ntargets;
};

/* ---- strv.c: string vectors ------------------------------------------------ */

/* Appends a copy of s (NULL: "") to *v (*n entries). Returns 0 or SEAM_ENOMEM. */
int strv_push(char ***v, int *n, const char *s);
void strv_free(char **v, int n);
/* Sorts and removes duplicates. */
void strv_sort_unique(char **v, int *n);

/* ---- program.c, program_syms.c --------------------------------------------- */

/* A table of model symbols by (USR as libclang spells it, defining file). */
typedef struct sym_ref {
    const char *usr;
    const char *file;
    int model; /* index into the model array */
} sym_ref;

typedef struct symtab {
    sym_ref *v;
    int n;
} symtab;

/* qsort order of a symbol table: by USR, then defining file (program.c). */
int program_sym_ref_cmp(const void *a, const void *b);

/*
 * The model index a symbol named by s reaches, or -1: a definition this TU
 * has is known by its file; otherwise an external USR names it, and when
 * several files define it the referring file's own definition, else the
 * first, wins. An internal symbol the TU never defines reaches nothing.
 */
int program_symtab_resolve(const symtab *t, const fact_sym *s, const char *from_file);

/* The merged program: model functions plus the facts of their bodies. */
typedef struct program {
    seam_model *model;      /* borrowed */
    const fact_func **body; /* body[i]: facts of model->functions[i] (borrowed from the TUs) */
    int **callee;           /* callee[i][c]: model function reached by body[i]->calls[c], or -1 */
    int nfunctions;
    symtab funcs; /* model functions by libclang USR and file */
} program;

/*
 * Fills the model's code facts from the facts (TUs in their order; the first
 * definition of a symbol wins) and *p; files matching o's --exclude globs are
 * left out with everything defined in them. The facts must outlive *p.
 * Returns 0 or SEAM_ENOMEM; release *p with program_free.
 */
int program_build(program *p, const analyzer_facts *f, seam_model *model, seam_err *err);
void program_free(program *p);

/* program_syms.c: globals and their uses, types and their uses, function references,
 * includes, the TU list and warnings. Returns 0 or SEAM_ENOMEM. */
int program_syms_build(program *p, const analyzer_facts *f, seam_err *err);

/* The model usr of a definition: unique even where libclang's is not (program.c). */
char *program_model_usr(const char *usr, const char *file, int internal, int shared);

/* ---- wrappers.c -------------------------------------------------------- */

/*
 * Infers the project's SQL wrappers over the whole program and fills
 * model->sql_sites (tables empty, parser "none"). sql_fns are "NAME:ARG"
 * (ARG 1-based) database calls given by hand. Returns 0, SEAM_EUSAGE for a
 * malformed spec, or SEAM_ENOMEM.
 */
int wrappers_find_sql(const program *p, const analyzer_facts *f, char *const *sql_fns,
                      int nsql_fns, char *const *table_fns, int ntable_fns, seam_err *err);

/* Parameters beyond the 64th are never SQL or table parameters: a bit set per function. */
#define ANALYZER_MAX_PARAM 64

/* ---- sites.c ------------------------------------------------------------ */

/*
 * Appends a site of function fn to m->sql_sites: a's text (globals' marks put
 * in from globals, which may be NULL), file and line, how, via (NULL for a
 * keyword guess) and found (seam_sql_site.found). *cap is the array's
 * capacity. Returns 0 or SEAM_ENOMEM (the site is counted either way, so
 * seam_model_free releases it).
 */
int sites_add(seam_model *m, int *cap, int fn, const fact_arg *a, const char *via,
              const char *found, const strmap *globals);
/* USR -> the literal each global is defined with (values borrowed from f), first definition. */
int sites_globals_map(const analyzer_facts *f, strmap *vals);
/* text with each global's mark replaced by its value, or "%s" (malloc'd); NULL: no memory. */
char *sites_globals_fill(const strmap *vals, const char *text);

/* ---- components.c ---------------------------------------------------------- */

/*
 * Fills m->components from the directories under root that hold a build file
 * of their own (docs/analyzer.md, components), for the model's files. A root
 * that is not a readable directory here gives none. Returns 0 or SEAM_ENOMEM.
 */
int components_read(seam_model *m, const char *root, seam_err *err);

/*
 * Adds to m->components the targets of a CMake build configured with a file
 * API query (build_dir/.cmake/api/v1/reply: the newest index, its codemodel,
 * each target of its first configuration), each with its sources that are
 * model files (paths relative to CMake's source directory, prefixed with
 * src_rel, NULL for none), kind "cmake_target". No reply, or one seam cannot
 * read (each file through seam_file_read, at most max bytes), adds nothing.
 * Returns 0 or SEAM_ENOMEM.
 */
int components_read_cmake(seam_model *m, const char *build_dir, const char *src_rel,
                          size_t max, seam_err *err);

/* ---- build_targets.c ------------------------------------------------------- */

/*
 * The build target an object file names (docs/analyzer.md, components):
 * CMake's CMakeFiles/T.dir/..., Meson's [DIR/]T.p/... (T with its DIR),
 * Bazel's _objs/T/..., automake's T-STEM.o where STEM is source's own
 * stem. malloc'd, or NULL for none (or no memory).
 */
char *build_target_of_object(const char *object, const char *source);

/* Appends to *pairs "TARGET\tREL" for db's entries whose object names a target; sorted,
 * unique. Returns 0 or SEAM_ENOMEM. */
int build_targets_collect(const compdb *db, char ***pairs, int *npairs);

/* Adds a component (kind "build_target", build file "compile_commands.json") per target of
 * pairs (sorted "TARGET\tFILE") with at least two model files. Returns 0 or SEAM_ENOMEM. */
int components_read_targets(seam_model *m, char *const *pairs, int npairs);

/* Drops each "build_target" component a "cmake_target" of the same name shadows. */
void components_drop_shadowed(seam_model *m);

/* ---- table_args.c --------------------------------------------------------- */

/*
 * Infers table parameters (the sites must be in p->model already) and adds a
 * site per call passing a table's name to one (docs/analyzer.md, table-name
 * arguments); specs are the --table-fn NAME:ARG; f's record facts (stores
 * and lookups, tu_records.c) follow names carried in records. Returns 0 or
 * SEAM_ENOMEM.
 */
int table_args_add_sites(const program *p, const analyzer_facts *f, char *const *specs,
                         int nspecs, const strmap *globals, int *cap);

/*
 * A text value only the whole program knows: "%{g:USR}", a file-scope
 * variable whose initialiser this translation unit cannot see (an extern
 * char *job_table), "%{a:USR:N}", element N of a file-scope array of texts
 * some TU writes from a constant table, and "%{p:USR|K}", what function USR
 * appends to the buffer its char ** parameter K points to (both fact_elem;
 * the latter's usr is "*USR"). sites.c puts in the literal the variable is
 * defined with, the element's text or the appended text, or "%s" (nothing).
 * "%{f:F|G}" is field G of the record field F points to (tu_records.c):
 * table_args.c follows it to where F was filled; sites.c makes it "%s".
 */
#define GLOBAL_MARK_OPEN "%{"

/* The SQL argument position of a known database API, or -1. */
int wrappers_sink_arg(const char *name);
/* guesses.c: drops the tables of keyword-guess sites that lack support. 0 or SEAM_ENOMEM. */
int guesses_filter(seam_model *m, seam_err *err);

/* Whether every argument of a call to name is a message to a stream or the log. */
int wrappers_is_log_sink(const char *name);

/* Checks one "NAME:ARG" spec; fills *arg (0-based). Returns 0 or SEAM_EUSAGE. */
int wrappers_parse_spec(const char *option, const char *spec, size_t *name_len, int *arg,
                        seam_err *err);

#endif
