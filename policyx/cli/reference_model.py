"""The generated reference of the model file: every collection and field of the JSON Schema, in words.

Owns the Markdown of docs/model.md's generated section (see ``reference``): for each record type its
fields, what each holds, whether it is required, and the rules the schema states, read from the
JSON Schema's own descriptions.
"""

from __future__ import annotations

import re
from typing import Any

from ..schema import json_schema
from .markdown import anchor, cell, code


def _kind(prop: dict[str, Any]) -> str:
    """A JSON Schema property's type, in words."""
    from ..model import DATE_SCHEMA_REGEX, ID_REGEX

    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        return f"[{name}]({anchor(name)})"
    if "anyOf" in prop:
        return " or ".join(_kind(p) for p in prop["anyOf"] if p.get("type") != "null")
    if "enum" in prop:
        return "one of " + ", ".join(code(str(v)) for v in prop["enum"])
    if "const" in prop:
        return code(str(prop["const"]))
    kind = prop.get("type")
    if kind == "array":
        return "list of " + _kind(prop.get("items", {})).replace("id", "ids", 1).replace("text", "texts", 1)
    if kind == "string":
        pattern = prop.get("pattern")
        if pattern == ID_REGEX:
            return "id"
        if pattern == DATE_SCHEMA_REGEX:
            return "date"
        return "text"
    if kind == "integer":
        low, high = prop.get("minimum"), prop.get("maximum")
        return f"integer from {low} to {high}" if low is not None and high is not None else "integer"
    if kind == "boolean":
        return "`true` or `false`"
    return str(kind)


def _rules(definition: dict[str, Any]) -> list[str]:
    """The schema's conditional requirements of a record, in words."""
    out = []
    for rule in definition.get("allOf", []):
        for field, condition in rule.get("if", {}).get("properties", {}).items():
            needed = ", ".join(code(f) for f in rule.get("then", {}).get("required", []))
            out.append(f"`{field}: {condition['const']}` requires {needed}.")
    return out


def model_reference() -> str:
    """docs/model.md's field tables: every collection's records, from the JSON Schema's descriptions."""

    schema = json_schema()
    defs: dict[str, dict[str, Any]] = schema["$defs"]
    lines = [cell(schema.get("description", "")), "", "| key | holds | required | description |", "|---|---|---|---|"]
    required = set(schema.get("required", []))
    for key, prop in schema["properties"].items():
        lines.append(f"| {code(key)} | {_kind(prop)} | {'yes' if key in required else ''} | {_describe(prop)} |")
    order: list[str] = []

    def visit(name: str) -> None:
        if name in order:
            return
        order.append(name)
        for prop in defs[name].get("properties", {}).values():
            for ref in re.findall(r"#/\$defs/(\w+)", repr(prop)):
                visit(ref)

    for prop in schema["properties"].values():
        for ref in re.findall(r"#/\$defs/(\w+)", repr(prop)):
            visit(ref)
    carrying = [name for name in order if "basis" in defs[name].get("properties", {})]
    shared = [
        field
        for field, prop in defs[carrying[0]]["properties"].items()
        if all(defs[other]["properties"].get(field) == prop for other in carrying)
    ]
    outline = ["```yaml", f"# every record but a source also has: {', '.join(f for f in shared if f != 'id')}"]
    for key, prop in schema["properties"].items():
        refs = re.findall(r"#/\$defs/(\w+)", repr(prop))
        if not refs:
            outline.append(f"{key}: {max(prop.get('enum', ['']))}")
            continue
        own = [f for f in defs[refs[0]].get("properties", {}) if f not in shared or f == "id"]
        outline.append(f"{key + ':':<11} # {', '.join(own)}")
        for nested in re.findall(r"#/\$defs/(\w+)", repr(defs[refs[0]].get("properties", {}))):
            inner = [f for f in defs[nested].get("properties", {}) if f not in shared or f == "id"]
            outline.append(f"{'':<11} #   each of its {nested.lower()} entries: {', '.join(inner)}")
    lines[1:1] = ["", *outline, "```"]
    first = defs[carrying[0]]
    lines += ["", "### Provenance fields", "", f"Every record of these kinds carries: {', '.join(carrying)}."]
    lines += ["", "| field | holds | required | description |", "|---|---|---|---|"]
    for field in shared:
        prop = first["properties"][field]
        mark = "yes" if field in first.get("required", []) else ""
        lines.append(f"| {code(field)} | {_kind(prop)} | {mark} | {_describe(prop)} |")
    lines += ["", *_rules(first)]
    for name in order:
        definition = defs[name]
        required_fields = set(definition.get("required", []))
        fields = {f: p for f, p in definition.get("properties", {}).items() if name not in carrying or f not in shared}
        lines += ["", f"### {name}", "", cell(definition.get("description", ""))]
        if name in carrying:
            lines[-1] += f" Besides its [provenance fields]({anchor('Provenance fields')}):"
        lines += ["", "| field | holds | required | description |", "|---|---|---|---|"]
        for field, prop in fields.items():
            mark = "yes" if field in required_fields else ""
            lines.append(f"| {code(field)} | {_kind(prop)} | {mark} | {_describe(prop)} |")
        rules = [rule for rule in _rules(definition) if name not in carrying or rule not in _rules(first)]
        if rules:
            lines += ["", *rules]
    return "\n".join(lines) + "\n"


def _describe(prop: dict[str, Any]) -> str:
    """A property's description, with its default when it has a telling one."""
    text = cell(prop.get("description", ""))
    default = prop.get("default")
    if default not in (None, [], ""):
        text = f"{text} Default: {code(str(default).lower() if isinstance(default, bool) else str(default))}."
    return text.strip()


# Generated sections -------------------------------------------------------------------------------
