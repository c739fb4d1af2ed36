/* test_split.c -- the streaming record splitter (split.c). */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "test.h"
#include "../../src/ingest/record.h"
#include "../../src/ingest/split.h"
#include "../../src/util/strbuf.h"

static const char *const cname[] = {"T", "A", "R",  "E",  "U",  "G", "M",
                                    "S", "P", "IU", "IG", "IR", "IP"};

/* Log every item as "C@off:bytes|" (or "C@off!problem(len)|"). */
static int
log_item(void *ctx, const split_item *it)
{
	strbuf *sb = ctx;

	if (it->problem == NULL) {
		strbuf_addf(sb, "%s@%llu:%.*s|", cname[it->from],
		            (unsigned long long)it->off, (int)it->len, it->p);
	} else {
		strbuf_addf(sb, "%s@%llu!%s(%zu)|", cname[it->from],
		            (unsigned long long)it->off, it->problem, it->len);
	}
	return 0;
}

/* With a measure callback (see split_set_measure), the items must be
 * the same; it is record.c's parser, as in reader.c. */
static int use_measure;
static size_t n_measured;

static size_t
measure(void *ctx, const char *p, size_t avail)
{
	struct record rec;

	return record_parse_prefix(p, avail, &rec);
}

static int
log_measured(void *ctx, const split_item *it)
{
	n_measured += it->measured != 0;
	return log_item(ctx, it);
}

/* Split doc in chunks of `step` bytes (0: all at once); returns the item
 * log followed by "OK" or "ERR:<message>". */
static char *
run(const char *doc, size_t step, size_t max_item)
{
	static char result[4096];
	strbuf sb;
	splitter *s;
	size_t n = strlen(doc), i = 0;
	int rc = 0;

	strbuf_init(&sb);
	s = split_new(max_item ? max_item : 1 << 20,
	              use_measure ? log_measured : log_item, &sb);
	if (use_measure) {
		split_set_measure(s, measure);
	}
	while (i < n && rc == 0) {
		size_t k = step ? step : n;

		if (k > n - i) {
			k = n - i;
		}
		rc = split_feed(s, doc + i, k);
		i += k;
	}
	if (rc == 0) {
		rc = split_finish(s);
	}
	strbuf_adds(&sb, rc == 0 ? "OK" : "ERR:");
	if (rc != 0) {
		strbuf_adds(&sb, split_error(s));
	}
	snprintf(result, sizeof(result), "%s", strbuf_str(&sb));
	strbuf_free(&sb);
	split_free(s);
	return result;
}

/* The same result whatever the chunk size. */
static void
check(const char *doc, const char *want, int line)
{
	size_t steps[] = {0, 1, 2, 3, 7, 64};

	for (use_measure = 0; use_measure < 2; use_measure++) {
		for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
			const char *got = run(doc, steps[i], 0);

			if (strcmp(got, want) != 0) {
				test_failed(__FILE__, line,
				            "step %zu%s:\n  doc  %s\n  got  "
				            "%s\n  want %s",
				            steps[i],
				            use_measure ? " (measured)" : "",
				            doc, got, want);
				use_measure = 0;
				return;
			}
		}
	}
	use_measure = 0;
}

#define CHECK(doc, want) check(doc, want, __LINE__)

/* the problems split.c gives a bad line of JSON Lines */
#define P_LINE "the record does not end on its line (truncated?)"
#define P_END "the data ends inside the record (truncated?)"
#define P_AFTER "unexpected data after the record on its line"
#define P_GARBAGE "not a JSON object or array"

