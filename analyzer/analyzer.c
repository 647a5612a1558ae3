/*
 * analyzer.c - the public entry points: analyzer_run = analyzer_collect (the
 * parse phase, collect.c) + analyzer_build (the whole-program phase).
 */
#include "analyzer.h"

#include "analyzer_int.h"

#include <stdlib.h>
#include <string.h>

static int model_has_code(const seam_model *m)
{
    return m->nfiles || m->nfunctions || m->ncalls || m->nsql_sites || m->ntus || m->nglobals ||
           m->ntypes;
}

int analyzer_build(const analyzer_facts *f, seam_model *model, seam_err *err)
{
    if (model_has_code(model))
        return seam_err_set(err, SEAM_EUSAGE, "analyzer: the model already holds code facts");
    free(model->src_root);
    if (!(model->src_root = seam_strdup(f->root)))
        return seam_err_set(err, SEAM_ENOMEM, "out of memory");
    program prog;
    int rc = program_build(&prog, f, model, err);
    if (rc == 0)
        rc = wrappers_find_sql(&prog, f->sql_fns, f->nsql_fns, err);
    program_free(&prog);
    return rc;
}

int analyzer_run(const analyzer_options *opts, seam_model *model, seam_err *err)
{
    if (model_has_code(model))
        return seam_err_set(err, SEAM_EUSAGE, "analyzer: the model already holds code facts");
    analyzer_facts *f = NULL;
    int rc = analyzer_collect(opts, &f, err);
    if (rc == 0)
        rc = analyzer_build(f, model, err);
    analyzer_facts_free(f);
    return rc;
}
