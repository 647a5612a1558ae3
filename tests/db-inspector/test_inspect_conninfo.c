/*
 * test_inspect_conninfo.c - telling PostgreSQL from SQLite, and passwords
 * never leaving the inspector: redaction of conninfo strings and URIs, and
 * connection errors: refused (nothing listens on port 1), a host name that
 * does not resolve, an unroutable address, a server that never answers
 * (connect_timeout). No server needed.
 */
#include "check.h"
#include "inspector.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static void check_redacted(const char *db, const char *secret, const char *must_contain)
{
    char *r = inspector_redact(db);
    CHECK(r != NULL);
    if (!r)
        return;
    CHECK(strstr(r, secret) == NULL);
    if (must_contain && !strstr(r, must_contain)) {
        CHECK(!"redacted form lacks an expected part");
        fprintf(stderr, "  '%s' lacks '%s'\n", r, must_contain);
    }
    printf("redact: %s -> %s\n", "(input hidden)", r);
    free(r);
}

/* inner wrapped times in dbname='...', quoted as conninfo quotes: dbname='dbname=\'...\''. */
static char *nest(const char *inner, int times)
{
    char *cur = seam_strdup(inner);
    for (int i = 0; i < times && cur; i++) {
        char *next = malloc(2 * strlen(cur) + sizeof "dbname=''"), *o = next;
        if (next) {
            o += sprintf(o, "dbname='");
            for (const char *p = cur; *p; p++) {
                if (*p == '\'' || *p == '\\')
                    *o++ = '\\';
                *o++ = *p;
            }
            strcpy(o, "'");
        }
        free(cur);
        cur = next;
    }
    return cur;
}

static void test_is_postgres(void)
{
    CHECK(inspector_is_postgres("postgresql://u@h/d"));
    CHECK(inspector_is_postgres("postgres://h/d"));
    CHECK(inspector_is_postgres("host=h dbname=d"));
    CHECK(inspector_is_postgres("dbname=d"));
    CHECK(!inspector_is_postgres("shop.db"));
    CHECK(!inspector_is_postgres("/var/lib/app/data.sqlite"));
    CHECK(!inspector_is_postgres("file:shop.db?mode=ro"));
    CHECK(!inspector_is_postgres(NULL));

    /* An existing file whose name has '=' is a file. */
    char path[] = "/tmp/seam-a=b-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    if (fd >= 0) {
        close(fd);
        CHECK(!inspector_is_postgres(path));
        unlink(path);
        CHECK(inspector_is_postgres(path));
    }
}

static void test_redact(void)
{
    check_redacted("host=h password=secret dbname=d", "secret", "password=***");
    check_redacted("host=h password=secret dbname=d", "secret", "host=h");
    check_redacted("host=h password=secret dbname=d", "secret", "dbname=d");
    check_redacted("host=h password='sec ret' dbname=d", "sec", "password=***");
    check_redacted("postgresql://u:secret@h/d", "secret", "password=***");
    check_redacted("postgresql://u:secret@h/d", "secret", "user=u");
    check_redacted("postgresql://u:secret@h:5433/d", "secret", "port=5433");
    check_redacted("postgresql://h/d?password=secret&sslmode=disable", "secret", "sslmode=disable");
    /* percent-encoded password and key: decoded by libpq, then replaced */
    check_redacted("postgresql://u:s%65cret@h/d", "s%65cret", "password=***");
    check_redacted("postgresql://h/d?p%61ssword=secret", "secret", "password=***");
    /* every option libpq marks secret, not just password */
    check_redacted("host=h sslpassword=secret dbname=d", "secret", "sslpassword=***");
    check_redacted("postgresql://h/d?sslpassword=secret", "secret", "sslpassword=***");
    check_redacted("postgresql://h/d?sslpassword=s%65cret", "s%65cret", "sslpassword=***");
    check_redacted("postgresql://u:pw1@h/d?sslpassword=secret", "pw1", "password=***");
    /* a dbname that is itself a connection string or URI: parsed in turn, redacted inside */
    check_redacted("host=h dbname='host=x password=secret'", "secret", "password=***");
    check_redacted("host=h dbname='host=x password=secret'", "secret", "host=x");
    check_redacted("host=h dbname='host=x sslpassword=secret'", "secret", "sslpassword=***");
    check_redacted("host=h dbname='postgresql://u:secret@x/d'", "secret", "password=***");
    check_redacted("host=h dbname='postgresql://u:s%65cret@x/d'", "s%65cret", "user=u");
    check_redacted("postgresql://h/postgresql%3A%2F%2Fu%3Asecret%40x%2Fd", "secret",
                   "password=***");
    check_redacted("postgresql://h/?dbname=host%3Dx%20password%3Dsecret", "secret", "host=x");
    /* nested twice, and nested too deep: hidden whole */
    char *twice = nest("host=x password=secret", 2);
    check_redacted(twice, "secret", "password=***");
    free(twice);
    char *deep = nest("host=x password=secret", 6);
    check_redacted(deep, "secret", "nested too deep");
    free(deep);
    /* a nested string libpq cannot parse: hidden whole */
    check_redacted("host=h dbname='host=x password=secret dbname'", "secret",
                   "<unparsable connection string>");
    /* nothing to hide: the options given, and no password key invented */
    char *r = inspector_redact("host=h dbname=d");
    CHECK(r && strstr(r, "host=h") && strstr(r, "dbname=d") && !strstr(r, "password"));
    free(r);
    /* a value with a space keeps its quotes */
    r = inspector_redact("host=h application_name='my app'");
    CHECK(r && strstr(r, "application_name='my app'"));
    free(r);
    /* unparsable: replaced whole */
    r = inspector_redact("host=h password=secret dbname");
    CHECK_STR(r, "<unparsable connection string>");
    free(r);
    /* SQLite paths as they are */
    r = inspector_redact("data/shop.db");
    CHECK_STR(r, "data/shop.db");
    free(r);
}

