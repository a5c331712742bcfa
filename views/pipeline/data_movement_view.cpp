#include "views/pipeline/data_movement_view.h"

#include "core/pipeline/pipeline_charts.h"
#include "core/sim/metrics_json.h"
#include "views/palette.h"
#include "views/presentation_scale.h"
#include "views/simulation_controller.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace dfl {

namespace {

constexpr int AnimationMs = 450;

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
void packet(QPainter& p, QPointF at, const QColor& color, const QString& text) {
    p.setFont(scaledFont(9, true));
    const QFontMetricsF fm(p.font());
    const QRectF r(at.x() - fm.horizontalAdvance(text) / 2 - 6, at.y() - fm.height() / 2 - 2, fm.horizontalAdvance(text) + 12,
                   fm.height() + 4);
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawRoundedRect(r, r.height() / 2, r.height() / 2);
    p.setPen(palette::textOn(color));
    p.drawText(r, Qt::AlignCenter, text);
}

void workerBox(QPainter& p, const QRectF& r, const QString& title, const QString& detail, const QColor& accent, bool busy) {
    p.setPen(QPen(busy ? accent : palette::idle, scaledPen(busy ? 2.5 : 1.5)));
    p.setBrush(busy ? QColor(accent.red(), accent.green(), accent.blue(), 28) : QColor(0xF2, 0xF2, 0xF2));
    p.drawRoundedRect(r, 6, 6);
    p.setPen(Qt::black);
    p.setFont(scaledFont(10, true));
    p.drawText(r.adjusted(4, 4, -4, -r.height() / 2), Qt::AlignHCenter | Qt::AlignBottom, title);
    p.setFont(scaledFont(9));
    p.drawText(r.adjusted(4, r.height() / 2, -4, -4), Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, detail);
}

QPointF lerp(QPointF a, QPointF b, double t) { return a + (b - a) * t; }

}  // namespace

DataMovementView::DataMovementView(const ModuleViewContext& context, QWidget* parent) : QWidget(parent) {
    setMinimumSize(640, 360);
    paintOnWhite(this);
    animation_.setInterval(16);
    connect(&animation_, &QTimer::timeout, this, [this] {
        progress_ = std::min(1.0, double(sinceFrame_.elapsed()) / AnimationMs);
        if (progress_ >= 1) animation_.stop();
        update();
    });
    if (SimulationController* c = context.controller)
        connect(c, &SimulationController::frameReady, this, [this](FramePtr f) { setFrame(f); });
    // Fonts and pens are scaled at paint time; repaint at once when presentation mode changes.
    connect(&presentationScaleNotifier(), &PresentationScaleNotifier::scaleChanged, this, qOverload<>(&QWidget::update));
}

void DataMovementView::setFrame(const FramePtr& frame) {
    auto f = std::dynamic_pointer_cast<const PipelineFrame>(frame);
    if (!f) return;
    const bool newCycle = !frame_ || frame_->cycle != f->cycle;
    frame_ = std::move(f);
    if (newCycle) {  // every new cycle sends its packets on their way again
        progress_ = 0;
        sinceFrame_.start();
        animation_.start();
    }
    update();
}

void DataMovementView::setProgress(double progress) {
    animation_.stop();
    progress_ = std::clamp(progress, 0.0, 1.0);
    update();
}

void DataMovementView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    if (!frame_) {
        p.drawText(rect(), Qt::AlignCenter, tr("Open a pipeline scenario"));
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
    p.setFont(scaledFont(11, true));
    p.drawText(area.adjusted(10, 6, -10, 0), Qt::AlignTop | Qt::AlignLeft,
               tr("Layer-block-wise pipeline, cycle %1: neighbours only").arg(frame_->cycle));
    p.setFont(scaledFont(10));
    p.drawText(area.adjusted(10, 30 * scale, -10, 0), Qt::AlignTop | Qt::AlignLeft,
               tr("%1 forward + %2 backward per mini-batch").arg(mb(a.forwardMbPerBatch), mb(a.backwardMbPerBatch)));

    // The input memory and the stages top to bottom; activations flow down the left lane, gradients up the right.
    const double top = area.top() + 58 * scale, bottom = area.bottom() - 8 * scale;
    const int boxes = stages + 1;
    const double pitch = (bottom - top) / boxes;
    const double boxH = std::min(pitch * 0.58, 64 * scale);
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
        p.setFont(scaledFont(10, true));
        p.drawText(r.adjusted(8, 0, -8, 0), Qt::AlignLeft | Qt::AlignVCenter, title);
        p.setFont(scaledFont(10));
        p.drawText(r.adjusted(8, 0, -8, 0), Qt::AlignRight | Qt::AlignVCenter, activity);
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
        packet(p, lerp(from, to, progress_), color, QString::number(t.miniBatch));
        p.setPen(color);
        p.setFont(scaledFont(9, true));
        const QString label = (gradient ? tr("dY %1") : tr("Y %1")).arg(mb(t.megabytes));
        const QRectF beside = gradient ? QRectF(x + 16 * scale, a0.y(), 200 * scale, b0.y() - a0.y())
                                       : QRectF(x - 216 * scale, a0.y(), 200 * scale, b0.y() - a0.y());
        p.drawText(beside, (gradient ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter, label);
    }
}

