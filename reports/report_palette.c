/*
 * report_palette.c - each service's colour and pattern, shared by the HTML
 * page and the service map.
 *
 * Twelve hues readable on white as bars, dots and map borders, combined with
 * three patterns (solid, dashed, dotted): 36 services before a pair repeats,
 * and each service's name is written beside its mark anyway, so colour is
 * never the only cue. Assigned by the service's position among real
 * services, so a service keeps its colour when shared libraries change.
 */
#include "report_internal.h"

static const char *const report_palette_hues[] = {
    "#2f5bd3", "#0f8a6a", "#c25e00", "#8e44ad", "#c0392b", "#1f7a8c",
    "#8a6d00", "#a8326e", "#3f7d20", "#5a4fcf", "#9c4f2e", "#00796b",
};
#define REPORT_PALETTE_HUES (int)(sizeof report_palette_hues / sizeof report_palette_hues[0])

/* Position of service among the real services (shared libraries skipped). */
static int palette_slot(const seam_model *m, int service)
{
    int k = 0;
    for (int i = 0; i < service; i++)
        k += !report_is_shared(m, i);
    return k;
}

const char *report_service_hex(const seam_model *m, int service)
{
    if (service < 0 || service >= m->nservices)
        return "#9ca3af";
    if (report_is_shared(m, service))
        return "#6b7280";
    return report_palette_hues[palette_slot(m, service) % REPORT_PALETTE_HUES];
}

int report_service_pattern(const seam_model *m, int service)
{
    if (service < 0 || service >= m->nservices || report_is_shared(m, service))
        return 0;
    return palette_slot(m, service) / REPORT_PALETTE_HUES % 3;
}
