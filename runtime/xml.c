/* xml.c - expat into an element tree. See xml.h. */
#include "phx.h"
#include "xml.h"

#include <stdlib.h>
#include <string.h>

#include <expat.h>

#define XML_MAX_DEPTH 64

struct xml_builder {
	struct xml_node *root, *cur;
	struct strbuf text;	/* character data of cur */
	unsigned depth;
	XML_Parser parser;
	bool too_deep;
};

static void flush_text(struct xml_builder *b)
{
	if (!b->cur)
		return;
	if (b->text.len) {
		size_t old = strlen(b->cur->text);
		char *t = xmalloc(old + b->text.len + 1);

		memcpy(t, b->cur->text, old);
		memcpy(t + old, b->text.s, b->text.len + 1);
		free(b->cur->text);
		b->cur->text = t;
	}
	strbuf_fini(&b->text);
}

static void XMLCALL on_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
	struct xml_builder *b = ud;
	struct xml_node *n;
	const char *local = strrchr(name, '\x01');	/* namespace separator */

	(void)attrs;
	if (++b->depth > XML_MAX_DEPTH) {
		b->too_deep = true;
		XML_StopParser(b->parser, XML_FALSE);
		return;
	}
	flush_text(b);
	n = xcalloc(1, sizeof(*n));
	n->name = xstrdup(local ? local + 1 : name);
	n->text = xstrdup("");
	n->parent = b->cur;
	if (!b->cur) {
		b->root = n;
	} else {
		if (b->cur->last)
			b->cur->last->next = n;
		else
			b->cur->child = n;
		b->cur->last = n;
	}
	b->cur = n;
}

static void XMLCALL on_end(void *ud, const XML_Char *name)
{
	struct xml_builder *b = ud;

	(void)name;
	flush_text(b);
	b->depth--;
	if (b->cur)
		b->cur = b->cur->parent;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
	struct xml_builder *b = ud;

	if (b->cur)
		strbuf_addn(&b->text, s, (size_t)len);
}

struct xml_node *xml_parse(const char *text, size_t len, char **err)
{
	struct xml_builder b;
	XML_Parser p = XML_ParserCreateNS(NULL, '\x01');
	enum XML_Status st;

	if (!p)
		PHX_BUG("XML_ParserCreateNS: out of memory");
	memset(&b, 0, sizeof(b));
	strbuf_init(&b.text);
	b.parser = p;
	XML_SetUserData(p, &b);
	XML_SetElementHandler(p, on_start, on_end);
	XML_SetCharacterDataHandler(p, on_text);
	st = XML_Parse(p, text, (int)len, XML_TRUE);
	if (st != XML_STATUS_OK || b.too_deep || !b.root) {
		if (err) {
			*err = b.too_deep ? xstrdup("elements nested too deeply")
			       : !b.root && st == XML_STATUS_OK ? xstrdup("empty document")
			       : xasprintf("line %lu: %s", (unsigned long)XML_GetCurrentLineNumber(p),
					   XML_ErrorString(XML_GetErrorCode(p)));
		}
		strbuf_fini(&b.text);
		xml_free(b.root);
		XML_ParserFree(p);
		return NULL;
	}
	strbuf_fini(&b.text);
	XML_ParserFree(p);
	return b.root;
}

void xml_free(struct xml_node *n)
{
	while (n) {
		struct xml_node *next = n->next;

		xml_free(n->child);
		free(n->name);
		free(n->text);
		free(n);
		n = next;
	}
}

struct xml_node *xml_find(struct xml_node *n, const char *path)
{
	while (n && path && *path) {
		const char *slash = strchr(path, '/');
		size_t len = slash ? (size_t)(slash - path) : strlen(path);
		struct xml_node *c;

		for (c = n->child; c; c = c->next)
			if (strlen(c->name) == len && !strncmp(c->name, path, len))
				break;
		n = c;
		path = slash ? slash + 1 : NULL;
	}
	return n;
}

const char *xml_text(struct xml_node *n, const char *path)
{
	struct xml_node *f = xml_find(n, path);

	return f ? f->text : NULL;
}

struct xml_node *xml_next_same(struct xml_node *n)
{
	for (struct xml_node *s = n->next; s; s = s->next)
		if (!strcmp(s->name, n->name))
			return s;
	return NULL;
}