void DataMovementView::paintDataParallel(QPainter& p, const QRectF& area) {
    const PipelineAnalysis& a = *frame_->layout->analysis;
    const DataParallelCost& dp = a.dataParallel;
    const double scale = presentationScale();
    p.setPen(Qt::black);
    p.setFont(scaledFont(11, true));
    p.drawText(area.adjusted(10, 6, -10, 0), Qt::AlignTop | Qt::AlignLeft,
               tr("Data parallel: %1 workers + parameter server").arg(dp.workers));
    p.setFont(scaledFont(10));
    p.drawText(area.adjusted(10, 30 * scale, -10, 0), Qt::AlignTop | Qt::AlignLeft,
               tr("2 × %1 × %2 = %3 per mini-batch step").arg(dp.workers).arg(mb(dp.weightsMb), mb(dp.trafficMbPerBatch)));

    // What travels, as a legend row of its own: labels on the spokes touched the neighbouring spokes at n = 8.
    p.setFont(scaledFont(9, true));
    const QFontMetricsF legendMetrics(p.font());
    const double legendY = area.top() + 62 * scale;
    double legendX = area.left() + 10;
    auto legendEntry = [&](const QColor& color, const QString& pill, const QString& words) {
        const double pillWidth = legendMetrics.horizontalAdvance(pill) + 12;
        packet(p, QPointF(legendX + pillWidth / 2, legendY), color, pill);
        legendX += pillWidth + 6;
        p.setFont(scaledFont(9));
        p.setPen(Qt::black);
        const double wordsWidth = QFontMetricsF(p.font()).horizontalAdvance(words) + 4;
        p.drawText(QRectF(legendX, legendY - 12 * scale, wordsWidth, 24 * scale), Qt::AlignLeft | Qt::AlignVCenter, words);
        legendX += wordsWidth + 18 * scale;
    };
    legendEntry(palette::update, tr("W ") + mb(dp.weightsMb), tr("server → each worker"));
    legendEntry(palette::backward, tr("dW ") + mb(dp.weightsMb), tr("each worker → server"));

    const double top = area.top() + 84 * scale;
    const QPointF center(area.center().x(), top + (area.bottom() - top) / 2);
    const double workerW = 124 * scale, workerH = 46 * scale;
    const double rx = std::max(60.0, area.width() / 2 - workerW / 2 - 10), ry = std::max(60.0, (area.bottom() - top) / 2 - workerH / 2 - 6);
    const double serverW = 150 * scale, serverH = 50 * scale;
    const int shown = std::min(dp.workers, 12);  // beyond a dozen the circle is a blur; the title gives n
    for (int i = 0; i < shown; ++i) {
        const double angle = -M_PI / 2 + 2 * M_PI * i / shown;
        const QPointF c = center + QPointF(std::cos(angle) * rx, std::sin(angle) * ry);
        // W goes out (bluish green, one side of the spoke), dW comes back (vermillion, the other side).
        const QPointF d = c - center;
        const QPointF dir = d / std::max(1.0, std::hypot(d.x(), d.y()));
        const QPointF side(-dir.y() * 7 * scale, dir.x() * 7 * scale);
        auto edge = [&](QPointF from, QPointF towards, double w, double h) {  // where a spoke leaves a box
            const QPointF u = towards - from;
            const double t = std::min(w / 2 / std::max(1e-9, std::fabs(u.x())), h / 2 / std::max(1e-9, std::fabs(u.y())));
            return from + u * std::min(1.0, t * 1.08);
        };
        const QPointF serverEdge = edge(center, c, serverW, serverH), workerEdge = edge(c, center, workerW, workerH);
        arrow(p, serverEdge + side, workerEdge + side, palette::update, scaledPen(2));
        arrow(p, workerEdge - side, serverEdge - side, palette::backward, scaledPen(2));
        // Packets: dots on every spoke; the legend row above says what they carry.
        const QPointF w = lerp(serverEdge, workerEdge, progress_) + side, g = lerp(workerEdge, serverEdge, progress_) - side;
        p.setPen(Qt::NoPen);
        p.setBrush(palette::update);
        p.drawEllipse(w, 5 * scale, 5 * scale);
        p.setBrush(palette::backward);
        p.drawEllipse(g, 5 * scale, 5 * scale);
        workerBox(p, QRectF(c.x() - workerW / 2, c.y() - workerH / 2, workerW, workerH), tr("Worker %1").arg(i + 1),
                  tr("whole network"), palette::forward, true);
    }
    workerBox(p, QRectF(center.x() - serverW / 2, center.y() - serverH / 2, serverW, serverH), tr("Parameter server"),
              tr("W %1").arg(mb(dp.weightsMb)), palette::update, true);
}

}  // namespace dfl
