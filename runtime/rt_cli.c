/* rt_cli.c - the registry of runtime commands (deploy, diff, status, ...)
 * and their shared option parser. Each entry runs a function of deploy.c;
 * see compiler/cli.h. */
#include "phx.h"
#include "cli.h"
#include "deploy.h"
#include "deploy_regions.h"
#include "rt_clock.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum rt_flags {
	RT_PARAMS = 1 << 0,	/* --param, --bucket */
	RT_YES = 1 << 1,	/* --yes */
	RT_NO_WAIT = 1 << 2,	/* --no-wait */
	RT_JSON = 1 << 3,	/* --json */
	RT_ATTACH = 1 << 4,	/* --attach */
	RT_SKIP = 1 << 5,	/* --skip */
	RT_STATUS = 1 << 6,	/* --resources, --all */
};

static int usage_error(const char *cmd, const char *msg, const char *arg)
{
	fprintf(stderr, "phxc %s: %s%s%s%s\nphxc: try 'phxc help %s'\n", cmd, msg,
		arg ? " '" : "", arg ? arg : "", arg ? "'" : "", cmd);
	return PHX_EXIT_USAGE;
}

static int rt_run(int argc, char **argv, unsigned flags, int (*fn)(const struct deploy_opts *))
{
	enum { OPT_REGION = 256, OPT_PARAM, OPT_BUCKET, OPT_NO_WAIT, OPT_JSON, OPT_COLOR,
	       OPT_ATTACH, OPT_SKIP, OPT_RESOURCES, OPT_ALL, OPT_TIMEOUT, OPT_STACK, OPT_BEFORE };
	static const struct option longopts[] = {
		{ "env", required_argument, NULL, 'e' },
		{ "yes", no_argument, NULL, 'y' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "region", required_argument, NULL, OPT_REGION },
		{ "param", required_argument, NULL, OPT_PARAM },
		{ "bucket", required_argument, NULL, OPT_BUCKET },
		{ "no-wait", no_argument, NULL, OPT_NO_WAIT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "color", required_argument, NULL, OPT_COLOR },
		{ "colour", required_argument, NULL, OPT_COLOR },
		{ "attach", no_argument, NULL, OPT_ATTACH },
		{ "skip", required_argument, NULL, OPT_SKIP },
		{ "resources", no_argument, NULL, OPT_RESOURCES },
		{ "all", no_argument, NULL, OPT_ALL },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "stack", required_argument, NULL, OPT_STACK },
		{ "before", required_argument, NULL, OPT_BEFORE },
		{ NULL, 0, NULL, 0 },
	};
	struct deploy_opts o;
	const char *cmd = argv[0];
	int ch, rc;

	memset(&o, 0, sizeof(o));
	if (getenv("PHXC_TIMEOUT") && *getenv("PHXC_TIMEOUT") &&
	    !rt_duration_parse(getenv("PHXC_TIMEOUT"), &o.timeout_s))
		return usage_error(cmd, "PHXC_TIMEOUT takes a duration (90s, 15m, 2h), not",
				   getenv("PHXC_TIMEOUT"));
	o.params = xcalloc((size_t)argc + 1, sizeof(*o.params));
	o.skip = xcalloc((size_t)argc + 1, sizeof(*o.skip));
	o.before = xcalloc((size_t)argc + 1, sizeof(*o.before));
	opterr = 0;
	optind = 1;
	while ((ch = getopt_long(argc, argv, ":e:yvh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'e':
			o.env = optarg;
			break;
		case 'y':
			if (!(flags & RT_YES))
				goto unknown;
			o.yes = true;
			break;
		case 'v':
			o.verbose = true;
			break;
		case 'h':
			for (const struct cli_command *c = rt_commands; c->name; c++)
				if (!strcmp(c->name, cmd))
					printf("usage: %s\n\n%s\n%s", c->usage, c->summary, c->help);
			free(o.params);
			free(o.skip);
			free(o.before);
			return PHX_EXIT_OK;
		case OPT_REGION:
			o.region = optarg;
			break;
		case OPT_STACK:
			o.stack = optarg;
			break;
		case OPT_BEFORE:
			if (!(flags & RT_ATTACH) || !strchr(optarg, '=') || *optarg == '=')
				goto before_bad;
			o.before[o.nbefore++] = optarg;
			break;
		case OPT_PARAM:
			if (!(flags & RT_PARAMS))
				goto unknown;
			o.params[o.nparams++] = optarg;
			break;
		case OPT_BUCKET:
			if (!(flags & RT_PARAMS))
				goto unknown;
			o.bucket = optarg;
			break;
		case OPT_NO_WAIT:
			if (!(flags & RT_NO_WAIT))
				goto unknown;
			o.no_wait = true;
			break;
		case OPT_JSON:
			if (!(flags & RT_JSON))
				goto unknown;
			o.json = true;
			break;
		case OPT_ATTACH:
			if (!(flags & RT_ATTACH))
				goto unknown;
			o.attach = true;
			break;
		case OPT_SKIP:
			if (!(flags & RT_SKIP))
				goto unknown;
			o.skip[o.nskip++] = optarg;
			break;
		case OPT_RESOURCES:
			if (!(flags & RT_STATUS))
				goto unknown;
			o.resources = true;
			break;
		case OPT_ALL:
			if (!(flags & RT_STATUS))
				goto unknown;
			o.all = true;
			break;
		case OPT_TIMEOUT:
			if (!rt_duration_parse(optarg, &o.timeout_s)) {
				free(o.params);
				free(o.skip);
				free(o.before);
				return usage_error(cmd, "--timeout takes a duration (90s, 15m, 2h), not",
						   optarg);
			}
			break;
		case OPT_COLOR:
			if (!diag_color_parse(optarg, &o.color)) {
				free(o.params);
				free(o.skip);
				free(o.before);
				return usage_error(cmd, "--color takes auto, always or never, not", optarg);
			}
			break;
		case ':':
			free(o.params);
			free(o.skip);
			free(o.before);
			return usage_error(cmd, "option needs a value:", argv[optind - 1]);
		before_bad:
			free(o.params);
			free(o.skip);
			free(o.before);
			return usage_error(cmd, (flags & RT_ATTACH) ? "--before takes STACK=COMMAND, not"
							     : "unknown option", argv[optind - 1]);
		default:
		unknown:
			free(o.params);
			free(o.skip);
			free(o.before);
			return usage_error(cmd, "unknown option", argv[optind - 1]);
		}
	}
	o.inputs = argv + optind;
	o.ninputs = argc - optind;
	rc = regions_run(&o, cmd, fn);	/* every region of regions = [...] */
	free(o.params);
	free(o.skip);
	free(o.before);
	return rc;
}

