/* http.h - signed AWS requests over libcurl, with retries.
 *
 * TLS verification is always on (AWS_CA_BUNDLE replaces the system store,
 * never disables checking). A request is retried, up to max_attempts in all,
 * after a transport failure (connection refused or reset, timeout), HTTP 429
 * or 5xx, or an AWS throttling code (Throttling, RequestLimitExceeded, ...),
 * waiting base * 2^n ms, capped at 20 s, with jitter: half the delay fixed
 * and half random. Each retry is shown on stderr (one line, verbose or not).
 * Requests are re-signed on every attempt. Logs name the action and URL,
 * never a header.
 *
 * Bounds: a request gets 10 s to connect and 120 s in all, never more than
 * what is left of the command's deadline (rt_clock.h); Ctrl-C or the
 * deadline abort it within a second (libcurl's progress callback), and
 * neither is retried. An answer is read up to HTTP_MAX_BODY bytes
 * (PHXC_MAX_RESPONSE_BYTES lowers it): CURLOPT_MAXFILESIZE for a body that
 * announces its length, a running count for one that does not. */
#ifndef PHX_RUNTIME_HTTP_H
#define PHX_RUNTIME_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sigv4.h"

struct aws_config;

#define HTTP_MAX_BODY ((size_t)16 << 20)

struct http_client {
	void *curl;		/* CURL * */
	const struct aws_config *cfg;
	int max_attempts;	/* AWS_MAX_ATTEMPTS, default 5 */
	unsigned base_delay_ms;	/* PHXC_RETRY_BASE_MS, default 250 */
	long connect_timeout_s, timeout_s;
	size_t max_body;	/* HTTP_MAX_BODY, or PHXC_MAX_RESPONSE_BYTES */
	bool verbose;
	FILE *log;		/* stderr */
	unsigned seed;
	unsigned long requests;	/* sent, retries included */
};

struct http_response {
	long status;		/* 0 when no response arrived */
	char *body;		/* NUL-terminated */
	size_t len;
	char *error_code;	/* AWS <Code>, or a transport description */
	char *error_message;	/* AWS <Message>, or curl's message */
	int attempts;
};

struct aws_request {
	const char *service;	/* signing name: cloudformation, s3 */
	const char *action;	/* for logs: "DescribeStacks", "PutObject" */
	const char *method;
	const char *url;	/* without the query string */
	const struct sigv4_kv *query;
	size_t nquery;
	const struct sigv4_kv *headers;
	size_t nheaders;
	const void *body;
	size_t body_len;
	bool s3;
	int max_attempts;	/* 0: the client's */
};

void http_init(struct http_client *h, const struct aws_config *cfg, bool verbose);
void http_fini(struct http_client *h);

/* Sends a signed request, retrying as described above. Returns 0 on a 2xx
 * answer, else -1 with resp->status and error_code/error_message set.
 * Free resp with http_response_fini() in both cases. */
int http_aws(struct http_client *h, const struct aws_request *req, struct http_response *resp);
void http_response_fini(struct http_response *resp);

/* True for the codes AWS documents as throttling. */
bool http_is_throttling(const char *code);
/* True for codes that no retry can fix: expired or invalid credentials, a
 * bad signature, access denied. */
bool http_is_fatal(const char *code);

#endif
