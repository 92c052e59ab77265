#pragma once
/** @file
 *  @brief The progress line of long commands: one updating line on a terminal, plain lines otherwise.
 */
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>

namespace msim::cli {

class Progress {
public:
  explicit Progress(std::FILE* out);
  /** Shows the fraction done; rate-limited, so it is cheap to call often. */
  void update(double fraction, std::uint64_t events);
  /** Shows runs done out of a total (a sweep); the time left counts only runs still to do. */
  void update_runs(std::size_t done, std::size_t failed, std::size_t todo, std::size_t resumed, bool force = false);
  /** Clears the line (terminal) before other output. */
  void done();

private:
  void show(double fraction, const std::string& detail, bool force);

  std::FILE* out_;
  bool terminal_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  bool shown_ = false;
};

}  // namespace msim::cli
