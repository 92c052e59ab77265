#pragma once
/** @file
 *  @brief Reading an input file whole, with the reason when it cannot be read.
 */
#include <cstdint>
#include <filesystem>
#include <string>

#include "scenario/Units.hpp"

namespace msim::scenario {

/** Scenario, experiment, profile and data files: far above any real one (a 20,000-service scenario is ~10 MB). */
constexpr std::uintmax_t MAX_SCENARIO_BYTES = std::uintmax_t{256} << 20;
/** Trace files for the importers, which read them whole. */
constexpr std::uintmax_t MAX_TRACE_BYTES = std::uintmax_t{4} << 30;

/**
 * Reads `path` whole. Refuses, before reading, what is not a regular file (a folder, a device such
 * as /dev/zero, a pipe) and a file over `max_bytes`; the error names the reason ("no such file",
 * "permission denied", ...) without the path, for the caller to place.
 */
Parsed<std::string> read_input_file(const std::filesystem::path& path, std::uintmax_t max_bytes = MAX_SCENARIO_BYTES);

/** The 1-based line and column of the first byte of `text` that is not UTF-8, or {0, 0}. */
std::pair<int, int> first_invalid_utf8(std::string_view text);

}  // namespace msim::scenario
