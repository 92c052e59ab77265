#pragma once
/** @file
 *  @brief The importers' registry: each format msim can build a scenario from (`msim import NAME`)
 *         is one entry with its name, help, inputs, options and the function that imports.
 *
 *  Adding an importer is one file defining `ImporterEntry <name>_importer()` plus one line in
 *  Registry.cpp; the CLI's `msim import` subcommands, `msim list importers` and the public API
 *  read the entries.
 */
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace msim::importers {

/** An option of an importer, given as `--name VALUE` (text: each importer reads its own). */
struct ImportOption {
  std::string name;  // without the dashes, e.g. "profile"
  std::string value_name;  // shown in help, e.g. "FILE"
  std::string help;
  std::string fallback;  // the value when absent ("" : none)
};

/** What one import is asked to do. */
struct ImportRequest {
  std::vector<std::string> inputs;  // paths of the files to read
  std::map<std::string, std::string, std::less<>> options;  // every declared option (absent ones at their fallback)
  std::string output;  // names the scenario in messages
};

struct ImportOutcome {
  std::string yaml;  // the scenario (it validates); empty when there are problems
  std::vector<std::string> notes;  // what was read, skipped, measured or defaulted
  std::vector<std::string> problems;  // each names the file and where in it
  std::string remark;  // said after "written", e.g. that defaults were used; may be empty
};

struct ImporterEntry {
  std::string name;  // as in `msim import NAME`
  std::string help;
  std::string inputs_name;  // e.g. "MANIFESTS"
  std::string inputs_help;
  bool many_inputs = false;  // several input files, or exactly one
  std::vector<ImportOption> options;
  ImportOutcome (*run)(const ImportRequest&) = nullptr;
};

/** Every importer, in registration order (the order users see). */
const std::vector<ImporterEntry>& importers();
/** The importer called `name`, or nullptr. */
const ImporterEntry* find_importer(std::string_view name);
std::vector<std::string> importer_names();

/** Runs `entry` on `inputs` with the options given (by name, without dashes). An undeclared
 *  option or a wrong number of inputs is a problem; absent options take their fallback. */
ImportOutcome run_import(const ImporterEntry& entry, const std::vector<std::string>& inputs,
                         const std::map<std::string, std::string, std::less<>>& options, const std::string& output);

}  // namespace msim::importers
