#!/usr/bin/env python3
"""tools/schema/gen.py - distil the CloudFormation resource provider schemas
shipped with cfn-lint into compiler/schema/data.c.

Run by `make schema` (never at build time); the output is committed so a
fresh clone builds without cfn-lint. See docs/schema.md.

What is kept, per resource type of the region (default us-east-1, the region
cfn-lint checks by default):
  - property names, with the kinds of value each accepts (string, integer,
    number, boolean, list of X, object with nested properties), $refs
    resolved; recursive definitions are expanded a bounded number of times
    and accept anything past that bound
  - required properties (top level and nested objects)
  - enums of at most MAX_ENUM scalar values
  - read-only properties (top level and nested)
  - the attributes Fn::GetAtt accepts, computed by cfn-lint itself so the two
    agree, with whether each is a list; and what Ref returns
  - whether an object accepts keys it does not list (additionalProperties)

And the AWS::Serverless::* types of the SAM transform, from the SAM schema of
aws-sam-translator (the package cfn-lint depends on, and uses to expand SAM
templates before it checks them): the type names and their top-level
property names only. Their values are not checked (SAM accepts shorthands
that the schema does not describe) and none is required (Globals may give
it); every attribute is accepted (SAM resolves Name.Anything itself).
AWS::CloudFormation::CustomResource also accepts every attribute: a custom
resource returns what its provider puts in Data.

The output is C: a string pool and arrays of small records that refer to each
other by index. There are no pointers, so the tables need no relocation at
load time and only the pages a program touches are ever read. Identical
value shapes (Tag, for one) are shared between types.
"""

import argparse
import hashlib
import json
import os
import sys

MAX_ENUM = 64           # larger enums are not kept (the check skips them)
MAX_REF_DEPTH = 2       # times one definition may be open on the expansion stack

# value kinds, as in compiler/schema.h
K_STRING, K_INTEGER, K_NUMBER, K_BOOLEAN, K_LIST, K_OBJECT = 1, 2, 4, 8, 16, 32
K_ANY = 63
# property flags
P_REQUIRED, P_READONLY = 1, 2
# shape flags
S_OPEN = 1              # keys it does not list are accepted
# attribute flags
A_LIST, A_PATTERN = 1, 2

TYPE_KIND = {
    "string": K_STRING, "integer": K_INTEGER, "number": K_NUMBER,
    "boolean": K_BOOLEAN, "array": K_LIST, "object": K_OBJECT,
}


class Tables:
    def __init__(self):
        self.strs = {}          # text -> offset
        self.pool = bytearray()
        self.vals = [(0, 0, 0, 0, 0)]   # kinds, shape, item, enum_first, nenum; 0 = any
        self.val_ix = {self.vals[0]: 0}
        self.shapes = [(0, 0, S_OPEN)]  # first prop, nprops, flags; 0 = open map
        self.shape_ix = {}
        self.props = []         # name, val, flags
        self.enums = []         # string offsets
        self.enum_ix = {}
        self.types = []         # name, shape, attr_first, nattrs, ref_kinds
        self.attrs = []         # name, flags

    def s(self, text):
        off = self.strs.get(text)
        if off is None:
            off = len(self.pool)
            self.strs[text] = off
            self.pool += text.encode("utf-8") + b"\0"
        return off

    def val(self, kinds, shape=0, item=0, enum=()):
        ef, ne = 0, 0
        if enum:
            key = tuple(enum)
            if key not in self.enum_ix:
                self.enum_ix[key] = len(self.enums)
                self.enums.extend(self.s(e) for e in enum)
            ef, ne = self.enum_ix[key], len(enum)
        rec = (kinds, shape, item, ef, ne)
        ix = self.val_ix.get(rec)
        if ix is None:
            ix = len(self.vals)
            self.vals.append(rec)
            self.val_ix[rec] = ix
        return ix

    def shape(self, props, open_):
        """props: list of (name, val, flags), any order."""
        props = sorted(props, key=lambda p: p[0])
        key = (tuple(props), open_)
        ix = self.shape_ix.get(key)
        if ix is None:
            first = len(self.props)
            self.props.extend((self.s(n), v, f) for n, v, f in props)
            ix = len(self.shapes)
            self.shapes.append((first, len(props), S_OPEN if open_ else 0))
            self.shape_ix[key] = ix
        return ix


def enum_text(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float, str)):
        return str(v)
    return None


