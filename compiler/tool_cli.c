/* tool_cli.c - the registry of everyday tool commands (fmt, graph, ...).
 * Each entry points at the module that implements it; see cli.h. The
 * option parsing lives here, the work in graph.c, fmt.c and tools/import_*.c. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "cli.h"
#include "diag.h"
#include "driver.h"
#include "fmt.h"
#include "graph.h"
#include "import_cfn.h"
#include "outfile.h"
#include "ir.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

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

static void tool_help(const struct cli_command *c)
{
	printf("usage: %s\n\n%s\n%s", c->usage, c->summary, c->help);
}

/* ---- phxc graph ------------------------------------------------------------ */

static int tool_graph(int argc, char **argv);

static const char graph_help[] =
	"Compiles the program for one environment, as build does, and writes a\n"
	"Graphviz dot graph of the resources of its template: one box per resource\n"
	"(name and type), one cluster per component instance and one per source\n"
	"file for the other resources, an arrow A -> B when A needs B (Ref, GetAtt,\n"
	"Sub or DependsOn: B is created first).\n"
	"Render it with: phxc graph app.phx --env prod | dot -Tpng -o app.png\n"
	"\n"
	"  -e, --env NAME         the environment (default: the first one declared)\n"
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
	struct ir_template *t;
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
			if (!diag_color_parse(optarg, &color))
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
	rc = comp_front(&comp, argv + optind, argc - optind, env, stderr, use_color);
	if (rc >= 0)
		goto done;
	rc = PHX_EXIT_OK;
	/* the graph of what build makes for one environment: the one named, or
	 * the first declared */
	if (!env && comp.prog.nenvs)
		env = comp.prog.envs[0]->item.name.name;
	t = comp_lower(&comp, env);
	if (!t) {
		rc = PHX_EXIT_COMPILE;
		goto done;
	}
	{
		const char *name = comp.prog.default_name;
		struct ast_node *stack = comp.prog.stack;

		if (stack && stack->item.name.name)
			name = stack->item.name.name;
		title = env ? xasprintf("%s (%s)", name, env) : xstrdup(name);
	}
	/* drawn in memory, then written whole (outfile.h) */
	{
		char *buf = NULL;
		size_t blen = 0;

		out = open_memstream(&buf, &blen);
		if (!out)
			PHX_BUG("open_memstream: %s", strerror(errno));
		graph_write(out, comp.arena, &comp.prog, &comp.srcs, t, title);
		fclose(out);
		if (output && strcmp(output, "-") ? outfile_write(output, buf, blen, OUTFILE_REBUILT)
						   : outfile_stdout(buf, blen))
			rc = PHX_EXIT_USAGE;
		free(buf);
	}
	free(title);
done:
	diag_render(&comp.diag, stderr, use_color);
	comp_fini(&comp);
	return rc;
}

/* ---- phxc fmt -------------------------------------------------------------- */

static int tool_fmt(int argc, char **argv);

static const char fmt_help[] =
	"Rewrites .phx files in the canonical layout: 2-space indent, one entry per\n"
	"line, '=' aligned within a block, comments kept where they were, one blank\n"
	"line between top-level items. A block written on one line stays on one line\n"
	"while its line ends within 100 columns (entries two spaces apart), and is\n"
	"broken past that. Formatting twice changes nothing more. A file\n"
	"that does not parse is left alone and its diagnostics are printed.\n"
	"A folder stands for the .phx files in it and in its subfolders; with no\n"
	"FILE, or '-', standard input is formatted to standard output.\n"
	"\n"
	"  -w, --write            rewrite the files that change (default: print)\n"
	"      --check            write nothing; list the files that would change\n"
	"                         and exit 1 if there is any (for CI)\n"
	"      --color WHEN       colour diagnostics: auto (default), always, never\n"
	"\n"
	"exit status: 0 success, 1 a file does not parse or (--check) would change,\n"
	"             2 usage or system error\n";

struct tool_paths {
	char **v;
	size_t n, cap;
};

static void tool_paths_add(struct tool_paths *p, char *path)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->v = xrealloc(p->v, p->cap * sizeof(*p->v));
	}
	p->v[p->n++] = path;
}

static int tool_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* A folder stands for its .phx files and its subfolders', sorted by path;
 * false when one cannot be read. */
