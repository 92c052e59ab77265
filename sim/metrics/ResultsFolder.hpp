#pragma once
/** @file
 *  @brief A results folder that is replaced whole: the old complete one or the new complete one.
 */
#include <filesystem>

namespace msim::metrics {

/**
 * @brief Stages a run's files in a hidden folder beside the target, ".<name>.staging-<pid>", and
 * swaps it into place on commit().
 *
 * The swap is one atomic renameat2(RENAME_EXCHANGE) where the file system has it (the previous
 * folder then sits at the staging path and is removed); elsewhere the previous folder is first
 * renamed to ".<name>.old-<pid>". Destroyed uncommitted (cancelled, failed or disk-full run), it
 * removes the staging folder, so the previous folder stays as it was. Construction removes what
 * killed runs left: staging and old folders of processes that no longer exist (an old folder is
 * moved back when a kill came between the two renames), and "*.tmp-<pid>" files in the target.
 */
class ResultsFolder {
public:
  /** BESIDE: remove what killed runs left next to the target (scans its parent folder). NONE: the
   *  caller cleans up once for many targets (a sweep's runs/, with remove_abandoned_staging). */
  enum class Cleanup { BESIDE, NONE };
  explicit ResultsFolder(std::filesystem::path target, Cleanup cleanup = Cleanup::BESIDE);
  ~ResultsFolder();
  ResultsFolder(const ResultsFolder&) = delete;
  ResultsFolder& operator=(const ResultsFolder&) = delete;

  /** Where the files go until commit(). */
  const std::filesystem::path& path() const { return staging_; }
  const std::filesystem::path& target() const { return target_; }
  /** Moves the staged folder into place; throws std::runtime_error when that fails. */
  void commit();

private:
  std::filesystem::path target_;
  std::filesystem::path staging_;
  bool committed_ = false;
};

/** Removes the staging and moved-aside folders of processes that no longer exist in `parent`. */
void remove_abandoned_staging(const std::filesystem::path& parent);

/** Removes "*.tmp-<pid>" files (of OutputFile) in `dir` whose process no longer exists. */
void remove_leftover_temporaries(const std::filesystem::path& dir);

}  // namespace msim::metrics
