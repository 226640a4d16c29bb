#!/usr/bin/env python3
"""The folding constants of CChecksums' nimbus_crc64nvme_pclmul, and a model of that function checked against the
bit-by-bit CRC: `python3 scripts/crc64nvme-constants.py` prints the constants and exits 0 when the model agrees.

A 128-bit lane X = H·x^64 + L (H its first 8 bytes, in the reflected order) moved N bits on is
H·(x^(N+63) mod P)·x + L·(x^(N-1) mod P)·x: a carry-less multiply of two reflected 64-bit values yields the
reflected product shifted by one bit, which the exponent's -1 accounts for."""
import os

P = (1 << 64) | 0xAD93D23594C93659  # CRC-64/NVME
REFLECTED = 0x9A6C9329AC4BC9B5
MASK64, MASK128 = (1 << 64) - 1, (1 << 128) - 1


def x_to_the(n: int) -> int:
    r = 1
    for _ in range(n):
        r <<= 1
        if r >> 64:
            r ^= P
    return r


def reflect64(v: int) -> int:
    return int(f"{v:064b}"[::-1], 2)


def constant(n: int) -> int:
    return reflect64(x_to_the(n))


def clmul(a: int, b: int) -> int:
    r = 0
    while b:
        if b & 1:
            r ^= a
        a, b = a << 1, b >> 1
    return r


def bitwise(data: bytes, c: int) -> int:
    for byte in data:
        c ^= byte
        for _ in range(8):
            c = (c >> 1) ^ (REFLECTED if c & 1 else 0)
    return c


def crc(data: bytes, init: int = 0) -> int:
    return bitwise(data, init ^ MASK64) ^ MASK64


FOLD_512 = (constant(512 + 63), constant(512 - 1))
FOLD_128 = (constant(128 + 63), constant(128 - 1))


def fold(x: int, following: int, k: tuple) -> int:
    return (clmul(x & MASK64, k[0]) ^ clmul(x >> 64, k[1]) ^ following) & MASK128


def folded_crc(data: bytes, init: int = 0) -> int:
    """What nimbus_crc64nvme_pclmul does, for len(data) a multiple of 16 and at least 64."""
    lane = [int.from_bytes(data[i * 16:(i + 1) * 16], "little") for i in range(4)]
    lane[0] ^= init ^ MASK64
    at = 64
    while len(data) - at >= 64:
        lane = [fold(lane[i], int.from_bytes(data[at + i * 16:at + (i + 1) * 16], "little"), FOLD_512) for i in range(4)]
        at += 64
    x = fold(fold(fold(lane[0], lane[1], FOLD_128), lane[2], FOLD_128), lane[3], FOLD_128)
    while len(data) - at >= 16:
        x = fold(x, int.from_bytes(data[at:at + 16], "little"), FOLD_128)
        at += 16
    return bitwise(x.to_bytes(16, "little"), 0) ^ MASK64


if __name__ == "__main__":
    print("k512 (lo, hi) = %#018x, %#018x" % FOLD_512)
    print("k128 (lo, hi) = %#018x, %#018x" % FOLD_128)
    assert crc(b"123456789") == 0xAE8B14860A799888
    for size in (64, 80, 128, 144, 1024, 4144):
        sample = os.urandom(size)
        for init in (0, 0x123456789ABCDEF0):
            assert folded_crc(sample, init) == crc(sample, init), (size, init)
    print("the model agrees with the bit-by-bit CRC")
