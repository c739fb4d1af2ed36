/* audit.c -- refuse an index holding what trailsift never makes (see
 * index.h, index_audit).
 *
 * An index is a file investigators hand each other, and SQLite keeps
 * logic in it: a trigger runs inside the statements of whoever opens
 * the file, a UNIQUE index makes the writer's INSERT OR IGNORE drop
 * what it matches (counted as a duplicate), a CHECK or COLLATE edited
 * into a table does the same or merges strings, and a view redefined
 * under the name `events` hides rows from every report.  Reading an
 * index must not run its maker's logic, so every open compares the
 * file's schema with the one this trailsift creates:
 *
 *   - a trigger refuses the index (trailsift never makes one; the
 *     connections also have triggers off, see index.c);
 *   - a UNIQUE index whose table and key columns are not one of the
 *     schema's own refuses it (a user's plain index, which changes only
 *     how fast a query runs, is welcome: trailsift-index(5) says so);
 *   - a table, view or index named as one of the schema's own whose
 *     CREATE statement differs from the schema's in anything but
 *     comments, spacing and letter case refuses it.  Versions older
 *     than this one had other statements and are checked this way once
 *     the writer has upgraded them (version 1 had a unique index on
 *     eid, which the upgrade replaces).
 *
 * Other tables and views (a user's own) are left alone: nothing of
 * trailsift reads them. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "../util/err.h"
#include "../util/strbuf.h"
#include "index.h"

/* What any refusal ends with. */
#define TAMPERED                                                               \
	"; it may have been tampered with: ingest the original logs into a "   \
	"new index"

/* Append sql to out as its tokens, one space apart: no comments,
 * whitespace collapsed, letters outside quotes in lower case.  Two
 * statements SQLite reads alike, as far as the schema goes, give the
 * same text. */
static void
normalize(strbuf *out, const char *sql)
{
	const char *s = sql;

	strbuf_reset(out);
	while (*s) {
		if (isspace((unsigned char)*s)) {
			s++;
		} else if (s[0] == '-' && s[1] == '-') {
			s += strcspn(s, "\n");
		} else if (s[0] == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");

			s = e ? e + 2 : s + strlen(s);
		} else if (*s == '\'' || *s == '"' || *s == '`' || *s == '[') {
			char close = *s == '[' ? ']' : *s;
			const char *b = s++;

			/* a doubled quote is one quote inside */
			while (*s && !(*s == close && s[1] != close)) {
				s += *s == close ? 2 : 1;
			}
			if (*s) {
				s++;
			}
			if (out->len) {
				strbuf_addc(out, ' ');
			}
			strbuf_add(out, b, (size_t)(s - b));
		} else {
			if (out->len) {
				strbuf_addc(out, ' ');
			}
			if (isalnum((unsigned char)*s) || *s == '_' ||
			    (unsigned char)*s >= 0x80) {
				while (isalnum((unsigned char)*s) ||
				       *s == '_' || (unsigned char)*s >= 0x80) {
					strbuf_addc(out,
					            (char)tolower(
					                    (unsigned char)*s));
					s++;
				}
			} else {
				strbuf_addc(out, *s++);
			}
		}
	}
}

/* The key of each UNIQUE index on table (the table, the columns, an
 * expression as "<expr>", with their collations, and "where" for a
 * partial one), a tab and the index's name, in sb, one per line. */
