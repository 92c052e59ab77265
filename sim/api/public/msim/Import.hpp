#pragma once
/** @file
 *  @brief Other formats in and out: `msim import` (the importers registry) and trace export.
 */
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <msim/Common.hpp>

namespace msim::api {

/** What an importer (`msim import NAME`) takes: its inputs and its `--name VALUE` options. */
struct ImporterInfo {
  struct Option {
    std::string name, value_name, help, fallback;  // name without dashes; fallback "" : none
  };
  std::string name, help;
  std::string inputs_name, inputs_help;  // e.g. "MANIFESTS"
  bool many_inputs = false;
  std::vector<Option> options;
};
/** Every importer, in the importers registry's order (k8s, alibaba, otel, ...). */
std::vector<ImporterInfo> importers();

struct ImportResult {
  std::string yaml;  // the scenario (it validates); empty when there are problems
  std::vector<std::string> notes;  // what was read, skipped, measured or taken from the defaults
  std::vector<Problem> problems;  // in a file: it and where in it; else the importer, option or input count refused
  std::string remark;  // to say after "written" (e.g. that defaults were used); may be empty
};

/** `msim import NAME`: a scenario from other formats' files. `options` by name without dashes
 *  (e.g. {"profile", "p.yaml"}); `output` names the scenario in messages. An unknown importer or
 *  option is a problem. */
ImportResult import_scenario(const std::string& importer, const std::vector<std::string>& inputs,
                             const std::map<std::string, std::string>& options, const std::string& output);

/** `msim run --trace-format`: converts the spans.csv of a run's folder (and of each rep-K/ folder)
 *  to traces.otlp.json (`format` "otlp") or traces.jaeger.json ("jaeger"), written atomically.
 *  Returns the files written; a folder without spans.csv is skipped with a note. */
struct TraceExportResult {
  std::vector<std::filesystem::path> written;
  std::vector<std::string> notes;
  std::vector<Problem> problems;
};
TraceExportResult export_traces(const std::filesystem::path& out_dir, const std::string& format, const std::string& scenario_name);

}  // namespace msim::api
