"""The engine over many documents: streaming extraction and layers on a local pool or Dask.

* :mod:`geomap.corpus.engine` -- :func:`extract_corpus`, chunking, reports, partitioned output;
* :mod:`geomap.corpus.pool` -- one chunk's extraction and the local process pool;
* :mod:`geomap.corpus.dask` -- the same chunks on a Dask cluster;
* :mod:`geomap.corpus.layers` -- layers reduced per place from a partitioned dataset.
"""
