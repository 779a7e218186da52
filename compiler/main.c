/* main.c - the phxc command line: a thin driver over libphxc. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "cli.h"
#include "diag.h"
#include "driver.h"
#include "emit.h"
#include "ir.h"
#include "outfile.h"
#include "regions.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct cli {
	const char *cmd;
	const char *env;
	const char *out_dir;
	enum emit_format format;
	enum diag_color color;
	const char *dump;
	bool quiet;
	struct comp_opts comp;
	char **inputs;
	int ninputs;
};

struct command {
	const char *name;
	const char *summary;
	const char *usage;
	const char *help;
	int (*run)(struct cli *);
};

static int cmd_build(struct cli *cli);
static int cmd_check(struct cli *cli);

static const char common_opts[] =
	"  -e, --env NAME         build for one environment (default: every one declared)\n"
	"  -I DIR                 look for imported modules in DIR first (then PHX_PATH,\n"
	"                         then the installed stdlib)\n"
	"      --color WHEN       colour diagnostics: auto (default), always, never;\n"
	"                         auto means a terminal and NO_COLOR unset or empty\n"
	"      --max-errors N     stop after N errors (default 10, 0 for no limit)\n"
	"      --werror           treat warnings as errors\n"
	"      --strict           treat security lint findings that no 'allow' accepts\n"
	"                         as errors (docs/security.md)\n"
	"      --explain          say why each lint rule matters, and list the findings\n"
	"                         that 'allow' acknowledgements accept, with their reasons\n"
	"      --no-limits        do not hold templates to CloudFormation's quotas\n"
	"                         (500 resources, 200 outputs, 200 parameters, 1 MB)\n"
	"      --debug LIST       trace passes on stderr: parse, sema (comma-separated)\n"
	"      --dump WHAT        print the ast or the ir on stdout, then go on\n";

static const struct command commands[] = {
	{ "build", "compile .phx sources into CloudFormation templates",
	  "phxc build [FILE|DIR|-]... [--env NAME] [-o DIR|-] [--format json|yaml]",
	  "Compiles the sources and writes one template per stack and environment to\n"
	  "DIR/<stack>[-<env>].template.json (or .yaml); stack NAME of a program of\n"
	  "several stacks is <program>-NAME (docs/language.md, 'Several stacks'), and the\n"
	  "stacks are written in dependency order. DIR defaults to 'build' and is\n"
	  "created when missing; '-o -' writes the template to standard output (one\n"
	  "stack only). A program deployed to several regions (regions = [...]) gets\n"
	  "the same files: one template serves every region (docs/deploy.md, 'Regions').\n"
	  "A folder stands for every .phx file in it. With no source, the current folder.\n"
	  "\n"
	  "  -o, --output DIR       where templates go ('-' for standard output)\n"
	  "  -f, --format FMT       json (default) or yaml\n"
	  "  -q, --quiet            do not list the files written\n",
	  cmd_build },
	{ "check", "report diagnostics without writing anything",
	  "phxc check [FILE|DIR|-]... [--env NAME]",
	  "Runs every pass, for every environment (or the one named), and writes nothing.\n",
	  cmd_check },
	{ NULL, NULL, NULL, NULL, NULL },
};

static const struct command *find_command(const char *name)
{
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: phxc COMMAND [OPTIONS] [FILE|DIR]...\n"
		"\n"
		"phxc compiles .phx infrastructure programs into AWS CloudFormation templates.\n"
		"\n"
		"commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-8s %s\n", c->name, c->summary);
	for (const struct cli_command *c = tool_commands; c->name; c++)
		fprintf(f, "  %-8s %s\n", c->name, c->summary);
	for (const struct cli_command *c = lsp_commands; c->name; c++)
		fprintf(f, "  %-8s %s\n", c->name, c->summary);
	{
		const char *why = NULL;
		const struct cli_command *rt = rt_commands_load(&why);

		for (const struct cli_command *c = rt; c && c->name; c++)
			fprintf(f, "  %-8s %s\n", c->name, c->summary);
		if (!rt)
			fprintf(f, "  (deploy commands unavailable: %s)\n", why);
	}
	fprintf(f,
		"  help     show help for a command: phxc help build\n"
		"\n"
		"options:\n"
		"  -h, --help             show this help\n"
		"  -V, --version          show the version\n"
		"\n"
		"exit status: 0 success, 1 compile errors, 2 usage or system error,\n"
		"             3 deploy failed or rolled back\n");
}

/* A tool command, else a runtime command: only then is the deploy runtime
 * loaded (with its libcurl, OpenSSL and expat), and a failure to load it is
 * said here. */
