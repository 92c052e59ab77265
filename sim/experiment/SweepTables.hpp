#pragma once
/** @file
 *  @brief The files of a sweep folder: experiment.json (what was swept), runs/<run>/ (each run's
 *         own outputs), and the tables built from them, runs.csv and points.csv.
 */
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "experiment/ExperimentSpec.hpp"

namespace msim::experiment {

/**
 * @brief experiment.json: the sweep's identity and plan, enough to rebuild the tables without the
 * experiment file (msim merge). Run r is point r / replications, replication r % replications.
 */
struct SweepManifest {
  nlohmann::ordered_json doc;

  static SweepManifest make(const ExperimentSpec& spec, const std::vector<SweepPoint>& points, std::size_t shard_index,
                            std::size_t shard_count);
  /** Reads DIR/experiment.json; throws std::runtime_error naming the file when it is missing or bad. */
  static SweepManifest read(const std::filesystem::path& dir);
  void write(const std::filesystem::path& dir) const;

  std::size_t points() const { return doc["points"].size(); }
  std::size_t replications() const { return doc["replications"].get<std::size_t>(); }
  std::size_t runs() const { return points() * replications(); }
  std::size_t shard_index() const;
  std::size_t shard_count() const;
  /** Is run `r` part of this manifest's shard? */
  bool owns(std::size_t run) const { return run % shard_count() == shard_index(); }
  /** runs/p0003-r002: the folder of run `r` (widths grow with the counts, so names sort). */
  std::filesystem::path run_dir(const std::filesystem::path& dir, std::size_t run) const;
};

/** What a run left behind. */
enum class RunState { MISSING, OK, FAILED };
RunState run_state(const std::filesystem::path& run_dir);

/** Writes the failure record of a run (failed.json) atomically. */
void record_failure(const std::filesystem::path& run_dir, const std::string& reason, std::optional<std::uint64_t> seed, double wall_s);

struct TableCounts {
  std::size_t ok = 0, failed = 0, missing = 0;
};

/**
 * Builds DIR/runs.csv and DIR/points.csv from the run folders of the manifest's shard, reading one
 * run at a time (memory does not grow with the number of runs). Files are written atomically.
 */
/** Patterns of `metrics:` that match no numeric value of `summary` (a summary of the base
 *  scenario), each with a did-you-mean: an unknown metric is an error, not an empty column. */
std::vector<std::string> unknown_metric_patterns(const std::vector<std::string>& patterns, const nlohmann::ordered_json& summary);

TableCounts write_sweep_tables(const std::filesystem::path& dir, const SweepManifest& manifest);

}  // namespace msim::experiment
