/* test_filestamp.c -- did a file change while it was read
 * (filestamp.c): what is compared, and what its source's error says. */
#include "config.h"

#include <string.h>

#include "test.h"
#include "../../src/ingest/filestamp.h"

static struct filestamp
stamp(int64_t size, long mtime_ns, long ctime_ns)
{
	struct filestamp fs;

	fs.size = size;
	fs.mtime = (struct timespec){1759950000, mtime_ns};
	fs.ctime = (struct timespec){1759950000, ctime_ns};
	return fs;
}

DEFINE_TEST(test_filestamp_diff)
{
	struct filestamp then = stamp(1234, 100, 100), now;
	char why[300] = "";

	/* unchanged, read whole */
	now = then;
	assert_int(filestamp_diff(&then, &now, 1234, why, sizeof(why)), ==, 0);
	assert_str(why, "");

	/* appended to: the size says it first */
	now = stamp(2345, 200, 200);
	assert_int(filestamp_diff(&then, &now, 1234, why, sizeof(why)), ==, 1);
	assert_str(why, "changed while being read (size 1234 -> 2345 bytes): "
	                "SHA-256 and size are of the 1234 bytes read");

	/* cut short while read, then grown back to its size */
	now = stamp(1234, 200, 200);
	assert_int(filestamp_diff(&then, &now, 1000, why, sizeof(why)), ==, 1);
	assert_str(why, "changed while being read (1234 bytes when opened, "
	                "1000 read): SHA-256 and size are of the 1000 bytes "
	                "read");

	/* rewritten in place: a nanosecond is enough */
	now = stamp(1234, 101, 101);
	assert_int(filestamp_diff(&then, &now, 1234, why, sizeof(why)), ==, 1);
	assert_str(why, "changed while being read (same size, mtime changed): "
	                "SHA-256 and size are of the 1234 bytes read");

	/* ... with its mtime set back: only the ctime tells */
	now = stamp(1234, 100, 300);
	assert_int(filestamp_diff(&then, &now, 1234, why, sizeof(why)), ==, 1);
	assert_str(why, "changed while being read (same size and mtime, ctime "
	                "changed): SHA-256 and size are of the 1234 bytes "
	                "read");
	assert_int(strncmp(why, FILESTAMP_CHANGED, strlen(FILESTAMP_CHANGED)),
	           ==, 0);
}
