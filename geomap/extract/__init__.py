"""Event extraction from news text: who took what, when, how sure, and which sentence says so.

>>> import geomap
>>> text = "date 2020-06-05\\nGNA forces retook Gharyan on Thursday."
>>> events = geomap.extract(text)  # doctest: +SKIP

Public functions: :func:`extract` (events GeoDataFrame), :func:`extract_document`
(:class:`Extraction` with events, unresolved and the run report) and :func:`extract_records`
(plain records, the fast path of the corpus engine).
"""

from __future__ import annotations

import sys as _sys
import types as _types
from typing import Any

from geomap.extract.pipeline import (
    Extraction,
    extract,
    extract_document,
    extract_document_records,
    extract_records,
    merge_records,
)

__all__ = ["Extraction", "extract", "extract_document", "extract_document_records",
           "extract_records", "merge_records"]


class _CallableModule(_types.ModuleType):
    """``geomap.extract`` is both this package and the function: importing the package
    binds it as the attribute ``geomap.extract``, so the package itself must be callable."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return extract(*args, **kwargs)


_sys.modules[__name__].__class__ = _CallableModule
