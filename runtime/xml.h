/* xml.h - AWS responses as a small element tree, built with expat.
 *
 * Only what the Query and REST-XML APIs use: elements, their text, in
 * document order. Namespaces are dropped from names ("Code", not
 * "http://...:Code"). A tree owns all its strings; xml_free() frees it. */
#ifndef PHX_RUNTIME_XML_H
#define PHX_RUNTIME_XML_H

#include <stddef.h>

struct xml_node {
	char *name;
	char *text;		/* concatenated character data, "" when none */
	struct xml_node *parent, *child, *last, *next;
};

/* Parses a document. NULL when it is not well-formed XML; *err (if not
 * NULL) then gets a malloc'd message. */
struct xml_node *xml_parse(const char *text, size_t len, char **err);
void xml_free(struct xml_node *root);

/* The first descendant along a '/'-separated path of child names, or NULL.
 * "" or NULL returns n itself. */
struct xml_node *xml_find(struct xml_node *n, const char *path);
/* The text at path, or NULL when the element is missing. */
const char *xml_text(struct xml_node *n, const char *path);
/* The next sibling with the same name (to walk <member> lists). */
struct xml_node *xml_next_same(struct xml_node *n);

#endif
