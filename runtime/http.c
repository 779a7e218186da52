/* http.c - libcurl transport, SigV4 signing and retries. See http.h. */
#include "phx.h"
#include "http.h"
#include "creds.h"
#include "rt_clock.h"
#include "xml.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#define HTTP_MAX_DELAY_MS 20000u

static const char *const fatal_codes[] = {
	"ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId", "UnrecognizedClientException",
	"InvalidAccessKeyId", "SignatureDoesNotMatch", "IncompleteSignature", "AccessDenied",
	"AccessDeniedException", "MissingAuthenticationToken", "AuthFailure", "RequestExpired",
	"InvalidSignatureException", "NotAuthorized", "OptInRequired",
};

bool http_is_fatal(const char *code)
{
	if (!code)
		return false;
	for (size_t i = 0; i < PHX_ARRAY_SIZE(fatal_codes); i++)
		if (!strcmp(code, fatal_codes[i]))
			return true;
	return false;
}

static const char *const throttling_codes[] = {
	"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
	"TooManyRequestsException", "ProvisionedThroughputExceededException",
	"TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
	"RequestThrottled", "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
};

bool http_is_throttling(const char *code)
{
	if (!code)
		return false;
	for (size_t i = 0; i < PHX_ARRAY_SIZE(throttling_codes); i++)
		if (!strcmp(code, throttling_codes[i]))
			return true;
	return false;
}

static long env_long(const char *name, long dflt, long min, long max)
{
	const char *v = getenv(name);
	char *end;
	long n;

	if (!v || !*v)
		return dflt;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return dflt;
	return n;
}

void http_init(struct http_client *h, const struct aws_config *cfg, bool verbose)
{
	static bool global_done;

	if (!global_done) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		global_done = true;
	}
	memset(h, 0, sizeof(*h));
	h->curl = curl_easy_init();
	if (!h->curl)
		PHX_BUG("curl_easy_init failed");
	h->cfg = cfg;
	h->verbose = verbose;
	h->log = stderr;
	h->max_attempts = (int)env_long("AWS_MAX_ATTEMPTS", 5, 1, 20);
	h->base_delay_ms = (unsigned)env_long("PHXC_RETRY_BASE_MS", 250, 0, 10000);
	h->connect_timeout_s = 10;
	h->timeout_s = 120;
	h->max_body = (size_t)env_long("PHXC_MAX_RESPONSE_BYTES", HTTP_MAX_BODY, 4096, HTTP_MAX_BODY);
	h->seed = (unsigned)time(NULL) ^ ((unsigned)getpid() << 16);
}

void http_fini(struct http_client *h)
{
	if (h->curl)
		curl_easy_cleanup(h->curl);
	h->curl = NULL;
}

void http_response_fini(struct http_response *r)
{
	free(r->body);
	free(r->error_code);
	free(r->error_message);
	memset(r, 0, sizeof(*r));
}

struct http_body {
	struct strbuf b;
	size_t max;
	bool too_large;
};

/* A running cap: a body with no Content-Length (or a false one) stops at
 * max bytes too, not only one that announces its size. */
static size_t on_body(char *data, size_t size, size_t n, void *ud)
{
	struct http_body *body = ud;

	if (body->b.len + size * n > body->max) {
		body->too_large = true;
		return 0;
	}
	strbuf_addn(&body->b, data, size * n);
	return size * n;
}

/* Called by libcurl at least once a second, even while nothing arrives:
 * Ctrl-C and the deadline end a hanging request here. */
