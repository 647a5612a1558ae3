/*
 * inspect_pg_sql.c - the catalog queries of a PostgreSQL inspection.
 *
 * Each reads one kind of fact for every table at once (set-based), so the
 * number of statements never depends on the size of the schema. Rules
 * shared by all:
 *   - pg_catalog only, every name schema-qualified (the session's
 *     search_path is public, for format_type's sake).
 *   - No function that locks a user table: no pg_get_expr, pg_get_indexdef,
 *     pg_get_viewdef, pg_*_size, except in INSPECT_PG_SQL_EXPRS, which guards them
 *     (see there). pg_partition_root and format_type read the syscache.
 *   - $1 is the text[] of schemas to read, or NULL for all.
 *   - seam's names are computed here: "rel" in public, else "nsp.rel".
 *   - Catalogs a role may be denied (REVOKE SELECT ... FROM PUBLIC) without
 *     losing the tables are written @DESC@ (pg_description), @INDEX@
 *     (pg_index) and @DEPEND@ (pg_depend): inspect_pg.c puts in the catalog,
 *     or an empty relation of its shape when the probe found it unreadable.
 *     The server checks the privileges of every relation a statement names
 *     before running any of it, so a CASE on has_table_privilege would not
 *     do: the unreadable catalog must not be named at all.
 *
 * The SQL is laid out by hand, one clause a line: clang-format would split
 * the literals around the macros a word at a time.
 */
#include "inspect_pg_internal.h"

// clang-format off

/* The schemas seam reads: every one but the system's (pg_catalog, pg_toast, pg_temp_N, ...). */
#define NS_CTE                                                                                     \
    "WITH ns AS (SELECT n.oid, n.nspname FROM pg_catalog.pg_namespace n"                           \
    " WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'"                             \
    " AND ($1::pg_catalog.text[] IS NULL OR n.nspname = ANY ($1::pg_catalog.text[])))"

#define SEAM_NAME(nsp, rel)                                                                        \
    " CASE WHEN " nsp " = 'public' THEN " rel "::pg_catalog.text ELSE " nsp "||'.'||" rel " END"

/*
 * Relations that an extension created (CREATE EXTENSION) are the extension's,
 * not the user's. Without pg_depend nothing is filtered (a skip line says so).
 * An extension member's dependency (deptype e) always refers to its
 * pg_extension row: naming refclassid lets the server find the few such rows
 * through pg_depend's reference index instead of going through every
 * dependency of every relation (40,000 on 5,000 tables) in each query.
 */
#define NOT_EXTENSION(c)                                                                           \
    " NOT EXISTS (SELECT 1 FROM @DEPEND@ d"                                                        \
    " WHERE d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass"                         \
    " AND d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass"                                  \
    " AND d.objid = " c ".oid AND d.deptype = 'e')"

#define ROOT(oid) "COALESCE(pg_catalog.pg_partition_root(" oid "), " oid ")"

/*
 * Who we are, what we may read, and the transaction's own settings.
 * set_config(..., true) repeats the session's timeouts inside the
 * transaction, in case a connection pooler dropped the startup options;
 * work_mem lets the sort of a large schema's columns stay in memory;
 * jit off: the catalog queries of a large schema cost enough to cross
 * jit_above_cost, and compiling them took longer (60 ms and more on 5,000
 * tables) than the compiled code saved; no parallel workers: starting them
 * and filling their cold caches cost more than they saved (the expressions
 * query took 0.27 s with two workers, 0.15 s without, on 5,000 tables).
 * Last, so the columns above keep their numbers; after them, for a
 * --schema that names no schema: the first name of $1 (the schemas asked
 * for) that is no user schema, and the database's user schemas (the first
 * INSPECT_PG_SCHEMAS_SHOWN by name, and how many).
 * "can write" counts the ways the role could change this database:
 * superuser, a write privilege on any user table, CREATE on a user schema
 * or on the database. %d: statement_timeout, lock_timeout (ms).
 * It names no catalog a role might be denied but pg_class and
 * pg_namespace, without which nothing can be read: superuser comes from
 * the is_superuser setting (not pg_roles), and pg_extension is only asked
 * about here, read by INSPECT_PG_SQL_EXTENSION.
 */
