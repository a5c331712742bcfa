// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/cgra/cgra_config.h"

#include "core/network/fc_equivalence.h"
#include "core/sim/input_error.h"

#include <algorithm>

namespace dfl::cgra {

std::string CgraLayer::shapeText() const {
    if (!isConv()) return std::to_string(ni) + "→" + std::to_string(no);
    std::string text = std::to_string(ci * groups) + "→" + std::to_string(co * groups) + ", " +
                       std::to_string(kernel) + "x" + std::to_string(kernel) + "/" + std::to_string(stride) +
                       ", in " + std::to_string(nix) + "x" + std::to_string(niy) + ", out " + std::to_string(nox) +
                       "x" + std::to_string(noy);
    if (groups > 1) text += ", " + std::to_string(groups) + " groups";
    return text;
}

CgraLayer convLayer(std::string name, int ci, int co, int kernel, int stride, int nix, int niy,
                    const std::string& file, const std::string& place) {
    auto fail = [&](const std::string& reason) { throw InputError(file, place, reason); };
    if (ci <= 0 || co <= 0) fail("channel counts must be positive");
    if (kernel <= 0) fail("kernel size H must be positive");
    if (stride <= 0) fail("stride must be positive");
    if (nix <= 0 || niy <= 0) fail("input plane must be positive");
    if (kernel > nix || kernel > niy)
        fail("kernel " + std::to_string(kernel) + "x" + std::to_string(kernel) + " is larger than the input plane " +
             std::to_string(nix) + "x" + std::to_string(niy));
    CgraLayer l;
    l.name = std::move(name);
    l.kind = CgraLayer::Kind::Conv;
    l.ci = ci;
    l.co = co;
    l.kernel = kernel;
    l.stride = stride;
    l.nix = nix;
    l.niy = niy;
    l.nox = (nix - kernel) / stride + 1;
    l.noy = (niy - kernel) / stride + 1;
    return l;
}

CgraLayer fcLayer(std::string name, std::int64_t ni, std::int64_t no) {
    CgraLayer l;
    l.name = std::move(name);
    l.kind = CgraLayer::Kind::FullyConnected;
    l.ni = ni;
    l.no = no;
    return l;
}

CgraLayer cgraLayerFrom(const Layer& layer, const std::string& file, const std::string& place) {
    auto fail = [&](const std::string& reason) { throw InputError(file, place, reason); };
    if (layer.type == LayerType::FullyConnected) return fcLayer(layer.name, layer.input.elements(), layer.outChannels);
    if (isFullyConnectedConvolution(layer)) {  // a convolution over its whole input runs as FC (Eq. (6))
        CgraLayer fc = fcLayer(layer.name, layer.input.elements(), layer.outChannels);
        fc.loweredFromConvolution = true;
        return fc;
    }
    if (layer.type != LayerType::Conv) fail("layer '" + layer.name + "' is neither conv nor fc: the CGRA runs only those");
    if (layer.kernelH != layer.kernelW) fail("layer '" + layer.name + "': the row-wise array needs a square kernel");
    if (layer.strideH != layer.strideW) fail("layer '" + layer.name + "': the row-wise array needs equal strides");
    if (layer.groups <= 0 || layer.input.c % layer.groups || layer.outChannels % layer.groups)
        fail("layer '" + layer.name + "': groups must divide the channel counts");
    const int padW = layer.input.w + layer.pad.left + layer.pad.right;
    const int padH = layer.input.h + layer.pad.top + layer.pad.bottom;
    CgraLayer l = convLayer(layer.name, layer.input.c / layer.groups, layer.outChannels / layer.groups, layer.kernelH,
                            layer.strideH, padW, padH, file, place + " (" + layer.name + ")");
    l.groups = layer.groups;
    // Shape inference is the authority on the output plane (ceil-mode windows may overhang the padded plane;
    // the overhang reads zeros, so the plane the array streams is widened to cover it).
    l.nox = layer.output.w;
    l.noy = layer.output.h;
    l.nix = std::max(padW, (l.nox - 1) * l.stride + l.kernel);
    l.niy = std::max(padH, (l.noy - 1) * l.stride + l.kernel);
    return l;
}

std::string bufferKindName(BufferKind kind) { return kind == BufferKind::MultiPort ? "multiport" : "multibank"; }
std::string fcMappingName(FcMapping mapping) { return mapping == FcMapping::RowBuffers ? "row_buffers" : "weight_bus"; }

}  // namespace dfl::cgra
