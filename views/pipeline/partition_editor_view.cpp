// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/pipeline/partition_editor_view.h"

#include "core/pipeline/pipeline_charts.h"
#include "core/pipeline/pipeline_setup.h"
#include "core/sim/metrics_json.h"
#include "views/view_controls.h"
#include "views/palette.h"
#include "views/presentation_scale.h"
#include "views/param_edit_command.h"
#include "views/simulation_controller.h"

#include <QApplication>
#include <QDrag>
#include <QDragEnterEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMimeData>
#include <QPainter>
#include <QPushButton>
#include <QScrollArea>
#include <QStyle>
#include <QToolButton>
#include <QUndoStack>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace dfl {

namespace {

// Alternating pale bands tell the stages apart; the hue is neutral so forward/backward colours keep their meaning.
QColor stageBand(int stage) { return stage % 2 ? QColor(0xEE, 0xF3, 0xF8) : QColor(0xF8, 0xF8, 0xF8); }

int decodeInt(const QMimeData* mime, const char* format) { return mime->data(format).toInt(); }

}  // namespace

// ---------------------------------------------------------------------------------------------------------------
LayerStripCanvas::LayerStripCanvas(QWidget* parent) : QWidget(parent) {
    setAcceptDrops(true);
    setMouseTracking(false);
    paintOnWhite(this);
}

int LayerStripCanvas::rowHeight() const { return int(26 * presentationScale()); }

namespace {
// Columns of the layer strip: the name from the left, the type at typeColumn, the stage label ("S2") right-aligned
// in a column of its own, so neither runs under the other at presentation size.
double typeColumn() { return 130 * presentationScale(); }
double stageColumnWidth() { return QFontMetricsF(scaledFont(10, true)).horizontalAdvance("S88") + 12 * presentationScale(); }
}  // namespace

QSize LayerStripCanvas::sizeHint() const {
    const int rows = layout_ ? int(layout_->layerNames.size()) : 10;
    return {int(300 * presentationScale()), rows * rowHeight() + 4};
}

QSize LayerStripCanvas::minimumSizeHint() const {
    // Every type whole beside its name, and the stage labels clear of both.
    const QFontMetricsF fm(scaledFont(10));
    double widestType = fm.horizontalAdvance("maxpool");
    for (const std::string& t : types_) widestType = std::max(widestType, fm.horizontalAdvance(QString::fromStdString(t)));
    return {int(std::ceil(typeColumn() + widestType + stageColumnWidth())), rowHeight() * 3};
}

void LayerStripCanvas::setPipeline(std::shared_ptr<const PipelineLayout> layout, std::vector<std::string> layerTypes) {
    layout_ = std::move(layout);
    types_ = std::move(layerTypes);
    preview_.reset();
    setMinimumHeight(sizeHint().height());
    updateGeometry();
    update();
}

void LayerStripCanvas::setPreview(std::optional<Partition> preview) {
    preview_ = std::move(preview);
    update();
}

QMimeData* LayerStripCanvas::layerMimeData(int layer) {
    auto* mime = new QMimeData;
    mime->setData(LayerMime, QByteArray::number(layer));
    return mime;
}

QMimeData* LayerStripCanvas::boundaryMimeData(int stage) {
    auto* mime = new QMimeData;
    mime->setData(BoundaryMime, QByteArray::number(stage));
    return mime;
}

QPoint LayerStripCanvas::layerCenter(int layer) const { return {width() / 2, layer * rowHeight() + rowHeight() / 2}; }

QPoint LayerStripCanvas::boundaryPoint(int stage) const {
    return {width() / 2, shown().firstLayer(stage - 1) * rowHeight()};
}

int LayerStripCanvas::layerAt(QPoint pos) const {
    if (!layout_) return -1;
    const int layer = pos.y() / rowHeight();
    return layer >= 0 && layer < int(layout_->layerNames.size()) ? layer : -1;
}

