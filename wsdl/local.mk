# wsdl/local.mk - the reference contract: installed for the daemon to publish, read by wsdl2h.
wsdldir = $(pkgdatadir)/wsdl
dist_wsdl_DATA = \
	wsdl/InventoryService.wsdl \
	wsdl/InventoryService.xsd \
	wsdl/Soaprest.Inventory.xsd \
	wsdl/Serialization.xsd \
	wsdl/Arrays.xsd
EXTRA_DIST += wsdl/typemap.dat wsdl/local.mk
