/* deploy_recover.c - phxc recover: ContinueUpdateRollback of a stack in
 * UPDATE_ROLLBACK_FAILED, skipping the resources --skip names (by logical
 * ID, by the name written in the .phx source, or NestedStack.LogicalId),
 * then the watcher until the rollback settles. */
#include "phx.h"
#include "cfn.h"
#include "deploy.h"
#include "deploy_int.h"
#include "driver.h"
#include "ir.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The source text a logical ID was written as (its origin's span), or NULL. */
static char *origin_name(struct rt *r, const struct ir_origin *o)
{
	struct srcfile *f;

	if (!o->loc.file)
		return NULL;
	f = src_get(&r->comp.srcs, o->loc.file);
	if (!f || o->loc.end > f->len || o->loc.start >= o->loc.end)
		return NULL;
	return xstrndup(f->text + o->loc.start, o->loc.end - o->loc.start);
}

/* recover --skip NAME: a logical ID of the stack or of the template, the
 * name written in the .phx source, or a nested stack's Stack.Resource, as
 * given. NULL (reported) when NAME names nothing or several things. */
static char *skip_target(struct rt *r, const char *name, const struct cfn_resource *res,
			 size_t nres)
{
	char *found = NULL;
	size_t nfound = 0;

	if (strchr(name, '.'))
		return xstrdup(name);	/* NestedStack.LogicalId: CloudFormation checks it */
	for (size_t i = 0; i < nres; i++)
		if (!strcmp(res[i].logical_id, name))
			return xstrdup(name);
	for (size_t k = 0; k < r->tmpl->norigins; k++)
		if (!strcmp(r->tmpl->origins[k].logical_id, name))
			return xstrdup(name);
	for (size_t k = 0; k < r->tmpl->norigins; k++) {
		const struct ir_origin *o = &r->tmpl->origins[k];
		char *src = origin_name(r, o);

		if (src && !strcmp(src, name) && (!found || strcmp(found, o->logical_id))) {
			nfound++;
			free(found);
			found = xstrdup(o->logical_id);
		}
		free(src);
	}
	if (nfound == 1)
		return found;
	free(found);
	if (nfound > 1) {
		rt_err("--skip %s: the source name is written for several resources; give the "
		       "logical ID ('phxc status --resources' lists them)", name);
		return NULL;
	}
	{
		struct strbuf failed;
		size_t nf = 0;

		strbuf_init(&failed);
		strbuf_addn(&failed, "", 0);
		for (size_t i = 0; i < nres; i++)
			if (!strcmp(res[i].status, "UPDATE_FAILED"))
				strbuf_addf(&failed, "%s%s", nf++ ? ", " : "", res[i].logical_id);
		rt_err("--skip %s: the stack has no such resource%s%s%s", name,
		       nf ? " (resources in UPDATE_FAILED: " : "", failed.s, nf ? ")" : "");
		strbuf_fini(&failed);
	}
	return NULL;
}

int deploy_cmd_recover(const struct deploy_opts *o)
{
	struct rt r;
	struct cfn_stack st;
	struct cfn_resource *res = NULL;
	struct cfn_error err;
	char **skip = NULL;
	size_t nres = 0, nskip = 0;
	bool found;
	int rc;

	memset(&st, 0, sizeof(st));
	rc = rt_open_stack(&r, o, &st, &found);
	if (rc >= 0)
		goto out;
	if (!found) {
		rt_err("stack %s does not exist in %s: there is nothing to recover", r.tmpl->stack_name,
		       r.cfg.region);
		rc = PHX_EXIT_USAGE;
		goto out;
	}
	if (strcmp(st.status, "UPDATE_ROLLBACK_FAILED")) {
		const char *what =
			!strcmp(st.status, "ROLLBACK_COMPLETE")
				? "its first create failed: 'phxc deploy --yes' deletes and recreates it"
			: !strcmp(st.status, "ROLLBACK_FAILED") || !strcmp(st.status, "DELETE_FAILED")
				? "delete it with 'phxc destroy', then deploy again"
			: in_progress(st.status)
				? "an operation is running on it; wait for it ('phxc status') or "
				  "follow it with 'phxc deploy --attach'"
				: "it needs no recovery; recover only continues an update rollback that "
				  "failed (UPDATE_ROLLBACK_FAILED)";

		rt_err("stack %s is %s: %s", st.name, st.status, what);
		rc = PHX_EXIT_USAGE;
		goto out;
	}
	if (o->nskip) {
		if (cfn_describe_stack_resources(&r.cfn, st.id, &res, &nres, &err)) {
			rt_cfn_err("DescribeStackResources", &err);
			cfn_error_fini(&err);
			rc = PHX_EXIT_DEPLOY;
			goto out;
		}
		skip = xcalloc(o->nskip, sizeof(*skip));
		for (size_t i = 0; i < o->nskip; i++) {
			char *id = skip_target(&r, o->skip[i], res, nres);

			if (!id) {
				rc = PHX_EXIT_USAGE;
				goto out;
			}
			skip[nskip++] = id;
		}
	}
	printf("%s: UPDATE_ROLLBACK_FAILED: continuing the rollback", st.name);
	for (size_t i = 0; i < nskip; i++)
		printf("%s%s", i ? ", " : ", skipping ", skip[i]);
	printf("\n");
	fflush(stdout);
	if (!o->yes && interactive() && !confirm("Continue the rollback?")) {
		fprintf(stderr, "phxc: stack %s left as it is\n", st.name);
		rc = PHX_EXIT_OK;
		goto out;
	}
	{
		struct deploy_watch w = { .cfn = &r.cfn, .stack = st.id, .comp = &r.comp,
					  .tmpl = r.tmpl, .color = diag_use_color(o->color, stdout),
					  .diag_color = r.color, .progress = isatty(STDOUT_FILENO),
					  .verbose = o->verbose };

		deploy_watch_mark(&w);
		if (cfn_continue_update_rollback(&r.cfn, st.id, (const char *const *)skip, nskip,
						 &err)) {
			rt_cfn_err("ContinueUpdateRollback", &err);
			cfn_error_fini(&err);
			deploy_watch_fini(&w);
			rc = PHX_EXIT_DEPLOY;
			goto out;
		}
		rc = deploy_watch_run(&w);
		if (rc != 130 && !w.gave_up) {
			printf("%s: %s\n", st.name, w.final_status);
			if (!strcmp(w.final_status, "UPDATE_ROLLBACK_COMPLETE")) {
				printf("%s: rolled back to its previous template; deploy again when ready\n",
				       st.name);
				rc = PHX_EXIT_OK;
			} else if (!strcmp(w.final_status, "UPDATE_ROLLBACK_FAILED")) {
				rt_err("the rollback of %s failed again: skip the resources that cannot "
				       "roll back with --skip RESOURCE (see the failures above)", st.name);
				rc = PHX_EXIT_DEPLOY;
			} else {
				rc = PHX_EXIT_DEPLOY;
			}
		}
		deploy_watch_fini(&w);
	}
out:
	for (size_t i = 0; i < nskip; i++)
		free(skip[i]);
	free(skip);
	cfn_resources_free(res, nres);
	cfn_stack_fini(&st);
	rt_fini(&r);
	return rc;
}
