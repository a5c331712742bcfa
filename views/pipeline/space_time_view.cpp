// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/pipeline/space_time_view.h"

#include "core/pipeline/pipeline_charts.h"
#include "core/pipeline/pipeline_schedule.h"
#include "views/palette.h"
#include "views/presentation_scale.h"
#include "views/simulation_controller.h"
#include "views/view_controls.h"

#include <QHBoxLayout>
#include <QHelpEvent>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QPaintEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QToolTip>
#include <QVBoxLayout>

#include <algorithm>

namespace dfl {

namespace {

// Error calculation: its own colour (orange), distinct from backward (vermillion) and update (bluish green).
const QColor& errorColor() { return palette::orange; }

void box(QPainter& p, DrawnText& drawn, const QRectF& r, const QColor& fill, const QString& text) {
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawRoundedRect(r.adjusted(1, 1, -1, -1), 3, 3);
    if (text.isEmpty()) return;
    p.setPen(palette::textOn(fill));
    drawn.draw(p, r, Qt::AlignCenter, text);
}

}  // namespace

SpaceTimeCanvas::SpaceTimeCanvas(QWidget* parent) : QWidget(parent) {
    paintOnWhite(this);
    updateSize();
}

int SpaceTimeCanvas::cellWidth() const { return int(52 * presentationScale()); }
int SpaceTimeCanvas::rowHeight() const {
    // Every row and the delay bracket under them within the view's height where the rows can give that much (at
    // presentation size on 1280 x 800 the bracket was below the view's edge), never below two lines of cell text.
    const int full = int(54 * presentationScale()), least = int(36 * presentationScale());
    if (!parentWidget() || !layout_ || layout_->config.stages < 1) return full;
    const int room = (parentWidget()->height() - headerHeight() - bracketHeight()) / layout_->config.stages;
    return std::clamp(room, least, full);
}
int SpaceTimeCanvas::labelWidth() const { return int(170 * presentationScale()); }
int SpaceTimeCanvas::headerHeight() const { return int(30 * presentationScale()); }

std::int64_t SpaceTimeCanvas::plannedColumns() const {
    constexpr std::int64_t MostPlanned = 400;  // beyond this the canvas grows as cycles are recorded
    std::int64_t run = 0;
    if (layout_) run = std::min(PipelineSchedule(layout_->config.stages, layout_->miniBatches).totalCycles(), MostPlanned);
    return std::max({recordedCycles() + 2, std::int64_t(12), run});
}

QSize SpaceTimeCanvas::sizeHint() const {
    const int stages = layout_ ? layout_->config.stages : 4;
    const std::int64_t columns = plannedColumns();
    return {std::max(labelWidth() + int(columns) * cellWidth(), int(1100 * presentationScale())),
            headerHeight() + stages * rowHeight() + bracketHeight()};
}

int SpaceTimeCanvas::bracketHeight() const {
    // The bracket and its reading, which wraps onto up to three lines when the view is too narrow for one.
    return int(14 * presentationScale() + 3 * QFontMetricsF(scaledFont(10, true)).height()) + 4;
}

void SpaceTimeCanvas::updateSize() {
    // At least as wide as the scroll area's viewport (the parent), so rows, header and outline fill the view.
    QSize size = sizeHint();
    if (parentWidget()) size.setWidth(std::max(size.width(), parentWidget()->width()));
    setMinimumSize(size);
    resize(size);
}

void SpaceTimeCanvas::record(std::shared_ptr<const PipelineFrame> frame) {
    if (!frame) return;
    if (frame->layout != layout_) {
        layout_ = frame->layout;
        cycles_.clear();
    }
    if (frame->cycle <= 0) return;  // cycle 0: nothing has run yet
    if (std::int64_t(cycles_.size()) >= frame->cycle) cycles_.resize(size_t(frame->cycle - 1));
    while (std::int64_t(cycles_.size()) < frame->cycle - 1) cycles_.emplace_back();  // should not happen: in order
    cycles_.push_back(frame->stages);
    updateSize();
    update();
}

void SpaceTimeCanvas::showLayout(std::shared_ptr<const PipelineLayout> layout) {
    // The stages' rows and labels from the first frame on, before any cycle is recorded (cycle 0 showed none).
    if (!layout || layout == layout_) return;
    layout_ = std::move(layout);
    cycles_.clear();
    updateSize();
    update();
}

int SpaceTimeCanvas::scrollToShow(std::int64_t cycle, int viewportWidth) const {
    // The current cycle with as much history as fits on its left and one column of what comes next on its right
    // (the stage labels stay over the left edge, so a column under them is hidden). Keeping the old position while
    // the cycle was "comfortably" in view left 4-5 empty future columns after scrubbing back or a change of scale.
    if (cycle < 1) return 0;
    const QRect c = cellRect(cycle, 1);
    return std::max(0, c.right() + 1 + cellWidth() - viewportWidth);
}

void SpaceTimeCanvas::rewind(std::int64_t lastValidCycle) {
    cycles_.resize(size_t(std::max<std::int64_t>(0, std::min<std::int64_t>(lastValidCycle, std::int64_t(cycles_.size())))));
    updateSize();
    update();
}

void SpaceTimeCanvas::setCurrentCycle(std::int64_t cycle) {
    current_ = cycle;
    update();
}

void SpaceTimeCanvas::setSelectedStage(int stage) {
    selected_ = stage;
    update();
}

QRect SpaceTimeCanvas::cellRect(std::int64_t cycle, int stage) const {
    return {labelWidth() + int(cycle - 1) * cellWidth(), headerHeight() + (stage - 1) * rowHeight(), cellWidth(),
            rowHeight()};
}

QString SpaceTimeCanvas::explainCell(std::int64_t t, int s) const {
    // What the cell shows, with the timetable's formulas and this cell's values (core/pipeline/pipeline_schedule.h,
    // the one source of the schedule for the model, the batch report and this view).
    if (!layout_ || t < 1 || t > recordedCycles() || s < 1 || s > layout_->config.stages) return {};
    const auto& stages = cycles_[size_t(t - 1)];
    if (size_t(s) > stages.size()) return {};
    const StageActivity& a = stages[size_t(s - 1)];
    const int P = layout_->config.stages;
    const PipelineSchedule schedule(P, layout_->miniBatches);
    QStringList lines;
    lines << tr("<b>Cycle T = %1, stage S = %2</b> (%3)").arg(t).arg(s).arg(QString::fromStdString(stageLabel(*layout_, s)).toHtmlEscaped());
    if (a.forwardMiniBatch)
        lines << tr("Forward: mini-batch m = T − S + 1 = %1 − %2 + 1 = %3").arg(t).arg(s).arg(a.forwardMiniBatch);
    else lines << tr("Forward: idle (no mini-batch m = T − S + 1 = %1 has entered)").arg(t - s + 1);
    if (a.backwardMiniBatch) {
        const std::int64_t m = a.backwardMiniBatch;
        const std::int64_t f = schedule.forwardCycle(m, s);
        lines << tr("Backward%1 and weight update U: mini-batch %2").arg(a.errorCalculation ? tr(" (from the loss, E)") : QString()).arg(m);
        lines << tr("Its forward pass here ran at T = %1: delay T − %1 = %2 cycles (2P − 2S + 1 = 2·%3 − 2·%4 + 1 = %5)")
                     .arg(f).arg(t - f).arg(P).arg(s).arg(schedule.weightUpdateDelay(s));
    } else {
        lines << tr("Backward: idle (no gradient has come back to this stage yet)");
    }
    lines << tr("Activations held after this cycle: %1 mini-batch(es)").arg(a.held);
    return lines.join("<br>");
}

bool SpaceTimeCanvas::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const QPoint at = help->pos();
        const int visibleLeft = visibleRegion().boundingRect().left();
        QString tip;
        if (at.x() >= visibleLeft + labelWidth() && at.y() >= headerHeight() && cellWidth() > 0 && rowHeight() > 0)
            tip = explainCell((at.x() - labelWidth()) / cellWidth() + 1, (at.y() - headerHeight()) / rowHeight() + 1);
        if (tip.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(event);
}

int SpaceTimeCanvas::measuredDelay(int stage, std::int64_t* miniBatch, std::int64_t* forwardCycle) const {
    // The latest update at this stage, and the cycle in which the same mini-batch was forwarded there.
    if (stage < 1) return -1;
    for (std::int64_t t = std::int64_t(cycles_.size()); t >= 1; --t) {
        const auto& stages = cycles_[size_t(t - 1)];
        if (size_t(stage) > stages.size()) return -1;
        const std::int64_t m = stages[size_t(stage - 1)].backwardMiniBatch;
        if (m == 0) continue;
        for (std::int64_t f = t; f >= 1; --f)
            if (cycles_[size_t(f - 1)].size() >= size_t(stage) && cycles_[size_t(f - 1)][size_t(stage - 1)].forwardMiniBatch == m) {
                if (miniBatch) *miniBatch = m;
                if (forwardCycle) *forwardCycle = f;
                return int(t - f);
            }
        return -1;
    }
    return -1;
}

bool SpaceTimeCanvas::showsCycleTimetable() const { return !layout_ || layout_->config.schedule == "layer-block"; }

void SpaceTimeCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    text_.clear();
    const QRect visible = visibleRegion().boundingRect();
    if (!showsCycleTimetable()) {
        p.setFont(scaledFont(12, true));
        p.setPen(Qt::black);
        text_.draw(p, visible.adjusted(16, 16, -16, -16), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                   tr("This scenario runs the %1 schedule. Its ops, micro-batches and weight versions are drawn on "
                      "their own time axis in the \"Pipeline schedule\" view; this cycle-by-cycle diagram is the "
                      "layer-block schedule's (set params.schedule to layer-block to see it).")
                       .arg(QString::fromStdString(layout_->config.schedule)));
        return;
    }
    const int stages = layout_ ? layout_->config.stages : 0;
    p.setFont(scaledFont(10));

