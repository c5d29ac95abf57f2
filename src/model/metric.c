/* metric.c - the metrics' table, made from metrics.def. */
#include "model/metric.h"

#include <stddef.h>

#define NO_TARGET -1

const char *const metric_names[METRIC__COUNT + 1] = {
#define METRIC(id, name, unit, target) #name,
#include "model/metrics.def"
#undef METRIC
    NULL,
};

const int64_t metric_units[METRIC__COUNT] = {
#define METRIC(id, name, unit, target) unit,
#include "model/metrics.def"
#undef METRIC
};

const double metric_default_targets[METRIC__COUNT] = {
#define METRIC(id, name, unit, target) target,
#include "model/metrics.def"
#undef METRIC
};
