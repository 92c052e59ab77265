#pragma once
/** @file
 *  @brief Result files that appear whole or not at all, and the tidy CSV format they use.
 */
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace msim::metrics {

/** A result file could not be written (disk full, no permission): the environment, not the run. */
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/**
 * @brief Writes to "<name>.tmp-<pid>" next to the target and renames it into place on commit();
 * destroyed uncommitted (cancelled or failed run), it removes the temporary file. A rename
 * within a directory is atomic, so readers never see a half-written file.
 */
class OutputFile {
public:
  explicit OutputFile(std::filesystem::path target);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view text);
  /** Flushes, closes and renames into place; throws OutputError on I/O failure. */
  void commit();
  const std::filesystem::path& target() const { return target_; }

private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::FILE* file_ = nullptr;
  bool failed_ = false;
};

/** Quotes a CSV field when it holds a comma, a quote or a line break (RFC 4180). */
std::string csv_field(std::string_view text);

/** Writes `text` to `target` atomically (temporary file, then rename). */
void write_file_atomically(const std::filesystem::path& target, std::string_view text);

}  // namespace msim::metrics
