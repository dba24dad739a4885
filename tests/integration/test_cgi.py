#!/usr/bin/env python3
"""test_cgi.py - soaprest.cgi under real web servers (lighttpd and Apache, from Debian), each on a
free loopback port with its own config in a temp dir: SOAP (zeep from the live ?wsdl), SOAP 1.2,
REST, metadata addresses below the script's path, and concurrent CGI processes sharing one
SQLite database. A server that is not installed is skipped; CI installs both."""
import concurrent.futures
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

sys.path.insert(0, os.environ.get("SOAPREST_TEST_LIB", os.path.dirname(os.path.abspath(__file__))))
import soaprest_testlib as tl  # noqa: E402

tl.require_modules("zeep", "requests")
import requests  # noqa: E402
import unittest  # noqa: E402
import zeep  # noqa: E402

CGI = os.environ.get("SOAPREST_CGI") or os.path.join(os.path.dirname(tl.SOAPRESTD), "soaprest.cgi")
SCRIPT = "/cgi-bin/soaprest.cgi"
T = tl.HTTP_TIMEOUT
LIGHTTPD = shutil.which("lighttpd") or "/usr/sbin/lighttpd"
APACHE = shutil.which("apache2") or "/usr/sbin/apache2"
APACHE_MODULES = "/usr/lib/apache2/modules"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class WebServer:
    """One web server process running soaprest.cgi, stopped by its PID."""

    def __init__(self, kind):
        self.kind = kind
        self.dir = tl.new_subdir("cgi-" + kind)
        # Apache's children run as www-data: they must reach this folder and write the database
        os.chmod(os.path.dirname(self.dir), 0o711)
        os.chmod(self.dir, 0o777)
        self.port = free_port()
        self.db = os.path.join(self.dir, "soaprest.db")
        self.proc = None
        # The program and the contract are copied here: the build tree may sit where www-data
        # cannot reach (a clone under /root, say).
        self.cgi = os.path.join(self.dir, "soaprest.cgi")
        shutil.copy(CGI, self.cgi)
        os.chmod(self.cgi, 0o755)
        self.wsdl_dir = os.path.join(self.dir, "wsdl")
        shutil.copytree(os.path.dirname(tl.WSDL_FILE), self.wsdl_dir)
        self.wsdl = os.path.join(self.wsdl_dir, os.path.basename(tl.WSDL_FILE))
        for root, dirs, files in os.walk(self.wsdl_dir):
            os.chmod(root, 0o755)
            for name in files:
                os.chmod(os.path.join(root, name), 0o644)

    @property
    def base(self):
        return "http://127.0.0.1:%d%s" % (self.port, SCRIPT)

    def lighttpd_conf(self):
        www = os.path.join(self.dir, "www")
        os.makedirs(www, exist_ok=True)
        return """server.document-root = "%s"
server.bind = "127.0.0.1"
server.port = %d
server.errorlog = "%s/error.log"
server.modules = ("mod_alias", "mod_cgi", "mod_setenv")
alias.url = ("%s" => "%s")
cgi.assign = ("" => "")
setenv.add-environment = ("SOAPREST_WSDL" => "%s", "SOAPREST_DB" => "%s")
""" % (www, self.port, self.dir, SCRIPT, self.cgi, self.wsdl, self.db)

    def apache_conf(self):
        mods = ["mpm_prefork", "authz_core", "alias", "cgi", "env"]
        loads = "\n".join("LoadModule %s_module %s/mod_%s.so" % (m, APACHE_MODULES, m) for m in mods)
        return """%s
ServerName 127.0.0.1
Listen 127.0.0.1:%d
PidFile %s/httpd.pid
ErrorLog %s/error.log
User www-data
Group www-data
DocumentRoot %s
ScriptAlias %s %s
SetEnv SOAPREST_WSDL %s
SetEnv SOAPREST_DB %s
<Directory />
  AllowOverride None
</Directory>
<Directory "%s">
  Require all granted
</Directory>
""" % (loads, self.port, self.dir, self.dir, self.dir, SCRIPT, self.cgi, self.wsdl, self.db,
       self.dir)

    def start(self):
        conf = os.path.join(self.dir, self.kind + ".conf")
        with open(conf, "w") as f:
            f.write(self.lighttpd_conf() if self.kind == "lighttpd" else self.apache_conf())
        cmd = [LIGHTTPD, "-D", "-f", conf] if self.kind == "lighttpd" else \
              [APACHE, "-DFOREGROUND", "-f", conf]
        env = dict(os.environ, APACHE_RUN_DIR=self.dir, APACHE_LOCK_DIR=self.dir)
        self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=open(os.path.join(self.dir, "stderr.log"), "wb"), env=env,
                                     start_new_session=True)  # Apache signals its whole group
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/api/info", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.1)
        self.stop()
        raise RuntimeError("%s did not serve soaprest.cgi; logs in %s: %s" % (
            self.kind, self.dir, self.logs()))

    def logs(self):
        out = []
        for name in ("stderr.log", "error.log"):
            path = os.path.join(self.dir, name)
            if os.path.exists(path):
                out.append(open(path, errors="replace").read()[-2000:])
        return "\n".join(out)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


