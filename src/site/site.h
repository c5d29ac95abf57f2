/*
 * site.h - the render stage: every page of the site (docs/site.md) from
 * the loaded and validated records, through the Mustache templates of
 * templates/ and the label catalogue of the site's language, handed to
 * the publish stage. Audit trails (history) and KPI figures (stats) have
 * their places in the page data and templates, filled by the stages that
 * compute them. This is the stage's interface (site_build is in build.c,
 * site_input_digest in digest.c); what its modules share is in page.h.
 */
#ifndef SVCGEN_SITE_H
#define SVCGEN_SITE_H

#include <stdint.h>

#include "history/audit.h"
#include "model/diag.h"
#include "history/history.h"
#include "load/load.h"
#include "publish/publish.h"
#include "stats/stats.h"

struct site_opts {
	/* --templates (NULL: none): *.mustache, labels/, assets/ before the records' and the
	 * built-in ones */
	const char *templates_dir;
	const char *lang; /* zh-CN or en */
	int pii_show;     /* an internal build: personal data unmasked */
	int64_t today;    /* the as-of date, local days */
	/* The git history (NULL: none): trails, deleted records, change log, findings. */
	const struct history *history;
	const struct findings *findings;
	const char *gitdir; /* each render thread opens its own handle, for the blobs */
	size_t max_bytes;   /* versions larger than this are not compared */
	/* The figures (the statistics stage, docs/metrics.md), for all time as of today. */
	const struct stats *stats;
	/* Optional: called before the figures are first read (they may be in the making). */
	void (*stats_ready)(void *ctx);
	/*
	 * Optional: called once the pages that read the figures are made
	 * (from a render thread, while others make record pages), so that
	 * their memory can go before the rest of the render.
	 */
	void (*stats_done)(void *ctx);
	void *stats_ctx;
};

struct site_stats {
	size_t pages, records;
	size_t rendered; /* of pages, those made (the others were kept as they were) */
	size_t reused;   /* files kept from the old site without being made (publish_reuse) */
};

/*
 * Writes into out (33 bytes) the hex digest of everything the site of r
 * would be made from: the program, the options, svcgen.yaml, every record
 * file, the diagnostics, the templates and the attachments. Equal digests,
 * equal sites.
 */
void site_input_digest(const struct records *r, const struct diags *d, const struct site_opts *o,
                       char out[33]);

/*
 * Renders the site of r (validated, with bodies loaded) and its
 * diagnostics d into pub. Returns 0, or -1 with a message on stderr.
 */
int site_build(const struct records *r, const struct diags *d, const struct site_opts *o,
               struct publish *pub, struct site_stats *st);

#endif
