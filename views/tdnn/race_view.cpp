// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/tdnn/race_view.h"

#include "core/tdnn/tdnn_frame.h"
#include "views/palette.h"
#include "views/presentation_scale.h"
#include "views/simulation_controller.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace dfl {

namespace {
constexpr int kMostWindowStages = 16;  // stages drawn around the edge; the running-sum plot shows all of them
constexpr int kFewestWindowStages = 4;

QString signText(int v) { return v > 0 ? QStringLiteral("+1") : QStringLiteral("−1"); }

// Draws `text` wrapped to `width` with its top-left at (x, y) in the painter's font; returns the height it took.
// Every sentence of the view goes through here, so at presentation size (1.8x as wide) it wraps instead of
// running under the drawing beside it.
constexpr int kWrapFlags = Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap;


double drawWrapped(QPainter& p, DrawnText& drawn, double x, double y, double width, const QString& text) {
    const double height = wrappedTextHeight(p.font(), width, text);
    drawn.draw(p, QRectF(x, y, width, height), kWrapFlags, text);
    return height;
}

// A title in the painter's font, wrapped to `width` (never elided); returns the height it took with a little air.
double title(QPainter& p, DrawnText& drawn, double x, double y, double width, const QString& text) {
    return drawWrapped(p, drawn, x, y, width, text) + QFontMetricsF(p.font()).height() * 0.4;
}
}  // namespace

RaceView::RaceView(const ModuleViewContext& context, QWidget* parent) : QWidget(parent) {
    // The minimum follows the font size (minimumSizeHint).
    connect(&presentationScaleNotifier(), &PresentationScaleNotifier::scaleChanged, this, [this] { updateGeometry(); });
    setAutoFillBackground(true);
    if (context.controller) {
        connect(context.controller, &SimulationController::frameReady, this, &RaceView::setFrame);
        if (context.controller->frame()) setFrame(context.controller->frame());
    }
}

QSize RaceView::minimumSizeHint() const {
    // Fewer stages of the chains fit a narrower view (paintLines: 4 to 16) and the legend goes above the running
    // sum: 600 px leave the charts a readable column beside it at 1280 x 800 (MainWindow::balanceColumns). The
    // sentences beside the image need the width in proportion to their font: at presentation size the view takes
    // the screen's width, the charts a tab behind it (PresentationMode::splitWidth).
    return {int(600 * presentationScale()), 520};
}

void RaceView::setFrame(FramePtr frame) {
    auto f = std::dynamic_pointer_cast<const TdnnFrame>(frame);
    if (!f) return;
    frame_ = std::move(f);
    update();
}

QString RaceView::explainStage(int stage) const {
    if (!frame_ || stage < 1 || stage > frame_->setup->stages()) return {};
    const RaceSetup& s = *frame_->setup;
    const size_t i = size_t(stage - 1);
    const int w = s.chain.weights[i], x = s.chain.inputs[i], xp = s.preEncoded[i];
    const int next = stage < s.stages() ? s.chain.inputs[i + 1] : 1;
    QStringList lines{tr("<b>Stage k = %1 of %2</b> (input pixel %3)").arg(stage).arg(s.stages()).arg(stage - 1)};
    lines << (w > 0 ? tr("weight w<sub>k</sub> = +1: the extra Δ on the bottom line, so the top edge gains Δ")
                    : tr("weight w<sub>k</sub> = −1: the extra Δ on the top line, so the bottom edge gains Δ"));
    lines << tr("input x<sub>k</sub> = %1; pre-encoded x'<sub>k</sub> = x<sub>k</sub>·x<sub>k+1</sub> = %2·%3 = %4: %5")
                 .arg(signText(x), signText(x), signText(next), signText(xp))
                 .arg(xp < 0 ? tr("the lines cross over after this stage") : tr("the lines run straight on"));
    if (!s.chain.mismatch.empty()) lines << tr("this chip's mismatch v<sub>k</sub> = %1 Δ").arg(s.chain.mismatch[i], 0, 'f', 3);
    if (i + 1 < frame_->topTimes.size()) {
        const double before = frame_->bottomTimes[i] - frame_->topTimes[i];
        const double after = frame_->bottomTimes[i + 1] - frame_->topTimes[i + 1];
        lines << tr("edges after it: top %1 Δ, bottom %2 Δ").arg(frame_->topTimes[i + 1], 0, 'f', 2).arg(frame_->bottomTimes[i + 1], 0, 'f', 2);
        lines << tr("lead D<sub>k</sub> = x'<sub>k</sub>·(D<sub>k−1</sub> + w<sub>k</sub> + v<sub>k</sub> + jitter) = "
                    "%1·(%2 %3 + v<sub>k</sub> + jitter) = %4 Δ")
                     .arg(signText(xp)).arg(before, 0, 'f', 2).arg(w > 0 ? "+ 1" : "− 1").arg(after, 0, 'f', 2);
    } else {
        lines << tr("the edges have not reached it yet (they are at stage %1)").arg(frame_->state.stage);
    }
    return lines.join("<br>");
}

