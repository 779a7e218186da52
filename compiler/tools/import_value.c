/* import_value.c - phxc import: logical IDs to phx names, and template
 * values (plain ones and the intrinsic functions) to phx expressions. */
#include "import_int.h"
#include "arena.h"
#include "resolve.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- names ----------------------------------------------------------------- */

static const char *const imp_reserved[] = {
	"stack", "resource", "param", "output", "env", "import", "component", "export", "if",
	"let", "allow", "then", "else", "for", "in", "true", "false", "aws", NULL,
};

bool imp_is_reserved(const char *s)
{
	for (size_t i = 0; imp_reserved[i]; i++)
		if (!strcmp(s, imp_reserved[i]))
			return true;
	return false;
}

bool imp_is_ident(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_')
		return false;
	for (s++; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return false;
	return true;
}

char *imp_name(const char *id)
{
	size_t len = strlen(id);
	struct strbuf b;
	size_t start = 0;
	struct arena *tmp;
	const char *back;
	bool ok;

	if (!len || !isupper((unsigned char)id[0]))
		return NULL;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)id[i]))
			return NULL;
	strbuf_init(&b);
	for (size_t i = 1; i <= len; i++) {
		unsigned char prev = (unsigned char)id[i - 1], ch = (unsigned char)id[i];
		bool cut = i == len ||
			   (isupper(ch) && (islower(prev) || isdigit(prev) ||
					    (isupper(prev) && i + 1 < len &&
					     islower((unsigned char)id[i + 1]))));
		bool upper_rest = false;

		if (!cut)
			continue;
		for (size_t j = start + 1; j < i; j++)
			if (isupper((unsigned char)id[j]))
				upper_rest = true;
		if (start)
			strbuf_addc(&b, '_');
		strbuf_addc(&b, upper_rest ? id[start] : (char)tolower((unsigned char)id[start]));
		strbuf_addn(&b, id + start + 1, i - start - 1);
		start = i;
	}
	/* the name must give back exactly this ID through phxc's own derivation */
	tmp = arena_new();
	back = res_logical_id(tmp, b.s);
	ok = !strcmp(back, id) && imp_is_ident(b.s) && !imp_is_reserved(b.s);
	arena_free(tmp);
	if (!ok) {
		strbuf_fini(&b);
		return NULL;
	}
	return strbuf_steal(&b);
}

static const char *imp_sym_key(const void *set, size_t i)
{
	return ((const struct imp_sym *)set)[i].id;
}

static const struct imp_sym *imp_sym(const struct imp_ctx *c, const char *id, size_t len)
{
	struct imp_ctx *mc = (struct imp_ctx *)c;	/* the index is a cache */
	long i;

	if (!c->nsyms)
		return NULL;
	if (!c->sym_index) {
		mc->sym_index = imp_hash_new(c->a, c->nsyms);
		for (size_t k = 0; k < c->nsyms; k++)
			imp_hash_add(mc->sym_index, k, imp_sym_key, c->syms);
	}
	i = imp_hash_find(c->sym_index, id, len, imp_sym_key, c->syms);
	return i < 0 ? NULL : &c->syms[i];
}

static const struct {
	const char *cfn, *phx;
} imp_pseudo[] = {
	{ "AWS::Region", "aws.region" },
	{ "AWS::AccountId", "aws.account_id" },
	{ "AWS::StackName", "aws.stack_name" },
	{ "AWS::StackId", "aws.stack_id" },
	{ "AWS::Partition", "aws.partition" },
	{ "AWS::URLSuffix", "aws.url_suffix" },
	{ "AWS::NotificationARNs", "aws.notification_arns" },
	{ "AWS::NoValue", "aws.no_value" },
};

static const char *imp_pseudo_name(const char *s, size_t len)
{
	for (size_t i = 0; i < PHX_ARRAY_SIZE(imp_pseudo); i++)
		if (strlen(imp_pseudo[i].cfn) == len && !strncmp(imp_pseudo[i].cfn, s, len))
			return imp_pseudo[i].phx;
	return NULL;
}

/* ---- values ---------------------------------------------------------------- */

/* The text of a string literal, without its quotes. In a block string
 * (block), a newline is itself, and a '"' next to another or at the end is
 * escaped, so that no '"""' closes it early. */
