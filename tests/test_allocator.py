"""The worker processes' allocator settings: a large block freed and allocated again is not faulted in again."""

from __future__ import annotations

import ctypes
import resource
import subprocess
import sys

import pytest

from claimgraph.allocator import keep_freed_memory

BLOCK = 40 << 20
"""Larger than glibc's adaptive mmap threshold ever grows (32 MiB): by default, a mapping of its own each time."""


def refaulted_pages(size: int = BLOCK) -> int:
    """Minor page faults taken by writing a ``size``-byte block allocated after an equal one was freed."""
    libc = ctypes.CDLL(None)
    libc.malloc.restype, libc.malloc.argtypes = ctypes.c_void_p, (ctypes.c_size_t,)
    libc.free.argtypes = (ctypes.c_void_p,)
    block = libc.malloc(size)
    ctypes.memset(block, 1, size)
    libc.free(block)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    block = libc.malloc(size)
    ctypes.memset(block, 1, size)
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
    libc.free(block)
    return faults


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt")
def test_freed_memory_is_kept_for_the_next_allocation():
    probe = (f"import sys; sys.path.insert(0, {str(__import__('pathlib').Path(__file__).parent)!r}); "
             "from test_allocator import refaulted_pages; from claimgraph.allocator import keep_freed_memory; "
             "before = refaulted_pages(); taken = keep_freed_memory(); print(before, taken, refaulted_pages())")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.split()
    before, taken, after = int(out[0]), out[1] == "True", int(out[2])
    pages = BLOCK // 4096
    assert before > pages // 2, "by default the block is mapped afresh, each page faulted in"
    assert taken and after < pages // 20, "kept: its pages are still there"


def test_elsewhere_nothing_changes(monkeypatch):
    monkeypatch.setattr(sys, "platform", "darwin")
    assert keep_freed_memory() is False