const char INSPECT_PG_SQL_PROBE[] =
    "SELECT current_user,"
    " pg_catalog.set_config('search_path', 'public', true),"
    " pg_catalog.set_config('statement_timeout', '%d', true),"
    " pg_catalog.set_config('lock_timeout', '%d', true),"
    " pg_catalog.set_config('work_mem', '64MB', true),"
    " pg_catalog.current_setting('is_superuser') = 'on',"
    " (SELECT count(*) FROM pg_catalog.pg_class c"
    "   JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    "   WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'"
    "   AND c.relkind IN ('r', 'p') AND NOT c.relispartition"
    "   AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')"
    "   AND pg_catalog.has_table_privilege(c.oid, 'INSERT, UPDATE, DELETE, TRUNCATE')),"
    " (SELECT pg_catalog.string_agg(n.nspname, ', ' ORDER BY n.nspname)"
    "   FROM pg_catalog.pg_namespace n"
    "   WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'"
    "   AND pg_catalog.has_schema_privilege(n.oid, 'CREATE')),"
    " pg_catalog.has_database_privilege(pg_catalog.current_database(), 'CREATE'),"
    " pg_catalog.has_table_privilege('pg_catalog.pg_constraint', 'SELECT'),"
    " pg_catalog.has_table_privilege('pg_catalog.pg_index', 'SELECT')"
    "  AND pg_catalog.has_table_privilege('pg_catalog.pg_am', 'SELECT'),"
    " pg_catalog.has_table_privilege('pg_catalog.pg_rewrite', 'SELECT'),"
    " pg_catalog.has_table_privilege('pg_catalog.pg_trigger', 'SELECT')"
    "  AND pg_catalog.has_table_privilege('pg_catalog.pg_proc', 'SELECT')"
    "  AND pg_catalog.has_table_privilege('pg_catalog.pg_language', 'SELECT'),"
    " pg_catalog.has_table_privilege('pg_catalog.pg_sequence', 'SELECT'),"
    " pg_catalog.has_table_privilege('pg_catalog.pg_description', 'SELECT'),"
    " pg_catalog.has_table_privilege('pg_catalog.pg_extension', 'SELECT'),"
    " pg_catalog.has_table_privilege('pg_catalog.pg_depend', 'SELECT'),"
    " pg_catalog.set_config('jit', 'off', true),"
    " pg_catalog.set_config('max_parallel_workers_per_gather', '0', true),"
    " (SELECT r.name FROM pg_catalog.unnest($1::pg_catalog.text[]) WITH ORDINALITY AS r(name, i)"
    "   WHERE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace n WHERE n.nspname = r.name"
    "   AND n.nspname !~ '^pg_' AND n.nspname <> 'information_schema')"
    "   ORDER BY r.i LIMIT 1),"
    " (SELECT pg_catalog.string_agg(u.nspname, ', ' ORDER BY u.nspname)"
    "   FROM (SELECT n.nspname FROM pg_catalog.pg_namespace n"
    "   WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'"
    "   ORDER BY n.nspname LIMIT " INSPECT_PG_SCHEMAS_SHOWN ") AS u),"
    " (SELECT count(*) FROM pg_catalog.pg_namespace n"
    "   WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema')";

/* pg_stat_statements' schema, quote_ident'ed, when the extension is installed (no row if not). */
const char INSPECT_PG_SQL_EXTENSION[] =
    "SELECT pg_catalog.quote_ident(n.nspname) FROM pg_catalog.pg_extension e"
    " JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace"
    " WHERE e.extname = 'pg_stat_statements'";