static void imp_esc_in(struct strbuf *b, const char *s, size_t len, bool block)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		switch (ch) {
		case '\\':
			strbuf_adds(b, "\\\\");
			break;
		case '"':
			if (block && !(i + 1 == len || s[i + 1] == '"' || (i && s[i - 1] == '"')))
				strbuf_addc(b, '"');
			else
				strbuf_adds(b, "\\\"");
			break;
		case '\n':
			strbuf_adds(b, block ? "\n" : "\\n");
			break;
		case '\r':
			strbuf_adds(b, "\\r");
			break;
		case '\t':
			strbuf_adds(b, "\\t");
			break;
		case '$':
			strbuf_adds(b, i + 1 < len && s[i + 1] == '{' ? "\\$" : "$");
			break;
		default:
			if (ch < 0x20 || ch == 0x7f)
				strbuf_addf(b, "\\u{%X}", ch);
			else
				strbuf_addc(b, (char)ch);
		}
	}
}

void imp_esc(struct strbuf *b, const char *s, size_t len)
{
	imp_esc_in(b, s, len, false);
}

/* Block strings: the pieces of one string value are written one after the
 * other (plain text, ${...}); imp_open and imp_close put the quotes around
 * them, and imp_text escapes the text for the kind of string opened. The
 * lines are written from column 0 (phxc fmt indents them); where the lexer
 * would take a line's leading spaces as common indentation (the text does
 * not end with a newline, so the closing quotes do not sit in column 0) or
 * drop blanks before the closing quotes, the first space is written
 * \u{20}. */
struct imp_strw {
	struct strbuf *b;
	bool block;
	bool bol;	/* at the start of a line of a block string */
	bool protect;	/* leading spaces of lines are text: escape the first */
};

static void imp_open(struct imp_strw *w, struct strbuf *b, bool block, bool protect)
{
	w->b = b;
	w->block = block;
	w->bol = false;
	w->protect = protect;
	strbuf_adds(b, block ? "\"\"\"\n" : "\"");
	w->bol = block;
}

static void imp_text(struct imp_strw *w, const char *s, size_t len)
{
	size_t i = 0;

	if (!w->block) {
		imp_esc_in(w->b, s, len, false);
		return;
	}
	while (i < len) {
		const char *nl = memchr(s + i, '\n', len - i);
		size_t n = nl ? (size_t)(nl - (s + i)) + 1 : len - i;

		if (w->bol && w->protect && s[i] == ' ') {
			strbuf_adds(w->b, "\\u{20}");
			imp_esc_in(w->b, s + i + 1, n - 1, true);
		} else {
			imp_esc_in(w->b, s + i, n, true);
		}
		w->bol = nl != NULL;
		i += n;
	}
}

static void imp_mid(struct imp_strw *w)
{
	w->bol = false;
}

static void imp_close(struct imp_strw *w)
{
	strbuf_adds(w->b, w->block ? "\"\"\"" : "\"");
}

/* Should a string of these pieces be a block string, and must the leading
 * spaces of its lines be protected? */
static bool imp_want_block(const char *whole, bool *protect)
{
	size_t len = strlen(whole);

	*protect = len && whole[len - 1] != '\n';	/* the closing quotes follow the text */
	return memchr(whole, '\n', len) != NULL;
}

void imp_str(struct strbuf *b, const char *s)
{
	struct imp_strw w;
	bool protect;
	bool block = imp_want_block(s, &protect);

	imp_open(&w, b, block, protect);
	imp_text(&w, s, strlen(s));
	imp_close(&w);
}

static void imp_plain_str(struct strbuf *b, const char *s)
{
	strbuf_addc(b, '"');
	imp_esc(b, s, strlen(s));
	strbuf_addc(b, '"');
}

static void imp_key(struct strbuf *b, const char *k)
{
	if (imp_is_ident(k) && !imp_is_reserved(k))
		strbuf_adds(b, k);
	else
		imp_plain_str(b, k);
}


bool imp_is_intrinsic(const struct imp_node *n)
{
	return n->kind == IMP_MAP && n->n == 1 &&
	       (!strcmp(n->keys[0], "Ref") || !strcmp(n->keys[0], "Condition") ||
		!strncmp(n->keys[0], "Fn::", 4));
}

/* A logical ID used as a value: its phx name, or an error. */
void imp_ref(struct imp_ctx *c, struct strbuf *b, const struct imp_node *at,
	     const char *path, const char *id, size_t len, bool resource_only)
{
	const char *pseudo = imp_pseudo_name(id, len);
	const struct imp_sym *sym;

	if (pseudo && !resource_only) {
		strbuf_adds(b, pseudo);
		return;
	}
	sym = imp_sym(c, id, len);
	if (sym && (!resource_only || !sym->is_param)) {
		strbuf_adds(b, sym->name);
		return;
	}
	imp_err(c, at, path, "'%.*s' is not a %s of this template", (int)len, id,
		resource_only ? "resource" : "parameter or resource");
	strbuf_adds(b, "_");
}

