/*
 * core/lib/crc32c.h - CRC-32C (Castagnoli), the checksum of ext4's and
 * jbd2's metadata_csum and of virtio-net/SCTP.
 *
 * crc32c() is the raw update: no inversion on the way in or out, so it
 * chains (crc32c(crc32c(s, a), b) == crc32c(s, a ++ b)). ext4 and jbd2 use
 * it raw with a seed of ~0 (or a seed derived from the UUID); the usual
 * CRC-32C of a buffer, e.g. 0xe3069283 for "123456789", is
 * ~crc32c(~0u, buf, len).
 */
#ifndef RUX_LIB_CRC32C_H
#define RUX_LIB_CRC32C_H

#include <stddef.h>
#include <stdint.h>

uint32_t crc32c(uint32_t crc, const void *buf, size_t len);

#endif /* RUX_LIB_CRC32C_H */
