// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/cgra/cgra_array_view.h"

#include "core/sim/metrics_json.h"
#include "views/legend_flow.h"
#include "views/palette.h"
#include "views/presentation_scale.h"
#include "views/scaled_table.h"
#include "views/simulation_controller.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <QPainterPath>
#include <QResizeEvent>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>
#include <vector>

namespace dfl {

using cgra::CgraFrame;

namespace {

QColor lighter(const QColor& c, int percent) {
    // Mix with white: keeps the hue, so "filling" reads as a paler version of "computing".
    const double t = percent / 100.0;
    return QColor::fromRgbF(float(c.redF() + (1 - c.redF()) * t), float(c.greenF() + (1 - c.greenF()) * t),
                            float(c.blueF() + (1 - c.blueF()) * t));
}

void drawArrow(QPainter& p, QPointF from, QPointF to, const QColor& color, double width) {
    p.setPen(QPen(color, width, Qt::SolidLine, Qt::RoundCap));
    p.drawLine(from, to);
    const QPointF d = to - from;
    const double len = std::max(1.0, std::hypot(d.x(), d.y()));
    const QPointF u = d / len, n(-u.y(), u.x());
    const double head = std::min(8.0, len / 2) * presentationScale();
    QPainterPath path;
    path.moveTo(to);
    path.lineTo(to - u * head + n * head * 0.5);
    path.lineTo(to - u * head - n * head * 0.5);
    path.closeSubpath();
    p.fillPath(path, color);
}

}  // namespace

CgraArrayCanvas::CgraArrayCanvas(QWidget* parent) : QWidget(parent) {
    // 4 x 4 PEs keep their coordinates down to this width; the charts keep a readable column beside the view at
    // 1280 x 800 (MainWindow::balanceColumns).
    setMinimumSize(380, 320);
    paintOnWhite(this);
}

void CgraArrayCanvas::setFrame(std::shared_ptr<const CgraFrame> frame) {
    frame_ = std::move(frame);
    update();
}

QString CgraArrayCanvas::explainPe(int x, int y) const {
    // What the PE holds and does this cycle, with the partial sum's count written out.
    if (!frame_ || x < 0 || y < 0 || x >= frame_->config.px || y >= frame_->config.py) return {};
    const CgraFrame& f = *frame_;
    const size_t index = size_t(y) * size_t(f.config.px) + size_t(x);
    if (index >= f.pes.size()) return {};
    const cgra::PeView& pe = f.pes[index];
    QStringList lines;
    lines << tr("<b>PE (x=%1, y=%2)</b>, cycle %3").arg(x).arg(y).arg(f.cycle);
    if (!pe.assigned) {
        lines << tr("idle: no output of the current block falls on this PE");
        return lines.join("<br>");
    }
    lines << tr("accumulates output (x=%1, y=%2) of thread %3 of %4 (one output channel per thread)")
                 .arg(pe.outX).arg(pe.outY).arg(f.thread).arg(f.threadsInGroup);
    if (pe.hasInput) lines << tr("holds input in[%1][%2] of the padded plane in its shift register").arg(pe.inRow).arg(pe.inCol);
    else lines << tr("its shift register is still filling (no input yet)");
    if (pe.mac && f.weightValid)
        lines << tr("this cycle: partial sum += w[co=%1][ci=%2][ky=%3][kx=%4] × in[%5][%6]")
                     .arg(f.weightCo).arg(f.weightCi).arg(f.weightKy).arg(f.weightKx).arg(pe.inRow).arg(pe.inCol);
    else if (pe.mac) lines << tr("this cycle: multiply-accumulate");
    else lines << tr("this cycle: no multiply (waiting for the chain or the weight)");
    const std::int64_t macs = std::int64_t(f.layer.ci) * f.layer.kernel * f.layer.kernel;
    lines << tr("partial sum: %1 of Ci·H<sup>2</sup> = %2·%3<sup>2</sup> = %4 MACs done (%5 %)")
                 .arg(std::llround(pe.progress * double(macs))).arg(f.layer.ci).arg(f.layer.kernel).arg(macs)
                 .arg(std::lround(pe.progress * 100));
    return lines.join("<br>");
}

bool CgraArrayCanvas::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        const QPointF at = static_cast<QHelpEvent*>(event)->pos();
        QString tip;
        if (cell_ > 0 && grid_.contains(at))
            tip = explainPe(int((at.x() - grid_.left()) / cell_), int((at.y() - grid_.top()) / cell_));
        if (tip.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(static_cast<QHelpEvent*>(event)->globalPos(), tip, this);
        return true;
    }
    return QWidget::event(event);
}