bool RaceView::event(QEvent* event) { return tips_.handle(this, event) || QWidget::event(event); }

void RaceView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), Qt::white);
    text_.clear();
    tips_.clear();
    if (!frame_) {
        p.setFont(scaledFont(12));
        text_.draw(p, rect(), Qt::AlignCenter, tr("Open a tdnn scenario to see the race"));
        return;
    }
    const double m = 12 * presentationScale();
    const QRectF all = QRectF(rect()).adjusted(m, m, -m, -m);
    // The left column: the image, and under it the sentences about it, wrapped to the column; the image gives
    // way when the sentences (1.8x the size in presentation mode) need the height.
    const double column = all.width() * 0.3, gap = 4 * presentationScale();
    const std::vector<Sentence> told = sentences();
    double textHeight = 0;
    for (const Sentence& s : told) textHeight += s.spaceBefore * QFontMetricsF(textFont()).height() + wrappedTextHeight(textFont(), column, s.text);
    const double imageSide = std::max(all.height() * 0.2, std::min({all.height() * 0.42, all.width() * 0.22, all.height() - textHeight - gap}));
    paintImage(p, QRectF(all.left(), all.top(), imageSide, imageSide));
    paintSentences(p, told, QRectF(all.left(), all.top() + imageSide + gap, column, all.bottom() - imageSide - gap));
    const double left = all.left() + column + 2 * m;
    // The lines take what their labels need; the running sum below gets the rest.
    const double linesBottom = paintLines(p, QRectF(left, all.top(), all.right() - left, all.height() * 0.53));
    paintRunningSum(p, QRectF(left, linesBottom + m, all.right() - left, all.bottom() - linesBottom - m));
}

void RaceView::paintImage(QPainter& p, const QRectF& area) const {
    const RaceSetup& s = *frame_->setup;
    const double side = area.height();
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
}

