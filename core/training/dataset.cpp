// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/dataset.h"

#include "core/sim/indexed_jobs.h"
#include "core/sim/input_error.h"
#include "core/training/idx_file.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <tuple>

namespace dfl {

Dataset Dataset::first(int count) const {
    if (count < 0 || count >= size()) return *this;
    Dataset d = *this;
    d.inputs = inputs.leftCols(count);
    d.labels.resize(std::size_t(count));
    return d;
}

Dataset loadIdxDataset(const std::string& imagesPath, const std::string& labelsPath, int limit, int classes) {
    const IdxArray images = readIdxFile(imagesPath, 3, limit);
    const IdxArray labels = readIdxFile(labelsPath, 1, limit);
    if (images.dims[0] != labels.dims[0])
        throw InputError(labelsPath, "dimension 0", std::to_string(labels.dims[0]) + " labels for " +
                                                        std::to_string(images.dims[0]) + " images in " + imagesPath);
    // readIdxFile bounds every product of dimensions by kMaxIdxElements (2^28), so these fit in int.
    const int total = int(images.dims[0]);
    const int n = limit < 0 ? total : std::min(limit, total);
    const int pixels = int(std::uint64_t(images.dims[1]) * images.dims[2]);
    Dataset d;
    d.height = int(images.dims[1]);
    d.width = int(images.dims[2]);
    d.classes = classes;
    d.inputs.resize(pixels, n);
    d.labels.resize(std::size_t(n));
    for (int s = 0; s < n; ++s) {
        const int label = labels.data[std::size_t(s)];
        if (label >= classes)
            throw InputError(labelsPath, "label " + std::to_string(s),
                             "value " + std::to_string(label) + " outside [0, " + std::to_string(classes) + ")");
        d.labels[std::size_t(s)] = label;
        const std::uint8_t* img = images.data.data() + std::size_t(s) * std::size_t(pixels);
        for (int p = 0; p < pixels; ++p) d.inputs(p, s) = float(img[p]) / 255.0f;
    }
    return d;
}

std::string fashionMnistDirectory() {
    if (const char* dir = std::getenv("DFL_FASHION_MNIST")) return dir;
    return "/usr/share/datasets/fashion-mnist";
}

std::string missingFashionMnistFile(const std::string& directory) {
    for (const char* name : {"train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz",
                             "t10k-labels-idx1-ubyte.gz"})
        if (!std::filesystem::exists(std::filesystem::path(directory) / name)) return name;
    return {};
}

bool fashionMnistAvailable(const std::string& directory) {
    return missingFashionMnistFile(directory).empty();
}

TrainTestSplit loadFashionMnist(const std::string& directory, int trainLimit, int testLimit, ImageSize expected) {
    const std::filesystem::path dir(directory);
    if (const std::string missing = missingFashionMnistFile(directory); !missing.empty())
        throw InputError((dir / missing).string(), "",
                         "Fashion-MNIST file missing (install Debian's dataset-fashion-mnist package, or set "
                         "DFL_FASHION_MNIST to a folder with the four *-ubyte.gz files)");
    TrainTestSplit split;
    const std::tuple<Dataset*, const char*, int> sets[] = {{&split.train, "train", trainLimit}, {&split.test, "t10k", testLimit}};
    // The training and test files decompress on two cores at once.
    runIndexedJobs(2, workerThreads(), [&](size_t i) {
        const auto [set, prefix, limit] = sets[i];
        const std::string images = (dir / (std::string(prefix) + "-images-idx3-ubyte.gz")).string();
        *set = loadIdxDataset(images, (dir / (std::string(prefix) + "-labels-idx1-ubyte.gz")).string(), limit);
        // A model fed images of another size would read past them or train on the wrong input width.
        if (set->height != expected.height || set->width != expected.width)
            throw InputError(images, "dimensions", "images are " + std::to_string(set->height) + "x" +
                                                       std::to_string(set->width) + " but the model takes " +
                                                       std::to_string(expected.height) + "x" +
                                                       std::to_string(expected.width));
    });
    return split;
}

namespace {
// Everything but the pixels: a derived set writes its own, so the original's (tens of megabytes for 30 000 images,
// each page of a fresh copy a fault on a virtual machine) are not copied first only to be overwritten.
Dataset withoutPixels(const Dataset& data) {
    Dataset d;
    d.labels = data.labels;
    d.height = data.height;
    d.width = data.width;
    d.classes = data.classes;
    return d;
}
}  // namespace

Dataset binarisedPixels(const Dataset& data, float threshold) {
    Dataset d = withoutPixels(data);
    d.inputs = data.inputs.unaryExpr([threshold](float p) { return p >= threshold ? 1.0f : -1.0f; });
    return d;
}

Dataset averagePooled(const Dataset& data, int factor) {
    if (factor <= 1) return data;
    Dataset d = withoutPixels(data);
    d.height = data.height / factor;
    d.width = data.width / factor;
    d.inputs.resize(d.height * d.width, data.size());
    const float scale = 1.0f / float(factor * factor);
    for (int s = 0; s < data.size(); ++s)
        for (int r = 0; r < d.height; ++r)
            for (int c = 0; c < d.width; ++c) {
                float sum = 0;
                for (int dr = 0; dr < factor; ++dr)
                    for (int dc = 0; dc < factor; ++dc)
                        sum += data.inputs((r * factor + dr) * data.width + c * factor + dc, s);
                d.inputs(r * d.width + c, s) = sum * scale;
            }
    return d;
}

TrainTestSplit standardisedPixels(const TrainTestSplit& data) {
    const Eigen::Index count = data.train.inputs.size();
    if (count == 0) return data;
    const double mean = data.train.inputs.cast<double>().mean();
    const double variance = (data.train.inputs.cast<double>().array() - mean).square().sum() / double(count);
    const double scale = variance > 0 ? 1.0 / std::sqrt(variance) : 1.0;
    TrainTestSplit out = data;
    for (Dataset* d : {&out.train, &out.test})
        d->inputs = ((d->inputs.cast<double>().array() - mean) * scale).cast<float>().matrix();
    return out;
}

}  // namespace dfl
