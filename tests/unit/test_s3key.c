/* test_s3key.c -- S3 delivery-path parsing (s3key.c). */
#include "config.h"

#include "test.h"
#include "../../src/ingest/s3key.h"
#include "../../src/util/tstime.h"

static int64_t
t(const char *s)
{
	int64_t ms;

	tstime_parse(s, strlen(s), &ms);
	return ms;
}

DEFINE_TEST(test_s3key_account_trail)
{
	struct s3key k;

	assert_int(s3key_parse("/mnt/case/bucket/AWSLogs/111122223333/"
	                       "CloudTrail/us-east-2/2015/08/01/"
	                       "111122223333_CloudTrail_us-east-2_"
	                       "20150801T0210Z_Mu0KsOhtH1ar15ZZ.json.gz",
	                       &k),
	           ==, 0);
	assert_int(k.folder, ==, S3K_LOGS);
	assert_str(k.org, "");
	assert_str(k.account, "111122223333");
	assert_str(k.region, "us-east-2");
	assert_int(k.day_ms, ==, t("2015-08-01"));
	assert_int(k.delivered_ms, ==, t("2015-08-01T02:10:00Z"));
}

DEFINE_TEST(test_s3key_org_and_siblings)
{
	struct s3key k;

	/* Control Tower: the org ID both as prefix and after AWSLogs/ */
	assert_int(s3key_parse("o-fxozgwu6rc/AWSLogs/o-fxozgwu6rc/"
	                       "123456789016/CloudTrail-Digest/ca-central-1/"
	                       "2020/08/30/123456789016_CloudTrail-Digest_"
	                       "ca-central-1_Org-Trail_ca-central-1_"
	                       "20200830T190938Z.json.gz",
	                       &k),
	           ==, 0);
	assert_int(k.folder, ==, S3K_DIGEST);
	assert_str(k.org, "o-fxozgwu6rc");
	assert_str(k.account, "123456789016");
	assert_str(k.region, "ca-central-1");
	assert_int(k.delivered_ms, ==, t("2020-08-30T19:09:38Z"));
	assert_int(s3key_parse("AWSLogs/111122223333/CloudTrail-Insight/"
	                       "us-east-1/2020/09/23/x.json.gz",
	                       &k),
	           ==, 0);
	assert_int(k.folder, ==, S3K_INSIGHT);
	assert_int(k.delivered_ms, ==, S3KEY_UNKNOWN);
	assert_int(k.day_ms, ==, t("2020-09-23"));
}

DEFINE_TEST(test_s3key_not_layout)
{
	struct s3key k;

	assert_int(s3key_parse("logs/trail.json.gz", &k), ==, -1);
	assert_int(k.folder, ==, S3K_NONE);
	assert_int(s3key_parse("MyAWSLogs/111122223333/CloudTrail/x", &k), ==,
	           -1);
	assert_int(s3key_parse("AWSLogs/12345/CloudTrail/x", &k), ==, -1);
	assert_int(s3key_parse("AWSLogs/111122223333/Config/x", &k), ==, -1);
}

DEFINE_TEST(test_s3key_window)
{
	struct s3key k;

	s3key_parse(
	        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/10/"
	        "111122223333_CloudTrail_us-east-1_20240310T1205Z_x.json.gz",
	        &k);
	assert_true(s3key_in_window(&k, S3KEY_UNKNOWN, S3KEY_UNKNOWN));
	/* delivered before --since: cannot hold later events */
	assert_true(
	        !s3key_in_window(&k, t("2024-03-10T12:06:00Z"), S3KEY_UNKNOWN));
	assert_true(
	        s3key_in_window(&k, t("2024-03-10T12:05:00Z"), S3KEY_UNKNOWN));
	/* T1205Z is cut to the minute: delivered at 12:05:59, the file
	 * holds events of 12:05:30 */
	assert_true(
	        s3key_in_window(&k, t("2024-03-10T12:05:30Z"), S3KEY_UNKNOWN));
	assert_true(s3key_in_window(&k, t("2024-03-10T12:05:59.999Z"),
	                            S3KEY_UNKNOWN));
	/* delivered after --until: kept for a day of late delivery */
	assert_true(
	        s3key_in_window(&k, S3KEY_UNKNOWN, t("2024-03-09T13:00:00Z")));
	assert_true(
	        !s3key_in_window(&k, S3KEY_UNKNOWN, t("2024-03-09T12:00:00Z")));
	/* only the folder date known */
	s3key_parse("AWSLogs/111122223333/CloudTrail/us-east-1/2024/03/10/"
	            "renamed.json.gz",
	            &k);
	assert_true(
	        s3key_in_window(&k, t("2024-03-10T23:59:59Z"), S3KEY_UNKNOWN));
	assert_true(!s3key_in_window(&k, t("2024-03-11"), S3KEY_UNKNOWN));
	/* a digest's name has seconds: cut to the second */
	s3key_parse("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/03/"
	            "10/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-"
	            "1_20240310T070534Z.json.gz",
	            &k);
	assert_true(s3key_in_window(&k, t("2024-03-10T07:05:34.999Z"),
	                            S3KEY_UNKNOWN));
	assert_true(
	        !s3key_in_window(&k, t("2024-03-10T07:05:35Z"), S3KEY_UNKNOWN));
}

