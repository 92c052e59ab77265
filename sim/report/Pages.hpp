#pragma once
/** @file
 *  @brief The page of each kind of results folder (docs/output-format.md, "msim report").
 */
#include <string>

#include <nlohmann/json.hpp>

#include "report/HtmlReport.hpp"
#include "report/ReportData.hpp"

namespace msim::report {

/** A run: `summary` is the run's own, or the mean of replications (then `charts_note` says the
 *  charts are rep-0's). */
Page run_page(const RunData& charts_run, const nlohmann::ordered_json& summary, const std::string& charts_note);
Page compare_page(const CompareData& data);
Page sweep_page(const SweepData& data);

}  // namespace msim::report