namespace {
constexpr double kTextCell = 46;    // a PE this size (times the presentation scale) has room for its coordinates
constexpr double kMargin = 10;      // around the canvas, times the scale
constexpr double kBankGap = 24;     // between the row buffers and the grid, times the scale
}  // namespace

double CgraArrayCanvas::bankWidth() const {
    return std::max(90.0 * presentationScale(), QFontMetricsF(scaledFont(11)).horizontalAdvance("row 9999") + 16);
}

bool CgraArrayCanvas::peTextShown() const { return peTextShown_; }

double CgraArrayCanvas::readableWidth() const {
    if (!frame_) return 0;
    const double s = presentationScale();
    return 2 * kMargin * s + bankWidth() + kBankGap * s + frame_->config.px * kTextCell * s;
}

void CgraArrayCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    text_.clear();
    if (!frame_) {
        p.setFont(scaledFont(12));
        text_.draw(p, rect(), Qt::AlignCenter, tr("Load a cgra scenario to see the array."));
        return;
    }
    const CgraFrame& f = *frame_;
    const int px = f.config.px, py = f.config.py;
    const bool conv = f.layer.isConv();

    // Layout: title and weight bus on top, row buffers on the left, the PE grid, a legend at the bottom.
    const double margin = kMargin * presentationScale();
    const QFont titleFont = scaledFont(13, true), textFont = scaledFont(11), smallFont = scaledFont(9);
    // The title and the bus's sentence wrap (never elide): their heights follow the width.
    const double textWidth = width() - 2 * margin;
    QString title = QString::fromStdString(f.layer.name + "  (" + f.layer.shapeText() + ")") +
                    tr("   cycle %1 / %2").arg(f.cycle).arg(f.totalCycles);
    if (f.done) title += tr("   done");
    QString busText;
    if (conv && f.weightValid)
        busText = tr("broadcast weight w[co=%1][ci=%2][ky=%3][kx=%4]  →  thread %5 of %6 in every PE")
                      .arg(f.weightCo).arg(f.weightCi).arg(f.weightKy).arg(f.weightKx).arg(f.thread).arg(f.threadsInGroup);
    else if (conv && !f.done)
        busText = tr("filling the shift chain: no weight needed yet (thread slot %1 of %2)").arg(f.thread).arg(f.threadsInGroup);
    else if (!conv && !f.done)
        busText = tr("common bus: FC input element %1; weights arrive %2")
                      .arg(f.loops.size() > 1 ? f.loops[1].value : 0)
                      .arg(f.config.fcMapping == cgra::FcMapping::RowBuffers ? tr("through the row buffers")
                                                                               : tr("one word per cycle"));
    else
        busText = tr("layer finished");
    const double titleH = wrappedTextHeight(titleFont, textWidth, title) + QFontMetricsF(titleFont).height() * 0.3;
    const double busTextH = wrappedTextHeight(textFont, textWidth - 16, busText) + QFontMetricsF(textFont).height() * 0.4;
    const double busH = busTextH / 0.75;
    const std::vector<LegendEntry> legend = {{palette::forward, tr("multiply-accumulate")},
                                             {lighter(palette::forward, 75), tr("assigned, filling")},
                                             {QColor(0xEE, 0xEE, 0xEE), tr("idle")},
                                             {palette::backward, tr("partial sum")},
                                             {palette::update, tr("weight")},
                                             {palette::orange, tr("buffer write")}};
    const double legendFlowH = flowLegendHeight(legend, textFont, margin, width() - margin);
    const double legendH = legendFlowH + QFontMetricsF(textFont).height() * 0.4;  // a little air above it
    const double bankW = bankWidth();
    const QRectF area(margin + bankW + kBankGap * presentationScale(), margin + titleH + busH,
                      width() - 2 * margin - bankW - kBankGap * presentationScale(), height() - 2 * margin - titleH - busH - legendH);
    const double cell = std::min(area.width() / px, area.height() / py);
    const QRectF grid(area.left(), area.top(), cell * px, cell * py);
    grid_ = grid;  // for the tooltips
    cell_ = cell;

    // Title.
    p.setFont(titleFont);
    p.setPen(Qt::black);
    text_.draw(p, QRectF(margin, margin, textWidth, titleH), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, title);

    // The broadcast bus above the grid: the one shared weight every PE multiplies this cycle. It spans the canvas
    // (over the row buffers too) so its text stays readable above a small array.
    const QRectF bus(margin, margin + titleH, std::max(grid.right(), width() - margin) - margin, busH * 0.75);
    const QColor weightColor = palette::update;
    p.setPen(QPen(f.weightValid ? weightColor : palette::idle, scaledPen(2)));
    p.setBrush(f.weightValid ? lighter(weightColor, 75) : QColor(0xF2, 0xF2, 0xF2));
    p.drawRoundedRect(bus, 6, 6);
    p.setFont(textFont);
    p.setPen(Qt::black);
    text_.draw(p, bus.adjusted(8, 0, -8, 0), Qt::AlignVCenter | Qt::AlignLeft | Qt::TextWordWrap, busText);
    if (f.weightValid) {  // drops from the bus into the array
        for (int x = 0; x < px; x += std::max(1, px / 8))
            drawArrow(p, QPointF(grid.left() + (x + 0.5) * cell, bus.bottom()),
                      QPointF(grid.left() + (x + 0.5) * cell, grid.top() - 2), weightColor, scaledPen(1.5));
    }

    // Row buffers (one bank per PE row) on the left, feeding the left column. Their labels in a font whose line fits
    // the bank's height (a 16-row array at 1600×1000 cut the tops and bottoms off "row 4"); none where even 7 px
    // would not fit.
    QFont bankFont = cell > 22 ? smallFont : scaledFont(8);
    const double bankTextH = cell * 0.8;
    if (QFontMetricsF(bankFont).height() > bankTextH) bankFont.setPixelSize(std::max(1, int(bankTextH / 1.25)));
    const double bankLine = QFontMetricsF(bankFont).height();
    const bool bankLabels = cell >= 12 && bankLine <= bankTextH + 0.5 && bankLine >= 7;
    p.setFont(bankFont);
    for (int y = 0; y < py && y < int(f.banks.size()); ++y) {
        const cgra::BankView& b = f.banks[size_t(y)];
        const QRectF r(margin, grid.top() + y * cell + cell * 0.1, bankW, cell * 0.8);
        QColor fill = QColor(0xF2, 0xF2, 0xF2);
        if (b.written) fill = lighter(palette::orange, 45);
        else if (b.read) fill = lighter(palette::forward, 70);
        p.setPen(QPen(b.written ? palette::orange : (b.read ? palette::forward : palette::idle), scaledPen(1.5)));
        p.setBrush(fill);
        p.drawRect(r);
        p.setPen(Qt::black);
        if (bankLabels) {
            QString label = b.row >= 0 ? tr("row %1").arg(b.row) : tr("empty");
            if (b.written) label += f.load ? tr(" ← load") : tr(" ← loop");
            text_.draw(p, r.adjusted(3, 0, -3, 0), Qt::AlignVCenter | Qt::AlignLeft,
                       QFontMetricsF(p.font()).elidedText(label, Qt::ElideRight, r.width() - 6));
        }
        if (b.read) drawArrow(p, QPointF(r.right(), r.center().y()), QPointF(grid.left() - 2, r.center().y()),
                              palette::forward, scaledPen(1.5));
    }

    // The PE grid.
    // The coordinates in the upper part of a PE (the shift arrows pass below them, the partial-sum bar is at the
    // bottom), in a font that fits the cell: at presentation size the widest label outgrew its PE and sat under
    // the arrows. Cells too small even for a smaller font get a dot.
    const double textH = cell * 0.62 - 4;
    auto peText = [](const cgra::PeView& pe) {
        return QString("in(%1,%2)\nout(%3,%4)").arg(pe.inRow).arg(pe.inCol).arg(pe.outY).arg(pe.outX);
    };
    QString widest = "in(0,0)";  // the longest line of any PE this cycle
    for (const cgra::PeView& pe : f.pes)
        if (pe.hasInput)
            for (const QString& line : peText(pe).split('\n'))
                if (line.size() > widest.size()) widest = line;
    QFont peFont = smallFont;
    auto peTextFits = [&] {
        const QFontMetricsF fm(peFont);
        return fm.horizontalAdvance(widest) <= cell - 7 && 2 * fm.height() <= textH;
    };
    while (!peTextFits() && peFont.pointSizeF() > smallFont.pointSizeF() * 0.65)
        peFont.setPointSizeF(peFont.pointSizeF() * 0.92);
    const bool showText = cell >= kTextCell * presentationScale() * 0.8 && peTextFits();
    peTextShown_ = showText;
    for (int y = 0; y < py; ++y)
        for (int x = 0; x < px; ++x) {
            const cgra::PeView& pe = f.pes[size_t(y * px + x)];
            const QRectF r(grid.left() + x * cell + 1.5, grid.top() + y * cell + 1.5, cell - 3, cell - 3);
            QColor fill = QColor(0xEE, 0xEE, 0xEE);  // idle: no output in this block
            if (pe.mac) fill = palette::forward;
            else if (pe.assigned) fill = lighter(palette::forward, 75);
            p.setPen(QPen(pe.assigned ? palette::forward.darker(130) : palette::idle, scaledPen(1)));
            p.setBrush(fill);
            p.drawRoundedRect(r, 3, 3);
            // Partial sum filling: a bar along the bottom, full when the output's Ci·H² MACs are done.
            if (pe.assigned && pe.progress > 0) {
                const QRectF bar(r.left() + 2, r.bottom() - std::max(3.0, r.height() * 0.14), (r.width() - 4) * pe.progress,
                                 std::max(2.0, r.height() * 0.1));
                p.fillRect(bar, palette::backward);
            }
            // The held input: a dot for small cells, its coordinates when there is room.
            if (pe.hasInput) {
                const QColor textColor = pe.mac ? palette::textOn(palette::forward) : Qt::black;
                if (showText) {
                    p.setFont(peFont);
                    p.setPen(textColor);
                    text_.draw(p, QRectF(r.left() + 2, r.top() + 2, r.width() - 4, textH), Qt::AlignCenter, peText(pe));
                } else {
                    p.setPen(Qt::NoPen);
                    p.setBrush(pe.mac ? Qt::white : palette::forward);
                    p.drawEllipse(r.center(), cell * 0.12, cell * 0.12);
                }
            }
        }
    // The forwarding bus: where this step's shift moves values one PE to the right.
    if (conv && !f.done && f.thread == 0 && cell >= 14) {
        for (int y = 0; y < py; ++y)
            for (int x = 0; x + 1 < px; ++x) {
                const cgra::PeView& pe = f.pes[size_t(y * px + x)];
                if (!pe.hasInput) continue;
                const double cy = grid.top() + (y + (showText ? 0.74 : 0.5)) * cell;  // below the coordinates
                drawArrow(p, QPointF(grid.left() + (x + 0.78) * cell, cy), QPointF(grid.left() + (x + 1.22) * cell, cy),
                          palette::reddishPurple, scaledPen(1.2));
            }
    }

    // Legend, in as many rows as the width needs.
    paintFlowLegend(p, legend, textFont, margin, height() - margin - legendFlowH, width() - margin, &text_);
}