static int on_progress(void *ud, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		       curl_off_t ulnow)
{
	(void)ud, (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
	return rt_interrupted || rt_deadline_passed();
}

/* AWS error documents: Query <ErrorResponse><Error><Code>, S3 <Error><Code>. */
static void parse_error(struct http_response *r)
{
	struct xml_node *root = r->len ? xml_parse(r->body, r->len, NULL) : NULL;
	struct xml_node *e = NULL;

	if (root)
		e = !strcmp(root->name, "Error") ? root : xml_find(root, "Error");
	if (e && xml_text(e, "Code")) {
		r->error_code = xstrdup(xml_text(e, "Code"));
		if (xml_text(e, "Message"))
			r->error_message = xstrdup(xml_text(e, "Message"));
	} else {
		r->error_code = xasprintf("HTTP %ld", r->status);
	}
	xml_free(root);
}

/* One attempt. Returns the curl code; fills r. */
static CURLcode send_once(struct http_client *h, const struct aws_request *req,
			  struct http_response *r)
{
	const struct aws_config *cfg = h->cfg;
	struct sigv4_creds creds = { cfg->access_key, cfg->secret_key, cfg->session_token };
	struct sigv4_signed sig;
	struct curl_slist *hdrs = NULL;
	struct strbuf line;
	struct http_body body = { .max = h->max_body };
	char errbuf[CURL_ERROR_SIZE] = "";
	long timeout = h->timeout_s;
	char *url;
	CURLcode rc;
	CURL *c = h->curl;

	struct sigv4_request sreq = {
		.method = req->method, .url = req->url, .query = req->query, .nquery = req->nquery,
		.headers = req->headers, .nheaders = req->nheaders, .body = req->body,
		.body_len = req->body_len, .s3 = req->s3,
	};

	if (sigv4_sign(&sreq, &creds, cfg->region, req->service, time(NULL), &sig)) {
		r->error_code = xstrdup("bad endpoint URL");
		r->error_message = xasprintf("cannot parse '%s'", req->url);
		return CURLE_URL_MALFORMAT;
	}
	url = *sig.query ? xasprintf("%s?%s", req->url, sig.query) : xstrdup(req->url);
	strbuf_init(&line);
	for (size_t i = 0; i < req->nheaders; i++) {
		strbuf_addf(&line, "%s: %s", req->headers[i].key, req->headers[i].value);
		hdrs = curl_slist_append(hdrs, line.s);
		strbuf_fini(&line);
	}
	strbuf_addf(&line, "X-Amz-Date: %s", sig.amz_date);
	hdrs = curl_slist_append(hdrs, line.s);
	strbuf_fini(&line);
	if (creds.session_token && *creds.session_token) {
		strbuf_addf(&line, "X-Amz-Security-Token: %s", creds.session_token);
		hdrs = curl_slist_append(hdrs, line.s);
		strbuf_fini(&line);
	}
	if (req->s3) {
		strbuf_addf(&line, "X-Amz-Content-SHA256: %s", sig.payload_hash);
		hdrs = curl_slist_append(hdrs, line.s);
		strbuf_fini(&line);
	}
	strbuf_addf(&line, "Authorization: %s", sig.authorization);
	hdrs = curl_slist_append(hdrs, line.s);
	strbuf_fini(&line);
	hdrs = curl_slist_append(hdrs, "Expect:");

	curl_easy_reset(c);
	strbuf_init(&body.b);
	/* never past the deadline, never more than the client's own limit */
	if (rt_deadline_left() + 1 < (double)timeout)
		timeout = (long)rt_deadline_left() + 1;
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "phxc/" PACKAGE_VERSION);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, h->connect_timeout_s);
	curl_easy_setopt(c, CURLOPT_TIMEOUT, timeout);
	curl_easy_setopt(c, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)h->max_body);
	curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (cfg->ca_bundle)
		curl_easy_setopt(c, CURLOPT_CAINFO, cfg->ca_bundle);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#endif
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
	if (!strcmp(req->method, "HEAD")) {
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	} else if (!strcmp(req->method, "GET")) {
		curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
	} else {
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, req->method);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, req->body ? (const char *)req->body : "");
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)req->body_len);
	}
	h->requests++;
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK) {
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
	} else if (rc == CURLE_ABORTED_BY_CALLBACK && rt_interrupted) {
		r->error_code = xstrdup("Interrupted");
		r->error_message = xstrdup("stopped by Ctrl-C");
	} else if (rc == CURLE_ABORTED_BY_CALLBACK ||
		   (rc == CURLE_OPERATION_TIMEDOUT && rt_deadline_passed())) {
		rc = CURLE_ABORTED_BY_CALLBACK;
		r->error_code = xstrdup("DeadlineExceeded");
		r->error_message = xasprintf("the deadline of %.0f s (--timeout) passed during the "
					     "request", rt_deadline_total());
	} else if (body.too_large || rc == CURLE_FILESIZE_EXCEEDED) {
		rc = CURLE_FILESIZE_EXCEEDED;
		r->error_code = xstrdup("ResponseTooLarge");
		r->error_message = xasprintf("the answer is over %zu bytes: not reading more",
					     h->max_body);
	} else if (rc == CURLE_OPERATION_TIMEDOUT) {
		r->error_code = xstrdup(curl_easy_strerror(rc));
		r->error_message = xasprintf("no complete answer within %ld s", timeout);
	} else {
		r->status = 0;
		r->error_code = xstrdup(curl_easy_strerror(rc));
		r->error_message = xstrdup(*errbuf ? errbuf : curl_easy_strerror(rc));
	}
	r->len = body.b.len;
	r->body = strbuf_steal(&body.b);
	if (rc == CURLE_OK && (r->status < 200 || r->status > 299))
		parse_error(r);
	curl_slist_free_all(hdrs);
	free(url);
	sigv4_signed_fini(&sig);
	return rc;
}

