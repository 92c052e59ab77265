#pragma once
/** @file
 *  @brief One run, step by step: load a scenario, run it in steps, take its rows as they come,
 *         read its results. The rest of the public API, by use: msim/Scenario.hpp (validate, the
 *         service graph), msim/Experiments.hpp (replications, compare, sweep, validation),
 *         msim/Import.hpp, msim/Report.hpp, msim/Extensions.hpp.
 *
 *  A Session is single-threaded: create and drive it on one thread (a GUI drives it on a worker
 *  thread).
 */
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <msim/Common.hpp>
#include <msim/Rows.hpp>
#include <msim/Summary.hpp>

namespace msim::scenario {
struct ScenarioSpec;
}
namespace msim::model {
class Simulation;
}
namespace msim::metrics {
class ResultsFolder;
class CsvRecorder;
class RowKeeper;
}


namespace msim::api {

class Session;

struct OpenResult {
  std::unique_ptr<Session> session;  // null when there are problems
  std::vector<Problem> problems;
};

// One row of timeseries.csv, one of events.csv: msim/Rows.hpp, the definition the engine uses too.
using msim::EventRow;
using msim::TimeseriesRow;

/** What a session produced since the previous snapshot (rows need SessionOptions::keep_rows). */
struct Snapshot {
  double sim_time_s = 0;
  double duration_s = 0;
  std::uint64_t events = 0;
  bool finished = false;
  std::vector<TimeseriesRow> rows;
  std::vector<EventRow> event_rows;
};

class Session {
public:
  /** Loads, validates and builds; problems are returned, never thrown. */
  static OpenResult open(const std::string& path, const SessionOptions& options);
  ~Session();

  /** Runs up to `max_events` events. Returns true once the whole duration is simulated. */
  bool step(std::uint64_t max_events);
  bool finished() const;
  /** Simulated fraction of the duration, 0 to 1. */
  double progress() const;
  double sim_time_s() const;
  double duration_s() const;
  std::uint64_t events() const;
  const std::string& scenario_name() const;
  /** Where finish() writes the result files; empty when nothing is written. */
  const std::filesystem::path& out_dir() const { return out_dir_; }

  /** Results so far (the schema of summary.json); wall_* fields measure time spent in step(). */
  Summary summary() const;
  /** After the run: writes summary.json and the CSV files, and moves the folder into place whole. */
  Summary finish();
  /** The rows produced since the last call (none unless SessionOptions::keep_rows); O(rows). */
  Snapshot take_snapshot();

private:
  Session(std::unique_ptr<scenario::ScenarioSpec> spec, const SessionOptions& options);

  std::unique_ptr<scenario::ScenarioSpec> spec_;
  std::unique_ptr<metrics::RowKeeper> keeper_;  // with SessionOptions::keep_rows
  std::unique_ptr<metrics::CsvRecorder> csv_;  // with a results folder
  std::unique_ptr<model::Simulation> simulation_;  // after the recorders: destroyed before them
  std::filesystem::path out_dir_;
  std::unique_ptr<metrics::ResultsFolder> folder_;  // files are staged here until finish()
  std::chrono::steady_clock::duration wall_{};
};

}  // namespace msim::api
