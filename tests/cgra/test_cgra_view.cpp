// SPDX-License-Identifier: GPL-3.0-or-later
// The array view and the module's charts, offscreen. With DFL_SCREENSHOT_DIR set, the pictures are saved there
// (docs/screenshots/cgra-*.png are made this way).
#include "tests/support/image_checks.h"
#include "core/cgra/cgra_frame.h"
#include "core/modules/module_registry.h"
#include "core/scenario/scenario.h"
#include "views/cgra/cgra_array_view.h"
#include "views/chart_export.h"
#include "views/module_view_registry.h"

#include <QDir>
#include <QImage>
#include <QtTest>

using namespace dfl;
using dfl::test::distinctColours;

namespace {

std::string scenarioPath(const char* name) { return std::string(DFL_SOURCE_DIR) + "/scenarios/" + name; }

void save(const QImage& image, const QString& name) {
    const QString dir = qEnvironmentVariable("DFL_SCREENSHOT_DIR");
    if (!dir.isEmpty()) QVERIFY(image.save(QDir(dir).filePath(name)));
}

}  // namespace

class TestCgraView : public QObject {
    Q_OBJECT
private slots:
    void registeredForTheModule() {
        const auto views = moduleViews("cgra");
        QCOMPARE(int(views.size()), 1);
        QWidget* w = views[0].create(ModuleViewContext{}, nullptr);
        QVERIFY(dynamic_cast<CgraArrayView*>(w));
        delete w;
    }

    void drawsTheArrayMidLayer() {
        const Scenario s = loadScenarioFile(scenarioPath("cgra-small-layer.json"));
        auto model = createModel(s);
        model->reset();
        // Mid-layer: past half-way, thread 0 of a multiply step in the second (remainder) column block, so the
        // picture has a buffer read, a shift, the broadcast weight and idle PEs.
        model->runUntil(model->expectedCycles() / 2);
        auto frame = std::dynamic_pointer_cast<const cgra::CgraFrame>(model->frame());
        while (!frame->done && !(frame->weightValid && frame->thread == 0 && frame->loops[5].value == 1 &&
                                 frame->weightKx == 1)) {
            model->step();
            frame = std::dynamic_pointer_cast<const cgra::CgraFrame>(model->frame());
        }
        QVERIFY(frame->weightValid);
        CgraArrayView view(ModuleViewContext{}, nullptr);
        view.resize(1280, 760);
        view.setFrame(model->frame());
        const QImage image = view.grab().toImage();
        QVERIFY(distinctColours(image) > 20);
        save(image, "cgra-array.png");
    }

    void drawsABigArray() {
        const Scenario s = loadScenarioFile(scenarioPath("cgra-alexnet-table2.json"));
        auto model = createModel(s);
        model->reset();
        model->runUntil(model->expectedCycles() / 3 + 20);
        CgraArrayView view(ModuleViewContext{}, nullptr);
        view.resize(1280, 760);
        view.setFrame(model->frame());
        const QImage image = view.grab().toImage();
        QVERIFY(distinctColours(image) > 10);
        save(image, "cgra-array-16x16.png");
    }

    void chartsRender() {
        const Scenario s = loadScenarioFile(scenarioPath("cgra-alexnet-table2.json"));
        auto model = createModel(s);
        const std::vector<ChartSpec> charts = model->charts();
        QVERIFY(charts.size() >= 10);
        for (const ChartSpec& c : charts) {
            QVERIFY2(!c.title.empty() && !c.xLabel.empty() && !c.yLabel.empty() && !c.caption.empty(), c.id.c_str());
            const QImage image = renderChartImage(c, {1200, 750});
            QVERIFY2(distinctColours(image) > 5, c.id.c_str());
            save(image, QString::fromStdString("cgra-chart-" + c.id + ".png"));
        }
    }
};

QTEST_MAIN(TestCgraView)
#include "test_cgra_view.moc"
