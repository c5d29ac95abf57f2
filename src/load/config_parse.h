/* config_parse.h - svcgen.yaml read and checked over the defaults. */
#ifndef SVCGEN_CONFIG_PARSE_H
#define SVCGEN_CONFIG_PARSE_H

#include <stddef.h>

#include "model/config.h"
#include "model/diag.h"

/*
 * Reads svcgen.yaml from text[0..len) over the defaults; problems go to
 * d against path. Returns 0, or -1 when errors were reported.
 */
int config_parse(struct config *cfg, const char *text, size_t len, const char *path,
                 struct diags *d);

#endif
