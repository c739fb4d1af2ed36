/* layout.h -- where files go: S3 keys of log and digest files.
 *
 * Keys follow the CloudTrail layout (reference §1.2) below DIR/logs/:
 *   AWSLogs/[o-id/]<acct>/CloudTrail/<region>/YYYY/MM/DD/
 *     <acct>_CloudTrail_<region>_<YYYYMMDDTHHmmZ>_<16 alnum>.json.gz
 *   AWSLogs/[o-id/]<acct>/CloudTrail-Digest/<region>/YYYY/MM/DD/
 *     <acct>_CloudTrail-Digest_<region>_<trail>_<home>_<YYYYMMDDTHHMMSSZ>.json.gz
 * An org id of NULL gives the account-trail form.  Date folders are the
 * delivery date (log files) or digest end date.  layout_mkdirs() makes
 * the parent directories of a path, remembering the last one made so a
 * run of files in one folder costs one stat. */
#ifndef TS_GEN_LAYOUT_H
#define TS_GEN_LAYOUT_H

#include <stdint.h>

#include "util/err.h"
#include "util/strbuf.h"

enum { LAYOUT_ACCOUNT = 1, LAYOUT_ORG = 2, LAYOUT_BOTH = 3 };

void layout_log_key(strbuf *out, const char *org, const char *acct,
                    const char *region, int64_t delivered, const char *uniq);
void layout_digest_key(strbuf *out, const char *org, const char *acct,
                       const char *region, const char *trail, const char *home,
                       int64_t end);
/* mkdir -p of the directory part of path.  TS_OK or TS_FATAL. */
int layout_mkdirs(const char *path, ts_err *err);
/* Parse "account", "org" or "both"; 0 if none of them. */
int layout_parse(const char *s);

#endif
