/* sigv4.c - AWS Signature Version 4 with OpenSSL. See sigv4.h; the steps
 * follow botocore.auth.SigV4Auth so that both give the same bytes. */
#include "phx.h"
#include "sigv4.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#define SIGV4_ALGO "AWS4-HMAC-SHA256"

/* Headers a proxy may rewrite: never signed (botocore's blacklist). */
static const char *const unsigned_headers[] = {
	"connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
	"te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
};

static void hex(const unsigned char *b, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[b[i] >> 4];
		out[2 * i + 1] = digits[b[i] & 15];
	}
	out[2 * n] = '\0';
}

void sigv4_sha256_hex(const void *data, size_t n, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (!EVP_Digest(data, n, md, &len, EVP_sha256(), NULL) || len != 32)
		PHX_BUG("SHA-256 failed");
	hex(md, 32, out);
}

static void hmac(const unsigned char *key, size_t keylen, const char *msg, unsigned char out[32])
{
	unsigned int len = 0;

	if (!HMAC(EVP_sha256(), key, (int)keylen, (const unsigned char *)msg, strlen(msg), out, &len) ||
	    len != 32)
		PHX_BUG("HMAC-SHA256 failed");
}

static bool unreserved(unsigned char c)
{
	return isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

char *sigv4_uri_encode(const char *s, size_t n, bool keep_slash)
{
	struct strbuf b;

	strbuf_init(&b);
	strbuf_addn(&b, "", 0);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (unreserved(c) || (keep_slash && c == '/'))
			strbuf_addc(&b, (char)c);
		else
			strbuf_addf(&b, "%%%02X", c);
	}
	return strbuf_steal(&b);
}

/* RFC 3986 5.2.4 dot-segment removal; empty segments dropped too, as AWS
 * wants (botocore.utils.remove_dot_segments). */
static char *remove_dot_segments(const char *path)
{
	size_t n = strlen(path), nseg = 0;
	const char **seg = xmalloc((n + 1) * sizeof(*seg));
	size_t *seglen = xmalloc((n + 1) * sizeof(*seglen));
	struct strbuf b;

	for (const char *p = path; ; ) {
		const char *e = strchr(p, '/');
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == 2 && !strncmp(p, "..", 2)) {
			if (nseg)
				nseg--;
		} else if (len && !(len == 1 && *p == '.')) {
			seg[nseg] = p;
			seglen[nseg++] = len;
		}
		if (!e)
			break;
		p = e + 1;
	}
	strbuf_init(&b);
	strbuf_addn(&b, "", 0);
	if (n && path[0] == '/')
		strbuf_addc(&b, '/');
	for (size_t i = 0; i < nseg; i++) {
		if (i)
			strbuf_addc(&b, '/');
		strbuf_addn(&b, seg[i], seglen[i]);
	}
	if (n && path[n - 1] == '/' && nseg)
		strbuf_addc(&b, '/');
	free(seg);
	free(seglen);
	return strbuf_steal(&b);
}

/* Splits scheme://[user@]host[:port][/path]. Host is lowercased and loses
 * the scheme's default port, as the Host header does. */
static int split_url(const char *url, char **host, char **path)
{
	const char *p = strstr(url, "://"), *auth, *end, *at, *colon;
	char *scheme, *h;
	long port = -1;

	if (!p || p == url)
		return -1;
	scheme = xstrndup(url, (size_t)(p - url));
	for (char *s = scheme; *s; s++)
		*s = (char)tolower((unsigned char)*s);
	auth = p + 3;
	end = auth + strcspn(auth, "/?#");
	at = memchr(auth, '@', (size_t)(end - auth));
	if (at)
		auth = at + 1;
	if (*auth == '[') {
		const char *rb = memchr(auth, ']', (size_t)(end - auth));

		if (!rb) {
			free(scheme);
			return -1;
		}
		colon = rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(auth, ':', (size_t)(end - auth));
	}
	if (colon) {
		char *e;

		port = strtol(colon + 1, &e, 10);
		if (e != end || colon + 1 == end || port < 0 || port > 65535) {
			free(scheme);
			return -1;
		}
	} else {
		colon = end;
	}
	if (colon == auth) {
		free(scheme);
		return -1;
	}
	h = xstrndup(auth, (size_t)(colon - auth));
	for (char *s = h; *s; s++)
		*s = (char)tolower((unsigned char)*s);
	if (port >= 0 && !((!strcmp(scheme, "http") && port == 80) ||
			   (!strcmp(scheme, "https") && port == 443))) {
		char *hp = xasprintf("%s:%ld", h, port);

		free(h);
		h = hp;
	}
	free(scheme);
	*host = h;
	*path = xstrndup(end, strcspn(end, "?#"));
	return 0;
}

