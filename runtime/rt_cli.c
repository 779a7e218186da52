/* rt_cli.c - the registry of runtime commands (deploy, diff, status, ...).
 * Each entry points at the module that implements it; see compiler/cli.h. */
#include "phx.h"
#include "cli.h"

const struct cli_command rt_commands[] = {
	{ NULL, NULL, NULL, NULL, NULL },
};
