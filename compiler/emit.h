/* emit.h - templates to text: JSON with jansson, YAML with libyaml.
 *
 * Both return a malloc'd, NUL-terminated buffer ending in a newline; the
 * caller frees it. The same IR always gives the same bytes. JSON's
 * working memory comes from arena a and stays there until it is freed. */
#ifndef PHX_COMPILER_EMIT_H
#define PHX_COMPILER_EMIT_H

#include <stddef.h>

struct arena;
struct ir;

enum emit_format { EMIT_JSON, EMIT_YAML };

char *emit_json(const struct ir *root, struct arena *a, size_t *len);
char *emit_yaml(const struct ir *root, size_t *len);
char *emit_template(const struct ir *root, enum emit_format fmt, struct arena *a, size_t *len);

#endif
