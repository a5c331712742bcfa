// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/chart_panel.h"

#include "core/sim/input_error.h"
#include "views/chart_builder.h"
#include "views/dialog_folder.h"
#include "views/palette.h"
#include "views/presentation_scale.h"
#include "views/view_controls.h"

#include <QApplication>
#include <QAbstractSeries>
#include <QChart>
#include <QChartView>
#include <QClipboard>
#include <QFileDialog>
#include <QFileInfo>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QHelpEvent>
#include <QAbstractTextDocumentLayout>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextOption>
#include <QTimer>
#include <QToolTip>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QMenu>
#include <QMessageBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace dfl {

namespace {
// The caption under a chart: whole where the panel has the room, else as many lines as it has (at least two) and
// a scroll bar. At presentation size on a 1280 x 800 screen a three-sentence caption needed 220 px, and
// the window grew taller than the screen to make room for it. (The legend stays whole: it says what the chart shows;
// in a scroll area of its own it changed the plot's height, which moved marker labels into it and back, forever.)
class CaptionArea : public QScrollArea {
public:
    CaptionArea(QLabel* caption, QWidget* parent) : QScrollArea(parent) {
        setWidget(caption);
        setWidgetResizable(true);
        setFrameShape(QFrame::NoFrame);
        setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
        setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Preferred);
    }
    void setWholeHeight(int whole, int least) {
        if (whole == whole_ && std::min(whole, least) == least_) return;  // no relayout: the chart would lay out again
        whole_ = whole;
        least_ = std::min(whole, least);
        setMaximumHeight(whole);
        updateGeometry();
    }
    QSize sizeHint() const override { return {QScrollArea::sizeHint().width(), whole_}; }
    QSize minimumSizeHint() const override { return {0, least_}; }

private:
    int whole_ = 0, least_ = 0;
};
}  // namespace

ChartPanel::ChartPanel(QWidget* parent) : QWidget(parent) {
    view_ = new QChartView(new QChart, this);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(view_, &QWidget::customContextMenuRequested, this, &ChartPanel::contextMenu);
    view_->viewport()->installEventFilter(this);  // hovering a point explains it

    auto* exportButton = new QToolButton(this);
    exportButton->setText(tr("Export"));
    exportButton->setToolTip(tr("Save this chart as PNG, SVG, PDF or CSV"));
    exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(exportButton);
    for (const QString& f : chartExportFormats())
        menu->addAction(tr("%1…").arg(f.toUpper()), this, [this, f] { exportAs(f); });
    exportButton->setMenu(menu);
    auto* copyButton = new QToolButton(this);
    copyButton->setText(tr("Copy"));
    copyButton->setToolTip(tr("Copy this chart to the clipboard as an image"));
    connect(copyButton, &QToolButton::clicked, this, &ChartPanel::copyToClipboard);
    markAsViewControl(exportButton);
    markAsViewControl(copyButton);

    caption_ = new QLabel(this);
    caption_->setWordWrap(true);
    caption_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // The caption gets the full width under the chart: beside the buttons a long sentence at presentation
    // size wraps word by word and squeezes the chart.
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 2, 4, 0);
    bar->addStretch(1);
    bar->addWidget(exportButton);
    bar->addWidget(copyButton);
    caption_->setContentsMargins(6, 2, 6, 4);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(view_, 1);
    legend_ = new QLabel(this);
    legend_->setWordWrap(true);
    legend_->setContentsMargins(6, 0, 6, 2);
    legend_->hide();
    layout->addWidget(legend_);
    captionArea_ = new CaptionArea(caption_, this);
    layout->addWidget(captionArea_);

    // A QChart keeps the fonts and pens it was built with: rebuild at the new presentation scale.
    connect(&presentationScaleNotifier(), &PresentationScaleNotifier::scaleChanged, this, &ChartPanel::rebuild);
    applyMinimumSize();
}

void ChartPanel::applyMinimumSize() {
    // Room for the axis titles, tick labels, legend and a plot at the current font size: below this Qt elides every
    // label to "…" and marker labels run into the axis titles. Docks and splitters respect it. Not taller than
    // needed: a view holding a chart, its caption and a table must still fit a 1280 x 800 screen at presentation
    // size (test_screen_fit).
    // A chart with turned category labels needs their length as well (chartHeightFor).
    const double scale = presentationScale();
    const double height = view_->chart() && hasSpec_ ? chartHeightFor(view_->chart(), kSmallestPlotHeight * scale) : 0;
    view_->setMinimumSize(QSize(int(220 * scale), int(std::ceil(std::max(170 * scale, height)))));
}

