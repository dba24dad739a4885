# mapping/local.mk - the schema side: WSDL metadata publishing, the schema model, XSD<->JSON
# transcoding, REST routes, OpenAPI and the help page. No HTTP, no gSOAP.
noinst_LIBRARIES += libmap.a
libmap_a_SOURCES = mapping/map.h mapping/map_int.h mapping/route.h mapping/openapi.h \
	mapping/load.c mapping/meta.c \
	mapping/model.c mapping/wsdl.c mapping/xsd.c mapping/table.c mapping/api.c \
	mapping/value.c mapping/xmlw.c mapping/json.c mapping/jsonread.c \
	mapping/route.c mapping/openapi.c mapping/help.c
libmap_a_CPPFLAGS = $(AM_CPPFLAGS) $(LIBXML_CFLAGS) $(JANSSON_CFLAGS)
EXTRA_DIST += mapping/local.mk
