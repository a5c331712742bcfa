// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/neurotrainer/nt_cube_view.h"

#include "core/sim/metrics_json.h"
#include "views/legend_flow.h"
#include "views/palette.h"
#include "views/presentation_scale.h"
#include "views/scaled_table.h"
#include "views/simulation_controller.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QPainterPath>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace dfl {

using nt::NtFrame;

namespace {

QColor phaseColor(const NtFrame& f) {
    if (f.phase == "FF") return palette::forward;
    if (f.phase == "BP") return palette::backward;
    if (f.phase == "UP") return palette::update;
    return palette::orange;  // data preparation
}

QColor pale(const QColor& c, double t) {
    return QColor::fromRgbF(float(c.redF() + (1 - c.redF()) * t), float(c.greenF() + (1 - c.greenF()) * t),
                            float(c.blueF() + (1 - c.blueF()) * t));
}

void gauge(QPainter& p, const QRectF& r, double fill, const QColor& color) {
    p.setPen(QPen(Qt::black, scaledPen(0.8)));
    p.setBrush(Qt::white);
    p.drawRect(r);
    const double h = r.height() * std::clamp(fill, 0.0, 1.0);
    p.fillRect(QRectF(r.left(), r.bottom() - h, r.width(), h), color);
}

void dot(QPainter& p, QPointF from, QPointF to, double t, const QColor& color, double radius) {
    p.setPen(Qt::NoPen);
    p.setBrush(color);
    p.drawEllipse(from + (to - from) * std::clamp(t, 0.0, 1.0), radius, radius);
}

}  // namespace

NtCubeCanvas::NtCubeCanvas(QWidget* parent) : QWidget(parent) {
    paintOnWhite(this);
    // The minimum follows the font size (minimumSizeHint).
    connect(&presentationScaleNotifier(), &PresentationScaleNotifier::scaleChanged, this, [this] { updateGeometry(); });
}

QSize NtCubeCanvas::minimumSizeHint() const {
    // The ring of 16 vaults keeps its labels apart down to 360 px at the normal font size, narrow enough to leave the
    // charts a readable column beside the view at 1280 x 800 (MainWindow::balanceColumns); the labels grow with
    // the font, and the ring with them.
    const double scale = presentationScale();
    return {int(200 + 160 * scale), int(240 + 160 * scale)};
}

void NtCubeCanvas::setFrame(std::shared_ptr<const NtFrame> frame) {
    frame_ = std::move(frame);
    update();
}

namespace {
QString words(std::int64_t v) { return QString::fromStdString(formatNumber(double(v))); }
}  // namespace

QString NtCubeCanvas::explainVault(int pe) const {
    if (!frame_ || pe < 0 || pe >= frame_->pes) return {};
    const NtFrame& f = *frame_;
    QStringList lines{tr("<b>DRAM vault V%1</b>: PE %1's own vault (the cube's %2 vaults: %3 PE vaults and the common vault)")
                          .arg(pe).arg(f.vaults).arg(f.pes)};
    if (f.vaultMove == 'R')
        lines << tr("this cycle: loading into PE %1's input buffer, word %2 of %3 (%4 %)")
                     .arg(pe).arg(words(f.vaultDone), words(f.vaultTotal)).arg(f.vaultTotal ? 100 * f.vaultDone / f.vaultTotal : 0);
    else if (f.vaultMove == 'W')
        lines << tr("this cycle: writing PE %1's output back, word %2 of %3 (%4 %)")
                     .arg(pe).arg(words(f.vaultDone), words(f.vaultTotal)).arg(f.vaultTotal ? 100 * f.vaultDone / f.vaultTotal : 0);
    else lines << tr("this cycle: idle");
    lines << tr("its PMAG emits address %1 (counters r1–r7 in the table beside)").arg(words(f.pmagAddress));
    lines << tr("every PE vault moves the same words in lockstep: one program for all %1 PEs").arg(f.pes);
    return lines.join("<br>");
}

