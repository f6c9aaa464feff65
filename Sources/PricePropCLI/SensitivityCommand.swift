import PriceProp

/// `priceprop sensitivity FILE`: dV/dθ for every endowment, fixed price and parameter, from backprop and by
/// re-running the market.
struct SensitivityCommand: Command {
    static let configuration = CommandConfiguration(
        name: "sensitivity",
        abstract: "Compare dV/dθ from backprop with re-running the market at θ ± h, for every input and parameter.",
        discussion: """
            Runs the scenario to equilibrium and reads dV/dθ for every endowment, fixed price and parameter from \
            the reverse pass there (the envelope theorem: for an endowment it is the good's price). Then it \
            measures the same number by running the market afresh to equilibrium at θ + h and θ − h, \
            h = step · |θ| (step at θ = 0), and taking the central difference of V. The runs go in parallel on all cores. \
            The scenario's events are left out.
            Exit status: 0 every run converged and the two columns agree within --agree, 1 otherwise (standard \
            error says why each disagreeing path disagrees), 2 usage error, 3 invalid scenario, 4 a file could not \
            be read or written, 130/143 interrupted.
            """,
        options: [
            .option("path", value: "path", help: "Only this path, e.g. goods.natgas.endowment.", repeatable: true),
            .option("step", value: "h", help: "Relative step of the central difference.", default: "3e-4"),
            .option("tolerance", value: "t", help: "Convergence tolerance of every run (relative).", default: "1e-12"),
            .option("max-ticks", value: "n", help: "Tick limit of every run.", default: "100000"),
            .option("agree", value: "r", help: "Largest relative difference counted as agreement.", default: "1e-5"),
            ReportOptions.threads("Threads for the re-runs.", default: "all cores"),
            ReportOptions.csv("Write the sensitivities as CSV"),
            ReportOptions.json("Print the report as JSON instead of a table."),
            ReportOptions.quiet("Print nothing but errors, and no progress line."),
        ],
        positionals: [PositionalSpec("file", help: "Scenario file or bundled scenario name.")],
        examples: ["sensitivity tupperware", "sensitivity scenarios/ces.json --json",
                   "sensitivity ces --path parameters.rho --csv rho.csv"])

    var reporting: ReportOptions
    var paths: [String]
    var step: Double
    var tolerance: Double
    var maxTicks: Int
    var agree: Double

    init(parsing arguments: ParsedArguments) throws(UsageError) {
        reporting = try ReportOptions(parsing: arguments, command: Self.configuration.name)
        paths = arguments.strings("path")
        step = try arguments.double("step", default: SensitivityReport.Options.defaultRelativeStep, in: 1e-12...0.1)
        tolerance = try arguments.double("tolerance", default: SensitivityReport.Options.defaultTolerance,
                                         in: Double.leastNonzeroMagnitude...1)
        maxTicks = try arguments.int("max-ticks", default: Run.Options.defaultMaxTicks, in: 1...Int.max)
        agree = try arguments.double("agree", default: 1e-5, in: 0...1)
    }

    func run(io: inout CommandIO) -> Int32 {
        let (scenario, threads): (Scenario, Int)
        switch reporting.load(io: &io) {
        case let .success(loaded): (scenario, threads) = loaded
        case let .failure(status): return status.code
        }
        var chosen: [ParameterPath] = []
        for text in paths {
            do { chosen.append(try ParameterPath(parsing: text, in: scenario)) } catch {
                return io.report(UsageError(.other("--path \(error.description)"), command: Self.configuration.name))
            }
        }
        var runOptions = Run.Options(scenario: scenario)
        runOptions.tolerance = tolerance
        runOptions.maxTicks = maxTicks
        runOptions.record = false
        let options = SensitivityReport.Options(run: runOptions, relativeStep: step,
                                                paths: chosen.isEmpty ? nil : chosen, threads: threads)
        var status = ExitCode.success
        let measured: SensitivityReport
        switch measure(scenario, options: options, status: &status, io: &io) {
        case let .success(done): measured = done
        case let .failure(error):
            io.error("\(scenario.file ?? scenario.name): \(error)")
            return ExitCode.failure
        }
        if reporting.printsReport { printReport(measured, io: &io) }
        if Interruption.caught != nil {
            io.error("interrupted; \(measured.sensitivities.count) sensitivities finished")
            return status == ExitCode.fileIO ? status : Interruption.exitStatus
        }
        reportDisagreements(measured, io: &io)
        if !measured.converged { io.error("\(scenario.file ?? scenario.name): not every run converged") }
        return status
    }

    /// The sensitivities, measured until done or interrupted, and their CSV written; `status` says whether
    /// every run converged and agreed and whether the CSV was written.
    private func measure(_ scenario: Scenario, options: SensitivityReport.Options, status: inout Int32,
                         io: inout CommandIO) -> Result<SensitivityReport, RunSetupError> {
        Interruption.keepingResults { () -> Result<SensitivityReport, RunSetupError> in
            let progress = TerminalProgress.reporter(quiet: self.reporting.quiet)
            defer { TerminalProgress.finish(progress) }
            let report: SensitivityReport
            do throws(RunSetupError) {
                report = try SensitivityReport(scenario: scenario, options: options, progress: progress) {
                    Interruption.caught != nil
                }
            } catch {
                return .failure(error)
            }
            let agreeing = report.sensitivities.allSatisfy {
                $0.agrees(within: agree, scale: SensitivityReport.agreementFloor(report.value))
            }
            status = report.converged && agreeing ? ExitCode.success : ExitCode.failure
            // After a stop request the report holds only the paths whose runs both finished.
            if let csvPath = self.reporting.csvPath {
                var text = ""
                report.writeCSV(to: &text)
                if let failed = io.write(text, toPath: csvPath) { status = failed }
            }
            return .success(report)
        }
    }

    private func printReport(_ report: SensitivityReport, io: inout CommandIO) {
        if self.reporting.json {
            io.print(JSONWriter().string(report.json))
        } else {
            io.print(report.summary)
            io.print("")
            var text = ""
            report.table.write(to: &text)
            io.out.write(text)
        }
    }

    private func reportDisagreements(_ report: SensitivityReport, io: inout CommandIO) {
        let scale = SensitivityReport.agreementFloor(report.value)
        for s in report.sensitivities {
            guard let why = s.disagreement(within: agree, scale: scale, value: report.value, runTolerance: tolerance) else { continue }
            io.error("\(s.path): backprop \(NumberText.significant(s.backprop, digits: 10)) and measured \(NumberText.significant(s.measured, digits: 10)) differ by \(NumberText.significant(s.relativeError, digits: 3)), more than --agree \(NumberText.significant(agree, digits: 3)): \(why)")
        }
    }
}