CgraArrayView::CgraArrayView(const ModuleViewContext& context, QWidget* parent) : QWidget(parent) {
    canvas_ = new CgraArrayCanvas(this);
    loops_ = new QTableWidget(0, 3, this);
    loops_->setHorizontalHeaderLabels({tr("loop"), tr("index"), tr("meaning")});
    loops_->verticalHeader()->hide();
    loops_->horizontalHeader()->setStretchLastSection(true);
    loops_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    loops_->setSelectionMode(QAbstractItemView::NoSelection);
    loops_->setMinimumWidth(250);
    // The meaning column wraps onto more lines rather than eliding (at presentation size it is 1.8x as wide).
    loops_->setWordWrap(true);
    loops_->setTextElideMode(Qt::ElideNone);
    loops_->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    loops_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    loops_->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    loops_->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    loops_->viewport()->installEventFilter(this);
    counters_ = new QLabel(this);
    counters_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    counters_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    heading_ = new QLabel(tr("Schedule (outermost first)"), this);
    applyPresentationScale();
    // The side panel's fonts are set, not read at paint time like the canvas's, so they follow presentation mode.
    connect(&presentationScaleNotifier(), &PresentationScaleNotifier::scaleChanged, this,
            &CgraArrayView::applyPresentationScale);

    side_ = new QWidget(this);
    auto* side = new QVBoxLayout(side_);
    side->setContentsMargins(0, 0, 0, 0);
    side->addWidget(heading_);
    side->addWidget(loops_, 3);
    side->addWidget(counters_, 2);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(canvas_, 3);
    layout->addWidget(side_, 1);

    if (context.controller) {
        connect(context.controller, &SimulationController::frameReady, this, [this](FramePtr f) { setFrame(f); });
        if (context.controller->frame()) setFrame(context.controller->frame());
    }
}

