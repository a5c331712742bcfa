// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/scenario_browser.h"

#include "core/scenario/scenario.h"

#include <QApplication>
#include <QDir>
#include <QEvent>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QScrollBar>
#include <QStyle>
#include <QStyledItemDelegate>
#include <QTreeView>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

namespace dfl {

namespace {

constexpr int PathRole = Qt::UserRole;
constexpr int DescriptionRole = Qt::UserRole + 2;

constexpr int GroupRole = Qt::UserRole + 3;

QFont boldOf(const QFont& font) {
    QFont bold = font;
    bold.setBold(true);
    return bold;
}

// Name in bold, wrapped onto as many lines as it needs (full titles, issue 12); the one-line description under
// it in a quieter colour, elided (the tooltip has all of it). Module headings: one bold line.
class TwoLineDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        const int width = std::max(80, viewWidth(option) - 12);
        const QFontMetrics bold(boldOf(option.font));
        if (index.data(GroupRole).toBool()) return {width, bold.height() + 10};
        const QRect name = bold.boundingRect(QRect(0, 0, width, 10000), Qt::TextWordWrap, index.data(Qt::DisplayRole).toString());
        return {width, name.height() + option.fontMetrics.height() + 10};
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        QStyleOptionViewItem opt(option);
        initStyleOption(&opt, index);
        const QString name = opt.text, description = index.data(DescriptionRole).toString();
        opt.text.clear();
        opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        const bool selected = opt.state & QStyle::State_Selected;
        const QRect r = opt.rect.adjusted(6, 4, -6, -4);
        const QFont bold = boldOf(opt.font);
        painter->save();
        QColor main = index.data(Qt::ForegroundRole).value<QColor>();
        if (!main.isValid()) main = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
        painter->setPen(main);
        painter->setFont(bold);
        if (index.data(GroupRole).toBool()) {
            painter->drawText(r, Qt::AlignLeft | Qt::AlignVCenter, name);
            painter->restore();
            return;
        }
        const int nameHeight = QFontMetrics(bold).boundingRect(QRect(0, 0, r.width(), 10000), Qt::TextWordWrap, name).height();
        painter->drawText(QRect(r.left(), r.top(), r.width(), nameHeight), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap, name);
        QColor quiet = selected ? opt.palette.color(QPalette::HighlightedText) : QColor(0x55, 0x55, 0x55);
        painter->setPen(quiet);
        painter->setFont(opt.font);
        painter->drawText(QRect(r.left(), r.top() + nameHeight, r.width(), r.height() - nameHeight),
                          Qt::AlignLeft | Qt::AlignVCenter, opt.fontMetrics.elidedText(description, Qt::ElideRight, r.width()));
        painter->restore();
    }

private:
    static int viewWidth(const QStyleOptionViewItem& option) {
        // The width as if the vertical scroll bar were there: heights computed before it appeared would
        // otherwise be a line short once it takes its room.
        auto* view = qobject_cast<const QTreeView*>(option.widget);
        if (!view) return option.rect.width();
        const int bar = view->verticalScrollBar()->isVisible() ? 0 : view->style()->pixelMetric(QStyle::PM_ScrollBarExtent);
        return view->viewport()->width() - bar - view->indentation();
    }
};

// Module names as headings, in the order a course meets them.
QString moduleHeading(const std::string& module) {
    static const std::map<std::string, QString> names = {
        {"network", QObject::tr("Networks")},       {"pipeline", QObject::tr("Pipeline parallelism")},
        {"neurotrainer", QObject::tr("NeuroTrainer")}, {"cgra", QObject::tr("CGRA")},
        {"tdnn", QObject::tr("TDNN (time-domain)")}, {"convergence", QObject::tr("Convergence")}};
    const auto it = names.find(module);
    return it != names.end() ? it->second : QString::fromStdString(module);
}

}  // namespace

ScenarioBrowser::ScenarioBrowser(QWidget* parent) : QWidget(parent) {
    tree_ = new QTreeWidget(this);
    tree_->setColumnCount(1);
    tree_->setHeaderHidden(true);
    tree_->setRootIsDecorated(false);
    tree_->setIndentation(8);
    tree_->setUniformRowHeights(false);  // titles wrap
    tree_->setWordWrap(true);
    tree_->setItemDelegate(new TwoLineDelegate(tree_));
    tree_->setToolTip(tr("One click opens a scenario (or Enter on the selected one)"));
    // One click opens (a lecturer picks the next lesson); Enter too. A double click is one click here, not two.
    connect(tree_, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) { activate(item); });
    connect(tree_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        if (QApplication::mouseButtons() == Qt::NoButton) activate(item);  // the keyboard's Enter
    });
    tree_->viewport()->installEventFilter(this);  // wrapped titles change height with the width
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tree_);
}

