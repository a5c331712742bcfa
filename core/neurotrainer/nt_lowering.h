// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// From a network to the machine's ops (Section 3.2 and 4 of NeuroTrainer): every layer of a training step mapped onto
// the vaults and PEs, with the data preparation where the layout changes.
//
// Every MAC layer becomes a GEMM per PE, Y[M×N] += A[M×K]·B[K×N]: A streams through BUF Input 1 one word per
// cycle (two 16-bit rows, or one 32-bit row), B sits in BUF Input 2 with the k MAC lanes across N.
//   Conv-FF   A = kernels (duplicated in every vault), B = the PE's strip of input rows, lanes over positions
//   Conv-BP   A = transposed kernels, B = dY strip; stride phases skip the zeros of the transposed convolution
//   Conv-UP   lowered to a matrix product (dW = dY·X_lowered), contraction over the PE's positions; the partial
//             dW of each PE is merged (summed) into the common vault
//   FC-FF/BP  rows of W (FF) or of W^T (BP) partitioned across PEs, input (or dY) broadcast from the common
//             vault, lanes over the batch; each PE's outputs merged into the common vault when its block is done
//   FC-UP     vector outer products per sample (h rows × N_MAC lanes per block), no reuse, dW to the own vault

#include "core/network/network.h"
#include "core/neurotrainer/nt_machine.h"
#include "core/neurotrainer/nt_op.h"

#include <vector>

namespace dfl::nt {

struct LoweringOptions {
    bool training = true;             // FF only when false (inference)
    bool backpropFirstLayer = true;   // the paper's Figure 13 reports C1 BP, so by default it is computed
};

std::vector<Op> lowerNetwork(const Network& network, const Machine& machine, const LoweringOptions& options);

}  // namespace dfl::nt
