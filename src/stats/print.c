/* print.c - svcgen stats output: JSON (docs/metrics.md), CSV, a table. */
#include "stats/print.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "model/value.h"

/* A target or a threshold, as the JSON writes it. */
static void
S_double(struct buf *b, double d)
{
	stats_format_json_ratio(b, (int64_t)llround(d * 1000), 1000);
}

/* A JSON string, escaped as everywhere else (escape.c). */
static void
S_json_str(struct buf *b, const char *s)
{
	json_escape(b, s, strlen(s));
}

/* A metric's figure as a JSON object. */
static void
S_json_figure(struct buf *b, int m, const struct figure *f)
{
	buf_adds(b, "{\"value\": ");
	if (!f->has_value) {
		buf_adds(b, "null");
	} else if (stats_is_duration(m)) {
		stats_format_json_ratio(b, f->med2, 2 * stats_unit(m));
	} else {
		stats_format_json_ratio(b, 100 * f->num, f->den);
	}
	if (stats_is_duration(m)) {
		buf_adds(b, ", \"median\": ");
		if (f->has_value)
			stats_format_json_ratio(b, f->med2, 2 * stats_unit(m));
		else
			buf_adds(b, "null");
		buf_adds(b, ", \"p90\": ");
		if (f->has_value)
			stats_format_json_ratio(b, f->p90, stats_unit(m));
		else
			buf_adds(b, "null");
		buf_addf(b, ", \"n\": %lld, \"excluded\": %lld", (long long)f->den,
		         (long long)f->excluded);
	}
	buf_addf(b, ", \"num\": %lld, \"den\": %lld", (long long)f->num, (long long)f->den);
	if (stats_has_within(m)) {
		buf_adds(b, ", \"rate\": ");
		if (f->has_value && f->has_target)
			stats_format_json_ratio(b, 100 * f->num, f->den);
		else
			buf_adds(b, "null");
	}
	buf_adds(b, ", \"target\": ");
	if (f->has_target)
		S_double(b, f->target);
	else
		buf_adds(b, "null");
	buf_adds(b, ", \"target_source\": ");
	if (f->target_source)
		S_json_str(b, f->target_source);
	else
		buf_adds(b, "null");
	buf_addf(b, ", \"met\": %s}", f->met < 0 ? "null" : f->met ? "true" : "false");
}

static void
S_json_counts(struct buf *b, const struct count *v, size_t n)
{
	size_t i;

	buf_addc(b, '{');
	for (i = 0; i < n; i++) {
		buf_adds(b, i ? ", " : "");
		S_json_str(b, v[i].key);
		buf_addf(b, ": %lld", (long long)v[i].n);
	}
	buf_addc(b, '}');
}

/*
 * The keys of a breakdown over every metric, in order: each metric's
 * groups are in the byte order of their keys (months and weeks: their
 * keys sort in time order as text), so their lists are merged.
 */
static size_t
S_dim_keys(const struct stats *s, int dim, int with_complaints, const char ***out)
{
	size_t at[METRIC__COUNT + 1] = {0}, n = 0, cap = 0;
	const char **v = NULL, *min;
	int m, nm = METRIC__COUNT + !!with_complaints;

	/* with_complaints: the complaints' groups too, as a last list */
#define S_MS(m) ((m) < METRIC__COUNT ? &s->m[m] : &s->complaints)
	for (;;) {
		min = NULL;
		for (m = 0; m < nm; m++)
			if (at[m] < S_MS(m)->ngroups[dim] &&
			    (!min || strcmp(S_MS(m)->groups[dim][at[m]].key, min) < 0))
				min = S_MS(m)->groups[dim][at[m]].key;
		if (!min)
			break;
		for (m = 0; m < nm; m++)
			if (at[m] < S_MS(m)->ngroups[dim] &&
			    !strcmp(S_MS(m)->groups[dim][at[m]].key, min))
				at[m]++;
		v = xgrow(v, sizeof(*v), n + 1, &cap);
		v[n++] = min;
	}
	*out = v;
	return n;
#undef S_MS
}

static void
S_json_metrics(struct buf *b, const struct stats *s, int dim, const char *key, const char *pad)
{
	int m;

	buf_addc(b, '{');
	for (m = 0; m < METRIC__COUNT; m++) {
		struct figure none;

		buf_addf(b, "%s\n%s  \"%s\": ", m ? "," : "", pad, metric_names[m]);
		S_json_figure(b, m, stats_group_figure(s, m, dim, key, &none));
	}
	buf_addf(b, "\n%s}", pad);
}

