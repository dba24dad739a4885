"""corpus_regex.py - a small regex-to-example generator for the corpus harness.

Real contracts use simple patterns ("[A-Z]{3}-\\d{4}", "\\d{5}(-\\d{4})?", "(Y|N)"): this module
turns one into a string it matches, deterministically, by walking the tree Python's own regex
parser builds. Both the ECMA-262 patterns of the OpenAPI document and XSD patterns (implicitly
anchored; the loader refuses \\p{..}, \\i, \\c and class subtraction) parse as Python regexes.

    example(pattern, reps=1)  -> a matching string, or None when no example could be made
"""
import re
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    try:
        import re._parser as _sre  # Python >= 3.11
        import re._constants as _c
    except ImportError:  # pragma: no cover - older Pythons
        import sre_parse as _sre
        import sre_constants as _c

# Characters tried, in order, where a class or "." leaves the choice to us.
_ALPHABET = "aA1b0xZ9-_. :/@+,"
_MAX_LEN = 512


def _category_char(cat):
    """One character of a \\d, \\w, \\s ... category (or of its negation)."""
    table = {
        _c.CATEGORY_DIGIT: "1", _c.CATEGORY_NOT_DIGIT: "a",
        _c.CATEGORY_WORD: "a", _c.CATEGORY_NOT_WORD: "-",
        _c.CATEGORY_SPACE: " ", _c.CATEGORY_NOT_SPACE: "a",
    }
    return table.get(cat, "a")


def _class_matches(items, ch):
    """True when character ch is in the IN set `items` (negation handled by the caller)."""
    for op, av in items:
        if op is _c.LITERAL and chr(av) == ch:
            return True
        if op is _c.RANGE and av[0] <= ord(ch) <= av[1]:
            return True
        if op is _c.CATEGORY:
            probe = {"CATEGORY_DIGIT": r"\d", "CATEGORY_NOT_DIGIT": r"\D", "CATEGORY_WORD": r"\w",
                     "CATEGORY_NOT_WORD": r"\W", "CATEGORY_SPACE": r"\s",
                     "CATEGORY_NOT_SPACE": r"\S"}.get(str(av))
            if probe and re.fullmatch(probe, ch, re.ASCII):
                return True
    return False


def _class_char(items):
    """A character of the character class `items` (a list of (op, arg) from the parser)."""
    negate = bool(items) and items[0][0] is _c.NEGATE
    if negate:
        rest = items[1:]
        for ch in _ALPHABET + "qrstuvw":
            if not _class_matches(rest, ch):
                return ch
        return None
    for op, av in items:
        if op is _c.LITERAL:
            return chr(av)
        if op is _c.RANGE:
            lo, hi = av
            # prefer a letter or digit inside the range over its first code point
            for ch in _ALPHABET:
                if lo <= ord(ch) <= hi and ch.isalnum():
                    return ch
            return chr(lo)
        if op is _c.CATEGORY:
            return _category_char(av)
    return None


class _Gen:
    def __init__(self, reps):
        self.reps = reps          # how many times an open repetition is taken (at least its min)
        self.groups = {}

    def seq(self, tree):
        out = []
        for op, av in tree:
            s = self.one(op, av)
            if s is None:
                return None
            out.append(s)
        return "".join(out)

    def one(self, op, av):
        if op is _c.LITERAL:
            return chr(av)
        if op is _c.NOT_LITERAL:
            return next((ch for ch in _ALPHABET if ord(ch) != av), None)
        if op is _c.ANY:
            return "a"
        if op is _c.IN:
            return _class_char(av)
        if op is _c.AT:
            return ""
        if op is _c.BRANCH:
            return self.seq(av[1][0])
        if op is _c.SUBPATTERN:
            group, sub = av[0], av[-1]
            s = self.seq(sub)
            if group is not None and s is not None:
                self.groups[group] = s
            return s
        if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
            lo, hi, sub = av
            hi = _MAX_LEN if hi is _c.MAXREPEAT else hi
            n = min(max(lo, self.reps), hi)
            if n == 0:
                return ""
            s = self.seq(sub)
            return None if s is None else s * n
        if op is _c.GROUPREF:
            return self.groups.get(av, "")
        if op in (_c.ASSERT, _c.ASSERT_NOT):
            return ""
        if op is _c.CATEGORY:
            return _category_char(av)
        return None


def example(pattern, reps=1):
    """A string matching the whole of `pattern` (Python syntax, anchors allowed), or None."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = _sre.parse(pattern)
            rx = re.compile(pattern)
    except (re.error, OverflowError, RecursionError):
        return None
    try:
        s = _Gen(reps).seq(tree)
    except (RecursionError, TypeError, ValueError):
        return None
    if s is None or len(s) > _MAX_LEN or not rx.fullmatch(s):
        return None
    return s


def examples(pattern):
    """A few distinct candidate strings for `pattern` (shortest first)."""
    out = []
    for reps in (1, 2, 3, 5, 8, 0):
        s = example(pattern, reps)
        if s is not None and s not in out:
            out.append(s)
    return out


def xsd_to_python(pattern):
    """An XSD pattern (implicitly anchored, ^ and $ literal) as an anchored Python regex."""
    body = re.sub(r"(?<!\\)([\^$])", lambda m: "\\" + m.group(1), pattern) \
        if "[" not in pattern else pattern
    return "^(?:%s)$" % body
