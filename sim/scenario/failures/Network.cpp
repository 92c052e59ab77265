// The two network faults between two services or two zones: added latency and partition.
#include "scenario/failures/FailureKind.hpp"

namespace msim::scenario {
namespace {

void read_between(YamlReader& r, const YAML::Node& body, const std::string& bp, FailureSpec& f) {
  if (const auto& b = body["between"]) {
    const auto names = names_list(r, b, bp + ".between");
    if (names.size() != 2) r.error(b, bp + ".between", "name exactly two services or two zones");
    else {
      f.from = names[0];
      f.to = names[1];
    }
  } else {
    r.error(body, bp, "missing 'between': two services or two zones, e.g. between: [frontend, db]");
  }
}

}  // namespace

FailureKind latency_failure() {
  return {"latency", "latency", "latency added to every hop between two services or two zones", true,
          [](YamlReader& r, const YAML::Node& body, const std::string& bp, FailureSpec& f) {
            r.check_keys(body, bp, {"between", "add"});
            read_between(r, body, bp, f);
            if (body["add"]) set_duration(r, body, "add", bp, f.added_latency);
            else r.error(body, bp, "missing 'add': the latency added to each hop (e.g. add: 50ms)");
          }};
}

FailureKind partition_failure() {
  return {"partition", "partition", "no connection between two services or two zones", true,
          [](YamlReader& r, const YAML::Node& body, const std::string& bp, FailureSpec& f) {
            r.check_keys(body, bp, {"between"});
            read_between(r, body, bp, f);
          }};
}

}  // namespace msim::scenario
