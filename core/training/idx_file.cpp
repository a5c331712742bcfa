// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/idx_file.h"

#include "core/sim/input_error.h"

#include <zlib.h>

#include <QFileInfo>

#include <algorithm>
#include <memory>

namespace dfl {

namespace {

struct GzCloser {
    void operator()(gzFile_s* f) const { gzclose(f); }
};
using GzFile = std::unique_ptr<gzFile_s, GzCloser>;

std::uint32_t bigEndian(const unsigned char* b) {
    return (std::uint32_t(b[0]) << 24) | (std::uint32_t(b[1]) << 16) | (std::uint32_t(b[2]) << 8) | b[3];
}

// Reads exactly n bytes or says why not; `before` and `expected` put a chunk's shortfall in the whole's terms.
void readExactly(gzFile_s* f, void* into, std::size_t n, const std::string& path, const std::string& place,
                 std::size_t before = 0, std::size_t expected = 0) {
    std::size_t done = 0;
    auto* bytes = static_cast<unsigned char*>(into);
    while (done < n) {
        const unsigned chunk = unsigned(std::min<std::size_t>(n - done, 1u << 30));
        const int got = gzread(f, bytes + done, chunk);
        if (got < 0) {
            int code = 0;
            throw InputError(path, place, std::string("cannot decompress: ") + gzerror(f, &code));
        }
        if (got == 0)
            throw InputError(path, place, "file ends after " + std::to_string(before + done) + " of " +
                                              std::to_string(expected ? expected : n) + " expected bytes (truncated)");
        done += std::size_t(got);
    }
}

}  // namespace

IdxArray readIdxFile(const std::string& path, int expectedDims, std::int64_t maxItems) {
    const QFileInfo info(QString::fromStdString(path));
    if (!info.exists()) throw InputError(path, "", "no such file");
    if (!info.isFile()) throw InputError(path, "", "not a regular file");
    GzFile f(gzopen(path.c_str(), "rb"));
    if (!f) throw InputError(path, "", "cannot open (unreadable)");
    unsigned char header[4];
    readExactly(f.get(), header, 4, path, "magic number");
    const std::uint32_t magic = bigEndian(header);
    if (header[0] != 0 || header[1] != 0)
        throw InputError(path, "magic number", "not an IDX file (magic 0x" + [&] {
            char text[16];
            std::snprintf(text, sizeof text, "%08X", magic);
            return std::string(text);
        }() + ", expected 0x000008" + std::to_string(expectedDims) + ")");
    if (header[2] != 0x08)
        throw InputError(path, "magic number", "element type " + std::to_string(header[2]) +
                                                   " is not unsigned byte (8)");
    if (header[3] != expectedDims)
        throw InputError(path, "magic number", std::to_string(header[3]) + " dimensions, expected " +
                                                   std::to_string(expectedDims));
    IdxArray a;
    std::uint64_t total = 1;
    for (int d = 0; d < expectedDims; ++d) {
        unsigned char size[4];
        readExactly(f.get(), size, 4, path, "dimension " + std::to_string(d));
        const std::uint32_t n = bigEndian(size);
        if (n == 0) throw InputError(path, "dimension " + std::to_string(d), "size is zero");
        a.dims.push_back(n);
        total *= n;  // at most 2^28 · 2^32 before the check below: no overflow
        if (total > kMaxIdxElements)
            throw InputError(path, "dimensions", "declares more than 2^28 elements (the limit; corrupt header?)");
    }
    const std::uint64_t headerBytes = 4 + 4 * std::uint64_t(expectedDims);
    if (gzdirect(f.get()) && std::uint64_t(info.size()) != headerBytes + total)
        throw InputError(path, "data", "the header declares " + std::to_string(total) + " elements but the file holds " +
                                           std::to_string(std::max<std::int64_t>(0, info.size() - std::int64_t(headerBytes))) +
                                           " bytes after it");
    const std::uint64_t wanted =
        maxItems >= 0 && std::uint64_t(maxItems) < a.dims[0] ? total / a.dims[0] * std::uint64_t(maxItems) : total;
    // Grown chunk by chunk: memory follows the bytes the stream really holds, never only the header's word.
    constexpr std::size_t kChunk = std::size_t(1) << 24;
    while (a.data.size() < wanted) {
        const std::size_t done = a.data.size();
        a.data.resize(std::min<std::size_t>(std::size_t(wanted), done + kChunk));
        readExactly(f.get(), a.data.data() + done, a.data.size() - done, path, "data", done, std::size_t(total));
    }
    if (wanted < total) return a;
    unsigned char extra;
    if (gzread(f.get(), &extra, 1) != 0)
        throw InputError(path, "data", "trailing bytes after the " + std::to_string(total) + " declared elements");
    return a;
}

void writeIdxFile(const std::string& path, const IdxArray& array) {
    GzFile f(gzopen(path.c_str(), "wb"));
    if (!f) throw InputError(path, "", "cannot write");
    std::vector<unsigned char> header{0, 0, 0x08, static_cast<unsigned char>(array.dims.size())};
    for (std::uint32_t d : array.dims)
        for (int shift = 24; shift >= 0; shift -= 8) header.push_back(static_cast<unsigned char>(d >> shift));
    if (gzwrite(f.get(), header.data(), unsigned(header.size())) != int(header.size()) ||
        (!array.data.empty() && gzwrite(f.get(), array.data.data(), unsigned(array.data.size())) != int(array.data.size())))
        throw InputError(path, "", "cannot write");
}

}  // namespace dfl