int LayerStripCanvas::boundaryNear(QPoint pos) const {
    if (!layout_) return 0;
    const int grab = std::max(4, rowHeight() / 4);
    for (int s = 2; s <= shown().stages(); ++s)
        if (std::abs(pos.y() - shown().firstLayer(s - 1) * rowHeight()) <= grab) return s;
    return 0;
}

std::optional<Partition> LayerStripCanvas::partitionForDrop(const QMimeData* mime, QPoint pos) const {
    if (!layout_ || !mime) return std::nullopt;
    const Partition& current = layout_->analysis->partition;
    Partition result;
    if (mime->hasFormat(LayerMime)) {
        const int layer = decodeInt(mime, LayerMime), target = layerAt(pos);
        if (layer < 0 || layer >= current.layerCount() || target < 0) return std::nullopt;
        const int direction = current.stageOf(target) - current.stageOf(layer);
        if (direction != -1 && direction != 1) return std::nullopt;  // only into a neighbouring stage
        if (current.movedLayer(layer, direction, result)) return result;
        return std::nullopt;
    }
    if (mime->hasFormat(BoundaryMime)) {
        const int stage = decodeInt(mime, BoundaryMime);
        const int gap = int(std::lround(double(pos.y()) / rowHeight()));  // boundary goes before this layer
        if (current.movedBoundary(stage - 1, gap, result)) return result;
    }
    return std::nullopt;
}

QString LayerStripCanvas::describe(const QMimeData* mime, const Partition& result) const {
    if (mime->hasFormat(LayerMime)) {
        const int layer = decodeInt(mime, LayerMime);
        return tr("Move %1 to stage %2").arg(QString::fromStdString(layout_->layerNames[size_t(layer)])).arg(result.stageOf(layer) + 1);
    }
    const int stage = decodeInt(mime, BoundaryMime);
    return tr("Stage %1 starts at %2").arg(stage).arg(QString::fromStdString(layout_->layerNames[size_t(result.firstLayer(stage - 1))]));
}

void LayerStripCanvas::paintEvent(QPaintEvent*) {
    text_.clear();
    if (!layout_) return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const Partition& part = shown();
    const int h = rowHeight();
    for (int s = 0; s < part.stages(); ++s) {
        const QRect band(0, part.firstLayer(s) * h, width(), (part.lastLayer(s) - part.firstLayer(s) + 1) * h);
        p.fillRect(band, stageBand(s));
        p.setPen(palette::reference);
        p.setFont(scaledFont(10, true));
        text_.draw(p, band.adjusted(0, 2, -8, 0), Qt::AlignRight | Qt::AlignTop, tr("S%1").arg(s + 1));
    }
    // Layers: name and type.
    for (int i = 0; i < int(layout_->layerNames.size()); ++i) {
        const QRect row(0, i * h, width(), h);
        p.setPen(Qt::black);
        p.setFont(scaledFont(10));
        const QRectF nameRect = QRectF(row).adjusted(10 * presentationScale(), 0, 0, 0);
        const QRectF nameColumn(nameRect.left(), nameRect.top(), typeColumn() - nameRect.left() - 4, nameRect.height());
        text_.draw(p, nameColumn, Qt::AlignLeft | Qt::AlignVCenter,
                   QFontMetricsF(p.font()).elidedText(QString::fromStdString(layout_->layerNames[size_t(i)]), Qt::ElideMiddle,
                                                      nameColumn.width()));
        p.setPen(palette::idle.darker(140));
        text_.draw(p, QRectF(row).adjusted(typeColumn(), 0, -stageColumnWidth(), 0), Qt::AlignLeft | Qt::AlignVCenter,
                   i < int(types_.size()) ? QString::fromStdString(types_[size_t(i)]) : QString());
    }
    if (pressLayer_ >= 0) {
        p.setPen(QPen(palette::selected.darker(120), scaledPen(2)));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRect(1, pressLayer_ * h + 1, width() - 3, h - 2));
    }
    // Boundary handles.
    for (int s = 2; s <= part.stages(); ++s) {
        const int y = part.firstLayer(s - 1) * h;
        const bool moved = preview_ && part.firstLayer(s - 1) != layout_->analysis->partition.firstLayer(s - 1);
        p.setPen(QPen(moved ? palette::selected.darker(130) : palette::reference, scaledPen(3)));
        p.drawLine(0, y, width(), y);
        p.setBrush(moved ? palette::selected : palette::reference);
        p.drawEllipse(QPointF(width() - 60 * presentationScale(), y), 5 * presentationScale(), 5 * presentationScale());
    }
}