/*
 * Tables and their columns, one row per column; a table without columns
 * gives one row of NULL columns, and a schema without tables one row of
 * NULL tables (so the schema list comes from here too). Unordered: the
 * last column is attnum, and inspect_pg_rows_tables orders the rows by schema
 * name, table oid and attnum itself, as ORDER BY would (NULLs last). On
 * the server that sort held 60,000 wide rows in memory and cost a third of
 * the query; the client sorts an array of row numbers while the server
 * runs the next query.
 * Partitions are left out: they are listed, with their estimates summed,
 * under their root. Row estimate: reltuples of the leaf tables, -1 when
 * none was ever analyzed. Size: relpages of the tables, their TOAST tables
 * and every index, times the block size: what pg_total_relation_size would
 * say as of the last VACUUM/ANALYZE, without its lock, less the free space
 * and visibility map forks, which no catalog column records (a few pages a
 * table). A partitioned table (and, on some versions, its index) has
 * relpages -1 once analyzed: it holds no pages, and counts 0.
 */
const char INSPECT_PG_SQL_TABLES[] = NS_CTE ","
    /*
     * The tables read (roots), and every partition under its root, at any
     * depth, with what the sums below need (pg_class is not joined again).
     */
    " mem AS (SELECT c.oid, c.oid AS root, false AS part, c.relname, c.relnamespace, c.relkind,"
    "  c.reltuples, c.relpages, c.reltoastrelid FROM pg_catalog.pg_class c"
    "  JOIN ns ON ns.oid = c.relnamespace"
    "  WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition AND" NOT_EXTENSION("c")
    "  UNION ALL SELECT c.oid, pg_catalog.pg_partition_root(c.oid), true, c.relname,"
    "  c.relnamespace, c.relkind, c.reltuples, c.relpages, c.reltoastrelid"
    "  FROM pg_catalog.pg_class c WHERE c.relispartition AND c.relkind IN ('r', 'p')),"
    /*
     * The pages of each relation's indexes, summed once for all (a subquery
     * per table cost two index probes per index).
     */
    " isz AS (SELECT i.indrelid, pg_catalog.sum(GREATEST(ic.relpages, 0)) AS pages"
    "  FROM @INDEX@ i JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid GROUP BY i.indrelid),"
    /*
     * One row per table: everything but the columns. Grouped by root (the
     * planner knows the result is keyed, and joins it by hash), only roots
     * that are read themselves. Size: the table, its TOAST table, and the
     * indexes of both.
     */
    " tab AS (SELECT m.root,"
    "  CASE WHEN pg_catalog.bool_or(m.relkind = 'r' AND m.reltuples >= 0)"
    "   THEN pg_catalog.sum(CASE WHEN m.relkind = 'r' AND m.reltuples > 0 THEN m.reltuples"
    "    ELSE 0 END)::pg_catalog.int8 ELSE -1 END AS rows,"
    "  pg_catalog.sum(GREATEST(m.relpages, 0)::pg_catalog.int8 + COALESCE(t.relpages, 0)"
    "   + COALESCE(ix.pages, 0) + COALESCE(tx.pages, 0))::pg_catalog.int8"
    "   * pg_catalog.current_setting('block_size')::pg_catalog.int8 AS bytes,"
    "  pg_catalog.json_agg(" SEAM_NAME("pn.nspname", "m.relname") " ORDER BY m.relname)"
    "   FILTER (WHERE m.part) AS parts"
    "  FROM mem m JOIN pg_catalog.pg_namespace pn ON pn.oid = m.relnamespace"
    "  LEFT JOIN pg_catalog.pg_class t ON t.oid = m.reltoastrelid"
    "  LEFT JOIN isz ix ON ix.indrelid = m.oid LEFT JOIN isz tx ON tx.indrelid = m.reltoastrelid"
    "  GROUP BY m.root HAVING pg_catalog.bool_or(NOT m.part)),"
    /*
     * The comments on relations and their columns (a few thousand rows),
     * read once and joined by hash: as a plain join, the planner looked each
     * column's up in the index, one probe per column.
     */
    " dsc AS MATERIALIZED (SELECT d.objoid, d.objsubid, d.description FROM @DESC@ d"
    "  WHERE d.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass)"
    " SELECT ns.nspname, r.oid," SEAM_NAME("ns.nspname", "r.relname") ", a.attname,"
    " pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity,"
    " a.attgenerated, td.description, cd.description, e.rows, e.bytes, e.parts, a.attnum"
    " FROM ns LEFT JOIN (tab e JOIN pg_catalog.pg_class r ON r.oid = e.root)"
    "   ON r.relnamespace = ns.oid"
    " LEFT JOIN pg_catalog.pg_attribute a"
    "   ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped"
    " LEFT JOIN dsc td ON td.objoid = r.oid AND td.objsubid = 0"
    " LEFT JOIN dsc cd ON cd.objoid = r.oid AND cd.objsubid = a.attnum";