static int
unique_keys(sqlite3 *db, const char *table, strbuf *sb)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(
	        db,
	        "SELECT l.name, l.partial, "
	        "(SELECT group_concat(coalesce(x.name, '<expr>') || ' ' || "
	        "x.coll, ',') FROM pragma_index_xinfo(l.name) x "
	        "WHERE x.key) "
	        "FROM pragma_index_list(?1) l WHERE l.\"unique\" ORDER BY 3",
	        -1, &st, NULL);
	if (rc != SQLITE_OK) {
		return -1;
	}
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		strbuf_addf(sb, "%s(%s)%s\t%s\n", table,
		            (const char *)sqlite3_column_text(st, 2),
		            sqlite3_column_int(st, 1) ? " where" : "",
		            (const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* A name as it may be quoted in a message. */
static const char *
shown(strbuf *sb, const unsigned char *name)
{
	strbuf_reset(sb);
	strbuf_add_visible(sb, (const char *)name,
	                   name ? strlen((const char *)name) : 0);
	return strbuf_str(sb);
}

/* The schema's own objects, from an empty index made in memory:
 * "type name\tnormalized sql\n" per object in *objs, and the keys of
 * its UNIQUE indexes (see unique_keys) in *keys. */
static int
expected(strbuf *objs, strbuf *keys, ts_err *err)
{
	sqlite3 *mem = NULL;
	sqlite3_stmt *st = NULL;
	strbuf norm;
	int rc = TS_FATAL;

	strbuf_init(&norm);
	if (sqlite3_open_v2(":memory:", &mem,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK ||
	    index_schema_into(mem, err) != TS_OK) {
		if (err->code == TS_OK) {
			ts_fail(err, TS_FATAL, "index: the schema: %s",
			        sqlite3_errmsg(mem));
		}
		goto out;
	}
	if (sqlite3_prepare_v2(mem,
	                       "SELECT type, name, sql FROM sqlite_master "
	                       "WHERE sql IS NOT NULL",
	                       -1, &st, NULL) != SQLITE_OK) {
		ts_fail(err, TS_FATAL, "index: the schema: %s",
		        sqlite3_errmsg(mem));
		goto out;
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);

		normalize(&norm, (const char *)sqlite3_column_text(st, 2));
		strbuf_addf(objs, "%s %s\t%s\n", type, name, strbuf_str(&norm));
		if (strcmp(type, "table") == 0 &&
		    unique_keys(mem, name, keys) < 0) {
			ts_fail(err, TS_FATAL, "index: the schema: %s",
			        sqlite3_errmsg(mem));
			goto out;
		}
	}
	rc = TS_OK;
out:
	sqlite3_finalize(st);
	sqlite3_close(mem);
	strbuf_free(&norm);
	return rc;
}

/* The line of objs for type and name, or NULL. */
static const char *
find_object(const strbuf *objs, const char *type, const char *name)
{
	size_t tl = strlen(type), nl = strlen(name);

	for (const char *l = strbuf_str(objs); *l; l = strchr(l, '\n') + 1) {
		if (strncmp(l, type, tl) == 0 && l[tl] == ' ' &&
		    strncmp(l + tl + 1, name, nl) == 0 &&
		    l[tl + 1 + nl] == '\t') {
			return l + tl + 1 + nl + 1;
		}
	}
	return NULL;
}

/* Is key[0..len) (up to its tab) a key of one of keys' lines? */
static int
has_key(const strbuf *keys, const char *key, size_t len)
{
	for (const char *l = strbuf_str(keys); *l; l = strchr(l, '\n') + 1) {
		if (strncmp(l, key, len) == 0 && l[len] == '\t') {
			return 1;
		}
	}
	return 0;
}

int
index_audit(sqlite3 *db, const char *path, int version, ts_err *err)
{
	int full = version == INDEX_SCHEMA_VERSION;
	strbuf objs, keys, found, norm, name;
	sqlite3_stmt *st = NULL;
	int rc = TS_FATAL, step;

	strbuf_init(&objs);
	strbuf_init(&keys);
	strbuf_init(&found);
	strbuf_init(&norm);
	strbuf_init(&name);
	if (expected(&objs, &keys, err) != TS_OK) {
		goto out;
	}
	if (version == 1) {
		/* version 1's unique eventIDs (see index.c, upgrade()) */
		strbuf_adds(&keys, "event(eid BINARY)\tevent_eid\n");
	}
	if (sqlite3_prepare_v2(db, "SELECT type, name, sql FROM sqlite_master",
	                       -1, &st, NULL) != SQLITE_OK) {
		ts_fail(err, TS_FATAL, "%s: cannot read the index: %s", path,
		        sqlite3_errmsg(db));
		goto out;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const unsigned char *n = sqlite3_column_text(st, 1);
		const char *sql = (const char *)sqlite3_column_text(st, 2);
		const char *want;

		if (type == NULL || n == NULL) {
			continue;
		}
		if (strcmp(type, "trigger") == 0) {
			ts_fail(err, TS_FATAL,
			        "%s: the index holds a trigger, '%s', which "
			        "trailsift never makes: it would run inside "
			        "trailsift's own statements" TAMPERED,
			        path, shown(&name, n));
			goto out;
		}
		if (!full || sql == NULL ||
		    (want = find_object(&objs, type, (const char *)n)) ==
		            NULL) {
			continue;
		}
		normalize(&norm, sql);
		if (strncmp(want, strbuf_str(&norm), norm.len) != 0 ||
		    want[norm.len] != '\n') {
			ts_fail(err, TS_FATAL,
			        "%s: the index's %s '%s' is not as trailsift "
			        "makes it" TAMPERED,
			        path, type, shown(&name, n));
			goto out;
		}
	}
	sqlite3_finalize(st);
	st = NULL;
	if (step != SQLITE_DONE) {
		ts_fail(err, TS_FATAL, "%s: cannot read the index: %s", path,
		        sqlite3_errmsg(db));
		goto out;
	}
	/* every UNIQUE index on a table of the schema's own */
	for (const char *l = strbuf_str(&objs); *l; l = strchr(l, '\n') + 1) {
		char table[64];

		if (sscanf(l, "table %63[^\t]", table) != 1) {
			continue;
		}
		if (unique_keys(db, table, &found) < 0) {
			ts_fail(err, TS_FATAL, "%s: cannot read the index: %s",
			        path, sqlite3_errmsg(db));
			goto out;
		}
	}
	for (const char *l = strbuf_str(&found); *l; l = strchr(l, '\n') + 1) {
		const char *tab = strchr(l, '\t');

		if (!has_key(&keys, l, (size_t)(tab - l))) {
			strbuf_reset(&norm);
			strbuf_add(&norm, tab + 1,
			           (size_t)(strchr(tab, '\n') - tab - 1));
			ts_fail(err, TS_FATAL,
			        "%s: the index holds a unique index, '%s' on "
			        "%.*s, which trailsift never makes: new rows "
			        "it matches would be dropped as "
			        "duplicates" TAMPERED,
			        path,
			        shown(&name,
			              (const unsigned char *)strbuf_str(&norm)),
			        (int)strcspn(l, "("), l);
			goto out;
		}
	}
	rc = TS_OK;
out:
	sqlite3_finalize(st);
	strbuf_free(&objs);
	strbuf_free(&keys);
	strbuf_free(&found);
	strbuf_free(&norm);
	strbuf_free(&name);
	return rc;
}
