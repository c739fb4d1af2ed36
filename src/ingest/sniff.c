/* sniff.c -- bidders that guess a source's kind (see sniff.h). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "sniff.h"

struct input {
	const struct s3key *key; /* S3 path facts */
	const char *head;        /* first bytes */
	size_t len;
	size_t first; /* offset of the first non-blank */
};

static int
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Does `s` occur in the head? */
static int
has(const struct input *in, const char *s)
{
	return memmem(in->head + in->first, in->len - in->first, s,
	              strlen(s)) != NULL;
}

/* The head starts with {"KEY" (whitespace allowed). */
static int
first_key(const struct input *in, const char *key)
{
	size_t i = in->first, n = strlen(key);

	if (i >= in->len || in->head[i] != '{') {
		return 0;
	}
	for (i++; i < in->len && blank(in->head[i]); i++) {
	}
	return i + n + 2 <= in->len && in->head[i] == '"' &&
	       memcmp(in->head + i + 1, key, n) == 0 &&
	       in->head[i + 1 + n] == '"';
}

static int
bid_not_json(const struct input *in)
{
	if (in->first >= in->len) {
		/* empty or blank: above every bid on content, and level
		 * with the digest and Insights folders', which come later
		 * and so lose: nothing in such a folder is read as a
		 * document that has no bytes to be one */
		return 100;
	}
	return in->head[in->first] != '{' && in->head[in->first] != '[' ? 100
	                                                                : -1;
}

static int
bid_digest(const struct input *in)
{
	if (in->key->folder == S3K_DIGEST) {
		return 100;
	}
	return first_key(in, "awsAccountId") && has(in, "\"digestS3Object\"")
	               ? 80
	               : -1;
}

static int
bid_insight(const struct input *in)
{
	if (in->key->folder == S3K_INSIGHT) {
		return 100;
	}
	return first_key(in, "Records") && has(in, "\"AwsCloudTrailInsight\"")
	               ? 60
	               : -1;
}

static int
bid_snapshot(const struct input *in)
{
	static const char *const keys[] = {"Users",
	                                   "Groups",
	                                   "GroupMemberships",
	                                   "AccountAssignments",
	                                   "PermissionSet",
	                                   "UserDetailList",
	                                   "GroupDetailList",
	                                   "RoleDetailList",
	                                   "Policies"};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (first_key(in, keys[i])) {
			return 70;
		}
	}
	return -1;
}

static int
bid_events(const struct input *in)
{
	return first_key(in, "Records") ? 50 : 10;
}

static const struct {
	const char *name; /* bidder name, for diagnostics */
	const char *kind; /* kind it stands for */
	int (*bid)(const struct input *in);
} bidders[] = {
        {"not-json", "not-cloudtrail", bid_not_json},
        {"digest", "digest", bid_digest},
        {"insight", "insight", bid_insight},
        {"snapshot", "snapshot", bid_snapshot},
        {"events", "events", bid_events},
};

const char *
sniff_named(const struct s3key *key)
{
	switch (key->named) {
	case S3K_LOGS:
		return ": damaged, a CloudTrail log by its name";
	case S3K_DIGEST:
		return ": damaged, a CloudTrail digest file by its name";
	case S3K_INSIGHT:
		return ": damaged, a CloudTrail Insights file by its name";
	case S3K_NONE:
		break;
	}
	return "";
}

void
sniff_source(const struct s3key *key, const char *head, size_t len, int gz,
             struct sniff *out)
{
	struct input in = {key, head, len, 0};
	int best = -1;

	/* A UTF-8 byte-order mark is skipped by ingest, so skip it here. */
	if (len >= 3 && memcmp(head, "\xef\xbb\xbf", 3) == 0) {
		in.first = 3;
	}
	while (in.first < len && blank(head[in.first])) {
		in.first++;
	}
	out->kind = "events";
	out->bidder = "events";
	out->not_json = 0;
	out->damaged = 0;
	out->why[0] = '\0';
	for (size_t i = 0; i < sizeof(bidders) / sizeof(bidders[0]); i++) {
		int b = bidders[i].bid(&in);

		if (b > best) {
			best = b;
			out->kind = bidders[i].kind;
			out->bidder = bidders[i].name;
		}
	}
	if (strcmp(out->bidder, "not-json") == 0) {
		/* A file named as CloudTrail names its log deliveries holds
		 * JSON (an empty delivery is {"Records":[]}): bytes that are
		 * not (zeroed, overwritten, cut to nothing) are damage that
		 * loses every record, not some other program's file to pass
		 * over.  Other names keep "not JSON" or "empty", skipped. */
		const char *damaged = sniff_named(key);

		out->damaged = *damaged != '\0';
		if (in.first >= len) {
			snprintf(out->why, sizeof(out->why), "%s %s%s",
			         len ? "blank" : "empty",
			         gz ? "once decompressed" : "file", damaged);
		} else {
			unsigned char c = (unsigned char)head[in.first];

			out->not_json = 1;
			snprintf(out->why, sizeof(out->why),
			         "not JSON (byte 0x%02x at offset %zu)%s", c,
			         in.first, damaged);
		}
	}
}
