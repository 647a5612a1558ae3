/*
 * test_file.c - seam_file_read and seam_file_write: what seam refuses to read
 * (FIFOs, devices, directories, files over the cap) and what it refuses to
 * replace (devices, FIFOs, symlinks, directories), each without blocking.
 */
#include "check.h"
#include "file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[64];

static char *at(const char *name)
{
    static char buf[4][256];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static void put(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs(text, f);
        fclose(f);
    }
}

/* The file's whole content, or "" (static buffer). */
static const char *got(const char *path)
{
    static char buf[4096];
    buf[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (f) {
        size_t n = fread(buf, 1, sizeof buf - 1, f);
        buf[n] = '\0';
        fclose(f);
    }
    return buf;
}

/* Entries of dir, "." and ".." aside. */
static int entries(void)
{
    DIR *d = opendir(dir);
    int n = 0;
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

static void test_read(void)
{
    seam_err err = {0};
    char *text = NULL;
    size_t len = 0;
    put(at("in.json"), "[1, 2]\n");
    CHECK_INT(seam_file_read(at("in.json"), "compile database", 0, &text, &len, &err), SEAM_OK);
    CHECK_STR(text, "[1, 2]\n");
    CHECK_INT(len, 7);
    free(text);

    CHECK_INT(seam_file_read(at("missing"), "DDL file", 0, &text, &len, &err), SEAM_EIO);
    CHECK(text == NULL);
    CHECK(strstr(err.msg, "DDL file '") && strstr(err.msg, "/missing'"));

    CHECK_INT(seam_file_read(dir, "weights file", 0, &text, NULL, &err), SEAM_EIO);
    CHECK(strstr(err.msg, "a directory") != NULL);

    /* Neither blocks: the FIFO has no writer, /dev/zero never ends. */
    CHECK_INT(mkfifo(at("fifo"), 0600), 0);
    CHECK_INT(seam_file_read(at("fifo"), "compile database", 0, &text, NULL, &err), SEAM_EIO);
    CHECK(strstr(err.msg, "a FIFO, not a regular file") != NULL);
    CHECK_INT(seam_file_read("/dev/zero", "model", 0, &text, NULL, &err), SEAM_EIO);
    CHECK(strstr(err.msg, "'/dev/zero': it is a character device") != NULL);
    unlink(at("fifo"));

    /* The cap: exactly at it reads, one byte over does not, and the message names the flag. */
    put(at("big"), "0123456789");
    CHECK_INT(seam_file_read(at("big"), "constraints file", 10, &text, &len, &err), SEAM_OK);
    CHECK_INT(len, 10);
    free(text);
    CHECK_INT(seam_file_read(at("big"), "constraints file", 9, &text, &len, &err), SEAM_EIO);
    CHECK(strstr(err.msg, "over the limit of 9 bytes (--max-input-size raises it)") != NULL);

    /* A regular file whose size says 0 is still read to its end. */
    CHECK_INT(seam_file_read("/proc/self/status", "file", 0, &text, &len, &err), SEAM_OK);
    CHECK(len > 0 && text && strstr(text, "Pid:") != NULL);
    free(text);
    /* ... and stopped at the cap. */
    CHECK_INT(seam_file_read("/proc/self/status", "file", 8, &text, &len, &err), SEAM_EIO);
    CHECK(strstr(err.msg, "over the limit of 8 bytes") != NULL);
    unlink(at("in.json"));
    unlink(at("big"));
}

static void test_parse_size(void)
{
    seam_err err = {0};
    size_t n = 0;
    CHECK_INT(seam_file_parse_size("512", &n, &err), SEAM_OK);
    CHECK_INT(n, 512);
    CHECK_INT(seam_file_parse_size("64K", &n, &err), SEAM_OK);
    CHECK_INT(n, 65536);
    CHECK_INT(seam_file_parse_size("200m", &n, &err), SEAM_OK);
    CHECK_INT(n, 200 << 20);
    CHECK_INT(seam_file_parse_size("2G", &n, &err), SEAM_OK);
    CHECK_INT(n, (size_t)2 << 30);
    const char *bad[] = {"0", "", "x", "5Q", "5KB", "-1", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        CHECK_INT(seam_file_parse_size(bad[i], &n, &err), SEAM_EUSAGE);
        CHECK(strstr(err.msg, "invalid size") != NULL);
    }
}

static void test_write_regular(void)
{
    seam_err err = {0};
    CHECK_INT(seam_file_write(at("out.txt"), "hello\n", 6, &err), SEAM_OK);
    CHECK_STR(got(at("out.txt")), "hello\n");
    CHECK_INT(chmod(at("out.txt"), 0640), 0);
    CHECK_INT(seam_file_write(at("out.txt"), "bye\n", 4, &err), SEAM_OK);
    CHECK_STR(got(at("out.txt")), "bye\n");
    struct stat st;
    CHECK(stat(at("out.txt"), &st) == 0 && (st.st_mode & 07777) == 0640);
    /* No temporary is left behind. */
    CHECK_INT(entries(), 1);

    CHECK_INT(seam_file_write("/nonexistent/x/out.txt", "x", 1, &err), SEAM_EIO);
    CHECK(strstr(err.msg, "'/nonexistent/x/out.txt'") != NULL);
    CHECK_INT(seam_file_write("", "x", 1, &err), SEAM_EUSAGE);
    unlink(at("out.txt"));
}

/* A symlink at the name an older writer used for its temporary is never followed. */
static void test_write_planted_link(void)
{
    seam_err err = {0};
    put(at("victim"), "precious");
    CHECK_INT(symlink(at("victim"), at("model.json.tmp")), 0);
    CHECK_INT(seam_file_write(at("model.json"), "{}\n", 3, &err), SEAM_OK);
    CHECK_STR(got(at("victim")), "precious");
    CHECK_STR(got(at("model.json")), "{}\n");
    struct stat st;
    CHECK(lstat(at("model.json.tmp"), &st) == 0 && S_ISLNK(st.st_mode));
    unlink(at("model.json.tmp"));
    unlink(at("model.json"));
    unlink(at("victim"));
}

/* A symlink named as the output: what it names is written, the link stays a link. */
static void test_write_symlink(void)
{
    seam_err err = {0};
    put(at("real"), "old");
    CHECK_INT(symlink("real", at("link")), 0);
    CHECK_INT(seam_file_write(at("link"), "new", 3, &err), SEAM_OK);
    struct stat st;
    CHECK(lstat(at("link"), &st) == 0 && S_ISLNK(st.st_mode));
    CHECK_STR(got(at("real")), "new");
    CHECK_INT(entries(), 2);
    /* A dangling link is refused, and left as it is. */
    CHECK_INT(symlink("nowhere", at("dangling")), 0);
    CHECK_INT(seam_file_write(at("dangling"), "x", 1, &err), SEAM_EIO);
    CHECK(strstr(err.msg, "symbolic link to nothing") != NULL);
    CHECK(lstat(at("dangling"), &st) == 0 && S_ISLNK(st.st_mode));
    CHECK(lstat(at("nowhere"), &st) != 0);
    /* A link to a directory is refused. */
    CHECK_INT(symlink(".", at("dirlink")), 0);
    CHECK_INT(seam_file_write(at("dirlink"), "x", 1, &err), SEAM_EIO);
    CHECK(strstr(err.msg, "a link to a directory") != NULL);
    unlink(at("dirlink"));
    unlink(at("dangling"));
    unlink(at("link"));
    unlink(at("real"));
}

static void test_write_devices(void)
{
    seam_err err = {0};
    struct stat st;
    /* /dev/null is written to, never replaced (as root a rename would replace it). */
    CHECK_INT(seam_file_write("/dev/null", "x", 1, &err), SEAM_OK);
    CHECK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode));

    /* A directory is refused. */
    CHECK_INT(mkdir(at("sub"), 0700), 0);
    CHECK_INT(seam_file_write(at("sub"), "x", 1, &err), SEAM_EIO);
    CHECK(strstr(err.msg, "it is a directory") != NULL);
    rmdir(at("sub"));

    /* A FIFO nobody reads: an error at once, not a hang. */
    CHECK_INT(mkfifo(at("fifo"), 0600), 0);
    CHECK_INT(seam_file_write(at("fifo"), "x", 1, &err), SEAM_EIO);
    CHECK(strstr(err.msg, "no process reads this FIFO") != NULL);

    /* A FIFO with a reader gets the data and stays a FIFO. */
    int pfd[2];
    CHECK_INT(pipe(pfd), 0);
    pid_t pid = fork();
    if (pid == 0) {
        close(pfd[0]);
        int fd = open(at("fifo"), O_RDONLY);
        char buf[64];
        ssize_t n = fd >= 0 ? read(fd, buf, sizeof buf) : -1;
        if (n > 0 && write(pfd[1], buf, (size_t)n) != n)
            _exit(2);
        _exit(0);
    }
    close(pfd[1]);
    /* The reader must have opened the FIFO before the writer tries. */
    int rc = SEAM_EIO;
    for (int i = 0; i < 200 && rc != SEAM_OK; i++) {
        rc = seam_file_write(at("fifo"), "through", 7, &err);
        if (rc != SEAM_OK)
            usleep(10000);
    }
    CHECK_INT(rc, SEAM_OK);
    char buf[64] = {0};
    ssize_t n = read(pfd[0], buf, sizeof buf - 1);
    CHECK_INT(n, 7);
    CHECK_STR(buf, "through");
    close(pfd[0]);
    waitpid(pid, NULL, 0);
    CHECK(lstat(at("fifo"), &st) == 0 && S_ISFIFO(st.st_mode));
    unlink(at("fifo"));
}

