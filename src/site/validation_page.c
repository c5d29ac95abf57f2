/*
 * validation_page.c - validation.html and the full lists of its rules
 * (validation_page.h).
 */
#include "site/validation_page.h"

#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/msg.h"
#include "site/digest.h"
#include "site/list.h"

/*
 * Diagnostic g as a row of the validation report's tables: file (linked to
 * the record's page when it has one), position, severity, message. Written
 * here rather than by a template: there may be 10^5 of them.
 */
static void
S_diag_row(struct site *s, struct buf *b, const struct diag *g, size_t plen)
{
	const char *rel = strncmp(g->path, s->r->src->display, plen) ? g->path : g->path + plen;
	const char *sev = g->severity == SEV_ERROR ? "error" : "warning";
	const struct record *rec = site_record_at(s, g->path);

	buf_addf(b, "<tr class=\"%s\"><td class=\"path\">", sev);
	/* Link to the record the diagnostic is about, when it has a page. */
	if (rec && site_has_page(s, rec)) {
		const struct rec_info *in = &s->info[rec - s->r->recs];

		/* in->href is "../kind/ID.html": from the top, without "../". */
		buf_adds(b, "<a href=\"");
		buf_add(b, in->href + 3, in->href_len - 3);
		buf_adds(b, "\">");
		html_escape(b, rel, strlen(rel));
		buf_adds(b, "</a>");
	} else {
		html_escape(b, rel, strlen(rel));
	}
	buf_addf(b, "</td><td class=\"pos\">%lu:%lu</td><td><span class=\"tag sev-%s\">",
	         (unsigned long)g->line, (unsigned long)g->col, sev);
	html_escape(b, labels_get(s->l, "ui", sev), strlen(labels_get(s->l, "ui", sev)));
	buf_adds(b, "</span></td><td>");
	html_escape(b, g->message, strlen(g->message));
	buf_adds(b, "</td></tr>\n");
}

/*
 * validation.html: the counts, then a section per rule with its first
 * diagnostics, in the order of `svcgen check`, and a link to all of them
 * (validation-RULE-pK.html); the rules with errors first. docs/site.md,
 * "Long lists".
 */
void
site_validation_page(struct site *s)
{
	const char *title = labels_get(s->l, "ui", "validation");
	struct tv *page, *rules;
	size_t count[RULE__COUNT] = {0}, errors[RULE__COUNT] = {0}, at[RULE__COUNT] = {0};
	size_t *by, i, k, plen = strlen(s->r->src->display);
	struct site_rows rows;
	int pass, rule;

	/* Its full lists are published in the same scope, and kept with it. */
	if (site_reuse_whole(s, "validation.html"))
		return;
	page = site_page(s, title, 0, NULL);
	rules = tv_list(&s->a);
	by = xmalloc((s->d->n + 1) * sizeof(*by));

	/* Each rule's diagnostics, in the order of the whole (a counting sort). */
	for (i = 0; i < s->d->n; i++) {
		count[s->d->v[i].rule]++;
		errors[s->d->v[i].rule] += s->d->v[i].severity == SEV_ERROR;
	}
	for (rule = 1; rule < RULE__COUNT; rule++)
		at[rule] = at[rule - 1] + count[rule - 1];
	for (i = 0; i < s->d->n; i++)
		by[at[s->d->v[i].rule]++] = i;
	memset(&rows, 0, sizeof(rows));
	for (pass = 0; pass < 2; pass++)
		for (rule = 0, k = 0; rule < RULE__COUNT; k += count[rule], rule++) {
			const char *id = rule_table[rule].id;
			struct site_list l = {0};
			struct tv *row;

			if (!count[rule] || (errors[rule] > 0) != (pass == 0))
				continue;
			site_rows_reset(&rows);
			for (i = k; i < k + count[rule]; i++) {
				S_diag_row(s, &rows.text, &s->d->v[by[i]], plen);
				site_rows_end(&rows);
			}
			l.prefix = arena_printf(&s->a, "validation-%s-p", id);
			l.depth = 0;
			l.title = arena_printf(&s->a, "%s · %s", title, id);
			l.back = arena_printf(&s->a, "validation.html#r-%s", id);
			l.back_label = title;
			l.shape = SITE_LIST_DIAGS;
			site_list_publish(s, &l, &rows);
			row = tv_map(&s->a);
			tv_map_set_str(row, "rule", id);
			/* In the site's language: diagnostics are made in it
			 * (docs/architecture.md). */
			tv_map_set_str(row, "summary", tr(rule_table[rule].summary));
			tv_map_set_num(row, "count", (double)count[rule]);
			tv_map_set_num(row, "errors", (double)errors[rule]);
			tv_map_set_num(row, "warnings", (double)(count[rule] - errors[rule]));
			tv_map_set(row, "rows", site_rows_head(s, &rows));
			tv_map_set(row, "more", site_list_more(s, &l, rows.n, 0));
			tv_list_push(rules, row);
		}
	site_rows_free(&rows);
	free(by);
	tv_map_set(page, "rules", rules);
	tv_map_set_bool(page, "has_diagnostics", s->d->n > 0);
	site_as_of(s, page);
	site_render(s, "validation", page, "validation.html");
}
