import Foundation
import PricePropBasics
import PricePropComparator
import PricePropEconomy
import PricePropOutput

extension Run.Outcome {
    /// A short phrase: `converged`, `tick limit`, `diverged`, `interrupted`.
    public var label: String {
        switch self {
        case .converged: return "converged"
        case .tickLimit: return "tick limit"
        case .diverged: return "diverged"
        case .interrupted: return "interrupted"
        }
    }
}

extension Run.Report {
    /// One line saying how the run ended, e.g. `converged after 441 ticks (tolerance 1e-10)`.
    public var summary: String {
        let tol = NumberText.significant(tolerance, digits: 3)
        switch outcome {
        case .converged:
            return "\(scenario): converged after \(ticks) ticks (tolerance \(tol))"
        case .tickLimit:
            // Before the first tick nothing has moved yet: there is no movement to quote.
            let moved = movement.largest.isFinite
                ? "largest movement \(NumberText.significant(movement.largest, digits: 3))" : "no tick run"
            return "\(scenario): not converged after \(ticks) ticks (\(moved), largest price error \(NumberText.significant(comparison.largestRelativeError, digits: 3)), tolerance \(tol))"
        case let .diverged(fault):
            return "\(scenario): diverged: \(fault.message); state shown is tick \(ticks)"
        case .interrupted:
            return "\(scenario): interrupted at tick \(ticks)"
        }
    }

    /// The comparison table: each good's role, market price, backprop derivative, relative error and KKT
    /// status, with a line per use for goods several firm entries use.
    public func table(economy: Economy) -> TextTable {
        var table = TextTable(header: ["good", "role", "market price", "gradient", "relative error", "status"],
                              significantDigits: 10)
        for (g, row) in comparison.goods.enumerated() {
            table.append([.text(row.name), .text(economy.roleName(of: g)), .number(row.price), .number(row.gradient),
                          .number(Self.threeDigits(row.relativeError)), .text(row.status.rawValue)])
            for use in row.uses {
                table.append([.text("  used by \(use.firm)"), .empty, .empty, .number(use.marginalValue),
                              .number(Self.threeDigits(use.relativeError)), .text(use.status.rawValue)])
            }
        }
        return table
    }

    /// `x` rounded to three significant digits, so error columns read at a glance.
    static func threeDigits(_ x: Double) -> Double {
        guard x.isFinite, x != 0 else { return x }
        let scale = pow(10, 2 - floor(log10(abs(x))))
        return (x * scale).rounded() / scale
    }

    /// The report as JSON: `{"scenario", "converged", "outcome", "ticks", "tolerance", "value",
    /// "largestRelativeError", "fault" (if diverged), "unsustainableCycle" (a cycle whose gain reached 1 at the
    /// state shown: ``Comparison/unsustainableCycleJSON``), "goods": [...], "solveDistance", "segments" (with shocks)}`;
    /// each good has `name`, `price`, `gradient`, `relativeError`, `status` and, where several entries use it,
    /// `uses` (each with its own `status`). `solveDistance` is the largest relative distance to the direct
    /// solution (``GroundTruthCheck/distance``), `null` when not computed; `segments` is ``segmentsJSON``,
    /// present when the run had shocks.
    public func json(solveDistance: Double?) -> JSONOutput {
        var members: [JSONOutput.Member] = [
            .init("scenario", .string(scenario)),
            .init("converged", .bool(converged)),
            .init("outcome", .string(outcome.label)),
            .init("ticks", .number(Double(ticks))),
            .init("tolerance", .number(tolerance)),
            .init("value", .number(comparison.value)),
            .init("largestRelativeError", .number(comparison.largestRelativeError)),
        ]
        if case let .diverged(fault) = outcome { members.append(.init("fault", .string(fault.message))) }
        if let cycle = comparison.unsustainableCycleJSON { members.append(.init("unsustainableCycle", cycle)) }
        members.append(.init("goods", .array(comparison.goods.map { row in
            var good: [JSONOutput.Member] = [
                .init("name", .string(row.name)), .init("price", .number(row.price)),
                .init("gradient", .number(row.gradient)), .init("relativeError", .number(row.relativeError)),
                .init("status", .string(row.status.rawValue)),
            ]
            if !row.uses.isEmpty {
                good.append(.init("uses", .array(row.uses.map { use in
                    .object([.init("firm", .string(use.firm)), .init("marginalValue", .number(use.marginalValue)),
                             .init("relativeError", .number(use.relativeError)),
                             .init("status", .string(use.status.rawValue))])
                })))
            }
            return .object(good)
        })))
        members.append(.init("solveDistance", .number(solveDistance)))
        if segments.count > 1 { members.append(.init("segments", segmentsJSON)) }
        return .object(members)
    }
}