DEFINE_TEST(test_split_containers)
{
	CHECK("{\"Records\":[{\"a\":1},{\"b\":[2,{}]}]}",
	      "R@12:{\"a\":1}|R@20:{\"b\":[2,{}]}|OK");
	CHECK("{\"Records\":[]}", "OK");
	CHECK(" { \"Records\" : [ {} , {} ] } \n", "R@17:{}|R@22:{}|OK");
	CHECK("{\"Events\":[{\"CloudTrailEvent\":\"{}\"}]}",
	      "E@11:{\"CloudTrailEvent\":\"{}\"}|OK");
	CHECK("{\"Users\":[{\"UserId\":\"x\"}],\"NextToken\":\"t\"}",
	      "U@10:{\"UserId\":\"x\"}|OK");
	CHECK("[{\"a\":1}, {\"b\":2}]", "A@1:{\"a\":1}|A@10:{\"b\":2}|OK");
	CHECK("[]", "OK");
	/* other members after the array are skipped, nested or not */
	CHECK("{\"Records\":[{}],\"x\":{\"y\":[1,\"]}\"]},\"z\":2}",
	      "R@12:{}|OK");
	/* issue 3, review 3: the list may follow other members (an
	 * exporter's metadata, lookup-events' NextToken) ... */
	CHECK("{\"a\":1,\"Records\":[{}]}", "R@18:{}|OK");
	CHECK("{\"x\":\"]}\\\"\", \"n\" : [1,{\"b\":\"}\"}] , "
	      "\"Events\":[{}],\"t\":1}",
	      "E@45:{}|OK");
	/* ... unless the object starts as a record does: then it is one
	 * item (record.c looks inside it), as is one with no list */
	CHECK("{\"eventVersion\":\"1\",\"Records\":[{}]}",
	      "T@0:{\"eventVersion\":\"1\",\"Records\":[{}]}|OK");
	CHECK("{\"a\":1,\"b\":[2]}\n{\"c\":{}}\n",
	      "T@0:{\"a\":1,\"b\":[2]}|T@16:{\"c\":{}}|OK");
	/* "Records" that is not an array */
	CHECK("{\"Records\":{\"x\":1}}", "T@0:{\"Records\":{\"x\":1}}|OK");
	/* scalars in the array are items too (record.c rejects them) */
	CHECK("{\"Records\":[1,\"x\",true,-2.5e3]}",
	      "R@12:1|R@14:\"x\"|R@18:true|R@23:-2.5e3|OK");
}

/* aws sso-admin describe-permission-set: the object is the one item */
DEFINE_TEST(test_split_permission_set)
{
	CHECK("{\"PermissionSet\":{\"Name\":\"x\",\"T\":{\"}\":[1]}}}",
	      "P@17:{\"Name\":\"x\",\"T\":{\"}\":[1]}}|OK");
	/* other members are skipped; a shell loop's documents follow */
	CHECK(" { \"PermissionSet\" : {} , \"x\":{\"y\":[]}}\n"
	      "{\"PermissionSet\":{\"Name\":\"y\"}}\n",
	      "P@21:{}|P@57:{\"Name\":\"y\"}|OK");
	/* not an object: one whole item; after another member: found */
	CHECK("{\"PermissionSet\":[{}]}", "T@0:{\"PermissionSet\":[{}]}|OK");
	CHECK("{\"a\":1,\"PermissionSet\":{}}", "P@23:{}|OK");
	/* truncated inside the object, and after it */
	CHECK("{\"PermissionSet\":{\"Name\":",
	      "ERR:invalid JSON at offset 25: the data ends inside a record "
	      "(truncated?)");
	CHECK("{\"PermissionSet\":{},\"x\":1",
	      "P@17:{}|ERR:invalid JSON at offset 25: the data ends inside "
	      "the record array (truncated?)");
}

/* aws iam get-account-authorization-details: every list of the one
 * object is split, in whatever order the keys come (jq -S sorts them);
 * other members are skipped. */
