/* emit_test.c - compiler/emit_json.c against jansson's json_dumps(): the
 * writer promises jansson's layout (JSON_INDENT(2) | JSON_PRESERVE_ORDER |
 * JSON_REAL_PRECISION(15)) byte for byte. Each case builds one IR value,
 * wraps it in a map (json_dumps encodes objects and arrays only), encodes it
 * both ways and compares. Prints TAP. */
#include "phx.h"
#include "arena.h"
#include "emit.h"
#include "ir.h"

#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int n_test, n_fail;

static json_t *to_jansson(const struct ir *v)
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
			json_array_append_new(j, to_jansson(v->list.v[i]));
		return j;
	case IR_MAP:
		j = json_object();
		for (size_t i = 0; i < v->map.n; i++)
			json_object_set_new_nocheck(j, v->map.v[i].key, to_jansson(v->map.v[i].val));
		return j;
	}
	abort();
}

static void check(struct arena *a, const char *name, struct ir *v)
{
	struct ir *root = ir_map(a);
	json_t *j;
	char *want, *got;
	size_t len;
	bool same;

	ir_append(a, root, "Value", v);
	j = to_jansson(root);
	want = json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
	got = emit_json(root, &len);
	n_test++;
	same = want && strlen(got) == len && len == strlen(want) + 1 && !strncmp(got, want, len - 1) &&
	       got[len - 1] == '\n';
	printf("%sok %d - %s\n", same ? "" : "not ", n_test, name);
	if (!same) {
		n_fail++;
		printf("# jansson: %s\n# emit_json: %s", want ? want : "(null)", got);
	}
	free(want);
	free(got);
	json_decref(j);
}

static void check_num(struct arena *a, double d)
{
	char name[64];

	snprintf(name, sizeof(name), "real %.17g", d);
	check(a, name, ir_num(a, d));
}

int main(void)
{
	struct arena *a = arena_new();
	static const double reals[] = {
		0.0, -0.0, 1.0, -1.0, 0.5, 0.1, 1.5, 100.0, 1e15, 1e16, 1e17, 1e21, 1e22, 1e100, 1e300,
		1e-5, 1e-7, 1.25e-10, 3.141592653589793, 2.718281828459045, 123456789012345.0,
		1234567890123456.0, 0.30000000000000004, DBL_MAX, DBL_MIN, 5e-324, -2.5e-300, 99.99,
	};
	static const int64_t ints[] = { 0, 1, -1, 42, 2147483647, -2147483648LL, INT64_MAX, INT64_MIN };
	char all[160];
	size_t n = 0;
	struct ir *list, *map, *inner;

	printf("1..%zu\n", PHX_ARRAY_SIZE(reals) + PHX_ARRAY_SIZE(ints) + 12);
	for (size_t i = 0; i < PHX_ARRAY_SIZE(reals); i++)
		check_num(a, reals[i]);
	for (size_t i = 0; i < PHX_ARRAY_SIZE(ints); i++) {
		char name[64];

		snprintf(name, sizeof(name), "integer %lld", (long long)ints[i]);
		check(a, name, ir_int(a, ints[i]));
	}
	check(a, "true", ir_bool(a, true));
	check(a, "false", ir_bool(a, false));
	check(a, "null", ir_new(a, IR_NULL));
	check(a, "empty string", ir_str(a, ""));
	/* every byte below 0x80 but NUL, then quotes, backslash, slash, DEL */
	for (int c = 1; c < 0x80; c++)
		all[n++] = (char)c;
	check(a, "every ASCII character", ir_strn(a, all, n));
	check(a, "quotes, backslashes and slashes", ir_str(a, "\"a\\b\" / </script> \\\\"));
	check(a, "UTF-8 (2, 3 and 4 bytes; U+2028)", ir_str(a, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\xa5 \xe2\x80\xa8"));
	check(a, "a string with a NUL inside", ir_strn(a, "a\0b", 3));
	check(a, "empty list", ir_list(a));
	check(a, "empty map", ir_map(a));
	list = ir_list(a);
	map = ir_map(a);
	inner = ir_map(a);
	ir_append(a, inner, "Fn::Sub", ir_str(a, "arn:${AWS::Partition}:s3:::b/*"));
	ir_push(a, list, inner);
	ir_push(a, list, ir_list(a));
	ir_push(a, list, ir_map(a));
	ir_push(a, list, ir_int(a, 7));
	ir_append(a, map, "z \"quoted\" key\n", list);
	ir_append(a, map, "a", ir_num(a, 0.25));
	ir_append(a, map, "Empty", ir_map(a));
	check(a, "nested lists and maps, keys in insertion order and escaped", map);
	{
		struct ir *deep = ir_str(a, "bottom");

		for (int i = 0; i < 40; i++) {
			struct ir *m = ir_map(a);

			ir_append(a, m, i % 2 ? "k" : "Key", i % 3 ? deep : ir_list(a));
			if (i % 3 == 0)
				ir_push(a, ir_get(m, "Key") ? ir_get(m, "Key") : ir_get(m, "k"), deep);
			deep = m;
		}
		check(a, "40 levels of nesting", deep);
	}
	arena_free(a);
	return n_fail ? 1 : 0;
}