static const struct cli_command *find_external(const char *name)
{
	const struct cli_command *rt;
	const char *why = NULL;

	for (const struct cli_command *c = tool_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	for (const struct cli_command *c = lsp_commands; c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	rt = rt_commands_load(&why);
	for (const struct cli_command *c = rt; c && c->name; c++)
		if (!strcmp(c->name, name))
			return c;
	if (!rt)
		fprintf(stderr, "phxc: deploy commands unavailable: %s\n", why);
	return NULL;
}

static void command_help(FILE *f, const struct command *c)
{
	fprintf(f, "usage: %s\n\n%s\n%s", c->usage, c->summary, c->help);
	fprintf(f, "%s", common_opts);
	fprintf(f, "\nexit status: 0 success, 1 compile errors, 2 usage or system error\n");
}

static int usage_error(const char *fmt, const char *arg)
{
	fputs("phxc: ", stderr);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	fprintf(stderr, fmt, arg);
#pragma GCC diagnostic pop
	fputs("\nphxc: try 'phxc --help'\n", stderr);
	return PHX_EXIT_USAGE;
}

static bool parse_debug(struct cli *cli, const char *list)
{
	char *copy = xstrdup(list), *save = NULL;
	bool ok = true;

	for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (!strcmp(t, "parse"))
			cli->comp.trace_parse = true;
		else if (!strcmp(t, "sema"))
			cli->comp.trace_sema = true;
		else
			ok = false;
	}
	free(copy);
	return ok;
}

/* Options shared by build and check. Returns -1 to go on, else an exit code. */
static int parse_options(struct cli *cli, const struct command *cmd, int argc, char **argv)
{
	enum { OPT_COLOR = 256, OPT_MAX_ERRORS, OPT_WERROR, OPT_DEBUG, OPT_DUMP, OPT_NO_LIMITS,
	       OPT_STRICT, OPT_EXPLAIN };
	static const struct option longopts[] = {
		{ "env", required_argument, NULL, 'e' },
		{ "output", required_argument, NULL, 'o' },
		{ "format", required_argument, NULL, 'f' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ "max-errors", required_argument, NULL, OPT_MAX_ERRORS },
		{ "werror", no_argument, NULL, OPT_WERROR },
		{ "no-limits", no_argument, NULL, OPT_NO_LIMITS },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "explain", no_argument, NULL, OPT_EXPLAIN },
		{ "debug", required_argument, NULL, OPT_DEBUG },
		{ "dump", required_argument, NULL, OPT_DUMP },
		{ NULL, 0, NULL, 0 },
	};
	bool is_build = cmd->run == cmd_build;
	int ch;

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, is_build ? ":e:o:f:qhI:" : ":e:hI:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'e':
			cli->env = optarg;
			break;
		case 'I':
			cli->comp.include_dirs = xrealloc(cli->comp.include_dirs,
				(cli->comp.ninclude_dirs + 1) * sizeof(*cli->comp.include_dirs));
			cli->comp.include_dirs[cli->comp.ninclude_dirs++] = optarg;
			break;
		case 'o':
			if (!is_build)
				return usage_error("'%s' takes no --output", cmd->name);
			cli->out_dir = optarg;
			break;
		case 'f':
			if (!is_build)
				return usage_error("'%s' takes no --format", cmd->name);
			if (!strcmp(optarg, "json"))
				cli->format = EMIT_JSON;
			else if (!strcmp(optarg, "yaml") || !strcmp(optarg, "yml"))
				cli->format = EMIT_YAML;
			else
				return usage_error("unknown format '%s' (json or yaml)", optarg);
			break;
		case 'q':
			cli->quiet = true;
			break;
		case 'h':
			command_help(stdout, cmd);
			return PHX_EXIT_OK;
		case OPT_COLOR:
			if (!diag_color_parse(optarg, &cli->color))
				return usage_error("--color takes auto, always or never, not '%s'", optarg);
			break;
		case OPT_MAX_ERRORS: {
			char *end;
			long v;

			errno = 0;
			v = strtol(optarg, &end, 10);
			if (errno || *end || end == optarg || v < 0 || v > 1000000)
				return usage_error("--max-errors takes a number, not '%s'", optarg);
			cli->comp.max_errors = (unsigned)v;
			break;
		}
		case OPT_WERROR:
			cli->comp.werror = true;
			break;
		case OPT_NO_LIMITS:
			cli->comp.no_limits = true;
			break;
		case OPT_STRICT:
			cli->comp.strict = true;
			break;
		case OPT_EXPLAIN:
			cli->comp.explain = true;
			break;
		case OPT_DEBUG:
			if (!parse_debug(cli, optarg))
				return usage_error("--debug takes parse and sema, not '%s'", optarg);
			break;
		case OPT_DUMP:
			if (strcmp(optarg, "ast") && strcmp(optarg, "ir"))
				return usage_error("--dump takes ast or ir, not '%s'", optarg);
			cli->dump = optarg;
			break;
		case ':':
			return usage_error("option '%s' needs a value", argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'", argv[optind - 1]);
		}
	}
	cli->inputs = argv + optind;
	cli->ninputs = argc - optind;
	return -1;
}

