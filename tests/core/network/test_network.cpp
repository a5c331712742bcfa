// SPDX-License-Identifier: GPL-3.0-or-later
// Shape inference and accounting: hand-built layers and the built-in networks' published counts.
#include "core/network/network.h"
#include "core/network/network_io.h"
#include "core/sim/input_error.h"

#include <QtTest>

using namespace dfl;

namespace {

Layer conv(std::string name, int out, int k, int stride = 1, int pad = 0, int groups = 1) {
    Layer l;
    l.name = std::move(name);
    l.type = LayerType::Conv;
    l.outChannels = out;
    l.kernelH = l.kernelW = k;
    l.strideH = l.strideW = stride;
    l.pad = {pad, pad, pad, pad};
    l.groups = groups;
    return l;
}

Layer pool(std::string name, int k, int stride, Padding pad = {}, bool ceil = false) {
    Layer l;
    l.name = std::move(name);
    l.type = LayerType::MaxPool;
    l.kernelH = l.kernelW = k;
    l.strideH = l.strideW = stride;
    l.pad = pad;
    l.ceilMode = ceil;
    return l;
}

Layer simple(std::string name, LayerType type) {
    Layer l;
    l.name = std::move(name);
    l.type = type;
    return l;
}

// Runs f, expects an InputError whose message contains every fragment.
template <typename F>
void expectError(F f, std::initializer_list<const char*> fragments) {
    try {
        f();
    } catch (const InputError& e) {
        for (const char* fragment : fragments)
            QVERIFY2(std::string(e.what()).find(fragment) != std::string::npos,
                     qPrintable(QString("\"%1\" lacks \"%2\"").arg(e.what(), fragment)));
        return;
    }
    QFAIL("no InputError thrown");
}

}  // namespace

class TestNetwork : public QObject {
    Q_OBJECT
private slots:
    void typeNamesRoundTrip() {
        for (const std::string& name : layerTypeNames()) {
            auto type = layerTypeFromName(name);
            QVERIFY(type.has_value());
            QCOMPARE(layerTypeName(*type), name);
        }
        QCOMPARE(layerTypeNames().size(), size_t(11));
        QVERIFY(!layerTypeFromName("Conv").has_value());
        QCOMPARE(Shape({96, 55, 55}).text(), std::string("96x55x55"));
    }

    void builtinParams_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<qint64>("params");
        QTest::addColumn<int>("outputs");  // the loss layer's width: classes
        QTest::newRow("alexnet") << "alexnet" << qint64(60'965'224) << 1000;
        QTest::newRow("alexnet-single") << "alexnet-single" << qint64(62'378'344) << 1000;
        QTest::newRow("vgg-f") << "vgg-f" << qint64(60'834'536) << 1000;
        QTest::newRow("vgg16") << "vgg16" << qint64(138'357'544) << 1000;
        QTest::newRow("vgg19") << "vgg19" << qint64(143'667'240) << 1000;
        QTest::newRow("resnet18") << "resnet18" << qint64(11'689'512) << 1000;
        QTest::newRow("resnet152") << "resnet152" << qint64(60'192'808) << 1000;
        QTest::newRow("mnist-cnn") << "mnist-cnn" << qint64(5'994) << 10;
        // torchvision inception_v3: 27,161,264 with the auxiliary classifier, which has 3,326,696.
        QTest::newRow("inception-v3") << "inception-v3" << qint64(27'161'264 - 3'326'696) << 1000;
        QTest::newRow("mlp") << "mlp" << qint64(5 * (2000 * 2000 + 2000)) << 2000;  // MLP0-sized: 5 FC, 20 M weights
    }
    void builtinParams() {
        QFETCH(QString, name);
        QFETCH(qint64, params);
        QFETCH(int, outputs);
        Network net = loadBuiltinNetwork(name.toStdString());
        QCOMPARE(net.name(), name.toStdString());
        QCOMPARE(qint64(net.totalParams()), params);
        QCOMPARE(net.totalBackwardMacs(), 2 * net.totalForwardMacs());  // conv and fc: input and weight gradients
        QCOMPARE(net.layers().back().type, LayerType::SoftmaxLoss);
        QCOMPARE(net.layers().back().output, Shape({outputs, 1, 1}));
    }

