#include "scenario/failures/FailureKind.hpp"

namespace msim::scenario {

FailureKind chaos_monkey_failure() {
  return {"chaos_monkey", "chaos monkey", "kills a random running instance (of `services`, or any) every `interval`; it restarts after `recover`",
          false, [](YamlReader& r, const YAML::Node& body, const std::string& bp, FailureSpec& f) {
            r.check_keys(body, bp, {"interval", "services", "recover"});
            if (const auto& v = body["interval"]) f.interval = r.distribution(v, bp + ".interval", ValueKind::DURATION).value_or(f.interval);
            if (const auto& v = body["services"]) f.services = names_list(r, v, bp + ".services");
            f.time_to_repair = core::Distribution::constant(60);
            if (const auto& v = body["recover"]) f.time_to_repair = r.distribution(v, bp + ".recover", ValueKind::DURATION).value_or(f.time_to_repair);
            if (f.interval.mean() <= 0) r.error(body, bp + ".interval", "must be > 0");
          }};
}

}  // namespace msim::scenario
