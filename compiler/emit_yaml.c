/* emit_yaml.c - IR to CloudFormation YAML through libyaml's emitter.
 *
 * Intrinsics are written in their long form ("Fn::Sub:"), which is valid
 * CloudFormation YAML and needs no custom tags. Strings that a YAML 1.1
 * reader would take for something else (true, no, 0x10, 2010-09-09, ~) are
 * double-quoted; a string of several lines is a literal block ('|', which
 * libyaml turns back into double quotes where a block cannot hold it:
 * trailing blanks, leading blank lines); libyaml picks the style for the
 * rest. */
#include "phx.h"
#include "emit.h"
#include "ir.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <yaml.h>

static int emit_yaml_write(void *data, unsigned char *buf, size_t size)
{
	strbuf_addn(data, (const char *)buf, size);
	return 1;
}

/* Would a YAML 1.1 (or 1.2) resolver read this plain scalar as anything but
 * a string? */
static bool yaml_ambiguous(const char *s, size_t len)
{
	static const char *const words[] = {
		"y", "yes", "n", "no", "true", "false", "on", "off", "null", "~",
		".inf", "-.inf", "+.inf", ".nan", "<<", "=",
	};

	if (len == 0)
		return true;
	for (size_t i = 0; i < PHX_ARRAY_SIZE(words); i++)
		if (strlen(words[i]) == len && !strncasecmp(s, words[i], len))
			return true;
	/* numbers, dates, times, sexagesimals: anything starting like a number */
	if (isdigit((unsigned char)s[0]))
		return true;
	if ((s[0] == '-' || s[0] == '+' || s[0] == '.') && len > 1 &&
	    (isdigit((unsigned char)s[1]) || s[1] == '.'))
		return true;
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\0' || s[i] == '\n' || s[i] == '\t')
			return true;
	return false;
}

static void emit_yaml_check(yaml_emitter_t *e, yaml_event_t *ev)
{
	if (!yaml_emitter_emit(e, ev))
		PHX_BUG("libyaml: %s", e->problem ? e->problem : "emitter error");
}

static void emit_yaml_scalar(yaml_emitter_t *e, const char *s, size_t len, bool string)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = YAML_ANY_SCALAR_STYLE;

	if (string && len > 1 && memchr(s, '\n', len - 1) && !memchr(s, '\t', len) &&
	    !memchr(s, '\r', len))
		style = YAML_LITERAL_SCALAR_STYLE;
	else if (string && yaml_ambiguous(s, len))
		style = YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	yaml_scalar_event_initialize(&ev, NULL, NULL, (yaml_char_t *)s, (int)len, 1, 1, style);
	emit_yaml_check(e, &ev);
}

static void emit_yaml_value(yaml_emitter_t *e, const struct ir *v)
{
	yaml_event_t ev;
	char buf[64];

	switch (v->kind) {
	case IR_NULL:
		emit_yaml_scalar(e, "null", 4, false);
		return;
	case IR_BOOL:
		emit_yaml_scalar(e, v->b ? "true" : "false", v->b ? 4 : 5, false);
		return;
	case IR_INT:
		snprintf(buf, sizeof(buf), "%lld", (long long)v->i);
		emit_yaml_scalar(e, buf, strlen(buf), false);
		return;
	case IR_NUM:
		snprintf(buf, sizeof(buf), "%.15g", v->d);
		if (!strpbrk(buf, ".eEn"))
			strcat(buf, ".0");
		emit_yaml_scalar(e, buf, strlen(buf), false);
		return;
	case IR_STR:
		emit_yaml_scalar(e, v->str.s, v->str.len, true);
		return;
	case IR_LIST:
		yaml_sequence_start_event_initialize(&ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE);
		emit_yaml_check(e, &ev);
		for (size_t i = 0; i < v->list.n; i++)
			emit_yaml_value(e, v->list.v[i]);
		yaml_sequence_end_event_initialize(&ev);
		emit_yaml_check(e, &ev);
		return;
	case IR_MAP:
		yaml_mapping_start_event_initialize(&ev, NULL, NULL, 1,
						    v->map.n ? YAML_BLOCK_MAPPING_STYLE
							     : YAML_FLOW_MAPPING_STYLE);
		emit_yaml_check(e, &ev);
		for (size_t i = 0; i < v->map.n; i++) {
			emit_yaml_scalar(e, v->map.v[i].key, strlen(v->map.v[i].key), true);
			emit_yaml_value(e, v->map.v[i].val);
		}
		yaml_mapping_end_event_initialize(&ev);
		emit_yaml_check(e, &ev);
		return;
	}
	PHX_BUG("bad IR kind %d", (int)v->kind);
}

char *emit_yaml(const struct ir *root, size_t *len)
{
	yaml_emitter_t e;
	yaml_event_t ev;
	struct strbuf b;

	strbuf_init(&b);
	if (!yaml_emitter_initialize(&e))
		PHX_BUG("libyaml: cannot initialise the emitter");
	yaml_emitter_set_output(&e, emit_yaml_write, &b);
	yaml_emitter_set_unicode(&e, 1);
	yaml_emitter_set_width(&e, -1);
	yaml_emitter_set_indent(&e, 2);
	yaml_stream_start_event_initialize(&ev, YAML_UTF8_ENCODING);
	emit_yaml_check(&e, &ev);
	yaml_document_start_event_initialize(&ev, NULL, NULL, NULL, 1);
	emit_yaml_check(&e, &ev);
	emit_yaml_value(&e, root);
	yaml_document_end_event_initialize(&ev, 1);
	emit_yaml_check(&e, &ev);
	yaml_stream_end_event_initialize(&ev);
	emit_yaml_check(&e, &ev);
	yaml_emitter_flush(&e);
	yaml_emitter_delete(&e);
	*len = b.len;
	return strbuf_steal(&b);
}
