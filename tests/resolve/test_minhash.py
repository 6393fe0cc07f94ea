"""MinHash signatures: datasketch 2.0's values, bit for bit, so that signatures stored by earlier versions (which
used datasketch) still find their copies."""

import hashlib

import numpy as np
import pytest

from claimgraph.resolve.minhash import EMPTY, minhash
from claimgraph.resolve.signatures import NUM_PERM, signature

# datasketch.MinHash(num_perm=128, seed=1) over each text's shingles, as claimgraph computed signatures with
# datasketch 2.0.0: the SHA-256 of the 128 values (little-endian uint64) and the first three values
DATASKETCH = [
    ("", "2d9ad807780d7e7ede906600643c4545", [4294967295, 4294967295, 4294967295]),
    ("Ceasefire.", "9acd5ccb6d4bac07b48a3d479e408081", [2604590325, 1393190542, 437041612]),
    ("The ministry said on Tuesday that two drones were shot down near the border town overnight.",
     "37e3491528ee5756ea3d1699c973391b", [82718319, 38216063, 131468907]),
    ("Iran supplied Shahed-136 drones to Russia, according to a report by a Washington think tank, which cited "
     "officials.", "cde91fb21db899c908d5d6b65d89eccd", [485547109, 281798569, 8610204]),
    ("Ünïcödé — «quotes» and أرقام ١٢٣ mixed scripts in one short line of text here",
     "ccd0cd6aa6a563c7721555c172f4e81c", [93651406, 502036203, 38216554]),
]


@pytest.mark.parametrize(("text", "digest", "first"), DATASKETCH)
def test_a_signature_equals_what_datasketch_computed(text: str, digest: str, first: list[int]) -> None:
    sig = signature(text)
    assert sig.dtype == np.uint64 and sig.shape == (NUM_PERM,)
    assert sig[:3].tolist() == first
    assert hashlib.sha256(sig.astype("<u8").tobytes()).hexdigest()[:32] == digest


def test_an_empty_set_keeps_the_maximum_hash_and_order_and_repeats_do_not_matter() -> None:
    assert minhash([]).tolist() == [EMPTY] * 128
    values = [b"alpha", b"beta", b"gamma"]
    assert np.array_equal(minhash(values), minhash([*reversed(values), b"beta"]))
    assert minhash(values, num_perm=16).shape == (16,)
    assert (minhash(values) < 1 << 32).all()


def test_the_minimum_of_a_union_is_the_minimum_of_its_parts() -> None:
    left, right = [b"one", b"two"], [b"three", b"four", b"five"]
    assert np.array_equal(minhash(left + right), np.minimum(minhash(left), minhash(right)))
    assert not np.array_equal(minhash([b"one"], seed=1), minhash([b"one"], seed=2))
