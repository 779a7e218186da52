/* rt_clock.c - see rt_clock.h. */
#include "phx.h"
#include "rt_clock.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RT_SLICE_MS 100u

volatile sig_atomic_t rt_interrupted;

static double rt_skipped;		/* seconds the test clock jumped */
static unsigned long rt_sleeps;
static double rt_deadline_at, rt_deadline_len;
static struct sigaction rt_old_sigint;
static int rt_sigint_depth;

static bool rt_test_clock(void)
{
	const char *v = getenv("PHX_TEST_CLOCK");

	return v && !strcmp(v, "1");
}

double rt_clock_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9 + rt_skipped;
}

unsigned long rt_clock_slept(void)
{
	return rt_sleeps;
}

bool rt_sleep_ms(unsigned ms)
{
	double left = rt_deadline_left();

	/* a sleep cut at the deadline ends at it, not a fraction of a ms before */
	if (rt_deadline_at > 0 && ms / 1000.0 > left)
		ms = (unsigned)(left * 1000.0) + 1;
	rt_sleeps++;
	if (rt_test_clock()) {
		rt_skipped += ms / 1000.0;
		return !rt_interrupted;
	}
	while (ms && !rt_interrupted) {
		unsigned slice = ms < RT_SLICE_MS ? ms : RT_SLICE_MS;
		struct timespec ts = { 0, (long)slice * 1000000L };

		while (!rt_interrupted && nanosleep(&ts, &ts) && errno == EINTR)
			;
		ms -= slice;
	}
	return !rt_interrupted;
}

static void rt_on_sigint(int sig)
{
	(void)sig;
	rt_interrupted = 1;
}

void rt_sigint_catch(void)
{
	struct sigaction sa;

	if (rt_sigint_depth++)
		return;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = rt_on_sigint;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &rt_old_sigint);
	rt_interrupted = 0;
}

void rt_sigint_restore(void)
{
	if (rt_sigint_depth && !--rt_sigint_depth)
		sigaction(SIGINT, &rt_old_sigint, NULL);
}

void rt_deadline_start(double seconds)
{
	rt_deadline_len = seconds > 0 ? seconds : RT_DEFAULT_TIMEOUT_S;
	rt_deadline_at = rt_clock_now() + rt_deadline_len;
}

double rt_deadline_total(void)
{
	return rt_deadline_len;
}

double rt_deadline_left(void)
{
	double left;

	if (rt_deadline_at <= 0)
		return 1e9;
	left = rt_deadline_at - rt_clock_now();
	return left > 0 ? left : 0;
}

bool rt_deadline_passed(void)
{
	return rt_deadline_at > 0 && rt_deadline_left() <= 0;
}

bool rt_duration_parse(const char *text, double *seconds)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(text, &end);
	if (errno || end == text || v <= 0 || v > 7 * 24 * 3600.0)
		return false;
	if (!strcmp(end, "h"))
		v *= 3600;
	else if (!strcmp(end, "m"))
		v *= 60;
	else if (*end && strcmp(end, "s"))
		return false;
	if (v > 7 * 24 * 3600.0)
		return false;
	*seconds = v;
	return true;
}
