#pragma once
/** @file
 *  @brief A scenario built in C++ instead of read from YAML: for tests that build a model without
 *         a file, and for front ends that assemble one from their own forms.
 *
 *  The builder fills a ScenarioSpec with the same defaults as the loader; `build()` runs the
 *  loader's checks across sections (check_spec: targets, names, cycles, failure targets) plus
 *  the range checks of the values the builder takes, and returns the spec or the diagnostics.
 *  Whatever it has no method for can be set on `spec()` directly.
 *
 *      ScenarioBuilder b("shop");
 *      b.duration(SimTime::from_seconds(60)).seed(7);
 *      b.service("front").workers(4).endpoint("get", Distribution::exponential(0.002)).call("db.query", 0.5);
 *      b.service("db").endpoint("query", Distribution::constant(0.001));
 *      b.open_workload("users", 200, {{"browse", "front.get", 1}});
 *      auto result = b.build();  // result.spec, or result.diagnostics
 */
#include <cstdint>
#include <string>
#include <vector>

#include "scenario/ScenarioLoader.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::scenario {

class ScenarioBuilder;

/** An endpoint being built: its steps of calls. */
class EndpointBuilder {
public:
  /** One call in sequence to `target` ("service.endpoint", or "service" with one endpoint). */
  EndpointBuilder& call(const std::string& target, double probability = 1.0);
  /** Calls made together; the endpoint waits for all of them. */
  EndpointBuilder& parallel(const std::vector<std::string>& targets);
  /** The last call's timeout per attempt and retries. */
  EndpointBuilder& timeout(SimTime per_attempt);
  EndpointBuilder& retry(const RetrySpec& retry);

private:
  friend class ServiceBuilder;
  EndpointBuilder(ScenarioBuilder& b, std::size_t service, std::size_t endpoint) : b_(b), service_(service), endpoint_(endpoint) {}
  EndpointSpec& spec();
  CallSpec& last_call();
  std::string calls_key();  // "services.<s>.endpoints.<e>.calls", for problems
  ScenarioBuilder& b_;
  std::size_t service_, endpoint_;
};

/** A service being built. */
class ServiceBuilder {
public:
  ServiceBuilder& replicas(int n);
  ServiceBuilder& workers(int n);
  ServiceBuilder& queue(int slots);  // waiting slots per instance (default: unbounded)
  ServiceBuilder& discipline(Discipline d);
  ServiceBuilder& cpu(double request_cores, double limit_cores = 0);
  ServiceBuilder& startup(const Distribution& seconds);
  ServiceBuilder& balancer(const std::string& policy);
  ServiceBuilder& autoscaler(const AutoscalerSpec& autoscaler);
  EndpointBuilder endpoint(const std::string& name, const Distribution& work_seconds);
  ServiceSpec& spec();

private:
  friend class ScenarioBuilder;
  ServiceBuilder(ScenarioBuilder& b, std::size_t index) : b_(b), index_(index) {}
  std::string key(const char* field);  // "services.<name>.<field>", for problems
  ScenarioBuilder& b_;
  std::size_t index_;
};

/** A request type of a workload: its name, where it enters, its share of the mix. */
struct MixEntry {
  std::string name;
  std::string target;
  double weight = 1;
};

class ScenarioBuilder {
public:
  explicit ScenarioBuilder(std::string name);

  ScenarioBuilder& seed(std::uint64_t seed);
  ScenarioBuilder& duration(SimTime duration);
  ScenarioBuilder& warmup(SimTime warmup);
  ScenarioBuilder& metrics_interval(SimTime interval);
  ScenarioBuilder& trace_sample(double fraction);
  ScenarioBuilder& slo(SimTime latency, double quantile = 0.99);
  /** The cluster's zones (default: one zone, "default"). */
  ScenarioBuilder& zones(const std::vector<std::string>& names);

  /** A new service (its defaults are the loader's: 1 replica, 1 worker, 1 core, 5 s start-up). */
  ServiceBuilder service(const std::string& name);
  /** Poisson arrivals at a constant `rate` per second. */
  ScenarioBuilder& open_workload(const std::string& name, double rate, const std::vector<MixEntry>& mix);
  /** `users` closed-loop users, each waiting `think` seconds between requests. */
  ScenarioBuilder& closed_workload(const std::string& name, int users, const Distribution& think, const std::vector<MixEntry>& mix);
  ScenarioBuilder& failure(const FailureSpec& failure);

  /** The spec so far, for whatever the builder has no method for. */
  ScenarioSpec& spec() { return spec_; }
  /** The checked spec, or every problem (each names the key, as "services.api.replicas"). */
  LoadResult build() const;

private:
  friend class ServiceBuilder;
  friend class EndpointBuilder;
  SourceLocation here() const { return SourceLocation{spec_.path, 0, 0}; }
  void problem(const std::string& key, const std::string& message);
  WorkloadSpec& add_workload(const std::string& name, const std::vector<MixEntry>& mix);

  ScenarioSpec spec_;
  std::vector<Diagnostic> problems_;
};

}  // namespace msim::scenario
