// The HPA's arithmetic against the expected values of Kubernetes' own unit tests
// (pkg/controller/podautoscaler/replica_calculator_test.go and horizontal_test.go), case by case.
// Those tests use a 2-minute CPU initialization period and a 10-second readiness delay.
#include "scaling/Hpa.hpp"

#include <gtest/gtest.h>

namespace msim::scaling::hpa {
namespace {

const SimTime NOW = SimTime::from_seconds(100000);
const Timing TEST_TIMING{NOW, SimTime::from_seconds(120), SimTime::from_seconds(10)};

// Pod states of the upstream tables: R ready long ago, U never ready, H hot (just started),
// C cool (started 3 min ago), P pending, F failed, D being deleted; Hf = hot and Ready=False.
PodSample pod(char state, double usage_m, double request = 1.0, bool has_metric = true) {
  PodSample p;
  p.value = usage_m / 1000.0;
  p.request = request;
  p.has_metric = has_metric;
  p.ready = true;
  p.metric_timestamp = SimTime::zero();
  p.metric_window = SimTime::from_seconds(60);
  switch (state) {
    case 'R': break;
    case 'U': p.ready = false; break;
    case 'H': p.start_time = NOW; break;
    case 'h': p.start_time = NOW; p.ready = false; break;
    case 'C': p.start_time = NOW - SimTime::from_seconds(180); break;
    case 'P': p.pending = true; p.ready = false; break;
    case 'F': p.failed = true; p.ready = false; break;
    case 'D': p.being_deleted = true; p.ready = false; break;
  }
  return p;
}
PodSample missing(char state = 'R', double request = 1.0) { return pod(state, 0, request, false); }

// R27/R28: uneven requests (sum 3000m), 150m used by each pod: 50 % utilization.
std::vector<PodSample> computed_tolerance_pods() {
  std::vector<PodSample> pods;
  for (const double request : {0.4, 0.2, 0.31, 0.29, 0.302, 0.298, 0.301, 0.299, 0.3, 0.3}) pods.push_back(pod('R', 150, request));
  return pods;
}

struct CpuCase {
  const char* name;
  int current;
  std::vector<PodSample> pods;
  int target_percent;
  int expected;
};

class HpaResourceReplicas : public ::testing::TestWithParam<CpuCase> {};

TEST_P(HpaResourceReplicas, MatchesKubernetes) {
  const auto& c = GetParam();
  const auto p = resource_replicas(c.current, c.pods, c.target_percent / 100.0, 0.1, TEST_TIMING);
  EXPECT_TRUE(p.valid);
  EXPECT_EQ(p.replicas, c.expected) << c.name;
}

void PrintTo(const CpuCase& c, std::ostream* os) { *os << c.name; }

INSTANTIATE_TEST_SUITE_P(
    ReplicaCalculatorTest, HpaResourceReplicas,
    ::testing::Values(
        CpuCase{"R01_ScaleUp", 3, {pod('R', 300), pod('R', 500), pod('R', 700)}, 30, 5},
        CpuCase{"R02_ScaleUpUnreadyLessScale", 3, {pod('U', 300), pod('R', 500), pod('R', 700)}, 30, 4},
        CpuCase{"R03_ScaleUpHotCpuLessScale", 3, {pod('H', 300), pod('C', 500), pod('C', 700)}, 30, 4},
        CpuCase{"R04_ScaleUpUnreadyNoScale", 3, {pod('R', 400), pod('U', 500), pod('U', 700)}, 30, 3},
        CpuCase{"R05_ScaleHotCpuNoScale", 3, {pod('C', 400), pod('h', 500), pod('h', 700)}, 30, 3},
        CpuCase{"R06_ScaleUpIgnoresFailedPods", 2, {pod('R', 500), pod('R', 700), missing('F'), missing('F')}, 30, 4},
        CpuCase{"R07_ScaleUpIgnoresDeletionPods", 2, {pod('R', 500), pod('R', 700), missing('D'), missing('D')}, 30, 4},
        CpuCase{"R08_ScaleDown", 5, {pod('R', 100), pod('R', 300), pod('R', 500), pod('R', 250), pod('R', 250)}, 50, 3},
        CpuCase{"R09_ScaleDownExcludeUnreadyPods", 5, {pod('R', 100), pod('R', 300), pod('R', 500), pod('U', 250), pod('U', 250)}, 50, 2},
        CpuCase{"R10_ScaleDownExcludeUnscheduledPods", 5, {pod('R', 100), missing('P'), missing('P'), missing('P'), missing('P')}, 50, 1},
        CpuCase{"R11_ScaleDownIgnoreHotCpuPods", 5, {pod('C', 100), pod('C', 300), pod('C', 500), pod('H', 250), pod('H', 250)}, 50, 2},
        CpuCase{"R12_ScaleDownIgnoresFailedPods", 5,
                {pod('R', 100), pod('R', 300), pod('R', 500), pod('R', 250), pod('R', 250), missing('F'), missing('F')}, 50, 3},
        CpuCase{"R13_ScaleDownIgnoresDeletionPods", 5,
                {pod('R', 100), pod('R', 300), pod('R', 500), pod('R', 250), pod('R', 250), missing('D'), missing('D')}, 50, 3},
        CpuCase{"R14_Tolerance", 3, {pod('R', 1010, 0.9), pod('R', 1030, 1.0), pod('R', 1020, 1.1)}, 100, 3},
        CpuCase{"R16_MissingMetrics", 4, {pod('R', 400), pod('R', 95), missing(), missing()}, 100, 3},
        CpuCase{"R17_MissingMetricsNoChangeEq", 2, {pod('R', 1000), missing()}, 100, 2},
        CpuCase{"R18_MissingMetricsNoChangeGt", 2, {pod('R', 1900), missing()}, 100, 2},
        CpuCase{"R19_MissingMetricsNoChangeLt", 2, {pod('R', 600), missing()}, 100, 2},
        CpuCase{"R20_MissingMetricsUnreadyChange", 3, {pod('U', 100), pod('R', 450), missing()}, 50, 3},
        CpuCase{"R21_MissingMetricsHotCpuNoChange", 3, {pod('H', 100), pod('C', 450), missing('C')}, 50, 3},
        CpuCase{"R22_MissingMetricsUnreadyScaleUp", 3, {pod('U', 100), pod('R', 2000), missing()}, 50, 4},
        CpuCase{"R23_MissingMetricsHotCpuScaleUp", 3, {pod('h', 100), pod('C', 2000), missing('C')}, 50, 4},
        CpuCase{"R24_MissingMetricsUnreadyScaleDown", 4, {pod('U', 100), pod('R', 100), pod('R', 100), missing()}, 50, 3},
        CpuCase{"R25_MissingMetricsScaleDownTargetOver100", 4, {pod('U', 200, 1.0), pod('R', 100, 1.0), pod('R', 100, 2.0), missing('R', 2.0)}, 300, 2},
        CpuCase{"R26_DuringRollingUpdateWithMaxSurge", 2, {pod('R', 100), pod('R', 100), missing()}, 50, 2},
        CpuCase{"R27_ComputedTolerance_target56", 10, computed_tolerance_pods(), 56, 9},
        CpuCase{"R28_ComputedTolerance_target55", 10, computed_tolerance_pods(), 55, 10}),
    [](const ::testing::TestParamInfo<CpuCase>& param_info) { return std::string(param_info.param.name); });

TEST(HpaResourceReplicasSuperfluous, UtilizationIsTruncatedToAWholePercent) {
  // R15: 23,500m over 4,000m is 587.5 %, truncated to 587 %: ceil(5.87 x 4) = 24.
  const auto p = resource_replicas(4, {pod('R', 4000), pod('R', 9500), pod('R', 3000), pod('R', 7000)}, 1.0, 0.1, TEST_TIMING);
  EXPECT_EQ(p.replicas, 24);
  EXPECT_DOUBLE_EQ(p.usage_ratio, 5.87);
}

TEST(HpaPodsMetric, MatchesKubernetes) {
  auto values = [](std::vector<double> m, std::vector<char> states = {}) {
    std::vector<PodSample> pods;
    for (std::size_t i = 0; i < m.size(); ++i) pods.push_back(m[i] < 0 ? missing() : pod(states.empty() ? 'R' : states[i], m[i]));
    return pods;
  };
  // Values in milli-units, as the upstream tests write them (qps x 1000).
  EXPECT_EQ(pods_metric_replicas(3, values({20000, 10000, 30000}), 15, 0.1).replicas, 4);  // M01
  EXPECT_EQ(pods_metric_replicas(3, values({50000, 10000, 30000}, {'C', 'C', 'h'}), 15, 0.1).replicas, 6);  // M02: readiness ignored
  EXPECT_EQ(pods_metric_replicas(3, values({50000, 15000, 30000}, {'h', 'C', 'h'}), 15, 0.1).replicas, 7);  // M03
  EXPECT_EQ(pods_metric_replicas(5, values({12000, 12000, 12000, 12000, 12000}), 20, 0.1).replicas, 3);  // M04
  EXPECT_EQ(pods_metric_replicas(3, values({20000, 21000, 21000}), 20, 0.1).replicas, 3);  // M05
  EXPECT_EQ(pods_metric_replicas(5, values({20000, 19000, 21000, -1, -1}), 20, 0.1).replicas, 5);  // M07
  EXPECT_EQ(pods_metric_replicas(2, values({10000, 10000, -1}), 17, 0.1).replicas, 2);  // M08
}

TEST(HpaObjectMetric, MatchesKubernetes) {
  EXPECT_EQ(object_metric_replicas(3, 20000, 15000, 3, 0.1).replicas, 4);  // O1
  EXPECT_EQ(object_metric_replicas(3, 50000, 10000, 1, 0.1).replicas, 5);  // O3: only the ready pod counts
  EXPECT_EQ(object_metric_replicas(5, 12000, 20000, 5, 0.1).replicas, 3);  // O6
  EXPECT_EQ(object_metric_replicas(3, 20666, 20000, 3, 0.1).replicas, 3);  // O10
}

// ---- Behavior ---------------------------------------------------------------------------

ScalingRules rules(int pods, int pods_period, int percent, int percent_period, int window = 0,
                             ScalingRules::Select select = ScalingRules::Select::MAX) {
  ScalingRules r;
  r.select = select;
  r.stabilization = SimTime::from_seconds(window);
  if (pods) r.policies.push_back({false, pods, SimTime::from_seconds(pods_period)});
  if (percent) r.policies.push_back({true, percent, SimTime::from_seconds(percent_period)});
  return r;
}
ScalingRules default_up() { return rules(4, 15, 100, 15); }
ScalingRules default_down() { return rules(0, 0, 100, 15, 300); }

// Events spread as upstream's generateEventsUniformDistribution(changes, 120).
void add_events(Behavior& b, const std::vector<int>& changes, bool up) {
  const double seg = 120.0 / static_cast<double>(changes.size());
  for (std::size_t i = 0; i < changes.size(); ++i) {
    const auto age = static_cast<int>(120.0 - seg * static_cast<double>(i + 1) + seg / 2);
    b.record_scale(NOW - SimTime::from_seconds(age), up ? changes[i] : -changes[i]);
  }
}

struct RateCase {
  const char* name;
  int current, desired, min, max;
  ScalingRules up, down;
  std::vector<int> up_events, down_events;
  int expected;
};

class HpaScalingWithRules : public ::testing::TestWithParam<RateCase> {};
void PrintTo(const RateCase& c, std::ostream* os) { *os << c.name; }

TEST_P(HpaScalingWithRules, MatchesKubernetes) {
  const auto& c = GetParam();
  Behavior b(c.up, c.down);
  add_events(b, c.up_events, true);
  add_events(b, c.down_events, false);
  EXPECT_EQ(b.limit_rate(NOW, c.current, c.desired, c.min, c.max).replicas, c.expected) << c.name;
}

INSTANTIATE_TEST_SUITE_P(
    HorizontalTest, HpaScalingWithRules,
    ::testing::Values(
        RateCase{"B01_WithinRange", 5, 7, 3, 8, default_up(), default_down(), {}, {}, 7},
        RateCase{"B02_BelowMin", 3, 1, 2, 8, default_up(), default_down(), {}, {}, 2},
        RateCase{"B03_MinZero", 1, 0, 0, 10, default_up(), default_down(), {}, {}, 0},
        RateCase{"B04_MaxBelowScaleUpLimit", 20, 1000, 1, 10, default_up(), default_down(), {}, {}, 10},
        RateCase{"B05_AboveMax", 100, 1000, 100, 150, default_up(), default_down(), {}, {}, 150},
        RateCase{"B06_UserScaleUpPolicy", 3, 1000, 1, 2000, rules(0, 0, 1, 60), default_down(), {}, {}, 4},
        RateCase{"B07_UserScaleDownPolicy", 1000, 3, 3, 2000, default_up(), rules(20, 60, 0, 0), {}, {}, 980},
        RateCase{"B08_DefaultScaleUp", 10, 50, 1, 1000, default_up(), default_down(), {}, {}, 20},
        RateCase{"B09_PodsLargerThanPercent", 10, 500, 1, 1000, rules(100, 60, 100, 60), default_down(), {}, {}, 110},
        RateCase{"B10_PercentLargerThanPods", 10, 500, 1, 1000, rules(2, 60, 100, 60), default_down(), {}, {}, 20},
        RateCase{"B11_LargePodPolicy", 10, 50, 1, 1000, rules(100, 60, 0, 0), default_down(), {}, {}, 50},
        RateCase{"B13_PodPolicyLimits", 10, 50, 1, 1000, rules(30, 60, 0, 0), default_down(), {}, {}, 40},
        RateCase{"B14_PercentPolicyLimits", 10, 50, 1, 1000, rules(0, 0, 200, 60), default_down(), {}, {}, 30},
        RateCase{"B15_ScaleDownPercentLarger", 100, 2, 1, 1000, default_up(), rules(20, 60, 1, 60, 300), {}, {}, 80},
        RateCase{"B16_ScaleDownPodsLarger", 100, 2, 1, 1000, default_up(), rules(2, 60, 1, 60), {}, {}, 98},
        RateCase{"B17_ScaleDownToMin", 10, 0, 1, 1000, default_up(), rules(100, 60, 0, 0), {}, {}, 1},
        RateCase{"B19_ScaleDownMinWithPercent", 10, 2, 5, 1000, default_up(), rules(0, 0, 100, 60), {}, {}, 5},
        RateCase{"B20_ScaleDownPodPolicyLimits", 10, 2, 1, 1000, default_up(), rules(5, 60, 0, 0), {}, {}, 5},
        RateCase{"B21_ScaleDownPercentPolicy", 10, 5, 1, 1000, default_up(), rules(0, 0, 50, 60), {}, {}, 5},
        RateCase{"B22_MaxWithEvents", 100, 500, 1, 200, rules(300, 60, 0, 0), default_down(), {1, 5, 9}, {}, 200},
        RateCase{"B24_RecentScaleUpsHoldCurrent", 100, 500, 1, 1000, rules(5, 120, 0, 0), default_down(), {1, 5, 9}, {}, 100},
        RateCase{"B25_PodPolicyAfterScaleUps", 100, 500, 1, 1000, rules(150, 120, 0, 0), default_down(), {1, 5, 9}, {}, 235},
        RateCase{"B26_PercentPolicyAfterScaleUps", 100, 500, 1, 1000, rules(0, 0, 200, 120), default_down(), {1, 5, 9}, {}, 255},
        RateCase{"B27_PercentAfterUpAndDown", 6, 24, 1, 1000, rules(0, 0, 300, 300), default_down(), {4}, {2}, 16},
        RateCase{"B28_DefaultScaleDownAfterEvents", 10, 5, 1, 1000, default_up(), default_down(), {}, {1, 5, 9}, 5},
        RateCase{"B30_ScaleDownMinAfterEvents", 100, 0, 5, 1000, default_up(), rules(130, 120, 0, 0), {}, {1, 5, 9}, 5},
        RateCase{"B32_ScaleDownPodPolicyAfterEvents", 100, 2, 1, 1000, default_up(), rules(5, 120, 0, 0), {}, {1, 5, 9}, 100},
        RateCase{"B33_ScaleDownPercentAfterEvents", 100, 0, 1, 1000, default_up(), rules(0, 0, 50, 120), {}, {2, 4, 6}, 56},
        RateCase{"B34_ScaleDownAfterUpAndDown", 10, 1, 1, 1000, default_up(), rules(0, 0, 50, 180), {2}, {4}, 6},
        RateCase{"B35_EventsPreventScaleDown", 100, 0, 1, 1000, default_up(), rules(0, 0, 10, 120), {}, {10, 10, 10}, 100},
        RateCase{"B36_EventsStillAllowScaleDown", 10, 5, 1, 1000, default_up(), rules(0, 0, 1000, 120), {}, {10, 10, 10}, 5},
        RateCase{"B37_OutdatedEventsUp", 100, 200, 1, 1000, rules(1000, 60, 0, 0), default_down(), {8, 12, 9, 11}, {}, 200},
        RateCase{"B39_OutdatedTwoPoliciesUp", 100, 200, 1, 1000, rules(1000, 30, 100, 60), default_down(), {8, 12, 9, 11}, {}, 200},
        RateCase{"B42_OutdatedTwoPoliciesDown", 100, 5, 1, 1000, default_up(), rules(1000, 30, 100, 60), {}, {8, 12, 9, 11}, 5}),
    [](const ::testing::TestParamInfo<RateCase>& param_info) { return std::string(param_info.param.name); });

TEST(HpaScalingLimits, SelectPolicyMinTakesTheSmallestChange) {
  using Select = ScalingRules::Select;
  EXPECT_EQ(Behavior::scale_up_limit(1, NOW, {}, {}, rules(2, 60, 50, 60, 300, Select::MIN)), 2);
  EXPECT_EQ(Behavior::scale_down_limit(5, NOW, {}, {}, rules(2, 60, 50, 60, 0, Select::MIN)), 3);
  EXPECT_EQ(Behavior::scale_up_limit(5, NOW, {}, {}, rules(2, 60, 50, 60, 0, Select::DISABLED)), 5);
}

struct StabilizeCase {
  const char* name;
  std::vector<std::pair<int, int>> recommendations;  // (replicas, age in seconds)
  int current, desired, up_window, down_window, expected;
  std::vector<int> stored_after;  // empty: not checked
};
class HpaStabilization : public ::testing::TestWithParam<StabilizeCase> {};
void PrintTo(const StabilizeCase& c, std::ostream* os) { *os << c.name; }

TEST_P(HpaStabilization, MatchesKubernetes) {
  const auto& c = GetParam();
  Behavior b(rules(4, 15, 100, 15, c.up_window), rules(0, 0, 100, 15, c.down_window));
  for (const auto& [replicas, age] : c.recommendations) b.add_recommendation(NOW - SimTime::from_seconds(age), replicas);
  std::string reason;
  EXPECT_EQ(b.stabilize(NOW, c.current, c.desired, reason), c.expected) << c.name;
  if (!c.stored_after.empty()) {
    EXPECT_EQ(b.recommendations(), c.stored_after) << c.name;
  }
}

INSTANTIATE_TEST_SUITE_P(
    HorizontalTest, HpaStabilization,
    ::testing::Values(StabilizeCase{"S01_EmptyScaleDown", {}, 100, 5, 0, 0, 5, {5}},
                      StabilizeCase{"S02_ScaleDownStabilization", {{4, 120}, {5, 60}}, 100, 3, 0, 180, 5, {4, 5, 3}},
                      StabilizeCase{"S03_ScaleUpStabilization", {{4, 120}, {5, 60}}, 1, 7, 300, 0, 4, {4, 5, 7}},
                      StabilizeCase{"S04_NoScaleDownStabilization", {{1, 120}, {2, 60}}, 100, 3, 300, 0, 3, {1, 2, 3}},
                      StabilizeCase{"S05_NoScaleUpStabilization", {{4, 120}, {5, 60}}, 1, 3, 0, 300, 3, {4, 5, 3}},
                      StabilizeCase{"S06_ReuseOldDown", {{10, 600}, {9, 540}}, 100, 3, 0, 0, 3, {10, 3}},
                      StabilizeCase{"S07_ReuseOldUp", {{10, 600}, {9, 540}}, 1, 100, 0, 0, 100, {10, 100}},
                      StabilizeCase{"S08_ScaleDownReuseObsolete", {{10, 600}, {4, 60}, {5, 120}, {9, 540}}, 100, 3, 0, 180, 5, {10, 4, 5, 3}},
                      StabilizeCase{"S09_ScaleUpReuseObsolete", {{10, 6000}, {6, 60}, {5, 120}, {9, 180}}, 1, 100, 300, 0, 5, {100, 6, 5, 9}},
                      StabilizeCase{"S10_NoUpWhenRecGoesDown", {{2, 6000}, {3, 180}}, 2, 1, 300, 300, 2, {}},
                      StabilizeCase{"S11_NoDownWhenRecGoesUp", {{2, 6000}, {1, 180}}, 2, 3, 300, 300, 2, {}}),
    [](const ::testing::TestParamInfo<StabilizeCase>& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace msim::scaling::hpa
