#!/usr/bin/env python3
"""check_entries.py - static sanity checks of the tests/corpus/ folders (no soaprest needed).

For every folder with an ENTRY file (or only the folders named on the command line):
  * ENTRY has the keys wsdl, source, licence, expect, constructs, notes; expect is load or
    refuse; refuse entries have an error; constructs only uses the agreed tags; the folder
    name is lowercase [a-z0-9_-]+;
  * every .wsdl/.xsd/.xml file of the folder is well-formed XML (xmllint --noout when it is
    installed, else Python's parser without namespace checks);
  * starting from the ENTRY's wsdl, every wsdl:import/@location and xs:import, xs:include,
    xs:redefine/@schemaLocation is followed: a relative location must name an existing file
    inside the folder; absolute (http:, https:, file:) locations are reported.
Problems in an entry that expects "refuse" are reported as notes, not failures (a contract kept
broken on purpose may well be malformed XML or point at a missing file).

Usage: python3 tests/corpus/check_entries.py [name ...]     exit status 1 when a check failed
"""
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
TAGS = set("wrapped bare rpc-literal rpc-encoded multipart void one-way wsdl-import xs-import "
           "xs-include chameleon no-tns repeated-group soap12 no-service no-path multi-service "
           "large malformed".split())
KEYS = ("wsdl", "source", "licence", "expect", "constructs", "notes")
WSDL_NS = "http://schemas.xmlsoap.org/wsdl/"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
XMLLINT = shutil.which("xmllint")
LOC_RE = re.compile(r'<(?:[\w.-]+:)?(import|include|redefine)\b[^>]*?\b(location|schemaLocation)\s*=\s*["\']([^"\']*)["\']', re.S)


def read_entry(path):
    entry = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key, sep, value = line.partition(":")
            if sep:
                entry[key.strip()] = value.strip()
    return entry


def well_formed(path):
    """Returns None or an error message."""
    if XMLLINT:
        p = subprocess.run([XMLLINT, "--noout", "--nonet", path], capture_output=True, text=True)
        # xmllint exits 0 on namespace errors (an undeclared prefix) but still reports them
        if p.returncode == 0 and "error" not in p.stderr:
            return None
        return (p.stderr.strip().splitlines() or ["xmllint failed"])[0]
    try:
        ET.parse(path)
        return None
    except ET.ParseError as e:
        return str(e)


def references(path):
    """(kind, location) pairs of the imports/includes of one file; tolerant of broken XML."""
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError:
        with open(path, encoding="utf-8", errors="replace") as f:
            return [(m.group(1), m.group(3)) for m in LOC_RE.finditer(f.read())]
    refs = []
    for el in root.iter():
        if el.tag == "{%s}import" % WSDL_NS and "location" in el.attrib:
            refs.append(("wsdl:import", el.attrib["location"]))
        elif el.tag in ("{%s}import" % XSD_NS, "{%s}include" % XSD_NS, "{%s}redefine" % XSD_NS) \
                and "schemaLocation" in el.attrib:
            refs.append(("xs:" + el.tag.split("}")[1], el.attrib["schemaLocation"]))
    return refs


def check(name):
    folder = os.path.join(HERE, name)
    problems, notes = [], []
    entry = read_entry(os.path.join(folder, "ENTRY"))
    if not re.fullmatch(r"[a-z0-9_-]+", name):
        problems.append("folder name is not lowercase [a-z0-9_-]+")
    for key in KEYS:
        if not entry.get(key):
            problems.append("ENTRY has no %s" % key)
    expect = entry.get("expect", "")
    if expect not in ("load", "refuse"):
        problems.append("expect is %r, not load or refuse" % expect)
    if expect == "refuse" and not entry.get("error"):
        problems.append("expect: refuse without an error substring")
    tags = [t.strip() for t in entry.get("constructs", "").split(",") if t.strip()]
    unknown = [t for t in tags if t not in TAGS]
    if unknown:
        problems.append("unknown construct tags: %s" % ", ".join(unknown))
    soft = notes if expect == "refuse" else problems

    for dirpath, _, files in os.walk(folder):
        for fn in sorted(files):
            if fn.lower().endswith((".wsdl", ".xsd", ".xml")):
                err = well_formed(os.path.join(dirpath, fn))
                if err:
                    soft.append("%s: not well-formed: %s" % (os.path.relpath(os.path.join(dirpath, fn), folder), err))

    main = os.path.join(folder, entry.get("wsdl", ""))
    if not entry.get("wsdl") or not os.path.isfile(main):
        problems.append("wsdl %r does not exist" % entry.get("wsdl"))
        return problems, notes
    seen, todo = set(), [os.path.realpath(main)]
    root = os.path.realpath(folder) + os.sep
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for kind, loc in references(path):
            rel = os.path.relpath(path, folder)
            if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", loc):
                notes.append("%s: %s of remote %s" % (rel, kind, loc))
                continue
            target = os.path.realpath(os.path.join(os.path.dirname(path), loc.split("#")[0]))
            if not target.startswith(root):
                soft.append("%s: %s %s leaves the folder" % (rel, kind, loc))
            elif not os.path.isfile(target):
                soft.append("%s: %s %s does not exist" % (rel, kind, loc))
            else:
                todo.append(target)
    return problems, notes


def main(argv):
    names = argv or sorted(d for d in os.listdir(HERE) if os.path.isfile(os.path.join(HERE, d, "ENTRY")))
    failed = 0
    for name in names:
        problems, notes = check(name)
        status = "FAIL" if problems else "ok"
        print("%-45s %s" % (name, status))
        for p in problems:
            print("    error: %s" % p)
        for n in notes:
            print("    note:  %s" % n)
        failed += bool(problems)
    print("%d checked, %d failed" % (len(names), failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
