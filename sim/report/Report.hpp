#pragma once
/** @file
 *  @brief msim report: one results folder -> one self-contained HTML page, or its charts as
 *  separate SVG or PNG files.
 */
#include <filesystem>
#include <string>
#include <vector>

#include "report/HtmlReport.hpp"
#include "report/ReportData.hpp"

namespace msim::report {

enum class Format { HTML, PNG, SVG };

struct Written {
  FolderKind kind = FolderKind::RUN;
  std::vector<std::filesystem::path> files;  // the page, or one image per chart
};

/** The page of a results folder of any kind; throws ReportError for a folder msim did not write. */
Page build_page(const std::filesystem::path& results, FolderKind* kind = nullptr);

/** Writes the page (HTML: `output`, default <results>/report.html) or its charts (PNG, SVG: into
 *  the folder `output` without its extension, default <results>/report/), each file atomically. */
Written write_report(const std::filesystem::path& results, const std::filesystem::path& output, Format format);

}  // namespace msim::report
