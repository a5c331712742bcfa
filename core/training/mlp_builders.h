// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The two multilayer perceptrons trained here: a float one (dense + ReLU; LOGNET quantises it) and a binarised
// one (binary dense + batch norm + sign; the TDNN evaluates it on delay lines). sizes = {inputs, hidden…, classes}.

#include "core/training/seeded_random.h"
#include "core/training/sequential_net.h"

#include <vector>

namespace dfl {

SequentialNet makeFloatMlp(const std::vector<int>& sizes, SeededRandom& random);

// Every layer binary; each hidden layer is BinaryDense → BatchNorm → Sign, the last BinaryDense → BatchNorm
// (the batch norm scales the integer sums into usable logits).
SequentialNet makeBinarizedMlp(const std::vector<int>& sizes, SeededRandom& random);

}  // namespace dfl
