#include <fmt/format.h>

#include "core/Registry.hpp"
#include "importers/Importer.hpp"

namespace msim::importers {

// The registration list: one line per importer, each defined by `ImporterEntry <name>_importer()`
// in its own file of this folder. Order is the order users see (msim import --help, msim list).
#define MSIM_IMPORTERS(X) \
  X(k8s)                  \
  X(alibaba)              \
  X(otel)                 \
  /* end of the list */

#define MSIM_DECLARE(name) ImporterEntry name##_importer();
MSIM_IMPORTERS(MSIM_DECLARE)
#undef MSIM_DECLARE

const std::vector<ImporterEntry>& importers() {
#define MSIM_ENTRY(name) name##_importer(),
  static const std::vector<ImporterEntry> entries{MSIM_IMPORTERS(MSIM_ENTRY)};
#undef MSIM_ENTRY
  return entries;
}

const ImporterEntry* find_importer(std::string_view name) { return core::find_named(importers(), name); }

std::vector<std::string> importer_names() { return core::names_of(importers()); }

ImportOutcome run_import(const ImporterEntry& entry, const std::vector<std::string>& inputs,
                         const std::map<std::string, std::string, std::less<>>& options, const std::string& output) {
  ImportOutcome refused;
  for (const auto& [name, value] : options) {
    if (!core::find_named(entry.options, name)) {
      std::string valid;
      for (const auto& o : entry.options) valid += (valid.empty() ? "--" : ", --") + o.name;
      refused.problems.push_back(fmt::format("import {}: no option --{}{}", entry.name, name,
                                             valid.empty() ? std::string(" (it takes none)") : " (valid: " + valid + ")"));
    }
  }
  if (inputs.empty() || (!entry.many_inputs && inputs.size() > 1))
    refused.problems.push_back(fmt::format("import {}: {} {} (given {})", entry.name, entry.many_inputs ? "one or more" : "exactly one",
                                           entry.inputs_name, inputs.size()));
  if (!refused.problems.empty()) return refused;
  ImportRequest request{inputs, options, output};
  for (const auto& o : entry.options) request.options.emplace(o.name, o.fallback);
  return entry.run(request);
}

}  // namespace msim::importers