    // Inception v3 without concatenation layers: branch heads take the concatenated width as an explicit input,
    // so shapes, parameters and MACs still match torchvision (5.71 GMAC, 23,834,568 parameters without aux).
    void inceptionV3() {
        Network net = loadBuiltinNetwork("inception-v3");
        auto out = [&](const char* n) { return net.layer(net.indexOf(n)).output.text(); };
        auto in = [&](const char* n) { return net.layer(net.indexOf(n)).input.text(); };
        QCOMPARE(out("maxpool2"), std::string("192x35x35"));
        QCOMPARE(in("Mixed_5c.branch1x1.conv"), std::string("256x35x35"));
        QCOMPARE(in("Mixed_6a.branch3x3.conv"), std::string("288x35x35"));
        QCOMPARE(out("Mixed_6a.branch3x3.conv"), std::string("384x17x17"));
        QCOMPARE(out("Mixed_6a.max_pool"), std::string("288x17x17"));
        QCOMPARE(in("Mixed_6b.branch1x1.conv"), std::string("768x17x17"));
        QCOMPARE(out("Mixed_6e.branch7x7dbl_5.conv"), std::string("192x17x17"));
        QCOMPARE(out("Mixed_7a.branch3x3_2.conv"), std::string("320x8x8"));
        QCOMPARE(in("Mixed_7b.branch1x1.conv"), std::string("1280x8x8"));
        QCOMPARE(in("Mixed_7c.branch3x3_2b.conv"), std::string("384x8x8"));  // the split via "from"
        QCOMPARE(in("avgpool"), std::string("2048x8x8"));
        const double macs = double(net.totalForwardMacs());
        QVERIFY2(std::abs(macs / 5.71e9 - 1) < 0.005, qPrintable(QString::number(macs)));
    }