/*
 * Primary keys, unique constraints and foreign keys: one row per key
 * column, in key order (conkey unnested WITH ORDINALITY; the referenced
 * column is confkey at the same position). Constraints cloned onto
 * partitions (conparentid <> 0) are skipped; a foreign key declared on a
 * partition itself, or referencing one, is reported against the root
 * table, and merged with its siblings later. A foreign key is kept only
 * when the referenced table is read too.
 * The shape is chosen for a large schema (15,000 keys): the tables read
 * are listed once (rel) and joined by hash on both sides; pg_partition_root
 * is asked only about a partition; each column name is one probe of
 * pg_attribute's (attrelid, attnum) index. Joined instead, the planner
 * built a hash table of each key's columns and scanned every column of the
 * referenced table, per key.
 */
const char INSPECT_PG_SQL_KEYS[] = NS_CTE ","
    " rel AS (SELECT c.oid," SEAM_NAME("ns.nspname", "c.relname") " AS name"
    "  FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace"
    "  WHERE c.relkind IN ('r', 'p'))"
    " SELECT k.oid, k.contype, k.conname, r.name, kc.attname, t.name, kc.tattname,"
    " k.confdeltype, k.confupdtype, k.condeferrable, k.condeferred"
    " FROM pg_catalog.pg_constraint k"
    " JOIN pg_catalog.pg_class own ON own.oid = k.conrelid"
    " JOIN rel r ON r.oid = CASE WHEN own.relispartition"
    "   THEN pg_catalog.pg_partition_root(k.conrelid) ELSE k.conrelid END"
    " CROSS JOIN LATERAL (SELECT col.pos,"
    "   (SELECT a.attname FROM pg_catalog.pg_attribute a"
    "    WHERE a.attrelid = k.conrelid AND a.attnum = col.attnum) AS attname,"
    "   (SELECT a.attname FROM pg_catalog.pg_attribute a"
    "    WHERE a.attrelid = k.confrelid AND a.attnum = k.confkey[col.pos]) AS tattname"
    "  FROM pg_catalog.unnest(k.conkey) WITH ORDINALITY AS col(attnum, pos)) kc"
    " LEFT JOIN rel t ON t.oid = " ROOT("k.confrelid")
    " WHERE k.conparentid = 0 AND ((k.contype = 'f' AND t.oid IS NOT NULL)"
    "  OR (k.contype IN ('p', 'u') AND NOT own.relispartition))"
    " AND" NOT_EXTENSION("r")
    " ORDER BY k.oid, kc.pos";

/*
 * Indexes of the tables and materialized views (not of partitions: theirs
 * are children of the root's): one row per key column (INCLUDE columns
 * left out); attname is NULL for an expression, whose text INSPECT_PG_SQL_EXPRS
 * reads. The column name is a probe of pg_attribute's index: joined, the
 * planner hashed all of pg_attribute (200,000 rows on 5,000 tables).
 */
