/*
 * test_inspect_sqlite_wal.c - a WAL database in a directory its reader may
 * not write to: SQLite cannot create the -shm and -wal files a WAL reader
 * needs, and says "attempt to write a readonly database". The inspector's
 * one-line error must say what it is and the way out (--immutable), and
 * --immutable must then read it.
 *
 * Directory permissions do not stop root, so as root the reading runs in a
 * child that has become user nobody (65534); as another user, the
 * directory is simply made read-only. Exits 77 when the situation cannot be
 * made (the directory stays writable to the reader).
 */
#include "check.h"
#include "inspector.h"

#include <grp.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* What one reading gave: its code, and its message. */
typedef struct outcome {
    int rc, ntables, writable;
    char msg[sizeof(((seam_err *)0)->msg)];
} outcome;

static outcome read_as_reader(const char *dir, const char *path, int immutable)
{
    outcome out = {0};
    int fds[2];
    if (pipe(fds) != 0)
        return (outcome){.rc = 1};
    pid_t child = fork();
    if (child == 0) {
        close(fds[0]);
        if (geteuid() == 0 && (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0))
            _exit(2);
        out.writable = access(dir, W_OK) == 0;
        inspector_options o;
        inspector_options_init(&o);
        o.immutable = immutable;
        seam_schema s = {0};
        seam_err err = {0};
        out.rc = inspector_read_with(path, &o, &s, &err);
        out.ntables = s.ntables;
        snprintf(out.msg, sizeof out.msg, "%s", err.msg);
        seam_schema_free(&s);
        _exit(write(fds[1], &out, sizeof out) == (ssize_t)sizeof out ? 0 : 3);
    }
    close(fds[1]);
    int status = 0;
    if (child < 0 || read(fds[0], &out, sizeof out) != (ssize_t)sizeof out)
        out = (outcome){.rc = 1, .msg = "the reader process failed"};
    close(fds[0]);
    if (child > 0)
        waitpid(child, &status, 0);
    return out;
}

int main(void)
{
    char dir[] = "/tmp/seam-inspect-wal-XXXXXX";
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    char path[256];
    snprintf(path, sizeof path, "%s/shop.db", dir);
    sqlite3 *db = NULL;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db, "PRAGMA journal_mode=WAL; CREATE TABLE orders (id INTEGER PRIMARY KEY);",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db); /* the last connection closes: -wal and -shm are removed */
    CHECK(access(path, F_OK) == 0);
    chmod(path, 0444);
    chmod(dir, 0555);

    outcome plain = read_as_reader(dir, path, 0);
    if (plain.writable || plain.rc == 0) {
        chmod(dir, 0700);
        char cmd[300];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
        CHECK(system(cmd) == 0);
        CHECK_SKIP("the reader can write to the directory: a read-only one cannot be made here");
    }
    printf("WAL database, read-only directory: %s\n", plain.msg);
    CHECK_INT(plain.rc, SEAM_EIO);
    CHECK(strstr(plain.msg, "cannot open SQLite database '") && strstr(plain.msg, path));
    CHECK(strstr(plain.msg, "a WAL database") && strstr(plain.msg, "-shm"));
    CHECK(strstr(plain.msg, "--immutable") && strstr(plain.msg, "immutable=1"));
    CHECK(strstr(plain.msg, "safe only while nothing writes to the database"));
    CHECK(!strchr(plain.msg, '\n'));

    /* the way out works: --immutable reads it without -shm */
    outcome imm = read_as_reader(dir, path, 1);
    CHECK_INT(imm.rc, 0);
    CHECK_INT(imm.ntables, 1);
    if (imm.rc)
        fprintf(stderr, "--immutable: %s\n", imm.msg);
    CHECK(access(path, F_OK) == 0);

    chmod(dir, 0700);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
    return check_finish();
}
