/* exact_options: long options by their whole name only.  getopt_long takes
 * any unambiguous start of a name as the option ("--less" for --lessons),
 * so a new option silently changes what an old typo meant: `--lesson 3`
 * once read lessons from a directory called 3.  This walks argv as
 * getopt_long will (values of options that take one skipped, "--" ends
 * the options) and refuses a name that is not whole, saying which
 * options it may have meant. */
#ifndef DBP_EXACT_OPTIONS_H
#define DBP_EXACT_OPTIONS_H

#include <getopt.h>

/* 0, or -1 after telling stderr what was wrong and where to look. */
int options_check_exact(int argc, char *const argv[], const char *shortopts, const struct option *longopts);

#endif
