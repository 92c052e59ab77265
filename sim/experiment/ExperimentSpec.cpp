#include "experiment/ExperimentSpec.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "scaling/Autoscaler.hpp"
#include "scenario/InputFile.hpp"
#include "scenario/Overrides.hpp"
#include "scenario/Sha256.hpp"
#include "scenario/YamlReader.hpp"

namespace msim::experiment {
namespace {

using scenario::SourceLocation;

const std::vector<std::string> TOP_KEYS{"name", "scenario", "seed", "duration", "replications", "set", "grid", "zip",
                                        "strategy_services", "metrics", "time_limit"};
const std::vector<std::string> RANGE_KEYS{"from", "to", "step", "count", "scale", "suffix"};
constexpr std::size_t MAX_VALUES = 100000;

std::string read_text(const std::filesystem::path& path, bool& ok, std::string& why) {
  auto text = scenario::read_input_file(path);
  ok = text.value.has_value();
  why = text.error;
  return ok ? std::move(*text.value) : std::string();
}

/** Reads the parts of an experiment file, reporting every problem at its place. */
class ExperimentReader {
public:
  explicit ExperimentReader(scenario::YamlReader& reader) : r_(reader) {}

  /** The base scenario's tree, to check that swept keys exist there (empty: not checked). */
  void set_scenario(YAML::Node root) { scenario_ = std::move(root); }

  // Applies "key=value" to the scenario tree; a path that does not exist is reported at `node`.
  void check_key(const YAML::Node& node, const std::string& path, const std::string& key, const std::string& value) {
    if (!scenario_ || key == "strategy") return;
    scenario::Diagnostics found;
    if (scenario::apply_override(scenario_, key + "=" + value, found)) return;
    for (const auto& d : found.items()) r_.error(node, path, d.message);
  }

  // A list of scalars, or a range {from, to, step | count, scale, suffix}.
  std::optional<std::vector<std::string>> values(const YAML::Node& node, const std::string& path) {
    if (node.IsSequence()) {
      std::vector<std::string> out;
      for (const auto& item : node) {
        const auto v = r_.text(item, path);
        if (!v) return std::nullopt;
        out.push_back(*v);
      }
      if (out.empty()) r_.error(node, path, "give at least one value");
      return out.empty() ? std::nullopt : std::optional(out);
    }
    if (node.IsMap()) return range(node, path);
    r_.error(node, path, "expected a list of values [a, b, c] or a range {from: 1, to: 10, step: 1}");
    return std::nullopt;
  }

  std::optional<std::vector<Parameter>> parameters(const YAML::Node& node, const std::string& path) {
    if (!r_.is_map(node, path)) return std::nullopt;
    std::vector<Parameter> out;
    for (auto it = node.begin(); it != node.end(); ++it) {
      const std::string key = it->first.Scalar();
      const std::string where = scenario::join_path(path, key);
      auto v = values(it->second, where);
      if (!v) continue;
      check_key(it->first, where, key, v->front());
      if (key == "strategy")
        for (std::size_t k = 0; k < v->size(); ++k)
          check_strategy(it->second.IsSequence() ? it->second[k] : it->second, where, (*v)[k]);
      out.push_back({key, std::move(*v)});
    }
    return out;
  }

private:
  std::optional<std::vector<std::string>> range(const YAML::Node& node, const std::string& path) {
    r_.check_keys(node, path, RANGE_KEYS);
    if (!node["from"] || !node["to"] || (!node["step"] == !node["count"])) {
      r_.error(node, path, "a range needs from, to, and either step or count");
      return std::nullopt;
    }
    const auto from = r_.number(node["from"], path + ".from");
    const auto to = r_.number(node["to"], path + ".to");
    if (!from || !to) return std::nullopt;
    const std::string suffix = node["suffix"] ? r_.text(node["suffix"], path + ".suffix").value_or("") : "";
    const std::string scale = node["scale"] ? r_.choice(node["scale"], path + ".scale", {"linear", "log"}).value_or("linear") : "linear";
    std::vector<double> numbers;
    if (node["step"]) {
      const auto step = r_.number(node["step"], path + ".step");
      if (!step) return std::nullopt;
      if (scale == "log") {
        r_.error(node["scale"], path + ".scale", "a log scale takes count, not step");
        return std::nullopt;
      }
      if (*step == 0 || (*to - *from) / *step < 0) {
        r_.error(node["step"], path + ".step", fmt::format("a step of {:g} never gets from {:g} to {:g}", *step, *from, *to));
        return std::nullopt;
      }
      const double n = std::floor((*to - *from) / *step + 1e-9);
      if (n + 1 > MAX_VALUES) {
        r_.error(node, path, fmt::format("the range has {:g} values; at most {}", n + 1, MAX_VALUES));
        return std::nullopt;
      }
      for (int k = 0; k <= static_cast<int>(n); ++k) numbers.push_back(*from + k * *step);
    } else {
      const auto count = r_.integer(node["count"], path + ".count", 1, MAX_VALUES);
      if (!count) return std::nullopt;
      if (scale == "log" && (*from <= 0 || *to <= 0)) {
        r_.error(node, path, "a log scale needs from and to > 0");
        return std::nullopt;
      }
      for (long long k = 0; k < *count; ++k) {
        const double t = *count == 1 ? 0.0 : static_cast<double>(k) / static_cast<double>(*count - 1);
        numbers.push_back(scale == "log" ? *from * std::pow(*to / *from, t) : *from + t * (*to - *from));
      }
    }
    std::vector<std::string> out;
    for (const double x : numbers) out.push_back(fmt::format("{:.6g}{}", x, suffix));
    return out;
  }

