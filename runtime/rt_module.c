/* rt_module.c - the one symbol the deploy runtime module (phxrt.so) exports:
 * its command table, and the version it was built as, which phxc checks
 * before using it (compiler/rt_load.c). */
#include "phx.h"
#include "cli.h"

const struct cli_rt_module phx_rt_module = {
	.version = PACKAGE_VERSION,
	.commands = rt_commands,
};
