/*
 * compdb.c - the compile database: which files to parse, with which arguments.
 *
 * Reads compile_commands.json with cJSON (both the "arguments" and the
 * "command" form, the latter split as clang's JSON compilation database
 * splits it) and turns each entry into arguments libclang can parse from any
 * working directory, the way clang tools adjust a compile command. Not
 * libclang's own reader: it holds the file, its YAML tree and a copy of
 * every command at once (3 GB for a million entries); here each entry's
 * JSON is freed as soon as it is converted.
 */
#include "analyzer_internal.h"
#include "file.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void compdb_entry_free(compdb_entry *e)
{
    free(e->file);
    free(e->rel);
    free(e->object);
    for (int a = 0; a < e->argc; a++)
        free(e->argv[a]);
    free(e->argv);
    memset(e, 0, sizeof *e);
}

void compdb_free(compdb *db)
{
    if (!db)
        return;
    for (int i = 0; i < db->n; i++)
        compdb_entry_free(&db->entries[i]);
    free(db->entries);
    free(db->first_skip);
    free(db->first_dup);
    free(db->note);
    strv_free(db->targets, db->ntargets);
    memset(db, 0, sizeof *db);
}

/* dir/path unless path is already absolute. */
static char *path_absolute(const char *dir, const char *path)
{
    if (path[0] == '/')
        return seam_strdup(path);
    return seam_printf("%s/%s", dir, path);
}

/* Whether two absolute paths name one file: the same text, or (for "./x.c" against
 * "x.c", or a symlinked directory) the same resolved path. */
static int same_file(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return 1;
    char *ra = realpath(a, NULL), *rb = ra ? realpath(b, NULL) : NULL;
    int same = ra && rb && strcmp(ra, rb) == 0;
    free(ra);
    free(rb);
    return same;
}

/* Options whose next argument is a path, relative to the command's directory. */
static const char *const path_opts[] = {"-I",       "-isystem", "-iquote",   "-idirafter",
                                        "-include", "-imacros", "-isysroot", "--sysroot",
                                        "-iprefix", "-F",       NULL};

/* Options that only matter to a build (dependency files, output): dropped with their value. */
static const char *const drop_with_value[] = {"-o", "-MF", "-MT", "-MQ", NULL};
static const char *const drop_alone[] = {"-c",  "-M",  "-MM", "-MD", "-MMD",
                                         "-MP", "-MG", "--",  NULL};

static int in_list(const char *const *list, const char *s)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return 1;
    return 0;
}

/* The path option that s starts with (joined form such as -Iinclude), or NULL. */
static const char *joined_path_opt(const char *s)
{
    for (int i = 0; path_opts[i]; i++) {
        size_t n = strlen(path_opts[i]);
        if (strncmp(s, path_opts[i], n) == 0 && s[n] != '\0')
            return path_opts[i];
    }
    return NULL;
}

static int push_arg(compdb_entry *e, int *cap, char *arg)
{
    if (!arg || seam_array_reserve(&e->argv, cap, e->argc + 1, sizeof *e->argv) < 0) {
        free(arg);
        return SEAM_ENOMEM;
    }
    e->argv[e->argc++] = arg;
    return 0;
}

/* Skips files libclang's C front end cannot parse (assembly). */
static int is_parsable(const char *file)
{
    const char *dot = strrchr(file, '.');
    return !(dot && (strcmp(dot, ".s") == 0 || strcmp(dot, ".S") == 0 || strcmp(dot, ".asm") == 0));
}