static int run_deploy(int argc, char **argv)
{
	return rt_run(argc, argv, RT_PARAMS | RT_YES | RT_NO_WAIT | RT_ATTACH, deploy_cmd_deploy);
}

static int run_diff(int argc, char **argv)
{
	return rt_run(argc, argv, RT_PARAMS, deploy_cmd_diff);
}

static int run_status(int argc, char **argv)
{
	return rt_run(argc, argv, RT_STATUS, deploy_cmd_status);
}

static int run_outputs(int argc, char **argv)
{
	return rt_run(argc, argv, RT_JSON, deploy_cmd_outputs);
}

static int run_destroy(int argc, char **argv)
{
	return rt_run(argc, argv, RT_YES, deploy_cmd_destroy);
}

static int run_recover(int argc, char **argv)
{
	return rt_run(argc, argv, RT_YES | RT_SKIP, deploy_cmd_recover);
}

#define RT_COMMON_HELP \
	"  -e, --env NAME         the environment (required when the program declares any)\n" \
	"      --stack NAME       one stack of a program of several (its name in the program,\n" \
	"                         or the CloudFormation stack name); without it, every\n" \
	"                         stack, in dependency order (docs/deploy.md)\n" \
	"      --region REGION    overrides AWS_REGION, AWS_DEFAULT_REGION, the profile and\n" \
	"                         the stack block; for a program with regions = [...], one\n" \
	"                         of them (without it: every region, docs/deploy.md)\n" \
	"  -v, --verbose          show each AWS call, and where settings came from\n" \
	"      --timeout TIME     give up after TIME in all (90s, 15m, 2h; default 2h, or\n" \
	"                         PHXC_TIMEOUT): every call, retry and poll counts\n" \
	"      --color WHEN       auto (default), always, never\n"
#define RT_PARAM_HELP \
	"      --param KEY=VALUE  a template parameter (KEY as in .phx or its logical ID);\n" \
	"                         else PHX_PARAM_<KEY> from the environment (the .phx name\n" \
	"                         first, then the logical ID), else the default, else (on\n" \
	"                         an update) the deployed value; every parameter left\n" \
	"                         without one is reported before anything is created\n" \
	"      --bucket NAME      S3 bucket for templates over 51,200 bytes (default\n" \
	"                         phxc-templates-ACCOUNT-REGION, created when absent)\n"
#define RT_EXIT_HELP \
	"\nCredentials, region and endpoints as the AWS CLI finds them: see docs/deploy.md.\n" \
	"Retries (shown on stderr): a failed call up to 5 times (AWS_MAX_ATTEMPTS); a watch\n" \
	"gives up after 10 failed polls in a row, at once on rejected credentials or access\n" \
	"(ExpiredToken, AccessDenied, ...), and at the deadline. Ctrl-C stops within a second\n" \
	"and leaves the operation running in CloudFormation (exit 130).\n" \
	"exit status: 0 success, 1 compile errors, 2 usage or system error,\n" \
	"             3 deploy failed or rolled back, stack missing, or the watch gave up,\n" \
	"             130 interrupted\n"

