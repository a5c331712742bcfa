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

// Reads a gzip (or plain) IDX file of unsigned bytes with `expectedDims` dimensions.
IdxArray readIdxFile(const std::string& path, int expectedDims);

// Writes one (gzip-compressed) — for tests and tools that need small IDX files.
void writeIdxFile(const std::string& path, const IdxArray& array);

}  // namespace dfl
