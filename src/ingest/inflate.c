/* inflate.c -- gzip decompression (see inflate.h). */
#include "config.h"

#include "inflate.h"

const char *
inflate_backend(void)
{
#if defined(HAVE_ISAL)
	return "isa-l";
#elif defined(HAVE_LIBDEFLATE)
	return "libdeflate";
#else
	return "zlib";
#endif
}