/* "-" and /dev/stdout write to the descriptor, keeping the shell's >> as it is. */
static void test_write_stdout(void)
{
    seam_err err = {0};
    put(at("log"), "old\n");
    fflush(stdout);
    int saved = dup(STDOUT_FILENO);
    int fd = open(at("log"), O_WRONLY | O_APPEND);
    CHECK(fd >= 0 && saved >= 0);
    dup2(fd, STDOUT_FILENO);
    close(fd);
    int a = seam_file_write("-", "dash\n", 5, &err);
    int b = seam_file_write("/dev/stdout", "stdout\n", 7, &err);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    CHECK_INT(a, SEAM_OK);
    CHECK_INT(b, SEAM_OK);
    CHECK_STR(got(at("log")), "old\ndash\nstdout\n");
    unlink(at("log"));
}

int main(void)
{
    /* A FIFO writer whose reader went away must give an error, not kill the test. */
    signal(SIGPIPE, SIG_IGN);
    snprintf(dir, sizeof dir, "/tmp/seam-test-file-XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    test_read();
    test_parse_size();
    test_write_regular();
    test_write_planted_link();
    test_write_symlink();
    test_write_devices();
    test_write_stdout();
    CHECK_INT(entries(), 0);
    rmdir(dir);
    return check_finish();
}