/* Loads and checks the sources; renders diagnostics. Returns an exit code,
 * or -1 when the program is good to lower. */
static int front_end(struct cli *cli, struct compilation *comp)
{
	int rc = comp_front(comp, cli->inputs, cli->ninputs, cli->env, stderr,
			    diag_use_color(cli->color, stderr));

	if (cli->dump && !strcmp(cli->dump, "ast"))
		ast_dump(stdout, comp->prog.items, &comp->srcs);
	return rc;
}

/* Through a temporary file and a rename: a failed write keeps the old
 * template (outfile.h). Not fsync'ed: the next build makes it again. */
static int write_file(const char *path, const char *text, size_t len)
{
	return outfile_write(path, text, len, OUTFILE_REBUILT);
}

static int make_dirs(const char *path)
{
	char *p = xstrdup(path);
	int rc = 0;

	for (char *s = p + 1; ; s++) {
		char c = *s;

		if (c != '/' && c != '\0')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST) {
			fprintf(stderr, "phxc: cannot create folder '%s': %s\n", p, strerror(errno));
			rc = -1;
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return rc;
}

/* One template: to standard output, or DIR/<stack name>.template.json. */
static int write_template(struct cli *cli, struct compilation *comp, struct ir_template *t,
			  const char *dir, bool to_stdout)
{
	char *text, *path;
	size_t len;
	int rc = PHX_EXIT_OK;

	text = comp_emit(comp, t, cli->format, &len);
	if (!text)
		return PHX_EXIT_COMPILE;
	if (to_stdout) {
		if (outfile_stdout(text, len))
			rc = PHX_EXIT_USAGE;
	} else {
		path = xasprintf("%s/%s.template.%s", dir, t->stack_name,
				 cli->format == EMIT_YAML ? "yaml" : "json");
		if (write_file(path, text, len))
			rc = PHX_EXIT_USAGE;
		else if (!cli->quiet)
			fprintf(stderr, "wrote %s (%zu bytes, %zu resources)\n", path, len, t->nresources);
		free(path);
	}
	free(text);
	return rc;
}

/* Lowers for each selected environment; build writes, check does not. */
static int lower_all(struct cli *cli, struct compilation *comp, bool write)
{
	bool color = diag_use_color(cli->color, stderr);
	bool to_stdout = cli->out_dir && !strcmp(cli->out_dir, "-");
	const char *dir = cli->out_dir ? cli->out_dir : "build";
	size_t nenv = comp->prog.nenvs;
	size_t count = cli->env || !nenv ? 1 : nenv;
	int rc = PHX_EXIT_OK;

	if (write && to_stdout && count > 1) {
		fprintf(stderr, "phxc: '-o -' writes one template: choose an environment with --env\n");
		return PHX_EXIT_USAGE;
	}
	if (write && !to_stdout && make_dirs(dir))
		return PHX_EXIT_USAGE;
	struct ir_template **ts = xcalloc(count, sizeof(*ts));

	/* every environment is lowered before anything is written: a build
	 * with errors in one environment writes no template at all */
	for (size_t i = 0; i < count; i++) {
		const char *env = cli->env ? cli->env : nenv ? comp->prog.envs[i]->item.name.name : NULL;

		ts[i] = comp_lower(comp, env);
		if (!ts[i])
			rc = PHX_EXIT_COMPILE;
		else if (cli->dump && !strcmp(cli->dump, "ir"))
			ir_dump(stdout, ts[i]->root);
	}
	for (size_t i = 0; write && rc == PHX_EXIT_OK && i < count; i++) {
		size_t nstacks;
		struct ir_template *const *stacks = comp_stacks(&ts[i], &nstacks);

		if (to_stdout && nstacks > 1) {
			fprintf(stderr, "phxc: '-o -' writes one template, and the program has %zu stacks: "
				"write them to a folder\n", nstacks);
			rc = PHX_EXIT_USAGE;
			break;
		}
		for (size_t k = 0; rc == PHX_EXIT_OK && k < nstacks; k++)
			rc = write_template(cli, comp, stacks[k], dir, to_stdout);
	}
	free(ts);
	if (write && rc == PHX_EXIT_OK && !cli->quiet) {
		/* regions = [...]: the same template serves each (regions.h) */
		const char **regions;
		size_t nregions = regions_list(comp->arena, &comp->prog, &regions);

		if (nregions)
			fprintf(stderr, "each template serves every region: ");
		for (size_t i = 0; i < nregions; i++)
			fprintf(stderr, "%s%s", i ? ", " : "", regions[i]);
		if (nregions)
			fprintf(stderr, " (none depends on the region at build time)\n");
	}
	/* unused acknowledgements: only when every environment was linted */
	if (rc == PHX_EXIT_OK && (!cli->env || nenv <= 1))
		comp_lint_finish(comp);
	/* one rendering for every environment: a report made in each is shown once */
	diag_render(&comp->diag, stderr, color);
	return rc;
}

static int cmd_build(struct cli *cli)
{
	struct compilation comp;
	int rc;

	comp_init(&comp, &cli->comp);
	rc = front_end(cli, &comp);
	if (rc < 0)
		rc = lower_all(cli, &comp, true);
	comp_fini(&comp);
	return rc;
}

static int cmd_check(struct cli *cli)
{
	struct compilation comp;
	int rc;

	comp_init(&comp, &cli->comp);
	rc = front_end(cli, &comp);
	if (rc < 0)
		rc = lower_all(cli, &comp, false);
	comp_fini(&comp);
	return rc;
}

int main(int argc, char **argv)
{
	struct cli cli;
	const struct command *cmd;

	memset(&cli, 0, sizeof(cli));
	cli.comp.max_errors = 10;
	if (argc < 2) {
		usage(stderr);
		return PHX_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
		usage(stdout);
		return PHX_EXIT_OK;
	}
	if (!strcmp(argv[1], "-V") || !strcmp(argv[1], "--version")) {
		printf("phxc %s\n", PACKAGE_VERSION);
		return PHX_EXIT_OK;
	}
	if (!strcmp(argv[1], "help")) {
		if (argc < 3) {
			usage(stdout);
			return PHX_EXIT_OK;
		}
		cmd = find_command(argv[2]);
		const struct cli_command *x = cmd ? NULL : find_external(argv[2]);

		if (x) {
			printf("usage: %s\n\n%s\n%s", x->usage, x->summary, x->help);
			return PHX_EXIT_OK;
		}
		if (!cmd)
			return usage_error("no command called '%s'", argv[2]);
		command_help(stdout, cmd);
		return PHX_EXIT_OK;
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		const struct cli_command *x = find_external(argv[1]);

		if (x)
			return x->run(argc - 1, argv + 1);
	}
	if (!cmd)
		return usage_error("no command called '%s'", argv[1]);
	cli.cmd = cmd->name;
	{
		int rc = parse_options(&cli, cmd, argc - 1, argv + 1);

		if (rc >= 0)
			return rc;
	}
	{
		int rc = cmd->run(&cli);

		free(cli.comp.include_dirs);
		return rc;
	}
}
