// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/convergence/convergence_config.h"

#include "core/pipeline/schedule_family.h"
#include "core/sim/input_error.h"
#include "core/training/dataset.h"

#include <algorithm>

namespace dfl {

int ConvergenceConfig::evaluationInterval() const {
    return std::max(1, miniBatchesPerEpoch() / std::max(1, evaluationsPerEpoch));
}

// Each parameter once: key, field (whose initialiser is the default), unit, description, limits.
ParamBinder<ConvergenceConfig> convergenceParams() {
    using C = ConvergenceConfig;
    ParamBinder<C> b;
    b.bind("stages", &C::stages, "", "pipeline stage counts P to train beside naive SGD (one run each)").range(1, 64);
    b.bind("learning_rate", &C::learningRate, "", "SGD learning rate η").range(1e-9, 100);
    b.bind("momentum", &C::momentum, "", "SGD momentum μ (0: plain SGD)").range(0, 0.999);
    b.bind("batch", &C::batch, "samples", "mini-batch size").range(1, 4096);
    b.bind("epochs", &C::epochs, "", "passes over the training subset").range(1, 1000);
    b.bind("train_samples", &C::trainSamples, "samples", "the first N Fashion-MNIST training images").range(1, 60000);
    b.bind("test_samples", &C::testSamples, "samples", "the first N test images, for the test error").range(1, 10000);
    b.bind("target_error", &C::targetError, "", "test error (fraction misclassified) whose reaching is timed").range(0, 1);
    b.bind("evaluations_per_epoch", &C::evaluationsPerEpoch, "", "test-set evaluations per epoch (curve points)")
        .range(1, 10000);
    b.bind("worker_gmacs", &C::timing, &TimingAssumptions::workerGmacsPerSecond, "GMAC/s",
           "throughput of one worker (a stage, or the naive single worker)")
        .atLeast(1e-6);
    b.bind("update_macs_per_weight", &C::timing, &TimingAssumptions::updateMacsPerWeight, "MAC",
           "weight-update cost per weight (momentum and step)")
        .range(0, 1e6);
    b.bind("weight_stashing", &C::weightStashing, "",
           "also train each pipeline with weight stashing (the backward pass reads the forward's weights, as PipeDream)");
    b.bind("seeds", &C::seeds, "",
           "repeat the comparison with this many seeds (seed, seed + 1, …) in parallel; speed-ups are their mean")
        .range(1, 16);
    b.bind("lr_grid", &C::lrGrid, "",
           "also train every schedule at each of these learning rates (scenario seed) and compare each at its best "
           "(empty: off)")
        .range(1e-9, 100);
    b.bind("schedules", &C::schedules, "",
           "also train under these pipeline schedules (layer-block, gpipe, 1f1b, interleaved-1f1b, zb-h1, pipedream, "
           "pipedream-2bw; docs/schedules.md), one run each (empty: off)");
    b.bind("schedule_stages", &C::scheduleStages, "", "stages P of the schedule runs").range(1, 64);
    b.bind("micro_batches", &C::microBatches, "", "micro-batches m each mini-batch is split into for the schedule runs")
        .range(1, 4096);
    b.bind("data_dir", &C::dataDirectory, "",
           "folder of the Fashion-MNIST IDX files (empty: Debian's /usr/share/datasets/fashion-mnist or $DFL_FASHION_MNIST)");
    return b;
}

ConvergenceConfig convergenceConfigFromParams(const Params& params, std::uint64_t seed, const std::string& file) {
    ConvergenceConfig c = convergenceParams().from(params);
    for (size_t i = 0; i < c.stages.size(); ++i)
        if (std::find(c.stages.begin(), c.stages.begin() + std::ptrdiff_t(i), c.stages[i]) != c.stages.begin() + std::ptrdiff_t(i))
            throw InputError(file, "params.stages[" + std::to_string(i) + "]", "stage count listed twice");
    c.timing.batch = c.batch;
    c.seed = seed;
    for (size_t i = 0; i < c.lrGrid.size(); ++i)
        if (std::find(c.lrGrid.begin(), c.lrGrid.begin() + std::ptrdiff_t(i), c.lrGrid[i]) != c.lrGrid.begin() + std::ptrdiff_t(i))
            throw InputError(file, "params.lr_grid[" + std::to_string(i) + "]", "learning rate listed twice");
    for (size_t i = 0; i < c.schedules.size(); ++i) {
        const std::string key = "params.schedules[" + std::to_string(i) + "]";
        if (!isScheduleName(c.schedules[i])) throw InputError(file, key, "'" + c.schedules[i] + "' is not a pipeline schedule");
        if (std::find(c.schedules.begin(), c.schedules.begin() + std::ptrdiff_t(i), c.schedules[i]) != c.schedules.begin() + std::ptrdiff_t(i))
            throw InputError(file, key, "schedule listed twice");
        if (c.schedules[i] == "pipedream-2bw" && c.microBatches % c.scheduleStages != 0)
            throw InputError(file, "params.micro_batches", "pipedream-2bw updates every P = " + std::to_string(c.scheduleStages) +
                                                               " micro-batches: m must be a multiple of P");
    }
    if (!c.schedules.empty() && c.batch % c.microBatches != 0)
        throw InputError(file, "params.micro_batches", "batch " + std::to_string(c.batch) + " does not split into " +
                                                           std::to_string(c.microBatches) + " equal micro-batches");
    if (c.dataDirectory.empty()) c.dataDirectory = fashionMnistDirectory();
    if (c.batch > c.trainSamples)
        throw InputError(file, "params.batch", "larger than train_samples (" + std::to_string(c.trainSamples) +
                                                   "): not one full mini-batch per epoch");
    return c;
}

}  // namespace dfl
