/* sigv4.h - AWS Signature Version 4 (HMAC-SHA256), as botocore computes it.
 *
 *   canonical request = METHOD \n path \n query \n headers \n signed \n hash
 *   string to sign    = AWS4-HMAC-SHA256 \n date \n scope \n sha256(creq)
 *   signature         = hex(HMAC(k_signing, string to sign))
 *
 * The signer encodes the query itself (RFC 3986: everything but
 * A-Z a-z 0-9 - _ . ~ is %XX), so the caller passes raw pairs and sends
 * sigv4_signed.query as the URL's query string. Headers the caller passes
 * are signed; host, x-amz-date, x-amz-security-token (with a session token)
 * and, for S3, x-amz-content-sha256 are added by the signer, and the caller
 * sends them as given in struct sigv4_signed. Nothing here prints, and the
 * secret key appears in no output field. */
#ifndef PHX_RUNTIME_SIGV4_H
#define PHX_RUNTIME_SIGV4_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

struct sigv4_kv {
	const char *key;
	const char *value;
};

struct sigv4_creds {
	const char *access_key;
	const char *secret_key;
	const char *session_token;	/* NULL or "" without one */
};

struct sigv4_request {
	const char *method;
	const char *url;		/* scheme://host[:port][/path], without '?' */
	const struct sigv4_kv *query;	/* raw pairs, may repeat a key */
	size_t nquery;
	const struct sigv4_kv *headers;	/* other headers sent, all signed */
	size_t nheaders;
	const void *body;
	size_t body_len;
	bool s3;	/* S3 rules: path used as given, x-amz-content-sha256 sent */
};

struct sigv4_signed {
	char amz_date[17];		/* X-Amz-Date: 20150830T123600Z */
	char payload_hash[65];		/* X-Amz-Content-SHA256 for S3 */
	char signature[65];
	char *host;			/* Host header: lowercase, default port dropped */
	char *query;			/* canonical query string ("" without one) */
	char *canonical_request;
	char *string_to_sign;
	char *authorization;		/* Authorization header value */
};

/* Signs req at time `when`. Returns 0, or -1 when the URL cannot be parsed
 * (out is then empty). Free out with sigv4_signed_fini(). */
int sigv4_sign(const struct sigv4_request *req, const struct sigv4_creds *creds,
	       const char *region, const char *service, time_t when,
	       struct sigv4_signed *out);
void sigv4_signed_fini(struct sigv4_signed *s);

/* RFC 3986 percent-encoding of n bytes; '/' kept when keep_slash. */
char *sigv4_uri_encode(const char *s, size_t n, bool keep_slash);
/* Lowercase hex SHA-256 of n bytes. */
void sigv4_sha256_hex(const void *data, size_t n, char out[65]);

#endif
