import PricePropOutput
extension SweepTable {
    /// `{"columns": [...], "points": [{"point": 0, "goods.natgas.endowment": 1, ..., "converged": true}]}`: one
    /// object per row keyed by column, `point` and `ticks` as integers, `converged` as a boolean and numbers that
    /// are not finite as `null`.
    public var json: JSONOutput {
        .object([
            .init("columns", .array(columns.map { .string($0) })),
            .init("points", .array(rows.map { row in
                .object(zip(columns, row).map { name, value in
                    if name == "converged" { return .init(name, value.isFinite ? .bool(value == 1) : .null) }
                    return .init(name, value.isFinite ? .number(value) : .null)
                })
            })),
        ])
    }
}
