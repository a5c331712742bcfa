// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The CGRA's configuration (AndoCGRA, Ando et al. 2017) and one layer as the array sees it.
// Symbols follow the paper: Px × Py PEs, T accumulator threads per PE, kernel H × H, stride s,
// input Nix × Niy × Ci, output Nox × Noy × Co, clock f, b bits per word.

#include "core/energy/energy_table.h"
#include "core/network/layer.h"

#include <cstdint>
#include <string>

namespace dfl::cgra {

// How the (Py−1)·s + H row buffers select the row each PE row reads (paper Section 4.1).
enum class BufferKind {
    MultiPort,  // any PE row reads any buffer: each input element is written once
    MultiBank,  // one 1W1R bank per PE row; rows move bank to bank on the loop-back bus (more writes)
};

// How an FC layer's weights reach the PEs.
enum class FcMapping {
    RowBuffers,  // the paper's model, Eq. (6)/(8) and §3.1: PxPy weights preloaded through the individual inputs
                 // (the Py row buffers) in Px cycles per input element
    WeightBus,   // a hypothesis, not the paper's model: one weight word per cycle, the CONV weight rate of §5.5
                 // (Ni·No cycles); the only reading found that comes near the published 380 ms (docs/cgra.md)
};

struct CgraConfig {
    int px = 16, py = 16;
    int threads = 512;  // T
    double frequencyMhz = 200;
    int bits = 16;      // b
    BufferKind buffers = BufferKind::MultiPort;
    FcMapping fcMapping = FcMapping::RowBuffers;
    EnergySelection energy;  // default: horowitz-45nm (the paper publishes no energies)

    int pes() const { return px * py; }
    double bytesPerWord() const { return bits / 8.0; }
};

// One layer in the array's terms. Grouped convolutions run their groups one after another, each as an
// ordinary convolution of ci/groups → co/groups channels. Shapes are of the padded input plane: padding is
// held in external memory like the data (as in SCALE-Sim), so the paper's Nix is the padded width.
struct CgraLayer {
    enum class Kind { Conv, FullyConnected };
    std::string name;
    Kind kind = Kind::Conv;
    // Conv (per group):
    int ci = 1, co = 1;       // channels of one group
    int groups = 1;
    int kernel = 1;           // H
    int stride = 1;           // s
    int nix = 1, niy = 1;     // padded input plane
    int nox = 1, noy = 1;     // output plane
    // FC:
    std::int64_t ni = 0, no = 0;
    bool loweredFromConvolution = false;  // written as a convolution over its whole input (core/network/fc_equivalence.h)

    bool isConv() const { return kind == Kind::Conv; }
    std::string shapeText() const;  // "Ci→Co, HxH/s, in NixxNiy, out NoxxNoy" or "Ni→No"
};

// The layer as the CGRA runs it; throws InputError(file, place, reason) for a layer it cannot run
// (non-square kernel or stride, a kernel larger than the padded input).
CgraLayer cgraLayerFrom(const Layer& layer, const std::string& file, const std::string& place);

// A plain convolution from its parameters (sweeps, tests); the output plane follows from the input,
// kernel and stride (floor mode). Throws InputError when H exceeds the input or a size is not positive.
CgraLayer convLayer(std::string name, int ci, int co, int kernel, int stride, int nix, int niy,
                    const std::string& file = {}, const std::string& place = {});
CgraLayer fcLayer(std::string name, std::int64_t ni, std::int64_t no);

inline std::int64_t ceilDiv(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

std::string bufferKindName(BufferKind kind);
std::string fcMappingName(FcMapping mapping);

}  // namespace dfl::cgra
