/*
 * Options of decomposer_run: constraints (pin, keep-together, keep-apart,
 * always honoured, contradictions refused), --services K, --unit, and the
 * JSON files behind --weights and --constraints.
 */
#include <unistd.h>

#include "check.h"
#include "decomposer.h"
#include "shop_model.h"
#include "two_domains.h"

static const seam_service *owner_of(const seam_model *m, const char *table)
{
    for (int i = 0; i < m->nservices; i++)
        for (int t = 0; t < m->services[i].ntables; t++)
            if (strcmp(m->services[i].tables[t], table) == 0)
                return &m->services[i];
    return NULL;
}

static int count_services(const seam_model *m)
{
    int n = 0;
    for (int i = 0; i < m->nservices; i++)
        n += m->services[i].kind == SEAM_SERVICE_KIND_SERVICE && m->services[i].nfiles > 0;
    return n;
}

static char *write_temp(const char *text)
{
    char tmpl[] = "/tmp/seam-test-opts-XXXXXX";
    int fd = mkstemp(tmpl);
    synth_need(fd >= 0);
    synth_need(write(fd, text, strlen(text)) == (ssize_t)strlen(text));
    close(fd);
    return seam_strdup(tmpl);
}

static int run_with(seam_model *m, const char *constraints_json, seam_err *err)
{
    decomposer_options o;
    decomposer_options_init(&o);
    decomposer_constraints *c = NULL;
    char *path = write_temp(constraints_json);
    int rc = decomposer_constraints_load(path, 0, &c, err);
    unlink(path);
    free(path);
    if (rc)
        return rc;
    o.constraints = c;
    rc = decomposer_run(m, &o, err);
    decomposer_constraints_free(c);
    return rc;
}

static void test_pin(void)
{
    seam_model m;
    seam_err err;
    shop_model(&m);
    /* cart.c belongs with orders by every signal; the architect says inventory. */
    CHECK_INT(run_with(&m,
                       "{\"pin\": {\"src/cart.c\": \"inventory\", \"src/products.c\": "
                       "\"inventory\", \"cart_items\": \"inventory\"}}",
                       &err),
              0);
    const seam_service *cart = synth_service_of(&m, "src/cart.c");
    CHECK(cart && strcmp(cart->name, "inventory") == 0);
    CHECK(cart == synth_service_of(&m, "src/products.c"));
    /* A pinned table goes with its pin, not with its writers. */
    CHECK(owner_of(&m, "cart_items") == cart);
    /* Nobody else may take the pinned name. */
    int named = 0;
    for (int i = 0; i < m.nservices; i++)
        named += strcmp(m.services[i].name, "inventory") == 0;
    CHECK_INT(named, 1);
    seam_model_free(&m);

    /* A pin may even take a shared library's module into a service. */
    shop_model(&m);
    CHECK_INT(run_with(&m, "{\"pin\": {\"src/log.c\": \"logging\"}}", &err), 0);
    const seam_service *log = synth_service_of(&m, "src/log.c");
    CHECK(log && strcmp(log->name, "logging") == 0 && log->kind == SEAM_SERVICE_KIND_SERVICE);
    seam_model_free(&m);
}

static void test_together_apart(void)
{
    seam_model m;
    seam_err err;
    shop_model(&m);
    CHECK_INT(run_with(&m, "{\"together\": [[\"src/addresses.c\", \"src/inventory.c\"]]}", &err),
              0);
    CHECK(synth_service_of(&m, "src/addresses.c") == synth_service_of(&m, "src/inventory.c"));
    seam_model_free(&m);

    shop_model(&m);
    /* orders.c and cart.c are one domain; kept apart, they must split, cart taking its table. */
    CHECK_INT(run_with(&m, "{\"apart\": [[\"src/orders.c\", \"src/cart.c\"]]}", &err), 0);
    const seam_service *o = synth_service_of(&m, "src/orders.c"),
                       *c = synth_service_of(&m, "src/cart.c");
    CHECK(o && c && o != c);
    CHECK(synth_service_of(&m, "src/orders.h") == o);
    seam_model_free(&m);

    /* Three-way apart inside one domain, and stable under another seed. */
    for (unsigned seed = 1; seed <= 2; seed++) {
        shop_model(&m);
        decomposer_options o2;
        decomposer_options_init(&o2);
        o2.seed = seed;
        decomposer_constraints *cons = NULL;
        char *path = write_temp(
            "{\"apart\": [[\"src/customers.c\", \"src/addresses.c\", \"src/orders.c\"]]}");
        CHECK_INT(decomposer_constraints_load(path, 0, &cons, &err), 0);
        unlink(path);
        free(path);
        o2.constraints = cons;
        CHECK_INT(decomposer_run(&m, &o2, &err), 0);
        const seam_service *a = synth_service_of(&m, "src/customers.c");
        const seam_service *b = synth_service_of(&m, "src/addresses.c");
        const seam_service *d = synth_service_of(&m, "src/orders.c");
        CHECK(a && b && d && a != b && b != d && a != d);
        decomposer_constraints_free(cons);
        seam_model_free(&m);
    }
}

