/*
 * replay.c - runs files through the fuzz target without libFuzzer, so the
 * corpus is a regression test under the sanitizers (`make test`, `make asan`).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
main(int argc, char **argv)
{
	int i, failed = 0;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		unsigned char *buf;
		long n;

		if (!f || fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 ||
		    fseek(f, 0, SEEK_SET) != 0) {
			printf("not ok - fuzz replay %s: cannot read\n", argv[i]);
			failed = 1;
			if (f)
				fclose(f);
			continue;
		}
		buf = malloc((size_t)n + 1);
		if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) {
			printf("not ok - fuzz replay %s: cannot read\n", argv[i]);
			failed = 1;
		} else {
			LLVMFuzzerTestOneInput(buf, (size_t)n);
			printf("ok - fuzz replay %s\n", argv[i]);
		}
		free(buf);
		fclose(f);
	}
	return failed;
}