/* One group's complaints: received, closed, closed share (null when none was received). */
static void
S_json_complaint_counts(struct buf *b, const struct figure *f)
{
	buf_addf(b, "{\"received\": %lld, \"closed\": %lld, \"closed_share\": ", (long long)f->den,
	         (long long)f->num);
	if (f->den)
		stats_format_json_ratio(b, 100 * f->num, f->den);
	else
		buf_adds(b, "null");
	buf_addc(b, '}');
}

/* The complaints: received, closed, by category, severity and status, and by each breakdown. */
static void
S_json_complaints(struct buf *b, const struct stats *s)
{
	size_t i;
	int d;

	buf_addf(b,
	         ",\n  \"complaints\": {\"received\": %lld, \"closed\": %lld, \"closed_share\": ",
	         (long long)s->complaints_received, (long long)s->complaints_closed);
	if (s->complaints_received)
		stats_format_json_ratio(b, 100 * s->complaints_closed, s->complaints_received);
	else
		buf_adds(b, "null");
	buf_adds(b, ", \"by_category\": ");
	S_json_counts(b, s->by_category, s->ncategory);
	buf_adds(b, ", \"by_severity\": ");
	S_json_counts(b, s->by_severity, s->nseverity);
	buf_adds(b, ", \"by_status\": ");
	S_json_counts(b, s->by_status, s->nstatus);
	/* Received, closed and the closed share per month, week, region, model and owner. */
	for (d = DIM_MONTH; d < DIM__COUNT; d++) {
		const struct metric_stats *ms = &s->complaints;

		if (d == DIM_TYPE) /* complaints have no ticket type */
			continue;
		buf_addf(b, ",\n    \"by_%s\": {", stats_dim_names[d]);
		for (i = 0; i < ms->ngroups[d]; i++) {
			buf_addf(b, "%s\n      ", i ? "," : "");
			S_json_str(b, ms->groups[d][i].key);
			buf_adds(b, ": ");
			S_json_complaint_counts(b, &ms->groups[d][i].fig);
		}
		buf_adds(b, ms->ngroups[d] ? "\n    }" : "}");
	}
	buf_adds(b, "\n  }");
}

/* The backlog as of today: by age and by status. */
static void
S_json_backlog(struct buf *b, const struct stats *s)
{
	buf_addf(b,
	         ",\n  \"backlog\": {\"total\": %lld, \"by_age\": {\"0-2\": %lld, \"3-7\": %lld, "
	         "\"8-30\": %lld, \"31+\": %lld}, \"by_status\": ",
	         (long long)s->backlog_total, (long long)s->backlog_age[0],
	         (long long)s->backlog_age[1], (long long)s->backlog_age[2],
	         (long long)s->backlog_age[3]);
	S_json_counts(b, s->backlog_status, s->nbacklog_status);
	buf_addc(b, '}');
}

/* The cost: the sums, and per ticket with a cost. */
static void
S_json_cost(struct buf *b, const struct stats *s)
{
	const stats_cents sums[4] = {s->cost_labor, s->cost_parts, s->cost_travel,
	                             s->cost_labor + s->cost_parts + s->cost_travel};
	static const char *const names[4] = {"labor", "parts", "travel", "total"};
	int k, per;

	buf_addf(b, ",\n  \"cost\": {\"tickets\": %lld", (long long)s->cost_tickets);
	for (per = 0; per < 2; per++) {
		if (per)
			buf_adds(b, ", \"per_ticket\": {");
		for (k = 0; k < 4; k++) {
			buf_addf(b, "%s\"%s\": ", per && !k ? "" : ", ", names[k]);
			if (per && !s->cost_tickets)
				buf_adds(b, "null");
			else
				stats_format_json_money(b, sums[k], per ? s->cost_tickets : 1);
		}
		if (per)
			buf_addc(b, '}');
	}
	buf_addc(b, '}');
}

/* Each key part: failures by month and batch, the months over its threshold. */
static void
S_json_key_parts(struct buf *b, const struct stats *s)
{
	size_t i;

	buf_adds(b, ",\n  \"key_parts\": {");
	for (i = 0; i < s->nparts; i++) {
		const struct key_part *kp = &s->parts[i];
		size_t k, na = 0;

		buf_addf(b, "%s\n    ", i ? "," : "");
		S_json_str(b, kp->id);
		buf_adds(b, ": {\"name\": ");
		S_json_str(b, kp->name ? kp->name : "");
		buf_addf(b,
		         ", \"threshold\": %d, \"failures\": %lld, \"by_month\": ", kp->threshold,
		         (long long)kp->failures);
		S_json_counts(b, kp->by_month, kp->nmonths);
		buf_adds(b, ", \"alerts\": [");
		for (k = 0; k < kp->nmonths; k++)
			if (kp->by_month[k].n > kp->threshold) {
				buf_adds(b, na++ ? ", " : "");
				S_json_str(b, kp->by_month[k].key);
			}
		buf_adds(b, "], \"by_batch\": ");
		S_json_counts(b, kp->by_batch, kp->nbatches);
		buf_addc(b, '}');
	}
	buf_adds(b, s->nparts ? "\n  }" : "}");
}

