import PriceProp

extension RunCommand {
    /// Runs to the end, streaming the series to the CSV and the plot, and writes the figure and the page;
    /// `status` becomes the run's exit status, or that of an output that failed. The page's direct solve is
    /// handed back, so the report printed after it need not solve again. `scenario` is needed only with a
    /// report page.
    func execute(_ run: inout Run, scenario: Scenario?, series: TimeSeriesOutput?, status: inout Int32,
                 io: inout CommandIO) -> (report: Run.Report, groundTruth: GroundTruthCheck?) {
        var series = series
        // The run's own schema always satisfies the plot.
        var plot = plotPath == nil && reportPath == nil ? nil : try? RunPlot(schema: run.schema)
        let shockTicks = run.shocks.map(\.tick)
        var groundTruth: GroundTruthCheck?
        let report = Interruption.keepingResults { () -> Run.Report in
            let progress = TerminalProgress.reporter(quiet: quiet)
            let outputFailed = { [io] in io.outputFailed }
            let report = run.execute(progress: progress, deliver: { rows in
                series?.append(rows)
                plot?.append(rows)
            }, shouldStop: { Interruption.caught != nil || outputFailed() })
            TerminalProgress.finish(progress)
            status = report.converged ? ExitCode.success : ExitCode.failure
            if let failed = series?.finish(io: &io) { status = failed }
            let figure = plot?.figure(title: report.scenario, shockTicks: shockTicks.filter { $0 <= report.ticks })
            if let plotPath, let figure, let failed = io.write(figure.svg, toPath: plotPath) { status = failed }
            if let reportPath, let scenario {
                let solved = GroundTruthCheck(run.simulation)
                groundTruth = solved
                let page = RunReportPage(scenario: scenario, run: run, report: report, convergence: figure,
                                         groundTruth: solved)
                if let failed = io.write(page.html, toPath: reportPath) { status = failed }
            }
            return report
        }
        return (report, groundTruth)
    }

    /// The summary, the comparison table (summarised for a large network unless `--all`), `V`, the distance
    /// to the direct solution and, with shocks, the equilibrium of each segment.
    func printReport(_ report: Run.Report, economy: Economy, groundTruth: GroundTruthCheck, to human: inout CommandIO) {
        human.print(report.summary)
        human.print("")
        var text = ""
        if all || economy.goodCount <= Run.Report.summaryGoods {
            report.table(economy: economy).write(to: &text)
        } else {
            // A large network's full table is hundreds of thousands of lines: the counts, the first goods and
            // the largest errors say what matters.
            let (first, largest, fullRows) = report.summaryTables(economy: economy)
            text += "\(counted(economy.goodCount, "good", "goods")), \(counted(economy.firmCount, "firm", "firms")); the first \(first.rows.count) goods:\n\n"
            first.write(to: &text)
            text += "\nthe \(largest.rows.count) largest relative errors:\n\n"
            largest.write(to: &text)
            text += "\n(\(fullRows) rows in full: --all prints them, --json or --csv gives them to a program)\n"
        }
        human.out.write(text)
        human.print("")
        human.print("V = \(NumberText.significant(report.comparison.value, digits: 10)) (net value traded at fixed prices)")
        if let distance = groundTruth.distance {
            human.print("largest relative distance to the direct solution ('priceprop solve'): \(NumberText.significant(distance, digits: 3))")
        } else if let reason = groundTruth.reason {
            human.print("distance to the direct solution not computed: \(reason)")
        }
        if report.segments.count > 1 {
            human.print("")
            human.print("Equilibrium between shocks:")
            text = ""
            report.segmentTable.write(to: &text)
            human.out.write(text)
        }
    }
}
