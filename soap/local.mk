# soap/local.mk - gSOAP: stubs generated at build time from wsdl/ (never committed), the engine and
# the reference operations written against the generated skeleton.

# wsdl2h reads the contract; soapcpp2 writes the C stubs. Both into gen/ in the build tree.
gen/inventory.h: $(SR_CONTRACT) $(srcdir)/wsdl/typemap.dat
	$(AM_V_GEN)$(MKDIR_P) gen && \
	$(WSDL2H) -c -F -x -t $(srcdir)/wsdl/typemap.dat -o $@ $(srcdir)/wsdl/InventoryService.wsdl \
		> gen/wsdl2h.log 2>&1 || { cat gen/wsdl2h.log; rm -f $@; exit 1; }

# One stamp for soapcpp2's several outputs; the namespace table is copied under a fixed name
# because soapcpp2 names it after the binding.
gen/soapcpp2.stamp: gen/inventory.h
	$(AM_V_GEN)rm -f gen/*.nsmap && \
	$(SOAPCPP2) -c -S -L -x -I$(GSOAP_IMPORT) -d gen gen/inventory.h \
		> gen/soapcpp2.log 2>&1 || { cat gen/soapcpp2.log; exit 1; }; \
	set -- gen/*.nsmap && cp "$$1" gen/sg_namespaces.nsmap && touch $@

gen/soapC.c gen/soapServer.c gen/soapH.h gen/soapStub.h gen/sg_namespaces.nsmap: gen/soapcpp2.stamp

BUILT_SOURCES += gen/soapcpp2.stamp

# Generated code: its own library, its own (relaxed) warnings.
noinst_LIBRARIES += libsoapgen.a
nodist_libsoapgen_a_SOURCES = gen/soapC.c gen/soapServer.c
libsoapgen_a_CPPFLAGS = -I$(top_builddir)/gen $(GSOAP_CFLAGS)
libsoapgen_a_CFLAGS = -w

noinst_LIBRARIES += libsg.a
libsg_a_SOURCES = soap/sg.h soap/sg_int.h soap/engine.c soap/ops.c soap/wsa.c
libsg_a_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_builddir)/gen $(GSOAP_CFLAGS)

# The generated dispatcher calls the operations in libsg.a, which calls the dispatcher: the two
# archives depend on each other, so programs list libsg.a on both sides of libsoapgen.a.
SG_LIBS = libsg.a libsoapgen.a libsg.a libsvc.a $(GSOAP_LIBS) $(SQLITE_LIBS)

clean-local: clean-gen
clean-gen:
	-rm -rf gen

EXTRA_DIST += soap/local.mk

# The hand-written files include the generated headers: a `make soaprestd` on a clean tree (which
# does not go through BUILT_SOURCES) must generate them first.
soap/libsg_a-engine.$(OBJEXT) soap/libsg_a-ops.$(OBJEXT) soap/libsg_a-wsa.$(OBJEXT): gen/soapcpp2.stamp
