// CRC-32 and CRC-32C with the CPU's own instructions: botocore sends a CRC-32 with every upload and S3 checks it,
// so it is computed over every byte a client uploads. zlib's table-driven crc32_z runs at about 3 GB/s here; folding
// with PCLMULQDQ ("Fast CRC Computation for Generic Polynomials Using PCLMULQDQ Instruction", Intel, 2009; the
// constants are the bit-reflected ones for the IEEE polynomial, as in Linux's crc32-pclmul and Chromium's zlib)
// runs several times faster. Callers check the *_available functions first.
#include "checksums.h"

#if defined(__x86_64__)
#include <immintrin.h>

int nimbus_crc32_simd_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
}

int nimbus_crc32c_simd_available(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("sse4.2");
}

__attribute__((target("pclmul,sse4.1")))
uint32_t nimbus_crc32_pclmul(uint32_t crc, const uint8_t *buf, size_t len) {
    static const uint64_t k1k2[] __attribute__((aligned(16))) = {0x0154442bd4, 0x01c6e41596};
    static const uint64_t k3k4[] __attribute__((aligned(16))) = {0x01751997d0, 0x00ccaa009e};
    static const uint64_t k5k0[] __attribute__((aligned(16))) = {0x0163cd6124, 0x0000000000};
    static const uint64_t poly[] __attribute__((aligned(16))) = {0x01db710641, 0x01f7011641};
    __m128i x0, x1, x2, x3, x4, x5, x6, x7, x8, y5, y6, y7, y8;

    crc = ~crc;
    x1 = _mm_loadu_si128((const __m128i *)(buf + 0x00));
    x2 = _mm_loadu_si128((const __m128i *)(buf + 0x10));
    x3 = _mm_loadu_si128((const __m128i *)(buf + 0x20));
    x4 = _mm_loadu_si128((const __m128i *)(buf + 0x30));
    x1 = _mm_xor_si128(x1, _mm_cvtsi32_si128((int)crc));
    x0 = _mm_load_si128((const __m128i *)k1k2);
    buf += 64;
    len -= 64;

    // Fold four 128-bit lanes by 64 bytes at a time.
    while (len >= 64) {
        x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
        x6 = _mm_clmulepi64_si128(x2, x0, 0x00);
        x7 = _mm_clmulepi64_si128(x3, x0, 0x00);
        x8 = _mm_clmulepi64_si128(x4, x0, 0x00);
        x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
        x2 = _mm_clmulepi64_si128(x2, x0, 0x11);
        x3 = _mm_clmulepi64_si128(x3, x0, 0x11);
        x4 = _mm_clmulepi64_si128(x4, x0, 0x11);
        y5 = _mm_loadu_si128((const __m128i *)(buf + 0x00));
        y6 = _mm_loadu_si128((const __m128i *)(buf + 0x10));
        y7 = _mm_loadu_si128((const __m128i *)(buf + 0x20));
        y8 = _mm_loadu_si128((const __m128i *)(buf + 0x30));
        x1 = _mm_xor_si128(_mm_xor_si128(x1, x5), y5);
        x2 = _mm_xor_si128(_mm_xor_si128(x2, x6), y6);
        x3 = _mm_xor_si128(_mm_xor_si128(x3, x7), y7);
        x4 = _mm_xor_si128(_mm_xor_si128(x4, x8), y8);
        buf += 64;
        len -= 64;
    }

    // Fold the four lanes into one.
    x0 = _mm_load_si128((const __m128i *)k3k4);
    x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
    x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
    x1 = _mm_xor_si128(_mm_xor_si128(x1, x2), x5);
    x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
    x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
    x1 = _mm_xor_si128(_mm_xor_si128(x1, x3), x5);
    x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
    x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
    x1 = _mm_xor_si128(_mm_xor_si128(x1, x4), x5);

    // Then 16 bytes at a time.
    while (len >= 16) {
        x2 = _mm_loadu_si128((const __m128i *)buf);
        x5 = _mm_clmulepi64_si128(x1, x0, 0x00);
        x1 = _mm_clmulepi64_si128(x1, x0, 0x11);
        x1 = _mm_xor_si128(_mm_xor_si128(x1, x2), x5);
        buf += 16;
        len -= 16;
    }

    // 128 bits to 64.
    x2 = _mm_clmulepi64_si128(x1, x0, 0x10);
    x3 = _mm_setr_epi32(~0, 0, ~0, 0);
    x1 = _mm_srli_si128(x1, 8);
    x1 = _mm_xor_si128(x1, x2);
    x0 = _mm_loadl_epi64((const __m128i *)k5k0);
    x2 = _mm_srli_si128(x1, 4);
    x1 = _mm_and_si128(x1, x3);
    x1 = _mm_clmulepi64_si128(x1, x0, 0x00);
    x1 = _mm_xor_si128(x1, x2);

    // Barrett reduction to 32 bits.
    x0 = _mm_load_si128((const __m128i *)poly);
    x2 = _mm_and_si128(x1, x3);
    x2 = _mm_clmulepi64_si128(x2, x0, 0x10);
    x2 = _mm_and_si128(x2, x3);
    x2 = _mm_clmulepi64_si128(x2, x0, 0x00);
    x1 = _mm_xor_si128(x1, x2);
    return ~(uint32_t)_mm_extract_epi32(x1, 1);
}