/* Turns one compile command (args[0] the compiler) into *e: absolute file, adjusted arguments. */
static int entry_from_args(compdb_entry *e, const char *rawdir, const char *file,
                           char *const *args, int n, const char *base)
{
    int rc = SEAM_ENOMEM, cap = 0;
    /* A relative "directory" is taken relative to the database's own directory. */
    char *dir = path_absolute(base, rawdir && rawdir[0] ? rawdir : ".");
    char *abs_file = dir ? path_absolute(dir, file ? file : "") : NULL;
    if (!abs_file)
        goto out;
    e->file = abs_file;

    /* Argument 0 is the compiler itself: clang_parseTranslationUnit wants none. */
    for (int i = 1; i < n; i++) {
        const char *a = args[i];
        const char *jp;
        int r = 0, is_input = 0;
        /* The input may be written relative to the entry's directory while "file" is
         * absolute (bear writes both forms): compare them resolved, or clang gets the
         * file twice, once relative to the wrong directory, and refuses the TU. */
        if (a[0] != '-') {
            char *abs_a = path_absolute(dir, a);
            if (!abs_a)
                goto out;
            is_input = same_file(abs_a, abs_file);
            free(abs_a);
        }
        /* the object names the build target (build_targets.c); the last -o wins, as with cc */
        const char *obj = strcmp(a, "-o") == 0 && i + 1 < n ? args[i + 1]
                          : strncmp(a, "-o", 2) == 0 && a[2] ? a + 2
                                                             : NULL;
        if (obj) {
            free(e->object);
            if (!(e->object = seam_strdup(obj)))
                goto out;
        }
        if (in_list(drop_alone, a) || (strncmp(a, "-o", 2) == 0 && a[2]) ||
            (strncmp(a, "-MF", 3) == 0 && a[3]) || strcmp(a, file) == 0 || is_input) {
            /* dropped: output, dependency files, the input (passed separately) */
        } else if (in_list(drop_with_value, a)) {
            i++;
        } else if (in_list(path_opts, a) && i + 1 < n) {
            r = push_arg(e, &cap, seam_strdup(a));
            if (r == 0)
                r = push_arg(e, &cap, path_absolute(dir, args[++i]));
        } else if ((jp = joined_path_opt(a)) != NULL) {
            const char *v = a + strlen(jp);
            r = push_arg(e, &cap,
                         v[0] == '/' ? seam_strdup(a) : seam_printf("%s%s/%s", jp, dir, v));
        } else if (strncmp(a, "--sysroot=", 10) == 0 && a[10] != '/') {
            r = push_arg(e, &cap, seam_printf("--sysroot=%s/%s", dir, a + 10));
        } else {
            r = push_arg(e, &cap, seam_strdup(a));
        }
        if (r < 0)
            goto out;
    }
    rc = 0;
out:
    free(dir);
    return rc;
}

/*
 * Splits a "command" string the way clang's JSON compilation database does
 * on POSIX: words separated by white space; inside a word, "..." (where a
 * backslash escapes the next character), '...' (literal) and a backslash
 * escaping the next character. Fills *out with n malloc'd words. Returns 0
 * or SEAM_ENOMEM.
 */
static int split_command(const char *cmd, char ***out, int *n)
{
    *out = NULL;
    *n = 0;
    size_t len = strlen(cmd);
    char *word = malloc(len + 1);
    if (!word)
        return SEAM_ENOMEM;
    const char *p = cmd;
    for (;;) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' || *p == '\f')
            p++;
        if (!*p)
            break;
        size_t w = 0;
        while (*p && !(*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\v' ||
                       *p == '\f')) {
            if (*p == '"') {
                for (p++; *p && *p != '"'; p++) {
                    if (*p == '\\' && p[1])
                        p++;
                    word[w++] = *p;
                }
                if (*p)
                    p++;
            } else if (*p == '\'') {
                for (p++; *p && *p != '\''; p++)
                    word[w++] = *p;
                if (*p)
                    p++;
            } else {
                if (*p == '\\' && p[1])
                    p++;
                word[w++] = *p++;
            }
        }
        word[w] = '\0';
        if (strv_push(out, n, word) < 0) {
            free(word);
            return SEAM_ENOMEM;
        }
    }
    free(word);
    return 0;
}

/* The base name of path without a trailing ".exe". */
static int is_wrapper(const char *path)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    static const char *const wrappers[] = {"ccache", "distcc", "sccache", "gomacc", NULL};
    for (int i = 0; wrappers[i]; i++) {
        size_t n = strlen(wrappers[i]);
        if (strncmp(b, wrappers[i], n) == 0 && (!b[n] || strcmp(b + n, ".exe") == 0))
            return 1;
    }
    return 0;
}

/* What is wrong with entry e, or NULL (the keys clang's reader requires, with their types). */
static const char *entry_problem(const cJSON *e)
{
    const cJSON *args = cJSON_GetObjectItemCaseSensitive(e, "arguments");
    if (!cJSON_IsObject(e))
        return "is not an object";
    if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "directory")))
        return "has no \"directory\" string";
    if (!cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "file")))
        return "has no \"file\" string";
    if (!cJSON_IsArray(args) && !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "command")))
        return "has neither \"arguments\" nor \"command\"";
    for (const cJSON *a = cJSON_IsArray(args) ? args->child : NULL; a; a = a->next)
        if (!cJSON_IsString(a))
            return "has an argument that is not a string";
    return NULL;
}

