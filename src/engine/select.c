/* select.c -- selection expressions (see select.h).
 *
 * A recursive-descent parser builds a tree of nodes in one array; the
 * grammar's nesting is bounded by the text's length, and parentheses
 * deeper than SELECT_MAX_DEPTH are refused so the C stack is safe. */
#include "config.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "select.h"
#include "../util/xmalloc.h"

#define SELECT_MAX_DEPTH 64

enum op { OP_NAME, OP_ALL, OP_NOT, OP_AND, OP_OR };

struct node {
	enum op op; /* what the node does */
	int a, b;   /* operands (node indexes) */
	char *name; /* OP_NAME: the name */
};

struct select_expr {
	struct node *v; /* nodes, children before parents */
	int n;          /* nodes used */
	int root;       /* the node of the whole expression */
	char **names;   /* OP_NAME names in order */
	int n_names;    /* entries in names */
};

struct parser {
	select_expr *x; /* being built */
	const char *s;  /* next character */
	char tok[256];  /* current token */
	int depth;      /* parentheses open */
	char *err;      /* message buffer */
	size_t cap;     /* its size */
	int failed;     /* an error was reported */
};

static int
name_char(int c)
{
	return isalnum(c) || c == '.' || c == '-' || c == '_' || c == '*' ||
	       c == '?';
}

/* Read the next token into p->tok ("" at the end). */
static void
next(struct parser *p)
{
	size_t n = 0;

	while (isspace((unsigned char)*p->s)) {
		p->s++;
	}
	if (*p->s == '(' || *p->s == ')') {
		p->tok[n++] = *p->s++;
	} else {
		while (name_char((unsigned char)*p->s) &&
		       n < sizeof(p->tok) - 1) {
			p->tok[n++] = *p->s++;
		}
		if (n == 0 && *p->s) {
			snprintf(p->err, p->cap,
			         "unexpected '%c' in selection expression",
			         *p->s);
			p->failed = 1;
		}
	}
	p->tok[n] = '\0';
}

static int
node(struct parser *p, enum op op, int a, int b, const char *name)
{
	select_expr *x = p->x;

	x->v = xrealloc(x->v, ((size_t)x->n + 1) * sizeof(*x->v));
	x->v[x->n].op = op;
	x->v[x->n].a = a;
	x->v[x->n].b = b;
	x->v[x->n].name = name ? xstrdup(name) : NULL;
	if (op == OP_NAME) {
		x->names = xrealloc(x->names,
		                    ((size_t)x->n_names + 1) * sizeof(char *));
		x->names[x->n_names++] = x->v[x->n].name;
	}
	return x->n++;
}

static int
is_word(const char *tok)
{
	return strcmp(tok, "and") == 0 || strcmp(tok, "or") == 0 ||
	       strcmp(tok, "not") == 0;
}

static int parse_or(struct parser *p);

static int
parse_factor(struct parser *p)
{
	int a;

	if (p->failed) {
		return -1;
	}
	if (strcmp(p->tok, "not") == 0 || strcmp(p->tok, "(") == 0) {
		if (++p->depth > SELECT_MAX_DEPTH) {
			snprintf(p->err, p->cap,
			         "selection expression nested too deeply");
			p->failed = 1;
			return -1;
		}
	}
	if (strcmp(p->tok, "not") == 0) {
		next(p);
		a = parse_factor(p);
		p->depth--;
		return a < 0 ? -1 : node(p, OP_NOT, a, -1, NULL);
	}
	if (strcmp(p->tok, "(") == 0) {
		next(p);
		a = parse_or(p);
		if (a >= 0 && strcmp(p->tok, ")") != 0) {
			snprintf(p->err, p->cap, "missing ')'");
			p->failed = 1;
			return -1;
		}
		p->depth--;
		next(p);
		return a;
	}
	if (p->tok[0] == '\0' || p->tok[0] == ')' || is_word(p->tok)) {
		if (!p->failed) {
			snprintf(p->err, p->cap,
			         "expected a rule id or tag %s%s%s",
			         p->tok[0] ? "before '" : "at the end", p->tok,
			         p->tok[0] ? "'" : "");
		}
		p->failed = 1;
		return -1;
	}
	a = strcmp(p->tok, "all") == 0 ? node(p, OP_ALL, -1, -1, NULL)
	                               : node(p, OP_NAME, -1, -1, p->tok);
	next(p);
	return a;
}

static int
parse_and(struct parser *p)
{
	int a = parse_factor(p);

	while (a >= 0 && strcmp(p->tok, "and") == 0) {
		int b;

		next(p);
		if ((b = parse_factor(p)) < 0) {
			return -1;
		}
		a = node(p, OP_AND, a, b, NULL);
	}
	return a;
}

static int
parse_or(struct parser *p)
{
	int a = parse_and(p);

	while (a >= 0 && strcmp(p->tok, "or") == 0) {
		int b;

		next(p);
		if ((b = parse_and(p)) < 0) {
			return -1;
		}
		a = node(p, OP_OR, a, b, NULL);
	}
	return a;
}

select_expr *
select_parse(const char *text, char *err, size_t cap)
{
	struct parser p;
	int root;

	memset(&p, 0, sizeof(p));
	p.x = xcalloc(1, sizeof(*p.x));
	p.s = text;
	p.err = err;
	p.cap = cap;
	next(&p);
	root = parse_or(&p);
	if (root >= 0 && p.tok[0] != '\0' && !p.failed) {
		snprintf(err, cap, "unexpected '%s' in selection expression",
		         p.tok);
		p.failed = 1;
	}
	if (root < 0 || p.failed) {
		select_free(p.x);
		return NULL;
	}
	p.x->root = root;
	return p.x;
}

void
select_free(select_expr *x)
{
	if (x == NULL) {
		return;
	}
	for (int i = 0; i < x->n; i++) {
		free(x->v[i].name);
	}
	free(x->v);
	free(x->names);
	free(x);
}

int
select_name_matches(const char *name, const char *id, char *const *tags,
                    int n_tags)
{
	if (fnmatch(name, id, 0) == 0) {
		return 1;
	}
	for (int i = 0; i < n_tags; i++) {
		if (strcmp(name, tags[i]) == 0) {
			return 1;
		}
	}
	return 0;
}

static int
eval(const select_expr *x, int i, const char *id, char *const *tags, int n_tags)
{
	const struct node *n = &x->v[i];

	switch (n->op) {
	case OP_ALL:
		return 1;
	case OP_NAME:
		return select_name_matches(n->name, id, tags, n_tags);
	case OP_NOT:
		return !eval(x, n->a, id, tags, n_tags);
	case OP_AND:
		return eval(x, n->a, id, tags, n_tags) &&
		       eval(x, n->b, id, tags, n_tags);
	default:
		return eval(x, n->a, id, tags, n_tags) ||
		       eval(x, n->b, id, tags, n_tags);
	}
}

int
select_match(const select_expr *x, const char *id, char *const *tags,
             int n_tags)
{
	return eval(x, x->root, id, tags, n_tags);
}

int
select_n_names(const select_expr *x)
{
	return x->n_names;
}

const char *
select_name(const select_expr *x, int i)
{
	return x->names[i];
}
