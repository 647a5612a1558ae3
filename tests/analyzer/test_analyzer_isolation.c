/*
 * test_analyzer_isolation.c - hostile translation units cost themselves, not
 * the run: valid C nested deeper than libclang's stack, an #include of a FIFO
 * (the per-TU deadline), memory exhausted under an address-space limit,
 * compile database entries that are FIFOs, devices or directories, and a
 * database whose every entry is skipped.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "analyzer.h"
#include "check.h"
#include "report.h"
#include "tiny_project.h"

static const char *const OK_C = "int ok(int x) { return x + 1; }\nint caller(void) { return ok(2); }\n";

/* The model's TU for file, or NULL. */
static const seam_tu *tu_of(const seam_model *m, const char *file)
{
    for (int i = 0; i < m->ntus; i++)
        if (strcmp(m->tus[i].file, file) == 0)
            return &m->tus[i];
    return NULL;
}

/* Writes a file of n repetitions of unit between head and tail. */
static void write_repeat(tiny_project *p, const char *rel, const char *head, const char *unit, int n,
                         const char *tail)
{
    size_t ul = strlen(unit), len = strlen(head) + ul * (size_t)n + strlen(tail) + 1;
    char *text = malloc(len), *q = text;
    q += sprintf(q, "%s", head);
    for (int i = 0; i < n; i++, q += ul)
        memcpy(q, unit, ul);
    sprintf(q, "%s", tail);
    tiny_project_write(p, rel, text);
    free(text);
}

static char *json_of(const seam_model *m)
{
    char path[] = "/tmp/seam-iso-XXXXXX";
    int fd = mkstemp(path);
    seam_err err;
    CHECK(fd >= 0 && report_write_json(m, path, &err) == 0);
    FILE *fp = fopen(path, "rb");
    char *text = calloc(1, 1 << 22);
    size_t n = fp ? fread(text, 1, (1 << 22) - 1, fp) : 0;
    text[n] = '\0';
    if (fp)
        fclose(fp);
    close(fd);
    unlink(path);
    return text;
}

/* Deeply nested valid C: each such TU is one parse error; the others are parsed; any -j agrees. */
static void test_deep_nesting(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "ok.c", OK_C);
    write_repeat(&p, "sum.c", "int sum(void) { return 1", "+1", 50000, "; }\n");
    write_repeat(&p, "assign.c", "int a(void) { int x; x = ", "x = ", 50000, "1; return x; }\n");
    write_repeat(&p, "comma.c", "int c(int x) { return (x", ",x", 50000, "); }\n");
    tiny_project_compdb(&p, "", (const char *[]){"ok.c", "sum.c", "assign.c", "comma.c", NULL});
    char *json[2] = {NULL, NULL};
    for (int j = 0; j < 2; j++) {
        analyzer_options o = {.src_dir = p.root, .build_dir = p.root, .jobs = j ? 3 : 1};
        analyzer_stats st;
        o.stats = &st;
        seam_model m;
        seam_model_init(&m);
        seam_err err;
        seam_err_clear(&err);
        CHECK_INT(analyzer_run(&o, &m, &err), 0);
        const seam_tu *ok = tu_of(&m, "ok.c");
        CHECK(ok && ok->parsed && ok->errors == 0);
        CHECK(tiny_find_function(&m, "caller", "ok.c") >= 0);
        const char *deep[] = {"sum.c", "assign.c", "comma.c"};
        int crashed = 0;
        for (int k = 0; k < 3; k++) {
            const seam_tu *t = tu_of(&m, deep[k]);
            CHECK(t != NULL);
            if (!t || t->parsed)
                continue;
            crashed++;
            CHECK_INT(t->errors, 1);
            CHECK(t->ndiagnostics == 1 &&
                  strstr(t->diagnostics[0], "libclang crashed while parsing it (") &&
                  strstr(t->diagnostics[0], "); skipped"));
            CHECK(strncmp(t->diagnostics[0], deep[k], strlen(deep[k])) == 0);
        }
        /* At least the 50,000-term sum overflows libclang's stack. */
        CHECK(crashed >= 1);
        CHECK_INT(st.crashed, crashed);
        CHECK_INT(st.failed, crashed);
        json[j] = json_of(&m);
        seam_model_free(&m);
    }
    CHECK(json[0] && json[1] && strcmp(json[0], json[1]) == 0);
    free(json[0]);
    free(json[1]);
    tiny_project_remove(&p);
}

