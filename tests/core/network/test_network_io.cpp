// SPDX-License-Identifier: GPL-3.0-or-later
// Network files: the JSON format, the built-ins as Qt resources, SCALE-Sim CSV import, and errors that
// name the file, the place and the reason.
#include "tests/support/input_error_text.h"
#include "core/network/network_io.h"
#include "core/sim/input_error.h"

#include <QJsonDocument>
#include <QTemporaryDir>
#include <QtTest>

using namespace dfl;

namespace {

const std::string kData = DFL_TEST_DATA "/scalesim/";

Network fromJsonText(const QByteArray& text, const std::string& origin = "net.json") {
    QJsonParseError error;
    QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError) qFatal("test JSON invalid: %s", qPrintable(error.errorString()));
    return parseNetworkJson(doc.object(), origin);
}

using test::inputErrorOf;

void verifyContains(const std::string& message, const QString& expected) {
    for (const QString& fragment : expected.split('|'))
        QVERIFY2(message.find(fragment.toStdString()) != std::string::npos,
                 qPrintable(QString("\"%1\" lacks \"%2\"").arg(QString::fromStdString(message), fragment)));
}

}  // namespace

class TestNetworkIo : public QObject {
    Q_OBJECT
private slots:
    void builtinNames() {
        const std::vector<std::string> expected{"alexnet", "alexnet-single", "fashion-cnn", "inception-v3", "mlp",
                                                "mnist-cnn", "resnet152",      "resnet18",    "vgg-f",        "vgg16",
                                                "vgg19"};
        QCOMPARE(builtinNetworkNames(), expected);
        for (const std::string& name : expected) QCOMPARE(loadBuiltinNetwork(name).name(), name);
        verifyContains(inputErrorOf([] { loadBuiltinNetwork("lenet"); }),
                       "unknown built-in network \"lenet\"|alexnet, alexnet-single, fashion-cnn, inception-v3, mlp, mnist-cnn");
        verifyContains(inputErrorOf([] { loadBuiltinNetwork("../x"); }), "unknown built-in network");
    }

