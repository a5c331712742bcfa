// The convergence module through scenario files: bad input is an InputError naming the key, the Fashion-MNIST
// subset loader on generated good and corrupted IDX files, and the demo's shape on the real data when installed.
#include "convergence_test_data.h"

#include "core/convergence/convergence_data.h"
#include "core/modules/module_registry.h"
#include "core/scenario/scenario.h"
#include "core/sim/input_error.h"
#include "core/training/idx_file.h"
#include "tests/support/fashion_mnist.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace dfl;

namespace {

const char* const tinyNetwork = R"({"input": [1, 28, 28], "layers": [
    {"name": "conv1", "type": "conv", "out": 2, "kernel": 3, "stride": 2},
    {"name": "relu1", "type": "relu"},
    {"name": "fc2", "type": "fc", "out": 10},
    {"name": "loss", "type": "softmaxloss"}]})";

std::string scenarioText(const std::string& network, const std::string& params) {
    // Plain literals: moc does not follow raw strings with unbalanced braces.
    return "{\"name\": \"t\", \"module\": \"convergence\", \"network\": " + network + ", \"params\": {" + params +
           "}}";
}

void expectInputError(const std::string& text, const std::string& place, const std::string& fragment) {
    try {
        createModel(loadScenarioText(text, "t.json"));
        QFAIL("no InputError");
    } catch (const InputError& e) {
        QVERIFY2(e.place().find(place) == 0, e.what());
        QVERIFY2(e.reason().find(fragment) != std::string::npos, e.what());
        QCOMPARE(e.file(), std::string("t.json"));
    }
}

void writeFashionLike(const QString& dir, int train, int test, bool corruptTestImages = false) {
    auto write = [&](const char* name, IdxArray a) { writeIdxFile((dir + "/" + name).toStdString(), a); };
    auto images = [](int n) {
        IdxArray a{{std::uint32_t(n), 28, 28}, {}};
        for (int i = 0; i < n * 784; ++i) a.data.push_back(std::uint8_t((i * 31) % 256));
        return a;
    };
    auto labels = [](int n) {
        IdxArray a{{std::uint32_t(n)}, {}};
        for (int i = 0; i < n; ++i) a.data.push_back(std::uint8_t(i % 10));
        return a;
    };
    write("train-images-idx3-ubyte.gz", images(train));
    write("train-labels-idx1-ubyte.gz", labels(train));
    write("t10k-labels-idx1-ubyte.gz", labels(test));
    if (!corruptTestImages) {
        write("t10k-images-idx3-ubyte.gz", images(test));
        return;
    }
    IdxArray wrongDims = images(test);
    wrongDims.dims = {std::uint32_t(test), 784};  // two dimensions where images have three
    write("t10k-images-idx3-ubyte.gz", wrongDims);
}

}  // namespace

class TestConvergenceModule : public QObject {
    Q_OBJECT
private slots:
    void rejectsNetworksThatCannotTrain() {
        expectInputError(scenarioText(R"({"input": [1, 28, 28], "layers": [{"name": "n1", "type": "lrn"},
                                         {"type": "fc", "out": 10}, {"type": "softmaxloss"}]})", ""),
                         "network.layers[0] (n1)", "cannot be trained");
        expectInputError(scenarioText(R"({"input": [1, 28, 28], "layers": [{"type": "fc", "out": 7}, {"type": "softmaxloss"}]})", ""),
                         "network.layers[1]", "10 classes");
        expectInputError(scenarioText(R"({"input": [3, 28, 28], "layers": [{"type": "fc", "out": 10}]})", ""),
                         "network.input", "1x28x28");
    }
    void rejectsImpossibleParameters() {
        expectInputError(scenarioText(tinyNetwork, R"("stages": [2, 8])"), "params.stages[1]", "only 4 layers");
        expectInputError(scenarioText(tinyNetwork, R"("stages": [2, 2])"), "params.stages[1]", "twice");
        expectInputError(scenarioText(tinyNetwork, R"("stages": [2], "batch": 64, "train_samples": 50)"), "params.batch", "train_samples");
        expectInputError(scenarioText(tinyNetwork, R"("stages": [2], "data_dir": "/nonexistent/fashion")"), "params.data_dir",
                         "dataset-fashion-mnist");
    }
    void loadsGeneratedIdxFilesAndRejectsCorruptOnes() {
        QTemporaryDir good, bad;
        writeFashionLike(good.path(), 40, 20);
        const auto split = fashionMnistSubset(good.path().toStdString(), 30, 20, "t.json");
        QCOMPARE(split->train.size(), 30);
        QCOMPARE(split->test.size(), 20);
        QCOMPARE(split->train.features(), 784);
        QCOMPARE(split->train.labels[13], 3);
        // Through a scenario: the whole module runs on the generated files.
        const std::string params = "\"data_dir\": \"" + good.path().toStdString() +
                                   "\", \"train_samples\": 32, \"test_samples\": 20, \"batch\": 8, \"epochs\": 1, "
                                   "\"stages\": [2]";
        auto model = createModel(loadScenarioText(scenarioText(tinyNetwork, params), "t.json"));
        QCOMPARE(model->expectedCycles(), std::int64_t(4));
        model->runUntil(4);
        QVERIFY(model->done());
        QVERIFY(model->metrics().find("speedup_p2"));
        QVERIFY_THROWS_EXCEPTION(InputError, fashionMnistSubset(good.path().toStdString(), 41, 20, "t.json"));

        writeFashionLike(bad.path(), 40, 20, true);
        try {
            fashionMnistSubset(bad.path().toStdString(), 30, 20, "t.json");
            QFAIL("no InputError");
        } catch (const InputError& e) {
            QVERIFY2(e.file().find("t10k-images-idx3-ubyte.gz") != std::string::npos, e.what());
        }
    }
    void realFashionMnistLoadsWhenInstalled() {
        DFL_REQUIRE_FASHION_MNIST();
        const auto split = fashionMnistSubset(fashionMnistDirectory(), 600, 100, "t.json");
        QCOMPARE(split->train.features(), 784);
        QCOMPARE(split->train.size(), 600);
        for (int label : split->train.labels) QVERIFY(label >= 0 && label < 10);
    }
};

QTEST_GUILESS_MAIN(TestConvergenceModule)
#include "test_convergence_module.moc"
