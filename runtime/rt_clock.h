/* rt_clock.h - time, sleeps, Ctrl-C and the deadline of a runtime command.
 *
 * One clock for the deploy client: rt_clock_now() is monotonic seconds.
 * Every wait goes through rt_sleep_ms(), which wakes at least every 100 ms
 * to look at the Ctrl-C flag, so SIGINT ends a wait within a second; libcurl
 * looks at the same flag through its progress callback (http.c).
 *
 * The deadline bounds a whole command (every call, retry and poll): it is
 * --timeout, else PHXC_TIMEOUT, else RT_DEFAULT_TIMEOUT_S; rt_deadline_left()
 * is what remains, and no wait or request is allowed to run past it.
 *
 * For tests only: PHX_TEST_CLOCK=1 makes rt_sleep_ms() return at once and
 * move the clock forward instead, so that tests measure minutes of polling
 * without waiting for them (rt_clock_slept() counts the sleeps). */
#ifndef PHX_RUNTIME_RT_CLOCK_H
#define PHX_RUNTIME_RT_CLOCK_H

#include <signal.h>
#include <stdbool.h>

#define RT_DEFAULT_TIMEOUT_S (120 * 60)

extern volatile sig_atomic_t rt_interrupted;

double rt_clock_now(void);
/* Sleeps up to ms (never past the deadline); false when Ctrl-C cut it short. */
bool rt_sleep_ms(unsigned ms);
unsigned long rt_clock_slept(void);

/* Catches SIGINT (sets rt_interrupted) until rt_sigint_restore(). */
void rt_sigint_catch(void);
void rt_sigint_restore(void);

/* Starts the deadline: seconds from now (0 or less: the default). */
void rt_deadline_start(double seconds);
double rt_deadline_total(void);
/* Seconds left, never below 0. */
double rt_deadline_left(void);
bool rt_deadline_passed(void);

/* Reads "90", "90s", "15m", "2h" into seconds; false when it is not one. */
bool rt_duration_parse(const char *text, double *seconds);

#endif
