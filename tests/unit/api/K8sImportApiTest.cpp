// The article's system imported from its Kubernetes manifests gives the same results as the
// hand-written scenario (scenarios/article/two-services.yaml), with the same seed.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

#include <gtest/gtest.h>
#include <msim/Experiments.hpp>
#include <msim/Import.hpp>
#include <nlohmann/json.hpp>

namespace {

const std::filesystem::path kArticle = std::filesystem::path(MSIM_SOURCE_DIR) / "scenarios/article";

std::string without_comments(const std::string& text) {
  std::istringstream in(text);
  std::string line, out;
  while (std::getline(in, line))
    if (line.rfind('#', 0) != 0) out += line + "\n";
  return out;
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

nlohmann::ordered_json run(const std::filesystem::path& scenario, const std::filesystem::path& out) {
  msim::api::SessionOptions options;
  options.out_dir = out;
  const auto result = msim::api::run_batch(scenario.string(), options, {});
  EXPECT_TRUE(result.problems.empty()) << result.problems.front();
  return nlohmann::ordered_json::parse(result.summary.document);  // compared subtree by subtree
}

TEST(K8sImport, ArticleManifestsGiveTheSameResultsAsTheHandWrittenScenario) {
  const auto work = std::filesystem::temp_directory_path() / ("msim-k8s-import-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(work);
  std::filesystem::create_directories(work);
  const auto imported_path = work / "imported.yaml";
  const auto imported = msim::api::import_scenario("k8s", {(kArticle / "two-services-k8s/two-services.k8s.yaml").string()},
                                                     {{"profile", (kArticle / "two-services-k8s/two-services.profile.yaml").string()}}, imported_path.string());
  ASSERT_TRUE(imported.problems.empty()) << imported.problems.front();
  msim::api::write_text_file(imported_path, imported.yaml);

  const auto hand = run(kArticle / "two-services.yaml", work / "hand");
  const auto from_k8s = run(imported_path, work / "imported");
  ASSERT_GT(hand["requests"]["all"]["completed"].get<double>(), 60000.0);
  EXPECT_EQ(hand["requests"], from_k8s["requests"]);
  EXPECT_EQ(hand["services"], from_k8s["services"]);
  EXPECT_EQ(hand["cost"], from_k8s["cost"]);
  EXPECT_EQ(read(work / "hand/timeseries.csv"), read(work / "imported/timeseries.csv"));
  std::filesystem::remove_all(work);
}

// Every imported scenario in scenarios/article/ is what the importer writes today.
TEST(K8sImport, CommittedImportsAreCurrent) {
  for (const std::string name : {"two-services-k8s", "two-services-hpa"}) {
    const auto folder = kArticle / name;
    const std::string stem = name == "two-services-k8s" ? "two-services" : name;
    const auto imported = msim::api::import_scenario("k8s", {(folder / (stem + ".k8s.yaml")).string()},
                                                       {{"profile", (folder / (stem + ".profile.yaml")).string()}}, (folder / "scenario.yaml").string());
    ASSERT_TRUE(imported.problems.empty()) << imported.problems.front();
    EXPECT_EQ(without_comments(imported.yaml), without_comments(read(folder / "scenario.yaml")))
        << "regenerate scenarios/article/" << name << "/scenario.yaml with msim import k8s (see scenarios/article/README.md)";
  }
}

TEST(K8sImport, BadInputComesBackAsProblems) {
  const auto result = msim::api::import_scenario("k8s", {"/nonexistent.yaml"}, {}, "out.yaml");
  ASSERT_EQ(result.problems.size(), 1u);
  EXPECT_TRUE(result.yaml.empty());
  EXPECT_EQ(result.remark, "no profile: the defaults noted above were used");
}

// The importers registry: what the CLI builds `msim import` from, and what it refuses.
TEST(Importers, RegistryNamesEveryImporterWithItsInputsAndOptions) {
  std::vector<std::string> names;
  for (const auto& i : msim::api::importers()) {
    names.push_back(i.name);
    EXPECT_FALSE(i.help.empty()) << i.name;
    EXPECT_FALSE(i.inputs_name.empty()) << i.name;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"k8s", "alibaba", "otel"}));
  for (const auto& i : msim::api::importers())  // msim import adds -o/--output and --help to every importer
    for (const auto& o : i.options) EXPECT_TRUE(o.name != "o" && o.name != "output" && o.name != "help" && o.name != "h") << i.name << " --" << o.name;
  EXPECT_TRUE(msim::api::importers().front().many_inputs);
  ASSERT_EQ(msim::api::importers().back().options.size(), 1u);
  EXPECT_EQ(msim::api::importers().back().options[0].name, "sample");
  EXPECT_EQ(msim::api::importers().back().options[0].fallback, "1");
}

TEST(Importers, UnknownImporterOptionOrInputCountIsAProblemNamingWhatIsValid) {
  const auto unknown = msim::api::import_scenario("csv", {"a.csv"}, {}, "out.yaml");
  ASSERT_EQ(unknown.problems.size(), 1u);
  EXPECT_NE(unknown.problems[0].find("valid: k8s, alibaba, otel"), std::string::npos) << unknown.problems[0];

  const auto option = msim::api::import_scenario("k8s", {"a.yaml"}, {{"sampel", "1"}}, "out.yaml");
  ASSERT_EQ(option.problems.size(), 1u);
  EXPECT_NE(option.problems[0].find("no option --sampel (valid: --profile)"), std::string::npos) << option.problems[0];

  const auto two = msim::api::import_scenario("otel", {"a.json", "b.json"}, {}, "out.yaml");
  ASSERT_EQ(two.problems.size(), 1u);
  EXPECT_NE(two.problems[0].find("exactly one TRACES (given 2)"), std::string::npos) << two.problems[0];

  for (const std::string bad : {"0", "1.5", "abc", "0.5x", ""}) {
    const auto sample = msim::api::import_scenario("otel", {"a.json"}, {{"sample", bad}}, "out.yaml");
    ASSERT_EQ(sample.problems.size(), 1u) << bad;
    EXPECT_NE(sample.problems[0].find("--sample '" + bad + "'"), std::string::npos) << sample.problems[0];
  }
}

}  // namespace