/* True when a word of the dotted attribute is a phx keyword: 'x.stack'
 * does not parse (CloudFormation's own attributes are CamelCase). */
static bool imp_attr_reserved(const char *attr, size_t len)
{
	for (size_t i = 0; i <= len; ) {
		const char *dot = memchr(attr + i, '.', len - i);
		size_t n = dot ? (size_t)(dot - (attr + i)) : len - i;
		char word[32];

		if (n < sizeof(word)) {
			memcpy(word, attr + i, n);
			word[n] = '\0';
			if (imp_is_reserved(word))
				return true;
		}
		i += n + 1;
	}
	return false;
}

/* The attribute of "${ID.Attr}" in Fn::Sub, checked as Fn::GetAtt checks
 * its own: words of letters, digits and '_' (not starting with a digit,
 * not a keyword), separated by single dots. */
static bool imp_sub_attr_ok(const char *attr, size_t len)
{
	size_t i = 0;

	for (;;) {
		size_t seg = i;

		while (i < len && (isalnum((unsigned char)attr[i]) || attr[i] == '_'))
			i++;
		if (i == seg || isdigit((unsigned char)attr[seg]))
			return false;
		if (i == len)
			return !imp_attr_reserved(attr, len);
		if (attr[i] != '.')
			return false;
		i++;
	}
}

/* The body of a Fn::Sub string, vars the variable map (or NULL). */
static void imp_sub(struct imp_ctx *c, struct strbuf *b, const struct imp_node *at,
		    const char *path, const char *s, const struct imp_node *vars, int depth)
{
	const char *p = s;
	size_t sl = strlen(s);
	struct imp_strw w;

	imp_open(&w, b, memchr(s, '\n', sl) != NULL, !sl || s[sl - 1] != '\n');
	while (*p) {
		const char *open = strstr(p, "${"), *close;
		const char *name;
		size_t len;
		const struct imp_node *var;

		if (!open || !(close = strchr(open + 2, '}'))) {
			imp_text(&w, p, strlen(p));
			break;
		}
		imp_text(&w, p, (size_t)(open - p));
		imp_mid(&w);
		name = open + 2;
		len = (size_t)(close - name);
		p = close + 1;
		if (len && name[0] == '!') {
			imp_mid(&w);
			strbuf_adds(b, "\\${");
			imp_esc(b, name + 1, len - 1);
			strbuf_addc(b, '}');
			continue;
		}
		while (len && name[0] == ' ')
			name++, len--;
		while (len && name[len - 1] == ' ')
			len--;
		var = NULL;
		if (vars)
			for (size_t i = 0; i < vars->n; i++)
				if (strlen(vars->keys[i]) == len && !strncmp(vars->keys[i], name, len))
					var = vars->v[i];
		if (var) {
			if (var->kind == IMP_STR) {
				imp_text(&w, var->s, strlen(var->s));
			} else {
				strbuf_adds(b, "${");
				imp_value(c, b, var, imp_path(c, path, "1"), depth + 1);
				strbuf_addc(b, '}');
			}
			continue;
		}
		strbuf_adds(b, "${");
		if (imp_pseudo_name(name, len)) {
			strbuf_adds(b, imp_pseudo_name(name, len));
		} else if (len > 5 && !strncmp(name, "AWS::", 5)) {
			imp_err(c, at, path, "unknown pseudo parameter '%.*s'", (int)len, name);
		} else {
			const char *dot = memchr(name, '.', len);

			if (dot && !imp_sub_attr_ok(dot + 1, len - (size_t)(dot + 1 - name))) {
				imp_err(c, at, path, "the attribute '%.*s' in '${%.*s}' is not a phx name "
					"(words separated by '.')", (int)(len - (size_t)(dot + 1 - name)),
					dot + 1, (int)len, name);
				strbuf_adds(b, "_");
			} else if (dot) {
				imp_ref(c, b, at, path, name, (size_t)(dot - name), true);
				strbuf_addn(b, dot, len - (size_t)(dot - name));
			} else {
				imp_ref(c, b, at, path, name, len, false);
			}
		}
		strbuf_addc(b, '}');
	}
	imp_close(&w);
}

static bool imp_index(const struct imp_node *n, long *out)
{
	char *end;

	if (!n || (n->kind != IMP_NUM && n->kind != IMP_STR) || !*n->s)
		return false;
	*out = strtol(n->s, &end, 10);
	return !*end && *out >= 0;
}

/* Does an intrinsic function refer to a logical ID the template does not
 * declare (Ref, Fn::GetAtt, ${...} of Fn::Sub)? */