DEFINE_TEST(test_split_authorization_details)
{
	CHECK("{\"UserDetailList\":[{\"UserName\":\"a\"}],"
	      "\"GroupDetailList\":[{\"GroupName\":\"g\"}],"
	      "\"RoleDetailList\":[],\"Policies\":[{\"P\":1}],"
	      "\"IsTruncated\":false}",
	      "IU@19:{\"UserName\":\"a\"}|IG@56:{\"GroupName\":\"g\"}|"
	      "IP@107:{\"P\":1}|OK");
	CHECK("{\"GroupDetailList\":[{}],\"IsTruncated\":true,"
	      "\"Marker\":\"m\\\"}\",\"Policies\":[],"
	      "\"RoleDetailList\":[{\"x\":\"]\"}],\"UserDetailList\":[{}]}",
	      "IG@20:{}|IR@91:{\"x\":\"]\"}|IU@120:{}|OK");
	CHECK("{ \"UserDetailList\" : [ ] , \"X\" : {\"a\":[1,{\"b\":\"}\"}]} ,"
	      " \"GroupDetailList\" : [{}] }",
	      "IG@76:{}|OK");
	/* lists of other documents are not split in this one */
	CHECK("{\"UserDetailList\":[],\"Records\":[{}]}", "OK");
	/* pages of a paginated call, one after the other */
	CHECK("{\"UserDetailList\":[{}],\"IsTruncated\":true,\"Marker\":\"m\"}"
	      "\n{\"UserDetailList\":[{\"b\":1}]}\n",
	      "IU@19:{}|IU@75:{\"b\":1}|OK");
	CHECK("{\"UserDetailList\":[{}] \"x\":1}",
	      "IU@19:{}|ERR:invalid JSON at offset 23: expected ',' or '}' "
	      "after a member");
	CHECK("{\"UserDetailList\":[],}",
	      "ERR:invalid JSON at offset 21: expected a member name");
	CHECK("{\"UserDetailList\":[],\"x\" 1}",
	      "ERR:invalid JSON at offset 25: expected ':' after a member "
	      "name");
	CHECK("{\"UserDetailList\":[],\"GroupDetailList\":",
	      "ERR:invalid JSON at offset 39: the data ends inside the "
	      "record array (truncated?)");
	CHECK("{\"UserDetailList\":[],\"IsTruncated\":tru",
	      "ERR:invalid JSON at offset 38: the data ends inside a record "
	      "(truncated?)");
}

DEFINE_TEST(test_split_strings)
{
	/* brackets, quotes and backslashes inside strings */
	CHECK("{\"Records\":[{\"m\":\"}]\\\"{[\"},{\"p\":\"C:\\\\temp\\\\{d}\"}"
	      "]}",
	      "R@12:{\"m\":\"}]\\\"{[\"}|R@27:{\"p\":\"C:\\\\temp\\\\{d}\"}|"
	      "OK");
	CHECK("[\"a\\\\\",\"b\"]", "A@1:\"a\\\\\"|A@7:\"b\"|OK");
	CHECK("{\"Records\":[{\"k\\\"\":\"\\\\\"}]}",
	      "R@12:{\"k\\\"\":\"\\\\\"}|OK");
}

/* The item scanner skips 16 bytes at a time: put brackets, quotes and
 * escapes at every position of a 16-byte window, inside strings and
 * between values; check() feeds chunks that cut them anywhere. */
DEFINE_TEST(test_split_long_runs)
{
	static const char xs[] = "abcdefghijklmnopqrstuvwxyz0123456789ABCD";
	char item[256], doc[600], want[700];

	for (int k = 0; k <= 40; k++) {
		int n = snprintf(
		        item, sizeof(item),
		        "{\"m\":\"%.*s}]\\\"{[\\\\%.*s\",%*s\"n\":[%*s1]}", k,
		        xs, 40 - k, xs, k, "", 40 - k, "");

		snprintf(doc, sizeof(doc), "{\"Records\":[%s,%s]}", item, item);
		snprintf(want, sizeof(want), "R@12:%s|R@%d:%s|OK", item, 13 + n,
		         item);
		check(doc, want, __LINE__);
	}
}

