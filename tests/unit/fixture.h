/* fixture: a real SQLite workspace in a fresh temporary directory, with the
 * bundled lessons loaded, for the unit tests of the core modules. */
#ifndef DBP_TEST_FIXTURE_H
#define DBP_TEST_FIXTURE_H

#include "../../src/core/workspace.h"

struct fixture {
	char dir[64];
	struct dbp_config cfg;
	struct workspace ws;
	struct lesson_set lessons;
};

/* cmocka setup and teardown: *state is the struct fixture. */
int fixture_setup(void **state);
int fixture_teardown(void **state);

#endif
