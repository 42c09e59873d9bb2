"""Graphviz's SVG, made safe to inline in a page: ``dot`` run as a subprocess, its output cleaned to shapes and text.

Owns running ``dot -Tsvg`` where it is installed (nothing, where it is not or fails) and the
sanitiser of its SVG: only SVG's own drawing elements and attributes survive (no script, link,
style, image or foreign content; no ``url(...)``), ids are prefixed and made plain, and the
picture is labelled for a screen reader.
"""

from __future__ import annotations

import re
import subprocess

from ..programs import which

_SVG_NS = "http://www.w3.org/2000/svg"
_SVG_KEEP = frozenset({"svg", "g", "title", "path", "polygon", "polyline", "ellipse", "circle", "rect", "text", "line"})
_ATTR_KEEP = frozenset(
    {
        "viewBox",
        "width",
        "height",
        "class",
        "id",
        "transform",
        "fill",
        "stroke",
        "stroke-width",
        "stroke-dasharray",
        "points",
        "d",
        "cx",
        "cy",
        "rx",
        "ry",
        "r",
        "x",
        "y",
        "x1",
        "y1",
        "x2",
        "y2",
        "text-anchor",
        "font-family",
        "font-size",
        "font-weight",
        "font-style",
    }
)


def draw(dot_source: str, label: str) -> str | None:
    """A DOT graph as inline SVG drawn by Graphviz, cleaned (``clean_svg``); None where ``dot`` is not
    installed or fails."""
    dot = which("dot")
    if dot is None:
        return None
    try:
        done = subprocess.run([dot, "-Tsvg"], input=dot_source.encode(), capture_output=True, timeout=30, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return clean_svg(done.stdout, label=label)


def clean_svg(data: bytes, label: str = "A graph drawn by Graphviz") -> str | None:
    """An SVG document kept to shapes and text, labelled ``label``; None if it is not SVG."""
    import xml.etree.ElementTree as ET

    try:
        root = ET.fromstring(data)
    except ET.ParseError:
        return None

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def prune(element: ET.Element) -> None:
        for child in list(element):
            if (
                not isinstance(child.tag, str)
                or child.tag != f"{{{_SVG_NS}}}{local(child.tag)}"
                or (local(child.tag) not in _SVG_KEEP)
            ):
                element.remove(child)
            else:
                prune(child)
        for name in list(element.attrib):
            if local(name) not in _ATTR_KEEP or "url(" in element.attrib[name].lower():
                del element.attrib[name]
            elif local(name) == "id":
                element.attrib[name] = "gv-" + re.sub(r"[^A-Za-z0-9_-]", "_", element.attrib[name])

    if local(root.tag) != "svg":
        return None
    prune(root)
    root.attrib.pop("width", None)
    root.attrib.pop("height", None)
    root.set("role", "img")
    root.set("aria-label", label)
    root.set("class", "graph")
    for element in root.iter():  # every element is SVG's (pruned above): written without a prefix
        element.tag = local(element.tag)
    root.set("xmlns", _SVG_NS)
    return ET.tostring(root, encoding="unicode")