DEFINE_TEST(test_split_jsonl)
{
	CHECK("{\"a\":1}\n{\"b\":2}\n", "T@0:{\"a\":1}|T@8:{\"b\":2}|OK");
	CHECK("{\"a\":1}\n{\"b\":2}", "T@0:{\"a\":1}|T@8:{\"b\":2}|OK");
	CHECK("{\"a\":\n1}\r\n\r\n{\"b\":2}\n",
	      "T@0:{\"a\":\n1}|T@12:{\"b\":2}|OK");
	/* a bad line is reported and the next line still counts */
	CHECK("{\"a\":1}\nnot json\n{\"b\":2}\n",
	      "T@0:{\"a\":1}|T@8!not a JSON object or array(8)|"
	      "T@17:{\"b\":2}|OK");
	CHECK("garbage", "T@0!not a JSON object or array(7)|OK");
	/* lookup-events output saved as JSON Lines */
	CHECK("{\"EventId\":\"1\"}\n{\"EventId\":\"2\"}\n",
	      "T@0:{\"EventId\":\"1\"}|T@16:{\"EventId\":\"2\"}|OK");
	CHECK("", "OK");
	CHECK(" \n\t ", "OK");
}

/* issue 3, review 3: in JSON Lines a record that does not end on its line
 * is a bad item at its own offset, and the next line is read as usual */
DEFINE_TEST(test_split_jsonl_damage)
{
	/* the stream ends inside line 2: before, c3 was lost */
	CHECK("{\"a\":1}\n{\"b\":2\n{\"c\":3}\n",
	      "T@0:{\"a\":1}|T@8!" P_LINE "(6)|T@15:{\"c\":3}|OK");
	/* cut inside a string, which throws the quotes out of step */
	CHECK("{\"a\":1}\n{\"b\":\"x\n{\"c\":\"y\"}\n{\"d\":4}\n",
	      "T@0:{\"a\":1}|T@8!" P_LINE "(7)|T@16:{\"c\":\"y\"}|"
	      "T@26:{\"d\":4}|OK");
	/* ... so that the brackets balance again a line later */
	CHECK("{\"a\":1}\n{\"b\":\"x\n{\"c\":\"q\\\"}\"}\n{\"d\":4}\n",
	      "T@0:{\"a\":1}|T@8!" P_LINE "(7)|T@16:{\"c\":\"q\\\"}\"}|"
	      "T@29:{\"d\":4}|OK");
	/* or in the middle of a later line */
	CHECK("{\"a\":1}\n{\"b\":\"x\n{\"c\":\"q\\\"}\", \"e\":1}\n{\"d\":4}\n",
	      "T@0:{\"a\":1}|T@8!" P_LINE "(7)|"
	      "T@16:{\"c\":\"q\\\"}\", \"e\":1}|T@36:{\"d\":4}|OK");
	/* a bracket that does not match, on its own line */
	CHECK("{\"a\":1}\n{\"b\":[1}\n{\"c\":3}\n",
	      "T@0:{\"a\":1}|T@8!unbalanced '}'(8)|T@17:{\"c\":3}|OK");
	/* further down, after the line ran on; debris after an object on its
	 * line is one bad item, and the object stands */
	CHECK("{\"a\":1}\n{\"b\":[1\n{\"c\":3}}\n{\"d\":4}\n",
	      "T@0:{\"a\":1}|T@8!" P_LINE "(7)|T@16:{\"c\":3}|"
	      "T@23!" P_AFTER "(1)|T@25:{\"d\":4}|OK");
	CHECK("{\"a\":1}\n{\"b\":2} xyz\r\n{\"c\":3}, \n{\"d\":4}",
	      "T@0:{\"a\":1}|T@8:{\"b\":2}|T@16!" P_AFTER "(4)|"
	      "T@21:{\"c\":3}|T@28!" P_AFTER "(2)|T@31:{\"d\":4}|OK");
	/* a record the data ends inside, whose next line does not start
	 * with '{': its first line is the bad item, and the rest is read as
	 * strict JSON Lines (before, the rest was lost) */
	CHECK("{\"a\":1}\n{\"b\":[1\ngarbage\n{\"c\":3}\n{\"d\":\n4}\n{\"e\":5}\n",
	      "T@0:{\"a\":1}|T@8!" P_LINE "(15)|T@24:{\"c\":3}|"
	      "T@32!" P_LINE "(8)|T@41:{\"e\":5}|OK");
	/* review 9: a pretty-printed {"Records":[...]} after a line of JSON
	 * Lines, whose member before the list spans lines, is still a
	 * container */
	CHECK("{\"a\":1}\n{\n  \"meta\": {\n    \"by\": \"t\"\n  },\n"
	      "  \"Records\": [\n    {\"b\":2},\n    {\"c\":3}\n  ]\n}\n"
	      "{\"d\":4}\n",
	      "T@0:{\"a\":1}|R@60:{\"b\":2}|R@73:{\"c\":3}|T@87:{\"d\":4}|OK");
	/* ... and an indented '{' is inside a cut record, not a record */
	CHECK("{\"a\":1}\n{\n  \"b\": [\n    {\n      \"c\": 1\n    }\n",
	      "T@0:{\"a\":1}|T@8!" P_LINE "(35)|OK");
	/* ... so does a pretty-printed record cut at the end: one bad item
	 * (before, each of its lines was one) */
	CHECK("{\"a\":1}\n{\n  \"b\": 1,\n  \"c\": [\n    2\n",
	      "T@0:{\"a\":1}|T@8!" P_LINE "(26)|OK");
	/* several bad lines, CRLF and blank lines */
	CHECK("{\"a\":1}\r\n{\"b\":\r\n\r\n{\"c\":[\r\n{\"d\":4}\r\n",
	      "T@0:{\"a\":1}|T@9!" P_LINE "(6)|T@18!" P_LINE "(7)|"
	      "T@26:{\"d\":4}|OK");
	/* the last line cut short, with or without its newline */
	CHECK("{\"a\":1}\n{\"b\":", "T@0:{\"a\":1}|T@8!" P_END "(5)|OK");
	CHECK("{\"a\":1}\n{\"b\":\n\n", "T@0:{\"a\":1}|T@8!" P_LINE "(5)|OK");
	CHECK("{\"a\":1}\n{\"Rec", "T@0:{\"a\":1}|T@8!" P_END "(5)|OK");
	/* cut strings one after another: each line is its own bad item
	 * (decided at its newline: one pass, however many there are) */
	CHECK("{\"a\":1}\n{\"b\":\"x\n{\"b\":\"x\n{\"b\":\"x\n{\"c\":3}\n",
	      "T@0:{\"a\":1}|T@8!" P_LINE "(7)|T@16!" P_LINE "(7)|T@24!" P_LINE
	      "(7)|T@32:{\"c\":3}|OK");
	/* the first line broken: the next must be one whole object */
	CHECK("{\"a\":1\n{\"b\":2}\n{\"c\":3}\n",
	      "T@0!" P_LINE "(6)|T@7:{\"b\":2}|T@15:{\"c\":3}|OK");
}

