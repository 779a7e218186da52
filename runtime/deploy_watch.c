/* deploy_watch.c - follows a stack operation through DescribeStackEvents.
 *
 * Looks at once, then polls fast (0.5 s) and backs off by half each quiet round up to
 * 5 s; new events bring it back to 1 s; throttling doubles it up to 30 s.
 * Only events newer than the mark taken before the operation are shown,
 * oldest first, one line each. A *_FAILED event whose logical ID came from
 * the .phx source is also printed as a located diagnostic. The stack status
 * (DescribeStacks by ID) decides when the operation is over.
 *
 * The watch gives up (exit 3, the reason printed, the operation left to
 * CloudFormation) when: a call fails with an error no retry can fix
 * (expired or invalid credentials, access denied: http_is_fatal), or a
 * malformed answer; WATCH_MAX_FAILURES rounds in a row fail (each round's
 * calls are already retried by http.c); the command's deadline passes
 * (--timeout, rt_clock.h); or the stack disappears while it is not being
 * deleted. Every failed round is shown. Ctrl-C ends the watch within a
 * second, mid-request too: exit 130. */
#include "phx.h"
#include "cfn.h"
#include "deploy.h"
#include "driver.h"
#include "ir.h"
#include "rt_clock.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WATCH_FIRST_MS 500u
#define WATCH_ACTIVE_MS 1000u
#define WATCH_QUIET_MAX_MS 5000u
#define WATCH_THROTTLED_MAX_MS 30000u
#define WATCH_MAX_PAGES 50
#define WATCH_SUMMARY_MAX 5
#define WATCH_MAX_FAILURES 10

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

static bool is_failure_status(const char *st)
{
	return ends_with(st, "_FAILED");
}

static bool is_in_progress(const char *st)
{
	return ends_with(st, "_IN_PROGRESS");
}

static const char *status_color(const char *st)
{
	if (is_failure_status(st))
		return "\033[1;31m";
	if (strstr(st, "ROLLBACK") || strstr(st, "DELETE"))
		return "\033[33m";
	if (ends_with(st, "_COMPLETE"))
		return "\033[32m";
	return "\033[36m";
}

static double now_s(void)
{
	return rt_clock_now();
}

