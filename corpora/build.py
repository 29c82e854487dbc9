#!/usr/bin/env python3
"""Source files from the pinned npm packages -> benchmark corpora in build/ and test samples in sample/.

Usage: build.py quick|full|samples   (run by make.sh after fetch.sh has put the sources in build/src/)

Everything here is a pure function of the source bytes: no randomness, no clock, no locale, so two
builds give the same files and MANIFEST.txt lets a result cite exactly what it measured.
"""
import hashlib
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(HERE, "build")
SAMPLE = os.path.join(HERE, "sample")
SRC = os.path.join(BUILD, "src")

KiB = 1024
MiB = 1024 * KiB

OCTOKIT = "@octokit/openapi@23.0.2"
MDN = "@mdn/browser-compat-data@8.1.9"
API_DEREF = os.path.join(SRC, "octokit-openapi-23.0.2", "generated", "api.github.com.deref.json")
API = os.path.join(SRC, "octokit-openapi-23.0.2", "generated", "api.github.com.json")
MDN_DATA = os.path.join(SRC, "mdn-browser-compat-data-8.1.9", "data.json")

# URL-search texts: the leading bytes of these files, in this order, joined by a newline.
# The dereferenced spec alone is 73 MB; the 80 MiB text runs on into the plain spec.
TEXT_SOURCES = [API_DEREF, API, MDN_DATA]

# JSON documents: one object whose members are whole source documents, cut to size by take().
# Keys name the package and the path inside it, so a reader of any corpus file can tell its origin.
JSON_SOURCES = [
    (OCTOKIT + "/generated/api.github.com.json", API),
    (MDN + "/data.json", MDN_DATA),
]
INDENT = 2  # as in the octokit sources, which json.dumps(indent=2) reproduces byte for byte
JSON_TOLERANCE = 0.03  # a document may fall short of its nominal size by at most this fraction

URL_CORPORA = {
    "urls-50k.txt": 50 * KiB,
    "urls-100k.txt": 100 * KiB,
    "urls-500k.txt": 500 * KiB,
    "urls-5m.txt": 5 * MiB,
    "urls-50m.txt": 50 * MiB,
    "urls-80m.txt": 80 * MiB,
}
JSON_CORPORA = {
    "json-50k.json": 50 * KiB,
    "json-100k.json": 100 * KiB,
    "json-500k.json": 500 * KiB,
    "json-5m.json": 5 * MiB,
    "json-20m.json": 20 * MiB,
    "json-40m.json": 40 * MiB,
}
DEEP_CORPORA = {"json-deep.json": 100_000}
# Parse workloads: CSV rows made from the octokit operations, and generated arithmetic expressions.
CSV_CORPORA = {"csv-5m.csv": 5 * MiB, "csv-50m.csv": 50 * MiB}
EXPR_CORPORA = {"exprs-5m.txt": 5 * MiB, "exprs-50m.txt": 50 * MiB}
QUICK = {"urls-50k.txt", "urls-5m.txt", "json-50k.json", "json-5m.json", "json-deep.json", "csv-5m.csv", "exprs-5m.txt"}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def write_atomic(path, data):
    """Write bytes through a temporary name, so an interrupted build never leaves a short corpus file."""
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


# ---- URL-search texts ------------------------------------------------------------------------------

_text_chain = bytearray()
_text_sources_read = 0


def leading_bytes(size):
    """The first SIZE + 1 bytes of TEXT_SOURCES joined by newlines (fewer if they are all shorter).

    Sources are read only as far as the largest text needs, each once per run. One byte past SIZE is
    kept so that cut_text() can see whether the cut falls inside a character.
    """
    global _text_sources_read
    while len(_text_chain) < size + 1 and _text_sources_read < len(TEXT_SOURCES):
        with open(TEXT_SOURCES[_text_sources_read], "rb") as f:
            _text_chain.extend((b"\n" if _text_chain else b"") + f.read())
        _text_sources_read += 1
    return bytes(_text_chain[:size + 1])


