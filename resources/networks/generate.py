#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generator of the built-in network JSON files in this folder (run: python3 generate.py).

The files are committed; this script only documents how they were made and regenerates them after a
format change. Layer names follow the papers and frameworks so scenarios can refer to them:
AlexNet / VGG-F use Caffe's conv1..conv5, fc6..fc8; VGG uses conv<block>_<n>; ResNet uses torchvision's
module paths (layer1.0.conv1, layer1.0.downsample.0, ...). Parameter counts include biases and the
two trained batch-norm vectors (scale, shift) per channel, as the frameworks count them.
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, description, source, input_shape, layers):
    lines = ['{', f'  "name": {json.dumps(name)},', f'  "description": {json.dumps(description)},',
             f'  "source": {json.dumps(source)},', f'  "input": {json.dumps(input_shape)},', '  "layers": [']
    for i, layer in enumerate(layers):
        lines.append('    ' + json.dumps(layer, separators=(', ', ': ')) + (',' if i + 1 < len(layers) else ''))
    lines += ['  ]', '}']
    with open(os.path.join(HERE, name + '.json'), 'w') as f:
        f.write('\n'.join(lines) + '\n')


def alexnet(single):
    g = {} if single else {"groups": 2}
    return [
        {"name": "conv1", "type": "conv", "out": 96, "kernel": 11, "stride": 4},
        {"name": "relu1", "type": "relu"},
        {"name": "norm1", "type": "lrn", "size": 5},
        {"name": "pool1", "type": "maxpool", "kernel": 3, "stride": 2, "ceil": True},
        {"name": "conv2", "type": "conv", "out": 256, "kernel": 5, "pad": 2, **g},
        {"name": "relu2", "type": "relu"},
        {"name": "norm2", "type": "lrn", "size": 5},
        {"name": "pool2", "type": "maxpool", "kernel": 3, "stride": 2, "ceil": True},
        {"name": "conv3", "type": "conv", "out": 384, "kernel": 3, "pad": 1},
        {"name": "relu3", "type": "relu"},
        {"name": "conv4", "type": "conv", "out": 384, "kernel": 3, "pad": 1, **g},
        {"name": "relu4", "type": "relu"},
        {"name": "conv5", "type": "conv", "out": 256, "kernel": 3, "pad": 1, **g},
        {"name": "relu5", "type": "relu"},
        {"name": "pool5", "type": "maxpool", "kernel": 3, "stride": 2, "ceil": True},
    ] + classifier()


def classifier():
    return [
        {"name": "fc6", "type": "fc", "out": 4096},
        {"name": "relu6", "type": "relu"},
        {"name": "drop6", "type": "dropout"},
        {"name": "fc7", "type": "fc", "out": 4096},
        {"name": "relu7", "type": "relu"},
        {"name": "drop7", "type": "dropout"},
        {"name": "fc8", "type": "fc", "out": 1000},
        {"name": "loss", "type": "softmaxloss"},
    ]


def vgg_f():
    return [
        {"name": "conv1", "type": "conv", "out": 64, "kernel": 11, "stride": 4},
        {"name": "relu1", "type": "relu"},
        {"name": "norm1", "type": "lrn", "size": 5},
        {"name": "pool1", "type": "maxpool", "kernel": 3, "stride": 2, "pad": [0, 1, 0, 1]},
        {"name": "conv2", "type": "conv", "out": 256, "kernel": 5, "pad": 2},
        {"name": "relu2", "type": "relu"},
        {"name": "norm2", "type": "lrn", "size": 5},
        {"name": "pool2", "type": "maxpool", "kernel": 3, "stride": 2},
        {"name": "conv3", "type": "conv", "out": 256, "kernel": 3, "pad": 1},
        {"name": "relu3", "type": "relu"},
        {"name": "conv4", "type": "conv", "out": 256, "kernel": 3, "pad": 1},
        {"name": "relu4", "type": "relu"},
        {"name": "conv5", "type": "conv", "out": 256, "kernel": 3, "pad": 1},
        {"name": "relu5", "type": "relu"},
        {"name": "pool5", "type": "maxpool", "kernel": 3, "stride": 2},
    ] + classifier()


def vgg(blocks):
    layers = []
    channels = [64, 128, 256, 512, 512]
    for b, (n, c) in enumerate(zip(blocks, channels), start=1):
        for i in range(1, n + 1):
            layers.append({"name": f"conv{b}_{i}", "type": "conv", "out": c, "kernel": 3, "pad": 1})
            layers.append({"name": f"relu{b}_{i}", "type": "relu"})
        layers.append({"name": f"pool{b}", "type": "maxpool", "kernel": 2, "stride": 2})
    return layers + classifier()


