/*
 * planner.h - the schema split plan: from the services the decomposer
 * proposed (or a user edited) to the steps that split one database into a
 * database per service, each with its SQL and the code it changes.
 *
 * Reads model->services, sql_sites, functions, calls, files and schema
 * (tables, foreign keys, views, triggers, estimates) and nothing of the
 * decomposer's inner state, so a model.json read back plans the same.
 * Writes model->plan (any earlier plan is freed first) and plan_version.
 * docs/planner.md says what each step is for.
 *
 * Stages, in order: 1, a schema per service in the one database (tables
 * moved, the old names kept working through views); 2, the ties between
 * services cut one by one (foreign keys, reads and joins across services,
 * shared tables, views and triggers, transactions, reporting reads, calls);
 * 3, a database per service, least depended-upon first.
 *
 * Same model, same plan, byte for byte. Thread-safe on distinct models.
 */
#ifndef SEAM_PLANNER_H
#define SEAM_PLANNER_H

#include "error.h"
#include "model.h"

/* Plans the split of model's services. SEAM_OK; SEAM_EINPUT when the model lacks a name a
 * plan needs (a service's, a table's: err says which); SEAM_ENOMEM. */
int planner_run(seam_model *model, seam_err *err);

/*
 * Writes the plan of model as OUT_DIR/split/: one numbered SQL file per step
 * with SQL ("NNN-<stage>-<service>-<kind>.sql", each one transaction, in plan
 * order) and README.md, the plan in words. dir is created when missing; seam
 * replaces only files it wrote before (a regular file of that name), never a
 * symlink, device or FIFO. SEAM_OK, or an error with err naming the path.
 */
int planner_write_split(const seam_model *model, const char *out_dir, seam_err *err);

#endif
