"""library_upstream.py - someone else's SOAP service for the gateway tests: implements Library.wsdl
in memory with the Python standard library only (http.server + ElementTree), on 127.0.0.1.

    server = LibraryUpstream(); server.start(); ...; server.stop()
"""
import http.server
import threading
import xml.etree.ElementTree as ET

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
NS = "urn:example:library"
FIELDS = ("Id", "Title", "Author", "Year", "Price")


def q(name):
    return "{%s}%s" % (NS, name)


class Store:
    def __init__(self):
        self.books, self.next_id, self.events = {}, 1, []
        self.lock = threading.Lock()


def book_from(el):
    book = {"Tag": []}
    for child in el:
        local = child.tag.split("}", 1)[1]
        if local == "Tag":
            book["Tag"].append(child.text or "")
        elif local in FIELDS:
            book[local] = child.text or ""
    return book


def book_to(parent, tag, book):
    el = ET.SubElement(parent, q(tag))
    for name in FIELDS:
        if name in book:
            ET.SubElement(el, q(name)).text = str(book[name])
    for t in book.get("Tag", []):
        ET.SubElement(el, q("Tag")).text = t
    return el


def envelope():
    env = ET.Element("{%s}Envelope" % SOAP11)
    return env, ET.SubElement(env, "{%s}Body" % SOAP11)


def not_found(book_id):
    env, body = envelope()
    fault = ET.SubElement(body, "{%s}Fault" % SOAP11)
    ET.SubElement(fault, "faultcode").text = "soap:Client"
    ET.SubElement(fault, "faultstring").text = "No book %s" % book_id
    detail = ET.SubElement(fault, "detail")
    ET.SubElement(ET.SubElement(detail, q("BookNotFound")), q("Id")).text = str(book_id)
    return 500, env


def handle(store, op, req):
    """Returns (HTTP status, envelope element or None)."""
    env, body = envelope()
    text = lambda name: (req.find(q(name)).text if req.find(q(name)) is not None else None)
    with store.lock:
        if op == "GetBook":
            book = store.books.get(int(text("id")))
            if book is None:
                return not_found(text("id"))
            book_to(ET.SubElement(body, q("GetBookResponse")), "GetBookResult", book)
        elif op == "FindBooks":
            author, tags = text("author"), [t.text for t in req.findall(q("tag"))]
            hits = [b for b in sorted(store.books.values(), key=lambda b: int(b["Id"]))
                    if (author is None or b["Author"] == author) and all(t in b["Tag"] for t in tags)]
            result = ET.SubElement(ET.SubElement(body, q("FindBooksResponse")), q("FindBooksResult"))
            for b in hits:
                book_to(result, "Book", b)
        elif op == "CreateBook":
            book = book_from(req.find(q("book")))
            book["Id"] = str(store.next_id)
            store.next_id += 1
            store.books[int(book["Id"])] = book
            book_to(ET.SubElement(body, q("CreateBookResponse")), "CreateBookResult", book)
        elif op == "UpdateBook":
            book_id = int(text("id"))
            if book_id not in store.books:
                return not_found(book_id)
            book = book_from(req.find(q("book")))
            book["Id"] = str(book_id)
            store.books[book_id] = book
            book_to(ET.SubElement(body, q("UpdateBookResponse")), "UpdateBookResult", book)
        elif op == "DeleteBook":
            if store.books.pop(int(text("id")), None) is None:
                return not_found(text("id"))
            ET.SubElement(body, q("DeleteBookResponse"))
        elif op == "LogEvent":
            store.events.append(text("message"))
            return 202, None
        else:
            return 400, None
    return 200, env


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def do_POST(self):
        data = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        self.server.requests.append((self.headers.get("SOAPAction"), data))
        try:
            op_el = ET.fromstring(data).find("{%s}Body" % SOAP11)[0]
            status, env = handle(self.server.store, op_el.tag.split("}", 1)[1], op_el)
        except Exception as exc:  # a broken request is the test's failure, reported as 400
            status, env = 400, None
            self.server.errors.append(repr(exc))
        out = ET.tostring(env, encoding="utf-8", xml_declaration=True) if env is not None else b""
        self.send_response(status)
        self.send_header("Content-Type", "text/xml; charset=utf-8")
        self.send_header("Content-Length", str(len(out)))
        self.end_headers()
        self.wfile.write(out)


class LibraryUpstream:
    def __init__(self):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.store, self.httpd.requests, self.httpd.errors = Store(), [], []
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%d/library" % self.httpd.server_address[1]

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
