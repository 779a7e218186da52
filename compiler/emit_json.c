/* emit_json.c - IR to JSON text.
 *
 * The template is written straight from the IR into one buffer, in the
 * layout jansson's json_dumps() gives with JSON_INDENT(2) |
 * JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15): two-space indent, ", " and
 * ": " separators, "{}" and "[]" when empty, the escapes of jansson's
 * dump_string() (\" \\ \b \f \n \r \t, other control characters as \u00XX,
 * everything else as is) and its reals ("%.15g", ".0" added to a whole
 * number, exponents without "+" or leading zeros). Building a jansson tree
 * first cost ten times the template's size in memory (a hash table per
 * object) and about a seventh of `phxc build`'s time; tests/unit/emit_test.c
 * checks this writer against json_dumps() value by value. */
#include "phx.h"
#include "emit.h"
#include "ir.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static void emit_json_indent(struct strbuf *b, size_t depth)
{
	strbuf_addc(b, '\n');
	for (size_t i = 0; i < depth; i++)
		strbuf_addn(b, "  ", 2);
}

static void emit_json_string(struct strbuf *b, const char *s, size_t len)
{
	size_t run = 0;

	strbuf_addc(b, '"');
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		const char *esc = NULL;
		char seq[8];

		if (c != '"' && c != '\\' && c >= 0x20)
			continue;
		strbuf_addn(b, s + run, i - run);
		run = i + 1;
		switch (c) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			snprintf(seq, sizeof(seq), "\\u%04X", (unsigned)c);
			esc = seq;
			break;
		}
		strbuf_adds(b, esc);
	}
	strbuf_addn(b, s + run, len - run);
	strbuf_addc(b, '"');
}

/* jansson's jsonp_dtostr() at precision 15. */
static void emit_json_real(struct strbuf *b, double d)
{
	char buf[48];
	char *e;
	int n = snprintf(buf, sizeof(buf) - 3, "%.15g", d);

	if (n < 0 || (size_t)n >= sizeof(buf) - 3)
		PHX_BUG("cannot format the number %g", d);
	if (!strchr(buf, '.') && !strchr(buf, 'e'))
		strcpy(buf + n, ".0");
	e = strchr(buf, 'e');
	if (e) {
		char *start = e + 1, *end = e + 2;

		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start)
			memmove(start, end, strlen(end) + 1);
	}
	strbuf_adds(b, buf);
}

static void emit_json_value(struct strbuf *b, const struct ir *v, size_t depth)
{
	switch (v->kind) {
	case IR_NULL:
		strbuf_adds(b, "null");
		return;
	case IR_BOOL:
		strbuf_adds(b, v->b ? "true" : "false");
		return;
	case IR_INT:
		strbuf_addf(b, "%" PRId64, v->i);
		return;
	case IR_NUM:
		emit_json_real(b, v->d);
		return;
	case IR_STR:
		emit_json_string(b, v->str.s, v->str.len);
		return;
	case IR_LIST:
		if (!v->list.n) {
			strbuf_adds(b, "[]");
			return;
		}
		strbuf_addc(b, '[');
		for (size_t i = 0; i < v->list.n; i++) {
			if (i)
				strbuf_addc(b, ',');
			emit_json_indent(b, depth + 1);
			emit_json_value(b, v->list.v[i], depth + 1);
		}
		emit_json_indent(b, depth);
		strbuf_addc(b, ']');
		return;
	case IR_MAP:
		if (!v->map.n) {
			strbuf_adds(b, "{}");
			return;
		}
		strbuf_addc(b, '{');
		for (size_t i = 0; i < v->map.n; i++) {
			if (i)
				strbuf_addc(b, ',');
			emit_json_indent(b, depth + 1);
			emit_json_string(b, v->map.v[i].key, strlen(v->map.v[i].key));
			strbuf_addn(b, ": ", 2);
			emit_json_value(b, v->map.v[i].val, depth + 1);
		}
		emit_json_indent(b, depth);
		strbuf_addc(b, '}');
		return;
	}
	PHX_BUG("bad IR kind %d", (int)v->kind);
}

char *emit_json(const struct ir *root, size_t *len)
{
	struct strbuf b;

	strbuf_init(&b);
	emit_json_value(&b, root, 0);
	strbuf_addc(&b, '\n');
	*len = b.len;
	return strbuf_steal(&b);
}

char *emit_template(const struct ir *root, enum emit_format fmt, size_t *len)
{
	return fmt == EMIT_YAML ? emit_yaml(root, len) : emit_json(root, len);
}
