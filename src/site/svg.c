/*
 * svg.c - the statistics pages' charts as inline SVG (svg.h).
 */
#include "site/svg.h"

#include <math.h>
#include <string.h>

#include "base/escape.h"
#include "site/figure.h"

struct scale {
	double lo, hi;
	int x0, x1, y0, y1; /* the plot area */
};

static int
S_y(const struct scale *c, double v)
{
	return (int)lround(c->y1 - (v - c->lo) / (c->hi - c->lo) * (c->y1 - c->y0));
}

static int
S_x(const struct scale *c, size_t i, size_t n)
{
	return n < 2 ? (c->x0 + c->x1) / 2
	             : (int)lround(c->x0 + (double)i * (c->x1 - c->x0) / (double)(n - 1));
}

static void
S_esc(struct buf *b, const char *t)
{
	html_escape(b, t, strlen(t));
}

/* <svg> with its accessible name (title) and description. */
static void
S_svg_head(struct buf *b, const char *cls, int w, int h, const char *id, const char *title,
           const char *desc)
{
	buf_addf(b,
	         "<svg class=\"chart %s\" viewBox=\"0 0 %d %d\" role=\"img\" "
	         "aria-labelledby=\"%s-t\" aria-describedby=\"%s-d\"><title id=\"%s-t\">",
	         cls, w, h, id, id, id);
	S_esc(b, title);
	buf_addf(b, "</title><desc id=\"%s-d\">", id);
	S_esc(b, desc);
	buf_adds(b, "</desc>");
}

/* The x labels, at most about eight, under the plot. */
static void
S_svg_xlabels(struct buf *b, const struct scale *c, const struct pt *p, size_t n, int bars)
{
	size_t step = n > 8 ? (n + 7) / 8 : 1, i;

	for (i = 0; i < n; i += step) {
		int x = bars ? c->x0 + (int)(((double)i + 0.5) * (c->x1 - c->x0) / (double)n)
		             : S_x(c, i, n);

		buf_addf(b, "<text class=\"xl\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">", x,
		         c->y1 + 16);
		S_esc(b, p[i].label);
		buf_adds(b, "</text>");
	}
}

/*
 * A line chart's plot area and range: its values' and targets' span with a
 * tenth to spare, at least 0 and for a rate at most 100; 0 to 100 (a rate)
 * or 1 with nothing to show.
 */
static void
S_line_scale(struct scale *c, const struct pt *p, size_t n, int rate, int small, int w, int h)
{
	size_t i;

	/* A sparkline keeps a gutter for its lowest and highest value, a line for its periods. */
	c->x0 = small ? 36 : 52;
	c->x1 = w - (small ? 8 : 20);
	c->y0 = small ? 8 : 14;
	c->y1 = h - (small ? 22 : 30);
	c->lo = INFINITY;
	c->hi = -INFINITY;
	for (i = 0; i < n; i++) {
		if (p[i].has)
			c->lo = fmin(c->lo, p[i].v), c->hi = fmax(c->hi, p[i].v);
		if (p[i].has_t)
			c->lo = fmin(c->lo, p[i].t), c->hi = fmax(c->hi, p[i].t);
	}
	if (c->lo > c->hi)
		c->lo = 0, c->hi = rate ? 100 : 1;
	if (c->hi - c->lo < 1e-9) {
		c->lo -= 1;
		c->hi += 1;
	} else {
		double pad = (c->hi - c->lo) * 0.1;

		c->lo -= pad;
		c->hi += pad;
	}
	if (c->lo < 0)
		c->lo = 0;
	if (rate && c->hi > 100)
		c->hi = 100;
	if (c->hi - c->lo < 1e-9)
		c->hi = c->lo + 1;
}

/*
 * The target: a dashed step over each period that has one, half a
 * period either side of its point (a lone period's too).
 */
static void
S_line_target(struct buf *b, const struct scale *c, const struct pt *p, size_t n)
{
	size_t i;
	int run = 0, x;

	for (i = 0; i < n; i++) {
		int half = n < 2 ? 20 : (c->x1 - c->x0) / (int)(2 * (n - 1)) + 1;

		if (!p[i].has_t)
			continue;
		x = S_x(c, i, n);
		buf_addf(b, "%s M%d %dH%d", run++ ? "" : "<path class=\"target\" d=\"",
		         x - half < c->x0 ? c->x0 : x - half, S_y(c, p[i].t),
		         x + half > c->x1 ? c->x1 : x + half);
	}
	if (run)
		buf_adds(b, "\"/>");
}

/* The values: a polyline for each run of periods that have one. */
static void
S_line_series(struct buf *b, const struct scale *c, const struct pt *p, size_t n)
{
	size_t i;
	int run = 0;

	for (i = 0; i < n; i++) {
		if (!p[i].has)
			continue;
		if (!run++ && i + 1 < n && p[i + 1].has)
			buf_adds(b, "<polyline class=\"series\" points=\"");
		if (run > 1 || (i + 1 < n && p[i + 1].has))
			buf_addf(b, "%s%d,%d", run > 1 ? " " : "", S_x(c, i, n), S_y(c, p[i].v));
		if (i + 1 == n || !p[i + 1].has) {
			if (run > 1)
				buf_adds(b, "\"/>");
			run = 0;
		}
	}
}

