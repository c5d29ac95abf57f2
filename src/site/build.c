/*
 * build.c - the render stage's driver (site_build, site.h): what every
 * page shares is made once (labels, what lists show of each record,
 * backlinks, how attachments are published, shared digests), then every
 * core renders pieces of the site, one at a time, until none is left:
 * each kind's index pages, the pages of the whole site, the statistics
 * pages in parts, then record pages in batches.
 */
#include "site/site.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/error.h"
#include "base/escape.h"
#include "load/source.h"
#include "site/attachments.h"
#include "site/dashboard.h"
#include "site/drill.h"
#include "site/figure.h"
#include "site/digest.h"
#include "site/index_pages.h"
#include "site/page.h"
#include "site/prepare.h"
#include "site/record_page.h"
#include "site/reports.h"
#include "site/search.h"
#include "site/standards_tree.h"
#include "site/stats_pages.h"
#include "site/trail_pages.h"
#include "site/validation_page.h"

/* Copies assets/NAME of the templates folder to the site, as it is. */
static int
S_copy_asset(struct site *s, const char *name)
{
	struct buf text = BUF_INIT, path = BUF_INIT;
	int too_large, rc;

	buf_addf(&path, "assets/%s", name);
	rc = s->tpl_src->ops->read(s->tpl_src, path.buf, 8388608, &text, &too_large);
	if (rc < 0)
		error_set("templates: %s: %s", path.buf, strerror(errno));
	else
		rc = publish_file(s->pub, path.buf, text.buf, text.len);
	buf_free(&text);
	buf_free(&path);
	return rc;
}

/* The statistics pages come in parts: a metric's drill-down pages, stats/, reports/. */
#define STATS_PARTS (METRIC__COUNT + 2)

/*
 * A part of the statistics pages and reports. What they show comes from
 * the figures, which come from the records' fields, svcgen.yaml and the
 * as-of date, and from the diagnostics; so one digest of those
 * (site_inputs.fields) covers any of them. It changes with any record's
 * fields, so these are made again whenever one changes: correct, if not
 * incremental; what it spares is a build after a commit alone, an edit of
 * a Markdown body, or a change of what only other pages show (the
 * history, an attachment's bytes).
 */
static void
S_stats_part(struct site *s, int part)
{
	struct stats_words w;

	site_dig_begin(s, "stats and reports, part");
	site_dig_u64(s, (uint64_t)part);
	site_dig(s, s->in->fields, sizeof(s->in->fields));
	if (site_reuse(s) || !s->o->stats || s->failed)
		return;
	/* Their words, looked up once a part (figure.h). */
	memset(&w, 0, sizeof(w));
	s->words = &w;
	if (part < METRIC__COUNT)
		site_drill_metric(s, part);
	else if (part == METRIC__COUNT)
		site_stats_section(s);
	else
		site_reports(s);
	s->words = NULL;
}

/*
 * A worker: the index pages first (the largest pages, one per kind) and
 * the other pieces of the whole site, then record pages in batches,
 * whatever is left, until none is.
 */
static void *
S_render_records(void *arg)
{
	struct site *s = arg;
	size_t i, end;

	/* The pages of the whole site and the attachments, one a worker; then the records. */
	static void (*const whole[])(struct site *) = {
	    site_dashboard,   site_validation_page,     site_standards_tree,
	    site_search_page, site_attachments_publish, site_history_pages};

	const size_t pieces = KIND__COUNT + ARRAY_LEN(whole) + STATS_PARTS;

	for (;;) {
		i = atomic_fetch_add(s->next_index, 1);
		if (i >= pieces || s->failed || publish_interrupted())
			break;
		if (i < KIND__COUNT)
			site_index_page(s, (int)i);
		else if (i < KIND__COUNT + ARRAY_LEN(whole))
			whole[i - KIND__COUNT](s);
		else
			S_stats_part(s, (int)(i - KIND__COUNT - ARRAY_LEN(whole)));
		/* Whatever the piece published after its site_reuse carries its digest; no more. */
		publish_scope_end(s->pub);
		arena_reset(&s->a);
		/* Only these pieces read the figures: after the last, record pages do not. */
		if (atomic_fetch_add(s->done_index, 1) + 1 == pieces && s->o->stats_done)
			s->o->stats_done(s->o->stats_ctx);
	}
	for (;;) {
		i = atomic_fetch_add(s->next, 32);
		if (i >= s->r->n || s->failed || publish_interrupted())
			break;
		end = i + 32 < s->r->n ? i + 32 : s->r->n;
		for (; i < end && !s->failed; i++) {
			if (!site_has_page(s, &s->r->recs[i]))
				continue;
			site_record_page(s, &s->r->recs[i]);
			publish_scope_end(s->pub);
			s->records++;
			arena_reset(&s->a);
		}
	}
	return NULL;
}

