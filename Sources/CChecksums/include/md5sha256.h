#ifndef NIMBUS_MD5SHA256_H
#define NIMBUS_MD5SHA256_H
#include <stddef.h>
#include <stdint.h>

/// Whether this CPU has the SHA extensions (with SSSE3 and SSE4.1) the SHA-256 functions below need.
int nimbus_sha_extensions_available(void);

/// MD5's compression over `blocks` 64-byte blocks; `state` holds A, B, C, D.
void nimbus_md5_blocks(uint32_t state[4], const uint8_t *data, size_t blocks);

/// SHA-256's compression over `blocks` 64-byte blocks; `state` holds H0...H7.
void nimbus_sha256_blocks(uint32_t state[8], const uint8_t *data, size_t blocks);

/// Both over the same blocks in one interleaved pass.
void nimbus_md5_sha256_blocks(uint32_t md5[4], uint32_t sha[8], const uint8_t *data, size_t blocks);

#endif
