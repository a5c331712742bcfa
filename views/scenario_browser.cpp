#include "views/scenario_browser.h"

#include "core/scenario/scenario.h"

#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QPainter>
#include <QStyledItemDelegate>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace dfl {

namespace {

constexpr int PathRole = Qt::UserRole;
constexpr int DescriptionRole = Qt::UserRole + 2;

// Name in bold, the one-line description under it in a quieter colour; both elided to the width.
class TwoLineDelegate : public QStyledItemDelegate {
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const override {
        return {option.rect.width(), 2 * option.fontMetrics.height() + 10};
    }

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override {
        QStyleOptionViewItem opt(option);
        initStyleOption(&opt, index);
        const QString name = opt.text, description = index.data(DescriptionRole).toString();
        opt.text.clear();
        opt.widget->style()->drawControl(QStyle::CE_ItemViewItem, &opt, painter, opt.widget);
        const bool selected = opt.state & QStyle::State_Selected;
        const QRect r = opt.rect.adjusted(6, 4, -6, -4);
        QFont bold = opt.font;
        bold.setBold(true);
        painter->save();
        QColor main = index.data(Qt::ForegroundRole).value<QColor>();
        if (!main.isValid()) main = opt.palette.color(selected ? QPalette::HighlightedText : QPalette::Text);
        painter->setPen(main);
        painter->setFont(bold);
        const int line = QFontMetrics(bold).height();
        painter->drawText(QRect(r.left(), r.top(), r.width(), line), Qt::AlignLeft | Qt::AlignVCenter,
                          QFontMetrics(bold).elidedText(name, Qt::ElideRight, r.width()));
        QColor quiet = selected ? opt.palette.color(QPalette::HighlightedText) : QColor(0x55, 0x55, 0x55);
        painter->setPen(quiet);
        painter->setFont(opt.font);
        painter->drawText(QRect(r.left(), r.top() + line, r.width(), r.height() - line), Qt::AlignLeft | Qt::AlignVCenter,
                          opt.fontMetrics.elidedText(description, Qt::ElideRight, r.width()));
        painter->restore();
    }
};

}  // namespace

ScenarioBrowser::ScenarioBrowser(QWidget* parent) : QWidget(parent) {
    tree_ = new QTreeWidget(this);
    tree_->setColumnCount(1);
    tree_->setHeaderHidden(true);
    tree_->setRootIsDecorated(false);
    tree_->setUniformRowHeights(true);
    tree_->setItemDelegate(new TwoLineDelegate(tree_));
    connect(tree_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) { activate(item); });
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(tree_);
}

void ScenarioBrowser::setDirectory(const QString& directory) {
    directory_ = directory;
    refresh();
}

void ScenarioBrowser::refresh() {
    tree_->clear();
    const QFileInfoList files = QDir(directory_).entryInfoList({"*.json"}, QDir::Files, QDir::Name);
    for (const QFileInfo& file : files) {
        auto* item = new QTreeWidgetItem(tree_);
        item->setData(0, PathRole, file.absoluteFilePath());
        try {
            const Scenario s = loadScenarioFile(file.absoluteFilePath().toStdString());
            const QString name = QString::fromStdString(s.name);
            const QString description = QString::fromStdString(s.description);
            item->setText(0, name);
            item->setData(0, DescriptionRole, description.isEmpty() ? file.fileName() : description);
            item->setToolTip(0, QStringLiteral("<b>%1</b><br>%2<br><i>%3 — module %4</i>")
                                    .arg(name.toHtmlEscaped(), description.toHtmlEscaped(), file.fileName(),
                                         QString::fromStdString(s.module)));
        } catch (const std::exception& e) {
            item->setText(0, file.fileName());
            item->setData(0, DescriptionRole, tr("does not load — hover for the reason"));
            item->setToolTip(0, QString::fromStdString(e.what()));
            item->setForeground(0, QColor(0x99, 0x99, 0x99));
            item->setData(0, Qt::UserRole + 1, QString::fromStdString(e.what()));
        }
    }
    if (files.isEmpty()) {
        auto* item = new QTreeWidgetItem(tree_, {tr("No scenarios in %1").arg(directory_)});
        item->setFlags(Qt::NoItemFlags);
    }
}

void ScenarioBrowser::setCurrentFile(const QString& path) {
    const QString wanted = QFileInfo(path).absoluteFilePath();
    for (int i = 0; i < tree_->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = tree_->topLevelItem(i);
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
