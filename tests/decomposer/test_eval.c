/* Unit tests for decomposer_eval_services: MoJoFM of services against a truth. */
#include <math.h>

#include "check.h"
#include "decomposer.h"
#include "shop_model.h"

#define NEAR(x, y) (fabs((x) - (y)) < 1e-9)

/* A truth entry built from a NULL-terminated file list; the strings are borrowed. */
static seam_service truth(const char *name, const char *kind, const char **files)
{
    seam_service s;
    memset(&s, 0, sizeof s);
    s.name = (char *)name;
    s.kind = (seam_service_kind)seam_service_kind_parse(kind);
    s.files = (char **)files;
    while (files[s.nfiles])
        s.nfiles++;
    return s;
}

static const char *orders[] = {"src/cart.c", "src/orders.c", "src/orders.h", NULL};
static const char *orders_plus[] = {"src/cart.c", "src/orders.c", "src/orders.h", "src/products.c",
                                    NULL};
static const char *orders_extra[] = {"src/cart.c", "src/extra.c", "src/orders.c", "src/orders.h",
                                     NULL};
static const char *inventory[] = {"src/inventory.c", "src/inventory.h", "src/products.c", NULL};
static const char *inventory_minus[] = {"src/inventory.c", "src/inventory.h", NULL};
static const char *customers[] = {"src/addresses.c", "src/customers.c", "src/customers.h", NULL};
static const char *libs[] = {"src/db.c", "src/db.h", "src/log.c", "src/log.h", NULL};
static const char *platform[] = {"src/types.h", NULL};
static const char *gateway[] = {"src/main.c", NULL};

static void test_against_truth(void)
{
    seam_model m;
    seam_err err;
    shop_model(&m);
    CHECK_INT(decomposer_run(&m, NULL, &err), 0);
    double fm = -1;
    long mno = -1;

    /* The intended decomposition; two library entries count as one cluster. */
    seam_service t1[] = {
        truth("orders", "service", orders), truth("inventory", "service", inventory),
        truth("customers", "service", customers), truth("libs", "shared_library", libs),
        truth("platform", "shared_library", platform), truth("main", "service", gateway)};
    CHECK_INT(decomposer_eval_services(m.services, m.nservices, t1, 6, &fm, &mno, &err), 0);
    CHECK(NEAR(fm, 100.0));
    CHECK_INT(mno, 0);

    /* products.c belongs to orders in this truth: 15 files, 1 move; B sizes 1,2,3,4,5 give
     * g = 5, max = 15 - 5 = 10. */
    seam_service t2[] = {
        truth("orders", "service", orders_plus), truth("inventory", "service", inventory_minus),
        truth("customers", "service", customers), truth("libs", "shared_library", libs),
        truth("platform", "shared_library", platform), truth("main", "service", gateway)};
    CHECK_INT(decomposer_eval_services(m.services, m.nservices, t2, 6, &fm, &mno, &err), 0);
    CHECK_INT(mno, 1);
    CHECK(NEAR(fm, (1.0 - 1.0 / 10.0) * 100.0));

    /* A truth file seam never saw is a cluster of its own on the proposed side: it must
     * join orders (1 join). 16 files, sizes 1,3,3,4,5 give g = 5, max = 11. */
    seam_service t3[] = {
        truth("orders", "service", orders_extra), truth("inventory", "service", inventory),
        truth("customers", "service", customers), truth("libs", "shared_library", libs),
        truth("platform", "shared_library", platform), truth("main", "service", gateway)};
    CHECK_INT(decomposer_eval_services(m.services, m.nservices, t3, 6, &fm, &mno, &err), 0);
    CHECK_INT(mno, 1);
    CHECK(NEAR(fm, (1.0 - 1.0 / 11.0) * 100.0));

    /* Files of the proposal that the truth does not list are ignored. */
    seam_service t4[] = {truth("orders", "service", orders),
                         truth("inventory", "service", inventory)};
    CHECK_INT(decomposer_eval_services(m.services, m.nservices, t4, 2, &fm, NULL, &err), 0);
    CHECK(NEAR(fm, 100.0));

    /* A truth listing one file in two services is an input error. */
    seam_service bad[] = {truth("orders", "service", orders),
                          truth("more", "service", orders_plus)};
    CHECK_INT(decomposer_eval_services(m.services, m.nservices, bad, 2, &fm, NULL, &err),
              SEAM_EINPUT);
    CHECK(strstr(err.msg, "src/cart.c") != NULL);
    CHECK_INT(decomposer_eval_services(m.services, m.nservices, NULL, 0, &fm, NULL, &err),
              SEAM_EINPUT);
    CHECK_INT(decomposer_eval_services(m.services, m.nservices, t1, 5, NULL, NULL, &err),
              SEAM_EUSAGE);
    seam_model_free(&m);
}

int main(void)
{
    test_against_truth();
    return check_finish();
}
