#include "report/Csv.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace msim::report {

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  return std::nullopt;
}

CsvTable parse_csv(std::string_view text) {
  CsvTable table;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, row_has_content = false;
  auto end_field = [&] {
    row.push_back(std::move(field));
    field.clear();
  };
  auto end_row = [&] {
    end_field();
    if (table.header.empty()) table.header = std::move(row);
    else table.rows.push_back(std::move(row));
    row.clear();
    row_has_content = false;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c != '"') field += c;
      else if (i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
      else quoted = false;
      continue;
    }
    if (c == '"') quoted = row_has_content = true;
    else if (c == ',') end_field(), row_has_content = true;
    else if (c == '\n') end_row();
    else if (c != '\r') field += c, row_has_content = true;
  }
  if (row_has_content || !field.empty()) end_row();
  return table;
}

std::string read_text(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(fmt::format("{}: cannot read", file.string()));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

CsvTable read_csv(const std::filesystem::path& file) { return parse_csv(read_text(file)); }

std::optional<double> to_number(std::string_view field) {
  double value = 0;
  const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), value);
  if (field.empty() || error != std::errc{} || end != field.data() + field.size()) return std::nullopt;
  return value;
}

}  // namespace msim::report
