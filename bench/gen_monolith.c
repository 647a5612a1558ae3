/*
 * gen_monolith.c - bench/gen-monolith: writes a synthetic C monolith with
 * planted domains, for measuring seam's analyzer (speed) and decomposer
 * (MoJoFM against the planted truth). See bench/README.md.
 */
#include "gen.h"

#include <dirent.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const char usage_text[] =
    "Usage: gen-monolith [-n FILES] [-d DOMAINS] [--seed S] [--noise P] [--git COMMITS]\n"
    "                    [--layout layer|domain|flat] [--names domain|plain] -o DIR\n";

static const char help_text[] =
    "Writes a synthetic C monolith with planted domains into DIR (absent or empty).\n"
    "\n"
    "  -n, --files N      .c files in all, utilities and main.c included (default 2000;\n"
    "                     each has its .h except main.c); at least 7 + 3 per domain\n"
    "  -d, --domains D    planted domains (default 20)\n"
    "      --seed S       random seed (default 1); same options, same bytes\n"
    "      --noise P      share of calls, and of reads, that cross domains (default 0.10)\n"
    "      --git K        also a git repository whose history has K commits (default 0:\n"
    "                     none)\n"
    "      --layout L     layer: src/<layer>/ directories that cut across domains\n"
    "                     (default); domain: src/<domain>/; flat: everything in src/\n"
    "      --names N      domain: the domain's word prefixes its modules, functions and\n"
    "                     tables (default); plain: no name tells the domain (modules\n"
    "                     named from one pool for all domains, tables invoices,\n"
    "                     invoices2, ...)\n"
    "  -o, --output DIR   where to write\n"
    "  -h, --help         this help\n"
    "\n"
    "DIR receives src/ (the C code), schema.sql (SQLite DDL), compile_commands.json,\n"
    "expected-services.json (the planted decomposition) and, with --git, .git.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fprintf(stderr, "gen-monolith: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage_text);
    return 2;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

/* DIR must be absent (it is created) or an empty directory: never overwrite anyone's files. */
static int prepare_dir(const char *dir, seam_err *err)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        if (errno != ENOENT)
            return seam_err_set(err, SEAM_EIO, "'%s': %s", dir, strerror(errno));
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/", dir) >= (int)sizeof path)
            return seam_err_set(err, SEAM_EIO, "'%s': path too long", dir);
        for (char *s = path + 1; *s; s++) {
            if (*s != '/')
                continue;
            *s = '\0';
            if (mkdir(path, 0777) != 0 && errno != EEXIST)
                return seam_err_set(err, SEAM_EIO, "cannot create '%s': %s", path, strerror(errno));
            *s = '/';
        }
        return 0;
    }
    if (!S_ISDIR(st.st_mode))
        return seam_err_set(err, SEAM_EIO, "'%s' exists and is not a directory", dir);
    DIR *d = opendir(dir);
    if (!d)
        return seam_err_set(err, SEAM_EIO, "'%s': %s", dir, strerror(errno));
    struct dirent *e;
    int empty = 1;
    while (empty && (e = readdir(d)) != NULL)
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    closedir(d);
    if (!empty)
        return seam_err_set(err, SEAM_EIO, "'%s' is not empty; give a new or empty directory", dir);
    return 0;
}

static long count_lines(const gen_plan *p)
{
    long n = 0;
    for (int i = 0; i < p->nfiles; i++) {
        const gen_file *f = &p->files[i];
        if (f->owner == GEN_OWNER_META)
            continue;
        for (size_t k = 0; k < f->text.len; k++)
            n += f->text.s[k] == '\n';
    }
    return n;
}