/* What is not JSON Lines stops at its first damage, as before: one record
 * pretty-printed or several after each other, and records in arrays. */
DEFINE_TEST(test_split_jsonl_damage_not_lines)
{
	CHECK("{\n  \"a\": 1,\n  \"b",
	      "ERR:invalid JSON at offset 16: the data ends inside a record "
	      "(truncated?)");
	CHECK("{\n \"a\": 1\n}\n{\n \"b\": [\n{\"c\":1}\n",
	      "T@0:{\n \"a\": 1\n}|ERR:invalid JSON at offset 30: the data "
	      "ends inside a record (truncated?)");
	/* a single record, cut */
	CHECK("{\"a\":1", "ERR:invalid JSON at offset 6: the data ends inside "
	                  "a record (truncated?)");
	/* a document whose lines are the elements of its array (its list
	 * after another member: the records before the cut stand) */
	CHECK("{\"x\":1,\"Records\":[\n{\"a\":1},\n{\"b\":2}\n",
	      "R@19:{\"a\":1}|R@28:{\"b\":2}|ERR:invalid JSON at offset 36: "
	      "the data ends inside the record array (truncated?)");
	CHECK("{\"x\":[{\"a\":1},\n{\"b\":2}\n",
	      "ERR:invalid JSON at offset 23: the data ends inside a record "
	      "(truncated?)");
	CHECK("{\"x\":1,\"detail\":\n{\"b\":2}\n",
	      "ERR:invalid JSON at offset 25: the data ends inside a record "
	      "(truncated?)");
	/* a valid object over several lines, even after one-line ones */
	CHECK("{\"a\":1}\n{\"b\":\n2}\n", "T@0:{\"a\":1}|T@8:{\"b\":\n2}|OK");
	CHECK("{\"x\":1,\"Records\":[\n{\"a\":1}]}\n", "R@19:{\"a\":1}|OK");
	CHECK("{\"Records\":[{\"a\":1},\n{\"b\":",
	      "R@12:{\"a\":1}|R@21!cut off: the data ends inside this "
	      "record(5)|ERR:invalid JSON at offset 26: the data ends "
	      "inside a record (truncated?)");
	CHECK("[{\"a\":1},\n{\"b\":2\n,{\"c\":3}]",
	      "A@1:{\"a\":1}|ERR:invalid JSON at offset 25: unbalanced ']'");
}