/* The watch cannot go on: the reason, once. */
static void watch_give_up(struct deploy_watch *w, const char *fmt, ...) PHX_PRINTF(2, 3);
static void watch_give_up(struct deploy_watch *w, const char *fmt, ...)
{
	va_list ap;

	if (w->gave_up)
		return;
	w->gave_up = true;
	if (w->progress) {
		fputs("\r\033[K", stdout);
		fflush(stdout);
	}
	fputs("phxc: error: stopped watching: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A failed call of a round: fatal ones end the watch, others count. */
static void watch_failed_call(struct deploy_watch *w, const char *action, struct cfn_error *err,
			      unsigned *failures, unsigned next_ms)
{
	char *t = cfn_error_text(err);

	if (err->code && !strcmp(err->code, "DeadlineExceeded")) {
		watch_give_up(w, "the deadline of %.0f s (--timeout, PHXC_TIMEOUT) passed and "
			      "stack is still %s; the operation goes on in CloudFormation: "
			      "follow it with 'phxc status'", rt_deadline_total(),
			      w->last_status ? w->last_status : "in progress");
	} else if (http_is_fatal(err->code) || (err->code && (!strcmp(err->code, "BadResponse") ||
						       !strcmp(err->code, "ResponseTooLarge") ||
						       !strcmp(err->code, "DeadlineExceeded")))) {
		watch_give_up(w, "%s failed: %s; the operation goes on in CloudFormation: follow "
			      "it with 'phxc status'", action, t);
	} else if (!(err->code && !strcmp(err->code, "Interrupted"))) {
		++*failures;
		if (*failures >= WATCH_MAX_FAILURES)
			watch_give_up(w, "%u calls in a row failed, the last one %s: %s; the operation "
				      "goes on in CloudFormation: follow it with 'phxc status'",
				      *failures, action, t);
		else
			fprintf(stderr, "phxc: watching: %s failed (%s); polling again in %.1f s "
				"(failure %u of %u in a row)\n", action, t, next_ms / 1000.0, *failures,
				WATCH_MAX_FAILURES);
	}
	free(t);
}

void deploy_watch_mark(struct deploy_watch *w)
{
	struct cfn_events ev = { 0 };
	struct cfn_error err;

	free(w->mark);
	w->mark = NULL;
	if (!cfn_describe_stack_events(w->cfn, w->stack, NULL, &ev, &err)) {
		if (ev.n)
			w->mark = xstrdup(ev.v[0].id);
	} else {
		cfn_error_fini(&err);
	}
	cfn_events_fini(&ev);
}

/* Events newer than the mark, newest first; -1 when a call failed (err
 * filled), with *throttled set for throttling. A stack that no longer
 * exists has no new events: DescribeStacks tells what happened. */
static int fetch_new(struct deploy_watch *w, struct cfn_events *ev, bool *throttled,
		     struct cfn_error *err)
{
	char *token = NULL;

	*throttled = false;
	for (int page = 0; page < WATCH_MAX_PAGES; page++) {
		size_t before = ev->n;

		if (cfn_describe_stack_events(w->cfn, w->stack, token, ev, err)) {
			free(token);
			if (cfn_error_no_stack(err)) {
				cfn_error_fini(err);
				return 0;
			}
			*throttled = http_is_throttling(err->code);
			return -1;
		}
		free(token);
		token = NULL;
		for (size_t i = before; i < ev->n; i++) {
			if (w->mark && !strcmp(ev->v[i].id, w->mark)) {
				/* Drop the mark and everything older. */
				for (size_t j = i; j < ev->n; j++)
					cfn_event_fini(&ev->v[j]);
				ev->n = i;
				return 0;
			}
		}
		if (!ev->next_token)
			return 0;
		token = xstrdup(ev->next_token);
	}
	free(token);
	return 0;
}

static const struct ir_origin *find_origin(const struct deploy_watch *w, const char *id)
{
	if (!w->tmpl)
		return NULL;
	for (size_t i = 0; i < w->tmpl->norigins; i++)
		if (!strcmp(w->tmpl->origins[i].logical_id, id))
			return &w->tmpl->origins[i];
	return NULL;
}

static void clear_progress(struct deploy_watch *w)
{
	if (w->progress) {
		fputs("\r\033[K", stdout);
		fflush(stdout);
	}
}

static void print_event(struct deploy_watch *w, const struct cfn_event *e)
{
	const char *ts = strlen(e->timestamp) >= 19 ? e->timestamp + 11 : e->timestamp;
	int tslen = strlen(e->timestamp) >= 19 ? 8 : (int)strlen(e->timestamp);

	printf("%.*s  %-28s %-36s %s%s%s", tslen, ts, e->logical_id, e->type,
	       w->color ? status_color(e->status) : "", e->status, w->color ? "\033[0m" : "");
	if (*e->reason && (is_failure_status(e->status) || strstr(e->status, "ROLLBACK")))
		printf("  %s", e->reason);
	putchar('\n');
	fflush(stdout);
	if (is_failure_status(e->status) && w->comp) {
		const struct ir_origin *o = find_origin(w, e->logical_id);

		if (o) {
			diag_error(&w->comp->diag, o->loc, "%s: %s: %s", e->logical_id, e->status,
				   *e->reason ? e->reason : "no reason given");
			diag_render(&w->comp->diag, stderr, w->diag_color);
		}
	}
}

struct failure {
	char *id, *status, *reason;
};

int deploy_watch_run(struct deploy_watch *w)
{
	unsigned interval = WATCH_FIRST_MS, failures = 0;
	double start = now_s();
	struct failure fails[WATCH_SUMMARY_MAX];
	size_t nfails = 0, done = 0, cap_done = 0;
	char **done_ids = NULL;
	int rc = PHX_EXIT_DEPLOY;
	bool settled = false;

	rt_sigint_catch();
	free(w->final_status);
	w->final_status = NULL;
	w->gave_up = false;

	for (bool first = true; ; first = false) {
		struct cfn_events ev = { 0 };
		struct cfn_error ferr;
		bool throttled = false, last_round = settled;
		int got;

		/* The first look is immediate: a fast operation ends at once. */
		if (!first)
			rt_sleep_ms(interval);
		if (rt_interrupted)
			break;
		if (rt_deadline_passed() && !last_round) {
			watch_give_up(w, "the deadline of %.0f s (--timeout, PHXC_TIMEOUT) passed and "
				      "stack is still %s; the operation goes on in CloudFormation: "
				      "follow it with 'phxc status'", rt_deadline_total(),
				      w->last_status ? w->last_status : "in progress");
			break;
		}
		got = fetch_new(w, &ev, &throttled, &ferr);
		if (got < 0) {
			watch_failed_call(w, "DescribeStackEvents", &ferr, &failures, interval);
			cfn_error_fini(&ferr);
			if (w->gave_up || rt_interrupted) {
				cfn_events_fini(&ev);
				break;
			}
		}
		if (got == 0 && ev.n) {
			clear_progress(w);
			for (size_t i = ev.n; i-- > 0; ) {
				struct cfn_event *e = &ev.v[i];

				print_event(w, e);
				if (is_failure_status(e->status) && nfails < WATCH_SUMMARY_MAX) {
					fails[nfails].id = xstrdup(e->logical_id);
					fails[nfails].status = xstrdup(e->status);
					fails[nfails].reason = xstrdup(e->reason);
					nfails++;
				}
				if (strcmp(e->type, "AWS::CloudFormation::Stack") &&
				    ends_with(e->status, "_COMPLETE")) {
					bool seen = false;

					for (size_t k = 0; k < done; k++)
						seen |= !strcmp(done_ids[k], e->logical_id);
					if (!seen) {
						if (done == cap_done) {
							cap_done = cap_done ? 2 * cap_done : 16;
							done_ids = xrealloc(done_ids, cap_done * sizeof(*done_ids));
						}
						done_ids[done++] = xstrdup(e->logical_id);
					}
				}
			}
			free(w->mark);
			w->mark = xstrdup(ev.v[0].id);
			interval = WATCH_ACTIVE_MS;
		} else if (throttled) {
			interval = interval * 2 > WATCH_THROTTLED_MAX_MS ? WATCH_THROTTLED_MAX_MS : interval * 2;
		} else {
			interval += interval / 2;
			if (interval > WATCH_QUIET_MAX_MS)
				interval = WATCH_QUIET_MAX_MS;
		}
		cfn_events_fini(&ev);
		if (last_round)
			break;	/* the events that arrived with the final status are shown */

		/* Is the operation over? */
		{
			struct cfn_stack st;
			struct cfn_error err;
			bool found;

			if (cfn_describe_stack(w->cfn, w->stack, &st, &found, &err)) {
				if (http_is_throttling(err.code))
					interval = interval * 2 > WATCH_THROTTLED_MAX_MS
							   ? WATCH_THROTTLED_MAX_MS : interval * 2;
				watch_failed_call(w, "DescribeStacks", &err, &failures, interval);
				cfn_error_fini(&err);
				if (w->gave_up || rt_interrupted)
					break;
			} else if (!found && !w->expect_delete) {
				watch_give_up(w, "stack %s disappeared during the watch (deleted by "
					      "another operation?)", w->stack);
				break;
			} else if (!found) {
				w->final_status = xstrdup("DELETE_COMPLETE");
				settled = true;
			} else {
				if (got == 0)
					failures = 0;
				free(w->last_status);
				w->last_status = xstrdup(st.status);
				if (!is_in_progress(st.status)) {
					w->final_status = xstrdup(st.status);
					settled = true;
				}
				cfn_stack_fini(&st);
			}
		}
		if (settled) {
			interval = 0;	/* one more round for the last events */
			continue;
		}
		if (w->progress) {
			clear_progress(w);
			if (w->tmpl)
				printf("  %zu/%zu resources done, %.0f s", done, w->tmpl->nresources,
				       now_s() - start);
			else
				printf("  %zu resources done, %.0f s", done, now_s() - start);
			fflush(stdout);
		}
	}
	clear_progress(w);
	rt_sigint_restore();

	if (w->gave_up && !rt_interrupted) {
		free(w->final_status);
		w->final_status = xstrdup(w->last_status ? w->last_status : "UNKNOWN");
		rc = PHX_EXIT_DEPLOY;
	} else if (rt_interrupted) {
		fprintf(stderr, "phxc: stopped watching; the operation goes on in CloudFormation and "
			"the stack is untouched: follow it with 'phxc status'\n");
		rc = 130;
	} else {
		const char *st = w->final_status;

		if (!strcmp(st, "CREATE_COMPLETE") || !strcmp(st, "UPDATE_COMPLETE") ||
		    !strcmp(st, "DELETE_COMPLETE") || !strcmp(st, "IMPORT_COMPLETE"))
			rc = PHX_EXIT_OK;
		if (rc != PHX_EXIT_OK && nfails) {
			fprintf(stderr, "phxc: first failures:\n");
			for (size_t i = 0; i < nfails; i++)
				fprintf(stderr, "  %s %s: %s\n", fails[i].id, fails[i].status,
					*fails[i].reason ? fails[i].reason : "no reason given");
		}
	}
	for (size_t i = 0; i < nfails; i++) {
		free(fails[i].id);
		free(fails[i].status);
		free(fails[i].reason);
	}
	for (size_t i = 0; i < done; i++)
		free(done_ids[i]);
	free(done_ids);
	return rc;
}

void deploy_watch_fini(struct deploy_watch *w)
{
	free(w->mark);
	free(w->final_status);
	free(w->last_status);
	w->mark = w->final_status = w->last_status = NULL;
}
