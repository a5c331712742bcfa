// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Everything a convergence run is configured with, parsed once from the scenario's validated parameters.

#include "core/convergence/convergence_timing.h"
#include "core/convergence/pipelined_sgd.h"
#include "core/sim/param_binder.h"
#include "core/sim/params.h"

#include <cstdint>
#include <string>
#include <vector>

namespace dfl {

struct ConvergenceConfig {
    std::vector<int> stages{2, 4, 8};  // one pipelined run per entry, beside naive SGD
    double learningRate = 0.0015;  // stable for 8 stages without stashing on the demo CNN (docs/convergence.md)
    double momentum = 0;
    int batch = 32;
    int epochs = 3;
    int trainSamples = 6000;  // the first N of the training set
    int testSamples = 1000;   // the first N of the test set
    double targetError = 0.4;
    int evaluationsPerEpoch = 10;
    TimingAssumptions timing;
    bool weightStashing = false;  // also train each pipeline with weight stashing (PipeDream), for comparison
    std::uint64_t seed = 1;
    int seeds = 1;                  // the comparison is repeated with seeds seed, seed + 1, …, seed + seeds − 1
    std::vector<double> lrGrid;     // each schedule also trains at these learning rates (scenario seed); empty: off
    std::string dataDirectory;    // Fashion-MNIST IDX files
    // The pipeline-schedule family in training (docs/schedules.md "Training"): one run per schedule, each on
    // scheduleStages stages with every mini-batch split into microBatches micro-batches. Empty: off.
    std::vector<std::string> schedules;
    int scheduleStages = 4;
    int microBatches = 4;

    int miniBatchesPerEpoch() const { return batch > 0 ? trainSamples / batch : 0; }  // full mini-batches only
    std::int64_t totalMiniBatches() const { return std::int64_t(miniBatchesPerEpoch()) * epochs; }
    int evaluationInterval() const;  // mini-batches between test-set evaluations
};

// The module's parameters, bound to the fields above (their initialisers are the defaults).
ParamBinder<ConvergenceConfig> convergenceParams();

// Throws InputError(file, "params.<key>", reason) for what the declarations cannot check.
ConvergenceConfig convergenceConfigFromParams(const Params& params, std::uint64_t seed, const std::string& file);

}  // namespace dfl