static void test_contradictions(void)
{
    seam_model m;
    seam_err err;
    const char *bad[][2] = {
        {"{\"pin\": {\"src/cart.c\": \"a\"}, \"together\": [[\"src/cart.c\", \"src/orders.c\"]], "
         "\"apart\": [[\"src/orders.c\", \"src/cart.c\"]]}",
         "both together and apart"},
        {"{\"pin\": {\"src/cart.c\": \"a\", \"src/orders.c\": \"b\"}, "
         "\"together\": [[\"src/cart.c\", \"src/orders.c\"]]}",
         "pinned to"},
        {"{\"pin\": {\"src/nowhere.c\": \"a\"}}", "'src/nowhere.c' names no file, module or table"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        shop_model(&m);
        CHECK_INT(run_with(&m, bad[i][0], &err), SEAM_EINPUT);
        CHECK(strstr(err.msg, bad[i][1]) != NULL);
        if (!strstr(err.msg, bad[i][1]))
            fprintf(stderr, "  got: %s\n", err.msg);
        CHECK_INT(m.nservices, 0);
        seam_model_free(&m);
    }
    /* Bad files: not JSON, wrong shapes, unknown keys, missing file. */
    const char *files[][2] = {
        {"{\"pin\": [1]}", "\"pin\" must be an object"},
        {"{\"together\": [[\"a\"]]}", "at least 2 names"},
        {"{\"apart\": \"x\"}", "must be an array"},
        {"{\"keep\": []}", "unknown key \"keep\""},
        {"{nope", "not valid JSON"},
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        decomposer_constraints *c = NULL;
        char *path = write_temp(files[i][0]);
        CHECK_INT(decomposer_constraints_load(path, 0, &c, &err), SEAM_EINPUT);
        CHECK(strstr(err.msg, files[i][1]) != NULL && strstr(err.msg, path) != NULL);
        CHECK(c == NULL);
        unlink(path);
        free(path);
    }
    decomposer_constraints *c = NULL;
    CHECK_INT(decomposer_constraints_load("/nonexistent/c.json", 0, &c, &err), SEAM_EIO);
}

static void test_weights_file(void)
{
    decomposer_options o;
    seam_err err;
    decomposer_options_init(&o);
    char *path = write_temp("{\"naming\": 0, \"cochange\": 2.5}");
    CHECK_INT(decomposer_weights_load(&o, path, 0, &err), 0);
    CHECK(o.weights[DECOMPOSER_NAMING] == 0);
    CHECK(o.weights[DECOMPOSER_COCHANGE] == 2.5);
    CHECK(o.weights[DECOMPOSER_CALL] == 1.0); /* unnamed kinds keep their value */
    unlink(path);
    free(path);
    const char *bad[][2] = {{"{\"calls\": 1}", "unknown edge kind \"calls\""},
                            {"{\"call\": -1}", "non-negative number"},
                            {"{\"call\": \"1\"}", "non-negative number"},
                            {"[1]", "must be a JSON object"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        decomposer_options_init(&o);
        path = write_temp(bad[i][0]);
        CHECK_INT(decomposer_weights_load(&o, path, 0, &err), SEAM_EINPUT);
        CHECK(strstr(err.msg, bad[i][1]) != NULL);
        CHECK(o.weights[DECOMPOSER_CALL] == 1.0); /* nothing changed on error */
        unlink(path);
        free(path);
    }
}

static void test_services_k(void)
{
    /* The shop model's three domains: any K from 1 to 6 is honoured exactly. */
    for (int k = 1; k <= 6; k++) {
        seam_model m;
        seam_err err;
        shop_model(&m);
        decomposer_options o;
        decomposer_options_init(&o);
        o.services = k;
        CHECK_INT(decomposer_run(&m, &o, &err), 0);
        CHECK_INT(count_services(&m), k);
        if (count_services(&m) != k)
            fprintf(stderr, "  --services %d gave %d\n", k, count_services(&m));
        if (k == 3) {
            /* The planted domains themselves. */
            CHECK(synth_service_of(&m, "src/cart.c") == synth_service_of(&m, "src/orders.c"));
            CHECK(synth_service_of(&m, "src/products.c") ==
                  synth_service_of(&m, "src/inventory.c"));
            CHECK(synth_service_of(&m, "src/addresses.c") ==
                  synth_service_of(&m, "src/customers.c"));
        }
        seam_model_free(&m);
    }
    /* More services than modules to make them from: a usage error. */
    seam_model m;
    seam_err err;
    shop_model(&m);
    decomposer_options o;
    decomposer_options_init(&o);
    o.services = 50;
    CHECK_INT(decomposer_run(&m, &o, &err), SEAM_EUSAGE);
    CHECK(strstr(err.msg, "cannot propose 50 services") != NULL);
    seam_model_free(&m);
}

static void test_units(void)
{
    seam_model m;
    seam_err err;
    /* File unit: src/orders.c and src/orders.h are two modules. */
    shop_model(&m);
    decomposer_options o;
    decomposer_options_init(&o);
    o.unit = DECOMPOSER_UNIT_FILE;
    CHECK_INT(decomposer_run(&m, &o, &err), 0);
    int found = 0;
    for (int i = 0; i < m.nmodules; i++)
        if (strcmp(m.modules[i].name, "src/orders.h") == 0) {
            found = 1;
            CHECK_INT(m.modules[i].nfiles, 1);
        }
    CHECK(found);
    seam_model_free(&m);

    /* Directory unit: two directories, two modules. */
    seam_model_init(&m);
    const char *files[] = {"billing/a.c", "billing/b.c", "ship/c.c", "ship/d.c"};
    for (int i = 0; i < 4; i++)
        synth_file(&m, files[i]);
    synth_fn(&m, "billing/a.c", "fa");
    synth_fn(&m, "billing/b.c", "fb");
    synth_fn(&m, "ship/c.c", "fc");
    synth_fn(&m, "ship/d.c", "fd");
    synth_call(&m, "fa", "fc", 1);
    synth_call(&m, "fb", "fd", 1);
    decomposer_options_init(&o);
    o.unit = DECOMPOSER_UNIT_DIR;
    CHECK_INT(decomposer_run(&m, &o, &err), 0);
    CHECK_INT(m.nmodules, 2);
    if (m.nmodules == 2) {
        CHECK_STR(m.modules[0].name, "billing");
        CHECK_INT(m.modules[0].nfiles, 2);
        CHECK_STR(m.modules[1].name, "ship");
    }
    /* The two directories are the only thing to cluster: one service holds both. */
    CHECK(synth_service_of(&m, "billing/a.c") == synth_service_of(&m, "ship/d.c"));
    seam_model_free(&m);
}

/* Same input, same output: services, why-here, metrics, plan; and another seed agrees. */
static void test_deterministic(void)
{
    seam_model a, b;
    seam_err err;
    two_domains(&a);
    two_domains(&b);
    CHECK_INT(decomposer_run(&a, NULL, &err), 0);
    CHECK_INT(decomposer_run(&b, NULL, &err), 0);
    CHECK_INT(a.nservices, b.nservices);
    CHECK_INT(a.nmodules, b.nmodules);
    for (int i = 0; i < a.nmodules && i < b.nmodules; i++) {
        CHECK_STR(a.modules[i].service, b.modules[i].service);
        CHECK_INT(a.modules[i].nwhy, b.modules[i].nwhy);
        for (int k = 0; k < a.modules[i].nwhy && k < b.modules[i].nwhy; k++)
            CHECK_STR(a.modules[i].why[k].kinds, b.modules[i].why[k].kinds);
    }
    CHECK(memcmp(&a.metrics, &b.metrics, sizeof a.metrics) == 0);
    seam_model_free(&a);
    seam_model_free(&b);
}

int main(void)
{
    test_pin();
    test_together_apart();
    test_contradictions();
    test_weights_file();
    test_services_k();
    test_units();
    test_deterministic();
    return check_finish();
}