static bool imp_known(const struct imp_ctx *c, const char *id, size_t len)
{
	return imp_pseudo_name(id, len) || imp_sym(c, id, len);
}

static bool imp_unknown_ref(const struct imp_ctx *c, const struct imp_node *n, int depth)
{
	if (depth > IMP_MAX_DEPTH)
		return false;
	if (n->kind == IMP_SEQ) {
		for (size_t i = 0; i < n->n; i++)
			if (imp_unknown_ref(c, n->v[i], depth + 1))
				return true;
		return false;
	}
	if (n->kind != IMP_MAP)
		return false;
	if (imp_is_intrinsic(n)) {
		const char *fn = n->keys[0];
		const struct imp_node *arg = n->v[0];

		if (!strcmp(fn, "Ref") && arg->kind == IMP_STR)
			return !imp_known(c, arg->s, strlen(arg->s));
		if (!strcmp(fn, "Fn::GetAtt")) {
			const char *id = arg->kind == IMP_STR ? arg->s :
				arg->kind == IMP_SEQ && arg->n && arg->v[0]->kind == IMP_STR ? arg->v[0]->s : NULL;
			size_t len = id && arg->kind == IMP_STR && strchr(id, '.') ?
				(size_t)(strchr(id, '.') - id) : id ? strlen(id) : 0;

			return id && !imp_known(c, id, len);
		}
		if (!strcmp(fn, "Fn::Sub")) {
			const struct imp_node *s = arg->kind == IMP_SEQ && arg->n ? arg->v[0] : arg;
			const struct imp_node *vars = arg->kind == IMP_SEQ && arg->n > 1 ? arg->v[1] : NULL;

			for (const char *p = s->kind == IMP_STR ? s->s : ""; (p = strstr(p, "${")); ) {
				const char *name = p + 2, *end = strchr(name, '}'), *dot;
				bool var = false;

				if (!end)
					break;
				p = end;
				if (*name == '!')
					continue;
				dot = memchr(name, '.', (size_t)(end - name));
				for (size_t i = 0; vars && vars->kind == IMP_MAP && i < vars->n; i++)
					var = var || (strlen(vars->keys[i]) == (size_t)(end - name) &&
						      !strncmp(vars->keys[i], name, (size_t)(end - name)));
				if (!var && !imp_known(c, name, (size_t)((dot ? dot : end) - name)))
					return true;
			}
		}
	}
	for (size_t i = 0; i < n->n; i++)
		if (imp_unknown_ref(c, n->v[i], depth + 1))
			return true;
	return false;
}

static bool imp_is_fn(const struct imp_node *n, const char *fn)
{
	return n->kind == IMP_MAP && n->n == 1 && !strcmp(n->keys[0], fn);
}

/* The argument of Fn::GetAZs that means the stack's region: "", {} or Ref AWS::Region. */
static bool imp_this_region(const struct imp_node *r)
{
	return (r->kind == IMP_STR && !*r->s) || (r->kind == IMP_MAP && r->n == 0) ||
	       (imp_is_fn(r, "Ref") && r->v[0]->kind == IMP_STR && !strcmp(r->v[0]->s, "AWS::Region"));
}

static void imp_operand(struct imp_ctx *c, struct strbuf *b, const struct imp_node *n,
			const char *path, int depth, bool cond);

