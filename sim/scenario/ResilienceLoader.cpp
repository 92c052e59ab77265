#include "scenario/ResilienceLoader.hpp"

#include <fmt/format.h>

namespace msim::scenario {
namespace {

std::optional<SimTime> positive_duration(YamlReader& r, const YAML::Node& v, const std::string& path, bool allow_zero = false) {
  const auto d = r.duration(v, path);
  if (!d) return std::nullopt;
  if (*d < 0 || (!allow_zero && *d == 0)) {
    r.error(v, path, allow_zero ? "cannot be negative" : "must be > 0");
    return std::nullopt;
  }
  return SimTime::from_seconds(*d);
}

}  // namespace

const std::vector<std::string>& service_resilience_keys() {
  static const std::vector<std::string> keys{"cancellation", "rateLimit", "loadShedding", "outlierDetection"};
  return keys;
}

RetrySpec read_retry(YamlReader& r, const YAML::Node& n, const std::string& path) {
  RetrySpec retry;
  if (n.IsScalar()) {  // retries: 3
    retry.attempts = static_cast<int>(r.integer(n, path, 1, 100).value_or(3));
    return retry;
  }
  if (!r.is_map(n, path)) return retry;
  r.check_keys(n, path, {"attempts", "backoff", "budget", "on"});
  if (const auto& v = n["attempts"]) retry.attempts = static_cast<int>(r.integer(v, path + ".attempts", 1, 100).value_or(3));
  if (const auto& b = n["backoff"]; b && r.is_map(b, path + ".backoff")) {
    const std::string bp = path + ".backoff";
    r.check_keys(b, bp, {"base", "multiplier", "cap", "jitter"});
    if (const auto& v = b["base"]) retry.base = positive_duration(r, v, bp + ".base", true).value_or(retry.base);
    if (const auto& v = b["cap"]) retry.cap = positive_duration(r, v, bp + ".cap").value_or(retry.cap);
    if (const auto& v = b["multiplier"]) {
      retry.multiplier = r.number(v, bp + ".multiplier").value_or(1);
      if (retry.multiplier < 1) r.error(v, bp + ".multiplier", "must be >= 1 (1 = the same wait every time)");
    }
    if (const auto& v = b["jitter"]) {
      if (const auto c = r.choice(v, bp + ".jitter", {"none", "full", "equal"}))
        retry.jitter = *c == "none" ? RetrySpec::Jitter::NONE : *c == "full" ? RetrySpec::Jitter::FULL : RetrySpec::Jitter::EQUAL;
    }
  }
  if (const auto& v = n["budget"]) {
    if (v.IsMap()) {
      r.check_keys(v, path + ".budget", {"percent", "minRetryConcurrency"});
      if (const auto& p = v["percent"]) retry.budget = r.fraction(p, path + ".budget.percent");
      if (const auto& m = v["minRetryConcurrency"]) retry.min_retry_concurrency = static_cast<int>(r.integer(m, path + ".budget.minRetryConcurrency", 0, 1000000).value_or(3));
      if (!retry.budget) retry.budget = 0.2;  // Envoy's default budget_percent
    } else {
      retry.budget = r.fraction(v, path + ".budget");
    }
  }
  if (const auto& v = n["on"]) {
    if (!v.IsSequence()) r.error(v, path + ".on", "expected a list of causes: [error, timeout, rejected]");
    else {
      retry.on_error = retry.on_timeout = retry.on_rejected = false;
      for (const auto& c : v)
        if (const auto cause = r.choice(c, path + ".on", {"error", "timeout", "rejected"})) {
          if (*cause == "error") retry.on_error = true;
          if (*cause == "timeout") retry.on_timeout = true;
          if (*cause == "rejected") retry.on_rejected = true;
        }
    }
  }
  return retry;
}

BreakerSpec read_breaker(YamlReader& r, const YAML::Node& n, const std::string& path) {
  BreakerSpec b;
  if (!r.is_map(n, path)) return b;
  r.check_keys(n, path, {"enabled", "type", "window", "minimumCalls", "failureRate", "slowCallRate", "slowCall", "open", "halfOpenCalls"});
  if (const auto& v = n["enabled"]) {
    if (const auto c = r.choice(v, path + ".enabled", {"true", "false"})) b.enabled = *c == "true";
  }
  if (const auto& v = n["type"]) {
    if (const auto c = r.choice(v, path + ".type", {"count", "time"})) b.time_based = *c == "time";
  }
  if (const auto& v = n["window"]) b.window = static_cast<int>(r.integer(v, path + ".window", 1, 1000000).value_or(100));
  if (const auto& v = n["minimumCalls"]) b.minimum_calls = static_cast<int>(r.integer(v, path + ".minimumCalls", 1, 1000000).value_or(100));
  if (const auto& v = n["failureRate"]) {
    b.failure_rate = r.fraction(v, path + ".failureRate").value_or(0.5);
    if (b.failure_rate <= 0) r.error(v, path + ".failureRate", "must be above 0%");
  }
  if (const auto& v = n["slowCallRate"]) {
    b.slow_call_rate = r.fraction(v, path + ".slowCallRate").value_or(1.0);
    if (b.slow_call_rate <= 0) r.error(v, path + ".slowCallRate", "must be above 0%");
  }
  if (const auto& v = n["slowCall"]) b.slow_call_duration = positive_duration(r, v, path + ".slowCall").value_or(b.slow_call_duration);
  if (const auto& v = n["open"]) b.open_duration = positive_duration(r, v, path + ".open").value_or(b.open_duration);
  if (const auto& v = n["halfOpenCalls"]) b.half_open_calls = static_cast<int>(r.integer(v, path + ".halfOpenCalls", 1, 1000000).value_or(10));
  // resilience4j: with a count window smaller than minimumCalls, the window size is the minimum.
  if (!b.time_based) b.minimum_calls = std::min(b.minimum_calls, b.window);
  return b;
}

void read_service_resilience(YamlReader& r, const YAML::Node& n, const std::string& path, ServiceSpec& svc) {
  if (const auto& v = n["cancellation"]) {
    if (const auto c = r.choice(v, path + ".cancellation", {"true", "false"})) svc.cancellation = *c == "true";
  }
  if (const auto& v = n["rateLimit"]; v && r.is_map(v, path + ".rateLimit")) {
    const std::string p = path + ".rateLimit";
    r.check_keys(v, p, {"rate", "burst"});
    if (const auto& rate = v["rate"]) {
      svc.rate_limit = r.rate(rate, p + ".rate");
      if (svc.rate_limit && *svc.rate_limit <= 0) r.error(rate, p + ".rate", "must be > 0");
    } else {
      r.error(v, p, "missing 'rate' (e.g. rate: 500/s)");
    }
    if (const auto& burst = v["burst"]) svc.rate_limit_burst = static_cast<double>(r.integer(burst, p + ".burst", 1, 1000000000).value_or(0));
  }
  if (const auto& v = n["loadShedding"]; v && r.is_map(v, path + ".loadShedding")) {
    const std::string p = path + ".loadShedding";
    r.check_keys(v, p, {"queueLength", "maxWait"});
    if (const auto& q = v["queueLength"]) svc.shed_queue_length = static_cast<int>(r.integer(q, p + ".queueLength", 0, 100000000).value_or(0));
    if (const auto& w = v["maxWait"]) svc.shed_max_wait = positive_duration(r, w, p + ".maxWait");
    if (!v["queueLength"] && !v["maxWait"]) r.error(v, p, "give queueLength (reject arrivals beyond it) and/or maxWait (drop requests that waited longer)");
  }
  if (const auto& v = n["outlierDetection"]; v && r.is_map(v, path + ".outlierDetection")) {
    const std::string p = path + ".outlierDetection";
    OutlierSpec o;
    r.check_keys(v, p, {"consecutive5xx", "interval", "baseEjectionTime", "maxEjectionTime", "maxEjectionPercent"});
    if (const auto& x = v["consecutive5xx"]) o.consecutive_errors = static_cast<int>(r.integer(x, p + ".consecutive5xx", 1, 1000000).value_or(5));
    if (const auto& x = v["interval"]) o.interval = positive_duration(r, x, p + ".interval").value_or(o.interval);
    if (const auto& x = v["baseEjectionTime"]) o.base_ejection = positive_duration(r, x, p + ".baseEjectionTime").value_or(o.base_ejection);
    if (const auto& x = v["maxEjectionTime"]) o.max_ejection = positive_duration(r, x, p + ".maxEjectionTime").value_or(o.max_ejection);
    if (const auto& x = v["maxEjectionPercent"]) o.max_ejection_percent = r.fraction(x, p + ".maxEjectionPercent").value_or(0.1);
    svc.outlier = o;
  }
}

}  // namespace msim::scenario
