# rest/local.mk - soaprestd: the libmicrohttpd front and main.
bin_PROGRAMS += soaprestd
soaprestd_SOURCES = rest/rest.h rest/rest_int.h rest/server.c rest/api.c rest/upstream.c rest/main.c
soaprestd_CPPFLAGS = $(AM_CPPFLAGS) $(MHD_CFLAGS) $(JANSSON_CFLAGS) \
	-DSR_PKGDATADIR=\"$(pkgdatadir)\" \
	-DSR_STATEDIR=\"$(localstatedir)/lib/soaprest\" \
	-DSR_ABS_BUILDDIR=\"$(abs_top_builddir)\" \
	-DSR_ABS_SRCDIR=\"$(abs_top_srcdir)\"
soaprestd_LDADD = libmap.a $(SG_LIBS) $(MHD_LIBS) $(LIBXML_LIBS) $(JANSSON_LIBS)

# soaprest.cgi: the same front for one request from a CGI environment (Apache, lighttpd).
pkglibexec_PROGRAMS = soaprest.cgi
soaprest_cgi_SOURCES = rest/rest.h rest/rest_int.h rest/server.c rest/api.c rest/upstream.c \
	rest/cgi.c
soaprest_cgi_CPPFLAGS = $(soaprestd_CPPFLAGS)
soaprest_cgi_LDADD = $(soaprestd_LDADD)

# The state directory the installed daemon keeps its database in.
install-exec-hook:
	$(MKDIR_P) "$(DESTDIR)$(localstatedir)/lib/soaprest"

EXTRA_DIST += rest/local.mk
