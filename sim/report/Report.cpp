#include "report/Report.hpp"

#include <fmt/format.h>

#include "metrics/OutputFile.hpp"
#include "report/Pages.hpp"
#include "report/PngRender.hpp"

namespace msim::report {

namespace fs = std::filesystem;

Page build_page(const fs::path& results, FolderKind* kind_out) {
  const FolderKind kind = detect_folder(results);
  if (kind_out) *kind_out = kind;
  switch (kind) {
    case FolderKind::RUN: {
      const RunData run = read_run(results);
      return run_page(run, run.summary, "");
    }
    case FolderKind::REPLICATIONS: {
      const auto summary = read_json_file(results / "summary.json");
      const RunData first = read_run(results / "rep-0");
      return run_page(first, summary,
                      fmt::format("The charts show replication 0 (rep-0/) of {}; the tables above are the means of all of them.",
                                  summary.contains("replications") ? summary["replications"].dump() : "the replications"));
    }
    case FolderKind::COMPARE: return compare_page(read_compare(results));
    case FolderKind::SWEEP: return sweep_page(read_sweep(results));
  }
  throw ReportError("unknown folder kind");
}

Written write_report(const fs::path& results, const fs::path& output, Format format) {
  Written written;
  const Page page = build_page(results, &written.kind);
  if (format == Format::HTML) {
    const fs::path file = output.empty() ? results / "report.html" : output;
    if (file.has_parent_path()) fs::create_directories(file.parent_path());
    metrics::write_file_atomically(file, render_html(page));
    written.files.push_back(file);
    return written;
  }
  const fs::path folder = output.empty() ? results / "report" : output.parent_path() / output.stem();
  fs::create_directories(folder);
  for (const auto& section : page.sections)
    for (const auto& figure : section.figures) {
      const fs::path file = folder / (figure.id + (format == Format::PNG ? ".png" : ".svg"));
      metrics::write_file_atomically(file, format == Format::PNG ? svg_to_png(figure.svg) : figure.svg);
      written.files.push_back(file);
    }
  return written;
}

}  // namespace msim::report