static bool tool_expand(struct tool_paths *p, const char *path)
{
	struct stat st;
	size_t first = p->n;
	DIR *dir;
	struct dirent *de;

	if (!strcmp(path, "-") || stat(path, &st) || !S_ISDIR(st.st_mode)) {
		tool_paths_add(p, xstrdup(path));
		return true;
	}
	dir = opendir(path);
	if (!dir) {
		fprintf(stderr, "phxc: cannot open folder '%s': %s\n", path, strerror(errno));
		return false;
	}
	while ((de = readdir(dir))) {
		size_t len = strlen(de->d_name);
		char *sub;

		if (de->d_name[0] == '.')
			continue;
		sub = xasprintf("%s%s%s", path, path[strlen(path) - 1] == '/' ? "" : "/", de->d_name);
		/* subfolders too (stdlib/ holds aws/) */
		if (!stat(sub, &st) && S_ISDIR(st.st_mode)) {
			bool ok = tool_expand(p, sub);

			free(sub);
			if (!ok) {
				closedir(dir);
				return false;
			}
			continue;
		}
		if (len < 5 || strcmp(de->d_name + len - 4, ".phx")) {
			free(sub);
			continue;
		}
		tool_paths_add(p, sub);
	}
	closedir(dir);
	if (p->n - first > 1)
		qsort(p->v + first, p->n - first, sizeof(*p->v), tool_cmp);
	return true;
}

/* Replaces path by text through a temporary file and a rename, keeping the
 * file's mode and writing through symbolic links (outfile.h). */
static int tool_write_file(const char *path, const char *text, size_t len)
{
	return outfile_write(path, text, len, OUTFILE_DURABLE);
}

static int tool_fmt(int argc, char **argv)
{
	enum { OPT_CHECK = 256, OPT_COLOR };
	static const struct option longopts[] = {
		{ "write", no_argument, NULL, 'w' },
		{ "check", no_argument, NULL, OPT_CHECK },
		{ "help", no_argument, NULL, 'h' },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ NULL, 0, NULL, 0 },
	};
	enum diag_color color = DIAG_COLOR_AUTO;
	bool write = false, check = false, use_color;
	struct tool_paths paths = { NULL, 0, 0 };
	int ch, rc = PHX_EXIT_OK;

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":wh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'w':
			write = true;
			break;
		case OPT_CHECK:
			check = true;
			break;
		case 'h':
			tool_help(&tool_commands[1]);
			return PHX_EXIT_OK;
		case OPT_COLOR:
			if (!diag_color_parse(optarg, &color))
				return tool_usage_error("fmt", "--color takes auto, always or never, not", optarg);
			break;
		case ':':
			return tool_usage_error("fmt", "option needs a value:", argv[optind - 1]);
		default:
			return tool_usage_error("fmt", "unknown option", argv[optind - 1]);
		}
	}
	if (write && check)
		return tool_usage_error("fmt", "--write and --check exclude each other", NULL);
	use_color = diag_use_color(color, stderr);
	if (optind == argc)
		tool_paths_add(&paths, xstrdup("-"));
	for (int i = optind; i < argc; i++)
		if (!tool_expand(&paths, argv[i]))
			rc = PHX_EXIT_USAGE;
	for (size_t i = 0; i < paths.n; i++) {
		const char *path = paths.v[i];
		struct comp_opts opts = { .max_errors = 10 };
		struct compilation comp;
		struct srcfile *sf;
		char *text;
		size_t len;
		bool same;

		if (write && !strcmp(path, "-")) {
			rc = tool_usage_error("fmt", "cannot --write standard input", NULL);
			continue;
		}
		comp_init(&comp, &opts);
		comp_load(&comp, path);
		if (comp.system_error) {
			diag_render(&comp.diag, stderr, use_color);
			comp_fini(&comp);
			rc = PHX_EXIT_USAGE;
			continue;
		}
		text = fmt_file(comp.arena, &comp.diag, 1, &len);
		diag_render(&comp.diag, stderr, use_color);
		if (!text) {
			if (rc == PHX_EXIT_OK)
				rc = PHX_EXIT_COMPILE;
			comp_fini(&comp);
			continue;
		}
		sf = src_get(&comp.srcs, 1);
		same = sf->len == len && !memcmp(sf->text, text, len);
		if (check) {
			if (!same) {
				printf("%s\n", path);
				if (rc == PHX_EXIT_OK)
					rc = PHX_EXIT_COMPILE;
			}
		} else if (write && strcmp(path, "-")) {
			if (!same && tool_write_file(path, text, len))
				rc = PHX_EXIT_USAGE;
		} else {
			fwrite(text, 1, len, stdout);
		}
		free(text);
		comp_fini(&comp);
	}
	for (size_t i = 0; i < paths.n; i++)
		free(paths.v[i]);
	free(paths.v);
	if (fflush(stdout)) {
		fprintf(stderr, "phxc: cannot write standard output: %s\n", strerror(errno));
		rc = PHX_EXIT_USAGE;
	}
	return rc;
}

/* ---- phxc import ----------------------------------------------------------- */

static int tool_import(int argc, char **argv);

