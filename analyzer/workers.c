/*
 * workers.c - parsing in worker processes, so that libclang failing on one
 * translation unit costs that TU and not the run.
 *
 * libclang can take the whole process down on valid but hostile C: a
 * 50,000-term expression or a 10,000-branch else-if chain overflows the
 * stack of its parse thread (or of the visitor walking the result), an
 * allocation failure aborts, and an #include of a FIFO blocks forever. So
 * each parse happens in a child process forked from the (single-threaded)
 * caller: the parent sends a TU's index over a socket, the child parses it
 * with its own CXIndex, serializes the facts with tu_facts_serial.c (the form the
 * cache already round-trips, so the model is the same bytes) and sends them
 * back, length-prefixed. The parent polls every child. A child that dies
 * makes its TU one parse error naming the signal, one that overruns the
 * per-TU deadline is killed and its TU is one parse error too, and a fresh
 * child takes the remaining TUs.
 *
 * A child's stdin is /dev/null, its stdout and stderr go to a pipe the parent
 * reads, keeping only the last line that gives a reason (an error, an
 * assertion, memory), without process ids or addresses, for the diagnostic:
 * libclang's crash dumps never reach the terminal. Children exit on EOF of their socket and
 * are killed with their parent (PR_SET_DEATHSIG), so none outlives a run.
 */
#define _GNU_SOURCE
#include "analyzer_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ERRLINE_MAX 200 /* the longest stderr line kept for a diagnostic */

/* One child: its socket, its stderr pipe, and the TU it is parsing. */
typedef struct worker {
    pid_t pid;      /* 0: no child in this slot */
    int sock;       /* requests out, framed answers in */
    int errfd;      /* the child's stdout and stderr; -1 once at EOF */
    int tu;         /* the entry being parsed, or -1 when idle */
    double started; /* when that TU was handed over */
    char *buf;      /* the answer read so far */
    size_t len, cap;
    char line[ERRLINE_MAX + 1]; /* the stderr line being read */
    size_t linelen;
    char last[ERRLINE_MAX + 1]; /* the last complete stderr line giving a reason (cleaned) */
    int oom;                    /* stderr spoke of memory exhaustion: last is that line */
} worker;

typedef struct pool {
    const compdb *db;
    const char *root;
    tu_facts *tus;
    worker *w;
    int nw;
    int timeout; /* seconds per TU */
    workers_done_fn done;
    void *ctx;
    workers_result *res;
} pool;

static double mono_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int workers_single_threaded(void)
{
    FILE *fp = fopen("/proc/self/status", "r");
    if (!fp)
        return 0;
    char line[256];
    int threads = -1;
    while (fgets(line, sizeof line, fp))
        if (sscanf(line, "Threads: %d", &threads) == 1)
            break;
    fclose(fp);
    return threads == 1;
}

/* ---- the child --------------------------------------------------------------- */