bool CgraArrayView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == loops_->viewport() && event->type() == QEvent::Resize) fitSchedule();
    return QWidget::eventFilter(watched, event);
}

void CgraArrayView::fitSchedule() { loops_->resizeRowsToContents(); }

bool CgraArrayView::sidePanelShown() const { return !side_->isHidden(); }

void CgraArrayView::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitSidePanel();
}

void CgraArrayView::fitSidePanel() {
    // Presenting on a 1280 px screen, the schedule and counters beside the array left the PEs ~45 px, without their
    // coordinates, smaller than the legend (issue 12). The animation comes first: the side panel stays only where
    // the PEs keep their text beside it, or where leaving it out would not give them that either. The decision
    // reads the view's width, not the canvas's, so showing or hiding the panel does not undo itself. Presenting, the
    // array has the width even where its PEs stay too small for text (a 16 x 16 array beside the panel had PEs of
    // 11 px at 1280 x 800, twice that without it): the class watches the array, the counters are on the desk.
    if (!side_) return;  // still being built
    const double readable = readableWidth_ = canvas_->readableWidth();
    const double spacing = layout() ? layout()->spacing() + layout()->contentsMargins().left() + layout()->contentsMargins().right() : 0;
    const bool fitsBeside = width() - spacing - side_->sizeHint().width() >= readable;
    const bool fitsAlone = width() - spacing >= readable;
    const bool presenting = presentationScale() > 1.0;
    side_->setVisible(fitsBeside || (!fitsAlone && !presenting));
}

