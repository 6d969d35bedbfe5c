"""Everything that reads input: documents, input classification, event tables.

* :mod:`geomap.sources.documents` -- articles (``.txt``/``.md``/``.jsonl``, folders) as documents;
* :mod:`geomap.corpus.inputs` -- what kind of input a path is (article, table, corpus);
* :mod:`geomap.sources.events` -- readers and writers of the event schema (CSV, JSON lines,
  GeoJSON, GeoParquet);
* :mod:`geomap.sources.tables` -- structured tables: ACLED, UCDP GED, analyst CSV, geomap's own.
"""
