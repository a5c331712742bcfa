// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target: IDX files as the dataset loader reads them, plain and gzip-compressed. The first byte picks
// the form: even → the rest is written as it is (plain IDX, or a gzip stream the fuzzer mutates directly), odd →
// the rest is gzip-compressed first (so mutations reach the IDX header and data inside a valid gzip stream).
// The second byte picks the images file (3 dimensions) or the labels file (1 dimension).
#include "fuzz/fuzz_support.h"

#include "core/training/dataset.h"
#include "core/training/idx_file.h"

#include <zlib.h>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const bool compress = data[0] & 1;
    const bool images = data[1] & 1;
    data += 2;
    size -= 2;
    static const std::string path = dfl::fuzz::scratchPath(".idx.gz");
    if (compress) {
        gzFile f = gzopen(path.c_str(), "wb1");
        if (!f) __builtin_trap();
        if (size > 0) gzwrite(f, data, unsigned(size));
        gzclose(f);
    } else {
        dfl::fuzz::writeFile(path, data, size);
    }
    dfl::fuzz::expectInputErrorsOnly([&] { (void)dfl::readIdxFile(path, images ? 3 : 1); });
    // The same bytes as both files of a dataset: the loader's own checks (counts, labels, sizes) on top.
    dfl::fuzz::expectInputErrorsOnly([&] { (void)dfl::loadIdxDataset(path, path, 4); });
    return 0;
}
