#pragma once
/** @file
 *  @brief The validation suite: scenarios whose results queueing theory predicts, run with
 *         replications and compared with the theory computed from the same scenario.
 */
#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace msim::validation {

/** One comparison: a simulated quantity against its theoretical value. */
struct CheckResult {
  std::string case_name;
  std::string model;
  std::string quantity;  // "mean", "p99", "blocking", "type_mean:small", ...
  std::string unit;  // "ms", "/s" or "" for probabilities
  double theory = 0;
  double mean = 0;  // across replications
  double half_width = 0;  // of the 99.9 % Student-t confidence interval
  std::size_t replications = 0;
  double max_relative_half_width = 0;  // the precision required: 1 % (2 % for percentiles)
  bool inside = false;  // theory inside the interval
  bool precise = false;  // half-width within the required precision
  bool pass() const { return inside && precise; }
  double relative_error() const;
  double relative_half_width() const;
};

/** A deliberately wrong engine, to show the suite can fail. */
enum class Perturbation { NONE, FASTER_SERVICE_3PCT, LIFO, ONE_WORKER_FEWER };
Perturbation parse_perturbation(const std::string& name);  // throws std::invalid_argument
const std::vector<std::string>& perturbation_names();

struct SuiteOptions {
  unsigned jobs = 1;
  std::vector<std::string> cases;  // only these (all when empty)
  Perturbation perturbation = Perturbation::NONE;
  /** Called as each case finishes: its name and how many cases are done out of how many. */
  std::function<void(const std::string&, std::size_t, std::size_t)> on_case_done;
  const std::atomic<bool>* cancel = nullptr;
};

/** Runs the suite described by `suite_file` (scenarios/validation/suite.yaml). Throws on a bad suite file. */
std::vector<CheckResult> run_validation_suite(const std::filesystem::path& suite_file, const SuiteOptions& options);

/** The results as an aligned text table, or as Markdown (for docs/validation.md). */
std::string format_checks(const std::vector<CheckResult>& checks, bool markdown);

}  // namespace msim::validation