def cut_text(buf, size):
    """Exactly SIZE bytes: cut BUF at a UTF-8 character boundary at or below SIZE, then pad with spaces.

    A byte 10xxxxxx continues a character, so if the first byte left out is one, the cut would split that
    character; backing off to its lead byte keeps the text valid UTF-8. The sources are nearly all ASCII,
    so the padding is almost always empty.
    """
    if len(buf) < size:
        raise SystemExit(f"error: the sources hold only {len(buf)} bytes, {size} wanted")
    n = size
    while n > 0 and n < len(buf) and (buf[n] & 0xC0) == 0x80:
        n -= 1
    return buf[:n] + b" " * (size - n)


def build_text(name, size):
    log(f"building {name} ({size} bytes)")
    data = cut_text(leading_bytes(size), size)
    data.decode("utf-8")  # raises if the cut ever split a character
    assert len(data) == size
    write_atomic(os.path.join(BUILD, name), data)


# ---- JSON documents --------------------------------------------------------------------------------

_docs = {}
_measured = {}


def source_documents():
    """The parsed JSON sources, keyed as in the built documents; parsed once per run."""
    for key, path in JSON_SOURCES:
        if key not in _docs:
            with open(path, encoding="utf-8") as f:
                _docs[key] = json.load(f)
    return _docs


def dumps(value):
    return json.dumps(value, indent=INDENT, ensure_ascii=False)


def measure(value):
    """(bytes, newlines) of VALUE serialized at depth 0; memoized by identity, as the sources stay alive."""
    key = id(value)
    if key not in _measured:
        text = dumps(value)
        _measured[key] = (len(text.encode("utf-8")), text.count("\n"))
    return _measured[key]


def size_at(value, depth):
    """Bytes of VALUE serialized DEPTH containers deep: every line past the first is indented DEPTH more."""
    nbytes, newlines = measure(value)
    return nbytes + newlines * depth * INDENT


def take(node, budget, depth):
    """A copy of dict/list NODE, serialized at DEPTH in at most BUDGET bytes; returns (copy, its size).

    Members are kept in source order while they fit whole. The first container that does not fit is cut the
    same way into what is left, which ends the copy; a string or number that does not fit is skipped, as a
    later, shorter sibling may still fit. So documents of every size start alike and land close to BUDGET.
    """
    is_dict = isinstance(node, dict)
    out = {} if is_dict else []
    used = 2  # the brackets of an empty container
    for key, value in (node.items() if is_dict else enumerate(node)):
        # newline + indentation + optional '"key": ', then a comma after the previous member, or, for the
        # first member, the newline and indentation that put the closing bracket on its own line.
        cost = 1 + (depth + 1) * INDENT
        cost += len(json.dumps(key, ensure_ascii=False).encode("utf-8")) + 2 if is_dict else 0
        cost += 1 if out else 1 + depth * INDENT
        room = budget - used - cost
        if room <= 0:
            break
        if size_at(value, depth + 1) <= room:
            part, part_size = value, size_at(value, depth + 1)
        elif isinstance(value, (dict, list)) and value:
            part, part_size = take(value, room, depth + 1)
            if part:
                _put(out, key, part)
                used += cost + part_size
            break
        else:
            continue
        _put(out, key, part)
        used += cost + part_size
    return out, used


def _put(out, key, value):
    if isinstance(out, dict):
        out[key] = value
    else:
        out.append(value)


def json_document(size, docs=None):
    """The JSON text (with a final newline) of about SIZE bytes, never more, cut from the sources."""
    doc, predicted = take(docs or source_documents(), size - 1, 0)
    data = (dumps(doc) + "\n").encode("utf-8")
    assert len(data) == predicted + 1, (len(data), predicted + 1)  # take()'s arithmetic is exact
    if len(data) < size * (1 - JSON_TOLERANCE):
        raise SystemExit(f"error: JSON document of {len(data)} bytes is too far below {size}")
    json.loads(data)  # valid JSON, checked by a real parser
    return data


def build_json(name, size, folder=BUILD, docs=None):
    log(f"building {name} (~{size} bytes)")
    data = json_document(size, docs)
    write_atomic(os.path.join(folder, name), data)
    log(f"  {len(data)} bytes, {len(data) / size:.1%} of nominal, valid JSON")


# ---- Deeply nested JSON ----------------------------------------------------------------------------

