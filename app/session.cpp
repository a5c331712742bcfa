// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/session.h"

#include "app/bounded_text_iarchive.h"
#include "core/sim/input_error.h"
#include "core/sim/input_file.h"

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
    // By name too: an empty or unreadable .dflsession is a broken session, not a scenario with invalid JSON.
    if (QString::fromStdString(path).endsWith(".dflsession", Qt::CaseInsensitive)) return true;
    QFile f(QString::fromStdString(path));
    if (!QFileInfo(f).isFile() || !f.open(QIODevice::ReadOnly)) return false;
    return f.read(kMagic.size()) == kMagic;
}

Session readSessionFile(const std::string& path) {
    QByteArray text = readInputFile(path, "session file");
    if (text.isEmpty()) throw InputError(path, "", "empty file: not a Dataflow Lab session (nothing was saved in it)");
    // A transfer or an editor that turned every "\n" into "\r\n" changed the bytes, not the session: turned back,
    // the checksum below says whether that was all that happened.
    if (text.startsWith(kMagic + "\r\n")) text.replace("\r\n", "\n");
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
        BoundedTextIArchive archive(in, std::size_t(payload.size()), Session::kMaxListEntries);
        archive >> s;
    } catch (const std::exception& e) {
        throw InputError(path, "data", std::string("damaged: cannot decode the session data (") + e.what() + ")");
    }
    // The header is for people, the data for the program: when they disagree, someone edited the header.
    if (fields["cycle"] != QByteArray::number(qlonglong(s.cycle)) || fields["module"].toStdString() != s.module)
        throw InputError(path, "header", "damaged: the header (cycle " + fields["cycle"].toStdString() + ", module " +
                                             fields["module"].toStdString() + ") does not match the session data");
    if (s.cycle < 0) throw InputError(path, "data.cycle", "damaged: negative cycle");
    s.path = path;
    return s;
}

Scenario sessionScenario(const Session& session, const std::vector<Override>& overrides) {
    try {
        return loadScenarioText(session.scenarioJson, session.scenarioFile, overrides);
    } catch (const InputError& e) {
        // The scenario inside a session is the session's content: the error names the session file, and says
        // where the scenario was first loaded from (relative network paths still resolve against that).
        if (session.path.empty() || e.file() != session.scenarioFile) throw;
        throw InputError(session.path, "scenario" + (e.place().empty() ? "" : "." + e.place()),
                         e.reason() + " (in the scenario saved from " +
                             (session.scenarioFile.empty() ? std::string("memory") : session.scenarioFile) + ")");
    }
}

}  // namespace dfl
