// Trace export (spans.csv -> OTLP/JSON, Jaeger JSON) and `msim import otel`: structure, parent
// links, what is rebuilt from span trees, and located errors for malformed input.
#include <map>
#include <set>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "importers/Traces.hpp"

namespace msim::importers {
namespace {

using json = nlohmann::json;

// Two requests: front -> back (twice, the second with a retry) -> db; one failed call.
const char* kCsv =
    "request_id,span_id,parent_span_id,service,endpoint,instance,sent_s,arrived_s,responded_s,status\n"
    "0,2,1,db,query,db-0,0.002,0.002,0.005,ok\n"
    "0,1,0,back,\"get, all\",back-1,0.001,0.001,0.006,ok\n"
    "0,0,,front,GET /,front-0,0,0,0.008,ok\n"
    "1,4,3,back,\"get, all\",,1.0015,,1.002,circuit_open\n"
    "1,3,,front,GET /,front-1,1,1,1.003,circuit_open\n";

TEST(TraceExport, ReadsSpansCsvSortedWithQuotedFields) {
  const auto t = read_spans_csv(kCsv, "spans.csv");
  ASSERT_TRUE(t.problems.empty()) << t.problems.front();
  ASSERT_EQ(t.spans.size(), 5u);
  EXPECT_EQ(t.spans[0].span_id, 0u);
  EXPECT_FALSE(t.spans[0].parent);
  EXPECT_EQ(t.spans[1].endpoint, "get, all");
  EXPECT_EQ(*t.spans[2].parent, 1u);
  EXPECT_FALSE(t.spans[4].arrived_s);
  EXPECT_EQ(t.spans[4].status, "circuit_open");
}

TEST(TraceExport, MalformedSpansCsvIsLocated) {
  const auto t = read_spans_csv("request_id,span_id,parent_span_id,service,endpoint,instance,sent_s,arrived_s,responded_s,status\n0,x,,a,b,,0,0,1,ok\n", "s.csv");
  ASSERT_EQ(t.problems.size(), 1u);
  EXPECT_EQ(t.problems[0], "s.csv:2: malformed row");
  EXPECT_FALSE(read_spans_csv("a,b\n", "s.csv").problems.empty());
}

TEST(TraceExport, OtlpHasResourcesSpansIdsTimesAndParentLinks) {
  const auto t = read_spans_csv(kCsv, "spans.csv");
  const auto j = json::parse(spans_to_otlp_json(t.spans, "demo"));
  ASSERT_TRUE(j["resourceSpans"].is_array());
  ASSERT_EQ(j["resourceSpans"].size(), 3u);  // front, back, db
  std::map<std::string, json> by_id;
  std::map<std::string, std::string> service_of;
  for (const auto& rs : j["resourceSpans"]) {
    std::string svc;
    for (const auto& a : rs["resource"]["attributes"])
      if (a["key"] == "service.name") svc = a["value"]["stringValue"];
    ASSERT_FALSE(svc.empty());
    ASSERT_EQ(rs["scopeSpans"].size(), 1u);
    EXPECT_EQ(rs["scopeSpans"][0]["scope"]["name"], "msim");
    for (const auto& s : rs["scopeSpans"][0]["spans"]) {
      const std::string id = s["spanId"];
      EXPECT_EQ(id.size(), 16u);
      EXPECT_EQ(s["traceId"].get<std::string>().size(), 32u);
      EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos);
      by_id[id] = s;
      service_of[id] = svc;
    }
  }
  ASSERT_EQ(by_id.size(), 7u);  // 4 server spans, 3 client spans (one call never arrived: a client span only)
  // Ids come from the run's request and span numbers (+1: never all zero).
  const auto& root = by_id.at("0000000000000001");
  EXPECT_EQ(root["traceId"], "00000000000000000000000000000001");
  EXPECT_EQ(root["parentSpanId"], "");
  EXPECT_EQ(root["name"], "GET /");
  EXPECT_EQ(root["kind"], 2);
  EXPECT_EQ(root["startTimeUnixNano"], "1735689600000000000");
  EXPECT_EQ(root["endTimeUnixNano"], "1735689600008000000");
  EXPECT_EQ(root["status"]["code"], 1);
  const auto& back = by_id.at("0000000000000002");
  EXPECT_EQ(back["name"], "get, all");
  EXPECT_EQ(back["parentSpanId"], "8000000000000002");  // the caller's client span
  EXPECT_EQ(service_of.at("0000000000000002"), "back");
  const auto& client = by_id.at("8000000000000002");
  EXPECT_EQ(client["kind"], 3);
  EXPECT_EQ(client["parentSpanId"], "0000000000000001");
  EXPECT_EQ(service_of.at("8000000000000002"), "front");
  EXPECT_EQ(client["startTimeUnixNano"], "1735689600001000000");
  EXPECT_EQ(by_id.at("8000000000000003")["parentSpanId"], "0000000000000002");
  EXPECT_EQ(by_id.at("0000000000000003")["parentSpanId"], "8000000000000003");
  // Every parent is a span of the same trace.
  for (const auto& [id, s] : by_id)
    if (s["parentSpanId"] != "") {
      EXPECT_EQ(by_id.at(s["parentSpanId"])["traceId"], s["traceId"]);
    }
  EXPECT_EQ(by_id.count("0000000000000005"), 0u);
  const auto& failed = by_id.at("8000000000000005");
  EXPECT_EQ(failed["status"]["code"], 2);
  EXPECT_EQ(failed["status"]["message"], "circuit_open");
  EXPECT_EQ(failed["startTimeUnixNano"], "1735689601001500000");
}

TEST(TraceExport, ServerSpansEndWhenTheInstanceResponded) {
  const auto t = read_spans_csv("request_id,span_id,parent_span_id,service,endpoint,instance,sent_s,arrived_s,responded_s,status,finished_s\n"
                                "0,0,,a,x,a-0,0,0,0.010,ok,0.010\n0,1,0,b,y,b-0,0.001,0.002,0.006,ok,0.005\n", "s.csv");
  ASSERT_TRUE(t.problems.empty());
  ASSERT_TRUE(t.spans[1].finished_s);
  const auto j = json::parse(spans_to_otlp_json(t.spans, "p"));
  const auto& b = j["resourceSpans"][1]["scopeSpans"][0]["spans"][0];
  EXPECT_EQ(b["spanId"], "0000000000000002");
  EXPECT_EQ(b["startTimeUnixNano"], "1735689600002000000");
  EXPECT_EQ(b["endTimeUnixNano"], "1735689600005000000");
  // Re-imported: a's self time excludes the network (the client span), b's is its own 3 ms.
  const auto r = import_otel(j.dump(), "t.json", "o.yaml");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_NEAR(r.model.find("a", "x")->self_mean_s, 0.005, 1e-9);
  EXPECT_NEAR(r.model.find("b", "y")->self_mean_s, 0.003, 1e-9);
}

TEST(TraceExport, JaegerHasTracesProcessesAndChildOfReferences) {
  const auto t = read_spans_csv(kCsv, "spans.csv");
  const auto j = json::parse(spans_to_jaeger_json(t.spans, "demo"));
  ASSERT_EQ(j["data"].size(), 2u);
  const auto& t0 = j["data"][0];
  EXPECT_EQ(t0["traceID"], "00000000000000000000000000000001");
  ASSERT_EQ(t0["spans"].size(), 5u);
  std::set<std::string> ids;
  for (const auto& s : t0["spans"]) ids.insert(s["spanID"].get<std::string>());
  for (const auto& s : t0["spans"]) {
    EXPECT_TRUE(t0["processes"].contains(s["processID"].get<std::string>()));
    if (s["spanID"] == "0000000000000001") {
      EXPECT_TRUE(s["references"].empty());
      EXPECT_EQ(t0["processes"][s["processID"].get<std::string>()]["serviceName"], "front");
      EXPECT_EQ(s["startTime"], 1735689600000000LL);
      EXPECT_EQ(s["duration"], 8000);
    } else {
      ASSERT_EQ(s["references"].size(), 1u);
      EXPECT_EQ(s["references"][0]["refType"], "CHILD_OF");
      EXPECT_TRUE(ids.count(s["references"][0]["spanID"].get<std::string>()));
    }
  }
}

TEST(OtelImport, RebuildsServicesCallsAndSelfTimesFromOtlpAndJaeger) {
  const auto t = read_spans_csv(kCsv, "spans.csv");
  for (const auto& text : {spans_to_otlp_json(t.spans, "demo"), spans_to_jaeger_json(t.spans, "demo")}) {
    const auto r = import_otel(text, "traces.json", "out.yaml");
    ASSERT_TRUE(r.problems.empty()) << r.problems.front();
    const auto* front = r.model.find("front", "GET /");
    ASSERT_NE(front, nullptr);
    EXPECT_EQ(front->spans, 2u);
    EXPECT_EQ(front->roots, 2u);
    ASSERT_EQ(front->calls.size(), 1u);
    EXPECT_EQ(front->calls[0].service, "back");
    EXPECT_DOUBLE_EQ(front->calls[0].mean_calls, 1.0);
    const auto* back = r.model.find("back", "get, all");
    ASSERT_NE(back, nullptr);
    ASSERT_EQ(back->calls.size(), 1u);
    EXPECT_DOUBLE_EQ(back->calls[0].mean_calls, 0.5);  // db in one of two
    // front, request 0: 8 ms minus back's 5 ms; request 1: 3 ms minus 0.5 ms.
    EXPECT_NEAR(front->self_mean_s, (0.003 + 0.0025) / 2, 1e-6);
    EXPECT_EQ(r.model.roots, 2u);
    EXPECT_NE(r.yaml.find("probability: 50%"), std::string::npos) << r.yaml;
    EXPECT_NE(r.yaml.find("call: \"front.GET /\""), std::string::npos) << r.yaml;
    EXPECT_EQ(r.model.instances.at("front"), 2u);
  }
}

TEST(OtelImport, OverlappingCallsBecomeAParallelBlock) {
  // a.x calls b.y and c.z at the same time, then d.w.
  const std::string csv = std::string("request_id,span_id,parent_span_id,service,endpoint,instance,sent_s,arrived_s,responded_s,status\n") +
                          "0,0,,a,x,a-0,0,0,0.010,ok\n0,1,0,b,y,b-0,0.001,0.001,0.004,ok\n0,2,0,c,z,c-0,0.001,0.001,0.003,ok\n"
                          "0,3,0,d,w,d-0,0.005,0.005,0.006,ok\n";
  const auto t = read_spans_csv(csv, "s.csv");
  const auto r = import_otel(spans_to_otlp_json(t.spans, "p"), "t.json", "o.yaml");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  const auto* a = r.model.find("a", "x");
  ASSERT_EQ(a->calls.size(), 3u);
  EXPECT_EQ(a->calls[0].step, 0u);
  EXPECT_EQ(a->calls[1].step, 0u);
  EXPECT_EQ(a->calls[2].step, 1u);
  EXPECT_EQ(a->calls[2].service, "d");
  EXPECT_NEAR(a->self_mean_s, 0.010 - 0.003 - 0.001, 1e-9);
  EXPECT_NE(r.yaml.find("- parallel:\n              - \"b.y\"\n              - \"c.z\"\n          - \"d.w\""), std::string::npos) << r.yaml;
}

// As real instrumentations write them: a server span, a client span for each outgoing call, the
// callee's server span under it; an uninstrumented database only as a client span.
TEST(OtelImport, ClientSpansAreMergedIntoTheCallsTheyMake) {
  auto span = [](const char* id, const char* parent, const char* name, int kind, int start_us, int end_us, const char* extra = "") {
    return fmt::format(R"({{"traceId":"t1","spanId":"{}","parentSpanId":"{}","name":"{}","kind":{},"startTimeUnixNano":"{}000","endTimeUnixNano":"{}000"{}}})",
                       id, parent, name, kind, 1700000000000000LL + start_us, 1700000000000000LL + end_us, extra);
  };
  auto resource = [](const char* svc, const std::string& spans) {
    return fmt::format(R"({{"resource":{{"attributes":[{{"key":"service.name","value":{{"stringValue":"{}"}}}}]}},"scopeSpans":[{{"spans":[{}]}}]}})", svc, spans);
  };
  const std::string text = "{\"resourceSpans\":[" +
                           resource("Front End", span("01", "", "GET /", 2, 0, 10000) + "," + span("02", "01", "HTTP GET", 3, 1000, 5000) + "," +
                                                     span("03", "01", "GET", 3, 6000, 8000, R"(,"attributes":[{"key":"db.system","value":{"stringValue":"redis"}}])")) +
                           "," + resource("back", span("04", "02", "get", 2, 1500, 4500)) + "]}";
  const auto r = import_otel(text, "t.json", "o.yaml");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_EQ(r.model.endpoints.size(), 3u);  // front-end.GET /, back.get, redis.GET; no "HTTP GET"
  const auto* front = r.model.find("front-end", "GET /");
  ASSERT_NE(front, nullptr);
  ASSERT_EQ(front->calls.size(), 2u);
  EXPECT_EQ(front->calls[0].service, "back");
  EXPECT_EQ(front->calls[1].service, "redis");
  EXPECT_NEAR(front->self_mean_s, 0.010 - 0.004 - 0.002, 1e-9);  // the client span's interval is what it waited
  EXPECT_EQ(front->roots, 1u);
  EXPECT_NEAR(r.model.find("back", "get")->self_mean_s, 0.003, 1e-9);
}

TEST(OtelImport, ReadsOtlpJsonLinesAsTheCollectorsFileExporterWritesThem) {
  const auto t = read_spans_csv(kCsv, "spans.csv");
  const auto whole = json::parse(spans_to_otlp_json(t.spans, "demo"));
  std::string lines;
  for (const auto& rs : whole["resourceSpans"]) lines += json{{"resourceSpans", json::array({rs})}}.dump() + "\n";
  const auto r = import_otel(lines, "t.jsonl", "o.yaml");
  ASSERT_TRUE(r.problems.empty()) << r.problems.front();
  EXPECT_EQ(r.model.spans, 5u);
  EXPECT_EQ(r.model.find("front", "GET /")->calls.size(), 1u);
  const auto bad = import_otel(lines + "{\"resourceSpans\": [,]}\n", "t.jsonl", "o.yaml");
  ASSERT_EQ(bad.problems.size(), 1u);
  EXPECT_EQ(bad.problems[0].rfind("t.jsonl:4:", 0), 0u) << bad.problems[0];
}

TEST(OtelImport, MalformedJsonIsLocatedByLineAndColumn) {
  const auto r = import_otel("{\n  \"resourceSpans\": [\n    {,\n", "t.json", "o.yaml");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].rfind("t.json:3:6: malformed JSON", 0), 0u) << r.problems[0];
  EXPECT_TRUE(r.yaml.empty());
}

