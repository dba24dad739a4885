# wsdl/local.mk - the reference contract: installed for the daemon to publish, read by wsdl2h.
SR_CONTRACT = \
	wsdl/InventoryService.wsdl \
	wsdl/InventoryService.xsd \
	wsdl/Soaprest.Inventory.xsd \
	wsdl/Serialization.xsd \
	wsdl/Arrays.xsd
wsdldir = $(pkgdatadir)/wsdl
dist_wsdl_DATA = $(SR_CONTRACT) wsdl/InventoryService.map.json
EXTRA_DIST += wsdl/typemap.dat wsdl/local.mk
