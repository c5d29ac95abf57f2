/*
 * print.h - the figures as svcgen stats prints them (docs/metrics.md):
 * a table for the terminal, CSV, JSON; and the one writer of CSV text
 * cells, which the site's CSV files use too.
 */
#ifndef SVCGEN_STATS_PRINT_H
#define SVCGEN_STATS_PRINT_H

#include "base/util.h"
#include "stats/figures.h"

enum stats_format { STATS_TABLE, STATS_CSV, STATS_JSON };

/* The figures as svcgen stats prints them; dims: which breakdowns (bits of 1 << dim). */
void stats_print(struct buf *out, const struct stats *s, enum stats_format f, unsigned dims);

/*
 * The words of the table (STATS_TABLE) in the reader's language, from the
 * label catalogue; borrowed. A NULL word, or no stats_words at all, is the
 * JSON's name (follow_up_rate, met). CSV and JSON keep the names: they are
 * read by programs.
 */
struct stats_table_words {
	const char *metric[METRIC__COUNT];
	const char *complaints; /* the row of complaints (closed share) */
	const char *dim[DIM__COUNT];
	const char *all, *metric_head, *value, *num, *den, *target, *status, *met, *missed, *na;
	const char *within; /* the share within the target of a metric in hours */
};
void stats_print_words(struct buf *out, const struct stats *s, enum stats_format f, unsigned dims,
                       const struct stats_table_words *w);

/*
 * Appends the text s as one CSV field (RFC 4180): quoted when it holds a
 * comma, a quote or a line break; a text a spreadsheet would run as a
 * formula (starting with = + - @, a tab or a carriage return) is quoted
 * with a ' before it. The one writer of text cells of every CSV svcgen
 * writes; numbers are written as they are, never through it.
 */
void stats_csv_field(struct buf *b, const char *s);

#endif