/* An intrinsic function: the map holds one key, Ref or Fn::X. */
static void imp_fn(struct imp_ctx *c, struct strbuf *b, const struct imp_node *n,
		   const char *path, int depth)
{
	const char *fn = n->keys[0];
	const struct imp_node *arg = n->v[0];
	const char *apath = imp_path(c, path, fn);

	if (!strcmp(fn, "Ref")) {
		if (arg->kind != IMP_STR) {
			imp_err(c, arg, apath, "'Ref' takes a logical ID or a pseudo parameter");
			return;
		}
		if (!strncmp(arg->s, "AWS::", 5) && !imp_pseudo_name(arg->s, strlen(arg->s))) {
			imp_err(c, arg, apath, "unknown pseudo parameter '%s'", arg->s);
			return;
		}
		imp_ref(c, b, arg, apath, arg->s, strlen(arg->s), false);
	} else if (!strcmp(fn, "Fn::GetAtt")) {
		const char *id, *attr;

		if (arg->kind == IMP_STR && strchr(arg->s, '.')) {
			id = arg->s;
			attr = strchr(arg->s, '.') + 1;
		} else if (arg->kind == IMP_SEQ && arg->n == 2 && arg->v[0]->kind == IMP_STR &&
			   arg->v[1]->kind == IMP_STR) {
			id = arg->v[0]->s;
			attr = arg->v[1]->s;
		} else {
			imp_err(c, arg, apath, "'Fn::GetAtt' takes [ID, Attribute] or \"ID.Attribute\" "
				"(an attribute computed by another function has no phx form)");
			return;
		}
		for (const char *q = attr; ; q++) {
			const char *seg = q;

			while (isalnum((unsigned char)*q) || *q == '_')
				q++;
			if (q == seg || isdigit((unsigned char)*seg) || (*q && *q != '.')) {
				imp_err(c, arg, apath, "the attribute '%s' is not a phx name (words "
					"separated by '.')", attr);
				return;
			}
			if (!*q)
				break;
		}
		if (imp_attr_reserved(attr, strlen(attr))) {
			imp_err(c, arg, apath, "the attribute '%s' holds a phx keyword, which phx cannot "
				"write after '.'", attr);
			return;
		}
		imp_ref(c, b, arg, apath, id, attr == id ? strlen(id) :
			(id == arg->s ? (size_t)(attr - 1 - id) : strlen(id)), true);
		strbuf_addc(b, '.');
		strbuf_adds(b, attr);
	} else if (!strcmp(fn, "Fn::Sub")) {
		if (arg->kind == IMP_STR)
			imp_sub(c, b, arg, apath, arg->s, NULL, depth);
		else if (arg->kind == IMP_SEQ && arg->n == 2 && arg->v[0]->kind == IMP_STR &&
			 arg->v[1]->kind == IMP_MAP)
			imp_sub(c, b, arg, apath, arg->v[0]->s, arg->v[1], depth);
		else
			imp_err(c, arg, apath, "'Fn::Sub' takes a string or [string, {variables}]");
	} else if (!strcmp(fn, "Fn::Join")) {
		const struct imp_node *list;

		if (arg->kind != IMP_SEQ || arg->n != 2 || arg->v[0]->kind != IMP_STR) {
			imp_err(c, arg, apath, "'Fn::Join' takes [separator, list]");
			return;
		}
		list = arg->v[1];
		if (list->kind == IMP_SEQ) {
			/* plain pieces: an interpolated string */
			const char *sep = arg->v[0]->s;
			bool block = list->n > 1 && strchr(sep, '\n');
			const struct imp_node *end = list->n ? list->v[list->n - 1] : NULL;
			struct imp_strw w;

			for (size_t i = 0; i < list->n; i++)
				block = block || (list->v[i]->kind == IMP_STR && strchr(list->v[i]->s, '\n'));
			imp_open(&w, b, block, !end || end->kind != IMP_STR || !*end->s ||
				 end->s[strlen(end->s) - 1] != '\n');
			for (size_t i = 0; i < list->n; i++) {
				const struct imp_node *e = list->v[i];

				if (i)
					imp_text(&w, sep, strlen(sep));
				if (e->kind == IMP_STR) {
					imp_text(&w, e->s, strlen(e->s));
				} else if (e->kind == IMP_NUM || e->kind == IMP_BOOL) {
					imp_mid(&w);
					strbuf_adds(b, e->s);
				} else {
					imp_mid(&w);
					strbuf_adds(b, "${");
					imp_value(c, b, e, imp_path_i(c, imp_path(c, apath, "1"), i), depth + 1);
					strbuf_addc(b, '}');
				}
			}
			imp_close(&w);
		} else {
			strbuf_adds(b, "join(");
			imp_str(b, arg->v[0]->s);
			strbuf_adds(b, ", ");
			imp_value(c, b, list, imp_path(c, apath, "1"), depth + 1);
			strbuf_addc(b, ')');
		}
	} else if (!strcmp(fn, "Fn::Split")) {
		if (arg->kind != IMP_SEQ || arg->n != 2 || arg->v[0]->kind != IMP_STR) {
			imp_err(c, arg, apath, "'Fn::Split' takes [separator, string]");
			return;
		}
		strbuf_adds(b, "split(");
		imp_str(b, arg->v[0]->s);
		strbuf_adds(b, ", ");
		imp_value(c, b, arg->v[1], imp_path(c, apath, "1"), depth + 1);
		strbuf_addc(b, ')');
	} else if (!strcmp(fn, "Fn::Base64")) {
		strbuf_adds(b, "base64(");
		imp_value(c, b, arg, apath, depth + 1);
		strbuf_addc(b, ')');
	} else if (!strcmp(fn, "Fn::Select")) {
		const struct imp_node *list;
		long i;

		if (arg->kind != IMP_SEQ || arg->n != 2 || !imp_index(arg->v[0], &i)) {
			imp_err(c, arg, apath, "'Fn::Select' takes [index, list] with a constant index");
			return;
		}
		list = arg->v[1];
		if (imp_is_fn(list, "Fn::GetAZs") && imp_this_region(list->v[0]) && i <= 5) {
			strbuf_addf(b, "azs(%ld)[%ld]", i + 1, i);
		} else if (list->kind == IMP_MAP && list->n == 1 && !strcmp(list->keys[0], "Fn::Cidr") &&
			   list->v[0]->kind == IMP_SEQ && list->v[0]->n == 3) {
			const struct imp_node *ca = list->v[0];
			const char *cpath = imp_path(c, imp_path(c, apath, "1"), "Fn::Cidr");

			strbuf_adds(b, "cidr(");
			for (size_t k = 0; k < 3; k++) {
				if (k)
					strbuf_adds(b, ", ");
				if (k && ca->v[k]->kind == IMP_STR && imp_is_number(ca->v[k]->s))
					strbuf_adds(b, imp_num_text(c, ca->v[k]->s));
				else
					imp_value(c, b, ca->v[k], imp_path_i(c, cpath, k), depth + 1);
			}
			strbuf_addf(b, ")[%ld]", i);
		} else if (list->kind == IMP_MAP && imp_is_intrinsic(list)) {
			/* a list known at deploy time: a parameter, Fn::Split, an
			 * attribute, a table's list */
			imp_operand(c, b, list, imp_path(c, apath, "1"), depth, false);
			strbuf_addf(b, "[%ld]", i);
		} else {
			imp_err(c, list, imp_path(c, apath, "1"), "'Fn::Select' has a phx form over "
				"a list known at deploy time (a parameter, Fn::Split, Fn::GetAZs, "
				"an attribute, Fn::FindInMap) and Fn::Cidr");
		}
	} else if (!strcmp(fn, "Fn::GetAZs")) {
		if (imp_this_region(arg))
			strbuf_adds(b, "azs()");
		else
			imp_err(c, n, path, "'Fn::GetAZs' of another region than the stack's has no phx form");
	} else if (!strcmp(fn, "Fn::Cidr")) {
		imp_err(c, n, path, "'Fn::Cidr' has a phx form only inside 'Fn::Select' (cidr(...)[i])");
	} else if (!strcmp(fn, "Fn::ImportValue") || !strcmp(fn, "Fn::Length")) {
		strbuf_adds(b, !strcmp(fn, "Fn::Length") ? "length(" : "import_value(");
		imp_value(c, b, arg, apath, depth + 1);
		strbuf_addc(b, ')');
	} else if (!strcmp(fn, "Fn::FindInMap")) {
		const char *m;

		if (arg->kind != IMP_SEQ || arg->n != 3 || arg->v[0]->kind != IMP_STR) {
			imp_err(c, arg, apath, "'Fn::FindInMap' takes [MapName, TopLevelKey, SecondLevelKey]%s",
				arg->kind == IMP_SEQ && arg->n == 4 ? " (a default value has no phx form)" : "");
			return;
		}
		if (!(m = imp_map_name(c, arg->v[0]->s))) {
			imp_err(c, arg->v[0], imp_path_i(c, apath, 0), "'%s' is not a mapping of this template",
				arg->v[0]->s);
			return;
		}
		strbuf_adds(b, m);
		for (size_t k = 1; k < 3; k++) {
			strbuf_addc(b, '[');
			imp_value(c, b, arg->v[k], imp_path_i(c, apath, k), depth + 1);
			strbuf_addc(b, ']');
		}
	} else if (!strcmp(fn, "Fn::If")) {
		const char *cn;

		if (arg->kind != IMP_SEQ || arg->n != 3 || arg->v[0]->kind != IMP_STR) {
			imp_err(c, arg, apath, "'Fn::If' takes [ConditionName, value if true, value if false]");
			return;
		}
		if (!(cn = imp_cond_name(c, arg->v[0]->s))) {
			imp_err(c, arg->v[0], imp_path_i(c, apath, 0), "'%s' is not a condition of this template",
				arg->v[0]->s);
			return;
		}
		strbuf_addf(b, "if %s then ", cn);
		imp_value(c, b, arg->v[1], imp_path_i(c, apath, 1), depth + 1);
		strbuf_adds(b, " else ");
		imp_value(c, b, arg->v[2], imp_path_i(c, apath, 2), depth + 1);
	} else if (!strcmp(fn, "Condition") || !strcmp(fn, "Fn::Equals") || !strcmp(fn, "Fn::And") ||
		   !strcmp(fn, "Fn::Or") || !strcmp(fn, "Fn::Not")) {
		imp_cond(c, b, n, path, depth);
	} else if (!strcmp(fn, "Fn::Transform") || !strcmp(fn, "Fn::ToJsonString")) {
		/* a macro in place (AWS::Include), a function of
		 * AWS::LanguageExtensions: CloudFormation's own map, which phxc
		 * writes as it is; its argument is a value like any other */
		strbuf_addc(b, '{');
		imp_str(b, fn);
		strbuf_adds(b, " = ");
		imp_value(c, b, arg, apath, depth + 1);
		strbuf_addc(b, '}');
	} else {
		imp_err(c, n, path, "'%s' has no phx equivalent", fn);
	}
}

