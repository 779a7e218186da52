/* emit_json.c - IR to JSON through jansson.
 *
 * Ownership: every json_*_set_new / append_new call steals the reference of
 * the value it is given, so the tree is freed by one json_decref. */
#include "phx.h"
#include "emit.h"
#include "ir.h"

#include <jansson.h>
#include <string.h>

static json_t *emit_json_value(const struct ir *v)
{
	json_t *j;

	switch (v->kind) {
	case IR_NULL:
		return json_null();
	case IR_BOOL:
		return json_boolean(v->b);
	case IR_INT:
		return json_integer((json_int_t)v->i);
	case IR_NUM:
		return json_real(v->d);
	case IR_STR:
		return json_stringn_nocheck(v->str.s, v->str.len);
	case IR_LIST:
		j = json_array();
		for (size_t i = 0; i < v->list.n; i++)
			json_array_append_new(j, emit_json_value(v->list.v[i]));
		return j;
	case IR_MAP:
		j = json_object();
		for (size_t i = 0; i < v->map.n; i++)
			json_object_set_new_nocheck(j, v->map.v[i].key,
						    emit_json_value(v->map.v[i].val));
		return j;
	}
	PHX_BUG("bad IR kind %d", (int)v->kind);
}

char *emit_json(const struct ir *root, size_t *len)
{
	json_t *j = emit_json_value(root);
	char *text = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	size_t n;
	char *out;

	json_decref(j);
	if (!text)
		PHX_BUG("jansson could not encode the template");
	n = strlen(text);
	out = xmalloc(n + 2);
	memcpy(out, text, n);
	out[n] = '\n';
	out[n + 1] = '\0';
	free(text);
	*len = n + 1;
	return out;
}

char *emit_template(const struct ir *root, enum emit_format fmt, size_t *len)
{
	return fmt == EMIT_YAML ? emit_yaml(root, len) : emit_json(root, len);
}
