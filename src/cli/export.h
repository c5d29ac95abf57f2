/*
 * export.h - `svcgen export`: every record as CSV (one kind) or NDJSON, in
 * the shape docs/import-export.md gives, and the CSV columns of a kind,
 * which `svcgen import` reads back.
 */
#ifndef SVCGEN_EXPORT_H
#define SVCGEN_EXPORT_H

#include <stddef.h>

#include "base/util.h"

/*
 * A CSV column of a kind: a field (`fault` too when a row gives the
 * whole object as JSON), a field of a nested object (`fault.category`,
 * sub >= 0), or the Markdown body (field -1). json: the cell is JSON (a
 * list, a map, a nested object's list).
 */
struct export_column {
	char name[64];
	int field, sub; /* schema_fields indexes; -1 when none */
	int json;
};

/* The columns of kind, in the schema's order, `body` last; *n of them (a newly allocated array). */
struct export_column *export_columns(int kind, size_t *n);

/*
 * The CSV cell of s[0..n) (RFC 4180): quoted when it holds a comma, a
 * quote, CR or LF; a text starting with = + - @ a tab, CR or ' gets a
 * leading ' (OWASP's guard against formulas), which import takes off
 * again; a plain number does not.
 */
void export_csv_cell(struct buf *b, const char *s, size_t n);

/* svcgen export's arguments (after the command's name); the exit status. */
int export_main(int argc, char **argv);

#endif
