/* luasrc.h -- find where a rule file's text declares a table field.
 *
 * Lua keeps no line for the fields of a table constructor, so an error
 * found after loading -- SQLite rejecting a rule's `where` when the rule
 * runs -- cannot learn from Lua where the field was written.  This
 * module reads the file's text instead, with enough of Lua's lexer to
 * skip comments and strings (long brackets included) and to count lines
 * as Lua does.  Used by rule.c; borrows the text, keeps nothing. */
#ifndef TS_LUASRC_H
#define TS_LUASRC_H

#include <stddef.h>

/* The line (from 1) of the field `name = ...` of a table constructor in
 * text: the name right after '{', ',' or ';' inside braces, followed by
 * '=' (not '==').  0 when text has no such field or more than one, so
 * that the answer is never a guess between two places. */
int luasrc_field_line(const char *text, size_t len, const char *name);

#endif