void LayerStripCanvas::mousePressEvent(QMouseEvent* event) {
    pressPos_ = event->position().toPoint();
    pressBoundary_ = boundaryNear(pressPos_);
    pressLayer_ = pressBoundary_ ? -1 : layerAt(pressPos_);
    update();
}

void LayerStripCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (!(event->buttons() & Qt::LeftButton) || (pressLayer_ < 0 && !pressBoundary_)) return;
    if ((event->position().toPoint() - pressPos_).manhattanLength() < QApplication::startDragDistance()) return;
    auto* drag = new QDrag(this);
    drag->setMimeData(pressBoundary_ ? boundaryMimeData(pressBoundary_) : layerMimeData(pressLayer_));
    drag->exec(Qt::MoveAction);
    pressLayer_ = -1;
    pressBoundary_ = 0;
    update();
}

void LayerStripCanvas::dragEnterEvent(QDragEnterEvent* event) {
    if (event->mimeData()->hasFormat(LayerMime) || event->mimeData()->hasFormat(BoundaryMime)) event->acceptProposedAction();
}

void LayerStripCanvas::dragMoveEvent(QDragMoveEvent* event) {
    const std::optional<Partition> result = partitionForDrop(event->mimeData(), event->position().toPoint());
    if (result) event->acceptProposedAction();
    else event->ignore();
    emit previewRequested(result);  // the bars follow the drag live
}

void LayerStripCanvas::dragLeaveEvent(QDragLeaveEvent*) { emit previewRequested(std::nullopt); }

void LayerStripCanvas::dropEvent(QDropEvent* event) {
    const std::optional<Partition> result = partitionForDrop(event->mimeData(), event->position().toPoint());
    emit previewRequested(std::nullopt);
    if (!result || *result == layout_->analysis->partition) return;
    event->acceptProposedAction();
    emit partitionDropped(*result, describe(event->mimeData(), *result));
}

// ---------------------------------------------------------------------------------------------------------------
StageBarsCanvas::StageBarsCanvas(QWidget* parent) : QWidget(parent) {
    paintOnWhite(this);
    setMinimumWidth(int(320 * presentationScale()));
}

void StageBarsCanvas::setPipeline(std::shared_ptr<const PipelineLayout> layout, bool preview) {
    layout_ = std::move(layout);
    preview_ = preview;
    update();
}

