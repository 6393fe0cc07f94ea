"""MinHash of a set of byte strings: the values datasketch 2.0's ``MinHash(num_perm, seed)`` gives, bit for bit.

datasketch's default scheme ("affine32"): each value's hash is the first 4 bytes of its SHA-1 (little endian),
pre-mixed with the MurmurHash3 32-bit finalizer, then mapped by ``num_perm`` affine permutations
``a * h + b mod 2**32`` (odd ``a``; ``a`` and ``b`` drawn from ``numpy.random.RandomState(seed)``); the
signature is each permutation's minimum. An empty set keeps the maximum hash, ``2**32 - 1``, everywhere.

Computed here rather than imported: importing ``datasketch`` imports all of its LSH indexes, and with them
``scipy.integrate`` (0.47 s in every process that signs a text), for one class whose arithmetic is the ten
lines below. Signatures stored by earlier versions, which used datasketch, stay comparable: the values are
the same (``tests/resolve/test_minhash.py`` holds datasketch's own values for a set of texts).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import cache

import numpy as np

__all__ = ["EMPTY", "minhash"]

EMPTY = (1 << 32) - 1
"""The value of every permutation for an empty set."""

_U32 = np.uint32
_FMIX = (_U32(16), _U32(0x85EBCA6B), _U32(13), _U32(0xC2B2AE35), _U32(16))


@cache
def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of the affine permutations, drawn as datasketch draws them: odd multipliers, then offsets."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=_U32) * _U32(2) + _U32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=_U32)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def minhash(values: Iterable[bytes], num_perm: int = 128, seed: int = 1) -> np.ndarray:
    """The MinHash signature (``num_perm`` unsigned 64-bit values, each below 2**32) of the set ``values``."""
    hv = np.fromiter((int.from_bytes(hashlib.sha1(v).digest()[:4], "little") for v in values), dtype=_U32)
    if not hv.size:
        return np.full(num_perm, EMPTY, dtype=np.uint64)
    s1, m1, s2, m2, s3 = _FMIX
    hv ^= hv >> s1  # MurmurHash3's finalizer: products wrap around, which is the intended mod 2**32
    hv *= m1
    hv ^= hv >> s2
    hv *= m2
    hv ^= hv >> s3
    a, b = _permutations(num_perm, seed)
    return (hv[:, None] * a + b).min(axis=0).astype(np.uint64)