TEST(OtelImport, MissingFieldsAreNamedByTheirJsonPath) {
  const auto r = import_otel(R"({"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"a"}}]},
    "scopeSpans":[{"spans":[{"traceId":"01","spanId":"02","startTimeUnixNano":"1","endTimeUnixNano":"2"}]}]}]})",
                             "t.json", "o.yaml");
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0], "t.json: resourceSpans[0].scopeSpans[0].spans[0]: 'name' missing");
  const auto r2 = import_otel(R"({"resourceSpans":[{"scopeSpans":[]}]})", "t.json", "o.yaml");
  ASSERT_EQ(r2.problems.size(), 1u);
  EXPECT_EQ(r2.problems[0], "t.json: resourceSpans[0]: resource attribute 'service.name' missing");
  const auto r3 = import_otel(R"({"spans":[]})", "t.json", "o.yaml");
  ASSERT_EQ(r3.problems.size(), 1u);
  EXPECT_NE(r3.problems[0].find("neither OTLP/JSON"), std::string::npos);
  const auto r4 = import_otel(R"({"data":[{"processes":{"p1":{"serviceName":"a"}},"spans":[{"traceID":"1","spanID":"2","operationName":"x","processID":"p9","startTime":1,"duration":2}]}]})",
                              "t.json", "o.yaml");
  ASSERT_EQ(r4.problems.size(), 1u);
  EXPECT_EQ(r4.problems[0], "t.json: data[0].spans[0].processID: 'p9' is not in the trace's processes");
}

}  // namespace
}  // namespace msim::importers
