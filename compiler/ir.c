/* ir.c - constructors for the lowered template tree. */
#include "phx.h"
#include "arena.h"
#include "ir.h"

#include <inttypes.h>
#include <string.h>

struct ir *ir_new(struct arena *a, enum ir_kind kind)
{
	struct ir *v = ARENA_NEW(a, struct ir);

	v->kind = kind;
	return v;
}

struct ir *ir_bool(struct arena *a, bool b)
{
	struct ir *v = ir_new(a, IR_BOOL);

	v->b = b;
	return v;
}

struct ir *ir_int(struct arena *a, int64_t i)
{
	struct ir *v = ir_new(a, IR_INT);

	v->i = i;
	return v;
}

struct ir *ir_num(struct arena *a, double d)
{
	struct ir *v = ir_new(a, IR_NUM);

	v->d = d;
	return v;
}

struct ir *ir_strn(struct arena *a, const char *s, size_t len)
{
	struct ir *v = ir_new(a, IR_STR);

	v->str.s = arena_strndup(a, s, len);
	v->str.len = len;
	return v;
}

struct ir *ir_str(struct arena *a, const char *s)
{
	return ir_strn(a, s, strlen(s));
}

struct ir *ir_list(struct arena *a)
{
	return ir_new(a, IR_LIST);
}

struct ir *ir_map(struct arena *a)
{
	return ir_new(a, IR_MAP);
}

void ir_push(struct arena *a, struct ir *list, struct ir *v)
{
	list->list.v = arena_grow(a, list->list.v, &list->list.cap, list->list.n + 1,
				  sizeof(*list->list.v));
	list->list.v[list->list.n++] = v;
}

void ir_append(struct arena *a, struct ir *map, const char *key, struct ir *v)
{
	map->map.v = arena_grow(a, map->map.v, &map->map.cap, map->map.n + 1,
				sizeof(*map->map.v));
	map->map.v[map->map.n].key = key;
	map->map.v[map->map.n].val = v;
	map->map.n++;
}

void ir_set(struct arena *a, struct ir *map, const char *key, struct ir *v)
{
	for (size_t i = 0; i < map->map.n; i++) {
		if (!strcmp(map->map.v[i].key, key)) {
			map->map.v[i].val = v;
			return;
		}
	}
	ir_append(a, map, key, v);
}

struct ir *ir_get(const struct ir *map, const char *key)
{
	if (!map || map->kind != IR_MAP)
		return NULL;
	for (size_t i = 0; i < map->map.n; i++)
		if (!strcmp(map->map.v[i].key, key))
			return map->map.v[i].val;
	return NULL;
}

struct ir *ir_fn(struct arena *a, const char *name, struct ir *arg)
{
	struct ir *m = ir_map(a);

	m->map.v = arena_grow(a, NULL, &m->map.cap, 1, sizeof(*m->map.v));
	m->map.v[0].key = name;
	m->map.v[0].val = arg;
	m->map.n = 1;
	return m;
}

static void ir_dump_at(FILE *out, const struct ir *v, int depth)
{
	switch (v->kind) {
	case IR_NULL:
		fputs("null\n", out);
		break;
	case IR_BOOL:
		fputs(v->b ? "true\n" : "false\n", out);
		break;
	case IR_INT:
		fprintf(out, "%" PRId64 "\n", v->i);
		break;
	case IR_NUM:
		fprintf(out, "%.15g\n", v->d);
		break;
	case IR_STR:
		fprintf(out, "\"%.*s\"\n", (int)v->str.len, v->str.s);
		break;
	case IR_LIST:
		fprintf(out, "list (%zu)\n", v->list.n);
		for (size_t i = 0; i < v->list.n; i++) {
			fprintf(out, "%*s- ", depth * 2 + 2, "");
			ir_dump_at(out, v->list.v[i], depth + 1);
		}
		break;
	case IR_MAP:
		fprintf(out, "map (%zu)\n", v->map.n);
		for (size_t i = 0; i < v->map.n; i++) {
			fprintf(out, "%*s%s: ", depth * 2 + 2, "", v->map.v[i].key);
			ir_dump_at(out, v->map.v[i].val, depth + 1);
		}
		break;
	}
}

void ir_dump(FILE *out, const struct ir *v)
{
	ir_dump_at(out, v, 0);
}

bool ir_equal(const struct ir *a, const struct ir *b)
{
	if (!a || !b || a->kind != b->kind)
		return a == b;
	switch (a->kind) {
	case IR_NULL:
		return true;
	case IR_BOOL:
		return a->b == b->b;
	case IR_INT:
		return a->i == b->i;
	case IR_NUM:
		return a->d == b->d;
	case IR_STR:
		return a->str.len == b->str.len && !memcmp(a->str.s, b->str.s, a->str.len);
	case IR_LIST:
		if (a->list.n != b->list.n)
			return false;
		for (size_t i = 0; i < a->list.n; i++)
			if (!ir_equal(a->list.v[i], b->list.v[i]))
				return false;
		return true;
	case IR_MAP:
		if (a->map.n != b->map.n)
			return false;
		for (size_t i = 0; i < a->map.n; i++)
			if (strcmp(a->map.v[i].key, b->map.v[i].key) ||
			    !ir_equal(a->map.v[i].val, b->map.v[i].val))
				return false;
		return true;
	}
	return false;
}
