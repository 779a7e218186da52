/* tool_cli.c - the registry of everyday tool commands (fmt, graph, ...).
 * Each entry points at the module that implements it; see cli.h. */
#include "phx.h"
#include "cli.h"

const struct cli_command tool_commands[] = {
	{ NULL, NULL, NULL, NULL, NULL },
};
