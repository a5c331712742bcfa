// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/charts_view.h"

#include "views/chart_panel.h"

#include <QLabel>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace dfl {

namespace {

// The whole title over the caption: the tab shows a few of its words (chartTabTitle).
QString tabToolTip(const ChartSpec& c) {
    return QStringLiteral("<b>%1</b><br>%2").arg(QString::fromStdString(c.title).toHtmlEscaped(),
                                                 QString::fromStdString(c.caption).toHtmlEscaped());
}

}  // namespace

ChartsView::ChartsView(SimulationController* controller, QWidget* parent) : QWidget(parent) {
    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    empty_ = new QLabel(tr("This model reports no charts."), this);
    empty_->setAlignment(Qt::AlignCenter);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tabs_);
    layout->addWidget(empty_);
    tabs_->hide();
    // Only the chart shown asks for room: a tab behind it with turned category labels (a taller minimum) made the
    // presentation layout taller than a 1280 x 800 screen.
    connect(tabs_, &QTabWidget::currentChanged, this, [this](int current) {
        for (int i = 0; i < tabs_->count(); ++i) {
            const auto policy = i == current ? QSizePolicy::Preferred : QSizePolicy::Ignored;
            tabs_->widget(i)->setSizePolicy(policy, policy);
        }
    });
    connect(controller, &SimulationController::metricsChanged, this,
            [this](MetricsPtr, ChartsPtr charts) { setCharts(charts ? *charts : std::vector<ChartSpec>{}); });
}

ChartPanel* ChartsView::panel(int index) const { return qobject_cast<ChartPanel*>(tabs_->widget(index)); }

void ChartsView::setCharts(const std::vector<ChartSpec>& charts) {
    bool sameSet = charts.size() == charts_.size();
    for (size_t i = 0; sameSet && i < charts.size(); ++i) sameSet = charts[i].id == charts_[i].id;
    if (!sameSet) {
        while (tabs_->count() > 0) {
            QWidget* w = tabs_->widget(0);
            tabs_->removeTab(0);
            delete w;
        }
        // After the other views have taken in the same charts: the first tab they do not show.
        QTimer::singleShot(0, this, [this] {
            for (int i = 0; shownElsewhere_ && i < int(charts_.size()) && i < tabs_->count(); ++i)
                if (!shownElsewhere_(charts_[std::size_t(i)].id)) {
                    tabs_->setCurrentIndex(i);
                    break;
                }
        });
        for (const ChartSpec& c : charts) {
            auto* p = new ChartPanel(c, tabs_);
            p->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Ignored);  // until it is the current tab
            tabs_->addTab(p, QString::fromStdString(chartTabTitle(c)));
            tabs_->setTabToolTip(tabs_->count() - 1, tabToolTip(c));
        }
    } else {
        // Same charts, new data (or a new scenario with the same chart ids): titles and captions follow too (the
        // tabs kept "mnist-cnn: …" over AlexNet's charts).
        for (size_t i = 0; i < charts.size(); ++i) {
            panel(int(i))->setSpec(charts[i]);
            tabs_->setTabText(int(i), QString::fromStdString(chartTabTitle(charts[i])));
            tabs_->setTabToolTip(int(i), tabToolTip(charts[i]));
        }
    }
    charts_ = charts;
    tabs_->setVisible(!charts.empty());
    empty_->setVisible(charts.empty());
}

}  // namespace dfl
