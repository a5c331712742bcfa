#include "core/training/idx_file.h"

#include "core/sim/input_error.h"

#include <zlib.h>

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

// Reads exactly n bytes or says why not.
void readExactly(gzFile_s* f, void* into, std::size_t n, const std::string& path, const std::string& place) {
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
            throw InputError(path, place, "file ends after " + std::to_string(done) + " of " + std::to_string(n) +
                                              " expected bytes (truncated)");
        done += std::size_t(got);
    }
}

}  // namespace

IdxArray readIdxFile(const std::string& path, int expectedDims) {
    GzFile f(gzopen(path.c_str(), "rb"));
    if (!f) throw InputError(path, "", "cannot open (missing or unreadable)");
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
        total *= n;
        if (total > (std::uint64_t(1) << 34)) throw InputError(path, "dimensions", "implausibly large (corrupt header?)");
    }
    a.data.resize(std::size_t(total));
    readExactly(f.get(), a.data.data(), a.data.size(), path, "data");
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
