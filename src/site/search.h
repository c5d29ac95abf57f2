/*
 * search.h - search.html and its index in shards, search/index.js and a
 * script per key (docs/site.md, "Search").
 */
#ifndef SVCGEN_SITE_SEARCH_H
#define SVCGEN_SITE_SEARCH_H

#include "site/page.h"

/* The search page and its index, kept when no record's kind, id or title changed. */
void site_search_page(struct site *s);

#endif
