# tests/bench/local.mk - make bench: wrk on loopback, SOAP and REST next to a bare libmicrohttpd
# ceiling (tests/bench/run.sh says what it measures).  Not part of make check; the baseline server is
# an EXTRA_PROGRAM, built only by this target.
EXTRA_PROGRAMS += tests/bench/baseline
tests_bench_baseline_SOURCES = tests/bench/baseline.c
tests_bench_baseline_CPPFLAGS = $(AM_CPPFLAGS) $(MHD_CFLAGS)
tests_bench_baseline_LDADD = $(MHD_LIBS) -lpthread
CLEANFILES += tests/bench/baseline$(EXEEXT)

EXTRA_DIST += tests/bench/local.mk tests/bench/run.sh tests/bench/report.lua \
	tests/bench/soap_get.lua tests/bench/rest_post.lua

# Like `all`, BUILT_SOURCES (the gSOAP output) first, then the two programs.
bench: $(BUILT_SOURCES)
	$(MAKE) $(AM_MAKEFLAGS) soaprestd$(EXEEXT) tests/bench/baseline$(EXEEXT)
	SOAPRESTD='$(abs_top_builddir)/soaprestd$(EXEEXT)' SOAPREST_WSDL_DIR='$(abs_top_srcdir)/wsdl' \
	BASELINE='$(abs_top_builddir)/tests/bench/baseline$(EXEEXT)' \
		bash '$(srcdir)/tests/bench/run.sh'
.PHONY: bench
