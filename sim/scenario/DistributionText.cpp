#include "scenario/DistributionText.hpp"

#include <cmath>
#include <fstream>
#include <optional>
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

namespace {

/** One distribution being read: its arguments, what its values are, and the first problem. */
class Reading {
public:
  Reading(const FunctionText& f, std::string_view text, ValueKind kind, const std::filesystem::path& dir)
      : f_(f), text_(text), kind_(kind), dir_(dir) {}

  /** The arguments, positional ones in `order`; false (and the error) when one is not in `allowed`. */
  bool args(std::vector<std::string> order, const std::vector<std::string>& allowed) {
    args_.emplace(f_, std::move(order));
    error_ = args_->check(allowed);
    return error_.empty();
  }
  bool has(const std::string& name) const { return args_->get(name) != nullptr; }
  /** A required value argument (a duration, or a number, as the distribution's values are). */
  double value(const std::string& name) {
    if (!error_.empty()) return NAN;
    const std::string* s = args_->get(name);
    if (!s) {
      error_ = fmt::format("{}() needs '{}'", f_.name, name);
      return NAN;
    }
    auto v = parse_value(*s, kind_);
    if (!v) error_ = fmt::format("{}(): {}: {}", f_.name, name, v.error);
    return v.value.value_or(NAN);
  }
  /** A required plain number (a shape, sigma). */
  double number(const std::string& name) {
    if (!error_.empty()) return NAN;
    const std::string* s = args_->get(name);
    if (!s) {
      error_ = fmt::format("{}() needs '{}'", f_.name, name);
      return NAN;
    }
    const auto v = parse_number(*s);
    if (!v) error_ = fmt::format("{}(): {} must be a plain number, not '{}'", f_.name, name, *s);
    return v.value_or(NAN);
  }
  /** Records a problem with the whole text (the first one wins). */
  void fail(const std::string& why) {
    if (error_.empty()) error_ = fmt::format("'{}': {}", text_, why);
  }
  /** The distribution `make` builds, or the first problem (its own checks included). */
  template <class Make>
  Result build(Make make) const {
    if (!error_.empty()) return Result::fail(error_);
    try {
      return Result::ok(make());
    } catch (const std::invalid_argument& e) {
      return Result::fail(fmt::format("'{}': {}", text_, e.what()));
    }
  }
  Result failed() const { return Result::fail(error_); }
  const Args& raw() const { return *args_; }
  ValueKind kind() const { return kind_; }
  const std::filesystem::path& dir() const { return dir_; }

private:
  const FunctionText& f_;
  std::string_view text_;
  ValueKind kind_;
  const std::filesystem::path& dir_;
  std::optional<Args> args_;
  std::string error_;
};

/** A distribution's registry entry: name, how to write it, what it is, its reader. */
struct DistributionForm {
  std::string name;
  std::string usage;
  std::string help;
  Result (*read)(Reading& r);
};

Result gamma_like(Reading& r, const std::string& shape_name, bool whole) {
  if (!r.args({shape_name, "mean"}, {shape_name, "mean", "scale"})) return r.failed();
  const double k = r.number(shape_name);
  if (whole && (k < 1 || k != std::floor(k))) r.fail("k must be a whole number >= 1");
  if (r.has("scale") && r.has("mean")) r.fail("give 'mean' or 'scale', not both");
  const double scale = r.has("scale") ? r.value("scale") : r.value("mean") / k;
  return r.build([&] { return Distribution::gamma(k, scale); });
}

// The registry of distributions, in the order users see them (msim list distributions).
const std::vector<DistributionForm> FORMS{
    {"constant", "constant(value)", "always the same value; a plain value (5ms, 3) means this",
     [](Reading& r) {
       if (!r.args({"value"}, {"value"})) return r.failed();
       const double v = r.value("value");
       return r.build([&] { return Distribution::constant(v); });
     }},
    {"exponential", "exponential(mean)", "memoryless: Poisson gaps, M/M/c service times",
     [](Reading& r) {
       if (!r.args({"mean"}, {"mean"})) return r.failed();
       const double m = r.value("mean");
       return r.build([&] { return Distribution::exponential(m); });
     }},
    {"uniform", "uniform(low, high)", "every value between low and high equally likely",
     [](Reading& r) {
       if (!r.args({"low", "high"}, {"low", "high"})) return r.failed();
       const double lo = r.value("low"), hi = r.value("high");
       return r.build([&] { return Distribution::uniform(lo, hi); });
     }},
    {"normal", "normal(mean, stddev)", "a bell curve, truncated at zero (a negative draw is drawn again)",
     [](Reading& r) {
       if (!r.args({"mean", "stddev"}, {"mean", "stddev"})) return r.failed();
       const double m = r.value("mean"), sd = r.value("stddev");
       return r.build([&] { return Distribution::normal(m, sd); });
     }},
    {"lognormal", "lognormal(median=, p99=) | lognormal(mean=, sigma=) | lognormal(mean=, stddev=)",
     "right-skewed, the usual shape of service times: fit it by its median and p99",
     [](Reading& r) {
       if (!r.args({}, {"median", "p99", "mean", "sigma", "stddev"})) return r.failed();
       if (r.has("median") && r.has("p99")) {
         const double med = r.value("median"), p99 = r.value("p99");
         if (!(p99 > med && med > 0)) r.fail("needs 0 < median < p99");
         const double z99 = boost::math::quantile(boost::math::normal_distribution<double>(), 0.99);
         return r.build([&] { return Distribution::lognormal(std::log(med), std::log(p99 / med) / z99); });
       }
       if (r.has("mean") && r.has("sigma")) {
         const double m = r.value("mean"), sigma = r.number("sigma");
         if (!(m > 0)) r.fail("mean must be > 0");
         return r.build([&] { return Distribution::lognormal(std::log(m) - sigma * sigma / 2, sigma); });
       }
       if (r.has("mean") && r.has("stddev")) {
         const double m = r.value("mean"), sd = r.value("stddev");
         if (!(m > 0 && sd > 0)) r.fail("mean and stddev must be > 0");
         const double s2 = std::log(1 + (sd / m) * (sd / m));
         return r.build([&] { return Distribution::lognormal(std::log(m) - s2 / 2, std::sqrt(s2)); });
       }
       r.fail("give lognormal(median=..., p99=...), lognormal(mean=..., sigma=...) or lognormal(mean=..., stddev=...)");
       return r.failed();
     }},
    {"gamma", "gamma(shape, mean) | gamma(shape, scale=)", "between exponential (shape 1) and constant (large shape)",
     [](Reading& r) { return gamma_like(r, "shape", false); }},
    {"erlang", "erlang(k, mean) | erlang(k, scale=)", "the sum of k exponential phases (a gamma with whole shape)",
     [](Reading& r) { return gamma_like(r, "k", true); }},
    {"weibull", "weibull(shape, scale)", "times to failure: shape < 1 early failures, > 1 wear-out",
     [](Reading& r) {
       if (!r.args({"shape", "scale"}, {"shape", "scale"})) return r.failed();
       const double k = r.number("shape"), scale = r.value("scale");
       return r.build([&] { return Distribution::weibull(k, scale); });
     }},
    {"pareto", "pareto(shape, scale)", "heavy-tailed: a few values far above the rest",
     [](Reading& r) {
       if (!r.args({"shape", "scale"}, {"shape", "scale"})) return r.failed();
       const double alpha = r.number("shape"), scale = r.value("scale");
       return r.build([&] { return Distribution::pareto(alpha, scale); });
     }},
    {"empirical", "empirical(file, unit=)", "measured values from the first column of a CSV file, drawn at random",
     [](Reading& r) {
       if (!r.args({"file", "unit"}, {"file", "unit"})) return r.failed();
       return load_empirical(r.raw(), r.kind(), r.dir());
     }},
};

}  // namespace

const std::vector<std::string>& distribution_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& f : FORMS) out.push_back(f.name);
    return out;
  }();
  return names;
}

std::vector<DistributionHelp> distribution_help() {
  std::vector<DistributionHelp> out;
  for (const auto& f : FORMS) out.push_back({f.name, f.usage, f.help});
  return out;
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
  for (const auto& form : FORMS)
    if (form.name == f.name) {
      Reading reading(f, t, kind, scenario_dir);
      return form.read(reading);
    }
  return Result::fail(fmt::format("unknown distribution '{}'{}", f.name, suggest(f.name, distribution_names())));
}

}  // namespace msim::scenario
