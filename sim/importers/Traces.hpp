#pragma once
/** @file
 *  @brief Request traces in and out: spans.csv to OpenTelemetry OTLP/JSON or Jaeger JSON
 *  (`msim run --trace-format`), and `msim import otel`: a scenario rebuilt from such traces
 *  (services, endpoints, call graph and probabilities, self-time distributions, request mix and
 *  rate). See docs/output-format.md and docs/importers.md.
 */
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace msim::importers {

/** One row of spans.csv. */
struct TraceSpan {
  std::uint64_t request_id = 0;
  std::uint64_t span_id = 0;
  std::optional<std::uint64_t> parent;
  std::string service, endpoint, instance;
  double sent_s = 0;
  std::optional<double> arrived_s;  // absent when no instance was chosen
  double responded_s = 0;
  std::string status;  // "ok" or a failure cause
  std::optional<double> finished_s;  // when the instance sent its response (column finished_s; absent in older files)
};

struct SpanTable {
  std::vector<TraceSpan> spans;  // sorted by (request_id, span_id)
  std::vector<std::string> problems;  // "NAME:LINE: message"
};

/** Reads the text of a spans.csv; `name` is used in messages. */
SpanTable read_spans_csv(const std::string& text, const std::string& name);

/** Unix time, in seconds, that simulated time 0 is mapped to in exported traces: 2025-01-01T00:00:00Z. */
inline constexpr std::int64_t TRACE_EPOCH_S = 1735689600;

/** OTLP/JSON (ExportTraceServiceRequest): one resourceSpans per service. Each call is a SERVER span
 *  of the callee (arrived to finished) under a CLIENT span of the caller (sent to responded); the
 *  request's first call is a SERVER span only. */
std::string spans_to_otlp_json(const std::vector<TraceSpan>& spans, const std::string& scenario_name);
/** Jaeger JSON (the query API's / UI's "JSON file" form): data[] of traces with processes. */
std::string spans_to_jaeger_json(const std::vector<TraceSpan>& spans, const std::string& scenario_name);

/** What `msim import otel` measured, before it is written as YAML (for tests and front ends). */
struct TraceModel {
  struct Edge {
    std::string service, endpoint;  // callee
    std::uint64_t calls = 0;  // child spans of this endpoint under the parent's spans
    double mean_calls = 0;  // calls / spans of the parent endpoint
    double mean_offset_s = 0;  // mean start of the call after the parent's start (orders the calls)
    std::size_t step = 0;  // calls of one step overlap in time in most parent spans: a parallel block
    bool concurrent = false;  // its repeated calls overlap each other in most parent spans (a parallel block of one)
  };
  struct EndpointModel {
    std::string service, name;
    std::uint64_t spans = 0, errors = 0, roots = 0;
    double self_mean_s = 0, self_sd_s = 0, self_p50_s = 0, self_p99_s = 0;
    std::string work;  // the fitted distribution, in scenario syntax
    std::vector<Edge> calls;  // by step, then by mean_offset_s
  };
  std::vector<EndpointModel> endpoints;  // sorted by (service, name)
  std::map<std::string, std::size_t> instances;  // service -> distinct instances seen (0: unknown)
  std::uint64_t traces = 0, spans = 0, roots = 0;
  double first_root_s = 0, last_root_s = 0;  // unix seconds
  const EndpointModel* find(const std::string& service, const std::string& name) const;
};

struct OtelImportResult {
  std::string yaml;  // the scenario (it validates); empty when there are problems
  TraceModel model;
  std::vector<std::string> notes;
  std::vector<std::string> problems;  // "FILE:LINE:COLUMN: message" or "FILE: JSON.path: message"
};

/** Imports OTLP/JSON or Jaeger JSON text (detected from its top-level key). `sample` is the
 *  fraction of requests that was traced, to scale the arrival rate (1: all). */
OtelImportResult import_otel(const std::string& text, const std::string& name, const std::string& output_name, double sample = 1.0);
OtelImportResult import_otel_file(const std::string& path, const std::string& output_name, double sample = 1.0);

}  // namespace msim::importers
