/*
 * index_pages.h - a kind's index pages (docs/site.md, "Index pages"): its
 * records in id order in slices of 500 that stay put as records are
 * added, each row ranked per column, and beside each slice rows-<k>.js,
 * its rows as data for app.js, which sorts and filters the whole kind.
 */
#ifndef SVCGEN_SITE_INDEX_PAGES_H
#define SVCGEN_SITE_INDEX_PAGES_H

#include "site/page.h"

/* The index pages and rows files of kind, each kept when its input digest did not change. */
void site_index_page(struct site *s, int kind);

#endif
