/* tool_cli.c - the registry of everyday tool commands (fmt, graph, ...).
 * Each entry points at the module that implements it; see cli.h. The
 * option parsing lives here, the work in graph.c and fmt.c. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "cli.h"
#include "diag.h"
#include "driver.h"
#include "graph.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tool_usage_error(const char *cmd, const char *msg, const char *arg)
{
	fprintf(stderr, "phxc %s: %s%s%s%s\nphxc: try 'phxc help %s'\n", cmd, msg,
		arg ? " '" : "", arg ? arg : "", arg ? "'" : "", cmd);
	return PHX_EXIT_USAGE;
}

static bool tool_color_opt(const char *arg, enum diag_color *c)
{
	if (!strcmp(arg, "auto"))
		*c = DIAG_COLOR_AUTO;
	else if (!strcmp(arg, "always"))
		*c = DIAG_COLOR_ALWAYS;
	else if (!strcmp(arg, "never"))
		*c = DIAG_COLOR_NEVER;
	else
		return false;
	return true;
}

static void tool_help(const struct cli_command *c)
{
	printf("usage: %s\n\n%s\n%s", c->usage, c->summary, c->help);
}

/* ---- phxc graph ------------------------------------------------------------ */

static int tool_graph(int argc, char **argv);

static const char graph_help[] =
	"Checks the program like 'phxc check' and writes a Graphviz dot graph of its\n"
	"resources: one box per resource (name and type), one cluster per source\n"
	"file, an arrow A -> B when A needs B (a reference or depends_on; B is\n"
	"created first). Render it with: phxc graph app.phx | dot -Tpng -o app.png\n"
	"\n"
	"  -e, --env NAME         check for this environment (default: every one)\n"
	"  -o, --output FILE      write the graph to FILE ('-', the default: stdout)\n"
	"      --color WHEN       colour diagnostics: auto (default), always, never\n"
	"\n"
	"exit status: 0 success, 1 compile errors, 2 usage or system error\n";

static int tool_graph(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "env", required_argument, NULL, 'e' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "color", required_argument, NULL, 'C' },
		{ "colour", required_argument, NULL, 'C' },
		{ NULL, 0, NULL, 0 },
	};
	struct comp_opts opts = { .max_errors = 10 };
	enum diag_color color = DIAG_COLOR_AUTO;
	const char *env = NULL, *output = NULL;
	struct compilation comp;
	bool use_color;
	char *title;
	FILE *out;
	int ch, rc = PHX_EXIT_OK;

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":e:o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'e':
			env = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			tool_help(&tool_commands[0]);
			return PHX_EXIT_OK;
		case 'C':
			if (!tool_color_opt(optarg, &color))
				return tool_usage_error("graph", "--color takes auto, always or never, not", optarg);
			break;
		case ':':
			return tool_usage_error("graph", "option needs a value:", argv[optind - 1]);
		default:
			return tool_usage_error("graph", "unknown option", argv[optind - 1]);
		}
	}
	use_color = diag_use_color(color, stderr);
	comp_init(&comp, &opts);
	if (optind == argc)
		comp_load(&comp, ".");
	for (int i = optind; i < argc; i++)
		comp_load(&comp, argv[i]);
	comp_check(&comp);
	if (comp.system_error || diag_failures(&comp.diag)) {
		rc = comp.system_error ? PHX_EXIT_USAGE : PHX_EXIT_COMPILE;
		goto done;
	}
	if (env && !comp.prog.nenvs) {
		diag_render(&comp.diag, stderr, use_color);
		fprintf(stderr, "phxc: --env %s given, but the program declares no environment\n", env);
		rc = PHX_EXIT_USAGE;
		goto done;
	}
	/* lower as build would, so that graph fails exactly where build does */
	for (size_t i = 0, n = env || !comp.prog.nenvs ? 1 : comp.prog.nenvs; i < n; i++) {
		const char *e = env ? env : comp.prog.nenvs ? comp.prog.envs[i]->item.name.name : NULL;

		if (!comp_lower(&comp, e))
			rc = PHX_EXIT_COMPILE;
	}
	if (rc)
		goto done;

	out = stdout;
	if (output && strcmp(output, "-")) {
		out = fopen(output, "w");
		if (!out) {
			fprintf(stderr, "phxc: cannot write '%s': %s\n", output, strerror(errno));
			rc = PHX_EXIT_USAGE;
			goto done;
		}
	}
	{
		const char *name = comp.prog.default_name;
		struct ast_node *stack = comp.prog.stack;

		if (stack && stack->item.name.name)
			name = stack->item.name.name;
		title = env ? xasprintf("%s (%s)", name, env) : xstrdup(name);
	}
	graph_write(out, comp.arena, &comp.prog, &comp.srcs, title);
	free(title);
	if (out != stdout ? fclose(out) != 0 : fflush(out) != 0) {
		fprintf(stderr, "phxc: cannot write '%s': %s\n", output ? output : "standard output",
			strerror(errno));
		rc = PHX_EXIT_USAGE;
	}
done:
	diag_render(&comp.diag, stderr, use_color);
	comp_fini(&comp);
	return rc;
}

const struct cli_command tool_commands[] = {
	{ "graph", "write a Graphviz dot graph of the resources and their dependencies",
	  "phxc graph [FILE|DIR|-]... [--env NAME] [-o FILE]", graph_help, tool_graph },
	{ NULL, NULL, NULL, NULL, NULL },
};