/* A marker per value: a disc when met, a cross when missed, a ring when neither. */
static void
S_line_marks(struct buf *b, const struct scale *c, const struct pt *p, size_t n, int small)
{
	size_t i;
	int x, y;

	for (i = 0; i < n; i++) {
		if (!p[i].has)
			continue;
		x = S_x(c, i, n);
		y = S_y(c, p[i].v);
		if (p[i].mark == 0)
			buf_addf(b, "<path class=\"pt missed\" d=\"M%d %dl6 6m0 -6l-6 6\"/>", x - 3,
			         y - 3);
		else
			buf_addf(b, "<circle class=\"pt %s\" cx=\"%d\" cy=\"%d\" r=\"%d\"/>",
			         p[i].mark > 0 ? "met" : "none", x, y, small ? 2 : 3);
	}
}

/* The lowest and highest value (lo, hi: their indices), 0 when there is none. */
static int
S_extremes(const struct pt *p, size_t n, size_t *lo, size_t *hi)
{
	size_t i;
	int any = 0;

	for (i = 0; i < n; i++) {
		if (!p[i].has)
			continue;
		if (!any++) {
			*lo = *hi = i;
			continue;
		}
		if (p[i].v < p[*lo].v)
			*lo = i;
		if (p[i].v > p[*hi].v)
			*hi = i;
	}
	return any;
}

/*
 * A sparkline's axes, small: the highest and lowest it plots (a value or
 * a target) beside the plot at their heights, its first and last period
 * under it.
 */
static void
S_spark_labels(struct site *s, struct buf *b, const struct scale *c, const struct pt *p, size_t n)
{
	double lo = INFINITY, hi = -INFINITY;
	size_t i;

	buf_addf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", c->x0, c->y1,
	         c->x1, c->y1);
	for (i = 0; i < n; i++) {
		if (p[i].has)
			lo = fmin(lo, p[i].v), hi = fmax(hi, p[i].v);
		if (p[i].has_t)
			lo = fmin(lo, p[i].t), hi = fmax(hi, p[i].t);
	}
	if (lo <= hi) {
		int yh = S_y(c, hi), yl = S_y(c, lo);

		buf_addf(b, "<text class=\"yl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
		         c->x0 - 4, yh + 4, site_ratio(s, (int64_t)llround(hi * 10), 10, 1));
		/* Two labels a line apart at least, else the highest alone. */
		if (yl - yh >= 11)
			buf_addf(b,
			         "<text class=\"yl\" x=\"%d\" y=\"%d\" "
			         "text-anchor=\"end\">%s</text>",
			         c->x0 - 4, yl + 4,
			         site_ratio(s, (int64_t)llround(lo * 10), 10, 1));
	}
	if (!n)
		return;
	buf_addf(b, "<text class=\"xl\" x=\"%d\" y=\"%d\" text-anchor=\"%s\">", c->x0, c->y1 + 15,
	         n > 1 ? "start" : "middle");
	S_esc(b, p[0].label);
	buf_adds(b, "</text>");
	if (n < 2)
		return;
	buf_addf(b, "<text class=\"xl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">", c->x1, c->y1 + 15);
	S_esc(b, p[n - 1].label);
	buf_adds(b, "</text>");
}

void
site_svg_line(struct site *s, struct buf *b, const char *id, const char *title, const char *desc,
              const struct pt *p, size_t n, int rate, int small)
{
	int w = small ? 240 : 640, h = small ? 88 : 220;
	struct scale c;
	size_t i;

	S_line_scale(&c, p, n, rate, small, w, h);
	S_svg_head(b, small ? "line spark" : "line", w, h, id, title, desc);
	if (!small) {
		buf_addf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", c.x0,
		         c.y1, c.x1, c.y1);
		buf_addf(b, "<text class=\"yl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
		         c.x0 - 6, c.y0 + 4, site_ratio(s, (int64_t)llround(c.hi * 10), 10, 1));
		buf_addf(b, "<text class=\"yl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
		         c.x0 - 6, c.y1 + 4, site_ratio(s, (int64_t)llround(c.lo * 10), 10, 1));
		S_svg_xlabels(b, &c, p, n, 0);
	} else {
		S_spark_labels(s, b, &c, p, n);
	}
	S_line_target(b, &c, p, n);
	S_line_series(b, &c, p, n);
	S_line_marks(b, &c, p, n, small);
	/* The target's label, at its last step. */
	if (!small)
		for (i = n; i-- > 0;)
			if (p[i].has_t) {
				buf_addf(
				    b, "<text class=\"tl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">",
				    c.x1 + 16, S_y(&c, p[i].t) - 5);
				S_esc(b, site_stats_word(s, "target"));
				buf_adds(b, "</text>");
				break;
			}
	buf_adds(b, "</svg>");
}

/*
 * Bars with their counts above them; a bar over the threshold hatched and
 * its count marked ▲, the threshold a dashed line.
 */
