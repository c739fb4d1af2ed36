/* rule_test.h -- `trailsift rules test`: rules against their fixtures,
 * and the inline tests of the Lua modules.
 *
 * A rule's fixtures sit beside it in <rule>.test/:
 *   events.jsonl    CloudTrail records, one per line (any format ingest
 *                   reads works; JSON Lines is the convention)
 *   expected.jsonl  the findings, one per line, exactly as
 *                   `trailsift rules run -f json` prints them
 *   args            optional: one RULE-ID.NAME=VALUE per line (# starts
 *                   a comment)
 * The events are ingested into an in-memory index (index_open(":memory:")
 * and pipeline_ingest_into()), whose source path is then set to the
 * fixture's path so that output never depends on where the test ran;
 * the index is made query_only and the rule runs as under `rules run`.
 * The findings must equal expected.jsonl line for line; a difference is
 * printed as a unified diff.  Built-in rules carry their fixtures in the
 * binary. */
#ifndef TS_RULE_TEST_H
#define TS_RULE_TEST_H

#include <stdio.h>

#include "catalog.h"
#include "sandbox.h"

struct rule_test_stats {
	int passed;  /* tests that passed */
	int failed;  /* tests that failed */
	int skipped; /* rules without fixtures, modules without tests */
};

/* Test one rule, printing one line (and a diff or the error) on fp.
 * named: the user asked for this rule, so missing fixtures fail rather
 * than skip.  update: write what the rule found to expected.jsonl
 * instead of comparing (rules on disk only). */
void rule_test_run(const catalog *cat, const struct rule_src *src,
                   const struct sandbox_limits *lim, int named, int update,
                   FILE *fp, struct rule_test_stats *st);

/* Run the _test functions of every module the catalog can load. */
void rule_test_lib(catalog *cat, const struct sandbox_limits *lim, FILE *fp,
                   struct rule_test_stats *st);

/* The first line of the rule's expected.jsonl, or NULL (caller frees):
 * the sample finding `rules help` shows. */
char *rule_test_sample(const catalog *cat, const struct rule_src *src);

#endif