    // Cycle header and the current cycle's column; numbered across the whole canvas, not just the recorded cycles.
    const std::int64_t columns = std::max<std::int64_t>(1, (width() - labelWidth()) / std::max(1, cellWidth()));
    if (current_ >= 1) {
        const QRect c = cellRect(current_, 1);
        p.fillRect(QRect(c.left(), 0, c.width(), headerHeight() + stages * rowHeight()), palette::selected);
    }
    p.setPen(Qt::black);
    for (std::int64_t t = 1; t <= columns; ++t) {
        const QRect c = cellRect(t, 1);
        text_.draw(p, QRect(c.left(), 0, c.width(), headerHeight()), Qt::AlignCenter, QString::number(t));
    }

    // Cells: forward on top, backward (+ error calculation at the last stage) and update below.
    for (std::int64_t t = 1; t <= recordedCycles(); ++t) {
        const auto& activities = cycles_[size_t(t - 1)];
        for (int s = 1; s <= int(activities.size()); ++s) {
            const StageActivity& a = activities[size_t(s - 1)];
            const QRectF cell = QRectF(cellRect(t, s)).adjusted(2, 3, -2, -3);
            const QRectF top(cell.left(), cell.top(), cell.width(), cell.height() / 2);
            const QRectF bottom(cell.left(), top.bottom(), cell.width(), cell.height() / 2);
            box(p, text_, top, a.forwardMiniBatch ? palette::forward : palette::idle.lighter(150),
                a.forwardMiniBatch ? QString::number(a.forwardMiniBatch) : QString());
            if (!a.backwardMiniBatch) {
                box(p, text_, bottom, palette::idle.lighter(150), {});
                continue;
            }
            const double w = bottom.width();
            double x = bottom.left();
            if (a.errorCalculation) {
                box(p, text_, QRectF(x, bottom.top(), w * 0.28, bottom.height()), errorColor(), "E");
                x += w * 0.28;
            }
            const double updateWidth = w * 0.26;
            box(p, text_, QRectF(x, bottom.top(), bottom.right() - updateWidth - x, bottom.height()), palette::backward,
                QString::number(a.backwardMiniBatch));
            box(p, text_, QRectF(bottom.right() - updateWidth, bottom.top(), updateWidth, bottom.height()), palette::update, "U");
        }
    }

