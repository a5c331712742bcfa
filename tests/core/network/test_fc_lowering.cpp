// SPDX-License-Identifier: GPL-3.0-or-later
// A fully connected layer written as a convolution over its whole input (as SCALE-Sim CSVs and some ONNX exports
// write it) must give the same figures as the same network written with fc layers, in every module, and the
// report must say which layers were lowered.
#include "core/modules/module_registry.h"
#include "core/network/fc_equivalence.h"
#include "core/network/network_io.h"
#include "core/scenario/scenario.h"

#include <QtTest>

#include <algorithm>

using namespace dfl;

namespace {

// conv → pool → two classifier layers, either as fc or as convolutions covering their input (3×3, then 1×1).
std::string networkJson(bool fcAsConv) {
    const std::string fc1 = fcAsConv ? R"({"name": "fc1", "type": "conv", "out": 64, "kernel": 3})"
                                     : R"({"name": "fc1", "type": "fc", "out": 64})";
    const std::string fc2 = fcAsConv ? R"({"name": "fc2", "type": "conv", "out": 10, "kernel": 1})"
                                     : R"({"name": "fc2", "type": "fc", "out": 10})";
    return R"({"name": "small", "input": [16, 12, 12], "layers": [
        {"name": "conv1", "type": "conv", "out": 32, "kernel": 3, "pad": 1}, {"name": "relu1", "type": "relu"},
        {"name": "pool1", "type": "maxpool", "kernel": 4, "stride": 4}, )" +
           fc1 + R"(, {"name": "relu2", "type": "relu"}, )" + fc2 + R"(, {"name": "loss", "type": "softmaxloss"}]})";
}

MetricsReport run(const std::string& module, const std::string& params, bool fcAsConv) {
    const std::string text = R"({"name": "fc lowering", "module": ")" + module + R"(", "network": )" +
                             networkJson(fcAsConv) + R"(, "params": )" + params + "}";
    const Scenario s = loadScenarioText(text, "fc-lowering.json");
    auto model = createModel(s);
    model->reset();
    model->runUntil(model->expectedCycles());
    return model->metrics();
}

}  // namespace

class TestFcLowering : public QObject {
    Q_OBJECT
private slots:
    void recognisesOnlyWholeInputConvolutions() {
        const Scenario s = loadScenarioText(R"({"name": "x", "module": "network", "network": )" + networkJson(true) + "}",
                                            "x.json");
        const Network& n = *s.network;
        QVERIFY(!isFullyConnectedConvolution(n.layer(n.indexOf("conv1"))));  // 12×12 output
        QVERIFY(isFullyConnectedConvolution(n.layer(n.indexOf("fc1"))));
        QVERIFY(isFullyConnectedConvolution(n.layer(n.indexOf("fc2"))));
        const FcLowering lowered = lowerFullyConnectedConvolutions(n);
        QCOMPARE(lowered.lowered, (std::vector<std::string>{"fc1", "fc2"}));
        QCOMPARE(lowered.network.totalParams(), n.totalParams());
        QCOMPARE(lowered.network.totalForwardMacs(), n.totalForwardMacs());
        // Padding makes the output larger than 1×1 and is not an FC layer.
        Layer padded = n.layer(n.indexOf("fc1"));
        padded.pad = {1, 1, 1, 1};
        QVERIFY(!isFullyConnectedConvolution(padded));
    }

    void sameFiguresWithFcOrFcAsConv_data() {
        QTest::addColumn<QString>("module");
        QTest::addColumn<QString>("params");
        QTest::newRow("network") << "network" << "{}";
        QTest::newRow("neurotrainer") << "neurotrainer" << "{}";
        QTest::newRow("cgra") << "cgra" << R"({"layer": "fc1"})";
        QTest::newRow("cgra weight bus") << "cgra" << R"({"fc_mapping": "weight_bus"})";
    }
    void sameFiguresWithFcOrFcAsConv() {
        QFETCH(QString, module);
        QFETCH(QString, params);
        const MetricsReport fc = run(module.toStdString(), params.toStdString(), false);
        const MetricsReport conv = run(module.toStdString(), params.toStdString(), true);
        QCOMPARE(conv.summary.size(), fc.summary.size());
        for (size_t i = 0; i < fc.summary.size(); ++i) {
            QCOMPARE(conv.summary[i].key, fc.summary[i].key);
            QVERIFY2(conv.summary[i].value == fc.summary[i].value,
                     qPrintable(QString("%1: fc %2, fc-as-conv %3").arg(QString::fromStdString(fc.summary[i].key))
                                    .arg(fc.summary[i].value).arg(conv.summary[i].value)));
        }
        if (module == "network") return;  // counts only: nothing to lower
        const std::string note = fcLoweringNote({"fc1", "fc2"});
        QVERIFY(std::find(conv.assumptions.begin(), conv.assumptions.end(), note) != conv.assumptions.end());
        QVERIFY(std::find(fc.assumptions.begin(), fc.assumptions.end(), note) == fc.assumptions.end());
    }
};

QTEST_GUILESS_MAIN(TestFcLowering)
#include "test_fc_lowering.moc"