    void forwardMacs() {
        const double vgg16 = double(loadBuiltinNetwork("vgg16").totalForwardMacs());
        QVERIFY2(std::abs(vgg16 / 15.47e9 - 1) < 0.005, qPrintable(QString::number(vgg16)));
        QCOMPARE(loadBuiltinNetwork("resnet18").totalForwardMacs(), std::int64_t(1'814'073'344));
        // AlexNet (Caffe, two towers) is the usual 0.72 GMAC.
        QCOMPARE(loadBuiltinNetwork("alexnet").totalForwardMacs(), std::int64_t(724'406'816));
    }

    void alexnetShapes() {
        Network net = loadBuiltinNetwork("alexnet");
        auto out = [&](const char* n) { return net.layer(net.indexOf(n)).output.text(); };
        QCOMPARE(out("conv1"), std::string("96x55x55"));
        QCOMPARE(out("pool1"), std::string("96x27x27"));
        QCOMPARE(out("conv2"), std::string("256x27x27"));
        QCOMPARE(out("pool2"), std::string("256x13x13"));
        QCOMPARE(out("pool5"), std::string("256x6x6"));
        QCOMPARE(out("fc6"), std::string("4096x1x1"));
        const Layer& conv2 = net.layer(net.indexOf("conv2"));
        QCOMPARE(conv2.groups, 2);
        QCOMPARE(conv2.params, std::int64_t(256 * 48 * 25 + 256));
        QCOMPARE(conv2.forwardMacs, std::int64_t(27 * 27 * 256) * 48 * 25);
        QCOMPARE(net.indexOf("nope"), -1);
    }

    void vggfShapes() {
        Network net = loadBuiltinNetwork("vgg-f");
        auto out = [&](const char* n) { return net.layer(net.indexOf(n)).output.text(); };
        QCOMPARE(out("conv1"), std::string("64x54x54"));
        QCOMPARE(out("pool1"), std::string("64x27x27"));
        QCOMPARE(out("pool2"), std::string("256x13x13"));
        QCOMPARE(out("pool5"), std::string("256x6x6"));
    }

    void resnetResiduals() {
        Network net = loadBuiltinNetwork("resnet18");
        const Layer& ds = net.layer(net.indexOf("layer2.0.downsample.0"));
        QCOMPARE(ds.from, std::string("layer1.1.relu"));
        QCOMPARE(ds.input.text(), std::string("64x56x56"));
        QCOMPARE(ds.output.text(), std::string("128x28x28"));
        QCOMPARE(net.layer(net.indexOf("layer4.1.add")).output.text(), std::string("512x7x7"));
        QCOMPARE(net.layer(net.indexOf("bn1")).params, std::int64_t(128));
        QCOMPARE(net.layer(net.indexOf("avgpool")).output.text(), std::string("512x1x1"));
    }

    void groupedConv() {
        Network net("g", {96, 27, 27}, {conv("c", 256, 5, 1, 2, 2)});
        QCOMPARE(net.layer(0).params, std::int64_t(256 * 48 * 25 + 256));
        QCOMPARE(net.layer(0).forwardMacs, std::int64_t(27 * 27 * 256 * 48 * 25));
        QCOMPARE(net.layer(0).backwardInputMacs, net.layer(0).forwardMacs);
        QCOMPARE(net.layer(0).backwardWeightMacs, net.layer(0).forwardMacs);
        expectError([] { Network("g", {96, 27, 27}, {conv("c", 256, 5, 1, 2, 5)}, "f.json"); },
                    {"f.json", "layers[0] (c)", "input channels 96 not divisible by groups 5"});
        expectError([] { Network("g", {96, 27, 27}, {conv("c", 250, 5, 1, 2, 4)}); },
                    {"output channels 250 not divisible by groups 4"});
        expectError([] { Network("g", {3, 4, 4}, {conv("c", 8, 5)}); }, {"larger than the padded input 3x4x4"});
    }

    void asymmetricPooling() {
        Network net("p", {64, 54, 54}, {pool("sym", 3, 2), pool("asym", 3, 2, {0, 1, 0, 1}, false)});
        QCOMPARE(net.layer(0).output.text(), std::string("64x26x26"));
        Network asym("p", {64, 54, 54}, {pool("asym", 3, 2, {0, 1, 0, 1})});
        QCOMPARE(asym.layer(0).output.text(), std::string("64x27x27"));
        Network wide("p", {1, 10, 10}, {pool("p", 3, 2, {0, 0, 1, 0})});
        QCOMPARE(wide.layer(0).output.text(), std::string("1x4x5"));
        QCOMPARE(wide.layer(0).params, std::int64_t(0));
        QCOMPARE(wide.layer(0).forwardMacs, std::int64_t(0));
    }

    void ceilVersusFloor() {
        QCOMPARE(Network("p", {1, 56, 56}, {pool("p", 3, 2)}).layer(0).output.h, 27);
        QCOMPARE(Network("p", {1, 56, 56}, {pool("p", 3, 2, {}, true)}).layer(0).output.h, 28);
        QCOMPARE(Network("p", {1, 13, 13}, {pool("p", 3, 2, {}, true)}).layer(0).output.h, 6);
        // Caffe rule: ceil((5 + 2 - 2) / 2) + 1 = 4, but the 4th window would start at 6 = 5 + pad: dropped.
        QCOMPARE(Network("p", {1, 5, 5}, {pool("p", 2, 2, {1, 1, 1, 1}, true)}).layer(0).output.h, 3);
        QCOMPARE(Network("p", {1, 5, 5}, {pool("p", 2, 2, {1, 1, 1, 1}, false)}).layer(0).output.h, 3);
        expectError([] { Network("p", {1, 5, 5}, {pool("p", 2, 2, {2, 0, 0, 0})}); }, {"smaller than the kernel"});
    }

    void fromAndAdd() {
        Layer side = conv("side", 8, 1);
        side.from = std::string("a");
        Layer add = simple("sum", LayerType::Add);
        add.addFrom = std::string("b");
        Network net("r", {8, 6, 6}, {conv("a", 8, 3, 1, 1), conv("b", 8, 3, 1, 1), side, add});
        QCOMPARE(net.layer(2).input.text(), std::string("8x6x6"));
        QCOMPARE(net.layer(3).output.text(), std::string("8x6x6"));

        Layer later = conv("x", 8, 1);
        later.from = std::string("y");
        expectError([&] { Network("r", {8, 6, 6}, {later, conv("y", 8, 1)}, "n.json"); },
                    {"n.json", "layers[0] (x)", "from \"y\" is not an earlier layer"});
        Layer unknown = conv("x", 8, 1);
        unknown.from = std::string("zz");
        expectError([&] { Network("r", {8, 6, 6}, {unknown}); }, {"from \"zz\" names no layer"});
        Layer self = simple("s", LayerType::Add);
        self.addFrom = std::string("s");
        expectError([&] { Network("r", {8, 6, 6}, {self}); }, {"add \"s\" is not an earlier layer"});
    }

    void addShapeMismatch() {
        Layer bad = simple("s", LayerType::Add);
        bad.addFrom = std::string("a");
        expectError([&] { Network("r", {8, 6, 6}, {conv("a", 8, 3, 1, 1), conv("b", 16, 3, 1, 1), bad}); },
                    {"layers[2] (s)", "cannot add 8x6x6 from \"a\" to input 16x6x6"});
        Layer noRef = simple("s", LayerType::Add);
        expectError([&] { Network("r", {8, 6, 6}, {noRef}); }, {"add needs"});
        expectError([] { Network("r", {8, 6, 6}, {conv("a", 8, 1), conv("a", 8, 1)}); }, {"duplicate layer name"});
    }

    void explicitInputIgnoresChain() {
        Layer l = conv("c", 4, 3);
        l.explicitInput = Shape{2, 10, 10};
        Network net("e", {1, 5, 5}, {conv("a", 3, 1), l});
        QCOMPARE(net.layer(1).input.text(), std::string("2x10x10"));
        QCOMPARE(net.layer(1).forwardMacs, std::int64_t(8 * 8 * 4 * 2 * 9));
    }

    void fullyConnectedFlattens() {
        Layer fc = simple("fc", LayerType::FullyConnected);
        fc.outChannels = 10;
        Layer bn = simple("bn", LayerType::BatchNorm);
        Network net("f", {4, 3, 3}, {bn, fc});
        QCOMPARE(net.layer(0).params, std::int64_t(8));
        QCOMPARE(net.layer(1).params, std::int64_t(36 * 10 + 10));
        QCOMPARE(net.layer(1).forwardMacs, std::int64_t(360));
        QCOMPARE(net.totalParams(), std::int64_t(378));
    }

    void overflowIsAnError() {
        // 10^12 input elements (within the tensor limit) times 10^9 outputs: the weight count overflows 64 bits.
        Layer fc = simple("fc", LayerType::FullyConnected);
        fc.outChannels = 1'000'000'000;
        expectError([&] { Network("o", {1'000, 1'000, 1'000'000}, {fc}); }, {"layers[0] (fc)", "overflows 64 bits"});
    }

    // Issue 14, defect 1: counts that used to wrap and print negative with exit 0.
    void hugeTensorsAreErrors() {
        Layer fc = simple("fc", LayerType::FullyConnected);
        fc.outChannels = 10;
        expectError([&] { Network("o", {1'000'000'000, 1'000'000'000, 1'000'000'000}, {fc}); },
                    {"input", "1000000000x1000000000x1000000000", "more than 2^40 elements"});
        expectError([] { Network("o", {1, 1'000, 1'000}, {conv("c", 10'000'000, 1)}); },
                    {"layers[0] (c)", "output", "more than 2^40 elements"});
    }

    void backwardSumOverflowNamesTheLayer() {
        // Forward 5.5·10^18 MACs fits in 64 bits; backward (input + weight gradients) is twice that and does not.
        Layer fc = simple("fc", LayerType::FullyConnected);
        fc.outChannels = 5'500'000;
        fc.bias = false;
        expectError([&] { Network("o", {1'000, 1'000, 1'000'000}, {fc}); },
                    {"layers[0] (fc)", "backward MAC count overflows 64 bits"});
    }

    void totalsOverflowNamesTheLayer() {
        // Each layer's counts fit; their sum over the network does not.
        Layer a = simple("a", LayerType::FullyConnected), b = simple("b", LayerType::FullyConnected);
        a.outChannels = b.outChannels = 2'000'000;
        a.bias = b.bias = false;
        b.explicitInput = Shape{1'000, 1'000, 1'000'000};
        Layer c = b;
        c.name = "c";
        expectError([&] { Network("o", {1'000, 1'000, 1'000'000}, {a, b, c}); },
                    {"layers[2] (c)", "total backward MAC count overflows 64 bits"});
    }

    void hugePaddingIsNamedAsSuch() {
        expectError([] { Network("p", {3, 10, 10}, {conv("c", 4, 1, 1, 1'000'000'000)}); },
                    {"layers[0] (c)", "padding too large"});
    }

    // Issue 14, defect 6: duplicate names and references are hash lookups, not a quadratic scan.
    void longNetworksAreLinear() {
        std::vector<Layer> layers;
        for (int i = 0; i < 99'999; ++i) layers.push_back(simple("relu" + std::to_string(i), LayerType::ReLU));
        layers.back().from = "relu0";
        const Network net("long", {1, 1, 1}, layers);
        QCOMPARE(net.size(), 99'999);
        layers.push_back(simple("relu5", LayerType::ReLU));
        expectError([&] { Network("dup", {1, 1, 1}, layers); }, {"layers[99999] (relu5)", "duplicate layer name"});
        layers.back().name = "relu100000";
        layers.push_back(simple("one-too-many", LayerType::ReLU));
        expectError([&] { Network("many", {1, 1, 1}, layers); }, {"100001 layers", "limit of 100000"});
    }
};

QTEST_GUILESS_MAIN(TestNetwork)
#include "test_network.moc"