static int generate(const gen_options *o, seam_err *err)
{
    int rc = prepare_dir(o->out_dir, err);
    if (rc)
        return rc;
    char abs_dir[PATH_MAX];
    if (!realpath(o->out_dir, abs_dir))
        return seam_err_set(err, SEAM_EIO, "'%s': %s", o->out_dir, strerror(errno));
    gen_plan plan;
    rc = gen_plan_build(o, &plan, err);
    if (!rc)
        rc = gen_code_write(&plan, err);
    if (!rc)
        rc = gen_meta_write(&plan, abs_dir, err);
    if (!rc)
        rc = gen_files_save(&plan, err);
    if (!rc && o->commits > 0)
        rc = gen_git_write(&plan, err);
    if (!rc) {
        int c_files = 0, h_files = 0;
        for (int i = 0; i < plan.nfiles; i++) {
            const char *path = plan.files[i].path;
            size_t len = strlen(path);
            c_files += len > 2 && strcmp(path + len - 2, ".c") == 0;
            h_files += len > 2 && strcmp(path + len - 2, ".h") == 0;
        }
        printf("gen-monolith: %s: %d .c and %d .h files, %ld lines, %d domains, %d tables", abs_dir,
               c_files, h_files, count_lines(&plan), plan.ndomains, plan.ntables);
        if (o->commits > 0)
            printf(", %d commits", o->commits);
        printf("\n");
    }
    gen_plan_free(&plan);
    return rc;
}

int main(int argc, char **argv)
{
    enum { OPT_SEED = 256, OPT_NOISE, OPT_GIT, OPT_LAYOUT, OPT_NAMES };
    static const struct option longopts[] = {
        {"files", required_argument, NULL, 'n'},
        {"domains", required_argument, NULL, 'd'},
        {"seed", required_argument, NULL, OPT_SEED},
        {"noise", required_argument, NULL, OPT_NOISE},
        {"git", required_argument, NULL, OPT_GIT},
        {"layout", required_argument, NULL, OPT_LAYOUT},
        {"names", required_argument, NULL, OPT_NAMES},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    gen_options o = {.files = 2000, .domains = 20, .seed = 1, .noise = 0.10};
    int c;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":n:d:o:h", longopts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'n':
            if (parse_int(optarg, 1, 10000000, &o.files))
                return usage_error("-n: '%s' is not a number of files", optarg);
            break;
        case 'd':
            if (parse_int(optarg, 1, 100000, &o.domains))
                return usage_error("-d: '%s' is not a number of domains", optarg);
            break;
        case OPT_SEED:
            errno = 0;
            o.seed = strtoull(optarg, &end, 10);
            if (errno || end == optarg || *end || *optarg == '-')
                return usage_error("--seed: '%s' is not a non-negative integer", optarg);
            break;
        case OPT_NOISE:
            errno = 0;
            o.noise = strtod(optarg, &end);
            if (errno || end == optarg || *end || !(o.noise >= 0 && o.noise <= 1))
                return usage_error("--noise: '%s' is not a share between 0 and 1", optarg);
            break;
        case OPT_GIT:
            if (parse_int(optarg, 0, 1000000, &o.commits))
                return usage_error("--git: '%s' is not a number of commits", optarg);
            break;
        case OPT_LAYOUT:
            if (strcmp(optarg, "layer") == 0)
                o.layout = GEN_LAYOUT_LAYER;
            else if (strcmp(optarg, "domain") == 0)
                o.layout = GEN_LAYOUT_DOMAIN;
            else if (strcmp(optarg, "flat") == 0)
                o.layout = GEN_LAYOUT_FLAT;
            else
                return usage_error("--layout: '%s' is not layer, domain or flat", optarg);
            break;
        case OPT_NAMES:
            if (strcmp(optarg, "domain") == 0)
                o.names = GEN_NAMES_DOMAIN;
            else if (strcmp(optarg, "plain") == 0)
                o.names = GEN_NAMES_PLAIN;
            else
                return usage_error("--names: '%s' is not domain or plain", optarg);
            break;
        case 'o':
            o.out_dir = optarg;
            break;
        case 'h':
            fputs(usage_text, stdout);
            fputs(help_text, stdout);
            return 0;
        case ':':
            return usage_error("option '%s' needs an argument", argv[optind - 1]);
        default:
            return usage_error("unknown option '%s'", argv[optind - 1]);
        }
    }
    if (optind < argc)
        return usage_error("unexpected argument '%s'", argv[optind]);
    if (!o.out_dir || !*o.out_dir)
        return usage_error("%s", "missing -o DIR");

    seam_err err;
    seam_err_clear(&err);
    int rc = generate(&o, &err);
    if (rc) {
        fprintf(stderr, "gen-monolith: %s\n", err.msg[0] ? err.msg : "failed");
        return rc == SEAM_EUSAGE ? 2 : 1;
    }
    return 0;
}
