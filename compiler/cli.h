/* cli.h - commands of the phxc binary.
 *
 * compiler/main.c owns build, check and help. Other stages register their
 * commands in tables of their own, each ended by a NULL name:
 *   rt_commands[]    runtime/rt_cli.c      (deploy, diff, status, ...)
 *   tool_commands[]  compiler/tool_cli.c   (fmt, graph, ...)
 *   lsp_commands[]   compiler/tools/lsp.c  (lsp)
 * main.c lists them in --help and dispatches to them. run() gets argv with
 * argv[0] the command's name, and returns the process exit status
 * (enum phx_exit in phx.h). */
#ifndef PHX_COMPILER_CLI_H
#define PHX_COMPILER_CLI_H

#include <stdio.h>

struct cli_command {
	const char *name;
	const char *summary;	/* one line, for phxc --help */
	const char *usage;	/* "phxc deploy [FILE|DIR] --env NAME ..." */
	const char *help;	/* the rest of phxc help NAME: options, one per line */
	int (*run)(int argc, char **argv);
};

extern const struct cli_command rt_commands[];
extern const struct cli_command tool_commands[];
extern const struct cli_command lsp_commands[];

#endif
