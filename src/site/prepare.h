/*
 * prepare.h - what the pages need of every record, derived once before
 * any page renders, on every core: what lists show of it (struct rec_info:
 * title, date, status, link), whether it gets a page, the records its
 * references name, and the backlinks (who refers to it) grouped by target.
 */
#ifndef SVCGEN_SITE_PREPARE_H
#define SVCGEN_SITE_PREPARE_H

#include "base/util.h"
#include "site/page.h"

/*
 * Fills s->info, s->has_page, s->links and s->start on `jobs` threads;
 * their arenas go to *arenas (an array of jobs), for the caller to free.
 */
void site_prepare(struct site *s, unsigned jobs, struct arena **arenas);
/*
 * title as lists show it: at most SITE_TITLE_MAX characters, then "…"
 * (copied into a when cut); the record's page shows it whole.
 */
const char *site_list_title(struct arena *a, const char *title);

#endif
