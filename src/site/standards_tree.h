/*
 * standards_tree.h - standards/tree.html: every standard by category and
 * topic, with its versions, what it supersedes and the tickets citing it,
 * 500 standards a page (docs/site.md, "Long lists").
 */
#ifndef SVCGEN_SITE_STANDARDS_TREE_H
#define SVCGEN_SITE_STANDARDS_TREE_H

#include "site/page.h"

void site_standards_tree(struct site *s);

#endif
