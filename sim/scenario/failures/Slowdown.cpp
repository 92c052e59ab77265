#include "scenario/failures/FailureKind.hpp"

namespace msim::scenario {

FailureKind slowdown_failure() {
  return {"slowdown", "slowdown", "a service's work takes `factor` times as long", true,
          [](YamlReader& r, const YAML::Node& body, const std::string& bp, FailureSpec& f) {
            r.check_keys(body, bp, {"service", "factor"});
            f.service = text_of(r, body, "service", bp);
            if (f.service.empty()) r.error(body, bp, "missing 'service'");
            if (const auto& v = body["factor"]) {
              f.factor = r.number(v, bp + ".factor").value_or(1);
              if (f.factor <= 0) r.error(v, bp + ".factor", "must be > 0 (2 = twice as slow)");
            } else {
              r.error(body, bp, "missing 'factor' (e.g. factor: 3 for three times slower)");
            }
          }};
}

}  // namespace msim::scenario