/* issue: a damaged log file (first bytes zeroed) was "not JSON,
 * skipped": the name CloudTrail gives its log files says it is one,
 * wherever it lies; a digest's or an insight's name does not */
DEFINE_TEST(test_s3key_log_name)
{
	struct s3key k;

	s3key_parse("AWSLogs/123456789012/CloudTrail/us-east-1/2024/11/04/"
	            "123456789012_CloudTrail_us-east-1_20241104T0009Z_"
	            "Mu0KsOhtH1ar15ZZ.json.gz",
	            &k);
	assert_int(k.named == S3K_LOGS, ==, 1);
	s3key_parse("/case/123456789012_CloudTrail_us-east-1_20241104T0009Z_x."
	            "json",
	            &k);
	assert_int(k.folder, ==, S3K_NONE);
	assert_int(k.named == S3K_LOGS, ==, 1);
	s3key_parse("b.tar!/123456789012_CloudTrail_eu-west-1_"
	            "20241104T000930Z_x.json",
	            &k);
	assert_int(k.named == S3K_LOGS, ==, 1);
	s3key_parse("AWSLogs/123456789016/CloudTrail-Digest/ca-central-1/2020/"
	            "08/30/123456789016_CloudTrail-Digest_ca-central-1_Org-"
	            "Trail_ca-central-1_20200830T190938Z.json.gz",
	            &k);
	assert_int(k.named == S3K_LOGS, ==, 0);
	s3key_parse("123456789012_CloudTrail-Insight_us-east-1_20241104T0009Z_"
	            "x.json.gz",
	            &k);
	assert_int(k.named == S3K_LOGS, ==, 0);
	s3key_parse("123456789012_CloudTrail_us-east-1_20241104T0009Z_x.txt",
	            &k);
	assert_int(k.named == S3K_LOGS, ==, 0);
	s3key_parse("123456789012_CloudTrail_us-east-1_20241104T0009Z_.json",
	            &k);
	assert_int(k.named == S3K_LOGS, ==, 0);
	s3key_parse("12345678901_CloudTrail_us-east-1_20241104T0009Z_x.json",
	            &k);
	assert_int(k.named == S3K_LOGS, ==, 0);
	s3key_parse("notes.json", &k);
	assert_int(k.named == S3K_LOGS, ==, 0);
	assert_int(k.named, ==, S3K_NONE);
}

/* issue: an emptied or replaced digest file was "ok" or "skipped": its
 * name says what it is too, wherever it lies, as a log's does */
DEFINE_TEST(test_s3key_doc_name)
{
	struct s3key k;

	s3key_parse("AWSLogs/123456789016/CloudTrail-Digest/ca-central-1/2020/"
	            "08/30/123456789016_CloudTrail-Digest_ca-central-1_Org_"
	            "Trail_ca-central-1_20200830T190938Z.json.gz",
	            &k);
	assert_int(k.named, ==, S3K_DIGEST);
	s3key_parse("x/123456789012_CloudTrail-Insight_us-east-1_"
	            "20241104T0009Z_x.json",
	            &k);
	assert_int(k.named, ==, S3K_INSIGHT);
	s3key_parse("123456789012_CloudTrail_us-east-1_20241104T0009Z_x.json",
	            &k);
	assert_int(k.named, ==, S3K_LOGS);
	s3key_parse("123456789012_CloudTrail-Digest_.json", &k);
	assert_int(k.named, ==, S3K_NONE);
	s3key_parse(
	        "123456789012_CloudTrail-Digest_us-east-1_t_us-east-1_x.txt",
	        &k);
	assert_int(k.named, ==, S3K_NONE);
	s3key_parse("12345678901x_CloudTrail-Insight_us-east-1_x.json", &k);
	assert_int(k.named, ==, S3K_NONE);
}