void ChartPanel::rebuild() {
    applyMinimumSize();
    if (!hasSpec_) return;
    QChart* old = view_->chart();
    view_->setChart(buildChart(spec_));
    delete old;  // QChartView does not delete a replaced chart
    // Marker labels move between the plot and the legend as the plot's size changes: the legend follows.
    connect(view_->chart(), &QChart::plotAreaChanged, this, [this] { QTimer::singleShot(0, this, &ChartPanel::fitLegend); });
    caption_->setFont(scaledFont(10));
    fitCaptionHeight();
    fitLegend();
}

void ChartPanel::fitCaptionHeight() {
    // A wrapped caption needs more lines the narrower it is, but tabs, docks and splitters size the panel from its
    // minimum height and never ask for height-for-width: a three-line caption got the room of two and was drawn
    // over the chart's legend. So it asks for the height its text needs at the panel's width now, and at least two
    // lines of it (CaptionArea). A panel not on screen (a tab behind another) has no width yet and must not
    // make its tabs taller: it asks when shown.
    auto* area = static_cast<CaptionArea*>(captionArea_);
    const bool measurable = isVisible() && caption_->isVisibleTo(this) && !caption_->text().isEmpty();
    const int whole = measurable ? caption_->heightForWidth(width()) : 0;
    const QMargins m = caption_->contentsMargins();
    area->setWholeHeight(whole, int(std::ceil(QFontMetricsF(caption_->font()).lineSpacing() * 2)) + m.top() + m.bottom());
}

void ChartPanel::fitLegend() {
    QChart* chart = view_->chart();
    if (!chart) return;
    QLegend* legend = chart->legend();
    const bool wanted = hasSpec_ && !spec_.series.empty();
    const QFont font = scaledFont(11);
    const QFontMetricsF fm(font);
    QStringList entries;
    double need = 0;
    // The data series' entries (a bar chart's sets all belong to its one series); the marker series that follow
    // them have an entry only where their labels left the plot (placeMarkerLabels). Not m->isVisible(): that
    // follows the legend's visibility.
    const QList<QAbstractSeries*> all = chart->series();
    const bool bars = spec_.kind == ChartKind::Bar || spec_.kind == ChartKind::StackedBar;
    for (QLegendMarker* m : legend->markers()) {
        if (!bars && all.indexOf(m->series()) >= qsizetype(spec_.series.size()) &&
            m->series()->property(kMarkerLabelInPlot).toBool())
            continue;
        const QString name = m->label();
        need += fm.horizontalAdvance(name) + fm.height() * 2.4;  // the swatch and the space Qt leaves around an entry
        // The swatch and the name's first word stay together; entries wrap between each other and inside long names.
        entries << QString("<span style='color:%1'>&#9632;</span>&nbsp;%2").arg(m->brush().color().name(), name.toHtmlEscaped());
    }
    const bool fits = need <= view_->width() - fm.height() * 2;
    legend->setVisible(wanted && fits);
    // The wrapped legend a size smaller than Qt's: the eight components of an energy chart took seven lines at
    // presentation size beside a 1280 px screen's charts column, and the window grew below the screen's edge.
    legend_->setFont(scaledFont(9));
    legend_->setText(entries.join(" &nbsp;&nbsp; "));
    legend_->setVisible(wanted && !fits && !entries.isEmpty());
    legend_->setMinimumHeight(0);  // as the caption: the height its text needs at this width (fitCaptionHeight)
    if (legend_->isVisibleTo(this) && isVisible()) legend_->setMinimumHeight(legend_->heightForWidth(width()));
    applyMinimumSize();  // with or without Qt's legend
}

void ChartPanel::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitCaptionHeight();
    fitLegend();
}

void ChartPanel::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    fitCaptionHeight();
    fitLegend();
}

void ChartPanel::hideEvent(QHideEvent* event) {
    QWidget::hideEvent(event);
    fitCaptionHeight();
}

bool ChartPanel::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_->viewport() && event->type() == QEvent::ToolTip) {
        const auto* help = static_cast<QHelpEvent*>(event);
        const QString tip = toolTipAt(view_->viewport()->mapTo(this, help->pos()));
        if (tip.isEmpty()) QToolTip::hideText();
        else QToolTip::showText(help->globalPos(), tip, view_->viewport());
        return true;
    }
    return QWidget::eventFilter(watched, event);
}

QString ChartPanel::toolTipAt(QPointF at) const {
    if (!hasSpec_) return {};
    const QPointF inView = view_->viewport()->mapFrom(this, at.toPoint());
    const QPointF inChart = view_->chart()->mapFromScene(view_->mapToScene(inView.toPoint()));
    return explainChartPoint(view_->chart(), spec_, inChart, 8 * presentationScale());
}

