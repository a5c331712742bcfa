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
    void rejectsMissingAndMismatchedFiles() {
        expectError(path("absent.gz"), 1, "cannot open");
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