DEFINE_TEST(test_split_errors)
{
	/* truncated inside a record: the complete ones stand, and the cut
	 * one's bytes are handed on as a problem item */
	CHECK("{\"Records\":[{\"a\":1},{\"b\":",
	      "R@12:{\"a\":1}|R@20!cut off: the data ends inside this "
	      "record(5)|ERR:invalid JSON at offset 25: the data ends "
	      "inside a record (truncated?)");
	CHECK("{\"Records\":[{\"a\":1},",
	      "R@12:{\"a\":1}|ERR:invalid JSON at offset 20: the data ends "
	      "inside the record array (truncated?)");
	CHECK("{\"Records\":[{\"a\":\"unterminated",
	      "R@12!cut off: the data ends inside this record(18)|ERR:invalid "
	      "JSON at offset 30: the data ends inside a record (truncated?)");
	/* missing comma between records */
	CHECK("{\"Records\":[{\"a\":1} {\"b\":2}]}",
	      "R@12:{\"a\":1}|ERR:invalid JSON at offset 20: expected ',' or "
	      "']' after a record");
	/* trailing comma */
	CHECK("[{},]", "A@1:{}|ERR:invalid JSON at offset 4: expected a value "
	               "in the array");
	/* unbalanced brackets */
	CHECK("{\"Records\":[{\"a\":[1}]}",
	      "ERR:invalid JSON at offset 19: unbalanced '}'");
	/* debris after a complete document (zalando-fullstop style) */
	CHECK("{\"Records\":[{}]}, eventVersion=1.02}",
	      "R@12:{}|ERR:invalid JSON at offset 16: unexpected data after "
	      "the end of the JSON value");
	CHECK("{\"a\":1}}, x=1\n{\"b\":2}\n",
	      "T@0:{\"a\":1}|ERR:invalid JSON at offset 7: unexpected data "
	      "after the end of the JSON value");
}

