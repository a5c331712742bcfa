// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Everything the tdnn scenario measures, computed once per configuration: train the binarised MLP on
// Fashion-MNIST (pixels binarised), fold it, evaluate it digitally and on time-domain hardware with variation,
// sweep σ and chain length, and run the LOGNET study on the convergence lessons' CNN (lognet_cnn_study.h). The
// independent trainings (the main network, the pooled chains, the LOGNET CNN) and the sweep points run in parallel
// (workerThreads()), merged in a fixed order. Trained networks and results are cached
// per configuration for the life of the process, so the GUI re-selecting a neuron or image does not retrain.
// The run reports its progress to the thread's BuildMonitor (core/sim/build_progress.h) and stops with
// BuildCancelled when the GUI cancels it; nothing half-done is cached.

#include "core/energy/energy_table.h"
#include "core/tdnn/lognet_cnn_study.h"
#include "core/tdnn/lognet_quantizer.h"
#include "core/tdnn/time_domain_evaluator.h"
#include "core/tdnn/variation.h"
#include "core/training/dataset.h"
#include "core/training/folded_bnn.h"
#include "core/training/sgd_trainer.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace dfl {

struct TdnnConfig {
    std::string dataDirectory;       // Fashion-MNIST IDX files
    int hidden = 256;
    int epochs = 4;
    int trainSamples = 60000;
    int testSamples = 10000;
    int batch = 100;
    double learningRate = 0.7;       // on latent weights in [−1, 1]
    double learningRateDecay = 0.7;  // per epoch
    double pixelThreshold = 0.15;    // a pixel ≥ this is +1
    std::uint64_t seed = 1;
    int chips = 4;
    Variation variation;
    std::vector<double> sweepSigmas{0, 0.25, 0.5, 1, 1.5, 2, 3, 4};  // per stage (Δ); arbiter sweep: σ·√N, totals match
    std::vector<int> chainSides{7, 14, 28};  // image side lengths for the chain-length sweep (N = side²)
    double marginBinWidth = 4;
    bool lognet = true;
    int floatEpochs = 2;              // the LOGNET CNN's float training
    double floatLearningRate = 0.01;
    int histogramBits = 3;
    EnergySelection energy{"tdnn-65nm", {}};  // prices the synaptic operations; not part of key(): no result depends on it
    std::string key() const;  // everything that changes a result
};

struct SweepRow {
    std::string kind;  // "static", "jitter", "arbiter"
    double sigma = 0, sigmaTotal = 0;
    TimeDomainOutcome outcome;
};

struct ChainRow {
    int stages = 0;
    double digitalAccuracy = 0;
    TimeDomainOutcome outcome;
};

struct TdnnResults {
    TdnnConfig config;
    std::vector<int> layerSizes;
    std::shared_ptr<const FoldedBnn> bnn;
    std::shared_ptr<const TimeDomainEvaluator> evaluator;
    Dataset testImages;  // grey levels in [0, 1] (the view shows them)
    Dataset testBinary;  // ±1
    std::vector<EpochReport> bnnTraining;
    double digitalAccuracy = 0, bnnTrainAccuracy = 0;
    TimeDomainOutcome noVariation, withVariation;
    std::vector<SweepRow> sweep;
    std::vector<ChainRow> chain;
    std::vector<MarginBin> margins;
    std::optional<LognetCnnStudy> lognet;  // when config.lognet
    std::vector<double> weightHistogramCentres, weightHistogramCounts;  // every weight of the LOGNET CNN
    QuantGrid histogramLogGrid, histogramLinearGrid;
};

std::shared_ptr<const TdnnResults> runTdnnExperiment(const TdnnConfig& config);

// The trained, folded binarised MLP for an image side (pooled from 28×28) — cached.
struct TrainedBinarized {
    std::shared_ptr<const FoldedBnn> bnn;
    std::vector<EpochReport> training;
    double trainAccuracy = 0;
};
// `progress(fraction)` follows the training (a cached network reports nothing); it may throw to abandon it.
TrainedBinarized trainBinarized(const TdnnConfig& config, const Dataset& train, const std::string& dataKey,
                                const std::function<void(double)>& progress = {});

}  // namespace dfl
