// SPDX-License-Identifier: GPL-3.0-or-later
// The NeuroTrainer views offscreen: the cube mid-layer and the programs table, drawn from a real model.
// Set DFL_SCREENSHOT_DIR to keep the pictures (docs/screenshots/neurotrainer-*.png are made this way).
#include "core/modules/module_registry.h"
#include "core/neurotrainer/nt_frame.h"
#include "core/scenario/scenario.h"
#include "views/chart_export.h"
#include "views/module_view_registry.h"
#include "views/neurotrainer/nt_cube_view.h"
#include "views/neurotrainer/nt_programs_view.h"

#include <QTableView>
#include <QtTest>

using namespace dfl;

namespace {

std::unique_ptr<ClockedModel> model(const std::string& file) {
    auto m = createModel(loadScenarioFile(std::string(DFL_SOURCE_DIR) + "/scenarios/" + file));
    m->reset();
    return m;
}

void keep(QWidget& w, const QString& name) {
    const QImage image = w.grab().toImage();
    QVERIFY(!image.isNull());
    const QString dir = qEnvironmentVariable("DFL_SCREENSHOT_DIR");
    if (!dir.isEmpty()) QVERIFY(image.save(dir + "/" + name));
}

// Pixels in the image that are neither white nor near-grey: something coloured was drawn.
int colouredPixels(const QImage& image) {
    int n = 0;
    for (int y = 0; y < image.height(); y += 3)
        for (int x = 0; x < image.width(); x += 3) {
            const QColor c = image.pixelColor(x, y);
            if (std::max({c.red(), c.green(), c.blue()}) - std::min({c.red(), c.green(), c.blue()}) > 40) ++n;
        }
    return n;
}

}  // namespace

class TestNtViews : public QObject {
    Q_OBJECT
private slots:
    void registered() {
        const auto views = moduleViews("neurotrainer");
        QCOMPARE(int(views.size()), 2);
    }

    void cubeMidLayer() {
        auto m = model("neurotrainer-alexnet.json");
        // Into conv2's forward op: find it by walking op starts through frames.
        std::int64_t target = 0;
        for (std::int64_t c = 0; c < m->expectedCycles(); c += 200000) {
            m->runUntil(c);
            auto f = std::dynamic_pointer_cast<const nt::NtFrame>(m->frame());
            if (f->layer == "conv2" && f->operation == "Conv-FF" && f->opCycle > f->opCycles / 3) { target = c; break; }
        }
        QVERIFY(target > 0);
        m->runUntil(target + 3);
        auto frame = std::dynamic_pointer_cast<const nt::NtFrame>(m->frame());
        QVERIFY(frame->computing || frame->vaultMove != ' ');
        NtCubeView view({}, nullptr);
        view.resize(1280, 760);
        view.setFrame(m->frame());
        const QImage image = view.grab().toImage();
        QVERIFY(colouredPixels(image) > 200);
        keep(view, "neurotrainer-cube.png");

        // A merge into the common vault, on the bus (fc6's forward ends with one).
        for (std::int64_t c = target; c < m->expectedCycles(); c += 997) {
            m->runUntil(c);
            auto f = std::dynamic_pointer_cast<const nt::NtFrame>(m->frame());
            if (f->busMove == 'M' && f->mergingPe >= 3) break;
        }
        view.setFrame(m->frame());
        QCOMPARE(std::dynamic_pointer_cast<const nt::NtFrame>(m->frame())->busMove, 'M');
        keep(view, "neurotrainer-cube-merge.png");
    }

    void programsTable() {
        auto m = model("neurotrainer-alexnet.json");
        NtProgramsView view({}, nullptr);
        view.resize(1280, 700);
        view.setReport(m->metrics());
        auto* table = view.findChild<QTableView*>();
        QVERIFY(table && table->model()->rowCount() > 20);
        keep(view, "neurotrainer-programs.png");
    }

    void chartsRender() {
        auto m = model("neurotrainer-benchmarks.json");
        const auto charts = m->charts();
        QCOMPARE(int(charts.size()), 6);  // Figure 13 (two), power, energy per layer, scaling, Figure 16
        for (const ChartSpec& c : charts) {
            QVERIFY(!c.title.empty() && !c.xLabel.empty() && !c.yLabel.empty() && !c.caption.empty());
            QVERIFY(!renderChartImage(c, {800, 500}).isNull());
        }
    }
};

QTEST_MAIN(TestNtViews)
#include "test_nt_views.moc"
