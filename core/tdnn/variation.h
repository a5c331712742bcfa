// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The time-domain neuron's non-idealities, each in units of the unit delay difference Δ:
//  * sigmaStatic  — static mismatch of each stage's delay difference, fixed per chip (Monte Carlo over chips);
//  * sigmaJitter  — random jitter of each stage, fresh at every evaluation;
//  * arbiterOffset — standard deviation of each arbiter's input offset, fixed per chip.
// Stage errors reach the arbiter as Σ_k v_k·x_k with x_k = ±1, so N stages add up to a Gaussian of variance
// N·(σ_static² + σ_jitter²); with the arbiter: σ_total² = N·(σ_s² + σ_j²) + σ_a². A decision with margin
// m = S − (T − ½) flips with probability Φ(−|m| / σ_total) — the Gaussian prediction the sweeps test.

namespace dfl {

struct Variation {
    double sigmaStatic = 0, sigmaJitter = 0, arbiterOffset = 0;
    bool none() const { return sigmaStatic == 0 && sigmaJitter == 0 && arbiterOffset == 0; }
};

double totalSigma(const Variation& v, int stages);
double standardNormalCdf(double z);
double predictedFlipProbability(double margin, double sigmaTotal);  // Φ(−|m|/σ); 0 when σ = 0

}  // namespace dfl
