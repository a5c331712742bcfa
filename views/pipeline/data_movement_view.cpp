// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/pipeline/data_movement_view.h"

#include "core/pipeline/pipeline_charts.h"
#include "core/sim/metrics_json.h"
#include "views/palette.h"
#include "views/presentation_scale.h"
#include "views/simulation_controller.h"
#include "views/table_model.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace dfl {

namespace {

constexpr int AnimationMs = 450;
// Where packets rest: half way along their link, clear of the boxes' text and beside their size label. On screen
// they travel there from the sender after each new cycle.
constexpr double RestingProgress = 0.5;

QString mb(double megabytes) {
    return QString::fromStdString(formatNumber(megabytes < 10 ? std::round(megabytes * 100) / 100 : std::round(megabytes * 10) / 10)) + " MB";
}

void arrow(QPainter& p, QPointF from, QPointF to, const QColor& color, double width) {
    p.setPen(QPen(color, width, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(from, to);
    const QPointF d = to - from;
    const double len = std::max(1.0, std::hypot(d.x(), d.y()));
    const QPointF u = d / len, n(-u.y(), u.x());
    const double head = 9 * presentationScale();
    QPainterPath path;
    path.moveTo(to);
    path.lineTo(to - u * head + n * head * 0.5);
    path.lineTo(to - u * head - n * head * 0.5);
    path.closeSubpath();
    p.fillPath(path, color);
}

// A packet: a labelled pill at `at`, the value that is travelling.
void packet(QPainter& p, DrawnText& text, QPointF at, const QColor& color, const QString& label) {
    p.setFont(scaledFont(9, true));
    const QFontMetricsF fm(p.font());
    const QRectF r(at.x() - fm.horizontalAdvance(label) / 2 - 6, at.y() - fm.height() / 2 - 2,
                   fm.horizontalAdvance(label) + 12, fm.height() + 4);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawRoundedRect(r, r.height() / 2, r.height() / 2);
    p.setPen(palette::textOn(color));
    text.draw(p, r, Qt::AlignCenter, label);
}

QFont shrunk(QFont font, double factor) {
    font.setPointSizeF(font.pointSizeF() * factor);
    return font;
}

// A worker or the server: title over detail, fonts `shrink` times the scaled size (a crowded circle shrinks them).
void workerBox(QPainter& p, DrawnText& text, const QRectF& r, const QString& title, const QString& detail,
               const QColor& accent, double shrink) {
    p.setPen(QPen(accent, scaledPen(2.5)));
    p.setBrush(QColor(accent.red(), accent.green(), accent.blue(), 28));
    p.drawRoundedRect(r, 6, 6);
    p.setPen(Qt::black);
    p.setFont(shrunk(scaledFont(10, true), shrink));
    const double titleH = QFontMetricsF(p.font()).height();
    p.setFont(shrunk(scaledFont(9), shrink));
    const double detailH = QFontMetricsF(p.font()).height();
    const double top = r.center().y() - (titleH + detailH) / 2;
    p.setFont(shrunk(scaledFont(10, true), shrink));
    const QRectF titleRect(r.left() + 3, top, r.width() - 6, titleH);
    text.draw(p, titleRect, Qt::AlignCenter, QFontMetricsF(p.font()).elidedText(title, Qt::ElideRight, titleRect.width()));
    p.setFont(shrunk(scaledFont(9), shrink));
    const QRectF detailRect(r.left() + 3, top + titleH, r.width() - 6, detailH);
    text.draw(p, detailRect, Qt::AlignCenter, QFontMetricsF(p.font()).elidedText(detail, Qt::ElideRight, detailRect.width()));
}

// Text from `area`'s top-left, wrapped to its width; returns the height used.
double wrapped(QPainter& p, DrawnText& text, const QRectF& area, const QFont& font, const QString& words) {
    p.setFont(font);
    const double height = wrappedTextHeight(font, area.width(), words);
    text.draw(p, QRectF(area.left(), area.top(), area.width(), height), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, words);
    return height;
}

QPointF lerp(QPointF a, QPointF b, double t) { return a + (b - a) * t; }

}  // namespace

DataMovementView::DataMovementView(const ModuleViewContext& context, QWidget* parent) : QWidget(parent) {
    setMinimumSize(600, 360);
    paintOnWhite(this);
    animation_.setInterval(16);
    connect(&animation_, &QTimer::timeout, this, [this] {
        progress_ = std::min(RestingProgress, RestingProgress * double(sinceFrame_.elapsed()) / AnimationMs);
        if (progress_ >= RestingProgress) animation_.stop();
        update();
    });
    if (SimulationController* c = context.controller) {
        connect(c, &SimulationController::frameReady, this, [this](FramePtr f) { setFrame(f); });
        connect(c, &SimulationController::metricsChanged, this, [this](MetricsPtr m, ChartsPtr) { metrics_ = std::move(m); });
    }
    // Fonts and pens are scaled at paint time; repaint at once when presentation mode changes.
    connect(&presentationScaleNotifier(), &PresentationScaleNotifier::scaleChanged, this, qOverload<>(&QWidget::update));
}

void DataMovementView::setFrame(const FramePtr& frame) {
    auto f = std::dynamic_pointer_cast<const PipelineFrame>(frame);
    if (!f) return;
    const bool newCycle = !frame_ || frame_->cycle != f->cycle;
    frame_ = std::move(f);
    // On a screen every new cycle sends its packets on their way again; a view that is never shown (an export's,
    // a test's) draws them where they arrive, so its picture depends on the cycle only, not on the time it is
    // grabbed at (issue 14 item 11: export snapshots differed between runs).
    if (newCycle && testAttribute(Qt::WA_DontShowOnScreen)) {
        animation_.stop();
        progress_ = RestingProgress;
    } else if (newCycle) {
        progress_ = 0;
        sinceFrame_.start();
        animation_.start();
    }
    update();
}

QString DataMovementView::explainFigure(const std::string& key) const {
    // The batch report's own words and formula, values substituted: one source for the report and the tooltip.
    const Figure* f = metrics_ ? metrics_->find(key) : nullptr;
    if (!f) return {};
    QString tip = QStringLiteral("<b>%1</b> = %2 %3").arg(QString::fromStdString(f->key), formatValue(f->value),
                                                          QString::fromStdString(f->unit).toHtmlEscaped());
    if (!f->description.empty()) tip += "<br>" + QString::fromStdString(f->description).toHtmlEscaped();
    if (!f->formula.empty()) tip += "<br>= " + QString::fromStdString(f->formula).toHtmlEscaped();
    return tip;
}

QString DataMovementView::toolTipAt(QPointF at) const { return tips_.at(at); }

bool DataMovementView::event(QEvent* event) { return tips_.handle(this, event) || QWidget::event(event); }

void DataMovementView::setProgress(double progress) {
    animation_.stop();
    progress_ = std::clamp(progress, 0.0, 1.0);
    update();
}

void DataMovementView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    text_.clear();
    tips_.clear();
    if (!frame_) {
        text_.draw(p, rect(), Qt::AlignCenter, tr("Open a pipeline scenario"));
        return;
    }
    const double split = width() * 0.58;
    paintPipeline(p, QRectF(0, 0, split, height()));
    p.setPen(QPen(palette::idle, 1, Qt::DashLine));
    p.drawLine(QPointF(split, 10), QPointF(split, height() - 10));
    paintDataParallel(p, QRectF(split, 0, width() - split, height()));
}

void DataMovementView::paintPipeline(QPainter& p, const QRectF& area) {
    const PipelineLayout& layout = *frame_->layout;
    const PipelineAnalysis& a = *layout.analysis;
    const int stages = int(a.stages.size());
    const double scale = presentationScale();
    p.setPen(Qt::black);
    // Titles wrap (never elide or run under the other half); the diagram takes the height that is left.
    const QRectF heading = area.adjusted(10, 6, -10, 0);
    double y = heading.top();
    y += wrapped(p, text_, QRectF(heading.left(), y, heading.width(), 0), scaledFont(11, true),
                 tr("Layer-block-wise pipeline, cycle %1: neighbours only").arg(frame_->cycle));
    const double subtitleTop = y;
    y += wrapped(p, text_, QRectF(heading.left(), y, heading.width(), 0), scaledFont(10),
                 tr("%1 forward + %2 backward per mini-batch").arg(mb(a.forwardMbPerBatch), mb(a.backwardMbPerBatch)));
    tips_.add(QRectF(heading.left(), subtitleTop, heading.width(), y - subtitleTop),
                         explainFigure("pipeline_forward_mb_per_batch") + "<br><br>" +
                             explainFigure("pipeline_backward_mb_per_batch"));

    // The input memory and the stages top to bottom; activations flow down the left lane, gradients up the right.
    const double top = y + 6 * scale, bottom = area.bottom() - 8 * scale;
    const int boxes = stages + 1;
    const double pitch = (bottom - top) / boxes;
    // Room for two lines (name over activity) when a box is too narrow for one.
    const double twoLines = QFontMetricsF(scaledFont(10, true)).height() + QFontMetricsF(scaledFont(10)).height() + 6;
    const double boxH = std::min(std::max(pitch * 0.58, std::min(pitch * 0.8, twoLines)), 64 * scale);
    const double boxW = std::min(area.width() * 0.56, 340 * scale);
    const double left = area.left() + (area.width() - boxW) / 2;
    auto boxRect = [&](int index) { return QRectF(left, top + pitch * index + (pitch - boxH) / 2, boxW, boxH); };
    const double downX = left + boxW * 0.3, upX = left + boxW * 0.7;

    for (int s = 0; s < stages; ++s) {  // idle links in pale grey, so the wiring is always visible
        const QColor faint(0xCC, 0xCC, 0xCC);
        arrow(p, QPointF(downX, boxRect(s).bottom()), QPointF(downX, boxRect(s + 1).top()), faint, scaledPen(1.5));
        if (s > 0) arrow(p, QPointF(upX, boxRect(s + 1).top()), QPointF(upX, boxRect(s).bottom()), faint, scaledPen(1.5));
    }
    auto drawBox = [&](int index, const QString& title, const QString& activity, const QColor& accent, bool busy) {
        const QRectF r = boxRect(index);
        p.setPen(QPen(busy ? accent : palette::idle, scaledPen(busy ? 2.5 : 1.5)));
        p.setBrush(busy ? QColor(accent.red(), accent.green(), accent.blue(), 28) : QColor(0xF2, 0xF2, 0xF2));
        p.drawRoundedRect(r, 6, 6);
        p.setPen(Qt::black);
        // Name left, activity right on one line when both fit; else the activity on a line of its own below.
        const QRectF inner = r.adjusted(8, 2, -8, -2);
        const QFont bold = scaledFont(10, true), plain = scaledFont(10);
        const QFontMetricsF boldMetrics(bold), plainMetrics(plain);
        const double gap = 12 * scale;
        if (boldMetrics.horizontalAdvance(title) + gap + plainMetrics.horizontalAdvance(activity) <= inner.width()) {
            p.setFont(bold);
            text_.draw(p, inner, Qt::AlignLeft | Qt::AlignVCenter, title);
            p.setFont(plain);
            text_.draw(p, inner, Qt::AlignRight | Qt::AlignVCenter, activity);
            return;
        }
        const double lines = boldMetrics.height() + plainMetrics.height();
        const double y0 = inner.center().y() - lines / 2;
        p.setFont(bold);
        text_.draw(p, QRectF(inner.left(), y0, inner.width(), boldMetrics.height()), Qt::AlignLeft | Qt::AlignVCenter,
                   boldMetrics.elidedText(title, Qt::ElideMiddle, inner.width()));
        p.setFont(plain);
        text_.draw(p, QRectF(inner.left(), y0 + boldMetrics.height(), inner.width(), plainMetrics.height()),
                   Qt::AlignRight | Qt::AlignVCenter, plainMetrics.elidedText(activity, Qt::ElideRight, inner.width()));
    };
    const bool inputBusy = !frame_->transfers.empty() && frame_->transfers.front().kind == TransferKind::Input;
    drawBox(0, tr("Input memory"), tr("batch of %1").arg(layout.config.batch), palette::forward, inputBusy);
    for (int s = 1; s <= stages; ++s) {
        const StageActivity& act = frame_->stages[size_t(s - 1)];
        QStringList work;
        if (act.forwardMiniBatch) work << tr("F%1").arg(act.forwardMiniBatch);
        if (act.backwardMiniBatch) work << (act.errorCalculation ? tr("E B%1 U") : tr("B%1 U")).arg(act.backwardMiniBatch);
        if (work.isEmpty()) work << tr("idle");
        work << tr("holds %1").arg(act.held);
        drawBox(s, QString::fromStdString(stageLabel(layout, s)), work.join("  "),
                act.backwardMiniBatch ? palette::backward : palette::forward, !act.idle());
        QStringList tip{tr("<b>Stage %1</b> (%2), cycle T = %3").arg(s).arg(QString::fromStdString(stageLabel(layout, s)).toHtmlEscaped()).arg(frame_->cycle)};
        if (act.forwardMiniBatch) tip << tr("F%1: forward pass of mini-batch T − S + 1 = %2 − %3 + 1 = %1").arg(act.forwardMiniBatch).arg(frame_->cycle).arg(s);
        if (act.backwardMiniBatch)
            tip << tr("%1B%2 U: backward pass of mini-batch %2 and the update of this stage's weights")
                       .arg(act.errorCalculation ? tr("E (error from the loss) ") : QString()).arg(act.backwardMiniBatch);
        if (act.idle()) tip << tr("idle this cycle");
        tip << tr("holds %1: mini-batches whose activations wait here for their backward pass (most so far: %2)")
                   .arg(act.held).arg(act.peakHeld);
        tips_.add(boxRect(s), tip.join("<br>"));
    }
    // This cycle's transfers: the arrow lights up and a packet travels along it, its size written beside it.
    for (const Transfer& t : frame_->transfers) {
        const bool gradient = t.kind == TransferKind::Gradient;
        const double x = gradient ? upX : downX;
        const int upper = std::min(t.fromStage, t.toStage);
        const QPointF a0(x, boxRect(upper).bottom()), b0(x, boxRect(upper + 1).top());
        const QPointF from = gradient ? b0 : a0, to = gradient ? a0 : b0;
        const QColor color = gradient ? palette::backward : palette::forward;
        arrow(p, from, to, color, scaledPen(2.5));
        packet(p, text_, lerp(from, to, progress_), color, QString::number(t.miniBatch));
        p.setPen(color);
        p.setFont(scaledFont(9, true));
        const QString label = (gradient ? tr("dY %1") : tr("Y %1")).arg(mb(t.megabytes));
        // Beside the lane, outside the packet's way (the packet is up to half a pill wide).
        const double clear = 14 * scale;
        const QRectF beside = gradient ? QRectF(x + clear, a0.y(), area.right() - x - clear, b0.y() - a0.y())
                                       : QRectF(area.left(), a0.y(), x - clear - area.left(), b0.y() - a0.y());
        text_.draw(p, beside, (gradient ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter, label);
        const QString what = gradient ? tr("Gradients dY") : t.kind == TransferKind::Input ? tr("Input batch") : tr("Activations Y");
        tips_.add(QRectF(std::min(from.x(), to.x()) - 20 * scale, std::min(from.y(), to.y()), 40 * scale,
                                    std::fabs(to.y() - from.y())).united(beside.intersected(QRectF(beside.left(), a0.y(), beside.width(), b0.y() - a0.y()))),
                             tr("<b>%1</b> of mini-batch %2, %3 → %4, this cycle: %5<br>%6")
                                 .arg(what).arg(t.miniBatch)
                                 .arg(t.fromStage == 0 ? tr("input memory") : tr("stage %1").arg(t.fromStage))
                                 .arg(t.toStage == 0 ? tr("input memory") : tr("stage %1").arg(t.toStage))
                                 .arg(mb(t.megabytes))
                                 .arg(gradient ? explainFigure("pipeline_backward_mb_per_batch")
                                               : explainFigure("pipeline_forward_mb_per_batch")));
    }
}

void DataMovementView::paintDataParallel(QPainter& p, const QRectF& area) {
    const PipelineAnalysis& a = *frame_->layout->analysis;
    const DataParallelCost& dp = a.dataParallel;
    const double scale = presentationScale();
    p.setPen(Qt::black);
    const QRectF heading = area.adjusted(10, 6, -10, 0);
    double y = heading.top();
    y += wrapped(p, text_, QRectF(heading.left(), y, heading.width(), 0), scaledFont(11, true),
                 tr("Data parallel: %1 workers + parameter server").arg(dp.workers));
    const double formulaTop = y;
    y += wrapped(p, text_, QRectF(heading.left(), y, heading.width(), 0), scaledFont(10),
                 tr("2 × %1 × %2 = %3 per mini-batch step").arg(dp.workers).arg(mb(dp.weightsMb), mb(dp.trafficMbPerBatch)));
    tips_.add(QRectF(heading.left(), formulaTop, heading.width(), y - formulaTop),
                         explainFigure("data_parallel_mb_per_batch") + "<br><br>" + explainFigure("weights_mb"));

    // What travels, as a legend of its own (labels on the spokes touched the neighbouring spokes at n = 8); an
    // entry that does not fit the row starts the next one.
    const QFontMetricsF pillMetrics(scaledFont(9, true)), wordMetrics(scaledFont(9));
    const double rowH = std::max(pillMetrics.height() + 8, wordMetrics.height() + 4);
    double legendX = heading.left(), legendY = y + 4 + rowH / 2;
    double rowExtra = 0;  // below the row: the lines a wrapped entry took beyond one
    auto legendEntry = [&](const QColor& color, const QString& pill, const QString& words) {
        const double pillWidth = pillMetrics.horizontalAdvance(pill) + 12;
        const double wordsWidth = wordMetrics.horizontalAdvance(words) + 4;
        if (legendX > heading.left() && legendX + pillWidth + 6 + wordsWidth > heading.right()) {
            legendX = heading.left();
            legendY += rowH + rowExtra;
            rowExtra = 0;
        }
        packet(p, text_, QPointF(legendX + pillWidth / 2, legendY), color, pill);
        legendX += pillWidth + 6;
        p.setFont(scaledFont(9));
        p.setPen(Qt::black);
        // Words that do not fit beside their pill wrap under each other (they were cut at the right at ×1.8).
        const double room = std::max(wordMetrics.averageCharWidth() * 6, heading.right() - legendX);
        const int flags = Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap;
        const double wordsHeight =
            std::max(rowH, wrappedTextHeight(scaledFont(9), room, words) + 4);
        text_.draw(p, QRectF(legendX, legendY - rowH / 2, room, wordsHeight), flags, words);
        rowExtra = std::max(rowExtra, wordsHeight - rowH);
        legendX += std::min(wordsWidth, room) + 18 * scale;
    };
    legendEntry(palette::update, tr("W ") + mb(dp.weightsMb), tr("server → each worker"));
    legendEntry(palette::backward, tr("dW ") + mb(dp.weightsMb), tr("each worker → server"));

    // The server in the middle, the workers on an ellipse around it. Where the boxes at full size would touch
    // each other (a narrow view, presentation fonts, many workers), boxes and fonts shrink together.
    const double top = legendY + rowH / 2 + rowExtra + 6;
    const QPointF center(area.center().x(), top + (area.bottom() - top) / 2);
    const int shown = std::min(dp.workers, 12);  // beyond a dozen the circle is a blur; the title gives n
    struct Placement {
        double shrink;
        QRectF server;
        std::vector<QRectF> workers;
    };
    auto place = [&](double shrink) {
        Placement pl{shrink, {}, {}};
        const double workerW = 124 * scale * shrink, workerH = 46 * scale * shrink;
        const double serverW = 150 * scale * shrink, serverH = 50 * scale * shrink;
        const double rx = std::max(0.0, area.width() / 2 - workerW / 2 - 10);
        const double ry = std::max(0.0, (area.bottom() - top) / 2 - workerH / 2 - 6);
        pl.server = QRectF(center.x() - serverW / 2, center.y() - serverH / 2, serverW, serverH);
        for (int i = 0; i < shown; ++i) {
            const double angle = -M_PI / 2 + 2 * M_PI * i / shown;
            const QPointF c = center + QPointF(std::cos(angle) * rx, std::sin(angle) * ry);
            pl.workers.push_back(QRectF(c.x() - workerW / 2, c.y() - workerH / 2, workerW, workerH));
        }
        return pl;
    };
    auto clear = [](const Placement& pl) {
        const double gap = 6;
        for (size_t i = 0; i < pl.workers.size(); ++i) {
            if (pl.workers[i].adjusted(-gap, -gap, gap, gap).intersects(pl.server)) return false;
            for (size_t j = i + 1; j < pl.workers.size(); ++j)
                if (pl.workers[i].adjusted(-gap, -gap, gap, gap).intersects(pl.workers[j])) return false;
        }
        return true;
    };
    Placement pl = place(1);
    for (double shrink = 0.9; !clear(pl) && shrink >= 0.3; shrink -= 0.1) pl = place(shrink);

    auto edge = [](QPointF from, QPointF towards, double w, double h) {  // where a spoke leaves a box
        const QPointF u = towards - from;
        const double t = std::min(w / 2 / std::max(1e-9, std::fabs(u.x())), h / 2 / std::max(1e-9, std::fabs(u.y())));
        return from + u * std::min(1.0, t * 1.08);
    };
    for (int i = 0; i < shown; ++i) {
        const QRectF& box = pl.workers[size_t(i)];
        const QPointF c = box.center();
        // W goes out (bluish green, one side of the spoke), dW comes back (vermillion, the other side).
        const QPointF d = c - center;
        const QPointF dir = d / std::max(1.0, std::hypot(d.x(), d.y()));
        const QPointF side(-dir.y() * 7 * scale * pl.shrink, dir.x() * 7 * scale * pl.shrink);
        const QPointF serverEdge = edge(center, c, pl.server.width(), pl.server.height());
        const QPointF workerEdge = edge(c, center, box.width(), box.height());
        arrow(p, serverEdge + side, workerEdge + side, palette::update, scaledPen(2));
        arrow(p, workerEdge - side, serverEdge - side, palette::backward, scaledPen(2));
        // Packets: dots on every spoke; the legend row above says what they carry.
        const QPointF w = lerp(serverEdge, workerEdge, progress_) + side, g = lerp(workerEdge, serverEdge, progress_) - side;
        p.setPen(Qt::NoPen);
        p.setBrush(palette::update);
        p.drawEllipse(w, 5 * scale * pl.shrink, 5 * scale * pl.shrink);
        p.setBrush(palette::backward);
        p.drawEllipse(g, 5 * scale * pl.shrink, 5 * scale * pl.shrink);
    }
    for (int i = 0; i < shown; ++i) {
        workerBox(p, text_, pl.workers[size_t(i)], tr("Worker %1").arg(i + 1), tr("whole network"), palette::forward, pl.shrink);
        tips_.add(pl.workers[size_t(i)],
                             tr("<b>Worker %1 of %2</b>: the whole network on its share of the mini-batch; every step it "
                                "receives W (%3) and sends dW (%3)<br>%4")
                                 .arg(i + 1).arg(dp.workers).arg(mb(dp.weightsMb)).arg(explainFigure("data_parallel_mb_per_batch")));
    }
    workerBox(p, text_, pl.server, tr("Parameter server"), tr("W %1").arg(mb(dp.weightsMb)), palette::update, pl.shrink);
}

}  // namespace dfl
