/* json_tok_bench.c -- throughput of the JSON tokenizer on CloudTrail.
 *
 * Not part of `make check`.  `make bench-json` builds it and runs it on
 * the JSON Lines files of ../shared/corpus; by hand, from a configured
 * and built tree:
 *
 *   cc -O2 -I. -Isrc -o json_tok_bench tests/bench/json_tok_bench.c \
 *     libtrailsift.a && ./json_tok_bench [-c] [-m MB] FILE.jsonl...
 *
 * It loads the files (one record per line), repeats them to about 200 MB
 * (-m MB to change that; -c first strips the whitespace between tokens,
 * as CloudTrail itself writes records) and times four passes over every
 * record, best of five runs each:
 *   next     json_tok_next() until JT_END: every token pulled;
 *   record   what record.c will do: top-level and userIdentity keys
 *            pulled, requestParameters/responseElements and every other
 *            nested value skipped with json_tok_skip();
 *   skip     json_tok_skip() from the record's '{': validation only;
 *   utf8     json_tok_utf8_check() over the whole buffer, for scale.
 * Lines that are not valid JSON are counted and left out.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ingest/json_tok.h"

typedef struct line {
	size_t off; /* offset of the record in the big buffer */
	size_t len; /* its length, without the newline */
} line;

static char *data;           /* all records, newline-separated */
static size_t n_data;        /* bytes in data */
static line *lines;          /* one per record */
static size_t n_lines;       /* records in lines[] */
static volatile size_t sink; /* defeats dead-code elimination */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t
pass_next(const char *p, size_t len)
{
	json_tok_state t;
	json_tok tok;
	size_t n = 0;

	json_tok_init(&t, p, len);
	while (json_tok_next(&t, &tok) > JT_END) {
		n++;
	}
	return tok.type == JT_END ? n : 0;
}

/* Pull the keys of the object just opened, skipping every value but
 * userIdentity's members (when `descend`). */
static size_t
pull_object(json_tok_state *t, int descend)
{
	json_tok tok;
	size_t n = 0;

	while (json_tok_next(t, &tok) == JT_KEY) {
		n++;
		if (json_tok_eq(&tok, "requestParameters") ||
		    json_tok_eq(&tok, "responseElements")) {
			json_tok_skip(t, &tok, NULL);
			continue;
		}
		if (descend && json_tok_eq(&tok, "userIdentity")) {
			if (json_tok_next(t, &tok) == JT_OBJ_BEGIN) {
				n += pull_object(t, 0);
			}
			continue;
		}
		if (json_tok_next(t, &tok) == JT_OBJ_BEGIN ||
		    tok.type == JT_ARR_BEGIN) {
			json_tok_skip(t, &tok, NULL);
		}
	}
	return n;
}

static size_t
pass_record(const char *p, size_t len)
{
	json_tok_state t;
	json_tok tok;
	size_t n = 0;

	json_tok_init(&t, p, len);
	if (json_tok_next(&t, &tok) == JT_OBJ_BEGIN) {
		n = pull_object(&t, 1);
	}
	return json_tok_next(&t, &tok) == JT_END ? n : 0;
}

static size_t
pass_skip(const char *p, size_t len)
{
	json_tok_state t;
	json_tok tok;
	size_t end = 0;

	json_tok_init(&t, p, len);
	json_tok_next(&t, &tok);
	json_tok_skip(&t, &tok, &end);
	return end;
}

static size_t
pass_utf8(const char *p, size_t len)
{
	size_t bad = 0;

	return (size_t)json_tok_utf8_check(p, len, &bad);
}

static void
run(const char *name, size_t (*fn)(const char *, size_t))
{
	double best = 1e9;

	for (int r = 0; r < 5; r++) {
		double t0 = now();
		size_t s = 0;

		for (size_t i = 0; i < n_lines; i++) {
			s += fn(data + lines[i].off, lines[i].len);
		}
		double dt = now() - t0;

		sink = s;
		if (dt < best) {
			best = dt;
		}
	}
	printf("%-8s %8.0f MB/s  (%.3f s for %.1f MB)\n", name,
	       (double)n_data / 1e6 / best, best, (double)n_data / 1e6);
}

static void
add_line(const char *p, size_t len)
{
	static size_t cap;

	if (n_lines == cap) {
		cap = cap ? cap * 2 : 1024;
		lines = realloc(lines, cap * sizeof(*lines));
	}
	lines[n_lines].off = (size_t)(p - data);
	lines[n_lines].len = len;
	n_lines++;
}

/* Drop the whitespace outside strings in p[0..len); returns the new
 * length. */
static size_t
compact(char *p, size_t len)
{
	size_t w = 0;
	int in_str = 0;

	for (size_t i = 0; i < len; i++) {
		char c = p[i];

		if (in_str) {
			if (c == '\\' && i + 1 < len) {
				p[w++] = c;
				c = p[++i];
			} else if (c == '"') {
				in_str = 0;
			}
		} else if (c == ' ' || c == '\t' || c == '\r') {
			continue;
		} else if (c == '"') {
			in_str = 1;
		}
		p[w++] = c;
	}
	return w;
}

/* Read the files into one buffer, repeated to `target` bytes, keeping only
 * the lines the tokenizer accepts. */
static int
load(char **paths, int n_paths, size_t target, int squeeze)
{
	size_t n_one = 0, n_bad = 0;
	char *one = NULL;

	for (int i = 0; i < n_paths; i++) {
		FILE *fp = fopen(paths[i], "rb");
		char chunk[65536];
		size_t k;

		if (fp == NULL) {
			perror(paths[i]);
			return -1;
		}
		while ((k = fread(chunk, 1, sizeof(chunk), fp)) > 0) {
			one = realloc(one, n_one + k + 1);
			memcpy(one + n_one, chunk, k);
			n_one += k;
		}
		fclose(fp);
		if (n_one > 0 && one[n_one - 1] != '\n') {
			one[n_one++] = '\n';
		}
	}
	if (squeeze) {
		n_one = compact(one, n_one);
	}
	if (n_one == 0) {
		fprintf(stderr, "no input\n");
		return -1;
	}
	data = malloc(target + n_one);
	while (n_data < target) {
		memcpy(data + n_data, one, n_one);
		n_data += n_one;
	}
	free(one);
	for (char *p = data, *end = data + n_data; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));

		if (pass_next(p, (size_t)(nl - p)) > 0) {
			add_line(p, (size_t)(nl - p));
		} else {
			n_bad++;
		}
		p = nl + 1;
	}
	printf("%zu records, %zu rejected lines, %.1f MB\n", n_lines, n_bad,
	       (double)n_data / 1e6);
	return 0;
}

int
main(int argc, char **argv)
{
	size_t mb = 200;
	int i = 1, squeeze = 0;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-c") == 0) {
			squeeze = 1;
		} else if (strcmp(argv[i], "-m") == 0 && i + 1 < argc) {
			mb = (size_t)atol(argv[++i]);
		} else {
			break;
		}
	}
	if (i >= argc) {
		fprintf(stderr,
		        "usage: json_tok_bench [-c] [-m MB] FILE.jsonl...\n");
		return 2;
	}
	if (load(argv + i, argc - i, mb * 1000000, squeeze) != 0) {
		return 1;
	}
	run("next", pass_next);
	run("record", pass_record);
	run("skip", pass_skip);
	run("utf8", pass_utf8);
	return 0;
}
