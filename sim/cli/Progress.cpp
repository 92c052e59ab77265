#include "Progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace msim::cli {

Progress::Progress(std::FILE* out)
    : out_(out), terminal_(::isatty(::fileno(out)) != 0), start_(std::chrono::steady_clock::now()), last_(start_) {}

void Progress::update(double fraction, std::uint64_t events) {
  show(fraction, fmt::format("{:.1f}M events", static_cast<double>(events) / 1e6), false);
}

void Progress::update_runs(std::size_t done, std::size_t failed, std::size_t todo, std::size_t resumed, bool force) {
  const double fraction = todo == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(todo);
  show(fraction, fmt::format("{}/{} runs{}{}", done, todo, failed ? fmt::format(", {} failed", failed) : "",
                             resumed ? fmt::format(" ({} finished earlier)", resumed) : ""),
       force);
}

void Progress::show(double fraction, const std::string& detail, bool force) {
  const auto now = std::chrono::steady_clock::now();
  // A terminal line refreshes 5 times a second; plain output (logs, CI) gets a line every 10 s.
  const auto period = terminal_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(10000);
  if (now - last_ < period && !force) return;
  last_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double left = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
  constexpr int WIDTH = 30;
  const int filled = static_cast<int>(fraction * WIDTH);
  const std::string bar = std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(WIDTH - filled), '.');
  const std::string text = fmt::format("[{}] {:5.1f}%  {}  {:.0f} s elapsed, ~{:.0f} s left", bar, 100 * fraction, detail, elapsed, left);
  if (terminal_) fmt::print(out_, "\r{}\x1b[K", text);
  else fmt::print(out_, "{}\n", text);
  std::fflush(out_);
  shown_ = true;
}

void Progress::done() {
  if (terminal_ && shown_) fmt::print(out_, "\r\x1b[K");
  std::fflush(out_);
}

}  // namespace msim::cli