    // The measured weight-update delay of the selected stage: a bracket from forward to update.
    if (selected_ >= 1 && selected_ <= stages) {
        std::int64_t m = 0, f = 0;
        const int delay = measuredDelay(selected_, &m, &f);
        const QRect row = cellRect(1, selected_);
        p.setPen(QPen(palette::reference, scaledPen(2), Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        // The whole row, to the canvas' right edge: the cycles still to come belong to the stage as well.
        p.drawRect(QRect(labelWidth(), row.top(), width() - labelWidth(), row.height()).adjusted(0, 1, -1, -1));
        if (delay >= 0) {
            // Outline the two cells, then a bracket under the diagram between them, with the reading.
            const QRect from = cellRect(f, selected_), to = cellRect(f + delay, selected_);
            p.setPen(QPen(palette::reference, scaledPen(2.5)));
            p.drawRect(QRect(from.left() + 1, from.top() + 2, from.width() - 2, from.height() / 2));
            p.drawRect(QRect(to.left() + 1, to.center().y(), to.width() - 2, to.height() / 2 - 2));
            const int y = headerHeight() + stages * rowHeight() + int(10 * presentationScale());
            const int tick = int(6 * presentationScale());
            p.drawLine(from.center().x(), y - tick, from.center().x(), y);
            p.drawLine(from.center().x(), y, to.center().x(), y);
            p.drawLine(to.center().x(), y - tick, to.center().x(), y);
            const int P = stages, S = selected_;
            const QString reading = QString("stage %1: mini-batch %2 forward at T=%3, update at T=%4: delay %5 cycles")
                                        .arg(S).arg(m).arg(f).arg(f + delay).arg(delay);
            // Non-breaking spaces keep the formula on one line when the reading wraps.
            const QString formula = QString("(2P−2S+1 = 2·%1−2·%2+1 = %3)").arg(P).arg(S).arg(2 * P - 2 * S + 1)
                                        .replace(' ', QChar(0x00A0));
            const QString label = reading + "  " + formula;
            p.setFont(scaledFont(10, true));
            p.setPen(palette::reference);
            // Wrapped to the visible part of the canvas (which is wider than the view), right of the labels.
            const int flags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;
            const int room = visible.width() - labelWidth() - 8;
            const QRect text = QFontMetrics(p.font()).boundingRect(QRect(0, 0, room, height()), flags, label);
            const int x = std::max(visible.left() + labelWidth(), std::min(from.center().x(), visible.right() - text.width() - 8));
            text_.draw(p, QRect(x, y + 2, text.width() + 8, text.height()), flags, label);
            p.setFont(scaledFont(10));
        }
    }

    // Stage labels stay at the left edge of the visible area while the diagram scrolls.
    const int left = visible.left();
    p.fillRect(QRect(left, 0, labelWidth(), height()), Qt::white);
    text_.cover(p, QRect(left, 0, labelWidth(), height()));
    p.setPen(Qt::black);
    text_.draw(p, QRect(left + 6, 0, labelWidth() - 8, headerHeight()), Qt::AlignLeft | Qt::AlignVCenter, "Cycle T →");
    for (int s = 1; s <= stages; ++s) {
        const QRect r(left + 6, cellRect(1, s).top(), labelWidth() - 10, rowHeight());
        p.setFont(scaledFont(10, s == selected_));
        text_.draw(p, r, Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, QString::fromStdString(stageLabel(*layout_, s)));
    }
    p.setPen(QPen(palette::idle, 1));
    p.drawLine(left + labelWidth() - 1, 0, left + labelWidth() - 1, headerHeight() + stages * rowHeight());
}

PipelineSpaceTimeView::PipelineSpaceTimeView(const ModuleViewContext& context, QWidget* parent) : QWidget(parent) {
    canvas_ = new SpaceTimeCanvas;
    scroll_ = new QScrollArea;
    scroll_->setWidget(canvas_);
    scroll_->setWidgetResizable(false);
    scroll_->setBackgroundRole(QPalette::Base);
    connect(scroll_->horizontalScrollBar(), &QScrollBar::valueChanged, canvas_, qOverload<>(&QWidget::update));
    scroll_->viewport()->installEventFilter(this);  // the canvas follows the viewport's width

    stage_ = new QSpinBox;
    stage_->setRange(0, 64);
    stage_->setSpecialValueText(tr("none"));
    stage_->setToolTip(tr("Draw the weight-update delay measured at this stage"));
    connect(stage_, &QSpinBox::valueChanged, this, [this](int s) {
        canvas_->setSelectedStage(s);
        updateCaption();
    });

    // The legend names each colour with a word, so colour is never the only cue. One label that wraps: five chips
    // side by side at presentation size were wider than a 1280 x 800 projector.
    auto chip = [](const QColor& c, const QString& text) {
        return QString("<span style='background:%1;color:%2'>&nbsp;%3&nbsp;</span>")
            .arg(c.name(), palette::textOn(c).name(), text.toHtmlEscaped().replace(' ', "&nbsp;"));
    };
    auto* legend = new QLabel(QStringList{chip(palette::forward, tr("forward")), chip(palette::backward, tr("backward")),
                                          chip(errorColor(), tr("E error calculation")), chip(palette::update, tr("U weight update")),
                                          chip(palette::idle.lighter(150), tr("idle"))}
                                  .join(" &nbsp; "));
    legend->setWordWrap(true);
    scaledLabels_.push_back(legend);
    auto* top = new QHBoxLayout;
    top->addWidget(legend, 1);
    auto* stageLabelWidget = new QLabel(tr("Delay for stage:"));
    scaledLabels_.push_back(stageLabelWidget);
    top->addWidget(stageLabelWidget);
    top->addWidget(stage_);
    markAsViewControl(stageLabelWidget);
    markAsViewControl(stage_);

    caption_ = new QLabel;
    caption_->setWordWrap(true);
    scaledLabels_.push_back(caption_);
    applyPresentationScale();
    connect(&presentationScaleNotifier(), &PresentationScaleNotifier::scaleChanged, this,
            &PipelineSpaceTimeView::applyPresentationScale);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(scroll_, 1);
    layout->addWidget(caption_);

    if (SimulationController* c = context.controller) {
        connect(c, &SimulationController::cycleRecorded, this, [this](FramePtr f) {
            if (auto frame = std::dynamic_pointer_cast<const PipelineFrame>(f)) {
                const bool first = canvas_->recordedCycles() == 0 && stage_->value() == 0;
                canvas_->record(frame);
                if (first) selectStage(std::max(1, frame->layout->config.stages / 2));
            }
        });
        connect(c, &SimulationController::timelineRewound, this, [this](qint64 last) { canvas_->rewind(last); });
        connect(c, &SimulationController::frameReady, this, [this](FramePtr f) {
            if (auto frame = std::dynamic_pointer_cast<const PipelineFrame>(f)) canvas_->showLayout(frame->layout);
        });
        connect(c, &SimulationController::cycleChanged, this, [this](qint64 cycle, qint64, bool) {
            canvas_->setCurrentCycle(cycle);
            followCurrentCycle();
            updateCaption();
        });
    }
    updateCaption();
}

void PipelineSpaceTimeView::followCurrentCycle() {
    QScrollBar* bar = scroll_->horizontalScrollBar();
    const int target = canvas_->scrollToShow(canvas_->currentCycle(), scroll_->viewport()->width());
    bar->setValue(std::min(target, bar->maximum()));
}

bool PipelineSpaceTimeView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == scroll_->viewport() && event->type() == QEvent::Resize) {
        canvas_->updateSize();
        followCurrentCycle();
    }
    return QWidget::eventFilter(watched, event);
}

void PipelineSpaceTimeView::applyPresentationScale() {
    for (QLabel* label : scaledLabels_) label->setFont(scaledFont(10));
    stage_->setFont(scaledFont(10));
    canvas_->updateSize();  // cells, rows and labels are sized by the scale at paint time
    canvas_->update();
}

void PipelineSpaceTimeView::selectStage(int stage) {
    stage_->setValue(stage);
    canvas_->setSelectedStage(stage);
    updateCaption();
}

void PipelineSpaceTimeView::updateCaption() {
    if (!canvas_->showsCycleTimetable()) {
        caption_->setText(tr("The cycle timetable belongs to the layer-block schedule; see the Pipeline schedule view."));
        return;
    }
    const int s = stage_->value();
    const int delay = canvas_->measuredDelay(s);
    QString text = tr("Stage S runs the forward pass of mini-batch T−S+1 and the backward pass and update of an earlier "
                      "one: a stage's single weight copy is updated cycles after it was used.");
    if (s > 0 && delay >= 0) text += tr(" Stage %1: measured delay %2 cycles.").arg(s).arg(delay);
    caption_->setText(text);
}

}  // namespace dfl
