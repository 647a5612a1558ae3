/*
 * json_file.c - the decomposer's JSON option files (--weights, --constraints)
 * read and parsed: the text through util's reader (a regular file of at most
 * max_input bytes), then cJSON.
 */
#include "decomposer_internal.h"
#include "file.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

int dc_json_file_read(const char *path, const char *what, size_t max_input, struct cJSON **root,
                      seam_err *err)
{
    char *text = NULL;
    *root = NULL;
    int rc = seam_file_read(path, what, max_input, &text, NULL, err);
    if (rc < 0)
        return rc;
    *root = cJSON_Parse(text);
    free(text);
    if (!*root)
        return seam_err_set(err, SEAM_EINPUT, "%s: not valid JSON", path);
    return SEAM_OK;
}