DEFINE_TEST(test_split_oversized)
{
	const char *doc = "{\"Records\":[{\"a\":\"0123456789abcdef\"},{}]}";
	size_t steps[] = {0, 1, 5};

	for (size_t i = 0; i < 3; i++) {
		assert_str(
		        run(doc, steps[i], 16),
		        "R@12!record of 24 bytes exceeds the size limit of 16 "
		        "bytes (fixed: no option raises it)(24)|R@37:{}|OK");
	}
	assert_str(run("{\"a\":\"0123456789abcdef0123\"}\n{}\n", 3, 16),
	           "T@0!record of 28 bytes exceeds the size limit of 16 bytes "
	           "(fixed: no option raises it)(28)|T@29:{}|OK");
	/* issue 3, review 3: a cut line of JSON Lines is found before the
	 * lines it swallows make it too big, whatever the chunks */
	for (size_t i = 0; i < 3; i++) {
		assert_str(run("{\"a\":1}\n{\"b\":\n{\"c\":3}\n{\"d\":4}\n"
		               "{\"e\":5}\n",
		               steps[i], 16),
		           "T@0:{\"a\":1}|T@8!" P_LINE "(5)|T@14:{\"c\":3}|"
		           "T@22:{\"d\":4}|T@30:{\"e\":5}|OK");
		/* a bad line longer than the limit is skipped, not kept */
		assert_str(run("{\"a\":1}\nnot json, and too long\n{\"b\":2}",
		               steps[i], 16),
		           "T@0:{\"a\":1}|T@8!not a JSON object or array(22)|"
		           "T@31:{\"b\":2}|OK");
		/* a cut line longer than the limit: before, its skipping
		 * ran on into the next lines and stopped the file there */
		assert_str(run("{\"a\":1}\n{\"b\":\"0123456789abcdef\n"
		               "{\"c\":3}\n{\"d\":\"x\"}\n",
		               steps[i], 16),
		           "T@0:{\"a\":1}|T@8!" P_LINE "(22)|T@31:{\"c\":3}|"
		           "T@39:{\"d\":\"x\"}|OK");
		/* ... and one whose next line is not a record goes on as a
		 * record on several lines */
		assert_str(
		        run("{\"a\":1}\n{\"b\":\"0123456789abcdef\",\n"
		            "\"e\":1}\n{\"c\":3}\n",
		            steps[i], 16),
		        "T@0:{\"a\":1}|T@8!record of 31 bytes exceeds the size "
		        "limit of 16 bytes (fixed: no option raises it)(31)|"
		        "T@40:{\"c\":3}|OK");
		/* review 7: a cut record whose next line is no record took
		 * the lines after it, over the limit, and the file stopped
		 * at its end: it is its first line and the lines that begin
		 * no value, and the lines it took are read again */
		assert_str(run("{\"a\":1}\n{\"b\":1,\ngarbage\n{\"c\":3}\n"
		               "{\"d\":4}\n{\"e\":5}\n",
		               steps[i], 16),
		           "T@0:{\"a\":1}|T@8!" P_LINE "(15)|T@24:{\"c\":3}|"
		           "T@32:{\"d\":4}|T@40:{\"e\":5}|OK");
		/* ... and so a cut line over the limit itself */
		assert_str(run("{\"a\":1}\n{\"b\":\"0123456789abcdef\n"
		               "garbage\n{\"c\":3}\n",
		               steps[i], 16),
		           "T@0:{\"a\":1}|T@8!record of 30 bytes exceeds the "
		           "size limit of 16 bytes (fixed: no option raises "
		           "it)(30)|T@39:{\"c\":3}|OK");
		/* the last line over the limit, its bytes gone */
		assert_str(run("{\"a\":1}\n{\"eventID\":\"0123456789abcdef\n",
		               steps[i], 16),
		           "T@0:{\"a\":1}|T@8!" P_END "(29)|OK");
	}
}

DEFINE_TEST(test_split_stop_and_state)
{
	splitter *s;
	strbuf sb;

	strbuf_init(&sb);
	s = split_new(1024, log_item, &sb);
	assert_int(split_feed(s, "{\"Events\":[{},{}", 16), ==, 0);
	assert_int(split_items(s), ==, 2);
	assert_int(split_first_container(s), ==, SPLIT_EVENTS);
	assert_int(split_multi_top(s), ==, 0);
	assert_int(split_empty(s), ==, 0);
	assert_int(split_finish(s), ==, -1);
	assert_int(split_error_offset(s), ==, 16);
	split_free(s);
	strbuf_free(&sb);
}

/* The measure callback does the work when the whole object is there,
 * and the scan takes over when it cannot tell. */
DEFINE_TEST(test_split_measure)
{
	const char *doc = "{\"Records\":[{\"a\":1},{\"b\":[2,{}]},{\"c\":x}]}";

	n_measured = 0;
	use_measure = 1;
	/* all at once: the first two measured; the third is malformed, so
	 * the scan finds its end and record.c reports it later */
	assert_str(run(doc, 0, 0),
	           "R@12:{\"a\":1}|R@20:{\"b\":[2,{}]}|R@33:{\"c\":x}|OK");
	assert_int(n_measured, ==, 2);
	/* byte by byte: never a whole object in the buffer at its start */
	n_measured = 0;
	assert_str(run(doc, 1, 0),
	           "R@12:{\"a\":1}|R@20:{\"b\":[2,{}]}|R@33:{\"c\":x}|OK");
	assert_int(n_measured, ==, 0);
	use_measure = 0;
}
