/* test_record.c -- record classification and columns (record.c). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "test.h"
#include "../../src/ingest/record.h"

static struct record r;
static strbuf arena;
static long off[N_RECORD_COLS];

static void
parse(const char *doc)
{
	record_parse(doc, strlen(doc), &r);
	if (r.kind == REC_EVENT) {
		record_columns(&r, &arena, off);
	}
}

static const char *
col(int c)
{
	return off[c] < 0 ? "(null)" : arena.buf + off[c];
}

DEFINE_TEST(test_record_columns)
{
	parse("{\"eventVersion\":\"1.11\",\"userIdentity\":{\"type\":"
	      "\"AssumedRole\",\"principalId\":\"AROAX:jdoe\",\"arn\":"
	      "\"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_admin_"
	      "0123/jdoe\",\"accountId\":\"111122223333\",\"accessKeyId\":"
	      "\"ASIAX\",\"sessionContext\":{\"sessionIssuer\":{\"type\":"
	      "\"Role\",\"userName\":\"AWSReservedSSO_admin_0123\"}}},"
	      "\"eventTime\":\"2025-10-08T18:30:50Z\",\"eventSource\":"
	      "\"identitystore.amazonaws.com\",\"eventName\":"
	      "\"CreateGroupMembership\",\"awsRegion\":\"us-east-2\","
	      "\"sourceIPAddress\":\"198.51.100.151\",\"userAgent\":"
	      "\"aws-cli/2 \\u00e9\",\"requestParameters\":{\"x\":[1,{}]},"
	      "\"requestID\":\"bb7a3659-1425-eeb0-a668-f3b1a734a1bf\","
	      "\"eventID\":\"960c4b3b-667c-085a-69d5-288231a4c54a\","
	      "\"readOnly\":false,\"eventType\":\"AwsApiCall\","
	      "\"recipientAccountId\":\"111122223333\"}");
	assert_int(r.kind, ==, REC_EVENT);
	assert_int(r.time_ms, ==, 1759948250000LL);
	assert_true(r.time_is_canonical);
	assert_int(r.read_only, ==, 0);
	assert_str(col(COL_EVENT_SOURCE), "identitystore.amazonaws.com");
	assert_str(col(COL_EVENT_NAME), "CreateGroupMembership");
	assert_str(col(COL_ACCOUNT), "111122223333");
	assert_str(col(COL_PRINCIPAL_TYPE), "AssumedRole");
	assert_str(col(COL_SESSION_ISSUER), "AWSReservedSSO_admin_0123");
	assert_str(col(COL_SESSION_NAME), "jdoe");
	assert_str(col(COL_USER_AGENT), "aws-cli/2 \xc3\xa9");
	assert_str(col(COL_ERROR_CODE), "(null)");
	assert_int(r.event_id.len, ==, 36);
}

/* A NUL in a value stays visible as \u0000: the column was cut there
 * ("a\u0000b" was stored as "a"), out of reach of every query. */
DEFINE_TEST(test_record_columns_nul)
{
	parse("{\"eventVersion\":\"1.08\",\"eventID\":\"x\",\"eventTime\":"
	      "\"2025-01-01T00:00:00Z\",\"eventSource\":\"s3.amazonaws.com\","
	      "\"eventName\":\"ListBuckets\",\"userAgent\":"
	      "\"a\\u0000b\\u0000\","
	      "\"userIdentity\":{\"type\":\"AssumedRole\",\"arn\":"
	      "\"arn:aws:sts::111122223333:assumed-role/r/s\\u0000t\"}}");
	assert_int(r.kind, ==, REC_EVENT);
	assert_str(col(COL_USER_AGENT), "a\\u0000b\\u0000");
	assert_str(col(COL_SESSION_NAME), "s\\u0000t");
	assert_str(col(COL_EVENT_NAME), "ListBuckets");
}

DEFINE_TEST(test_record_kinds)
{
	parse("{\"EventId\":\"x\",\"CloudTrailEvent\":\"{\\\"eventID\\\":1}"
	      "\"}");
	assert_int(r.kind, ==, REC_LOOKUP);
	assert_true(r.inner_escaped);
	parse("{\"detail-type\":\"AWS API Call via CloudTrail\",\"detail\":"
	      "{\"eventID\":\"e\"}}");
	assert_int(r.kind, ==, REC_ENVELOPE);
	assert_int(r.inner_len, ==, 15);
	parse("{\"awsAccountId\":\"1\",\"digestS3Object\":\"x\",\"logFiles\":[]"
	      "}");
	assert_int(r.kind, ==, REC_DIGEST);
	parse("{\"eventVersion\":\"1.07\",\"eventType\":"
	      "\"AwsCloudTrailInsight\","
	      "\"eventID\":\"i\",\"eventTime\":\"2020-01-01T00:00:00Z\"}");
	assert_int(r.kind, ==, REC_INSIGHT);
	parse("{\"name\":\"example\"}");
	assert_int(r.kind, ==, REC_FOREIGN);
	parse("[1,2]");
	assert_int(r.kind, ==, REC_FOREIGN);
	assert_str(r.why, "record is not a JSON object");
	parse("{\"eventName\":\"X\",}");
	assert_int(r.kind, ==, REC_INVALID);
	assert_str(r.why, "invalid JSON at record offset 17: expected '\"' "
	                  "to start an object key");
}

