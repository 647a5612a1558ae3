/*
 * cli.h - what the seam command's subcommands share.
 *
 * Each subcommand lives in its own file (cmd_<name>.c) and exposes one
 * function cmd_<name>(argc, argv) that returns the process exit status.
 * argv[0] is the subcommand's name. Only these files print to the terminal.
 */
#ifndef SEAM_CLI_H
#define SEAM_CLI_H

#include "model.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

/* Prints "seam: MSG" on stderr. */
void cli_print_error(const char *msg);

/*
 * Prints "seam: " + fmt (with one string argument) and the usage text on
 * stderr, with a pointer to --help. Returns EXIT_USAGE.
 */
int cli_usage_error(const char *usage, const char *fmt, const char *arg);

/* The exit status for a failed seam call: EXIT_USAGE for SEAM_EUSAGE, else EXIT_FAIL. */
int cli_exit_status(int rc);

/* mkdir -p. Returns 0 or SEAM_EIO naming the directory. */
int cli_make_dirs(const char *path, seam_err *err);

/* Parses a number of jobs in 1..1024; -1 when s is not one. */
int cli_parse_jobs(const char *s);

int cmd_analyze(int argc, char **argv);
int cmd_inspect_db(int argc, char **argv);

#endif