bool ScenarioBrowser::eventFilter(QObject* watched, QEvent* event) {
    if (watched == tree_->viewport() && event->type() == QEvent::Resize) tree_->doItemsLayout();
    return QWidget::eventFilter(watched, event);
}

void ScenarioBrowser::setDirectory(const QString& directory) {
    directory_ = directory;
    refresh();
}

QTreeWidgetItem* ScenarioBrowser::group(const QString& heading) {
    for (int i = 0; i < tree_->topLevelItemCount(); ++i)
        if (tree_->topLevelItem(i)->text(0) == heading) return tree_->topLevelItem(i);
    auto* item = new QTreeWidgetItem(tree_, {heading});
    item->setData(0, GroupRole, true);
    item->setFlags(Qt::ItemIsEnabled);
    item->setExpanded(true);
    return item;
}

QList<QTreeWidgetItem*> ScenarioBrowser::scenarioItems() const {
    QList<QTreeWidgetItem*> out;
    for (int i = 0; i < tree_->topLevelItemCount(); ++i)
        for (int j = 0; j < tree_->topLevelItem(i)->childCount(); ++j) out << tree_->topLevelItem(i)->child(j);
    return out;
}

void ScenarioBrowser::refresh() {
    tree_->clear();
    const QFileInfoList files = QDir(directory_).entryInfoList({"*.json"}, QDir::Files, QDir::Name);
    struct Entry {
        std::string module;
        QFileInfo file;
        std::optional<Scenario> scenario;
        QString error;
    };
    std::vector<Entry> entries;
    for (const QFileInfo& file : files) {
        Entry e{{}, file, std::nullopt, {}};
        try {
            e.scenario = loadScenarioFile(file.absoluteFilePath().toStdString());
            e.module = e.scenario->module;
        } catch (const std::exception& ex) {
            e.error = QString::fromStdString(ex.what());
        }
        entries.push_back(std::move(e));
    }
    // Grouped by module (in a course's order), files alphabetical within; files that do not load last.
    const std::vector<std::string> order = {"network", "pipeline", "neurotrainer", "cgra", "tdnn", "convergence"};
    auto rank = [&](const Entry& e) {
        if (!e.scenario) return order.size() + 1;
        return size_t(std::find(order.begin(), order.end(), e.module) - order.begin());
    };
    std::stable_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) { return rank(a) < rank(b); });
    for (const Entry& e : entries) {
        const QString path = e.file.absoluteFilePath();
        auto* item = new QTreeWidgetItem(group(e.scenario ? moduleHeading(e.module) : tr("Do not load")));
        item->setData(0, PathRole, path);
        if (e.scenario) {
            const QString name = QString::fromStdString(e.scenario->name);
            const QString description = QString::fromStdString(e.scenario->description);
            item->setText(0, name);
            item->setData(0, DescriptionRole, description.isEmpty() ? e.file.fileName() : description);
            item->setToolTip(0, QStringLiteral("<b>%1</b><br>%2<br><i>%3 — module %4</i>")
                                    .arg(name.toHtmlEscaped(), description.toHtmlEscaped(), e.file.fileName(),
                                         QString::fromStdString(e.module)));
        } else {
            item->setText(0, e.file.fileName());
            item->setData(0, DescriptionRole, tr("does not load — hover for the reason"));
            item->setToolTip(0, e.error);
            item->setForeground(0, QColor(0x99, 0x99, 0x99));
            item->setData(0, Qt::UserRole + 1, e.error);
        }
    }
    if (files.isEmpty()) {
        auto* item = new QTreeWidgetItem(tree_, {tr("No scenarios in %1").arg(directory_)});
        item->setFlags(Qt::NoItemFlags);
    }
}

void ScenarioBrowser::setCurrentFile(const QString& path) {
    const QString wanted = QFileInfo(path).absoluteFilePath();
    for (QTreeWidgetItem* item : scenarioItems()) {
        if (item->data(0, PathRole).toString() == wanted) {
            tree_->setCurrentItem(item);
            return;
        }
    }
    tree_->clearSelection();
}

void ScenarioBrowser::activate(QTreeWidgetItem* item) {
    const QString path = item ? item->data(0, PathRole).toString() : QString();
    if (!path.isEmpty()) emit openRequested(path);  // broken files too: opening shows the full error dialog
}

}  // namespace dfl
