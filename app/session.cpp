#include "app/session.h"

#include "core/sim/input_error.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>
#include <boost/serialization/version.hpp>

#include <map>
#include <sstream>

BOOST_CLASS_VERSION(dfl::Session, 1)

namespace dfl {

namespace {

const QByteArray kMagic = "Dataflow Lab session";

QByteArray sha256Hex(const QByteArray& data) {
    return QCryptographicHash::hash(data, QCryptographicHash::Sha256).toHex();
}

// One line of the header; newlines in a scenario name would break the layout, so they become spaces.
QByteArray headerLine(const char* key, const std::string& value) {
    return QByteArray(key) + ": " + QByteArray::fromStdString(value).replace('\n', ' ') + "\n";
}

std::map<QByteArray, QByteArray> parseHeader(const QByteArray& header) {
    std::map<QByteArray, QByteArray> fields;
    const QList<QByteArray> lines = header.split('\n');
    for (qsizetype i = 1; i < lines.size(); ++i) {  // line 0 is the magic line
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0) fields[lines[i].left(colon).trimmed()] = lines[i].mid(colon + 1).trimmed();
    }
    return fields;
}

}  // namespace

Session makeSession(const Scenario& scenario, std::int64_t cycle) {
    Session s;
    s.scenarioFile = scenario.file;
    s.scenarioName = scenario.name;
    s.module = scenario.module;
    s.scenarioJson = scenario.json;
    s.cycle = cycle;
    s.writtenBy = std::string("dataflow-lab ") + DFL_VERSION;
    return s;
}

void writeSessionFile(const Session& session, const std::string& path) {
    std::ostringstream payloadStream;
    {
        boost::archive::text_oarchive archive(payloadStream);
        archive << session;
    }
    const QByteArray payload = QByteArray::fromStdString(payloadStream.str());
    QByteArray text = kMagic + "\n";
    text += headerLine("format", std::to_string(Session::kFormat));
    text += headerLine("written-by", session.writtenBy);
    text += headerLine("scenario", session.scenarioName);
    text += headerLine("module", session.module);
    text += headerLine("cycle", std::to_string(session.cycle));
    text += headerLine("data-bytes", std::to_string(payload.size()));
    text += headerLine("data-sha256", sha256Hex(payload).toStdString());
    text += "\n" + payload;

    QSaveFile f(QString::fromStdString(path));  // the old file stays until the new one is complete
    if (!f.open(QIODevice::WriteOnly) || f.write(text) != text.size() || !f.commit())
        throw InputError(path, "", "cannot write the session: " + f.errorString().toStdString());
}

bool looksLikeSessionFile(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) return false;
    return f.read(kMagic.size()) == kMagic;
}

Session readSessionFile(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!QFileInfo(f).isFile()) throw InputError(path, "", "no such session file");
    if (!f.open(QIODevice::ReadOnly)) throw InputError(path, "", "cannot read: " + f.errorString().toStdString());
    const QByteArray text = f.readAll();
    if (!text.startsWith(kMagic + "\n"))
        throw InputError(path, "line 1", "not a Dataflow Lab session (expected '" + kMagic.toStdString() + "')");
    const qsizetype blank = text.indexOf("\n\n");
    if (blank < 0) throw InputError(path, "header", "truncated: the header has no end (the file was cut short)");
    auto fields = parseHeader(text.left(blank));
    const QByteArray payload = text.mid(blank + 2);

    bool ok = false;
    const int format = fields["format"].toInt(&ok);
    if (!ok || format < 1) throw InputError(path, "header.format", "missing or not a positive number");
    if (format > Session::kFormat)
        throw InputError(path, "header.format",
                         "written by a newer Dataflow Lab (" + fields["written-by"].toStdString() + ", session format " +
                             std::to_string(format) + "); this version (" + DFL_VERSION + ") reads format " +
                             std::to_string(Session::kFormat) + " — open it with a newer Dataflow Lab");
    const qlonglong expectedBytes = fields["data-bytes"].toLongLong(&ok);
    if (!ok) throw InputError(path, "header.data-bytes", "missing or not a number");
    if (payload.size() < expectedBytes)
        throw InputError(path, "data", "truncated: " + std::to_string(payload.size()) + " of " +
                                           std::to_string(expectedBytes) + " bytes of session data (the file was cut short)");
    if (payload.size() > expectedBytes || sha256Hex(payload) != fields["data-sha256"])
        throw InputError(path, "data", "damaged: the session data does not match its checksum (edited or corrupted)");

    Session s;
    try {
        std::istringstream in(payload.toStdString());
        boost::archive::text_iarchive archive(in);
        archive >> s;
    } catch (const std::exception& e) {
        throw InputError(path, "data", std::string("damaged: cannot decode the session data (") + e.what() + ")");
    }
    // The header is for people, the data for the program: when they disagree, someone edited the header.
    if (fields["cycle"] != QByteArray::number(qlonglong(s.cycle)) || fields["module"].toStdString() != s.module)
        throw InputError(path, "header", "damaged: the header (cycle " + fields["cycle"].toStdString() + ", module " +
                                             fields["module"].toStdString() + ") does not match the session data");
    if (s.cycle < 0) throw InputError(path, "data.cycle", "damaged: negative cycle");
    return s;
}

Scenario sessionScenario(const Session& session, const std::vector<Override>& overrides) {
    return loadScenarioText(session.scenarioJson, session.scenarioFile, overrides);
}

}  // namespace dfl