const char INSPECT_PG_SQL_INDEXES[] = NS_CTE
    " SELECT i.indexrelid," SEAM_NAME("ns.nspname", "c.relname") ", ic.relname, am.amname,"
    " i.indisunique, i.indisprimary, i.indpred IS NOT NULL, k.pos,"
    " CASE WHEN k.attnum > 0 THEN (SELECT a.attname FROM pg_catalog.pg_attribute a"
    "  WHERE a.attrelid = i.indrelid AND a.attnum = k.attnum) END"
    " FROM pg_catalog.pg_index i"
    " JOIN pg_catalog.pg_class c ON c.oid = i.indrelid JOIN ns ON ns.oid = c.relnamespace"
    " JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid"
    " JOIN pg_catalog.pg_am am ON am.oid = ic.relam"
    " CROSS JOIN LATERAL pg_catalog.unnest((i.indkey::pg_catalog.int2[])[0:i.indnkeyatts - 1])"
    "   WITH ORDINALITY AS k(attnum, pos)"
    " WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition AND" NOT_EXTENSION("c")
    " ORDER BY i.indexrelid, k.pos";

/*
 * Views and materialized views with the relations their rewrite rule
 * depends on (pg_depend: what pg_get_viewdef would show, without locking
 * them); one row per dependency, a partition counted as its root, and
 * system relations left out; without pg_depend, one row per view with a
 * NULL dependency. The closure through other views is computed by
 * inspect_schema_finish.c.
 */
const char INSPECT_PG_SQL_VIEWS[] = NS_CTE
    " SELECT v.oid," SEAM_NAME("ns.nspname", "v.relname") ", v.relkind = 'm',"
    " vd.description," SEAM_NAME("tn.nspname", "t.relname")
    " FROM pg_catalog.pg_class v JOIN ns ON ns.oid = v.relnamespace"
    " LEFT JOIN @DESC@ vd ON vd.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass"
    "   AND vd.objoid = v.oid AND vd.objsubid = 0"
    " LEFT JOIN LATERAL (SELECT DISTINCT " ROOT("d.refobjid") " AS rel"
    "   FROM pg_catalog.pg_rewrite rw JOIN @DEPEND@ d"
    "   ON d.classid = 'pg_catalog.pg_rewrite'::pg_catalog.regclass AND d.objid = rw.oid"
    "   AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjid <> v.oid"
    "   WHERE rw.ev_class = v.oid) dep ON true"
    " LEFT JOIN pg_catalog.pg_class t ON t.oid = dep.rel AND t.relkind IN ('r', 'p', 'v', 'm')"
    " LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace"
    "   AND tn.nspname !~ '^pg_' AND tn.nspname <> 'information_schema'"
    " WHERE v.relkind IN ('v', 'm') AND" NOT_EXTENSION("v")
    " ORDER BY v.oid, 5";

/*
 * User triggers (not the internal ones behind foreign keys, not the clones
 * on partitions) with their function, its language and, for SQL and
 * PL/pgSQL, its source: pg_depend does not know what a function body
 * touches, inspect_pgparse.c parses it.
 */
const char INSPECT_PG_SQL_TRIGGERS[] = NS_CTE
    " SELECT tg.oid," SEAM_NAME("rn.nspname", "r.relname") ", tg.tgname, tg.tgtype,"
    " tg.tgenabled <> 'D'," SEAM_NAME("pn.nspname", "p.proname") ", l.lanname,"
    " CASE WHEN l.lanname IN ('sql', 'plpgsql') THEN p.prosrc END"
    " FROM pg_catalog.pg_trigger tg"
    " JOIN pg_catalog.pg_class r ON r.oid = " ROOT("tg.tgrelid")
    " JOIN ns rn ON rn.oid = r.relnamespace"
    " JOIN pg_catalog.pg_proc p ON p.oid = tg.tgfoid"
    " JOIN pg_catalog.pg_namespace pn ON pn.oid = p.pronamespace"
    " JOIN pg_catalog.pg_language l ON l.oid = p.prolang"
    " WHERE NOT tg.tgisinternal AND tg.tgparentid = 0 AND" NOT_EXTENSION("r")
    " ORDER BY tg.oid";

