// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The IDX format of (Fashion-)MNIST, gzip-compressed: a big-endian magic number 0x0000TTDD (TT = element type,
// 0x08 = unsigned byte; DD = number of dimensions), DD big-endian 32-bit sizes, then the elements.
// Every malformed file is an InputError naming the file, the place and the reason.

#include <cstdint>
#include <string>
#include <vector>

namespace dfl {

struct IdxArray {
    std::vector<std::uint32_t> dims;  // e.g. {60000, 28, 28}
    std::vector<std::uint8_t> data;   // row-major, product(dims) bytes
};

// The most elements one IDX file may declare (README "File formats"): 2^28 bytes, five times Fashion-MNIST's
// training images (47 million) and 1 GiB once the loader turns them into floats.
inline constexpr std::uint64_t kMaxIdxElements = std::uint64_t(1) << 28;

// Reads a gzip (or plain) IDX file of unsigned bytes with `expectedDims` dimensions. The header is trusted for
// nothing: the declared size is checked against kMaxIdxElements and, for a plain file, against the file's real
// length before anything is allocated; a gzip stream's data is read (and the array grown) chunk by chunk, so a
// short file that declares a huge size costs what it holds, not what it claims.
// maxItems ≥ 0 reads only the first maxItems items along dimension 0 (dims keep the header's sizes): what a lesson
// uses of a 60 000-image file is decompressed, and the part after it is neither read nor checked.
IdxArray readIdxFile(const std::string& path, int expectedDims, std::int64_t maxItems = -1);

// Writes one (gzip-compressed) — for tests and tools that need small IDX files.
void writeIdxFile(const std::string& path, const IdxArray& array);

}  // namespace dfl