static void check_connect_error(const char *db, int want, const char *must_contain)
{
    seam_schema s = {0};
    seam_err err = {0};
    int rc = inspector_read(db, &s, &err);
    CHECK_INT(rc, want);
    CHECK(strstr(err.msg, "secret") == NULL && strstr(err.msg, "s%65cret") == NULL);
    CHECK(strchr(err.msg, '\n') == NULL);
    CHECK(strstr(err.msg, must_contain) != NULL);
    CHECK(s.dialect == SEAM_DIALECT_NONE && s.source == NULL && s.ntables == 0);
    printf("error: %s\n", err.msg);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/*
 * A server that never answers: a socket that listens but never accepts.
 * The kernel completes the TCP handshake, libpq sends its startup packet
 * and waits: only connect_timeout ends the wait.
 */
static void test_timeout(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = 0};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 4) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        CHECK(!"cannot make a listening socket");
        return;
    }
    char *db = seam_printf("host=127.0.0.1 port=%d dbname=x password=secret", ntohs(a.sin_port));
    inspector_options o;
    inspector_options_init(&o);
    o.connect_timeout_s = 2; /* seam's own default, 10 s, applies when the string has none */
    seam_schema s = {0};
    seam_err err = {0};
    unsetenv("PGCONNECT_TIMEOUT");
    double t0 = now();
    CHECK_INT(inspector_read_with(db, &o, &s, &err), SEAM_EDB);
    double secs = now() - t0;
    printf("silent server: %s (%.1f s)\n", err.msg, secs);
    CHECK(strstr(err.msg, "timeout expired") && !strstr(err.msg, "secret"));
    CHECK(!strchr(err.msg, '\n'));
    CHECK(secs >= 1.5 && secs < 6);
    CHECK(s.source == NULL);
    free(db);
    close(fd);
}

/* A name that cannot resolve, and an address no one answers for: one line, quickly. */
static void test_unreachable(void)
{
    check_connect_error("host=no-such-host.invalid dbname=x password=secret", SEAM_EDB,
                        "could not translate host name \"no-such-host.invalid\"");
    /*
     * 192.0.2.1 is TEST-NET-1: never routed. Depending on the network the
     * answer is "No route to host", "Network is unreachable", "Connection
     * refused" or a timeout; in every case one line, naming the host.
     */
    double t0 = now();
    check_connect_error("host=192.0.2.1 dbname=x connect_timeout=2 password=secret", SEAM_EDB,
                        "192.0.2.1");
    CHECK(now() - t0 < 6);
}

int main(void)
{
    test_is_postgres();
    test_redact();

    /* Nothing listens on port 1: refused at once, and the message hides the password. */
    check_connect_error("host=127.0.0.1 port=1 dbname=x password=secret", SEAM_EDB,
                        "cannot connect to PostgreSQL '");
    check_connect_error("host=127.0.0.1 port=1 dbname=x password=secret", SEAM_EDB, "password=***");
    /* and it gives libpq's reason, on the same line */
    check_connect_error("host=127.0.0.1 port=1 dbname=x password=secret", SEAM_EDB,
                        "Connection refused");
    check_connect_error("postgresql://u:secret@127.0.0.1:1/x", SEAM_EDB, "host=127.0.0.1");
    /* sslpassword, percent-encoded secrets, nested dbname strings: none in the message */
    check_connect_error("host=127.0.0.1 port=1 dbname=x sslpassword=secret", SEAM_EDB,
                        "sslpassword=***");
    check_connect_error("postgresql://u:s%65cret@127.0.0.1:1/x?sslpassword=s%65cret", SEAM_EDB,
                        "sslpassword=***");
    check_connect_error("host=127.0.0.1 port=1 dbname='host=x password=secret'", SEAM_EDB,
                        "password=***");
    check_connect_error("host=127.0.0.1 port=1 dbname='postgresql://u:secret@x/d'", SEAM_EDB,
                        "Connection refused");
    check_connect_error("postgresql://127.0.0.1:1/postgresql%3A%2F%2Fu%3Asecret%40x%2Fd", SEAM_EDB,
                        "password=***");
    check_connect_error("host=127.0.0.1 port=1 dbname=x password=secret dbname", SEAM_EINPUT,
                        "<unparsable connection string>");
    check_connect_error("host=127.0.0.1 port=1 dbname=x password=secret dbname", SEAM_EINPUT,
                        "neither an existing SQLite file nor a valid PostgreSQL connection");
    check_connect_error("postgresql://u:secret@[::1/x", SEAM_EINPUT, "invalid connection URI");
    /* libpq's own message (a bad port value, quoted) is kept to its first line */
    check_connect_error("host=127.0.0.1 port=notaport dbname=x password=secret", SEAM_EDB,
                        "notaport");

    test_timeout();
    test_unreachable();

    seam_err err = {0};
    CHECK(inspector_pg_connect("host=127.0.0.1 port=1 dbname=x password=secret", NULL, &err) ==
          NULL);
    CHECK(err.code == SEAM_EDB && !strstr(err.msg, "secret"));
    return check_finish();
}
