// What every registered discovery model must hold, whatever its timers: callers never learn of a
// change before it happens, the parameters it declares are enough to build it, and its lags
// depend only on the draws it is given.
#include <algorithm>

#include <gtest/gtest.h>

#include "discovery/DiscoveryModel.hpp"

namespace msim::discovery {
namespace {

class EveryModel : public ::testing::TestWithParam<std::string> {
protected:
  const ModelEntry& entry() const { return *find_model(GetParam()); }
};

TEST_P(EveryModel, DeclaresUsableParameters) {
  for (const ParamSpec& p : entry().params) {
    EXPECT_FALSE(p.key.empty());
    EXPECT_FALSE(p.help.empty()) << p.key;
    if (p.kind == ParamSpec::Kind::INTEGER) {
      EXPECT_GE(p.fallback, p.min) << p.key;
      EXPECT_LE(p.fallback, p.max) << p.key;
    }
  }
  EXPECT_NO_THROW(make_model(entry(), {}, {0.5, 0.5, 0.5}));  // every p.at() of the factory is declared
}

TEST_P(EveryModel, CallersNeverLearnOfAChangeBeforeItHappens) {
  for (int i = 0; i < 50; ++i) {
    const double a = (i % 7) / 7.0, b = (i % 11) / 11.0, c = (i % 13) / 13.0;
    const auto model = make_model(entry(), {}, {a, b, c});
    const auto phases = model->new_instance({c, a});
    for (const double t : {0.0, 0.3, 17.0, 1234.5}) {
      const auto at = SimTime::from_seconds(t);
      EXPECT_GE(model->removal_time(at, phases, false), at);
      EXPECT_GE(model->removal_time(at, phases, true), at);
      EXPECT_GE(model->deregistration_time(at), at);
      EXPECT_GE(model->addition_time(at, phases), at);
    }
  }
}

TEST_P(EveryModel, LagsDependOnlyOnTheDraws) {
  const auto one = make_model(entry(), {}, {0.2, 0.4, 0.6});
  const auto two = make_model(entry(), {}, {0.2, 0.4, 0.6});
  const auto p1 = one->new_instance({0.3, 0.9});
  const auto p2 = two->new_instance({0.3, 0.9});
  const auto at = SimTime::from_seconds(500);
  EXPECT_EQ(one->removal_time(at, p1, false), two->removal_time(at, p2, false));
  EXPECT_EQ(one->addition_time(at, p1), two->addition_time(at, p2));
}

INSTANTIATE_TEST_SUITE_P(Registry, EveryModel, ::testing::ValuesIn(model_names()),
                         [](const ::testing::TestParamInfo<std::string>& model) { return model.param; });

TEST(Registry, NamesAreUnique) {
  auto names = model_names();
  std::sort(names.begin(), names.end());
  EXPECT_EQ(std::adjacent_find(names.begin(), names.end()), names.end());
  EXPECT_EQ(find_model("nope"), nullptr);
}

TEST(Ticks, NextAndLastTickBracketTheTime) {
  EXPECT_DOUBLE_EQ(next_tick(100, 4, 10), 104);
  EXPECT_DOUBLE_EQ(next_tick(104, 4, 10), 104);  // a tick at t counts
  EXPECT_DOUBLE_EQ(last_tick(103.9, 4, 10), 94);
  EXPECT_DOUBLE_EQ(next_tick(7, 0, 0), 7);  // no period: at once
}

}  // namespace
}  // namespace msim::discovery