/* Each staff member's own figures. */
static void
S_json_staff(struct buf *b, const struct stats *s)
{
	size_t i;

	buf_adds(b, ",\n  \"staff\": {");
	for (i = 0; i < s->nstaff; i++) {
		const struct staff_stats *ss = &s->staff[i];

		buf_addf(b, "%s\n    ", i ? "," : "");
		S_json_str(b, ss->id);
		buf_addf(b, ": {\"tickets\": %lld, \"arrival_hours\": ", (long long)ss->tickets);
		if (ss->arrival.has_value)
			stats_format_json_ratio(b, ss->arrival.med2,
			                        2 * stats_unit(METRIC_ARRIVAL_HOURS));
		else
			buf_adds(b, "null");
		buf_adds(b, ", \"satisfaction_rate\": ");
		if (ss->satisfaction.has_value)
			stats_format_json_ratio(b, 100 * ss->satisfaction.num,
			                        ss->satisfaction.den);
		else
			buf_adds(b, "null");
		buf_addf(b, ", \"complaints\": %lld, \"trainings\": %lld, \"assessments\": %lld}",
		         (long long)ss->complaints, (long long)ss->trainings,
		         (long long)ss->assessments);
	}
	buf_adds(b, s->nstaff ? "\n  }" : "}");
}

/* Every breakdown but the period's, each key with every metric. */
static void
S_json_by(struct buf *b, const struct stats *s)
{
	size_t i;
	int d;

	for (d = DIM_MONTH; d < DIM__COUNT; d++) {
		const char **keys;
		size_t n = S_dim_keys(s, d, 0, &keys);

		buf_addf(b, ",\n  \"by_%s\": {", stats_dim_names[d]);
		for (i = 0; i < n; i++) {
			buf_addf(b, "%s\n    ", i ? "," : "");
			S_json_str(b, keys[i]);
			buf_adds(b, ": ");
			S_json_metrics(b, s, d, keys[i], "    ");
		}
		buf_adds(b, n ? "\n  }" : "}");
		free(keys);
	}
}

static void
S_json(struct buf *b, const struct stats *s)
{
	char day[11];

	format_date(day, s->today);
	buf_addf(b, "{\n  \"as_of\": \"%s\",\n  \"period\": ", day);
	S_json_str(b, s->period);
	buf_adds(b, ",\n  \"metrics\": ");
	S_json_metrics(b, s, DIM_ALL, "", "  ");
	buf_addf(b, ",\n  \"signoff_satisfaction_rate\": {\"value\": ");
	if (s->signoff.has_value)
		stats_format_json_ratio(b, 100 * s->signoff.num, s->signoff.den);
	else
		buf_adds(b, "null");
	buf_addf(b, ", \"num\": %lld, \"den\": %lld}", (long long)s->signoff.num,
	         (long long)s->signoff.den);
	S_json_complaints(b, s);
	S_json_backlog(b, s);
	S_json_cost(b, s);
	S_json_key_parts(b, s);
	S_json_staff(b, s);
	S_json_by(b, s);
	buf_adds(b, "\n}\n");
}

