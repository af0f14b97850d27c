/* Unit tests for bench statistics: nearest-rank p95, medians. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "../../src/core/bench.h"

static void stats_of_twenty(void **state)
{
	double s[20];
	struct bench_stats st;

	(void)state;
	for (int i = 0; i < 20; i++)
		s[i] = 20 - i; /* unsorted on purpose: 20..1 */
	bench_stats_compute(s, 20, &st);
	assert_int_equal(st.n, 20);
	assert_true(st.min == 1 && st.max == 20);
	assert_true(st.median == 10.5);
	assert_true(st.p95 == 19); /* ceil(0.95 * 20) = 19th value */
	assert_true(st.mean == 10.5);
}

static void stats_of_odd_and_one(void **state)
{
	double odd[] = { 5, 1, 3 }, one[] = { 7 };
	struct bench_stats st;

	(void)state;
	bench_stats_compute(odd, 3, &st);
	assert_true(st.median == 3 && st.p95 == 5);
	bench_stats_compute(one, 1, &st);
	assert_true(st.median == 7 && st.p95 == 7 && st.min == 7);
	bench_stats_compute(one, 0, &st);
	assert_int_equal(st.n, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stats_of_twenty),
		cmocka_unit_test(stats_of_odd_and_one),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
