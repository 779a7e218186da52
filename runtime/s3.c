/* s3.c - HeadBucket, CreateBucket, PutObject, and STS GetCallerIdentity.
 * See s3.h. */
#include "phx.h"
#include "s3.h"
#include "creds.h"
#include "http.h"
#include "xml.h"

#include <stdlib.h>
#include <string.h>

static void add_failure(struct strbuf *err, const char *what, const struct http_response *r)
{
	strbuf_addf(err, "%s failed: %s%s%s", what, r->error_code ? r->error_code : "error",
		    r->error_message ? ": " : "", r->error_message ? r->error_message : "");
}

char *s3_account_id(struct http_client *h, const struct aws_config *cfg, struct strbuf *err)
{
	static const char body[] = "Action=GetCallerIdentity&Version=2011-06-15";
	static const struct sigv4_kv headers[] = {
		{ "Content-Type", "application/x-www-form-urlencoded; charset=utf-8" },
	};
	const char *ep = getenv("AWS_ENDPOINT_URL_STS"), *ign = getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
	char *url, *account = NULL;
	struct aws_request req = {
		.service = "sts", .action = "GetCallerIdentity", .method = "POST",
		.headers = headers, .nheaders = 1, .body = body, .body_len = sizeof(body) - 1,
	};
	struct http_response resp;

	if (ign && !strcmp(ign, "true"))
		ep = NULL;
	else if (!ep || !*ep)
		ep = getenv("AWS_ENDPOINT_URL");
	url = ep && *ep ? xasprintf("%s%s", ep, ep[strlen(ep) - 1] == '/' ? "" : "/")
			: xasprintf("https://sts.%s.amazonaws.com/", cfg->region);
	req.url = url;
	if (http_aws(h, &req, &resp)) {
		add_failure(err, "STS GetCallerIdentity", &resp);
	} else {
		struct xml_node *root = xml_parse(resp.body, resp.len, NULL);
		const char *a = xml_text(root, "GetCallerIdentityResult/Account");

		if (a && *a)
			account = xstrdup(a);
		else
			strbuf_addf(err, "STS GetCallerIdentity answered without an account");
		xml_free(root);
	}
	http_response_fini(&resp);
	free(url);
	return account;
}

/* https://bucket.s3.region.amazonaws.com or endpoint/bucket */
static char *bucket_url(const struct aws_config *cfg, const char *bucket)
{
	if (cfg->s3_custom)
		return xasprintf("%s/%s", cfg->s3_endpoint, bucket);
	{
		const char *host = strstr(cfg->s3_endpoint, "://");

		return xasprintf("https://%s.%s", bucket, host ? host + 3 : cfg->s3_endpoint);
	}
}

static int ensure_bucket(struct http_client *h, const struct aws_config *cfg, const char *bucket,
			 struct strbuf *err)
{
	char *url = bucket_url(cfg, bucket), *conf = NULL;
	struct aws_request req = { .service = "s3", .action = "HeadBucket", .method = "HEAD",
				   .s3 = true };
	struct http_response resp;
	int rc = -1;

	/* Signed paths must not be empty: ".../" for virtual-hosted. */
	if (!cfg->s3_custom) {
		char *u = xasprintf("%s/", url);

		free(url);
		url = u;
	}
	req.url = url;
	if (!http_aws(h, &req, &resp)) {
		rc = 0;
		goto out;
	}
	if (resp.status != 404) {
		if (resp.status == 403)
			strbuf_addf(err, "bucket '%s' exists but this account cannot write to it "
				    "(HTTP 403); name another with --bucket", bucket);
		else
			add_failure(err, "HeadBucket", &resp);
		goto out;
	}
	http_response_fini(&resp);
	req.action = "CreateBucket";
	req.method = "PUT";
	if (strcmp(cfg->region, "us-east-1")) {
		conf = xasprintf("<CreateBucketConfiguration xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\">"
				 "<LocationConstraint>%s</LocationConstraint></CreateBucketConfiguration>",
				 cfg->region);
		req.body = conf;
		req.body_len = strlen(conf);
	}
	if (http_aws(h, &req, &resp) && !(resp.error_code &&
					  !strcmp(resp.error_code, "BucketAlreadyOwnedByYou"))) {
		add_failure(err, "CreateBucket", &resp);
		goto out;
	}
	rc = 0;
out:
	http_response_fini(&resp);
	free(conf);
	free(url);
	return rc;
}

char *s3_upload_template(struct http_client *h, const struct aws_config *cfg, const char *bucket,
			 const char *key, const char *body, size_t len, struct strbuf *err)
{
	static const struct sigv4_kv headers[] = { { "Content-Type", "application/json" } };
	char *base, *url, *ekey;
	struct aws_request req = {
		.service = "s3", .action = "PutObject", .method = "PUT", .headers = headers,
		.nheaders = 1, .body = body, .body_len = len, .s3 = true,
	};
	struct http_response resp;

	if (ensure_bucket(h, cfg, bucket, err))
		return NULL;
	base = bucket_url(cfg, bucket);
	ekey = sigv4_uri_encode(key, strlen(key), true);
	url = xasprintf("%s/%s", base, ekey);
	free(base);
	free(ekey);
	req.url = url;
	if (http_aws(h, &req, &resp)) {
		add_failure(err, "PutObject", &resp);
		free(url);
		url = NULL;
	}
	http_response_fini(&resp);
	return url;
}