void
stats_csv_field(struct buf *b, const char *s)
{
	/*
	 * A spreadsheet runs a cell that starts with = + - @, a tab or a carriage
	 * return as a formula (=HYPERLINK(...) in a staff name): such a text gets
	 * a leading ' and quotes, as OWASP's "CSV Injection" page advises
	 * (docs/site.md, "Exports"). Figures are not written through here.
	 */
	int formula = *s && strchr("=+-@\t\r", *s);

	if (!formula && !strpbrk(s, ",\"\r\n")) {
		buf_adds(b, s);
		return;
	}
	buf_addc(b, '"');
	if (formula)
		buf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/*
 * The table's columns: key, metric, value, num, den, target, met, and the
 * share within the target of a metric in hours (stats_has_within).
 */
enum {
	COL_KEY,
	COL_METRIC,
	COL_VALUE,
	COL_NUM,
	COL_DEN,
	COL_TARGET,
	COL_MET,
	COL_WITHIN,
	COL__COUNT
};

/* Today's widths, at least: a table of ASCII names looks as it always did. */
static const size_t S_min_width[COL__COUNT] = {12, 22, 10, 8, 8, 8, 0, 0};

/* The share within the target (%), to `decimals` places, when metric m has one here. */
static void
S_within(struct buf *b, int m, const struct figure *fig, int decimals)
{
	if (m < METRIC__COUNT && stats_has_within(m) && fig->has_value && fig->has_target)
		stats_format_ratio(b, 100 * fig->num, fig->den, decimals);
}

/* The words of the table when the caller gives none: the names of the JSON. */
static const char *
S_word(const char *mine, const char *dflt)
{
	return mine ? mine : dflt;
}
#define WORD(w, field, dflt) S_word((w) ? (w)->field : NULL, (dflt))

/* The table's heading row, in the caller's words. */
static void
S_table_head(struct buf *row, int dim, const struct stats_table_words *w)
{
	buf_adds(&row[COL_KEY], WORD(w, dim[dim], stats_dim_names[dim]));
	buf_adds(&row[COL_METRIC], WORD(w, metric_head, "metric"));
	buf_adds(&row[COL_VALUE], WORD(w, value, "value"));
	buf_adds(&row[COL_NUM], WORD(w, num, "num"));
	buf_adds(&row[COL_DEN], WORD(w, den, "den"));
	buf_adds(&row[COL_TARGET], WORD(w, target, "target"));
	buf_adds(&row[COL_MET], WORD(w, status, "met"));
	buf_adds(&row[COL_WITHIN], WORD(w, within, "rate"));
}

/* The row of metric m (METRIC__COUNT: the complaints) for key, its cells escaped. */
static void
S_table_row(struct buf *row, const struct stats *s, int dim, const struct stats_table_words *w,
            int m, const char *key, const struct figure *fig)
{
	if (dim == DIM_ALL)
		key = !strcmp(s->period, "all") ? WORD(w, all, s->period) : s->period;
	buf_adds(&row[COL_METRIC], m < METRIC__COUNT ? WORD(w, metric[m], metric_names[m])
	                                             : WORD(w, complaints, "complaints"));
	if (m == METRIC__COUNT)
		stats_format_ratio(&row[COL_VALUE], 100 * fig->num, fig->den ? fig->den : 1, 1);
	else if (fig->has_value)
		stats_format_value(&row[COL_VALUE], m, fig, 1);
	else
		buf_adds(&row[COL_VALUE], WORD(w, na, "n/a"));
	buf_addf(&row[COL_NUM], "%lld", (long long)fig->num);
	buf_addf(&row[COL_DEN], "%lld", (long long)fig->den);
	if (fig->has_target)
		S_double(&row[COL_TARGET], fig->target);
	else
		buf_addc(&row[COL_TARGET], '-');
	if (fig->met >= 0)
		buf_adds(&row[COL_MET], fig->met ? WORD(w, met, "met") : WORD(w, missed, "missed"));
	S_within(&row[COL_WITHIN], m, fig, 1);
	term_escape(&row[COL_KEY], key, strlen(key));
}

/*
 * The cells of rows rows, each column as wide as its widest cell in display
 * columns (utf8_width: a Chinese character takes two), text to the left
 * and figures to the right; the cells are freed.
 */
static void
S_table_print(struct buf *b, struct buf *cells, size_t rows)
{
	size_t width[COL__COUNT], r, c, pad, cw;

	memcpy(width, S_min_width, sizeof width);
	for (r = 0; r < rows; r++)
		for (c = 0; c < COL__COUNT; c++) {
			cw = utf8_width(buf_str(&cells[r * COL__COUNT + c]),
			                cells[r * COL__COUNT + c].len);
			if (cw > width[c])
				width[c] = cw;
		}
	for (r = 0; r < rows; r++) {
		for (c = 0; c < COL__COUNT; c++) {
			const struct buf *cell = &cells[r * COL__COUNT + c];
			int right = (c >= COL_VALUE && c <= COL_TARGET) || c == COL_WITHIN;

			pad = width[c] - utf8_width(buf_str(cell), cell->len);
			if (c)
				buf_addc(b, ' ');
			while (right && pad--)
				buf_addc(b, ' ');
			buf_add(b, buf_str(cell), cell->len);
			while (!right && c + 1 < COL__COUNT && pad-- > 0)
				buf_addc(b, ' ');
		}
		while (b->len && b->buf[b->len - 1] == ' ')
			buf_setlen(b, b->len - 1); /* an empty last cell */
		buf_addc(b, '\n');
	}
	for (r = 0; r < rows * COL__COUNT; r++)
		buf_free(&cells[r]);
}

/*
 * A breakdown as a table for the terminal: a heading, then each key's
 * metrics and its complaints (as S_rows: a row where one was received),
 * the cells escaped (term_escape: keys come from the config and the
 * records).
 */
static void
S_table(struct buf *b, const struct stats *s, int dim, const struct stats_table_words *w,
        const char **keys, size_t n)
{
	size_t rows = 0, cap = 0, r, c;
	struct buf *cells = NULL; /* rows × COL__COUNT */
	struct buf *row;
	int m;

	for (r = 0; r <= n; r++)
		for (m = 0; m <= METRIC__COUNT; m++) {
			const struct group *g =
			    r ? stats_find_group(m < METRIC__COUNT ? &s->m[m] : &s->complaints, dim,
			                         keys[r - 1])
			      : NULL;

			if (r && (!g || (m == METRIC__COUNT && !g->fig.den)))
				continue;
			if (!r && m)
				break; /* the heading: one row */
			cells = xgrow(cells, sizeof *cells, (rows + 1) * COL__COUNT, &cap);
			row = cells + rows++ * COL__COUNT;
			for (c = 0; c < COL__COUNT; c++)
				buf_init(&row[c]);
			if (!r)
				S_table_head(row, dim, w);
			else
				S_table_row(row, s, dim, w, m, keys[r - 1], &g->fig);
		}
	S_table_print(b, cells, rows);
	free(cells);
}

/* One breakdown as rows: key, metric, value, num, den, target, met, rate (within the target). */
static void
S_rows(struct buf *b, const struct stats *s, int dim, enum stats_format f,
       const struct stats_table_words *w)
{
	const char **keys;
	size_t n = S_dim_keys(s, dim, dim != DIM_TYPE, &keys), i;
	int m;

	if (f == STATS_TABLE) {
		S_table(b, s, dim, w, keys, n);
		free(keys);
		return;
	}
	buf_addf(b, "%s,metric,value,num,den,target,target_source,met,rate\n",
	         stats_dim_names[dim]);
	/*
	 * Each key's metrics, then its complaints (the row "complaints": value
	 * the closed share, num closed, den received; docs/metrics.md).
	 */
	for (i = 0; i < n; i++)
		for (m = 0; m <= METRIC__COUNT; m++) {
			const struct group *g = stats_find_group(
			    m < METRIC__COUNT ? &s->m[m] : &s->complaints, dim, keys[i]);
			struct buf v = BUF_INIT, t = BUF_INIT, within = BUF_INIT;
			const struct figure *fig = g ? &g->fig : NULL;
			const char *met = !fig || fig->met < 0 ? "" : fig->met ? "met" : "missed";
			const char *name = m < METRIC__COUNT ? metric_names[m] : "complaints";

			/* complaints: a row where one was received, overall too */
			if (!g || (m == METRIC__COUNT && !fig->den))
				continue;
			if (m == METRIC__COUNT)
				stats_format_ratio(&v, 100 * fig->num, fig->den ? fig->den : 1, 3);
			else
				stats_format_value(&v, m, fig, 3);
			if (fig->has_target)
				S_double(&t, fig->target);
			stats_csv_field(b, dim == DIM_ALL ? s->period : keys[i]);
			buf_addf(b, ",%s,%s,%lld,%lld,%s,", name, fig->has_value ? v.buf : "",
			         (long long)fig->num, (long long)fig->den, buf_str(&t));
			stats_csv_field(b, fig->target_source ? fig->target_source : "");
			S_within(&within, m, fig, 3);
			buf_addf(b, ",%s,%s\n", met, buf_str(&within));
			buf_free(&within);
			buf_free(&v);
			buf_free(&t);
		}
	free(keys);
}

void
stats_print_words(struct buf *out, const struct stats *s, enum stats_format f, unsigned dims,
                  const struct stats_table_words *w)
{
	int d;

	if (f == STATS_JSON) {
		S_json(out, s);
		return;
	}
	for (d = 0; d < DIM__COUNT; d++) {
		if (!(dims & (1u << d)))
			continue;
		if (out->len && f == STATS_TABLE)
			buf_addc(out, '\n');
		S_rows(out, s, d, f, w);
	}
}

void
stats_print(struct buf *out, const struct stats *s, enum stats_format f, unsigned dims)
{
	stats_print_words(out, s, f, dims, NULL);
}