void StageBarsCanvas::paintEvent(QPaintEvent*) {
    text_.clear();
    if (!layout_) return;
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const PipelineAnalysis& a = *layout_->analysis;
    const double scale = presentationScale();
    const int margin = int(8 * scale), labelW = int(150 * scale);
    const int stages = int(a.stages.size());
    const int titleH = int(24 * scale);
    // A section's heading: its title wrapped to the width, then the legend on as many lines as it needs (the same
    // rules drawSection follows below), so the rows share what is left of the height.
    auto headingHeight = [&](const QString& title, const std::vector<std::pair<QString, QColor>>& legend) {
        int h = std::max(titleH, int(std::ceil(wrappedTextHeight(scaledFont(10, true), width() - 2 * margin, title))));
        const QFontMetricsF fm(scaledFont(9));
        double lx = margin;
        h += titleH;
        for (const auto& entry : legend) {
            const double w = fm.horizontalAdvance(entry.first);
            if (lx > margin && lx + titleH * 0.55 + w > width() - margin) {
                lx = margin;
                h += titleH;
            }
            lx += titleH * 0.55 + w + titleH * 0.6;
        }
        return h;
    };
    const QString timeTitle = preview_ ? tr("Time per stage (preview of the drop)") : tr("Time per stage: forward, backward, update");
    const std::vector<std::pair<QString, QColor>> timeLegend{{tr("forward"), palette::forward},
                                                             {tr("backward"), palette::backward},
                                                             {tr("update"), palette::update},
                                                             {tr("- - cycle (slowest stage)"), Qt::white}};
    const std::vector<std::pair<QString, QColor>> memoryLegend{{tr("weights, dW, momentum"), palette::update},
                                                               {tr("stashed activations"), palette::skyBlue},
                                                               {tr("activation gradients"), palette::reddishPurple}};
    const int headings = headingHeight(timeTitle, timeLegend) + headingHeight(tr("Memory per stage"), memoryLegend);
    const int rowH = std::max(int(16 * scale), (height() - headings - margin * 3) / std::max(1, stages) / 2);
    double maxTime = 0, maxMemory = 0;
    for (const StageCost& c : a.stages) {
        maxTime = std::max(maxTime, c.timeMs());
        maxMemory = std::max(maxMemory, c.memory.totalMb());
    }
    const int barW = std::max(40, width() - labelW - 2 * margin - int(70 * scale));
    // The time section's value labels start right of the cycle line, so the line never crosses one ("24.9 ms").
    const double cycleX = margin + labelW + (maxTime > 0 ? a.cycleMs / maxTime * barW : 0);
    auto drawSection = [&](int top, const QString& title, auto valueParts, double maxValue, const QString& unit,
                           const std::vector<std::pair<QString, QColor>>& legend) {
        p.setPen(Qt::black);
        p.setFont(scaledFont(10, true));
        // The title and the legend wrap to the canvas (at presentation size a narrow dock cut both off).
        const int titleHeight = std::max(titleH, int(std::ceil(wrappedTextHeight(p.font(), width() - 2 * margin, title))));
        text_.draw(p, QRect(margin, top, width() - 2 * margin, titleHeight), Qt::AlignLeft | Qt::AlignVCenter | Qt::TextWordWrap,
                   title);
        top += titleHeight;
        // The legend: a swatch and a word per colour, on as many lines as the width needs.
        p.setFont(scaledFont(9));
        double lx = margin;
        for (const auto& [name, color] : legend) {
            const double w = QFontMetricsF(p.font()).horizontalAdvance(name);
            if (lx > margin && lx + titleH * 0.55 + w > width() - margin) {
                lx = margin;
                top += titleH;
            }
            p.fillRect(QRectF(lx, top + titleH * 0.3, titleH * 0.4, titleH * 0.4), color);
            lx += titleH * 0.55;
            p.setPen(Qt::black);
            text_.draw(p, QRectF(lx, top, w + 2, titleH), Qt::AlignLeft | Qt::AlignVCenter, name);
            lx += w + titleH * 0.6;
        }
        top += titleH;
        for (int s = 0; s < stages; ++s) {
            const QRect row(margin, top + s * rowH, width() - 2 * margin, rowH);
            p.setPen(Qt::black);
            p.setFont(scaledFont(10, s + 1 == a.bottleneckStage && unit == "ms"));
            text_.draw(p, QRect(row.left(), row.top(), labelW, row.height()), Qt::AlignLeft | Qt::AlignVCenter,
                       QString::fromStdString(stageLabel(*layout_, s + 1)));
            double x = row.left() + labelW, total = 0;
            for (const auto& [value, color] : valueParts(a.stages[size_t(s)])) {
                const double w = maxValue > 0 ? value / maxValue * barW : 0;
                p.fillRect(QRectF(x, row.top() + row.height() * 0.2, w, row.height() * 0.6), color);
                x += w;
                total += value;
            }
            p.setPen(Qt::black);
            p.setFont(scaledFont(10));
            const double labelX = unit == "ms" ? std::max(x, cycleX) + 4 : x + 4;
            text_.draw(p, QRectF(labelX, row.top(), 90 * scale, row.height()), Qt::AlignLeft | Qt::AlignVCenter,
                       QString::fromStdString(formatNumber(std::round(total * 10) / 10)) + " " + unit);
        }
        return top + stages * rowH;
    };
    int y = margin;
    y = drawSection(y, timeTitle,
                    [](const StageCost& c) {
                        return std::vector<std::pair<double, QColor>>{
                            {c.forwardMs, palette::forward}, {c.backwardMs, palette::backward}, {c.updateMs, palette::update}};
                    },
                    maxTime, "ms", timeLegend);
    // The cycle: the slowest stage.
    p.setPen(QPen(palette::reference, scaledPen(1.5), Qt::DashLine));
    p.drawLine(QPointF(cycleX, margin + 2 * titleH), QPointF(cycleX, y));
    y += margin;
    drawSection(y, tr("Memory per stage"),
                [](const StageCost& c) {
                    return std::vector<std::pair<double, QColor>>{
                        {c.memory.weightsMb + c.memory.weightGradientsMb + c.memory.momentumMb, palette::update},
                        {c.memory.stashMb, palette::skyBlue},
                        {c.memory.activationGradientsMb, palette::reddishPurple}};
                },
                maxMemory, "MB", memoryLegend);
    if (preview_) {
        p.setPen(QPen(palette::selected.darker(130), scaledPen(3)));
        p.setBrush(Qt::NoBrush);
        p.drawRect(rect().adjusted(1, 1, -2, -2));
    }
}

