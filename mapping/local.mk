# mapping/local.mk - the schema side: WSDL metadata publishing (and, next, the REST mapping).
noinst_LIBRARIES += libmap.a
libmap_a_SOURCES = mapping/map.h mapping/meta.c
libmap_a_CPPFLAGS = $(AM_CPPFLAGS) $(LIBXML_CFLAGS)
EXTRA_DIST += mapping/local.mk
