// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/export_all.h"

#include "core/sim/input_error.h"
#include "views/view_controls.h"
#include "views/chart_export.h"
#include "views/module_view_registry.h"
#include "views/simulation_controller.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QDir>
#include <QFileInfo>
#include <QImage>
#include <QSaveFile>
#include <QUndoStack>
#include <QWidget>

#include <memory>
#include <vector>

namespace dfl {

namespace {

constexpr int kReplayTimeoutMs = 120'000;  // a build or replay longer than this is a scenario too big to animate anyway

QString q(const std::string& s) { return QString::fromStdString(s); }

// "Pipeline space-time" → "pipeline-space-time": a file name a slide tool sorts and shows well.
QString slug(const std::string& title) {
    QString out;
    for (const QChar c : q(title).toLower()) out += c.isLetterOrNumber() ? c : QChar('-');
    while (out.contains("--")) out.replace("--", "-");
    return out.isEmpty() ? QStringLiteral("view") : out;
}

// The module's views on their own controller, laid out offscreen at a fixed size.
class OffscreenViews {
public:
    OffscreenViews(const ExportJob& job, QSize size, const ExportObserver& observe) : scenario_(job.scenario) {
        for (const ModuleViewFactory& f : moduleViews(scenario_.module)) {
            // Views (and recorders among them) connect before the load, as the controller asks.
            QWidget* w = f.create(ModuleViewContext{&controller_, &undo_}, nullptr);
            if (!w) continue;
            w->setAttribute(Qt::WA_DontShowOnScreen);
            for (QWidget* control : w->findChildren<QWidget*>())  // the picture, not the buttons that operate it
                if (isViewControl(control)) control->hide();
            w->resize(size);
            w->show();  // laid out and polished like a visible widget, but never on a screen
            views_.push_back({f.dockTitle, std::unique_ptr<QWidget>(w)});
        }
        QObject::connect(&controller_, &SimulationController::error, &controller_,
                         [this](const QString& m) { error_ = m; });
        QObject::connect(&controller_, &SimulationController::buildFinished, &controller_, [this](bool cancelled) {
            if (cancelled) error_ = QStringLiteral("the export was cancelled while its model was being built");
        });
        if (views_.empty()) return;  // nothing to replay for a module without views
        if (observe) observe(controller_);
        if (job.model) controller_.adoptModel(job.model, scenario_);  // shown where it is: nothing rebuilt
        else if (job.modelState) controller_.loadScenarioState(scenario_, *job.modelState);  // rebuilt, not replayed
        else controller_.loadScenario(scenario_);
        // Nothing else is queued yet, so the load's own delivery says where the model starts.
        waitFor([this] { return controller_.scenario() != nullptr; }, "building the model");
        startCycle_ = controller_.cycle();
    }

    bool empty() const { return views_.empty(); }
    const SimulationController& controller() const { return controller_; }
    std::int64_t simulatedCycles() const { return controller_.cycle() - startCycle_; }

    // Runs (or goes back) to `cycle` and lets the views take in the frames (or the run ends earlier, when the model
    // is done).
    void seek(std::int64_t cycle) {
        controller_.seek(cycle);
        waitFor([&] {
            return controller_.metrics() &&
                   (controller_.cycle() == cycle || (controller_.isDone() && controller_.cycle() <= cycle));
        }, "replaying to cycle " + std::to_string(cycle));
        // Recorders' cycles and repaints are queued behind the delivery that said we arrived.
        for (int i = 0; i < 5; ++i) QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    }

    // (title, picture) of every view as it is now.
    std::vector<std::pair<std::string, QImage>> grab() const {
        std::vector<std::pair<std::string, QImage>> out;
        for (const auto& [title, w] : views_) out.emplace_back(title, w->grab().toImage());
        return out;
    }

private:
    // Lets the controller work (the GUI stays responsive meanwhile) until `done`, an error or the deadline.
    template <class Done> void waitFor(Done done, const std::string& what) {
        QDeadlineTimer deadline(kReplayTimeoutMs);
        while (!done() && error_.isEmpty() && !deadline.hasExpired())
            QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        if (!error_.isEmpty()) throw InputError(scenario_.file, "", error_.toStdString());
        if (!done())
            throw InputError(scenario_.file, "", what + " took longer than " + std::to_string(kReplayTimeoutMs / 1000) + " s");
    }

