/*
 * two_domains.h - a model with two clear domains and one undecided module.
 *
 *   A: a1.c a2.c a3.c (functions alpha_*), calling each other, writing ta
 *   B: b1.c b2.c b3.c (functions beta_*), the same shape, writing tb
 *   x.c: one call to a1 and one to b1, nothing else: a tie
 *   lib.c: called by the six domain modules (a shared library), holds SQL of its own
 *
 * Each edge-kind test adds one kind of evidence between x and one side and
 * checks that x follows it, then adds it toward the other side and checks
 * that x follows it there: the evidence, not the tie-break, moves x.
 */
#ifndef SEAM_TEST_TWO_DOMAINS_H
#define SEAM_TEST_TWO_DOMAINS_H

#include "synth.h"

static void two_domains(seam_model *m)
{
    seam_model_init(m);
    const char *files[] = {"a1.c", "a2.c", "a3.c", "b1.c", "b1.h", "b2.c", "b3.c", "lib.c", "x.c"};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
        synth_file(m, files[i]);
    const char *fns[][2] = {{"a1.c", "alpha_open"},  {"a2.c", "alpha_list"},
                            {"a3.c", "alpha_close"}, {"b1.c", "beta_open"},
                            {"b2.c", "beta_list"},   {"b3.c", "beta_close"},
                            {"lib.c", "util_log"},   {"lib.c", "util_query"},
                            {"x.c", "x_main"},       {"x.c", "x_step"}};
    for (size_t i = 0; i < sizeof fns / sizeof fns[0]; i++)
        synth_fn(m, fns[i][0], fns[i][1]);
    synth_call(m, "alpha_open", "alpha_list", 3);
    synth_call(m, "alpha_list", "alpha_close", 3);
    synth_call(m, "alpha_close", "alpha_open", 3);
    synth_call(m, "beta_open", "beta_list", 3);
    synth_call(m, "beta_list", "beta_close", 3);
    synth_call(m, "beta_close", "beta_open", 3);
    synth_call(m, "x_main", "alpha_open", 1);
    synth_call(m, "x_main", "beta_open", 1);
    /* x.c calls two modules only: a third would make it an entry point (shared.c). */
    const char *users[] = {"alpha_open", "alpha_list", "alpha_close",
                           "beta_open",  "beta_list",  "beta_close"};
    for (size_t i = 0; i < sizeof users / sizeof users[0]; i++)
        synth_call(m, users[i], "util_log", 1);
    synth_sql(m, "alpha_open", "INSERT INTO ta VALUES (1)", "ta", SEAM_WRITE, NULL);
    synth_sql(m, "alpha_list", "SELECT * FROM ta", "ta", SEAM_READ, NULL);
    synth_sql(m, "beta_open", "INSERT INTO tb VALUES (1)", "tb", SEAM_WRITE, NULL);
    synth_sql(m, "beta_list", "SELECT * FROM tb", "tb", SEAM_READ, NULL);
}

#endif