class CgiSuite:
    """The tests, run once per web server (mixed into a TestCase per server below)."""
    KIND = None
    server = None

    @classmethod
    def setUpClass(cls):
        binary = LIGHTTPD if cls.KIND == "lighttpd" else APACHE
        if not os.access(binary, os.X_OK):
            if os.environ.get("SOAPREST_INTEROP_REQUIRED") == "1":  # CI: every server must run
                raise RuntimeError("%s is not installed (tools/install-deps installs it)" % cls.KIND)
            raise unittest.SkipTest("%s is not installed" % cls.KIND)
        cls.server = WebServer(cls.KIND).start()

    @classmethod
    def tearDownClass(cls):
        if cls.server:
            cls.server.stop()

    def product(self, **over):
        body = {"Sku": tl.unique_sku("CGI"), "Name": "Via CGI", "Category": "Hardware",
                "Price": "2.50", "StockQuantity": 5}
        body.update(over)
        return body

    def test_wsdl_addresses_are_below_the_script(self):
        r = requests.get(self.server.base + "/InventoryService.svc?wsdl", timeout=T)
        self.assertEqual(r.status_code, 200, r.text[:300])
        self.assertIn(('location="%s/InventoryService.svc"' % self.server.base).encode(), r.content)
        self.assertIn(('location="%s/InventoryService.svc/soap12"' % self.server.base).encode(),
                      r.content)

    def test_zeep_from_the_live_wsdl(self):
        client = zeep.Client(self.server.base + "/InventoryService.svc?wsdl")
        made = client.service.CreateProduct(product=self.product())
        got = client.service.GetProduct(id=made.Id)
        self.assertEqual((got.Sku, str(got.Price)), (made.Sku, "2.5"))
        with self.assertRaises(zeep.exceptions.Fault) as cm:
            client.service.GetProduct(id=987654)
        self.assertEqual(cm.exception.detail[0].tag.split("}")[1], "NotFoundFault")

    def test_rest_create_location_then_get(self):
        r = requests.post(self.server.base + "/api/products", json=self.product(), timeout=T)
        self.assertEqual(r.status_code, 201, r.text)
        loc = r.headers["Location"]
        self.assertTrue(loc.startswith(SCRIPT + "/api/products/"), loc)
        got = requests.get("http://127.0.0.1:%d%s" % (self.server.port, loc), timeout=T)
        self.assertEqual((got.status_code, got.json()["Id"]), (200, r.json()["Id"]))

    def test_soap12_endpoint(self):
        env = ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
               'xmlns:a="http://www.w3.org/2005/08/addressing"><s:Header>'
               '<a:Action s:mustUnderstand="1">http://soaprest.org/inventory/2026/11/'
               'IInventoryService/GetServiceInfo</a:Action><a:MessageID>urn:uuid:7</a:MessageID>'
               '</s:Header><s:Body><GetServiceInfo xmlns="http://soaprest.org/inventory/2026/11"/>'
               '</s:Body></s:Envelope>')
        r = requests.post(self.server.base + "/InventoryService.svc/soap12", data=env.encode(),
                          headers={"Content-Type": "application/soap+xml; charset=utf-8"}, timeout=T)
        self.assertEqual(r.status_code, 200, r.text[:300])
        self.assertIn(b"urn:uuid:7</wsa5:RelatesTo>", r.content)

    def test_errors_and_one_way(self):
        r = requests.get(self.server.base + "/nothing", timeout=T)
        self.assertEqual(r.status_code, 404)
        r = requests.delete(self.server.base + "/InventoryService.svc", timeout=T)
        self.assertEqual((r.status_code, r.headers.get("Allow")), (405, "GET, HEAD, POST"))
        r = requests.post(self.server.base + "/api/stock-adjustments",
                          json={"sku": "NONE-1", "delta": 1}, timeout=T)
        self.assertEqual((r.status_code, r.content), (202, b""))

    def test_concurrent_processes_share_the_database(self):
        def create(i):
            return requests.post(self.server.base + "/api/products",
                                 json=self.product(Sku=tl.unique_sku("PAR%d" % i)), timeout=30)
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            results = list(pool.map(create, range(24)))
        self.assertEqual([r.status_code for r in results], [201] * 24,
                         [r.text for r in results if r.status_code != 201][:3])
        ids = {r.json()["Id"] for r in results}
        self.assertEqual(len(ids), 24)


class Lighttpd(CgiSuite, unittest.TestCase):
    KIND = "lighttpd"


class Apache(CgiSuite, unittest.TestCase):
    KIND = "apache2"


if __name__ == "__main__":
    tl.main(__name__)
