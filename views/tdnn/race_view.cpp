#include "views/tdnn/race_view.h"

#include "core/tdnn/tdnn_frame.h"
#include "views/palette.h"
#include "views/simulation_controller.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace dfl {

namespace {
constexpr int kWindowStages = 16;  // stages drawn around the edge; the running-sum plot shows all of them

QString signText(int v) { return v > 0 ? QStringLiteral("+1") : QStringLiteral("−1"); }
}  // namespace

RaceView::RaceView(const ModuleViewContext& context, QWidget* parent) : QWidget(parent) {
    setMinimumSize(900, 560);
    setAutoFillBackground(true);
    if (context.controller) {
        connect(context.controller, &SimulationController::frameReady, this, &RaceView::setFrame);
        if (context.controller->frame()) setFrame(context.controller->frame());
    }
}

void RaceView::setFrame(FramePtr frame) {
    auto f = std::dynamic_pointer_cast<const TdnnFrame>(frame);
    if (!f) return;
    frame_ = std::move(f);
    update();
}

void RaceView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), Qt::white);
    if (!frame_) {
        p.setFont(scaledFont(12));
        p.drawText(rect(), Qt::AlignCenter, tr("Open a tdnn scenario to see the race"));
        return;
    }
    const double m = 12 * presentationScale();
    const QRectF all = QRectF(rect()).adjusted(m, m, -m, -m);
    const double imageSide = std::min(all.height() * 0.48, all.width() * 0.24);
    paintImage(p, QRectF(all.left(), all.top(), imageSide, imageSide + 4 * scaledPointSize(12) * 2));
    const double left = all.left() + imageSide + 2 * m;
    paintLines(p, QRectF(left, all.top(), all.right() - left, all.height() * 0.5));
    paintRunningSum(p, QRectF(left, all.top() + all.height() * 0.55, all.right() - left, all.height() * 0.45));
    paintStatus(p, QRectF(all.left(), all.top() + imageSide + 4 * scaledPointSize(12) * 2 + m, imageSide,
                          all.bottom() - (all.top() + imageSide + 4 * scaledPointSize(12) * 2 + m)));
}

void RaceView::paintImage(QPainter& p, const QRectF& area) const {
    const RaceSetup& s = *frame_->setup;
    const double side = area.width();
    const double cell = side / s.imageSide;
    for (int r = 0; r < s.imageSide; ++r)
        for (int c = 0; c < s.imageSide; ++c) {
            const int grey = 255 - int(255 * s.pixels[std::size_t(r * s.imageSide + c)]);
            p.fillRect(QRectF(area.left() + c * cell, area.top() + r * cell, cell + 0.5, cell + 0.5), QColor(grey, grey, grey));
        }
    p.setPen(QPen(palette::idle, scaledPen(1)));
    p.setBrush(Qt::NoBrush);
    p.drawRect(QRectF(area.left(), area.top(), side, side));
    // The pixel the edge is at now (stage k reads input k).
    const int k = std::min(frame_->state.stage, s.stages() - 1);
    if (!frame_->state.decided && s.stages() == s.imageSide * s.imageSide) {
        p.setPen(QPen(palette::selected, scaledPen(3)));
        p.drawRect(QRectF(area.left() + (k % s.imageSide) * cell, area.top() + (k / s.imageSide) * cell, cell, cell));
    }
    p.setPen(Qt::black);
    p.setFont(scaledFont(12));
    const double line = scaledPointSize(12) * 2;
    double y = area.top() + side + 4;
    auto text = [&](const QString& t, const QColor& colour = Qt::black) {
        p.setPen(colour);
        p.drawText(QRectF(area.left(), y, area.width() * 1.6, line), Qt::AlignLeft | Qt::AlignVCenter, t);
        y += line;
    };
    text(tr("Test image %1 — label: %2").arg(s.image).arg(QString::fromStdString(s.classNames[std::size_t(s.label)])));
    text(tr("Digital prediction: %1").arg(QString::fromStdString(s.classNames[std::size_t(s.digitalPrediction)])));
    text(tr("Time domain (chip %1): %2").arg(s.chip).arg(QString::fromStdString(s.classNames[std::size_t(s.timeDomainPrediction)])),
         s.timeDomainPrediction == s.digitalPrediction ? Qt::black : palette::backward);
}