/* A header that is a FIFO nobody writes: the TU overruns the deadline and is skipped. */
static void test_fifo_include(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "ok.c", OK_C);
    tiny_project_write(&p, "stuck.c", "#include \"stuck.h\"\nint s(void) { return 1; }\n");
    tiny_project_write(&p, "stdin.c", "#include \"/dev/stdin\"\nint i(void) { return 1; }\n");
    char fifo[700];
    snprintf(fifo, sizeof fifo, "%s/stuck.h", p.root);
    CHECK(mkfifo(fifo, 0600) == 0);
    tiny_project_compdb(&p, "", (const char *[]){"ok.c", "stuck.c", "stdin.c", NULL});
    /* A standard input that never ends: workers must not read it. */
    int pipefd[2];
    CHECK(pipe(pipefd) == 0);
    int saved = dup(0);
    dup2(pipefd[0], 0);
    analyzer_options o = {.src_dir = p.root, .build_dir = p.root, .jobs = 2, .tu_timeout = 2};
    analyzer_stats st;
    o.stats = &st;
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    time_t t0 = time(NULL);
    CHECK_INT(analyzer_run(&o, &m, &err), 0);
    CHECK(time(NULL) - t0 < 20);
    dup2(saved, 0);
    close(saved);
    close(pipefd[0]);
    close(pipefd[1]);
    const seam_tu *t = tu_of(&m, "stuck.c");
    CHECK(t && !t->parsed && t->ndiagnostics == 1);
    if (t && t->ndiagnostics == 1)
        CHECK_STR(t->diagnostics[0], "stuck.c: did not finish parsing within 2 s (a FIFO or "
                                     "device included? --tu-timeout); skipped");
    CHECK_INT(st.timed_out, 1);
    t = tu_of(&m, "stdin.c");
    CHECK(t && t->parsed);
    CHECK(tiny_find_function(&m, "caller", "ok.c") >= 0);
    CHECK(tiny_find_function(&m, "i", "stdin.c") >= 0);
    seam_model_free(&m);
    tiny_project_remove(&p);
}

/* Compile database entries that are not regular files are never handed to libclang. */
static void test_special_entries(void)
{
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "ok.c", OK_C);
    tiny_project_write(&p, "dir.c/keep", "x");
    char path[700];
    snprintf(path, sizeof path, "%s/fifo.c", p.root);
    CHECK(mkfifo(path, 0600) == 0);
    snprintf(path, sizeof path, "%s/null.c", p.root);
    CHECK(symlink("/dev/null", path) == 0);
    tiny_project_compdb(&p, "",
                        (const char *[]){"ok.c", "dir.c", "fifo.c", "null.c", "gone.c", NULL});
    analyzer_options o = {.src_dir = p.root, .build_dir = p.root, .jobs = 2, .tu_timeout = 30};
    analyzer_stats st;
    o.stats = &st;
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    time_t t0 = time(NULL);
    CHECK_INT(analyzer_run(&o, &m, &err), 0);
    CHECK(time(NULL) - t0 < 10);
    CHECK_INT(st.unreadable, 3);
    CHECK_INT(st.failed, 3);
    CHECK_INT(st.parsed, 1);
    const seam_tu *t = tu_of(&m, "fifo.c");
    CHECK(t && !t->parsed && t->errors == 1 && t->ndiagnostics == 1);
    if (t && t->ndiagnostics)
        CHECK_STR(t->diagnostics[0], "fifo.c: not a regular file (a FIFO); skipped");
    t = tu_of(&m, "dir.c");
    CHECK(t && t->ndiagnostics);
    if (t && t->ndiagnostics)
        CHECK_STR(t->diagnostics[0], "dir.c: not a regular file (a directory); skipped");
    t = tu_of(&m, "gone.c");
    CHECK(t && t->ndiagnostics);
    if (t && t->ndiagnostics)
        CHECK_STR(t->diagnostics[0],
                  "gone.c: the file cannot be read (No such file or directory); skipped");
    /* null.c is a link to /dev/null, outside SRC: not a TU of the project at all. */
    CHECK(tu_of(&m, "null.c") == NULL);
    CHECK_INT(m.ntus, 4);
    seam_model_free(&m);
    tiny_project_remove(&p);
}

