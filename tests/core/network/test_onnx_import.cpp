// SPDX-License-Identifier: GPL-3.0-or-later
// ONNX import: every supported operator, ResNet-18 and VGG16 graphs whose parameter counts equal the built-ins,
// and errors that name the file, the node, its op type and the reason. The .onnx files are written by
// tests/data/onnx/generate_onnx_models.py (python3-onnx) and committed, so this test needs no Python.
#include "tests/support/input_error_text.h"
#include "core/network/network_io.h"
#include "core/network/onnx/onnx_import.h"
#include "core/scenario/network_file_scenario.h"
#include "core/sim/input_error.h"

#include <QFile>
#include <QtTest>

using namespace dfl;

namespace {

const std::string kOnnx = DFL_TEST_DATA "/onnx/";

using test::inputErrorOf;

std::string fileBytes(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", path.c_str());
    return f.readAll().toStdString();
}

}  // namespace

class TestOnnxImport : public QObject {
    Q_OBJECT
private slots:
    void everyOperator() {
        const Network n = loadNetworkFile(kOnnx + "every-operator.onnx");
        QCOMPARE(n.name(), std::string("every-operator"));
        QCOMPARE(n.input(), (Shape{3, 32, 32}));
        auto layer = [&](const std::string& name) -> const Layer& {
            const int i = n.indexOf(name);
            if (i < 0) qFatal("no layer %s", name.c_str());
            return n.layer(i);
        };
        QCOMPARE(layer("conv1").output, (Shape{16, 32, 32}));
        QCOMPARE(layer("conv1").params, 16 * 3 * 9 + 16);
        QCOMPARE(layer("bn1").params, 32);                    // scale and B; mean and variance are no parameters
        QCOMPARE(layer("pool1").output, (Shape{16, 16, 16}));  // ceil_mode
        QCOMPARE(layer("conv2").groups, 4);
        QCOMPARE(layer("conv2").params, 16 * 4 * 9);          // no bias
        QCOMPARE(layer("residual").type, LayerType::Add);
        QCOMPARE(layer("residual").addFrom, std::string("pool1"));
        QCOMPARE(layer("clip2").type, LayerType::ReLU);
        QCOMPARE(layer("branch_b").pad, (Padding{2, 2, 2, 2}));
        QCOMPARE(layer("branch_b").from, std::string("residual"));
        QVERIFY(layer("pool2").explicitInput.has_value());   // reads the concatenation
        QCOMPARE(*layer("pool2").explicitInput, (Shape{16, 16, 16}));
        QCOMPARE(layer("conv3").output, (Shape{32, 4, 4}));
        QCOMPARE(layer("gap").output, (Shape{32, 1, 1}));
        QCOMPARE(layer("fc1").type, LayerType::FullyConnected);
        QCOMPARE(layer("fc1").params, 32 * 24 + 24);
        QCOMPARE(layer("drop1").type, LayerType::Dropout);
        QCOMPARE(layer("fc2").params, 24 * 10 + 10);         // MatMul with the bias Add folded in
        QCOMPARE(layer("softmax").type, LayerType::SoftmaxLoss);
        QCOMPARE(layer("lrn1").lrnSize, 5);
        QCOMPARE(n.size(), 19);  // Concat, Flatten, Reshape and the bias Add are no layers
    }

    void resnet18MatchesTheBuiltIn() {  // no value_info in this file: the shapes are inferred
        const Network onnx = loadNetworkFile(kOnnx + "resnet18.onnx");
        const Network builtin = loadBuiltinNetwork("resnet18");
        QCOMPARE(onnx.totalParams(), std::int64_t(11689512));
        QCOMPARE(onnx.totalParams(), builtin.totalParams());
        QCOMPARE(onnx.totalForwardMacs(), builtin.totalForwardMacs());
        QCOMPARE(onnx.size(), builtin.size());
    }

    void vgg16MatchesTheBuiltIn() {
        const Network onnx = loadNetworkFile(kOnnx + "vgg16.onnx");
        const Network builtin = loadBuiltinNetwork("vgg16");
        QCOMPARE(onnx.totalParams(), std::int64_t(138357544));
        QCOMPARE(onnx.totalParams(), builtin.totalParams());
        QCOMPARE(onnx.totalForwardMacs(), builtin.totalForwardMacs());
    }

    void errorsNameFileNodeAndOpType_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unsupported") << "unsupported-op.onnx"
                                     << "unsupported-op.onnx: node 1 'upsample' (Resize): unsupported operator 'Resize'";
        QTest::newRow("dilation") << "dilated-conv.onnx"
                                  << "dilated-conv.onnx: node 0 'conv_dilated' (Conv): dilations [2, 2] are not supported";
        QTest::newRow("initializer") << "bad-initializer.onnx"
                                     << "bad-initializer.onnx: node 1 'conv2' (Conv): its initializers hold 360 parameters";
        QTest::newRow("value_info") << "wrong-value-info.onnx"
                                    << "wrong-value-info.onnx: node 0 'conv1' (Conv): the graph declares its output "
                                       "[-1, 4, 30, 30] but inference gives 4x32x32";
    }
    void errorsNameFileNodeAndOpType() {
        QFETCH(QString, file);
        QFETCH(QString, expected);
        const std::string message = inputErrorOf([&] { loadNetworkFile(kOnnx + file.toStdString()); });
        QVERIFY2(message.find(expected.toStdString()) != std::string::npos, message.c_str());
    }

    void garbageIsNotAModel() {
        QVERIFY(inputErrorOf([] { importOnnxBytes("", "empty.onnx", "x"); }).find("empty.onnx: not an ONNX model") == 0);
        QVERIFY(inputErrorOf([] { importOnnxBytes("\xff\xff\xff\xff garbage", "junk.onnx", "x"); })
                    .find("junk.onnx: not an ONNX model") == 0);
        // Every truncation of a real file is refused or read, never a crash.
        const std::string bytes = fileBytes(kOnnx + "every-operator.onnx");
        for (size_t cut = 0; cut < bytes.size(); cut += 7) {
            try {
                importOnnxBytes(bytes.substr(0, cut), "cut.onnx", "cut");
            } catch (const InputError&) {
            }
        }
    }

    // "network": "model.onnx" in a scenario, and the GUI's File → Open on the .onnx itself.
    void scenariosReadOnnx() {
        const Scenario s = loadScenarioFile(DFL_SOURCE_DIR "/scenarios/network-onnx-resnet18.json");
        QCOMPARE(s.network->totalParams(), std::int64_t(11689512));
        QVERIFY(isNetworkFile(kOnnx + "vgg16.onnx") && !isNetworkFile("x.json"));
        const Scenario opened = networkFileScenario(kOnnx + "vgg16.onnx");
        QCOMPARE(opened.module, std::string("network"));
        QCOMPARE(opened.network->totalParams(), std::int64_t(138357544));
        const std::string message = inputErrorOf([] { networkFileScenario(kOnnx + "unsupported-op.onnx"); });
        QVERIFY2(message.find("unsupported-op.onnx: node 1 'upsample' (Resize)") != std::string::npos, message.c_str());
    }
};

QTEST_GUILESS_MAIN(TestOnnxImport)
#include "test_onnx_import.moc"
