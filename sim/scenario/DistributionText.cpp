#include "scenario/DistributionText.hpp"

#include <cmath>
#include <fstream>
#include <sstream>
#include <set>

#include <boost/math/distributions/normal.hpp>
#include <fmt/format.h>

#include "scenario/Diagnostics.hpp"
#include "scenario/InputFile.hpp"
#include "scenario/FunctionText.hpp"

namespace msim::scenario {
namespace {

using core::Distribution;
using Result = Parsed<Distribution>;

Parsed<double> parse_value(std::string_view text, ValueKind kind) {
  if (kind == ValueKind::DURATION) return parse_duration(text);
  if (const auto v = parse_number(text)) return Parsed<double>::ok(*v);
  return Parsed<double>::fail(fmt::format("'{}' is not a number", trim(text)));
}

// Collects arguments by name, accepting positional ones in a documented order.
class Args {
public:
  Args(const FunctionText& f, std::vector<std::string> order) : f_(f), order_(std::move(order)) {}

  // Returns the error text, or empty when the arguments fit.
  std::string check(const std::vector<std::string>& allowed) const {
    if (f_.positional.size() > order_.size())
      return fmt::format("{}() takes at most {} positional arguments ({})", f_.name, order_.size(), fmt::join(order_, ", "));
    for (const auto& [k, v] : f_.named)
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end())
        return fmt::format("{}(): unknown argument '{}'{}", f_.name, k, suggest(k, allowed));
    return {};
  }
  const std::string* get(const std::string& name) const {
    if (const auto it = f_.named.find(name); it != f_.named.end()) return &it->second;
    for (std::size_t i = 0; i < order_.size() && i < f_.positional.size(); ++i)
      if (order_[i] == name) return &f_.positional[i];
    return nullptr;
  }

private:
  const FunctionText& f_;
  std::vector<std::string> order_;
};

}  // namespace

std::filesystem::path find_data_file(const std::filesystem::path& given, const std::filesystem::path& scenario_dir) {
  if (given.is_absolute()) return given;
  std::filesystem::path dir = scenario_dir;
  for (int up = 0; up < 4; ++up) {
    const auto candidate = dir / given;
    if (std::filesystem::exists(candidate)) return candidate;
    if (!dir.has_parent_path() || dir.parent_path() == dir) break;
    dir = dir.parent_path();
  }
  return std::filesystem::exists(given) ? given : std::filesystem::path{};
}

namespace {

Result load_empirical(const Args& args, ValueKind kind, const std::filesystem::path& scenario_dir) {
  const std::string* file = args.get("file");
  if (!file) return Result::fail("empirical() needs a file: empirical(data/latency.csv, unit=ms)");
  const auto path = find_data_file(*file, scenario_dir);
  if (path.empty()) return Result::fail(fmt::format("empirical(): data file '{}' not found (looked next to the scenario and in its parent folders)", *file));
  double scale = 1;
  if (const std::string* unit = args.get("unit")) {
    const auto s = parse_duration("1" + *unit);
    if (!s) return Result::fail(fmt::format("empirical(): unknown unit '{}' (ns, us, ms, s, m, h or d)", *unit));
    scale = *s.value;
  }
  auto text = read_input_file(path);
  if (!text) return Result::fail(fmt::format("empirical(): cannot read '{}': {}", path.string(), text.error));
  std::istringstream in(std::move(*text.value));
  std::vector<double> values;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const std::string first_column = line.substr(0, line.find(','));
    const std::string_view cell = trim(first_column);
    if (cell.empty() || cell.front() == '#') continue;
    Parsed<double> v = args.get("unit") ? Parsed<double>{parse_number(cell), {}} : parse_value(cell, kind);
    if (!v.value && values.empty() && line_no == 1) continue;  // a header line
    if (!v.value)
      return Result::fail(fmt::format("empirical(): {}:{}: '{}' is not a value{}", path.string(), line_no, cell,
                                      kind == ValueKind::DURATION && !args.get("unit") ? " (give unit=ms, or write units in the file)" : ""));
    values.push_back(*v.value * scale);
  }
  if (values.empty()) return Result::fail(fmt::format("empirical(): data file '{}' has no values", path.string()));
  return Result::ok(Distribution::empirical(std::move(values)));
}

}  // namespace

const std::vector<std::string>& distribution_names() {
  static const std::vector<std::string> names{"constant", "exponential", "uniform", "normal", "lognormal",
                                              "gamma", "erlang", "weibull", "pareto", "empirical"};
  return names;
}

