# doc/local.mk - man pages and user documentation.
dist_man_MANS = doc/soaprestd.8
EXTRA_DIST += doc/local.mk
