// SPDX-License-Identifier: GPL-3.0-or-later
// Session files a hostile user or a broken transfer produces (issue 14, defects 3 and 9), and "nothing lost":
// a process killed while saving leaves the previous session whole.
#include "app/session.h"
#include "core/sim/input_error.h"

#include <QCryptographicHash>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/resource.h>

using namespace dfl;

namespace {

Session sampleSession() {
    return makeSession(loadScenarioFile(std::string(DFL_SOURCE_DIR) + "/scenarios/pipeline-mnist-cnn-3stage.json"), 3);
}

// A session file around `payload` with a correct size and checksum: what a hostile file can always forge.
QByteArray forged(const QByteArray& payload, const char* module = "pipeline", const char* cycle = "3") {
    return QByteArray("Dataflow Lab session\nformat: 1\nwritten-by: test\nscenario: s\nmodule: ") + module +
           "\ncycle: " + cycle + "\ndata-bytes: " + QByteArray::number(payload.size()) + "\ndata-sha256: " +
           QCryptographicHash::hash(payload, QCryptographicHash::Sha256).toHex() + "\n\n" + payload;
}

QString errorOf(const std::string& path) {
    try {
        (void)sessionScenario(readSessionFile(path));
    } catch (const InputError& e) {
        return QString::fromStdString(e.what());
    }
    return "no error";
}

}  // namespace

class TestSessionFiles : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string write(const char* name, const QByteArray& bytes) {
        QFile f(dir_.filePath(name));
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write");
        f.write(bytes);
        return f.fileName().toStdString();
    }
    QByteArray payloadOf(const Session& s) {
        writeSessionFile(s, dir_.filePath("tmp.dflsession").toStdString());
        QFile f(dir_.filePath("tmp.dflsession"));
        if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read");
        const QByteArray text = f.readAll();
        return text.mid(text.indexOf("\n\n") + 2);
    }

private slots:
    void initTestCase() {
        // A stock Boost reader allocates whatever a forged size says (~3 GB); under this limit that is a crash.
        const rlimit limit{rlim_t(1) << 31, rlim_t(1) << 31};
        if (!qEnvironmentVariableIsSet("DFL_SANITIZED")) setrlimit(RLIMIT_AS, &limit);  // ASan reserves more
    }

    void forgedSizesAreBoundedBeforeAllocation() {
        QByteArray payload = payloadOf(sampleSession());
        // The scenario file name's length (the first string): 3·10^9 in a file of a few kilobytes.
        QByteArray huge = payload;
        const QByteArray fileName = QByteArray::fromStdString(sampleSession().scenarioFile);
        const qsizetype at = huge.indexOf(QByteArray::number(fileName.size()) + " " + fileName);
        QVERIFY(at > 0);
        huge.replace(at, QByteArray::number(fileName.size()).size(), "3000000000");
        QString message = errorOf(write("string.dflsession", forged(huge)));
        QVERIFY2(message.contains("string.dflsession: data: damaged: cannot decode"), qPrintable(message));
        // The open views' count: 10^8 (count, item version, then the one view's name).
        Session withView = sampleSession();
        withView.openViews = {"zzview"};
        QByteArray many = payloadOf(withView);
        const qsizetype views = many.indexOf(" 1 0 6 zzview");
        QVERIFY(views > 0);
        many.replace(views, 4, " 100000000 0");
        message = errorOf(write("vector.dflsession", forged(many)));
        QVERIFY2(message.contains("vector.dflsession: data: damaged: cannot decode"), qPrintable(message));
    }

    void misleadingMessagesNameTheRealProblem() {
        QString message = errorOf(write("empty.dflsession", ""));
        QVERIFY2(message.contains("empty.dflsession: empty file"), qPrintable(message));

        writeSessionFile(sampleSession(), dir_.filePath("crlf.dflsession").toStdString());
        QFile f(dir_.filePath("crlf.dflsession"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        QByteArray crlf = f.readAll().replace("\n", "\r\n");
        f.close();
        const std::string crlfPath = write("crlf.dflsession", crlf);
        // Only line endings changed: the session reads as it was saved.
        QCOMPARE(readSessionFile(crlfPath).cycle, std::int64_t(3));

        Session bad = sampleSession();
        bad.scenarioJson = R"({"name": "x", "module": "pipeline", "network": "mnist-cnn", "params": {"stages": 0}})";
        writeSessionFile(bad, dir_.filePath("bad-scenario.dflsession").toStdString());
        message = errorOf(dir_.filePath("bad-scenario.dflsession").toStdString());
        QVERIFY2(message.startsWith(dir_.filePath("bad-scenario.dflsession") + ": scenario.params.stages:"), qPrintable(message));
        QVERIFY2(message.contains("in the scenario saved from"), qPrintable(message));

        message = errorOf("/dev/zero");
        QVERIFY2(message.contains("/dev/zero: not a regular file"), qPrintable(message));
    }

    // Nothing lost: a writer killed at random moments while saving over a session never leaves it half-written.
    void killedWhileSavingLeavesTheOldSession() {
        const QString path = dir_.filePath("kept.dflsession");
        Session old = sampleSession();
        old.windowLayout = std::string(4 << 20, 'o');  // large, so a save takes long enough to be interrupted
        int killedMidSave = 0;
        for (int round = 0; round < 8; ++round) {
            writeSessionFile(old, path.toStdString());  // each round starts from the old session
            QProcess saver;
            saver.start(QString(DFL_SESSION_SAVER), {path});
            QVERIFY(saver.waitForReadyRead(30000));  // it says "saving" just before each save
            QTest::qWait(5 + round * 7);
            saver.kill();
            saver.waitForFinished();
            const Session now = readSessionFile(path.toStdString());  // throws if damaged
            QVERIFY(now.windowLayout == old.windowLayout || now.windowLayout == std::string(4 << 20, 'n'));
            if (now.windowLayout == old.windowLayout) ++killedMidSave;
        }
        QVERIFY2(killedMidSave > 0, "the saver was never killed before it finished: the test proved nothing");
        // No temporary file left looking like a session.
        for (const QString& name : QDir(dir_.path()).entryList({"*.dflsession"}, QDir::Files))
            QVERIFY2(!name.startsWith("kept.dflsession."), qPrintable(name));
    }
};

QTEST_GUILESS_MAIN(TestSessionFiles)
#include "test_session_files.moc"
