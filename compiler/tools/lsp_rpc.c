/* lsp_rpc.c - JSON-RPC over stdio: Content-Length framing in, messages out.
 *
 * A message is a header block (lines ended by CRLF; a bare LF is accepted)
 * and a body of exactly Content-Length bytes. A header block without a
 * usable Content-Length, or one larger than LSP_MAX_MESSAGE, is reported
 * and dropped (an oversized body is skipped byte for byte), so a bad client
 * never stops the server or makes it hold more than one message. */
#include "phx.h"
#include "lsp.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define LSP_MAX_HEADER 8192

void lsp_reader_init(struct lsp_reader *r)
{
	memset(r, 0, sizeof(*r));
}

void lsp_reader_fini(struct lsp_reader *r)
{
	free(r->buf);
	memset(r, 0, sizeof(*r));
}

void lsp_reader_feed(struct lsp_reader *r, const char *data, size_t n)
{
	if (r->skip) {
		size_t k = n < r->skip ? n : r->skip;

		r->skip -= k;
		data += k;
		n -= k;
	}
	if (!n)
		return;
	if (r->len + n + 1 > r->cap) {
		while (r->len + n + 1 > r->cap)
			r->cap = r->cap ? r->cap * 2 : 65536;
		r->buf = xrealloc(r->buf, r->cap);
	}
	memcpy(r->buf + r->len, data, n);
	r->len += n;
	r->buf[r->len] = '\0';
}

static void lsp_reader_drop(struct lsp_reader *r, size_t n)
{
	memmove(r->buf, r->buf + n, r->len - n);
	r->len -= n;
	if (r->buf)
		r->buf[r->len] = '\0';
}

/* Where the header block ends (just past its blank line), or 0. */
static size_t lsp_header_end(const char *b, size_t len)
{
	for (size_t i = 0; i + 1 < len; i++) {
		if (b[i] != '\n')
			continue;
		if (b[i + 1] == '\n')
			return i + 2;
		if (b[i + 1] == '\r' && i + 2 < len && b[i + 2] == '\n')
			return i + 3;
	}
	return 0;
}

/* The first occurrence of a NUL-free needle in len bytes, or NULL. */
static const char *lsp_find(const char *b, size_t len, const char *needle)
{
	size_t n = strlen(needle);

	for (const char *p = b; len >= n && (p = memchr(p, needle[0], len - n + 1 - (size_t)(p - b))); p++)
		if (!memcmp(p, needle, n))
			return p;
	return NULL;
}

static const char *lsp_header_value(const char *line, size_t n, const char *name, size_t *vlen)
{
	size_t nl = strlen(name);
	const char *v;

	if (n <= nl || strncasecmp(line, name, nl) || line[nl] != ':')
		return NULL;
	v = line + nl + 1;
	while (v < line + n && (*v == ' ' || *v == '\t'))
		v++;
	*vlen = (size_t)(line + n - v);
	while (*vlen && (v[*vlen - 1] == '\r' || v[*vlen - 1] == ' '))
		(*vlen)--;
	return v;
}