// ---------------------------------------------------------------------------------------------------------------
PartitionEditorView::PartitionEditorView(const ModuleViewContext& context, QWidget* parent)
    : QWidget(parent), context_(context), undo_(context.undoStack ? context.undoStack : new QUndoStack(this)) {
    strip_ = new LayerStripCanvas;
    auto* scroll = new QScrollArea;
    scroll->setWidget(strip_);
    scroll->setWidgetResizable(true);
    bars_ = new StageBarsCanvas;

    balance_ = new QPushButton(tr("Balance"));
    balance_->setToolTip(tr("Apply the exact optimiser's partition: the shortest cycle, then every stage starting at a "
                            "weight layer, then the least memory"));
    connect(balance_, &QPushButton::clicked, this, &PartitionEditorView::balance);
    auto* undoButton = new QToolButton;
    undoButton->setDefaultAction(undo_->createUndoAction(this, tr("Undo")));
    auto* redoButton = new QToolButton;
    redoButton->setDefaultAction(undo_->createRedoAction(this, tr("Redo")));
    summary_ = new QLabel;
    summary_->setWordWrap(true);
    summary_->setFont(scaledFont(10));
    auto* hint = new QLabel(tr("Drag a layer into the neighbouring stage, or drag a boundary line."));
    hint->setFont(scaledFont(10));
    hint->setWordWrap(true);  // one line at presentation size was wider than the projector
    // Presentation mode: the labels' fonts are set, not read at paint time like the canvases', so follow it.
    connect(&presentationScaleNotifier(), &PresentationScaleNotifier::scaleChanged, this, [this, hint] {
        summary_->setFont(scaledFont(10));
        hint->setFont(scaledFont(10));
        strip_->updateGeometry();
        strip_->update();
        bars_->update();
    });

    // The undo stack names the edit ("Undo Move conv3 to stage 2"): an icon with that as its tooltip, so the
    // button does not widen the dock, and the window, after every edit.
    undoButton->defaultAction()->setIcon(QIcon::fromTheme("edit-undo", style()->standardIcon(QStyle::SP_ArrowBack)));
    redoButton->defaultAction()->setIcon(QIcon::fromTheme("edit-redo", style()->standardIcon(QStyle::SP_ArrowForward)));
    for (QToolButton* b : {undoButton, redoButton}) b->setToolButtonStyle(Qt::ToolButtonIconOnly);
    for (QWidget* control : std::initializer_list<QWidget*>{balance_, undoButton, redoButton, hint}) markAsViewControl(control);

    auto* tools = new QHBoxLayout;
    tools->addWidget(balance_);
    tools->addWidget(undoButton);
    tools->addWidget(redoButton);
    tools->addWidget(hint, 1);
    auto* body = new QHBoxLayout;
    body->addWidget(scroll, 2);
    body->addWidget(bars_, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(tools);
    layout->addLayout(body, 1);
    layout->addWidget(summary_);

    connect(strip_, &LayerStripCanvas::previewRequested, this, [this](std::optional<Partition> p) { preview(p); });
    connect(strip_, &LayerStripCanvas::partitionDropped, this,
            [this](Partition p, QString description) { apply(p, description); });
    if (SimulationController* c = context_.controller) {
        connect(c, &SimulationController::scenarioChanged, this, [this](ScenarioPtr s) {
            network_ = s && s->network ? std::make_shared<const Network>(*s->network) : nullptr;
        });
        connect(c, &SimulationController::frameReady, this, [this](FramePtr f) {
            if (auto frame = std::dynamic_pointer_cast<const PipelineFrame>(f); frame && frame->layout != committed_)
                setCommitted(frame->layout);
        });
        if (auto s = c->scenario(); s && s->network) network_ = std::make_shared<const Network>(*s->network);
        if (auto frame = std::dynamic_pointer_cast<const PipelineFrame>(c->frame())) setCommitted(frame->layout);
    }
    updateSummary();
}

void PartitionEditorView::setCommitted(std::shared_ptr<const PipelineLayout> layout) {
    committed_ = shown_ = std::move(layout);
    std::vector<std::string> types;
    if (network_)
        for (const Layer& l : network_->layers()) types.push_back(layerTypeName(l.type));
    strip_->setPipeline(committed_, types);
    bars_->setPipeline(committed_, false);
    updateSummary();
}

void PartitionEditorView::preview(const std::optional<Partition>& partition) {
    if (!committed_) return;
    if (!partition || !network_ || *partition == committed_->analysis->partition) {
        shown_ = committed_;
        strip_->setPreview(std::nullopt);
        bars_->setPipeline(committed_, false);
    } else {
        shown_ = makePipelineLayout(network_, committed_->config, *partition, committed_->energy);
        strip_->setPreview(partition);
        bars_->setPipeline(shown_, true);
    }
    updateSummary();
}

void PartitionEditorView::apply(const Partition& partition, const QString& description) {
    if (!committed_ || !context_.controller || !network_) return;
    std::vector<std::string> names;
    for (int s = 1; s < partition.stages(); ++s) names.push_back(committed_->layerNames[size_t(partition.firstLayer(s))]);
    const ParamEdits edits{{"partition", ParamValue(names)}};
    try {
        editScenario(*context_.controller->scenario(), edits);  // reject before the stack
    } catch (const std::exception& e) {
        summary_->setText(QString::fromStdString(e.what()));
        return;
    }
    undo_->push(new ParamEditCommand(context_.controller, edits, description));
}

void PartitionEditorView::balance() {
    if (!committed_) return;
    apply(committed_->analysis->optimal.partition, tr("Balance the pipeline stages"));
}

void PartitionEditorView::updateSummary() {
    if (!shown_) {
        summary_->setText(tr("Open a pipeline scenario to edit its partition."));
        return;
    }
    const PipelineAnalysis& a = *shown_->analysis;
    const QString gap = a.partitionGap > 0 ? tr("this partition is %1 % slower than the optimiser's %2 ms")
                                                 .arg(a.partitionGap * 100, 0, 'f', 1)
                                                 .arg(a.optimal.cycleMs, 0, 'f', 2)
                                           : tr("the optimiser cannot do better");
    summary_->setText(tr("Cycle %1 ms, set by stage %2; %3. Traffic %4 MB per mini-batch; memory %5 GB.")
                          .arg(a.cycleMs, 0, 'f', 2)
                          .arg(a.bottleneckStage)
                          .arg(gap)
                          .arg(a.forwardMbPerBatch + a.backwardMbPerBatch, 0, 'f', 1)
                          .arg(a.memoryMb / 1e3, 0, 'f', 2));
    balance_->setEnabled(a.partitionGap > 0 || !(a.optimal.partition == a.partition));
}

}  // namespace dfl
