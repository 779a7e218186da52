/* sigv4_test.c - runtime/sigv4.c against botocore, byte for byte.
 *
 * Runs tests/unit/sigv4_vectors.py ($PYTHON3, from $top_srcdir), which
 * signs each request with botocore.auth.SigV4Auth at a fixed time, and
 * checks that phxc produces the same canonical request, string to sign,
 * signature and Authorization header. Prints TAP. */
#include "phx.h"
#include "sigv4.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static int n_test, n_failed;

static void ok(bool cond, const char *name, const char *what)
{
	n_test++;
	if (!cond)
		n_failed++;
	printf("%sok %d - %s: %s\n", cond ? "" : "not ", n_test, name, what);
}

static void show_diff(const char *what, const char *want, const char *got)
{
	printf("# %s differs\n# expected:\n", what);
	for (const char *s = want; *s; s++)
		printf("%s%c", s == want || s[-1] == '\n' ? "#   " : "", *s);
	printf("\n# got:\n");
	for (const char *s = got; *s; s++)
		printf("%s%c", s == got || s[-1] == '\n' ? "#   " : "", *s);
	putchar('\n');
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	if (!s) {
		printf("Bail out! vector field '%s' missing\n", key);
		exit(1);
	}
	return s;
}

static struct sigv4_kv *pairs(json_t *arr, size_t *n)
{
	size_t i;
	json_t *p;
	struct sigv4_kv *kv = xcalloc(json_array_size(arr) + 1, sizeof(*kv));

	json_array_foreach(arr, i, p) {
		kv[i].key = json_string_value(json_array_get(p, 0));
		kv[i].value = json_string_value(json_array_get(p, 1));
	}
	*n = json_array_size(arr);
	return kv;
}

static void check_vector(json_t *v)
{
	const char *name = str(v, "name");
	struct sigv4_request req = { 0 };
	struct sigv4_creds cr;
	struct sigv4_signed out;
	struct sigv4_kv *q, *h;
	const char *secret = str(v, "secret_key");
	bool same;

	req.method = str(v, "method");
	req.url = str(v, "url");
	req.query = q = pairs(json_object_get(v, "query"), &req.nquery);
	req.headers = h = pairs(json_object_get(v, "headers"), &req.nheaders);
	req.body = str(v, "body");
	req.body_len = strlen(req.body);
	req.s3 = json_is_true(json_object_get(v, "s3"));
	cr.access_key = str(v, "access_key");
	cr.secret_key = secret;
	cr.session_token = str(v, "session_token");

	if (sigv4_sign(&req, &cr, str(v, "region"), str(v, "service"),
		       (time_t)json_integer_value(json_object_get(v, "time")), &out)) {
		ok(false, name, "signs");
		free(q);
		free(h);
		return;
	}
	same = !strcmp(out.canonical_request, str(v, "canonical_request"));
	if (!same)
		show_diff("canonical request", str(v, "canonical_request"), out.canonical_request);
	ok(same, name, "canonical request");
	same = !strcmp(out.string_to_sign, str(v, "string_to_sign"));
	if (!same)
		show_diff("string to sign", str(v, "string_to_sign"), out.string_to_sign);
	ok(same, name, "string to sign");
	same = !strcmp(out.signature, str(v, "signature")) &&
	       !strcmp(out.authorization, str(v, "authorization"));
	if (!same)
		show_diff("authorization", str(v, "authorization"), out.authorization);
	ok(same, name, "signature and Authorization header");
	/* The query string sent is the canonical one: line 3 of the request. */
	{
		const char *l3 = strchr(strchr(out.canonical_request, '\n') + 1, '\n') + 1;

		ok(!strncmp(l3, out.query, strlen(out.query)) && l3[strlen(out.query)] == '\n' &&
		   !strstr(out.authorization, secret) && !strstr(out.canonical_request, secret),
		   "%s: query sent matches, secret in no output", name);
	}
	sigv4_signed_fini(&out);
	free(q);
	free(h);
}

int main(void)
{
	const char *py = getenv("PYTHON3"), *top = getenv("top_srcdir");
	char *cmd;
	FILE *p;
	json_t *vectors, *v;
	json_error_t err;
	size_t i;

	cmd = xasprintf("'%s' '%s/tests/unit/sigv4_vectors.py'", py ? py : "python3",
			top ? top : ".");
	p = popen(cmd, "r");
	if (!p) {
		printf("Bail out! cannot run %s\n", cmd);
		return 1;
	}
	vectors = json_loadf(p, 0, &err);
	if (pclose(p) != 0 || !vectors || !json_is_array(vectors) || json_array_size(vectors) < 20) {
		printf("Bail out! %s gave no vectors (botocore installed?): %s\n", cmd,
		       vectors ? "fewer than 20" : err.text);
		return 1;
	}
	free(cmd);
	json_array_foreach(vectors, i, v)
		check_vector(v);

	/* Malformed URLs are refused, not guessed at. */
	{
		static const char *const bad[] = { "no-scheme/", "http://", "http://h:99999/",
						   "http://h:x/", "http://[::1/" };
		struct sigv4_creds cr = { "AK", "SK", NULL };

		for (size_t k = 0; k < PHX_ARRAY_SIZE(bad); k++) {
			struct sigv4_request req = { .method = "GET", .url = bad[k] };
			struct sigv4_signed out;

			ok(sigv4_sign(&req, &cr, "us-east-1", "s", 0, &out) == -1,
			   bad[k], "malformed URL refused");
		}
	}
	json_decref(vectors);
	printf("1..%d\n", n_test);
	return n_failed ? 1 : 0;
}
