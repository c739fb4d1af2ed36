/* test_jpath.c -- values out of findings' data by path. */
#include "config.h"

#include <string.h>

#include "test.h"
#include "../../src/report/jpath.h"

static const char doc[] =
        "{\"report\":\"memberships\",\"row\":{\"group\":{\"id\":\"g-1\","
        "\"name\":\"aws-\\u00e9quipe\"},\"added\":null,\"n\":42,"
        "\"open\":true,\"actors\":[\"maria\",\"tomasz\",null],"
        "\"mixed\":[1,{\"a\":2}],\"empty\":[],\"x.y\":1}}";

static const char *
text(const char *path, int want_rc)
{
	static strbuf sb;

	strbuf_reset(&sb);
	assert_int(jpath_get_text(doc, strlen(doc), path, &sb), ==, want_rc);
	return strbuf_str(&sb);
}

DEFINE_TEST(test_jpath_scalars)
{
	assert_str(text("report", 1), "memberships");
	assert_str(text("row.group.id", 1), "g-1");
	assert_str(text("row.group.name", 1), "aws-\xc3\xa9quipe");
	assert_str(text("row.n", 1), "42");
	assert_str(text("row.open", 1), "true");
	assert_str(text("row.added", 1), "");
	assert_str(text("row.actors.1", 1), "tomasz");
}

DEFINE_TEST(test_jpath_containers)
{
	struct jval v;

	assert_str(text("row.actors", 1), "maria, tomasz");
	assert_str(text("row.mixed", 1), "[1,{\"a\":2}]");
	assert_str(text("row.empty", 1), "");
	assert_str(text("row.group", 1),
	           "{\"id\":\"g-1\",\"name\":\"aws-\\u00e9quipe\"}");
	assert_int(jpath_find(doc, strlen(doc), NULL, &v), ==, 1);
	assert_int((int)v.type, ==, (int)JT_OBJ_BEGIN);
	assert_int((int)(v.end - v.off), ==, (int)strlen(doc));
	assert_int(jpath_find(doc, strlen(doc), "row.group", &v), ==, 1);
	assert_int(v.doc[v.end - 1], ==, '}');
}

DEFINE_TEST(test_jpath_missing)
{
	assert_str(text("row.nothing", 0), "");
	assert_str(text("row.group.id.deeper", 0), "");
	assert_str(text("row.actors.3", 0), "");
	assert_str(text("row.actors.x", 0), "");
	assert_str(text("row.x.y", 0), "");
	assert_str(text("nothing.at.all", 0), "");
}

DEFINE_TEST(test_jpath_invalid)
{
	static const char *const bad[] = {"", "{", "{\"a\":}", "[1,]",
	                                  "{\"a\":1}x"};
	struct jval v;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int(jpath_find(bad[i], strlen(bad[i]), "a", &v), ==, -1);
	}
}
