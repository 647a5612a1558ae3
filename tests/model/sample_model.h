/*
 * sample_model.h - a small, hand-built seam_model for the model.json and report tests:
 * two services (billing, catalog), a shared library (util), calls inside and
 * across services, SQL sites, a schema with foreign keys, and a split plan;
 * and what the decomposer explains: edge kinds, quality measures, each
 * service's interface and dependencies, modules with why-here edges, an
 * implied foreign key, a shared table and a dead function.
 */
#ifndef SEAM_TEST_SAMPLE_MODEL_H
#define SEAM_TEST_SAMPLE_MODEL_H

#include "model.h"

/* The hostile table name that SAMPLE_HOSTILE adds to the schema and to catalog. */
#define SAMPLE_HOSTILE_TABLE "<script>alert(1)</script>"

enum {
    SAMPLE_PLAIN = 0,
    SAMPLE_HOSTILE = 1, /* markup in a table name (also shared), SQL, a reason and a plan step */
    SAMPLE_BAD_UTF8 = 2, /* invalid UTF-8 bytes in an SQL literal and a file name */
    SAMPLE_FULL = 4      /* a value for every field of model.json (globals, types, includes,
                            translation units, SQL columns, the schema's details, ...) */
};

/* Fills *m (initialised by the caller) according to flags. Returns 0 or SEAM_ENOMEM. */
int sample_model_build(seam_model *m, int flags);

#endif
