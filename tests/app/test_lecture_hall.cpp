// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 12 ("lecture-hall ready"), the defects a lecturer hit in the first hour, each on the real main window
// offscreen: a saved window layout of any bytes never crashes a start; Save never writes over another document's
// file; no two actions share a key; the transport keys work from any widget but a text box, and the cycle box
// shows the view's cycle. Also issue 14 item 11: a data-movement snapshot is a function of the cycle, not of the
// clock.

#include "app/main_window.h"
#include "app/presentation_mode.h"
#include "app/window_layout.h"
#include "core/modules/module_registry.h"
#include "tests/support/lecture_test_support.h"
#include "tests/support/view_test_support.h"
#include "views/build_progress_bar.h"
#include "views/charts_view.h"
#include "views/dialog_folder.h"
#include "views/quick_start.h"
#include "views/cgra/cgra_array_view.h"
#include "views/chart_export.h"
#include "views/metrics_view.h"
#include "views/module_view_registry.h"
#include "views/palette.h"
#include "views/neurotrainer/nt_programs_view.h"
#include "views/view_controls.h"
#include "views/pipeline/data_movement_view.h"
#include "views/pipeline/space_time_view.h"
#include "views/scenario_browser.h"
#include "views/table_model.h"
#include "views/simulation_controller.h"
#include "views/transport_bar.h"

#include <QAbstractButton>
#include <QAbstractSpinBox>
#include <QAction>
#include <QComboBox>
#include <QApplication>
#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDockWidget>
#include <QImage>
#include <QRegularExpression>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QMainWindow>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QAbstractItemView>
#include <QShortcut>
#include <QTableView>
#include <QTabBar>
#include <QTableWidget>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QUndoStack>
#include <QtTest>

#include <cmath>
#include <limits>
#include <map>
#include <sstream>
#include <thread>

using namespace dfl;

namespace {

const char* kPipeline = "pipeline-vgg-f-4stage.json";
const char* kCgra = "cgra-small-layer.json";

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// A window with `scenario` open and its module's views in their docks.
void openAndWait(MainWindow& w, const char* scenario) {
    QVERIFY(w.openScenario(lecture::scenarioPath(scenario)));
    QTRY_VERIFY(w.controller()->scenario() && w.controller()->scenario()->file == lecture::scenarioPath(scenario).toStdString());
    QTRY_VERIFY(!w.moduleDocks().isEmpty());
    QTest::qWait(20);  // the docks' queued raise
}

// The saved layout of a real window with the CGRA scenario open, maximised, as a quit leaves it.
QByteArray layoutSavedByAQuit() {
    {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        openAndWait(w, kCgra);
        w.showMaximized();
        QTest::qWait(50);
        w.moduleDocks().back()->raise();
        w.close();
    }
    return QSettings().value("window/layout/cgra").toByteArray();
}

// Every key sequence of the window's actions and shortcuts, with who has it.
std::multimap<QString, QString> keysInUse(QMainWindow& w) {
    std::multimap<QString, QString> keys;
    for (QAction* a : w.findChildren<QAction*>())
        for (const QKeySequence& k : a->shortcuts()) keys.emplace(k.toString(), a->text());
    for (QShortcut* s : w.findChildren<QShortcut*>())
        if (s->isEnabled()) keys.emplace(s->key().toString(), s->objectName());
    return keys;
}

void verifyUniqueKeys(QMainWindow& w, const char* mode) {
    const auto keys = keysInUse(w);
    QVERIFY(!keys.empty());
    for (auto it = keys.begin(); it != keys.end(); it = keys.upper_bound(it->first)) {
        if (keys.count(it->first) < 2) continue;
        QStringList who;
        for (auto [b, e] = keys.equal_range(it->first); b != e; ++b) who << b->second;
        QFAIL(qPrintable(QString("%1: %2 is bound to %3").arg(mode, it->first, who.join(", "))));
    }
}

// A model whose every cycle takes 4 ms, like a training module's: a seek of hundreds of cycles takes seconds.
class SlowModel final : public ClockedModel {
public:
    void reset() override { cycle_ = 0; }
    void step() override {
        if (done()) return;
        std::this_thread::sleep_for(std::chrono::milliseconds(4));
        ++cycle_;
    }
    std::int64_t cycle() const override { return cycle_; }
    bool done() const override { return cycle_ >= 100000; }
    std::int64_t expectedCycles() const override { return 100000; }
    FramePtr frame() const override {
        auto f = std::make_shared<Frame>();
        f->cycle = cycle_;
        return f;
    }
    MetricsReport metrics() const override { return {}; }
    std::string saveState() const override { return std::to_string(cycle_); }
    void loadState(const std::string& bytes) override { cycle_ = std::stoll(bytes); }

private:
    std::int64_t cycle_ = 0;
};

using lecture::ViewOnItsController;

}  // namespace