void CgraArrayView::applyPresentationScale() {
    applyScaledTableFont(loops_, 10);
    fitSchedule();
    counters_->setFont(scaledFont(10));
    heading_->setFont(scaledFont(11, true));
    fitSidePanel();
    canvas_->update();
}

void CgraArrayView::setFrame(const FramePtr& frame) {
    auto f = std::dynamic_pointer_cast<const CgraFrame>(frame);
    if (!f) return;
    canvas_->setFrame(f);
    if (canvas_->readableWidth() != readableWidth_) fitSidePanel();  // another array shape
    loops_->setRowCount(int(f->loops.size()));
    for (int i = 0; i < int(f->loops.size()); ++i) {
        const cgra::LoopIndex& l = f->loops[size_t(i)];
        auto set = [&](int column, const QString& text) {
            QTableWidgetItem* item = loops_->item(i, column);
            if (!item) loops_->setItem(i, column, item = new QTableWidgetItem);
            item->setText(text);
        };
        set(0, QString::fromStdString(l.name));
        set(1, QString("%1 / %2").arg(l.value).arg(l.count));
        set(2, QString::fromStdString(l.meaning));
    }
    fitSchedule();
    const cgra::LayerCost& k = f->counted;
    auto n = [](std::int64_t v) { return QString::fromStdString(formatNumber(double(v))); };
    counters_->setText(tr("<b>Counted so far</b><br>cycles %1<br>MACs %2<br>external input words %3<br>"
                          "weight words %4<br>output words %5<br>row-buffer reads %6<br>writes multi-port %7<br>"
                          "writes multi-bank %8")
                           .arg(n(k.cycles), n(k.macs), n(k.inputWords), n(k.weightWords), n(k.outputWords),
                                n(k.bufferReads), n(k.bufferWritesMultiport), n(k.bufferWritesMultibank)));
}

}  // namespace dfl