static bool retryable(CURLcode rc, const struct http_response *r)
{
	switch (rc) {
	case CURLE_OK:
		return r->status == 429 || r->status >= 500 || http_is_throttling(r->error_code) ||
		       (r->error_code && (!strcmp(r->error_code, "InternalFailure") ||
					  !strcmp(r->error_code, "ServiceUnavailable")));
	case CURLE_COULDNT_CONNECT:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
		return true;
	default:
		return false;	/* bad URL, unknown host, TLS failure: retrying will not help */
	}
}

int http_aws(struct http_client *h, const struct aws_request *req, struct http_response *resp)
{
	int max = req->max_attempts > 0 ? req->max_attempts : h->max_attempts;

	memset(resp, 0, sizeof(*resp));
	for (int attempt = 1; ; attempt++) {
		CURLcode rc = send_once(h, req, resp);
		unsigned long long full;
		unsigned delay;

		resp->attempts = attempt;
		if (h->verbose)
			fprintf(h->log, "phxc: %s %s %s -> %s%ld%s%s\n", req->method, req->url,
				req->action, rc == CURLE_OK ? "HTTP " : "", rc == CURLE_OK ? resp->status : 0L,
				rc == CURLE_OK ? "" : " ", rc == CURLE_OK ? "" : resp->error_message);
		if (rc == CURLE_OK && resp->status >= 200 && resp->status <= 299)
			return 0;
		if (attempt >= max || !retryable(rc, resp) || rt_interrupted || rt_deadline_passed())
			return -1;
		full = (unsigned long long)h->base_delay_ms << (attempt - 1 < 16 ? attempt - 1 : 16);
		if (full > HTTP_MAX_DELAY_MS)
			full = HTTP_MAX_DELAY_MS;
		delay = (unsigned)(full / 2 + (full / 2 ? (unsigned long long)rand_r(&h->seed) % (full / 2 + 1) : 0));
		/* every retry is shown, verbose or not */
		fprintf(h->log, "phxc: %s: %s%s%s; retry %d of %d in %.1f s\n", req->action,
				resp->error_code, resp->error_message && rc == CURLE_OK ? ": " : "",
				resp->error_message && rc == CURLE_OK ? resp->error_message : "",
				attempt + 1, max, delay / 1000.0);
		fflush(h->log);
		http_response_fini(resp);
		if (!rt_sleep_ms(delay) || rt_deadline_passed()) {
			resp->error_code = xstrdup(rt_interrupted ? "Interrupted" : "DeadlineExceeded");
			resp->error_message = xstrdup(rt_interrupted ? "stopped by Ctrl-C"
						      : "the deadline (--timeout) passed");
			return -1;
		}
	}
}
