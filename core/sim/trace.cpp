// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/sim/trace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace dfl {

void Trace::addTrack(int pid, int tid, std::string process, std::string thread) {
    tracks_.push_back({pid, tid, std::move(process), std::move(thread)});
}

bool Trace::addSlice(TraceSlice slice) {
    if (slices_.size() >= maxSlices) {
        if (!truncated_) addNote("truncated: only the first " + std::to_string(maxSlices) + " slices are written");
        truncated_ = true;
        return false;
    }
    if (slice.durationUs > 0) slices_.push_back(std::move(slice));
    return true;
}

namespace {

QString q(const std::string& s) { return QString::fromStdString(s); }

QJsonValue json(const Cell& cell) {
    if (const auto* i = std::get_if<std::int64_t>(&cell)) return QJsonValue(qint64(*i));
    if (const auto* d = std::get_if<double>(&cell)) return QJsonValue(*d);
    return QJsonValue(q(std::get<std::string>(cell)));
}

QJsonObject metadata(const char* name, int pid, int tid, const QJsonObject& args) {
    return QJsonObject{{"ph", "M"}, {"name", name}, {"pid", pid}, {"tid", tid}, {"args", args}};
}

}  // namespace

std::string traceToJson(const Trace& trace, const std::string& scenario, const std::string& module) {
    QJsonArray events;
    int lastPid = -1;
    for (const TraceTrack& t : trace.tracks()) {
        if (t.pid != lastPid) {  // tracks of one process are added together
            events.append(metadata("process_name", t.pid, 0, {{"name", q(t.process)}}));
            events.append(metadata("process_sort_index", t.pid, 0, {{"sort_index", t.pid}}));
            lastPid = t.pid;
        }
        events.append(metadata("thread_name", t.pid, t.tid, {{"name", q(t.thread)}}));
        events.append(metadata("thread_sort_index", t.pid, t.tid, {{"sort_index", t.tid}}));
    }
    for (const TraceSlice& s : trace.slices()) {
        QJsonObject args;
        for (const auto& [key, value] : s.args) args[q(key)] = json(value);
        events.append(QJsonObject{{"ph", "X"},
                                  {"name", q(s.name)},
                                  {"cat", q(s.category)},
                                  {"pid", s.pid},
                                  {"tid", s.tid},
                                  {"ts", s.startUs},
                                  {"dur", s.durationUs},
                                  {"args", args}});
    }
    QJsonArray notes;
    for (const std::string& n : trace.notes()) notes.append(q(n));
    const QJsonObject root{{"traceEvents", events},
                           {"displayTimeUnit", "ns"},
                           {"otherData", QJsonObject{{"scenario", q(scenario)}, {"module", q(module)}, {"notes", notes}}}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact).toStdString();
}

}  // namespace dfl