    Scenario scenario_;
    SimulationController controller_;
    QUndoStack undo_;
    std::vector<std::pair<std::string, std::unique_ptr<QWidget>>> views_;
    QString error_;
    std::int64_t startCycle_ = 0;
};

void saveImage(const QImage& image, const QString& path) {
    if (image.isNull() || !image.save(path, "PNG"))
        throw InputError(path.toStdString(), "", "cannot write the picture");
}

void writeText(const QString& path, const QString& text) {
    QSaveFile f(path);
    const QByteArray bytes = text.toUtf8();
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        throw InputError(path.toStdString(), "", "cannot write: " + f.errorString().toStdString());
}

QString number(int n) { return QString("%1").arg(n, 2, 10, QChar('0')); }

}  // namespace

ExportResult exportAll(const ExportJob& job, QSize viewSize, const ExportObserver& observe) {
    const QDir dir(q(job.directory));
    if (!QDir().mkpath(dir.path())) throw InputError(job.directory, "", "cannot create the export folder");
    QStringList formats;
    for (const auto& f : job.chartFormats) formats << q(f);
    if (formats.isEmpty()) formats << "png";

    ExportResult result;
    QString items;  // the index body, in slide order
    int slide = 0;
    std::int64_t expected = -1;

    OffscreenViews views(job, viewSize, observe);
    if (!views.empty()) {
        views.seek(job.cycle);
        result.simulatedCycles = views.simulatedCycles();
        expected = views.controller().expectedCycles();
        for (const auto& [title, image] : views.grab()) {
            const QString file = number(++slide) + "-" + slug(title) + ".png";
            saveImage(image, dir.filePath(file));
            result.files << file;
            items += QString("## %1. %2 at cycle %3\n\n![%2](%4)\n\nThe animated view “%2” of the %5 module at cycle %3.\n\n")
                         .arg(slide).arg(q(title)).arg(job.cycle).arg(file, q(job.scenario.module));
        }
    }
    for (const ChartSpec& chart : job.charts) {
        const QString stem = number(++slide) + "-" + q(chart.id.empty() ? "chart" : chart.id);
        exportChart(chart, dir.filePath(stem), formats);
        QStringList files;
        for (const QString& f : formats) files << stem + "." + f;
        result.files << files;
        const QString picture = formats.contains("png") ? stem + ".png" : (formats.contains("svg") ? stem + ".svg" : QString());
        items += QString("## %1. %2\n\n").arg(slide).arg(q(chart.title));
        if (!picture.isEmpty()) items += QString("![%1](%2)\n\n").arg(q(chart.title), picture);
        items += q(chart.caption) + "\n\nFiles: " + files.join(", ") + "\n\n";
    }
    if (job.frames && !views.empty()) {
        const CycleRange r = *job.frames;
        if (r.last - r.first + 1 > kMaxExportFrames)
            throw InputError("command line", "--frames", "at most " + std::to_string(kMaxExportFrames) + " frames per export");
        if (!QDir().mkpath(dir.filePath("frames"))) throw InputError(job.directory, "frames", "cannot create the folder");
        const int digits = int(QString::number(r.last).size());
        int count = 0;
        for (std::int64_t c = r.first; c <= r.last; ++c) {
            views.seek(c);
            if (views.controller().cycle() < c) break;  // the run ended before the range did
            for (const auto& [title, image] : views.grab()) {
                const QString file = "frames/" + slug(title) + "-" + QString("%1").arg(c, digits, 10, QChar('0')) + ".png";
                saveImage(image, dir.filePath(file));
                result.files << file;
            }
            ++count;
        }
        items += QString("## Animated sequence\n\n%1 frames of each view, cycles %2 to %3, in `frames/` "
                         "(one PNG per view per cycle, numbered by cycle).\n\n")
                     .arg(count).arg(r.first).arg(r.first + count - 1);
    }

    const Scenario& s = job.scenario;
    QString index = "# " + q(s.name) + "\n\n";
    if (!s.description.empty()) index += q(s.description) + "\n\n";
    index += "- Module: " + q(s.module) + "\n";
    if (!s.file.empty()) index += "- Scenario: `" + QFileInfo(q(s.file)).fileName() + "`\n";
    index += "- Cycle: " + QString::number(job.cycle) + (expected >= 0 ? " of " + QString::number(expected) : QString()) + "\n";
    index += "- Seed: " + QString::number(s.seed) + "\n\n";
    if (job.charts.empty() && views.empty()) index += "This scenario has no charts and no animated views.\n\n";
    index += items;
    result.indexPath = dir.filePath("index.md");
    writeText(result.indexPath, index);
    result.files << "index.md";
    return result;
}

}  // namespace dfl