def deep_json(levels):
    """LEVELS nested containers, arrays and objects alternating, each with a small object of its own.

    Level i is  [{"depth":i}, <level i+1>]  when i is even and  {"depth":i,"a": <level i+1>}  when odd;
    the innermost value is "bottom". One opening per line keeps the file readable with head/tail; the
    closing brackets share the last line. No indentation: it would grow quadratically with the depth.
    """
    opens = ['[{"depth":%d},\n' % i if i % 2 == 0 else '{"depth":%d,"a":\n' % i for i in range(levels)]
    closes = "".join("]" if i % 2 == 0 else "}" for i in reversed(range(levels)))
    return "".join(opens) + '"bottom"\n' + closes + "\n"


def nesting_depth(text):
    """Maximum bracket depth of TEXT; raises unless every bracket outside strings closes its partner.

    Python's json module recurses once per level and cannot read 100,000 levels, so the deep corpus is
    checked in two halves: this scan proves the brackets of the full file, and json.loads on a shallow
    build from the same function proves the construction produces valid JSON.
    """
    partner = {"]": "[", "}": "{"}
    stack, deepest, in_string, escaped = [], 0, False, False
    for ch in text:
        if in_string:
            escaped = not escaped and ch == "\\"
            in_string = escaped or ch != '"'
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            stack.append(ch)
            deepest = max(deepest, len(stack))
        elif ch in "]}":
            if not stack or stack.pop() != partner[ch]:
                raise SystemExit("error: deep JSON has a mismatched bracket")
    if stack or in_string:
        raise SystemExit("error: deep JSON is not closed")
    return deepest


# Python's json parser counts each level against the recursion limit, raised here for small deep files;
# at 100,000 levels it would overflow the C stack, so those rely on nesting_depth() alone.
DEEP_PARSE_MAX = 5000


def parse_deep(text):
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 4 * DEEP_PARSE_MAX))
    try:
        json.loads(text)
    finally:
        sys.setrecursionlimit(limit)


def build_deep(name, levels, folder=BUILD):
    log(f"building {name} ({levels} levels)")
    json.loads(deep_json(50))
    text = deep_json(levels)
    if levels <= DEEP_PARSE_MAX:
        parse_deep(text)
    # Level i's container sits i + 1 deep and an even level's small object one deeper still, so an odd
    # LEVELS ends one deeper than its containers.
    assert nesting_depth(text) == levels + levels % 2
    write_atomic(os.path.join(folder, name), text.encode("utf-8"))
    log(f"  {len(text)} bytes, brackets balanced" + (", valid JSON" if levels <= DEEP_PARSE_MAX else ""))


# ---- CSV rows (RFC 4180) ---------------------------------------------------------------------------

CSV_HEADER = ["row", "method", "path", "operation_id", "summary", "description", "tags", "deprecated"]


def csv_field(text):
    """RFC 4180 quoting: a field with a comma, a quote, CR or LF is quoted, its quotes doubled."""
    if any(c in text for c in ',"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_operations():
    """One list of field texts per octokit operation, in spec order (the row number is added per row)."""
    api = source_documents()[JSON_SOURCES[0][0]]
    ops = []
    for path, operations in api["paths"].items():
        for method, op in operations.items():
            if not isinstance(op, dict) or "operationId" not in op:
                continue
            description = op.get("description", "").strip()
            ops.append([method, path, op["operationId"], op.get("summary", ""), description,
                        ";".join(op.get("tags", [])), "true" if op.get("deprecated") else "false"])
    return ops


def csv_text(size):
    """Whole rows up to SIZE bytes: the header, then the operations over and over, each row numbered.

    Descriptions bring quoted fields with commas, doubled quotes and line feeds inside; rows end alternately
    with CRLF (even row numbers) and LF, so readers meet both. No randomness: a function of the spec alone.
    """
    ops = csv_operations()
    out, used, i = [], 0, 0
    while True:
        fields = CSV_HEADER if i == 0 else [str(i)] + ops[(i - 1) % len(ops)]
        line = (",".join(csv_field(f) for f in fields) + ("\r\n" if i % 2 == 0 else "\n")).encode("utf-8")
        if used + len(line) > size:
            return b"".join(out)
        out.append(line)
        used += len(line)
        i += 1


def build_csv(name, size):
    log(f"building {name} (~{size} bytes)")
    data = csv_text(size)
    import csv
    import io
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert all(len(r) == len(CSV_HEADER) for r in rows), "a CSV row lost or gained a field"
    write_atomic(os.path.join(BUILD, name), data)
    log(f"  {len(data)} bytes, {len(rows)} rows of {len(CSV_HEADER)} fields (checked by Python's csv)")


# ---- Arithmetic expressions ------------------------------------------------------------------------

class Lcg:
    """A 64-bit linear congruential generator (Knuth's MMIX constants) from a fixed seed: the same numbers
    in every Python, unlike the random module's methods, whose algorithms may change."""

    def __init__(self, seed):
        self.state = seed

    def below(self, n):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) % 2**64
        return (self.state >> 33) % n


