# doc/local.mk - man pages and user documentation.
dist_man_MANS = doc/soaprestd.8 doc/soaprest-fetch-wsdl.1
dist_doc_DATA = doc/wcf.md doc/mapping.md doc/cgi.md
EXTRA_DIST += doc/local.mk
