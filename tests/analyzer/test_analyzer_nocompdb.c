/*
 * test_analyzer_nocompdb.c - the no-compile-database mode on the shop
 * fixture (its compile database lives in the build directory, so SRC alone
 * has none): every .c file is parsed with -I for each header directory plus
 * --cflags, a warning says the results are approximate, and with the right
 * flag the facts equal those from the real compile database.
 */
#include <stdio.h>
#include <string.h>

#include "analyzer.h"
#include "check.h"

#define SHOP SEAM_SOURCE_DIR "/fixtures/shop"
#define SHOP_BUILD SEAM_BINARY_DIR "/fixtures/shop"

static int run(const char *build, const char *cflags, seam_model *m, analyzer_stats *st)
{
    analyzer_options o = {
        .src_dir = SHOP, .build_dir = build, .jobs = 2, .cflags = cflags, .stats = st};
    seam_err err;
    seam_err_clear(&err);
    seam_model_init(m);
    int rc = analyzer_run(&o, m, &err);
    if (rc)
        fprintf(stderr, "analyzer_run: %s\n", err.msg);
    return rc;
}

int main(void)
{
    FILE *f = fopen(SHOP_BUILD "/compile_commands.json", "r");
    if (!f)
        CHECK_SKIP("the fixture's compile database is not built (configure with CMake first)");
    fclose(f);

    seam_model real, approx, bare;
    analyzer_stats st_real, st_approx, st_bare;
    CHECK_INT(run(SHOP_BUILD, NULL, &real, &st_real), 0);
    CHECK_INT(run(NULL, "-std=c11 -I/usr/include/postgresql", &approx, &st_approx), 0);
    CHECK_INT(run(NULL, NULL, &bare, &st_bare), 0);

    CHECK_INT(st_real.approximate, 0);
    CHECK_INT(real.ncode_warnings, 0);
    CHECK_INT(st_approx.approximate, 1);
    CHECK_INT(approx.ncode_warnings, 1);
    CHECK(approx.ncode_warnings == 1 && strstr(approx.code_warnings[0], "approximate"));
    /* Every .c file of the fixture, found by walking SRC. */
    CHECK(st_approx.tus > 20);
    CHECK_INT(st_approx.tus, st_real.tus);
    CHECK_INT(approx.parse_errors, 0);
    CHECK_INT(approx.nfiles, real.nfiles);
    CHECK_INT(approx.nfunctions, real.nfunctions);
    CHECK_INT(approx.ncalls, real.ncalls);
    CHECK_INT(approx.nsql_sites, real.nsql_sites);
    CHECK_INT(approx.nglobals, real.nglobals);
    CHECK(real.nfunctions > 100 && real.nsql_sites > 100);
    for (int i = 0; i < real.nfunctions && i < approx.nfunctions; i++)
        CHECK_STR(approx.functions[i].usr, real.functions[i].usr);
    /* Without the flag libpq-fe.h is missing: parse errors, counted, never fatal. */
    CHECK(bare.parse_errors > 0);
    CHECK_INT(st_bare.failed, 0);
    int with_diag = 0;
    for (int i = 0; i < bare.ntus; i++)
        if (bare.tus[i].errors > 0 && bare.tus[i].ndiagnostics > 0 &&
            strstr(bare.tus[i].diagnostics[0], "libpq-fe.h"))
            with_diag++;
    CHECK(with_diag > 0);
    CHECK(bare.nfunctions > 100);
    seam_model_free(&real);
    seam_model_free(&approx);
    seam_model_free(&bare);

    /* Flags that cannot be split like a shell would: a usage error. */
    seam_model m;
    analyzer_stats st;
    CHECK_INT(run(NULL, "-DX='unbalanced", &m, &st), SEAM_EUSAGE);
    seam_model_free(&m);
    CHECK_INT(run(NULL, "-I$(rm -rf /)", &m, &st), SEAM_EUSAGE);
    seam_model_free(&m);
    return check_finish();
}
