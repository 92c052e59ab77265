// libFuzzer target: any bytes given to the scenario loader give a scenario or located problems,
// never a crash, a sanitizer report or a hang. Every accepted scenario is also loaded again from
// its own text (the loader is a function of its input).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "scenario/ScenarioLoader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto first = msim::scenario::load_scenario_text(text, "fuzz.yaml", ".");
  for (const auto& d : first.diagnostics)
    if (d.message.empty()) std::abort();  // every problem says what is wrong
  const auto second = msim::scenario::load_scenario_text(text, "fuzz.yaml", ".");
  if (first.ok() != second.ok() || first.diagnostics.size() != second.diagnostics.size()) std::abort();
  return 0;
}