/* Every entry skipped, whatever the reason: one line, SEAM_EINPUT. */
static void test_all_skipped(void)
{
    tiny_project p;
    tiny_project_init(&p);
    char path[700];
    snprintf(path, sizeof path, "%s/fifo.c", p.root);
    CHECK(mkfifo(path, 0600) == 0);
    tiny_project_compdb(&p, "", (const char *[]){"gone.c", "fifo.c", NULL});
    analyzer_options o = {.src_dir = p.root, .build_dir = p.root, .jobs = 2};
    seam_model m;
    seam_model_init(&m);
    seam_err err;
    seam_err_clear(&err);
    CHECK_INT(analyzer_run(&o, &m, &err), SEAM_EINPUT);
    CHECK_STR(err.msg, "no translation unit could be read: all 2 compile database entries were "
                       "skipped (first: fifo.c: not a regular file (a FIFO); skipped)");
    seam_model_free(&m);

    /* All excluded. */
    tiny_project_write(&p, "a.c", OK_C);
    tiny_project_write(&p, "b.c", OK_C);
    tiny_project_compdb(&p, "", (const char *[]){"a.c", "b.c", NULL});
    const char *ex[] = {"*.c"};
    o.exclude = ex;
    o.nexclude = 1;
    seam_model_init(&m);
    seam_err_clear(&err);
    CHECK_INT(analyzer_run(&o, &m, &err), SEAM_EINPUT);
    CHECK(strstr(err.msg, "all 2 compile database entries were skipped (first: ") &&
          strstr(err.msg, ".c: excluded by --exclude)"));
    seam_model_free(&m);
    /* An empty shard is not an error. */
    o.nexclude = 0;
    o.shard_count = 40;
    int empty = 0;
    for (o.shard_index = 1; o.shard_index <= 40; o.shard_index++) {
        analyzer_facts *f = NULL;
        int rc = analyzer_collect(&o, &f, &err);
        CHECK_INT(rc, 0);
        const char *file;
        empty += analyzer_facts_tu(f, 0, &file, NULL) != 0;
        analyzer_facts_free(f);
    }
    CHECK(empty >= 38);
    tiny_project_remove(&p);
}

/*
 * Under an address-space limit a little above what the process already maps,
 * no TU can be parsed: one error, SEAM_ENOMEM, from a child process (the
 * limit must not hold for the rest of the tests).
 */
static void test_memory_limit(void)
{
#if defined(__SANITIZE_ADDRESS__)
    printf("memory limit: skipped under AddressSanitizer\n");
    return;
#else
    tiny_project p;
    tiny_project_init(&p);
    tiny_project_write(&p, "a.c", "#include <stdio.h>\nint a(void) { return printf(\"a\"); }\n");
    tiny_project_write(&p, "b.c", "#include <stdlib.h>\nint b(void) { return abs(-1); }\n");
    tiny_project_compdb(&p, "", (const char *[]){"a.c", "b.c", NULL});
    int fds[2];
    CHECK(pipe(fds) == 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(fds[0]);
        /* What the process maps now (libclang is loaded), plus 4 MB. */
        FILE *fp = fopen("/proc/self/status", "r");
        char line[256];
        long vm = 0;
        while (fp && fgets(line, sizeof line, fp))
            if (sscanf(line, "VmSize: %ld kB", &vm) == 1)
                break;
        if (fp)
            fclose(fp);
        struct rlimit rl = {(rlim_t)(vm + 4 * 1024) * 1024, (rlim_t)(vm + 4 * 1024) * 1024};
        setrlimit(RLIMIT_AS, &rl);
        analyzer_options o = {.src_dir = p.root, .build_dir = p.root, .jobs = 2};
        seam_err err;
        seam_err_clear(&err);
        analyzer_facts *f = NULL;
        int rc = analyzer_collect(&o, &f, &err);
        dprintf(fds[1], "%d\n%s", rc, err.msg);
        _exit(0);
    }
    close(fds[1]);
    char buf[1024] = "";
    ssize_t n = read(fds[0], buf, sizeof buf - 1);
    buf[n > 0 ? n : 0] = '\0';
    close(fds[0]);
    int status;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    if (atoi(buf) != SEAM_ENOMEM)
        fprintf(stderr, "memory limit: %s\n", buf);
    CHECK(atoi(buf) == SEAM_ENOMEM);
    CHECK(strstr(buf, "the parser ran out of memory: no translation unit could be parsed") !=
          NULL);
    CHECK(strchr(strchr(buf, '\n') ? strchr(buf, '\n') + 1 : buf, '\n') == NULL);
    tiny_project_remove(&p);
#endif
}

int main(void)
{
    test_deep_nesting();
    test_fifo_include();
    test_special_entries();
    test_all_skipped();
    test_memory_limit();
    return check_finish();
}
