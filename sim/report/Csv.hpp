#pragma once
/** @file
 *  @brief Reading the CSV files msim writes (RFC 4180 quoting), by column name.
 */
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace msim::report {

/** A whole CSV file: its header and its rows, fields unquoted. */
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  /** Index of a column by name, or nullopt when the file has no such column. */
  std::optional<std::size_t> column(std::string_view name) const;
};

/** Parses CSV text; quoted fields may hold commas, quotes ("") and line breaks. */
CsvTable parse_csv(std::string_view text);
/** Reads and parses a file; throws std::runtime_error naming the file when it cannot be read. */
CsvTable read_csv(const std::filesystem::path& file);
/** The whole file as text; throws std::runtime_error naming it when it cannot be read. */
std::string read_text(const std::filesystem::path& file);

/** A number written by msim ("403.6", "1e-05"), or nullopt for an empty or non-numeric field. */
std::optional<double> to_number(std::string_view field);

}  // namespace msim::report
