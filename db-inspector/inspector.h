/*
 * inspector.h - the database's schema, read-only.
 *
 * Reads tables, columns, primary keys and foreign keys from a SQLite file or
 * a PostgreSQL server into a seam_schema (model.h). Views are not tables and
 * are not read (yet).
 *
 * READ-ONLY GUARANTEES (seam must never harm a user's database)
 *
 * SQLite
 *   - A plain path is checked with stat() first: a missing file is an error,
 *     never created. The file is opened with SQLITE_OPEN_READONLY (no
 *     SQLITE_OPEN_CREATE); a file: URI asking for a weaker mode (mode=rw,
 *     mode=rwc) is refused by SQLite itself.
 *   - PRAGMA query_only=1 is set before anything else is read, so even a
 *     bug in seam cannot write through the connection.
 *   - The schema is read with two set-based SELECTs over pragma_table_list,
 *     pragma_table_xinfo and pragma_foreign_key_list inside one deferred
 *     read transaction; the database file's bytes and mtime do not change.
 *     (A WAL-mode database is the one exception SQLite makes to "nothing
 *     new on disk": its empty -wal and -shm files appear beside it when
 *     they were absent, as with any reader.)
 *
 * PostgreSQL
 *   - Connected with libpq's PQconnectdbParams(expand_dbname=1), so a
 *     conninfo string, a URI, the PG* environment variables, .pgpass and
 *     services all work as they do for psql. seam adds
 *     options='-c default_transaction_read_only=on -c statement_timeout=30000
 *     -c lock_timeout=2000' (after any options the user gave, so seam's win),
 *     application_name=seam (the server log shows which statements are
 *     seam's), client_encoding=UTF8, and connect_timeout=10 unless the user
 *     gave one (in the string or PGCONNECT_TIMEOUT).
 *   - Every statement runs inside BEGIN READ ONLY ... COMMIT (ROLLBACK on
 *     error). The statements are BEGIN, SET LOCAL search_path, two SELECTs
 *     over pg_catalog (never information_schema, never user functions) and
 *     COMMIT/ROLLBACK: no DDL, no DML, no locks on user tables.
 *   - Passwords: every message and out->source carry the connection string
 *     as inspector_redact() gives it; libpq's own messages are cut to their
 *     first line and any occurrence of the password is replaced by "***".
 *
 * PostgreSQL tables: every schema except pg_* and information_schema; a
 * table's name is schema-qualified ("sales.orders") only when its schema is
 * not public; partitions are folded into their root table (a foreign key
 * declared on a partition becomes one of the root's, duplicates merged under
 * the smallest constraint name); tables that belong to an extension are
 * skipped. Column types are format_type() with search_path=public.
 * Requires PostgreSQL 12 or later (pg_partition_root).
 *
 * SQLite tables: the main schema's ordinary tables (not sqlite_*, not
 * virtual tables or their shadow tables); generated columns are included.
 * SQLite foreign keys have no names: each gets "<from_table>_<cols>_fkey"
 * as PostgreSQL would name it (a digit appended if that name is taken). A
 * foreign key that omits the referenced columns refers to the parent's
 * primary key; table and column names are given as the parent spells them.
 * A foreign key that names no columns while its parent table is missing or
 * has no primary key is skipped (SQLite could not enforce it either).
 * Requires SQLite 3.37 or later (pragma_table_list).
 *
 * Ownership: the caller owns *out and frees it with seam_schema_free().
 */
#ifndef SEAM_INSPECTOR_H
#define SEAM_INSPECTOR_H

#include "model.h"

/*
 * Nonzero when db names a PostgreSQL database: a URI (postgres:// or
 * postgresql://), or a string containing '=' that is neither a file: URI nor
 * an existing file (a conninfo string of key=value pairs). Anything else is
 * a SQLite file path.
 */
int inspector_is_postgres(const char *db);

/*
 * Reads the schema of db into *out (which must be zeroed). out->dialect is
 * "sqlite" or "postgresql"; out->source is db with any password redacted.
 * Tables and foreign keys come sorted as model.h states. Returns 0, or
 * SEAM_EIO (SQLite file missing or not a database) / SEAM_EDB (server
 * unreachable, authentication failed, database locked, ...) / SEAM_EINPUT
 * (unparsable connection string) with a one-line message that names db
 * (redacted) and never contains a password. On failure *out is left zeroed.
 */
int inspector_read(const char *db, seam_schema *out, seam_err *err);

/*
 * A copy of a PostgreSQL conninfo string or URI with the password replaced by
 * "***" (parsed with libpq's PQconninfoParse; unparsable input is replaced
 * whole by "<unparsable connection string>"). The copy is always in
 * key=value form, listing the non-empty options the string gave in libpq's
 * order, password last (a URI "postgresql://u:pw@h/d" becomes "user=u
 * dbname=d host=h password=***"). A SQLite path is returned as is. Caller
 * frees. NULL on allocation failure.
 */
char *inspector_redact(const char *db);

/*
 * Opens a PostgreSQL connection the way inspector_read does (read-only
 * session, timeouts, application_name=seam) and returns it as an opaque
 * PGconn pointer, for tests that prove the connection refuses writes.
 * Caller closes it with PQfinish. NULL with err set on failure.
 */
void *inspector_pg_connect(const char *conninfo, seam_err *err);

/*
 * Opens a SQLite database the way inspector_read does (existence checked,
 * SQLITE_OPEN_READONLY, PRAGMA query_only=1, header read once so that a file
 * that is not a database fails here) and returns it as an opaque sqlite3
 * pointer, for tests that prove the connection refuses writes. Caller closes
 * it with sqlite3_close. NULL with err set (SEAM_EIO or SEAM_EDB) on failure.
 */
void *inspector_sqlite_open(const char *path, seam_err *err);

#endif
