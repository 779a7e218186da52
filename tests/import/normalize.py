#!/usr/bin/env python3
"""normalize.py TEMPLATE - a CloudFormation template (JSON, or YAML with
short-form tags) as canonical JSON on stdout, after the normalisations that
docs/import.md lists for `phxc import` and a rebuild:

  - AWSTemplateFormatVersion is dropped (phxc always writes 2010-09-09) and
    so is an empty Mappings section;
  - a string is a list of pieces: Fn::Sub (its ${Name} and ${Name.Attr},
    its variables substituted, ${!x} as the text ${x}), Fn::Join of a
    literal list, and plain strings all read as text and Ref / Fn::GetAtt
    pieces, adjacent text merged; one piece of text is a plain string;
  - Fn::GetAtt "A.B" is ["A", "B"]; Fn::GetAZs of Ref AWS::Region is "";
    the numbers of Fn::Cidr are integers;
  - DependsOn is a list; an empty Properties is dropped; parameter
    Default, Min/MaxValue and Min/MaxLength,
    and AllowedValues of parameters are strings;
  - the Default of a NoEcho parameter is dropped (phx never writes one);
  - conditions and mappings that nothing uses are dropped; Fn::FindInMap
    with literal keys, and Fn::Select of a literal list or of Fn::Split of
    a literal string, are replaced by their value; the index of Fn::Select
    is an integer; a constant Fn::Base64 is encoded; mapping values and the
    numbers and booleans that Fn::Equals compares are strings; a Fn::And
    (Fn::Or) inside another is flattened into it; Fn::Not of a Fn::Not is
    what it negates.
Used by tests/import.test to compare a template with its import, rebuilt.
"""
import base64
import json
import re
import sys

import yaml


def load(path):
    text = open(path, encoding="utf-8").read()
    if path.endswith(".json"):
        return json.loads(text)

    class Loader(yaml.SafeLoader):
        pass

    def tag(loader, suffix, node):
        if isinstance(node, yaml.ScalarNode):
            v = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            v = loader.construct_sequence(node, deep=True)
        else:
            v = loader.construct_mapping(node, deep=True)
        if suffix == "Ref":
            return {"Ref": v}
        if suffix == "GetAtt" and isinstance(v, str):
            v = v.split(".", 1)
        if suffix == "Condition":
            return {"Condition": v}
        return {"Fn::" + suffix: v}

    Loader.add_multi_constructor("!", tag)
    # YAML 1.1 timestamps stay strings, as CloudFormation reads them
    Loader.yaml_implicit_resolvers = {
        k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
        for k, v in Loader.yaml_implicit_resolvers.items()}
    return yaml.load(text, Loader=Loader)


SUB_VAR = re.compile(r"\$\{([^}]*)\}")


def pieces_of_sub(s, variables):
    out = []
    pos = 0
    for m in SUB_VAR.finditer(s):
        out.append(s[pos:m.start()])
        name = m.group(1)
        pos = m.end()
        if name.startswith("!"):
            out.append("${" + name[1:] + "}")
            continue
        name = name.strip()
        if variables and name in variables:
            v = norm(variables[name])
            out.extend(v["__pieces__"] if isinstance(v, dict) and "__pieces__" in v else [v])
        elif "." in name and not name.startswith("AWS::"):
            a, b = name.split(".", 1)
            out.append({"Fn::GetAtt": [a, b]})
        else:
            out.append({"Ref": name})
    out.append(s[pos:])
    return out


def merge(pieces):
    out = []
    for p in pieces:
        if isinstance(p, dict) and "__pieces__" in p:
            p = p["__pieces__"]
        else:
            p = [p]
        for q in p:
            if isinstance(q, (int, float)) and not isinstance(q, bool):
                q = str(q)
            if isinstance(q, bool):
                q = "true" if q else "false"
            if isinstance(q, str) and out and isinstance(out[-1], str):
                out[-1] += q
            elif not (isinstance(q, str) and q == ""):
                out.append(q)
    if not out:
        return ""
    if len(out) == 1 and isinstance(out[0], str):
        return out[0]
    return {"__pieces__": out}


def norm(v):
    if isinstance(v, list):
        return [norm(x) for x in v]
    if not isinstance(v, dict):
        return v
    if len(v) == 1:
        (k, a), = v.items()
        if k == "Fn::Sub":
            if isinstance(a, str):
                return merge(pieces_of_sub(a, None))
            if isinstance(a, list) and len(a) == 2 and isinstance(a[0], str):
                return merge(pieces_of_sub(a[0], a[1]))
        if k == "Fn::Join" and isinstance(a, list) and len(a) == 2 and isinstance(a[1], list):
            sep, items = a
            ps = []
            for i, x in enumerate(items):
                if i:
                    ps.append(sep)
                ps.append(norm(x))
            return merge(ps)
        if k == "Fn::GetAtt" and isinstance(a, str):
            return {"Fn::GetAtt": a.split(".", 1)}
        if k == "Fn::GetAZs" and a == {"Ref": "AWS::Region"}:
            return {"Fn::GetAZs": ""}
        if k == "Fn::Cidr" and isinstance(a, list):
            return {"Fn::Cidr": [norm(a[0])] + [int(x) if isinstance(x, str) and x.isdigit()
                                                 else norm(x) for x in a[1:]]}
    return {k: norm(x) for k, x in v.items()}


