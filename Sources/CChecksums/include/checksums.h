#ifndef NIMBUS_CHECKSUMS_H
#define NIMBUS_CHECKSUMS_H
#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has the instructions the two functions below use (PCLMULQDQ and SSE4.1; SSE4.2).
int nimbus_crc32_simd_available(void);
int nimbus_crc32c_simd_available(void);

/// CRC-32 (IEEE) of `len` bytes, `len` a multiple of 16 and at least 64, by carry-less multiplication.
/// `crc` and the result are the plain (not inverted) CRC values, as zlib's crc32 takes and returns them.
uint32_t nimbus_crc32_pclmul(uint32_t crc, const uint8_t *buf, size_t len);

/// CRC-32C (Castagnoli) of any `len` bytes by SSE4.2's crc32 instruction; same convention.
uint32_t nimbus_crc32c_sse42(uint32_t crc, const uint8_t *buf, size_t len);

/// CRC-64/NVME of `len` bytes, `len` a multiple of 16 and at least 64, by carry-less multiplication (the same
/// instructions as the CRC-32 above); same convention.
uint64_t nimbus_crc64nvme_pclmul(uint64_t crc, const uint8_t *buf, size_t len);

#endif
