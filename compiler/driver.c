/* driver.c - the pipeline, in order. */
#include "phx.h"
#include "arena.h"
#include "ast.h"
#include "check.h"
#include "check_deploy.h"
#include "driver.h"
#include "emit.h"
#include "ir.h"
#include "lint.h"
#include "lower.h"
#include "misspell.h"
#include "parse.h"
#include "regions.h"
#include "sema.h"
#include "selfdir.h"
#include "stacks.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void comp_init(struct compilation *c, const struct comp_opts *opts)
{
	memset(c, 0, sizeof(*c));
	c->opts = *opts;
	c->arena = arena_new_big();
	src_set_init(&c->srcs);
	diag_init(&c->diag, &c->srcs);
	c->diag.max_errors = opts->max_errors;
	c->diag.werror = opts->werror;
}

void comp_fini(struct compilation *c)
{
	free(c->lowered);
	diag_fini(&c->diag);
	src_set_fini(&c->srcs);
	arena_free(c->arena);
}

static void comp_system_error(struct compilation *c, const char *what, const char *path, int err)
{
	struct phx_loc none = { 0, 0, 0 };

	diag_error(&c->diag, none, "cannot %s '%s': %s", what, path, strerror(err));
	c->system_error = true;
}

static void comp_load_file(struct compilation *c, const char *path)
{
	size_t len;
	char *text = read_file(path, &len);

	if (!text) {
		comp_system_error(c, "read", path, errno);
		return;
	}
	src_add(&c->srcs, strcmp(path, "-") ? path : "<stdin>", text, len);
}

static int comp_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t ls = strlen(s), lf = strlen(suffix);

	return ls > lf && !strcmp(s + ls - lf, suffix);
}

void comp_load(struct compilation *c, const char *path)
{
	struct stat st;
	DIR *dir;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;

	if (!strcmp(path, "-") || stat(path, &st) || !S_ISDIR(st.st_mode)) {
		comp_load_file(c, path);
		return;
	}
	dir = opendir(path);
	if (!dir) {
		comp_system_error(c, "open folder", path, errno);
		return;
	}
	while ((de = readdir(dir))) {
		if (de->d_name[0] == '.' || !has_suffix(de->d_name, ".phx"))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			names = xrealloc(names, cap * sizeof(*names));
		}
		names[n++] = xasprintf("%s%s%s", path, has_suffix(path, "/") ? "" : "/", de->d_name);
	}
	closedir(dir);
	if (!n) {
		diag_error(&c->diag, (struct phx_loc){ 0, 0, 0 }, "no .phx file in folder '%s'", path);
		c->system_error = true;
	}
	if (n)
		qsort(names, n, sizeof(*names), comp_cmp);
	for (size_t i = 0; i < n; i++) {
		comp_load_file(c, names[i]);
		free(names[i]);
	}
	free(names);
}

void comp_load_text(struct compilation *c, const char *name, const char *text, size_t len)
{
	char *copy = xmalloc(len + 1);

	memcpy(copy, text, len);
	copy[len] = '\0';
	src_add(&c->srcs, name, copy, len);
}