/*
 * One entry of the database into *e. The command's words: "arguments"
 * (preferred, as clang does) or "command" split; a compiler wrapper (ccache
 * gcc ...) is dropped like clang drops it. Returns 0 or SEAM_ENOMEM.
 */
static int entry_from_json(compdb_entry *e, const cJSON *j, const char *base)
{
    const char *dir = cJSON_GetObjectItemCaseSensitive(j, "directory")->valuestring;
    const char *file = cJSON_GetObjectItemCaseSensitive(j, "file")->valuestring;
    const cJSON *args = cJSON_GetObjectItemCaseSensitive(j, "arguments");
    char **words = NULL;
    int n = 0, rc = 0;
    if (cJSON_IsArray(args)) {
        for (const cJSON *a = args->child; rc == 0 && a; a = a->next)
            rc = strv_push(&words, &n, a->valuestring);
    } else {
        rc = split_command(cJSON_GetObjectItemCaseSensitive(j, "command")->valuestring, &words, &n);
    }
    int skip = 0;
    /* "ccache gcc -c x.c": the compiler is the second word; "ccache -c x.c" has none. */
    while (rc == 0 && n - skip >= 2 && is_wrapper(words[skip]) && words[skip + 1][0] != '-' &&
           !same_file(words[skip + 1], file))
        skip++;
    /* "arguments": [] leaves words NULL: no offset from it (undefined, even of 0). */
    if (rc == 0)
        rc = entry_from_args(e, dir, file, words ? words + skip : NULL, n - skip, base);
    /* The database's own "output" is the object, whatever the command says. */
    const cJSON *output = cJSON_GetObjectItemCaseSensitive(j, "output");
    if (rc == 0 && cJSON_IsString(output) && output->valuestring[0]) {
        free(e->object);
        if (!(e->object = seam_strdup(output->valuestring)))
            rc = SEAM_ENOMEM;
    }
    strv_free(words, n);
    return rc;
}

int compdb_load(compdb *db, const char *dir, size_t max_input, seam_err *err)
{
    memset(db, 0, sizeof *db);
    char *path = seam_printf("%s/compile_commands.json", dir);
    char *base = realpath(dir, NULL);
    char *text = NULL;
    cJSON *json = NULL;
    int rc, cap = 0;
    if (!path) {
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory reading the compile database");
        goto out;
    }
    if (!base || access(path, R_OK) != 0) {
        rc = seam_err_set(err, SEAM_EIO, "cannot open compile database '%s': %s", path,
                          strerror(errno));
        goto out;
    }
    if ((rc = seam_file_read(path, "compile database", max_input, &text, NULL, err)) < 0)
        goto out;
    const char *end = NULL;
    json = cJSON_ParseWithOpts(text, &end, 1);
    if (!json) {
        int line = 1;
        for (const char *p = text; end && p < end; p++)
            line += *p == '\n';
        rc = seam_err_set(err, SEAM_EINPUT,
                          "malformed compile database '%s': invalid JSON at line %d", path, line);
        goto out;
    }
    /* The tree holds copies of every string: the text can go. */
    free(text);
    text = NULL;
    if (!cJSON_IsArray(json)) {
        rc = seam_err_set(err, SEAM_EINPUT, "malformed compile database '%s': not a JSON array",
                          path);
        goto out;
    }
    int i = 0;
    for (cJSON *j = json->child; j; i++) {
        const char *problem = entry_problem(j);
        if (problem) {
            rc = seam_err_set(err, SEAM_EINPUT, "malformed compile database '%s': entry %d %s",
                              path, i + 1, problem);
            goto out;
        }
        if (seam_array_reserve(&db->entries, &cap, db->n + 1, sizeof *db->entries) < 0) {
            rc = seam_err_set(err, SEAM_ENOMEM, "out of memory reading '%s'", path);
            goto out;
        }
        compdb_entry *e = &db->entries[db->n++];
        if (entry_from_json(e, j, base) < 0) {
            rc = seam_err_set(err, SEAM_ENOMEM, "out of memory reading '%s'", path);
            goto out;
        }
        if (!is_parsable(e->file)) {
            compdb_entry_free(e);
            db->n--;
        }
        /* Converted: its JSON is freed now, so the tree and the entries are never both
         * whole in memory. */
        cJSON *next = j->next;
        cJSON_Delete(cJSON_DetachItemViaPointer(json, j));
        j = next;
    }
    if (db->n == 0) {
        rc =
            seam_err_set(err, SEAM_EINPUT, "compile database '%s' has no C files to analyze", path);
        goto out;
    }
    rc = 0;
out:
    cJSON_Delete(json);
    free(text);
    free(path);
    free(base);
    return rc;
}

