/* test_soap.h - the suites of the soap/ layer's test program. */
#ifndef SOAPREST_TEST_SOAP_H
#define SOAPREST_TEST_SOAP_H
int test_sg_engine_suite(void);
#endif
