/*
 * coverage.h - how much of the code's SQL seam resolved to tables: the figures
 * of model->coverage, computed from the model after SQL resolution.
 */
#ifndef SEAM_COVERAGE_H
#define SEAM_COVERAGE_H

#include "model.h"

/*
 * Fills m->coverage from m->sql_sites, m->system_reads and m->schema, replacing what it
 * held. A site is resolved when it names at least one table or system object. A
 * production statement is matched when its seam_query_stat.sites is nonzero (set by
 * sql_stats_match, which runs first). Returns 0, or SEAM_ENOMEM (err set).
 */
int seam_coverage_compute(seam_model *m, seam_err *err);

/* 1 when more than half of the sites are keyword guesses (confidence "low"). */
int seam_coverage_mostly_guesses(const seam_coverage *c);

/* 1 when more than half of the sites resolve to nothing. */
int seam_coverage_mostly_unresolved(const seam_coverage *c);

#endif
