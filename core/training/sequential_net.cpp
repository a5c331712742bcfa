// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/training/sequential_net.h"

#include "core/training/softmax_cross_entropy.h"

#include <malloc.h>

// OpenBLAS (Eigen's products go there, see CMakeLists.txt). Debian selects the serial, pthread or OpenMP build
// through alternatives; any of them keeps one thread per call after this, so a run's arithmetic is in a fixed order
// whichever is installed, and independent runs use the cores instead.
extern "C" void openblas_set_num_threads(int threads);

namespace dfl {

namespace {
const bool singleThreadedBlas = [] {
    openblas_set_num_threads(1);
    // Every layer's output and gradient is a new matrix of up to tens of megabytes per mini-batch. Above glibc's
    // default thresholds each would be a fresh mmap, zeroed page by page by the kernel and unmapped again (a third
    // of the run time on a virtual machine); from the heap, kept after free, they are reused.
    mallopt(M_MMAP_THRESHOLD, 256 << 20);
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    return true;
}();
}  // namespace

TrainingLayer& SequentialNet::add(LayerPtr layer) {
    layer->setInputGradientNeeded(!layers_.empty());  // the first layer's input gradient would feed nothing
    layers_.push_back(std::move(layer));
    return *layers_.back();
}

Matrix SequentialNet::forward(const Matrix& input, bool training) {
    Matrix x = input;
    for (auto& layer : layers_) x = layer->forward(std::move(x), training);
    return x;
}

void SequentialNet::backward(const Matrix& lossGradient) {
    Matrix g = lossGradient;
    for (auto it = layers_.rbegin(); it != layers_.rend(); ++it) g = (*it)->backward(std::move(g));
}

std::vector<ParamSlot> SequentialNet::params() {
    std::vector<ParamSlot> all;
    for (auto& layer : layers_)
        for (const ParamSlot& p : layer->params()) all.push_back(p);
    return all;
}

void SequentialNet::afterUpdate() {
    for (auto& layer : layers_) layer->afterUpdate();
}

Matrix SequentialNet::scores(const Matrix& inputs, int chunk) {
    Matrix all;
    for (int first = 0; first < inputs.cols(); first += chunk) {
        const int n = std::min<int>(chunk, int(inputs.cols()) - first);
        Matrix part = forward(inputs.middleCols(first, n), false);
        if (all.size() == 0) all.resize(part.rows(), inputs.cols());
        all.middleCols(first, n) = part;
    }
    return all;
}

std::vector<int> SequentialNet::predict(const Matrix& inputs) { return argmaxPerColumn(scores(inputs)); }

double SequentialNet::accuracy(const Dataset& data) { return fractionCorrect(predict(data.inputs), data.labels); }

double fractionCorrect(const std::vector<int>& predictions, const std::vector<int>& labels) {
    if (labels.empty()) return 0;
    std::size_t correct = 0;
    for (std::size_t i = 0; i < labels.size(); ++i) correct += predictions[i] == labels[i];
    return double(correct) / double(labels.size());
}

}  // namespace dfl
