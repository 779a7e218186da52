/* emit_json.c - IR to JSON through jansson.
 *
 * Ownership: every json_*_set_new / append_new call steals the reference of
 * the value it is given, so the tree is freed by one json_decref.
 *
 * While a template is encoded, jansson allocates from the caller's arena
 * (through json_set_alloc_funcs) and frees nothing: a big template is
 * hundreds of thousands of small objects, and giving them back one by one
 * cost more than building them. They go with the arena; the compilation's
 * arena has room for them in pages it has already touched. The text is
 * written straight into a malloc'd buffer (json_dump_callback), so the
 * arena does not also hold the doubling buffer of json_dumps. */
#include "phx.h"
#include "arena.h"
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

static struct arena *emit_json_arena;	/* set only inside emit_json() */

static void *emit_json_alloc(size_t n)
{
	return arena_alloc(emit_json_arena, n);
}

static void emit_json_free(void *p)
{
	(void)p;	/* the memory goes with the arena */
}

static int emit_json_put(const char *s, size_t n, void *data)
{
	strbuf_addn(data, s, n);
	return 0;
}

char *emit_json(const struct ir *root, struct arena *a, size_t *len)
{
	json_malloc_t old_malloc;
	json_free_t old_free;
	struct strbuf b;
	json_t *j;

	json_get_alloc_funcs(&old_malloc, &old_free);
	emit_json_arena = a;
	json_set_alloc_funcs(emit_json_alloc, emit_json_free);
	j = emit_json_value(root);
	strbuf_init(&b);
	if (json_dump_callback(j, emit_json_put, &b,
			       JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15)))
		PHX_BUG("jansson could not encode the template");
	strbuf_addc(&b, '\n');
	json_set_alloc_funcs(old_malloc, old_free);
	emit_json_arena = NULL;
	*len = b.len;
	return strbuf_steal(&b);
}

char *emit_template(const struct ir *root, enum emit_format fmt, struct arena *a, size_t *len)
{
	return fmt == EMIT_YAML ? emit_yaml(root, len) : emit_json(root, a, len);
}
