/* creds.c - the AWS CLI's credential, region and endpoint chain. See creds.h. */
#include "phx.h"
#include "creds.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* One key of one section of an INI file ("[section]", "key = value"). */
struct ini_hit {
	char *value;
	bool section_found;
};

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Looks up key in [section] of text. Indented lines continue a nested
 * block (botocore's "s3 =" sub-sections) and are skipped. */
static void ini_get(const char *text, const char *section, const char *key, struct ini_hit *hit)
{
	char *copy = xstrdup(text), *save = NULL;
	bool in = false;

	for (char *line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *l, *eq;

		if (isspace((unsigned char)*line) && in) {
			continue;
		}
		l = trim(line);
		if (!*l || *l == '#' || *l == ';')
			continue;
		if (*l == '[') {
			char *end = strchr(l, ']');

			if (!end)
				continue;
			*end = '\0';
			in = !strcmp(trim(l + 1), section);
			hit->section_found |= in;
			continue;
		}
		if (!in || !(eq = strchr(l, '=')))
			continue;
		*eq = '\0';
		if (!strcasecmp(trim(l), key)) {
			free(hit->value);
			hit->value = xstrdup(trim(eq + 1));
		}
	}
	free(copy);
}

static char *home_path(const char *env, const char *dflt)
{
	const char *v = getenv(env), *home = getenv("HOME");

	if (v && *v) {
		if (v[0] == '~' && v[1] == '/' && home)
			return xasprintf("%s%s", home, v + 1);
		return xstrdup(v);
	}
	return xasprintf("%s/%s", home ? home : "", dflt);
}

static const char *env_nonempty(const char *name)
{
	const char *v = getenv(name);

	return v && *v ? v : NULL;
}

struct shared_file {
	char *path;
	char *text;	/* NULL when missing */
	char *section;
};

static void shared_open(struct shared_file *f, const char *env, const char *dflt,
			const char *section)
{
	size_t len;

	f->path = home_path(env, dflt);
	f->text = read_file(f->path, &len);
	f->section = xstrdup(section);
}

static void shared_close(struct shared_file *f)
{
	free(f->path);
	free(f->text);
	free(f->section);
}

/* key from the profile's section, or NULL. */
static char *shared_get(struct shared_file *f, const char *key, bool *found)
{
	struct ini_hit hit = { NULL, false };

	if (f->text)
		ini_get(f->text, f->section, key, &hit);
	if (found)
		*found |= hit.section_found;
	return hit.value && *hit.value ? hit.value : (free(hit.value), NULL);
}

static char *endpoint(const char *service_var, const char *service, const char *region, bool *custom)
{
	const char *ignore = getenv("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS");
	const char *v = NULL;
	char *url;
	size_t n;

	if (!(ignore && !strcasecmp(ignore, "true"))) {
		v = env_nonempty(service_var);
		if (!v)
			v = env_nonempty("AWS_ENDPOINT_URL");
	}
	if (custom)
		*custom = v != NULL;
	url = v ? xstrdup(v) : xasprintf("https://%s.%s.amazonaws.com%s", service, region,
					     strncmp(region, "cn-", 3) ? "" : ".cn");
	n = strlen(url);
	while (n > 0 && url[n - 1] == '/')
		url[--n] = '\0';
	return url;
}

int creds_load(struct aws_config *cfg, const char *cli_region, const char *stack_region,
	       struct strbuf *err)
{
	const char *ak = env_nonempty("AWS_ACCESS_KEY_ID"), *sk = env_nonempty("AWS_SECRET_ACCESS_KEY");
	const char *prof_env = env_nonempty("AWS_PROFILE");
	struct shared_file cred_file, conf_file;
	char *conf_section;
	bool prof_found = false;
	int rc = -1;

	memset(cfg, 0, sizeof(*cfg));
	cfg->profile = xstrdup(prof_env ? prof_env : "default");
	conf_section = strcmp(cfg->profile, "default") ? xasprintf("profile %s", cfg->profile)
						       : xstrdup("default");
	shared_open(&cred_file, "AWS_SHARED_CREDENTIALS_FILE", ".aws/credentials", cfg->profile);
	shared_open(&conf_file, "AWS_CONFIG_FILE", ".aws/config", conf_section);
	free(conf_section);

	/* The default profile may be [default] or [profile default] in the
	 * config file. */
	if (!strcmp(cfg->profile, "default")) {
		bool plain = false, prefixed = false;

		free(shared_get(&conf_file, "-", &plain));
		free(conf_file.section);
		conf_file.section = xstrdup("profile default");
		free(shared_get(&conf_file, "-", &prefixed));
		if (plain || !prefixed) {
			free(conf_file.section);
			conf_file.section = xstrdup("default");
		}
	}
	/* Does the profile exist at all? (botocore: ProfileNotFound.) */
	free(shared_get(&cred_file, "-", &prof_found));
	free(shared_get(&conf_file, "-", &prof_found));
	if (prof_env && !prof_found) {
		strbuf_addf(err, "the profile '%s' (AWS_PROFILE) is in neither %s nor %s",
			    cfg->profile, cred_file.path, conf_file.path);
		goto out;
	}

	/* Credentials. */
	if (ak || sk) {
		if (!ak || !sk) {
			strbuf_addf(err, "%s is set but %s is not", ak ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY",
				    ak ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID");
			goto out;
		}
		cfg->access_key = xstrdup(ak);
		cfg->secret_key = xstrdup(sk);
		if (env_nonempty("AWS_SESSION_TOKEN"))
			cfg->session_token = xstrdup(getenv("AWS_SESSION_TOKEN"));
		cfg->creds_source = xstrdup("environment variables");
	} else {
		struct shared_file *files[] = { &cred_file, &conf_file };

		for (size_t i = 0; i < PHX_ARRAY_SIZE(files) && !cfg->access_key; i++) {
			char *a = shared_get(files[i], "aws_access_key_id", NULL);
			char *s = shared_get(files[i], "aws_secret_access_key", NULL);

			if (a && s) {
				cfg->access_key = a;
				cfg->secret_key = s;
				cfg->session_token = shared_get(files[i], "aws_session_token", NULL);
				cfg->creds_source = xasprintf("%s [%s]", files[i]->path, files[i]->section);
			} else if (a || s) {
				strbuf_addf(err, "%s [%s] has %s but no %s", files[i]->path,
					    files[i]->section, a ? "aws_access_key_id" : "aws_secret_access_key",
					    a ? "aws_secret_access_key" : "aws_access_key_id");
				free(a);
				free(s);
				goto out;
			}
		}
		if (!cfg->access_key) {
			strbuf_addf(err, "no AWS credentials found; searched AWS_ACCESS_KEY_ID and "
				    "AWS_SECRET_ACCESS_KEY, %s [%s], %s [%s]", cred_file.path,
				    cred_file.section, conf_file.path, conf_file.section);
			goto out;
		}
	}

	/* Region. */
	{
		const char *r = NULL;
		char *from_profile = shared_get(&conf_file, "region", NULL);

		if (cli_region && *cli_region)
			r = cli_region, cfg->region_source = "--region";
		else if (env_nonempty("AWS_REGION"))
			r = getenv("AWS_REGION"), cfg->region_source = "AWS_REGION";
		else if (env_nonempty("AWS_DEFAULT_REGION"))
			r = getenv("AWS_DEFAULT_REGION"), cfg->region_source = "AWS_DEFAULT_REGION";
		else if (from_profile)
			r = from_profile, cfg->region_source = "the profile in the config file";
		else if (stack_region && *stack_region)
			r = stack_region, cfg->region_source = "the stack block";
		if (r)
			cfg->region = xstrdup(r);
		free(from_profile);
		if (!cfg->region) {
			strbuf_addf(err, "no region; searched --region, AWS_REGION, AWS_DEFAULT_REGION, "
				    "%s [%s], and the stack block's region", conf_file.path,
				    conf_file.section);
			goto out;
		}
		for (const char *s = cfg->region; *s; s++) {
			if (!isalnum((unsigned char)*s) && *s != '-') {
				strbuf_addf(err, "'%s' (from %s) is not a region name", cfg->region,
					    cfg->region_source);
				goto out;
			}
		}
	}

	cfg->cfn_endpoint = endpoint("AWS_ENDPOINT_URL_CLOUDFORMATION", "cloudformation", cfg->region,
				     NULL);
	cfg->s3_endpoint = endpoint("AWS_ENDPOINT_URL_S3", "s3", cfg->region, &cfg->s3_custom);
	if (env_nonempty("AWS_CA_BUNDLE"))
		cfg->ca_bundle = xstrdup(getenv("AWS_CA_BUNDLE"));
	rc = 0;
out:
	shared_close(&cred_file);
	shared_close(&conf_file);
	if (rc)
		creds_fini(cfg);
	return rc;
}

static void wipe_free(char *s)
{
	if (s) {
		memset(s, 0, strlen(s));
		free(s);
	}
}

void creds_fini(struct aws_config *cfg)
{
	free(cfg->access_key);
	wipe_free(cfg->secret_key);
	wipe_free(cfg->session_token);
	free(cfg->creds_source);
	free(cfg->profile);
	free(cfg->region);
	free(cfg->cfn_endpoint);
	free(cfg->s3_endpoint);
	free(cfg->ca_bundle);
	memset(cfg, 0, sizeof(*cfg));
}