QString NtCubeCanvas::explainPe(int pe) const {
    if (!frame_ || pe < 0 || pe >= frame_->pes) return {};
    const NtFrame& f = *frame_;
    QStringList lines{tr("<b>PE %1</b>: %2 %3 of %4 (%5-bit)")
                          .arg(pe).arg(QString::fromStdString(f.phase), QString::fromStdString(f.operation),
                                       QString::fromStdString(f.layer)).arg(f.sixteenBit ? 16 : 32)};
    lines << (f.computing ? tr("MAC array busy on tile %1 of %2; %3 % of the tile's input still to drain")
                                .arg(words(std::min(f.tile + 1, f.tiles)), words(f.tiles)).arg(std::lround(100 * f.computeLeftFraction))
                          : tr("MAC array waiting (tile %1 of %2 not yet loaded)").arg(words(std::min(f.tile + 1, f.tiles)), words(f.tiles)));
    lines << tr("gauges: BUF1 (from its vault), BUF2 (from the bus), OUT %1 % of the block being accumulated")
                 .arg(std::lround(100 * f.outputFill));
    lines << tr("op cycle %1 of %2 (op %3 of %4)").arg(words(f.opCycle), words(f.opCycles)).arg(f.opIndex + 1).arg(f.opCount);
    return lines.join("<br>");
}

QString NtCubeCanvas::explainBus(int pe) const {
    if (!frame_ || pe < 0 || pe >= frame_->pes) return {};
    const NtFrame& f = *frame_;
    QStringList lines{tr("<b>Bus spoke to PE %1</b> from the common vault").arg(pe)};
    if (f.busMove == 'B')
        lines << tr("broadcast: beat %1 of %2 words, the same word to every PE; the pipelined bus moves a word one stage "
                    "per cycle").arg(words(f.busDone), words(f.busTotal));
    else if (f.busMove == 'M' && f.mergingPe == pe)
        lines << tr("merge: PE %1's turn (fixed priority, PE 0 first), beat %2 of %3 words into the common vault")
                     .arg(pe).arg(words(f.busDone), words(f.busTotal));
    else if (f.busMove == 'M')
        lines << tr("merge: waiting, PE %1 has the bus (beat %2 of %3)").arg(f.mergingPe).arg(words(f.busDone), words(f.busTotal));
    else lines << tr("idle this cycle");
    return lines.join("<br>");
}

QString NtCubeCanvas::explainCommonVault() const {
    if (!frame_) return {};
    const NtFrame& f = *frame_;
    QStringList lines{tr("<b>Common vault</b>: the data every PE shares, sent to them over the bus and merged back from them")};
    lines << (f.busMove == 'B' ? tr("this cycle: broadcasting word %1 of %2").arg(words(f.busDone), words(f.busTotal))
              : f.busMove == 'M' ? tr("this cycle: merging PE %1's results, word %2 of %3").arg(f.mergingPe).arg(words(f.busDone), words(f.busTotal))
                                 : tr("this cycle: idle"));
    if (f.hasCommonProgram) lines << tr("its PMAG emits address %1").arg(words(f.commonPmagAddress));
    else lines << tr("no common-vault program in this op");
    return lines.join("<br>");
}

bool NtCubeCanvas::event(QEvent* event) { return tips_.handle(this, event) || QWidget::event(event); }

