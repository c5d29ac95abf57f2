/* config.h - svcgen.yaml (docs/config.md), with documented defaults when absent. */
#ifndef SVCGEN_CONFIG_H
#define SVCGEN_CONFIG_H

#include <stddef.h>
#include <stdint.h>

#include "model/diag.h"
#include "model/metric.h"
#include "base/util.h"

struct strlist {
	const char **v;
	size_t n;
};

struct config {
	const char *title;
	const char *lang;
	int tzoff; /* seconds east of UTC */
	struct strlist regions, models, platforms;
	int follow_up_window_days;
	int satisfied_at;
	double targets[METRIC__COUNT];
	unsigned char has_target[METRIC__COUNT];
	int default_alert_threshold;
	int pii_show;
	enum severity severity[RULE__COUNT];
	struct strlist ignore;
	size_t file_bytes;
	unsigned depth;
	uint64_t attachment_bytes;
	struct arena arena;
};

/* Fills cfg with the defaults of docs/config.md. */
void config_defaults(struct config *cfg);
void config_free(struct config *cfg);
/* Index of value in the list, or -1. */
int config_list_find(const struct strlist *l, const char *s, size_t n);
/* Does path (relative, '/' separated) match one of the ignore globs? */
int config_ignored(const struct config *cfg, const char *path);

#endif