/* ---- conditions ------------------------------------------------------------ */

static const char *imp_name_in(const struct imp_sym *v, size_t n, const char *id)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i].id, id))
			return v[i].name;
	return NULL;
}

const char *imp_cond_name(const struct imp_ctx *c, const char *id)
{
	return imp_name_in(c->conds, c->nconds, id);
}

const char *imp_map_name(const struct imp_ctx *c, const char *id)
{
	return imp_name_in(c->maps, c->nmaps, id);
}

/* An operand of a condition, in parentheses unless it is one word or a
 * string. */
static void imp_operand(struct imp_ctx *c, struct strbuf *b, const struct imp_node *n,
			const char *path, int depth, bool cond)
{
	struct strbuf t;
	bool word = true;

	strbuf_init(&t);
	if (cond)
		imp_cond(c, &t, n, path, depth + 1);
	else
		imp_value(c, &t, n, path, depth + 1);
	for (size_t i = 0; i < t.len && word; i++)
		word = isalnum((unsigned char)t.s[i]) || t.s[i] == '_' || t.s[i] == '.';
	if (word || (t.len && t.s[0] == '"' && !n->n))
		strbuf_addn(b, t.s, t.len);
	else
		strbuf_addf(b, "(%s)", t.s);
	strbuf_fini(&t);
}

