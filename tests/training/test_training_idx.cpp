// SPDX-License-Identifier: GPL-3.0-or-later
// The IDX loader on small generated files, good and corrupted, and once on the real Fashion-MNIST when present.
#include "core/sim/input_error.h"
#include "core/training/dataset.h"
#include "core/training/idx_file.h"
#include "tests/support/fashion_mnist.h"

#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

using namespace dfl;

namespace {

IdxArray images(std::uint32_t n, std::uint32_t rows, std::uint32_t cols) {
    IdxArray a{{n, rows, cols}, {}};
    for (std::uint32_t i = 0; i < n * rows * cols; ++i) a.data.push_back(std::uint8_t(i * 37 % 256));
    return a;
}
IdxArray labels(std::uint32_t n) {
    const int top = 9;
    IdxArray a{{n}, {}};
    for (std::uint32_t i = 0; i < n; ++i) a.data.push_back(std::uint8_t(i % (top + 1)));
    return a;
}
void writeRaw(const std::string& path, const std::vector<unsigned char>& bytes) {
    gzFile f = gzopen(path.c_str(), "wb");
    gzwrite(f, bytes.data(), unsigned(bytes.size()));
    gzclose(f);
}

}  // namespace

class TestTrainingIdx : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string path(const char* name) { return dir_.filePath(name).toStdString(); }

    void expectError(const std::string& file, int dims, const char* fragment) {
        try {
            readIdxFile(file, dims);
            QFAIL("no InputError");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find(fragment) != std::string::npos, e.what());
            QCOMPARE(e.file(), file);
        }
    }

