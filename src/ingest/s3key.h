/* s3key.h -- what an S3 delivery path says about a CloudTrail file.
 *
 *   .../AWSLogs/[o-ORGID/]ACCOUNT/CloudTrail/REGION/YYYY/MM/DD/
 *       ACCOUNT_CloudTrail_REGION_YYYYMMDDTHHmmZ_UNIQUE.json.gz
 *
 * and the CloudTrail-Digest and CloudTrail-Insight siblings.  The parse
 * anchors on the last "AWSLogs/" path component, so bucket names and
 * prefixes in front (Control Tower puts the org ID there too) do not
 * matter.  Used by the walker to skip files outside --since/--until or
 * --account/--region without opening them, and to fill source.account,
 * region and delivered.  Pure function. */
#ifndef TS_S3KEY_H
#define TS_S3KEY_H

#include <stdint.h>

enum s3key_folder {
	S3K_NONE,    /* not the AWSLogs layout */
	S3K_LOGS,    /* CloudTrail/ */
	S3K_DIGEST,  /* CloudTrail-Digest/ */
	S3K_INSIGHT, /* CloudTrail-Insight/ */
};

#define S3KEY_UNKNOWN INT64_MIN

struct s3key {
	enum s3key_folder folder; /* which tree */
	char org[40];             /* o-xxxxxxxxxx, or "" */
	char account[16];         /* 12 digits, or "" */
	char region[32];          /* e.g. us-east-1, or "" */
	int64_t day_ms;           /* midnight UTC of YYYY/MM/DD */
	int64_t delivered_ms;     /* time in the file name */
	int64_t delivered_span;   /* what it leaves out: delivered within
	                           * [delivered_ms, + span) -- 60000 for
	                           * HHmm, 1000 for HHMMSS */
	int mixed;                /* the parts disagree: the file name's
	                           * account, region or day is not its
	                           * folders'; nothing is skipped by them */
	enum s3key_folder named;  /* the file name, wherever it lies, is
	                           * one CloudTrail gives its log files
	                           * (S3K_LOGS: ACCOUNT_CloudTrail_REGION_
	                           * TIME_ID.json or .json.gz), digest files
	                           * (S3K_DIGEST) or Insights files
	                           * (S3K_INSIGHT), else S3K_NONE: such a
	                           * file holds JSON */
};

/* Parse path (a file path or archive member name).  Returns 0 when the
 * AWSLogs layout was recognised (fields known are set, the others empty
 * or S3KEY_UNKNOWN), -1 otherwise (k->folder is S3K_NONE; k->named
 * is still set from the file name). */
int s3key_parse(const char *path, struct s3key *k);

/* Could a file with this key hold events in [since, until] (ms,
 * S3KEY_UNKNOWN meaning unbounded)?  Events are delivered after they
 * happen, so a file delivered before `since` cannot; a file delivered
 * more than S3KEY_LATE_MS after `until` is assumed not to (CloudTrail
 * delivers within minutes; later deliveries are rare).  A key whose
 * parts disagree (k->mixed) could. */
#define S3KEY_LATE_MS (24LL * 3600 * 1000)
int s3key_in_window(const struct s3key *k, int64_t since, int64_t until);

#endif
