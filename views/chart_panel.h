// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One chart on screen: a QChartView drawn from a ChartSpec, with a small toolbar and a context menu to export
// it (PNG, SVG, PDF, CSV) or copy it as an image. The headless export functions live in chart_export.h.

#include "core/sim/chart_spec.h"
#include "views/chart_export.h"
#include "views/drawn_text.h"

#include <QWidget>

class QChartView;
class QLabel;

namespace dfl {

class ChartPanel : public QWidget, public ExposesDrawnText {
    Q_OBJECT
public:
    static constexpr double kSmallestPlotHeight = 80;  // pixels at presentation scale 1, below the title and legend

    explicit ChartPanel(QWidget* parent = nullptr);
    explicit ChartPanel(const ChartSpec& spec, QWidget* parent = nullptr);

    // Cheap when called often: an identical spec is ignored, new data with the same structure is written into the
    // existing series, only a different structure rebuilds the chart.
    void setSpec(const ChartSpec& spec);
    const ChartSpec& spec() const { return spec_; }
    QChartView* chartView() const { return view_; }
    // The chart's text as laid out now (title, axis titles and labels, legend entries), in panel coordinates: the
    // same overlap check as the painted views'.
    const DrawnText& drawnText() const override;
    // The tooltip for a hover at `at` (panel coordinates): the nearest data point's series, x and y with units.
    QString toolTipAt(QPointF at) const;
    // The legend under the chart when Qt's one-row legend would elide its labels (a narrow dock, presentation
    // size): every entry whole, wrapped onto as many rows as the width needs. Hidden while Qt's legend fits.
    QLabel* legendLabel() const { return legend_; }

public slots:
    void exportAs(const QString& format);  // asks for a file name, then writes
    void copyToClipboard();

protected:
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;  // point tooltips on the chart's viewport

private:
    void rebuild();  // from spec_, at the current presentation scale
    void applyMinimumSize();  // grows with the presentation scale
    void fitCaptionHeight();  // the wrapped caption's lines at the panel's width
    void fitLegend();         // Qt's legend where it fits in one row, else legend_
    void contextMenu(const QPoint& pos);
    ChartSpec spec_;
    bool hasSpec_ = false;
    QChartView* view_;
    QLabel* caption_;
    QWidget* captionArea_;  // the caption, scrolled where the panel is too short for all of it
    QLabel* legend_;
    mutable DrawnText text_;
};

}  // namespace dfl
