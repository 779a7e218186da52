/* cli.h - commands of the phxc binary.
 *
 * compiler/main.c owns build, check and help. Other stages register their
 * commands in tables of their own, each ended by a NULL name:
 *   rt_commands[]    runtime/rt_cli.c      (deploy, diff, status, ...),
 *                    reached through rt_commands_load()
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

/* The deploy runtime as a module (runtime/rt_module.c): phxrt.so exports
 * `phx_rt_module`, and phxc uses it only when the versions are equal. */
struct cli_rt_module {
	const char *version;			/* PACKAGE_VERSION */
	const struct cli_command *commands;	/* rt_commands */
};

/* The runtime commands, from the module (dlopened on first use, from the
 * build tree or $(pkglibdir): selfdir.h) or linked in (builds without
 * PHX_RT_MODULE, such as tests/sanitize.test's). NULL when the module cannot
 * be loaded; *why then says why (static storage). compiler/rt_load.c. */
const struct cli_command *rt_commands_load(const char **why);

#endif