void
site_svg_bars(struct site *s, struct buf *b, const char *id, const char *title, const char *desc,
              const struct pt *p, size_t n)
{
	int w = 640, h = 200, alert = 0;
	struct scale c = {0, 1, 16, 620, 18, 170};
	double slot;
	size_t i;

	for (i = 0; i < n; i++) {
		c.hi = fmax(c.hi, p[i].v * 1.15);
		if (p[i].has_t)
			c.hi = fmax(c.hi, p[i].t * 1.15);
		alert |= p[i].mark;
	}
	slot = (double)(c.x1 - c.x0) / (double)(n ? n : 1);
	S_svg_head(b, "bars", w, h, id, title, desc);
	if (alert)
		buf_addf(
		    b,
		    "<defs><pattern id=\"%s-h\" width=\"6\" height=\"6\" "
		    "patternUnits=\"userSpaceOnUse\" "
		    "patternTransform=\"rotate(45)\"><rect class=\"hatch-bg\" width=\"6\" "
		    "height=\"6\"/>"
		    "<line class=\"hatch\" x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\"/></pattern></defs>",
		    id);
	buf_addf(b, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", c.x0, c.y1,
	         c.x1, c.y1);
	for (i = 0; i < n; i++) {
		int x = c.x0 + (int)lround(((double)i + 0.15) * slot), bw = (int)lround(slot * 0.7);
		int y = S_y(&c, p[i].v);

		if (bw < 1)
			bw = 1;
		buf_addf(b, "<rect class=\"bar%s\" x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\"",
		         p[i].mark ? " alert" : "", x, y, bw, c.y1 - y);
		if (p[i].mark)
			buf_addf(b, " fill=\"url(#%s-h)\"", id);
		buf_addf(
		    b, "/><text class=\"bl\" x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s%s</text>",
		    x + bw / 2, y - 4, site_number(s, p[i].v), p[i].mark ? " ▲" : "");
	}
	S_svg_xlabels(b, &c, p, n, 1);
	if (n && p[0].has_t) {
		int y = S_y(&c, p[0].t);

		buf_addf(b, "<line class=\"target\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
		         c.x0, y, c.x1, y);
		buf_addf(b, "<text class=\"tl\" x=\"%d\" y=\"%d\" text-anchor=\"end\">", c.x1,
		         y - 5);
		S_esc(b, site_stats_word(s, "threshold"));
		buf_addf(b, " %s</text>", site_number(s, p[0].t));
	}
	buf_adds(b, "</svg>");
}

/* A chart's markup as a value of the page (raw HTML made here, escaped here). */
const struct tv *
site_chart_tv(struct site *s, struct buf *b)
{
	const struct tv *v = tv_strn(&s->a, buf_str(b), b->len);

	buf_reset(b);
	return v;
}

/* A figure's value as a number (has_value), for charts. */
static double
S_value(int m, const struct figure *f)
{
	return stats_is_duration(m) ? (double)f->med2 / (2.0 * (double)site_unit_secs(m))
	                            : 100.0 * (double)f->num / (double)f->den;
}

/* The points of metric m's figures over the periods keys[0..n) of breakdown dim. */
struct pt *
site_points(struct site *s, int m, int dim, const char *const *keys, size_t n)
{
	struct pt *p = arena_alloc(&s->a, (n ? n : 1) * sizeof(*p));
	size_t i;

	for (i = 0; i < n; i++) {
		struct figure none;
		/* A period without data still has its target (docs/metrics.md, "Targets"). */
		const struct figure *f = stats_group_figure(s->o->stats, m, dim, keys[i], &none);

		memset(&p[i], 0, sizeof(p[i]));
		p[i].label = keys[i];
		p[i].has = f->has_value;
		p[i].v = f->has_value ? S_value(m, f) : 0;
		p[i].has_t = f->has_target;
		p[i].t = f->target;
		p[i].mark = f->met;
	}
	return p;
}

/*
 * A trend chart's description: what it shows, from when to when, its
 * lowest and highest value (when), the target of its last period.
 */
const char *
site_trend_desc(struct site *s, int m, const struct pt *p, size_t n)
{
	const char *unit = site_unit(s, m), *range = "", *target = "";
	size_t lo = 0, hi = 0;

	if (S_extremes(p, n, &lo, &hi))
		range = arena_printf(
		    &s->a, "; %s %s %s (%s), %s %s %s (%s)", site_stats_word(s, "lowest"),
		    site_ratio(s, (int64_t)llround(p[lo].v * 10), 10, 1), unit, p[lo].label,
		    site_stats_word(s, "highest"),
		    site_ratio(s, (int64_t)llround(p[hi].v * 10), 10, 1), unit, p[hi].label);
	if (n && p[n - 1].has_t)
		target = arena_printf(&s->a, "; %s %s %s %s", site_stats_word(s, "target"),
		                      stats_is_duration(m) ? "≤" : "≥", site_number(s, p[n - 1].t),
		                      unit);
	return arena_printf(&s->a, "%s, %s – %s%s%s. %s", site_metric_label(s, m),
	                    n ? p[0].label : "", n ? p[n - 1].label : "", range, target,
	                    site_stats_word(s, "chart_note"));
}
