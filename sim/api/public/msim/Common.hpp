#pragma once
/** @file
 *  @brief What every part of the public API shares: the options of a session, problems, the version,
 *         atomic file writes. Standard types only.
 */
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace msim::api {

struct SessionOptions {
  std::vector<std::string> overrides;  // "dotted.key=value"
  std::optional<std::uint64_t> seed;
  std::optional<std::string> duration;  // e.g. "10m"
  std::vector<std::string> injections;  // failures in one line each: "crash zone=b at=5m for=2m"
  std::optional<double> traffic_scale;  // every workload's rate (or users) times this
  std::uint64_t replication = 0;
  std::filesystem::path out_dir;  // empty: see results_root
  std::filesystem::path results_root;  // used when out_dir is empty: results go to <root>/<scenario name>
  /** Keep timeseries and event rows in memory for Session::take_snapshot(), with or without files. */
  bool keep_rows = false;
  /** Memory a run may need, as estimated before it starts (docs/scenario-format.md, "Budgets");
   *  empty: half of this machine's memory. A scenario over it, or writing more than the disk
   *  holds, is refused with the estimate, unless `force`. */
  std::optional<double> max_memory_bytes;
  bool force = false;
};

/** What a run of the scenario will need, estimated before it starts (the budget check's numbers). */
struct FootprintEstimate {
  double memory_bytes = 0;
  double output_bytes = 0;  // the files of one run
  double events = 0;
  double calls_per_request = 0;
  std::string text;  // "about 120 MiB of memory, 3.4 MiB of results, 2.1e+06 events"
};

/** The msim version, e.g. "0.1.0". */
const char* version();

/** A scenario problem, "FILE:LINE:COLUMN: message". */
using Problem = std::string;

/** Writes a file atomically (temporary name, then rename). */
void write_text_file(const std::filesystem::path& path, const std::string& text);

}  // namespace msim::api