void imp_cond(struct imp_ctx *c, struct strbuf *b, const struct imp_node *n, const char *path,
	      int depth)
{
	const char *fn, *apath, *name;
	const struct imp_node *arg;

	if (depth > IMP_MAX_DEPTH) {
		imp_err(c, n, path, "the template nests deeper than %d levels", IMP_MAX_DEPTH);
		return;
	}
	if (n->kind != IMP_MAP || n->n != 1 || !imp_is_intrinsic(n)) {
		imp_err(c, n, path, "a condition is Fn::Equals, Fn::And, Fn::Or, Fn::Not or a Condition");
		return;
	}
	fn = n->keys[0];
	arg = n->v[0];
	apath = imp_path(c, path, fn);
	if (!strcmp(fn, "Condition")) {
		if (arg->kind != IMP_STR || !(name = imp_cond_name(c, arg->s))) {
			imp_err(c, arg, apath, "'%s' is not a condition of this template",
				arg->kind == IMP_STR ? arg->s : "?");
			return;
		}
		strbuf_adds(b, name);
	} else if (!strcmp(fn, "Fn::Equals")) {
		if (arg->kind != IMP_SEQ || arg->n != 2) {
			imp_err(c, arg, apath, "'Fn::Equals' takes two values");
			return;
		}
		imp_operand(c, b, arg->v[0], imp_path_i(c, apath, 0), depth, false);
		strbuf_adds(b, " == ");
		imp_operand(c, b, arg->v[1], imp_path_i(c, apath, 1), depth, false);
	} else if (!strcmp(fn, "Fn::Not")) {
		if (arg->kind != IMP_SEQ || arg->n != 1) {
			imp_err(c, arg, apath, "'Fn::Not' takes one condition");
			return;
		}
		strbuf_addc(b, '!');
		imp_operand(c, b, arg->v[0], imp_path_i(c, apath, 0), depth, true);
	} else if (!strcmp(fn, "Fn::And") || !strcmp(fn, "Fn::Or")) {
		if (arg->kind != IMP_SEQ || arg->n < 2) {
			imp_err(c, arg, apath, "'%s' takes 2 to 10 conditions", fn);
			return;
		}
		/* one Fn::And of three is (a && b) && c, which phxc writes back
		 * as one Fn::And of three (a nested Fn::And is flattened) */
		for (size_t i = 0; i + 2 < arg->n; i++)
			strbuf_addc(b, '(');
		for (size_t i = 0; i < arg->n; i++) {
			if (i)
				strbuf_adds(b, !strcmp(fn, "Fn::And") ? " && " : " || ");
			imp_operand(c, b, arg->v[i], imp_path_i(c, apath, i), depth, true);
			if (i && i + 1 < arg->n)
				strbuf_addc(b, ')');
		}
	} else {
		imp_err(c, n, path, "'%s' cannot be a condition", fn);
	}
}

