/*
 * metric.h - the metrics of docs/metrics.md (metrics.def): their names,
 * units and default targets, in one table that the configuration, the
 * type check, the figures and the pages read.
 */
#ifndef SVCGEN_METRIC_H
#define SVCGEN_METRIC_H

#include <stdint.h>

enum metric {
#define METRIC(id, name, unit, target) METRIC_##id,
#include "model/metrics.def"
#undef METRIC
	METRIC__COUNT
};

/* Each metric's name (then NULL, for lists of allowed keys). */
extern const char *const metric_names[METRIC__COUNT + 1];
/* The unit of a duration in seconds (hours 3600, days 86400); 0 for a rate. */
extern const int64_t metric_units[METRIC__COUNT];
/* The default target of docs/config.md; < 0 when there is none. */
extern const double metric_default_targets[METRIC__COUNT];

#endif