def scalar_str(x):
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, (int, float)):
        return str(x)
    return x


def fold(v, maps):
    """Functions phxc evaluates at compile time, and the shapes of conditions
    phxc writes (see the module's docstring)."""
    if isinstance(v, list):
        return [fold(x, maps) for x in v]
    if not isinstance(v, dict):
        return v
    v = {k: fold(x, maps) for k, x in v.items()}
    if len(v) != 1:
        return v
    (k, a), = v.items()
    if k == "Fn::FindInMap" and isinstance(a, list) and len(a) == 3 and \
            all(isinstance(x, str) for x in a):
        try:
            return maps[a[0]][a[1]][a[2]]
        except (KeyError, TypeError):
            return v
    if k == "Fn::Split" and isinstance(a, list) and len(a) == 2 and \
            all(isinstance(x, str) for x in a):
        return a[1].split(a[0])
    if k == "Fn::Select" and isinstance(a, list) and len(a) == 2:
        if isinstance(a[0], str) and a[0].isdigit():
            a = [int(a[0]), a[1]]
            v = {k: a}
        if isinstance(a[1], list):
            try:
                return a[1][int(a[0])]
            except (ValueError, IndexError, TypeError):
                return v
    if k == "Fn::Base64" and isinstance(a, str):
        return base64.b64encode(a.encode("utf-8")).decode("ascii")
    if k == "Fn::Equals" and isinstance(a, list):
        return {k: [scalar_str(x) for x in a]}
    if k in ("Fn::And", "Fn::Or") and isinstance(a, list):
        flat = []
        for x in a:
            if isinstance(x, dict) and list(x) == [k] and isinstance(x[k], list):
                flat.extend(x[k])
            else:
                flat.append(x)
        return {k: flat}
    if k == "Fn::Not" and isinstance(a, list) and len(a) == 1 and \
            isinstance(a[0], dict) and list(a[0]) == ["Fn::Not"]:
        return a[0]["Fn::Not"][0]
    return v


def used_names(v, out):
    """Conditions and mappings named in v."""
    if isinstance(v, list):
        for x in v:
            used_names(x, out)
    elif isinstance(v, dict):
        if len(v) == 1:
            (k, a), = v.items()
            if k == "Condition" and isinstance(a, str):
                out.add(("c", a))
            if k == "Fn::If" and isinstance(a, list) and a and isinstance(a[0], str):
                out.add(("c", a[0]))
            if k == "Fn::FindInMap" and isinstance(a, list) and a and isinstance(a[0], str):
                out.add(("m", a[0]))
        for x in v.values():
            used_names(x, out)


def prune(t):
    """Drop the conditions and mappings that nothing uses."""
    used = set()
    for sec in ("Resources", "Outputs"):
        for item in (t.get(sec) or {}).values():
            if isinstance(item, dict) and isinstance(item.get("Condition"), str):
                used.add(("c", item["Condition"]))
            used_names(item, used)
    conds = t.get("Conditions") or {}
    todo = [n for (kind, n) in used if kind == "c"]
    while todo:
        inner = set()
        used_names(conds.get(todo.pop()), inner)
        for u in inner - used:
            used.add(u)
            if u[0] == "c":
                todo.append(u[1])
    for sec, kind in (("Conditions", "c"), ("Mappings", "m")):
        if sec in t:
            t[sec] = {n: x for n, x in t[sec].items() if (kind, n) in used}
            if not t[sec]:
                del t[sec]


def main():
    t = load(sys.argv[1])
    t.pop("AWSTemplateFormatVersion", None)
    if t.get("Mappings") == {}:
        del t["Mappings"]
    for p in (t.get("Parameters") or {}).values():
        if str(p.get("NoEcho", "")).lower() == "true":
            p.pop("Default", None)
        for k in ("Default", "MinValue", "MaxValue", "MinLength", "MaxLength"):
            if k in p and not isinstance(p[k], str):
                p[k] = str(p[k]).lower() if isinstance(p[k], bool) else str(p[k])
        if "AllowedValues" in p:
            p["AllowedValues"] = [scalar_str(x) for x in p["AllowedValues"]]
        if "NoEcho" in p:
            p["NoEcho"] = str(p["NoEcho"]).lower() == "true"
    for r in (t.get("Resources") or {}).values():
        if isinstance(r, dict) and isinstance(r.get("DependsOn"), str):
            r["DependsOn"] = [r["DependsOn"]]
        if isinstance(r, dict) and r.get("Properties") == {}:
            del r["Properties"]
    maps = t.get("Mappings") or {}
    folding = json.loads(json.dumps(maps))  # FindInMap folds to the value as written
    for m in maps.values():
        for row in (m.values() if isinstance(m, dict) else []):
            for key in (list(row) if isinstance(row, dict) else []):
                x = row[key]
                row[key] = [scalar_str(y) for y in x] if isinstance(x, list) else scalar_str(x)
    for sec in ("Resources", "Outputs", "Conditions"):
        if sec in t:
            t[sec] = fold(t[sec], folding)
    prune(t)
    print(json.dumps(norm(t), indent=1, sort_keys=True))


main()
