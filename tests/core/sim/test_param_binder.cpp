// SPDX-License-Identifier: GPL-3.0-or-later
// The typed parameter binder: one line per parameter gives the ParamSpec (default from the struct's initialiser,
// type from the field's type) and reads the config back from Params.
#include "core/sim/param_binder.h"

#include <QtTest>

using namespace dfl;

namespace {

enum class Mode { Fast, Exact };

struct Inner {
    bool flag = true;
    Mode mode = Mode::Exact;
};

struct Config {
    int count = 16;
    std::int64_t big = 5'000'000'000;
    double rate = 0.25;
    std::string name = "default";
    std::vector<std::string> names{"a", "b"};
    std::vector<int> sizes{7, 14};
    std::vector<double> sigmas{0, 0.5};
    Mode mode = Mode::Fast;
    std::optional<std::vector<std::string>> partition;
    int workers = 4;
    Inner inner;
};

ParamBinder<Config> binder() {
    ParamBinder<Config> b;
    b.bind("count", &Config::count, "PEs", "how many").range(1, 128);
    b.bind("big", &Config::big, "", "a large integer");
    b.bind("rate", &Config::rate, "", "a rate").atLeast(0);
    b.bind("name", &Config::name, "", "a name");
    b.bind("names", &Config::names, "", "names");
    b.bind("sizes", &Config::sizes, "pixels", "sizes").range(1, 28);
    b.bind("sigmas", &Config::sigmas, "Δ", "sigmas");
    b.bind("mode", &Config::mode, {{"fast", Mode::Fast}, {"exact", Mode::Exact}}, "", "the mode");
    b.bind("partition", &Config::partition, "", "absent: the optimiser's");
    b.bind("workers", &Config::workers, "", "absent: as many as count").optional();
    b.bind("flag", &Config::inner, &Inner::flag, "", "nested bool");
    b.bind("inner_mode", &Config::inner, &Inner::mode, {{"fast", Mode::Fast}, {"exact", Mode::Exact}}, "", "nested");
    b.declare("layer", ParamType::String, std::string("conv1"), "", "not in the config");
    b.declareOptional("focus", ParamType::Int, "", "optional, not in the config");
    return b;
}

const ParamSpec& spec(const std::vector<ParamSpec>& specs, const std::string& key) {
    for (const ParamSpec& s : specs)
        if (s.key == key) return s;
    throw std::runtime_error("no spec " + key);
}

// What validation gives from(): every non-optional key with its default, optional ones only when set.
Params defaults(const std::vector<ParamSpec>& specs) {
    std::map<std::string, ParamValue> values;
    for (const ParamSpec& s : specs)
        if (!s.optional) values[s.key] = s.defaultValue;
    return Params(specs, values);
}

}  // namespace

class TestParamBinder : public QObject {
    Q_OBJECT
private slots:
    void specsComeFromTheFieldsAndTheirInitialisers() {
        const auto specs = binder().specs();
        QCOMPARE(specs.size(), size_t(14));
        QCOMPARE(specs[0].key, std::string("count"));  // declaration order is the form's order
        QVERIFY(spec(specs, "count").type == ParamType::Int);
        QVERIFY(spec(specs, "count").defaultValue == ParamValue(std::int64_t(16)));
        QCOMPARE(spec(specs, "count").unit, std::string("PEs"));
        QCOMPARE(spec(specs, "count").min, 1.0);
        QCOMPARE(spec(specs, "count").max, 128.0);
        QVERIFY(spec(specs, "big").defaultValue == ParamValue(std::int64_t(5'000'000'000)));
        QVERIFY(spec(specs, "rate").type == ParamType::Double);
        QCOMPARE(spec(specs, "rate").min, 0.0);
        QVERIFY(spec(specs, "name").defaultValue == ParamValue(std::string("default")));
        QVERIFY(spec(specs, "names").type == ParamType::StringList);
        QVERIFY(spec(specs, "sizes").type == ParamType::IntList);
        QVERIFY(spec(specs, "sizes").defaultValue == ParamValue(std::vector<std::int64_t>{7, 14}));
        QVERIFY(spec(specs, "sigmas").type == ParamType::DoubleList);
        QVERIFY(spec(specs, "mode").type == ParamType::String);
        QVERIFY(spec(specs, "mode").defaultValue == ParamValue(std::string("fast")));
        QCOMPARE(spec(specs, "mode").choices, (std::vector<std::string>{"fast", "exact"}));
        QVERIFY(spec(specs, "partition").optional);
        QVERIFY(spec(specs, "partition").type == ParamType::StringList);
        QVERIFY(spec(specs, "workers").optional);
        QVERIFY(spec(specs, "workers").defaultValue == ParamValue(std::int64_t(4)));
        QVERIFY(spec(specs, "flag").type == ParamType::Bool);
        QVERIFY(spec(specs, "inner_mode").defaultValue == ParamValue(std::string("exact")));
        QVERIFY(spec(specs, "layer").defaultValue == ParamValue(std::string("conv1")));
        QVERIFY(spec(specs, "focus").optional);
    }

    void defaultsReadBackAsTheInitialisers() {
        const auto b = binder();
        const Config c = b.from(defaults(b.specs()));
        const Config initial;
        QCOMPARE(c.count, initial.count);
        QCOMPARE(c.big, initial.big);
        QCOMPARE(c.rate, initial.rate);
        QCOMPARE(c.names, initial.names);
        QCOMPARE(c.sizes, initial.sizes);
        QVERIFY(c.mode == Mode::Fast);
        QVERIFY(!c.partition);
        QCOMPARE(c.workers, 4);
        QVERIFY(c.inner.mode == Mode::Exact);
    }

    void setValuesReachTheirFields() {
        const auto b = binder();
        Params p = defaults(b.specs());
        p.set("count", std::int64_t(3));
        p.set("rate", 2.5);
        p.set("name", std::string("x"));
        p.set("sizes", std::vector<std::int64_t>{28});
        p.set("sigmas", std::vector<double>{1, 2});
        p.set("mode", std::string("exact"));
        p.set("partition", std::vector<std::string>{"conv2"});
        p.set("workers", std::int64_t(9));
        p.set("flag", false);
        p.set("inner_mode", std::string("fast"));
        const Config c = b.from(p);
        QCOMPARE(c.count, 3);
        QCOMPARE(c.rate, 2.5);
        QCOMPARE(c.name, std::string("x"));
        QCOMPARE(c.sizes, std::vector<int>{28});
        QCOMPARE(c.sigmas, (std::vector<double>{1, 2}));
        QVERIFY(c.mode == Mode::Exact);
        QVERIFY(c.partition && *c.partition == std::vector<std::string>{"conv2"});
        QCOMPARE(c.workers, 9);
        QVERIFY(!c.inner.flag);
        QVERIFY(c.inner.mode == Mode::Fast);
    }
};

QTEST_GUILESS_MAIN(TestParamBinder)
#include "test_param_binder.moc"
