/*
 * weights.c - `--weights FILE`: kind factors from JSON.
 *
 * The file is one object mapping kind names (decomposer_kind_name) to
 * non-negative numbers: {"naming": 0, "cochange": 2}. Kinds it does not
 * name keep their current factor; 0 switches a kind off (the ablations of
 * docs/quality.md are run this way).
 */
#include "decomposer_internal.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int decomposer_weights_load(decomposer_options *o, const char *path, size_t max_input,
                            seam_err *err)
{
    cJSON *root;
    int rc = dc_json_file_read(path, "weights file", max_input, &root, err);
    if (rc < 0)
        return rc;
    double w[DECOMPOSER_NKINDS];
    memcpy(w, o->weights, sizeof w);
    if (!cJSON_IsObject(root))
        rc = seam_err_set(err, SEAM_EINPUT, "%s: weights must be a JSON object", path);
    const cJSON *m;
    cJSON_ArrayForEach(m, root)
    {
        if (rc)
            break;
        int k = 0;
        while (k < DECOMPOSER_NKINDS && strcmp(decomposer_kind_name(k), m->string) != 0)
            k++;
        if (k == DECOMPOSER_NKINDS)
            rc = seam_err_set(err, SEAM_EINPUT,
                              "%s: unknown edge kind \"%s\" (expected call, ref, global, "
                              "type, access, fk, implied_fk, cochange, naming, component)",
                              path, m->string);
        else if (!cJSON_IsNumber(m) || !isfinite(m->valuedouble) || m->valuedouble < 0)
            rc =
                seam_err_set(err, SEAM_EINPUT, "%s: weight of \"%s\" must be a non-negative number",
                             path, m->string);
        else
            w[k] = m->valuedouble;
    }
    cJSON_Delete(root);
    if (!rc)
        memcpy(o->weights, w, sizeof w);
    return rc;
}