const DrawnText& ChartPanel::drawnText() const {
    text_.clear();
    if (!view_->chart() || !view_->isVisible()) return text_;
    for (QGraphicsItem* item : view_->chart()->scene()->items()) {
        if (!item->isVisible()) continue;
        QString words;
        QRectF box;
        // The ink of a one-line label (the line box of "0" under the x axis met that of "0" beside the y axis at
        // the origin, where nothing is drawn over anything); the text's box for wrapped titles.
        if (const auto* t = dynamic_cast<const QGraphicsTextItem*>(item)) {
            words = t->toPlainText();
            const double margin = t->document()->documentMargin();
            box = t->boundingRect().adjusted(margin, margin, -margin, -margin);
            // (Lines joined by <br> are one block, split by QChar::LineSeparator.)
            if (!words.contains('\n') && !words.contains(QChar::LineSeparator) && t->document()->blockCount() == 1) {
                const QFontMetricsF fm(t->font());
                const QRectF ink = fm.tightBoundingRect(words);
                const double lineWidth = fm.horizontalAdvance(words);
                const Qt::Alignment align = t->document()->defaultTextOption().alignment();
                const double spare = std::max(0.0, box.width() - lineWidth);
                const double x = box.left() + (align & Qt::AlignHCenter ? spare / 2 : align & Qt::AlignRight ? spare : 0);
                // Where the line sits in the item (below a block's top margin, say).
                const double top = t->document()->documentLayout()->blockBoundingRect(t->document()->begin()).top();
                box = ink.translated(x, std::max(box.top(), top) + fm.ascent());
            }
        } else if (const auto* t = dynamic_cast<const QGraphicsSimpleTextItem*>(item)) {
            words = t->text();
            const QFontMetricsF fm(t->font());
            box = words.contains('\n') ? t->boundingRect() : fm.tightBoundingRect(words).translated(0, fm.ascent());
        } else {
            continue;
        }
        // Where the scene shows it: through every clipping parent, then into this panel's coordinates.
        QRectF inScene = item->mapRectToScene(box);
        for (const QGraphicsItem* parent = item->parentItem(); parent; parent = parent->parentItem())
            if (parent->flags() & QGraphicsItem::ItemClipsChildrenToShape) inScene &= parent->sceneBoundingRect();
        const QRect inView = view_->mapFromScene(inScene).boundingRect();
        const QRectF whole = QRectF(QRect(view_->viewport()->mapTo(this, inView.topLeft()), inView.size()));
        const QRectF shown = whole.intersected(QRectF(view_->viewport()->geometry()).translated(view_->pos()));
        // Past the view's edge: a chart larger than its view (category labels and the axis title below the bottom).
        text_.add(shown, words, shown.height() < whole.height() - 1 || shown.width() < whole.width() - 1);
    }
    return text_;
}

ChartPanel::ChartPanel(const ChartSpec& spec, QWidget* parent) : ChartPanel(parent) { setSpec(spec); }

void ChartPanel::setSpec(const ChartSpec& spec) {
    if (hasSpec_ && sameChart(spec_, spec)) return;
    const bool rebuildNeeded = !hasSpec_ || !updateChartData(view_->chart(), spec_, spec);
    spec_ = spec;
    hasSpec_ = true;
    if (rebuildNeeded) rebuild();
    caption_->setText(QString::fromStdString(spec.caption));
    caption_->setVisible(!spec.caption.empty());
    fitCaptionHeight();
    fitLegend();  // a series' name may have changed (a note on values a log axis cannot show)
}

void ChartPanel::exportAs(const QString& format) {
    QSettings settings;
    const QString suggested = dialogStartFolder("charts/lastExportDir") + '/' +
                              QString::fromStdString(spec_.id.empty() ? "chart" : spec_.id) + '.' + format;
    const QString path = QFileDialog::getSaveFileName(this, tr("Export chart as %1").arg(format.toUpper()), suggested,
                                                      tr("%1 files (*.%2)").arg(format.toUpper(), format));
    if (path.isEmpty()) return;
    QString stem = path;
    if (stem.endsWith('.' + format, Qt::CaseInsensitive)) stem.chop(format.size() + 1);
    try {
        exportChart(spec_, stem, {format});
        settings.setValue("charts/lastExportDir", QFileInfo(path).absolutePath());
    } catch (const InputError& e) {
        QMessageBox::warning(this, tr("Export failed"), QString::fromStdString(e.what()));
    }
}

void ChartPanel::copyToClipboard() {
    QApplication::clipboard()->setImage(view_->grab().toImage());
}

void ChartPanel::contextMenu(const QPoint& pos) {
    QMenu menu(this);
    for (const QString& f : chartExportFormats()) menu.addAction(tr("Export %1…").arg(f.toUpper()), this, [this, f] { exportAs(f); });
    menu.addSeparator();
    menu.addAction(tr("Copy image"), this, &ChartPanel::copyToClipboard);
    menu.exec(view_->mapToGlobal(pos));
}

}  // namespace dfl