EXPR_SEED = 20261202


def expr_number(rng):
    """An integer below 1000, or one with a binary fraction (.25, .5, .75) so that every parser reads it exactly."""
    n = str(rng.below(1000))
    return n + [".25", ".5", ".75"][rng.below(3)] if rng.below(4) == 0 else n


def expr_factor(rng, depth):
    if depth < 3 and rng.below(5) == 0:
        return "(" + expr_sum(rng, depth + 1) + ")"
    return expr_number(rng)


def expr_term(rng, depth):
    """A factor, then * and / by literals: a multiplier from 1 to 9 (.5 now and then), a divisor from 1 to 99,
    never zero. Only the first factor may be a parenthesized sum, which keeps every value below about 10^9."""
    out = expr_factor(rng, depth)
    for _ in range(rng.below(3)):
        if rng.below(2):
            out += " / " + str(1 + rng.below(99))
        else:
            out += " * " + str(1 + rng.below(9)) + (".5" if rng.below(4) == 0 else "")
    return out


def expr_sum(rng, depth):
    out = expr_term(rng, depth)
    for _ in range(1 + rng.below(4)):
        out += [" + ", " - "][rng.below(2)] + expr_term(rng, depth)
    return out


def exprs_text(size):
    """Whole lines up to SIZE bytes, one expression each (+ - * / and parentheses, at most 3 deep)."""
    rng = Lcg(EXPR_SEED)
    out, used = [], 0
    while True:
        line = (expr_sum(rng, 0) + "\n").encode("ascii")
        if used + len(line) > size:
            return b"".join(out)
        out.append(line)
        used += len(line)


def build_exprs(name, size):
    log(f"building {name} (~{size} bytes)")
    data = exprs_text(size)
    lines = data.decode("ascii").splitlines()
    total = sum(eval(line) for line in lines)  # Python's + - * / on floats: what every evaluator must agree with
    write_atomic(os.path.join(BUILD, name), data)
    log(f"  {len(data)} bytes, {len(lines)} lines, sum {total:.3f}")


# ---- Samples for tests -----------------------------------------------------------------------------

# Made-up addresses for emails.txt, combined by index arithmetic (the list lengths are coprime, so every
# name meets every host); the templates vary what surrounds an address: punctuation, brackets, a colon.
EMAIL_NAMES = ["anna.berg", "jonas", "lena.hoffmann", "m.wagner", "felix_k", "sophie-neumann", "tim.o"]
EMAIL_HOSTS = ["kiel-net", "post.rhein", "example", "mail.harz", "schwarzwald-it"]
EMAIL_TEMPLATES = [
    "Questions about this endpoint go to {}.",
    "Contact: {}",
    "Maintained by Jo Schmidt <{}>, reviews welcome.",
    "(Reported by {} in the issue tracker.)",
]
EMAILS_SIZE = 20 * KiB
EMAILS_EVERY = 2  # one address after every this many paragraphs


def email_address(i):
    return f"{EMAIL_NAMES[i % len(EMAIL_NAMES)]}@{EMAIL_HOSTS[i % len(EMAIL_HOSTS)]}.de"


