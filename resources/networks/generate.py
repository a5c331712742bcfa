#!/usr/bin/env python3
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
