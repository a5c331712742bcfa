// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Labelled images as one matrix: features × samples (one column per sample, as the layers expect), pixels
// scaled to [0, 1]. Loaded from IDX pairs (images + labels) whose counts and label range are checked.

#include <Eigen/Dense>

#include <string>
#include <vector>

namespace dfl {

struct Dataset {
    Eigen::MatrixXf inputs;   // (height·width) × samples
    std::vector<int> labels;  // one per sample, in [0, classes)
    int height = 0, width = 0;
    int classes = 10;

    int size() const { return int(labels.size()); }
    int features() const { return int(inputs.rows()); }
    Dataset first(int count) const;  // the first min(count, size) samples (count < 0: all)
};

// Images (3 dims: n, rows, cols) and labels (1 dim: n) in IDX format; `limit` ≥ 0 keeps the first `limit`.
Dataset loadIdxDataset(const std::string& imagesPath, const std::string& labelsPath, int limit = -1, int classes = 10);

// The image size the models take (both the convergence networks' 1x28x28 input and the tdnn's 784-input MLP).
struct ImageSize {
    int height = 28, width = 28;
};

struct TrainTestSplit {
    Dataset train, test;
};

// Fashion-MNIST as installed by Debian's dataset-fashion-mnist package (DFL_FASHION_MNIST env overrides).
std::string fashionMnistDirectory();
bool fashionMnistAvailable(const std::string& directory = fashionMnistDirectory());
// The first of the four files missing from `directory` ("" when all are there), for an error that names it.
std::string missingFashionMnistFile(const std::string& directory);
// Throws InputError naming the missing file, or an images file whose size is not `expected` (the model's input).
TrainTestSplit loadFashionMnist(const std::string& directory, int trainLimit = -1, int testLimit = -1,
                                ImageSize expected = {});

// ±1 pixels: +1 where the pixel is at least `threshold` (the binarised network's input encoding).
Dataset binarisedPixels(const Dataset& data, float threshold);
// Pixels shifted and scaled by the training set's mean and standard deviation (one pair for all pixels), applied
// to both sets: zero-mean inputs keep the first layer's ReLUs from starting mostly on or off, the usual
// preprocessing for SGD on image data. The test set never contributes to the statistics.
TrainTestSplit standardisedPixels(const TrainTestSplit& data);
// Averages factor×factor blocks (a smaller image, hence a shorter delay chain per neuron).
Dataset averagePooled(const Dataset& data, int factor);

}  // namespace dfl
