// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/pipeline/schedule_view.h"

#include "core/pipeline/pipeline_frame.h"
#include "views/legend_flow.h"
#include "views/palette.h"
#include "views/presentation_scale.h"
#include "views/simulation_controller.h"
#include "views/table_model.h"

#include <QPainter>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace dfl {

namespace {

QColor opColor(ScheduleOpKind op) {
    switch (op) {
    case ScheduleOpKind::Forward: return palette::forward;
    case ScheduleOpKind::Backward: return palette::backward;
    case ScheduleOpKind::WeightGrad: return palette::reddishPurple;
    case ScheduleOpKind::Update: return palette::update;
    }
    return palette::idle;
}

QString opName(ScheduleOpKind op) {
    switch (op) {
    case ScheduleOpKind::Forward: return QObject::tr("forward F");
    case ScheduleOpKind::Backward: return QObject::tr("backward B (input gradients)");
    case ScheduleOpKind::WeightGrad: return QObject::tr("weight gradient W");
    case ScheduleOpKind::Update: return QObject::tr("weight update U");
    }
    return {};
}

// Chunk c of v: the same hue, paler for later chunks, so chunk 0 and chunk 1 of a device read apart.
QColor chunkShade(const QColor& c, int chunk, int chunks) {
    if (chunk <= 0 || chunks <= 1) return c;
    const double t = 0.45 * chunk / double(chunks - 1);
    return QColor::fromRgbF(float(c.redF() + (1 - c.redF()) * t), float(c.greenF() + (1 - c.greenF()) * t),
                            float(c.blueF() + (1 - c.blueF()) * t));
}

// A tick step of 1, 2 or 5 × 10^k giving about `wanted` ticks over `span`.
double niceStep(double span, int wanted) {
    if (span <= 0) return 1;
    const double raw = span / std::max(1, wanted);
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (double f : {1.0, 2.0, 5.0, 10.0})
        if (raw <= f * power) return f * power;
    return 10 * power;
}

constexpr double kSmallestCellFontShare = 0.5;  // of the cell font: a micro-batch number still read in the room

QString number(double v) { return formatValue(v); }

}  // namespace

ScheduleCanvas::ScheduleCanvas(QWidget* parent) : QWidget(parent) {
    paintOnWhite(this);
    connect(&presentationScaleNotifier(), &PresentationScaleNotifier::scaleChanged, this, [this] {
        updateGeometry();
        update();
    });
}

void ScheduleCanvas::setTimelines(std::vector<std::shared_ptr<const ScheduleTimeline>> timelines, QString unit) {
    timelines_.clear();
    for (auto& t : timelines)
        if (t) timelines_.push_back(std::move(t));
    unit_ = unit.isEmpty() ? tr("time units") : unit;
    updateGeometry();
    update();
}

void ScheduleCanvas::setNow(double time) {
    now_ = time;
    update();
}

QSize ScheduleCanvas::sizeHint() const {
    int rows = 0;
    for (const auto& t : timelines_) rows += t ? t->stages : 0;
    const double s = presentationScale();
    return {int(1100 * s), int((120 + 90 * std::max<std::size_t>(1, timelines_.size())) * s + rows * 30 * s)};
}

QSize ScheduleCanvas::minimumSizeHint() const { return QSize(420, 260) * presentationScale(); }

QString ScheduleCanvas::explainOp(const ScheduleTimeline& t, const ScheduledOp& op) const {
    QStringList lines;
    lines << tr("<b>%1</b>, stage %2: %3").arg(QString::fromStdString(t.schedule)).arg(op.stage).arg(opName(op.op));
    if (op.op == ScheduleOpKind::Update)
        lines << tr("applies the gradients up to micro-batch %1; writes weight version %2").arg(op.microBatch).arg(op.weightVersion);
    else
        lines << tr("micro-batch %1, reads weight version %2 (updates applied before it)").arg(op.microBatch).arg(op.weightVersion);
    if (t.virtualStages > 1) lines << tr("model chunk %1 of %2 on this device").arg(op.chunk + 1).arg(t.virtualStages);
    lines << tr("start %1, end %2 (%3 %4)").arg(number(op.start), number(op.end), number(op.end - op.start), unit_);
    return lines.join("<br>");
}