void NtCubeCanvas::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    text_.clear();
    tips_.clear();
    if (!frame_) {
        p.setFont(scaledFont(12));
        text_.draw(p, rect(), Qt::AlignCenter, tr("Load a neurotrainer scenario to see the cube."));
        return;
    }
    const NtFrame& f = *frame_;
    const QColor active = phaseColor(f);
    const QFont title = scaledFont(13, true), text = scaledFont(11), small = scaledFont(9);
    const double margin = 8 * presentationScale();
    const double textWidth = width() - 2 * margin;
    const std::vector<LegendEntry> legend = {{palette::forward, tr("forward")},
                                             {palette::backward, tr("backward")},
                                             {palette::update, tr("update")},
                                             {palette::orange, tr("prep / output buffer")},
                                             {palette::idle, tr("idle")},
                                             {QColor(), tr("PE gauges: BUF1 · BUF2 · OUT")}};
    const double legendH = flowLegendHeight(legend, text, margin, width() - margin) + margin;

    p.setFont(title);
    p.setPen(Qt::black);
    const QString heading = QString("%1 · %2 %3 (%4-bit) · op %5/%6")
                                .arg(QString::fromStdString(f.layer), QString::fromStdString(f.phase), QString::fromStdString(f.operation))
                                .arg(f.sixteenBit ? 16 : 32).arg(f.opIndex + 1).arg(f.opCount);
    // The heading and the bus's state wrap (never elide) onto as many lines as the width needs.
    const double titleH = wrappedTextHeight(title, textWidth, heading) + QFontMetricsF(title).height() * 0.3;
    text_.draw(p, QRectF(margin, margin, textWidth, titleH), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, heading);
    // The bus's state on its own line under the title: inside the ring it would cover the PEs and vault labels.
    const bool broadcast = f.busMove == 'B', merging = f.busMove == 'M';
    const QString busText = broadcast ? tr("bus: broadcast %1/%2").arg(f.busDone).arg(f.busTotal)
                          : merging   ? tr("bus: merge from PE %1 (%2/%3)").arg(f.mergingPe).arg(f.busDone).arg(f.busTotal)
                                      : tr("bus: idle");
    p.setFont(text);
    const double busH = wrappedTextHeight(text, textWidth, busText) + QFontMetricsF(text).height() * 0.3;
    text_.draw(p, QRectF(margin, margin + titleH, textWidth, busH), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap, busText);
    tips_.add(QRectF(margin, margin + titleH, textWidth, busH), explainCommonVault());

    // The logic die seen from above: PE vaults on a ring, the common vault at the centre.
    const QRectF area(margin, margin + titleH + busH, width() - 2 * margin, height() - 2 * margin - titleH - busH - legendH);
    const QPointF centre = area.center();
    const double half = std::min(area.width(), area.height()) / 2;
    // A vault is at least as wide as its label ("V15"); the ring keeps the vaults inside the die.
    const double labelW = QFontMetricsF(small).horizontalAdvance(QString("V%1").arg(f.pes - 1)) + 6 * presentationScale();
    const double cell = std::max(labelW, std::clamp(2 * M_PI * (half - 40 * presentationScale()) / f.pes * 0.42, 22.0,
                                                    60.0 * presentationScale()));
    const double ring = half - cell * 0.6 - 4 * presentationScale();
    // The PEs sit on an inner ring: as big as the vaults where there is room, smaller where there is not.
    const double peRing = ring - cell * 1.3;
    const double peCell = std::min(cell, 2 * M_PI * peRing / f.pes * 0.8 / 1.1);
    p.setPen(QPen(palette::idle, scaledPen(1.5)));
    p.setBrush(QColor(0xF4, 0xF4, 0xF4));
    p.drawRoundedRect(area.adjusted(2, 2, -2, -2), 10, 10);

    // Common vault (sized to its name) and bus.
    const QString commonName = tr("common\nvault");
    const QRectF commonText = QFontMetricsF(text).boundingRect(QRectF(), Qt::AlignCenter, commonName);
    const QSizeF commonSize(std::max(cell * 1.8, commonText.width() + 8 * presentationScale()),
                            std::max(cell * 1.2, commonText.height() + 6 * presentationScale()));
    const QRectF common(centre - QPointF(commonSize.width(), commonSize.height()) / 2, commonSize);
    const double spokeStart = std::max(commonSize.width(), commonSize.height()) / 2;
    for (int pe = 0; pe < f.pes; ++pe) {
        const double a = 2 * M_PI * pe / f.pes - M_PI / 2;
        const QPointF dir(std::cos(a), std::sin(a));
        const QPointF vaultC = centre + dir * ring, peC = centre + dir * peRing;
        const QPointF spokeIn = centre + dir * spokeStart, spokeOut = peC - dir * peCell * 0.55;
        const bool lit = broadcast || (merging && pe == f.mergingPe);
        p.setPen(QPen(lit ? active : palette::idle, scaledPen(lit ? 2.2 : 0.8)));
        p.drawLine(spokeIn, spokeOut);
        {  // a band along the spoke, a few pixels either side, explains the bus and its beat
            const QPointF side = QPointF(-dir.y(), dir.x()) * (6 * presentationScale());
            QPainterPath band;
            band.moveTo(spokeIn + side);
            band.lineTo(spokeOut + side);
            band.lineTo(spokeOut - side);
            band.lineTo(spokeIn - side);
            band.closeSubpath();
            tips_.add(band, explainBus(pe));
        }
        if (lit && f.busTotal > 0) {  // a word crossing the pipelined bus: one stage per cycle
            const double stage = double(f.cycle % 4) / 4.0;
            dot(p, broadcast ? spokeIn : spokeOut, broadcast ? spokeOut : spokeIn, stage, active, 4 * presentationScale());
        }
        // DRAM vault.
        const QRectF vault(vaultC.x() - cell / 2, vaultC.y() - cell / 2, cell, cell);
        const bool vaultBusy = f.vaultMove != ' ';
        p.setPen(QPen(Qt::black, scaledPen(1)));
        p.setBrush(vaultBusy ? pale(active, 0.55) : pale(palette::idle, 0.6));
        p.drawRect(vault);
        p.setFont(small);
        p.setPen(Qt::black);
        text_.draw(p, vault, Qt::AlignCenter, QString("V%1").arg(pe));
        tips_.add(vault, explainVault(pe));
        // PE: MAC array and three buffer gauges.
        const QRectF peBox(peC.x() - peCell * 0.55, peC.y() - peCell * 0.42, peCell * 1.1, peCell * 0.84);
        p.setPen(QPen(Qt::black, scaledPen(1)));
        p.setBrush(f.computing ? active : pale(palette::idle, 0.7));
        p.drawRect(peBox);
        tips_.add(peBox, explainPe(pe));
        const double gw = peBox.width() / 4.6, gh = peBox.height() * 0.7;
        const double load = f.vaultMove == 'R' && f.vaultTotal ? double(f.vaultDone) / double(f.vaultTotal) : 0;
        const double inFill = f.computing ? f.computeLeftFraction : 0;
        gauge(p, QRectF(peBox.left() + gw * 0.4, peBox.top() + peBox.height() * 0.15, gw, gh), std::max(inFill, load), pale(active, 0.3));
        gauge(p, QRectF(peBox.left() + gw * 1.8, peBox.top() + peBox.height() * 0.15, gw, gh),
              broadcast ? double(f.busDone) / double(std::max<std::int64_t>(1, f.busTotal)) : inFill, pale(active, 0.3));
        gauge(p, QRectF(peBox.left() + gw * 3.2, peBox.top() + peBox.height() * 0.15, gw, gh), f.outputFill, palette::orange);
        // Vault ↔ PE burst.
        const QPointF vEdge = vaultC - dir * cell * 0.5, pEdge = peC + dir * peCell * 0.45;
        p.setPen(QPen(vaultBusy ? active : palette::idle, scaledPen(vaultBusy ? 2 : 0.8)));
        p.drawLine(vEdge, pEdge);
        if (vaultBusy && f.vaultTotal > 0) {
            const double t = double(f.vaultDone % 8) / 8.0;  // words stream continuously; show them flowing
            dot(p, f.vaultMove == 'R' ? vEdge : pEdge, f.vaultMove == 'R' ? pEdge : vEdge, t, active, 3.5 * presentationScale());
        }
    }
    p.setPen(QPen(Qt::black, scaledPen(1.5)));
    p.setBrush(broadcast || merging ? pale(active, 0.45) : QColor(0xE8, 0xE8, 0xE8));
    p.drawRect(common);
    p.setFont(text);
    p.setPen(Qt::black);
    text_.draw(p, common, Qt::AlignCenter, commonName);
    tips_.add(common, explainCommonVault());

    // Legend, in as many rows as the width needs.
    paintFlowLegend(p, legend, text, margin, height() - legendH, width() - margin, &text_);
}

