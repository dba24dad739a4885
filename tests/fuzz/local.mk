# tests/fuzz/local.mk - fuzz targets for every parser entry point of mapping/ (design.md 8, item 4).
# `make check` replays the seed corpus (tests/fuzz/corpus/<target>/) and every crash a fuzzer ever
# found (tests/fuzz/regress/<target>/) through each harness, built with the ordinary compiler; `make
# fuzz` builds the same harnesses with clang's libFuzzer and sanitizers and runs them.
FUZZ_TARGETS = request response route wsdl

# --- make check: one replay program per harness -----------------------------------------------------
FUZZ_REPLAY_COMMON = tests/fuzz/fuzz.h tests/fuzz/fuzz_util.c tests/fuzz/run_corpus.c
FUZZ_REPLAY_CPPFLAGS = $(AM_CPPFLAGS) $(LIBXML_CFLAGS) $(JANSSON_CFLAGS) \
	-DFUZZ_TOP_SRCDIR='"$(abs_top_srcdir)"'
FUZZ_REPLAY_LDADD = libmap.a $(LIBXML_LIBS) $(JANSSON_LIBS)

check_PROGRAMS += tests/fuzz/replay_request tests/fuzz/replay_response tests/fuzz/replay_route \
	tests/fuzz/replay_wsdl
tests_fuzz_replay_request_SOURCES = $(FUZZ_REPLAY_COMMON) tests/fuzz/fuzz_request.c
tests_fuzz_replay_request_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_request_LDADD = $(FUZZ_REPLAY_LDADD)
tests_fuzz_replay_response_SOURCES = $(FUZZ_REPLAY_COMMON) tests/fuzz/fuzz_response.c
tests_fuzz_replay_response_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_response_LDADD = $(FUZZ_REPLAY_LDADD)
tests_fuzz_replay_route_SOURCES = $(FUZZ_REPLAY_COMMON) tests/fuzz/fuzz_route.c
tests_fuzz_replay_route_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_route_LDADD = $(FUZZ_REPLAY_LDADD)
tests_fuzz_replay_wsdl_SOURCES = $(FUZZ_REPLAY_COMMON) tests/fuzz/fuzz_wsdl.c
tests_fuzz_replay_wsdl_CPPFLAGS = $(FUZZ_REPLAY_CPPFLAGS)
tests_fuzz_replay_wsdl_LDADD = $(FUZZ_REPLAY_LDADD)

# A test takes no arguments, so each target gets a generated one-line script calling replay.sh with
# its program and folders (in the source tree: distcheck builds elsewhere).
FUZZ_REPLAY_TESTS = tests/fuzz/request.replay tests/fuzz/response.replay tests/fuzz/route.replay \
	tests/fuzz/wsdl.replay
TESTS += $(FUZZ_REPLAY_TESTS)
CLEANFILES += $(FUZZ_REPLAY_TESTS)
$(FUZZ_REPLAY_TESTS): Makefile
	$(AM_V_GEN)t=`basename $@ .replay`; d='$(abs_top_srcdir)/tests/fuzz'; \
	{ echo '#!/bin/sh'; \
	  echo "exec $(SHELL) '$$d/replay.sh' tests/fuzz/replay_$$t '$$d/corpus/'$$t '$$d/regress/'$$t"; \
	} >$@ && chmod +x $@

EXTRA_DIST += tests/fuzz/local.mk tests/fuzz/replay.sh tests/fuzz/README

# The corpora are folders of many small files: they travel whole, like tests/mapping.
dist-hook: dist-fuzz-data
dist-fuzz-data:
	$(MKDIR_P) $(distdir)/tests/fuzz
	cp -R $(srcdir)/tests/fuzz/corpus $(distdir)/tests/fuzz/
	if test -d $(srcdir)/tests/fuzz/regress; then cp -R $(srcdir)/tests/fuzz/regress $(distdir)/tests/fuzz/; fi
	chmod -R u+w $(distdir)/tests/fuzz

# --- make fuzz (not part of check): libFuzzer runs ----------------------------------------------------
# FUZZ_SECONDS per target; FUZZ_CC overrides the clang search. New corpus entries go to
# tests/fuzz/work/<target>/ and crashes to tests/fuzz/regress/<target>/, both in the build tree: copy a
# crash into the source tree's regress folder to keep it as a regression case.
FUZZ_SECONDS = 60
FUZZ_CC =
FUZZ_CFLAGS = -g -O1 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
fuzz: libmap.a
	@cc='$(FUZZ_CC)'; \
	if test -z "$$cc"; then \
	  for c in clang-14 clang; do command -v $$c >/dev/null 2>&1 && { cc=$$c; break; }; done; \
	fi; \
	if test -z "$$cc"; then \
	  echo "fuzz: neither clang-14 nor clang is on PATH (install clang, or make fuzz FUZZ_CC=...)" >&2; \
	  exit 1; \
	fi; \
	echo "fuzz: using $$cc"; \
	$(MKDIR_P) tests/fuzz/obj || exit 1; objs=; \
	for f in $(libmap_a_SOURCES); do \
	  case $$f in *.c) ;; *) continue;; esac; \
	  o=tests/fuzz/obj/`basename $$f .c`.o; objs="$$objs $$o"; \
	  $$cc $(FUZZ_CFLAGS) $(FUZZ_REPLAY_CPPFLAGS) -fsanitize=fuzzer-no-link -c $(srcdir)/$$f -o $$o || exit 1; \
	done; \
	failed=; \
	for t in $(FUZZ_TARGETS); do \
	  case $$t in request) len=4096;; response) len=8192;; route) len=512;; *) len=65536;; esac; \
	  $$cc $(FUZZ_CFLAGS) $(FUZZ_REPLAY_CPPFLAGS) -fsanitize=fuzzer \
	    -o tests/fuzz/fuzz_$$t $(srcdir)/tests/fuzz/fuzz_$$t.c \
	    $(srcdir)/tests/fuzz/fuzz_util.c $$objs $(LIBXML_LIBS) $(JANSSON_LIBS) || exit 1; \
	  $(MKDIR_P) tests/fuzz/work/$$t tests/fuzz/regress/$$t || exit 1; \
	  echo "fuzz: $$t for $(FUZZ_SECONDS) s, -max_len=$$len"; \
	  tests/fuzz/fuzz_$$t -max_total_time=$(FUZZ_SECONDS) -max_len=$$len -timeout=10 \
	    -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix=tests/fuzz/regress/$$t/ \
	    tests/fuzz/work/$$t $(srcdir)/tests/fuzz/corpus/$$t >tests/fuzz/fuzz_$$t.log 2>&1 \
	    || failed="$$failed $$t"; \
	  grep -E '^(stat::number_of_executed_runs|stat::new_units_added|SUMMARY)' tests/fuzz/fuzz_$$t.log; \
	done; \
	if test -n "$$failed"; then \
	  echo "fuzz: FAILED:$$failed (see tests/fuzz/fuzz_<target>.log and tests/fuzz/regress/)" >&2; exit 1; \
	fi; \
	echo "fuzz: no crash"
clean-local: clean-fuzz
clean-fuzz:
	rm -rf tests/fuzz/obj tests/fuzz/work
	for t in $(FUZZ_TARGETS); do rm -f tests/fuzz/fuzz_$$t tests/fuzz/fuzz_$$t.log; done
.PHONY: dist-fuzz-data fuzz clean-fuzz
