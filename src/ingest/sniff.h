/* sniff.h -- what kind of source is this?  Decided by bidding, as
 * libarchive picks formats: each bidder looks at the S3 path and the
 * first decompressed bytes and returns a confidence (or -1), and the
 * highest bid wins.  Adding a kind is one function and one table line in
 * sniff.c.  The answer is a first guess that lets ingest stop early on
 * files that are not JSON at all (or fail one named as a CloudTrail
 * file, whose bytes then are damaged); record-by-record classification (see
 * record.h) settles the final kind of JSON sources. */
#ifndef TS_SNIFF_H
#define TS_SNIFF_H

#include <stddef.h>

#include "s3key.h"

struct sniff {
	const char *kind;   /* events | digest | insight | snapshot |
	                     * not-cloudtrail */
	const char *bidder; /* name of the winning bidder */
	int not_json;       /* not-cloudtrail: bytes that are not JSON (not
	                     * an empty or blank file) */
	int damaged;        /* not-cloudtrail (not JSON, empty or blank),
	                     * and the file name is a CloudTrail log's,
	                     * digest's or Insights file's: the file is
	                     * damaged, a failed input */
	char why[128];      /* not-cloudtrail: reason */
};

/* ": damaged, a CloudTrail ... by its name" when the file name is one
 * CloudTrail gives its files (key->named), else "". */
const char *sniff_named(const struct s3key *key);

/* head[0..len) are the first bytes after decompression (the whole
 * content when shorter than what the caller reads ahead); gz: they were
 * decompressed from gzip (an empty head is then no empty file). */
void sniff_source(const struct s3key *key, const char *head, size_t len,
                  int gz, struct sniff *out);

#endif
