/*
 * The one check macro of the board's C tests: TAP-style "ok -"/"not ok -" lines that the
 * Node test (test/esp32s3/native-c.test.ts) reads, and a failure count the program exits on.
 */
#ifndef CHECK_H
#define CHECK_H

#include <stdio.h>

static int failures;

#define CHECK(condition, name) \
	do { \
		if (condition) \
			printf("ok - %s\n", name); \
		else { \
			printf("not ok - %s (%s:%d)\n", name, __FILE__, __LINE__); \
			failures++; \
		} \
	} while (0)

#endif
