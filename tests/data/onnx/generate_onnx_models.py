#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Writes the small ONNX test graphs next to this script, with Debian's python3-onnx (onnx.helper).

The .onnx files are committed, so the tests need no Python; re-run this script (Debian's /usr/bin/python3 has onnx; apt-get install python3-onnx)
after changing it. Weights are initializers with their dims and no data: the importer needs shapes only, and the
files stay a few kilobytes even for VGG16 (138,357,544 parameters).

  every-operator.onnx   each supported operator at least once (Conv with groups/pads/strides, Gemm, MatMul with a
                        bias Add, both pools, GlobalAveragePool, Relu, Clip, Sigmoid, Tanh, BatchNormalization, a
                        residual Add, Concat, Flatten, Reshape, LRN, Dropout, Softmax); shapes in value_info
  resnet18.onnx         torchvision resnet18's graph, no value_info (the importer infers the shapes); also written
                        to scenarios/onnx/ for scenarios/network-onnx-resnet18.json
  vgg16.onnx            torchvision vgg16's graph, shapes in value_info
  fc-as-conv.onnx       a classifier whose fully connected layer is a convolution covering its whole input
  unsupported-op.onnx   a Resize node: not supported, must be named in the error
  dilated-conv.onnx     a Conv with dilations 2: not supported
  bad-initializer.onnx  a Conv whose weight initializer has the wrong channel count
  wrong-value-info.onnx a Conv whose value_info declares another output plane than its geometry gives
"""

import os

import onnx
from onnx import TensorProto, helper, shape_inference

HERE = os.path.dirname(os.path.abspath(__file__))


class Graph:
    """Builds a graph node by node; each add returns the name of the node's output tensor."""

    def __init__(self, name, input_shape):
        self.name = name
        self.nodes, self.initializers = [], []
        self.input = helper.make_tensor_value_info("input", TensorProto.FLOAT, ["N"] + list(input_shape))

    def weight(self, name, dims):
        t = TensorProto()  # dims only, no data: a zero-size initializer
        t.name, t.data_type = name, TensorProto.FLOAT
        t.dims.extend(dims)
        self.initializers.append(t)
        return name

    def node(self, op, inputs, name, **attrs):
        self.nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def conv(self, x, name, cin, cout, k, stride=1, pad=0, groups=1, bias=True, **attrs):
        inputs = [x, self.weight(name + ".weight", [cout, cin // groups, k, k])]
        if bias:
            inputs.append(self.weight(name + ".bias", [cout]))
        return self.node("Conv", inputs, name, kernel_shape=[k, k], strides=[stride, stride],
                         pads=[pad] * 4, group=groups, **attrs)

    def bn(self, x, name, c):
        ws = [self.weight(name + "." + p, [c]) for p in ("weight", "bias", "running_mean", "running_var")]
        return self.node("BatchNormalization", [x] + ws, name)

    def gemm(self, x, name, nin, nout):
        return self.node("Gemm", [x, self.weight(name + ".weight", [nout, nin]), self.weight(name + ".bias", [nout])],
                         name, transB=1)

    def save(self, filename, infer_shapes, output_shape, directory=HERE):
        output = helper.make_tensor_value_info(self.nodes[-1].output[0], TensorProto.FLOAT, ["N"] + output_shape)
        graph = helper.make_graph(self.nodes, self.name, [self.input], [output], self.initializers)
        model = helper.make_model(graph, producer_name="dataflow-lab tests/data/onnx/generate_onnx_models.py",
                                  opset_imports=[helper.make_opsetid("", 13)])
        if infer_shapes:
            model = shape_inference.infer_shapes(model)
        onnx.save(model, os.path.join(directory, filename))


def every_operator():
    g = Graph("every-operator", [3, 32, 32])
    x = g.conv("input", "conv1", 3, 16, 3, stride=1, pad=1)
    x = g.bn(x, "bn1", 16)
    x = g.node("Relu", [x], "relu1")
    x = g.node("LRN", [x], "lrn1", size=5)
    x = g.node("MaxPool", [x], "pool1", kernel_shape=[3, 3], strides=[2, 2], pads=[0, 0, 0, 0], ceil_mode=1)
    skip = x  # 16x16x16
    y = g.conv(x, "conv2", 16, 16, 3, pad=1, groups=4, bias=False)
    y = g.node("Clip", [y], "clip2")
    x = g.node("Add", [y, skip], "residual")
    a = g.conv(x, "branch_a", 16, 8, 1)
    a = g.node("Sigmoid", [a], "sigmoid_a")
    b = g.conv(x, "branch_b", 16, 8, 5, pad=2)
    b = g.node("Tanh", [b], "tanh_b")
    x = g.node("Concat", [a, b], "concat", axis=1)
    x = g.node("AveragePool", [x], "pool2", kernel_shape=[2, 2], strides=[2, 2])
    x = g.conv(x, "conv3", 16, 32, 3, stride=2, pad=1)
    x = g.node("GlobalAveragePool", [x], "gap")
    x = g.node("Flatten", [x], "flatten", axis=1)
    x = g.gemm(x, "fc1", 32, 24)
    x = g.node("Dropout", [x], "drop1")
    g.initializers.append(helper.make_tensor("reshape.shape", TensorProto.INT64, [2], [-1, 24]))
    x = g.node("Reshape", [x, "reshape.shape"], "reshape")
    x = g.node("MatMul", [x, g.weight("fc2.weight", [24, 10])], "fc2")
    x = g.node("Add", [x, g.weight("fc2.bias", [10])], "fc2.bias_add")
    g.node("Softmax", [x], "softmax", axis=1)
    g.save("every-operator.onnx", True, [10])


def resnet18():
    g = Graph("resnet18", [3, 224, 224])
    x = g.conv("input", "conv1", 3, 64, 7, stride=2, pad=3, bias=False)
    x = g.node("Relu", [g.bn(x, "bn1", 64)], "relu")
    x = g.node("MaxPool", [x], "maxpool", kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    cin = 64
    for stage, cout in enumerate([64, 128, 256, 512], start=1):
        for block in range(2):
            p = "layer%d.%d" % (stage, block)
            stride = 2 if block == 0 and stage > 1 else 1
            y = g.conv(x, p + ".conv1", cin, cout, 3, stride=stride, pad=1, bias=False)
            y = g.node("Relu", [g.bn(y, p + ".bn1", cout)], p + ".relu1")
            y = g.bn(g.conv(y, p + ".conv2", cout, cout, 3, pad=1, bias=False), p + ".bn2", cout)
            skip = x
            if stride != 1 or cin != cout:
                skip = g.bn(g.conv(x, p + ".downsample.0", cin, cout, 1, stride=stride, bias=False),
                            p + ".downsample.1", cout)
            x = g.node("Relu", [g.node("Add", [y, skip], p + ".add")], p + ".relu")
            cin = cout
    x = g.node("Flatten", [g.node("GlobalAveragePool", [x], "avgpool")], "flatten")
    g.node("Softmax", [g.gemm(x, "fc", 512, 1000)], "loss", axis=1)
    g.save("resnet18.onnx", False, [1000])
    g.save("resnet18.onnx", False, [1000], os.path.join(HERE, "..", "..", "..", "scenarios", "onnx"))


def vgg16():
    g = Graph("vgg16", [3, 224, 224])
    x, cin = "input", 3
    for block, (cout, convs) in enumerate([(64, 2), (128, 2), (256, 3), (512, 3), (512, 3)], start=1):
        for i in range(1, convs + 1):
            x = g.node("Relu", [g.conv(x, "conv%d_%d" % (block, i), cin, cout, 3, pad=1)], "relu%d_%d" % (block, i))
            cin = cout
        x = g.node("MaxPool", [x], "pool%d" % block, kernel_shape=[2, 2], strides=[2, 2])
    x = g.node("Flatten", [x], "flatten")
    for i, (nin, nout) in enumerate([(25088, 4096), (4096, 4096)], start=6):
        x = g.node("Dropout", [g.node("Relu", [g.gemm(x, "fc%d" % i, nin, nout)], "relu%d" % i)], "drop%d" % i)
    g.node("Softmax", [g.gemm(x, "fc8", 4096, 1000)], "loss", axis=1)
    g.save("vgg16.onnx", True, [1000])


def fc_as_conv():
    g = Graph("fc-as-conv", [3, 28, 28])
    x = g.node("Relu", [g.conv("input", "conv1", 3, 16, 5, stride=1, pad=0)], "relu1")  # 16x24x24
    x = g.conv(x, "fc2", 16, 10, 24)  # kernel = input, no padding: 1x1 output, a fully connected layer
    g.node("Softmax", [g.node("Flatten", [x], "flatten")], "loss", axis=1)
    g.save("fc-as-conv.onnx", True, [10])


def unsupported_op():
    g = Graph("unsupported-op", [3, 8, 8])
    x = g.conv("input", "conv1", 3, 4, 3, pad=1)
    g.initializers.append(helper.make_tensor("scales", TensorProto.FLOAT, [4], [1, 1, 2, 2]))
    g.node("Resize", [x, "", "scales"], "upsample", mode="nearest")
    g.save("unsupported-op.onnx", False, [4, 16, 16])


def dilated_conv():
    g = Graph("dilated-conv", [3, 16, 16])
    g.conv("input", "conv_dilated", 3, 4, 3, pad=2, dilations=[2, 2])
    g.save("dilated-conv.onnx", False, [4, 16, 16])


def bad_initializer():
    g = Graph("bad-initializer", [3, 16, 16])
    x = g.conv("input", "conv1", 3, 8, 3)
    g.nodes.append(helper.make_node("Conv", [x, g.weight("conv2.weight", [8, 5, 3, 3])], ["conv2"], name="conv2",
                                    kernel_shape=[3, 3]))
    g.save("bad-initializer.onnx", False, [8, 12, 12])


def wrong_value_info():
    g = Graph("wrong-value-info", [3, 32, 32])
    g.conv("input", "conv1", 3, 4, 3, pad=1)
    g.node("Relu", ["conv1"], "relu1")
    model_value_info = helper.make_tensor_value_info("conv1", TensorProto.FLOAT, ["N", 4, 30, 30])
    output = helper.make_tensor_value_info("relu1", TensorProto.FLOAT, ["N", 4, 32, 32])
    graph = helper.make_graph(g.nodes, g.name, [g.input], [output], g.initializers, value_info=[model_value_info])
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]),
              os.path.join(HERE, "wrong-value-info.onnx"))


if __name__ == "__main__":
    every_operator()
    resnet18()
    vgg16()
    fc_as_conv()
    unsupported_op()
    dilated_conv()
    bad_initializer()
    wrong_value_info()
