/*
 * json_schema.h - `svcgen schema --json-schema`: the schema table
 * (model/schema.def) as a JSON Schema, draft 2020-12, for editors
 * (docs/editors.md).
 */
#ifndef SVCGEN_JSON_SCHEMA_H
#define SVCGEN_JSON_SCHEMA_H

#include "base/util.h"
#include "model/config.h"

/*
 * Reads dir's svcgen.yaml over the defaults into cfg (config_defaults
 * first): without one, the defaults. Returns 0, or -1 with the failure
 * recorded by error_set (an I/O failure, or problems in svcgen.yaml, which
 * `svcgen check` reports).
 */
int json_schema_config(struct config *cfg, const char *dir);

/*
 * Appends to out one JSON document: every kind, nested object, value type
 * and configured list under "$defs"; obj >= 0 (a kind, or OBJ_config) makes
 * that object the document's own schema (an allOf of its $ref), obj < 0
 * leaves it a collection of definitions. The configured enumerations come from cfg.
 */
void json_schema_write(struct buf *out, const struct config *cfg, int obj);

#endif
