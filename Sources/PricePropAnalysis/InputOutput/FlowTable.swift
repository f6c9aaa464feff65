import Foundation
import PricePropOutput
import PricePropBasics

/// A balanced industry-by-industry input-output table: what each industry buys from each other, its value
/// added and its sales to final demand, in money of the base year.
///
/// Balanced means every industry's output is both the sum of its column (inputs plus value added) and the
/// sum of its row (sales to industries plus final demand); ``InputOutputCalibration`` relies on it to make
/// every price 1 at the base year. `docs/input-output.md` says how the tables read are brought to this form.
public struct FlowTable: Sendable, Equatable {
    /// Industry names, in table order.
    public var industries: [String]
    /// `flows[i][j]`: what industry `j` buys from industry `i`; never negative.
    public var flows: [[Double]]
    /// Per industry, the primary input it uses: value added (and, from BEA tables, imported intermediates).
    public var valueAdded: [Double]
    /// Per industry, its sales to final users.
    public var finalDemand: [Double]

    public init(industries: [String], flows: [[Double]], valueAdded: [Double], finalDemand: [Double]) {
        self.industries = industries
        self.flows = flows
        self.valueAdded = valueAdded
        self.finalDemand = finalDemand
    }

    /// Gross output of industry `j`: its inputs plus its value added (its column sum).
    public func output(_ j: Int) -> Double {
        var total = valueAdded[j]
        for i in industries.indices { total += flows[i][j] }
        return total
    }

    /// GDP: the sum of final demand, which equals the sum of value added in a balanced table.
    public var gdp: Double { finalDemand.reduce(0, +) }
}

/// Why a table could not be read or calibrated; `message` names the file, the row or column and what was
/// expected.
public struct InputOutputError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var message: String
    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }
    public var description: String { "\(file): \(message)" }
}

extension FlowTable {
    /// A cell of a table as a number: BEA's `---` (suppressed or empty) and an empty cell are 0.
    static func cell(_ text: String, file: String, row: String, column: String) throws(InputOutputError) -> Double {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed == "---" { return 0 }
        guard let value = Double(trimmed), value.isFinite else {
            throw InputOutputError(file: file, "row '\(row)', column '\(column)': expected a number or '---', found '\(text)'")
        }
        return value
    }

    /// Reads a plain square table: a header `Name, industry 1, ..., industry n`, then one row per industry
    /// (in the header's order) of what it sells to each, then a `value added` row and a `final demand` row.
    /// Output is the column sum; the rows must balance (sales plus final demand equal output, to 1e-9).
    public static func square(_ table: CSVTable, file: String) throws(InputOutputError) -> FlowTable {
        let industries = Array(table.header.dropFirst())
        let n = industries.count
        guard n > 0 else { throw InputOutputError(file: file, "header: expected 'Name' and at least one industry") }
        func row(_ name: String) throws(InputOutputError) -> [Double] {
            guard let found = table.rows.first(where: { $0.first?.lowercased() == name }) else {
                throw InputOutputError(file: file, "expected a row named '\(name)'")
            }
            return try numbers(found, n: n, file: file, header: industries)
        }
        var flows: [[Double]] = []
        for (i, name) in industries.enumerated() {
            guard i < table.rows.count, table.rows[i].first == name else {
                throw InputOutputError(file: file, "row \(i + 2): expected industry '\(name)', in the header's order")
            }
            flows.append(try numbers(table.rows[i], n: n, file: file, header: industries))
        }
        let result = FlowTable(industries: industries, flows: flows, valueAdded: try row("value added"),
                               finalDemand: try row("final demand"))
        try result.checkBalance(file: file)
        return result
    }

    private static func numbers(_ row: [String], n: Int, file: String, header: [String]) throws(InputOutputError) -> [Double] {
        let name = row.first ?? ""
        guard row.count >= n + 1 else { throw InputOutputError(file: file, "row '\(name)': expected \(n) numbers, found \(row.count - 1)") }
        var values: [Double] = []
        for j in 0..<n {
            let value = try cell(row[j + 1], file: file, row: name, column: header[j])
            guard value >= 0 else { throw InputOutputError(file: file, "row '\(name)', column '\(header[j])': expected a number ≥ 0, found \(row[j + 1])") }
            values.append(value)
        }
        return values
    }

    /// Throws unless each industry's row (sales plus final demand) equals its output to 1e-9, and every
    /// output, value added and final demand is positive (a log utility and a Cobb-Douglas share need them).
    func checkBalance(file: String) throws(InputOutputError) {
        for (i, name) in industries.enumerated() {
            let output = output(i), sales = flows[i].reduce(0, +) + finalDemand[i]
            guard abs(sales - output) <= 1e-9 * max(abs(output), 1) else {
                throw InputOutputError(file: file, "industry '\(name)': sales plus final demand \(NumberText.significant(sales, digits: 12)) differ from output \(NumberText.significant(output, digits: 12)) (inputs plus value added); the table must balance")
            }
            guard valueAdded[i] > 0 else { throw InputOutputError(file: file, "industry '\(name)': expected value added > 0, found \(NumberText.significant(valueAdded[i], digits: 12))") }
            guard finalDemand[i] > 0 else { throw InputOutputError(file: file, "industry '\(name)': expected final demand > 0, found \(NumberText.significant(finalDemand[i], digits: 12))") }
        }
    }
}
