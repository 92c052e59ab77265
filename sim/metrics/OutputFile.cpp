#include "metrics/OutputFile.hpp"

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <system_error>

#include <fmt/format.h>
#include <unistd.h>

namespace msim::metrics {

OutputFile::OutputFile(std::filesystem::path target) : target_(std::move(target)) {
  temp_ = target_;
  temp_ += fmt::format(".tmp-{}", ::getpid());
  file_ = std::fopen(temp_.c_str(), "wb");
  if (!file_) throw OutputError(fmt::format("cannot write {}: {}", temp_.string(), std::strerror(errno)));
}

OutputFile::~OutputFile() {
  if (file_) {
    std::fclose(file_);
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
  }
}

void OutputFile::write(std::string_view text) {
  if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) failed_ = true;
}

void OutputFile::commit() {
  const bool flushed = std::fflush(file_) == 0 && !failed_;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  std::error_code ec;
  if (!flushed || !closed) {
    std::filesystem::remove(temp_, ec);
    throw OutputError(fmt::format("cannot write {} (disk full?)", target_.string()));
  }
  std::filesystem::rename(temp_, target_, ec);
  if (ec) {
    std::filesystem::remove(temp_, ec);
    throw OutputError(fmt::format("cannot move {} into place: {}", target_.string(), ec.message()));
  }
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(text);
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  quoted += '"';
  return quoted;
}

void write_file_atomically(const std::filesystem::path& target, std::string_view text) {
  OutputFile file(target);
  file.write(text);
  file.commit();
}

}  // namespace msim::metrics
