/*
 * inspector.h - the database's schema, read-only.
 *
 * Reads a SQLite file, a live PostgreSQL database, or a DDL file into a
 * seam_schema (model.h): schemas, tables (partitions folded into their
 * root), columns (type, nullability, default, identity, generated),
 * primary keys, unique constraints, foreign keys (all columns, ON
 * DELETE/UPDATE, deferrability), indexes, views and materialized views with
 * the tables they read, triggers with their function and the tables it
 * touches, sequences and their owning columns, comments, row and size
 * estimates, pg_stat_user_tables counters and pg_stat_statements (query,
 * calls, tables). docs/db-inspector.md is the user's description of all this;
 * this header is the contract.
 *
 * READ-ONLY GUARANTEES (seam must never harm a user's database)
 *
 * SQLite
 *   - The path (a file: URI's too) is checked with stat() first, which
 *     opens nothing: a missing file is an error, never created; so are
 *     anything but a regular file (a FIFO would block SQLite forever,
 *     /dev/zero would be read forever) and an empty file (SQLite would read
 *     it as an empty database), unless its -wal holds the database. The file is opened with SQLITE_OPEN_READONLY (no
 *     SQLITE_OPEN_CREATE), with immutable=1 when options ask for it; a file:
 *     URI asking for a weaker mode (mode=rw, mode=rwc) is refused by SQLite.
 *   - PRAGMA query_only=1 is set before anything else is read.
 *   - Everything is read inside one deferred read transaction; statements
 *     that would fire triggers are prepared (compiled) to learn what the
 *     trigger bodies touch, never stepped. What a view reads is learned by
 *     compiling it in a private in-memory database (ATTACH refused) where
 *     the tables and views it names are stand-ins. The file's bytes and mtime do
 *     not change (a WAL-mode database gets its empty -wal and -shm files, as
 *     with any reader).
 *
 * PostgreSQL
 *   - Connected with PQconnectdbParams(expand_dbname=1): conninfo strings,
 *     URIs, the PG* environment variables, .pgpass, services and sslmode
 *     work as they do for psql. seam adds options='-c
 *     default_transaction_read_only=on -c statement_timeout=S -c
 *     lock_timeout=L' after the user's own options (the last -c wins),
 *     application_name, client_encoding=UTF8, and connect_timeout unless
 *     the user gave one (in the string or PGCONNECT_TIMEOUT).
 *   - One transaction, BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY (a
 *     consistent snapshot of the catalogs), COMMIT at the end (ROLLBACK on
 *     failure). Inside it: SELECTs over pg_catalog (never
 *     information_schema, which hides foreign keys, triggers and view
 *     dependencies from a role without table privileges), and SAVEPOINT /
 *     ROLLBACK TO SAVEPOINT around the three reads that may fail without
 *     spoiling the rest. No DDL, no DML, no SET outside the transaction.
 *   - At most 19 statements whatever the number of tables (set-based
 *     queries; see inspect_pg.c for the list).
 *   - Never a hang: once connected, every wait for the server is a poll()
 *     against the deadline options->timeout_s (the server's own timeouts
 *     cannot help when it, or the network, stops answering).
 *   - Lock-free: relation sizes come from relpages, not
 *     pg_total_relation_size; view dependencies from pg_depend, not
 *     pg_get_viewdef. The only functions that take a table lock
 *     (pg_get_expr, pg_get_indexdef: defaults, generated and index
 *     expressions, partial index predicates) are skipped for tables that
 *     another session holds or awaits an ACCESS EXCLUSIVE lock on, and their
 *     query runs under a savepoint so that lock_timeout turns a wait into a
 *     reported skip, never a hang.
 *   - Passwords: every message and out->source carry the connection string
 *     as inspector_redact() gives it; libpq's and the server's messages are
 *     cut to their first line, any occurrence of a secret (of the string,
 *     of a nested dbname, of the environment or .pgpass: what libpq used)
 *     is replaced by "***", and a nested dbname by its redacted form.
 *
 * What cannot be read is reported, not fatal, when the rest is still right:
 * a catalog the role may not SELECT from (the probe asks has_table_privilege
 * and never names a catalog it may be denied: superuser comes from the
 * is_superuser setting), pg_stat_user_tables or pg_stat_statements not
 * readable, an expression behind a lock. Each such
 * skip is one line in out->skipped. out->warnings says when the role can
 * write (superuser, a write privilege on a table, CREATE on a schema or the
 * database): default_transaction_read_only is a guard rail, not a security
 * boundary.
 *
 * PostgreSQL names: every schema except pg_* and information_schema (or
 * those options->schemas lists); a name is schema-qualified ("sales.orders")
 * only outside public; objects that belong to an extension are skipped
 * (when pg_depend is readable; if not, a skip line says they may be in); a
 * foreign key declared on a partition, or referencing one, belongs to the
 * root table (duplicates merged under the smallest constraint name); with
 * options->schemas, a foreign key is kept when both its tables are read.
 * Column types are format_type() with search_path=public. Requires
 * PostgreSQL 13 or later (pg_trigger.tgparentid).
 *
 * SQLite names: the main schema's ordinary tables (not sqlite_*, not
 * virtual tables or their shadow tables); generated columns are included.
 * SQLite foreign keys and unique constraints have no names: each gets the
 * name PostgreSQL would give it ("<table>_<cols>_fkey", "<table>_<cols>_key";
 * a digit appended if taken). A foreign key that omits the referenced
 * columns refers to the parent's primary key; table and column names are
 * given as the parent spells them. A foreign key that names no columns while
 * its parent table is missing or has no primary key is skipped. SQLite does
 * not report deferrability (false). Requires SQLite 3.38 or later.
 *
 * Ownership: the caller owns *out and frees it with seam_schema_free().
 */
