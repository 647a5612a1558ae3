/*
 * inspector.h - the database's schema, read-only.
 *
 * Reads tables, columns, primary keys and foreign keys from a SQLite file or
 * a PostgreSQL server, and never writes: SQLite is opened with
 * SQLITE_OPEN_READONLY and PRAGMA query_only; PostgreSQL is connected with
 * options=-c default_transaction_read_only=on, and every catalog query runs
 * inside one BEGIN READ ONLY transaction with a statement_timeout.
 *
 * Ownership: the caller owns *out and frees it with seam_schema_free().
 */
#ifndef SEAM_INSPECTOR_H
#define SEAM_INSPECTOR_H

#include "model.h"

/*
 * Nonzero when db names a PostgreSQL database: a URI (postgres:// or
 * postgresql://) or a conninfo string (key=value pairs). Anything else is a
 * SQLite file path.
 */
int inspector_is_postgres(const char *db);

/*
 * Reads the schema of db into *out (which must be zeroed). out->dialect is
 * "sqlite" or "postgresql"; out->source is db with any password redacted.
 * Tables and foreign keys come sorted as model.h states. Returns 0, or
 * SEAM_EIO (SQLite file missing or not a database) / SEAM_EDB (server
 * unreachable, authentication failed, ...) with a one-line message that names
 * db (redacted) and never contains a password.
 */
int inspector_read(const char *db, seam_schema *out, seam_err *err);

/*
 * A copy of a PostgreSQL conninfo string or URI with the password replaced by
 * "***" (parsed with libpq's PQconninfoParse; unparsable input is replaced
 * whole by "<unparsable connection string>"). A SQLite path is returned as is.
 * Caller frees. NULL on allocation failure.
 */
char *inspector_redact(const char *db);

/*
 * Opens a PostgreSQL connection the way inspector_read does (read-only
 * session, timeouts, application_name=seam) and returns it as an opaque
 * PGconn pointer, for tests that prove the connection refuses writes.
 * Caller closes it with PQfinish. NULL with err set on failure.
 */
void *inspector_pg_connect(const char *conninfo, seam_err *err);

#endif