/* "dir/app.phx" -> "app": the stack's name when there is no stack block. */
static const char *comp_default_name(struct compilation *c)
{
	struct srcfile *f = src_get(&c->srcs, 1);
	const char *base, *dot;

	if (!f || !strcmp(f->name, "<stdin>"))
		return "stack";
	base = strrchr(f->name, '/');
	base = base ? base + 1 : f->name;
	dot = strrchr(base, '.');
	return arena_strndup(c->arena, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
}

/* A file's real path, looked up once: realpath() walks every folder of the
 * path with a syscall each, and every import compares with every file. */
static const char *comp_real(struct compilation *c, uint32_t f)
{
	if (f >= c->capreals)
		c->reals = arena_grow(c->arena, c->reals, &c->capreals, f + 1, sizeof(*c->reals));
	if (!c->reals[f]) {
		char *r = realpath(c->srcs.files[f]->name, NULL);

		c->reals[f] = r ? arena_strdup(c->arena, r) : "";
		free(r);
	}
	return c->reals[f];
}

/* Files are told apart by their real path, so each is parsed once. */
static uint32_t comp_find_loaded(struct compilation *c, const char *real)
{
	for (uint32_t f = 1; f < c->srcs.n; f++) {
		const char *r = comp_real(c, f);

		if (*r && !strcmp(r, real))
			return f;
	}
	return 0;
}

/* "dir/./a/../b" -> "dir/b", "./x" -> "x": the name shown in messages. */
static void comp_tidy_path(char *p)
{
	char *out = p, *seg = p;
	bool abs = p[0] == '/';
	size_t keep = abs ? 1 : 0;

	out = p + keep;
	seg = p + keep;
	while (*seg) {
		char *end = strchr(seg, '/');
		size_t len = end ? (size_t)(end - seg) : strlen(seg);

		if ((len == 1 && seg[0] == '.') || len == 0) {
			/* drop */
		} else if (len == 2 && seg[0] == '.' && seg[1] == '.' && out > p + keep &&
			   !(out - p - keep >= 2 && !strncmp(out - 3 >= p ? out - 3 : p, "../", 3))) {
			/* back up one segment */
			char *q = out - 1;

			while (q > p + keep && q[-1] != '/')
				q--;
			out = q;
		} else {
			memmove(out, seg, len);
			out += len;
			*out++ = '/';
		}
		if (!end)
			break;
		seg = end + 1;
	}
	if (out > p + keep)
		out--;
	*out = '\0';
	if (!*p)
		strcpy(p, ".");
}

/* Only a .phx file is ever read for an import: "lib/x" means lib/x.phx. */
static char *comp_try(const char *dir, size_t dlen, const char *path)
{
	char *cand = xasprintf("%.*s%s%s", (int)dlen, dir, dlen ? "/" : "", path);
	char *withext;

	comp_tidy_path(cand);
	struct stat st;

	if (has_suffix(cand, ".phx") && !stat(cand, &st) && S_ISREG(st.st_mode))
		return cand;
	withext = xasprintf("%s.phx", cand);
	free(cand);
	if (!stat(withext, &st) && S_ISREG(st.st_mode))
		return withext;
	free(withext);
	return NULL;
}

/* The file an import names, or NULL. *searched lists where it looked. */
static char *comp_find_import(struct compilation *c, struct srcfile *from, const char *path,
			      struct strbuf *searched)
{
	const char *env = getenv("PHX_PATH");
	char *found;

	if (!strncmp(path, "./", 2) || !strncmp(path, "../", 3) || path[0] == '/') {
		const char *slash = strrchr(from->name, '/');
		size_t dlen = path[0] == '/' ? 0 : slash ? (size_t)(slash - from->name) : 1;
		const char *dir = slash ? from->name : ".";

		strbuf_addf(searched, "%.*s", (int)dlen, dir);
		return comp_try(dir, dlen, path);
	}
	for (size_t i = 0; i < c->opts.ninclude_dirs; i++) {
		strbuf_addf(searched, "%s%s", searched->len ? ", " : "", c->opts.include_dirs[i]);
		if ((found = comp_try(c->opts.include_dirs[i], strlen(c->opts.include_dirs[i]), path)))
			return found;
	}
	while (env && *env) {
		const char *end = strchr(env, ':');
		size_t len = end ? (size_t)(end - env) : strlen(env);

		if (len) {
			strbuf_addf(searched, "%s%.*s", searched->len ? ", " : "", (int)len, env);
			if ((found = comp_try(env, len, path)))
				return found;
		}
		env = end ? end + 1 : NULL;
	}
	strbuf_addf(searched, "%s%s", searched->len ? ", " : "", phx_stdlib_dir());
	return comp_try(phx_stdlib_dir(), strlen(phx_stdlib_dir()), path);
}

/* Imports name modules, not files: an absolute path, or one whose '..'
 * climbs above the folder it starts from (the importing file's for "./" and
 * "../", else each search path folder), is refused before anything is
 * looked up or read. NULL when path is acceptable, else the reason. */
static const char *comp_import_path_refused(const char *path)
{
	long depth = 0;

	if (path[0] == '/')
		return "an import names a module, not an absolute path";
	for (const char *p = path; *p; ) {
		const char *slash = strchr(p, '/');
		size_t n = slash ? (size_t)(slash - p) : strlen(p);

		if (n == 2 && !strncmp(p, "..", 2))
			depth--;
		else if (n && !(n == 1 && *p == '.'))
			depth++;
		if (depth < 0)
			return strncmp(path, "./", 2) && strncmp(path, "../", 3)
				       ? "an import leaves the folders of the search path"
				       : "an import leaves the folder of the importing file";
		p += n + (slash ? 1 : 0);
	}
	return NULL;
}

/* import "path": loads the module once; a module that imports one of the
 * files that led to it is an import cycle. */
static void comp_import(struct compilation *c, uint32_t from, struct ast_node *imp)
{
	struct srcfile *f = src_get(&c->srcs, from);
	const char *path;
	char *file, *real;
	uint32_t loaded;
	struct strbuf searched;
	struct diag *r;

	if (!ast_string_literal(c->arena, imp->item.type, &path) || !*path) {
		diag_error(&c->diag, imp->item.type->loc, "an import names a module with a plain string");
		return;
	}
	{
		const char *why = comp_import_path_refused(path);

		if (why) {
			r = diag_error(&c->diag, imp->item.type->loc, "%s: '%s'", why, path);
			diag_hint(r, "import './lib/name' for lib/name.phx beside this file, or 'aws/s3' "
				     "from the search path (-I DIR, PHX_PATH, the stdlib)");
			return;
		}
	}
	strbuf_init(&searched);
	file = comp_find_import(c, f, path, &searched);
	if (!file) {
		/* one error per module, however many files import it */
		bool again = false;

		for (size_t i = 0; i < c->nmissing; i++)
			again |= !strcmp(c->missing[i], path);
		if (!again) {
			r = diag_error(&c->diag, imp->item.type->loc, "cannot find module '%s'", path);
			diag_hint(r, "looked in %s (add folders with -I DIR or PHX_PATH)",
				  searched.s ? searched.s : ".");
			c->missing = arena_grow(c->arena, c->missing, &c->capmissing, c->nmissing + 1,
						sizeof(*c->missing));
			c->missing[c->nmissing++] = path;
		}
		c->prog.missing_modules++;
		strbuf_fini(&searched);
		return;
	}
	strbuf_fini(&searched);
	/* the same name as a loaded file is that file, with no syscall */
	loaded = 0;
	for (uint32_t k = 1; !loaded && k < c->srcs.n; k++)
		if (!strcmp(c->srcs.files[k]->name, file))
			loaded = k;
	real = loaded ? NULL : realpath(file, NULL);
	if (!loaded)
		loaded = real ? comp_find_loaded(c, real) : 0;
	if (loaded) {
		/* a cycle when the module is the importer or led to it */
		for (uint32_t k = from; k; k = src_get(&c->srcs, k)->imported_at.file) {
			if (k != loaded)
				continue;
			r = diag_error(&c->diag, imp->item.type->loc, "import cycle: '%s' imports '%s', which leads back here",
				       f->name, src_get(&c->srcs, loaded)->name);
			diag_hint(r, "move what both need into a third module");
			break;
		}
	} else {
		size_t len;
		char *text = real && c->opts.read_module ?
			c->opts.read_module(c->opts.read_module_ud, real, &len) : NULL;

		if (!text)
			text = read_file(file, &len);

		if (!text) {
			diag_error(&c->diag, imp->item.type->loc, "cannot read module '%s': %s", file,
				   strerror(errno));
		} else {
			uint32_t id = src_add(&c->srcs, file, text, len);

			c->srcs.files[id]->imported_at = imp->item.type->loc;
		}
	}
	free(real);
	free(file);
}

unsigned comp_check(struct compilation *c)
{
	struct ast_list items;
	unsigned before;

	ast_list_init(&items);
	for (uint32_t f = 1; f < c->srcs.n; f++) {
		struct ast_node *list = parse_file(c->arena, &c->diag, f, c->opts.trace_parse);
		bool module = c->srcs.files[f]->imported_at.file != 0;

		for (struct ast_node *it = list; it; it = it->next) {
			if (it->kind == AST_IMPORT) {
				comp_import(c, f, it);
			} else if (module && it->kind != AST_COMPONENT) {
				struct diag *r = diag_error(&c->diag, it->loc,
							    "a module holds components only, not a %s",
							    ast_kind_name(it->kind));

				diag_hint(r, "declare it in the program that imports the module");
			}
		}
		while (list) {
			struct ast_node *next = list->next;

			list->next = NULL;
			ast_list_add(&items, list);
			list = next;
		}
	}
	c->prog.items = items.head;
	c->prog.default_name = comp_default_name(c);
	stacks_collect(c->arena, &c->diag, c->prog.items, &c->stacks);
	if (c->system_error)
		return diag_failures(&c->diag);
	before = diag_failures(&c->diag);
	res_run(c->arena, &c->diag, &c->prog);
	/* the check pass needs bound names; skip it when resolving failed */
	if (diag_failures(&c->diag) == before || !diag_full(&c->diag))
		sema_run(c->arena, &c->diag, &c->prog, c->opts.trace_sema);
	if (!diag_full(&c->diag))
		check_run(c->arena, &c->diag, &c->prog);
	if (!diag_full(&c->diag)) {
		struct lint_opts lo = { c->opts.strict, c->opts.explain };

		c->lint = lint_state_new(c->arena, &c->diag, &c->prog, &lo);
	}
	return diag_failures(&c->diag);
}

struct ir_template *comp_lower(struct compilation *c, const char *env)
{
	struct ast_node *e = NULL;
	struct ir_template *t;
	unsigned before;

	if (env) {
		e = res_find_env(&c->prog, env);
		if (!e) {
			struct diag *r = diag_error(&c->diag, (struct phx_loc){ 0, 0, 0 },
						    "no environment called '%s'", env);
			struct misspell m;

			misspell_init(&m, env);
			for (size_t i = 0; i < c->prog.nenvs; i++)
				misspell_offer(&m, c->prog.envs[i]->item.name.name);
			if (misspell_best(&m))
				diag_hint(r, "did you mean '%s'?", misspell_best(&m));
			else if (!c->prog.nenvs)
				diag_hint(r, "the program declares no environment");
			return NULL;
		}
	} else if (c->prog.nenvs) {
		PHX_BUG("lowering a program with environments needs one selected");
	}
	before = c->diag.errors;
	t = lower_program(c->arena, &c->diag, &c->prog, e, !c->opts.no_limits);
	if (!t)
		return NULL;
	/* the security lint reads good templates only */
	if (c->lint && c->diag.errors == before && lint_template(c->lint, t))
		return NULL;
	{
		struct check_deploy_ctx cd = { .d = &c->diag, .srcs = &c->srcs, .prog = &c->prog,
					       .a = c->arena };
		bool again = false;
		unsigned errors = check_deploy(&cd, t);

		for (size_t i = 0; i < c->nlowered; i++)
			again |= env && c->lowered[i]->env && !strcmp(c->lowered[i]->env, env);
		if (env && !again && c->prog.nenvs > 1) {
			c->lowered = xrealloc(c->lowered, (c->nlowered + 1) * sizeof(*c->lowered));
			c->lowered[c->nlowered++] = t;
			if (c->nlowered == c->prog.nenvs)
				errors += check_deploy_envs(&cd, c->lowered, c->nlowered);
		}
		if (!errors)	/* regions = [...]: tables read with aws.region */
			errors += regions_check_tables(c->arena, &c->diag, &c->prog, t->root);
		if (!errors && stacks_named(&c->stacks))
			errors += stacks_split(c->arena, &c->diag, &c->stacks,
					       c->prog.stack ? c->prog.stack->item.name.name
							     : c->prog.default_name, t);
		return errors ? NULL : t;
	}
}

struct ir_template *const *comp_stacks(struct ir_template *const *t, size_t *n)
{
	if ((*t)->nparts) {
		*n = (*t)->nparts;
		return (*t)->parts;
	}
	*n = 1;
	return t;
}

void comp_lint_finish(struct compilation *c)
{
	if (c->lint)
		lint_finish(c->lint);
}

char *comp_emit(struct compilation *c, struct ir_template *t, int format, size_t *len)
{
	enum { TEMPLATE_MAX = 1000000 };
	char *text = emit_template(t->root, (enum emit_format)format, c->arena, len);
	struct phx_loc at = c->prog.stack ? c->prog.stack->item.name.loc : (struct phx_loc){ 1, 0, 0 };

	if (c->opts.no_limits)
		return text;
	if (*len > TEMPLATE_MAX) {
		struct diag *r = diag_error(&c->diag, at,
					    "the template for '%s' is %zu bytes; CloudFormation allows %d",
					    t->stack_name, *len, TEMPLATE_MAX);

		diag_hint(r, "split the program into stacks");
		free(text);
		return NULL;
	}
	if (*len * 10 >= (size_t)TEMPLATE_MAX * 9)
		diag_warning(&c->diag, at, "the template for '%s' is %zu bytes, near CloudFormation's limit of %d",
			     t->stack_name, *len, TEMPLATE_MAX);
	return text;
}

int comp_front(struct compilation *c, char *const *inputs, int ninputs, const char *env,
	       FILE *err, bool color)
{
	if (ninputs == 0)
		comp_load(c, ".");
	for (int i = 0; i < ninputs; i++)
		comp_load(c, inputs[i]);
	comp_check(c);
	if (c->system_error || diag_failures(&c->diag)) {
		diag_render(&c->diag, err, color);
		return c->system_error ? PHX_EXIT_USAGE : PHX_EXIT_COMPILE;
	}
	diag_render(&c->diag, err, color);	/* warnings */
	if (env && !c->prog.nenvs) {
		fprintf(err, "phxc: error: --env %s given, but the program declares no environment\n", env);
		return PHX_EXIT_USAGE;
	}
	return -1;
}
