# svcgen - validate after-sales service records and build their site.
# `make site` and `make test` do all the set-up on a fresh Debian 12 machine.

PREFIX ?= /usr/local
VERSION = 0.1.0
CC ?= cc
PKGS = yaml-0.1 libcmark-gfm libgit2
WARN = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
       -Wwrite-strings
CFLAGS ?= -O3 -g
ALL_CFLAGS = -std=c11 -pthread -D_DEFAULT_SOURCE -DSVCGEN_VERSION='"$(VERSION)"' \
	-DSVCGEN_DATADIR='"$(PREFIX)/share/svcgen"' -Isrc -I$(BUILD)/gen $(WARN) \
	$(CFLAGS) $(EXTRA_CFLAGS) $$(pkg-config --cflags $(PKGS) 2>/dev/null)
LIBS = $$(pkg-config --libs $(PKGS) 2>/dev/null) -lcmark-gfm-extensions -lpthread -lm
BUILD ?= build/release

# One folder a stage, in the order of docs/architecture.md, "The source tree".
SRCS = $(wildcard src/*/*.c)
# The default templates, labels and assets, built in (load/source.h, source_builtin_files).
TEMPLATE_FILES = $(sort $(wildcard templates/*.mustache templates/*/*.*))
BUILTIN = $(BUILD)/gen/builtin_templates
OBJS = $(SRCS:src/%.c=$(BUILD)/%.o) $(BUILTIN).o
DEBS = build-essential pkg-config libyaml-dev libcmark-gfm-dev \
       libcmark-gfm-extensions-dev libgit2-dev git

all: svcgen

svcgen: $(BUILD)/svcgen
	cp $(BUILD)/svcgen $@

$(BUILD)/svcgen: $(OBJS)
	$(CC) $(ALL_CFLAGS) -o $@ $(OBJS) $(LIBS)

# Each object lists the headers it read (-MMD -MP), so a change to one
# header rebuilds just the objects that include it.
$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The keys of the schema's fields (model/schema.h), made from schema.def:
# KEY(name) for each distinct field name, in byte order.
KEYS = $(BUILD)/gen/model/keys.def
$(KEYS): src/model/schema.def
	@mkdir -p $(@D)
	sed -n 's/^F([a-z_]*, *\([a-z_0-9]*\),.*/KEY(\1)/p' src/model/schema.def | LC_ALL=C sort -u >$@
$(OBJS): | $(KEYS)

# Each file of templates/ as bytes (od, in every Debian), with its path below templates/.
$(BUILTIN).c: $(TEMPLATE_FILES) Makefile
	@mkdir -p $(@D)
	{ echo '#include "load/source.h"'; i=0; \
	  for f in $(TEMPLATE_FILES); do \
		echo "static const unsigned char S_$$i[] = {"; \
		od -An -v -tx1 "$$f" | sed 's/ \([0-9a-f][0-9a-f]\)/0x\1,/g'; \
		echo "0};"; i=$$((i + 1)); \
	  done; \
	  echo 'const struct source_file source_builtin_files[] = {'; i=0; \
	  for f in $(TEMPLATE_FILES); do \
		echo "{\"$${f#templates/}\", S_$$i, sizeof(S_$$i) - 1},"; i=$$((i + 1)); \
	  done; \
	  echo '};'; \
	  echo 'const size_t source_builtin_count = sizeof(source_builtin_files) / sizeof(source_builtin_files[0]);'; \
	} >$@.tmp && mv $@.tmp $@
$(BUILTIN).o: $(BUILTIN).c
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

UNIT_OBJS = $(filter-out $(BUILD)/cli/main.o,$(OBJS))

# The test programs: tests/NAME.c (and the fuzz targets' sources named
# beside it) linked with every object but main's.
TEST_PROGS = unit-tests mustache-spec publish-test yaml-block-test markdown-test msg-po
$(TEST_PROGS:%=$(BUILD)/%): $(BUILD)/%: tests/%.c $(UNIT_OBJS)
	$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $(filter %.c,$^) $(UNIT_OBJS) $(LIBS)
$(BUILD)/markdown-test: tests/fuzz/fuzz-markdown.c

# The fuzz targets, each replayed over its corpus in `make test` (tests/suites/fuzz.sh).
FUZZ_TARGETS = record markdown template config svg
# Every test program tests/run.sh needs beside svcgen.
TEST_BINS = unit-tests mustache-spec publish-test markdown-test yaml-block-test msg-po \
	fuzz-replay fuzz-replay-markdown fuzz-replay-template fuzz-replay-config fuzz-replay-svg

$(BUILD)/fuzz-replay: tests/fuzz/replay.c tests/fuzz/fuzz-record.c $(UNIT_OBJS)
	$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $(filter %.c,$^) $(UNIT_OBJS) $(LIBS)

$(BUILD)/fuzz-replay-%: tests/fuzz/replay.c tests/fuzz/fuzz-%.c $(UNIT_OBJS)
	$(CC) $(ALL_CFLAGS) -MMD -MP -o $@ $(filter %.c,$^) $(UNIT_OBJS) $(LIBS)

