/*
 * report_json.c - model.json and schema.json as reports: the writers of
 * model/model_json.h under the names the report stage gives its outputs, so
 * a command writes report.html and model.json through one header.
 */
#include "model_json.h"
#include "report.h"

int report_write_json(const seam_model *model, const char *path, seam_err *err)
{
    return seam_model_json_write(model, path, err);
}

int report_write_schema_json(const seam_schema *schema, const char *path, seam_err *err)
{
    return seam_model_json_write_schema(schema, path, err);
}

char *report_schema_json_text(const seam_schema *schema)
{
    return seam_model_json_write_schema_text(schema);
}