static const char import_help[] =
	"Converts an existing CloudFormation template (JSON, or YAML with the short\n"
	"tags !Ref, !GetAtt, !Sub, ...) into a .phx program in the canonical layout.\n"
	"The stack is named after the file. Logical IDs become names that give the\n"
	"same IDs back (WebLb -> web_lb). What phx cannot express (Conditions, Fn::If,\n"
	"Mappings, Fn::FindInMap, Fn::ImportValue, Transform, ...)\n"
	"is reported, every instance, and nothing is written. See docs/import.md.\n"
	"\n"
	"  -o, --output FILE      write the program to FILE ('-', the default: stdout)\n"
	"      --color WHEN       colour diagnostics: auto (default), always, never\n"
	"\n"
	"exit status: 0 success, 1 the template is malformed or has no phx form,\n"
	"             2 usage or system error\n";

/* The stack name: the file's base name without .json/.yaml/.yml and
 * .template, made an identifier. */
static char *tool_import_stack(const char *path)
{
	const char *base = strrchr(path, '/');
	char *name = xstrdup(base ? base + 1 : path);
	static const char *const exts[] = { ".json", ".yaml", ".yml", ".template" };
	size_t len = strlen(name);

	for (size_t i = 0; i < PHX_ARRAY_SIZE(exts); i++) {
		size_t el = strlen(exts[i]);

		if (len > el && !strcmp(name + len - el, exts[i]))
			name[len -= el] = '\0';
	}
	for (char *p = name; *p; p++)
		if (!(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9'))
			*p = '_';
	if (!*name || (name[0] >= '0' && name[0] <= '9')) {
		char *n = xasprintf("stack_%s", name);

		free(name);
		name = n;
	}
	return name;
}

static int tool_import(int argc, char **argv)
{
	enum { OPT_COLOR = 256 };
	static const struct option longopts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ NULL, 0, NULL, 0 },
	};
	enum diag_color color = DIAG_COLOR_AUTO;
	const char *out_path = "-", *path;
	struct src_set srcs;
	struct diag_ctx diag;
	struct strbuf errs;
	char *text, *data, *stack;
	size_t len, dlen;
	int ch, rc = PHX_EXIT_OK;

	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":o:h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'o':
			out_path = optarg;
			break;
		case 'h':
			tool_help(&tool_commands[2]);
			return PHX_EXIT_OK;
		case OPT_COLOR:
			if (!diag_color_parse(optarg, &color))
				return tool_usage_error("import", "--color takes auto, always or never, not", optarg);
			break;
		case ':':
			return tool_usage_error("import", "option needs a value:", argv[optind - 1]);
		default:
			return tool_usage_error("import", "unknown option", argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return tool_usage_error("import", "takes one template file", NULL);
	path = argv[optind];
	{
		struct stat st;

		if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
			fprintf(stderr, "phxc: cannot read '%s': it is a folder\n", path);
			return PHX_EXIT_USAGE;
		}
	}
	data = read_file(path, &dlen);
	if (!data) {
		fprintf(stderr, "phxc: cannot read '%s': %s\n", path, strerror(errno));
		return PHX_EXIT_USAGE;
	}
	src_set_init(&srcs);
	src_add(&srcs, path, data, dlen);
	diag_init(&diag, &srcs);
	diag.max_errors = 0;
	strbuf_init(&errs);
	stack = tool_import_stack(path);
	text = imp_convert(&diag, stack, &errs, &len);
	diag_render(&diag, stderr, diag_use_color(color, stderr));
	if (errs.len)
		fputs(errs.s, stderr);
	if (!text) {
		rc = PHX_EXIT_COMPILE;
	} else if (!strcmp(out_path, "-")) {
		if (outfile_stdout(text, len))
			rc = PHX_EXIT_USAGE;
	} else if (tool_write_file(out_path, text, len)) {
		rc = PHX_EXIT_USAGE;
	}
	free(text);
	free(stack);
	strbuf_fini(&errs);
	diag_fini(&diag);
	src_set_fini(&srcs);
	return rc;
}

const struct cli_command tool_commands[] = {
	{ "graph", "write a Graphviz dot graph of the resources and their dependencies",
	  "phxc graph [FILE|DIR|-]... [--env NAME] [-o FILE]", graph_help, tool_graph },
	{ "fmt", "rewrite .phx files in the canonical layout",
	  "phxc fmt [-w|--check] [FILE|DIR|-]...", fmt_help, tool_fmt },
	{ "import", "convert a CloudFormation template (JSON or YAML) to a .phx program",
	  "phxc import TEMPLATE.{json,yaml,yml} [-o FILE]", import_help, tool_import },
	{ NULL, NULL, NULL, NULL, NULL },
};
