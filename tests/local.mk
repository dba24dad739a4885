# tests/local.mk - make check: CUnit programs per layer, then integration tests with real clients.
check_PROGRAMS += tests/unit/run_service tests/unit/run_mapping tests/unit/run_soap

tests_unit_run_service_SOURCES = tests/unit/run_service.c tests/unit/test_service.h \
	tests/unit/test_svc_fixture.c tests/unit/test_svc_rules.c tests/unit/test_svc_store.c \
	tests/unit/test_svc_products.c tests/unit/test_svc_find.c tests/unit/test_svc_orders.c \
	tests/unit/test_svc_images.c tests/unit/test_svc_stock.c tests/unit/test_svc_info.c
tests_unit_run_service_CPPFLAGS = $(AM_CPPFLAGS) $(CUNIT_CFLAGS)
tests_unit_run_service_LDADD = libsvc.a $(SQLITE_LIBS) $(CUNIT_LIBS) -lpthread

tests_unit_run_mapping_SOURCES = tests/unit/run_mapping.c tests/unit/test_mapping.h \
	tests/unit/test_map_meta.c tests/unit/test_map_model.c tests/unit/test_map_json.c \
	tests/unit/test_map_cases.c tests/unit/test_map_route.c tests/unit/test_map_openapi.c
tests_unit_run_mapping_CPPFLAGS = $(AM_CPPFLAGS) $(CUNIT_CFLAGS) $(LIBXML_CFLAGS) $(JANSSON_CFLAGS)
tests_unit_run_mapping_LDADD = libmap.a $(LIBXML_LIBS) $(JANSSON_LIBS) $(CUNIT_LIBS)

tests_unit_run_soap_SOURCES = tests/unit/run_soap.c tests/unit/test_soap.h tests/unit/test_sg_engine.c
tests_unit_run_soap_CPPFLAGS = $(AM_CPPFLAGS) $(CUNIT_CFLAGS)
tests_unit_run_soap_LDADD = $(SG_LIBS) $(CUNIT_LIBS)

# Prints a contract's OpenAPI document (or help page) for the lint below.
check_PROGRAMS += tests/openapi/dump_openapi
tests_openapi_dump_openapi_SOURCES = tests/openapi/dump_openapi.c
tests_openapi_dump_openapi_CPPFLAGS = $(AM_CPPFLAGS) $(LIBXML_CFLAGS) $(JANSSON_CFLAGS)
tests_openapi_dump_openapi_LDADD = libmap.a $(LIBXML_LIBS) $(JANSSON_LIBS)

TEST_EXTENSIONS = .py
PY_LOG_COMPILER = $(PYTHON3)
AM_TESTS_ENVIRONMENT = \
	SOAPREST_WSDL_DIR='$(abs_top_srcdir)/wsdl'; export SOAPREST_WSDL_DIR; \
	SOAPRESTD='$(abs_top_builddir)/soaprestd'; export SOAPRESTD; \
	SOAPREST_CGI='$(abs_top_builddir)/soaprest.cgi'; export SOAPREST_CGI; \
	SOAPREST_TEST_LIB='$(abs_top_srcdir)/tests/integration'; export SOAPREST_TEST_LIB; \
	DUMP_OPENAPI='$(abs_top_builddir)/tests/openapi/dump_openapi'; export DUMP_OPENAPI; \
	SOAPREST_TEST_WSDL_DIR='$(abs_top_srcdir)/tests/mapping/wsdl'; export SOAPREST_TEST_WSDL_DIR; \
	REDOCLY='$(REDOCLY)'; export REDOCLY; \
	SOAPREST_FETCH_WSDL='$(abs_top_srcdir)/tools/soaprest-fetch-wsdl'; export SOAPREST_FETCH_WSDL;

TESTS += tests/unit/run_service tests/unit/run_mapping tests/unit/run_soap \
	tests/integration/test_soap_zeep.py tests/integration/test_http_front.py \
	tests/integration/test_gateway.py tests/integration/test_rest_routes.py \
	tests/integration/test_differential.py tests/integration/test_cgi.py \
	tests/integration/test_fetch_wsdl.py \
	tests/interop/run_matrix.py tests/openapi/lint.sh tests/corpus/run_corpus.py

EXTRA_DIST += tests/local.mk tests/openapi/lint.sh tests/integration/test_soap_zeep.py \
	tests/integration/test_http_front.py tests/integration/soaprest_testlib.py \
	tests/integration/test_gateway.py tests/gateway/Library.wsdl tests/gateway/library_upstream.py \
	tests/integration/test_rest_routes.py tests/integration/test_differential.py \
	tests/integration/test_cgi.py tests/integration/test_fetch_wsdl.py \
	tests/interop/README.md tests/interop/run_matrix.py tests/interop/python/scenario.py \
	tests/interop/python/zeep_client.py tests/interop/python/suds_client.py \
	tests/interop/node/client.js tests/interop/node/package.json \
	tests/interop/node/package-lock.json tests/interop/gsoap/build.sh \
	tests/interop/gsoap/client.c tests/interop/gsoap/typemap.dat tests/interop/wcf/build.sh \
	tests/interop/wcf/add_faults.py tests/interop/wcf/Interop.cs tests/interop/dotnet/build.sh \
	tests/interop/dotnet/wsdl2cs.py tests/interop/dotnet/ContractCheck.cs \
	tests/interop/dotnet/Interop.csproj

# The interop matrix alone: every client x every operation, printed as a table.
check-interop: soaprestd
	SOAPRESTD=$(abs_top_builddir)/soaprestd SOAPREST_WSDL_DIR=$(abs_top_srcdir)/wsdl \
		$(PYTHON3) $(srcdir)/tests/interop/run_matrix.py
.PHONY: check-interop

# The real-world contract corpus (tests/corpus/README.md) alone, as make check runs it: every contract
# loads or is refused as its ENTRY expects, lints clean, and round-trips up to five operations through
# gateway mode to a stand-in upstream that checks the SOAP with zeep and lxml.
check-corpus: soaprestd tests/openapi/dump_openapi
	SOAPRESTD=$(abs_top_builddir)/soaprestd DUMP_OPENAPI=$(abs_top_builddir)/tests/openapi/dump_openapi \
		REDOCLY='$(REDOCLY)' SOAPREST_TEST_LIB=$(abs_top_srcdir)/tests/integration \
		$(PYTHON3) $(srcdir)/tests/corpus/run_corpus.py
.PHONY: check-corpus

# The golden mapping cases, test contracts and the corpus: adding a case is adding a folder, so they
# travel in the tarball as whole folders.
dist-hook: dist-mapping-data
dist-mapping-data:
	cp -R $(srcdir)/tests/mapping $(distdir)/tests/
	chmod -R u+w $(distdir)/tests/mapping
	cp -R $(srcdir)/tests/corpus $(distdir)/tests/
	chmod -R u+w $(distdir)/tests/corpus
	rm -rf $(distdir)/tests/corpus/__pycache__ $(distdir)/tests/corpus/*.log $(distdir)/tests/corpus/*.trs
