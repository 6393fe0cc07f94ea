"""How documents are cut into batches for workers: whole batches while the input lasts, then smaller and smaller
pieces once its end has been read, every document once and in order, reading only one batch ahead."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claimgraph.scheduling import SMALLEST_TAIL_BATCH, Batches, batches


def _sizes(n: int, size: int, share: int) -> list[int]:
    return [len(b) for b in Batches(range(n), size, share)]  # type: ignore[arg-type]


@pytest.mark.parametrize("n", [0, 1, 3, 4, 63, 64, 65, 127, 128, 129, 200, 255, 256, 2000])
@pytest.mark.parametrize(("size", "share"), [(64, 4), (64, 2), (16, 8), (4, 2), (1, 4), (5, 3)])
def test_every_document_comes_once_in_input_order(n: int, size: int, share: int):
    assert [d for b in Batches(range(n), size, share) for d in b] == list(range(n))  # type: ignore[arg-type]


@pytest.mark.parametrize("n", [130, 200, 208, 255, 2000])
def test_whole_batches_until_the_end_is_in_sight_then_smaller_and_smaller_pieces(n: int):
    sizes = _sizes(n, 64, 4)
    whole = (n - 1) // 64 - 1  # the last whole batch and what follows it are what is left when the end is read
    assert sizes[:whole] == [64] * whole
    tail = sizes[whole:]
    assert sum(tail) == n - 64 * whole and 64 < sum(tail) <= 128
    assert tail == sorted(tail, reverse=True)  # the last pieces are the smallest
    assert tail[0] == -(-sum(tail) // 4)  # a share of what is left: two pieces a worker of two to begin with
    assert all(p >= SMALLEST_TAIL_BATCH for p in tail[:-1]) and tail[-1] >= 1


def test_two_hundred_and_eight_documents_for_two_workers():
    assert _sizes(208, 64, 4) == [64, 64, 20, 15, 12, 9, 6, 5, 4, 4, 4, 1]


def test_a_short_input_is_cut_at_once_and_no_piece_is_larger_than_a_batch():
    assert _sizes(10, 64, 4) == [4, 4, 2]
    assert _sizes(3, 64, 4) == [3]
    assert _sizes(7, 2, 1) == [2, 2, 2, 1]  # a share of 1: each piece is as large as a batch may be


def _counted(n: int, read: list[int]) -> Iterator[int]:
    """``range(n)``, noting in ``read`` each number as it is taken."""
    for i in range(n):
        read.append(i)
        yield i


def test_it_reads_one_batch_ahead_and_says_when_the_end_has_been_read():
    read: list[int] = []
    cut = Batches(_counted(200, read), 64, 4)  # type: ignore[arg-type]
    assert read == [] and not cut.ending  # nothing is read before the first batch is asked for
    assert next(cut) == list(range(64)) and len(read) == 128 and not cut.ending
    assert next(cut) == list(range(64, 128)) and len(read) == 192 and not cut.ending
    first_piece = next(cut)  # 128..199 is what is left: the end has been read
    assert len(read) == 200 and cut.ending and first_piece == list(range(128, 146))
    assert next(cut, None) is not None and cut.ending


def test_a_size_or_share_below_one_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        Batches([], 0, 4)
    with pytest.raises(ValueError, match="at least 1"):
        Batches([], 64, 0)


def test_whole_batches_without_reading_ahead():
    read: list[int] = []
    cut = batches(_counted(10, read), 4)  # type: ignore[arg-type]
    assert next(cut) == [0, 1, 2, 3] and read == [0, 1, 2, 3]
    assert [len(b) for b in cut] == [4, 2]