NtCubeView::NtCubeView(const ModuleViewContext& context, QWidget* parent) : QWidget(parent) {
    canvas_ = new NtCubeCanvas(this);
    op_ = new QLabel(this);
    op_->setWordWrap(true);
    op_->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    counters_ = new QTableWidget(7, 4, this);
    counters_->setHorizontalHeaderLabels({tr("own vault"), tr("range"), tr("common"), tr("range")});
    QStringList rows;
    for (int i = 1; i <= 7; ++i) rows << QString("r%1").arg(i);
    counters_->setVerticalHeaderLabels(rows);
    counters_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    counters_->setSelectionMode(QAbstractItemView::NoSelection);
    heading_ = new QLabel(tr("PMAG counters (r7 innermost)"), this);
    heading_->setWordWrap(true);
    applyPresentationScale();
    // The side panel's fonts are set, not read at paint time like the canvas's, so they follow presentation mode.
    connect(&presentationScaleNotifier(), &PresentationScaleNotifier::scaleChanged, this,
            &NtCubeView::applyPresentationScale);
    auto* side = new QVBoxLayout;
    side->addWidget(op_, 2);
    side->addWidget(heading_);
    side->addWidget(counters_, 3);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(canvas_, 3);
    layout->addLayout(side, 1);
    if (context.controller) {
        connect(context.controller, &SimulationController::frameReady, this, [this](FramePtr f) { setFrame(f); });
        if (context.controller->frame()) setFrame(context.controller->frame());
    }
}

