// The race view offscreen: it draws a tdnn frame at the start, mid-race and decided, and ignores other frames.
#include "core/modules/module_registry.h"
#include "core/scenario/scenario.h"
#include "core/tdnn/tdnn_frame.h"
#include "core/training/dataset.h"
#include "views/chart_export.h"
#include "views/tdnn/race_view.h"

#include <QDir>
#include <QImage>
#include <QtTest>

using namespace dfl;

class TestTdnnView : public QObject {
    Q_OBJECT
private slots:
    void drawsTheRace() {
        if (!fashionMnistAvailable()) QSKIP("Fashion-MNIST is not installed here");
        const Scenario s = loadScenarioText(R"({"name": "view", "module": "tdnn", "params": {"hidden": 32, "epochs": 1,
            "train_samples": 3000, "test_samples": 500, "chips": 1, "sigma_static": 1.5, "sigma_jitter": 0.5,
            "sweep_sigmas": [0, 1], "chain_sides": [28], "lognet": true, "float_epochs": 1, "neuron": 2, "image": 1}})",
                                            "view.json");
        std::unique_ptr<ClockedModel> model = createModel(s);
        model->reset();
        RaceView view(ModuleViewContext{}, nullptr);
        view.resize(1400, 800);
        view.setFrame(std::make_shared<Frame>());  // not a tdnn frame: ignored, no crash
        QImage blank = view.grab().toImage();
        const QString out = qEnvironmentVariable("DFL_SCREENSHOT_DIR");
        for (std::int64_t cycle : {std::int64_t(0), std::int64_t(400), model->expectedCycles()}) {
            model->runUntil(cycle);
            view.setFrame(model->frame());
            const QImage image = view.grab().toImage();
            QVERIFY(!image.isNull());
            QVERIFY(image != blank);
            if (!out.isEmpty()) image.save(QDir(out).filePath(QString("tdnn-race-%1.png").arg(cycle)));
        }
        QVERIFY(model->done());
        for (const ChartSpec& c : model->charts()) {
            const QImage chart = renderChartImage(c, {1200, 800});
            QVERIFY2(!chart.isNull(), c.id.c_str());
            if (!out.isEmpty()) chart.save(QDir(out).filePath(QString::fromStdString("tdnn-chart-" + c.id + ".png")));
        }
    }
};

QTEST_MAIN(TestTdnnView)
#include "test_tdnn_view.moc"
