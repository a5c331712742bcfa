// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/tdnn/packed_bits.h"

namespace dfl {

namespace {
std::vector<PackedBits> packRows(const Eigen::MatrixXf& m) {
    const Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows = m;
    std::vector<PackedBits> packed;
    for (int r = 0; r < rows.rows(); ++r) packed.push_back(packPlusMinusOne(rows.row(r).data(), int(rows.cols())));
    return packed;
}
}  // namespace

PackedBnn::PackedBnn(const FoldedBnn& bnn) : scale_(bnn.output.scale), offset_(bnn.output.offset) {
    for (const FoldedBinaryLayer& l : bnn.hidden) hidden_.push_back({packRows(l.weights), l.thresholds});
    outputRows_ = packRows(bnn.output.weights);
}

std::vector<std::vector<int>> PackedBnn::sums(const PackedBits& input) const {
    std::vector<std::vector<int>> all;
    PackedBits x = input;
    for (const Layer& layer : hidden_) {
        std::vector<int> s;
        std::vector<float> fired;
        for (std::size_t j = 0; j < layer.rows.size(); ++j) {
            s.push_back(xnorPopcountDot(layer.rows[j], x));
            fired.push_back(s.back() >= layer.thresholds[j] ? 1.0f : -1.0f);
        }
        all.push_back(std::move(s));
        x = packPlusMinusOne(fired.data(), int(fired.size()));
    }
    std::vector<int> out;
    for (const PackedBits& row : outputRows_) out.push_back(xnorPopcountDot(row, x));
    all.push_back(std::move(out));
    return all;
}

int PackedBnn::predict(const PackedBits& input) const {
    const std::vector<int> out = sums(input).back();
    int best = 0;
    // Same float rounding as outputScores(), so ties resolve identically.
    auto score = [&](int c) { return float(scale_(c) * double(out[std::size_t(c)]) + offset_(c)); };
    for (int c = 1; c < int(out.size()); ++c)
        if (score(c) > score(best)) best = c;
    return best;
}

}  // namespace dfl