private slots:
    void roundTripsGoodFiles() {
        writeIdxFile(path("img.gz"), images(5, 3, 4));
        writeIdxFile(path("lab.gz"), labels(5));
        const IdxArray a = readIdxFile(path("img.gz"), 3);
        QCOMPARE(a.dims, (std::vector<std::uint32_t>{5, 3, 4}));
        QCOMPARE(a.data, images(5, 3, 4).data);
        const Dataset d = loadIdxDataset(path("img.gz"), path("lab.gz"));
        QCOMPARE(d.size(), 5);
        QCOMPARE(d.features(), 12);
        QCOMPARE(d.labels[3], 3);
        QCOMPARE(d.inputs(1, 0), float(37) / 255.0f);
        QCOMPARE(loadIdxDataset(path("img.gz"), path("lab.gz"), 2).size(), 2);
    }
    void rejectsWrongMagic() {
        writeRaw(path("magic.gz"), {0x12, 0x34, 0x08, 0x03, 0, 0, 0, 1});
        expectError(path("magic.gz"), 3, "not an IDX file");
        writeRaw(path("type.gz"), {0, 0, 0x0D, 0x03});
        expectError(path("type.gz"), 3, "not unsigned byte");
        writeIdxFile(path("dims.gz"), labels(4));
        expectError(path("dims.gz"), 3, "1 dimensions, expected 3");
    }
    void rejectsTruncatedAndTrailingData() {
        IdxArray a = images(2, 2, 2);
        a.data.pop_back();
        writeIdxFile(path("short.gz"), a);
        expectError(path("short.gz"), 3, "truncated");
        a = images(2, 2, 2);
        a.data.push_back(1);
        writeIdxFile(path("long.gz"), a);
        expectError(path("long.gz"), 3, "trailing bytes");
        writeRaw(path("header.gz"), {0, 0, 0x08, 0x03, 0, 0});
        expectError(path("header.gz"), 3, "dimension 0");
        writeIdxFile(path("zero.gz"), IdxArray{{0, 2, 2}, {}});
        expectError(path("zero.gz"), 3, "size is zero");
    }
    // A lesson reads only the items it uses: the first maxItems, whatever follows them; a file that ends inside those
    // items is still an error.
    void readsOnlyTheItemsAskedFor() {
        writeIdxFile(path("five.gz"), images(5, 3, 4));
        const IdxArray two = readIdxFile(path("five.gz"), 3, 2);
        QCOMPARE(two.dims, (std::vector<std::uint32_t>{5, 3, 4}));
        const std::vector<std::uint8_t> all = images(5, 3, 4).data;
        QCOMPARE(two.data, std::vector<std::uint8_t>(all.begin(), all.begin() + 2 * 12));
        QCOMPARE(readIdxFile(path("five.gz"), 3, 9).data, all);  // more than the file holds: all of it
        IdxArray a = images(4, 2, 2);
        a.data.resize(2 * 4 + 1);  // two whole items and one byte of the third
        writeIdxFile(path("cut.gz"), a);
        QCOMPARE(readIdxFile(path("cut.gz"), 3, 2).data.size(), std::size_t(8));
        try {
            readIdxFile(path("cut.gz"), 3, 3);
            QFAIL("a file ending inside the items asked for was accepted");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("truncated") != std::string::npos, e.what());
        }
        writeIdxFile(path("lab5.gz"), labels(5));
        const Dataset d = loadIdxDataset(path("five.gz"), path("lab5.gz"), 2);
        QCOMPARE(d.size(), 2);
        QCOMPARE(d.inputs(1, 1), float(all[12 + 1]) / 255.0f);
    }
    void rejectsMissingAndMismatchedFiles() {
        expectError(path("absent.gz"), 1, "no such file");
        writeIdxFile(path("img.gz"), images(5, 3, 4));
        writeIdxFile(path("lab4.gz"), labels(4));
        QVERIFY_THROWS_EXCEPTION(InputError, loadIdxDataset(path("img.gz"), path("lab4.gz")));
        writeIdxFile(path("lab12.gz"), IdxArray{{5}, {0, 1, 12, 3, 4}});
        try {
            loadIdxDataset(path("img.gz"), path("lab12.gz"));
            QFAIL("label 10 accepted");
        } catch (const InputError& e) {
            QVERIFY2(std::string(e.what()).find("outside [0, 10)") != std::string::npos, e.what());
        }
    }
    // Issue 14, defect 3: the header is checked before it sizes an allocation.
    void headersAreNotTrustedForAllocation() {
        std::vector<unsigned char> header{0, 0, 0x08, 0x03, 0xB2, 0xD0, 0x5E, 0x00, 0, 0, 0, 1, 0, 0, 0, 1};  // 3·10^9
        writeRaw(path("huge.gz"), header);
        expectError(path("huge.gz"), 3, "more than 2^28 elements");
        // 1×65536×65536: height × width no longer overflows an int (it is over the element limit).
        writeRaw(path("wide.gz"), {0, 0, 0x08, 0x03, 0, 0, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0});
        expectError(path("wide.gz"), 3, "more than 2^28 elements");
        // A plain file declaring 2^27 elements with none behind the header: its real length says so before reading.
        QFile plain(dir_.filePath("plain.idx"));
        QVERIFY(plain.open(QIODevice::WriteOnly));
        plain.write(QByteArray("\0\0\x08\x03" "\0\x02\0\0" "\0\0\0\x20" "\0\0\0\x20", 16));
        plain.close();
        expectError(path("plain.idx"), 3, "declares 134217728 elements but the file holds 0 bytes");
        // The same in gzip: read chunk by chunk, so it fails where the data ends.
        writeRaw(path("claims.gz"), {0, 0, 0x08, 0x03, 0, 0x02, 0, 0, 0, 0, 0, 0x20, 0, 0, 0, 0x20, 1, 2, 3});
        expectError(path("claims.gz"), 3, "file ends after 3 of 134217728 expected bytes");
    }
    // The fuzzer's findings (fuzz_idx, before the fix): plain label files whose headers declared up to 4·10^9
    // elements were allocated and read for more than the 10 s timeout. Now their real length refuses them at once.
    void fuzzFindingsAreRefusedAtOnce() {
        const QDir findings(QString(DFL_TEST_DATA) + "/fuzz-findings/idx");
        const QStringList files = findings.entryList({"*.idx"}, QDir::Files);
        QCOMPARE(files.size(), 3);
        for (const QString& f : files) {
            try {
                readIdxFile(findings.filePath(f).toStdString(), 1);
                QFAIL("accepted");
            } catch (const InputError& e) {
                const std::string m = e.what();
                QVERIFY2(m.find("the header declares") != std::string::npos || m.find("more than 2^28") != std::string::npos,
                         e.what());
            }
        }
    }
    // Issue 14, defect 4 (the same rule for every path the user gives): devices are not read.
    void onlyRegularFiles() {
        expectError("/dev/zero", 3, "not a regular file");
        expectError(dir_.path().toStdString(), 3, "not a regular file");
    }
    // Issue 14, defect 2 and 9: images of another size than the model's input, and a missing file, are named.
    void fashionMnistFilesAreCheckedAgainstTheModel() {
        QTemporaryDir data;
        const auto in = [&](const char* name) { return data.filePath(name).toStdString(); };
        writeIdxFile(in("train-images-idx3-ubyte.gz"), images(4, 10, 10));
        writeIdxFile(in("train-labels-idx1-ubyte.gz"), labels(4));
        writeIdxFile(in("t10k-images-idx3-ubyte.gz"), images(4, 10, 10));
        try {
            loadFashionMnist(data.path().toStdString());
            QFAIL("a missing labels file accepted");
        } catch (const InputError& e) {
            QCOMPARE(e.file(), in("t10k-labels-idx1-ubyte.gz"));
            QVERIFY2(std::string(e.what()).find("missing") != std::string::npos, e.what());
        }
        QCOMPARE(missingFashionMnistFile(data.path().toStdString()), std::string("t10k-labels-idx1-ubyte.gz"));
        writeIdxFile(in("t10k-labels-idx1-ubyte.gz"), labels(4));
        try {
            loadFashionMnist(data.path().toStdString());
            QFAIL("10x10 images accepted for a 28x28 model");
        } catch (const InputError& e) {
            QCOMPARE(e.file(), in("train-images-idx3-ubyte.gz"));
            QVERIFY2(std::string(e.what()).find("images are 10x10 but the model takes 28x28") != std::string::npos, e.what());
        }
        QCOMPARE(loadFashionMnist(data.path().toStdString(), -1, -1, {10, 10}).test.size(), 4);
    }
    void readsTheRealFashionMnist() {
        DFL_REQUIRE_FASHION_MNIST();
        const TrainTestSplit d = loadFashionMnist(fashionMnistDirectory(), 100, 100);
        QCOMPARE(d.train.size(), 100);
        QCOMPARE(d.train.height, 28);
        QCOMPARE(d.test.width, 28);
        QCOMPARE(d.train.labels[0], 9);  // the first training image is an ankle boot
        QCOMPARE(d.test.labels[0], 9);
        QVERIFY(d.train.inputs.maxCoeff() <= 1.0f && d.train.inputs.minCoeff() >= 0.0f);
    }
};

QTEST_GUILESS_MAIN(TestTrainingIdx)
#include "test_training_idx.moc"
#include "tests/support/fashion_mnist.h"
