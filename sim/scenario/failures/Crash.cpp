#include "scenario/failures/FailureKind.hpp"

namespace msim::scenario {

FailureKind crash_failure() {
  return {"crash", "crash", "instances of a service (reset, or hang with reset: false), a node or a zone go down", true,
          [](YamlReader& r, const YAML::Node& body, const std::string& bp, FailureSpec& f) {
            r.check_keys(body, bp, {"service", "instances", "node", "zone", "reset"});
            if (const auto& v = body["reset"]) {  // false: the instances hang (no reset), callers wait for their connect timeout
              if (const auto c = r.choice(v, bp + ".reset", {"true", "false"})) f.unreachable = *c == "false";
            }
            f.service = text_of(r, body, "service", bp);
            f.node = text_of(r, body, "node", bp);
            f.zone = text_of(r, body, "zone", bp);
            if ((f.service.empty() ? 0 : 1) + (f.node.empty() ? 0 : 1) + (f.zone.empty() ? 0 : 1) != 1)
              r.error(body, bp, "crash one of: a service's instances {service: cart, instances: 2}, a node {node: general-0} or a zone {zone: b}");
            if (body["reset"] && f.service.empty())
              r.error(body["reset"], bp + ".reset", "'reset' goes with 'service': the instances of a crashed node or zone never reset");
            if (const auto& v = body["instances"]) {
              if (f.service.empty()) r.error(v, bp + ".instances", "'instances' goes with 'service'");
              f.instances = static_cast<int>(r.integer(v, bp + ".instances", 1, 1000000).value_or(1));
            }
          }};
}

}  // namespace msim::scenario