/* issue: a folder day that does not exist (02/30) was taken for 1 March;
 * the key then has no date (the file is read), and a real 29 February
 * is one */
DEFINE_TEST(test_s3key_impossible_day)
{
	struct s3key k;

	s3key_parse("AWSLogs/111122223333/CloudTrail/us-east-1/2023/02/30/"
	            "renamed.json.gz",
	            &k);
	assert_int(k.day_ms, ==, S3KEY_UNKNOWN);
	assert_true(s3key_in_window(&k, t("2023-03-02"), S3KEY_UNKNOWN));
	s3key_parse("AWSLogs/111122223333/CloudTrail/us-east-1/2023/04/31/"
	            "renamed.json.gz",
	            &k);
	assert_int(k.day_ms, ==, S3KEY_UNKNOWN);
	s3key_parse("AWSLogs/111122223333/CloudTrail/us-east-1/2023/02/29/"
	            "renamed.json.gz",
	            &k);
	assert_int(k.day_ms, ==, S3KEY_UNKNOWN);
	s3key_parse("AWSLogs/111122223333/CloudTrail/us-east-1/1900/02/29/"
	            "renamed.json.gz",
	            &k);
	assert_int(k.day_ms, ==, S3KEY_UNKNOWN);
	s3key_parse("AWSLogs/111122223333/CloudTrail/us-east-1/2024/02/29/"
	            "renamed.json.gz",
	            &k);
	assert_int(k.day_ms, ==, t("2024-02-29"));
	s3key_parse("AWSLogs/111122223333/CloudTrail/us-east-1/2000/02/29/"
	            "renamed.json.gz",
	            &k);
	assert_int(k.day_ms, ==, t("2000-02-29"));
	/* nor a file name's time */
	s3key_parse("AWSLogs/111122223333/CloudTrail/us-east-1/"
	            "111122223333_CloudTrail_us-east-1_20230230T0000Z_x.json",
	            &k);
	assert_int(k.delivered_ms, ==, S3KEY_UNKNOWN);
}

/* issue: a file in .../2024/11/05/ named ..._20230101T0000Z_... was
 * skipped by --since 2024-11-01 on the name's date; where the name and
 * the folders disagree (day, account, region), neither is trusted */
DEFINE_TEST(test_s3key_mixed)
{
	struct s3key k;

	s3key_parse(
	        "AWSLogs/123456789012/CloudTrail/us-east-1/2024/11/05/"
	        "123456789012_CloudTrail_us-east-1_20230101T0000Z_x.json.gz",
	        &k);
	assert_int(k.mixed, ==, 1);
	assert_true(s3key_in_window(&k, t("2024-11-01"), S3KEY_UNKNOWN));
	assert_true(s3key_in_window(&k, S3KEY_UNKNOWN, t("2022-01-01")));
	/* the folder's account or region is not the name's */
	s3key_parse(
	        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/11/05/"
	        "123456789012_CloudTrail_us-east-1_20241105T0000Z_x.json.gz",
	        &k);
	assert_int(k.mixed, ==, 1);
	s3key_parse(
	        "AWSLogs/123456789012/CloudTrail/eu-west-1/2024/11/05/"
	        "123456789012_CloudTrail_us-east-1_20241105T0000Z_x.json.gz",
	        &k);
	assert_int(k.mixed, ==, 1);
	/* agreeing parts, the region in another case, a digest, a name
	 * that names no account: no contradiction */
	s3key_parse(
	        "AWSLogs/123456789012/CloudTrail/US-EAST-1/2024/11/05/"
	        "123456789012_CloudTrail_us-east-1_20241105T2359Z_x.json.gz",
	        &k);
	assert_int(k.mixed, ==, 0);
	assert_true(!s3key_in_window(&k, t("2024-11-06"), S3KEY_UNKNOWN));
	s3key_parse("AWSLogs/o-fxozgwu6rc/123456789016/CloudTrail-Digest/"
	            "ca-central-1/2020/08/30/123456789016_CloudTrail-Digest_"
	            "ca-central-1_Org-Trail_ca-central-1_20200830T190938Z.json."
	            "gz",
	            &k);
	assert_int(k.mixed, ==, 0);
	s3key_parse("AWSLogs/123456789012/CloudTrail/us-east-1/2024/11/05/"
	            "renamed.json.gz",
	            &k);
	assert_int(k.mixed, ==, 0);
}