void RaceView::paintLines(QPainter& p, const QRectF& area) const {
    const RaceSetup& s = *frame_->setup;
    const int n = s.stages();
    const int k = std::min(frame_->state.stage, n);
    const int first = std::clamp(k - kWindowStages / 2, 0, std::max(0, n - kWindowStages));
    const int last = std::min(n, first + kWindowStages);
    const double titleHeight = scaledPointSize(13) * 2.2;
    p.setFont(scaledFont(13, true));
    p.setPen(Qt::black);
    p.drawText(QRectF(area.left(), area.top(), area.width(), titleHeight), Qt::AlignLeft | Qt::AlignVCenter,
               tr("Neuron %1: stages %2–%3 of %4 (the edges are at stage %5)").arg(s.neuron).arg(first + 1).arg(last).arg(n).arg(k));
    const double arbiterWidth = area.width() * 0.12;
    const double stageWidth = (area.width() - arbiterWidth) / kWindowStages;
    const double top = area.top() + titleHeight + area.height() * 0.18;
    const double bottom = area.bottom() - area.height() * 0.3;
    const double box = std::min(stageWidth * 0.5, (bottom - top) * 0.22);
    p.setFont(scaledFont(11));
    for (int i = first; i < last; ++i) {
        const double x0 = area.left() + (i - first) * stageWidth;
        const bool passed = i < k;
        const QColor lineColour = passed ? palette::forward : palette::idle;
        p.setPen(QPen(lineColour, scaledPen(2)));
        // The delay element: the slow path (extra Δ) sits on the line the weight selects.
        const bool slowOnTop = s.chain.weights[std::size_t(i)] < 0;
        for (int lane = 0; lane < 2; ++lane) {
            const double y = lane == 0 ? top : bottom;
            const bool slow = (lane == 0) == slowOnTop;
            const QRectF element(x0 + stageWidth * 0.1, y - box / 2, stageWidth * 0.45, box);
            p.setBrush(slow ? palette::update : QColor(Qt::white));
            p.drawRect(element);
            p.drawLine(QPointF(x0, y), element.topLeft() + QPointF(0, box / 2));
            if (slow) {
                p.setPen(palette::textOn(palette::update));
                p.drawText(element, Qt::AlignCenter, "Δ");
                p.setPen(QPen(lineColour, scaledPen(2)));
            }
        }
        // Crossover (x'_k = −1) or straight wiring to the next stage.
        const double cx0 = x0 + stageWidth * 0.55, cx1 = x0 + stageWidth;
        if (s.preEncoded[std::size_t(i)] < 0) {
            p.drawLine(QPointF(cx0, top), QPointF(cx1, bottom));
            p.drawLine(QPointF(cx0, bottom), QPointF(cx1, top));
        } else {
            p.drawLine(QPointF(cx0, top), QPointF(cx1, top));
            p.drawLine(QPointF(cx0, bottom), QPointF(cx1, bottom));
        }
        // Weight and input of the stage.
        p.setPen(Qt::black);
        p.drawText(QRectF(x0, top - box / 2 - scaledPointSize(11) * 2.1, stageWidth, scaledPointSize(11) * 2),
                   Qt::AlignCenter, "w " + signText(s.chain.weights[std::size_t(i)]));
        p.drawText(QRectF(x0, bottom + box / 2 + 2, stageWidth, scaledPointSize(11) * 2), Qt::AlignCenter,
                   "x " + signText(s.chain.inputs[std::size_t(i)]));
    }
    // The arbiter at the chain's end.
    const QRectF arbiter(area.right() - arbiterWidth * 0.8, top - box, arbiterWidth * 0.8, bottom - top + 2 * box);
    const bool atEnd = last == n;
    p.setPen(QPen(atEnd ? Qt::black : palette::idle, scaledPen(1.5)));
    p.setBrush(frame_->state.decided ? palette::selected : QColor(Qt::white));
    p.drawRect(arbiter);
    p.setFont(scaledFont(11, true));
    p.drawText(arbiter, Qt::AlignCenter | Qt::TextWordWrap,
               frame_->state.decided ? tr("arbiter\n%1").arg(signText(frame_->state.decision))
                                     : atEnd ? tr("arbiter\n(T − ½)Δ\noffset") : tr("… to the\narbiter"));
    // The two edges: blue dots where they are now, the leading one larger.
    if (k >= first && k <= last && !frame_->state.decided) {
        const double x = area.left() + (k - first) * stageWidth;
        const double lead = frame_->state.bottomTime - frame_->state.topTime;
        for (int lane = 0; lane < 2; ++lane) {
            const bool leads = (lane == 0) == (lead > 0);
            const double r = (leads ? 9 : 6) * presentationScale();
            p.setPen(Qt::NoPen);
            p.setBrush(palette::forward);
            p.drawEllipse(QPointF(x, lane == 0 ? top : bottom), r, r);
        }
    }
    p.setFont(scaledFont(12));
    p.setPen(Qt::black);
    const double lead = frame_->state.bottomTime - frame_->state.topTime;
    const double row = scaledPointSize(12) * 2;
    p.drawText(QRectF(area.left(), area.bottom() - 2 * row, area.width(), row), Qt::AlignLeft | Qt::AlignVCenter,
               tr("Edges at %1 Δ (top) and %2 Δ (bottom): %3 leads by %4 Δ")
                   .arg(frame_->state.topTime, 0, 'f', 1).arg(frame_->state.bottomTime, 0, 'f', 1)
                   .arg(lead >= 0 ? tr("top") : tr("bottom")).arg(std::abs(lead), 0, 'f', 2));
    p.setPen(palette::idle.darker(150));
    p.drawText(QRectF(area.left(), area.bottom() - row, area.width(), row), Qt::AlignLeft | Qt::AlignVCenter,
               tr("Green box: the weight's extra Δ.  X: the lines cross over (x'ₖ = xₖ·xₖ₊₁ = −1)."));
}