#ifndef SEAM_INSPECTOR_H
#define SEAM_INSPECTOR_H

#include "model.h"

/* The client-side deadline of a PostgreSQL inspection, once connected (seconds). */
#define INSPECTOR_TIMEOUT_S 60

/* How to read. Fill with inspector_options_init, then change what you need. */
typedef struct inspector_options {
    /* PostgreSQL session */
    const char *application_name; /* "seam": the server log and pg_stat_activity show it */
    int connect_timeout_s;        /* 10; only when the user's string and env give none */
    int statement_timeout_ms;     /* 30000; 0 = none */
    int lock_timeout_ms;          /* 2000; 0 = none */
    /*
     * INSPECTOR_TIMEOUT_S (60); 0 = that default. Once connected, the
     * inspection ends within this many seconds: a server or network that
     * stops answering (which statement_timeout, enforced by the server,
     * cannot catch) fails with "no answer within N s".
     */
    int timeout_s;
    /* PostgreSQL schemas to read (borrowed); none = every non-system schema */
    const char *const *schemas;
    int nschemas;
    /* SQLite: open with immutable=1 (no locks, no change detection: read-only media) */
    int immutable;
    /* DDL files: NULL or "auto", "postgresql", "sqlite" (see inspector_read_ddl) */
    const char *dialect;
    /* DDL files: the largest read, in bytes; 0 = SEAM_FILE_MAX_DEFAULT (util/file.h) */
    size_t max_input;
} inspector_options;

/* The defaults above. Never fails. */
void inspector_options_init(inspector_options *o);

/*
 * Nonzero when db names a PostgreSQL database: a URI (postgres:// or
 * postgresql://), or a string containing '=' that is neither a file: URI nor
 * an existing file (a conninfo string of key=value pairs). Anything else is
 * a SQLite file path.
 */
int inspector_is_postgres(const char *db);

/* inspector_read_with(db, defaults, out, err). */
int inspector_read(const char *db, seam_schema *out, seam_err *err);