class TypeConv:
    """Converts the schema of one resource type."""

    def __init__(self, tables, schema):
        self.t = tables
        self.schema = schema
        self.stack = []

    def resolve(self, node):
        ref = node.get("$ref")
        if not ref:
            return node, None
        if not ref.startswith("#/"):
            return {}, None
        target = self.schema
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        merged = dict(target)
        for k, v in node.items():
            if k != "$ref":
                merged[k] = v
        return merged, ref

    def conv(self, node, ro=None):
        """A schema node to a value index. ro: the read-only paths below this
        node (a dict of name -> sub-dict, {} meaning the node itself)."""
        if not isinstance(node, dict):
            return 0
        node, ref = self.resolve(node)
        if ref:
            if self.stack.count(ref) >= MAX_REF_DEPTH:
                return 0
            self.stack.append(ref)
            try:
                return self.conv(node, ro)
            finally:
                self.stack.pop()
        kinds = 0
        typ = node.get("type")
        for t in (typ if isinstance(typ, list) else [typ] if typ else []):
            kinds |= TYPE_KIND.get(t, 0)
        branches = []
        for comb in ("anyOf", "oneOf"):
            for b in node.get(comb, []) or []:
                branches.append(b)
        props_src = dict(node.get("properties") or {})
        required = set(node.get("required") or [])
        open_ = node.get("additionalProperties", True) is not False or bool(
            node.get("patternProperties"))
        item = 0
        if branches and not kinds:
            # the union of the branches: each branch's kinds; objects merge
            # their properties and lose their required sets
            for b in branches:
                b, bref = self.resolve(b) if isinstance(b, dict) else ({}, None)
                if bref and self.stack.count(bref) >= MAX_REF_DEPTH:
                    kinds = K_ANY
                    continue
                bt = b.get("type")
                bk = 0
                for t in (bt if isinstance(bt, list) else [bt] if bt else []):
                    bk |= TYPE_KIND.get(t, 0)
                if not bk and b.get("properties"):
                    bk = K_OBJECT
                if not bk:
                    bk = K_ANY if not b.get("required") else K_OBJECT
                kinds |= bk
                if b.get("properties"):
                    if bref:
                        self.stack.append(bref)
                    for k, v in b["properties"].items():
                        props_src.setdefault(k, (v, bref))
                    if bref:
                        self.stack.pop()
                    if b.get("additionalProperties", True) is not False:
                        open_ = True
            required = set()
        if not kinds:
            if props_src:
                kinds = K_OBJECT
            elif "items" in node:
                kinds = K_LIST
            else:
                return 0
        shape = 0
        if kinds & K_OBJECT and props_src:
            plist = []
            for name, sub in sorted(props_src.items()):
                bref = None
                if isinstance(sub, tuple):
                    sub, bref = sub
                sub_ro = (ro or {}).get(name)
                if bref:
                    self.stack.append(bref)
                v = self.conv(sub, sub_ro)
                if bref:
                    self.stack.pop()
                flags = (P_REQUIRED if name in required else 0) | (
                    P_READONLY if sub_ro == {} else 0)
                plist.append((name, v, flags))
            shape = self.t.shape(plist, open_)
        if kinds & K_LIST:
            items = node.get("items")
            if isinstance(items, dict):
                item = self.conv(items, (ro or {}).get("*"))
        enum = ()
        values = node.get("enum")
        if isinstance(values, list) and 0 < len(values) <= MAX_ENUM:
            texts = [enum_text(v) for v in values]
            if None not in texts:
                enum = tuple(texts)
        return self.t.val(kinds, shape, item, enum)


def ro_tree(schema):
    """readOnlyProperties as a tree: {"Arn": {}, "Endpoint": {"Address": {}}}."""
    tree = {}
    for ptr in schema.get("readOnlyProperties", []) or []:
        parts = ptr.split("/")[2:]
        node = tree
        for i, p in enumerate(parts):
            if i == len(parts) - 1:
                node[p] = {}
            else:
                nxt = node.get(p)
                if nxt == {}:
                    break       # the whole parent is read-only already
                node = node.setdefault(p, {})
    return tree


def attr_kinds(schema_obj, pointer):
    try:
        node = schema_obj.resolver.resolve_cfn_pointer(pointer)
    except Exception:
        return 0
    t = node.get("type") if isinstance(node, dict) else None
    ts = t if isinstance(t, list) else [t]
    return A_LIST if "array" in ts else 0


def sam_version():
    try:
        import samtranslator
        return samtranslator.__version__
    except ImportError:
        return "(not installed)"


