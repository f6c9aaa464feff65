import PricePropBasics
import PricePropOutput

extension SensitivityReport {
    /// The two columns side by side: `path`, `θ`, `backprop dV/dθ`, `measured dV/dθ`, `relative error`.
    public var table: TextTable {
        var table = TextTable(header: ["path", "value", "backprop dV/dθ", "measured dV/dθ", "relative error"],
                              significantDigits: 10)
        for s in sensitivities {
            table.append([.text(s.path.description), .number(s.value), .number(s.backprop), .number(s.measured),
                          .text(NumberText.significant(s.relativeError, digits: 3))])
        }
        return table
    }

    /// One line: `tupperware: V = -0.4054651081 at equilibrium after 441 ticks; 2 sensitivities, largest
    /// relative difference 5.09e-09`.
    public var summary: String {
        let status = equilibrium.converged ? "at equilibrium after \(equilibrium.ticks) ticks"
            : "NOT converged (\(equilibrium.outcome.label) after \(equilibrium.ticks) ticks)"
        var line = "\(scenario): V = \(NumberText.significant(value, digits: 10)) \(status); "
            + "\(sensitivities.count) sensitivities, largest relative difference "
            + NumberText.significant(largestRelativeError, digits: 3)
        let unconverged = sensitivities.filter { !$0.converged }.count
        if unconverged > 0 { line += "; \(unconverged) measured by runs that did not converge" }
        return line
    }

    /// `{"scenario": ..., "converged": ..., "value": V, "sensitivities": [{"path", "value", "backprop",
    /// "measured", "step", "relativeError", "converged", "difference"}]}`.
    public var json: JSONOutput {
        .object([
            .init("scenario", .string(scenario)),
            .init("converged", .bool(converged)),
            .init("value", .number(value)),
            .init("sensitivities", .array(sensitivities.map { s in
                .object([
                    .init("path", .string(s.path.description)), .init("value", .number(s.value)),
                    .init("backprop", .number(s.backprop)), .init("measured", .number(s.measured)),
                    .init("step", .number(s.step)), .init("relativeError", .number(s.relativeError)),
                    .init("converged", .bool(s.converged)), .init("difference", .string(s.difference.rawValue)),
                ])
            })),
        ])
    }

    /// CSV with columns `path,value,backprop,measured,step,relativeError,converged`, numbers round-trip exact.
    public func writeCSV(to out: inout some TextOutputStream) {
        let writer = CSVWriter()
        writer.write(header: ["path", "value", "backprop", "measured", "step", "relativeError", "converged"], to: &out)
        for s in sensitivities {
            writer.write(row: [.text(s.path.description), .number(s.value), .number(s.backprop), .number(s.measured),
                               .number(s.step), .number(s.relativeError), .integer(s.converged ? 1 : 0)], to: &out)
        }
    }
}