/*
 * Sequences and the column each is OWNED BY (serial: deptype a, identity:
 * i); without pg_depend, no owners.
 */
const char INSPECT_PG_SQL_SEQUENCES[] = NS_CTE
    " SELECT" SEAM_NAME("ns.nspname", "c.relname") ","
    " pg_catalog.format_type(s.seqtypid, NULL)," SEAM_NAME("tn.nspname", "t.relname") ", a.attname"
    " FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace"
    " JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid"
    " LEFT JOIN @DEPEND@ d"
    "   ON d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.objid = c.oid"
    "   AND d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND d.refobjsubid > 0"
    "   AND d.deptype IN ('a', 'i')"
    " LEFT JOIN pg_catalog.pg_class t ON t.oid = " ROOT("d.refobjid")
    " LEFT JOIN pg_catalog.pg_namespace tn ON tn.oid = t.relnamespace"
    " LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid"
    " WHERE c.relkind = 'S' AND" NOT_EXTENSION("c")
    " ORDER BY 1";

/* pg_stat_user_tables, summed per root table. */
const char INSPECT_PG_SQL_STATS[] = NS_CTE
    " SELECT" SEAM_NAME("ns.nspname", "r.relname") ","
    " pg_catalog.sum(COALESCE(s.seq_scan, 0))::pg_catalog.int8,"
    " pg_catalog.sum(COALESCE(s.seq_tup_read, 0))::pg_catalog.int8,"
    " pg_catalog.sum(COALESCE(s.idx_scan, 0))::pg_catalog.int8,"
    " pg_catalog.sum(COALESCE(s.idx_tup_fetch, 0))::pg_catalog.int8,"
    " pg_catalog.sum(COALESCE(s.n_tup_ins, 0))::pg_catalog.int8,"
    " pg_catalog.sum(COALESCE(s.n_tup_upd, 0))::pg_catalog.int8,"
    " pg_catalog.sum(COALESCE(s.n_tup_del, 0))::pg_catalog.int8,"
    " pg_catalog.sum(COALESCE(s.n_live_tup, 0))::pg_catalog.int8,"
    " pg_catalog.sum(COALESCE(s.n_dead_tup, 0))::pg_catalog.int8"
    " FROM pg_catalog.pg_stat_user_tables s"
    " JOIN pg_catalog.pg_class r ON r.oid = " ROOT("s.relid")
    " JOIN ns ON ns.oid = r.relnamespace"
    " GROUP BY 1 ORDER BY 1";

/*
 * The expressions only functions that lock the table can print: column
 * defaults and generation expressions (pg_get_expr), index expressions
 * (pg_get_indexdef) and partial index predicates. pg_get_expr with a
 * relation takes an ACCESS SHARE lock on it, which waits behind the ACCESS
 * EXCLUSIVE lock of a running migration. So tables that another session
 * holds or awaits such a lock on are not passed to them (CASE evaluates
 * lazily) and come back with locked = true; a lock taken in between is
 * caught by lock_timeout, and the caller runs this under a savepoint.
 * A plain default cannot refer to a column, so it is printed without its
 * relation (relid 0), which opens and locks nothing: printing 10,000
 * defaults with their relation opened 5,000 tables, each costing a lock
 * and a relation cache entry, and took twice as long. A generation
 * expression refers to columns and gets its relation. Each default's
 * column is one probe of pg_attribute's index (OFFSET 0 keeps the planner
 * from making it a hash join over all of pg_attribute: 200,000 rows read
 * for 10,000 defaults).
 * kind: c = column default or generation expression, i = index column
 * expression, p = index predicate.
 */
