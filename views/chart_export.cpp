// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/chart_export.h"

#include "core/sim/input_error.h"
#include "views/chart_builder.h"

#include <QBuffer>
#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QFileInfo>
#include <QDir>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSvgGenerator>

#include <cmath>
#include <memory>

namespace dfl {

namespace {

QString csvField(const QString& text) {
    if (!text.contains(',') && !text.contains('"') && !text.contains('\n')) return text;
    QString quoted = text;
    quoted.replace('"', "\"\"");
    return '"' + quoted + '"';
}

QString num(double v) { return QString::number(v, 'g', 17); }

// A chart view laid out at `size` but never shown: rendering it is how every format is drawn.
std::unique_ptr<QChartView> offscreenView(const ChartSpec& spec, QSize size) {
    auto view = std::make_unique<QChartView>(buildChart(spec));
    view->setAttribute(Qt::WA_DontShowOnScreen);
    view->setRenderHint(QPainter::Antialiasing);
    view->setFrameShape(QFrame::NoFrame);
    view->resize(size);
    view->show();  // lets QChart lay out its axes and legend; nothing reaches the screen
    view->chart()->resize(size);
    QCoreApplication::processEvents();
    return view;
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit())
        throw InputError(path.toStdString(), "", "cannot write: " + f.errorString().toStdString());
}

void checkWritableFolder(const QString& path) {
    const QString dir = QFileInfo(path).absolutePath();
    if (!QDir().mkpath(dir)) throw InputError(dir.toStdString(), "", "cannot create the folder");
}

// Every format of one export has the same physical width, a 16:9 slide's (13.333 in): dropped into a slide at
// 100 % each fills its width, and text is as large in the SVG and PDF as in the PNG. The picture is laid out at
// the view's own resolution (text and lines keep their proportions); each file says how large it is printed.
constexpr double kSlideWidthInches = 13.3333;

double slideDpi(QSize size) { return size.width() / kSlideWidthInches; }

// QSvgGenerator derives the printed size from its resolution, which also sizes the text: the picture is drawn at
// the layout's resolution and the header's width and height are then stated in inches.
QByteArray withPhysicalSize(const QByteArray& svg, QSize size) {
    QString text = QString::fromUtf8(svg);
    const int header = text.indexOf("<svg");
    const int end = header < 0 ? -1 : text.indexOf('>', header);
    if (end < 0) return svg;
    QString head = text.mid(header, end - header);
    const double dpi = slideDpi(size);
    head.replace(QRegularExpression(R"(\bwidth="[^"]*")"), QString("width=\"%1in\"").arg(size.width() / dpi, 0, 'f', 4));
    head.replace(QRegularExpression(R"(\bheight="[^"]*")"), QString("height=\"%1in\"").arg(size.height() / dpi, 0, 'f', 4));
    text.replace(header, end - header, head);
    return text.toUtf8();
}

}  // namespace

double chartSlideDpi(QSize size) { return slideDpi(size); }

QStringList chartExportFormats() { return {"png", "svg", "pdf", "csv"}; }

QImage renderChartImage(const ChartSpec& spec, QSize size) {
    auto view = offscreenView(spec, size);
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    view->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), view->rect());
    return image;
}

QString chartToCsv(const ChartSpec& spec) {
    QString out;
    if (spec.kind == ChartKind::Bar || spec.kind == ChartKind::StackedBar) {
        out += csvField(spec.xLabel.empty() ? "category" : QString::fromStdString(spec.xLabel));
        for (const auto& s : spec.series) out += ',' + csvField(QString::fromStdString(s.name));
        out += '\n';
        for (std::size_t i = 0; i < spec.categories.size(); ++i) {
            out += csvField(QString::fromStdString(spec.categories[i]));
            for (const auto& s : spec.series) out += ',' + (i < s.y.size() ? num(s.y[i]) : QString());
            out += '\n';
        }
        return out;
    }
    out += "series,x,y\n";
    for (const auto& s : spec.series) {
        const QString name = csvField(QString::fromStdString(s.name));
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
            out += name + ',' + num(s.x[i]) + ',' + num(s.y[i]) + '\n';
    }
    return out;
}

void exportChart(const ChartSpec& spec, const QString& pathWithoutExtension, const QStringList& formats, QSize size) {
    checkWritableFolder(pathWithoutExtension);
    for (const QString& rawFormat : formats) {
        const QString format = rawFormat.trimmed().toLower();
        const QString path = pathWithoutExtension + '.' + format;
        if (format == "csv") {
            writeBytes(path, chartToCsv(spec).toUtf8());
        } else if (format == "png") {
            QImage image = renderChartImage(spec, size);
            const int dotsPerMeter = int(std::lround(slideDpi(size) / 0.0254));
            image.setDotsPerMeterX(dotsPerMeter);
            image.setDotsPerMeterY(dotsPerMeter);
            if (!image.save(path, "PNG")) throw InputError(path.toStdString(), "", "cannot write the PNG file");
        } else if (format == "svg") {
            auto view = offscreenView(spec, size);
            QBuffer buffer;
            QSvgGenerator svg;
            svg.setOutputDevice(&buffer);
            svg.setResolution(view->logicalDpiY());  // text sized as in the view, the PNG's layout
            svg.setSize(size);
            svg.setViewBox(QRect(QPoint(0, 0), size));
            svg.setTitle(QString::fromStdString(spec.title));
            svg.setDescription(QString::fromStdString(spec.caption));
            QPainter painter;
            if (!painter.begin(&svg)) throw InputError(path.toStdString(), "", "cannot write the SVG file");
            view->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), view->rect());
            painter.end();
            writeBytes(path, withPhysicalSize(buffer.data(), size));
        } else if (format == "pdf") {
            auto view = offscreenView(spec, size);
            QPdfWriter pdf(path);
            // One PDF unit per view pixel at the view's resolution (text as in the view); the page is the slide's
            // width, and the painter scales the picture onto it.
            const double layoutDpi = view->logicalDpiY();
            pdf.setResolution(int(layoutDpi));
            const double slideScale = layoutDpi / slideDpi(size);
            pdf.setPageSize(QPageSize(QSizeF(size.width() * 72.0 / slideDpi(size), size.height() * 72.0 / slideDpi(size)),
                                      QPageSize::Point));
            pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
            pdf.setTitle(QString::fromStdString(spec.title));
            pdf.setCreator("Dataflow Lab");
            QPainter painter;
            if (!painter.begin(&pdf)) throw InputError(path.toStdString(), "", "cannot write the PDF file");
            painter.scale(slideScale, slideScale);
            view->render(&painter, QRectF(QPointF(0, 0), QSizeF(size)), view->rect());
            painter.end();
        } else {
            throw InputError(pathWithoutExtension.toStdString(), "format '" + format.toStdString() + "'",
                             "unknown chart format (expected png, svg, pdf or csv)");
        }
    }
}

}  // namespace dfl