double RaceView::paintLines(QPainter& p, const QRectF& area) const {
    const RaceSetup& s = *frame_->setup;
    const int n = s.stages();
    const int k = std::min(frame_->state.stage, n);
    const QFont labelFont = scaledFont(11), arbiterFont = scaledFont(11, true), captionFont = scaledFont(11);
    const QFontMetricsF labelMetrics(labelFont);

    // Widths: the arbiter as wide as its widest text; as many stages as fit with their "w −1" labels side by side.
    const QStringList arbiterTexts{tr("arbiter\n(T − ½)Δ\noffset"), tr("… to the\narbiter"), tr("arbiter\n+1")};
    double arbiterTextWidth = 0;
    for (const QString& t : arbiterTexts)
        arbiterTextWidth = std::max(arbiterTextWidth, QFontMetricsF(arbiterFont).boundingRect(QRectF(), 0, t).width());
    const double arbiterWidth = std::max(area.width() * 0.12, (arbiterTextWidth + 12 * presentationScale()) / 0.8);
    const double labelWidth = labelMetrics.horizontalAdvance("w " + signText(-1)) * 1.15;
    const int windowStages = std::clamp(int((area.width() - arbiterWidth) / labelWidth), kFewestWindowStages, kMostWindowStages);
    const double stageWidth = (area.width() - arbiterWidth) / windowStages;
    const int first = std::clamp(k - windowStages / 2, 0, std::max(0, n - windowStages));
    const int last = std::min(n, first + windowStages);

    // Heights, top down: title, weight labels, the two lines, input labels, then the key under them.
    p.setFont(scaledFont(13, true));
    p.setPen(Qt::black);
    const double titleHeight = title(p, text_, area.left(), area.top(), area.width(),
        tr("Neuron %1: stages %2–%3 of %4 (the edges are at stage %5)").arg(s.neuron).arg(first + 1).arg(last).arg(n).arg(k));
    const QString key = tr("Green box: the weight's extra Δ.  X: the lines cross over (x'ₖ = xₖ·xₖ₊₁ = −1).");
    const double captionHeight = wrappedTextHeight(captionFont, area.width(), key);
    const double labelHeight = labelMetrics.height() * 1.2;
    const double box = std::min(stageWidth * 0.5, labelMetrics.height() * 1.3);
    const double top = area.top() + titleHeight + labelHeight + box;
    // The lines fill what the area leaves them, but stay far enough apart to show a crossover.
    const double bottom = std::clamp(area.bottom() - captionHeight - labelHeight - box, top + 2.5 * box, top + 6 * box);

    p.setFont(labelFont);
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
                text_.draw(p, element, Qt::AlignCenter, "Δ");
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
        text_.draw(p, QRectF(x0, top - box / 2 - labelHeight, stageWidth, labelHeight), Qt::AlignCenter,
                   "w " + signText(s.chain.weights[std::size_t(i)]));
        text_.draw(p, QRectF(x0, bottom + box / 2, stageWidth, labelHeight), Qt::AlignCenter,
                   "x " + signText(s.chain.inputs[std::size_t(i)]));
        // The whole stage, from its weight label to its input label, explains itself.
        tips_.add(QRectF(x0, top - box / 2 - labelHeight, stageWidth, bottom - top + box + 2 * labelHeight), explainStage(i + 1));
    }
    // The arbiter at the chain's end.
    const QRectF arbiter(area.right() - arbiterWidth * 0.8, top - box, arbiterWidth * 0.8, bottom - top + 2 * box);
    const bool atEnd = last == n;
    p.setPen(QPen(atEnd ? Qt::black : palette::idle, scaledPen(1.5)));
    p.setBrush(frame_->state.decided ? palette::selected : QColor(Qt::white));
    p.drawRect(arbiter);
    p.setFont(arbiterFont);
    text_.draw(p, arbiter, Qt::AlignCenter,
               frame_->state.decided ? tr("arbiter\n%1").arg(signText(frame_->state.decision))
                                     : atEnd ? arbiterTexts[0] : arbiterTexts[1]);
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
    p.setFont(captionFont);
    p.setPen(palette::idle.darker(150));
    const double captionTop = bottom + box + labelHeight;
    return captionTop + drawWrapped(p, text_, area.left(), captionTop, area.width(), key);
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
    const QFont labelFont = scaledFont(11);
    const QFontMetricsF labelMetrics(labelFont);
    const double labelWidth = labelMetrics.horizontalAdvance("−888") + 8 * presentationScale();
    const QString heading = tr("Running sum Σ (wᵢ + vᵢ)·xᵢ (Δ) by stage");
    const double titleHeight = wrappedTextHeight(scaledFont(12, true), area.width(), heading) + QFontMetricsF(scaledFont(12, true)).height() * 0.4;
    // The legend beside the plot, not over its curves (at presentation size it covered the top third of them); above
    // the plot where the area is too narrow for it beside.
    const QStringList legend{tr("time domain (this chip)"), tr("digital XNOR-popcount"),
                             tr("threshold T = %1").arg(s.chain.threshold)};
    const double swatch = 30 * presentationScale(), inset = 8 * presentationScale();
    double legendWidth = 0;
    for (const QString& entry : legend) legendWidth = std::max(legendWidth, swatch + 2 * inset + labelMetrics.horizontalAdvance(entry));
    const bool legendBeside = legendWidth < area.width() * 0.5;
    const double legendRowHeight = labelMetrics.height() * 1.15;
    const QRectF plot = area.adjusted(labelWidth, titleHeight + (legendBeside ? 0 : legend.size() * legendRowHeight),
                                      legendBeside ? -legendWidth - inset : -4, -labelMetrics.height() * 1.3);
    plot_ = plot;
    auto px = [&](double stage) { return plot.left() + plot.width() * stage / n; };
    auto py = [&](double v) { return plot.bottom() - plot.height() * (v - lo) / (hi - lo); };
    p.setFont(scaledFont(12, true));
    p.setPen(Qt::black);
    title(p, text_, area.left(), area.top(), area.width(), heading);
    p.setPen(QPen(palette::idle, scaledPen(1)));
    p.setBrush(Qt::NoBrush);
    p.drawRect(plot);
    p.setFont(labelFont);
    p.setPen(Qt::black);
    const double labelHeight = labelMetrics.height();
    // Value labels beside the plot, inside its height, none closer to another than a line (the lowest ran into the
    // stage labels under the plot).
    std::vector<double> labelled;
    for (double v : {0.0, lo + pad, hi - pad}) {
        const double y = std::clamp(py(v), plot.top() + labelHeight / 2, plot.bottom() - labelHeight / 2);
        if (std::any_of(labelled.begin(), labelled.end(), [&](double other) { return std::abs(other - y) < labelHeight; })) continue;
        labelled.push_back(y);
        text_.draw(p, QRectF(area.left(), y - labelHeight / 2, labelWidth - 4 * presentationScale(), labelHeight),
                   Qt::AlignRight | Qt::AlignVCenter, QString::number(std::round(v)));
    }
    // Stage labels under the plot: the first starts at its left edge, the last ends at its right edge.
    for (int st : {0, n / 2, n}) {
        const int align = st == 0 ? Qt::AlignLeft : st == n ? Qt::AlignRight : Qt::AlignHCenter;
        const QRectF r = st == 0   ? QRectF(plot.left(), plot.bottom() + 2, labelWidth, labelHeight)
                         : st == n ? QRectF(plot.right() - labelWidth, plot.bottom() + 2, labelWidth, labelHeight)
                                   : QRectF(px(st) - labelWidth, plot.bottom() + 2, 2 * labelWidth, labelHeight);
        text_.draw(p, r, align | Qt::AlignTop, QString::number(st));
    }
    // Threshold T (named in the legend).
    const double thresholdY = py(s.chain.threshold);
    const QPen thresholdPen(palette::reference, scaledPen(1.5), Qt::DashLine);
    p.setPen(thresholdPen);
    p.drawLine(QPointF(plot.left(), thresholdY), QPointF(plot.right(), thresholdY));
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
    // Legend, one row per series, spaced by the font: right of the plot, or between the heading and the plot.
    auto legendRow = [&](int row, const QPen& pen, const QString& text) {
        const QRectF r = legendBeside ? QRectF(plot.right() + inset, plot.top() + row * legendRowHeight, legendWidth, labelHeight)
                                      : QRectF(plot.left(), plot.top() - (legend.size() - row) * legendRowHeight, plot.width(), labelHeight);
        p.setPen(pen);
        p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.left() + swatch, r.center().y()));
        p.setPen(Qt::black);
        text_.draw(p, r.adjusted(swatch + inset, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, text);
    };
    legendRow(0, QPen(palette::forward, scaledPen(2.5)), legend[0]);
    legendRow(1, QPen(palette::idle, scaledPen(1.5), Qt::DashLine), legend[1]);
    legendRow(2, thresholdPen, legend[2]);
}

