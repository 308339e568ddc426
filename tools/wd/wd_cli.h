/* SPDX-License-Identifier: Apache-2.0 */
/* The `wd` command: one entry point per subcommand. */
#ifndef WD_CLI_H
#define WD_CLI_H

#include <stdbool.h>
#include <stdio.h>

/* Each returns the process exit code: 0 ok, 1 error, 2 usage error. */
int cmd_info(int argc, char **argv);
int cmd_zip(int argc, char **argv, bool decompress);
int cmd_bench(int argc, char **argv);
int cmd_zlib_run(int argc, char **argv);

/* "wd: " + message on stderr. */
void cli_err(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Minimal JSON string writer (escapes quotes, backslashes, control chars). */
void cli_json_str(FILE *f, const char *s);

#endif /* WD_CLI_H */