def sam_types():
    """{"AWS::Serverless::Function": [property names], ...} from the SAM
    schema of aws-sam-translator, or {} when it is not installed."""
    try:
        from samtranslator.internal.schema_source.schema import Model, get_schema
    except ImportError:
        print("gen.py: aws-sam-translator not found; no AWS::Serverless types", file=sys.stderr)
        return {}
    defs = get_schema(Model).get("definitions", {})
    out = {}
    for key, d in defs.items():
        props = d.get("properties", {}) if isinstance(d, dict) else {}
        names = (props.get("Type") or {}).get("enum") or []
        if not key.endswith("__Resource") or len(names) != 1 or \
                not names[0].startswith("AWS::Serverless::"):
            continue
        ref = (props.get("Properties") or {}).get("$ref", "")
        target = defs.get(ref.rsplit("/", 1)[-1], {}) if ref.startswith("#/definitions/") else {}
        out[names[0]] = sorted((target.get("properties") or {}).keys())
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("--region", default="us-east-1")
    args = ap.parse_args()

    import cfnlint
    from cfnlint.schema import PROVIDER_SCHEMA_MANAGER as mgr
    from cfnlint.version import __version__ as lint_version

    base = os.path.join(os.path.dirname(cfnlint.__file__), "data", "schemas", "providers")
    with open(os.path.join(base, args.region.replace("-", "_") + ".py"), "rb") as fh:
        digest = hashlib.sha256(fh.read()).hexdigest()[:16]

    t = Tables()
    names = sorted(set(mgr.get_resource_types(args.region)))
    names = [n for n in names if n.startswith(("AWS::", "Alexa::"))]
    sam = sam_types()
    names = sorted(set(names) | set(sam))
    for name in names:
        if name in sam:
            shape = t.shape([(p, 0, 0) for p in sam[name]], False)
            t.types.append((t.s(name), shape, len(t.attrs), 1, K_STRING))
            t.attrs.append((t.s(""), A_PATTERN))
            continue
        sch = mgr.get_resource_schema(args.region, name)
        raw = sch.schema
        conv = TypeConv(t, raw)
        root = dict(raw)
        root["type"] = "object"
        shape_val = conv.conv({k: v for k, v in root.items()
                               if k in ("properties", "required", "type",
                                        "additionalProperties", "patternProperties")},
                              ro_tree(raw))
        shape = t.vals[shape_val][1]
        attrs = []
        for key, ptr in mgr.get_type_getatts(name, args.region).items():
            if key == ".*":
                continue
            flags = attr_kinds(sch, ptr)
            # "Outputs\..*": a prefix ("Outputs.") then anything; strip the
            # regex tail before unescaping, so the literal dot stays
            if key.endswith(".*"):
                key, flags = key[:-2], flags | A_PATTERN
            text = key.replace("\\", "")
            attrs.append((text, flags))
        if name == "AWS::CloudFormation::CustomResource":
            attrs.append(("", A_PATTERN))
        attrs.sort()
        ref_kinds = 0
        try:
            r = mgr.get_type_ref(name, args.region)
            rt = r.get("type", "string") if isinstance(r, dict) else "string"
            for x in (rt if isinstance(rt, list) else [rt]):
                ref_kinds |= TYPE_KIND.get(x, 0)
        except Exception:
            pass
        first = len(t.attrs)
        t.attrs.extend((t.s(a), f) for a, f in attrs)
        t.types.append((t.s(name), shape, first, len(attrs), ref_kinds or K_STRING))

    write_c(args.output, t, lint_version, args.region, digest)
    print(f"{args.output}: {len(t.types)} types, {len(t.shapes)} shapes, {len(t.props)} properties, "
          f"{len(t.vals)} value kinds, {len(t.enums)} enum values, {len(t.attrs)} attributes, "
          f"{len(t.pool)} bytes of names", file=sys.stderr)


def c_string_lines(pool):
    out, line = [], ""
    for chunk in pool.split(b"\0")[:-1]:
        text = chunk.decode("utf-8")
        esc = text.replace("\\", "\\\\").replace('"', '\\"')
        piece = esc + "\\000"
        if len(line) + len(piece) > 96:
            out.append('\t"' + line + '"')
            line = ""
        line += piece
    if line:
        out.append('\t"' + line + '"')
    return "\n".join(out)


def rows(recs, per_line=6):
    out = []
    for i in range(0, len(recs), per_line):
        out.append("\t" + " ".join("{" + ",".join(str(x) for x in r) + "}," for r in recs[i:i + per_line]))
    return "\n".join(out)


def write_c(path, t, lint_version, region, digest):
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(f"""/* compiler/schema/data.c - GENERATED by tools/schema/gen.py; do not edit.
 * Regenerate with `make schema` (docs/schema.md).
 * Source: cfn-lint {lint_version} provider schemas, region {region}, types map sha256:{digest};
 * AWS::Serverless::* from the SAM schema of aws-sam-translator {sam_version()}. */
#include "phx.h"
#include "schema/data.h"

const char schema_data_source[] = "cfn-lint {lint_version}, {region}, sha256:{digest}";

const char schema_strs[] =
{c_string_lines(t.pool)};

const struct schema_val_rec schema_vals[] = {{
{rows(t.vals, 8)}
}};

const struct schema_shape_rec schema_shapes[] = {{
{rows(t.shapes, 8)}
}};

const struct schema_prop_rec schema_props[] = {{
{rows(t.props, 8)}
}};

const uint32_t schema_enums[] = {{
{rows([(e,) for e in t.enums], 12).replace("{", "").replace("}", "")}
}};

const struct schema_type_rec schema_types[] = {{
{rows(t.types, 5)}
}};

const struct schema_attr_rec schema_attrs[] = {{
{rows(t.attrs, 8)}
}};

const size_t schema_ntypes = {len(t.types)};
""")
    os.replace(tmp, path)


if __name__ == "__main__":
    main()
