#include "scenario/failures/FailureKind.hpp"

namespace msim::scenario {

FailureKind errors_failure() {
  return {"errors", "errors", "a share of a service's responses fail", true,
          [](YamlReader& r, const YAML::Node& body, const std::string& bp, FailureSpec& f) {
            r.check_keys(body, bp, {"service", "rate"});
            f.service = text_of(r, body, "service", bp);
            if (f.service.empty()) r.error(body, bp, "missing 'service'");
            if (const auto& v = body["rate"]) f.error_rate = r.fraction(v, bp + ".rate").value_or(0);
            else r.error(body, bp, "missing 'rate': the share of responses that fail (e.g. rate: 20%)");
          }};
}

}  // namespace msim::scenario