__attribute__((target("sse4.2")))
uint32_t nimbus_crc32c_sse42(uint32_t crc, const uint8_t *buf, size_t len) {
    uint64_t c = ~crc;
    while (len > 0 && ((uintptr_t)buf & 7) != 0) {
        c = _mm_crc32_u8((uint32_t)c, *buf++);
        len--;
    }
    while (len >= 8) {
        uint64_t word;
        __builtin_memcpy(&word, buf, 8);
        c = _mm_crc32_u64(c, word);
        buf += 8;
        len -= 8;
    }
    while (len > 0) {
        c = _mm_crc32_u8((uint32_t)c, *buf++);
        len--;
    }
    return ~(uint32_t)c;
}

// CRC-64/NVME folded the same way (Intel's paper, for a reflected 64-bit polynomial): each 128-bit lane X = H·x^64 + L
// moves N bits on as H·(x^(N+63) mod P)·x + L·(x^(N-1) mod P)·x, which one carry-less multiply of each half gives in
// the reflected bit order; the constants are bit-reflected x^n mod P (P = x^64 + 0xAD93D23594C93659), printed and
// modelled by scripts/crc64nvme-constants.py, and the function is checked against the table in the unit tests. The
// last 128 bits go through the polynomial bit by bit: 128 steps per call, against the megabytes a call folds.
__attribute__((target("pclmul,sse4.1")))
uint64_t nimbus_crc64nvme_pclmul(uint64_t crc, const uint8_t *buf, size_t len) {
    const __m128i k512 = _mm_set_epi64x((long long)0x62242240ace5045aULL, (long long)0x0c32cdb31e18a84aULL);
    const __m128i k128 = _mm_set_epi64x((long long)0x21e9761e252621acULL, (long long)0xeadc41fd2ba3d420ULL);
    __m128i x1 = _mm_loadu_si128((const __m128i *)(buf + 0x00));
    __m128i x2 = _mm_loadu_si128((const __m128i *)(buf + 0x10));
    __m128i x3 = _mm_loadu_si128((const __m128i *)(buf + 0x20));
    __m128i x4 = _mm_loadu_si128((const __m128i *)(buf + 0x30));
    x1 = _mm_xor_si128(x1, _mm_cvtsi64_si128((long long)~crc));
    buf += 64;
    len -= 64;
#define NIMBUS_FOLD(x, k, next) \
    _mm_xor_si128(_mm_xor_si128(_mm_clmulepi64_si128((x), (k), 0x00), _mm_clmulepi64_si128((x), (k), 0x11)), (next))
    while (len >= 64) {
        x1 = NIMBUS_FOLD(x1, k512, _mm_loadu_si128((const __m128i *)(buf + 0x00)));
        x2 = NIMBUS_FOLD(x2, k512, _mm_loadu_si128((const __m128i *)(buf + 0x10)));
        x3 = NIMBUS_FOLD(x3, k512, _mm_loadu_si128((const __m128i *)(buf + 0x20)));
        x4 = NIMBUS_FOLD(x4, k512, _mm_loadu_si128((const __m128i *)(buf + 0x30)));
        buf += 64;
        len -= 64;
    }
    x1 = NIMBUS_FOLD(x1, k128, x2);
    x1 = NIMBUS_FOLD(x1, k128, x3);
    x1 = NIMBUS_FOLD(x1, k128, x4);
    while (len >= 16) {
        x1 = NIMBUS_FOLD(x1, k128, _mm_loadu_si128((const __m128i *)buf));
        buf += 16;
        len -= 16;
    }
#undef NIMBUS_FOLD
    uint8_t rest[16];
    _mm_storeu_si128((__m128i *)rest, x1);
    uint64_t c = 0;
    for (int i = 0; i < 16; i++) {
        c ^= rest[i];
        for (int bit = 0; bit < 8; bit++) c = (c >> 1) ^ (0x9A6C9329AC4BC9B5ULL & (0 - (c & 1)));
    }
    return ~c;
}

#else

uint64_t nimbus_crc64nvme_pclmul(uint64_t crc, const uint8_t *buf, size_t len) { (void)buf; (void)len; return crc; }
int nimbus_crc32_simd_available(void) { return 0; }
int nimbus_crc32c_simd_available(void) { return 0; }
uint32_t nimbus_crc32_pclmul(uint32_t crc, const uint8_t *buf, size_t len) { (void)buf; (void)len; return crc; }
uint32_t nimbus_crc32c_sse42(uint32_t crc, const uint8_t *buf, size_t len) { (void)buf; (void)len; return crc; }

#endif