    void jsonGeometryForms() {
        Network net = fromJsonText(R"({"input": [4, 20, 30], "layers": [
            {"name": "a", "type": "conv", "out": 8, "kernel": [3, 5], "stride": [1, 2], "pad": [1, 2]},
            {"name": "b", "type": "conv", "out": 8, "kernel": 3, "pad": [0, 1, 2, 3], "groups": 4, "bias": false},
            {"name": "c", "type": "avgpool", "kernel": 2, "stride": 2, "ceil": true},
            {"type": "lrn", "size": 3},
            {"type": "globalavgpool"}, {"type": "fc", "out": 2, "bias": false}]})");
        QCOMPARE(net.name(), std::string("net"));  // the origin's base name
        QCOMPARE(net.layer(0).output.text(), std::string("8x20x15"));
        QCOMPARE(net.layer(1).pad, (Padding{0, 1, 2, 3}));
        QCOMPARE(net.layer(1).output.text(), std::string("8x19x18"));
        QCOMPARE(net.layer(1).params, std::int64_t(8 * 2 * 9));
        QCOMPARE(net.layer(2).output.text(), std::string("8x10x9"));
        QCOMPARE(net.layer(3).lrnSize, 3);
        QCOMPARE(net.layer(5).params, std::int64_t(16));
    }

    void unnamedLayers() {
        Network net = fromJsonText(R"({"name": "n", "input": [1, 8, 8], "layers": [
            {"type": "relu"}, {"name": "relu2", "type": "conv", "out": 1, "kernel": 1},
            {"type": "relu"}, {"type": "relu"}, {"type": "conv", "out": 1, "kernel": 1}]})");
        QCOMPARE(net.layer(0).name, std::string("relu1"));
        QCOMPARE(net.layer(2).name, std::string("relu2_2"));  // "relu2" is taken by the explicit name
        QCOMPARE(net.layer(3).name, std::string("relu3"));
        QCOMPARE(net.layer(4).name, std::string("conv2"));
    }

    void malformedJson_data() {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");  // '|'-separated fragments of the message
        const QByteArray conv = R"({"name": "c", "type": "conv", "out": 8, "kernel": 3})";
        auto net = [](const QByteArray& layers) { return R"({"input": [3, 8, 8], "layers": [)" + layers + "]}"; };
        QTest::newRow("no input") << QByteArray(R"({"layers": []})") << "net.json: network.input: missing required key";
        QTest::newRow("input shape") << QByteArray(R"({"input": [3, 8], "layers": []})")
                                     << "network.input: expected [channels, height, width]";
        QTest::newRow("input zero") << QByteArray(R"({"input": [3, 0, 8], "layers": []})")
                                    << "network.input[1]: expected a positive integer";
        QTest::newRow("no layers") << QByteArray(R"({"input": [3, 8, 8]})") << "network.layers: missing required key";
        QTest::newRow("empty layers") << QByteArray(R"({"input": [3, 8, 8], "layers": []})")
                                      << "network.layers: expected a non-empty array";
        QTest::newRow("top unknown") << QByteArray(R"({"input": [3, 8, 8], "layer": [], "layers": [{"type":"relu"}]})")
                                     << "network.layer: unknown key";
        QTest::newRow("name type") << QByteArray(R"({"name": 5, "input": [3, 8, 8], "layers": []})")
                                   << "network.name: expected a non-empty string";
        QTest::newRow("layer not object") << net("5") << "network.layers[0]: expected a layer object";
        QTest::newRow("no type") << net(R"({"name": "x"})") << "network.layers[0].type: missing required key";
        QTest::newRow("bad type") << net(R"({"type": "convolution"})")
                                  << "network.layers[0].type: unknown layer type \"convolution\" (valid: conv, fc";
        QTest::newRow("kernel string") << net(conv + R"(, {"type": "conv", "out": 8, "kernel": "3"})")
                                       << "net.json: network.layers[1].kernel: expected a positive integer";
        QTest::newRow("kernel zero") << net(R"({"type": "conv", "out": 8, "kernel": 0})")
                                     << "network.layers[0].kernel: expected a positive integer";
        QTest::newRow("kernel fraction") << net(R"({"type": "conv", "out": 8, "kernel": 2.5})")
                                         << "network.layers[0].kernel: expected a positive integer";
        QTest::newRow("kernel 3 values") << net(R"({"type": "conv", "out": 8, "kernel": [3, 3, 3]})")
                                         << "network.layers[0].kernel: expected an integer or an array of 2 integers";
        QTest::newRow("no kernel") << net(R"({"type": "conv", "out": 8})") << "network.layers[0].kernel: missing required key";
        QTest::newRow("no out") << net(R"({"type": "fc"})") << "network.layers[0].out: missing required key";
        QTest::newRow("negative pad") << net(R"({"type": "conv", "out": 8, "kernel": 3, "pad": -1})")
                                      << "network.layers[0].pad: expected a non-negative integer";
        QTest::newRow("pad 3 values") << net(R"({"type": "conv", "out": 8, "kernel": 3, "pad": [1, 1, 1]})")
                                      << "network.layers[0].pad: expected an integer or an array of 2 or 4 integers";
        QTest::newRow("bias type") << net(R"({"type": "conv", "out": 8, "kernel": 3, "bias": 1})")
                                   << "network.layers[0].bias: expected true or false";
        QTest::newRow("pool stride") << net(R"({"type": "maxpool", "kernel": 2})")
                                     << "network.layers[0].stride: missing required key";
        QTest::newRow("unknown key") << net(R"({"type": "conv", "out": 8, "kernel": 3, "strides": 2})")
                                     << "network.layers[0].strides: unknown key";
        QTest::newRow("key of other type") << net(R"({"type": "relu", "kernel": 3})")
                                           << "network.layers[0].kernel: unknown key";
        QTest::newRow("groups") << net(R"({"name": "g", "type": "conv", "out": 8, "kernel": 3, "groups": 2})")
                                << "network.layers[0] (g)|input channels 3 not divisible by groups 2";
        QTest::newRow("too large kernel") << net(R"({"name": "k", "type": "conv", "out": 8, "kernel": 9})")
                                          << "network.layers[0] (k)|kernel 9x9 larger than the padded input 3x8x8";
        QTest::newRow("duplicate") << net(conv + "," + conv) << "network.layers[1].name: duplicate layer name \"c\"";
        QTest::newRow("from unknown") << net(R"({"name": "x", "type": "relu", "from": "nope"})")
                                      << "network.layers[0] (x)|from \"nope\" names no layer";
        QTest::newRow("add missing") << net(R"({"type": "add"})") << "network.layers[0].add: missing required key";
        QTest::newRow("add mismatch") << net(conv + R"(, {"type": "conv", "out": 4, "kernel": 1}, {"type": "add", "add": "c"})")
                                      << "network.layers[2] (add1)|cannot add 8x6x6 from \"c\" to input 4x6x6";
    }
    void malformedJson() {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        verifyContains(inputErrorOf([&] { fromJsonText(json); }), expected);
    }

    void scaleSimSamples_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("layers");
        QTest::newRow("alexnet") << "alexnet.csv" << 5;
        QTest::newRow("Resnet18") << "Resnet18.csv" << 21;
        QTest::newRow("mobilenet") << "mobilenet.csv" << 27;
        QTest::newRow("yolo_tiny") << "yolo_tiny.csv" << 9;
    }
    void scaleSimSamples() {
        QFETCH(QString, file);
        QFETCH(int, layers);
        Network net = loadNetworkFile(kData + file.toStdString());
        QCOMPARE(net.size(), layers);
        QCOMPARE(net.name(), QFileInfo(file).completeBaseName().toStdString());
        for (const Layer& l : net.layers()) {
            QCOMPARE(l.type, LayerType::Conv);
            QVERIFY(l.explicitInput.has_value());
            QVERIFY(l.forwardMacs > 0);
            QCOMPARE(l.params, std::int64_t(l.outChannels) * l.input.c * l.kernelH * l.kernelW);  // no bias
        }
    }

    void scaleSimRounding() {
        // SCALE-Sim rounds up: ceil((224 - 11 + 4) / 4) = 55, where floor((224 - 11) / 4) + 1 = 54.
        // The two formulas agree only when the stride divides H - R, so the importer marks rows ceil mode.
        Network csv = importScaleSimCsv(kData + "alexnet.csv");
        QCOMPARE(csv.layer(0).output.text(), std::string("96x55x55"));
        QCOMPARE(csv.layer(2).output.text(), std::string("384x11x11"));  // the sample's IFMAPs are not padded
        // ceil((224 - 7 + 2) / 2) = 110 (floor would give 109)
        QCOMPARE(importScaleSimCsv(kData + "Resnet18.csv").layer(0).output.text(), std::string("64x110x110"));
        QCOMPARE(importScaleSimCsvText("h\nA,9,9,3,3,1,1,2,\n", "t.csv", "t").layer(0).output.h, 4);
    }

    void sameMacsJsonAndCsv() {
        Network json = loadBuiltinNetwork("alexnet");
        Network csv = importScaleSimCsv(kData + "alexnet.csv");
        // conv1: Caffe's 227 with floor and SCALE-Sim's 224 with ceil both give 55x55.
        QCOMPARE(csv.layer(0).forwardMacs, json.layer(json.indexOf("conv1")).forwardMacs);
        // conv3 with SCALE-Sim's convention of an already padded IFMAP (13 + 2·1 = 15).
        Network padded = importScaleSimCsvText("Layer name, H, W, R, S, C, M, Stride,\nconv3, 15, 15, 3, 3, 256, 384, 1,\n",
                                               "padded.csv", "padded");
        const Layer& conv3 = json.layer(json.indexOf("conv3"));
        QCOMPARE(padded.layer(0).forwardMacs, conv3.forwardMacs);
        QCOMPARE(padded.layer(0).output, conv3.output);
        QCOMPARE(padded.layer(0).params + conv3.outChannels, conv3.params);  // SCALE-Sim has no bias
    }

    void scaleSimFormats() {
        Network net = importScaleSimCsvText("Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\r\n"
                                            "  wide ,  10 , 20 , 3 , 3 , 4 , 8 , 1 , 2 ,\r\n"
                                            "\r\n"
                                            "nocomma,5,5,1,1,2,2,1",
                                            "x.csv", "x");
        QCOMPARE(net.size(), 2);
        QCOMPARE(net.layer(0).name, std::string("wide"));
        QCOMPARE(net.layer(0).output.text(), std::string("8x8x10"));
        QCOMPARE(net.layer(1).input.text(), std::string("2x5x5"));
    }

    void malformedCsv_data() {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<QString>("expected");
        const QByteArray h = "Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\n";
        QTest::newRow("empty") << QByteArray("") << "bad.csv: line 1: empty file";
        QTest::newRow("header only") << h << "bad.csv: line 2: no layer rows";
        QTest::newRow("non-integer") << h + "c1,224,2x4,3,3,3,64,1,\n" << "bad.csv: line 2, column 3: expected a positive integer, found \"2x4\"";
        QTest::newRow("fraction") << h + "c1,224,224,3,3,3,64,1.5,\n" << "line 2, column 8: expected a positive integer";
        QTest::newRow("zero") << h + "c1,224,224,3,3,3,0,1,\n" << "line 2, column 7: expected a positive integer, found \"0\"";
        QTest::newRow("negative") << h + "c1,224,224,-3,3,3,8,1,\n" << "line 2, column 4: expected a positive integer";
        QTest::newRow("empty field") << h + "c1,224,,3,3,3,8,1,\n" << "line 2, column 3: expected a positive integer, found \"\"";
        QTest::newRow("missing columns") << h + "c1,224,224,3,3,3,\n" << "bad.csv: line 2: expected 8 or 9 columns|found 6";
        QTest::newRow("too many") << h + "c1,224,224,3,3,3,8,1,1,1,\n" << "line 2, column 10: too many columns";
        QTest::newRow("no name") << h + " ,224,224,3,3,3,8,1,\n" << "line 2, column 1: empty layer name";
        QTest::newRow("duplicate") << h + "c1,9,9,3,3,3,8,1,\nc1,9,9,3,3,3,8,1,\n" << "line 3, column 1: duplicate layer name \"c1\"";
        QTest::newRow("filter taller") << h + "\nc1,2,9,3,3,3,8,1,\n" << "line 3, column 4: filter height 3 larger than IFMAP height 2";
        QTest::newRow("filter wider") << h + "c1,9,2,3,3,3,8,1,\n" << "line 2, column 5: filter width 3 larger than IFMAP width 2";
        // Issue 14, defect 1: 9-digit fields whose counts used to wrap negative with exit 0.
        QTest::newRow("backward overflow") << h + "big,1000,1000,1000,1000,1000000,9000000,1,\n"
                                           << "bad.csv: rows[0] (big): sizes too large: the backward MAC count overflows 64 bits";
        QTest::newRow("huge input") << h + "big,999999999,999999999,1,1,999999999,1,1,\n"
                                    << "rows[0] (big): input shape 999999999x999999999x999999999 has more than 2^40 elements";
    }
    void malformedCsv() {
        QFETCH(QByteArray, csv);
        QFETCH(QString, expected);
        verifyContains(inputErrorOf([&] { importScaleSimCsvText(csv.toStdString(), "bad.csv", "bad"); }), expected);
    }

    void networkFiles() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string json = dir.filePath("tiny.json").toStdString();
        QFile f(QString::fromStdString(json));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"input": [1, 4, 4], "layers": [{"type": "fc", "out": 2}]})");
        f.close();
        Network net = loadNetworkFile(json);
        QCOMPARE(net.name(), std::string("tiny"));
        QCOMPARE(net.totalParams(), std::int64_t(34));

        const std::string broken = dir.filePath("broken.json").toStdString();
        QFile b(QString::fromStdString(broken));
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write("{\n \"input\": [1, 4, 4],\n \"layers\": [\n");
        b.close();
        verifyContains(inputErrorOf([&] { loadNetworkFile(broken); }), "broken.json: line 4: invalid JSON");

        const std::string bad = dir.filePath("bad.json").toStdString();
        QFile k(QString::fromStdString(bad));
        QVERIFY(k.open(QIODevice::WriteOnly));
        k.write(R"({"input": [1, 4, 4], "layers": [{"type": "fc"}]})");
        k.close();
        verifyContains(inputErrorOf([&] { loadNetworkFile(bad); }), "bad.json: layers[0].out: missing required key");

        verifyContains(inputErrorOf([&] { loadNetworkFile(dir.filePath("none.csv").toStdString()); }), "none.csv: no such network file");
        verifyContains(inputErrorOf([] { loadNetworkFile("net.prototxt"); }), "net.prototxt: unknown network file type \".prototxt\"");
    }
};

QTEST_GUILESS_MAIN(TestNetworkIo)
#include "test_network_io.moc"