void NtCubeView::applyPresentationScale() {
    op_->setFont(scaledFont(10));
    applyScaledTableFont(counters_, 10);
    fitCounters();
    heading_->setFont(scaledFont(11, true));
    canvas_->update();
}

void NtCubeView::fitCounters() {
    // Every counter column stays in view: the side panel grows with the font rather than scrolling.
    counters_->resizeColumnsToContents();
    int width = counters_->verticalHeader()->sizeHint().width() + 2 * counters_->frameWidth();
    for (int c = 0; c < counters_->columnCount(); ++c) width += counters_->columnWidth(c);
    counters_->setMinimumWidth(width);
}

void NtCubeView::setFrame(const FramePtr& frame) {
    auto f = std::dynamic_pointer_cast<const NtFrame>(frame);
    if (!f) return;
    canvas_->setFrame(f);
    auto n = [](std::int64_t v) { return QString::fromStdString(formatNumber(double(v))); };
    const QString vault = f->vaultMove == 'R' ? tr("load %1/%2 words").arg(n(f->vaultDone), n(f->vaultTotal))
                        : f->vaultMove == 'W' ? tr("write-back %1/%2 words").arg(n(f->vaultDone), n(f->vaultTotal))
                                              : tr("idle");
    op_->setText(tr("<b>%1</b> %2 %3<br>cycle %4 (op cycle %5 of %6)<br>tile %7 of %8 · MACs %9<br>each PE vault: %10<br>"
                    "PMAG address: own %11%12")
                     .arg(QString::fromStdString(f->layer), QString::fromStdString(f->phase), QString::fromStdString(f->operation))
                     .arg(n(f->cycle), n(f->opCycle), n(f->opCycles), n(std::min(f->tile + 1, f->tiles)), n(f->tiles))
                     .arg(f->computing ? tr("busy") : tr("waiting"), vault, n(f->pmagAddress))
                     .arg(f->hasCommonProgram ? tr(", common %1").arg(n(f->commonPmagAddress)) : QString()));
    for (int i = 0; i < 7; ++i) {
        const bool own = f->pmagRanges[0] > 0;  // data movement merged by the common vault has no own-vault program
        const QString cells[4] = {own ? n(f->pmagCounters[size_t(i)]) : "-", own ? n(f->pmagRanges[size_t(i)]) : "-",
                                  f->hasCommonProgram ? n(f->commonPmagCounters[size_t(i)]) : "-",
                                  f->hasCommonProgram ? n(f->commonPmagRanges[size_t(i)]) : "-"};
        for (int c = 0; c < 4; ++c) {
            QTableWidgetItem* item = counters_->item(i, c);
            if (!item) counters_->setItem(i, c, item = new QTableWidgetItem);
            item->setText(cells[c]);
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        }
    }
    fitCounters();
}

}  // namespace dfl
