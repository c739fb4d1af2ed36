/* inflate.h -- gzip decompression for ingest (zlib, ISA-L or libdeflate).
 *
 * (Being built: for now only the backend name is here.) */
#ifndef TS_INFLATE_H
#define TS_INFLATE_H

/* Name of the inflater compiled in: "isa-l", "libdeflate" or "zlib". */
const char *inflate_backend(void);

#endif
