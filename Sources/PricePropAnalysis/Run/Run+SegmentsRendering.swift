import PricePropBasics
import PricePropOutput

extension Run.Report {
    /// One row per segment between shocks: where it starts, what the shock set, when the market settled,
    /// whether the equilibrium matched the derivatives, the largest error and `V` at its end.
    public var segmentTable: TextTable {
        var table = TextTable(header: ["ticks", "shock", "settled at", "converged", "largest error", "V"],
                              significantDigits: 10)
        for segment in segments {
            let shock = segment.shock.map { $0.assignments.map(\.description).joined(separator: ", ") } ?? "start"
            table.append([.text("\(segment.startTick)–\(segment.endTick)"), .text(shock),
                          segment.settledTick.map { .integer($0) } ?? .text("never"),
                          .text(segment.converged ? "yes" : "no"),
                          .text(NumberText.significant(segment.largestRelativeError, digits: 3)),
                          .number(segment.comparison.value)])
        }
        return table
    }

    /// The segments as JSON: `[{"startTick", "endTick", "shock": {path: value} or null, "settledTick",
    /// "converged", "largestRelativeError", "value", "prices": {good: price}}]`.
    public var segmentsJSON: JSONOutput {
        .array(segments.map { segment in
            .object([
                .init("startTick", .number(Double(segment.startTick))),
                .init("endTick", .number(Double(segment.endTick))),
                .init("shock", segment.shock.map { shock in
                    .object(shock.assignments.map { .init($0.path.description, .number($0.value)) })
                } ?? .null),
                .init("settledTick", segment.settledTick.map { .number(Double($0)) } ?? .null),
                .init("converged", .bool(segment.converged)),
                .init("largestRelativeError", .number(segment.largestRelativeError)),
                .init("value", .number(segment.comparison.value)),
                .init("prices", .object(segment.comparison.goods.map { .init($0.name, .number($0.price)) })),
            ])
        })
    }
}