/*
 * Reads the schema of db into *out (which must be zeroed). out->dialect is
 * "sqlite" or "postgresql"; out->source is db with any password redacted.
 * Arrays come sorted as model.h states. Returns 0, or
 *   SEAM_EIO     SQLite file missing, not a regular file ("'X' is not a
 *                regular file (a FIFO)": a directory, a device...), empty,
 *                not a database (random bytes, an encrypted file), a WAL
 *                database whose -shm cannot be made (the message names
 *                --immutable, and what it costs);
 *   SEAM_EDB     server unreachable, connection refused, timeout
 *                (connect_timeout, options->timeout_s), authentication
 *                failed, database missing, a catalog read failing (statement
 *                or lock timeout on a core catalog), SQLite database locked;
 *   SEAM_EINPUT  unparsable connection string; options->schemas naming a
 *                schema the database does not have ("no schema 'x' in
 *                PostgreSQL '...'; schemas there: a, b"), or a system one;
 *   SEAM_EUSAGE  no database, or options->schemas for a SQLite file;
 * with a one-line message that names db (redacted) and never contains a
 * password. On failure *out is left zeroed.
 */
int inspector_read_with(const char *db, const inspector_options *o, seam_schema *out,
                        seam_err *err);

/*
 * Reads a DDL file (path; "-" is not accepted) for users with no access to
 * the database:
 *   - PostgreSQL DDL (pg_dump -s output, migrations) is parsed with
 *     libpg_query and its CREATE/ALTER/COMMENT/DROP statements applied in
 *     order; psql meta-command lines (starting with '\') are ignored, and so
 *     are statements that define nothing seam reads (SET, GRANT, INSERT...).
 *   - SQLite DDL is executed in a fresh in-memory SQLite database (ATTACH
 *     and VACUUM INTO refused, so nothing is written anywhere) which is then
 *     read like a SQLite file.
 * options->dialect chooses; "auto" (or NULL) takes SQLite when SQLite
 * executes the whole file, else PostgreSQL when libpg_query parses it; when
 * neither does, the error is the one of the dialect that read further.
 * out->source is path. Returns 0, or SEAM_EIO (file unreadable), SEAM_EINPUT
 * (syntax error: "PATH:LINE: message"; options->schemas naming a schema the
 * file does not define), SEAM_EUSAGE (unknown dialect), with *out zeroed on
 * failure.
 */
int inspector_read_ddl(const char *path, const inspector_options *o, seam_schema *out,
                       seam_err *err);

/*
 * A copy of a PostgreSQL conninfo string or URI with every secret replaced
 * by "***": the options libpq itself marks secret (dispchar "*": password,
 * sslpassword, and any a later libpq adds). Parsed with libpq's
 * PQconninfoParse; unparsable input is replaced whole by "<unparsable
 * connection string>". The copy is always in key=value form, listing the
 * non-empty options the string gave in libpq's order, secrets last (a URI
 * "postgresql://u:pw@h/d" becomes "user=u dbname=d host=h password=***").
 * A dbname that is itself a connection string or URI (libpq's test: a URI
 * prefix or an '=') is redacted the same way, recursively, and written
 * quoted; nested more than 3 levels deep, it is replaced whole by "<connection string
 * nested too deep>". A SQLite path is returned as is. Caller frees. NULL
 * on allocation failure.
 */
char *inspector_redact(const char *db);

/*
 * Opens a PostgreSQL connection the way inspector_read_with does (read-only
 * session, timeouts, application_name; o may be NULL for the defaults) and
 * returns it as an opaque PGconn pointer, for tests that prove the
 * connection refuses writes. Caller closes it with PQfinish. NULL with err
 * set on failure.
 */
void *inspector_pg_connect(const char *conninfo, const inspector_options *o, seam_err *err);

/*
 * Opens a SQLite database the way inspector_read does (existence checked,
 * SQLITE_OPEN_READONLY, PRAGMA query_only=1, header read once so that a file
 * that is not a database fails here) and returns it as an opaque sqlite3
 * pointer, for tests that prove the connection refuses writes. Caller closes
 * it with sqlite3_close. NULL with err set (SEAM_EIO or SEAM_EDB) on failure.
 */
void *inspector_sqlite_open(const char *path, seam_err *err);

#endif