/*
 * Renders every piece of the site in parallel (S_render_records): each
 * worker a copy of s with its own arena, buffers, templates and git
 * handle. Their counts and failures go to s, the record pages to st.
 */
static void
S_render(struct site *s, unsigned jobs, struct site_stats *st)
{
	struct site *w = xcalloc(jobs, sizeof(*w));
	unsigned j;

	for (j = 0; j < jobs; j++) {
		w[j] = *s;
		arena_init(&w[j].a);
		memset(&w[j].out, 0, sizeof(w[j].out));
		memset(&w[j].refs, 0, sizeof(w[j].refs));
		memset(&w[j].dig, 0, sizeof(w[j].dig));
		w[j].near = (struct source_near)SOURCE_NEAR_INIT;
		w[j].parts = NULL;
		w[j].parts_cap = 0;
		/* Templates of its own: workers do not wait on each other's lock. */
		w[j].env = tpl_env_new(site_load_template, &w[j]);
		/* A git handle of its own too: old versions are read on every thread. */
		if (s->o->history && git_repository_open(&w[j].repo, s->o->gitdir) < 0) {
			gitrepo_fail("%s", s->o->gitdir);
			w[j].repo = NULL;
			s->failed = 1;
		}
	}
	threads_run(S_render_records, w, sizeof(*w), jobs);
	for (j = 0; j < jobs; j++) {
		s->failed |= w[j].failed;
		s->pages += w[j].pages;
		s->reused += w[j].reused;
		s->reused_pages += w[j].reused_pages;
		st->records += w[j].records;
		buf_free(&w[j].dig);
		source_near_close(&w[j].near);
		arena_free(&w[j].a);
		buf_free(&w[j].out);
		free(w[j].refs.v);
		free(w[j].parts);
		tpl_env_free(w[j].env);
		git_repository_free(w[j].repo);
	}
	free(w);
}

int
site_build(const struct records *r, const struct diags *d, const struct site_opts *o,
           struct publish *pub, struct site_stats *st)
{
	struct site s;
	struct site_inputs in;
	struct labels l;
	struct arena keep, *prep_arenas;
	atomic_size_t next, next_index, done_index;
	unsigned jobs = jobs_for(r->n), j;

	memset(&s, 0, sizeof(s));
	s.r = r;
	s.d = d;
	s.o = o;
	s.pub = pub;
	s.l = &l;
	s.next = &next;
	s.next_index = &next_index;
	s.done_index = &done_index;
	atomic_init(&next, 0);
	atomic_init(&next_index, 0);
	atomic_init(&done_index, 0);
	arena_init(&s.a);
	s.tpl_src = source_open_templates(o->templates_dir, r->src);
	if (!s.tpl_src) {
		error_set("%s: %s", o->templates_dir, strerror(errno));
		return -1;
	}
	if (labels_load(&l, s.tpl_src, o->lang) < 0) {
		source_close(s.tpl_src);
		return -1;
	}
	/* Tables shared by every page live in keep, which no page resets. */
	arena_init(&keep);
	s.a = keep;
	site_tables(&s);
	keep = s.a;
	arena_init(&s.a);
	site_prepare(&s, jobs, &prep_arenas);
	site_attachments_first(&s);
	site_inputs_make(&s, &in);
	s.in = &in;
	/* The pages from here on read the figures. */
	if (o->stats_ready)
		o->stats_ready(o->stats_ctx);
	S_render(&s, jobs, st);
	if (!s.failed && (S_copy_asset(&s, "style.css") < 0 || S_copy_asset(&s, "app.js") < 0))
		s.failed = 1;
	/* The repository tracks site/ through this empty file. */
	if (!s.failed && publish_file(pub, ".gitkeep", "", 0) < 0)
		s.failed = 1;
	if (publish_interrupted())
		s.failed = 1;
	st->rendered = s.pages;
	st->pages = s.pages + s.reused_pages;
	st->reused = s.reused;
	source_close(s.tpl_src);
	labels_free(&l);
	arena_free(&s.a);
	buf_free(&s.out);
	free(s.refs.v);
	free(s.parts);
	free(s.links);
	free(s.start);
	free(s.has_page);
	free(s.info);
	site_attachments_free(&s);
	for (j = 0; j < jobs; j++)
		arena_free(&prep_arenas[j]);
	free(prep_arenas);
	arena_free(&keep);
	return s.failed ? -1 : 0;
}
