"""BLAS on one thread for work made of many tiny linear-algebra calls."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from threadpoolctl import threadpool_limits


@contextlib.contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run the block with BLAS libraries limited to one thread (restored afterwards).

    The surface triangulates the places of each region (scipy's ``Delaunay``), whose
    barycentric transforms are LAPACK calls on 2x2 systems. A threaded OpenBLAS wakes its
    pool for each of them and the waiting threads spin: 1M ACLED rows spent 1-5 CPU s there
    (more the busier the machine; 0.01 s on one thread) on systems that gain nothing from a
    second thread. The limit is process-wide while the block runs.
    """
    import scipy.spatial  # noqa: F401  # loads scipy's BLAS so that the limit reaches it

    with threadpool_limits(limits=1, user_api="blas"):
        yield
