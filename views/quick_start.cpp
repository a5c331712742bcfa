// SPDX-License-Identifier: GPL-3.0-or-later
#include "views/quick_start.h"

#include <QObject>

#include <map>

namespace dfl {

QuickStart quickStart(const std::string& module) {
    using Q = QuickStart;
    static const std::map<std::string, Q> starts = {
        {"pipeline",
         Q{QObject::tr("Pipeline parallelism"),
           QObject::tr("The space-time diagram: stages down, cycles across. Each cell shows the forward pass (top) "
                       "and the backward pass with its weight update (bottom); the numbers are mini-batches. Watch "
                       "the bracket under the selected stage: the delay between using a weight and updating it, "
                       "2P−2S+1 cycles."),
           {QObject::tr("Step (Right) through the first cycles and watch the pipeline fill: stage S starts at cycle S."),
            QObject::tr("Select stage 1, then the last stage, with “Delay for stage”: the delay falls from 2P−1 to 1."),
            QObject::tr("In “Pipeline partition”, drag a layer to the next stage, then press Balance: the per-stage "
                        "bars and every chart follow, and Ctrl+Z undoes it.")}}},
        {"neurotrainer",
         Q{QObject::tr("NeuroTrainer"),
           QObject::tr("The cube from above: the PE vaults in a ring, each PE with its buffers and MAC array, the "
                       "common vault in the middle on the bus. Dots are words: vault → PE loads, PE → vault "
                       "write-backs, broadcasts out along every spoke. “NeuroTrainer programs” lists each operation's "
                       "address-generator and PE program; the running one is highlighted."),
           {QObject::tr("Step through the first cycles: the PEs load their first tile (what and why is written in "
                        "the programs view) before any MAC runs."),
            QObject::tr("Run at 1 k/s and watch the bus: a broadcast goes to every PE at once, a merge comes back "
                        "one PE at a time."),
            QObject::tr("Change vault_gbps in Parameters and compare training_ms_per_image in Metrics.")}}},
        {"cgra",
         Q{QObject::tr("CGRA"),
           QObject::tr("The PE array cycle by cycle: the weight on the broadcast bus, row buffers feeding the left "
                       "column, inputs shifting right, and which output channel each PE accumulates. Beside it the "
                       "schedule's loop indices and the counters so far."),
           {QObject::tr("Step through the shift-chain fill: no weight is needed until the chain is full."),
            QObject::tr("Watch the “step” loop index and the MAC counter: each weight is used by every PE at once."),
            QObject::tr("Open the Fig. 15 data-rate chart and read its caption: what happens to the rates as the "
                        "output channels grow?")}}},
        {"tdnn",
         Q{QObject::tr("Time-domain neural network"),
           QObject::tr("A race between two delay lines of one time-domain neuron: the edges advance one stage per "
                       "cycle, a crossover swaps the lines where the input says so, and the arbiter decides which "
                       "edge arrives first. Beside it the input image with the current pixel and the prediction."),
           {QObject::tr("Step and follow the highlighted pixel: each stage adds that pixel's weight to one line."),
            QObject::tr("Run to the end of a race and check the arbiter's decision against the running sum."),
            QObject::tr("Open the ideal-chip scenario and compare its accuracy with the one with mismatch and jitter.")}}},
        {"convergence",
         Q{QObject::tr("Convergence"),
           QObject::tr("Naive SGD against pipelined training with stale weights: test error against time and against "
                       "mini-batches, a square where each run reaches the target, and the speed-up table. Figures "
                       "read “—” until a run has produced them."),
           {QObject::tr("Press Train and watch which curve reaches the target first in time, and which in mini-batches."),
            QObject::tr("Type a cycle far ahead into the cycle box: the replay shows its progress and can be cancelled."),
            QObject::tr("Open the high-learning-rate scenario: stale weights hurt more when the steps are larger.")}}},
        {"network",
         Q{QObject::tr("Networks"),
           QObject::tr("The network's layers with their shapes, parameters and operations; the charts compare layers."),
           {QObject::tr("Sort the layer table by MACs: which layers do the work?"),
            QObject::tr("Compare parameters with MACs: convolutions reuse weights, fully connected layers do not."),
            QObject::tr("Open the same network in a pipeline scenario to see it split into stages.")}}},
    };
    const auto it = starts.find(module);
    if (it != starts.end()) return it->second;
    return Q{QString::fromStdString(module),
             QObject::tr("Step with Right, go back with Left, run with Space; hover a number to see where it comes from."),
             {QObject::tr("Step through the first cycles."), QObject::tr("Run to the end and read the Metrics."),
              QObject::tr("Change a parameter and compare.")}};
}

QString quickStartHtml(const std::string& module) {
    const QuickStart q = quickStart(module);
    QString html = QStringLiteral("<h3>%1</h3><p><b>%2</b> %3</p><p><b>%4</b></p><ol>")
                       .arg(q.title.toHtmlEscaped(), QObject::tr("What to watch:"), q.watch.toHtmlEscaped(),
                            QObject::tr("Three things to try:"));
    for (const QString& t : q.tryThese) html += "<li>" + t.toHtmlEscaped() + "</li>";
    return html + "</ol><p><i>" +
           QObject::tr("Keys: Space run/pause · Right or Page Down step · Left or Page Up back · Home/End · F5 present")
               .toHtmlEscaped() +
           "</i></p>";
}

}  // namespace dfl