DEFINE_TEST(test_record_rejects)
{
	parse("{\"eventName\":\"X\",\"eventTime\":\"2020-01-01T00:00:00Z\"}");
	assert_int(r.kind, ==, REC_REJECT);
	assert_str(r.why, "no eventID");
	parse("{\"eventName\":\"X\",\"eventID\":\"xxxx\",\"eventTime\":"
	      "\"xxxx\"}");
	assert_str(r.why, "eventTime \"xxxx\" is not a timestamp");
	parse("{\"eventName\":\"X\",\"eventID\":\"a\"}");
	assert_str(r.why, "no eventTime");
	parse("{\"eventName\":\"X\",\"eventID\":\"a\",\"eventID\":\"b\","
	      "\"eventTime\":\"2020-01-01T00:00:00Z\"}");
	assert_str(r.why, "duplicate key \"eventID\"");
	/* inside userIdentity too: which arn would the index hold? */
	parse("{\"eventName\":\"X\",\"eventID\":\"a\",\"eventTime\":"
	      "\"2020-01-01T00:00:00Z\",\"userIdentity\":{\"arn\":\"r\","
	      "\"arn\":\"u\"}}");
	assert_int(r.kind, ==, REC_REJECT);
	assert_str(r.why, "duplicate key \"userIdentity.arn\"");
	parse("{\"eventName\":\"X\",\"eventID\":\"a\",\"eventTime\":"
	      "\"2020-01-01T00:00:00Z\",\"userIdentity\":{\"sessionContext\":"
	      "{\"sessionIssuer\":{\"userName\":\"a\",\"userName\":\"b\"}}}}");
	assert_str(r.why,
	           "duplicate key "
	           "\"userIdentity.sessionContext.sessionIssuer.userName\"");
	/* keys it does not read may repeat, nested or not */
	parse("{\"eventName\":\"X\",\"eventID\":\"a\",\"eventTime\":"
	      "\"2020-01-01T00:00:00Z\",\"userIdentity\":{\"arn\":\"r\","
	      "\"x\":1,\"x\":2},\"requestParameters\":{\"arn\":1,\"arn\":2}}");
	assert_int(r.kind, ==, REC_EVENT);
	/* Logstash copies: @timestamp stands in for eventTime */
	parse("{\"eventName\":\"X\",\"eventID\":\"a\",\"@timestamp\":"
	      "\"2020-09-14T01:19:40.123Z\"}");
	assert_int(r.kind, ==, REC_EVENT);
	assert_int(r.time_ms, ==, 1600046380123LL);
	assert_true(!r.time_is_canonical);
	/* readOnly as a string, other time forms */
	parse("{\"eventName\":\"X\",\"eventID\":\"a\",\"readOnly\":\"True\","
	      "\"eventTime\":\"2022-09-15 13:45:24\"}");
	assert_int(r.kind, ==, REC_EVENT);
	assert_int(r.read_only, ==, 1);
	assert_true(!r.time_is_canonical);
	/* a leap second parses as :59.999, so it must stay in the record */
	parse("{\"eventName\":\"X\",\"eventID\":\"a\","
	      "\"eventTime\":\"2016-12-31T23:59:60Z\"}");
	assert_int(r.kind, ==, REC_EVENT);
	assert_true(!r.time_is_canonical);
	parse("{\"eventName\":\"X\",\"eventID\":\"a\","
	      "\"eventTime\":\"2016-12-31T23:59:59.000Z\"}");
	assert_true(!r.time_is_canonical);
}

DEFINE_TEST(test_record_uuid)
{
	uint8_t u[16];
	char s[37];

	assert_int(record_uuid16("960c4b3b-667c-085a-69d5-288231a4c54a", 36, u),
	           ==, 1);
	record_uuid_format(u, s);
	assert_str(s, "960c4b3b-667c-085a-69d5-288231a4c54a");
	/* upper case and other forms stay text */
	assert_int(record_uuid16("960C4B3B-667C-085A-69D5-288231A4C54A", 36, u),
	           ==, 0);
	assert_int(record_uuid16("EXAMPLE8J2M6ZK4T", 16, u), ==, 0);
	assert_int(record_uuid16("960c4b3b0667c-085a-69d5-288231a4c54a", 36, u),
	           ==, 0);
	/* every digit value at every position round-trips; a non-digit at
	 * any position is refused */
	for (int shift = 0; shift < 16; shift++) {
		char in[37], bad[37];
		int k = 0;

		for (int i = 0; i < 36; i++) {
			in[i] = (i == 8 || i == 13 || i == 18 || i == 23)
			                ? '-'
			                : "0123456789abcdef"[(k++ + shift) %
			                                     16];
		}
		in[36] = '\0';
		assert_int(record_uuid16(in, 36, u), ==, 1);
		record_uuid_format(u, s);
		assert_str(s, in);
		for (int i = 0; i < 36; i++) {
			if (in[i] == '-') {
				continue;
			}
			memcpy(bad, in, sizeof(bad));
			bad[i] = "g/:`G\x80"[(i + shift) % 6];
			assert_int(record_uuid16(bad, 36, u), ==, 0);
		}
	}
	strbuf_free(&arena);
}

