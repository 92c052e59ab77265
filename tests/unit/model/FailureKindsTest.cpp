// The failure kinds' two halves, the reader (scenario/failures/) and the effect (model/faults/),
// are registered under the same names, so a kind the loader accepts always has an effect.
#include <gtest/gtest.h>

#include "model/faults/Fault.hpp"
#include "scenario/failures/FailureKind.hpp"

namespace msim::model {
namespace {

TEST(FailureKinds, EveryReaderHasAnEffectAndEveryEffectAReader) {
  std::vector<std::string> readers, effects;
  for (const auto& k : scenario::failure_kinds()) {
    readers.push_back(k.name);
    EXPECT_NE(find_fault_effect(k.name), nullptr) << k.name << " has a reader but no effect";
    EXPECT_FALSE(k.help.empty()) << k.name;
    EXPECT_FALSE(k.label.empty()) << k.name;
  }
  for (const auto& e : fault_effects()) {
    effects.push_back(e.name);
    EXPECT_NE(scenario::find_failure_kind(e.name), nullptr) << e.name << " has an effect but no reader";
  }
  EXPECT_EQ(readers, effects) << "both lists in the same order";
  EXPECT_EQ(scenario::find_failure_kind("no such kind"), nullptr);
}

}  // namespace
}  // namespace msim::model
