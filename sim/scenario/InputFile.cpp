#include "scenario/InputFile.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>

namespace msim::scenario {

Parsed<std::string> read_input_file(const std::filesystem::path& path, std::uintmax_t max_bytes) {
  using Result = Parsed<std::string>;
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return Result::fail("no such file");
  if (std::filesystem::is_directory(status)) return Result::fail("is a folder, not a file");
  if (!std::filesystem::is_regular_file(status)) return Result::fail("is not a regular file (a device, pipe or socket): give a file");
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > max_bytes)
    return Result::fail(fmt::format("is {:.0f} MiB, more than the {:.0f} MiB msim reads", static_cast<double>(size) / (1 << 20),
                                    static_cast<double>(max_bytes) / (1 << 20)));
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) return Result::fail(errno == EACCES ? "permission denied" : std::strerror(errno));
  std::string text;
  text.resize(static_cast<std::size_t>(size));
  const std::size_t read = std::fread(text.data(), 1, text.size(), file.get());
  if (std::ferror(file.get())) return Result::fail(std::strerror(errno));
  text.resize(read);
  return Result::ok(std::move(text));
}

std::pair<int, int> first_invalid_utf8(std::string_view text) {
  int line = 1, column = 1;
  for (std::size_t i = 0; i < text.size();) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (b < 0x80) length = 1, code = b;
    else if ((b & 0xE0) == 0xC0) length = 2, code = b & 0x1F;
    else if ((b & 0xF0) == 0xE0) length = 3, code = b & 0x0F;
    else if ((b & 0xF8) == 0xF0) length = 4, code = b & 0x07;
    else return {line, column};
    if (i + length > text.size()) return {line, column};
    for (std::size_t k = 1; k < length; ++k) {
      const auto c = static_cast<unsigned char>(text[i + k]);
      if ((c & 0xC0) != 0x80) return {line, column};
      code = (code << 6) | (c & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8 either.
    static constexpr std::uint32_t MIN_CODE[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < MIN_CODE[length] || (code >= 0xD800 && code <= 0xDFFF) || code > 0x10FFFF) return {line, column};
    if (b == '\n') line += 1, column = 1;
    else column += 1;
    i += length;
  }
  return {0, 0};
}

}  // namespace msim::scenario
