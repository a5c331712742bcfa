// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The race: two delay lines of one time-domain neuron, the edges advancing one stage per cycle, crossovers where
// the pre-encoded input swaps the lines, the running sum the lines carry, the arbiter's decision — beside the
// input image (the current stage's pixel highlighted) and the network's prediction.

#include "core/sim/frame.h"
#include "views/drawn_text.h"
#include "views/hover_tips.h"
#include "views/module_view_context.h"

#include <QWidget>

#include <QColor>
#include <QFont>
#include <QString>

#include <memory>
#include <vector>

namespace dfl {

struct TdnnFrame;

class RaceView : public QWidget, public ExposesDrawnText {
    Q_OBJECT
public:
    explicit RaceView(const ModuleViewContext& context, QWidget* parent = nullptr);
    QSize sizeHint() const override { return {1200, 720}; }
    QSize minimumSizeHint() const override;
    const DrawnText& drawnText() const override { return text_; }
    // What a hover at `at` explains (a delay-line stage, the arbiter), as drawn last; empty: nothing.
    QString toolTipAt(QPointF at) const { return tips_.at(at); }
    QString explainStage(int stage) const;  // 1-based: its weight, input, crossover and the edges' times after it
    QRectF runningSumPlot() const { return plot_; }  // the running sum's plot (its curves), as drawn last

public slots:
    void setFrame(dfl::FramePtr frame);  // frames of other modules are ignored

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;  // tooltips

private:
    void paintImage(QPainter& p, const QRectF& area) const;
    double paintLines(QPainter& p, const QRectF& area) const;  // returns the bottom of what it drew
    void paintRunningSum(QPainter& p, const QRectF& area) const;
    // The sentences under the image (predictions, edges, sums, the arbiter), each wrapped to the column.
    struct Sentence {
        QString text;
        QColor colour = Qt::black;
        double spaceBefore = 0;  // in lines
    };
    std::vector<Sentence> sentences() const;
    void paintSentences(QPainter& p, const std::vector<Sentence>& told, const QRectF& area) const;
    static QFont textFont();

    std::shared_ptr<const TdnnFrame> frame_;
    mutable DrawnText text_;  // recorded by the const painting helpers
    mutable HoverTips tips_;
    mutable QRectF plot_;
};

}  // namespace dfl
