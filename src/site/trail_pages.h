/*
 * trail_pages.h - what the site shows of the git history (docs/history.md):
 * a record's audit trail on its page, deleted records' pages, the change
 * log, its Atom feed and the audit page of findings and deleted records.
 */
#ifndef SVCGEN_SITE_TRAIL_PAGES_H
#define SVCGEN_SITE_TRAIL_PAGES_H

#include "history/history.h"
#include "site/page.h"

/* The audit section of a record's page (page's `audit`): its trail, newest first. */
void site_audit(struct site *s, const char *id, struct tv *page);
/*
 * What site_audit shows of trail tr (NULL: none), for an input digest:
 * each event's commit, what happened, its paths and versions, its findings.
 */
void site_dig_trail(struct site *s, const struct hist_trail *tr);
/* The pages of the history as a whole, and deleted records' pages (none without a history). */
void site_history_pages(struct site *s);

#endif
