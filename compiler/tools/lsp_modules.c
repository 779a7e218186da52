/* lsp_modules.c - the modules an import can name, and their components.
 *
 * The search path is the compiler's (driver.h): -I folders, PHX_PATH, the
 * installed stdlib. Each .phx file under one of them is a module named by
 * its path without ".phx" ("aws/network"); the first folder that has a name
 * wins, as for import. Components are read with the compiler's parser. */
#include "phx.h"
#include "ast.h"
#include "driver.h"
#include "parse.h"
#include "lsp.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static bool lsp_mod_known(struct lsp_modules *m, const char *name)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->v[i].name, name))
			return true;
	return false;
}

static void lsp_mod_add(struct lsp_modules *m, const char *name, const char *path)
{
	struct lsp_module *mod;
	struct compilation c;
	struct comp_opts o = { .max_errors = 0 };
	struct ast_node *items;

	if (lsp_mod_known(m, name))
		return;
	m->v = xrealloc(m->v, (m->n + 1) * sizeof(*m->v));
	mod = &m->v[m->n++];
	memset(mod, 0, sizeof(*mod));
	mod->name = xstrdup(name);
	mod->path = xstrdup(path);
	comp_init(&c, &o);
	comp_load(&c, path);
	if (src_get(&c.srcs, 1)) {
		items = parse_file(c.arena, &c.diag, 1, false);
		for (struct ast_node *it = items; it; it = it->next) {
			if (it->kind != AST_COMPONENT)
				continue;
			mod->components = xrealloc(mod->components,
						   (mod->ncomponents + 1) * sizeof(*mod->components));
			mod->components[mod->ncomponents++] = xstrdup(it->item.name.name);
		}
	}
	comp_fini(&c);
}

static void lsp_mod_scan(struct lsp_modules *m, const char *root, const char *rel, int depth)
{
	char *dir = rel[0] ? xasprintf("%s/%s", root, rel) : xstrdup(root);
	DIR *dh = depth < 8 ? opendir(dir) : NULL;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0;

	while (dh && (de = readdir(dh))) {
		if (de->d_name[0] == '.')
			continue;
		names = xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = xstrdup(de->d_name);
	}
	if (dh)
		closedir(dh);
	for (size_t i = 0; i < n; i++) {
		char *path = xasprintf("%s/%s", dir, names[i]);
		char *sub = rel[0] ? xasprintf("%s/%s", rel, names[i]) : xstrdup(names[i]);
		size_t len = strlen(sub);
		struct stat st;

		if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
			lsp_mod_scan(m, root, sub, depth + 1);
		} else if (len > 4 && !strcmp(sub + len - 4, ".phx") && S_ISREG(st.st_mode)) {
			sub[len - 4] = '\0';
			lsp_mod_add(m, sub, path);
		}
		free(path);
		free(sub);
		free(names[i]);
	}
	free(names);
	free(dir);
}

static int lsp_mod_cmp(const void *a, const void *b)
{
	return strcmp(((const struct lsp_module *)a)->name, ((const struct lsp_module *)b)->name);
}

const struct lsp_modules *lsp_modules_get(struct lsp_server *s)
{
	const char *env = getenv("PHX_PATH");
	struct lsp_modules *m;

	if (s->mods)
		return s->mods;
	m = xcalloc(1, sizeof(*m));
	for (size_t i = 0; i < s->ninclude_dirs; i++)
		lsp_mod_scan(m, s->include_dirs[i], "", 0);
	while (env && *env) {
		const char *end = strchr(env, ':');
		size_t len = end ? (size_t)(end - env) : strlen(env);

		if (len) {
			char *dir = xstrndup(env, len);

			lsp_mod_scan(m, dir, "", 0);
			free(dir);
		}
		env = end ? end + 1 : NULL;
	}
	lsp_mod_scan(m, PHX_STDLIB_DIR, "", 0);
	if (m->n)
		qsort(m->v, m->n, sizeof(*m->v), lsp_mod_cmp);
	s->mods = m;
	return m;
}

void lsp_modules_free(struct lsp_modules *m)
{
	for (size_t i = 0; i < m->n; i++) {
		for (size_t k = 0; k < m->v[i].ncomponents; k++)
			free(m->v[i].components[k]);
		free(m->v[i].components);
		free(m->v[i].name);
		free(m->v[i].path);
	}
	free(m->v);
	free(m);
}

const struct lsp_module *lsp_modules_find_component(struct lsp_server *s, const char *name)
{
	const struct lsp_modules *m = lsp_modules_get(s);

	for (size_t i = 0; i < m->n; i++)
		for (size_t k = 0; k < m->v[i].ncomponents; k++)
			if (!strcmp(m->v[i].components[k], name))
				return &m->v[i];
	return NULL;
}