def emails_text():
    """About 20 KiB of prose with addresses: the octokit operations' summaries and descriptions, in spec
    order, with a made-up name@host.de sentence inserted after every EMAILS_EVERY-th paragraph. The prose
    brings a near-miss of its own (enterprise-server@3.9), and some inserted addresses end a sentence, so
    a trailing dot follows them."""
    api = source_documents()[JSON_SOURCES[0][0]]
    out, size, count = [], 0, 0
    for path, operations in api["paths"].items():
        if SAMPLE_SKIP in path:
            continue
        for op in operations.values():
            if not isinstance(op, dict) or "summary" not in op:
                continue
            para = f"{op['summary']}\n\n{op.get('description', '').strip()}\n\n"
            count += 1
            if count % EMAILS_EVERY == 0:
                i = count // EMAILS_EVERY
                para += EMAIL_TEMPLATES[i % len(EMAIL_TEMPLATES)].format(email_address(i)) + "\n\n"
            if size + len(para.encode("utf-8")) > EMAILS_SIZE:
                return "".join(out)
            out.append(para)
            size += len(para.encode("utf-8"))
    return "".join(out)


# The committed samples leave out the paths of one API family whose names read like notes about tooling rather
# than data; the samples stay real API text either way.
SAMPLE_SKIP = "/agents/"


def sample_sources():
    """The sources with SAMPLE_SKIP paths left out (a shallow copy: the parsed documents stay untouched)."""
    docs = dict(source_documents())
    key = JSON_SOURCES[0][0]
    api = dict(docs[key])
    api["paths"] = {p: v for p, v in api["paths"].items() if SAMPLE_SKIP not in p}
    api["tags"] = [t for t in api.get("tags", []) if SAMPLE_SKIP.strip("/")[:-1] not in t.get("name", "")]
    docs[key] = api
    return docs


def build_samples():
    build_json("sample.json", 32 * KiB, SAMPLE, sample_sources())
    build_deep("deep.json", 2000, SAMPLE)
    log("building emails.txt (~20 KiB)")
    write_atomic(os.path.join(SAMPLE, "emails.txt"), emails_text().encode("utf-8"))


# ---- Manifest --------------------------------------------------------------------------------------

def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(MiB), b""):
            h.update(block)
    return h.hexdigest()


def pinned_sums():
    with open(os.path.join(HERE, "SHA256SUMS")) as f:
        return [line.split() for line in f if line.strip()]


def write_manifest():
    """MANIFEST.txt: every corpus file now in build/ with its size and sha256, after the pinned tarballs."""
    names = [n for n in list(URL_CORPORA) + list(JSON_CORPORA) + list(DEEP_CORPORA) + list(CSV_CORPORA) + list(EXPR_CORPORA)
             if os.path.exists(os.path.join(BUILD, n))]
    lines = ["# PegJit benchmark corpora, built by corpora/make.sh from these npm tarballs (sha256, file):"]
    lines += [f"#   {digest}  {tgz}" for digest, tgz in pinned_sums()]
    lines.append("# file, bytes, sha256")
    for n in names:
        path = os.path.join(BUILD, n)
        lines.append(f"{n:<16} {os.path.getsize(path):>9}  {sha256_file(path)}")
    write_atomic(os.path.join(BUILD, "MANIFEST.txt"), ("\n".join(lines) + "\n").encode("utf-8"))
    log("wrote MANIFEST.txt")


def main(argv):
    mode = argv[1] if len(argv) > 1 else "quick"
    if mode not in ("quick", "full", "samples"):
        raise SystemExit("usage: build.py quick|full|samples")
    if mode == "samples":
        build_samples()
        return
    wanted = (lambda name: name in QUICK) if mode == "quick" else (lambda name: True)
    for name, size in URL_CORPORA.items():
        if wanted(name):
            build_text(name, size)
    for name, size in JSON_CORPORA.items():
        if wanted(name):
            build_json(name, size)
    for name, levels in DEEP_CORPORA.items():
        if wanted(name):
            build_deep(name, levels)
    for name, size in CSV_CORPORA.items():
        if wanted(name):
            build_csv(name, size)
    for name, size in EXPR_CORPORA.items():
        if wanted(name):
            build_exprs(name, size)
    write_manifest()


if __name__ == "__main__":
    main(sys.argv)