QFont RaceView::textFont() { return scaledFont(11); }

std::vector<RaceView::Sentence> RaceView::sentences() const {
    const RaceSetup& s = *frame_->setup;
    auto className = [&](int c) { return QString::fromStdString(s.classNames[std::size_t(c)]); };
    const double lead = frame_->state.bottomTime - frame_->state.topTime;
    std::vector<Sentence> out{
        {tr("Test image %1 — label: %2").arg(s.image).arg(className(s.label))},
        {tr("Digital prediction: %1").arg(className(s.digitalPrediction))},
        {tr("Time domain (chip %1): %2").arg(s.chip).arg(className(s.timeDomainPrediction)),
         s.timeDomainPrediction == s.digitalPrediction ? QColor(Qt::black) : palette::backward},
        {tr("Edges at %1 Δ (top) and %2 Δ (bottom): %3 leads by %4 Δ")
             .arg(frame_->state.topTime, 0, 'f', 1).arg(frame_->state.bottomTime, 0, 'f', 1)
             .arg(lead >= 0 ? tr("top") : tr("bottom")).arg(std::abs(lead), 0, 'f', 2),
         Qt::black, 0.5},  // the prediction above, the race below
        {tr("Running sum: %1 Δ").arg(frame_->runningSum, 0, 'f', 2)},
        {tr("Digital sum S = %1, threshold T = %2").arg(s.digitalSum).arg(s.chain.threshold)}};
    if (frame_->state.decided)
        out.push_back({tr("Arbiter: %1   (digital %2)").arg(signText(frame_->state.decision)).arg(signText(s.digitalDecision)),
                       frame_->state.decision == s.digitalDecision ? palette::update : palette::backward});
    else
        out.push_back({tr("Arbiter: waiting (digital will say %1)").arg(signText(s.digitalDecision)), palette::idle});
    return out;
}

void RaceView::paintSentences(QPainter& p, const std::vector<Sentence>& told, const QRectF& area) const {
    p.setFont(textFont());
    double y = area.top();
    for (const Sentence& s : told) {
        y += s.spaceBefore * QFontMetricsF(p.font()).height();
        p.setPen(s.colour);
        y += drawWrapped(p, text_, area.left(), y, area.width(), s.text);
    }
}

}  // namespace dfl
