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
 *   - an object named as one of the schema's own (in any case, as
 *     SQLite looks names up) that is not of its kind or whose CREATE
 *     statement differs in more than comments, spacing and letter case
 *     from the schema's or from one an earlier version made
 *     (schema-history.inc, written by tools/schema-history) refuses it
 *     (version 1 also had a unique index on eid, which the upgrade
 *     replaces);
 *   - in an index of this version, a table, view or index of the schema
 *     missing refuses it, but for the indexes a bulk load makes at its
 *     end (`optional`).
 *
 * Other tables and views (a user's own) are left alone: nothing of
 * trailsift reads them. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

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

/* Statements earlier versions made (tools/schema-history writes the
 * file): an index made by an older trailsift, read as it is or
 * upgraded (which remakes only what it must), holds them. */
static const char *const history[][3] = {
#include "index/schema-history.inc"
};

/* Indexes of the schema an index may lack: the writer drops them for a
 * bulk load and makes them again at its end, which a killed ingest
 * never reaches (the next one does). */
static const char *const optional[] = {"event_eid", "event_name",
                                       "event_account", "event_principal",
                                       "source_parent"};

/* The schema's own objects, from an empty index made in memory:
 * "type name\tnormalized sql\n" per object in *objs, then those of
 * earlier versions (history), and the keys of its UNIQUE indexes (see
 * unique_keys) in *keys.  *n_current: the bytes of objs that are this
 * version's. */
static int
expected(strbuf *objs, size_t *n_current, strbuf *keys, ts_err *err)
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
	*n_current = objs->len;
	for (size_t i = 0; i < sizeof(history) / sizeof(history[0]); i++) {
		normalize(&norm, history[i][2]);
		strbuf_addf(objs, "%s %s\t%s\n", history[i][0], history[i][1],
		            strbuf_str(&norm));
	}
	rc = TS_OK;
out:
	sqlite3_finalize(st);
	sqlite3_close(mem);
	strbuf_free(&norm);
	return rc;
}

/* An object of the file, its name compared as SQLite does (ASCII
 * letters in either case), against the schema's: 0 when no object of
 * the schema has its name (a user's own), 1 when one of that name has
 * its type and statement (norm, normalized), -1 when none does (another
 * statement, or another kind of object under the name: a table named
 * "Events" is what a query of events reads). */
static int
check_object(const strbuf *objs, const char *type, const char *name,
             const strbuf *norm)
{
	size_t tl = strlen(type), nl = strlen(name);
	int named = 0;

	for (const char *l = strbuf_str(objs); *l; l = strchr(l, '\n') + 1) {
		const char *n = strchr(l, ' ') + 1;
		const char *sql = strchr(n, '\t') + 1;

		if ((size_t)(sql - 1 - n) != nl ||
		    strncasecmp(n, name, nl) != 0) {
			continue;
		}
		named = 1;
		if ((size_t)(n - 1 - l) == tl && strncmp(l, type, tl) == 0 &&
		    strncmp(sql, strbuf_str(norm), norm->len) == 0 &&
		    sql[norm->len] == '\n') {
			return 1;
		}
	}
	return named ? -1 : 0;
}

/* Has db an object named name (in any case)? */
static int
has_object(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(db,
	                       "SELECT 1 FROM sqlite_master WHERE name = ?1 "
	                       "COLLATE NOCASE",
	                       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		found = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return found;
}

/* Is name one of the optional indexes? */
static int
is_optional(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(optional) / sizeof(optional[0]); i++) {
		if (strlen(optional[i]) == len &&
		    strncmp(optional[i], name, len) == 0) {
			return 1;
		}
	}
	return 0;
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
	strbuf objs, keys, found, norm, name;
	sqlite3_stmt *st = NULL;
	size_t n_current = 0;
	int rc = TS_FATAL, step;

	strbuf_init(&objs);
	strbuf_init(&keys);
	strbuf_init(&found);
	strbuf_init(&norm);
	strbuf_init(&name);
	if (expected(&objs, &n_current, &keys, err) != TS_OK) {
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
		if (sql == NULL) {
			continue; /* SQLite's own: a UNIQUE's, a key's */
		}
		normalize(&norm, sql);
		if (check_object(&objs, type, (const char *)n, &norm) < 0) {
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
	/* every UNIQUE index on a table of the schema's own; and, in an
	 * index of this version, every object of the schema there but an
	 * optional index (without event_key, copies of an event would be
	 * stored twice and moved to `rejected` as conflicts) */
	for (const char *l = strbuf_str(&objs); l < objs.buf + n_current;
	     l = strchr(l, '\n') + 1) {
		const char *n = strchr(l, ' ') + 1;
		size_t nl = (size_t)(strchr(n, '\t') - n);
		char table[64];

		strbuf_reset(&name);
		strbuf_add(&name, n, nl);
		if (version == INDEX_SCHEMA_VERSION && !is_optional(n, nl) &&
		    !has_object(db, strbuf_str(&name))) {
			ts_fail(err, TS_FATAL,
			        "%s: the index has no %.*s '%s', which "
			        "trailsift makes in every index" TAMPERED,
			        path, (int)(n - 1 - l), l, strbuf_str(&name));
			goto out;
		}
		if (sscanf(l, "table %63[^\t]", table) == 1 &&
		    unique_keys(db, table, &found) < 0) {
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