Result parse_distribution(std::string_view text, ValueKind kind, const std::filesystem::path& scenario_dir) {
  const std::string_view t = trim(text);
  if (t.find('(') == std::string_view::npos) {
    auto v = parse_value(t, kind);
    if (!v) return Result::fail(v.error + fmt::format("; or write a distribution such as exponential({})", kind == ValueKind::DURATION ? "5ms" : "3"));
    return Result::ok(Distribution::constant(*v.value));
  }
  auto parsed = parse_function_text(t);
  if (!parsed) return Result::fail(parsed.error);
  const FunctionText& f = *parsed.value;

  // Reads a required value argument; errors are returned through `error`.
  std::string error;
  auto value = [&](const Args& args, const std::string& name, double fallback = NAN) -> double {
    if (!error.empty()) return NAN;
    const std::string* s = args.get(name);
    if (!s) {
      if (!std::isnan(fallback)) return fallback;
      error = fmt::format("{}() needs '{}'", f.name, name);
      return NAN;
    }
    auto v = parse_value(*s, kind);
    if (!v) error = fmt::format("{}(): {}: {}", f.name, name, v.error);
    return v.value.value_or(NAN);
  };
  auto number = [&](const Args& args, const std::string& name) -> double {
    if (!error.empty()) return NAN;
    const std::string* s = args.get(name);
    if (!s) {
      error = fmt::format("{}() needs '{}'", f.name, name);
      return NAN;
    }
    const auto v = parse_number(*s);
    if (!v) error = fmt::format("{}(): {} must be a plain number, not '{}'", f.name, name, *s);
    return v.value_or(NAN);
  };
  auto build = [&](auto make) -> Result {
    if (!error.empty()) return Result::fail(error);
    try {
      return Result::ok(make());
    } catch (const std::invalid_argument& e) {
      return Result::fail(fmt::format("'{}': {}", t, e.what()));
    }
  };
  auto checked = [&](const Args& args, const std::vector<std::string>& allowed) {
    error = args.check(allowed);
    return error.empty();
  };

  if (f.name == "constant") {
    Args a(f, {"value"});
    if (!checked(a, {"value"})) return Result::fail(error);
    const double v = value(a, "value");
    return build([&] { return Distribution::constant(v); });
  }
  if (f.name == "exponential") {
    Args a(f, {"mean"});
    if (!checked(a, {"mean"})) return Result::fail(error);
    const double m = value(a, "mean");
    return build([&] { return Distribution::exponential(m); });
  }
  if (f.name == "uniform") {
    Args a(f, {"low", "high"});
    if (!checked(a, {"low", "high"})) return Result::fail(error);
    const double lo = value(a, "low"), hi = value(a, "high");
    return build([&] { return Distribution::uniform(lo, hi); });
  }
  if (f.name == "normal") {
    Args a(f, {"mean", "stddev"});
    if (!checked(a, {"mean", "stddev"})) return Result::fail(error);
    const double m = value(a, "mean"), sd = value(a, "stddev");
    return build([&] { return Distribution::normal(m, sd); });
  }
  if (f.name == "lognormal") {
    Args a(f, {});
    if (!checked(a, {"median", "p99", "mean", "sigma", "stddev"})) return Result::fail(error);
    if (a.get("median") && a.get("p99")) {
      const double med = value(a, "median"), p99 = value(a, "p99");
      if (error.empty() && !(p99 > med && med > 0)) error = fmt::format("'{}': needs 0 < median < p99", t);
      const double z99 = boost::math::quantile(boost::math::normal_distribution<double>(), 0.99);
      return build([&] { return Distribution::lognormal(std::log(med), std::log(p99 / med) / z99); });
    }
    if (a.get("mean") && a.get("sigma")) {
      const double m = value(a, "mean"), sigma = number(a, "sigma");
      if (error.empty() && !(m > 0)) error = fmt::format("'{}': mean must be > 0", t);
      return build([&] { return Distribution::lognormal(std::log(m) - sigma * sigma / 2, sigma); });
    }
    if (a.get("mean") && a.get("stddev")) {
      const double m = value(a, "mean"), sd = value(a, "stddev");
      if (error.empty() && !(m > 0 && sd > 0)) error = fmt::format("'{}': mean and stddev must be > 0", t);
      const double s2 = std::log(1 + (sd / m) * (sd / m));
      return build([&] { return Distribution::lognormal(std::log(m) - s2 / 2, std::sqrt(s2)); });
    }
    return Result::fail(fmt::format("'{}': give lognormal(median=..., p99=...), lognormal(mean=..., sigma=...) or lognormal(mean=..., stddev=...)", t));
  }
  if (f.name == "gamma" || f.name == "erlang") {
    const std::string shape_name = f.name == "gamma" ? "shape" : "k";
    Args a(f, {shape_name, "mean"});
    if (!checked(a, {shape_name, "mean", "scale"})) return Result::fail(error);
    const double k = number(a, shape_name);
    if (error.empty() && f.name == "erlang" && (k < 1 || k != std::floor(k))) error = fmt::format("'{}': k must be a whole number >= 1", t);
    if (a.get("scale") && a.get("mean")) error = fmt::format("'{}': give 'mean' or 'scale', not both", t);
    const double scale = a.get("scale") ? value(a, "scale") : value(a, "mean") / k;
    return build([&] { return Distribution::gamma(k, scale); });
  }
  if (f.name == "weibull") {
    Args a(f, {"shape", "scale"});
    if (!checked(a, {"shape", "scale"})) return Result::fail(error);
    const double k = number(a, "shape"), scale = value(a, "scale");
    return build([&] { return Distribution::weibull(k, scale); });
  }
  if (f.name == "pareto") {
    Args a(f, {"shape", "scale"});
    if (!checked(a, {"shape", "scale"})) return Result::fail(error);
    const double alpha = number(a, "shape"), scale = value(a, "scale");
    return build([&] { return Distribution::pareto(alpha, scale); });
  }
  if (f.name == "empirical") {
    Args a(f, {"file", "unit"});
    if (!checked(a, {"file", "unit"})) return Result::fail(error);
    return load_empirical(a, kind, scenario_dir);
  }
  return Result::fail(fmt::format("unknown distribution '{}'{}", f.name, suggest(f.name, distribution_names())));
}

}  // namespace msim::scenario