def resnet(blocks, bottleneck):
    layers = [
        {"name": "conv1", "type": "conv", "out": 64, "kernel": 7, "stride": 2, "pad": 3, "bias": False},
        {"name": "bn1", "type": "batchnorm"},
        {"name": "relu", "type": "relu"},
        {"name": "maxpool", "type": "maxpool", "kernel": 3, "stride": 2, "pad": 1},
    ]
    expansion = 4 if bottleneck else 1
    in_channels = 64
    block_input = "maxpool"
    for stage, (n, width) in enumerate(zip(blocks, [64, 128, 256, 512]), start=1):
        for b in range(n):
            p = f"layer{stage}.{b}."
            stride = 2 if (b == 0 and stage > 1) else 1
            out = width * expansion

            def conv(name, c, k, s=1):
                return {"name": p + name, "type": "conv", "out": c, "kernel": k,
                        **({"stride": s} if s != 1 else {}), **({"pad": k // 2} if k > 1 else {}), "bias": False}

            if bottleneck:  # torchvision v1.5: the stride sits on the 3x3 convolution
                convs = [conv("conv1", width, 1), conv("conv2", width, 3, stride), conv("conv3", out, 1)]
            else:
                convs = [conv("conv1", width, 3, stride), conv("conv2", width, 3)]
            for i, c in enumerate(convs, start=1):
                layers.append(c)
                layers.append({"name": p + f"bn{i}", "type": "batchnorm"})
                if i < len(convs):
                    layers.append({"name": p + f"relu{i}", "type": "relu"})
            main_out = p + f"bn{len(convs)}"
            if stride != 1 or in_channels != out:
                layers.append({"name": p + "downsample.0", "type": "conv", "out": out, "kernel": 1,
                               **({"stride": stride} if stride != 1 else {}), "bias": False, "from": block_input})
                layers.append({"name": p + "downsample.1", "type": "batchnorm"})
                layers.append({"name": p + "add", "type": "add", "add": main_out})
            else:  # identity shortcut: the add's input is the main path, the block input is added to it
                layers.append({"name": p + "add", "type": "add", "add": block_input})
            layers.append({"name": p + "relu", "type": "relu"})
            block_input = p + "relu"
            in_channels = out
    layers += [
        {"name": "avgpool", "type": "globalavgpool"},
        {"name": "fc", "type": "fc", "out": 1000},
        {"name": "loss", "type": "softmaxloss"},
    ]
    return layers


def fashion_cnn():
    layers = []
    for i, out in enumerate([8, 8, 8, 16, 16, 16], start=1):
        layers += [{"name": f"conv{i}", "type": "conv", "out": out, "kernel": 3, "pad": 1}, {"name": f"relu{i}", "type": "relu"}]
        if i in (1, 3):
            layers.append({"name": f"pool{i}", "type": "maxpool", "kernel": 2, "stride": 2})
    return layers + [{"name": "fc7", "type": "fc", "out": 32}, {"name": "relu7", "type": "relu"},
                     {"name": "fc8", "type": "fc", "out": 10}, {"name": "loss", "type": "softmaxloss"}]


def mnist_cnn():
    return [
        {"name": "conv1", "type": "conv", "out": 8, "kernel": 5},
        {"name": "relu1", "type": "relu"},
        {"name": "pool1", "type": "maxpool", "kernel": 2, "stride": 2},
        {"name": "conv2", "type": "conv", "out": 16, "kernel": 5},
        {"name": "relu2", "type": "relu"},
        {"name": "pool2", "type": "maxpool", "kernel": 2, "stride": 2},
        {"name": "fc3", "type": "fc", "out": 10},
        {"name": "loss", "type": "softmaxloss"},
    ]


def inception_v3():
    """torchvision Inception v3 without the auxiliary classifier. Every BasicConv2d is conv (no bias) + batch
    norm + ReLU with torchvision's module paths. The network format has no concatenation, so each block's
    branches are parallel chains: a branch head reads the block input via "from" when that is one layer (the
    stem's last pool, a split inside Mixed_7b/7c) and otherwise via an explicit "input" shape holding the
    concatenated width the block would receive. Convolution shapes, parameters and MACs are torchvision's;
    only the concatenations (pure data movement) are missing."""
    layers = []

    def basic(name, out, k, s=1, p=0, **src):
        layers.append({"name": name + ".conv", "type": "conv", "out": out, "kernel": k,
                       **({"stride": s} if s != 1 else {}), **({"pad": p} if p != 0 else {}), "bias": False, **src})
        layers.append({"name": name + ".bn", "type": "batchnorm"})
        layers.append({"name": name + ".relu", "type": "relu"})
        return name + ".relu"

    basic("Conv2d_1a_3x3", 32, 3, 2)
    basic("Conv2d_2a_3x3", 32, 3)
    basic("Conv2d_2b_3x3", 64, 3, 1, 1)
    layers.append({"name": "maxpool1", "type": "maxpool", "kernel": 3, "stride": 2})
    basic("Conv2d_3b_1x1", 80, 1)
    basic("Conv2d_4a_3x3", 192, 3)
    layers.append({"name": "maxpool2", "type": "maxpool", "kernel": 3, "stride": 2})

    # The block input: {"from": layer} while it is one layer, {"input": [C, H, W]} once it is a concatenation.
    src = {"from": "maxpool2"}
    c, hw = 192, 35

    def concat(width, size):
        return {"input": [width, size, size]}

    for name, pool_features in [("Mixed_5b", 32), ("Mixed_5c", 64), ("Mixed_5d", 64)]:  # InceptionA
        basic(name + ".branch1x1", 64, 1, **src)
        basic(name + ".branch5x5_1", 48, 1, **src)
        basic(name + ".branch5x5_2", 64, 5, 1, 2)
        basic(name + ".branch3x3dbl_1", 64, 1, **src)
        basic(name + ".branch3x3dbl_2", 96, 3, 1, 1)
        basic(name + ".branch3x3dbl_3", 96, 3, 1, 1)
        layers.append({"name": name + ".avg_pool", "type": "avgpool", "kernel": 3, "stride": 1, "pad": 1, **src})
        basic(name + ".branch_pool", pool_features, 1)
        c = 64 + 64 + 96 + pool_features
        src = concat(c, hw)

    name = "Mixed_6a"  # InceptionB: grid 35 -> 17
    basic(name + ".branch3x3", 384, 3, 2, **src)
    basic(name + ".branch3x3dbl_1", 64, 1, **src)
    basic(name + ".branch3x3dbl_2", 96, 3, 1, 1)
    basic(name + ".branch3x3dbl_3", 96, 3, 2)
    layers.append({"name": name + ".max_pool", "type": "maxpool", "kernel": 3, "stride": 2, **src})
    c, hw = 384 + 96 + c, 17
    src = concat(c, hw)

    for name, c7 in [("Mixed_6b", 128), ("Mixed_6c", 160), ("Mixed_6d", 160), ("Mixed_6e", 192)]:  # InceptionC
        basic(name + ".branch1x1", 192, 1, **src)
        basic(name + ".branch7x7_1", c7, 1, **src)
        basic(name + ".branch7x7_2", c7, [1, 7], 1, [0, 3])
        basic(name + ".branch7x7_3", 192, [7, 1], 1, [3, 0])
        basic(name + ".branch7x7dbl_1", c7, 1, **src)
        basic(name + ".branch7x7dbl_2", c7, [7, 1], 1, [3, 0])
        basic(name + ".branch7x7dbl_3", c7, [1, 7], 1, [0, 3])
        basic(name + ".branch7x7dbl_4", c7, [7, 1], 1, [3, 0])
        basic(name + ".branch7x7dbl_5", 192, [1, 7], 1, [0, 3])
        layers.append({"name": name + ".avg_pool", "type": "avgpool", "kernel": 3, "stride": 1, "pad": 1, **src})
        basic(name + ".branch_pool", 192, 1)
        c = 4 * 192
        src = concat(c, hw)

    name = "Mixed_7a"  # InceptionD: grid 17 -> 8
    basic(name + ".branch3x3_1", 192, 1, **src)
    basic(name + ".branch3x3_2", 320, 3, 2)
    basic(name + ".branch7x7x3_1", 192, 1, **src)
    basic(name + ".branch7x7x3_2", 192, [1, 7], 1, [0, 3])
    basic(name + ".branch7x7x3_3", 192, [7, 1], 1, [3, 0])
    basic(name + ".branch7x7x3_4", 192, 3, 2)
    layers.append({"name": name + ".max_pool", "type": "maxpool", "kernel": 3, "stride": 2, **src})
    c, hw = 320 + 192 + c, 8
    src = concat(c, hw)

    for name in ["Mixed_7b", "Mixed_7c"]:  # InceptionE: the 1x3 and 3x1 convolutions both read the split point
        basic(name + ".branch1x1", 320, 1, **src)
        split = basic(name + ".branch3x3_1", 384, 1, **src)
        basic(name + ".branch3x3_2a", 384, [1, 3], 1, [0, 1], **{"from": split})
        basic(name + ".branch3x3_2b", 384, [3, 1], 1, [1, 0], **{"from": split})
        basic(name + ".branch3x3dbl_1", 448, 1, **src)
        split = basic(name + ".branch3x3dbl_2", 384, 3, 1, 1)
        basic(name + ".branch3x3dbl_3a", 384, [1, 3], 1, [0, 1], **{"from": split})
        basic(name + ".branch3x3dbl_3b", 384, [3, 1], 1, [1, 0], **{"from": split})
        layers.append({"name": name + ".avg_pool", "type": "avgpool", "kernel": 3, "stride": 1, "pad": 1, **src})
        basic(name + ".branch_pool", 192, 1)
        c = 320 + 2 * 384 + 2 * 384 + 192
        src = concat(c, hw)

    layers += [
        {"name": "avgpool", "type": "globalavgpool", **src},
        {"name": "dropout", "type": "dropout"},
        {"name": "fc", "type": "fc", "out": 1000},
        {"name": "loss", "type": "softmaxloss"},
    ]
    return layers


def mlp(width, depth):
    layers = []
    for i in range(1, depth + 1):
        layers.append({"name": f"fc{i}", "type": "fc", "out": width})
        if i < depth:
            layers.append({"name": f"relu{i}", "type": "relu"})
    return layers + [{"name": "loss", "type": "softmaxloss"}]


if __name__ == "__main__":
    write("alexnet", "AlexNet as in Caffe's bvlc_alexnet: two towers (groups 2 in conv2, conv4, conv5), LRN, "
          "ceil-mode max pooling; 60,965,224 parameters",
          "Krizhevsky, Sutskever, Hinton, NIPS 2012; Caffe models/bvlc_alexnet/train_val.prototxt", [3, 227, 227],
          alexnet(False))
    write("alexnet-single", "AlexNet with one tower (no groups), otherwise as bvlc_alexnet; 62,378,344 parameters",
          "Krizhevsky et al. 2012, single-GPU variant of Caffe bvlc_alexnet", [3, 227, 227], alexnet(True))
    write("vgg-f", "VGG-F (fast): AlexNet-like, 64 conv1 filters, asymmetric pool1 padding; 60,834,536 parameters",
          "Chatfield, Simonyan, Vedaldi, Zisserman, BMVC 2014; MatConvNet imagenet-vgg-f", [3, 224, 224], vgg_f())
    write("vgg16", "VGG-16 (configuration D); 138,357,544 parameters, 15.47 GMAC forward per sample",
          "Simonyan, Zisserman, ICLR 2015; torchvision vgg16", [3, 224, 224], vgg([2, 2, 3, 3, 3]))
    write("vgg19", "VGG-19 (configuration E); 143,667,240 parameters",
          "Simonyan, Zisserman, ICLR 2015; torchvision vgg19", [3, 224, 224], vgg([2, 2, 4, 4, 4]))
    write("resnet18", "ResNet-18 with batch norm and residual adds (downsample convolutions read the block input "
          "via \"from\"); 11,689,512 parameters, 1.82 GMAC forward per sample",
          "He, Zhang, Ren, Sun, CVPR 2016; torchvision resnet18", [3, 224, 224], resnet([2, 2, 2, 2], False))
    write("resnet152", "ResNet-152 with bottleneck blocks (stride on the 3x3 convolution, torchvision v1.5); "
          "60,192,808 parameters", "He et al., CVPR 2016; torchvision resnet152", [3, 224, 224],
          resnet([3, 8, 36, 3], True))
    write("mnist-cnn", "Small LeNet-like CNN for MNIST: conv 8 5x5, max pool 2, conv 16 5x5, max pool 2, fc 10; "
          "5,994 parameters", "Dataflow Lab teaching example", [1, 28, 28], mnist_cnn())
    write("fashion-cnn", "The convergence lessons' CNN for Fashion-MNIST: six 3x3 convolutions (8, 8, 8, 16, 16, 16 channels) with two max pools, fc 32, fc 10; 8 weight layers",
          "Dataflow Lab teaching example (the convergence module trains it; the tdnn module's LOGNET study quantises it)", [1, 28, 28], fashion_cnn())
    write("inception-v3", "Inception v3 as torchvision's inception_v3 without the auxiliary classifier (299x299 input, "
          "BasicConv2d = conv without bias + batch norm + ReLU); 23,834,568 parameters and 5.71 GMAC forward per "
          "sample, as torchvision. Approximation: the format has no concatenation, so each Inception block's branches "
          "are parallel chains whose heads read the block input via \"from\" when it is one layer, else via an "
          "explicit \"input\" shape with the concatenated width (e.g. [256, 35, 35] after Mixed_5b); the "
          "concatenations themselves (data movement only, no parameters or MACs) are not layers",
          "Szegedy, Vanhoucke, Ioffe, Shlens, Wojna, CVPR 2016; torchvision inception_v3 (aux_logits off)",
          [3, 299, 299], inception_v3())
    write("mlp", "MLP0-sized multilayer perceptron: 5 fully connected layers of 2000 with ReLU, 20,010,000 parameters. "
          "The TPU paper gives MLP0 as 5 FC layers with 20 M weights but not its widths; uniform 2000 is assumed",
          "Jouppi et al., ISCA 2017, Table 1 (MLP0), as cited by NeuroTrainer's Figure 16", [2000, 1, 1], mlp(2000, 5))
