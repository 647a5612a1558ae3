/*
 * decomposer.h - from facts to proposed services and a schema split plan.
 *
 * Builds a weighted coupling graph whose nodes are modules (a .c file with
 * its same-named .h) and tables, with edges for calls (by count), table
 * access (writes weigh more than reads) and foreign keys; clusters it with
 * igraph's Leiden algorithm (fixed seed, stable node order: deterministic);
 * assigns each table to one service; computes metrics; and plans the split:
 * a schema per service, then the foreign keys that cross services dropped.
 *
 * Reads model->files, functions, calls, sql_sites and schema; writes
 * model->services, model->metrics and model->plan (which must be empty).
 */
#ifndef SEAM_DECOMPOSER_H
#define SEAM_DECOMPOSER_H

#include "model.h"

typedef struct decomposer_options {
    double resolution; /* Leiden resolution (CPM on normalised weights); <= 0 means the default */
    unsigned seed;     /* random seed for Leiden; same seed, same result */
} decomposer_options;

/* Fills in the defaults. */
void decomposer_options_init(decomposer_options *o);

/* Returns 0, or SEAM_ENOMEM / SEAM_ERROR (igraph failure) with err set. */
int decomposer_run(seam_model *model, const decomposer_options *opts, seam_err *err);

#endif
