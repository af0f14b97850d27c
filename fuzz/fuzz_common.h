/* fuzz_common: the scratch directory the file-based fuzz targets (lesson,
 * config) write their inputs into.  The loaders under test read files by
 * path, so each input has to land on disk; one directory per process,
 * made once and removed at exit, keeps runs fast and leaves nothing behind
 * (several fuzzers may run side by side, each with its own). */
#ifndef DBP_FUZZ_COMMON_H
#define DBP_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* libFuzzer's entry points (Initialize is optional); declared here for
 * -Wmissing-prototypes. */
int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The process's scratch directory (made on first use, removed at exit). */
const char *fuzz_scratch_dir(void);
/* PATH under the scratch directory (caller frees). */
char *fuzz_scratch_path(const char *name);
/* mkdir under the scratch directory; an existing one is fine. */
void fuzz_scratch_mkdir(const char *name);
/* Replace a file under the scratch directory with exactly these bytes. */
void fuzz_scratch_write(const char *name, const void *data, size_t size);

/* Give up loudly: a broken harness must not look like a clean run. */
void fuzz_die(const char *what) __attribute__((noreturn));
/* An invariant of the code under test does not hold: report and abort, so
 * libFuzzer keeps the input as a crash. */
void fuzz_fail(const char *why) __attribute__((noreturn));

#endif
