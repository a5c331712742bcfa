// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The partition editor: the network's layers in order, banded by stage, with a handle on every stage boundary.
// Drag a layer into the neighbouring stage, or drag a boundary; while dragging, the per-stage bars (forward,
// backward and update time, memory) show the partition the drop would make. A drop or "Balance" (the exact
// optimiser's partition) becomes an undoable ParamEditCommand through the simulation controller, which rebuilds
// the running model, so every chart follows.

#include "core/network/network.h"
#include "core/pipeline/partition.h"
#include "core/pipeline/pipeline_frame.h"
#include "views/drawn_text.h"
#include "views/module_view_context.h"

#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QMimeData;
class QPushButton;
class QUndoStack;

namespace dfl {

// The layers, top to bottom, as drag sources and drop targets.
class LayerStripCanvas : public QWidget, public ExposesDrawnText {
    Q_OBJECT
public:
    static constexpr const char* LayerMime = "application/x-dataflow-lab-pipeline-layer";
    static constexpr const char* BoundaryMime = "application/x-dataflow-lab-pipeline-boundary";

    explicit LayerStripCanvas(QWidget* parent = nullptr);
    void setPipeline(std::shared_ptr<const PipelineLayout> layout, std::vector<std::string> layerTypes);
    void setPreview(std::optional<Partition> preview);

    // Drag payloads and geometry, public for tests that simulate a drag with QDropEvent.
    static QMimeData* layerMimeData(int layer);
    static QMimeData* boundaryMimeData(int stage);
    QPoint layerCenter(int layer) const;
    QPoint boundaryPoint(int stage) const;  // the handle above stage `stage`'s first layer (stage 2..P)
    // The partition a drop of `mime` at `pos` makes; empty when the drop is not a valid move.
    std::optional<Partition> partitionForDrop(const QMimeData* mime, QPoint pos) const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    const DrawnText& drawnText() const override { return text_; }

signals:
    void previewRequested(std::optional<dfl::Partition> partition);
    void partitionDropped(dfl::Partition partition, QString description);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragMoveEvent(QDragMoveEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    int rowHeight() const;
    int layerAt(QPoint pos) const;
    int boundaryNear(QPoint pos) const;  // stage 2..P whose handle is under pos, or 0
    const Partition& shown() const { return preview_ ? *preview_ : layout_->analysis->partition; }
    QString describe(const QMimeData* mime, const Partition& result) const;

    std::shared_ptr<const PipelineLayout> layout_;
    std::vector<std::string> types_;
    std::optional<Partition> preview_;
    QPoint pressPos_;
    int pressLayer_ = -1, pressBoundary_ = 0;
    DrawnText text_;
};

// Per-stage bars: forward, backward and update time against the cycle, and memory.
class StageBarsCanvas : public QWidget, public ExposesDrawnText {
    Q_OBJECT
public:
    explicit StageBarsCanvas(QWidget* parent = nullptr);
    void setPipeline(std::shared_ptr<const PipelineLayout> layout, bool preview);
    QSize sizeHint() const override { return {420, 360}; }
    const DrawnText& drawnText() const override { return text_; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    std::shared_ptr<const PipelineLayout> layout_;
    bool preview_ = false;
    DrawnText text_;
};

class PartitionEditorView : public QWidget {
    Q_OBJECT
public:
    PartitionEditorView(const ModuleViewContext& context, QWidget* parent = nullptr);

    LayerStripCanvas* strip() const { return strip_; }
    QUndoStack* undoStack() const { return undo_; }
    // The layout the bars show: the running model's, or the drag preview's.
    std::shared_ptr<const PipelineLayout> shownLayout() const { return shown_; }

public slots:
    void balance();  // the optimiser's partition, as one undoable edit

private:
    void setCommitted(std::shared_ptr<const PipelineLayout> layout);
    void preview(const std::optional<Partition>& partition);
    void apply(const Partition& partition, const QString& description);
    void updateSummary();

    ModuleViewContext context_;
    QUndoStack* undo_;
    std::shared_ptr<const Network> network_;
    std::shared_ptr<const PipelineLayout> committed_, shown_;
    LayerStripCanvas* strip_;
    StageBarsCanvas* bars_;
    QLabel* summary_;
    QPushButton* balance_;
};

}  // namespace dfl