static int send_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n > 0) {
        ssize_t k = send(fd, c, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

static int recv_all(int fd, void *p, size_t n)
{
    char *c = p;
    while (n > 0) {
        ssize_t k = recv(fd, c, n, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        c += k;
        n -= (size_t)k;
    }
    return 0;
}

/*
 * The answer for one TU: a header (payload length, rc) and the payload: on
 * success the facts' JSON and each dependency, every one NUL-terminated; on
 * failure the error line.
 */
static int child_answer(int sock, int rc, const char *facts, const tu_facts *tu, const char *msg)
{
    uint64_t len = 0;
    if (rc == 0) {
        len = strlen(facts) + 1;
        for (int d = 0; d < tu->ndeps; d++)
            len += strlen(tu->deps[d]) + 1;
    } else {
        len = strlen(msg) + 1;
    }
    int32_t r = rc;
    if (send_all(sock, &len, sizeof len) < 0 || send_all(sock, &r, sizeof r) < 0)
        return -1;
    if (rc != 0)
        return send_all(sock, msg, strlen(msg) + 1);
    if (send_all(sock, facts, strlen(facts) + 1) < 0)
        return -1;
    for (int d = 0; d < tu->ndeps; d++)
        if (send_all(sock, tu->deps[d], strlen(tu->deps[d]) + 1) < 0)
            return -1;
    return 0;
}

/* The child's life: parse what the parent asks for until its socket closes. */
static void child_main(int sock, int errfd, pid_t parent, const compdb *db, const char *root)
{
    /* Die with the parent, even one killed with SIGKILL. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(0);
    /* The parent's handlers (if any) mean nothing here. */
    signal(SIGINT, SIG_DFL);
    signal(SIGTERM, SIG_DFL);
    signal(SIGPIPE, SIG_DFL);
    int null = open("/dev/null", O_RDONLY);
    if (null < 0 || dup2(null, 0) < 0 || dup2(errfd, 1) < 0 || dup2(errfd, 2) < 0 ||
        dup2(sock, 3) < 0)
        _exit(127);
    sock = 3;
    /* Nothing else of the parent's stays open: another child's socket held here would
     * hide the EOF that tells that child to exit. */
    close_range(4, ~0u, 0);
    /* A crash ends this process, which is what it is for: libclang's own recovery would
     * report "crashed" with the reason lost, and leave the process in doubt. */
    setenv("LIBCLANG_DISABLE_CRASH_RECOVERY", "1", 1);
    CXIndex idx = clang_createIndex(0, 0);
    strmap memo = {0};
    for (;;) {
        int32_t i;
        if (recv_all(sock, &i, sizeof i) < 0)
            break;
        if (i < 0 || i >= db->n)
            _exit(126);
        tu_facts tu;
        memset(&tu, 0, sizeof tu);
        seam_err e;
        seam_err_clear(&e);
        int rc = idx ? tu_facts_collect(idx, &db->entries[i], root, &memo, &tu, &e)
                     : seam_err_set(&e, SEAM_ERROR, "libclang could not create an index");
        char *text = NULL;
        if (rc == 0 && !(text = tu_facts_serialize(&tu)))
            rc = seam_err_set(&e, SEAM_ENOMEM, "out of memory serializing facts");
        int sent = child_answer(sock, rc, text, &tu, e.msg);
        free(text);
        tu_facts_free(&tu);
        if (sent < 0)
            break;
    }
    /* _exit: no atexit handlers, no stdio buffers copied from the parent flushed twice. */
    _exit(0);
}

/* ---- the parent ---------------------------------------------------------------- */

static void set_nonblock(int fd)
{
    int fl = fcntl(fd, F_GETFL);
    if (fl >= 0)
        fcntl(fd, F_SETFL, fl | O_NONBLOCK);
}

/* Forks a child into slot k. Returns 0 or -errno. */
static int worker_start(pool *p, int k)
{
    int sv[2], ep[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
        return -errno;
    if (pipe2(ep, O_CLOEXEC) < 0) {
        int e = errno;
        close(sv[0]);
        close(sv[1]);
        return -e;
    }
    pid_t parent = getpid();
    /* The child inherits stdio buffers: flushed here so that nothing is written twice. */
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        close(sv[0]);
        close(sv[1]);
        close(ep[0]);
        close(ep[1]);
        return -e;
    }
    if (pid == 0) {
        close(sv[0]);
        close(ep[0]);
        child_main(sv[1], ep[1], parent, p->db, p->root);
    }
    close(sv[1]);
    close(ep[1]);
    worker *w = &p->w[k];
    free(w->buf);
    memset(w, 0, sizeof *w);
    w->pid = pid;
    w->sock = sv[0];
    w->errfd = ep[0];
    w->tu = -1;
    set_nonblock(w->sock);
    set_nonblock(w->errfd);
    return 0;
}

/* Closes slot k's descriptors and reaps its child (killed first when still alive). */
static int worker_reap(worker *w, int kill_first)
{
    int status = 0;
    if (kill_first)
        kill(w->pid, SIGKILL);
    close(w->sock);
    if (w->errfd >= 0)
        close(w->errfd);
    w->errfd = -1;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    w->pid = 0;
    free(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
    return status;
}

/* Whether a stderr line says memory ran out (LLVM, the C++ runtime, the C library). */
static int says_oom(const char *line)
{
    return strstr(line, "out of memory") || strstr(line, "bad_alloc") ||
           strstr(line, "Cannot allocate memory") || strstr(line, "Out of memory") ||
           strstr(line, "pthread_create failed");
}

/* Whether a stderr line is a reason (not a stack frame or a banner). */
static int says_why(const char *line)
{
    return strstr(line, "error") || strstr(line, "Error") || strstr(line, "ERROR") ||
           strstr(line, "Assertion") || strstr(line, "terminate called") || says_oom(line);
}

/*
 * Copies a reason line without what changes from run to run (the output
 * stays deterministic): "==1234==" process ids, hexadecimal addresses.
 */
static void line_keep(char *dst, const char *src)
{
    size_t n = 0;
    for (const char *p = src; *p && n < ERRLINE_MAX; p++) {
        if (p[0] == '=' && p[1] == '=') {
            const char *q = p + 2;
            while (*q >= '0' && *q <= '9')
                q++;
            if (q > p + 2 && q[0] == '=' && q[1] == '=') {
                p = q + 1;
                continue;
            }
        }
        if (p[0] == '0' && p[1] == 'x') {
            const char *q = p + 2;
            while ((*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'f') || (*q >= 'A' && *q <= 'F'))
                q++;
            if (q > p + 2 && n + 3 < ERRLINE_MAX) {
                memcpy(dst + n, "0x_", 3);
                n += 3;
                p = q - 1;
                continue;
            }
        }
        dst[n++] = *p;
    }
    dst[n] = '\0';
}

static void line_end(worker *w)
{
    w->line[w->linelen] = '\0';
    /* After a line about memory, that line stays the one worth showing. */
    if (w->linelen > 0 && !w->oom && says_why(w->line)) {
        line_keep(w->last, w->line);
        w->oom = says_oom(w->line) != 0;
    }
    w->linelen = 0;
}

/* Reads what the child wrote on stderr, keeping the last line. */
static void worker_read_err(worker *w)
{
    char chunk[4096];
    for (;;) {
        ssize_t k = read(w->errfd, chunk, sizeof chunk);
        if (k < 0 && errno == EINTR)
            continue;
        if (k == 0) {
            line_end(w);
            close(w->errfd);
            w->errfd = -1;
            return;
        }
        if (k < 0)
            return; /* EAGAIN: nothing more for now */
        for (ssize_t i = 0; i < k; i++) {
            char c = chunk[i];
            if (c == '\n' || c == '\r')
                line_end(w);
            else if (w->linelen < ERRLINE_MAX)
                w->line[w->linelen++] = c;
        }
    }
}

/* A TU whose child did not give facts: one parse error, skipped, never cached. */
static int tu_failed(pool *p, int i, const char *why)
{
    const compdb_entry *e = &p->db->entries[i];
    tu_facts *out = &p->tus[i];
    tu_facts_free(out);
    memcpy(out->key, e->key, sizeof out->key);
    out->errors = 1;
    char *msg = NULL;
    if (!(out->main_file = seam_strdup(e->rel ? e->rel : e->file)) ||
        !(msg = seam_printf("%s: %s; skipped", out->main_file, why)) ||
        strv_push(&out->diags, &out->ndiags, msg) < 0) {
        free(msg);
        return SEAM_ENOMEM;
    }
    free(msg);
    return 0;
}

/* The TU of a child that died (status from waitpid) becomes a parse error. */
static int worker_died(pool *p, worker *w, int status)
{
    char why[ERRLINE_MAX + 160];
    const char *last = w->last[0] ? w->last : NULL;
    if (w->oom) {
        snprintf(why, sizeof why, "libclang ran out of memory while parsing it%s%s%s",
                 last ? " (" : "", last ? last : "", last ? ")" : "");
        p->res->oom++;
    } else if (WIFSIGNALED(status)) {
        int sig = WTERMSIG(status);
        const char *name = strsignal(sig);
        snprintf(why, sizeof why, "libclang crashed while parsing it (signal %d: %s%s%s)", sig,
                 name ? name : "unknown", last ? "; " : "", last ? last : "");
    } else {
        snprintf(why, sizeof why, "libclang crashed while parsing it (exit status %d%s%s)",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1, last ? "; " : "",
                 last ? last : "");
    }
    p->res->crashed++;
    return tu_failed(p, w->tu, why);
}

/* A complete answer in w->buf: the facts go into the TU's slot (text kept as its blob). */
static int worker_answer(pool *p, worker *w, seam_err *err)
{
    uint64_t len;
    int32_t rc;
    memcpy(&len, w->buf, sizeof len);
    memcpy(&rc, w->buf + sizeof len, sizeof rc);
    char *payload = w->buf + sizeof len + sizeof rc;
    const compdb_entry *e = &p->db->entries[w->tu];
    if (len == 0 || payload[len - 1] != '\0')
        return seam_err_set(err, SEAM_ERROR, "a parser process answered garbage for '%s'",
                            e->file);
    if (rc == SEAM_ENOMEM) {
        p->res->crashed++;
        p->res->oom++;
        return tu_failed(p, w->tu, "libclang ran out of memory while parsing it");
    }
    if (rc != 0) {
        p->res->crashed++;
        return tu_failed(p, w->tu, payload);
    }
    tu_facts *tu = &p->tus[w->tu];
    tu_facts_free(tu);
    int r = tu_facts_deserialize(payload, tu);
    if (r == 0 && !(tu->blob = seam_strdup(payload)))
        r = SEAM_ENOMEM;
    size_t off = strlen(payload) + 1;
    while (r == 0 && off < len) {
        if (strv_push(&tu->deps, &tu->ndeps, payload + off) < 0)
            r = SEAM_ENOMEM;
        tu->capdeps = tu->ndeps;
        off += strlen(payload + off) + 1;
    }
    if (r == SEAM_ENOMEM)
        return seam_err_set(err, r, "out of memory reading the facts of '%s'", e->file);
    if (r < 0)
        return seam_err_set(err, SEAM_ERROR, "a parser process answered garbage for '%s'",
                            e->file);
    /* libclang's crash recovery turns an allocation failure into "no TU": the child's
     * stderr tells why, and the TU is not cached as if the code were at fault. */
    if (!tu->parsed) {
        worker_read_err(w);
        if (w->oom) {
            char why[ERRLINE_MAX + 64];
            snprintf(why, sizeof why, "libclang ran out of memory while parsing it (%s)", w->last);
            p->res->crashed++;
            p->res->oom++;
            return tu_failed(p, w->tu, why);
        }
    }
    return 0;
}

/*
 * Reads what the child sent. Returns 1 when its answer is complete, 0 when
 * more is to come, -1 when the child closed its socket (it died).
 */
static int worker_read(worker *w)
{
    for (;;) {
        size_t want = sizeof(uint64_t) + sizeof(int32_t);
        if (w->len >= sizeof(uint64_t)) {
            uint64_t plen;
            memcpy(&plen, w->buf, sizeof plen);
            if (plen > (uint64_t)SIZE_MAX / 2)
                return -1;
            want += (size_t)plen;
        }
        if (w->len >= want && w->len >= sizeof(uint64_t))
            return 1;
        if (w->cap - w->len < 65536) {
            size_t cap = w->cap ? w->cap * 2 : 65536;
            while (cap < want)
                cap *= 2;
            char *nb = realloc(w->buf, cap);
            if (!nb)
                return -2;
            w->buf = nb;
            w->cap = cap;
        }
        ssize_t k = recv(w->sock, w->buf + w->len, w->cap - w->len, 0);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            return 0;
        if (k <= 0)
            return -1;
        w->len += (size_t)k;
    }
}

static int worker_send(worker *w, int i)
{
    int32_t v = i;
    w->tu = i;
    w->len = 0;
    w->last[0] = '\0';
    w->linelen = 0;
    w->oom = 0;
    w->started = mono_now();
    /* The socket is non-blocking but empty: four bytes always fit. */
    return send_all(w->sock, &v, sizeof v);
}

static void pool_stop(pool *p)
{
    for (int k = 0; k < p->nw; k++) {
        if (p->w[k].pid > 0)
            worker_reap(&p->w[k], 1);
        free(p->w[k].buf);
        p->w[k].buf = NULL;
    }
}

int workers_parse(const compdb *db, const char *root, const int *todo, int ntodo, tu_facts *tus,
                  int jobs, int timeout, workers_done_fn done, void *ctx, workers_result *res,
                  seam_err *err)
{
    memset(res, 0, sizeof *res);
    if (ntodo == 0)
        return 0;
    if (jobs > ntodo)
        jobs = ntodo;
    if (jobs < 1)
        jobs = 1;
    pool p = {
        db,   root, tus, calloc((size_t)jobs, sizeof(worker)), jobs, timeout > 0 ? timeout : 300,
        done, ctx,  res};
    struct pollfd *pfd = calloc((size_t)jobs * 2, sizeof *pfd);
    int *owner = calloc((size_t)jobs * 2, sizeof *owner);
    int rc = 0, next = 0, finished = 0;
    if (!p.w || !pfd || !owner) {
        rc = seam_err_set(err, SEAM_ENOMEM, "out of memory starting the parser processes");
        goto out;
    }
    while (finished < ntodo) {
        /* Every slot with work left gets a live child and, when idle, a TU. */
        int live = 0, fork_err = 0;
        for (int k = 0; k < jobs; k++) {
            worker *w = &p.w[k];
            if (w->pid == 0 && next < ntodo && (fork_err = -worker_start(&p, k)) != 0)
                continue;
            if (w->pid > 0 && w->tu < 0 && next < ntodo) {
                if (worker_send(w, todo[next]) < 0) {
                    /* The child died while idle: blame nothing, start another. */
                    w->tu = -1;
                    worker_reap(w, 1);
                    continue;
                }
                next++;
            }
            live += w->pid > 0;
        }
        if (live == 0) {
            rc = seam_err_set(err, SEAM_ERROR, "cannot start a parser process: %s",
                              strerror(fork_err ? fork_err : EAGAIN));
            goto out;
        }
        /* Wait for an answer, a death, stderr output or the nearest deadline. */
        int n = 0;
        double now = mono_now(), nearest = -1;
        for (int k = 0; k < jobs; k++) {
            worker *w = &p.w[k];
            if (w->pid == 0)
                continue;
            pfd[n] = (struct pollfd){.fd = w->sock, .events = POLLIN};
            owner[n++] = k;
            if (w->errfd >= 0) {
                pfd[n] = (struct pollfd){.fd = w->errfd, .events = POLLIN};
                owner[n++] = k;
            }
            if (w->tu >= 0) {
                double left = w->started + p.timeout - now;
                if (nearest < 0 || left < nearest)
                    nearest = left < 0 ? 0 : left;
            }
        }
        int ms = nearest < 0 ? -1 : (int)(nearest * 1000) + 1;
        int pr = poll(pfd, (nfds_t)n, ms);
        if (pr < 0 && errno != EINTR) {
            rc = seam_err_set(err, SEAM_ERROR, "waiting for the parser processes: %s",
                              strerror(errno));
            goto out;
        }
        for (int j = 0; pr > 0 && j < n; j++) {
            worker *w = &p.w[owner[j]];
            if (!pfd[j].revents || w->pid == 0)
                continue;
            if (pfd[j].fd == w->errfd) {
                worker_read_err(w);
                continue;
            }
            int r = worker_read(w);
            if (r == 0)
                continue;
            if (r == -2) {
                rc = seam_err_set(err, SEAM_ENOMEM, "out of memory reading a parser's answer");
                goto out;
            }
            int i = w->tu;
            if (r == 1) {
                if ((rc = worker_answer(&p, w, err)) < 0)
                    goto out;
                w->tu = -1;
                w->len = 0;
            } else {
                /* Dead: its last words first, then its TU becomes a parse error. */
                while (w->errfd >= 0) {
                    struct pollfd ep = {.fd = w->errfd, .events = POLLIN};
                    if (poll(&ep, 1, 1000) <= 0)
                        break;
                    worker_read_err(w);
                }
                int status = worker_reap(w, 0);
                if (i < 0)
                    continue;
                if ((rc = worker_died(&p, w, status)) < 0) {
                    rc = seam_err_set(err, rc, "out of memory");
                    goto out;
                }
            }
            if (i >= 0) {
                finished++;
                if (done)
                    done(ctx, i);
            }
        }
        /* Deadlines: a child still on one TU past it is killed; the TU is skipped. */
        now = mono_now();
        for (int k = 0; k < jobs; k++) {
            worker *w = &p.w[k];
            if (w->pid == 0 || w->tu < 0 || now - w->started < p.timeout)
                continue;
            int i = w->tu;
            worker_reap(w, 1);
            char why[160];
            snprintf(why, sizeof why,
                     "did not finish parsing within %d s (a FIFO or device included? "
                     "--tu-timeout)",
                     p.timeout);
            res->timed_out++;
            if ((rc = tu_failed(&p, i, why)) < 0) {
                rc = seam_err_set(err, rc, "out of memory");
                goto out;
            }
            finished++;
            if (done)
                done(ctx, i);
        }
    }
out:
    if (p.w)
        pool_stop(&p);
    free(p.w);
    free(pfd);
    free(owner);
    return rc;
}