struct hdr {
	char *name;	/* lowercase */
	char *value;	/* trimmed, inner whitespace runs collapsed to one space */
	size_t order;
};

static int hdr_cmp(const void *a, const void *b)
{
	const struct hdr *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	return x->order < y->order ? -1 : x->order > y->order;
}

static void hdr_add(struct hdr *v, size_t *n, const char *name, const char *value)
{
	struct strbuf b;
	char *lname = xstrdup(name);
	bool space = false;

	for (char *s = lname; *s; s++)
		*s = (char)tolower((unsigned char)*s);
	for (size_t i = 0; i < PHX_ARRAY_SIZE(unsigned_headers); i++) {
		if (!strcmp(lname, unsigned_headers[i])) {
			free(lname);
			return;
		}
	}
	strbuf_init(&b);
	strbuf_addn(&b, "", 0);
	for (const char *s = value; *s; s++) {
		/* Python's str.split(): runs of whitespace separate words. */
		if (strchr(" \t\n\r\f\v", *s)) {
			space = b.len > 0;
		} else {
			if (space)
				strbuf_addc(&b, ' ');
			space = false;
			strbuf_addc(&b, *s);
		}
	}
	v[*n].name = lname;
	v[*n].value = strbuf_steal(&b);
	v[*n].order = *n;
	(*n)++;
}

struct qpair {
	char *k, *v;
};

static int qpair_cmp(const void *a, const void *b)
{
	const struct qpair *x = a, *y = b;
	int c = strcmp(x->k, y->k);

	return c ? c : strcmp(x->v, y->v);
}

static char *canonical_query(const struct sigv4_request *req)
{
	struct qpair *q = xcalloc(req->nquery + 1, sizeof(*q));
	struct strbuf b;

	for (size_t i = 0; i < req->nquery; i++) {
		const char *v = req->query[i].value ? req->query[i].value : "";

		q[i].k = sigv4_uri_encode(req->query[i].key, strlen(req->query[i].key), false);
		q[i].v = sigv4_uri_encode(v, strlen(v), false);
	}
	qsort(q, req->nquery, sizeof(*q), qpair_cmp);
	strbuf_init(&b);
	strbuf_addn(&b, "", 0);
	for (size_t i = 0; i < req->nquery; i++) {
		strbuf_addf(&b, "%s%s=%s", i ? "&" : "", q[i].k, q[i].v);
		free(q[i].k);
		free(q[i].v);
	}
	free(q);
	return strbuf_steal(&b);
}

int sigv4_sign(const struct sigv4_request *req, const struct sigv4_creds *creds,
	       const char *region, const char *service, time_t when,
	       struct sigv4_signed *out)
{
	bool token = creds->session_token && *creds->session_token;
	size_t nh = 0, cap = req->nheaders + 4;
	struct hdr *h;
	struct strbuf cr, signed_names, b;
	char *path, *cpath, date[9], crhash[65], sig_hex[65];
	unsigned char k[32];
	char *kinit;
	struct tm tm;

	memset(out, 0, sizeof(*out));
	if (split_url(req->url, &out->host, &path))
		return -1;
	gmtime_r(&when, &tm);
	strftime(out->amz_date, sizeof(out->amz_date), "%Y%m%dT%H%M%SZ", &tm);
	memcpy(date, out->amz_date, 8);
	date[8] = '\0';
	if (req->body_len)
		sigv4_sha256_hex(req->body, req->body_len, out->payload_hash);
	else
		sigv4_sha256_hex("", 0, out->payload_hash);

