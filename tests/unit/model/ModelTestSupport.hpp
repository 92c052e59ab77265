#pragma once
// Shared by the model tests: a scenario from YAML text (problems fail the test) and a whole run.
#include <filesystem>
#include <optional>

#include <gtest/gtest.h>

#include "metrics/CsvRecorder.hpp"
#include "model/Simulation.hpp"
#include "scenario/ScenarioLoader.hpp"

namespace msim::model::test {

inline scenario::ScenarioSpec load(const std::string& yaml) {
  auto r = scenario::load_scenario_text(yaml, "test.yaml", ".");
  for (const auto& d : r.diagnostics) ADD_FAILURE() << d.format();
  return r.spec.value_or(scenario::ScenarioSpec{});
}

/** Runs to the end; with `out`, the result files are written there too. */
inline nlohmann::ordered_json run(const scenario::ScenarioSpec& spec, const std::filesystem::path& out = {}) {
  std::optional<metrics::CsvRecorder> csv;
  RunOptions options;
  if (!out.empty()) options.recorders.push_back(&csv.emplace(out, spec.trace_sample > 0));
  Simulation sim(spec, options);
  while (!sim.advance(1 << 20)) {
  }
  auto summary = sim.summary(0.0);
  if (csv) {
    csv->commit();
    metrics::write_file_atomically(out / "summary.json", summary.dump(2) + "\n");
  }
  return summary;
}

}  // namespace msim::model::test
