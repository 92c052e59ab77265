#include "scenario/failures/FailureKind.hpp"

namespace msim::scenario {

FailureKind random_failure() {
  return {"random", "random", "each instance of a service, or each node of a pool, fails and is repaired at random (mttf, mttr)", false,
          [](YamlReader& r, const YAML::Node& body, const std::string& bp, FailureSpec& f) {
            r.check_keys(body, bp, {"service", "pool", "mttf", "mttr"});
            f.service = text_of(r, body, "service", bp);
            f.pool = text_of(r, body, "pool", bp);
            f.random_nodes = !f.pool.empty();
            if (f.service.empty() == f.pool.empty()) r.error(body, bp, "give 'service' (its instances fail) or 'pool' (its nodes fail)");
            if (const auto& v = body["mttf"]) f.time_to_failure = mean_time(r, v, bp + ".mttf").value_or(f.time_to_failure);
            else r.error(body, bp, "missing 'mttf': mean time to failure (e.g. mttf: 6h)");
            if (const auto& v = body["mttr"]) f.time_to_repair = mean_time(r, v, bp + ".mttr").value_or(f.time_to_repair);
            else r.error(body, bp, "missing 'mttr': mean time to repair (e.g. mttr: exponential(3m))");
          }};
}

}  // namespace msim::scenario
