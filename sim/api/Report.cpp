// msim report through the public API: the report library reads the folder and writes the page.
#include <fmt/format.h>
#include <msim/Report.hpp>

#include "report/Report.hpp"

namespace msim::api {

ReportResult write_report(const std::filesystem::path& results, const ReportOptions& options) {
  ReportResult result;
  report::Format format = report::Format::HTML;
  if (options.format == "png") format = report::Format::PNG;
  else if (options.format == "svg") format = report::Format::SVG;
  else if (options.format != "html") {
    result.problems.push_back(fmt::format("--format '{}': give html, png or svg", options.format));
    return result;
  }
  try {
    const auto written = report::write_report(results, options.output, format);
    switch (written.kind) {
      case report::FolderKind::RUN: result.kind = "run"; break;
      case report::FolderKind::REPLICATIONS: result.kind = "replications"; break;
      case report::FolderKind::COMPARE: result.kind = "compare"; break;
      case report::FolderKind::SWEEP: result.kind = "sweep"; break;
    }
    result.written = written.files;
  } catch (const report::ReportError& e) {
    result.problems.push_back(e.what());
  }
  return result;
}

}  // namespace msim::api