-include $(OBJS:.o=.d) $(TEST_BINS:%=$(BUILD)/%.d)

# libFuzzer, with clang: make fuzz; then e.g. build/fuzz/fuzz-record tests/fuzz/corpus,
# build/fuzz/fuzz-markdown -max_len=8192 -timeout=5 tests/fuzz/corpus-markdown,
# build/fuzz/fuzz-template tests/fuzz/corpus-template, build/fuzz/fuzz-config tests/fuzz/corpus-config,
# build/fuzz/fuzz-svg -max_len=4096 -timeout=5 tests/fuzz/corpus-svg
# (tests/fuzz/run.sh runs them all for a while each).
fuzz:
	$(MAKE) BUILD=build/fuzz CC=clang CFLAGS='-O1 -g -fsanitize=fuzzer-no-link,address,undefined' \
		$(SRCS:src/%.c=build/fuzz/%.o) build/fuzz/gen/builtin_templates.o
	for t in $(FUZZ_TARGETS); do \
		clang $(ALL_CFLAGS) -fsanitize=fuzzer,address,undefined -Isrc -o build/fuzz/fuzz-$$t \
			tests/fuzz/fuzz-$$t.c $(filter-out build/fuzz/cli/main.o,$(SRCS:src/%.c=build/fuzz/%.o)) \
			build/fuzz/gen/builtin_templates.o \
			$(LIBS) || exit 1; \
	done

# Installs the Debian packages the build needs, when any is missing.
deps:
	@sh tests/install-deps.sh build $(DEBS)

# The sample site: records/ replayed as a year of commits into a repository
# under build/ (tests/sample-history.sh; records/ itself has no git metadata
# of its own), so that its pages have a history; as of the sample's last day,
# so that it stays clean as the calendar moves (docs/site.md, "The sample").
SAMPLE = build/sample
SAMPLE_AS_OF = 2026-11-27
site: deps
	$(MAKE) svcgen
	sh tests/sample-history.sh $(SAMPLE)
	./svcgen check $(SAMPLE)/records --as-of $(SAMPLE_AS_OF)
	./svcgen build $(SAMPLE)/records -o site --as-of $(SAMPLE_AS_OF)

test: deps
	@sh tests/install-deps.sh test
	$(MAKE) svcgen $(TEST_BINS:%=build/release/%)
	sh tests/run.sh ./svcgen

# The same tests under AddressSanitizer and UndefinedBehaviorSanitizer.
asan: deps
	@sh tests/install-deps.sh test
	$(MAKE) BUILD=build/asan CFLAGS='-O1 -g -fsanitize=address,undefined \
		-fno-omit-frame-pointer -fno-sanitize-recover=all' build/asan/svcgen \
		$(TEST_BINS:%=build/asan/%)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 SVCGEN_ARENA_MALLOC=1 \
		UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		SANITIZED=1 sh tests/run.sh build/asan/svcgen

valgrind: deps
	@sh tests/install-deps.sh test
	$(MAKE) svcgen $(TEST_BINS:%=build/release/%)
	SVCGEN_ARENA_MALLOC=1 VALGRIND=1 sh tests/run.sh ./svcgen

bench: svcgen
	sh tests/bench/run.sh

bench-scale: svcgen
	sh tests/bench/scale.sh

# The program, its templates, its manual page and its bash and zsh completions.
BASHCOMP = $(PREFIX)/share/bash-completion/completions
install: svcgen
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/svcgen \
		$(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(BASHCOMP) \
		$(DESTDIR)$(PREFIX)/share/zsh/site-functions
	cp svcgen $(DESTDIR)$(PREFIX)/bin/svcgen
	rm -rf $(DESTDIR)$(PREFIX)/share/svcgen/templates
	cp -R templates $(DESTDIR)$(PREFIX)/share/svcgen/templates
	cp docs/svcgen.1 $(DESTDIR)$(PREFIX)/share/man/man1/svcgen.1
	cp docs/completion/svcgen.bash $(DESTDIR)$(BASHCOMP)/svcgen
	sed 's|@BASH_COMPLETION@|$(BASHCOMP)/svcgen|' docs/completion/_svcgen \
		>$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_svcgen

# Regenerates the documentation that the program itself prints.
docs: svcgen
	./svcgen schema > docs/schema.txt

# Each header compiles on its own.
check-headers:
	@for h in src/*/*.h; do \
		echo "#include \"$$h\"" | $(CC) $(ALL_CFLAGS) -fsyntax-only -x c - || exit 1; \
	done; echo "headers: ok"

format:
	clang-format -i src/*/*.c src/*/*.h tests/*.c tests/fuzz/*.c tests/bench/*.c

format-check:
	clang-format --dry-run --Werror src/*/*.c src/*/*.h tests/*.c tests/fuzz/*.c tests/bench/*.c

clean:
	rm -rf build svcgen

.PHONY: all deps site test asan valgrind bench bench-scale fuzz install docs check-headers format format-check clean