static bool imp_flat(const struct imp_node *n)
{
	if (n->kind == IMP_MAP)
		return imp_is_intrinsic(n) && n->v[0]->kind != IMP_MAP && n->v[0]->kind != IMP_SEQ;
	return n->kind != IMP_SEQ;
}

void imp_entries(struct imp_ctx *c, struct strbuf *b, const struct imp_node *m,
		 const char *path, int depth)
{
	bool quote_lower = c->quote_lower;	/* this level only */

	c->quote_lower = false;
	for (size_t i = 0; i < m->n; i++) {
		const struct imp_node *v = m->v[i];
		bool quoted = quote_lower && !isupper((unsigned char)m->keys[i][0]);

		if (quoted)
			imp_plain_str(b, m->keys[i]);
		else
			imp_key(b, m->keys[i]);
		/* a nested block: Key { ... } */
		strbuf_adds(b, v->kind == IMP_MAP && v->n && !imp_is_intrinsic(v) && !quoted &&
			    imp_is_ident(m->keys[i]) && !imp_is_reserved(m->keys[i]) ? " " : " = ");
		imp_value(c, b, m->v[i], imp_path(c, path, m->keys[i]), depth + 1);
		strbuf_addc(b, '\n');
	}
	c->quote_lower = quote_lower;
}

void imp_value(struct imp_ctx *c, struct strbuf *b, const struct imp_node *n,
	       const char *path, int depth)
{
	if (depth > IMP_MAX_DEPTH) {
		imp_err(c, n, path, "the template nests deeper than %d levels", IMP_MAX_DEPTH);
		return;
	}
	switch (n->kind) {
	case IMP_NULL:
		imp_err(c, n, path, "a null value has no phx equivalent");
		break;
	case IMP_BOOL:
		strbuf_adds(b, n->s);
		break;
	case IMP_NUM:
		if (strcspn(n->s + (*n->s == '-'), ".") > 18)
			imp_err(c, n, path, "the number %s is too large for phx (64-bit integers)", n->s);
		strbuf_adds(b, n->s);
		break;
	case IMP_STR:
		imp_str(b, n->s);
		break;
	case IMP_SEQ: {
		bool flat = true;

		for (size_t i = 0; i < n->n; i++)
			flat = flat && imp_flat(n->v[i]);
		strbuf_addc(b, '[');
		if (!flat)
			strbuf_addc(b, '\n');
		for (size_t i = 0; i < n->n; i++) {
			imp_value(c, b, n->v[i], imp_path_i(c, path, i), depth + 1);
			if (i + 1 < n->n)
				strbuf_adds(b, flat ? ", " : ",\n");
		}
		if (!flat && n->n)
			strbuf_addc(b, '\n');
		strbuf_addc(b, ']');
		break;
	}
	case IMP_MAP:
		if (imp_is_intrinsic(n) && c->sam && !c->raw_fns && imp_unknown_ref(c, n, 0)) {
			/* an ID the SAM transform makes (ServerlessRestApi, FnRole):
			 * the function as CloudFormation writes it */
			c->raw_fns = true;
			imp_value(c, b, n, path, depth);
			c->raw_fns = false;
			break;
		}
		if (imp_is_intrinsic(n) && (!c->raw_fns || (!strcmp(n->keys[0], "Ref") &&
							    !imp_unknown_ref(c, n, 0)))) {
			imp_fn(c, b, n, path, depth);
			break;
		}
		for (size_t i = 0; i < n->n && !c->raw_fns; i++)
			if (!strcmp(n->keys[i], "Ref") || !strncmp(n->keys[i], "Fn::", 4))
				imp_err(c, n->v[i], imp_path(c, path, n->keys[i]),
					"'%s' must be the only key of its mapping", n->keys[i]);
		if (!n->n) {
			strbuf_adds(b, "{}");
			break;
		}
		if (n->n == 1 && imp_flat(n->v[0]) && !(n->v[0]->kind == IMP_STR && strchr(n->v[0]->s, '\n')) &&
		    !(c->raw_fns && imp_is_intrinsic(n))) {
			strbuf_adds(b, "{ ");
			imp_entries(c, b, n, path, depth);
			b->s[b->len - 1] = ' ';
			strbuf_addc(b, '}');
			break;
		}
		strbuf_adds(b, "{\n");
		imp_entries(c, b, n, path, depth);
		strbuf_addc(b, '}');
		break;
	}
}

