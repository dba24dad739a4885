# service/local.mk - the reference service's rules and SQLite store (no gSOAP, no HTTP).
noinst_LIBRARIES += libsvc.a
libsvc_a_SOURCES = service/svc.h service/svc_int.h service/fault.c service/find.c service/images.c \
	service/info.c service/model.c service/orders.c service/products.c service/rules.c \
	service/stock.c service/store.c service/validate.c
libsvc_a_CPPFLAGS = $(AM_CPPFLAGS) -include $(top_builddir)/config.h $(SQLITE_CFLAGS)
EXTRA_DIST += service/local.mk
