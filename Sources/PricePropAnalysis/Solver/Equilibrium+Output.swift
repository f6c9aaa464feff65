import PricePropBasics
import PricePropOutput

// MARK: - Tables and JSON of an equilibrium (written by the Output writers; nothing printed here)

extension Equilibrium {
    /// How good `g`'s market ended, in a run's words (``Comparison/Status``): `interior` (supply all used at a
    /// positive price, equal to the good's adjoint), `free` (left over at price exactly 0), `unused` (no
    /// supply at all) or `fixed` (traded outside at its fixed price).
    public func status(ofGood g: Int) -> String {
        comparison.goodStatus[g].rawValue
    }

    /// Per good: price, backprop gradient, their relative difference, supply, demand and ``status(ofGood:)``.
    public var goodsTable: TextTable {
        var table = TextTable(header: ["good", "price", "gradient", "rel. error", "supply", "demand", "status"], significantDigits: 10)
        for (g, row) in comparison.goods.enumerated() {
            table.append([.text(row.name), .number(row.price), .number(row.gradient),
                          row.isMarketPriced ? .number(row.relativeError) : .text("fixed"),
                          .number(allocation.supply[g]), .number(demand[g]), .text(status(ofGood: g))])
        }
        return table
    }

    /// Per firm entry: how many firms, what each buys of each input and what each makes.
    public var allocationTable: TextTable {
        var table = TextTable(header: ["firm", "count", "buys (each)", "makes (each)"], significantDigits: 10)
        for entry in entries {
            let buys = zip(entry.inputs, entry.quantities)
                .map { "\($0.0) \(NumberText.significant($0.1, digits: table.significantDigits))" }
            table.append([.text(entry.name), .integer(entry.count), .text(buys.joined(separator: ", ")),
                          .text("\(entry.output) \(NumberText.significant(entry.production, digits: table.significantDigits))")])
        }
        return table
    }

    /// The cycle that cannot sustain itself at the last iterate (``Comparison/unsustainableCycle``), as a
    /// clause: `at the last iterate the cycle steel -> machines -> steel returns 3.41 of each unit it takes, so
    /// there is no steady state with positive net output`; nil when there is none.
    public var unsustainableCycleMessage: String? { comparison.unsustainableCycleClause(at: "the last iterate") }

    /// `converged`, `iterations`, `residual`, `value`, `unsustainableCycle` (when there is one:
    /// ``Comparison/unsustainableCycleJSON``), then `goods[]` (`name`, `price`, `gradient`,
    /// `relativeError`, `supply`, `demand`, `marketPriced`, `status`) and `firms[]` (`name`, `count`, `output`,
    /// `inputs` by good, `production`), the shape of a run's JSON with the solver's own fields.
    public var json: JSONOutput {
        let goods: [JSONOutput] = comparison.goods.enumerated().map { g, row in
            [
                "name": .string(row.name),
                "price": .number(row.price),
                "gradient": .number(row.gradient),
                "relativeError": .number(row.relativeError),
                "supply": .number(allocation.supply[g]),
                "demand": .number(demand[g]),
                "marketPriced": .bool(row.isMarketPriced),
                "status": .string(status(ofGood: g)),
            ]
        }
        let firms: [JSONOutput] = entries.map { entry in
            [
                "name": .string(entry.name),
                "count": .number(Double(entry.count)),
                "output": .string(entry.output),
                "inputs": .object(zip(entry.inputs, entry.quantities).map { JSONOutput.Member($0.0, .number($0.1)) }),
                "production": .number(entry.production),
            ]
        }
        let report: JSONOutput = [
            "scenario": .string(scenario),
            "converged": .bool(converged),
            "iterations": .number(Double(iterations)),
            "residual": .number(residual),
            "tolerance": .number(tolerance),
            "value": .number(value),
            "goods": .array(goods),
            "firms": .array(firms),
        ]
        // A cycle that cannot sustain itself at the last iterate goes before the goods, as in a run's JSON.
        guard let cycle = comparison.unsustainableCycleJSON, case var .object(members) = report else { return report }
        members.insert(.init("unsustainableCycle", cycle), at: 6)
        return .object(members)
    }
}
