/* fuzz_config: libFuzzer target for the config loader (config_load in
 * src/core/config.c, and through it ini_file.c and the system inih).  The
 * input is the whole config.ini, written to this process's scratch
 * directory.  Besides not crashing or leaking, a load that succeeds must
 * leave settings the rest of the program may use without checking again. */
#include "fuzz_common.h"
#include "../src/core/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *config_path;

static void check_loaded(const struct dbp_config *c)
{
	struct dbp_error e;

	if (!c->workdir || !c->prefix || config_check_prefix(c->prefix, &e) != 0)
		fuzz_fail("config_load accepted a file but left an unusable prefix or workdir");
	if (c->reps < 1 || c->reps > 100000)
		fuzz_fail("config_load accepted reps out of range");
	if (c->engine != DBP_SQLITE && c->engine != DBP_POSTGRES)
		fuzz_fail("config_load accepted an unknown backend");
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	config_path = fuzz_scratch_path("config.ini");
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dbp_config c;
	struct dbp_error e;

	fuzz_scratch_write("config.ini", data, size);
	config_defaults(&c);
	err_clear(&e);
	if (config_load(&c, config_path, &e) == 0)
		check_loaded(&c);
	else if (!e.msg[0])
		fuzz_fail("config_load failed without a message");
	config_free(&c);
	return 0;
}
