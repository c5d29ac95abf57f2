/*
 * fuzz-config.c - a libFuzzer target for svcgen.yaml: the input is read as
 * the configuration (YAML, its schema, rules, targets, limits, ignore
 * globs), and every glob it sets is matched against a few paths.
 */
#include <stdint.h>

#include "load/config_parse.h"
#include "model/config.h"
#include "model/diag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const paths[] = {
	    "customers/C-0001.yaml", "drafts", "drafts/a/b.md", "service/2026/11/SR-2026-0101.md",
	    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/x"};
	struct config cfg;
	struct diags d;
	size_t i;

	config_defaults(&cfg);
	diags_init(&d);
	(void)config_parse(&cfg, (const char *)data, size, "svcgen.yaml", &d);
	for (i = 0; i < sizeof(paths) / sizeof(*paths); i++)
		(void)config_ignored(&cfg, paths[i]);
	diags_sort(&d);
	diags_free(&d);
	config_free(&cfg);
	return 0;
}
