#pragma once
// Shared by the model tests: a scenario from YAML text (problems fail the test) and a whole run.
#include <filesystem>

#include <gtest/gtest.h>

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
  RunOptions options;
  options.out_dir = out;
  Simulation sim(spec, options);
  while (!sim.advance(1 << 20)) {
  }
  auto summary = sim.summary(0.0);
  sim.commit_outputs(summary);
  return summary;
}

}  // namespace msim::model::test
