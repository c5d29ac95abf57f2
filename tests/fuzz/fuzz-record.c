/*
 * fuzz-record.c - a libFuzzer target for everything that reads untrusted
 * record bytes: encoding check, front matter, YAML to nodes, the schema of
 * every kind, personal data in bodies. tests/fuzz/replay.c runs the corpus
 * through it in `make test`; `make fuzz` links it with libFuzzer.
 */
#include <stddef.h>
#include <stdint.h>

#include "model/config.h"
#include "model/diag.h"
#include "load/load.h"
#include "load/parse.h"
#include "model/node.h"
#include "model/schema.h"
#include "model/typecheck.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct node_limits lim = {32, schema_intern};
	struct config cfg;
	struct diags d;
	struct arena a;
	struct typecheck tc;
	struct node *root;
	size_t fm_off = 0, fm_len = size, body_off = 0;
	uint32_t body_line = 0, line0 = 0;
	int empty, unclosed, kind;

	config_defaults(&cfg);
	diags_init(&d);
	arena_init(&a);
	tc.d = &d;
	tc.path = "fuzz";
	tc.cfg = &cfg;
	if (text_check_encoding(text, size, 0, "fuzz", &d) == 0) {
		/* Both ways a record can be written: front matter, or plain YAML. */
		if (load_front_matter(text, size, &fm_off, &fm_len, &body_off, &body_line,
		                      &unclosed) == 0) {
			load_scan_pii(text + body_off, size - body_off, body_line, "fuzz", &d);
			line0 = 1;
		} else {
			fm_off = 0;
			fm_len = size;
		}
		root = node_parse(&a, text + fm_off, fm_len, line0, "fuzz", &lim, &d, &empty);
		for (kind = 0; root && root->type == NODE_MAP && kind < KIND__COUNT; kind++)
			typecheck_object(&tc, root, kind);
	}
	diags_sort(&d);
	diags_free(&d);
	arena_free(&a);
	config_free(&cfg);
	return 0;
}