  void check_strategy(const YAML::Node& node, const std::string& path, const std::string& value) {
    const std::string kind = value.substr(0, value.find(':'));
    if (!scaling::find_strategy(kind))
      r_.error(node, path, fmt::format("unknown strategy '{}'{}", value, scenario::suggest(kind, scaling::strategy_names())));
    else if (value.find(':') != std::string::npos && kind != "static")
      r_.error(node, path, fmt::format("strategy '{}': only static takes a number (static:12)", value));
  }

  scenario::YamlReader& r_;
  YAML::Node scenario_;
};

}  // namespace

ExperimentLoad load_experiment_file(const std::filesystem::path& path) {
  ExperimentLoad result;
  scenario::Diagnostics diagnostics;
  const std::string display = path.string();
  auto finish = [&](std::optional<ExperimentSpec> spec) {
    result.diagnostics = diagnostics.items();
    if (diagnostics.empty()) result.spec = std::move(spec);
    return result;
  };
  bool readable = false;
  std::string why;
  const std::string text = read_text(path, readable, why);
  if (!readable) {
    diagnostics.error(SourceLocation{display, 0, 0}, "cannot read the experiment file: " + why);
    return finish(std::nullopt);
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    diagnostics.error(SourceLocation{display, e.mark.line + 1, e.mark.column + 1}, "not valid YAML: " + e.msg);
    return finish(std::nullopt);
  }
  const auto base = std::filesystem::absolute(path).parent_path();
  scenario::YamlReader r(display, base, diagnostics);
  ExperimentReader reader(r);
  if (!root.IsMap()) {
    diagnostics.error(SourceLocation{display, 1, 1}, "an experiment is a YAML mapping (scenario:, grid:, replications:, ...)");
    return finish(std::nullopt);
  }
  r.check_keys(root, "", TOP_KEYS);
  ExperimentSpec spec;
  spec.file = path;
  spec.name = path.stem().string();
  if (const auto& n = root["name"]) {
    static const std::regex safe("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");
    const auto name = r.text(n, "name");
    if (name && !std::regex_match(*name, safe)) r.error(n, "name", fmt::format("'{}' is not a valid name: letters, digits, '.', '_' and '-'", *name));
    else if (name) spec.name = *name;
  }
  std::string scenario_text;
  if (const auto& n = root["scenario"]) {
    if (const auto file = r.text(n, "scenario")) {
      spec.scenario = base / *file;
      bool ok = false;
      std::string scenario_problem;
      scenario_text = read_text(spec.scenario, ok, scenario_problem);
      if (!ok)
        r.error(n, "scenario", fmt::format("cannot read '{}': {} (the path is relative to the experiment file)", spec.scenario.string(),
                                           scenario_problem));
    }
  } else {
    diagnostics.error(SourceLocation{display, 1, 1}, "scenario: the base scenario file is missing");
  }
  if (!scenario_text.empty()) {
    try {
      reader.set_scenario(YAML::Load(scenario_text));
    } catch (const YAML::Exception&) {
      // The scenario's own problems are reported when it is loaded for the first point.
    }
  }
  if (const auto& n = root["seed"]) {
    if (const auto s = r.integer(n, "seed", 0, std::numeric_limits<long long>::max())) spec.seed = static_cast<std::uint64_t>(*s);
  }
  if (const auto& n = root["duration"]) {
    if (const auto d = r.duration(n, "duration")) {
      if (*d <= 0) r.error(n, "duration", "must be > 0");
      else spec.duration = n.Scalar();
    }
  }
  if (const auto& n = root["replications"]) {
    if (const auto k = r.integer(n, "replications", 1, 1000000)) spec.replications = static_cast<std::size_t>(*k);
  }
  if (const auto& n = root["time_limit"]) {
    if (const auto d = r.duration(n, "time_limit")) {
      if (*d <= 0) r.error(n, "time_limit", "must be > 0");
      else spec.time_limit_s = *d;
    }
  }
  if (const auto& n = root["set"]; n && r.is_map(n, "set")) {
    for (auto it = n.begin(); it != n.end(); ++it)
      if (const auto v = r.text(it->second, "set." + it->first.Scalar())) {
        reader.check_key(it->first, "set." + it->first.Scalar(), it->first.Scalar(), *v);
        spec.fixed.push_back(it->first.Scalar() + "=" + *v);
      }
  }
  if (const auto& n = root["grid"]) spec.grid = reader.parameters(n, "grid").value_or(std::vector<Parameter>{});
  if (const auto& n = root["zip"]) {
    spec.zip = reader.parameters(n, "zip").value_or(std::vector<Parameter>{});
    for (const auto& p : spec.zip)
      if (p.values.size() != spec.zip.front().values.size())
        r.error(n, "zip", fmt::format("zipped parameters vary together, so they need as many values each: '{}' has {}, '{}' has {}",
                                      spec.zip.front().key, spec.zip.front().values.size(), p.key, p.values.size()));
  }
  std::set<std::string> keys;
  for (const auto* list : {&spec.grid, &spec.zip})
    for (const auto& p : *list)
      if (!keys.insert(p.key).second) diagnostics.error(r.where(root), fmt::format("parameter '{}' is swept twice (in grid and zip)", p.key));
  for (const auto& fixed : spec.fixed)
    if (keys.count(fixed.substr(0, fixed.find('='))))
      diagnostics.error(r.where(root["set"]), fmt::format("set: '{}' is also swept; keep it in one place", fixed.substr(0, fixed.find('='))));
  if (const auto& n = root["strategy_services"]) {
    if (!n.IsSequence()) r.error(n, "strategy_services", "expected a list of service names");
    else
      for (const auto& s : n)
        if (const auto v = r.text(s, "strategy_services")) spec.strategy_services.push_back(*v);
  }
  if (const auto& n = root["metrics"]) {
    if (!n.IsSequence()) r.error(n, "metrics", "expected a list of dotted summary paths, e.g. [requests.all.latency_ms.p99, cost.dollars]");
    else
      for (const auto& m : n)
        if (const auto v = r.text(m, "metrics")) spec.metrics.push_back(*v);
  }
  std::size_t points = 1;
  for (const auto& p : spec.grid) points *= p.values.size();
  if (!spec.zip.empty()) points *= spec.zip.front().values.size();
  if (points * spec.replications > 10'000'000)
    diagnostics.error(r.where(root), fmt::format("the sweep has {} runs; at most 10,000,000", points * spec.replications));
  spec.sha256 = scenario::sha256_hex(text + '\0' + scenario_text);
  return finish(std::move(spec));
}

std::vector<SweepPoint> expand_points(const ExperimentSpec& spec) {
  std::vector<const Parameter*> axes;
  for (const auto& p : spec.grid) axes.push_back(&p);
  const std::size_t zipped = spec.zip.empty() ? 1 : spec.zip.front().values.size();
  std::size_t total = zipped;
  for (const auto* a : axes) total *= a->values.size();
  std::vector<SweepPoint> points(total);
  for (std::size_t index = 0; index < total; ++index) {
    // Row-major: the last axis (the zipped one) varies fastest.
    std::size_t rest = index;
    const std::size_t z = rest % zipped;
    rest /= zipped;
    std::vector<std::size_t> digits(axes.size());
    for (std::size_t k = axes.size(); k-- > 0;) {
      digits[k] = rest % axes[k]->values.size();
      rest /= axes[k]->values.size();
    }
    for (std::size_t k = 0; k < axes.size(); ++k) points[index].values.emplace_back(axes[k]->key, axes[k]->values[digits[k]]);
    for (const auto& p : spec.zip) points[index].values.emplace_back(p.key, p.values[z]);
  }
  return points;
}

bool matches_metric_pattern(const std::string& pattern, const std::string& path) {
  std::size_t a = 0, b = 0;
  while (true) {
    const auto ea = pattern.find('.', a);
    const auto eb = path.find('.', b);
    const std::string_view sa = std::string_view(pattern).substr(a, ea - a);
    const std::string_view sb = std::string_view(path).substr(b, eb - b);
    if (sa != "*" && sa != sb) return false;
    if (ea == std::string::npos || eb == std::string::npos) return ea == eb;
    a = ea + 1;
    b = eb + 1;
  }
}

}  // namespace msim::experiment
