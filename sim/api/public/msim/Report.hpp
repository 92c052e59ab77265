#pragma once
/** @file
 *  @brief Results shown: `msim report` (HTML, PNG, SVG) and the Prometheus text of a summary.
 */
#include <filesystem>
#include <string>
#include <vector>

#include <msim/Common.hpp>
#include <msim/Summary.hpp>

namespace msim::api {

/** The final metrics of a summary.json (one run's, or the mean of replications) in Prometheus'
 *  text exposition format (`msim run --prometheus` writes it as metrics.prom); see docs/output-format.md. */
std::string prometheus_text(const Summary& summary);

/** `msim report`: a results folder (of msim run, run -r, compare or sweep) as one self-contained
 *  HTML page, or its charts as separate SVG or PNG files (docs/output-format.md, "msim report"). */
struct ReportOptions {
  /** html: the page (default <results>/report.html); png, svg: the images go to the folder named
   *  by this path without its extension (default <results>/report/). */
  std::filesystem::path output;
  std::string format = "html";  // "html", "png" or "svg"
};

struct ReportResult {
  std::string kind;  // "run", "replications", "compare" or "sweep"
  std::vector<std::filesystem::path> written;
  std::vector<Problem> problems;  // not an msim results folder (what is missing), or a file in it unreadable: nothing written
};

ReportResult write_report(const std::filesystem::path& results, const ReportOptions& options);

}  // namespace msim::api
