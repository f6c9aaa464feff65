import PricePropOutput

// MARK: - An equilibrium as CSV (written by the Output writers; nothing printed here)

extension Equilibrium {
    /// Column names of ``writeCSV(to:)``, the keys of a good in ``json``.
    public static let csvColumns = ["good", "price", "gradient", "relativeError", "supply", "demand", "status"]

    /// One row per good, in scenario order: its name, price, backprop `dV/dgood`, their relative difference,
    /// supply, demand and ``status(ofGood:)``. Numbers are written to round-trip; a fixed-price good's
    /// relative error is its number like any other (the status column says it is fixed), so every column but
    /// `good` and `status` is numeric.
    public func writeCSV(to out: inout some TextOutputStream) {
        let writer = CSVWriter()
        writer.write(header: Self.csvColumns, to: &out)
        for (g, row) in comparison.goods.enumerated() {
            writer.write(row: [.text(row.name), .number(row.price), .number(row.gradient), .number(row.relativeError),
                               .number(allocation.supply[g]), .number(demand[g]), .text(status(ofGood: g))], to: &out)
        }
    }
}