class TestLectureHall : public QObject {
    Q_OBJECT
    QTemporaryDir settingsDir_;

private slots:
    void initTestCase() { lecture::isolateSettings(settingsDir_.path(), "test_lecture_hall"); }
    void init() { QSettings().clear(); }

    // (1) Start, maximise, quit, start again crashed in restoreDockWidget. The layout comes back as it was saved.
    void savedLayoutComesBackAfterAMaximisedQuit() {
        const QByteArray saved = layoutSavedByAQuit();
        QVERIFY(!saved.isEmpty());
        for (int start = 0; start < 2; ++start) {  // every start, not only the first
            MainWindow w;
            w.setInteractive(false);
            w.show();
            openAndWait(w, kCgra);
            QVERIFY2(!w.statusBar()->currentMessage().contains("Default window layout"),
                     qPrintable(w.statusBar()->currentMessage()));
            for (QDockWidget* d : w.moduleDocks()) QVERIFY(w.dockWidgetArea(d) != Qt::NoDockWidgetArea);
            w.close();
        }
    }

    // (1) Whatever the saved bytes: no crash, the default layout, and the status bar says so.
    void badSavedLayoutsGiveTheDefaultLayout_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("why");
        const QByteArray good = layoutSavedByAQuit();
        QVERIFY(unwrapWindowLayout(good, "cgra").qtState.has_value());
        QByteArray flipped = good;
        flipped[flipped.size() - 7] = char(flipped[flipped.size() - 7] ^ 0x5a);
        QByteArray hugeLength = good.left(good.size() - unwrapWindowLayout(good, "cgra").qtState->size() - 4);
        hugeLength.append("\x7f\xff\xff\xff", 4);
        QMainWindow bare;  // what versions before this fix stored: Qt's own bytes, unchecked
        bare.addDockWidget(Qt::LeftDockWidgetArea, new QDockWidget("x", &bare));
        bare.findChild<QDockWidget*>()->setObjectName("dock.module.cgra.CGRA array");
        QTest::newRow("garbage") << QByteArray("\x01\x02garbage\xff\xfe", 11) << "older version or damaged";
        QTest::newRow("truncated") << good.left(good.size() / 2) << "damaged";
        QTest::newRow("one byte flipped") << flipped << "damaged";
        QTest::newRow("length of 2 GB") << hugeLength << "damaged";
        QTest::newRow("another module's") << wrapWindowLayout(unwrapWindowLayout(good, "cgra").qtState.value(), "pipeline")
                                          << "pipeline module";
        QTest::newRow("older version") << bare.saveState() << "older version";
        QTest::newRow("empty wrapper") << wrapWindowLayout(QByteArray("not Qt's"), "cgra") << "could not read";
    }
    void badSavedLayoutsGiveTheDefaultLayout() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, why);
        QSettings().clear();
        QSettings().setValue("window/layout/cgra", bytes);
        QSettings().setValue("window/state", bytes);  // where older versions kept it
        MainWindow w;
        w.setInteractive(false);
        w.show();
        openAndWait(w, kCgra);
        const QString message = w.statusBar()->currentMessage();
        QVERIFY2(message.startsWith("Default window layout") && message.contains(why), qPrintable(message));
        for (QDockWidget* d : w.moduleDocks()) {
            QCOMPARE(w.dockWidgetArea(d), Qt::RightDockWidgetArea);
            QVERIFY(w.tabifiedDockWidgets(d).contains(w.findChild<QDockWidget*>("dock.network")));
        }
        QVERIFY(!QSettings().contains("window/state"));
        w.close();
        QVERIFY(unwrapWindowLayout(QSettings().value("window/layout/cgra").toByteArray(), "cgra").qtState);
    }

    // (1) A session carries its layout the same checked way; a damaged one gives the default layout, not a crash.
    void sessionLayoutIsChecked() {
        QTemporaryDir dir;
        const QString path = dir.filePath("a.dflsession");
        MainWindow w;
        w.setInteractive(false);
        w.show();
        openAndWait(w, kCgra);
        QVERIFY(w.saveSession(path));
        QVERIFY(w.openSession(path));
        QTRY_VERIFY(w.statusBar()->currentMessage().isEmpty() || !w.statusBar()->currentMessage().contains("Default"));
        QVERIFY(!w.statusBar()->currentMessage().contains("Default window layout"));
    }

    // (2) Save a session A, open another scenario, edit it, Save: A's file is untouched and Save asks for a name.
    void saveNeverWritesOverAnotherDocument() {
        QTemporaryDir dir;
        const QString a = dir.filePath("a.dflsession"), b = dir.filePath("b.dflsession");
        MainWindow w;
        w.setInteractive(false);
        QStringList asked;
        w.setSavePathQuestion([&](const QString& suggested) {
            asked << suggested;
            return b;
        });
        w.show();
        openAndWait(w, kPipeline);
        QVERIFY(w.saveSession(a));
        const QByteArray before = readAll(a);
        openAndWait(w, kCgra);
        w.controller()->seek(3);
        QTRY_COMPARE(w.controller()->cycle(), qint64(3));
        QAction* save = nullptr;
        for (QAction* act : w.findChildren<QAction*>())
            if (act->shortcut() == QKeySequence(QKeySequence::Save)) save = act;
        QVERIFY(save);
        save->trigger();
        QCOMPARE(readAll(a), before);
        QCOMPARE(asked.size(), 1);
        QVERIFY2(!QFileInfo(asked.front()).isRelative(), qPrintable(asked.front()));  // not the working directory
        QVERIFY(QFileInfo::exists(b));
        QCOMPARE(w.sessionPath(), b);
        save->trigger();  // now this document has its file: no question
        QCOMPARE(asked.size(), 1);
        // A session opened is its own file's document: Save writes there without asking.
        QVERIFY(w.openSession(a));
        QTRY_COMPARE(w.controller()->scenario()->module, std::string("pipeline"));
        save->trigger();
        QCOMPARE(asked.size(), 1);
        QCOMPARE(w.sessionPath(), a);
    }

    // (3) No two actions or shortcuts of the window share a key, in normal and in presentation mode.
    void everyShortcutIsUnique() {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        openAndWait(w, kPipeline);
        verifyUniqueKeys(w, "normal");
        w.presentationMode()->setActive(true);
        verifyUniqueKeys(w, "presentation");
        w.presentationMode()->setActive(false);
        verifyUniqueKeys(w, "after presentation");
        bool f5 = false;  // and F5 presents (it did nothing while Reload shared it)
        for (QAction* act : w.findChildren<QAction*>()) f5 |= act->shortcuts().contains(QKeySequence(Qt::Key_F5));
        QVERIFY(f5);
    }

    // (4) Type a cycle, Enter: the view goes there and the keys step again; from a list, the clicker's keys too.
    void transportKeysWorkFromAnywhereButATextBox() {
        MainWindow w;
        w.setInteractive(false);
        w.resize(1280, 800);
        w.show();
        QVERIFY(QTest::qWaitForWindowActive(&w));
        openAndWait(w, kPipeline);
        TransportBar* t = w.transportBar();
        QDoubleSpinBox* box = t->cycleBox();
        auto cycle = [&] { return w.controller()->cycle(); };

        box->setFocus();
        QTRY_VERIFY(box->hasFocus());
        box->selectAll();
        QTest::keyClicks(box, "5");
        QTest::keyClick(box, Qt::Key_Right);  // while typing, arrows move the text cursor, nothing steps
        QTest::qWait(30);
        QCOMPARE(cycle(), qint64(0));
        QTest::keyClick(box, Qt::Key_Return);
        QTRY_COMPARE(cycle(), qint64(5));
        QVERIFY(!box->hasFocus());
        QWidget* focus = QApplication::focusWidget() ? QApplication::focusWidget() : &w;
        QTest::keyClick(focus, Qt::Key_Right);
        QTRY_COMPARE(cycle(), qint64(6));
        QTRY_COMPARE(qint64(box->value()), qint64(6));

        QTreeWidget* list = w.scenarioBrowser()->tree();
        list->setFocus();
        QTRY_VERIFY(list->hasFocus());
        QTest::keyClick(list, Qt::Key_Right);
        QTRY_COMPARE(cycle(), qint64(7));
        QTest::keyClick(list, Qt::Key_PageDown);
        QTRY_COMPARE(cycle(), qint64(8));
        QTest::keyClick(list, Qt::Key_PageUp);
        QTRY_COMPARE(cycle(), qint64(7));
        QTest::keyClick(list, Qt::Key_Left);
        QTRY_COMPARE(cycle(), qint64(6));
        QTest::keyClick(list, Qt::Key_End);
        QTRY_COMPARE(cycle(), w.controller()->expectedCycles());
        QTest::keyClick(list, Qt::Key_Home);
        QTRY_COMPARE(cycle(), qint64(0));
        QTRY_COMPARE(qint64(box->value()), qint64(0));

        // The box shows the view's cycle even while it has the focus, as long as nobody types into it.
        box->setFocus();
        w.controller()->seek(9);
        QTRY_COMPARE(qint64(box->value()), qint64(9));
        // Escape gives up a typed number: the box goes back to the view's cycle, the keys to the window.
        box->selectAll();
        QTest::keyClicks(box, "42");
        QTest::keyClick(box, Qt::Key_Escape);
        QTest::qWait(30);
        QCOMPARE(cycle(), qint64(9));
        QCOMPARE(qint64(box->value()), qint64(9));
        QVERIFY(!box->hasFocus());
    }

    // The space-time diagram shows the current cycle with its history, also after scrubbing back (cycle 8 was left
    // as a sliver under the stage labels); at cycle 0 the stages' rows are there already.
    void spaceTimeKeepsTheCurrentCycleInView() {
        ViewOnItsController<PipelineSpaceTimeView> v(kPipeline, {760, 480});
        PipelineSpaceTimeView& view = v.view;
        SimulationController& controller = v.controller;
        QTRY_VERIFY(controller.scenario());
        QTRY_VERIFY(view.canvas()->hasLayout());
        QCOMPARE(controller.cycle(), qint64(0));
        SpaceTimeCanvas* canvas = view.canvas();
        QScrollArea* scroll = view.findChild<QScrollArea*>();
        auto inView = [&](qint64 cycle) {
            const QRect cell = canvas->cellRect(cycle, 1);
            const int left = scroll->horizontalScrollBar()->value() + canvas->labelWidth();
            const int right = scroll->horizontalScrollBar()->value() + scroll->viewport()->width();
            return cell.left() >= left && cell.right() <= right;
        };
        const qint64 far = std::min<qint64>(controller.expectedCycles(), 60);
        QVERIFY(far > 20);
        controller.seek(far);
        QTRY_COMPARE(controller.cycle(), far);
        QTRY_VERIFY(inView(far));
        QVERIFY(inView(far - 3));  // with its history
        // Every cell explains itself: what runs there, the timetable's formula with this cell's values.
        const QString tip = canvas->explainCell(10, 2);
        QVERIFY2(tip.contains("Cycle T = 10, stage S = 2") && tip.contains("T − S + 1 = 10 − 2 + 1 = 9") &&
                     tip.contains("2P − 2S + 1 = 2·4 − 2·2 + 1 = 5"), qPrintable(tip));
        QVERIFY(canvas->explainCell(far + 5, 1).isEmpty());  // not recorded yet: nothing to explain
        for (qint64 back : {qint64(8), qint64(3), far - 1}) {
            controller.seek(back);
            QTRY_COMPARE(controller.cycle(), back);
            QTRY_VERIFY2(inView(back), qPrintable(QString("cycle %1").arg(back)));
            if (back > 3) QVERIFY(inView(back - 2));
        }
    }

    // In presentation the space-time diagram showed 2-3 past cycles beside 4-5 empty future columns, and the delay
    // bracket under the rows was cut off (issue 12): the current cycle with as much history as fits and one column
    // of future, and every row and the bracket within the view's height.
    void spaceTimeShowsHistoryAndTheWholeHeight_data() {
        QTest::addColumn<double>("scale");
        QTest::addColumn<QSize>("size");
        QTest::newRow("1280x800 presentation") << 1.8 << QSize(820, 700);
        QTest::newRow("1600x1000 presentation") << 1.8 << QSize(1040, 780);
        QTest::newRow("1280x800 normal") << 1.0 << QSize(620, 560);
    }
    void spaceTimeShowsHistoryAndTheWholeHeight() {
        QFETCH(double, scale);
        QFETCH(QSize, size);
        setPresentationScale(scale);
        ViewOnItsController<PipelineSpaceTimeView> v(kPipeline, size);
        SpaceTimeCanvas* canvas = v.view.canvas();
        QScrollArea* scroll = v.view.findChild<QScrollArea*>();
        QStringList problems;
        for (qint64 cycle : {qint64(6), qint64(14), qint64(9)}) {
            if (!v.seekAndWait(cycle)) problems << QString("cycle %1 not reached").arg(cycle);
            QTest::qWait(50);
            const int from = scroll->horizontalScrollBar()->value(), width = scroll->viewport()->width();
            const QRect cell = canvas->cellRect(cycle, 1);
            const int future = (from + width - cell.right()) / canvas->cellWidth();  // whole columns right of it
            const int past = (cell.left() - from - canvas->labelWidth()) / canvas->cellWidth();
            if (cell.right() > from + width || cell.left() < from + canvas->labelWidth())
                problems << QString("cycle %1 not in view").arg(cycle);
            if (future > 1 && from > 0)
                problems << QString("cycle %1: %2 empty future columns, %3 past ones").arg(cycle).arg(future).arg(past);
            if (canvas->height() > scroll->viewport()->height())
                problems << QString("cycle %1: the diagram is %2 px high in a view of %3").arg(cycle).arg(canvas->height())
                                .arg(scroll->viewport()->height());
        }
        setPresentationScale(1.0);
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join("; ")));
    }

    // A slow seek says "Replaying to cycle N" with its progress, and Cancel stops it where it got to.
    void slowSeekShowsProgressAndCancels() {
        SimulationController controller;
        BuildProgressBar bar(&controller);
        Scenario s;
        s.name = "slow";
        s.module = "slow";
        controller.loadModel(std::make_unique<SlowModel>(), s);
        QTRY_VERIFY(controller.scenario());
        QSignalSpy started(&controller, &SimulationController::seekStarted);
        QSignalSpy finished(&controller, &SimulationController::seekFinished);
        controller.seek(2000);  // ~8 s
        QTRY_COMPARE(started.count(), 1);
        QCOMPARE(started.front().front().toLongLong(), qint64(2000));
        QVERIFY(bar.isVisibleTo(nullptr) || !bar.isHidden());
        QVERIFY(bar.findChild<QLabel*>()->text().contains("Replaying to cycle 2000"));
        QTRY_VERIFY(bar.bar()->value() > 0);
        bar.cancelButton()->click();
        QTRY_COMPARE(finished.count(), 1);
        QCOMPARE(finished.front().front().toBool(), true);
        QVERIFY(bar.isHidden());
        QTRY_VERIFY(controller.cycle() > 0);
        QVERIFY(controller.cycle() < 2000);
        // A quick seek is not announced.
        const qint64 at = controller.cycle();
        controller.seek(at + 2);
        QTRY_COMPARE(controller.cycle(), at + 2);
        QTest::qWait(50);
        QCOMPARE(started.count(), 1);
    }

    // "Export all" snapshots show the view, not its buttons: every button, spin box and combo box of every module
    // view is marked as a control, and the export hides what is marked.
    void everyViewControlIsMarkedForTheExport() {
        SimulationController controller;
        QUndoStack undo;
        int views = 0;
        for (const auto& [module, path] : lecture::firstScenarioPerModule())
            for (const ModuleViewFactory& f : moduleViews(module)) {
                std::unique_ptr<QWidget> view(f.create(ModuleViewContext{&controller, &undo}, nullptr));
                if (!view) continue;
                ++views;
                for (QWidget* w : view->findChildren<QWidget*>()) {
                    const bool operates = qobject_cast<QAbstractButton*>(w) || qobject_cast<QAbstractSpinBox*>(w) ||
                                          qobject_cast<QComboBox*>(w);
                    // Qt's own parts of a tab bar or a table (scroll arrows, the corner button) are not the view's.
                    const QWidget* parent = w->parentWidget();
                    const bool qtPart = qobject_cast<const QTabBar*>(parent) || qobject_cast<const QAbstractItemView*>(parent);
                    if (operates && !qtPart)
                        QVERIFY2(isViewControl(w), qPrintable(QString::fromStdString(f.dockTitle) + ": " +
                                                              w->metaObject()->className() + " " + w->objectName()));
                }
            }
        QVERIFY(views >= 5);
    }

    // The scenario browser: grouped by module, every title whole (wrapped, and in the tooltip), one click opens,
    // Enter opens.
    void scenarioBrowserGroupsAndOpensOnOneClick() {
        ScenarioBrowser browser;
        browser.resize(300, 700);
        browser.setDirectory(lecture::scenariosDir());
        browser.show();
        QVERIFY(QTest::qWaitForWindowExposed(&browser));
        QTreeWidget* tree = browser.tree();
        QStringList headings;
        for (int i = 0; i < tree->topLevelItemCount(); ++i) headings << tree->topLevelItem(i)->text(0);
        for (const char* h : {"Networks", "Pipeline parallelism", "NeuroTrainer", "CGRA"}) QVERIFY2(headings.contains(h), qPrintable(headings.join(", ")));
        for (QTreeWidgetItem* item : browser.scenarioItems()) {
            const Scenario s = loadScenarioFile(item->data(0, Qt::UserRole).toString().toStdString());
            QVERIFY(item->parent());
            QCOMPARE(item->text(0), QString::fromStdString(s.name));  // whole, not elided
            QVERIFY(item->toolTip(0).contains(QString::fromStdString(s.name).toHtmlEscaped()));
            // Tall enough for the wrapped title and the description line.
            const QFontMetrics bold([&] { QFont f = tree->font(); f.setBold(true); return f; }());
            const QRect need = bold.boundingRect(QRect(0, 0, tree->viewport()->width() - tree->indentation() - 12, 10000),
                                                 Qt::TextWordWrap, item->text(0));
            QTRY_VERIFY2(tree->visualItemRect(item).height() >= need.height() + tree->fontMetrics().height(),
                         qPrintable(QString("%1: row %2 px, title needs %3 px + a line of %4 px")
                                        .arg(item->text(0)).arg(tree->visualItemRect(item).height())
                                        .arg(need.height()).arg(tree->fontMetrics().height())));
        }
        QSignalSpy opened(&browser, &ScenarioBrowser::openRequested);
        QTreeWidgetItem* second = browser.scenarioItems().at(1);
        tree->scrollToItem(second);
        const QPoint at = tree->visualItemRect(second).center();
        QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, at);
        QTRY_COMPARE(opened.count(), 1);
        QCOMPARE(opened.back().front().toString(), second->data(0, Qt::UserRole).toString());
        const int before = opened.count();
        tree->setFocus();
        tree->setCurrentItem(browser.scenarioItems().at(2));
        QTest::keyClick(tree, Qt::Key_Return);
        QTRY_COMPARE(opened.count(), before + 1);
        QCOMPARE(opened.back().front().toString(), browser.scenarioItems().at(2)->data(0, Qt::UserRole).toString());
    }

    // Hover the data-movement view: stages say what runs with the timetable's formula, transfers and the headings
    // give the batch report's figure with its formula (one source).
    void dataMovementExplainsItself() {
        ViewOnItsController<DataMovementView> v(kPipeline, {1100, 600});
        DataMovementView& view = v.view;
        QVERIFY(v.seekAndWait(6));
        QVERIFY(v.controller.metrics()->find("pipeline_forward_mb_per_batch"));
        QTest::qWait(50);
        view.repaint();
        QStringList tips;
        for (int x = 0; x < view.width(); x += 10)
            for (int y = 0; y < view.height(); y += 10) tips << view.toolTipAt(QPointF(x, y));
        tips.removeDuplicates();
        const QString all = tips.join("\n---\n");
        QVERIFY2(all.contains("<b>Stage 2</b>") && all.contains("T − S + 1 = 6 − 2 + 1"), qPrintable(all));
        QVERIFY2(all.contains("pipeline_forward_mb_per_batch") && all.contains("= input batch + boundaries"), qPrintable(all));
        QVERIFY2(all.contains("data_parallel_mb_per_batch") && all.contains("Worker 1 of"), qPrintable(all));
        QVERIFY2(all.contains("Activations Y") || all.contains("Gradients dY"), qPrintable(all));
    }

    // Hover a CGRA PE: what it accumulates and holds, this cycle's multiply with its operands, the partial sum's
    // count against Ci·H^2.
    void cgraPeExplainsItself() {
        ViewOnItsController<CgraArrayView> v(kCgra, {900, 600});
        QVERIFY(v.seekAndWait(40));
        CgraArrayCanvas* canvas = v.view.findChild<CgraArrayCanvas*>();
        QVERIFY(canvas);
        QTRY_VERIFY(!canvas->explainPe(0, 0).isEmpty());
        const QString tip = canvas->explainPe(0, 0);
        QVERIFY2(tip.contains("PE (x=0, y=0)") && tip.contains("cycle 40") && tip.contains("Ci·H<sup>2</sup>"), qPrintable(tip));
        QVERIFY(canvas->explainPe(999, 0).isEmpty());
    }

    // The NeuroTrainer programs table shows which operation runs now, and while the PEs load, what and why.
    void programsTableFollowsTheRunningOperation() {
        ViewOnItsController<NtProgramsView> v("neurotrainer-small-cnn.json", {900, 600});
        NtProgramsView& view = v.view;
        SimulationController& controller = v.controller;
        QVERIFY(v.seekAndWait(3));
        QTRY_VERIFY(!view.runningRows().isEmpty());
        QVERIFY2(view.nowText().contains("op 1 of") && view.nowText().contains("cycle 3"), qPrintable(view.nowText()));
        QVERIFY2(view.nowText().contains("loading") || view.nowText().contains("broadcasting"), qPrintable(view.nowText()));
        QTableView* table = view.findChild<QTableView*>();
        QCOMPARE(table->selectionModel()->selectedRows().size(), view.runningRows().size());
        const QList<int> first = view.runningRows();
        const qint64 expected = controller.expectedCycles();
        controller.seek(expected - 1);  // the last operation
        QTRY_COMPARE(controller.cycle(), expected - 1);
        QTRY_VERIFY(view.runningRows() != first);
    }

    // Slide-ready exports: PNG, SVG and PDF of a chart all print 13.333 in wide (a 16:9 slide), so text is the
    // same physical size in each.
    void exportsHaveTheSlidesPhysicalSize() {
        ChartSpec spec;
        spec.id = "t";
        spec.title = "A chart";
        spec.xLabel = "x";
        spec.yLabel = "y";
        spec.series.push_back({"s", SeriesRole::Forward, {0, 1, 2}, {1, 3, 2}});
        QTemporaryDir dir;
        const QString stem = dir.filePath("t");
        exportChart(spec, stem, {"png", "svg", "pdf"}, {1600, 1000});
        const double slide = 13.3333;
        const QImage png(stem + ".png");
        QVERIFY(std::abs(png.width() / (png.dotsPerMeterX() * 0.0254) - slide) < 0.02);
        const QString svg = QString::fromUtf8(readAll(stem + ".svg"));
        const QRegularExpressionMatch w = QRegularExpression(R"(<svg[^>]*\bwidth="([0-9.]+)in")").match(svg);
        QVERIFY2(w.hasMatch(), qPrintable(svg.left(400)));
        QVERIFY(std::abs(w.captured(1).toDouble() - slide) < 0.01);
        const QByteArray pdf = readAll(stem + ".pdf");
        const QRegularExpressionMatch box = QRegularExpression(R"(/MediaBox\s*\[\s*0\s+0\s+([0-9.]+)\s+([0-9.]+))")
                                                .match(QString::fromLatin1(pdf));
        QVERIFY(box.hasMatch());
        QVERIFY2(std::abs(box.captured(1).toDouble() / 72 - slide) < 0.02, qPrintable(box.captured(0)));
    }

    // Figures the run has not produced yet (a convergence target not reached so far) read "—": not "nan", and
    // their reference check is not a red fail.
    void figuresNotYetProducedReadADash() {
        QCOMPARE(formatValue(std::numeric_limits<double>::quiet_NaN()), QString("—"));
        // One number format: the NeuroTrainer summary read "2.25e+06" beside "3.088E+05" (issue 12).
        for (const double v : {2.25e6, 308800.5, 12345.6, 0.000123, -4.5e7, 1234.5, 0.5})
            QVERIFY2(!formatValue(v).contains('E'), qPrintable(formatValue(v)));
        QCOMPARE(formatValue(308800.5), QString("3.088e+05"));
        QCOMPARE(formatValue(1234.25), QString("1,234"));
        SimulationController controller;
        MetricsView view(&controller);
        MetricsReport report;
        report.summary.push_back({"epochs_to_target", std::numeric_limits<double>::quiet_NaN(), "epochs", "", "not reached"});
        ReferenceCheck check;
        check.reference = {"epochs_to_target", 12, 0.1, "paper"};
        check.simulated = std::numeric_limits<double>::quiet_NaN();
        report.references.push_back(check);
        view.setReport(report);
        QCOMPARE(view.summary()->item(0, 1)->text(), QString("—"));
        QTableWidgetItem* verdict = view.references()->item(0, 0);
        QVERIFY2(verdict->text().startsWith("— not yet"), qPrintable(verdict->text()));
        QCOMPARE(verdict->background().style(), Qt::NoBrush);
        QCOMPARE(view.references()->item(0, 2)->text(), QString("—"));
    }

    // Help → Quick Start (F1) for every module: its own title, what to watch and three things to try, not the general
    // text a module without one gets; F1 in the window shows the open module's.
    void everyModuleHasItsQuickStart() {
        const QuickStart general = quickStart("no-such-module");
        QStringList titles;
        for (const ModuleInfo& m : allModules()) {
            const QuickStart q = quickStart(m.name);
            const QString which = QString::fromStdString(m.name);
            QVERIFY2(q.watch != general.watch, qPrintable(which + " has only the general quick start"));
            QVERIFY2(!q.title.isEmpty() && !titles.contains(q.title), qPrintable(which + ": title \"" + q.title + "\""));
            titles << q.title;
            for (const QString& t : q.tryThese) QVERIFY2(t.size() > 20, qPrintable(which + ": \"" + t + "\""));
        }
        MainWindow w;
        w.setInteractive(false);
        w.show();
        openAndWait(w, kCgra);
        QTest::keyClick(&w, Qt::Key_F1);
        QCOMPARE(w.lastQuickStart(), quickStartHtml("cgra"));
    }

    // Chart tabs follow the scenario: the same charts of another network name that network (the tabs kept
    // "mnist-cnn: …" over AlexNet's charts). A tab shows a few words; its tool tip the whole title.
    void chartTabsFollowTheScenario() {
        MainWindow w;
        w.setInteractive(false);
        w.show();
        QTabWidget* tabs = w.chartsView()->tabs();
        const auto tips = [tabs] {
            QStringList all;
            for (int i = 0; i < tabs->count(); ++i) all << tabs->tabToolTip(i);
            return all.join("\n");
        };
        openAndWait(w, kPipeline);
        QTRY_VERIFY(tabs->count() > 0 && tips().contains("vgg-f:"));
        openAndWait(w, "pipeline-mnist-cnn-3stage.json");
        QTRY_VERIFY2(tips().contains("mnist-cnn:") && !tips().contains("vgg-f:"), qPrintable(tips()));
        const std::vector<ChartSpec>& charts = *w.controller()->charts();
        QCOMPARE(std::size_t(tabs->count()), charts.size());
        for (int i = 0; i < tabs->count(); ++i) {
            const ChartSpec& c = charts[std::size_t(i)];
            QCOMPARE(tabs->tabText(i), QString::fromStdString(chartTabTitle(c)));
            QVERIFY2(tabs->tabToolTip(i).contains(QString::fromStdString(c.title).toHtmlEscaped()), qPrintable(tabs->tabToolTip(i)));
        }
    }

    // File dialogs start in the folder last used for that kind of file, else the user's documents; never the
    // program's working directory (a launcher's is / or the build tree).
    void fileDialogsStartInDocumentsOrTheLastFolder() {
        QTemporaryDir working, last;
        const QString before = QDir::currentPath();
        QDir::setCurrent(working.path());
        const auto back = qScopeGuard([&before] { QDir::setCurrent(before); });
        const QString documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        QSettings().remove("charts/lastExportDir");
        QCOMPARE(dialogStartFolder("charts/lastExportDir"), documents);
        QSettings().setValue("charts/lastExportDir", last.path());
        QCOMPARE(dialogStartFolder("charts/lastExportDir"), last.path());
        QSettings().setValue("charts/lastExportDir", last.path() + "/gone");  // a folder since deleted
        QCOMPARE(dialogStartFolder("charts/lastExportDir"), documents);
        QVERIFY(documents != working.path());
        QSettings().remove("charts/lastExportDir");
    }

    // Issue 14 item 11: the picture of a cycle does not depend on when it is taken (an export grabs it at once, a
    // screenshot later; the packet animation ran on a wall-clock timer).
    void dataMovementSnapshotIsAFunctionOfTheCycle() {
        const Scenario scenario = loadScenarioFile(lecture::scenarioPath(kPipeline).toStdString());
        std::unique_ptr<ClockedModel> model = createModel(scenario);
        for (int i = 0; i < 6; ++i) model->step();
        auto grabAfter = [&](int ms) {
            DataMovementView view{ModuleViewContext{}};
            view.setAttribute(Qt::WA_DontShowOnScreen);
            view.resize(1100, 600);
            view.show();
            view.setFrame(model->frame());
            QTest::qWait(ms);
            return view.grab().toImage();
        };
        const QImage atOnce = grabAfter(0), later = grabAfter(200), settled = grabAfter(700);
        QCOMPARE(atOnce, later);
        QCOMPARE(atOnce, settled);
    }
};

QTEST_MAIN(TestLectureHall)
#include "test_lecture_hall.moc"
