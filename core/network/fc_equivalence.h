// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A convolution whose kernel covers its whole input, without padding, has one output position: it is a fully
// connected layer. SCALE-Sim topology CSVs (which have no FC row) and some ONNX exports write FC layers this way.
// Hardware that maps FC differently from convolution (NeuroTrainer: W's rows across the PEs, the input broadcast;
// the CGRA: Eq. (6)) must run such a layer as what it is, so the modules lower it here before mapping.

#include "core/network/network.h"

#include <string>
#include <vector>

namespace dfl {

// Conv, one group, no padding, kernel = input plane, 1×1 output. Parameters and MACs equal the FC layer's.
bool isFullyConnectedConvolution(const Layer& layer);

struct FcLowering {
    Network network;                   // each such convolution replaced by an fc layer of the same name and outputs
    std::vector<std::string> lowered;  // their names, in network order
};
FcLowering lowerFullyConnectedConvolutions(const Network& network);

// "fc6, fc7 are convolutions over their whole input (kernel = input, no padding, 1×1 output), run as fully
// connected layers"; empty when nothing was lowered. The same sentence in every module's report.
std::string fcLoweringNote(const std::vector<std::string>& lowered);

}  // namespace dfl