/* What the index stores for an ID: 16 bytes for a lowercase UUID
 * written as it is, else the text unescaped (an escaped UUID too), cut
 * at RECORD_ID_MAX bytes. */
DEFINE_TEST(test_record_id_encode)
{
	static const uint8_t u[16] = {0x96, 0x0c, 0x4b, 0x3b, 0x66, 0x7c,
	                              0x08, 0x5a, 0x69, 0xd5, 0x28, 0x82,
	                              0x31, 0xa4, 0xc5, 0x4a};
	struct record_span s = {"960c4b3b-667c-085a-69d5-288231a4c54a", 36, 0};
	strbuf out, big;
	int blob;

	strbuf_init(&out);
	strbuf_init(&big);
	record_id_encode(&s, &out, &blob);
	assert_int(blob, ==, 1);
	assert_mem(out.buf, out.len, u, 16);
	s = (struct record_span){"960C4B3B-667C-085A-69D5-288231A4C54A", 36, 0};
	record_id_encode(&s, &out, &blob);
	assert_int(blob, ==, 0);
	assert_mem(out.buf, out.len, s.p, 36);
	s = (struct record_span){"\\u0039\\u0036\\u0030c4b3b-667c-085a-"
	                         "69d5-288231a4c54a",
	                         51, 1};
	record_id_encode(&s, &out, &blob);
	assert_int(blob, ==, 0);
	assert_str(out.buf, "960c4b3b-667c-085a-69d5-288231a4c54a");
	for (int i = 0; i < RECORD_ID_MAX + 10; i++) {
		strbuf_addc(&big, 'r');
	}
	s = (struct record_span){big.buf, big.len, 0};
	record_id_encode(&s, &out, &blob);
	assert_int(blob, ==, 0);
	assert_int(out.len, ==, RECORD_ID_MAX);
	strbuf_free(&out);
	strbuf_free(&big);
}

/* record_parse_prefix() agrees with record_parse() on the object's own
 * bytes, whatever follows them, and says 0 for anything cut short. */
DEFINE_TEST(test_record_parse_prefix)
{
	static const char *const docs[] = {
	        "{\"eventVersion\":\"1.08\",\"eventTime\":"
	        "\"2025-10-08T18:30:50Z\",\"eventSource\":\"sso.amazonaws."
	        "com\","
	        "\"requestParameters\":{\"a\":[1,2.5e3,true,null,\"}]\\\"\"]},"
	        "\"eventID\":\"960c4b3b-667c-085a-69d5-288231a4c54a\"}",
	        "{\"eventName\":\"x\"}", /* rejected: no eventID */
	        "{\"Okta\":{\"id\":1}}", /* not CloudTrail */
	        "{\"eventID\":\"a\",\"eventID\":\"b\"}", /* duplicate key */
	        "{}",
	};
	static const char *const after[] = {"", ",", " ,{\"x\":1}", "]}",
	                                    "garbage{"};
	char buf[1024];
	struct record whole, pre;

	for (size_t d = 0; d < sizeof(docs) / sizeof(docs[0]); d++) {
		size_t n = strlen(docs[d]);

		record_parse(docs[d], n, &whole);
		for (size_t a = 0; a < sizeof(after) / sizeof(after[0]); a++) {
			snprintf(buf, sizeof(buf), "%s%s", docs[d], after[a]);
			assert_int(record_parse_prefix(buf, strlen(buf), &pre),
			           ==, n);
			assert_int(pre.kind, ==, whole.kind);
			assert_str(pre.why, whole.why);
			assert_int(pre.time_ms, ==, whole.time_ms);
			assert_int(pre.event_id.len, ==, whole.event_id.len);
			if (whole.event_id.p != NULL) {
				assert_int(pre.event_id.p - buf, ==,
				           whole.event_id.p - docs[d]);
			}
		}
		/* cut anywhere before the closing brace: cannot tell */
		for (size_t k = 0; k < n; k++) {
			assert_int(record_parse_prefix(docs[d], k, &pre), ==,
			           0);
		}
	}
	/* malformed, or not an object: cannot tell */
	assert_int(record_parse_prefix("{\"a\":tru}", 10, &pre), ==, 0);
	assert_int(record_parse_prefix("{\"a\" 1}", 8, &pre), ==, 0);
	assert_int(record_parse_prefix("{\"a\":\"\x01\"}", 9, &pre), ==, 0);
	assert_int(record_parse_prefix("[{}]", 4, &pre), ==, 0);
	assert_int(record_parse_prefix("\"s\"", 3, &pre), ==, 0);
}
