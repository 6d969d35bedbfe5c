"""Base classes for the map's elements: Jinja templates from files, rendered exactly once.

folium's ``MacroElement`` wraps each rendered macro in a new ``Element`` whose template is the
rendered text, so that text is parsed by Jinja a second time: any ``{{ ... }}`` it contains
would run. geomap's elements instead hand the rendered text to :class:`RawElement`, which is
emitted verbatim.
"""

from __future__ import annotations

import functools
from typing import Any, ClassVar

from branca.element import Element, Figure, MacroElement
from folium.template import Template

from geomap.errors import RenderError
from geomap.render.assets import template_text

__all__ = ["RawElement", "TemplateElement", "assign_ids"]


@functools.cache
def _compiled(name: str) -> Template:
    """A template file compiled once per process (compiling costs more than rendering)."""
    return Template(template_text(name))


class RawElement(Element):
    """An element whose output is fixed text, never parsed as a template."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "RawElement"
        self._text = text

    def render(self, **kwargs: Any) -> str:
        """Return the text as it is."""
        return self._text


class TemplateElement(MacroElement):
    """A macro element whose template lives in ``geomap/render/templates/<template_file>``."""

    template_file: ClassVar[str] = ""
    element_name: ClassVar[str] = "GeomapElement"

    def __init__(self) -> None:
        super().__init__()
        self._name = self.element_name
        self._template = _compiled(self.template_file)

    def render(self, **kwargs: Any) -> None:  # type: ignore[override]
        """Render the header, html and script macros once, into the figure's sections."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise RenderError(f"{self.element_name} must be inside a map before it is rendered")
        module = self._template.module
        for part in ("header", "html", "script"):
            macro = getattr(module, part, None)
            if macro is not None:
                section = getattr(figure, part)
                section.add_child(RawElement(str(macro(self, kwargs))), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


def assign_ids(root: Element) -> None:
    """Give every element under ``root`` an id from its position, replacing random ids.

    folium names elements ``<kind>_<32 random hex digits>``; numbering them in tree order
    makes the same map give byte-identical HTML.
    """
    counter = 0
    stack: list[Element] = [root]
    while stack:
        element = stack.pop(0)
        element._id = f"{counter:04d}"  # noqa: SLF001 - folium has no public setter
        counter += 1
        stack.extend(element._children.values())  # noqa: SLF001
