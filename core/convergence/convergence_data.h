// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Fashion-MNIST subsets, loaded once per (directory, sizes) for the life of the process: the GUI rebuilds the model
// on every parameter edit and must not re-read 30 MB of gzip each time. Pixels are standardised with the training
// subset's mean and standard deviation (standardisedPixels).

#include "core/training/dataset.h"

#include <memory>
#include <string>

namespace dfl {

// Throws InputError(file, "params.data_dir", …) when the files are missing, or the loader's InputError naming the
// IDX file when one is malformed.
std::shared_ptr<const TrainTestSplit> fashionMnistSubset(const std::string& directory, int trainSamples,
                                                         int testSamples, const std::string& file);

}  // namespace dfl
