// SPDX-License-Identifier: GPL-3.0-or-later
// dfl-fuzz-seeds OUT: writes the seed corpora of the fuzz targets from the project's own files — the scenarios,
// built-in networks and topologies, the SCALE-Sim CSVs, small IDX files cut from Fashion-MNIST (when installed)
// and session files written by the real session writer. One folder per target under OUT.
#include "app/session.h"
#include "core/scenario/scenario.h"
#include "core/sim/input_error.h"
#include "core/training/dataset.h"
#include "core/training/idx_file.h"

#include <QCoreApplication>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>

namespace fs = std::filesystem;

namespace {

std::string readAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

void write(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
}

// Copies every file of `from` whose extension is `ext` into `to`, with `prefix` bytes in front.
void copyAll(const fs::path& from, const std::string& ext, const fs::path& to, const std::string& prefix = "") {
    if (!fs::is_directory(from)) return;
    for (const auto& entry : fs::directory_iterator(from))
        if (entry.path().extension() == ext)
            write(to / (from.filename().string() + "-" + entry.path().filename().string()), prefix + readAll(entry.path()));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: dfl-fuzz-seeds OUT\n";
        return 2;
    }
    QCoreApplication app(argc, argv);
    const fs::path out = argv[1], src = DFL_SOURCE_DIR;
    for (const char* d : {"scenario", "network-json", "scalesim-csv", "idx", "session"}) fs::create_directories(out / d);

    copyAll(src / "scenarios", ".json", out / "scenario");
    copyAll(src / "tests/cli/data", ".json", out / "scenario");
    write(out / "scenario" / "with-overrides.json",
          readAll(src / "scenarios/pipeline-mnist-cnn-3stage.json") + "\n--\nparams.stages=2\n-params.partition\nseed=7\n");
    copyAll(src / "resources/networks", ".json", out / "network-json");
    copyAll(src / "scenarios/topologies", ".csv", out / "scalesim-csv");
    copyAll(src / "tests/data/scalesim", ".csv", out / "scalesim-csv");

    // IDX: a few real images and labels, written by the project's writer (gzip), as both target forms.
    const std::string mnist = dfl::fashionMnistDirectory();
    if (dfl::fashionMnistAvailable(mnist)) {
        const dfl::IdxArray images = dfl::readIdxFile(mnist + "/t10k-images-idx3-ubyte.gz", 3);
        const dfl::IdxArray labels = dfl::readIdxFile(mnist + "/t10k-labels-idx1-ubyte.gz", 1);
        dfl::IdxArray fewImages{{3, images.dims[1], images.dims[2]}, {}};
        fewImages.data.assign(images.data.begin(), images.data.begin() + 3 * 28 * 28);
        dfl::IdxArray fewLabels{{3}, {labels.data.begin(), labels.data.begin() + 3}};
        int n = 0;
        for (const dfl::IdxArray* a : {&fewImages, &fewLabels}) {
            const fs::path gz = out / "idx" / "tmp.gz";
            dfl::writeIdxFile(gz.string(), *a);
            const std::string flag(1, a->dims.size() == 3 ? '\1' : '\0');
            write(out / "idx" / ("gzip-" + std::to_string(n) + ".bin"), std::string(1, '\0') + flag + readAll(gz));
            std::string plain = {0, 0, 8, char(a->dims.size())};
            for (std::uint32_t d : a->dims)
                for (int s = 24; s >= 0; s -= 8) plain += char((d >> s) & 0xff);
            plain.append(a->data.begin(), a->data.end());
            write(out / "idx" / ("plain-" + std::to_string(n) + ".bin"), std::string(1, '\0') + flag + plain);
            write(out / "idx" / ("compressed-" + std::to_string(n) + ".bin"), std::string(1, '\1') + flag + plain);
            fs::remove(gz);
            ++n;
        }
    } else {
        std::cerr << "dfl-fuzz-seeds: no Fashion-MNIST in " << mnist << "; IDX seeds from the header only\n";
        write(out / "idx" / "labels.bin", std::string("\1\0\0\0\x08\x01\0\0\0\x02\x03\x04", 12));
    }

    // Sessions: written by the real writer, whole (form 0) and as the bare payload after the header (form 1).
    for (const char* name : {"pipeline-mnist-cnn-3stage.json", "network-mnist-cnn.json"}) {
        const dfl::Scenario scenario = dfl::loadScenarioFile((src / "scenarios" / name).string());
        dfl::Session session = dfl::makeSession(scenario, 0);
        const fs::path file = out / "session" / "tmp.dflsession";
        dfl::writeSessionFile(session, file.string());
        const std::string text = readAll(file);
        fs::remove(file);
        write(out / "session" / (std::string("file-") + name), std::string(1, '\0') + text);
        write(out / "session" / (std::string("payload-") + name), std::string(1, '\1') + text.substr(text.find("\n\n") + 2));
    }
    std::cout << "seed corpora written to " << out.string() << "\n";
    return 0;
}