enum lsp_read lsp_reader_next(struct lsp_reader *r, const char **body, size_t *len,
			      const char **why)
{
	size_t hend, i = 0;
	long long clen = -1;
	bool bad = false;

	if (r->taken) {
		lsp_reader_drop(r, r->taken);
		r->taken = 0;
	}
	/* blank lines between messages are tolerated */
	while (i < r->len && (r->buf[i] == '\r' || r->buf[i] == '\n'))
		i++;
	if (i)
		lsp_reader_drop(r, i);
	if (!r->len)
		return LSP_READ_NONE;
	/* junk before a header (the body of a message whose header was bad):
	 * start again at the next Content-Length */
	if (r->len >= 15 && strncasecmp(r->buf, "Content-Length:", 15) && strncasecmp(r->buf, "Content-Type:", 13)) {
		const char *next = lsp_find(r->buf, r->len, "Content-Length:");

		*why = "bytes that are not a message header";
		lsp_reader_drop(r, next ? (size_t)(next - r->buf) : r->len);
		return LSP_READ_BAD;
	}
	hend = lsp_header_end(r->buf, r->len);
	if (!hend) {
		if (r->len > LSP_MAX_HEADER) {
			*why = "a header block longer than 8 KiB";
			r->len = 0;
			return LSP_READ_BAD;
		}
		return LSP_READ_NONE;
	}
	for (size_t p = 0; p < hend;) {
		const char *line = r->buf + p, *nl = memchr(line, '\n', hend - p), *v;
		size_t n = (size_t)(nl - line), vlen;

		if ((v = lsp_header_value(line, n, "Content-Length", &vlen))) {
			char num[24];
			char *end;

			if (!vlen || vlen >= sizeof(num)) {
				bad = true;
			} else {
				memcpy(num, v, vlen);
				num[vlen] = '\0';
				errno = 0;
				clen = strtoll(num, &end, 10);
				if (errno || *end || clen < 0 || !isdigit((unsigned char)num[0]))
					bad = true;
			}
		}
		p += n + 1;
	}
	if (bad || clen < 0) {
		*why = bad ? "a Content-Length that is not a number" : "a header without Content-Length";
		lsp_reader_drop(r, hend);
		return LSP_READ_BAD;
	}
	if ((unsigned long long)clen > LSP_MAX_MESSAGE) {
		size_t have = r->len - hend;

		*why = "a message larger than 64 MiB";
		if (have >= (size_t)clen) {
			lsp_reader_drop(r, hend + (size_t)clen);
		} else {
			r->skip = (size_t)clen - have;
			r->len = 0;
		}
		return LSP_READ_BAD;
	}
	if (r->len - hend < (size_t)clen)
		return LSP_READ_NONE;
	/* the body is moved to the front, so it stays put until the next call */
	lsp_reader_drop(r, hend);
	*body = r->buf;
	*len = (size_t)clen;
	r->taken = (size_t)clen;	/* dropped on the next call */
	return LSP_READ_MESSAGE;
}

void lsp_send(struct lsp_server *s, json_t *msg)
{
	char *text;

	json_object_set_new(msg, "jsonrpc", json_string("2.0"));
	text = json_dumps(msg, JSON_COMPACT | JSON_ALLOW_NUL);
	json_decref(msg);
	if (!text) {
		lsp_log(s, "cannot encode a message");
		return;
	}
	fprintf(s->out, "Content-Length: %zu\r\n\r\n%s", strlen(text), text);
	fflush(s->out);
	free(text);
}

void lsp_reply(struct lsp_server *s, json_t *id, json_t *result)
{
	json_t *m = json_object();

	json_object_set(m, "id", id ? id : json_null());
	json_object_set_new(m, "result", result ? result : json_null());
	lsp_send(s, m);
}

void lsp_reply_error(struct lsp_server *s, json_t *id, int code, const char *fmt, ...)
{
	json_t *m = json_object(), *e = json_object();
	struct strbuf b;
	va_list ap;

	strbuf_init(&b);
	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	json_object_set_new(e, "code", json_integer(code));
	json_object_set_new(e, "message", lsp_str(b.s ? b.s : "", b.len));
	strbuf_fini(&b);
	json_object_set(m, "id", id ? id : json_null());
	json_object_set_new(m, "error", e);
	lsp_send(s, m);
}

void lsp_notify(struct lsp_server *s, const char *method, json_t *params)
{
	json_t *m = json_object();

	json_object_set_new(m, "method", json_string(method));
	json_object_set_new(m, "params", params);
	lsp_send(s, m);
}

void lsp_log(struct lsp_server *s, const char *fmt, ...)
{
	struct strbuf b;
	va_list ap;

	strbuf_init(&b);
	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (s->log) {
		fprintf(s->log, "phxc lsp: %s\n", b.s ? b.s : "");
		fflush(s->log);
	}
	if (s->out && s->initialized) {
		json_t *p = json_object();

		json_object_set_new(p, "type", json_integer(3));	/* Info */
		json_object_set_new(p, "message", lsp_str(b.s ? b.s : "", b.len));
		lsp_notify(s, "window/logMessage", p);
	}
	strbuf_fini(&b);
}
