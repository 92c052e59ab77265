#pragma once
/** @file
 *  @brief The workloads: open-loop arrivals (Poisson with a rate profile by thinning, constant
 *         spacing, a replayed trace), closed-loop users with think times, and the request-type
 *         mix. Traffic decides when a request starts and of which type; what happens to it is
 *         the request flow's business, which tells Traffic when it ended (a user thinks again).
 */
#include <cstdint>
#include <string>
#include <vector>

#include "core/RandomStream.hpp"
#include "core/Simulator.hpp"
#include "scenario/ScenarioSpec.hpp"

namespace msim::model {

/** Where a request type enters the system. */
struct RequestTypeDef {
  std::string name;
  std::uint32_t service;
  std::uint32_t endpoint;
};

/** Whoever runs the requests Traffic starts. */
class RequestStarter {
public:
  virtual ~RequestStarter() = default;
  /** A new request of `type` from `workload`; `user` is the closed-loop user, or NO_USER. */
  virtual void start_request(std::uint32_t workload, std::uint32_t user, std::uint32_t type) = 0;
};

class Traffic {
public:
  static constexpr std::uint32_t NO_USER = 0xFFFFFFFFu;

  /** Reads the workloads and their mixes; nothing is scheduled until start(). */
  Traffic(const scenario::ScenarioSpec& spec, std::uint64_t replication, core::Simulator& sim, RequestStarter& starter);
  Traffic(const Traffic&) = delete;
  Traffic& operator=(const Traffic&) = delete;

  /** Request types by index, in the order their names first appear in the workloads' mixes. */
  const std::vector<RequestTypeDef>& types() const { return types_; }
  /** Schedules the first arrival of each open workload and the first request of each user. */
  void start();
  /** A request has ended: its closed-loop user (if any) thinks, then sends the next one. */
  void request_ended(std::uint32_t workload, std::uint32_t user);

private:
  struct Workload {
    const scenario::WorkloadSpec* spec = nullptr;
    std::vector<std::uint32_t> types;  // request type per mix entry
    std::vector<double> cumulative_weight;
    core::RandomStream arrival_rng;  // "workload/<name>/arrivals"
    core::RandomStream mix_rng;  // "workload/<name>/mix"
    core::RandomStream think_rng;  // "workload/<name>/think"
    std::size_t next_trace = 0;  // arrival trace: the next row to replay
  };

  void schedule_next_arrival(std::uint32_t workload);
  void on_arrival(std::uint64_t workload);
  void on_user_ready(std::uint64_t packed_workload_user);
  void start_request(std::uint32_t workload, std::uint32_t user);

  const scenario::ScenarioSpec& spec_;
  core::Simulator& sim_;
  RequestStarter& starter_;
  std::vector<RequestTypeDef> types_;
  std::vector<Workload> workloads_;
};

}  // namespace msim::model
