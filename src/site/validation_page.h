/*
 * validation_page.h - validation.html: the counts of problems, then a
 * section per rule with its first diagnostics and a link to all of them
 * (docs/site.md, "Long lists").
 */
#ifndef SVCGEN_SITE_VALIDATION_PAGE_H
#define SVCGEN_SITE_VALIDATION_PAGE_H

#include "site/page.h"

void site_validation_page(struct site *s);

#endif