const char INSPECT_PG_SQL_EXPRS[] = NS_CTE ","
    " locked AS (SELECT l.relation FROM pg_catalog.pg_locks l"
    "  WHERE l.locktype = 'relation' AND l.mode = 'AccessExclusiveLock'"
    "  AND l.pid <> pg_catalog.pg_backend_pid() AND l.database = (SELECT d.oid"
    "   FROM pg_catalog.pg_database d WHERE d.datname = pg_catalog.current_database())),"
    " tab AS (SELECT c.oid," SEAM_NAME("ns.nspname", "c.relname") " AS name,"
    "  c.oid IN (SELECT relation FROM locked) AS locked"
    "  FROM pg_catalog.pg_class c JOIN ns ON ns.oid = c.relnamespace"
    "  WHERE c.relkind IN ('r', 'p', 'm') AND NOT c.relispartition AND" NOT_EXTENSION("c") "),"
    " idx AS (SELECT t.name, t.oid, i.indexrelid, i.indpred, i.indkey, i.indnkeyatts, ic.relname,"
    "  t.locked OR i.indexrelid IN (SELECT relation FROM locked) AS locked"
    "  FROM tab t JOIN pg_catalog.pg_index i ON i.indrelid = t.oid"
    "  JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid)"
    " SELECT 'c' AS kind, t.name, a.attname AS item, 0::pg_catalog.int8 AS pos, t.locked,"
    "  CASE WHEN NOT t.locked THEN pg_catalog.pg_get_expr(ad.adbin,"
    "   CASE WHEN a.attgenerated = '' THEN 0 ELSE ad.adrelid END) END"
    " FROM tab t JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = t.oid"
    " JOIN LATERAL (SELECT a.attname, a.attgenerated FROM pg_catalog.pg_attribute a"
    "   WHERE a.attrelid = ad.adrelid AND a.attnum = ad.adnum AND NOT a.attisdropped"
    "   OFFSET 0) a ON true"
    " UNION ALL SELECT 'i', x.name, x.relname, k.pos, x.locked,"
    "  CASE WHEN NOT x.locked THEN pg_catalog.pg_get_indexdef(x.indexrelid, k.pos::pg_catalog.int4,"
    "   true) END"
    " FROM idx x CROSS JOIN LATERAL"
    "  pg_catalog.unnest((x.indkey::pg_catalog.int2[])[0:x.indnkeyatts - 1])"
    "  WITH ORDINALITY AS k(attnum, pos) WHERE k.attnum = 0"
    " UNION ALL SELECT 'p', x.name, x.relname, 0, x.locked,"
    "  CASE WHEN NOT x.locked THEN pg_catalog.pg_get_expr(x.indpred, x.oid, true) END"
    " FROM idx x WHERE x.indpred IS NOT NULL"
    " ORDER BY 1, 2, 3, 4";

/*
 * pg_stat_statements of this database, summed over users: text, calls, rows,
 * and total_exec_time (PostgreSQL 13's name) in whole microseconds, an integer
 * so that reading it back does not depend on the client's locale. %s is the
 * extension's schema (quote_ident'ed by INSPECT_PG_SQL_EXTENSION). Another role's
 * statements read as '<insufficient privilege>' without pg_read_all_stats.
 */
const char INSPECT_PG_SQL_STATEMENTS[] =
    "SELECT s.query, pg_catalog.sum(s.calls)::pg_catalog.int8,"
    " pg_catalog.sum(s.rows)::pg_catalog.int8,"
    " pg_catalog.round(pg_catalog.sum(s.total_exec_time) * 1000)::pg_catalog.int8"
    " FROM %s.pg_stat_statements s"
    " WHERE s.dbid = (SELECT d.oid FROM pg_catalog.pg_database d"
    "  WHERE d.datname = pg_catalog.current_database())"
    " GROUP BY s.query ORDER BY 2 DESC, 1";

// clang-format on