	/* Path: S3 keys are signed as sent; other services normalise and
	 * encode (botocore quote(path, safe='/~')). */
	if (req->s3) {
		cpath = xstrdup(*path ? path : "/");
	} else {
		char *norm = remove_dot_segments(*path ? path : "/");

		cpath = sigv4_uri_encode(norm, strlen(norm), true);
		free(norm);
	}
	free(path);
	out->query = canonical_query(req);

	h = xcalloc(cap, sizeof(*h));
	for (size_t i = 0; i < req->nheaders; i++)
		hdr_add(h, &nh, req->headers[i].key, req->headers[i].value);
	{
		bool has_host = false;

		for (size_t i = 0; i < nh; i++)
			has_host |= !strcmp(h[i].name, "host");
		if (!has_host)
			hdr_add(h, &nh, "host", out->host);
	}
	hdr_add(h, &nh, "x-amz-date", out->amz_date);
	if (token)
		hdr_add(h, &nh, "x-amz-security-token", creds->session_token);
	if (req->s3)
		hdr_add(h, &nh, "x-amz-content-sha256", out->payload_hash);
	qsort(h, nh, sizeof(*h), hdr_cmp);

	strbuf_init(&cr);
	strbuf_init(&signed_names);
	strbuf_addn(&signed_names, "", 0);
	for (const char *m = req->method; *m; m++)
		strbuf_addc(&cr, (char)toupper((unsigned char)*m));
	strbuf_addf(&cr, "\n%s\n%s\n", cpath, out->query);
	for (size_t i = 0; i < nh; i++) {
		if (i && !strcmp(h[i].name, h[i - 1].name)) {
			strbuf_addf(&cr, ",%s", h[i].value);	/* repeated header */
			continue;
		}
		strbuf_addf(&cr, "%s%s:%s", i ? "\n" : "", h[i].name, h[i].value);
		strbuf_addf(&signed_names, "%s%s", i ? ";" : "", h[i].name);
	}
	strbuf_addf(&cr, "\n\n%s\n%s", signed_names.s, out->payload_hash);
	out->canonical_request = strbuf_steal(&cr);
	free(cpath);
	for (size_t i = 0; i < nh; i++) {
		free(h[i].name);
		free(h[i].value);
	}
	free(h);

	sigv4_sha256_hex(out->canonical_request, strlen(out->canonical_request), crhash);
	out->string_to_sign = xasprintf(SIGV4_ALGO "\n%s\n%s/%s/%s/aws4_request\n%s",
					out->amz_date, date, region, service, crhash);

	kinit = xasprintf("AWS4%s", creds->secret_key);
	hmac((const unsigned char *)kinit, strlen(kinit), date, k);
	memset(kinit, 0, strlen(kinit));	/* the secret does not outlive the call */
	free(kinit);
	hmac(k, 32, region, k);
	hmac(k, 32, service, k);
	hmac(k, 32, "aws4_request", k);
	{
		unsigned char sig[32];

		hmac(k, 32, out->string_to_sign, sig);
		hex(sig, 32, sig_hex);
	}
	memset(k, 0, sizeof(k));
	memcpy(out->signature, sig_hex, sizeof(sig_hex));

	strbuf_init(&b);
	strbuf_addf(&b, SIGV4_ALGO " Credential=%s/%s/%s/%s/aws4_request, SignedHeaders=%s, Signature=%s",
		    creds->access_key, date, region, service, signed_names.s, out->signature);
	out->authorization = strbuf_steal(&b);
	strbuf_fini(&signed_names);
	return 0;
}

void sigv4_signed_fini(struct sigv4_signed *s)
{
	free(s->host);
	free(s->query);
	free(s->canonical_request);
	free(s->string_to_sign);
	free(s->authorization);
	memset(s, 0, sizeof(*s));
}