QRectF ScheduleCanvas::cellOf(const ScheduleTimeline& timeline, std::size_t op) const {
    for (std::size_t i = 0; i < timelines_.size() && i < cells_.size(); ++i)
        if (timelines_[i].get() == &timeline) return op < cells_[i].size() ? cells_[i][op] : QRectF();
    return {};
}

bool ScheduleCanvas::event(QEvent* event) { return tips_.handle(this, event) || QWidget::event(event); }

void ScheduleCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    text_.clear();
    tips_.clear();
    cells_.assign(timelines_.size(), {});
    drawnCells_ = 0;
    const double s = presentationScale();
    const double m = 8 * s;
    const QFont titleFont = scaledFont(11, true), textFont = scaledFont(10), cellFont = scaledFont(9, true);
    const QFont figureFont = scaledFont(9);
    const QFontMetricsF textMetrics(textFont);
    if (timelines_.empty()) {
        p.setFont(scaledFont(12));
        text_.draw(p, rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("No schedule to draw"));
        return;
    }

    // Legend on top, flowing onto more rows where the width needs them.
    bool chunked = false, split = false;
    for (const auto& t : timelines_) {
        chunked = chunked || t->virtualStages > 1;
        for (const ScheduledOp& op : t->ops) split = split || op.op == ScheduleOpKind::WeightGrad;
    }
    std::vector<LegendEntry> legend{{palette::forward, tr("F forward")}, {palette::backward, split ? tr("B input gradients") : tr("B backward")}};
    if (split) legend.push_back({palette::reddishPurple, tr("W weight gradients")});
    legend.push_back({palette::update, tr("U update")});
    if (chunked) legend.push_back({chunkShade(palette::forward, 1, 2), tr("paler, hatched: the device's later model chunk")});
    legend.push_back({QColor(), tr("number: micro-batch; pale: not run yet")});
    const double legendH = flowLegendHeight(legend, textFont, m, width() - m);
    paintFlowLegend(p, legend, textFont, m, m, width() - m, &text_);

    // Columns: stage labels, the diagram, the figures beside it. Rows: each schedule's title and stages, then
    // one time axis at the bottom shared by all.
    const double labelW = textMetrics.horizontalAdvance("S88") + 10 * s;
    const double figuresW = std::clamp(width() * 0.24, 150 * s, 260 * s);
    const double left = m + labelW, right = width() - m - figuresW - m;
    const QString axisTitle = tr("time (%1), one axis for every schedule").arg(unit_);
    const double axisTitleH = wrappedTextHeight(textFont, width() - 2 * m, axisTitle);
    const double axisH = textMetrics.height() * 1.4 + 4 * s + axisTitleH;
    double longest = 0;
    for (const auto& t : timelines_) longest = std::max(longest, t->makespan);
    if (longest <= 0) longest = 1;
    auto x = [&](double time) { return left + (right - left) * time / longest; };

    // The figures beside each diagram, and the titles above them, decide each block's height.
    struct Block {
        QString title;
        QStringList figures;
        double titleH = 0, figuresH = 0;
    };
    std::vector<Block> blocks;
    double fixedH = 0;
    int totalStages = 0;
    for (const auto& t : timelines_) {
        Block b;
        b.title = tr("%1: P = %2, m = %3").arg(QString::fromStdString(t->schedule)).arg(t->stages).arg(t->microBatches);
        if (t->virtualStages > 1) b.title += tr(", v = %1 chunks per device").arg(t->virtualStages);
        b.titleH = wrappedTextHeight(titleFont, right - m, b.title) + 4 * s;
        QStringList peaks, stale;
        for (std::size_t i = 0; i < t->peakActivations.size(); ++i) peaks << QString::number(t->peakActivations[i]);
        for (std::size_t i = 0; i < t->staleness.size(); ++i) stale << QString::number(t->staleness[i]);
        // Short lines (the unit is on the axis, each figure's meaning in the tooltip): at 1.8 times the size the
        // longer sentences wrapped to more lines than the stages' rows and pushed the axis off the view.
        b.figures << tr("bubble %1 %").arg(number(100 * t->bubbleFraction))
                  << tr("makespan %1").arg(number(t->makespan))
                  << tr("peak activations %1").arg(peaks.join(" · "))
                  << tr("weight versions ≤ %1").arg(t->weightVersionsMax)
                  << tr("staleness %1").arg(stale.join(" · "))
                  << tr("throughput %1×").arg(number(t->throughputSpeedup));
        for (const QString& f : b.figures) b.figuresH += wrappedTextHeight(figureFont, figuresW, f);
        fixedH += b.titleH + m;
        totalStages += t->stages;
        blocks.push_back(std::move(b));
    }
    const double top = m + legendH + m;
    const double available = height() - top - axisH - m - fixedH;
    const double rowH = std::clamp(available / std::max(1, totalStages), textMetrics.height() * 1.2, 44 * s);

    double y = top;
    for (std::size_t k = 0; k < timelines_.size(); ++k) {
        const ScheduleTimeline& t = *timelines_[k];
        Block& b = blocks[k];
        p.setPen(Qt::black);
        p.setFont(titleFont);
        text_.draw(p, QRectF(m, y, right - m, b.titleH), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, b.title);
        y += b.titleH;
        const double diagramTop = y;
        const double diagramH = std::max(t.stages * rowH, b.figuresH);
        const double rowsH = t.stages * rowH;
        // Stage rows: a grey band for idle time under the cells.
        p.setFont(textFont);
        for (int stage = 1; stage <= t.stages; ++stage) {
            const QRectF row(left, diagramTop + (stage - 1) * rowH, x(t.makespan) - left, rowH);
            p.fillRect(row.adjusted(0, 1, 0, -1), QColor(0xEE, 0xEE, 0xEE));
            p.setPen(Qt::black);
            text_.draw(p, QRectF(m, row.top(), labelW - 4 * s, rowH), Qt::AlignRight | Qt::AlignVCenter, tr("S%1").arg(stage));
        }
        // The ops.
        p.setFont(cellFont);
        const QFontMetricsF cellMetrics(cellFont);
        cells_[k].resize(t.ops.size());
        std::vector<std::pair<QRectF, QString>> ticks;  // zero-cost updates: hovered above the cells they touch
        for (std::size_t i = 0; i < t.ops.size(); ++i) {
            const ScheduledOp& op = t.ops[i];
            if (op.end <= op.start && op.op == ScheduleOpKind::Update) {
                // A zero-cost update (uniform costs): a tick where it happens, still hoverable.
                const QRectF tick(x(op.start) - 2 * s, diagramTop + (op.stage - 1) * rowH + 2, 4 * s, rowH - 4);
                p.fillRect(tick, palette::update);
                cells_[k][i] = tick;
                ticks.push_back({tick.adjusted(-2 * s, 0, 2 * s, 0), explainOp(t, op)});
                ++drawnCells_;
                continue;
            }
            const QRectF cell(x(op.start), diagramTop + (op.stage - 1) * rowH + 2, x(op.end) - x(op.start), rowH - 4);
            QColor fill = chunkShade(opColor(op.op), op.chunk, t.virtualStages);
            if (now_ >= 0 && op.start >= now_) fill.setAlphaF(0.35f);  // not run yet
            p.setPen(QPen(Qt::white, 1));
            p.setBrush(fill);
            p.drawRect(cell);
            if (op.chunk > 0)  // hatched as well as paler: the cue survives the paleness of ops not yet run
                p.fillRect(cell, QBrush(QColor(255, 255, 255, 170), Qt::BDiagPattern));
            cells_[k][i] = cell;
            tips_.add(cell, explainOp(t, op));
            ++drawnCells_;
            const QString label = op.op == ScheduleOpKind::Update ? QStringLiteral("U") : QString::number(op.microBatch);
            // A cell narrower than its number in the cell font (the ops run so far at presentation size) gets the
            // number in a font fitted to it, down to half the cell font's size.
            QFont font = cellFont;
            const double advance = cellMetrics.horizontalAdvance(label);
            if (advance + 2 > cell.width())
                font.setPointSizeF(cellFont.pointSizeF() * std::max(kSmallestCellFontShare, (cell.width() - 2) / advance * 0.95));  // glyph widths round up
            const QFontMetricsF fitted(font);
            if (fitted.horizontalAdvance(label) + 2 <= cell.width() && fitted.height() <= cell.height() + 1) {
                p.setFont(font);
                p.setPen(palette::textOn(fill));
                text_.draw(p, cell, Qt::AlignCenter, label);
                p.setFont(cellFont);
            }
        }
        for (const auto& [area, tip] : ticks) tips_.add(area, tip);
        // Where the run stands.
        if (now_ >= 0 && now_ <= t.makespan) {
            p.setPen(QPen(palette::reference, scaledPen(2), Qt::DashLine));
            p.drawLine(QPointF(x(now_), diagramTop), QPointF(x(now_), diagramTop + rowsH));
        }
        // The figures beside the diagram.
        p.setFont(figureFont);
        p.setPen(Qt::black);
        double fy = diagramTop;
        const double fx = width() - m - figuresW;
        for (const QString& f : b.figures) {
            const double h = wrappedTextHeight(figureFont, figuresW, f);
            text_.draw(p, QRectF(fx, fy, figuresW, h), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, f);
            fy += h;
        }
        tips_.add(QRectF(fx, diagramTop, figuresW, fy - diagramTop),
                  tr("<b>%1</b><br>bubble = idle / (P × makespan) = %2 %<br>makespan: the last op's end, %3 %4<br>"
                     "peak activations per stage: micro-batches (interleaved: micro-batch chunks) a stage holds at "
                     "once<br>weight versions: the most a stage keeps at once<br>staleness per stage: updates its "
                     "forward passes miss against sequential SGD<br>throughput: busy time of all stages / makespan, "
                     "against one device running every op in turn")
                      .arg(QString::fromStdString(t.schedule)).arg(number(100 * t.bubbleFraction)).arg(number(t.makespan), unit_));
        y = diagramTop + std::max(rowsH, diagramH) + m;
    }

    // The shared time axis.
    p.setPen(QPen(Qt::black, scaledPen(1)));
    p.drawLine(QPointF(left, y), QPointF(right, y));
    p.setFont(textFont);
    const double step = niceStep(longest, std::max(2, int((right - left) / (90 * s))));
    const double tickW = textMetrics.horizontalAdvance(number(longest)) + 8 * s;
    for (double tick = 0; tick <= longest * (1 + 1e-9); tick += step) {
        p.drawLine(QPointF(x(tick), y), QPointF(x(tick), y + 4 * s));
        text_.draw(p, QRectF(x(tick) - tickW / 2, y + 4 * s, tickW, textMetrics.height()), Qt::AlignCenter, number(tick));
    }
    // The axis title wraps (at 1.8 times the size it was cut at both ends) and may use the whole width.
    text_.draw(p, QRectF(m, y + 6 * s + textMetrics.height(), width() - 2 * m, axisTitleH),
               Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, axisTitle);
}

PipelineScheduleView::PipelineScheduleView(const ModuleViewContext& context, QWidget* parent) : QWidget(parent) {
    canvas_ = new ScheduleCanvas(this);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(canvas_);
    if (SimulationController* c = context.controller) {
        connect(c, &SimulationController::frameReady, this, [this](FramePtr f) { setFrame(f); });
        if (c->frame()) setFrame(c->frame());
    }
}

void PipelineScheduleView::setFrame(const FramePtr& frame) {
    auto f = std::dynamic_pointer_cast<const PipelineFrame>(frame);
    if (!f || !f->layout) return;
    const PipelineLayout& layout = *f->layout;
    std::vector<std::shared_ptr<const ScheduleTimeline>> shown;
    for (const auto& t : {layout.timeline, layout.compareTimeline})
        if (t) shown.push_back(t);
    if (shown != canvas_->timelines())
        canvas_->setTimelines(shown, layout.config.opCosts == OpCostModel::Uniform ? tr("op units (F = B = W = 1)") : tr("ms"));
    canvas_->setNow(f->cycle > 0 ? f->scheduleTime : -1);
}

}  // namespace dfl
