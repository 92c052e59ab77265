#pragma once
/** @file
 *  @brief `msim sweep`: every point x replication of an experiment, on all cores, resumable,
 *         shardable across machines, and distributable with MPI.
 */
#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "experiment/ExperimentSpec.hpp"

namespace msim::experiment {

/** A problem of the user's making (bad experiment, folder of another experiment): exit code 2. */
struct SweepError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct SweepStatus {
  std::size_t total = 0;  // runs of this shard
  std::size_t skipped = 0;  // finished before this invocation (resumed)
  std::size_t done = 0;  // finished now, including failed
  std::size_t failed = 0;  // failed now
  double elapsed_s = 0;
};

struct SweepOptions {
  std::filesystem::path out_dir;
  unsigned jobs = 1;
  std::size_t shard_index = 0, shard_count = 1;  // runs r with r % count == index
  bool fresh = false;  // discard earlier results in out_dir instead of resuming
  bool retry_failed = false;  // rerun runs recorded as failed
  bool mpi = false;  // share the runs among MPI ranks (needs an MPI build)
  /** Called on the calling thread about 5 times a second, and once at the end. */
  std::function<void(const SweepStatus&)> progress;
  const std::atomic<bool>* cancel = nullptr;
};

struct SweepOutcome {
  SweepStatus status;
  std::size_t ok = 0, failed = 0, missing = 0;  // over the whole shard, from the tables
  bool cancelled = false;
  bool root = true;  // false on MPI ranks other than 0 (they write no tables and print nothing)
};

/**
 * Runs the sweep into options.out_dir: experiment.json, runs/<run>/ per run, then runs.csv and
 * points.csv. Finished runs found there are kept (same experiment) and skipped. Throws SweepError
 * for the user's mistakes.
 */
SweepOutcome run_sweep(const ExperimentSpec& spec, const SweepOptions& options);

/** Whether this msim was built with MPI. */
bool mpi_available();

/** `msim merge`: the shard folders' runs into one folder with whole tables. Throws SweepError. */
struct MergeOutcome {
  std::size_t ok = 0, failed = 0, missing = 0;
};
MergeOutcome merge_sweeps(const std::vector<std::filesystem::path>& shards, const std::filesystem::path& out_dir);

}  // namespace msim::experiment