void RaceView::paintRunningSum(QPainter& p, const QRectF& area) const {
    const RaceSetup& s = *frame_->setup;
    const int n = s.stages();
    // Digital partial sums over the whole chain (dashed) and what the lines carried so far (solid).
    std::vector<double> digital{0};
    for (int i = 0; i < n; ++i) digital.push_back(digital.back() + s.chain.weights[std::size_t(i)] * s.chain.inputs[std::size_t(i)]);
    std::vector<double> carried;
    for (std::size_t i = 0; i < frame_->topTimes.size(); ++i) {
        const int next = int(i) < n ? s.chain.inputs[i] : 1;
        carried.push_back(next * (frame_->bottomTimes[i] - frame_->topTimes[i]));
    }
    double lo = std::min(0.0, double(s.chain.threshold)), hi = std::max(0.0, double(s.chain.threshold));
    for (double v : digital) lo = std::min(lo, v), hi = std::max(hi, v);
    for (double v : carried) lo = std::min(lo, v), hi = std::max(hi, v);
    const double pad = 0.08 * (hi - lo + 1);
    lo -= pad, hi += pad;
    const double labelWidth = scaledPointSize(11) * 5;
    const double titleHeight = scaledPointSize(12) * 2;
    const QRectF plot = area.adjusted(labelWidth, titleHeight, -4, -scaledPointSize(11) * 2.4);
    auto px = [&](double stage) { return plot.left() + plot.width() * stage / n; };
    auto py = [&](double v) { return plot.bottom() - plot.height() * (v - lo) / (hi - lo); };
    p.setFont(scaledFont(12, true));
    p.setPen(Qt::black);
    p.drawText(QRectF(area.left(), area.top(), area.width(), titleHeight), Qt::AlignLeft | Qt::AlignVCenter,
               tr("Running sum Σ (wᵢ + vᵢ)·xᵢ carried by the lines (Δ) against stage"));
    p.setPen(QPen(palette::idle, scaledPen(1)));
    p.setBrush(Qt::NoBrush);
    p.drawRect(plot);
    p.setFont(scaledFont(11));
    p.setPen(Qt::black);
    for (double v : {lo + pad, 0.0, hi - pad}) {
        p.drawText(QRectF(area.left(), py(v) - 10, labelWidth - 4, 20), Qt::AlignRight | Qt::AlignVCenter, QString::number(std::round(v)));
    }
    for (int st : {0, n / 2, n})
        p.drawText(QRectF(px(st) - 40, plot.bottom() + 2, 80, scaledPointSize(11) * 2), Qt::AlignCenter, QString::number(st));
    // Threshold T.
    p.setPen(QPen(palette::reference, scaledPen(1.5), Qt::DashLine));
    p.drawLine(QPointF(plot.left(), py(s.chain.threshold)), QPointF(plot.right(), py(s.chain.threshold)));
    p.drawText(QRectF(plot.right() - 200, py(s.chain.threshold) - 22, 196, 20), Qt::AlignRight, tr("threshold T = %1").arg(s.chain.threshold));
    QPainterPath ideal, actual;
    for (int i = 0; i <= n; ++i) (i ? ideal.lineTo(px(i), py(digital[std::size_t(i)])) : ideal.moveTo(px(0), py(0)));
    for (std::size_t i = 0; i < carried.size(); ++i)
        (i ? actual.lineTo(px(double(i)), py(carried[i])) : actual.moveTo(px(0), py(carried[0])));
    p.setPen(QPen(palette::idle, scaledPen(1.5), Qt::DashLine));
    p.drawPath(ideal);
    p.setPen(QPen(palette::forward, scaledPen(2.5)));
    p.drawPath(actual);
    const QPointF now(px(double(carried.size() - 1)), py(carried.back()));
    p.setBrush(palette::selected);
    p.setPen(QPen(Qt::black, scaledPen(1)));
    p.drawEllipse(now, 6 * presentationScale(), 6 * presentationScale());
    // Legend.
    p.setFont(scaledFont(11));
    const double ly = plot.top() + 4;
    p.setPen(QPen(palette::forward, scaledPen(2.5)));
    p.drawLine(QPointF(plot.left() + 10, ly + 10), QPointF(plot.left() + 40, ly + 10));
    p.setPen(Qt::black);
    p.drawText(QPointF(plot.left() + 46, ly + 15), tr("time domain (this chip)"));
    p.setPen(QPen(palette::idle, scaledPen(1.5), Qt::DashLine));
    p.drawLine(QPointF(plot.left() + 10, ly + 32), QPointF(plot.left() + 40, ly + 32));
    p.setPen(Qt::black);
    p.drawText(QPointF(plot.left() + 46, ly + 37), tr("digital XNOR-popcount"));
}

void RaceView::paintStatus(QPainter& p, const QRectF& area) const {
    const RaceSetup& s = *frame_->setup;
    p.setFont(scaledFont(12));
    const double line = scaledPointSize(12) * 2;
    double y = area.top();
    auto text = [&](const QString& t, const QColor& colour = Qt::black) {
        p.setPen(colour);
        p.drawText(QRectF(area.left(), y, area.width() * 1.6, line), Qt::AlignLeft | Qt::AlignVCenter, t);
        y += line;
    };
    text(tr("Running sum: %1 Δ").arg(frame_->runningSum, 0, 'f', 2));
    text(tr("Digital sum S = %1, threshold T = %2").arg(s.digitalSum).arg(s.chain.threshold));
    if (frame_->state.decided)
        text(tr("Arbiter: %1   (digital %2)").arg(signText(frame_->state.decision)).arg(signText(s.digitalDecision)),
             frame_->state.decision == s.digitalDecision ? palette::update : palette::backward);
    else
        text(tr("Arbiter: waiting (digital will say %1)").arg(signText(s.digitalDecision)), palette::idle);
}

}  // namespace dfl