const struct cli_command rt_commands[] = {
	{ "deploy", "create or update the stack through a change set, and watch it",
	  "phxc deploy [FILE|DIR] [--env NAME] [--yes] [--no-wait] [--attach] [--param KEY=VALUE]...",
	  "Compiles, reads the stack, creates a change set and prints it (action, logical id,\n"
	  "type, replacement), asks on a terminal, executes it and follows the stack events\n"
	  "until the stack settles. A template identical to the deployed one, with the same\n"
	  "parameters, is reported as up to date without a change set.\n"
	  "\n"
	  "  -y, --yes              do not ask (also: delete and recreate a ROLLBACK_COMPLETE stack)\n"
	  "      --no-wait          return once the change set is executing\n"
	  "      --before STACK=CMD run CMD (sh -c) just before stack STACK of a program of\n"
	  "                         several stacks is deployed, with the outputs of the\n"
	  "                         stacks it imports from as PHX_OUT_<KEY>; a failing CMD\n"
	  "                         fails the stack (push the first image here)\n"
	  "      --attach           when another operation holds the stack (*_IN_PROGRESS),\n"
	  "                         watch it until it settles, then deploy; stop if it ends\n"
	  "                         in a *_FAILED state; without it a terminal asks (no\n"
	  "                         question with --yes, and no attaching)\n"
	  RT_PARAM_HELP RT_COMMON_HELP RT_EXIT_HELP,
	  run_deploy },
	{ "diff", "show the change set a deploy would execute, then delete it",
	  "phxc diff [FILE|DIR] [--env NAME] [--param KEY=VALUE]...",
	  "Creates a change set, prints it and deletes it (and the empty stack a first change\n"
	  "set creates). Nothing is deployed.\n\n"
	  RT_PARAM_HELP RT_COMMON_HELP RT_EXIT_HELP,
	  run_diff },
	{ "status", "print the stack's status",
	  "phxc status [FILE|DIR] [--env NAME] [--resources | --all]",
	  "Prints the stack status and reason. Exits 3 when the stack is missing, failed or\n"
	  "rolled back.\n\n"
	  "      --resources        also a table of the stack's resources (DescribeStackResources):\n"
	  "                         logical id, type, status, and the .phx file:line it came from\n"
	  "      --all              the stack of every environment of the program (ListStacks),\n"
	  "                         without --env; exit 3 when one of them failed or rolled back\n"
	  RT_COMMON_HELP RT_EXIT_HELP,
	  run_status },
	{ "outputs", "print the stack's outputs",
	  "phxc outputs [FILE|DIR] [--env NAME] [--json]",
	  "Prints one 'Key = Value' line per output, or a JSON object with --json; a stack\n"
	  "without outputs is said so on standard error.\n\n"
	  "      --json             a JSON object of the outputs\n"
	  RT_COMMON_HELP RT_EXIT_HELP,
	  run_outputs },
	{ "destroy", "delete the stack and watch the deletion",
	  "phxc destroy [FILE|DIR] [--env NAME] [--yes]",
	  "Lists the resources with deletion protection (the delete fails on them) or\n"
	  "DeletionPolicy Retain (they outlive the stack), and how to lift it; then deletes\n"
	  "the stack after asking on a terminal; without a terminal, --yes is needed.\n\n"
	  "  -y, --yes              do not ask\n"
	  RT_COMMON_HELP RT_EXIT_HELP,
	  run_destroy },
	{ "recover", "continue a failed update rollback (UPDATE_ROLLBACK_FAILED) and watch it",
	  "phxc recover [FILE|DIR] [--env NAME] [--skip RESOURCE]... [--yes]",
	  "For a stack in UPDATE_ROLLBACK_FAILED, calls ContinueUpdateRollback and follows the\n"
	  "stack events until it settles (UPDATE_ROLLBACK_COMPLETE: exit 0). A stack in any\n"
	  "other state is explained and left alone (exit 2). Asks on a terminal unless --yes.\n"
	  "\n"
	  "      --skip RESOURCE    leave a resource that cannot roll back as it is\n"
	  "                         (ResourcesToSkip): its .phx name or logical ID, or\n"
	  "                         Nested.LogicalId for a nested stack's; repeatable\n"
	  "  -y, --yes              do not ask\n"
	  RT_COMMON_HELP RT_EXIT_HELP,
	  run_recover },
	{ NULL, NULL, NULL, NULL, NULL },
};
