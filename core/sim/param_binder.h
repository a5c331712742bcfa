// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One way to declare a module parameter (docs/adding-a-module.md "Parameters"): a key bound to a field of the
// module's config struct. The one list of bindings yields both the ParamSpecs (the scenario loader validates
// against them, the GUI builds its form from them) and the config filled from validated Params, so a parameter
// is written once and its default is the struct's initialiser:
//
//   ParamBinder<CgraConfig> b;
//   b.bind("px", &CgraConfig::px, "PEs", "array width Px").range(1, 128);
//   b.bind("buffers", &CgraConfig::buffers, {{"multiport", BufferKind::MultiPort}, {"multibank", BufferKind::MultiBank}},
//          "", "row-buffer selection");
//   info.params = b.specs();                 // in ModuleInfo
//   const CgraConfig config = b.from(params);  // in create()
//
// A field's C++ type gives the parameter's type: int / int64 → Int, double → Double, bool → Bool, std::string →
// String, vectors of those → lists, an enum → String with the named choices, std::optional<T> → an optional T
// (absent stays std::nullopt). A parameter the config does not hold (a view's selection, say) is `declare`d.

#include "core/sim/param_spec.h"
#include "core/sim/params.h"

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace dfl {

namespace param_binding {

template <class T> struct IsOptional : std::false_type {};
template <class T> struct IsOptional<std::optional<T>> : std::true_type {};

// How a field type maps to a parameter: its ParamType, its value as a ParamValue and back from Params.
template <class T> struct Traits;

template <class T>
    requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
struct Traits<T> {
    static constexpr ParamType type = ParamType::Int;
    static ParamValue value(T v) { return std::int64_t(v); }
    static T read(const Params& p, const std::string& key) { return T(p.getInt(key)); }
};
template <> struct Traits<double> {
    static constexpr ParamType type = ParamType::Double;
    static ParamValue value(double v) { return v; }
    static double read(const Params& p, const std::string& key) { return p.getDouble(key); }
};
template <> struct Traits<bool> {
    static constexpr ParamType type = ParamType::Bool;
    static ParamValue value(bool v) { return v; }
    static bool read(const Params& p, const std::string& key) { return p.getBool(key); }
};
template <> struct Traits<std::string> {
    static constexpr ParamType type = ParamType::String;
    static ParamValue value(const std::string& v) { return v; }
    static std::string read(const Params& p, const std::string& key) { return p.getString(key); }
};
template <> struct Traits<std::vector<std::string>> {
    static constexpr ParamType type = ParamType::StringList;
    static ParamValue value(const std::vector<std::string>& v) { return v; }
    static std::vector<std::string> read(const Params& p, const std::string& key) { return p.getStringList(key); }
};
template <> struct Traits<std::vector<double>> {
    static constexpr ParamType type = ParamType::DoubleList;
    static ParamValue value(const std::vector<double>& v) { return v; }
    static std::vector<double> read(const Params& p, const std::string& key) { return p.getDoubleList(key); }
};
template <class T>
    requires(std::is_integral_v<T> && !std::is_same_v<T, bool>)
struct Traits<std::vector<T>> {
    static constexpr ParamType type = ParamType::IntList;
    static ParamValue value(const std::vector<T>& v) { return std::vector<std::int64_t>(v.begin(), v.end()); }
    static std::vector<T> read(const Params& p, const std::string& key) {
        const auto& all = p.getIntList(key);
        return std::vector<T>(all.begin(), all.end());
    }
};

}  // namespace param_binding

template <class Config>
class ParamBinder {
public:
    // One declared parameter; the chained calls refine its ParamSpec.
    class Binding {
    public:
        Binding& range(double min, double max) {
            spec.min = min;
            spec.max = max;
            return *this;
        }
        Binding& atLeast(double min) {
            spec.min = min;
            return *this;
        }
        // A String parameter's allowed values (an enum field gets them from its names instead).
        Binding& choices(std::vector<std::string> allowed) {
            spec.choices = std::move(allowed);
            return *this;
        }
        // May be absent; then the field keeps its initialiser (what absence means is the module's to say, e.g.
        // pipeline workers: as many as stages). std::optional fields are optional without this.
        Binding& optional() {
            spec.optional = true;
            return *this;
        }

    private:
        friend class ParamBinder;
        ParamSpec spec;
        std::function<void(const Params&, Config&)> read;  // empty for a declared parameter the config lacks
    };

    // A parameter held by `field` of the config (or of a struct the config holds, via `outer`).
    template <class Field>
    Binding& bind(std::string key, Field Config::*field, std::string unit, std::string description) {
        return bindAt(std::move(key), [field](Config& c) -> Field& { return c.*field; }, std::move(unit),
                      std::move(description));
    }
    template <class Outer, class Field>
    Binding& bind(std::string key, Outer Config::*outer, Field Outer::*field, std::string unit,
                  std::string description) {
        return bindAt(std::move(key), [outer, field](Config& c) -> Field& { return c.*outer.*field; },
                      std::move(unit), std::move(description));
    }

    // An enum field as a String parameter whose choices are the given names, in the given order.
    template <class Enum>
        requires std::is_enum_v<Enum>
    Binding& bind(std::string key, Enum Config::*field, std::vector<std::pair<std::string, Enum>> names,
                  std::string unit, std::string description) {
        return bindChoice(std::move(key), [field](Config& c) -> Enum& { return c.*field; }, std::move(names),
                          std::move(unit), std::move(description));
    }
    template <class Outer, class Enum>
        requires std::is_enum_v<Enum>
    Binding& bind(std::string key, Outer Config::*outer, Enum Outer::*field,
                  std::vector<std::pair<std::string, Enum>> names, std::string unit, std::string description) {
        return bindChoice(std::move(key), [outer, field](Config& c) -> Enum& { return c.*outer.*field; },
                          std::move(names), std::move(unit), std::move(description));
    }

    // A parameter the config does not hold (e.g. which layer a view animates): declared here so the module's
    // parameters stay one list, read from Params by whoever needs it.
    Binding& declare(std::string key, ParamType type, ParamValue defaultValue, std::string unit,
                     std::string description) {
        Binding& b = bindings_.emplace_back();
        b.spec = makeSpec(std::move(key), type, std::move(defaultValue), std::move(unit), std::move(description));
        return b;
    }
    // The same, optional: may be absent, with no default.
    Binding& declareOptional(std::string key, ParamType type, std::string unit, std::string description) {
        Binding& b = declare(std::move(key), type, emptyValue(type), std::move(unit), std::move(description));
        b.spec.optional = true;
        return b;
    }

    std::vector<ParamSpec> specs() const {
        std::vector<ParamSpec> out;
        for (const Binding& b : bindings_) out.push_back(b.spec);
        return out;
    }

    // The config with every bound field read from `params` (validated against specs()); absent optional
    // parameters leave their std::optional field empty.
    Config from(const Params& params) const {
        Config c;
        for (const Binding& b : bindings_)
            if (b.read) b.read(params, c);
        return c;
    }

private:
    template <class Access>
    Binding& bindAt(std::string key, Access access, std::string unit, std::string description) {
        using Field = std::remove_reference_t<decltype(access(std::declval<Config&>()))>;
        Config defaults;
        Binding& b = bindings_.emplace_back();
        if constexpr (param_binding::IsOptional<Field>::value) {
            using T = typename Field::value_type;
            using Tr = param_binding::Traits<T>;
            const Field& initial = access(defaults);
            b.spec = makeSpec(key, Tr::type, initial ? Tr::value(*initial) : emptyValue(Tr::type), std::move(unit),
                      std::move(description));
            b.spec.optional = true;
            b.read = [access, key](const Params& p, Config& c) {
                if (p.has(key)) access(c) = Tr::read(p, key);
                else access(c) = std::nullopt;
            };
        } else {
            using Tr = param_binding::Traits<Field>;
            b.spec = makeSpec(key, Tr::type, Tr::value(access(defaults)), std::move(unit), std::move(description));
            // Guarded for optional() parameters: absent, the field keeps its initialiser.
            b.read = [access, key](const Params& p, Config& c) {
                if (p.has(key)) access(c) = Tr::read(p, key);
            };
        }
        return b;
    }

    template <class Access, class Enum>
    Binding& bindChoice(std::string key, Access access, std::vector<std::pair<std::string, Enum>> names,
                        std::string unit, std::string description) {
        Config defaults;
        const Enum initial = access(defaults);
        std::string initialName;
        std::vector<std::string> choices;
        for (const auto& [name, value] : names) {
            choices.push_back(name);
            if (value == initial) initialName = name;
        }
        Binding& b = bindings_.emplace_back();
        b.spec = makeSpec(key, ParamType::String, initialName, std::move(unit), std::move(description));
        b.spec.choices = std::move(choices);
        b.read = [access, key, names = std::move(names)](const Params& p, Config& c) {
            const std::string& chosen = p.getString(key);
            for (const auto& [name, value] : names)
                if (name == chosen) access(c) = value;
        };
        return b;
    }

    static ParamSpec makeSpec(std::string key, ParamType type, ParamValue defaultValue, std::string unit,
                              std::string description) {
        std::vector<ParamSpec> one;  // declareParam is the one place a spec is put together
        return declareParam(one, std::move(key), type, std::move(defaultValue), std::move(unit), std::move(description));
    }

    static ParamValue emptyValue(ParamType type) {
        switch (type) {
        case ParamType::Int: return std::int64_t(0);
        case ParamType::Double: return 0.0;
        case ParamType::Bool: return false;
        case ParamType::String: return std::string();
        case ParamType::StringList: return std::vector<std::string>{};
        case ParamType::IntList: return std::vector<std::int64_t>{};
        case ParamType::DoubleList: return std::vector<double>{};
        }
        return std::int64_t(0);
    }

    std::deque<Binding> bindings_;  // a deque: the Binding& a bind() returns stays valid through later binds
};

}  // namespace dfl