/*
 * Same file compiled twice: the key (a hash of the arguments) orders them, so
 * the database's order never matters.
 */
static int entry_cmp(const void *a, const void *b)
{
    const compdb_entry *x = a, *y = b;
    int c = strcmp(x->rel ? x->rel : x->file, y->rel ? y->rel : y->file);
    return c ? c : strcmp(x->key, y->key);
}

/* The shard (0-based) a file belongs to: stable across machines and runs. */
static int shard_of(const char *rel, int count)
{
    char hex[HASH_HEX];
    if (hash_string(rel, hex) < 0)
        return -1;
    char first[17];
    memcpy(first, hex, 16);
    first[16] = '\0';
    return (int)(strtoull(first, NULL, 16) % (unsigned long long)count);
}

/* The entry's key: what its facts depend on besides the contents of the files it reads. */
static int entry_key(compdb_entry *e, const char *root)
{
    hash_ctx h;
    if (hash_init(&h) < 0)
        return SEAM_ENOMEM;
    hash_add_str(&h, ANALYZER_FACTS_VERSION);
    CXString v = clang_getClangVersion();
    hash_add_str(&h, clang_getCString(v));
    clang_disposeString(v);
    hash_add_str(&h, root);
    hash_add_str(&h, e->file);
    for (int i = 0; i < e->argc; i++)
        hash_add_str(&h, e->argv[i]);
    return hash_final(&h, e->key);
}

int compdb_finish(compdb *db, const char *root, const analyzer_options *o, seam_err *err)
{
    /* Each entry's key names the libclang version. */
    if (clang_api_load(err) != SEAM_OK)
        return SEAM_ERROR;
    int kept = 0;
    for (int i = 0; i < db->n; i++) {
        compdb_entry *e = &db->entries[i];
        char *real = realpath(e->file, NULL);
        /* A file that does not exist stays: its TU is reported as one that cannot be read. */
        const char *rel = path_relative(root, real ? real : e->file);
        int excluded = rel && sources_excluded(o, rel);
        int keep = rel && !excluded;
        if (!keep) {
            db->skipped++;
            if (!db->first_skip &&
                !(db->first_skip = seam_printf("%s: %s", rel ? rel : e->file,
                                               rel ? "excluded by --exclude" : "outside SRC"))) {
                free(real);
                return seam_err_set(err, SEAM_ENOMEM, "out of memory reading the compile database");
            }
        }
        if (keep && o->shard_count > 0) {
            int s = shard_of(rel, o->shard_count);
            if (s < 0) {
                free(real);
                return seam_err_set(err, SEAM_ENOMEM, "out of memory selecting the shard");
            }
            keep = s == o->shard_index - 1;
            db->other_shards += !keep;
        }
        if (keep && !(e->rel = seam_strdup(rel))) {
            free(real);
            return seam_err_set(err, SEAM_ENOMEM, "out of memory reading the compile database");
        }
        free(real);
        if (keep && entry_key(e, root) < 0)
            return seam_err_set(err, SEAM_ENOMEM, "out of memory reading the compile database");
        if (!keep) {
            compdb_entry_free(e);
            continue;
        }
        db->entries[kept++] = *e;
        if (kept - 1 != i)
            memset(e, 0, sizeof *e);
    }
    db->n = kept;
    /* Before duplicates go: one file compiled alike into two targets belongs to both. */
    if (build_targets_collect(db, &db->targets, &db->ntargets) < 0)
        return seam_err_set(err, SEAM_ENOMEM, "out of memory reading the compile database");
    if (db->n > 1)
        qsort(db->entries, (size_t)db->n, sizeof *db->entries, entry_cmp);
    /* The same file with the same arguments twice is one TU: parsing it again adds nothing. */
    kept = db->n > 0;
    for (int i = 1; i < db->n; i++) {
        compdb_entry *e = &db->entries[i], *prev = &db->entries[kept - 1];
        if (entry_cmp(e, prev) != 0) {
            db->entries[kept++] = *e;
            if (kept - 1 != i)
                memset(e, 0, sizeof *e);
            continue;
        }
        if (db->duplicates++ == 0 && !(db->first_dup = seam_strdup(e->rel)))
            return seam_err_set(err, SEAM_ENOMEM, "out of memory reading the compile database");
        compdb_entry_free(e);
    }
    db->n = kept;
    return 0;
}
